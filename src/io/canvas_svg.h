/* canvas_svg.h - the SVG backend of the canvas: writes one <svg> element into
 * a struct buf, for inline use in HTML pages.
 *
 * Output is escaped by construction: element and attribute names are
 * literals in canvas_svg.c and every value that comes from a caller (text,
 * titles, numbers, colours) goes through one escaping writer; there is no
 * call that emits caller text unescaped. The root has role="img", a <title>
 * (required: it is the picture's accessible name) and an optional <desc>,
 * referenced by aria-labelledby / aria-describedby. Only presentation
 * attributes are used (fill, stroke, font-size, ...): no style attributes,
 * no scripts, no event handlers, no external references, so the SVG works
 * under a strict Content-Security-Policy.
 *
 * Hatch patterns are <pattern> elements in a <defs> block written by
 * canvas_finish(); their ids start with the id prefix, so give every SVG on
 * one page its own prefix.
 */
#ifndef MESO_CANVAS_SVG_H
#define MESO_CANVAS_SVG_H

#include "core/buf.h"
#include "core/err.h"
#include "io/canvas.h"

/* Limits: a picture's width and height in user units. */
#define CANVAS_SVG_MAX_SIZE 100000.0

/* Start an SVG of width x height user units (the viewBox; also the width and
 * height attributes, so it has a natural size; CSS may scale it) appended to
 * out. title must be non-blank; desc may be NULL. id_prefix may be NULL
 * (meaning "c"); only ASCII letters, digits, '-' and '_' are kept, at most 32.
 * On success *cv is a new canvas; canvas_finish() completes the element and
 * canvas_free() frees the canvas. If anything fails, canvas_finish() returns
 * the error and removes everything this canvas appended to out, so a partial
 * SVG is never left behind.
 * Returns 0, ERR_INPUT (bad size or blank title), ERR_NOMEM or ERR_LIMIT. */
int canvas_svg_new(struct canvas **cv, struct buf *out, double width, double height,
                   const char *title, const char *desc, const char *id_prefix, struct err *e);

/* The whole cycle in one call: create, draw with fn, finish, free. Returns 0
 * or the first error (fn's own, or the canvas's), with a message in e. */
int canvas_svg_render(struct buf *out, double width, double height, const char *title,
                      const char *desc, const char *id_prefix, canvas_draw_fn fn, void *ctx,
                      struct err *e);

#endif
