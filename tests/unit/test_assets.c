/* Unit tests for core/assets: the embedded web assets table (what the build
 * put in it, and what it must never contain) and content types by name. */
#include "testutil.h"

#include "core/assets.h"

static const struct embed_file *must_find(const char *name)
{
    const struct embed_file *f = embed_find(web_assets, name);
    if (!f)
        fail_msg("web_assets has no %s", name);
    assert_true(f->len > 0);
    /* embed NUL-terminates every file, so string functions are safe. */
    assert_int_equal(f->data[f->len], 0);
    return f;
}

static bool contains(const struct embed_file *f, const char *needle)
{
    return memmem(f->data, f->len, needle, strlen(needle)) != NULL;
}

static void table_has_the_assets(void **state)
{
    (void)state;
    const char *want[] = { "app.js", "favicon.svg", "govuk-frontend.min.js", "meso.css" };
    size_t n = 0;
    for (const struct embed_file *f = web_assets; f->name; f++, n++) {
        if (n > 0)
            assert_true(strcmp(f[-1].name, f->name) < 0); /* sorted, no duplicates */
        assert_null(strchr(f->name, '/'));
    }
    assert_int_equal(n, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < n; i++)
        must_find(want[i]);
    assert_null(embed_find(web_assets, "images/favicon.ico"));
    assert_null(embed_find(web_assets, "assets/meso.css"));
}

static void css_is_our_brand(void **state)
{
    (void)state;
    const struct embed_file *css = must_find("meso.css");
    /* System fonts only: no GDS Transport, no font files, no GOV.UK crest. */
    assert_false(contains(css, "GDS Transport"));
    assert_false(contains(css, "@font-face"));
    assert_false(contains(css, "crest"));
    assert_false(contains(css, "crown"));
    assert_false(contains(css, "url("));
    assert_true(contains(css, "font-family:system-ui"));
    /* meso's own components and brand teal are in. */
    assert_true(contains(css, ".meso-header{"));
    assert_true(contains(css, ".meso-header__wordmark"));
    assert_true(contains(css, "#0b4f4a"));
    assert_true(contains(css, "@media print"));
    /* Compressed, without a source map or a byte order mark. */
    assert_false(contains(css, "sourceMappingURL"));
    assert_false(contains(css, "\n\n"));
    assert_false(css->len >= 3 && memcmp(css->data, "\xEF\xBB\xBF", 3) == 0);
}

static void scripts_are_modules(void **state)
{
    (void)state;
    const struct embed_file *app = must_find("app.js");
    assert_true(contains(app, "from './govuk-frontend.min.js'"));
    assert_true(contains(app, "initAll()"));
    assert_true(contains(app, "govuk-frontend-supported"));
    const struct embed_file *gf = must_find("govuk-frontend.min.js");
    assert_true(contains(gf, "export{"));
    assert_true(contains(gf, "initAll"));
    assert_false(contains(gf, "sourceMappingURL"));
    const struct embed_file *icon = must_find("favicon.svg");
    assert_true(contains(icon, "<svg"));
}

static void content_types(void **state)
{
    (void)state;
    assert_string_equal(assets_content_type("meso.css"), "text/css; charset=utf-8");
    assert_string_equal(assets_content_type("app.js"), "text/javascript; charset=utf-8");
    assert_string_equal(assets_content_type("govuk-frontend.min.js"),
                        "text/javascript; charset=utf-8");
    assert_string_equal(assets_content_type("x.mjs"), "text/javascript; charset=utf-8");
    assert_string_equal(assets_content_type("favicon.svg"), "image/svg+xml");
    assert_string_equal(assets_content_type("icon-192.PNG"), "image/png");
    assert_string_equal(assets_content_type("favicon.ico"), "image/x-icon");
    assert_string_equal(assets_content_type("font.woff2"), "font/woff2");
    assert_string_equal(assets_content_type("font.woff"), "font/woff");
    assert_string_equal(assets_content_type("manifest.webmanifest"), "application/manifest+json");
    /* Unknown, missing or misleading extensions. */
    assert_string_equal(assets_content_type("README"), "application/octet-stream");
    assert_string_equal(assets_content_type("a.css/b"), "application/octet-stream");
    assert_string_equal(assets_content_type("x.exe"), "application/octet-stream");
    assert_string_equal(assets_content_type("css"), "application/octet-stream");
    assert_string_equal(assets_content_type("trailing."), "application/octet-stream");
    assert_string_equal(assets_content_type(""), "application/octet-stream");
    assert_string_equal(assets_content_type(NULL), "application/octet-stream");
    /* Every embedded asset has a real type. */
    for (const struct embed_file *f = web_assets; f->name; f++)
        assert_string_not_equal(assets_content_type(f->name), "application/octet-stream");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(table_has_the_assets),
        cmocka_unit_test(css_is_our_brand),
        cmocka_unit_test(scripts_are_modules),
        cmocka_unit_test(content_types),
    };
    return cmocka_run_group_tests_name("assets", tests, NULL, NULL);
}
