/* db_sqlite.c - the SQLite backend of db.h (driver.h): a path names the file. */
#include "db/db.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/log.h"
#include "core/mem.h"
#include "db/driver.h"
#include "db/stmtcache.h"
#include "db/migrate.h"

/* 'meso' in ASCII: marks the file as ours (PRAGMA application_id). */
#define MESO_APPLICATION_ID 0x6d65736f

/* Prepared statements are cached per connection, keyed by the address of
 * their SQL literal, so model code can "prepare" inside loops for free
 * (db/stmtcache.h). */
struct sq_stmt {
    struct db_stmt base;
    sqlite3_stmt *h;
    struct sq_db *db;
};

struct sq_db {
    struct db base;
    sqlite3 *h;
    int depth; /* transaction nesting */
    struct stmt_cache cache;
};

#define SQ(db) ((struct sq_db *)(db))
#define ST(st) ((struct sq_stmt *)(st))

static int db_fail(struct sq_db *db, struct err *e, int rc, const char *what)
{
    int code = ERR_STORAGE;
    int prim = rc & 0xff;
    if (prim == SQLITE_CONSTRAINT)
        code = ERR_CONFLICT;
    else if (prim == SQLITE_NOMEM)
        code = ERR_NOMEM;
    const char *msg = db && db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc);
    if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED) {
        msg = "the database is busy (another meso is writing); try again";
        if (db)
            db->base.busy++;
    }
    log_msg(code == ERR_CONFLICT ? LOG_DEBUG : LOG_WARN, "sqlite %s: %s (%d)", what, msg, rc);
    return err_set(e, code, "%s: %s", what, msg);
}

/* Every commit, autocommit statements included (db_writes()). */
static int count_commit(void *arg)
{
    ((struct sq_db *)arg)->base.committed++;
    return 0; /* let it commit */
}

void db_sqlite_global_init(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    /* A statement's journal (the pages it changed, kept so that a failing
     * statement can be undone inside its transaction) stays in memory up to
     * 1 MiB instead of 64 KiB: an import's INSERT of 16 pupils touches more
     * than 64 KiB of pages across the table and its indexes, and spilling
     * made it write every page to a temporary file (160,000 pwrites for
     * 30,000 pupils). */
    sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, 1024 * 1024);
    sqlite3_initialize();
}

static int db_pragma_int(struct sq_db *db, const char *pragma, int *out, struct err *e)
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

static int sq_schema_version(struct db *db, int *out, struct err *e)
{
    return db_pragma_int(SQ(db), "PRAGMA user_version", out, e);
}

static int sq_set_schema_version(struct db *dbp, int v, struct err *e)
{
    struct sq_db *db = SQ(dbp);
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v); /* integer only */
    int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return db_fail(db, e, rc, "recording the schema version");
    return 0;
}

/* Check that the file is empty or a meso database before touching it. */
static int db_check_identity(struct sq_db *db, struct err *e)
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
                       db->base.path);
    return 0;
}

static void sq_close(struct db *dbp);

/* DB_OPEN_EXCLUSIVE: the exclusive locking mode, set before the file is
 * first read (so WAL, if the file uses it, keeps its index in this process
 * and no other can join), then an exclusive transaction to take the lock.
 * Any other connection holds at least a shared lock while open in WAL mode,
 * so a database in use is busy here. */
static int sq_take_alone(struct sq_db *db, struct err *e)
{
    sqlite3_busy_timeout(db->h, 300);
    int rc = sqlite3_exec(db->h, "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT", NULL,
                          NULL, NULL);
    sqlite3_busy_timeout(db->h, 5000);
    if (rc == SQLITE_OK)
        return 0;
    if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
        sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
        return err_set(e, ERR_CONFLICT,
                       "%s is in use (is meso serve running on it?); nothing was changed",
                       db->base.path);
    }
    return db_fail(db, e, rc, "opening the database for this command alone");
}

static int sq_open(struct db **out, const char *path, int flags, struct err *e)
{
    *out = NULL;
    struct sq_db *db = mem_calloc(1, sizeof *db);
    if (!db)
        return err_set(e, ERR_NOMEM, "out of memory");
    db->base.drv = &db_sqlite_driver;
    db->base.path = mem_strdup(path);
    if (!db->base.path) {
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
        sq_close(&db->base);
        return ERR_STORAGE;
    }
    sqlite3_busy_timeout(db->h, 5000);
    sqlite3_commit_hook(db->h, count_commit, db);
    sqlite3_extended_result_codes(db->h, 1);
    if ((flags & DB_OPEN_EXCLUSIVE) && (rc = sq_take_alone(db, e))) {
        sq_close(&db->base);
        return rc;
    }
    /* Reject files that are not SQLite at all before changing anything. */
    rc = db_check_identity(db, e);
    if (rc) {
        if (e && strstr(e->msg, "not a database"))
            err_set(e, ERR_STORAGE, "%s is not a meso database (not an SQLite file)", path);
        sq_close(&db->base);
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
            sq_close(&db->base);
            return ERR_STORAGE;
        }
    } else {
        sqlite3_exec(db->h, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
    }
    rc = migrate_check_or_apply(&db->base, !(flags & (DB_OPEN_READONLY | DB_OPEN_NO_MIGRATE)), e);
    if (rc) {
        sq_close(&db->base);
        return rc;
    }
    *out = &db->base;
    return 0;
}

static void stmt_free(struct db_stmt *st)
{
    sqlite3_finalize(ST(st)->h);
    mem_free(st);
}

static void sq_close(struct db *dbp)
{
    struct sq_db *db = SQ(dbp);
    if (!db)
        return;
    stmt_cache_clear(&db->cache, stmt_free);
    if (db->h)
        sqlite3_close_v2(db->h);
    mem_free(db->base.path);
    mem_free(db);
}

static int prepare(struct db *dbp, struct db_stmt **out, const char *sql, bool cache, struct err *e)
{
    struct sq_db *db = SQ(dbp);
    if (cache && (*out = stmt_cache_take(&db->cache, sql)))
        return 0;
    *out = NULL;
    struct sq_stmt *st = mem_calloc(1, sizeof *st);
    if (!st)
        return err_set(e, ERR_NOMEM, "out of memory");
    st->base.drv = &db_sqlite_driver;
    int rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->h, NULL);
    if (rc != SQLITE_OK) {
        mem_free(st);
        log_msg(LOG_ERROR, "prepare failed for: %.200s", sql);
        return db_fail(db, e, rc, "preparing a query");
    }
    st->db = db;
    st->base.in_use = true;
    struct db_stmt **slot = cache ? stmt_cache_free_slot(&db->cache, sql) : NULL;
    if (slot)
        stmt_cache_put(slot, &st->base, sql);
    *out = &st->base;
    return 0;
}

static int sq_prepare(struct db *db, struct db_stmt **out, const char *sql, struct err *e)
{
    return prepare(db, out, sql, true, e);
}

static int sq_prepare_built(struct db *db, struct db_stmt **out, const char *sql, struct err *e)
{
    return prepare(db, out, sql, false, e);
}

static void sq_finalize(struct db_stmt *stp)
{
    struct sq_stmt *st = ST(stp);
    if (stmt_cache_give_back(stp)) {
        /* Cached: make it ready for the next user. */
        sqlite3_reset(st->h);
        sqlite3_clear_bindings(st->h);
        return;
    }
    stmt_free(stp);
}

static void sq_reset(struct db_stmt *st)
{
    sqlite3_reset(ST(st)->h);
    sqlite3_clear_bindings(ST(st)->h);
}

static void sq_bind_text(struct db_stmt *st, int idx, const char *v)
{
    sqlite3_bind_text(ST(st)->h, idx, v, -1, SQLITE_STATIC);
}

static void sq_bind_int(struct db_stmt *st, int idx, int64_t v)
{
    sqlite3_bind_int64(ST(st)->h, idx, v);
}

static void sq_bind_double(struct db_stmt *st, int idx, double v)
{
    sqlite3_bind_double(ST(st)->h, idx, v);
}

static void sq_bind_null(struct db_stmt *st, int idx)
{
    sqlite3_bind_null(ST(st)->h, idx);
}

static int sq_step(struct db_stmt *stp, struct err *e)
{
    struct sq_stmt *st = ST(stp);
    int rc = sqlite3_step(st->h);
    if (rc == SQLITE_ROW)
        return DB_ROW;
    if (rc == SQLITE_DONE)
        return DB_DONE;
    int r = db_fail(st->db, e, rc, "running a query");
    sqlite3_reset(st->h);
    return r;
}

static const char *sq_col_text(struct db_stmt *st, int col)
{
    return (const char *)sqlite3_column_text(ST(st)->h, col);
}

static int64_t sq_col_int(struct db_stmt *st, int col)
{
    return sqlite3_column_int64(ST(st)->h, col);
}

static double sq_col_double(struct db_stmt *st, int col)
{
    return sqlite3_column_double(ST(st)->h, col);
}

static bool sq_col_is_null(struct db_stmt *st, int col)
{
    return sqlite3_column_type(ST(st)->h, col) == SQLITE_NULL;
}

static int sq_col_count(struct db_stmt *st)
{
    return sqlite3_column_count(ST(st)->h);
}

static int sq_exec(struct db *dbp, const char *sql, struct err *e)
{
    struct sq_db *db = SQ(dbp);
    int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return db_fail(db, e, rc, "updating the database");
    return 0;
}

static int sq_exec_script(struct db *dbp, const char *script, struct err *e)
{
    struct sq_db *db = SQ(dbp);
    int rc = sqlite3_exec(db->h, script, NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return db_fail(db, e, rc, "applying a schema change");
    return 0;
}

static bool sq_in_transaction(const struct db *dbp)
{
    return ((const struct sq_db *)dbp)->depth > 0;
}

static int sq_begin(struct db *dbp, struct err *e)
{
    struct sq_db *db = SQ(dbp);
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

static void sq_rollback(struct db *dbp);

static int sq_commit(struct db *dbp, struct err *e)
{
    struct sq_db *db = SQ(dbp);
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
        sq_rollback(dbp);
        return r;
    }
    db->depth--;
    return 0;
}

static void sq_rollback(struct db *dbp)
{
    struct sq_db *db = SQ(dbp);
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

static int sq_changes(struct db *db)
{
    return sqlite3_changes(SQ(db)->h);
}

static int sq_integrity(struct db *dbp, struct buf *report, int *problems, struct err *e)
{
    struct sq_db *db = SQ(dbp);
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

/* Where a backup goes: a new, empty file (no journal: a half-made copy is thrown
 * away, never recovered), or an in-memory database of the source's page
 * size, whose bytes the sink gets at the end. */
static int backup_dest_open(struct sq_db *db, const char *dest, sqlite3 **to, struct err *e)
{
    *to = NULL;
    int rc, page_size = 0;
    if ((rc = db_pragma_int(db, "PRAGMA page_size", &page_size, e)))
        return rc;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    int s = sqlite3_open_v2(dest ? dest : ":memory:", to, flags, NULL);
    if (s == SQLITE_OK && dest)
        s = sqlite3_exec(*to, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF", NULL, NULL,
                         NULL);
    if (s == SQLITE_OK && !dest) {
        s = sqlite3_deserialize(*to, "main", NULL, 0, 0,
                                SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE);
        sqlite3_int64 limit = (sqlite3_int64)1 << 42; /* the default is 1 GiB */
        if (s == SQLITE_OK)
            sqlite3_file_control(*to, "main", SQLITE_FCNTL_SIZE_LIMIT, &limit);
    }
    if (s == SQLITE_OK) {
        char sql[48];
        snprintf(sql, sizeof sql, "PRAGMA page_size = %d", page_size); /* an integer */
        s = sqlite3_exec(*to, sql, NULL, NULL, NULL);
    }
    if (s != SQLITE_OK) {
        rc = err_set(e, ERR_STORAGE, "cannot make the backup %s: %s", dest ? dest : "in memory",
                     *to ? sqlite3_errmsg(*to) : sqlite3_errstr(s));
        sqlite3_close_v2(*to);
        *to = NULL;
        if (dest)
            unlink(dest);
    }
    return rc;
}

/* Copy in steps; a busy destination or source is waited for, a while. */
static int backup_steps(sqlite3_backup *b, const struct db_backup_opts *o,
                        struct db_backup_result *r, struct err *e)
{
    int step = o->step_pages > 0 ? o->step_pages : 256, waits = 0;
    for (;;) {
        int s = sqlite3_backup_step(b, step);
        r->steps++;
        if (s == SQLITE_DONE)
            return 0;
        if ((s & 0xff) == SQLITE_BUSY || (s & 0xff) == SQLITE_LOCKED) {
            if (++waits > 200)
                return err_set(e, ERR_STORAGE, "the database stayed busy; try the backup again");
            sqlite3_sleep(50);
            continue;
        }
        if (s != SQLITE_OK)
            return err_set(e, ERR_STORAGE, "copying the database: %s", sqlite3_errstr(s));
        if (o->pause_ms)
            sqlite3_sleep((int)o->pause_ms);
    }
}

static int backup_to_sink(sqlite3 *to, const struct db_backup_opts *o, struct err *e)
{
    sqlite3_int64 size = 0;
    const unsigned char *p = sqlite3_serialize(to, "main", &size, SQLITE_SERIALIZE_NOCOPY);
    if (!p && size > 0)
        return err_set(e, ERR_NOMEM, "out of memory for the backup");
    for (sqlite3_int64 at = 0; at < size;) {
        size_t n = (size_t)(size - at < (1 << 20) ? size - at : (1 << 20));
        int rc = o->sink(o->sink_arg, p + at, n, e);
        if (rc)
            return rc;
        at += (sqlite3_int64)n;
    }
    return 0;
}

static int sq_backup(struct db *dbp, const char *dest, const struct db_backup_opts *o,
                     struct db_backup_result *r, struct err *e)
{
    struct sq_db *db = SQ(dbp);
    memset(r, 0, sizeof *r);
    if (!ALWAYS(db->depth == 0))
        return err_set(e, ERR_STORAGE, "internal error: a backup inside a transaction");
    sqlite3 *to = NULL;
    sqlite3_backup *b = NULL;
    bool reading = false;
    int rc = backup_dest_open(db, dest, &to, e);
    if (rc)
        return rc;
    /* One read transaction for the whole copy: it sees one moment, and
     * writes by other connections neither disturb nor restart it. */
    int s = sqlite3_exec(db->h, "BEGIN; SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
    if (s != SQLITE_OK) {
        rc = db_fail(db, e, s, "starting the backup");
        goto out;
    }
    reading = true;
    b = sqlite3_backup_init(to, "main", db->h, "main");
    if (!b) {
        rc = err_set(e, ERR_STORAGE, "starting the backup: %s", sqlite3_errmsg(to));
        goto out;
    }
    rc = backup_steps(b, o, r, e);
    r->pages = sqlite3_backup_pagecount(b);
    s = sqlite3_backup_finish(b);
    b = NULL;
    if (rc == 0 && s != SQLITE_OK)
        rc = err_set(e, ERR_STORAGE, "finishing the backup: %s", sqlite3_errmsg(to));
    if (rc == 0)
        rc = db_pragma_int(db, "PRAGMA page_size", &s, e);
    r->page_size = s;
    if (rc == 0 && !dest)
        rc = backup_to_sink(to, o, e);
out:
    if (b)
        sqlite3_backup_finish(b);
    if (reading)
        sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL);
    if (sqlite3_close_v2(to) != SQLITE_OK && rc == 0)
        rc = err_set(e, ERR_STORAGE, "closing the backup %s", dest ? dest : "in memory");
    if (rc && dest)
        unlink(dest);
    return rc;
}

static int sq_scrub(struct db *dbp, struct err *e)
{
    struct sq_db *db = SQ(dbp);
    int rc = sqlite3_exec(db->h, "VACUUM", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return db_fail(db, e, rc, "rewriting the database after an erasure");
    int busy = 0;
    rc = db_pragma_int(db, "PRAGMA wal_checkpoint(TRUNCATE)", &busy, e);
    if (rc)
        return rc;
    if (busy)
        return err_set(e, ERR_CONFLICT,
                       "the database's log could not be emptied while others read it; the old "
                       "words stay in it until the next quiet moment");
    return 0;
}

const struct db_driver db_sqlite_driver = {
    .dialect = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .prepare = sq_prepare,
    .prepare_built = sq_prepare_built,
    .finalize = sq_finalize,
    .reset = sq_reset,
    .bind_text = sq_bind_text,
    .bind_int = sq_bind_int,
    .bind_double = sq_bind_double,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .col_text = sq_col_text,
    .col_int = sq_col_int,
    .col_double = sq_col_double,
    .col_is_null = sq_col_is_null,
    .col_count = sq_col_count,
    .exec = sq_exec,
    .exec_script = sq_exec_script,
    .begin = sq_begin,
    .commit = sq_commit,
    .in_transaction = sq_in_transaction,
    .rollback = sq_rollback,
    .changes = sq_changes,
    .schema_version = sq_schema_version,
    .set_schema_version = sq_set_schema_version,
    .integrity = sq_integrity,
    .backup = sq_backup,
    .scrub = sq_scrub,
};
