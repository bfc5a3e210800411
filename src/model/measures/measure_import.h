/* measure_import.h - importing completed questionnaires (one row per
 * completed form, for whole-class screening) and the other outcomes
 * (attainment, attendance, suspensions and exclusions, bullying, positive
 * relationships) from CSV, with the same rules as the pupil import
 * (docs/import.md):
 *
 *   - columns matched by header name, ignoring case, spaces, underscores,
 *     hyphens and full stops, in any order; unused columns are noted once;
 *   - every row is checked before anything is written, and every problem is
 *     reported as FILE:LINE: COLUMN: reason, in line order;
 *   - if any row is invalid nothing is written (ERR_INPUT), unless
 *     skip_invalid, when the valid rows are imported and the rest reported;
 *     problems with the header always stop the import;
 *   - all writes happen in one transaction;
 *   - re-importing the same file changes nothing (rows are matched by their
 *     natural key: see model/assessment.h and model/outcomes.h).
 *
 * Pupils are found by UPN at the school, so import pupils first. The
 * columns each kind reads are listed by measure_import_columns_help() and
 * in docs/measures.md.
 */
#ifndef MESO_MEASURE_IMPORT_H
#define MESO_MEASURE_IMPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "core/err.h"

struct arena;
struct db;

enum measure_import_kind {
    MI_ASSESSMENTS,
    MI_ATTAINMENT,
    MI_ATTENDANCE,
    MI_EXCLUSIONS,
    MI_BULLYING,
    MI_RELATIONSHIPS,
    MI_N
};

/* "assessments", "attainment", "attendance", "exclusions", "bullying",
 * "relationships" (the command words; also measure_import_run.kind). */
extern const char *const measure_import_kinds[MI_N];

struct measure_import_options {
    enum measure_import_kind kind;
    const char *file;       /* path of the CSV file */
    const char *school_urn; /* NULL: the only school */
    bool skip_invalid;
    bool dry_run; /* check only; write nothing */
    const char *actor;
};

struct measure_import_summary {
    long rows; /* data rows read */
    long added, updated, unchanged;
    long skipped; /* invalid rows left out (with skip_invalid) */
    const char *school_urn, *school_name;
};

/* Run an import. Problems and notes are written to msg in line order.
 * Returns 0; ERR_INPUT when rows were invalid (nothing written) or there is
 * no school yet; ERR_USAGE when the school is ambiguous; ERR_STORAGE on a
 * database failure (nothing written). */
int measure_import_run(struct db *db, struct arena *a, const struct measure_import_options *o,
                       FILE *msg, struct measure_import_summary *sum, struct err *e);

/* Import from CSV text in memory (name is used in messages), as
 * measure_import_run() does with o->file read; for tests and fuzzing. */
int measure_import_mem(struct db *db, struct arena *a, const struct measure_import_options *o,
                       const char *data, size_t len, FILE *msg, struct measure_import_summary *sum,
                       struct err *e);

/* Write the columns a kind reads, one per line, with their other names. */
void measure_import_columns_help(enum measure_import_kind kind, FILE *out);

#endif
