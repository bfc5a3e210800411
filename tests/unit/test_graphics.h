/* test_graphics.h - shared by the tests that draw with cairo and pango.
 *
 * fontconfig builds a process-wide font cache on first use and frees it only
 * in FcFini(), which pango never calls; LeakSanitizer reports that cache at
 * exit. It is allocated once (the same bytes after one document or a hundred,
 * checked when this was written), so it is suppressed here rather than
 * hidden in scripts/run-unit.sh for every test. */
#ifndef MESO_TEST_GRAPHICS_H
#define MESO_TEST_GRAPHICS_H

const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";
}

#endif
