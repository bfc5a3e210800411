/* db.c - the db.h interface, passed to the driver that opened the connection
 * (driver.h): SQLite for a path, PostgreSQL for a postgresql:// URI. */
#include "db/db.h"

#include <string.h>

#include "db/driver.h"

void db_global_init(void)
{
    db_sqlite_global_init();
}

bool db_is_pg_uri(const char *name)
{
    return name &&
           (strncmp(name, "postgresql://", 13) == 0 || strncmp(name, "postgres://", 11) == 0);
}

int db_open(struct db **out, const char *path, int flags, struct err *e)
{
    *out = NULL;
    if (!path || !*path)
        return err_set(e, ERR_USAGE, "no database given");
    const struct db_driver *drv = db_is_pg_uri(path) ? &db_pg_driver : &db_sqlite_driver;
    return drv->open(out, path, flags, e);
}

void db_close(struct db *db)
{
    if (db)
        db->drv->close(db);
}

const char *db_path(const struct db *db)
{
    return db->path;
}

const char *db_dialect(const struct db *db)
{
    return db->drv->dialect;
}

int db_prepare_literal(struct db *db, struct db_stmt **out, const char *sql, struct err *e)
{
    return db->drv->prepare(db, out, sql, e);
}

int db_prepare_built(struct db *db, struct db_stmt **out, const char *sql, struct err *e)
{
    return db->drv->prepare_built(db, out, sql, e);
}

void db_finalize(struct db_stmt *st)
{
    if (st)
        st->drv->finalize(st);
}

void db_reset(struct db_stmt *st)
{
    st->drv->reset(st);
}

void db_bind_text(struct db_stmt *st, int idx, const char *v)
{
    if (v)
        st->drv->bind_text(st, idx, v);
    else
        st->drv->bind_null(st, idx);
}

void db_bind_int(struct db_stmt *st, int idx, int64_t v)
{
    st->drv->bind_int(st, idx, v);
}

void db_bind_double(struct db_stmt *st, int idx, double v)
{
    st->drv->bind_double(st, idx, v);
}

void db_bind_null(struct db_stmt *st, int idx)
{
    st->drv->bind_null(st, idx);
}

void db_bind_int_or_null(struct db_stmt *st, int idx, int64_t v, bool is_null)
{
    if (is_null)
        st->drv->bind_null(st, idx);
    else
        st->drv->bind_int(st, idx, v);
}

int db_step(struct db_stmt *st, struct err *e)
{
    return st->drv->step(st, e);
}

int db_step_id(struct db_stmt *st, int64_t *id, struct err *e)
{
    *id = 0;
    int rc = db_step(st, e);
    if (rc == DB_ROW) {
        *id = db_col_int(st, 0);
        rc = db_step(st, e);
    }
    return rc;
}

const char *db_col_text(struct db_stmt *st, int col)
{
    return st->drv->col_text(st, col);
}

int64_t db_col_int(struct db_stmt *st, int col)
{
    return st->drv->col_int(st, col);
}

double db_col_double(struct db_stmt *st, int col)
{
    return st->drv->col_double(st, col);
}

bool db_col_is_null(struct db_stmt *st, int col)
{
    return st->drv->col_is_null(st, col);
}

int db_col_count(struct db_stmt *st)
{
    return st->drv->col_count(st);
}

int db_exec_literal(struct db *db, const char *sql, struct err *e)
{
    return db->drv->exec(db, sql, e);
}

int db_exec_script(struct db *db, const char *script, struct err *e)
{
    return db->drv->exec_script(db, script, e);
}

void db_writes(const struct db *db, unsigned long *busy, unsigned long *committed)
{
    *busy = db->busy;
    *committed = db->committed;
}

bool db_in_transaction(const struct db *db)
{
    return db->drv->in_transaction(db);
}

void db_set_context(struct db *db, void *ctx)
{
    db->context = ctx;
}

void *db_context(const struct db *db)
{
    return db->context;
}

int db_begin(struct db *db, struct err *e)
{
    return db->drv->begin(db, e);
}

int db_commit(struct db *db, struct err *e)
{
    return db->drv->commit(db, e);
}

void db_rollback(struct db *db)
{
    db->drv->rollback(db);
}

int db_changes(struct db *db)
{
    return db->drv->changes(db);
}

int db_schema_version(struct db *db, int *out, struct err *e)
{
    return db->drv->schema_version(db, out, e);
}

int db_set_schema_version(struct db *db, int v, struct err *e)
{
    return db->drv->set_schema_version(db, v, e);
}

int db_integrity(struct db *db, struct buf *report, int *problems, struct err *e)
{
    return db->drv->integrity(db, report, problems, e);
}

int db_backup(struct db *db, const char *dest, const struct db_backup_opts *o,
              struct db_backup_result *r, struct err *e)
{
    struct db_backup_opts none = { 0 };
    struct db_backup_result ignored;
    if (!dest && (!o || !o->sink))
        return err_set(e, ERR_USAGE, "internal error: a backup needs a file or a sink");
    return db->drv->backup(db, dest, o ? o : &none, r ? r : &ignored, e);
}

int db_scrub(struct db *db, struct err *e)
{
    if (!ALWAYS(!db_in_transaction(db)))
        return err_set(e, ERR_STORAGE, "internal error: scrubbing inside a transaction");
    return db->drv->scrub(db, e);
}
