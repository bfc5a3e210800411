/* testutil.h - shared helpers for the cmocka unit tests. Header-only so each
 * test program stays one file. */
#ifndef MESO_TESTUTIL_H
#define MESO_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/err.h"
#include "db/db.h"
#include "db/migrate.h"

/* A fresh temporary directory for this test process; removed by the caller
 * with test_rmdir(). */
static inline char *test_tmpdir(void)
{
    char tmpl[] = "/tmp/meso-test-XXXXXX";
    char *d = mkdtemp(tmpl);
    assert_non_null(d);
    return strdup(d);
}

static inline void test_rmdir(char *dir)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) /* lint:allow test cleanup only */
        fprintf(stderr, "could not remove %s\n", dir);
    free(dir);
}

/* The PostgreSQL database the tests run on (MESO_TEST_DB, a postgresql://
 * URI; `make test-pg` starts a throwaway cluster and sets it), or NULL for
 * SQLite files. */
static inline const char *test_pg(void)
{
    const char *uri = getenv("MESO_TEST_DB");
    return uri && (strncmp(uri, "postgresql://", 13) == 0 || strncmp(uri, "postgres://", 11) == 0)
               ? uri
               : NULL;
}

/* uri with its database name replaced by name (into out). */
static inline void test_pg_uri(char *out, size_t cap, const char *uri, const char *name)
{
    const char *auth = strstr(uri, "://");
    const char *db = auth ? strchr(auth + 3, '/') : NULL;
    if (!db)
        fail_msg("MESO_TEST_DB has no database name: %s", uri);
    const char *rest = db + strcspn(db, "?");
    snprintf(out, cap, "%.*s/%s%s", (int)(db - uri), uri, name, rest);
}

/* Run one statement on the test server's database; fails the test if it fails. */
static inline void test_pg_exec(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
        fail_msg("%s: %s", sql, PQerrorMessage(c));
    PQclear(r);
}

/* The name of test database `name` in dir, for db_open (static buffer): the
 * file dir/name, or on PostgreSQL a database of its own (named after dir and
 * name, so the same name opens the same database again), copied from a
 * template that has every migration (made once per run: migrating takes a
 * second or two, copying a fraction of that). */
static inline const char *test_db_name(const char *dir, const char *name)
{
    static char out[1024];
    const char *uri = test_pg();
    if (!uri) {
        snprintf(out, sizeof out, "%s/%s", dir, name);
        return out;
    }
    char db[64], tmpl[32], sql[256];
    const char *base = strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir;
    snprintf(db, sizeof db, "t_%s_%s", base, name);
    for (char *p = db; *p; p++)
        *p = isalnum((unsigned char)*p) ? (char)tolower((unsigned char)*p) : '_';
    snprintf(tmpl, sizeof tmpl, "t_template_%d", migrate_latest());
    PGconn *c = PQconnectdb(uri);
    if (PQstatus(c) != CONNECTION_OK)
        fail_msg("MESO_TEST_DB: %s", PQerrorMessage(c));
    test_pg_exec(c, "SELECT pg_advisory_lock(7)");
    snprintf(sql, sizeof sql, "SELECT 1 FROM pg_database WHERE datname = '%s'", tmpl);
    PGresult *r = PQexec(c, sql);
    bool have = PQntuples(r) > 0;
    PQclear(r);
    if (!have) {
        struct db *t = NULL;
        struct err e;
        err_clear(&e);
        test_pg_uri(out, sizeof out, uri, tmpl);
        if (db_open(&t, out, DB_OPEN_CREATE, &e) != 0)
            fail_msg("making the template %s: %s", out, e.msg);
        db_close(t);
    }
    snprintf(sql, sizeof sql, "SELECT 1 FROM pg_database WHERE datname = '%s'", db);
    r = PQexec(c, sql);
    have = PQntuples(r) > 0;
    PQclear(r);
    if (!have) {
        snprintf(sql, sizeof sql, "CREATE DATABASE %s TEMPLATE %s", db, tmpl);
        test_pg_exec(c, sql);
    }
    test_pg_exec(c, "SELECT pg_advisory_unlock(7)");
    PQfinish(c);
    test_pg_uri(out, sizeof out, uri, db);
    return out;
}

/* Open (creating and migrating) test database `name` in dir (test_db_name). */
static inline struct db *test_db(const char *dir, const char *name)
{
    const char *path = test_db_name(dir, name);
    struct db *db = NULL;
    struct err e;
    err_clear(&e);
    int rc = db_open(&db, path, DB_OPEN_CREATE, &e);
    if (rc)
        fail_msg("db_open %s: %s", path, e.msg);
    return db;
}

/* Write text to dir/name and return the path (static buffer). */
static inline const char *test_write(const char *dir, const char *name, const char *text)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fwrite(text, 1, strlen(text), f);
    fclose(f);
    return path;
}

/* One integer from a query with no parameters, e.g. a count. */
#define test_count(db, sql) test_count_(db, "" sql)
static inline int64_t test_count_(struct db *db, const char *sql)
{
    struct db_stmt *st;
    struct err e;
    err_clear(&e);
    if (db_prepare_literal(db, &st, sql, &e) != 0)
        fail_msg("prepare: %s", e.msg);
    int rc = db_step(st, &e);
    int64_t v = rc == DB_ROW ? db_col_int(st, 0) : -1;
    db_finalize(st);
    return v;
}

#endif
