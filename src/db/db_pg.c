/* db_pg.c - the PostgreSQL backend of db.h (driver.h), through libpq: a
 * postgresql://... URI names the database.
 * Size: one file for the whole driver table (driver.h), as db_sqlite.c is:
 * each entry is a short libpq wrapper, and they share the connection's state.
 *
 * - SQL is the shared subset (docs/ARCHITECTURE.md, "Storage"); its ?N
 *   placeholders (and bare ?) become $N. Each cached statement is prepared
 *   once per connection with every parameter's type left to the server, as
 *   SQLite leaves it to the column: a value bound as an int or as text is
 *   sent as text and read as whatever its place in the query needs.
 * - Results are fetched whole, in text form, so a statement can be stepped
 *   while others run on the same connection (as with SQLite); ints and
 *   doubles are parsed from the text, booleans read as 1 and 0.
 * - The schema version is kept in a table, schema_version; migrations run
 *   under an advisory lock, so two processes starting together migrate once.
 * - Errors: SQLSTATE class 23 (integrity) is ERR_CONFLICT, the rest
 *   ERR_STORAGE. */
#include "db/db.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/log.h"
#include "core/mem.h"
#include "db/driver.h"
#include "db/stmtcache.h"
#include "db/migrate.h"

#define MAX_PARAMS 999 /* SQLite's own limit was 999 until 3.32 */
#define TEXT_OID   25  /* pg_type.oid of text */
/* The advisory lock taken while migrating: 'meso' in ASCII. */
#define MIGRATE_LOCK "1835365231"

struct pg_db;

struct pg_stmt {
    struct db_stmt base;
    struct pg_db *db;
    char name[16]; /* the server's prepared statement ("" when not cached) */
    char *sql;     /* with $N placeholders */
    int n_params;
    Oid *types; /* for an uncached statement's PQexecParams */
    const char **vals;
    char (*num)[32]; /* text of ints and doubles bound */
    PGresult *res;
    int row; /* the current row; -1 before the first step */
};

struct pg_db {
    struct db base;
    PGconn *conn;
    int depth; /* transaction nesting */
    int changes;
    unsigned n_named;
    struct stmt_cache cache; /* db/stmtcache.h */
};

#define PG(db) ((struct pg_db *)(db))
#define ST(st) ((struct pg_stmt *)(st))

static void pg_close(struct db *dbp);

/* Record a failed result (or connection) as an error; res may be NULL. */
static int pg_fail(struct pg_db *db, const PGresult *res, struct err *e, const char *what)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    if (!msg)
        msg = db && db->conn ? PQerrorMessage(db->conn) : "no connection";
    int code = ERR_STORAGE;
    if (state && strncmp(state, "23", 2) == 0)
        code = ERR_CONFLICT;
    if (state && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
                  strcmp(state, "55P03") == 0)) {
        msg = "the database is busy (another meso is writing); try again";
        if (db)
            db->base.busy++;
    }
    log_msg(code == ERR_CONFLICT ? LOG_DEBUG : LOG_WARN, "postgresql %s: %s (%s)", what, msg,
            state ? state : "-");
    return err_set(e, code, "%s: %s", what, msg);
}

/* Run SQL with no parameters; OK when it returned no rows or some. */
static int pg_run(struct pg_db *db, const char *sql, struct err *e, const char *what)
{
    PGresult *res = PQexec(db->conn, sql);
    ExecStatusType s = PQresultStatus(res);
    int rc = 0;
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && s != PGRES_EMPTY_QUERY)
        rc = pg_fail(db, res, e, what);
    else if (strncmp(PQcmdStatus(res), "INSERT", 6) == 0 ||
             strncmp(PQcmdStatus(res), "UPDATE", 6) == 0 ||
             strncmp(PQcmdStatus(res), "DELETE", 6) == 0) {
        db->changes = (int)strtol(PQcmdTuples(res), NULL, 10);
        if (db->depth == 0 && db->changes > 0)
            db->base.committed++;
    }
    PQclear(res);
    return rc;
}

/* One integer from SQL with no parameters (0 for NULL or no row). */
static int pg_int(struct pg_db *db, const char *sql, long long *out, struct err *e)
{
    PGresult *res = PQexec(db->conn, sql);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        int rc = pg_fail(db, res, e, "reading database settings");
        PQclear(res);
        return rc;
    }
    *out = PQntuples(res) > 0 && !PQgetisnull(res, 0, 0) ? strtoll(PQgetvalue(res, 0, 0), NULL, 10)
                                                         : 0;
    PQclear(res);
    return 0;
}

/* Server notices (an IF NOT EXISTS that found one) go to the debug log,
 * not to stderr. */
static void pg_notice(void *arg, const char *message)
{
    (void)arg;
    log_msg(LOG_DEBUG, "postgresql: %s", message);
}

/* The URI as shown to people: without the password, if it has one. */
static char *shown_name(const char *uri)
{
    char *s = mem_strdup(uri);
    if (!s)
        return NULL;
    char *auth = strstr(s, "://");
    if (auth) {
        auth += 3;
        size_t n = strcspn(auth, "/?");
        char *at = memchr(auth, '@', n);
        char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
        if (colon)
            memmove(colon, at, strlen(at) + 1);
    }
    char *pw = strstr(s, "password=");
    if (pw) {
        char *end = pw + strcspn(pw, "&");
        memmove(pw + 9, end, strlen(end) + 1);
    }
    return s;
}

/* Make the database the URI names, through the server's `postgres` database. */
static int create_database(const char *uri, struct err *e)
{
    PQconninfoOption *opts = PQconninfoParse(uri, NULL);
    const char *name = NULL;
    for (PQconninfoOption *o = opts; o && o->keyword; o++)
        if (strcmp(o->keyword, "dbname") == 0)
            name = o->val;
    int rc = 0;
    if (!name || !*name) {
        rc = err_set(e, ERR_STORAGE, "the PostgreSQL URI names no database");
        goto out;
    }
    const char *const keys[] = { "dbname", "dbname", NULL };
    const char *const vals[] = { uri, "postgres", NULL };
    PGconn *c = PQconnectdbParams(keys, vals, 1);
    if (PQstatus(c) != CONNECTION_OK) {
        rc = err_set(e, ERR_STORAGE, "cannot create database %s: %s", name, PQerrorMessage(c));
        PQfinish(c);
        goto out;
    }
    PQsetNoticeProcessor(c, pg_notice, NULL);
    char *ident = PQescapeIdentifier(c, name, strlen(name));
    struct buf sql;
    buf_init(&sql, 1024);
    buf_addf(&sql, "CREATE DATABASE %s", ident ? ident : "\"\"");
    PGresult *res = PQexec(c, sql.data ? sql.data : "");
    if (PQresultStatus(res) != PGRES_COMMAND_OK &&
        strcmp(PQresultErrorField(res, PG_DIAG_SQLSTATE) ? PQresultErrorField(res, PG_DIAG_SQLSTATE)
                                                         : "",
               "42P04") != 0) /* made meanwhile by another meso */
        rc = err_set(e, ERR_STORAGE, "cannot create database %s: %s", name,
                     PQresultErrorMessage(res));
    PQclear(res);
    buf_release(&sql);
    PQfreemem(ident);
    PQfinish(c);
out:
    PQconninfoFree(opts);
    return rc;
}

/* Check that the database (its current schema) is empty or meso's own. */
static int check_identity(struct pg_db *db, struct err *e)
{
    long long ours, n_tables;
    int rc = pg_int(db, "SELECT CASE WHEN to_regclass('schema_version') IS NULL THEN 0 ELSE 1 END",
                    &ours, e);
    if (rc == 0 && !ours)
        rc = pg_int(db,
                    "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()",
                    &n_tables, e);
    if (rc == 0 && !ours && n_tables > 0)
        rc = err_set(e, ERR_STORAGE, "%s is not a meso database; refusing to change it",
                     db->base.path);
    return rc;
}

static int pg_open(struct db **out, const char *path, int flags, struct err *e)
{
    *out = NULL;
    if (flags & DB_OPEN_EXCLUSIVE)
        return err_set(e, ERR_USAGE,
                       "meso restore writes SQLite databases only; restore PostgreSQL with "
                       "pg_restore or psql (see docs/backup.md)");
    struct pg_db *db = mem_calloc(1, sizeof *db);
    if (!db)
        return err_set(e, ERR_NOMEM, "out of memory");
    db->base.drv = &db_pg_driver;
    db->base.path = shown_name(path);
    if (!db->base.path) {
        mem_free(db);
        return err_set(e, ERR_NOMEM, "out of memory");
    }
    int rc = 0;
    for (int attempt = 0; attempt < 2; attempt++) {
        db->conn = PQconnectdb(path);
        if (PQstatus(db->conn) == CONNECTION_OK)
            break;
        bool missing = strstr(PQerrorMessage(db->conn), "does not exist") != NULL;
        if (attempt == 0 && missing && (flags & DB_OPEN_CREATE)) {
            PQfinish(db->conn);
            db->conn = NULL;
            rc = create_database(path, e);
            if (rc)
                goto fail;
            continue;
        }
        if (missing)
            rc = err_set(e, ERR_STORAGE, "cannot open %s: no such database (run `meso init` first)",
                         db->base.path);
        else
            rc = err_set(e, ERR_STORAGE, "cannot open %s: %s", db->base.path,
                         PQerrorMessage(db->conn));
        goto fail;
    }
    PQsetNoticeProcessor(db->conn, pg_notice, NULL);
    rc = pg_run(db,
                "SET client_min_messages = warning; SET client_encoding = 'UTF8';"
                " SET standard_conforming_strings = on",
                e, "setting up the connection");
    if (rc == 0)
        rc = check_identity(db, e);
    if (rc)
        goto fail;
    bool migrate = !(flags & (DB_OPEN_READONLY | DB_OPEN_NO_MIGRATE));
    if (migrate)
        rc = pg_run(db, "SELECT pg_advisory_lock(" MIGRATE_LOCK ")", e, "waiting to migrate");
    if (rc == 0) {
        rc = migrate_check_or_apply(&db->base, migrate, e);
        if (migrate) {
            struct err ignore;
            pg_run(db, "SELECT pg_advisory_unlock(" MIGRATE_LOCK ")", &ignore, "migrating");
        }
    }
    if (rc == 0 && (flags & DB_OPEN_READONLY))
        rc = pg_run(db, "SET default_transaction_read_only = on", e, "setting up the connection");
    if (rc)
        goto fail;
    *out = &db->base;
    return 0;
fail:
    pg_close(&db->base);
    return rc;
}

static void stmt_free(struct pg_stmt *st)
{
    PQclear(st->res);
    mem_free(st->sql);
    mem_free(st->vals);
    mem_free(st->types);
    mem_free(st->num);
    mem_free(st);
}

static void cached_free(struct db_stmt *st)
{
    stmt_free(ST(st));
}

static void pg_close(struct db *dbp)
{
    struct pg_db *db = PG(dbp);
    stmt_cache_clear(&db->cache, cached_free);
    if (db->conn)
        PQfinish(db->conn);
    mem_free(db->base.path);
    mem_free(db);
}

/* Copy sql with ?N (and bare ?, numbered as SQLite numbers it) as $N, outside
 * quotes and comments; *n_params is the highest number, and used[N - 1] is
 * set for each number that appears (used holds MAX_PARAMS). */
static char *translate(const char *sql, int *n_params, bool *used)
{
    size_t len = strlen(sql);
    char *out = mem_malloc(len * 2 + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    int max = 0;
    for (size_t i = 0; i < len;) {
        char c = sql[i];
        if (c == '\'' || c == '"') {
            size_t j = i + 1;
            while (j < len && sql[j] != c)
                j++;
            j = j < len ? j + 1 : len;
            memcpy(out + o, sql + i, j - i);
            o += j - i;
            i = j;
        } else if (c == '-' && sql[i + 1] == '-') {
            size_t j = i + strcspn(sql + i, "\n");
            memcpy(out + o, sql + i, j - i);
            o += j - i;
            i = j;
        } else if (c == '/' && sql[i + 1] == '*') {
            const char *end = strstr(sql + i + 2, "*/");
            size_t j = end ? (size_t)(end - sql) + 2 : len;
            memcpy(out + o, sql + i, j - i);
            o += j - i;
            i = j;
        } else if (c == '?') {
            int num = 0;
            size_t j = i + 1;
            while (j < len && sql[j] >= '0' && sql[j] <= '9' && num <= MAX_PARAMS)
                num = num * 10 + (sql[j++] - '0');
            if (j == i + 1)
                num = max + 1;
            if (num < 1 || num > MAX_PARAMS) {
                mem_free(out);
                return NULL;
            }
            used[num - 1] = true;
            if (num > max)
                max = num;
            o += (size_t)snprintf(out + o, 8, "$%d", num);
            i = j;
        } else {
            out[o++] = c;
            i++;
        }
    }
    out[o] = '\0';
    *n_params = max;
    return out;
}

static int prepare(struct db *dbp, struct db_stmt **out, const char *sql, bool cache, struct err *e)
{
    struct pg_db *db = PG(dbp);
    if (cache && (*out = stmt_cache_take(&db->cache, sql)))
        return 0;
    *out = NULL;
    struct pg_stmt *st = mem_calloc(1, sizeof *st);
    if (!st)
        return err_set(e, ERR_NOMEM, "out of memory");
    st->base.drv = &db_pg_driver;
    st->db = db;
    st->row = -1;
    bool used[MAX_PARAMS] = { false };
    st->sql = translate(sql, &st->n_params, used);
    if (!st->sql) {
        stmt_free(st);
        return err_set(e, ERR_STORAGE, "preparing a query: a parameter out of range (1-%d)",
                       MAX_PARAMS);
    }
    /* A number the query skips has no place to take a type from: text. */
    Oid types[MAX_PARAMS];
    for (int i = 0; i < st->n_params; i++)
        types[i] = used[i] ? 0 : TEXT_OID;
    if (st->n_params > 0) {
        st->vals = mem_calloc((size_t)st->n_params, sizeof *st->vals);
        st->num = mem_calloc((size_t)st->n_params, sizeof *st->num);
    }
    if (st->n_params > 0 && (!st->vals || !st->num)) {
        stmt_free(st);
        return err_set(e, ERR_NOMEM, "out of memory");
    }
    struct db_stmt **free_slot = cache ? stmt_cache_free_slot(&db->cache, sql) : NULL;
    if (free_slot || !cache) {
        /* Prepared on the server once (built SQL: until finalized). */
        snprintf(st->name, sizeof st->name, "%c%u", cache ? 'm' : 'b', ++db->n_named);
        PGresult *res = PQprepare(db->conn, st->name, st->sql, st->n_params, types);
        if (PQresultStatus(res) != PGRES_COMMAND_OK) {
            log_msg(LOG_ERROR, "prepare failed for: %.200s", sql);
            int rc = pg_fail(db, res, e, "preparing a query");
            PQclear(res);
            stmt_free(st);
            return rc;
        }
        PQclear(res);
        if (free_slot)
            stmt_cache_put(free_slot, &st->base, sql);
    } else if (st->n_params > 0) {
        st->types = mem_malloc((size_t)st->n_params * sizeof *st->types);
        if (!st->types) {
            stmt_free(st);
            return err_set(e, ERR_NOMEM, "out of memory");
        }
        memcpy(st->types, types, (size_t)st->n_params * sizeof *st->types);
    }
    st->base.in_use = true;
    *out = &st->base;
    return 0;
}

static int pg_prepare(struct db *db, struct db_stmt **out, const char *sql, struct err *e)
{
    return prepare(db, out, sql, true, e);
}

static int pg_prepare_built(struct db *db, struct db_stmt **out, const char *sql, struct err *e)
{
    return prepare(db, out, sql, false, e);
}

static void pg_reset(struct db_stmt *stp)
{
    struct pg_stmt *st = ST(stp);
    PQclear(st->res);
    st->res = NULL;
    st->row = -1;
    for (int i = 0; i < st->n_params; i++)
        st->vals[i] = NULL;
}

static void pg_finalize(struct db_stmt *stp)
{
    struct pg_stmt *st = ST(stp);
    if (stmt_cache_give_back(stp)) {
        pg_reset(stp);
        return;
    }
    if (st->name[0]) {
        char sql[40];
        snprintf(sql, sizeof sql, "DEALLOCATE %s", st->name);
        PQclear(PQexec(st->db->conn, sql));
    }
    stmt_free(st);
}

/* A number the query does not have is ignored, as SQLite ignores it (its
 * bind returns SQLITE_RANGE, which db.h does not pass on). */
static bool bind_ok(struct pg_stmt *st, int idx)
{
    if (idx >= 1 && idx <= st->n_params)
        return true;
    log_msg(LOG_DEBUG, "postgresql: no parameter %d in: %.120s", idx, st->sql);
    return false;
}

static void pg_bind_text(struct db_stmt *stp, int idx, const char *v)
{
    struct pg_stmt *st = ST(stp);
    if (bind_ok(st, idx))
        st->vals[idx - 1] = v;
}

static void pg_bind_int(struct db_stmt *stp, int idx, int64_t v)
{
    struct pg_stmt *st = ST(stp);
    if (!bind_ok(st, idx))
        return;
    snprintf(st->num[idx - 1], sizeof st->num[idx - 1], "%lld", (long long)v);
    st->vals[idx - 1] = st->num[idx - 1];
}

static void pg_bind_double(struct db_stmt *stp, int idx, double v)
{
    struct pg_stmt *st = ST(stp);
    if (!bind_ok(st, idx))
        return;
    snprintf(st->num[idx - 1], sizeof st->num[idx - 1], "%.17g", v);
    st->vals[idx - 1] = st->num[idx - 1];
}

static void pg_bind_null(struct db_stmt *stp, int idx)
{
    struct pg_stmt *st = ST(stp);
    if (bind_ok(st, idx))
        st->vals[idx - 1] = NULL;
}

static int pg_step(struct db_stmt *stp, struct err *e)
{
    struct pg_stmt *st = ST(stp);
    if (st->res) {
        st->row++;
        return st->row < PQntuples(st->res) ? DB_ROW : DB_DONE;
    }
    PGresult *res;
    if (st->name[0])
        res = PQexecPrepared(st->db->conn, st->name, st->n_params, st->vals, NULL, NULL, 0);
    else
        res = PQexecParams(st->db->conn, st->sql, st->n_params, st->types, st->vals, NULL, NULL, 0);
    ExecStatusType s = PQresultStatus(res);
    if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
        int rc = pg_fail(st->db, res, e, "running a query");
        PQclear(res);
        return rc;
    }
    const char *tag = PQcmdStatus(res);
    if (strncmp(tag, "INSERT", 6) == 0 || strncmp(tag, "UPDATE", 6) == 0 ||
        strncmp(tag, "DELETE", 6) == 0) {
        st->db->changes = (int)strtol(PQcmdTuples(res), NULL, 10);
        if (st->db->depth == 0 && st->db->changes > 0)
            st->db->base.committed++;
    }
    st->res = res;
    st->row = 0;
    return PQntuples(res) > 0 ? DB_ROW : DB_DONE;
}

static bool have_col(struct pg_stmt *st, int col)
{
    return st->res && st->row >= 0 && st->row < PQntuples(st->res) && col >= 0 &&
           col < PQnfields(st->res);
}

static const char *pg_col_text(struct db_stmt *stp, int col)
{
    struct pg_stmt *st = ST(stp);
    if (!have_col(st, col) || PQgetisnull(st->res, st->row, col))
        return NULL;
    return PQgetvalue(st->res, st->row, col);
}

static int64_t pg_col_int(struct db_stmt *stp, int col)
{
    const char *v = pg_col_text(stp, col);
    if (!v)
        return 0;
    if (v[0] == 't' && !v[1])
        return 1; /* a boolean */
    if (strpbrk(v, ".eE"))
        return (int64_t)strtod(v, NULL);
    return strtoll(v, NULL, 10);
}

static double pg_col_double(struct db_stmt *stp, int col)
{
    const char *v = pg_col_text(stp, col);
    if (!v)
        return 0;
    if (v[0] == 't' && !v[1])
        return 1;
    return strtod(v, NULL);
}

static bool pg_col_is_null(struct db_stmt *stp, int col)
{
    return pg_col_text(stp, col) == NULL;
}

static int pg_col_count(struct db_stmt *stp)
{
    struct pg_stmt *st = ST(stp);
    if (st->res)
        return PQnfields(st->res);
    if (!st->name[0])
        return 0;
    PGresult *d = PQdescribePrepared(st->db->conn, st->name);
    int n = PQresultStatus(d) == PGRES_COMMAND_OK ? PQnfields(d) : 0;
    PQclear(d);
    return n;
}

static int pg_exec(struct db *db, const char *sql, struct err *e)
{
    return pg_run(PG(db), sql, e, "updating the database");
}

/* After each migration: every identity continues after the highest id (ids
 * given explicitly, as a migration may, do not move it on), and an id
 * INTEGER PRIMARY KEY that somehow has no default becomes an identity. */
static const char identity_hook[] =
    "DO $meso$ DECLARE r record; BEGIN"
    " FOR r IN SELECT c.relname, a.attname, a.attidentity"
    "   FROM pg_catalog.pg_class c"
    "   JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid"
    "   JOIN pg_catalog.pg_constraint k ON k.conrelid = c.oid AND k.contype = 'p'"
    "        AND k.conkey = ARRAY[a.attnum]"
    "  WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'"
    "    AND a.attname = 'id' AND a.atttypid IN ('int4'::regtype, 'int8'::regtype)"
    "    AND (a.attidentity <> '' OR NOT a.atthasdef)"
    " LOOP"
    "   IF r.attidentity = '' THEN"
    "     EXECUTE format('ALTER TABLE %I ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY',"
    "                    r.relname);"
    "   END IF;"
    "   EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, ''id''),"
    "                  coalesce(max(id), 0) + 1, false) FROM %I',"
    "                  quote_ident(r.relname), r.relname);"
    " END LOOP; END $meso$";

/* A shared migration's INTEGER PRIMARY KEY numbers itself on SQLite (it is
 * the rowid); here it says so: GENERATED BY DEFAULT AS IDENTITY. */
static int pg_exec_script(struct db *dbp, const char *script, struct err *e)
{
    struct pg_db *db = PG(dbp);
    static const char from[] = "INTEGER PRIMARY KEY";
    static const char to[] = "INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
    struct buf sql;
    buf_init(&sql, 64u << 20);
    int rc = 0;
    for (const char *p = script, *hit; rc == 0 && *p; p = hit + sizeof from - 1) {
        hit = strstr(p, from);
        if (!hit) {
            rc = buf_adds(&sql, p);
            break;
        }
        rc = buf_add(&sql, p, (size_t)(hit - p));
        if (rc == 0)
            rc = buf_adds(&sql, to);
    }
    if (rc)
        rc = err_set(e, ERR_NOMEM, "out of memory");
    else
        rc = pg_run(db, sql.data ? sql.data : "", e, "applying a schema change");
    buf_release(&sql);
    return rc ? rc : pg_run(db, identity_hook, e, "numbering new tables");
}

static void pg_rollback(struct db *dbp);

static bool pg_in_transaction(const struct db *dbp)
{
    return ((const struct pg_db *)dbp)->depth > 0;
}

static int pg_begin(struct db *dbp, struct err *e)
{
    struct pg_db *db = PG(dbp);
    char sql[48];
    if (db->depth == 0)
        snprintf(sql, sizeof sql, "BEGIN");
    else
        snprintf(sql, sizeof sql, "SAVEPOINT meso_sp%d", db->depth);
    int rc = pg_run(db, sql, e, "starting a transaction");
    if (rc == 0)
        db->depth++;
    return rc;
}

static int pg_commit(struct db *dbp, struct err *e)
{
    struct pg_db *db = PG(dbp);
    char sql[48];
    if (!ALWAYS(db->depth > 0))
        return err_set(e, ERR_STORAGE, "internal error: commit without a transaction");
    if (db->depth == 1)
        snprintf(sql, sizeof sql, "COMMIT");
    else
        snprintf(sql, sizeof sql, "RELEASE meso_sp%d", db->depth - 1);
    /* COMMIT of a failed transaction answers "ROLLBACK" without an error. */
    PGresult *res = PQexec(db->conn, sql);
    int rc = 0;
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        rc = pg_fail(db, res, e, "saving changes");
    else if (db->depth == 1 && strcmp(PQcmdStatus(res), "ROLLBACK") == 0)
        rc = err_set(e, ERR_STORAGE, "saving changes: an earlier step failed; nothing was saved");
    if (!rc && db->depth == 1)
        db->base.committed++;
    PQclear(res);
    if (rc) {
        if (db->depth == 1 && PQtransactionStatus(db->conn) == PQTRANS_IDLE)
            db->depth--;
        else
            pg_rollback(dbp);
        return rc;
    }
    db->depth--;
    return 0;
}

static void pg_rollback(struct db *dbp)
{
    struct pg_db *db = PG(dbp);
    char sql[80];
    if (!ALWAYS(db->depth > 0))
        return;
    if (db->depth == 1)
        snprintf(sql, sizeof sql, "ROLLBACK");
    else
        snprintf(sql, sizeof sql, "ROLLBACK TO meso_sp%d; RELEASE meso_sp%d", db->depth - 1,
                 db->depth - 1);
    struct err e;
    if (pg_run(db, sql, &e, "rolling back") != 0)
        log_msg(LOG_WARN, "rollback failed: %s", e.msg);
    db->depth--;
}

static int pg_changes(struct db *db)
{
    return PG(db)->changes;
}

static int pg_schema_version(struct db *dbp, int *out, struct err *e)
{
    struct pg_db *db = PG(dbp);
    long long exists = 0, v = 0;
    int rc = pg_int(db, "SELECT CASE WHEN to_regclass('schema_version') IS NULL THEN 0 ELSE 1 END",
                    &exists, e);
    if (rc == 0 && exists)
        rc = pg_int(db, "SELECT max(version) FROM schema_version", &v, e);
    *out = rc == 0 ? (int)v : 0;
    return rc;
}

static int pg_set_schema_version(struct db *dbp, int v, struct err *e)
{
    char sql[200];
    snprintf(sql, sizeof sql, /* an integer only */
             "CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL);"
             " DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES (%d)",
             v);
    return pg_run(PG(dbp), sql, e, "recording the schema version");
}

/* PostgreSQL checks its pages itself and enforces every foreign key as rows
 * change; what is left to report is a link that was never validated. */
static int pg_integrity(struct db *dbp, struct buf *report, int *problems, struct err *e)
{
    struct pg_db *db = PG(dbp);
    *problems = 0;
    PGresult *res = PQexec(db->conn, "SELECT conrelid::regclass::text, conname"
                                     " FROM pg_catalog.pg_constraint"
                                     " WHERE contype = 'f' AND NOT convalidated"
                                     "   AND connamespace = current_schema()::regnamespace");
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        int rc = pg_fail(db, res, e, "checking links between records");
        PQclear(res);
        return rc;
    }
    for (int i = 0; i < PQntuples(res); i++) {
        (*problems)++;
        buf_addf(report, "link: %s (%s) is not checked\n", PQgetvalue(res, i, 0),
                 PQgetvalue(res, i, 1));
    }
    PQclear(res);
    return 0;
}

/* meso does not copy a PostgreSQL database itself: PostgreSQL's own tools
 * do it better (docs/backup.md). */
static int pg_backup(struct db *dbp, const char *dest, const struct db_backup_opts *o,
                     struct db_backup_result *r, struct err *e)
{
    return err_set(e, ERR_USAGE,
                   "meso backup copies SQLite databases only; back up PostgreSQL with its own "
                   "tools: pg_dump for a copy of the database, pg_basebackup with WAL archiving "
                   "for point-in-time recovery (see docs/backup.md)");
}

/* VACUUM frees dead row versions for reuse (it cannot run in a transaction). */
static int pg_scrub(struct db *dbp, struct err *e)
{
    return pg_run(PG(dbp), "VACUUM", e, "tidying the database after an erasure");
}

const struct db_driver db_pg_driver = {
    .dialect = "postgresql",
    .open = pg_open,
    .close = pg_close,
    .prepare = pg_prepare,
    .prepare_built = pg_prepare_built,
    .finalize = pg_finalize,
    .reset = pg_reset,
    .bind_text = pg_bind_text,
    .bind_int = pg_bind_int,
    .bind_double = pg_bind_double,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .col_text = pg_col_text,
    .col_int = pg_col_int,
    .col_double = pg_col_double,
    .col_is_null = pg_col_is_null,
    .col_count = pg_col_count,
    .exec = pg_exec,
    .exec_script = pg_exec_script,
    .begin = pg_begin,
    .commit = pg_commit,
    .in_transaction = pg_in_transaction,
    .rollback = pg_rollback,
    .changes = pg_changes,
    .schema_version = pg_schema_version,
    .set_schema_version = pg_set_schema_version,
    .integrity = pg_integrity,
    .backup = pg_backup,
    .scrub = pg_scrub,
};
