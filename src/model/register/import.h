/* import.h - importing pupils and carers from MIS CSV exports.
 *
 * Columns are matched by header name, ignoring case, spaces, underscores,
 * hyphens and full stops; each column accepts the names common MIS exports
 * use (docs/import.md lists them, and `import_columns_help()` prints them).
 *
 * Every row is checked before anything is written, and every problem is
 * reported as FILE:LINE: COLUMN: reason. If any row is invalid nothing is
 * written (ERR_INPUT), unless skip_invalid is set, in which case the valid
 * rows are imported and the others still reported. All writes happen in one
 * transaction, so an interrupted import leaves no trace. Re-importing the
 * same file changes nothing.
 */
#ifndef MESO_IMPORT_H
#define MESO_IMPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "core/err.h"

struct arena;
struct db;

enum import_kind { IMPORT_PUPILS, IMPORT_CARERS };

struct import_options {
    enum import_kind kind;
    const char *file;       /* path of the CSV file */
    const char *school_urn; /* NULL: the only school (or a new placeholder) */
    bool skip_invalid;
    bool dry_run; /* check only; write nothing */
    const char *actor;
};

struct import_summary {
    long rows; /* data rows read */
    long added, updated, unchanged;
    long skipped; /* invalid rows left out (with skip_invalid) */
    long links_added, links_updated, links_unchanged; /* carers only */
    bool made_placeholder_school;
    const char *school_urn, *school_name;
};

/* Run an import. Problems and notes are written to msg as they are found (in
 * line order). Returns 0; ERR_INPUT when rows were invalid and nothing was
 * written; ERR_USAGE when the school is ambiguous; ERR_STORAGE on a database
 * failure (nothing written). */
int import_run(struct db *db, struct arena *a, const struct import_options *o, FILE *msg,
               struct import_summary *sum, struct err *e);

/* Write the accepted column names for a kind, one column per line. */
void import_columns_help(enum import_kind kind, FILE *out);

#endif
