/* Unit tests for model/throttle: the per-account and per-address limits,
 * the "try again in N minutes" answer, what a success resets (and what it
 * does not), and old attempts being cleared away. */
#include "testpeople.h"

#include "model/access/throttle.h"

struct fx {
    char *dir;
    struct db *db;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->db = test_db(f->dir, "th.db");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    db_close(f->db);
    test_rmdir(f->dir);
    free(f);
    return 0;
}

static void record(struct fx *f, const char *email, const char *addr, bool ok, int64_t t)
{
    struct err e;
    err_clear(&e);
    if (throttle_record(f->db, email, addr, ok, t, &e) != 0)
        fail_msg("throttle_record: %s", e.msg);
}

static int check(struct fx *f, const char *email, const char *addr, int64_t t, int *wait)
{
    struct err e;
    err_clear(&e);
    int rc = throttle_check(f->db, email, addr, t, wait, &e);
    if (rc == ERR_LIMIT && !strstr(e.msg, "try again in"))
        fail_msg("message: %s", e.msg);
    return rc;
}

static void account_limit(void **state)
{
    struct fx *f = *state;
    int wait = -1;
    int64_t t = TEST_NOW;
    for (int i = 0; i < THROTTLE_ACCOUNT_FAILURES - 1; i++)
        record(f, "t@school.example.org", "192.0.2.1", false, t + i);
    assert_int_equal(check(f, "t@school.example.org", "192.0.2.1", t + 10, &wait), 0);
    assert_int_equal(wait, 0);
    /* The fifth failure (from anywhere, with any case) closes the door. */
    record(f, " T@School.Example.org", "198.51.100.9", false, t + 20);
    assert_int_equal(check(f, "t@school.example.org", "192.0.2.1", t + 21, &wait), ERR_LIMIT);
    assert_int_equal(wait, 15);
    /* ...from every address, for this account only. */
    assert_int_equal(check(f, "t@school.example.org", "203.0.113.5", t + 21, &wait), ERR_LIMIT);
    assert_int_equal(check(f, "other@school.example.org", "192.0.2.1", t + 21, &wait), 0);
    /* Until the oldest failure is 15 minutes old. */
    assert_int_equal(check(f, "t@school.example.org", "192.0.2.1", t + 14 * 60, &wait), ERR_LIMIT);
    assert_int_equal(wait, 1);
    assert_int_equal(check(f, "t@school.example.org", "192.0.2.1", t + THROTTLE_WINDOW + 1, &wait),
                     0);
    struct err e;
    err_clear(&e);
    assert_int_equal(throttle_check(f->db, "t@school.example.org", "192.0.2.1", t + 21, NULL, &e),
                     ERR_LIMIT);
    assert_string_equal(e.msg, "too many attempts to sign in; try again in 15 minutes");
}

static void success_resets_the_account_not_the_address(void **state)
{
    struct fx *f = *state;
    int64_t t = TEST_NOW;
    for (int i = 0; i < 4; i++)
        record(f, "t@school.example.org", "192.0.2.1", false, t + i);
    record(f, "t@school.example.org", "192.0.2.1", true, t + 10);
    for (int i = 0; i < 4; i++)
        record(f, "t@school.example.org", "192.0.2.1", false, t + 20 + i);
    assert_int_equal(check(f, "t@school.example.org", "192.0.2.1", t + 30, NULL), 0);
    /* Only failures since the latest success count. */
    record(f, "t@school.example.org", "192.0.2.1", true, t + 25);
    for (int i = 0; i < 4; i++)
        record(f, "t@school.example.org", "192.0.2.1", false, t + 26 + i);
    assert_int_equal(check(f, "t@school.example.org", "192.0.2.1", t + 30, NULL), 0);
    record(f, "t@school.example.org", "192.0.2.1", false, t + 31);
    assert_int_equal(check(f, "t@school.example.org", "192.0.2.1", t + 32, NULL), ERR_LIMIT);
    /* An address: 20 failures across many emails, then even a good
     * sign-in from it does not clear the way. */
    for (int i = 0; i < THROTTLE_ADDRESS_FAILURES; i++) {
        char email[64];
        snprintf(email, sizeof email, "guess%d@school.example.org", i);
        assert_int_equal(check(f, email, "198.51.100.7", t + 100 + i, NULL), 0);
        record(f, email, "198.51.100.7", false, t + 100 + i);
    }
    record(f, "mine@school.example.org", "198.51.100.7", true, t + 130);
    int wait;
    assert_int_equal(check(f, "fresh@school.example.org", "198.51.100.7", t + 131, &wait),
                     ERR_LIMIT);
    assert_int_equal(wait, 15);
    assert_int_equal(check(f, "fresh@school.example.org", "198.51.100.8", t + 131, NULL), 0);
    assert_int_equal(
        check(f, "fresh@school.example.org", "198.51.100.7", t + 100 + THROTTLE_WINDOW + 1, NULL),
        0);
    /* The command line (no address) is counted as one address too. */
    for (int i = 0; i < THROTTLE_ADDRESS_FAILURES; i++)
        record(f, "x@school.example.org", NULL, false, t + 200);
    assert_int_equal(check(f, "y@school.example.org", NULL, t + 201, NULL), ERR_LIMIT);
}

static void old_attempts_are_cleared(void **state)
{
    struct fx *f = *state;
    for (int i = 0; i < 10; i++)
        record(f, "t@school.example.org", "192.0.2.1", false, TEST_NOW + i);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM login_attempt"), 10);
    record(f, "t@school.example.org", "192.0.2.1", true, TEST_NOW + THROTTLE_KEEP + 100);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM login_attempt"), 1);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM login_attempt"
                                       " WHERE email = 't@school.example.org' AND ok = 1"),
                     1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(account_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(success_resets_the_account_not_the_address, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(old_attempts_are_cleared, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
