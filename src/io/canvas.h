/* canvas.h - one small drawing interface with several backends, so a chart is
 * written once and comes out as inline SVG for web pages (canvas_svg.h), or
 * through cairo into a PDF page or a PNG (canvas_cairo.h).
 *
 * Coordinates are user units with the origin at the top left and y growing
 * downwards (as in SVG and cairo). A canvas has a width and a height in those
 * units; the backend maps them to pixels, points or a viewBox.
 *
 * Errors are sticky, like cairo's: drawing calls return void (or the current
 * error code), the first failure (a non-finite coordinate, an unbalanced group,
 * a full output buffer, ...) is remembered, later calls do nothing, and
 * canvas_finish() returns it. Chart code can therefore draw without checking
 * every call and check once at the end.
 *
 * Accessibility: charts must be readable without colour. Shaded areas take a
 * hatch pattern as well as a fill colour (struct canvas_style.hatch), series
 * take distinct markers (canvas_series_marker), and groups carry a title and a
 * description (canvas_group_begin) that become <title>/<desc> in SVG.
 *
 * Text is always plain UTF-8 (never markup). Invalid UTF-8 is shown as U+FFFD
 * and control characters are dropped, in every backend.
 */
#ifndef MESO_CANVAS_H
#define MESO_CANVAS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Colours are 0xRRGGBB with bit 24 set by CANVAS_RGB(); the value 0 means "no
 * paint", so a zero-initialised style draws nothing by accident rather than
 * black. */
#define CANVAS_RGB(hex) (0x1000000u | ((uint32_t)(hex)&0xFFFFFFu))
#define CANVAS_NONE     0u

/* The palette. Series colours are Okabe and Ito's set, chosen to stay distinct
 * for the common forms of colour blindness; text and axis greys meet WCAG AA
 * contrast on white; tints are light band backgrounds on which INK text has a
 * contrast ratio above 12:1. */
#define CANVAS_WHITE       CANVAS_RGB(0xFFFFFF)
#define CANVAS_BLACK       CANVAS_RGB(0x000000)
#define CANVAS_INK         CANVAS_RGB(0x1A1A1A) /* text */
#define CANVAS_GREY_DARK   CANVAS_RGB(0x4D4D4D) /* axes, hatching */
#define CANVAS_GREY        CANVAS_RGB(0x767676) /* secondary text (4.5:1) */
#define CANVAS_GREY_LIGHT  CANVAS_RGB(0xD9D9D9) /* grid lines */
#define CANVAS_BLUE        CANVAS_RGB(0x0072B2)
#define CANVAS_VERMILLION  CANVAS_RGB(0xD55E00)
#define CANVAS_GREEN       CANVAS_RGB(0x009E73)
#define CANVAS_PURPLE      CANVAS_RGB(0xCC79A7)
#define CANVAS_ORANGE      CANVAS_RGB(0xE69F00)
#define CANVAS_SKY         CANVAS_RGB(0x56B4E9)
#define CANVAS_YELLOW      CANVAS_RGB(0xF0E442)
#define CANVAS_TINT_GREEN  CANVAS_RGB(0xE3F4EC)
#define CANVAS_TINT_YELLOW CANVAS_RGB(0xFBF6D5)
#define CANVAS_TINT_ORANGE CANVAS_RGB(0xFCE9D2)
#define CANVAS_TINT_RED    CANVAS_RGB(0xF8DCD3)
#define CANVAS_TINT_BLUE   CANVAS_RGB(0xDCEBF6)
#define CANVAS_TINT_GREY   CANVAS_RGB(0xF0F0F0)

/* Patterns drawn over a fill so areas differ without colour. Each is a set
 * of thin lines (or dots) in hatch_color, anchored at the canvas origin so
 * neighbouring areas line up. */
enum canvas_hatch {
    CANVAS_HATCH_NONE = 0,
    CANVAS_HATCH_DIAG,       /* ///   */
    CANVAS_HATCH_BACKDIAG,   /* \\\   */
    CANVAS_HATCH_CROSS,      /* xxx   */
    CANVAS_HATCH_HORIZ,      /* ===   */
    CANVAS_HATCH_VERT,       /* |||   */
    CANVAS_HATCH_DOTS,       /* ...   */
    CANVAS_HATCH_DENSE_DIAG, /* ////// closer together */
    CANVAS_HATCH_N
};

/* How a shape is painted: fill first, then the hatch, then the outline. */
struct canvas_style {
    uint32_t fill;           /* CANVAS_RGB(...) or CANVAS_NONE */
    uint32_t stroke;         /* outline colour or CANVAS_NONE */
    double stroke_width;     /* user units; 0 means 1 */
    double dash;             /* 0 for a solid line, else dash and gap length */
    enum canvas_hatch hatch; /* drawn inside the shape over the fill */
    uint32_t hatch_color;    /* CANVAS_NONE means CANVAS_GREY_DARK */
};

enum canvas_anchor { CANVAS_START = 0, CANVAS_MIDDLE, CANVAS_END };

/* Where the y of canvas_text() falls on the text. CAP_MIDDLE centres capital
 * letters on y, which is what labels inside bars and beside ticks want. The
 * offsets are fixed fractions of the size (the same in every backend), so a
 * chart looks the same in SVG and PDF. */
enum canvas_valign { CANVAS_BASELINE = 0, CANVAS_CAP_MIDDLE, CANVAS_CAP_TOP };

struct canvas_font {
    double size; /* user units; 0 means 12 */
    bool bold, italic;
    enum canvas_anchor anchor; /* x is the start, middle or end of the text */
    enum canvas_valign valign; /* see above */
    uint32_t color;            /* CANVAS_NONE means CANVAS_INK */
    double rotate;             /* degrees clockwise about (x, y), e.g. -90 */
    uint32_t halo;             /* an outline of this colour behind the
                                  letters (e.g. CANVAS_WHITE), so labels stay
                                  readable over hatching; CANVAS_NONE: none */
};

/* Marker shapes for data points; each series gets its own so series differ
 * without colour. */
enum canvas_marker {
    CANVAS_MARK_CIRCLE = 0,
    CANVAS_MARK_SQUARE,
    CANVAS_MARK_TRIANGLE,
    CANVAS_MARK_DIAMOND,
    CANVAS_MARK_CROSS,
    CANVAS_MARK_N
};

struct canvas_point {
    double x, y;
};

struct canvas;

/* A picture: draws on c (whose size is canvas_width() x canvas_height()) and
 * returns 0 or a negative err_code. Used by canvas_svg_render(),
 * canvas_png_*() and pdfdoc_picture(), so one function gives every format. */
typedef int (*canvas_draw_fn)(struct canvas *c, void *ctx);

/* --- Drawing (all no-ops once an error is recorded) ----------------------- */

void canvas_rect(struct canvas *c, double x, double y, double w, double h,
                 const struct canvas_style *s);
void canvas_line(struct canvas *c, double x1, double y1, double x2, double y2,
                 const struct canvas_style *s);
/* An open line through n >= 2 points (fill is ignored). */
void canvas_polyline(struct canvas *c, const struct canvas_point *pts, size_t n,
                     const struct canvas_style *s);
/* A closed shape through n >= 3 points. */
void canvas_polygon(struct canvas *c, const struct canvas_point *pts, size_t n,
                    const struct canvas_style *s);
void canvas_circle(struct canvas *c, double cx, double cy, double r, const struct canvas_style *s);
/* A marker of the given shape centred on (x, y), size across. */
void canvas_marker(struct canvas *c, double x, double y, double size, enum canvas_marker shape,
                   const struct canvas_style *s);
/* One line of plain text; NULL or "" draws nothing. */
void canvas_text(struct canvas *c, double x, double y, const char *utf8,
                 const struct canvas_font *f);
/* The advance width of text in user units: exact in the cairo backend, an
 * estimate from typical DejaVu Sans widths in the SVG backend (the browser
 * chooses the font). Leave some slack in layouts. Returns 0 on error. */
double canvas_text_width(struct canvas *c, const char *utf8, const struct canvas_font *f);
/* The same estimate without a canvas (what the SVG backend uses), for
 * layouts that must be known before drawing, in every backend alike (e.g.
 * where to wrap a name, and so a picture's height). 0 for NULL or invalid
 * UTF-8. */
double canvas_text_width_estimate(const char *utf8, const struct canvas_font *f);

/* A group of shapes with an accessible title (a short name) and an optional
 * longer description; in SVG a <g> with <title> and <desc>, which browsers
 * also show as a tooltip. Groups nest (at most CANVAS_MAX_DEPTH deep) and
 * every begin needs an end. */
#define CANVAS_MAX_DEPTH 16
void canvas_group_begin(struct canvas *c, const char *title, const char *desc);
void canvas_group_end(struct canvas *c);

/* A legend entry: a 14 x 14 swatch painted with s (so the pattern shows),
 * then the label; (x, y) is the swatch's top left. Returns the total width. */
double canvas_legend_item(struct canvas *c, double x, double y, const struct canvas_style *s,
                          const char *label, const struct canvas_font *f);

/* Colour and marker for the i-th data series (they cycle). */
uint32_t canvas_series_color(size_t i);
enum canvas_marker canvas_series_marker(size_t i);

/* --- Lifecycle ----------------------------------------------------------- */

double canvas_width(const struct canvas *c);
double canvas_height(const struct canvas *c);

/* The first error recorded, or 0. */
int canvas_status(const struct canvas *c);
/* A short reason for that error, for logs and err messages ("" when none). */
const char *canvas_error_text(const struct canvas *c);

/* Record an error (e.g. from a chart's own checks) unless one is already
 * recorded; returns the canvas's error code. */
int canvas_fail(struct canvas *c, int code);

/* Complete the output (close open groups is an error: ERR_INPUT; the SVG
 * backend writes its pattern definitions and </svg>). Returns the first error
 * recorded, or 0. Drawing after finish records ERR_INPUT. */
int canvas_finish(struct canvas *c);

/* Free the canvas (not its output: the buf or cairo_t stays the caller's).
 * NULL is allowed. */
void canvas_free(struct canvas *c);

/* --- For backends only ---------------------------------------------------
 * Chart code never touches these. canvas.c checks arguments (finite numbers,
 * point counts, group balance) and applies defaults before calling a backend,
 * so backends see only valid, complete styles. */

struct canvas_ops {
    void (*rect)(struct canvas *c, double x, double y, double w, double h,
                 const struct canvas_style *s);
    void (*path)(struct canvas *c, const struct canvas_point *pts, size_t n, bool closed,
                 const struct canvas_style *s);
    void (*circle)(struct canvas *c, double cx, double cy, double r, const struct canvas_style *s);
    /* y is the baseline; text is valid UTF-8 with no control characters. */
    void (*text)(struct canvas *c, double x, double y, const char *text,
                 const struct canvas_font *f);
    double (*text_width)(struct canvas *c, const char *text, const struct canvas_font *f);
    /* title and desc are valid UTF-8, possibly "" (never NULL). */
    void (*group_begin)(struct canvas *c, const char *title, const char *desc);
    void (*group_end)(struct canvas *c);
    void (*finish)(struct canvas *c);
    void (*destroy)(struct canvas *c); /* frees the backend's own state */
};

struct canvas {
    const struct canvas_ops *ops;
    double width, height;
    int err;         /* sticky: first error, else 0 */
    const char *why; /* a string literal saying why, when err != 0 */
    int depth;       /* open groups */
    bool finished;
    void *impl; /* the backend's state */
};

/* Record an error with a reason (a string literal) unless one is recorded
 * already; for backends (e.g. a full output buffer). Returns c->err. */
int canvas_fail_(struct canvas *c, int code, const char *why);

/* Set up the common part; backends call this from their constructors. */
void canvas_init_(struct canvas *c, const struct canvas_ops *ops, double width, double height,
                  void *impl);

/* Hatch geometry shared by the backends, so SVG and cairo agree: lines are
 * drawn with this width, spaced so that tiles of spacing x spacing repeat. */
double canvas_hatch_spacing_(enum canvas_hatch h);
#define CANVAS_HATCH_LINE_WIDTH 1.0
#define CANVAS_HATCH_DOT_RADIUS 1.1

/* A cleaned copy of in, allocated with mem_malloc (free with mem_free):
 * valid UTF-8 (each bad byte becomes U+FFFD), without control characters or
 * the XML-forbidden U+FFFE and U+FFFF (tabs, and newlines unless
 * keep_newlines, become spaces), from at most max_bytes bytes of in (cut at
 * a character boundary; 0 means CANVAS_TEXT_MAX, the limit for text in
 * pictures). NULL in gives "". Returns NULL when memory runs out.
 * Every backend (and pdfdoc) shows text only through this, so all formats
 * agree. */
#define CANVAS_TEXT_MAX 8192
char *canvas_text_clean(const char *in, size_t max_bytes, bool keep_newlines);

#endif
