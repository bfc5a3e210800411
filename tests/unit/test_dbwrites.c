/* Unit tests for db_writes(): the counters the web server reads to know
 * whether a request that failed because of another writer can safely be run
 * again (http/server.c, dispatch_retrying). Two connections to one test
 * database, on SQLite or (under make unit-pg) PostgreSQL: a write waiting
 * for another's lock gives up, is counted as busy, and commits nothing. */
#include "testutil.h"

static void counts(struct db *db, unsigned long *busy, unsigned long *done)
{
    db_writes(db, busy, done);
}

static void busy_write_is_counted_and_commits_nothing(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    struct db *one = test_db(dir, "writes.db");
    struct db *two = test_db(dir, "writes.db");
    struct err e;
    err_clear(&e);
    assert_int_equal(
        db_exec(one, "CREATE TABLE tally (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)", &e), 0);
    unsigned long b0, d0, b1, d1;
    counts(one, &b0, &d0);
    assert_int_equal(db_exec(one, "INSERT INTO tally (id, n) VALUES (1, 0)", &e), 0);
    counts(one, &b1, &d1);
    assert_int_equal(b1, b0);
    assert_true(d1 > d0); /* an autocommit write is a commit */

    /* The second connection gives up quickly on a lock the first holds. */
    if (strcmp(db_dialect(two), "postgresql") == 0)
        assert_int_equal(db_exec(two, "SET lock_timeout = '50ms'", &e), 0);
    else
        assert_int_equal(db_exec(two, "PRAGMA busy_timeout = 50", &e), 0);
    assert_int_equal(db_begin(one, &e), 0);
    assert_int_equal(db_exec(one, "UPDATE tally SET n = n + 1 WHERE id = 1", &e), 0);

    counts(two, &b0, &d0);
    err_clear(&e);
    assert_int_not_equal(db_exec(two, "UPDATE tally SET n = n + 10 WHERE id = 1", &e), 0);
    assert_non_null(strstr(e.msg, "busy"));
    counts(two, &b1, &d1);
    assert_int_equal(b1, b0 + 1);
    assert_int_equal(d1, d0);

    counts(one, &b0, &d0);
    err_clear(&e);
    assert_int_equal(db_commit(one, &e), 0);
    counts(one, &b1, &d1);
    assert_int_equal(d1, d0 + 1);
    assert_int_equal(test_count(one, "SELECT n FROM tally WHERE id = 1"), 1);

    db_close(two);
    db_close(one);
    test_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(busy_write_is_counted_and_commits_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
