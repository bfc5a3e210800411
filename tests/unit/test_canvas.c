/* Unit tests for io/canvas: the SVG backend (well-formed, escaped, accessible,
 * patterned, no script or style), argument checks and sticky errors, text
 * cleaning, and the cairo backend (PNG size, pixels where shapes were drawn,
 * hatching, text anchoring). */
#include "testutil.h"
#include "test_graphics.h"

#include <cairo.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>

#include "core/buf.h"
#include "core/mem.h"
#include "io/canvas.h"
#include "io/canvas_cairo.h"
#include "io/canvas_svg.h"

#define HOSTILE "<script>alert(1)</script>&\"'"

/* --- A picture like the wellbeing chart: bands, a line, markers, labels --- */

struct band {
    const char *label;
    double lo, hi;
    uint32_t tint;
    enum canvas_hatch hatch;
};

static const struct band bands[] = {
    { "Close to average", 0, 14, CANVAS_TINT_GREEN, CANVAS_HATCH_NONE },
    { "Slightly raised", 14, 17, CANVAS_TINT_YELLOW, CANVAS_HATCH_DIAG },
    { "High", 17, 20, CANVAS_TINT_ORANGE, CANVAS_HATCH_BACKDIAG },
    { "Very high", 20, 40, CANVAS_TINT_RED, CANVAS_HATCH_CROSS },
};

struct chart {
    const char *label; /* a point label, may be hostile */
};

static double score_y(double v)
{
    return 220 - v * 5; /* 0..40 -> 220..20 */
}

static int draw_chart(struct canvas *c, void *ctx)
{
    const struct chart *ch = ctx;
    for (size_t i = 0; i < sizeof bands / sizeof bands[0]; i++) {
        const struct band *b = &bands[i];
        canvas_group_begin(c, b->label, "A band of scores");
        canvas_rect(c, 60, score_y(b->hi), 400, score_y(b->lo) - score_y(b->hi),
                    &(struct canvas_style){ .fill = b->tint, .hatch = b->hatch });
        canvas_text(
            c, 455, score_y(b->hi) + 4, b->label,
            &(struct canvas_font){
                .size = 10, .anchor = CANVAS_END, .valign = CANVAS_CAP_TOP, .halo = CANVAS_WHITE });
        canvas_group_end(c);
    }
    canvas_line(c, 60, 20, 60, 220, &(struct canvas_style){ .stroke = CANVAS_GREY_DARK });
    canvas_text(c, 20, 120, "Total difficulties",
                &(struct canvas_font){ .size = 11, .anchor = CANVAS_MIDDLE, .rotate = -90 });
    double v[] = { 18, 15, 12.5, 9 };
    struct canvas_point p[4];
    for (int i = 0; i < 4; i++)
        p[i] = (struct canvas_point){ 100 + i * 110, score_y(v[i]) };
    canvas_polyline(c, p, 4, &(struct canvas_style){ .stroke = CANVAS_BLUE, .stroke_width = 2 });
    for (int i = 0; i < 4; i++) {
        canvas_group_begin(c, ch->label, NULL);
        canvas_marker(c, p[i].x, p[i].y, 9, canvas_series_marker(i),
                      &(struct canvas_style){ .fill = CANVAS_BLUE, .stroke = CANVAS_WHITE });
        canvas_group_end(c);
    }
    canvas_text(c, 260, 245, ch->label,
                &(struct canvas_font){ .size = 12, .bold = true, .anchor = CANVAS_MIDDLE });
    return 0;
}

/* --- XML helpers ---------------------------------------------------------- */

static xmlDocPtr parse(const char *svg, size_t len)
{
    xmlDocPtr doc = xmlReadMemory(svg, (int)len, "chart.svg", "UTF-8",
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc)
        fail_msg("SVG is not well-formed XML:\n%s", svg);
    return doc;
}

static bool name_is(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* The text content of the first element called name (a new string). */
static char *first_text(xmlNodePtr n, const char *name)
{
    for (; n; n = n->next) {
        if (name_is(n, name))
            return (char *)xmlNodeGetContent(n);
        char *t = first_text(n->children, name);
        if (t)
            return t;
    }
    return NULL;
}

struct scan {
    int elements, url_fills, patterns, bad;
    char ids[64][80];
    int n_ids;
    char refs[256][80];
    int n_refs;
};

/* Walk every element: no script, style, event handler or external reference;
 * collect pattern ids and url(#...) references. */
static void walk(xmlNodePtr n, struct scan *s)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        s->elements++;
        const char *el = (const char *)n->name;
        if (!strcmp(el, "script") || !strcmp(el, "foreignObject") || !strcmp(el, "style") ||
            !strcmp(el, "a") || !strcmp(el, "image") || !strcmp(el, "use")) {
            fprintf(stderr, "forbidden element <%s>\n", el);
            s->bad++;
        }
        if (!strcmp(el, "pattern"))
            s->patterns++;
        for (xmlAttrPtr a = n->properties; a; a = a->next) {
            const char *an = (const char *)a->name;
            xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
            if (!strncmp(an, "on", 2) || !strcmp(an, "style") || strstr(an, "href")) {
                fprintf(stderr, "forbidden attribute %s=\"%s\"\n", an, (char *)v);
                s->bad++;
            }
            if (!strcmp(an, "id") && !strcmp(el, "pattern") && s->n_ids < 64)
                snprintf(s->ids[s->n_ids++], 80, "%s", (char *)v);
            if (!strncmp((char *)v, "url(#", 5) && s->n_refs < 256) {
                if (!strcmp(an, "fill"))
                    s->url_fills++;
                snprintf(s->refs[s->n_refs++], 80, "%.*s", (int)strcspn((char *)v + 5, ")"),
                         (char *)v + 5);
            }
            xmlFree(v);
        }
        walk(n->children, s);
    }
}

static void render_svg(struct buf *b, const char *title, const char *label, const char *prefix)
{
    struct err e;
    err_clear(&e);
    struct chart ch = { label };
    int rc = canvas_svg_render(b, 480, 260, title, "Scores: 18, 15, 12.5 and 9. Zoë, Łukasz, Ayşe",
                               prefix, draw_chart, &ch, &e);
    if (rc)
        fail_msg("canvas_svg_render: %s", e.msg);
}

/* --- SVG ------------------------------------------------------------------ */

static void svg_well_formed_and_escaped(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 1 << 20);
    render_svg(&b, HOSTILE, HOSTILE, "score-1");
    const char *svg = buf_str(&b);
    /* The hostile text never appears raw... */
    assert_null(strstr(svg, "<script"));
    assert_null(strstr(svg, "alert(1)</"));
    assert_non_null(strstr(svg, "&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;"));
    /* ...and a parser gives back exactly the original. */
    xmlDocPtr doc = parse(svg, b.len);
    xmlNodePtr root = xmlDocGetRootElement(doc);
    assert_true(name_is(root, "svg"));
    xmlChar *role = xmlGetProp(root, (const xmlChar *)"role");
    xmlChar *vb = xmlGetProp(root, (const xmlChar *)"viewBox");
    xmlChar *lab = xmlGetProp(root, (const xmlChar *)"aria-labelledby");
    assert_string_equal((char *)role, "img");
    assert_string_equal((char *)vb, "0 0 480 260");
    assert_string_equal((char *)lab, "score-1-title");
    xmlFree(role);
    xmlFree(vb);
    xmlFree(lab);
    /* The first child is the title (the accessible name), then the desc. */
    xmlNodePtr first = root->children;
    assert_true(name_is(first, "title"));
    char *title = (char *)xmlNodeGetContent(first);
    assert_string_equal(title, HOSTILE);
    xmlFree(title);
    char *desc = first_text(root->children, "desc");
    assert_string_equal(desc, "Scores: 18, 15, 12.5 and 9. Zoë, Łukasz, Ayşe");
    xmlFree(desc);
    char *label = first_text(root->children, "text");
    assert_string_equal(label, "Close to average");
    xmlFree(label);

    struct scan s = { 0 };
    walk(root, &s);
    assert_int_equal(s.bad, 0);
    assert_true(s.elements > 20);
    xmlFreeDoc(doc);
    buf_release(&b);
}

static void svg_bands_have_patterns(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 1 << 20);
    render_svg(&b, "Wellbeing over time", "Autumn", "p");
    xmlDocPtr doc = parse(b.data, b.len);
    struct scan s = { 0 };
    walk(xmlDocGetRootElement(doc), &s);
    /* Three of the four bands are hatched, each with its own pattern. */
    assert_int_equal(s.patterns, 3);
    assert_int_equal(s.url_fills, 3);
    /* Every reference points at a defined pattern. */
    for (int i = 0; i < s.n_refs; i++) {
        bool found = false;
        for (int j = 0; j < s.n_ids; j++)
            found = found || !strcmp(s.refs[i], s.ids[j]);
        if (!found)
            fail_msg("url(#%s) has no pattern", s.refs[i]);
    }
    assert_non_null(strstr(b.data, "id=\"p-h-diag-4d4d4d\""));
    assert_non_null(strstr(b.data, "id=\"p-h-bd-4d4d4d\""));
    assert_non_null(strstr(b.data, "id=\"p-h-cross-4d4d4d\""));
    /* The band labels are there as text, so colour is never the only cue. */
    assert_non_null(strstr(b.data, ">Slightly raised</text>"));
    assert_non_null(strstr(b.data, ">Very high</text>"));
    /* Markers differ by shape: a circle, a square (rect) and two paths. */
    assert_non_null(strstr(b.data, "<circle cx=\"100\" cy=\"130\" r=\"4.5\""));
    xmlFreeDoc(doc);
    buf_release(&b);
}

static int draw_numbers(struct canvas *c, void *ctx)
{
    (void)ctx;
    canvas_rect(c, 1.5, 2.25, 3.0, -0.001, &(struct canvas_style){ .fill = CANVAS_BLUE });
    canvas_rect(c, 10, 10, -4, 2, &(struct canvas_style){ .stroke = CANVAS_BLACK, .dash = 3 });
    canvas_text(c, 5, 5, "Ayşe \x01\tand\nZoë \xff!", NULL);
    return 0;
}

static void svg_numbers_prefix_and_text(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 1 << 16);
    struct err e;
    err_clear(&e);
    /* A prefix trying to break out of its attribute is reduced to safe
     * characters (and must start with a letter). */
    assert_int_equal(
        canvas_svg_render(&b, 20, 20, "t", NULL, "9\" onload=\"alert(1)", draw_numbers, NULL, &e),
        0);
    assert_non_null(strstr(b.data, "aria-labelledby=\"c9onloadalert1-title\""));
    assert_null(strstr(b.data, "aria-describedby")); /* no desc given */
    assert_non_null(strstr(b.data, "<rect x=\"1.5\" y=\"2.25\" width=\"3\" height=\"0\""));
    /* A negative width is normalised. */
    assert_non_null(strstr(b.data, "<rect x=\"6\" y=\"10\" width=\"4\" height=\"2\" fill=\"none\" "
                                   "stroke=\"#000000\" stroke-width=\"1\" "
                                   "stroke-dasharray=\"3 3\"/>"));
    /* Controls dropped, tab and newline become spaces, a bad byte is U+FFFD;
     * the text baseline is where it was asked for. */
    assert_non_null(strstr(b.data, "fill=\"#1a1a1a\">Ayşe  and Zoë \xEF\xBF\xBD!</text>"));
    xmlFreeDoc(parse(b.data, b.len));
    buf_release(&b);
}

static int draw_nan(struct canvas *c, void *ctx)
{
    (void)ctx;
    canvas_rect(c, 0, 0, 10, 10, &(struct canvas_style){ .fill = CANVAS_BLUE });
    canvas_line(c, 0, NAN, 5, 5, NULL);
    canvas_rect(c, 0, 0, 10, 10, &(struct canvas_style){ .fill = CANVAS_BLUE });
    return 0;
}

static int draw_unbalanced(struct canvas *c, void *ctx)
{
    (void)ctx;
    canvas_group_begin(c, "open", NULL);
    canvas_rect(c, 0, 0, 10, 10, NULL);
    return 0;
}

static int draw_bare_colour(struct canvas *c, void *ctx)
{
    (void)ctx;
    canvas_rect(c, 0, 0, 10, 10, &(struct canvas_style){ .fill = 0x0072B2 });
    return 0;
}

static int draw_many(struct canvas *c, void *ctx)
{
    (void)ctx;
    for (int i = 0; i < 1000; i++)
        canvas_text(c, i, i, "a label that takes room", NULL);
    return 0;
}

static int draw_fails(struct canvas *c, void *ctx)
{
    (void)ctx;
    canvas_rect(c, 0, 0, 10, 10, NULL);
    return ERR_NOTFOUND;
}

/* Every error leaves the buffer exactly as it was before the SVG began. */
static void svg_errors_leave_nothing(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 4096);
    assert_int_equal(buf_adds(&b, "<p>before</p>"), 0);
    struct err e;
    err_clear(&e);
    struct {
        canvas_draw_fn fn;
        int want;
        const char *msg;
    } cases[] = {
        { draw_nan, ERR_INPUT, "finite" },
        { draw_unbalanced, ERR_INPUT, "not ended" },
        { draw_bare_colour, ERR_INPUT, "CANVAS_RGB" },
        { draw_many, ERR_LIMIT, "too large" },
        { draw_fails, ERR_NOTFOUND, "could not be drawn" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        err_clear(&e);
        int rc = canvas_svg_render(&b, 100, 100, "chart", NULL, "x", cases[i].fn, NULL, &e);
        assert_int_equal(rc, cases[i].want);
        if (!strstr(e.msg, cases[i].msg))
            fail_msg("case %zu: message '%s' lacks '%s'", i, e.msg, cases[i].msg);
        assert_string_equal(buf_str(&b), "<p>before</p>");
    }
    /* A blank title, a bad size. */
    assert_int_equal(canvas_svg_render(&b, 100, 100, "  ", NULL, "x", draw_numbers, NULL, &e),
                     ERR_INPUT);
    assert_non_null(strstr(e.msg, "title"));
    assert_int_equal(canvas_svg_render(&b, 0, 100, "t", NULL, "x", draw_numbers, NULL, &e),
                     ERR_INPUT);
    assert_int_equal(canvas_svg_render(&b, INFINITY, 100, "t", NULL, "x", draw_numbers, NULL, &e),
                     ERR_INPUT);
    assert_string_equal(buf_str(&b), "<p>before</p>");

    /* Drawing after finish is an error, and errors are sticky. */
    struct canvas *c;
    assert_int_equal(canvas_svg_new(&c, &b, 10, 10, "t", NULL, NULL, &e), 0);
    assert_int_equal(canvas_finish(c), 0);
    canvas_rect(c, 0, 0, 1, 1, NULL);
    assert_int_equal(canvas_status(c), ERR_INPUT);
    assert_int_equal(canvas_finish(c), ERR_INPUT);
    canvas_free(c);
    buf_release(&b);
}

/* Every allocation failing in turn: an error or success, never a crash, a
 * leak or a partial SVG. */
static void svg_out_of_memory(void **state)
{
    (void)state;
    struct chart ch = { "Zoë" };
    int failures = 0, successes = 0;
    for (long n = 0; n < 400; n++) {
        struct buf b;
        buf_init(&b, 1 << 20);
        struct err e;
        err_clear(&e);
        mem_fail_after(n);
        int rc = canvas_svg_render(&b, 480, 260, "t", "d", "x", draw_chart, &ch, &e);
        long failed = mem_fail_after(-1);
        if (rc) {
            assert_int_equal(rc, ERR_NOMEM);
            assert_int_equal(b.len, 0);
            failures++;
        } else {
            assert_int_equal(failed, 0);
            assert_non_null(strstr(b.data, "</svg>"));
            successes++;
        }
        buf_release(&b);
    }
    assert_true(failures > 5);
    assert_true(successes > 0);
}

static void text_clean(void **state)
{
    (void)state;
    char *t = canvas_text_clean("Zoë\r\n\tŁukasz\x7f \xc3(\xef\xbf\xbe", 0, true);
    assert_string_equal(t, "Zoë\n Łukasz \xEF\xBF\xBD(\xEF\xBF\xBD");
    mem_free(t);
    t = canvas_text_clean(NULL, 0, false);
    assert_string_equal(t, "");
    mem_free(t);
    /* Overlong encodings and surrogates are not valid UTF-8. */
    t = canvas_text_clean("\xc0\xbc\xed\xa0\x80", 0, false);
    assert_null(strchr(t, '<'));
    assert_int_equal(strlen(t), 15); /* five bad bytes, five U+FFFD */
    mem_free(t);
    /* Long text is cut at a character boundary. */
    char big[CANVAS_TEXT_MAX + 2];
    memset(big, 'a', sizeof big);
    memcpy(big + CANVAS_TEXT_MAX - 1, "ë", 2); /* straddles the limit */
    big[CANVAS_TEXT_MAX + 1] = '\0';
    t = canvas_text_clean(big, CANVAS_TEXT_MAX, false);
    assert_int_equal(strlen(t), CANVAS_TEXT_MAX - 1);
    mem_free(t);
}

/* --- cairo and PNG -------------------------------------------------------- */

struct reader {
    const unsigned char *p;
    size_t left;
};

static cairo_status_t read_mem(void *closure, unsigned char *data, unsigned int len)
{
    struct reader *r = closure;
    if (len > r->left)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(data, r->p, len);
    r->p += len;
    r->left -= len;
    return CAIRO_STATUS_SUCCESS;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The RGB of one pixel (opaque image). */
static uint32_t pixel(cairo_surface_t *img, int x, int y)
{
    const unsigned char *d = cairo_image_surface_get_data(img);
    int stride = cairo_image_surface_get_stride(img);
    uint32_t v;
    memcpy(&v, d + (size_t)y * stride + (size_t)x * 4, 4);
    return v & 0xFFFFFF;
}

static int draw_blocks(struct canvas *c, void *ctx)
{
    (void)ctx;
    canvas_rect(c, 10, 10, 30, 20, &(struct canvas_style){ .fill = CANVAS_VERMILLION });
    canvas_rect(c, 50, 10, 50, 60,
                &(struct canvas_style){ .fill = CANVAS_TINT_YELLOW,
                                        .hatch = CANVAS_HATCH_CROSS,
                                        .hatch_color = CANVAS_BLACK });
    canvas_text(c, 150, 50, "WWWW",
                &(struct canvas_font){ .size = 14,
                                       .bold = true,
                                       .anchor = CANVAS_MIDDLE,
                                       .valign = CANVAS_CAP_MIDDLE,
                                       .color = CANVAS_BLACK });
    return 0;
}

static void png_in_memory(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 4 << 20);
    struct err e;
    err_clear(&e);
    if (canvas_png_mem(&b, 200, 100, 2, draw_blocks, NULL, &e))
        fail_msg("canvas_png_mem: %s", e.msg);
    const unsigned char *p = (const unsigned char *)b.data;
    assert_true(b.len > 33);
    assert_memory_equal(p, "\x89PNG\r\n\x1a\n", 8);
    assert_memory_equal(p + 12, "IHDR", 4);
    assert_int_equal(be32(p + 16), 400);
    assert_int_equal(be32(p + 20), 200);

    struct reader r = { p, b.len };
    cairo_surface_t *img = cairo_image_surface_create_from_png_stream(read_mem, &r);
    assert_int_equal(cairo_surface_status(img), CAIRO_STATUS_SUCCESS);
    assert_int_equal(cairo_image_surface_get_width(img), 400);
    assert_int_equal(cairo_image_surface_get_height(img), 200);
    /* Background white; the red block where it was drawn (scaled by 2). */
    assert_int_equal(pixel(img, 5, 5), 0xFFFFFF);
    assert_int_equal(pixel(img, 50, 40), 0xD55E00);
    assert_int_equal(pixel(img, 81, 61), 0xFFFFFF); /* just outside the block */
    /* The hatched square holds both the tint and black hatch lines. */
    int tint = 0, ink = 0;
    for (int y = 20; y < 140; y++) {
        for (int x = 100; x < 200; x++) {
            uint32_t v = pixel(img, x, y);
            tint += v == 0xFBF6D5;
            ink += v == 0x000000;
        }
    }
    assert_true(tint > 2000);
    assert_true(ink > 500);
    /* The text is centred on x = 150 (300 px) and its capitals on y = 50
     * (100 px). */
    int minx = 400, maxx = -1, miny = 200, maxy = -1;
    for (int y = 0; y < 200; y++) {
        for (int x = 210; x < 400; x++) {
            if (pixel(img, x, y) == 0) {
                minx = x < minx ? x : minx;
                maxx = x > maxx ? x : maxx;
                miny = y < miny ? y : miny;
                maxy = y > maxy ? y : maxy;
            }
        }
    }
    assert_true(maxx > minx + 80);
    if (fabs((minx + maxx) / 2.0 - 300) > 3 || fabs((miny + maxy) / 2.0 - 100) > 3)
        fail_msg("text box x %d..%d y %d..%d is not centred on (300, 100)", minx, maxx, miny, maxy);
    cairo_surface_destroy(img);
    buf_release(&b);
}

static void png_file_and_limits(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char path[600];
    snprintf(path, sizeof path, "%s/chart.png", dir);
    struct err e;
    err_clear(&e);
    struct chart ch = { "Zoë" };
    if (canvas_png_file(path, 481, 260, 1.5, draw_chart, &ch, &e))
        fail_msg("canvas_png_file: %s", e.msg);
    cairo_surface_t *img = cairo_image_surface_create_from_png(path);
    assert_int_equal(cairo_surface_status(img), CAIRO_STATUS_SUCCESS);
    assert_int_equal(cairo_image_surface_get_width(img), 722); /* ceil(481 * 1.5) */
    assert_int_equal(cairo_image_surface_get_height(img), 390);
    cairo_surface_destroy(img);

    assert_int_equal(canvas_png_file(path, 10000, 10, 1, draw_chart, &ch, &e), ERR_LIMIT);
    assert_int_equal(canvas_png_file(path, 10, 10, 0, draw_chart, &ch, &e), ERR_INPUT);
    snprintf(path, sizeof path, "%s/missing/chart.png", dir);
    assert_int_equal(canvas_png_file(path, 10, 10, 1, draw_chart, &ch, &e), ERR_STORAGE);
    assert_non_null(strstr(e.msg, "missing/chart.png"));
    /* A failing picture gives its error and no file. */
    snprintf(path, sizeof path, "%s/bad.png", dir);
    assert_int_equal(canvas_png_file(path, 10, 10, 1, draw_nan, NULL, &e), ERR_INPUT);
    assert_int_equal(access(path, F_OK), -1);
    /* A full buffer gives ERR_LIMIT and is left as it was. */
    struct buf b;
    buf_init(&b, 100);
    assert_int_equal(buf_adds(&b, "x"), 0);
    assert_int_equal(canvas_png_mem(&b, 50, 50, 1, draw_blocks, NULL, &e), ERR_LIMIT);
    assert_string_equal(buf_str(&b), "x");
    buf_release(&b);
    test_rmdir(dir);
}

struct widths {
    double svg, cairo;
};

static int measure(struct canvas *c, void *ctx)
{
    double *w = ctx;
    *w = canvas_text_width(c, "Wellbeing scores: Łukasz", &(struct canvas_font){ .size = 12 });
    double bold = canvas_text_width(c, "Wellbeing scores: Łukasz",
                                    &(struct canvas_font){ .size = 12, .bold = true });
    return bold > *w ? 0 : ERR_INPUT;
}

/* The SVG estimate stays close to the real width of DejaVu Sans. */
static void text_width_estimate(void **state)
{
    (void)state;
    struct widths w = { 0 };
    struct buf b;
    buf_init(&b, 1 << 16);
    struct err e;
    assert_int_equal(canvas_svg_render(&b, 10, 10, "t", NULL, NULL, measure, &w.svg, &e), 0);
    assert_int_equal(canvas_png_mem(&b, 10, 10, 1, measure, &w.cairo, &e), 0);
    buf_release(&b);
    assert_true(w.cairo > 100 && w.cairo < 250);
    if (fabs(w.svg - w.cairo) > 0.1 * w.cairo)
        fail_msg("SVG estimate %.1f vs cairo %.1f", w.svg, w.cairo);
}

static void series_cycle(void **state)
{
    (void)state;
    assert_int_equal(canvas_series_color(0), CANVAS_BLUE);
    assert_int_equal(canvas_series_color(6), CANVAS_BLUE);
    assert_int_not_equal(canvas_series_color(1), canvas_series_color(0));
    assert_int_equal(canvas_series_marker(1), CANVAS_MARK_SQUARE);
    assert_int_equal(canvas_series_marker(CANVAS_MARK_N), CANVAS_MARK_CIRCLE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(svg_well_formed_and_escaped),
        cmocka_unit_test(svg_bands_have_patterns),
        cmocka_unit_test(svg_numbers_prefix_and_text),
        cmocka_unit_test(svg_errors_leave_nothing),
        cmocka_unit_test(svg_out_of_memory),
        cmocka_unit_test(text_clean),
        cmocka_unit_test(png_in_memory),
        cmocka_unit_test(png_file_and_limits),
        cmocka_unit_test(text_width_estimate),
        cmocka_unit_test(series_cycle),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    xmlCleanupParser();
    return rc;
}
