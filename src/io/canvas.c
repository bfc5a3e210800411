#include "io/canvas.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#include "core/err.h"
#include "core/mem.h"

/* Cap height of DejaVu Sans (0.729 em); Verdana and Arial are within 2%. */
#define CAP_HEIGHT 0.729

#define BAD_NUMBER "a coordinate or size is not a finite number"

void canvas_init_(struct canvas *c, const struct canvas_ops *ops, double width, double height,
                  void *impl)
{
    memset(c, 0, sizeof *c);
    c->ops = ops;
    c->width = width;
    c->height = height;
    c->impl = impl;
}

double canvas_width(const struct canvas *c)
{
    return c->width;
}

double canvas_height(const struct canvas *c)
{
    return c->height;
}

int canvas_status(const struct canvas *c)
{
    return c->err;
}

const char *canvas_error_text(const struct canvas *c)
{
    return c->err ? c->why : "";
}

int canvas_fail_(struct canvas *c, int code, const char *why)
{
    if (!c->err && code) {
        c->err = code;
        c->why = why;
    }
    return c->err;
}

int canvas_fail(struct canvas *c, int code)
{
    return canvas_fail_(c, code, err_name(code));
}

/* True when drawing may go ahead. */
static bool ready(struct canvas *c)
{
    if (c->err)
        return false;
    if (c->finished) {
        canvas_fail_(c, ERR_INPUT, "drawing after the picture was finished");
        return false;
    }
    return true;
}

static bool finite_all(const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i]))
            return false;
    return true;
}

static bool color_ok(uint32_t col)
{
    /* Either "none" or CANVAS_RGB(...); a bare 0xRRGGBB is a mistake. */
    return col == CANVAS_NONE || (col >> 24) == 1;
}

/* Check a style and fill in defaults; NULL gives a 1-unit INK outline. */
static bool norm_style(struct canvas *c, const struct canvas_style *in, struct canvas_style *out)
{
    if (!in) {
        *out = (struct canvas_style){ .stroke = CANVAS_INK, .stroke_width = 1 };
        return true;
    }
    *out = *in;
    if (!color_ok(out->fill) || !color_ok(out->stroke) || !color_ok(out->hatch_color) ||
        (unsigned)out->hatch >= CANVAS_HATCH_N || !isfinite(out->stroke_width) ||
        out->stroke_width < 0 || !isfinite(out->dash) || out->dash < 0) {
        canvas_fail_(c, ERR_INPUT, "invalid style (use CANVAS_RGB() for colours)");
        return false;
    }
    if (out->stroke_width == 0)
        out->stroke_width = 1;
    if (out->hatch != CANVAS_HATCH_NONE && out->hatch_color == CANVAS_NONE)
        out->hatch_color = CANVAS_GREY_DARK;
    return true;
}

static bool norm_font(struct canvas *c, const struct canvas_font *in, struct canvas_font *out)
{
    *out = in ? *in : (struct canvas_font){ 0 };
    if (!isfinite(out->size) || out->size < 0 || !isfinite(out->rotate) ||
        (unsigned)out->anchor > CANVAS_END || (unsigned)out->valign > CANVAS_CAP_TOP ||
        !color_ok(out->color) || !color_ok(out->halo)) {
        canvas_fail_(c, ERR_INPUT, "invalid font (use CANVAS_RGB() for colours)");
        return false;
    }
    if (out->size == 0)
        out->size = 12;
    if (out->color == CANVAS_NONE)
        out->color = CANVAS_INK;
    return true;
}

void canvas_rect(struct canvas *c, double x, double y, double w, double h,
                 const struct canvas_style *s)
{
    struct canvas_style st;
    if (!ready(c) || !norm_style(c, s, &st))
        return;
    if (!finite_all((double[]){ x, y, w, h }, 4)) {
        canvas_fail_(c, ERR_INPUT, BAD_NUMBER);
        return;
    }
    if (w < 0) {
        x += w;
        w = -w;
    }
    if (h < 0) {
        y += h;
        h = -h;
    }
    c->ops->rect(c, x, y, w, h, &st);
}

static void path(struct canvas *c, const struct canvas_point *pts, size_t n, bool closed,
                 const struct canvas_style *s)
{
    struct canvas_style st;
    if (!ready(c) || !norm_style(c, s, &st))
        return;
    if (!pts || n < (closed ? 3u : 2u) || n > 100000) {
        canvas_fail_(c, ERR_INPUT, "a line needs 2 points and a polygon 3");
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(pts[i].x) || !isfinite(pts[i].y)) {
            canvas_fail_(c, ERR_INPUT, BAD_NUMBER);
            return;
        }
    }
    if (!closed) {
        st.fill = CANVAS_NONE;
        st.hatch = CANVAS_HATCH_NONE;
    }
    c->ops->path(c, pts, n, closed, &st);
}

void canvas_line(struct canvas *c, double x1, double y1, double x2, double y2,
                 const struct canvas_style *s)
{
    struct canvas_point p[2] = { { x1, y1 }, { x2, y2 } };
    path(c, p, 2, false, s);
}

void canvas_polyline(struct canvas *c, const struct canvas_point *pts, size_t n,
                     const struct canvas_style *s)
{
    path(c, pts, n, false, s);
}

void canvas_polygon(struct canvas *c, const struct canvas_point *pts, size_t n,
                    const struct canvas_style *s)
{
    path(c, pts, n, true, s);
}

void canvas_circle(struct canvas *c, double cx, double cy, double r, const struct canvas_style *s)
{
    struct canvas_style st;
    if (!ready(c) || !norm_style(c, s, &st))
        return;
    if (!finite_all((double[]){ cx, cy, r }, 3) || r < 0) {
        canvas_fail_(c, ERR_INPUT, BAD_NUMBER);
        return;
    }
    c->ops->circle(c, cx, cy, r, &st);
}

void canvas_marker(struct canvas *c, double x, double y, double size, enum canvas_marker shape,
                   const struct canvas_style *s)
{
    if (!ready(c))
        return;
    if (!finite_all((double[]){ x, y, size }, 3) || size < 0 || (unsigned)shape >= CANVAS_MARK_N) {
        canvas_fail_(c, ERR_INPUT, BAD_NUMBER);
        return;
    }
    double h = size / 2, t = size / 6;
    switch (shape) {
    case CANVAS_MARK_CIRCLE:
        canvas_circle(c, x, y, h, s);
        break;
    case CANVAS_MARK_SQUARE:
        /* A little smaller, so its area is close to the circle's. */
        canvas_rect(c, x - h * 0.9, y - h * 0.9, size * 0.9, size * 0.9, s);
        break;
    case CANVAS_MARK_TRIANGLE: {
        struct canvas_point p[] = { { x, y - h * 1.1 },
                                    { x + h, y + h * 0.8 },
                                    { x - h, y + h * 0.8 } };
        canvas_polygon(c, p, 3, s);
        break;
    }
    case CANVAS_MARK_DIAMOND: {
        struct canvas_point p[] = {
            { x, y - h * 1.1 }, { x + h, y }, { x, y + h * 1.1 }, { x - h, y }
        };
        canvas_polygon(c, p, 4, s);
        break;
    }
    case CANVAS_MARK_CROSS: {
        struct canvas_point p[] = { { x - t, y - h }, { x + t, y - h }, { x + t, y - t },
                                    { x + h, y - t }, { x + h, y + t }, { x + t, y + t },
                                    { x + t, y + h }, { x - t, y + h }, { x - t, y + t },
                                    { x - h, y + t }, { x - h, y - t }, { x - t, y - t } };
        canvas_polygon(c, p, 12, s);
        break;
    }
    default:
        break;
    }
}

void canvas_text(struct canvas *c, double x, double y, const char *utf8,
                 const struct canvas_font *f)
{
    struct canvas_font fo;
    if (!ready(c) || !norm_font(c, f, &fo))
        return;
    if (!finite_all((double[]){ x, y }, 2)) {
        canvas_fail_(c, ERR_INPUT, BAD_NUMBER);
        return;
    }
    if (!utf8 || !*utf8)
        return;
    char *t = canvas_text_clean(utf8, CANVAS_TEXT_MAX, false);
    if (!t) {
        canvas_fail_(c, ERR_NOMEM, "out of memory");
        return;
    }
    /* Move from the requested vertical position to the baseline, along the
     * text's own (possibly rotated) vertical axis. */
    double off = fo.valign == CANVAS_CAP_MIDDLE ? fo.size * CAP_HEIGHT / 2
                 : fo.valign == CANVAS_CAP_TOP  ? fo.size * CAP_HEIGHT
                                                : 0;
    double a = fo.rotate * M_PI / 180;
    double bx = x - off * sin(a), by = y + off * cos(a);
    if (*t)
        c->ops->text(c, bx, by, t, &fo);
    mem_free(t);
}

/* Typical advance widths of DejaVu Sans, in em. */
static double char_em(gunichar ch)
{
    if (ch == ' ')
        return 0.318;
    if (ch < 0x80) {
        if (strchr("iljI!.,:;'|", (int)ch))
            return 0.29;
        if (strchr("ftr()[]{}", (int)ch))
            return 0.4;
        if (ch == 'm' || ch == 'w')
            return 0.9;
        if (ch == 'M' || ch == 'W')
            return 0.96;
        if (ch >= '0' && ch <= '9')
            return 0.636;
        if (ch >= 'A' && ch <= 'Z')
            return 0.7;
        if (ch >= 'a' && ch <= 'z')
            return 0.6;
        return 0.55;
    }
    if (g_unichar_iswide(ch))
        return 1.0;
    return 0.62;
}

double canvas_text_width_estimate(const char *utf8, const struct canvas_font *f)
{
    if (!utf8 || !f || !g_utf8_validate(utf8, -1, NULL))
        return 0;
    double em = 0, size = f->size > 0 ? f->size : 12;
    for (const char *p = utf8; *p; p += g_utf8_skip[*(const guchar *)p])
        em += char_em(g_utf8_get_char(p));
    return em * size * (f->bold ? 1.1 : 1.0);
}

double canvas_text_width(struct canvas *c, const char *utf8, const struct canvas_font *f)
{
    struct canvas_font fo;
    if (c->err || !norm_font(c, f, &fo) || !utf8 || !*utf8)
        return 0;
    char *t = canvas_text_clean(utf8, CANVAS_TEXT_MAX, false);
    if (!t) {
        canvas_fail_(c, ERR_NOMEM, "out of memory");
        return 0;
    }
    double w = c->ops->text_width(c, t, &fo);
    mem_free(t);
    return w;
}

void canvas_group_begin(struct canvas *c, const char *title, const char *desc)
{
    if (!ready(c))
        return;
    if (c->depth >= CANVAS_MAX_DEPTH) {
        canvas_fail_(c, ERR_LIMIT, "groups are nested too deeply");
        return;
    }
    char *t = canvas_text_clean(title, CANVAS_TEXT_MAX, false);
    char *d = canvas_text_clean(desc, CANVAS_TEXT_MAX, true);
    if (t && d) {
        c->ops->group_begin(c, t, d);
        c->depth++;
    } else {
        canvas_fail_(c, ERR_NOMEM, "out of memory");
    }
    mem_free(t);
    mem_free(d);
}

void canvas_group_end(struct canvas *c)
{
    if (!ready(c))
        return;
    if (c->depth == 0) {
        canvas_fail_(c, ERR_INPUT, "canvas_group_end() without a group");
        return;
    }
    c->ops->group_end(c);
    c->depth--;
}

double canvas_legend_item(struct canvas *c, double x, double y, const struct canvas_style *s,
                          const char *label, const struct canvas_font *f)
{
    struct canvas_style st = s ? *s : (struct canvas_style){ 0 };
    if (st.stroke == CANVAS_NONE) {
        st.stroke = CANVAS_GREY_DARK;
        st.stroke_width = 1;
    }
    canvas_rect(c, x, y, 14, 14, &st);
    struct canvas_font fo = f ? *f : (struct canvas_font){ 0 };
    fo.anchor = CANVAS_START;
    fo.valign = CANVAS_CAP_MIDDLE;
    fo.rotate = 0;
    canvas_text(c, x + 20, y + 7, label, &fo);
    return 20 + canvas_text_width(c, label, &fo);
}

uint32_t canvas_series_color(size_t i)
{
    static const uint32_t cols[] = { CANVAS_BLUE,   CANVAS_VERMILLION, CANVAS_GREEN,
                                     CANVAS_PURPLE, CANVAS_ORANGE,     CANVAS_SKY };
    return cols[i % (sizeof cols / sizeof cols[0])];
}

enum canvas_marker canvas_series_marker(size_t i)
{
    return (enum canvas_marker)(i % CANVAS_MARK_N);
}

double canvas_hatch_spacing_(enum canvas_hatch h)
{
    switch (h) {
    case CANVAS_HATCH_DIAG:
    case CANVAS_HATCH_BACKDIAG:
    case CANVAS_HATCH_CROSS:
        return 8;
    case CANVAS_HATCH_DENSE_DIAG:
        return 4;
    case CANVAS_HATCH_HORIZ:
    case CANVAS_HATCH_VERT:
    case CANVAS_HATCH_DOTS:
        return 6;
    default:
        return 8;
    }
}

int canvas_finish(struct canvas *c)
{
    if (c->finished)
        return c->err;
    if (c->depth != 0)
        canvas_fail_(c, ERR_INPUT, "a group was not ended");
    c->ops->finish(c);
    c->finished = true;
    return c->err;
}

void canvas_free(struct canvas *c)
{
    if (c)
        c->ops->destroy(c);
}

/* Decode one UTF-8 character at s (n bytes available). Returns its length
 * and sets *cp, or returns 0 for an invalid sequence. */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char b = s[0];
    if (b < 0x80) {
        *cp = b;
        return 1;
    }
    size_t len;
    uint32_t v, min;
    if ((b & 0xE0) == 0xC0) {
        len = 2, v = b & 0x1F, min = 0x80;
    } else if ((b & 0xF0) == 0xE0) {
        len = 3, v = b & 0x0F, min = 0x800;
    } else if ((b & 0xF8) == 0xF0) {
        len = 4, v = b & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

char *canvas_text_clean(const char *in, size_t max_bytes, bool keep_newlines)
{
    if (!in)
        in = "";
    if (max_bytes == 0)
        max_bytes = CANVAS_TEXT_MAX;
    size_t n = strnlen(in, max_bytes + 1);
    bool cut = n > max_bytes;
    if (cut)
        n = max_bytes;
    if (n > (SIZE_MAX - 1) / 3)
        return NULL;
    /* Each input byte becomes at most 3 output bytes (U+FFFD). */
    char *out = mem_malloc(n * 3 + 1);
    if (!out)
        return NULL;
    const unsigned char *s = (const unsigned char *)in;
    size_t i = 0, o = 0;
    while (i < n) {
        uint32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        if (len == 0) {
            if (n - i < 4 && cut)
                break; /* a character cut by the length cap: drop it */
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
            continue;
        }
        if (cp == '\n' && keep_newlines) {
            out[o++] = '\n';
        } else if (cp == '\t' || cp == '\n') {
            out[o++] = ' ';
        } else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
            /* control characters are dropped (\r included) */
        } else if (cp == 0xFFFE || cp == 0xFFFF) {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
        } else {
            memcpy(out + o, s + i, len);
            o += len;
        }
        i += len;
    }
    out[o] = '\0';
    return out;
}
