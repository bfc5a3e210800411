/* import.h - importing pupils and carers from MIS CSV exports.
 *
 * Columns are matched by header name, ignoring case, spaces, underscores,
 * hyphens and full stops; each column accepts the names common MIS exports
 * use (docs/import.md lists them, and `import_columns_help()` prints them).
 * A school may also say which column a header holds (import_options.choices,
 * kept by model/register/importupload.h).
 *
 * A pupil export's repeated contact columns ("Contact 1 Name", "Contact 1
 * Relationship", ... "Contact 2 ...") give the pupils' carers, read with the
 * pupils; a carers import reads either a contacts file (one row per carer and
 * pupil) or those same contact columns. The file may be UTF-8 or
 * Windows-1252 (converted, with a note).
 *
 * Every row is checked before anything is written, and every problem is
 * reported as FILE:LINE: COLUMN: reason. A problem with the columns
 * themselves (a required column missing, a column twice) is reported once,
 * and the rows are not checked until the columns are right. If any row is
 * invalid nothing is written (ERR_INPUT), unless skip_invalid is set, in
 * which case the valid rows are imported and the others still reported. All
 * writes happen in one transaction, so an interrupted import leaves no
 * trace. Re-importing the same file changes nothing.
 */
#ifndef MESO_IMPORT_H
#define MESO_IMPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/err.h"
#include "io/csv.h"
#include "model/register/csvtable.h"

struct arena;
struct db;
struct problem;

enum import_kind { IMPORT_PUPILS, IMPORT_CARERS };

/* "pupils" or "carers". */
const char *import_kind_name(enum import_kind kind);

struct import_options {
    enum import_kind kind;
    const char *file;       /* path of the CSV file, or the name to report when data is given */
    const char *data;       /* the file's contents (an upload), or NULL to read `file` */
    size_t len;             /* of data */
    int64_t school_id;      /* the school (web); 0: by school_urn */
    const char *school_urn; /* NULL: the only school (or a new placeholder) */
    bool skip_invalid;
    bool dry_run; /* check only; write nothing */
    bool preview; /* write in a transaction, report every row, then roll it back */
    const struct csvtable_choice *choices; /* the school's column choices, or NULL */
    size_t n_choices;
    const char *actor;
    const char *address; /* the client's, for the audit trail (web), or NULL */
};

/* How one column of the file is read, for the preview. */
struct import_column {
    const char *header;   /* as written in the file */
    const char *reads_as; /* "UPN", "Contact 1: relationship", or NULL: not used */
    const char *column;   /* the spec key chosen or matched ("upn"), or NULL */
    bool chosen;          /* by the school's choice rather than by its name */
    bool skipped;         /* the school chose "not used" */
    const char *example;  /* the first data row's value, or "" */
};

/* What the import does (or would do) with one row. */
enum import_row_what { IMPORT_ROW_ADD, IMPORT_ROW_CHANGE, IMPORT_ROW_SAME, IMPORT_ROW_SKIP };
struct import_row {
    long line;
    enum import_row_what what;
    const char *name; /* the pupil's (or carer's) name */
    const char *upn;
    const char *changes; /* "year group, class" for a change, else NULL */
};

struct import_summary {
    long rows;                      /* data rows read */
    long added, updated, unchanged; /* pupils (a carers import: carers) */
    long skipped;                   /* invalid rows left out (with skip_invalid) */
    /* Carers: of a carers import, or read from a pupil export's contacts. */
    long carers_added, carers_updated, carers_unchanged;
    long links_added, links_updated, links_unchanged;
    int contacts;              /* contact column sets in a pupil export (Contact 1 ... n) */
    long classes_added;        /* registration groups seen for the first time */
    int key_teachers_followed; /* pupils given their class's key teacher */
    bool made_placeholder_school;
    const char *school_urn, *school_name;
    enum csv_encoding encoding;
    bool columns_wrong; /* a problem with the columns: the rows were not checked */
    /* Every problem, by line (line 1: the columns). */
    const struct problem *problems;
    size_t n_problems;
    /* Notes (an encoding converted, columns not used, no contact columns). */
    const char **notes;
    size_t n_notes;
    struct import_column *columns; /* every column of the file, in order */
    size_t n_columns;
    struct import_row *row_list; /* with preview: every row, in file order */
    size_t n_row_list;
};

/* Run an import. Problems and notes are written to msg (if not NULL) as
 * FILE:LINE: COLUMN: reason, in line order, and kept in sum (in a). Returns
 * 0; ERR_INPUT when the file or its rows were invalid and nothing was
 * written; ERR_USAGE when the school is ambiguous; ERR_STORAGE on a
 * database failure (nothing written). */
int import_run(struct db *db, struct arena *a, const struct import_options *o, FILE *msg,
               struct import_summary *sum, struct err *e);

/* What an import did, in words: "30 pupils added, 0 changed, 0 already up
 * to date; 38 parents and carers added, ...; 8 new classes." (arena). */
const char *import_summary_words(struct arena *a, enum import_kind kind,
                                 const struct import_summary *s);

/* Write the accepted column names for a kind, one column per line. */
void import_columns_help(enum import_kind kind, FILE *out);

/* The columns a kind reads, for a "which column is which" choice. */
const struct csvtable_col *import_spec(enum import_kind kind, size_t *n);

#endif
