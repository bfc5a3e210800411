#include "io/pdfdoc.h"

/* Size: one unit. A document is built as a list of blocks and then laid out
 * and drawn in one pass over them (two when counting pages); both halves
 * work on the private struct pdfdoc, blk and table, which a split would have
 * to publish in a header. */

#include <cairo-pdf.h>
#include <cairo.h>
#include <errno.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/i18n.h"
#include "core/mem.h"
#include "io/canvas_cairo.h"

/* The page, in points. */
#define PAGE_W      595.276 /* A4 */
#define PAGE_H      841.89
#define MARGIN_X    72.0
#define TEXT_W      (PAGE_W - 2 * MARGIN_X)
#define BODY_TOP    78.0
#define BODY_BOTTOM (PAGE_H - 72.0)
#define HEADER_Y    36.0 /* top of the header text */
#define RULE_Y      56.0 /* the line under the header */
#define FOOTER_Y    (PAGE_H - 50.0)
#define SMALL_SIZE  10.0 /* header and footer */

#define FONT          "DejaVu Sans,sans-serif"
#define LINE_SPACING  1.25f /* baseline to baseline, times the font's line height */
#define BULLET_INDENT 20.0
#define KV_KEY_W      150.0
#define CELL_PAD      5.0
#define RULE_WIDTH    0.75

#define INK_RGB  0.102, 0.102, 0.102 /* #1a1a1a: contrast 17:1 on white */
#define GREY_RGB 0.302, 0.302, 0.302 /* #4d4d4d: header, footer, rules */
#define TINT_RGB 0.925, 0.925, 0.925 /* table header band */

enum blk_kind { B_TITLE, B_HEADING, B_PARA, B_BULLET, B_KV, B_TABLE, B_SPACE, B_BREAK, B_PICTURE };

struct row {
    const char **cells;
    struct row *next;
};

struct table {
    size_t n_cols;
    double *frac; /* column widths as fractions of the text width */
    const char **headers;
    struct row *rows, *last;
};

struct blk {
    enum blk_kind kind;
    int level;        /* B_HEADING: 1..3 */
    const char *text; /* title, heading, paragraph, bullet, value, caption */
    bool markup;      /* text is checked pango markup */
    const char *key;  /* B_KV */
    struct table *table;
    double amount;        /* B_SPACE */
    cairo_surface_t *pic; /* B_PICTURE: a recording surface, w x h */
    double w, h;
    struct blk *next;
};

struct pdfdoc {
    struct arena a;
    const char *title, *author, *subject, *header, *footer;
    const char *lang, *font;      /* pango language and font families (pdfdoc_opts.lang) */
    const char *page_of, *page_n; /* the page numbers' words (pdfdoc_opts) */
    enum pdfdoc_numbering numbering;
    double body; /* body text size */
    struct blk *head, *tail;
    size_t n_blocks;
    struct err err; /* sticky */
    int pages;
};

/* --- Building -------------------------------------------------------------- */

static int fail(struct pdfdoc *d, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(struct pdfdoc *d, int code, const char *fmt, ...)
{
    if (d->err.code)
        return d->err.code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->err.msg, sizeof d->err.msg, fmt, ap);
    va_end(ap);
    d->err.code = code;
    return code;
}

static int nomem(struct pdfdoc *d)
{
    return fail(d, ERR_NOMEM, "out of memory (or the document is too large)");
}

/* A cleaned copy of s in the document's arena; NULL on failure (recorded). */
static const char *keep(struct pdfdoc *d, const char *s, bool newlines)
{
    char *t = canvas_text_clean(s, PDFDOC_TEXT_MAX, newlines);
    char *k = t ? arena_strdup(&d->a, t) : NULL;
    mem_free(t);
    if (!k)
        nomem(d);
    return k;
}

static const char *keep_opt(struct pdfdoc *d, const char *s)
{
    return s ? keep(d, s, false) : NULL;
}

/* The font families for a language: its script's Noto face first (Debian's
 * fonts-noto-core), DejaVu Sans for the Latin letters of names and numbers. */
static const char *font_for(const char *lang)
{
    static const char *const fonts[][2] = {
        { "ur", "Noto Nastaliq Urdu,DejaVu Sans,sans-serif" },
        { "ar", "Noto Naskh Arabic,DejaVu Sans,sans-serif" },
        { "bn", "Noto Sans Bengali,DejaVu Sans,sans-serif" },
    };
    for (size_t i = 0; lang && i < sizeof fonts / sizeof fonts[0]; i++)
        if (strncmp(lang, fonts[i][0], 2) == 0)
            return fonts[i][1];
    return FONT;
}

int pdfdoc_new(struct pdfdoc **out, const struct pdfdoc_opts *o, struct err *e)
{
    *out = NULL;
    struct pdfdoc *d = mem_calloc(1, sizeof *d);
    if (!d)
        return err_set(e, ERR_NOMEM, "out of memory");
    arena_init(&d->a, PDFDOC_MEM_MAX);
    err_clear(&d->err);
    struct pdfdoc_opts none = { 0 };
    if (!o)
        o = &none;
    d->title = keep_opt(d, o->title);
    d->author = keep_opt(d, o->author);
    d->subject = keep_opt(d, o->subject);
    d->header = keep_opt(d, o->header);
    d->footer = keep_opt(d, o->footer);
    d->lang = keep_opt(d, o->lang);
    d->page_of = keep_opt(d, o->page_of);
    d->page_n = keep_opt(d, o->page_n);
    d->font = font_for(d->lang);
    d->numbering = o->numbering;
    if ((unsigned)d->numbering > PDFDOC_PAGE_NONE)
        d->numbering = PDFDOC_PAGE_N_OF_M;
    d->body = isfinite(o->body_size) && o->body_size > 12 ? fmin(o->body_size, 24) : 12;
    if (d->err.code) {
        int rc = err_set(e, d->err.code, "%s", d->err.msg);
        pdfdoc_free(d);
        return rc;
    }
    *out = d;
    return 0;
}

void pdfdoc_free(struct pdfdoc *d)
{
    if (!d)
        return;
    for (struct blk *b = d->head; b; b = b->next)
        if (b->pic)
            cairo_surface_destroy(b->pic);
    arena_release(&d->a);
    mem_free(d);
}

int pdfdoc_status(const struct pdfdoc *d)
{
    return d->err.code;
}

int pdfdoc_pages(const struct pdfdoc *d)
{
    return d->pages;
}

/* Append a block of the given kind; NULL when the document has failed. */
static struct blk *add(struct pdfdoc *d, enum blk_kind kind)
{
    if (d->err.code)
        return NULL;
    if (d->n_blocks >= PDFDOC_MAX_BLOCKS) {
        fail(d, ERR_LIMIT, "a document may have at most %d blocks", PDFDOC_MAX_BLOCKS);
        return NULL;
    }
    struct blk *b = arena_alloc(&d->a, sizeof *b);
    if (!b) {
        nomem(d);
        return NULL;
    }
    b->kind = kind;
    if (d->tail)
        d->tail->next = b;
    else
        d->head = b;
    d->tail = b;
    d->n_blocks++;
    return b;
}

static int add_text(struct pdfdoc *d, enum blk_kind kind, int level, const char *text)
{
    if (d->err.code)
        return d->err.code;
    const char *t = keep(d, text, kind == B_PARA || kind == B_BULLET);
    struct blk *b = t ? add(d, kind) : NULL;
    if (!b)
        return d->err.code;
    b->level = level;
    b->text = t;
    return 0;
}

int pdfdoc_title(struct pdfdoc *d, const char *text)
{
    int rc = add_text(d, B_TITLE, 0, text);
    if (!rc && !d->title)
        d->title = d->tail->text;
    return rc;
}

int pdfdoc_heading(struct pdfdoc *d, int level, const char *text)
{
    if (level < 1 || level > 3)
        return fail(d, ERR_INPUT, "a heading's level must be 1, 2 or 3 (got %d)", level);
    return add_text(d, B_HEADING, level, text);
}

int pdfdoc_para(struct pdfdoc *d, const char *text)
{
    return add_text(d, B_PARA, 0, text);
}

int pdfdoc_bullet(struct pdfdoc *d, const char *text)
{
    return add_text(d, B_BULLET, 0, text);
}

/* Fill in a markup format: %s arguments are cleaned and escaped, %% is a
 * percent sign, and nothing else is allowed. The result must parse as pango
 * markup. */
static int add_markup(struct pdfdoc *d, enum blk_kind kind, const char *fmt, va_list ap)
{
    if (d->err.code)
        return d->err.code;
    struct buf b;
    buf_init(&b, PDFDOC_TEXT_MAX * 6);
    int rc = 0;
    for (const char *p = fmt; *p && !rc; p++) {
        if (*p != '%') {
            rc = buf_addc(&b, *p);
            continue;
        }
        p++;
        if (*p == '%') {
            rc = buf_addc(&b, '%');
        } else if (*p == 's') {
            char *clean = canvas_text_clean(va_arg(ap, const char *), PDFDOC_TEXT_MAX, true);
            if (!clean) {
                rc = ERR_NOMEM;
                break;
            }
            char *esc = g_markup_escape_text(clean, -1);
            rc = buf_adds(&b, esc);
            g_free(esc);
            mem_free(clean);
        } else {
            buf_release(&b);
            return fail(d, ERR_INPUT, "markup format \"%.60s\": only %%s is allowed", fmt);
        }
    }
    if (rc) {
        buf_release(&b);
        return rc == ERR_NOMEM ? nomem(d) : fail(d, rc, "a paragraph is too long");
    }
    GError *ge = NULL;
    if (!pango_parse_markup(buf_str(&b), -1, 0, NULL, NULL, NULL, &ge)) {
        fail(d, ERR_INPUT, "markup format \"%.60s\" is not valid pango markup: %s", fmt,
             ge ? ge->message : "?");
        g_clear_error(&ge);
        buf_release(&b);
        return d->err.code;
    }
    char *t = arena_strndup(&d->a, buf_str(&b), b.len);
    buf_release(&b);
    struct blk *blk = t ? add(d, kind) : NULL;
    if (!t)
        return nomem(d);
    if (!blk)
        return d->err.code;
    blk->text = t;
    blk->markup = true;
    return 0;
}

int pdfdoc_para_markup_(struct pdfdoc *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = add_markup(d, B_PARA, fmt, ap);
    va_end(ap);
    return rc;
}

int pdfdoc_bullet_markup_(struct pdfdoc *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = add_markup(d, B_BULLET, fmt, ap);
    va_end(ap);
    return rc;
}

int pdfdoc_kv(struct pdfdoc *d, const char *key, const char *value)
{
    if (d->err.code)
        return d->err.code;
    const char *k = keep(d, key, false);
    const char *v = k ? keep(d, value, true) : NULL;
    struct blk *b = v ? add(d, B_KV) : NULL;
    if (!b)
        return d->err.code;
    b->key = k;
    b->text = v;
    return 0;
}

/* n strings copied into the arena (NULL entries become ""). */
static const char **keep_all(struct pdfdoc *d, const char *const *s, size_t n)
{
    const char **out = arena_array(&d->a, n, sizeof *out);
    if (!out) {
        nomem(d);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        if (!(out[i] = keep(d, s ? s[i] : NULL, true)))
            return NULL;
    return out;
}

int pdfdoc_table(struct pdfdoc *d, size_t n_cols, const char *const *headers, const double *widths)
{
    if (d->err.code)
        return d->err.code;
    if (n_cols < 1 || n_cols > PDFDOC_MAX_COLS)
        return fail(d, ERR_INPUT, "a table needs 1 to %d columns (got %zu)", PDFDOC_MAX_COLS,
                    n_cols);
    double sum = 0;
    for (size_t i = 0; widths && i < n_cols; i++) {
        if (!isfinite(widths[i]) || widths[i] <= 0)
            return fail(d, ERR_INPUT, "table column %zu has an invalid width", i + 1);
        sum += widths[i];
    }
    struct table *t = arena_alloc(&d->a, sizeof *t);
    double *frac = arena_array(&d->a, n_cols, sizeof *frac);
    if (!t || !frac)
        return nomem(d);
    for (size_t i = 0; i < n_cols; i++)
        frac[i] = widths ? widths[i] / sum : 1.0 / (double)n_cols;
    t->n_cols = n_cols;
    t->frac = frac;
    t->headers = keep_all(d, headers, n_cols);
    struct blk *b = t->headers ? add(d, B_TABLE) : NULL;
    if (!b)
        return d->err.code;
    b->table = t;
    return 0;
}

int pdfdoc_row(struct pdfdoc *d, const char *const *cells)
{
    if (d->err.code)
        return d->err.code;
    if (!d->tail || d->tail->kind != B_TABLE)
        return fail(d, ERR_INPUT, "pdfdoc_row() must follow pdfdoc_table() or another row");
    struct table *t = d->tail->table;
    struct row *r = arena_alloc(&d->a, sizeof *r);
    if (!r)
        return nomem(d);
    if (!(r->cells = keep_all(d, cells, t->n_cols)))
        return d->err.code;
    if (t->last)
        t->last->next = r;
    else
        t->rows = r;
    t->last = r;
    return 0;
}

int pdfdoc_space(struct pdfdoc *d, double points)
{
    if (d->err.code)
        return d->err.code;
    if (!isfinite(points) || points < 0 || points > 400)
        return fail(d, ERR_INPUT, "space must be 0 to 400 points");
    struct blk *b = add(d, B_SPACE);
    if (!b)
        return d->err.code;
    b->amount = points;
    return 0;
}

int pdfdoc_page_break(struct pdfdoc *d)
{
    return add(d, B_BREAK) ? 0 : d->err.code;
}

int pdfdoc_picture(struct pdfdoc *d, double width, double height, canvas_draw_fn fn, void *ctx,
                   const char *caption)
{
    if (d->err.code)
        return d->err.code;
    if (!isfinite(width) || !isfinite(height) || width < 1 || height < 1 || width > 10000 ||
        height > 10000)
        return fail(d, ERR_INPUT, "a picture must be 1 to 10000 points each way");
    const char *cap = caption ? keep(d, caption, true) : NULL;
    if (caption && !cap)
        return d->err.code;
    /* Draw now into a recording surface: the picture stays vector graphics
     * (and its text stays text) when replayed onto the PDF page. */
    cairo_surface_t *rec = cairo_recording_surface_create(
        CAIRO_CONTENT_COLOR_ALPHA, &(cairo_rectangle_t){ 0, 0, width, height });
    cairo_t *cr = cairo_create(rec);
    struct err e;
    err_clear(&e);
    int rc = canvas_cairo_draw(cr, width, height, fn, ctx, &e);
    cairo_destroy(cr);
    if (!rc && cairo_surface_status(rec) != CAIRO_STATUS_SUCCESS)
        rc = err_set(&e, ERR_NOMEM, "picture: out of memory");
    struct blk *b = rc ? NULL : add(d, B_PICTURE);
    if (!b) {
        cairo_surface_destroy(rec);
        return rc ? fail(d, rc, "%s", e.msg) : d->err.code;
    }
    b->pic = rec;
    b->w = width;
    b->h = height;
    b->text = cap;
    return 0;
}

/* --- Layout and drawing --------------------------------------------------- */

struct rd {
    struct pdfdoc *d;
    cairo_t *cr;
    PangoContext *pc;
    int page;       /* 1-based */
    int total;      /* pages in all, when known (second pass), else 0 */
    double y;       /* top of the free space on this page */
    bool fresh;     /* nothing drawn in the body of this page yet */
    double pending; /* space owed below the last block */
    enum blk_kind prev;
};

static PangoLayout *mk_layout(struct rd *r, const char *text, bool markup, double size, bool bold,
                              bool italic, double width)
{
    PangoLayout *l = pango_layout_new(r->pc);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, r->d->font);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(fd, italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_line_spacing(l, LINE_SPACING);
    if (markup)
        pango_layout_set_markup(l, text, -1); /* checked when added */
    else
        pango_layout_set_text(l, text, -1);
    return l;
}

static double height_of(PangoLayout *l)
{
    PangoRectangle lr;
    pango_layout_get_extents(l, NULL, &lr);
    return (double)lr.height / PANGO_SCALE;
}

/* The height of the first n lines of l (all of them if it has fewer). */
static double lines_height(PangoLayout *l, int n)
{
    PangoLayoutIter *it = pango_layout_get_iter(l);
    double h = 0;
    int i = 0;
    do {
        PangoRectangle lr;
        pango_layout_iter_get_line_extents(it, NULL, &lr);
        h = (double)(lr.y + lr.height) / PANGO_SCALE;
    } while (++i < n && pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    return h;
}

static void furniture(struct rd *r)
{
    struct pdfdoc *d = r->d;
    cairo_t *cr = r->cr;
    cairo_set_source_rgb(cr, GREY_RGB);
    if (d->header && *d->header) {
        PangoLayout *l = mk_layout(r, d->header, false, SMALL_SIZE, false, false, TEXT_W);
        pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
        cairo_move_to(cr, MARGIN_X, HEADER_Y);
        pango_cairo_show_layout(cr, l);
        g_object_unref(l);
        cairo_set_line_width(cr, 0.5);
        cairo_move_to(cr, MARGIN_X, RULE_Y);
        cairo_line_to(cr, PAGE_W - MARGIN_X, RULE_Y);
        cairo_stroke(cr);
    }
    double num_w = 0;
    if (d->numbering != PDFDOC_PAGE_NONE) {
        char page[16], total[16];
        snprintf(page, sizeof page, "%d", r->page);
        snprintf(total, sizeof total, "%d", r->total > 0 ? r->total : r->page); /* first pass */
        const char *num = tr_fmt(&d->a,
                                 d->numbering == PDFDOC_PAGE_N_OF_M
                                     ? (d->page_of ? d->page_of : "Page %1$s of %2$s")
                                     : (d->page_n ? d->page_n : "Page %1$s"),
                                 page, total);
        PangoLayout *l = mk_layout(r, num ? num : page, false, SMALL_SIZE, false, false, TEXT_W);
        pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
        PangoRectangle ink, lr;
        pango_layout_get_pixel_extents(l, &ink, &lr);
        num_w = lr.width;
        cairo_move_to(cr, MARGIN_X, FOOTER_Y);
        pango_cairo_show_layout(cr, l);
        g_object_unref(l);
    }
    if (d->footer && *d->footer) {
        PangoLayout *l =
            mk_layout(r, d->footer, false, SMALL_SIZE, false, false, TEXT_W - num_w - 24);
        pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
        cairo_move_to(cr, MARGIN_X, FOOTER_Y);
        pango_cairo_show_layout(cr, l);
        g_object_unref(l);
    }
    cairo_new_path(cr);
    cairo_set_source_rgb(cr, INK_RGB);
}

static void new_page(struct rd *r)
{
    cairo_show_page(r->cr);
    r->page++;
    furniture(r);
    r->y = BODY_TOP;
    r->fresh = true;
    r->pending = 0;
}

/* Move to a new page unless h more points fit on this one (or nothing has
 * been drawn on it: then it would not fit anywhere). */
static void ensure(struct rd *r, double h)
{
    if (!r->fresh && r->y + h > BODY_BOTTOM)
        new_page(r);
}

/* Vertical space before a block: the larger of what the last block wants
 * after it and what this one wants before it; none at the top of a page. */
static void gap(struct rd *r, double before)
{
    double g = fmax(before, r->pending);
    if (!r->fresh)
        r->y += g;
    r->pending = 0;
}

/* Draw l with its top left at (x, r->y), line by line, breaking to a new
 * page between lines where needed; the first `keep` lines go together. */
static void flow(struct rd *r, PangoLayout *l, double x, int keep)
{
    ensure(r, lines_height(l, keep));
    double origin = r->y; /* where the layout's top would be on this page */
    double bottom = r->y;
    cairo_set_source_rgb(r->cr, INK_RGB);
    PangoLayoutIter *it = pango_layout_get_iter(l);
    do {
        PangoRectangle lr;
        pango_layout_iter_get_line_extents(it, NULL, &lr);
        double top = (double)lr.y / PANGO_SCALE;
        double bot = (double)(lr.y + lr.height) / PANGO_SCALE;
        if (!r->fresh && origin + bot > BODY_BOTTOM) {
            new_page(r);
            origin = r->y - top;
        }
        double base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
        cairo_move_to(r->cr, x + (double)lr.x / PANGO_SCALE, origin + base);
        pango_cairo_show_layout_line(r->cr, pango_layout_iter_get_line_readonly(it));
        r->fresh = false;
        bottom = origin + bot;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    r->y = bottom;
}

static double row_layouts(struct rd *r, const struct table *t, const char *const *cells, bool bold,
                          PangoLayout **out);
static void free_layouts(PangoLayout **l, size_t n);
static double picture_scale(const struct blk *b, double cap_h);

/* The height of the start of block b that must share a page with a heading
 * just before it (issue 13: no heading alone at the foot of a page): two
 * lines of a paragraph, list item or key-value row; a table's header and
 * first row; a whole picture with two lines of its caption; for another
 * heading, that heading and the start of what follows it. The gap before b
 * is included. 0 when nothing follows. */
static double start_height(struct rd *r, const struct blk *b, int depth)
{
    double body = r->d->body, line = body * 1.45;
    while (b && (b->kind == B_SPACE))
        b = b->next;
    if (!b || depth > 3)
        return 0;
    switch (b->kind) {
    case B_HEADING: {
        static const double hsize[] = { 0, 18, 15, 13 };
        static const double hbefore[] = { 0, 22, 18, 14 };
        static const double hafter[] = { 0, 8, 6, 4 };
        PangoLayout *l =
            mk_layout(r, b->text, false, fmax(hsize[b->level], body + 1), true, false, TEXT_W);
        double h = hbefore[b->level] + height_of(l) + hafter[b->level] +
                   start_height(r, b->next, depth + 1);
        g_object_unref(l);
        return h;
    }
    case B_PARA:
    case B_BULLET:
    case B_KV:
        return body * 0.75 + 2 * line;
    case B_TABLE: {
        const struct table *t = b->table;
        PangoLayout *cells[PDFDOC_MAX_COLS];
        double h = 12 + row_layouts(r, t, t->headers, true, cells);
        free_layouts(cells, t->n_cols);
        if (t->rows) {
            h += row_layouts(r, t, t->rows->cells, false, cells);
            free_layouts(cells, t->n_cols);
        }
        return h;
    }
    case B_PICTURE: {
        double cap_h = 0;
        if (b->text) {
            PangoLayout *cap = mk_layout(r, b->text, false, body, false, false, TEXT_W);
            cap_h = 6 + lines_height(cap, 2);
            g_object_unref(cap);
        }
        return 12 + b->h * picture_scale(b, cap_h) + cap_h;
    }
    default:
        return 0;
    }
}

static void draw_text_block(struct rd *r, const struct blk *b)
{
    static const double hsize[] = { 0, 18, 15, 13 };
    static const double hbefore[] = { 0, 22, 18, 14 };
    static const double hafter[] = { 0, 8, 6, 4 };
    double body = r->d->body, line = body * 1.45;
    PangoLayout *l;
    switch (b->kind) {
    case B_TITLE:
        l = mk_layout(r, b->text, false, fmax(22, body * 1.8), true, false, TEXT_W);
        gap(r, 0);
        flow(r, l, MARGIN_X, 3);
        r->pending = 16;
        break;
    case B_HEADING: {
        double size = fmax(hsize[b->level], body + 1);
        l = mk_layout(r, b->text, false, size, true, false, TEXT_W);
        gap(r, hbefore[b->level]);
        /* Keep the heading with the start of what follows (a whole picture,
         * a table's first row, two lines of text), unless that could not
         * fit on any page. */
        double next = start_height(r, b->next, 0);
        double room = BODY_BOTTOM - BODY_TOP - height_of(l) - hafter[b->level];
        if (next > room) /* a picture then shrinks to fit under the heading */
            next = room;
        ensure(r, height_of(l) + hafter[b->level] + fmax(next, 2 * line));
        flow(r, l, MARGIN_X, 3);
        r->pending = hafter[b->level];
        break;
    }
    case B_PARA:
        l = mk_layout(r, b->text, b->markup, body, false, false, TEXT_W);
        gap(r, body * 0.75);
        flow(r, l, MARGIN_X, 2);
        r->pending = body * 0.75;
        break;
    case B_BULLET: {
        l = mk_layout(r, b->text, b->markup, body, false, false, TEXT_W - BULLET_INDENT);
        if (r->prev == B_BULLET)
            r->pending = 0; /* items of one list sit closer together */
        gap(r, r->prev == B_BULLET ? body * 0.3 : body * 0.75);
        ensure(r, lines_height(l, 2));
        /* The bullet sits on the first line's baseline. */
        double base = (double)pango_layout_get_baseline(l) / PANGO_SCALE;
        PangoLayout *dot = mk_layout(r, "\u2022", false, body, true, false, BULLET_INDENT);
        double dot_base = (double)pango_layout_get_baseline(dot) / PANGO_SCALE;
        cairo_set_source_rgb(r->cr, INK_RGB);
        cairo_move_to(r->cr, MARGIN_X + 4, r->y + base - dot_base);
        pango_cairo_show_layout(r->cr, dot);
        g_object_unref(dot);
        flow(r, l, MARGIN_X + BULLET_INDENT, 2);
        r->pending = body * 0.75;
        break;
    }
    default:
        return;
    }
    g_object_unref(l);
}

static void draw_kv(struct rd *r, const struct blk *b)
{
    double body = r->d->body;
    PangoLayout *k = mk_layout(r, b->key, false, body, true, false, KV_KEY_W - 12);
    PangoLayout *v = mk_layout(r, b->text, false, body, false, false, TEXT_W - KV_KEY_W);
    if (r->prev == B_KV)
        r->pending = 0;
    gap(r, r->prev == B_KV ? body * 0.3 : body * 0.75);
    double kh = height_of(k);
    ensure(r, fmax(kh, lines_height(v, 2)));
    int page = r->page;
    double top = r->y;
    cairo_set_source_rgb(r->cr, INK_RGB);
    cairo_move_to(r->cr, MARGIN_X, top);
    pango_cairo_show_layout(r->cr, k);
    flow(r, v, MARGIN_X + KV_KEY_W, 2);
    if (r->page == page)
        r->y = fmax(r->y, top + kh);
    r->pending = body * 0.75;
    g_object_unref(k);
    g_object_unref(v);
}

/* The layouts of one table row, and its height with padding. */
static double row_layouts(struct rd *r, const struct table *t, const char *const *cells, bool bold,
                          PangoLayout **out)
{
    double h = 0;
    for (size_t i = 0; i < t->n_cols; i++) {
        out[i] = mk_layout(r, cells[i], false, r->d->body, bold, false,
                           t->frac[i] * TEXT_W - 2 * CELL_PAD);
        h = fmax(h, height_of(out[i]));
    }
    return h + 2 * CELL_PAD;
}

static void draw_row(struct rd *r, const struct table *t, PangoLayout **cells, double h,
                     bool header)
{
    cairo_t *cr = r->cr;
    if (header) {
        cairo_set_source_rgb(cr, TINT_RGB);
        cairo_rectangle(cr, MARGIN_X, r->y, TEXT_W, h);
        cairo_fill(cr);
    }
    double x = MARGIN_X;
    for (size_t i = 0; i < t->n_cols; i++) {
        double w = t->frac[i] * TEXT_W;
        cairo_set_source_rgb(cr, INK_RGB);
        cairo_move_to(cr, x + CELL_PAD, r->y + CELL_PAD);
        pango_cairo_show_layout(cr, cells[i]);
        cairo_set_source_rgb(cr, GREY_RGB);
        cairo_set_line_width(cr, RULE_WIDTH);
        cairo_rectangle(cr, x, r->y, w, h);
        cairo_stroke(cr);
        x += w;
    }
    r->y += h;
    r->fresh = false;
}

static void free_layouts(PangoLayout **l, size_t n)
{
    for (size_t i = 0; i < n; i++)
        g_object_unref(l[i]);
}

static void draw_table(struct rd *r, const struct blk *b)
{
    const struct table *t = b->table;
    PangoLayout *head[PDFDOC_MAX_COLS], *cells[PDFDOC_MAX_COLS];
    double hh = row_layouts(r, t, t->headers, true, head);
    gap(r, 12);
    const struct row *row = t->rows;
    double rh = row ? row_layouts(r, t, row->cells, false, cells) : 0;
    ensure(r, hh + rh); /* never a header alone at the foot of a page */
    draw_row(r, t, head, hh, true);
    for (; row; row = row->next) {
        if (row != t->rows)
            rh = row_layouts(r, t, row->cells, false, cells);
        /* A row taller than a whole page is drawn where it is (and runs
         * into the margin) rather than after an empty page. */
        if (r->y + rh > BODY_BOTTOM && BODY_TOP + hh + rh <= BODY_BOTTOM) {
            new_page(r);
            draw_row(r, t, head, hh, true);
        }
        draw_row(r, t, cells, rh, false);
        free_layouts(cells, t->n_cols);
    }
    free_layouts(head, t->n_cols);
    r->pending = 12;
}

/* How much a picture is shrunk to fit the text width and a page. */
static double picture_scale(const struct blk *b, double cap_h)
{
    double room = BODY_BOTTOM - BODY_TOP - cap_h;
    return fmin(1, fmin(TEXT_W / b->w, room / b->h));
}

static void draw_picture(struct rd *r, const struct blk *b)
{
    /* The caption is plain (not italic), and short: what the picture shows
     * in a sentence; its figures are in the text or a table near it. */
    PangoLayout *cap =
        b->text ? mk_layout(r, b->text, false, r->d->body, false, false, TEXT_W) : NULL;
    double cap_h = cap ? 6 + lines_height(cap, 2) : 0;
    double scale = picture_scale(b, cap_h);
    gap(r, 12);
    /* Under a heading, the picture shrinks to the room left on the page
     * rather than leave the heading behind (the heading made sure that room
     * is most of a page). */
    if (r->prev == B_HEADING && BODY_BOTTOM - r->y - cap_h > 0)
        scale = fmin(scale, (BODY_BOTTOM - r->y - cap_h) / b->h);
    double w = b->w * scale, h = b->h * scale;
    ensure(r, h + cap_h);
    cairo_t *cr = r->cr;
    cairo_save(cr);
    cairo_translate(cr, MARGIN_X + (TEXT_W - w) / 2, r->y);
    cairo_scale(cr, scale, scale);
    cairo_set_source_surface(cr, b->pic, 0, 0);
    cairo_rectangle(cr, 0, 0, b->w, b->h);
    cairo_fill(cr);
    cairo_restore(cr);
    r->y += h;
    r->fresh = false;
    if (cap) {
        r->y += 6;
        flow(r, cap, MARGIN_X, 2);
        g_object_unref(cap);
    }
    r->pending = 12;
}

/* Lay out and draw the whole document onto a PDF stream; *pages gets the
 * page count. Returns 0 or a cairo failure as ERR_STORAGE/ERR_NOMEM. */
static int render(struct pdfdoc *d, cairo_write_func_t wf, void *closure, int total, int *pages)
{
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(wf, closure, PAGE_W, PAGE_H);
    if (d->title)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, d->title);
    if (d->author)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, d->author);
    if (d->subject)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, d->subject);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "meso");
    cairo_t *cr = cairo_create(s);
    PangoContext *pc = pango_cairo_create_context(cr);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(pc, fo);
    cairo_font_options_destroy(fo);
    pango_context_set_round_glyph_positions(pc, FALSE);
    if (d->lang)
        pango_context_set_language(pc, pango_language_from_string(d->lang));

    struct rd r = { .d = d,
                    .cr = cr,
                    .pc = pc,
                    .page = 1,
                    .total = total,
                    .y = BODY_TOP,
                    .fresh = true,
                    .prev = B_SPACE };
    furniture(&r);
    for (const struct blk *b = d->head; b; b = b->next) {
        switch (b->kind) {
        case B_TITLE:
        case B_HEADING:
        case B_PARA:
        case B_BULLET:
            draw_text_block(&r, b);
            break;
        case B_KV:
            draw_kv(&r, b);
            break;
        case B_TABLE:
            draw_table(&r, b);
            break;
        case B_PICTURE:
            draw_picture(&r, b);
            break;
        case B_SPACE:
            r.pending += b->amount;
            break;
        case B_BREAK:
            if (!r.fresh)
                new_page(&r);
            break;
        }
        r.prev = b->kind;
    }
    cairo_show_page(cr);
    *pages = r.page;
    g_object_unref(pc);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    if (st == CAIRO_STATUS_SUCCESS)
        return 0;
    return st == CAIRO_STATUS_NO_MEMORY ? ERR_NOMEM : ERR_STORAGE;
}

struct sink {
    struct buf *buf; /* or */
    FILE *f;
    int rc;
};

static cairo_status_t sink_write(void *closure, const unsigned char *data, unsigned int len)
{
    struct sink *s = closure;
    if (s->buf) {
        int rc = buf_add(s->buf, data, len);
        if (rc) {
            s->rc = rc;
            return CAIRO_STATUS_WRITE_ERROR;
        }
    } else if (s->f) {
        if (fwrite(data, 1, len, s->f) != len) {
            s->rc = ERR_STORAGE;
            return CAIRO_STATUS_WRITE_ERROR;
        }
    }
    return CAIRO_STATUS_SUCCESS; /* no buf and no file: the counting pass */
}

/* Both passes: count the pages, then write with "Page N of M". */
static int write_pdf(struct pdfdoc *d, struct sink *out, struct err *e)
{
    if (d->err.code)
        return err_set(e, d->err.code, "%s", d->err.msg);
    struct sink none = { 0 };
    int total = 0, pages = 0;
    int rc = 0;
    if (d->numbering == PDFDOC_PAGE_N_OF_M)
        rc = render(d, sink_write, &none, 0, &total);
    if (!rc)
        rc = render(d, sink_write, out, total, &pages);
    if (out->rc)
        rc = out->rc;
    if (rc)
        return err_set(e, rc, "PDF: %s",
                       rc == ERR_LIMIT   ? "the document is too large"
                       : rc == ERR_NOMEM ? "out of memory"
                                         : "could not write the document");
    d->pages = pages;
    return 0;
}

int pdfdoc_write_buf(struct pdfdoc *d, struct buf *out, struct err *e)
{
    size_t start = out->len;
    struct sink s = { .buf = out };
    int rc = write_pdf(d, &s, e);
    if (rc) {
        out->len = start;
        if (out->data)
            out->data[start] = '\0';
    }
    return rc;
}

int pdfdoc_write_file(struct pdfdoc *d, const char *path, struct err *e)
{
    if (d->err.code)
        return err_set(e, d->err.code, "%s", d->err.msg);
    size_t n = strlen(path);
    char *tmp = mem_malloc(n + 8);
    if (!tmp)
        return err_set(e, ERR_NOMEM, "out of memory");
    memcpy(tmp, path, n);
    memcpy(tmp + n, ".XXXXXX", 8);
    int rc = 0;
    int fd = mkstemp(tmp);
    FILE *f = fd < 0 ? NULL : fdopen(fd, "wb");
    if (!f) {
        rc = err_set(e, ERR_STORAGE, "%s: %s", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(tmp);
        }
        mem_free(tmp);
        return rc;
    }
    struct sink s = { .f = f };
    rc = write_pdf(d, &s, e);
    if (fclose(f) != 0 && !rc)
        rc = err_set(e, ERR_STORAGE, "%s: %s", path, strerror(errno));
    if (!rc && rename(tmp, path) != 0)
        rc = err_set(e, ERR_STORAGE, "%s: %s", path, strerror(errno));
    if (rc) {
        unlink(tmp);
        if (e && rc == ERR_STORAGE && !strstr(e->msg, path))
            err_wrap(e, "%s", path);
    }
    mem_free(tmp);
    return rc;
}
