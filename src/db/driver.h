/* driver.h - what a storage backend gives db.c (inside src/db only).
 *
 * db.c implements the public db.h functions by calling the driver that opened
 * the connection: db_open() chooses it from the name (a postgresql:// or
 * postgres:// URI picks db_pg.c, anything else is an SQLite path for
 * db_sqlite.c). Each driver's connection and statement structs begin with
 * struct db and struct db_stmt below, so db.c can find the driver and the
 * driver can cast back to its own struct. */
#ifndef MESO_DB_DRIVER_H
#define MESO_DB_DRIVER_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

struct buf;
struct db_backup_opts;
struct db_backup_result;
struct db_driver;

/* The start of every driver's connection. */
struct db {
    const struct db_driver *drv;
    char *path;    /* as shown to people: a URI without its password */
    void *context; /* db_set_context(): the caller's, never the driver's */
    /* db_writes(): kept by the drivers. */
    unsigned long busy;      /* statements refused for another writer's sake */
    unsigned long committed; /* transactions committed (autocommit included) */
};

/* The start of every driver's statement. */
struct db_stmt {
    const struct db_driver *drv;
    /* The prepared-statement cache (db/stmtcache.h): the literal it is kept
     * under (NULL when not cached), and whether someone has it now. */
    const char *cache_key;
    bool in_use;
};

struct db_driver {
    const char *dialect; /* db_dialect(): "sqlite" or "postgresql" */
    int (*open)(struct db **out, const char *path, int flags, struct err *e);
    void (*close)(struct db *db);
    int (*prepare)(struct db *db, struct db_stmt **out, const char *sql, struct err *e);
    /* The same for SQL built at run time (never cached: the cache is keyed
     * by the literal's address). */
    int (*prepare_built)(struct db *db, struct db_stmt **out, const char *sql, struct err *e);
    void (*finalize)(struct db_stmt *st);
    void (*reset)(struct db_stmt *st);
    void (*bind_text)(struct db_stmt *st, int idx, const char *v);
    void (*bind_int)(struct db_stmt *st, int idx, int64_t v);
    void (*bind_double)(struct db_stmt *st, int idx, double v);
    void (*bind_null)(struct db_stmt *st, int idx);
    int (*step)(struct db_stmt *st, struct err *e);
    const char *(*col_text)(struct db_stmt *st, int col);
    int64_t (*col_int)(struct db_stmt *st, int col);
    double (*col_double)(struct db_stmt *st, int col);
    bool (*col_is_null)(struct db_stmt *st, int col);
    int (*col_count)(struct db_stmt *st);
    int (*exec)(struct db *db, const char *sql, struct err *e);
    int (*exec_script)(struct db *db, const char *script, struct err *e);
    int (*begin)(struct db *db, struct err *e);
    int (*commit)(struct db *db, struct err *e);
    bool (*in_transaction)(const struct db *db);
    void (*rollback)(struct db *db);
    int (*changes)(struct db *db);
    int (*schema_version)(struct db *db, int *out, struct err *e);
    int (*set_schema_version)(struct db *db, int v, struct err *e);
    int (*integrity)(struct db *db, struct buf *report, int *problems, struct err *e);
    int (*backup)(struct db *db, const char *dest, const struct db_backup_opts *o,
                  struct db_backup_result *r, struct err *e);
    int (*scrub)(struct db *db, struct err *e);
};

extern const struct db_driver db_sqlite_driver;
extern const struct db_driver db_pg_driver;

/* Process-wide set-up of the SQLite library (db_global_init). */
void db_sqlite_global_init(void);

/* Prepare SQL built at run time, for src/db's own use only (db_copy, which
 * builds statements from the database's catalogue with every identifier
 * quoted). Model code has db_prepare() and literals; this is not in db.h. */
int db_prepare_built(struct db *db, struct db_stmt **out, const char *sql, struct err *e);

#endif
