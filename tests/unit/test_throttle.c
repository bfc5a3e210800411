/* Unit tests for model/throttle: the growing delay of a pair (email and
 * address), the account rule that spares the usual place, the address rule
 * that knows a school's shared address, the "try again in N" answer, what a
 * success resets (and what it does not), attempts within one millisecond,
 * and old attempts being cleared away. */
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
    if (throttle_record(f->db, email, addr, ok, t * 1000, NULL, &e) != 0)
        fail_msg("throttle_record: %s", e.msg);
}

static int check(struct fx *f, const char *email, const char *addr, int64_t t, int *wait)
{
    struct err e;
    err_clear(&e);
    int rc = throttle_check(f->db, THROTTLE_PASSWORD, email, addr, t * 1000, wait, &e);
    if (rc == ERR_LIMIT && !strstr(e.msg, "try again in"))
        fail_msg("message: %s", e.msg);
    return rc;
}

#define T  "t@school.example.org"
#define A1 "192.0.2.1"

static void delays_grow(void **state)
{
    (void)state;
    assert_int_equal(throttle_delay(THROTTLE_PAIR_FREE - 1), 0);
    assert_int_equal(throttle_delay(THROTTLE_PAIR_FREE), THROTTLE_DELAY_FIRST);
    assert_int_equal(throttle_delay(THROTTLE_PAIR_FREE + 1), 2 * THROTTLE_DELAY_FIRST);
    assert_int_equal(throttle_delay(THROTTLE_PAIR_FREE + 3), 8 * THROTTLE_DELAY_FIRST);
    assert_int_equal(throttle_delay(1000), THROTTLE_DELAY_MAX);
}

static void pair_delay(void **state)
{
    struct fx *f = *state;
    int wait = -1;
    int64_t t = TEST_NOW;
    for (int i = 0; i < THROTTLE_PAIR_FREE - 1; i++)
        record(f, T, A1, false, t + i);
    assert_int_equal(check(f, T, A1, t + 10, &wait), 0);
    assert_int_equal(wait, 0);
    /* The fifth failure (any case) starts the delay: 15 seconds after it. */
    record(f, " T@School.Example.org", A1, false, t + 20);
    assert_int_equal(check(f, T, A1, t + 21, &wait), ERR_LIMIT);
    assert_int_equal(wait, 14);
    struct err e;
    err_clear(&e);
    assert_int_equal(throttle_check(f->db, THROTTLE_PASSWORD, T, A1, (t + 21) * 1000, NULL, &e),
                     ERR_LIMIT);
    assert_string_equal(e.msg, "too many attempts to sign in; try again in 14 seconds");
    /* Only for this pair: the same email from elsewhere, and another email
     * from here, go ahead. */
    assert_int_equal(check(f, T, "203.0.113.5", t + 21, &wait), 0);
    assert_int_equal(check(f, "other@school.example.org", A1, t + 21, &wait), 0);
    assert_int_equal(check(f, T, A1, t + 35, &wait), 0);
    /* Each further failure doubles it, up to the most. */
    record(f, T, A1, false, t + 35);
    assert_int_equal(check(f, T, A1, t + 36, &wait), ERR_LIMIT);
    assert_int_equal(wait, 29);
    for (int i = 0; i < 20; i++)
        record(f, T, A1, false, t + 100);
    assert_int_equal(check(f, T, A1, t + 100, &wait), ERR_LIMIT);
    assert_int_equal(wait, THROTTLE_DELAY_MAX);
    err_clear(&e);
    assert_int_equal(throttle_check(f->db, THROTTLE_PASSWORD, T, A1, (t + 100) * 1000, NULL, &e),
                     ERR_LIMIT);
    assert_string_equal(e.msg, "too many attempts to sign in; try again in 15 minutes");
    assert_int_equal(check(f, T, A1, t + 100 + THROTTLE_DELAY_MAX, &wait), 0);
    /* A success of the pair starts it again. */
    record(f, T, A1, true, t + 2000);
    assert_int_equal(check(f, T, A1, t + 2000, &wait), 0);
}

static void within_one_millisecond(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    /* throttle_begin counts each attempt before it is checked: attempts at
     * the same millisecond are each counted, and a success at that same
     * moment resets only the attempts before it. */
    int64_t ms = TEST_NOW * 1000 + 7, id;
    int allowed = 0;
    for (int i = 0; i < 3 * THROTTLE_PAIR_FREE; i++)
        if (throttle_begin(f->db, THROTTLE_PASSWORD, T, A1, ms, &id, NULL, &e) == 0)
            allowed++;
    assert_int_equal(allowed, THROTTLE_PAIR_FREE);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM login_attempt WHERE ok = 0"),
                     THROTTLE_PAIR_FREE);
    assert_int_equal(throttle_begin(f->db, THROTTLE_PASSWORD, T, "198.51.100.1", ms, &id, NULL, &e),
                     0);
    assert_int_equal(throttle_ok(f->db, id, &e), 0);
    assert_int_equal(throttle_begin(f->db, THROTTLE_PASSWORD, T, A1, ms, &id, NULL, &e), ERR_LIMIT);
}

static void account_rule_spares_the_usual_place(void **state)
{
    struct fx *f = *state;
    int64_t t = TEST_NOW;
    /* The holder signs in from school. */
    record(f, T, A1, true, t);
    /* Guessing from many addresses, two each. */
    char addr[32];
    for (int i = 0; i < THROTTLE_ACCOUNT_FREE; i++) {
        snprintf(addr, sizeof addr, "203.0.113.%d", i / 2 + 1);
        record(f, T, addr, false, t + 10 + i);
    }
    int wait;
    /* A new address waits... */
    assert_int_equal(check(f, T, "198.51.100.200", t + 60, &wait), ERR_LIMIT);
    assert_true(wait > 0 && wait <= THROTTLE_DELAY_FIRST);
    /* ...but the usual place does not. */
    assert_int_equal(check(f, T, A1, t + 60, &wait), 0);
    /* Nor does anyone else's account. */
    assert_int_equal(check(f, "other@school.example.org", "198.51.100.200", t + 60, &wait), 0);
    /* An hour later the new address goes ahead too. */
    assert_int_equal(check(f, T, "198.51.100.200", t + 60 + THROTTLE_ACCOUNT_WINDOW, &wait), 0);
}

static void address_rule_knows_a_shared_address(void **state)
{
    struct fx *f = *state;
    int64_t t = TEST_NOW;
    char email[64];
    const char *school = "198.51.100.7";
    /* Spraying from one address: after THROTTLE_ADDRESS_FAILURES failures
     * across many emails, everyone from there waits... */
    for (int i = 0; i < THROTTLE_ADDRESS_FAILURES; i++) {
        snprintf(email, sizeof email, "guess%d@school.example.org", i);
        assert_int_equal(check(f, email, "203.0.113.9", t + i / 10, NULL), 0);
        record(f, email, "203.0.113.9", false, t + i / 10);
    }
    int wait;
    assert_int_equal(check(f, "fresh@school.example.org", "203.0.113.9", t + 20, &wait), ERR_LIMIT);
    assert_int_equal(wait, THROTTLE_ADDRESS_WINDOW - 20);
    assert_int_equal(check(f, "fresh@school.example.org", "203.0.113.10", t + 20, NULL), 0);
    /* ...but at a school where ten staff sign in, the limit is higher. */
    for (int i = 0; i < 10; i++) {
        snprintf(email, sizeof email, "staff%d@school.example.org", i);
        record(f, email, school, true, t);
    }
    for (int i = 0; i < THROTTLE_ADDRESS_FAILURES + 5 * THROTTLE_ADDRESS_PER_ACCOUNT; i++) {
        snprintf(email, sizeof email, "typo%d@school.example.org", i);
        record(f, email, school, false, t + 1);
    }
    assert_int_equal(check(f, "fresh@school.example.org", school, t + 2, NULL), 0);
    for (int i = 0; i < 5 * THROTTLE_ADDRESS_PER_ACCOUNT; i++)
        record(f, "typo@school.example.org", school, false, t + 1);
    assert_int_equal(check(f, "fresh@school.example.org", school, t + 2, NULL), ERR_LIMIT);
    /* And the staff whose usual place it is still sign in. */
    assert_int_equal(check(f, "staff3@school.example.org", school, t + 2, NULL), 0);
    /* Codes have no usual place. */
    struct err e;
    err_clear(&e);
    assert_int_equal(throttle_check(f->db, THROTTLE_CODE, "join", school, (t + 2) * 1000, NULL, &e),
                     ERR_LIMIT);
    assert_non_null(strstr(e.msg, "too many wrong codes; try again in"));
}

static void old_attempts_are_cleared(void **state)
{
    struct fx *f = *state;
    for (int i = 0; i < 10; i++)
        record(f, T, A1, false, TEST_NOW + i);
    record(f, T, A1, true, TEST_NOW + 20);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM login_attempt"), 11);
    record(f, T, A1, true, TEST_NOW + THROTTLE_KEEP + 100);
    /* Failures go after a day; successes (the usual place) stay a month. */
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM login_attempt"), 2);
    record(f, T, A1, false, TEST_NOW + THROTTLE_USUAL_KEEP + 100);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM login_attempt WHERE ok = 1"), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(delays_grow),
        cmocka_unit_test_setup_teardown(pair_delay, setup, teardown),
        cmocka_unit_test_setup_teardown(within_one_millisecond, setup, teardown),
        cmocka_unit_test_setup_teardown(account_rule_spares_the_usual_place, setup, teardown),
        cmocka_unit_test_setup_teardown(address_rule_knows_a_shared_address, setup, teardown),
        cmocka_unit_test_setup_teardown(old_attempts_are_cleared, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
