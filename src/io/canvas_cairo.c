#include "io/canvas_cairo.h"

#include <errno.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/mem.h"

#define FONT_FAMILY "DejaVu Sans,sans-serif"
#define HALO_WIDTH  0.3 /* of the font size, as in the SVG backend */
/* Safety valve for hatching a huge area: at most this many lines or dots. */
#define MAX_HATCH_MARKS 200000

struct cc {
    struct canvas base;
    cairo_t *cr;
    PangoLayout *layout; /* made on first use */
};

static void set_color(cairo_t *cr, uint32_t col)
{
    cairo_set_source_rgb(cr, ((col >> 16) & 0xFF) / 255.0, ((col >> 8) & 0xFF) / 255.0,
                         (col & 0xFF) / 255.0);
}

enum geom_kind { G_RECT, G_CIRCLE, G_PATH };

struct geom {
    enum geom_kind kind;
    double x, y, w, h, r;
    const struct canvas_point *pts;
    size_t n;
    bool closed;
};

static void trace(cairo_t *cr, const struct geom *g)
{
    cairo_new_path(cr);
    switch (g->kind) {
    case G_RECT:
        cairo_rectangle(cr, g->x, g->y, g->w, g->h);
        break;
    case G_CIRCLE:
        cairo_new_sub_path(cr);
        cairo_arc(cr, g->x, g->y, g->r, 0, 2 * M_PI);
        cairo_close_path(cr);
        break;
    case G_PATH:
        cairo_move_to(cr, g->pts[0].x, g->pts[0].y);
        for (size_t i = 1; i < g->n; i++)
            cairo_line_to(cr, g->pts[i].x, g->pts[i].y);
        if (g->closed)
            cairo_close_path(cr);
        break;
    }
}

/* Lines of the family a*x + b*y = k*sp (a, b in {-1, 0, 1}, offset by off)
 * across the box, as one path. */
static long hatch_family(cairo_t *cr, double x0, double y0, double x1, double y1, double sp, int a,
                         int b, double off, long budget)
{
    /* The range of a*x + b*y over the box. */
    double lo = fmin(a * x0, a * x1) + fmin(b * y0, b * y1);
    double hi = fmax(a * x0, a * x1) + fmax(b * y0, b * y1);
    long k0 = (long)floor((lo - off) / sp) - 1, k1 = (long)ceil((hi - off) / sp) + 1;
    long n = 0;
    for (long k = k0; k <= k1 && n < budget; k++, n++) {
        double v = k * sp + off;
        if (b == 0) { /* vertical: x = v */
            cairo_move_to(cr, v, y0);
            cairo_line_to(cr, v, y1);
        } else if (a == 0) { /* horizontal: y = v */
            cairo_move_to(cr, x0, v);
            cairo_line_to(cr, x1, v);
        } else { /* y = (v - a*x) / b */
            cairo_move_to(cr, x0, (v - a * x0) / b);
            cairo_line_to(cr, x1, (v - a * x1) / b);
        }
    }
    return n;
}

/* Draw the hatch over the current clip, matching the SVG tiles: diagonals
 * x + y = k*sp and x - y = k*sp, horizontals y = k*sp + sp/2, and so on. */
static void hatch(cairo_t *cr, enum canvas_hatch kind, uint32_t col)
{
    double x0, y0, x1, y1;
    cairo_clip_extents(cr, &x0, &y0, &x1, &y1);
    if (!(x1 > x0 && y1 > y0))
        return;
    double sp = canvas_hatch_spacing_(kind);
    set_color(cr, col);
    if (kind == CANVAS_HATCH_DOTS) {
        long i0 = (long)floor(x0 / sp) - 1, i1 = (long)ceil(x1 / sp);
        long j0 = (long)floor(y0 / sp) - 1, j1 = (long)ceil(y1 / sp);
        if ((double)(i1 - i0 + 1) * (double)(j1 - j0 + 1) > MAX_HATCH_MARKS)
            return;
        cairo_new_path(cr);
        for (long i = i0; i <= i1; i++) {
            for (long j = j0; j <= j1; j++) {
                cairo_new_sub_path(cr);
                cairo_arc(cr, i * sp + sp / 2, j * sp + sp / 2, CANVAS_HATCH_DOT_RADIUS, 0,
                          2 * M_PI);
            }
        }
        cairo_fill(cr);
        return;
    }
    cairo_new_path(cr);
    long budget = MAX_HATCH_MARKS;
    switch (kind) {
    case CANVAS_HATCH_DIAG:
    case CANVAS_HATCH_DENSE_DIAG:
        hatch_family(cr, x0, y0, x1, y1, sp, 1, 1, 0, budget);
        break;
    case CANVAS_HATCH_BACKDIAG:
        hatch_family(cr, x0, y0, x1, y1, sp, 1, -1, 0, budget);
        break;
    case CANVAS_HATCH_CROSS:
        budget -= hatch_family(cr, x0, y0, x1, y1, sp, 1, 1, 0, budget);
        hatch_family(cr, x0, y0, x1, y1, sp, 1, -1, 0, budget);
        break;
    case CANVAS_HATCH_HORIZ:
        hatch_family(cr, x0, y0, x1, y1, sp, 0, 1, sp / 2, budget);
        break;
    case CANVAS_HATCH_VERT:
        hatch_family(cr, x0, y0, x1, y1, sp, 1, 0, sp / 2, budget);
        break;
    default:
        break;
    }
    cairo_set_line_width(cr, CANVAS_HATCH_LINE_WIDTH);
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    cairo_stroke(cr);
}

static void paint(struct cc *k, const struct geom *g, const struct canvas_style *st)
{
    cairo_t *cr = k->cr;
    cairo_save(cr);
    if (st->fill != CANVAS_NONE) {
        trace(cr, g);
        set_color(cr, st->fill);
        cairo_fill(cr);
    }
    if (st->hatch != CANVAS_HATCH_NONE) {
        cairo_save(cr);
        trace(cr, g);
        cairo_clip(cr);
        hatch(cr, st->hatch, st->hatch_color);
        cairo_restore(cr);
    }
    if (st->stroke != CANVAS_NONE) {
        trace(cr, g);
        set_color(cr, st->stroke);
        cairo_set_line_width(cr, st->stroke_width);
        if (st->dash > 0)
            cairo_set_dash(cr, (double[]){ st->dash, st->dash }, 2, 0);
        else
            cairo_set_dash(cr, NULL, 0, 0);
        cairo_set_line_join(cr, g->kind == G_PATH ? CAIRO_LINE_JOIN_ROUND : CAIRO_LINE_JOIN_MITER);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
        cairo_stroke(cr);
    }
    cairo_new_path(cr);
    cairo_restore(cr);
}

static void cc_rect(struct canvas *c, double x, double y, double w, double h,
                    const struct canvas_style *st)
{
    paint(c->impl, &(struct geom){ .kind = G_RECT, .x = x, .y = y, .w = w, .h = h }, st);
}

static void cc_path(struct canvas *c, const struct canvas_point *pts, size_t n, bool closed,
                    const struct canvas_style *st)
{
    paint(c->impl, &(struct geom){ .kind = G_PATH, .pts = pts, .n = n, .closed = closed }, st);
}

static void cc_circle(struct canvas *c, double cx, double cy, double r,
                      const struct canvas_style *st)
{
    paint(c->impl, &(struct geom){ .kind = G_CIRCLE, .x = cx, .y = cy, .r = r }, st);
}

/* The cached layout, set up for this text and font; NULL when out of memory. */
static PangoLayout *layout_for(struct cc *k, const char *text, const struct canvas_font *f)
{
    if (!k->layout) {
        k->layout = pango_cairo_create_layout(k->cr);
        if (!k->layout)
            return NULL;
        PangoContext *pc = pango_layout_get_context(k->layout);
        cairo_font_options_t *fo = cairo_font_options_create();
        cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
        pango_cairo_context_set_font_options(pc, fo);
        cairo_font_options_destroy(fo);
        pango_context_set_round_glyph_positions(pc, FALSE);
    }
    pango_cairo_update_layout(k->cr, k->layout);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, FONT_FAMILY);
    pango_font_description_set_absolute_size(fd, f->size * PANGO_SCALE);
    pango_font_description_set_weight(fd, f->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(fd, f->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    pango_layout_set_font_description(k->layout, fd);
    pango_font_description_free(fd);
    pango_layout_set_text(k->layout, text, -1); /* plain text: never parsed as markup */
    return k->layout;
}

static double cc_text_width(struct canvas *c, const char *text, const struct canvas_font *f)
{
    struct cc *k = c->impl;
    PangoLayout *l = layout_for(k, text, f);
    if (!l)
        return 0;
    PangoRectangle logical;
    pango_layout_get_extents(l, NULL, &logical);
    return (double)logical.width / PANGO_SCALE;
}

static void cc_text(struct canvas *c, double x, double y, const char *text,
                    const struct canvas_font *f)
{
    struct cc *k = c->impl;
    cairo_t *cr = k->cr;
    cairo_save(cr);
    cairo_translate(cr, x, y);
    if (f->rotate != 0)
        cairo_rotate(cr, f->rotate * M_PI / 180);
    PangoLayout *l = layout_for(k, text, f);
    if (l) {
        PangoRectangle logical;
        pango_layout_get_extents(l, NULL, &logical);
        double w = (double)logical.width / PANGO_SCALE;
        double dx = f->anchor == CANVAS_MIDDLE ? -w / 2 : f->anchor == CANVAS_END ? -w : 0;
        double base = (double)pango_layout_get_baseline(l) / PANGO_SCALE;
        if (f->halo != CANVAS_NONE) {
            /* Stroke the outline of the letters, then draw the letters as
             * text on top (so PDF text stays selectable and searchable). */
            cairo_move_to(cr, dx, -base);
            pango_cairo_layout_path(cr, l);
            set_color(cr, f->halo);
            cairo_set_line_width(cr, f->size * HALO_WIDTH);
            cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
            cairo_stroke(cr);
        }
        set_color(cr, f->color);
        cairo_move_to(cr, dx, -base);
        pango_cairo_show_layout(cr, l);
    } else {
        canvas_fail_(c, ERR_NOMEM, "out of memory");
    }
    cairo_new_path(cr);
    cairo_restore(cr);
}

static void cc_group_begin(struct canvas *c, const char *title, const char *desc)
{
    /* Titles are for the SVG's accessibility tree; pdfdoc describes
     * pictures in the text around them. */
    struct cc *k = c->impl;
    cairo_save(k->cr);
}

static void cc_group_end(struct canvas *c)
{
    struct cc *k = c->impl;
    cairo_restore(k->cr);
}

static void cc_finish(struct canvas *c)
{
    struct cc *k = c->impl;
    for (int i = 0; i < c->depth; i++)
        cairo_restore(k->cr);
    cairo_restore(k->cr); /* the save in canvas_cairo_new() */
    cairo_status_t st = cairo_status(k->cr);
    if (st != CAIRO_STATUS_SUCCESS)
        canvas_fail_(c, st == CAIRO_STATUS_NO_MEMORY ? ERR_NOMEM : ERR_INPUT,
                     "cairo could not draw the picture");
}

static void cc_destroy(struct canvas *c)
{
    struct cc *k = c->impl;
    if (k->layout)
        g_object_unref(k->layout);
    mem_free(k);
}

static const struct canvas_ops cc_ops = {
    .rect = cc_rect,
    .path = cc_path,
    .circle = cc_circle,
    .text = cc_text,
    .text_width = cc_text_width,
    .group_begin = cc_group_begin,
    .group_end = cc_group_end,
    .finish = cc_finish,
    .destroy = cc_destroy,
};

static bool size_ok(double width, double height)
{
    return isfinite(width) && isfinite(height) && width > 0 && height > 0 && width <= 1e6 &&
           height <= 1e6;
}

int canvas_cairo_new(struct canvas **cv, cairo_t *cr, double width, double height, struct err *e)
{
    *cv = NULL;
    if (!size_ok(width, height))
        return err_set(e, ERR_INPUT, "a picture must have a positive width and height");
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
        return err_set(e, ERR_INPUT, "cairo: %s", cairo_status_to_string(cairo_status(cr)));
    struct cc *k = mem_calloc(1, sizeof *k);
    if (!k)
        return err_set(e, ERR_NOMEM, "out of memory");
    canvas_init_(&k->base, &cc_ops, width, height, k);
    k->cr = cr;
    cairo_save(cr);
    cairo_new_path(cr);
    *cv = &k->base;
    return 0;
}

int canvas_cairo_draw(cairo_t *cr, double width, double height, canvas_draw_fn fn, void *ctx,
                      struct err *e)
{
    struct canvas *c;
    int rc = canvas_cairo_new(&c, cr, width, height, e);
    if (rc)
        return rc;
    int drc = fn(c, ctx);
    if (drc)
        canvas_fail_(c, drc, "the chart could not be drawn");
    rc = canvas_finish(c);
    if (rc)
        err_set(e, rc, "picture: %s", canvas_error_text(c));
    canvas_free(c);
    return rc;
}

/* Draw the picture into a new white image surface. */
static int render_image(cairo_surface_t **out, double width, double height, double scale,
                        canvas_draw_fn fn, void *ctx, struct err *e)
{
    *out = NULL;
    if (!size_ok(width, height) || !isfinite(scale) || scale <= 0)
        return err_set(e, ERR_INPUT, "a PNG needs a positive width, height and scale");
    double pw = ceil(width * scale), ph = ceil(height * scale);
    if (pw > CANVAS_PNG_MAX_PIXELS || ph > CANVAS_PNG_MAX_PIXELS)
        return err_set(e, ERR_LIMIT, "a PNG may be at most %d pixels each way",
                       CANVAS_PNG_MAX_PIXELS);
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)pw, (int)ph);
    if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(img);
        return err_set(e, ERR_NOMEM, "out of memory for a %.0f x %.0f image", pw, ph);
    }
    cairo_t *cr = cairo_create(img);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, scale, scale);
    int rc = canvas_cairo_draw(cr, width, height, fn, ctx, e);
    cairo_destroy(cr);
    if (rc) {
        cairo_surface_destroy(img);
        return rc;
    }
    cairo_surface_flush(img);
    *out = img;
    return 0;
}

struct png_sink {
    struct buf *buf;
    FILE *f;
    int rc;
};

static cairo_status_t png_write(void *closure, const unsigned char *data, unsigned int len)
{
    struct png_sink *s = closure;
    if (s->buf) {
        int rc = buf_add(s->buf, data, len);
        if (rc) {
            s->rc = rc;
            return CAIRO_STATUS_WRITE_ERROR;
        }
    } else if (fwrite(data, 1, len, s->f) != len) {
        s->rc = ERR_STORAGE;
        return CAIRO_STATUS_WRITE_ERROR;
    }
    return CAIRO_STATUS_SUCCESS;
}

int canvas_png_mem(struct buf *out, double width, double height, double scale, canvas_draw_fn fn,
                   void *ctx, struct err *e)
{
    cairo_surface_t *img;
    int rc = render_image(&img, width, height, scale, fn, ctx, e);
    if (rc)
        return rc;
    size_t start = out->len;
    struct png_sink sink = { .buf = out };
    cairo_status_t st = cairo_surface_write_to_png_stream(img, png_write, &sink);
    cairo_surface_destroy(img);
    if (st != CAIRO_STATUS_SUCCESS) {
        out->len = start;
        if (out->data)
            out->data[start] = '\0';
        rc = sink.rc ? sink.rc : ERR_NOMEM;
        return err_set(e, rc, "PNG: %s",
                       rc == ERR_LIMIT ? "the image is too large" : cairo_status_to_string(st));
    }
    return 0;
}

int canvas_png_file(const char *path, double width, double height, double scale, canvas_draw_fn fn,
                    void *ctx, struct err *e)
{
    cairo_surface_t *img;
    int rc = render_image(&img, width, height, scale, fn, ctx, e);
    if (rc)
        return rc;
    /* Write beside the target, then rename, so a reader never sees half. */
    size_t n = strlen(path);
    char *tmp = mem_malloc(n + 8);
    if (!tmp) {
        cairo_surface_destroy(img);
        return err_set(e, ERR_NOMEM, "out of memory");
    }
    memcpy(tmp, path, n);
    memcpy(tmp + n, ".XXXXXX", 8);
    int fd = mkstemp(tmp);
    FILE *f = fd < 0 ? NULL : fdopen(fd, "wb");
    if (!f) {
        rc = err_set(e, ERR_STORAGE, "%s: %s", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(tmp);
        }
        goto done;
    }
    struct png_sink sink = { .f = f };
    cairo_status_t st = cairo_surface_write_to_png_stream(img, png_write, &sink);
    int werr = st != CAIRO_STATUS_SUCCESS ? (errno ? errno : EIO) : 0;
    if (fclose(f) != 0 && !werr)
        werr = errno ? errno : EIO;
    if (werr || rename(tmp, path) != 0) {
        if (!werr)
            werr = errno;
        unlink(tmp);
        rc = err_set(e, ERR_STORAGE, "%s: could not write the PNG: %s", path, strerror(werr));
    }
done:
    mem_free(tmp);
    cairo_surface_destroy(img);
    return rc;
}
