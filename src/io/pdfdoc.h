/* pdfdoc.h - printable A4 documents for families and governors: a flowing
 * document of headings, paragraphs, lists, key-value rows, tables and
 * pictures, laid out by pango and written as PDF by cairo.
 *
 * The look is fixed on purpose, for reading on paper or a phone: A4 portrait,
 * 72 pt (25 mm) margins, DejaVu Sans, body text at least 12 pt with 1.45 line
 * height, ragged right (never justified), dark grey on white, a running
 * header (e.g. the school's name) and a footer with "Page N of M".
 *
 * Building: pdfdoc_new(), then add blocks in reading order, then
 * pdfdoc_write_file() or pdfdoc_write_buf() (as often as wanted), then
 * pdfdoc_free(). The document copies every string it is given.
 *
 * Errors are sticky: each add returns 0 or the first error so far, later
 * adds do nothing, and the write functions return that error with its
 * message. So a page handler can add blocks without checking each one.
 *
 * Text is UTF-8 (invalid bytes show as U+FFFD; control characters are
 * dropped) and is always plain text, never markup, except in the *_markup()
 * functions, whose format must be a string literal of pango markup and whose
 * %s arguments are escaped, so caller data can never add markup.
 */
#ifndef MESO_PDFDOC_H
#define MESO_PDFDOC_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"
#include "io/canvas.h"

/* Limits: bytes in one piece of text, blocks in a document, columns in a
 * table, and memory held by one document. */
#define PDFDOC_TEXT_MAX   (256 * 1024)
#define PDFDOC_MAX_BLOCKS 20000
#define PDFDOC_MAX_COLS   12
#define PDFDOC_MEM_MAX    (64u * 1024 * 1024)

enum pdfdoc_numbering {
    PDFDOC_PAGE_N_OF_M = 0, /* "Page 2 of 5" (the default) */
    PDFDOC_PAGE_N,          /* "Page 2" */
    PDFDOC_PAGE_NONE,
};

struct pdfdoc_opts {
    const char *title;   /* document metadata; NULL: the first pdfdoc_title() */
    const char *author;  /* metadata, e.g. the school's name */
    const char *subject; /* metadata */
    const char *header;  /* top of every page, e.g. the school's name; NULL: none */
    const char *footer;  /* bottom left of every page, e.g. "Private: for the family" */
    enum pdfdoc_numbering numbering;
    double body_size; /* points; 0 means 12, and less than 12 is raised to 12 */
    /* The document's language (BCP 47: "ur", "bn"; NULL or "en" = English):
     * pango shapes with it, and the font puts the script's own Noto face
     * first (Noto Nastaliq Urdu for Urdu, Noto Sans Bengali, Noto Naskh
     * Arabic), then DejaVu Sans for Latin. Paragraphs take their direction
     * from their first strong character, so right-to-left text aligns right. */
    const char *lang;
    /* The page numbers' words, "%1$s" the page and "%2$s" the pages in all
     * (NULL: "Page %1$s of %2$s" and "Page %1$s"); only %1$s, %2$s and %%
     * are read, so a translation cannot be a format attack. */
    const char *page_of, *page_n;
};

struct pdfdoc;

/* A new, empty document; o may be NULL. Returns 0 or ERR_NOMEM. */
int pdfdoc_new(struct pdfdoc **out, const struct pdfdoc_opts *o, struct err *e);
/* Free the document and everything it holds. NULL is allowed. */
void pdfdoc_free(struct pdfdoc *d);

/* --- Blocks, in reading order. Each returns 0 or the sticky error. ------- */

/* The document's title, large and bold. */
int pdfdoc_title(struct pdfdoc *d, const char *text);
/* A heading of level 1, 2 or 3 (other levels: ERR_INPUT). Headings are kept
 * on the same page as the start of what follows them: two lines of text, a
 * table's header and first row, a whole picture, or the next heading and
 * the start of what follows it; a heading is never the last line of a
 * page. */
int pdfdoc_heading(struct pdfdoc *d, int level, const char *text);
/* A paragraph of plain text, wrapped; "\n" starts a new line. */
int pdfdoc_para(struct pdfdoc *d, const char *text);
/* One item of a bulleted list (consecutive items form the list). */
int pdfdoc_bullet(struct pdfdoc *d, const char *text);

/* A paragraph or bullet with pango markup, e.g.
 *     pdfdoc_para_markup(d, "We will meet <b>%s</b> on %s.", name, date);
 * The format must be a string literal (enforced by the macro) and may use
 * only %s (and %%); each argument is cleaned and escaped, so it shows
 * literally. A format that is not valid markup gives ERR_INPUT. */
#define pdfdoc_para_markup(d, ...)   pdfdoc_para_markup_((d), "" __VA_ARGS__)
#define pdfdoc_bullet_markup(d, ...) pdfdoc_bullet_markup_((d), "" __VA_ARGS__)
int pdfdoc_para_markup_(struct pdfdoc *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int pdfdoc_bullet_markup_(struct pdfdoc *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A row "Key   value": the key bold in a fixed column, the value wrapped
 * beside it. Consecutive rows line up. */
int pdfdoc_kv(struct pdfdoc *d, const char *key, const char *value);

/* A table of n_cols columns (1..PDFDOC_MAX_COLS). headers has n_cols
 * strings (shown bold on a grey band and repeated after a page break);
 * widths has n_cols positive relative widths, or is NULL for equal columns.
 * Rows follow with pdfdoc_row(), each with n_cols strings (NULL for empty);
 * rows belong to the table started last and must come straight after it. */
int pdfdoc_table(struct pdfdoc *d, size_t n_cols, const char *const *headers, const double *widths);
int pdfdoc_row(struct pdfdoc *d, const char *const *cells);

/* Extra vertical space in points (0..400). */
int pdfdoc_space(struct pdfdoc *d, double points);
/* Start a new page (nothing happens at the top of a page). */
int pdfdoc_page_break(struct pdfdoc *d);

/* A picture drawn through the canvas API in a box of width x height points,
 * centred; shrunk to fit the text width (and page) if larger, keeping its
 * shape. fn is called now (ctx need not outlive this call) and its error,
 * if any, becomes the document's. caption, if not NULL, is printed under it
 * in plain text: say in one short sentence what the picture shows, and give
 * its figures in the text or a table near it, for readers who cannot see
 * it. A heading just before a picture is kept on the same page as the whole
 * picture. */
int pdfdoc_picture(struct pdfdoc *d, double width, double height, canvas_draw_fn fn, void *ctx,
                   const char *caption);

/* --- Output ---------------------------------------------------------------- */

/* Write the PDF to path (through a temporary file renamed into place, mode
 * 0600) or append it to out. Returns 0, the sticky error, ERR_STORAGE (the
 * file could not be written), ERR_LIMIT (out is full; out is then left as
 * it was) or ERR_NOMEM, with a message in e. */
int pdfdoc_write_file(struct pdfdoc *d, const char *path, struct err *e);
int pdfdoc_write_buf(struct pdfdoc *d, struct buf *out, struct err *e);

/* The number of pages in the last document written (0 before any). */
int pdfdoc_pages(const struct pdfdoc *d);

/* The sticky error, or 0. */
int pdfdoc_status(const struct pdfdoc *d);

#endif
