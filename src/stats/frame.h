/* frame.h - a table of named columns for model fitting (docs/evaluation.md).
 *
 * Each cell is kept both as a number (NAN when empty, "NA" or not a number)
 * and as a text code, so a column can be read as numbers or as a factor once
 * the whole table is known. A cell that is empty or "NA" is missing. A
 * column is numeric when more than half of its non-missing cells are
 * numbers; frame_numeric_check() then names the first cell that is not.
 *
 * Lifecycle: frame_init(), frame_add_row() for each row, frame_release().
 * No I/O: readers (CSV, the database) fill it row by row.
 */
#ifndef MESO_FRAME_H
#define MESO_FRAME_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

#define FRAME_MISSING    0xffffffffu
#define FRAME_NUMBER     0xfffffffeu /* a number not yet given a text code */
#define FRAME_MAX_ROWS   5000000
#define FRAME_MAX_LEVELS 1000000

struct frame_col {
    char *name;
    double *num;    /* per row; NAN when missing or not a number */
    unsigned *code; /* per row; FRAME_MISSING when missing, FRAME_NUMBER for a
                     * number until frame_make_factor() */
    char **texts;   /* distinct non-missing texts, in order of first sight */
    size_t n_texts, cap_texts;
    unsigned *hash; /* open addressing over codes + 1 (0 = empty) */
    size_t hash_cap;
    size_t n_numbers;   /* non-missing cells that are numbers */
    size_t n_other;     /* non-missing cells that are not */
    size_t first_other; /* the row of the first one */
};

struct frame {
    struct frame_col *cols;
    size_t n_cols;
    size_t n_rows, cap_rows;
    long *lines; /* per row: where it came from (a file's line), for messages */
};

/* Columns named names[0..n-1] (copied). Returns 0 or ERR_NOMEM. */
int frame_init(struct frame *f, const char *const *names, size_t n, struct err *e);
void frame_release(struct frame *f);

/* Append a row of n cells (n == f->n_cols), each NUL-terminated text.
 * Returns 0, ERR_LIMIT past FRAME_MAX_ROWS or FRAME_MAX_LEVELS, or ERR_NOMEM. */
int frame_add_row(struct frame *f, const char *const *cells, long line, struct err *e);

/* Give every number in column col a text code too ("%.15g"), so that the
 * column can be read as a factor or a grouping. Returns 0, ERR_LIMIT or
 * ERR_NOMEM. */
int frame_make_factor(struct frame *f, size_t col, struct err *e);

/* The index of the column called name, or -1. */
long frame_find(const struct frame *f, const char *name);

/* Whether column c holds numbers (see above). */
bool frame_is_numeric(const struct frame_col *c);

/* Parse a whole cell as a finite number (leading and trailing spaces
 * allowed). */
bool frame_parse_number(const char *s, double *out);

#endif
