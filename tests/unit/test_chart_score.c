/* Unit tests for io/chart_score: the score-over-time chart is well-formed,
 * accessible SVG (title, description, a titled group for every band and
 * every point, band labels in words), escapes hostile labels, describes
 * itself in words, draws the bands and points where they belong in a PNG
 * (tint and hatching for a band, the marker's colour for a point), and
 * refuses data it cannot draw. */
#include "testutil.h"
#include "test_graphics.h"

#include <cairo.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "core/buf.h"
#include "io/canvas_cairo.h"
#include "io/canvas_svg.h"
#include "view/chart_score.h"

static const struct score_chart_band emo_bands[] = {
    { 0, 3, "close to average" },
    { 4, 4, "slightly raised" },
    { 5, 5, "high" },
    { 6, 10, "very high" },
};

static const struct score_chart_point emo_points[] = {
    { "Oct 2025", "1 October 2025", 5, "high" },
    { "Jan 2026", "10 January 2026", -1, NULL },
    { "Mar 2026", "20 March 2026", 3, "close to average" },
};

static struct score_chart emotional(void)
{
    return (struct score_chart){ .name = "Emotional",
                                 .lo = 0,
                                 .hi = 10,
                                 .bands = emo_bands,
                                 .n_bands = 4,
                                 .points = emo_points,
                                 .n_points = 3 };
}

/* Every <title> text in the document, joined with '|'. */
static void titles(xmlNodePtr n, struct buf *out)
{
    for (; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, "title")) {
            xmlChar *t = xmlNodeGetContent(n);
            buf_addf(out, "%s|", (const char *)t);
            xmlFree(t);
        }
        titles(n->children, out);
    }
}

static void texts(xmlNodePtr n, struct buf *out)
{
    for (; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, "text")) {
            xmlChar *t = xmlNodeGetContent(n);
            buf_addf(out, "%s|", (const char *)t);
            xmlFree(t);
        }
        texts(n->children, out);
    }
}

static void svg_is_accessible_and_complete(void **state)
{
    (void)state;
    struct score_chart ch = emotional();
    struct buf desc, svg;
    buf_init(&desc, 4096);
    buf_init(&svg, 1 << 20);
    assert_int_equal(score_chart_describe(&desc, &ch), 0);
    assert_string_equal(buf_str(&desc),
                        "Scores: 5 (high) on 1 October 2025; no score on 10 January 2026; 3 "
                        "(close to average) on 20 March 2026. Shaded bands, from 0 to 10: 0 to 3 "
                        "close to average; 4 slightly raised; 5 high; 6 to 10 very high.");
    struct err e;
    err_clear(&e);
    assert_int_equal(canvas_svg_render(&svg, SCORE_CHART_WIDTH, SCORE_CHART_HEIGHT,
                                       "SDQ (teacher): Emotional over time", buf_str(&desc), "g0",
                                       score_chart_draw, &ch, &e),
                     0);
    xmlDocPtr doc = xmlReadMemory(buf_str(&svg), (int)svg.len, "chart.svg", "UTF-8",
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    assert_non_null(doc);
    xmlNodePtr root = xmlDocGetRootElement(doc);
    xmlChar *role = xmlGetProp(root, (const xmlChar *)"role");
    xmlChar *desc_id = xmlGetProp(root, (const xmlChar *)"aria-describedby");
    assert_string_equal((char *)role, "img");
    assert_string_equal((char *)desc_id, "g0-desc");
    xmlFree(role);
    xmlFree(desc_id);
    struct buf t;
    buf_init(&t, 1 << 16);
    titles(root->children, &t);
    assert_string_equal(buf_str(&t), "SDQ (teacher): Emotional over time|"
                                     "close to average: 0 to 3|slightly raised: 4|high: 5|"
                                     "very high: 6 to 10|1 October 2025: 5, high|"
                                     "10 January 2026: no score (not answered, or too many items "
                                     "missing)|20 March 2026: 3, close to average|");
    buf_reset(&t);
    texts(root->children, &t);
    /* The bands are labelled in words with their ranges: no colour needed. */
    const char *tx = buf_str(&t);
    assert_non_null(strstr(tx, "Emotional|"));
    assert_non_null(strstr(tx, "very high (6 to 10)|"));
    assert_non_null(strstr(tx, "close to average (0 to 3)|"));
    assert_non_null(strstr(tx, "Oct 2025|"));
    assert_non_null(strstr(tx, "|5|"));
    assert_non_null(strstr(tx, "no score|"));
    /* Three bands carry a hatch pattern as well as a tint. */
    assert_non_null(strstr(buf_str(&svg), "<pattern"));
    int fills = 0;
    for (const char *p = buf_str(&svg); (p = strstr(p, "fill=\"url(#g0-")); p++)
        fills++;
    assert_int_equal(fills, 3);
    assert_null(strstr(buf_str(&svg), "<script"));
    assert_null(strstr(buf_str(&svg), "style="));
    buf_release(&t);
    xmlFreeDoc(doc);
    buf_release(&desc);
    buf_release(&svg);
}

static void hostile_labels_are_text(void **state)
{
    (void)state;
    static const struct score_chart_band b[] = { { 0, 40, "<b>&\"'" } };
    static const struct score_chart_point p[] = { { "<i>", "<script>x</script>", 7, "</svg>" } };
    struct score_chart ch = { .name = "<svg onload=x>",
                              .lo = 0,
                              .hi = 40,
                              .bands = b,
                              .n_bands = 1,
                              .points = p,
                              .n_points = 1 };
    struct buf svg;
    buf_init(&svg, 1 << 20);
    struct err e;
    err_clear(&e);
    assert_int_equal(canvas_svg_render(&svg, SCORE_CHART_WIDTH, SCORE_CHART_HEIGHT, "t", NULL, "h",
                                       score_chart_draw, &ch, &e),
                     0);
    const char *s = buf_str(&svg);
    assert_null(strstr(s, "<script"));
    assert_null(strstr(s, "<svg onload"));
    assert_null(strstr(s, "<b>"));
    assert_non_null(strstr(s, "&lt;script&gt;x&lt;/script&gt;: 7, &lt;/svg&gt;"));
    buf_release(&svg);
}

static uint32_t pixel(cairo_surface_t *s, int x, int y)
{
    unsigned char *d = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    return *(uint32_t *)(d + y * stride + x * 4) & 0xFFFFFF;
}

static void png_puts_bands_and_points_in_place(void **state)
{
    (void)state;
    struct score_chart ch = emotional();
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)SCORE_CHART_WIDTH,
                                                    (int)SCORE_CHART_HEIGHT);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    struct err e;
    err_clear(&e);
    assert_int_equal(
        canvas_cairo_draw(cr, SCORE_CHART_WIDTH, SCORE_CHART_HEIGHT, score_chart_draw, &ch, &e), 0);
    cairo_surface_flush(s);
    /* Plot: x 30..292, y 32..208; 11 units of 176/11 = 16 each, 10.5 at the top. */
    double unit = 176.0 / 11.0;
    int y_avg = (int)(32 + (10.5 - 1.5) * unit);     /* inside 0..3 */
    assert_int_equal(pixel(s, 60, y_avg), 0xE3F4EC); /* the green tint, no hatching */
    /* The very high band: its red tint and its light cross-hatching (a
     * pattern that shows, but nothing dark that would hide the line). */
    int tint = 0, hatch = 0, dark = 0;
    for (int y = 36; y < 90; y++)
        for (int x = 40; x < 100; x++) {
            uint32_t p = pixel(s, x, y);
            tint += p == 0xF8DCD3;
            hatch += p != 0xF8DCD3 && p != 0xFFFFFF;
            dark += ((p >> 16) & 0xFF) < 0xB0 && ((p >> 8) & 0xFF) < 0x90;
        }
    assert_true(tint > 500);
    assert_true(hatch > 100);
    assert_int_equal(dark, 0);
    /* The first point (5, in the first of three slots) is a blue marker. */
    int x0 = (int)(30 + 262.0 / 3 / 2), y5 = (int)(32 + (10.5 - 5) * unit);
    assert_int_equal(pixel(s, x0, y5), 0x0072B2);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
}

static void refuses_what_it_cannot_draw(void **state)
{
    (void)state;
    struct buf svg;
    buf_init(&svg, 1 << 20);
    struct err e;
    err_clear(&e);
    struct score_chart ch = emotional();
    ch.hi = 500;
    assert_int_equal(canvas_svg_render(&svg, SCORE_CHART_WIDTH, SCORE_CHART_HEIGHT, "t", NULL, "r",
                                       score_chart_draw, &ch, &e),
                     ERR_INPUT);
    assert_int_equal(svg.len, 0); /* nothing half-drawn is left behind */
    ch = emotional();
    ch.lo = 4; /* the first band starts below the range */
    assert_int_equal(canvas_svg_render(&svg, SCORE_CHART_WIDTH, SCORE_CHART_HEIGHT, "t", NULL, "r",
                                       score_chart_draw, &ch, &e),
                     ERR_INPUT);
    /* No points and no bands is fine: the chart says so. */
    struct score_chart empty = { .name = "Impact", .lo = 0, .hi = 6 };
    assert_int_equal(canvas_svg_render(&svg, SCORE_CHART_WIDTH, SCORE_CHART_HEIGHT, "t", NULL, "r",
                                       score_chart_draw, &empty, &e),
                     0);
    assert_non_null(strstr(buf_str(&svg), "No scores yet"));
    buf_reset(&svg);
    assert_int_equal(score_chart_describe(&svg, &empty), 0);
    assert_string_equal(
        buf_str(&svg), "No scores yet. Scores run from 0 to 6; no bands are given for this score.");
    buf_release(&svg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(svg_is_accessible_and_complete),
        cmocka_unit_test(hostile_labels_are_text),
        cmocka_unit_test(png_puts_bands_and_points_in_place),
        cmocka_unit_test(refuses_what_it_cannot_draw),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
