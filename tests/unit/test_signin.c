/* Unit tests for model/signin: the throttle before any hashing, attempts
 * recorded, the second step with a TOTP or recovery code, wrong codes
 * counted per account whatever passwords come between (codelock), and
 * signing out. */
#include "testpeople.h"

#include <liboath/oath.h>

#include "model/access/codelock.h"
#include "model/access/signin.h"
#include "model/access/throttle.h"
#include "model/access/totp.h"

struct fx {
    char *dir;
    struct db *db;
    struct arena a;
    struct password_gate g;
    int64_t school, lead;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->db = test_db(f->dir, "si.db");
    arena_init(&f->a, 0);
    assert_int_equal(password_gate_init(&f->g, PASSWORD_GATE_RUNNING, PASSWORD_GATE_WAITING), 0);
    f->school = tp_school(f->db, "100001");
    struct account_new n = { .email = "lead@school.example.org",
                             .roles = ACCOUNT_LEAD,
                             .school_id = f->school };
    struct err e;
    err_clear(&e);
    assert_int_equal(account_add_staff(f->db, &f->g, &test_who, &n, "correct horse battery staple",
                                       &f->lead, &e),
                     0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    db_close(f->db);
    arena_release(&f->a);
    password_gate_release(&f->g);
    test_rmdir(f->dir);
    free(f);
    return 0;
}

static void throttled_before_hashing(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    char token[SESSION_TOKEN_LEN];
    struct session s;
    struct signin_request r = { .email = "lead@school.example.org",
                                .password = "wrong guess number one",
                                .address = "192.0.2.1",
                                .now = TEST_NOW };
    for (int i = 0; i < THROTTLE_PAIR_FREE; i++)
        assert_int_equal(signin_password(f->db, &f->g, &f->a, NULL, &r, token, &s, &e), ERR_DENIED);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM login_attempt WHERE ok = 0"),
                     THROTTLE_PAIR_FREE);
    /* Now even the right password is refused from there for a while,
     * without a hash: a full gate would give ERR_LIMIT with another message
     * if it were reached. */
    struct password_gate shut;
    assert_int_equal(password_gate_init(&shut, 1, 0), 0);
    assert_int_equal(password_gate_enter(&shut, &e), 0);
    r.password = "correct horse battery staple";
    assert_int_equal(signin_password(f->db, &shut, &f->a, NULL, &r, token, &s, &e), ERR_LIMIT);
    assert_string_equal(e.msg, "too many attempts to sign in; try again in 15 seconds");
    password_gate_leave(&shut);
    password_gate_release(&shut);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM session"), 0);
    /* The same password from another address is not held back. */
    r.address = "198.51.100.4";
    assert_int_equal(signin_password(f->db, &f->g, &f->a, NULL, &r, token, &s, &e), 0);
    assert_int_equal(signin_out(f->db, &s, "198.51.100.4", &e), 0);
    r.address = "192.0.2.1";
    /* After the window, the right password works; the session is not full
     * (a lead must enrol first), and the sign-in is audited. */
    r.now = TEST_NOW + THROTTLE_DELAY_FIRST + 1;
    assert_int_equal(signin_password(f->db, &f->g, &f->a, NULL, &r, token, &s, &e), 0);
    assert_int_equal(s.stage, SESSION_NEEDS_ENROLMENT);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE action = 'sign-in'"
                                       " AND address = '192.0.2.1'"),
                     1);
    assert_int_equal(signin_out(f->db, &s, "192.0.2.1", &e), 0);
    assert_int_equal(session_lookup(f->db, &f->a, NULL, token, r.now + 1, &s, &e), ERR_NOTFOUND);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE action = 'sign-out'"), 2);
}

static void second_factor(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    assert_int_equal(oath_init(), OATH_OK);
    struct totp_enrolment en;
    assert_int_equal(totp_enrol(f->db, &f->a, f->lead, &en, &e), 0);
    char *raw;
    size_t n;
    assert_int_equal(oath_base32_decode(en.secret, strlen(en.secret), &raw, &n), OATH_OK);
    char code[7];
    assert_int_equal(oath_totp_generate(raw, n, (time_t)(TEST_NOW - 60), 30, 0, 6, code), OATH_OK);
    assert_int_equal(totp_confirm(f->db, &test_who, f->lead, code, TEST_NOW - 60, &e), 0);
    char recovery[TOTP_RECOVERY_CODES][TOTP_RECOVERY_LEN];
    assert_int_equal(totp_recovery_new(f->db, f->lead, recovery, TEST_NOW, &e), 0);

    char token[SESSION_TOKEN_LEN], full[SESSION_TOKEN_LEN];
    struct session s;
    struct signin_request r = { .email = "lead@school.example.org",
                                .password = "correct horse battery staple",
                                .address = "192.0.2.1",
                                .now = TEST_NOW };
    assert_int_equal(signin_password(f->db, &f->g, &f->a, NULL, &r, token, &s, &e), 0);
    assert_int_equal(s.stage, SESSION_NEEDS_TOTP);
    /* Wrong codes count against the account. */
    assert_int_equal(oath_totp_generate(raw, n, (time_t)TEST_NOW, 30, 0, 6, code), OATH_OK);
    char wrong[7];
    memcpy(wrong, code, sizeof wrong);
    wrong[5] = wrong[5] == '9' ? '0' : (char)(wrong[5] + 1);
    r.code = wrong;
    assert_int_equal(signin_second_factor(f->db, &s, &r, full, NULL, &e), ERR_DENIED);
    r.code = "not-a-recovery-code";
    assert_int_equal(signin_second_factor(f->db, &s, &r, full, NULL, &e), ERR_DENIED);
    assert_int_equal(test_count(f->db, "SELECT code_failures FROM account"), 2);
    r.code = code;
    int untold = -1;
    assert_int_equal(signin_second_factor(f->db, &s, &r, full, &untold, &e), 0);
    assert_int_equal(untold, 2);
    assert_int_equal(test_count(f->db, "SELECT code_failures + code_failures_untold FROM account"),
                     0);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE action = 'sign-in'"
                                       " AND detail LIKE '%told of 2 wrong codes%'"),
                     1);
    assert_int_equal(s.stage, SESSION_FULL);
    assert_int_equal(session_lookup(f->db, &f->a, NULL, token, TEST_NOW + 1, &s, &e), ERR_NOTFOUND);
    assert_int_equal(session_lookup(f->db, &f->a, NULL, full, TEST_NOW + 1, &s, &e), 0);
    assert_int_equal(s.stage, SESSION_FULL);
    assert_int_equal(signin_second_factor(f->db, &s, &r, full, NULL, &e), ERR_DENIED);
    /* A recovery code instead, in a new session. */
    assert_int_equal(signin_password(f->db, &f->g, &f->a, NULL, &r, token, &s, &e), 0);
    r.code = recovery[4];
    assert_int_equal(signin_second_factor(f->db, &s, &r, full, NULL, &e), 0);
    assert_int_equal(s.stage, SESSION_FULL);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE action = 'sign-in'"
                                       " AND detail LIKE '%recovery code%'"),
                     1);
    free(raw);
}

/* Enrol the lead in TOTP; the raw secret in *raw (free it). */
static void enrol(struct fx *f, char **raw, size_t *n)
{
    struct err e;
    err_clear(&e);
    assert_int_equal(oath_init(), OATH_OK);
    struct totp_enrolment en;
    assert_int_equal(totp_enrol(f->db, &f->a, f->lead, &en, &e), 0);
    assert_int_equal(oath_base32_decode(en.secret, strlen(en.secret), raw, n), OATH_OK);
    char code[7];
    assert_int_equal(oath_totp_generate(*raw, *n, (time_t)(TEST_NOW - 60), 30, 0, 6, code),
                     OATH_OK);
    assert_int_equal(totp_confirm(f->db, &test_who, f->lead, code, TEST_NOW - 60, &e), 0);
}

/* More wrong codes than the limit cannot be tried, whatever right passwords
 * come between, from however many addresses, all within one second (and one
 * millisecond); the lock is audited; unlocking lets the right code in and
 * the holder is told of every wrong one. */
static void code_limit_whatever_comes_between(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    char *raw;
    size_t n;
    enrol(f, &raw, &n);
    char code[7], wrong[7];
    assert_int_equal(oath_totp_generate(raw, n, (time_t)TEST_NOW, 30, 0, 6, code), OATH_OK);
    memcpy(wrong, code, sizeof wrong);
    wrong[0] = wrong[0] == '9' ? '0' : (char)(wrong[0] + 1);
    char token[SESSION_TOKEN_LEN], full[SESSION_TOKEN_LEN];
    struct session s;
    char addr[32];
    int refused = 0, tried = 0;
    for (int i = 0; i < 3 * CODELOCK_FAILURES; i++) {
        /* A fresh password sign-in from a fresh address before every code. */
        snprintf(addr, sizeof addr, "203.0.113.%d", i + 1);
        struct signin_request r = { .email = "lead@school.example.org",
                                    .password = "correct horse battery staple",
                                    .address = addr,
                                    .now = TEST_NOW,
                                    .now_ms = TEST_NOW * 1000 };
        assert_int_equal(signin_password(f->db, &f->g, &f->a, NULL, &r, token, &s, &e), 0);
        assert_int_equal(s.stage, SESSION_NEEDS_TOTP);
        r.code = wrong;
        int rc = signin_second_factor(f->db, &s, &r, full, NULL, &e);
        if (rc == ERR_LIMIT) {
            refused++;
            assert_non_null(strstr(e.msg, "locked after 5 wrong codes"));
        } else {
            assert_int_equal(rc, ERR_DENIED);
            tried++;
        }
    }
    assert_int_equal(tried, CODELOCK_FAILURES);
    assert_int_equal(refused, 2 * CODELOCK_FAILURES);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit"
                                       " WHERE action = 'second-step-locked'"),
                     1);
    /* Even the right code is refused while locked... */
    struct signin_request r = { .email = "lead@school.example.org",
                                .password = "correct horse battery staple",
                                .address = "192.0.2.1",
                                .now = TEST_NOW,
                                .now_ms = TEST_NOW * 1000 + 5 };
    assert_int_equal(signin_password(f->db, &f->g, &f->a, NULL, &r, token, &s, &e), 0);
    r.code = code;
    assert_int_equal(signin_second_factor(f->db, &s, &r, full, NULL, &e), ERR_LIMIT);
    bool locked;
    assert_int_equal(codelock_status(f->db, f->lead, TEST_NOW * 1000, &locked, NULL, &e), 0);
    assert_true(locked);
    /* ...until a lead or administrator unlocks it. */
    assert_int_equal(codelock_unlock(f->db, &test_who, f->lead, &e), 0);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit"
                                       " WHERE action = 'second-step-unlocked'"),
                     1);
    int untold = 0;
    assert_int_equal(signin_second_factor(f->db, &s, &r, full, &untold, &e), 0);
    assert_int_equal(untold, CODELOCK_FAILURES);
    free(raw);
}

/* After the long back-off the second step opens again, but only for one
 * guess per back-off while the count stays at the limit. */
static void code_lock_backs_off(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    char *raw;
    size_t n;
    enrol(f, &raw, &n);
    int64_t t = TEST_NOW * 1000;
    struct codelock_attempt at;
    for (int i = 0; i < CODELOCK_FAILURES; i++) {
        assert_int_equal(codelock_begin(f->db, f->lead, t, &at, &e), 0);
        assert_int_equal(codelock_failed(f->db, &test_who, &at, &e), 0);
    }
    assert_int_equal(codelock_begin(f->db, f->lead, t + 1000, &at, &e), ERR_LIMIT);
    assert_non_null(strstr(e.msg, "try again in 24 hours"));
    int64_t later = t + (int64_t)CODELOCK_BACKOFF * 1000 + 1;
    assert_int_equal(codelock_begin(f->db, f->lead, later, &at, &e), 0);
    assert_true(at.locks);
    assert_int_equal(codelock_failed(f->db, &test_who, &at, &e), 0);
    assert_int_equal(codelock_begin(f->db, f->lead, later + 1, &at, &e), ERR_LIMIT);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit"
                                       " WHERE action = 'second-step-locked'"),
                     2);
    /* Resetting two-step sign-in (a lost phone) clears the lock too. */
    assert_int_equal(totp_reset(f->db, &test_who, f->lead, &e), 0);
    assert_int_equal(test_count(f->db, "SELECT code_failures FROM account"), 0);
    free(raw);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(throttled_before_hashing, setup, teardown),
        cmocka_unit_test_setup_teardown(second_factor, setup, teardown),
        cmocka_unit_test_setup_teardown(code_limit_whatever_comes_between, setup, teardown),
        cmocka_unit_test_setup_teardown(code_lock_backs_off, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
