/* Unit tests for io/pdfdoc: a multi-page document with every kind of block,
 * checked with poppler's pdftotext and pdfinfo (text, Unicode names, hostile
 * text shown literally, page count, page numbers, repeated table headers,
 * metadata, body size), output to memory, and sticky errors. */
#include "testutil.h"
#include "test_graphics.h"

#include <math.h>
#include <stdarg.h>

#include "core/buf.h"
#include "core/mem.h"
#include "io/canvas.h"
#include "io/pdfdoc.h"

#define HOSTILE "<script>alert(1)</script>&\"' stays as text"
#define N_ROWS  45

/* Run a shell command and return its standard output (malloc'd); fails the
 * test if it does not exit with 0. Paths come from mkdtemp, so they need no
 * quoting beyond the single quotes used here. */
static char *run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *run(const char *fmt, ...)
{
    char cmd[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    FILE *p = popen(cmd, "r"); /* lint:allow test only */
    if (!p)
        fail_msg("popen %s", cmd);
    size_t cap = 1 << 16, len = 0;
    char *out = malloc(cap);
    size_t n;
    while ((n = fread(out + len, 1, cap - len - 1, p)) > 0) {
        len += n;
        if (cap - len < 2) {
            cap *= 2;
            out = realloc(out, cap);
        }
    }
    out[len] = '\0';
    int st = pclose(p);
    if (st != 0)
        fail_msg("%s exited with %d", cmd, st);
    return out;
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

/* "Pages: N" from pdfinfo's output, or -1. */
static int info_pages(const char *info)
{
    const char *p = strstr(info, "\nPages:");
    int n = -1;
    if (!p || sscanf(p, "\nPages: %d", &n) != 1)
        return -1;
    return n;
}

static void contains(const char *text, const char *want)
{
    if (!strstr(text, want))
        fail_msg("expected \"%s\" in:\n%s", want, text);
}

/* A small picture: two hatched bands with labels. */
static int draw_bands(struct canvas *c, void *ctx)
{
    const char *label = ctx;
    canvas_group_begin(c, "Bands", NULL);
    canvas_rect(c, 0, 0, 400, 60,
                &(struct canvas_style){ .fill = CANVAS_TINT_GREEN, .stroke = CANVAS_GREY_DARK });
    canvas_rect(c, 0, 60, 400, 60,
                &(struct canvas_style){ .fill = CANVAS_TINT_ORANGE,
                                        .hatch = CANVAS_HATCH_DIAG,
                                        .stroke = CANVAS_GREY_DARK });
    canvas_text(c, 10, 30, "Close to average",
                &(struct canvas_font){ .size = 12, .valign = CANVAS_CAP_MIDDLE });
    canvas_text(
        c, 10, 90, label,
        &(struct canvas_font){ .size = 12, .valign = CANVAS_CAP_MIDDLE, .halo = CANVAS_WHITE });
    canvas_group_end(c);
    return 0;
}

static int draw_fails(struct canvas *c, void *ctx)
{
    (void)c;
    (void)ctx;
    return ERR_NOTFOUND;
}

static struct pdfdoc *build(void)
{
    struct pdfdoc *d;
    struct err e;
    struct pdfdoc_opts o = {
        .author = "Meadowbank Primary School",
        .header = "Meadowbank Primary School",
        .footer = "Private: for Zoë's family",
        .body_size = 8, /* raised to 12 */
    };
    if (pdfdoc_new(&d, &o, &e))
        fail_msg("pdfdoc_new: %s", e.msg);
    assert_int_equal(pdfdoc_title(d, "Our conversation about Zoë"), 0);
    pdfdoc_kv(d, "Date", "3 March 2025");
    pdfdoc_kv(d, "With", "Łukasz Nowak and Ayşe Yılmaz");
    pdfdoc_heading(d, 1, "What we talked about");
    pdfdoc_para(d, HOSTILE);
    pdfdoc_para(d, "Please call the school office if anything changes; that is fine at any "
                   "time, and you can ask for a translated copy of this letter.");
    assert_int_equal(pdfdoc_para_markup(d, "We agreed that <b>%s</b> will check in with %s.",
                                        "Mrs <i>O'Brien</i> & co", "Zoë"),
                     0);
    pdfdoc_bullet(d, "A quiet space at lunchtime");
    pdfdoc_bullet_markup(d, "A <b>daily</b> check-in with %s", "Ayşe");
    pdfdoc_bullet(d, "A call home on Fridays");
    pdfdoc_heading(d, 2, "How things are going");
    assert_int_equal(pdfdoc_picture(d, 400, 120, draw_bands, "Slightly raised <b>",
                                    "The shaded bands show where scores usually fall."),
                     0);
    pdfdoc_heading(d, 2, "Support this term");
    const char *hdr[] = { "Support", "Who", "How often" };
    double w[] = { 3, 2, 1.5 };
    assert_int_equal(pdfdoc_table(d, 3, hdr, w), 0);
    for (int i = 1; i <= N_ROWS; i++) {
        char a[64], b[64];
        snprintf(a, sizeof a, "Support item %02d", i);
        snprintf(b, sizeof b, "%s", i % 2 ? "Łukasz" : "Ayşe");
        const char *row[] = { a, b, i % 3 ? "Weekly" : NULL };
        assert_int_equal(pdfdoc_row(d, row), 0);
    }
    pdfdoc_space(d, 20);
    pdfdoc_page_break(d);
    pdfdoc_heading(d, 3, "Next steps");
    assert_int_equal(pdfdoc_para(d, "We will meet again in six weeks."), 0);
    return d;
}

static void multi_page_document(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char path[600];
    snprintf(path, sizeof path, "%s/summary.pdf", dir);
    struct pdfdoc *d = build();
    struct err e;
    if (pdfdoc_write_file(d, path, &e))
        fail_msg("pdfdoc_write_file: %s", e.msg);
    int pages = pdfdoc_pages(d);
    assert_true(pages >= 3);

    char *info = run("pdfinfo '%s'", path);
    assert_int_equal(info_pages(info), pages);
    contains(info, "Our conversation about Zoë\n");
    contains(info, "Meadowbank Primary School\n");
    assert_non_null(strstr(info, "Creator:") && strstr(info, " meso\n"));
    contains(info, "595.276 x 841.89 pts (A4)");
    free(info);

    char *text = run("pdftotext -enc UTF-8 '%s' -", path);
    contains(text, "Our conversation about Zoë");
    contains(text, "Łukasz Nowak and Ayşe Yılmaz");
    contains(text, HOSTILE);
    contains(text, "school office");
    contains(text, "that is fine");
    contains(text, "We agreed that Mrs <i>O'Brien</i> & co will check in with Zoë.");
    contains(text, "A daily check-in with Ayşe");
    contains(text, "A quiet space at lunchtime");
    contains(text, "Support item 01");
    contains(text, "Support item 45");
    /* Text inside the picture stays text (and plain). */
    contains(text, "Close to average");
    contains(text, "Slightly raised <b>");
    contains(text, "The shaded bands show where scores usually fall.");
    /* Header and footer on every page; the table header repeats. */
    assert_int_equal(count(text, "Meadowbank Primary School"), pages);
    assert_int_equal(count(text, "Private: for Zoë's family"), pages);
    assert_true(count(text, "How often") >= 2);
    for (int p = 1; p <= pages; p++) {
        char num[64];
        snprintf(num, sizeof num, "Page %d of %d", p, pages);
        assert_int_equal(count(text, num), 1);
    }
    free(text);

    /* The page break put "Next steps" alone on the last page. */
    text = run("pdftotext -enc UTF-8 -f %d -l %d '%s' -", pages, pages, path);
    contains(text, "Next steps");
    contains(text, "We will meet again in six weeks.");
    assert_null(strstr(text, "Support item"));
    free(text);

    /* Body text is at least 12 pt although 8 was asked for: a word's box is
     * about 1.16 times the font size high in DejaVu Sans. */
    text = run("pdftotext -bbox -f 1 -l 1 '%s' - | grep '>lunchtime<'", path);
    double x0, y0, x1, y1;
    const char *w = strstr(text, "xMin=");
    assert_non_null(w);
    assert_int_equal(
        sscanf(w, "xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\"", &x0, &y0, &x1, &y1), 4);
    if (y1 - y0 < 12 * 1.1 || y1 - y0 > 12 * 1.3)
        fail_msg("body text box is %.1f pt high", y1 - y0);
    /* The bullet item is indented from the 72 pt margin. */
    assert_true(x0 > 72 + 15);
    free(text);

    pdfdoc_free(d);
    test_rmdir(dir);
}

static void write_to_memory(void **state)
{
    (void)state;
    struct pdfdoc *d = build();
    struct buf b;
    buf_init(&b, 8 << 20);
    struct err e;
    if (pdfdoc_write_buf(d, &b, &e))
        fail_msg("pdfdoc_write_buf: %s", e.msg);
    assert_true(b.len > 1000);
    assert_memory_equal(b.data, "%PDF-", 5);
    assert_non_null(strstr(b.data + b.len - 8, "%%EOF"));
    int pages = pdfdoc_pages(d);
    assert_true(pages >= 3);
    /* Writing again gives the same document again. */
    size_t first = b.len;
    assert_int_equal(pdfdoc_write_buf(d, &b, &e), 0);
    assert_true(b.len > first);
    assert_int_equal(pdfdoc_pages(d), pages);
    buf_release(&b);

    /* A buffer too small: ERR_LIMIT, and the buffer as it was. */
    buf_init(&b, 4000);
    assert_int_equal(buf_adds(&b, "keep"), 0);
    assert_int_equal(pdfdoc_write_buf(d, &b, &e), ERR_LIMIT);
    assert_string_equal(buf_str(&b), "keep");
    buf_release(&b);
    pdfdoc_free(d);
}

static void page_numbers_and_empty(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char path[600];
    snprintf(path, sizeof path, "%s/one.pdf", dir);
    struct pdfdoc *d;
    struct err e;
    assert_int_equal(pdfdoc_new(&d, &(struct pdfdoc_opts){ .numbering = PDFDOC_PAGE_N }, &e), 0);
    pdfdoc_para(d, "Zoë");
    assert_int_equal(pdfdoc_write_file(d, path, &e), 0);
    assert_int_equal(pdfdoc_pages(d), 1);
    char *text = run("pdftotext -enc UTF-8 '%s' -", path);
    contains(text, "Page 1");
    assert_null(strstr(text, " of "));
    free(text);
    pdfdoc_free(d);

    /* An empty document is one blank page; breaks at the top of a page do
     * not add pages. */
    assert_int_equal(pdfdoc_new(&d, NULL, &e), 0);
    pdfdoc_page_break(d);
    pdfdoc_page_break(d);
    assert_int_equal(pdfdoc_write_file(d, path, &e), 0);
    assert_int_equal(pdfdoc_pages(d), 1);
    text = run("pdfinfo '%s'", path);
    assert_int_equal(info_pages(text), 1);
    free(text);
    pdfdoc_free(d);

    /* An unwritable place. */
    assert_int_equal(pdfdoc_new(&d, NULL, &e), 0);
    snprintf(path, sizeof path, "%s/missing/x.pdf", dir);
    assert_int_equal(pdfdoc_write_file(d, path, &e), ERR_STORAGE);
    assert_non_null(strstr(e.msg, "missing/x.pdf"));
    pdfdoc_free(d);
    test_rmdir(dir);
}

static void sticky_errors(void **state)
{
    (void)state;
    struct pdfdoc *d;
    struct err e;
    struct buf b;
    buf_init(&b, 1 << 20);

    assert_int_equal(pdfdoc_new(&d, NULL, &e), 0);
    assert_int_equal(pdfdoc_heading(d, 4, "Too deep"), ERR_INPUT);
    assert_int_equal(pdfdoc_para(d, "later"), ERR_INPUT);
    assert_int_equal(pdfdoc_write_buf(d, &b, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "level"));
    assert_int_equal(b.len, 0);
    pdfdoc_free(d);

    assert_int_equal(pdfdoc_new(&d, NULL, &e), 0);
    assert_int_equal(pdfdoc_para_markup(d, "<b>unclosed %s", "x"), ERR_INPUT);
    assert_int_equal(pdfdoc_write_buf(d, &b, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "markup"));
    pdfdoc_free(d);

    assert_int_equal(pdfdoc_new(&d, NULL, &e), 0);
    assert_int_equal(pdfdoc_para_markup(d, "%d children", 3), ERR_INPUT);
    pdfdoc_free(d);

    assert_int_equal(pdfdoc_new(&d, NULL, &e), 0);
    const char *cells[] = { "a" };
    assert_int_equal(pdfdoc_row(d, cells), ERR_INPUT);
    pdfdoc_free(d);

    assert_int_equal(pdfdoc_new(&d, NULL, &e), 0);
    assert_int_equal(pdfdoc_table(d, 0, NULL, NULL), ERR_INPUT);
    pdfdoc_free(d);

    assert_int_equal(pdfdoc_new(&d, NULL, &e), 0);
    assert_int_equal(pdfdoc_table(d, 2, NULL, (double[]){ 1, -1 }), ERR_INPUT);
    pdfdoc_free(d);

    assert_int_equal(pdfdoc_new(&d, NULL, &e), 0);
    assert_int_equal(pdfdoc_picture(d, 100, 100, draw_fails, NULL, NULL), ERR_NOTFOUND);
    assert_int_equal(pdfdoc_status(d), ERR_NOTFOUND);
    assert_int_equal(pdfdoc_write_buf(d, &b, &e), ERR_NOTFOUND);
    assert_non_null(strstr(e.msg, "picture"));
    pdfdoc_free(d);

    assert_int_equal(pdfdoc_new(&d, NULL, &e), 0);
    assert_int_equal(pdfdoc_picture(d, 0, 100, draw_bands, "x", NULL), ERR_INPUT);
    pdfdoc_free(d);

    assert_int_equal(pdfdoc_new(&d, NULL, &e), 0);
    assert_int_equal(pdfdoc_space(d, NAN), ERR_INPUT);
    pdfdoc_free(d);
    buf_release(&b);
}

/* Every allocation failing in turn while building and writing. */
static void out_of_memory(void **state)
{
    (void)state;
    int failures = 0, successes = 0;
    for (long n = 0; n < 120; n++) {
        struct pdfdoc *d = NULL;
        struct err e;
        struct buf b;
        buf_init(&b, 1 << 20);
        mem_fail_after(n);
        int rc = pdfdoc_new(&d, &(struct pdfdoc_opts){ .header = "Zoë" }, &e);
        if (!rc) {
            pdfdoc_title(d, "Title");
            pdfdoc_para_markup(d, "<b>%s</b>", "Łukasz");
            const char *h[] = { "a", "b" };
            pdfdoc_table(d, 2, h, NULL);
            pdfdoc_row(d, h);
            pdfdoc_picture(d, 100, 50, draw_bands, "x", "caption");
            rc = pdfdoc_write_buf(d, &b, &e);
        }
        mem_fail_after(-1);
        if (rc) {
            assert_int_equal(rc, ERR_NOMEM);
            assert_int_equal(b.len, 0);
            failures++;
        } else {
            assert_memory_equal(b.data, "%PDF-", 5);
            successes++;
        }
        pdfdoc_free(d);
        buf_release(&b);
    }
    assert_true(failures > 10);
    assert_true(successes > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(multi_page_document),    cmocka_unit_test(write_to_memory),
        cmocka_unit_test(page_numbers_and_empty), cmocka_unit_test(sticky_errors),
        cmocka_unit_test(out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
