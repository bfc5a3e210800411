#include "io/canvas_svg.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#include "core/mem.h"
#include "core/str.h"

#define MAX_PATTERNS 64
#define HALO_WIDTH   0.3 /* of the font size */
#define PREFIX_MAX   32

struct svg_pattern {
    enum canvas_hatch kind;
    uint32_t color;
};

struct svg {
    struct canvas base;
    struct buf *out;
    size_t start; /* out->len when this SVG began, to undo a failed one */
    char prefix[PREFIX_MAX + 1];
    struct svg_pattern pats[MAX_PATTERNS];
    size_t n_pats;
};

/* --- The writer ----------------------------------------------------------
 * put() is the only function that appends bytes. It is reached through lit()
 * (string literals only: the "" in the macro rejects anything else at compile
 * time) and through the escaping and number writers below. */

static void put(struct svg *s, const char *p, size_t n)
{
    if (s->base.err)
        return;
    int rc = buf_add(s->out, p, n);
    if (rc)
        canvas_fail_(&s->base, rc, rc == ERR_LIMIT ? "the SVG is too large" : "out of memory");
}

#define lit(s, literal) put((s), "" literal, sizeof(literal) - 1)

/* Text content or an attribute value, escaped. Text reaching here has been
 * cleaned by canvas_text_clean(), but this does not rely on it: anything
 * that is not valid, XML-allowed UTF-8 is replaced. */
static void esc(struct svg *s, const char *t)
{
    const unsigned char *p = (const unsigned char *)t;
    while (*p) {
        const unsigned char *run = p;
        while (*p && *p >= 0x20 && *p < 0x80 && *p != '&' && *p != '<' && *p != '>' && *p != '"' &&
               *p != '\'')
            p++;
        if (p > run)
            put(s, (const char *)run, (size_t)(p - run));
        if (!*p)
            break;
        switch (*p) {
        case '&':
            lit(s, "&amp;");
            p++;
            continue;
        case '<':
            lit(s, "&lt;");
            p++;
            continue;
        case '>':
            lit(s, "&gt;");
            p++;
            continue;
        case '"':
            lit(s, "&quot;");
            p++;
            continue;
        case '\'':
            lit(s, "&#39;");
            p++;
            continue;
        case '\n':
            lit(s, "&#10;");
            p++;
            continue;
        default:
            break;
        }
        if (*p < 0x80) { /* other control characters */
            p++;
            continue;
        }
        /* A non-ASCII character: copy it when valid and allowed in XML. */
        size_t n = strlen((const char *)p);
        gunichar cp = g_utf8_get_char_validated((const char *)p, (gssize)(n < 4 ? n : 4));
        if (cp == (gunichar)-1 || cp == (gunichar)-2 || (cp >= 0x80 && cp < 0xA0) || cp == 0xFFFE ||
            cp == 0xFFFF) {
            lit(s, "\xEF\xBF\xBD");
            p++;
            continue;
        }
        size_t len = (size_t)g_unichar_to_utf8(cp, NULL);
        put(s, (const char *)p, len);
        p += len;
    }
}

/* A number with at most two decimals, in the C locale, no "-0". */
static void num(struct svg *s, double v)
{
    char b[G_ASCII_DTOSTR_BUF_SIZE];
    if (fabs(v) < 0.005)
        v = 0;
    g_ascii_formatd(b, sizeof b, "%.2f", v);
    size_t n = strlen(b);
    if (memchr(b, '.', n)) {
        while (n && b[n - 1] == '0')
            n--;
        if (n && b[n - 1] == '.')
            n--;
    }
    put(s, b, n);
}

static void hex(struct svg *s, uint32_t col)
{
    static const char digits[] = "0123456789abcdef";
    char b[7];
    b[0] = '#';
    for (int i = 0; i < 6; i++)
        b[1 + i] = digits[(col >> (20 - 4 * i)) & 0xF];
    put(s, b, sizeof b);
}

static void color(struct svg *s, uint32_t col)
{
    if (col == CANVAS_NONE)
        lit(s, "none");
    else
        hex(s, col);
}

/* ` name="number"` with a literal name. */
#define attr_num(s, name, v)    \
    do {                        \
        lit(s, " " name "=\""); \
        num(s, v);              \
        lit(s, "\"");           \
    } while (0)

static const char *const hatch_names[CANVAS_HATCH_N] = {
    [CANVAS_HATCH_NONE] = "none",   [CANVAS_HATCH_DIAG] = "diag",
    [CANVAS_HATCH_BACKDIAG] = "bd", [CANVAS_HATCH_CROSS] = "cross",
    [CANVAS_HATCH_HORIZ] = "hz",    [CANVAS_HATCH_VERT] = "vt",
    [CANVAS_HATCH_DOTS] = "dots",   [CANVAS_HATCH_DENSE_DIAG] = "dd",
};

/* The id of a pattern: prefix-h-KIND-RRGGBB. The prefix was reduced to
 * [A-Za-z0-9_-] and the kind names are fixed, so esc() leaves them as is. */
static void pattern_id(struct svg *s, enum canvas_hatch kind, uint32_t col)
{
    esc(s, s->prefix);
    lit(s, "-h-");
    esc(s, hatch_names[kind]);
    lit(s, "-");
    char b[7];
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 6; i++)
        b[i] = digits[(col >> (20 - 4 * i)) & 0xF];
    put(s, b, 6);
}

/* Note that a pattern is used, so finish() defines it. */
static void use_pattern(struct svg *s, enum canvas_hatch kind, uint32_t col)
{
    for (size_t i = 0; i < s->n_pats; i++)
        if (s->pats[i].kind == kind && s->pats[i].color == col)
            return;
    if (s->n_pats == MAX_PATTERNS) {
        canvas_fail_(&s->base, ERR_LIMIT, "too many different hatch patterns");
        return;
    }
    s->pats[s->n_pats++] = (struct svg_pattern){ kind, col };
}

/* --- Shapes --------------------------------------------------------------- */

enum geom_kind { G_RECT, G_CIRCLE, G_PATH };

struct geom {
    enum geom_kind kind;
    double x, y, w, h, r;
    const struct canvas_point *pts;
    size_t n;
    bool closed;
};

/* The element and its geometry attributes, up to the paint attributes. */
static void open_geom(struct svg *s, const struct geom *g)
{
    switch (g->kind) {
    case G_RECT:
        lit(s, "<rect");
        attr_num(s, "x", g->x);
        attr_num(s, "y", g->y);
        attr_num(s, "width", g->w);
        attr_num(s, "height", g->h);
        break;
    case G_CIRCLE:
        lit(s, "<circle");
        attr_num(s, "cx", g->x);
        attr_num(s, "cy", g->y);
        attr_num(s, "r", g->r);
        break;
    case G_PATH:
        lit(s, "<path d=\"");
        for (size_t i = 0; i < g->n; i++) {
            if (i == 0)
                lit(s, "M");
            else
                lit(s, " L");
            num(s, g->pts[i].x);
            lit(s, " ");
            num(s, g->pts[i].y);
        }
        if (g->closed)
            lit(s, "Z");
        lit(s, "\"");
        break;
    }
}

static void stroke_attrs(struct svg *s, const struct geom *g, const struct canvas_style *st)
{
    if (st->stroke == CANVAS_NONE)
        return;
    lit(s, " stroke=\"");
    color(s, st->stroke);
    lit(s, "\"");
    attr_num(s, "stroke-width", st->stroke_width);
    if (st->dash > 0) {
        lit(s, " stroke-dasharray=\"");
        num(s, st->dash);
        lit(s, " ");
        num(s, st->dash);
        lit(s, "\"");
    }
    if (g->kind == G_PATH)
        lit(s, " stroke-linejoin=\"round\"");
}

/* Fill, then hatch, then outline: one element, or two when hatched (the
 * second filled with the pattern and carrying the outline). */
static void paint(struct svg *s, const struct geom *g, const struct canvas_style *st)
{
    open_geom(s, g);
    lit(s, " fill=\"");
    color(s, st->fill);
    lit(s, "\"");
    if (st->hatch == CANVAS_HATCH_NONE) {
        stroke_attrs(s, g, st);
        lit(s, "/>");
        return;
    }
    lit(s, "/>");
    use_pattern(s, st->hatch, st->hatch_color);
    open_geom(s, g);
    lit(s, " fill=\"url(#");
    pattern_id(s, st->hatch, st->hatch_color);
    lit(s, ")\"");
    stroke_attrs(s, g, st);
    lit(s, "/>");
}

static void svg_rect(struct canvas *c, double x, double y, double w, double h,
                     const struct canvas_style *st)
{
    paint(c->impl, &(struct geom){ .kind = G_RECT, .x = x, .y = y, .w = w, .h = h }, st);
}

static void svg_path(struct canvas *c, const struct canvas_point *pts, size_t n, bool closed,
                     const struct canvas_style *st)
{
    paint(c->impl, &(struct geom){ .kind = G_PATH, .pts = pts, .n = n, .closed = closed }, st);
}

static void svg_circle(struct canvas *c, double cx, double cy, double r,
                       const struct canvas_style *st)
{
    paint(c->impl, &(struct geom){ .kind = G_CIRCLE, .x = cx, .y = cy, .r = r }, st);
}

static void svg_text(struct canvas *c, double x, double y, const char *text,
                     const struct canvas_font *f)
{
    struct svg *s = c->impl;
    lit(s, "<text");
    attr_num(s, "x", x);
    attr_num(s, "y", y);
    attr_num(s, "font-size", f->size);
    if (f->bold)
        lit(s, " font-weight=\"bold\"");
    if (f->italic)
        lit(s, " font-style=\"italic\"");
    if (f->anchor == CANVAS_MIDDLE)
        lit(s, " text-anchor=\"middle\"");
    else if (f->anchor == CANVAS_END)
        lit(s, " text-anchor=\"end\"");
    lit(s, " fill=\"");
    color(s, f->color);
    lit(s, "\"");
    if (f->halo != CANVAS_NONE) {
        lit(s, " stroke=\"");
        color(s, f->halo);
        lit(s, "\"");
        attr_num(s, "stroke-width", f->size * HALO_WIDTH);
        lit(s, " stroke-linejoin=\"round\" paint-order=\"stroke\"");
    }
    if (f->rotate != 0) {
        lit(s, " transform=\"rotate(");
        num(s, f->rotate);
        lit(s, " ");
        num(s, x);
        lit(s, " ");
        num(s, y);
        lit(s, ")\"");
    }
    lit(s, ">");
    esc(s, text);
    lit(s, "</text>");
}

static double svg_text_width(struct canvas *c, const char *text, const struct canvas_font *f)
{
    (void)c;
    return canvas_text_width_estimate(text, f);
}

static void svg_group_begin(struct canvas *c, const char *title, const char *desc)
{
    struct svg *s = c->impl;
    lit(s, "<g>");
    if (*title) {
        lit(s, "<title>");
        esc(s, title);
        lit(s, "</title>");
    }
    if (*desc) {
        lit(s, "<desc>");
        esc(s, desc);
        lit(s, "</desc>");
    }
}

static void svg_group_end(struct canvas *c)
{
    lit((struct svg *)c->impl, "</g>");
}

/* One tile of a pattern, s x s, lines centred on the tile's lattice so that
 * tiles join up (the extra short strokes fill the corners). */
static void pattern_def(struct svg *s, const struct svg_pattern *p)
{
    double sp = canvas_hatch_spacing_(p->kind);
    lit(s, "<pattern id=\"");
    pattern_id(s, p->kind, p->color);
    lit(s, "\" patternUnits=\"userSpaceOnUse\"");
    attr_num(s, "width", sp);
    attr_num(s, "height", sp);
    lit(s, ">");
    if (p->kind == CANVAS_HATCH_DOTS) {
        lit(s, "<circle");
        attr_num(s, "cx", sp / 2);
        attr_num(s, "cy", sp / 2);
        attr_num(s, "r", CANVAS_HATCH_DOT_RADIUS);
        lit(s, " fill=\"");
        color(s, p->color);
        lit(s, "\"/></pattern>");
        return;
    }
    lit(s, "<path d=\"");
    bool diag = p->kind == CANVAS_HATCH_DIAG || p->kind == CANVAS_HATCH_DENSE_DIAG ||
                p->kind == CANVAS_HATCH_CROSS;
    bool back = p->kind == CANVAS_HATCH_BACKDIAG || p->kind == CANVAS_HATCH_CROSS;
    if (diag) { /* x + y = 0, s, 2s */
        lit(s, "M-1 1 L1 -1 M0 ");
        num(s, sp);
        lit(s, " L");
        num(s, sp);
        lit(s, " 0 M");
        num(s, sp - 1);
        lit(s, " ");
        num(s, sp + 1);
        lit(s, " L");
        num(s, sp + 1);
        lit(s, " ");
        num(s, sp - 1);
    }
    if (back) { /* x - y = 0, s, -s */
        lit(s, " M0 0 L");
        num(s, sp);
        lit(s, " ");
        num(s, sp);
        lit(s, " M");
        num(s, sp - 1);
        lit(s, " -1 L");
        num(s, sp + 1);
        lit(s, " 1 M-1 ");
        num(s, sp - 1);
        lit(s, " L1 ");
        num(s, sp + 1);
    }
    if (p->kind == CANVAS_HATCH_HORIZ) {
        lit(s, "M0 ");
        num(s, sp / 2);
        lit(s, " L");
        num(s, sp);
        lit(s, " ");
        num(s, sp / 2);
    }
    if (p->kind == CANVAS_HATCH_VERT) {
        lit(s, "M");
        num(s, sp / 2);
        lit(s, " 0 L");
        num(s, sp / 2);
        lit(s, " ");
        num(s, sp);
    }
    lit(s, "\" fill=\"none\" stroke=\"");
    color(s, p->color);
    lit(s, "\"");
    attr_num(s, "stroke-width", CANVAS_HATCH_LINE_WIDTH);
    lit(s, "/></pattern>");
}

static void svg_finish(struct canvas *c)
{
    struct svg *s = c->impl;
    /* canvas.c reports unbalanced groups; close them so the XML is whole. */
    for (int i = 0; i < c->depth; i++)
        lit(s, "</g>");
    if (s->n_pats) {
        lit(s, "<defs>");
        for (size_t i = 0; i < s->n_pats; i++)
            pattern_def(s, &s->pats[i]);
        lit(s, "</defs>");
    }
    lit(s, "</svg>");
    if (c->err) {
        /* Take back everything this SVG appended. */
        s->out->len = s->start;
        if (s->out->data)
            s->out->data[s->start] = '\0';
    }
}

static void svg_destroy(struct canvas *c)
{
    mem_free(c->impl);
}

static const struct canvas_ops svg_ops = {
    .rect = svg_rect,
    .path = svg_path,
    .circle = svg_circle,
    .text = svg_text,
    .text_width = svg_text_width,
    .group_begin = svg_group_begin,
    .group_end = svg_group_end,
    .finish = svg_finish,
    .destroy = svg_destroy,
};

int canvas_svg_new(struct canvas **cv, struct buf *out, double width, double height,
                   const char *title, const char *desc, const char *id_prefix, struct err *e)
{
    *cv = NULL;
    if (!isfinite(width) || !isfinite(height) || width <= 0 || height <= 0 ||
        width > CANVAS_SVG_MAX_SIZE || height > CANVAS_SVG_MAX_SIZE)
        return err_set(e, ERR_INPUT, "an SVG picture must be between 0 and %.0f units each way",
                       CANVAS_SVG_MAX_SIZE);
    if (str_blank(title))
        return err_set(e, ERR_INPUT, "an SVG picture needs a title (its accessible name)");
    struct svg *s = mem_calloc(1, sizeof *s);
    char *t = canvas_text_clean(title, CANVAS_TEXT_MAX, false);
    char *d = canvas_text_clean(desc, CANVAS_TEXT_MAX, true);
    if (!s || !t || !d) {
        mem_free(s);
        mem_free(t);
        mem_free(d);
        return err_set(e, ERR_NOMEM, "out of memory");
    }
    canvas_init_(&s->base, &svg_ops, width, height, s);
    s->out = out;
    s->start = out->len;
    size_t k = 0;
    for (const char *p = id_prefix ? id_prefix : ""; *p && k < PREFIX_MAX; p++)
        if (g_ascii_isalnum(*p) || *p == '-' || *p == '_')
            s->prefix[k++] = *p;
    if (k == 0 || !g_ascii_isalpha(s->prefix[0])) {
        /* ids must start with a letter */
        memmove(s->prefix + 1, s->prefix, k < PREFIX_MAX ? k : PREFIX_MAX - 1);
        s->prefix[0] = 'c';
        k = k < PREFIX_MAX ? k + 1 : PREFIX_MAX;
    }
    s->prefix[k] = '\0';

    lit(s, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ");
    num(s, width);
    lit(s, " ");
    num(s, height);
    lit(s, "\"");
    attr_num(s, "width", width);
    attr_num(s, "height", height);
    lit(s, " role=\"img\" aria-labelledby=\"");
    esc(s, s->prefix);
    lit(s, "-title\"");
    if (*d) {
        lit(s, " aria-describedby=\"");
        esc(s, s->prefix);
        lit(s, "-desc\"");
    }
    lit(s, " font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\"><title id=\"");
    esc(s, s->prefix);
    lit(s, "-title\">");
    esc(s, t);
    lit(s, "</title>");
    if (*d) {
        lit(s, "<desc id=\"");
        esc(s, s->prefix);
        lit(s, "-desc\">");
        esc(s, d);
        lit(s, "</desc>");
    }
    mem_free(t);
    mem_free(d);
    int rc = s->base.err;
    if (rc) {
        svg_finish(&s->base); /* takes back what was written */
        mem_free(s);
        return err_set(e, rc, "SVG: %s",
                       rc == ERR_LIMIT ? "the output is too large" : "out of memory");
    }
    *cv = &s->base;
    return 0;
}

int canvas_svg_render(struct buf *out, double width, double height, const char *title,
                      const char *desc, const char *id_prefix, canvas_draw_fn fn, void *ctx,
                      struct err *e)
{
    struct canvas *c;
    int rc = canvas_svg_new(&c, out, width, height, title, desc, id_prefix, e);
    if (rc)
        return rc;
    int drc = fn(c, ctx);
    if (drc)
        canvas_fail_(c, drc, "the chart could not be drawn");
    rc = canvas_finish(c);
    if (rc)
        err_set(e, rc, "SVG picture '%.80s': %s", title, canvas_error_text(c));
    canvas_free(c);
    return rc;
}
