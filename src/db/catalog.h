/* catalog.h - what tables a database holds, read from its own catalogue
 * (sqlite_schema and pragma_table_info on SQLite, pg_class and pg_attribute
 * on PostgreSQL), for db_copy (src/db only). The driver's bookkeeping
 * (PostgreSQL's schema_version table, SQLite's sqlite_* tables) is left out.
 * Names come only from the catalogue; db_copy quotes them wherever it
 * builds SQL. */
#ifndef MESO_DB_CATALOG_H
#define MESO_DB_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

struct db;

/* How a column's values are read and written: by its declared type. */
enum cat_kind { CAT_TEXT = 0, CAT_INT, CAT_REAL };

struct cat_column {
    char *name;
    enum cat_kind kind;
    bool identity; /* PostgreSQL: an identity column (its sequence is set after a copy) */
};

struct cat_table {
    char *name;
    struct cat_column *cols;
    int n_cols;
    /* Tables its foreign keys name (itself included, when it does), and
     * school and pupil for school_id and pupil_id columns with no key. */
    char **refs;
    char **ref_cols; /* the column of each (a key's first column) */
    int n_refs;
};

struct catalog {
    struct cat_table *tables; /* in dependency order: a table after those it references */
    int n_tables;
};

/* Read db's tables, sorted so that each comes after every other table its
 * foreign keys reference. A cycle between tables is ERR_STORAGE. On success
 * release *c with catalog_release(). */
int catalog_read(struct db *db, struct catalog *c, struct err *e);
void catalog_release(struct catalog *c);

/* Write name into out as a quoted SQL identifier ("name", a " doubled).
 * ERR_USAGE when it does not fit in size bytes. */
int catalog_quote(char *out, size_t size, const char *name);

/* The table called name, or NULL. */
const struct cat_table *catalog_find(const struct catalog *c, const char *name);
/* The index of column name in t, or -1. */
int catalog_column(const struct cat_table *t, const char *name);

#endif
