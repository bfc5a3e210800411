/* Unit tests for model/signin: the throttle before any hashing, attempts
 * recorded, the second step with a TOTP or recovery code, and signing out. */
#include "testpeople.h"

#include <liboath/oath.h>

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
    for (int i = 0; i < THROTTLE_ACCOUNT_FAILURES; i++)
        assert_int_equal(signin_password(f->db, &f->g, &f->a, NULL, &r, token, &s, &e), ERR_DENIED);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM login_attempt WHERE ok = 0"),
                     THROTTLE_ACCOUNT_FAILURES);
    /* Now even the right password is refused, without a hash: a full gate
     * would give ERR_LIMIT with another message if it were reached. */
    struct password_gate shut;
    assert_int_equal(password_gate_init(&shut, 1, 0), 0);
    assert_int_equal(password_gate_enter(&shut, &e), 0);
    r.password = "correct horse battery staple";
    assert_int_equal(signin_password(f->db, &shut, &f->a, NULL, &r, token, &s, &e), ERR_LIMIT);
    assert_non_null(strstr(e.msg, "try again in 15 minutes"));
    password_gate_leave(&shut);
    password_gate_release(&shut);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM session"), 0);
    /* After the window, the right password works; the session is not full
     * (a lead must enrol first), and the sign-in is audited. */
    r.now = TEST_NOW + THROTTLE_WINDOW + 1;
    assert_int_equal(signin_password(f->db, &f->g, &f->a, NULL, &r, token, &s, &e), 0);
    assert_int_equal(s.stage, SESSION_NEEDS_ENROLMENT);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE action = 'sign-in'"
                                       " AND address = '192.0.2.1'"),
                     1);
    assert_int_equal(signin_out(f->db, &s, "192.0.2.1", &e), 0);
    assert_int_equal(session_lookup(f->db, &f->a, NULL, token, r.now + 1, &s, &e), ERR_NOTFOUND);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE action = 'sign-out'"), 1);
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
    assert_int_equal(signin_second_factor(f->db, &s, &r, full, &e), ERR_DENIED);
    r.code = "not-a-recovery-code";
    assert_int_equal(signin_second_factor(f->db, &s, &r, full, &e), ERR_DENIED);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM login_attempt WHERE ok = 0"), 2);
    r.code = code;
    assert_int_equal(signin_second_factor(f->db, &s, &r, full, &e), 0);
    assert_int_equal(s.stage, SESSION_FULL);
    assert_int_equal(session_lookup(f->db, &f->a, NULL, token, TEST_NOW + 1, &s, &e), ERR_NOTFOUND);
    assert_int_equal(session_lookup(f->db, &f->a, NULL, full, TEST_NOW + 1, &s, &e), 0);
    assert_int_equal(s.stage, SESSION_FULL);
    assert_int_equal(signin_second_factor(f->db, &s, &r, full, &e), ERR_DENIED);
    /* A recovery code instead, in a new session. */
    assert_int_equal(signin_password(f->db, &f->g, &f->a, NULL, &r, token, &s, &e), 0);
    r.code = recovery[4];
    assert_int_equal(signin_second_factor(f->db, &s, &r, full, &e), 0);
    assert_int_equal(s.stage, SESSION_FULL);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE action = 'sign-in'"
                                       " AND detail LIKE '%recovery code%'"),
                     1);
    free(raw);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(throttled_before_hashing, setup, teardown),
        cmocka_unit_test_setup_teardown(second_factor, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
