/* db_sqlite.c - the SQLite backend of db.h. */
#include "db/db.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/log.h"
#include "core/mem.h"
#include "db/migrate.h"

/* 'meso' in ASCII: marks the file as ours (PRAGMA application_id). */
#define MESO_APPLICATION_ID 0x6d65736f

/* Prepared statements are cached per connection, keyed by the address of
 * their SQL literal, so model code can "prepare" inside loops for free. */
#define STMT_CACHE 128

struct db_stmt {
    sqlite3_stmt *h;
    struct db *db;
    const char *key; /* the literal, when cached */
    bool in_use;
};

struct db {
    sqlite3 *h;
    char *path;
    int depth; /* transaction nesting */
    void *context;
    struct db_stmt *cache[STMT_CACHE];
};

static int db_fail(struct db *db, struct err *e, int rc, const char *what)
{
    int code = ERR_STORAGE;
    int prim = rc & 0xff;
    if (prim == SQLITE_CONSTRAINT)
        code = ERR_CONFLICT;
    else if (prim == SQLITE_NOMEM)
        code = ERR_NOMEM;
    const char *msg = db && db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc);
    if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED)
        msg = "the database is busy (another meso is writing); try again";
    log_msg(code == ERR_CONFLICT ? LOG_DEBUG : LOG_WARN, "sqlite %s: %s (%d)", what, msg, rc);
    return err_set(e, code, "%s: %s", what, msg);
}

void db_global_init(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3_initialize();
}

const char *db_path(const struct db *db)
{
    return db->path;
}

static int db_pragma_int(struct db *db, const char *pragma, int *out, struct err *e)
{
    /* pragma is one of a fixed set of literals chosen by callers in this file. */
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db->h, pragma, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return db_fail(db, e, rc, "reading database settings");
    rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(db, e, rc, "reading database settings");
    return 0;
}

int db_schema_version(struct db *db, int *out, struct err *e)
{
    return db_pragma_int(db, "PRAGMA user_version", out, e);
}

int db_set_schema_version(struct db *db, int v, struct err *e)
{
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v); /* integer only */
    int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return db_fail(db, e, rc, "recording the schema version");
    return 0;
}

/* Check that the file is empty or a meso database before touching it. */
static int db_check_identity(struct db *db, struct err *e)
{
    int app_id, n_tables;
    int rc = db_pragma_int(db, "PRAGMA application_id", &app_id, e);
    if (rc)
        return rc;
    if (app_id == MESO_APPLICATION_ID)
        return 0;
    rc = db_pragma_int(db, "SELECT count(*) FROM sqlite_schema", &n_tables, e);
    if (rc)
        return rc;
    if (n_tables > 0 || app_id != 0)
        return err_set(e, ERR_STORAGE, "%s is not a meso database; refusing to change it",
                       db->path);
    return 0;
}

int db_open(struct db **out, const char *path, int flags, struct err *e)
{
    *out = NULL;
    struct db *db = mem_calloc(1, sizeof *db);
    if (!db)
        return err_set(e, ERR_NOMEM, "out of memory");
    db->path = mem_strdup(path);
    if (!db->path) {
        mem_free(db);
        return err_set(e, ERR_NOMEM, "out of memory");
    }
    int oflags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
    if (flags & DB_OPEN_READONLY)
        oflags |= SQLITE_OPEN_READONLY;
    else
        oflags |= SQLITE_OPEN_READWRITE | ((flags & DB_OPEN_CREATE) ? SQLITE_OPEN_CREATE : 0);
    int rc = sqlite3_open_v2(path, &db->h, oflags, NULL);
    if (rc != SQLITE_OK) {
        if ((rc & 0xff) == SQLITE_CANTOPEN && !(flags & DB_OPEN_CREATE))
            err_set(e, ERR_STORAGE, "cannot open %s: no such database (run `meso init` first)",
                    path);
        else
            err_set(e, ERR_STORAGE, "cannot open %s: %s", path,
                    db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
        db_close(db);
        return ERR_STORAGE;
    }
    sqlite3_busy_timeout(db->h, 5000);
    sqlite3_extended_result_codes(db->h, 1);
    /* Reject files that are not SQLite at all before changing anything. */
    rc = db_check_identity(db, e);
    if (rc) {
        if (e && strstr(e->msg, "not a database"))
            err_set(e, ERR_STORAGE, "%s is not a meso database (not an SQLite file)", path);
        db_close(db);
        return rc;
    }
    if (!(flags & DB_OPEN_READONLY)) {
        rc = sqlite3_exec(db->h,
                          "PRAGMA journal_mode = WAL;"
                          "PRAGMA synchronous = NORMAL;"
                          /* Up to 64 MiB of page cache, so a large import is
                           * not spilled to the WAL half-way through. */
                          "PRAGMA cache_size = -65536;"
                          "PRAGMA foreign_keys = ON;",
                          NULL, NULL, NULL);
        if (rc == SQLITE_OK) {
            char sql[64];
            snprintf(sql, sizeof sql, "PRAGMA application_id = %d", MESO_APPLICATION_ID);
            rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
        }
        if (rc != SQLITE_OK) {
            db_fail(db, e, rc, "setting up the database");
            db_close(db);
            return ERR_STORAGE;
        }
    } else {
        sqlite3_exec(db->h, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
    }
    rc = migrate_check_or_apply(db, !(flags & (DB_OPEN_READONLY | DB_OPEN_NO_MIGRATE)), e);
    if (rc) {
        db_close(db);
        return rc;
    }
    *out = db;
    return 0;
}

void db_close(struct db *db)
{
    if (!db)
        return;
    for (int i = 0; i < STMT_CACHE; i++) {
        if (db->cache[i]) {
            sqlite3_finalize(db->cache[i]->h);
            mem_free(db->cache[i]);
        }
    }
    if (db->h)
        sqlite3_close_v2(db->h);
    mem_free(db->path);
    mem_free(db);
}

static size_t cache_slot(const char *sql)
{
    uintptr_t x = (uintptr_t)sql;
    x ^= x >> 17;
    x *= 0x9E3779B97F4A7C15u;
    return (size_t)(x >> 7) % STMT_CACHE;
}

int db_prepare_literal(struct db *db, struct db_stmt **out, const char *sql, struct err *e)
{
    *out = NULL;
    size_t slot = cache_slot(sql);
    for (size_t k = 0; k < 4; k++) {
        struct db_stmt *c = db->cache[(slot + k) % STMT_CACHE];
        if (c && c->key == sql && !c->in_use) {
            c->in_use = true;
            *out = c;
            return 0;
        }
    }
    struct db_stmt *st = mem_calloc(1, sizeof *st);
    if (!st)
        return err_set(e, ERR_NOMEM, "out of memory");
    int rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->h, NULL);
    if (rc != SQLITE_OK) {
        mem_free(st);
        log_msg(LOG_ERROR, "prepare failed for: %.200s", sql);
        return db_fail(db, e, rc, "preparing a query");
    }
    st->db = db;
    st->in_use = true;
    for (size_t k = 0; k < 4; k++) {
        struct db_stmt **c = &db->cache[(slot + k) % STMT_CACHE];
        if (!*c) {
            st->key = sql;
            *c = st;
            break;
        }
    }
    *out = st;
    return 0;
}

void db_finalize(struct db_stmt *st)
{
    if (!st)
        return;
    if (st->key) {
        /* Cached: make it ready for the next user. */
        sqlite3_reset(st->h);
        sqlite3_clear_bindings(st->h);
        st->in_use = false;
        return;
    }
    sqlite3_finalize(st->h);
    mem_free(st);
}

void db_reset(struct db_stmt *st)
{
    sqlite3_reset(st->h);
    sqlite3_clear_bindings(st->h);
}

void db_bind_text(struct db_stmt *st, int idx, const char *v)
{
    if (v)
        sqlite3_bind_text(st->h, idx, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st->h, idx);
}

void db_bind_int(struct db_stmt *st, int idx, int64_t v)
{
    sqlite3_bind_int64(st->h, idx, v);
}

void db_bind_double(struct db_stmt *st, int idx, double v)
{
    sqlite3_bind_double(st->h, idx, v);
}

void db_bind_null(struct db_stmt *st, int idx)
{
    sqlite3_bind_null(st->h, idx);
}

void db_bind_int_or_null(struct db_stmt *st, int idx, int64_t v, bool is_null)
{
    if (is_null)
        sqlite3_bind_null(st->h, idx);
    else
        sqlite3_bind_int64(st->h, idx, v);
}

int db_step(struct db_stmt *st, struct err *e)
{
    int rc = sqlite3_step(st->h);
    if (rc == SQLITE_ROW)
        return DB_ROW;
    if (rc == SQLITE_DONE)
        return DB_DONE;
    int r = db_fail(st->db, e, rc, "running a query");
    sqlite3_reset(st->h);
    return r;
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
    return (const char *)sqlite3_column_text(st->h, col);
}

int64_t db_col_int(struct db_stmt *st, int col)
{
    return sqlite3_column_int64(st->h, col);
}

double db_col_double(struct db_stmt *st, int col)
{
    return sqlite3_column_double(st->h, col);
}

bool db_col_is_null(struct db_stmt *st, int col)
{
    return sqlite3_column_type(st->h, col) == SQLITE_NULL;
}

int db_col_count(struct db_stmt *st)
{
    return sqlite3_column_count(st->h);
}

int db_exec_literal(struct db *db, const char *sql, struct err *e)
{
    int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return db_fail(db, e, rc, "updating the database");
    return 0;
}

int db_exec_script(struct db *db, const char *script, struct err *e)
{
    int rc = sqlite3_exec(db->h, script, NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return db_fail(db, e, rc, "applying a schema change");
    return 0;
}

bool db_in_transaction(const struct db *db)
{
    return db->depth > 0;
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
    char sql[48];
    if (db->depth == 0)
        snprintf(sql, sizeof sql, "BEGIN IMMEDIATE");
    else
        snprintf(sql, sizeof sql, "SAVEPOINT meso_sp%d", db->depth);
    int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return db_fail(db, e, rc, "starting a transaction");
    db->depth++;
    return 0;
}

int db_commit(struct db *db, struct err *e)
{
    char sql[48];
    if (!ALWAYS(db->depth > 0))
        return err_set(e, ERR_STORAGE, "internal error: commit without a transaction");
    if (db->depth == 1)
        snprintf(sql, sizeof sql, "COMMIT");
    else
        snprintf(sql, sizeof sql, "RELEASE meso_sp%d", db->depth - 1);
    int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        int r = db_fail(db, e, rc, "saving changes");
        db_rollback(db);
        return r;
    }
    db->depth--;
    return 0;
}

void db_rollback(struct db *db)
{
    char sql[80];
    if (!ALWAYS(db->depth > 0))
        return;
    if (db->depth == 1)
        snprintf(sql, sizeof sql, "ROLLBACK");
    else
        snprintf(sql, sizeof sql, "ROLLBACK TO meso_sp%d; RELEASE meso_sp%d", db->depth - 1,
                 db->depth - 1);
    if (sqlite3_exec(db->h, sql, NULL, NULL, NULL) != SQLITE_OK)
        log_msg(LOG_WARN, "rollback failed: %s", sqlite3_errmsg(db->h));
    db->depth--;
}

const char *db_dialect(void)
{
    return "sqlite";
}

int db_changes(struct db *db)
{
    return sqlite3_changes(db->h);
}

int db_integrity(struct db *db, struct buf *report, int *problems, struct err *e)
{
    *problems = 0;
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db->h, "PRAGMA integrity_check", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return db_fail(db, e, rc, "checking integrity");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *line = (const char *)sqlite3_column_text(st, 0);
        if (line && strcmp(line, "ok") != 0) {
            (*problems)++;
            buf_addf(report, "storage: %s\n", line);
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return db_fail(db, e, rc, "checking integrity");
    rc = sqlite3_prepare_v2(db->h, "PRAGMA foreign_key_check", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return db_fail(db, e, rc, "checking links between records");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        (*problems)++;
        buf_addf(report, "link: a row in %s (rowid %lld) points to a missing %s\n",
                 (const char *)sqlite3_column_text(st, 0), sqlite3_column_int64(st, 1),
                 (const char *)sqlite3_column_text(st, 2));
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return db_fail(db, e, rc, "checking links between records");
    return 0;
}
