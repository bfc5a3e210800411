/* testutil.h - shared helpers for the cmocka unit tests. Header-only so each
 * test program stays one file. */
#ifndef MESO_TESTUTIL_H
#define MESO_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/err.h"
#include "db/db.h"

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

/* Open (creating and migrating) a database file in dir. */
static inline struct db *test_db(const char *dir, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
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
