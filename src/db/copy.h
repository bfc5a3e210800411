/* copy.h - copy a whole meso database to another, on either backend, and
 * prove the copy with row counts and checksums (`meso db copy`).
 *
 * The source must be at this binary's schema version. The target must be
 * empty: a new database (schema 0, migrated here) or one at the same version
 * holding nothing but the rows migrations themselves insert (the seed rows:
 * need codes, outcome codes, the built-in programmes and frameworks). What
 * counts as "nothing but the seed rows" is decided against a freshly
 * migrated in-memory SQLite database: every table must match it by count and
 * checksum. The seed tables are then emptied and every table is filled from
 * the source, inside one transaction on the target, in foreign-key order
 * from the catalogue; PostgreSQL's identity sequences are set past the
 * copied ids; each table is counted and checksummed on the target before
 * the commit, and any difference rolls the whole copy back.
 *
 * A table's checksum is the sum (mod 2^128) of a 128-bit BLAKE2b hash of
 * each row's canonical text: integers in decimal, REAL columns as %.17g of
 * the double, text as it is, NULL distinct from every value. Summing makes
 * it independent of row order (which differs between backends for text
 * keys); the same C code computes it on both sides. */
#ifndef MESO_DB_COPY_H
#define MESO_DB_COPY_H

#include <stdbool.h>

#include "core/err.h"

struct db;

struct db_copy_table {
    char *name;
    long long src_rows, dst_rows;
    char src_sum[33], dst_sum[33]; /* hex */
    bool match;
};

struct db_copy_report {
    struct db_copy_table *tables; /* in the order they were copied */
    int n_tables;
    int mismatches;
    long long rows; /* copied, in all */
};

/* What to copy: everything, or (school_urn set) only the rows that belong to
 * that school. */
struct db_copy_opts {
    const char *school_urn;
};

/* Copy src into dst (both opened with DB_OPEN_NO_MIGRATE; dst is migrated
 * here when new). Returns 0 when every table matches; ERR_USAGE when the
 * source is not at this binary's schema version or the target is not empty
 * or not a new database; ERR_STORAGE on a mismatch (nothing is committed)
 * or a database error. The report is filled as far as the copy got; release
 * it with db_copy_report_release(). */
int db_copy(struct db *src, struct db *dst, const struct db_copy_opts *opts,
            struct db_copy_report *r, struct err *e);
void db_copy_report_release(struct db_copy_report *r);

#endif
