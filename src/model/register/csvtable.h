/* csvtable.h - the column conventions every meso import shares: columns are
 * matched by header name, ignoring case, spaces, underscores, hyphens and
 * full stops; each column accepts the names common MIS exports use; a
 * required column that is missing, or a column given twice, is a problem of
 * the header (line 1); columns meso does not use are listed once in a note;
 * problems are recorded against the header as written in the file.
 *
 * A school may say which column a header holds (the upload preview's column
 * choices): such a choice comes before matching by name, and can also mark a
 * header as not used.
 */
#ifndef MESO_CSVTABLE_H
#define MESO_CSVTABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/buf.h"

struct arena;
struct problems;

#define CSVTABLE_MAX_NAMES 10
#define CSVTABLE_MAX_COLS  32

struct csvtable_col {
    const char *key; /* internal name, used by validators as a field name */
    bool required;
    const char *names[CSVTABLE_MAX_NAMES]; /* accepted headers; the first is canonical */
};

/* A header the spec does not name: return true to take it (e.g. "Item 7"),
 * false to list it as unused. key is the header's matching key
 * ("item7"), col its 0-based column. */
typedef bool (*csvtable_extra_fn)(void *ctx, const char *key, const char *header, size_t col);

/* A school's choice for one header: the spec key of the column it holds, or
 * "" for "not used". header_key is the header's matching key (str_key). */
struct csvtable_choice {
    const char *header_key;
    const char *column;
};

/* How one column of the file is read (after csvtable_header). */
enum csvtable_use {
    CSVTABLE_UNUSED = 0, /* no spec column has this name */
    CSVTABLE_SPEC,       /* spec column `spec` */
    CSVTABLE_EXTRA,      /* taken by the extra callback */
    CSVTABLE_SKIPPED,    /* the school chose "not used" */
    CSVTABLE_REPEATED,   /* a second column for the same spec column */
};
struct csvtable_use_of {
    enum csvtable_use use;
    int spec;    /* for CSVTABLE_SPEC and CSVTABLE_REPEATED */
    bool chosen; /* by the school's choice rather than by name */
};

struct csvtable {
    const struct csvtable_col *spec;
    size_t n_spec;
    const struct csvtable_choice *choices; /* may be NULL */
    size_t n_choices;
    int col_of[CSVTABLE_MAX_COLS];         /* spec index -> column in the file, or -1 */
    const char *hdr_of[CSVTABLE_MAX_COLS]; /* spec index -> header as written */
    size_t n_header;
    const char **headers;           /* the header row as written (arena) */
    struct csvtable_use_of *use_of; /* per column of the file (arena) */
    bool have_header;
    struct buf unknown; /* unused column names, comma-separated */
};

void csvtable_init(struct csvtable *t, const struct csvtable_col *spec, size_t n_spec);
/* Use a school's choices (kept by the caller) when reading the header. */
void csvtable_choose(struct csvtable *t, const struct csvtable_choice *c, size_t n);
/* The spec index with this key, or -1. */
int csvtable_find(const struct csvtable_col *spec, size_t n, const char *key);
void csvtable_release(struct csvtable *t);

/* Read the header row; problems (missing, repeated columns) go to pr at its
 * current line. extra may be NULL. */
void csvtable_header(struct csvtable *t, struct arena *a, char **fields, size_t n,
                     struct problems *pr, csvtable_extra_fn extra, void *ctx);

/* The trimmed value of spec column idx in a row; "" when the file has no
 * such column or the row is short. Trims fields in place. */
const char *csvtable_cell(const struct csvtable *t, char **fields, size_t n, int idx);
/* The trimmed value of file column col; "" past the end. */
const char *csvtable_at(char **fields, size_t n, int col);
/* True when the file has spec column idx. */
bool csvtable_has(const struct csvtable *t, int idx);
/* The name to report a column under: as written in the file, or canonical. */
const char *csvtable_name(const struct csvtable *t, int idx);

/* A data row longer than the header (beyond blank padding) is a problem;
 * returns false for such a row. */
bool csvtable_row_ok(const struct csvtable *t, char **fields, size_t n, struct problems *pr);

/* Write "  NAME (required): also A, B" per column. */
void csvtable_help(const struct csvtable_col *spec, size_t n, FILE *out);
/* "NAME, A, B": the names a spec column accepts (arena). */
const char *csvtable_names(struct arena *a, const struct csvtable_col *c);

#endif
