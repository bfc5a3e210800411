/* canvas_cairo.h - the cairo backend of the canvas, and PNG export.
 *
 * The same picture function that makes inline SVG draws here on any cairo
 * context: a PDF page (pdfdoc.h), a PNG image, or a recording surface. Text
 * is laid out with pango ("DejaVu Sans", falling back to the system's sans
 * serif font) as plain text, never markup. Layout metrics are unhinted, so a
 * picture has the same geometry at every resolution and in PDF.
 */
#ifndef MESO_CANVAS_CAIRO_H
#define MESO_CANVAS_CAIRO_H

#include <cairo.h>

#include "core/buf.h"
#include "core/err.h"
#include "io/canvas.h"

/* The biggest PNG made, in pixels each way. */
#define CANVAS_PNG_MAX_PIXELS 8192

/* A canvas of width x height user units drawing on cr in cr's current user
 * space (the caller translates and scales so the box lands where it wants).
 * The canvas saves cr's state when created and restores it in
 * canvas_finish(). cr stays the caller's. Returns 0, ERR_INPUT (bad size) or
 * ERR_NOMEM. */
int canvas_cairo_new(struct canvas **cv, cairo_t *cr, double width, double height, struct err *e);

/* Create a canvas on cr, draw with fn, finish and free it. Returns 0 or the
 * first error, with a message in e. */
int canvas_cairo_draw(cairo_t *cr, double width, double height, canvas_draw_fn fn, void *ctx,
                      struct err *e);

/* Render a picture of width x height units to PNG on a white background,
 * scale pixels per unit (1 for screen, 2 or 3 for sharp print or high-DPI);
 * the image is ceil(width * scale) x ceil(height * scale) pixels.
 * canvas_png_file() writes path (replacing it only when complete);
 * canvas_png_mem() appends the PNG bytes to out.
 * Returns 0, ERR_INPUT (bad size), ERR_LIMIT (too many pixels, or out is
 * full), ERR_NOMEM, ERR_STORAGE (the file could not be written), or the
 * picture's own error. */
int canvas_png_file(const char *path, double width, double height, double scale, canvas_draw_fn fn,
                    void *ctx, struct err *e);
int canvas_png_mem(struct buf *out, double width, double height, double scale, canvas_draw_fn fn,
                   void *ctx, struct err *e);

#endif
