/* Unit tests for model/session: tokens stored only as hashes, idle and
 * absolute expiry (with the clock passed in), configurable timeouts,
 * sign-out, the second-factor stage and token rotation, and CSRF tokens. */
#include "testpeople.h"

#include "core/secret.h"
#include "model/access/session.h"

struct fx {
    char *dir;
    struct db *db;
    struct arena a;
    int64_t school, teacher, lead;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->db = test_db(f->dir, "s.db");
    arena_init(&f->a, 0);
    f->school = tp_school(f->db, "100001");
    f->teacher = tp_staff(f->db, f->school, "t@school.example.org", ACCOUNT_TEACHER, NULL);
    f->lead = tp_staff(f->db, f->school, "l@school.example.org", ACCOUNT_LEAD, NULL);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    db_close(f->db);
    arena_release(&f->a);
    test_rmdir(f->dir);
    free(f);
    return 0;
}

static int lookup(struct fx *f, const struct session_config *cfg, const char *token, int64_t now,
                  struct session *s)
{
    struct err e;
    err_clear(&e);
    return session_lookup(f->db, &f->a, cfg, token, now, s, &e);
}

static void token_is_stored_only_as_hash(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    char token[SESSION_TOKEN_LEN];
    struct session s;
    assert_int_equal(session_create(f->db, &f->a, NULL, f->teacher, "192.0.2.7", "Firefox",
                                    TEST_NOW, token, &s, &e),
                     0);
    assert_int_equal(strlen(token), 43);
    assert_int_equal(
        strspn(token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), 43);
    assert_int_equal(s.account_id, f->teacher);
    assert_int_equal(s.expires, TEST_NOW + SESSION_ABSOLUTE_DEFAULT);
    assert_int_equal(s.stage, SESSION_FULL);
    struct db_stmt *st;
    assert_int_equal(db_prepare(f->db, &st,
                                "SELECT count(*) FROM session WHERE token_hash = ?1"
                                " AND address = '192.0.2.7' AND user_agent = 'Firefox'",
                                &e),
                     0);
    char hash[SECRET_HASH_LEN];
    secret_hash(token, hash);
    db_bind_text(st, 1, hash);
    assert_int_equal(db_step(st, &e), DB_ROW);
    assert_int_equal(db_col_int(st, 0), 1);
    db_finalize(st);
    assert_int_equal(db_prepare(f->db, &st,
                                "SELECT count(*) FROM session WHERE token_hash = ?1"
                                " OR csrf_secret LIKE '%' || ?1 || '%'",
                                &e),
                     0);
    db_bind_text(st, 1, token);
    assert_int_equal(db_step(st, &e), DB_ROW);
    assert_int_equal(db_col_int(st, 0), 0);
    db_finalize(st);
    /* A second session gets a different token. */
    char other[SESSION_TOKEN_LEN];
    assert_int_equal(
        session_create(f->db, &f->a, NULL, f->teacher, NULL, NULL, TEST_NOW, other, NULL, &e), 0);
    assert_string_not_equal(token, other);
    /* Lookups: right token, wrong token, malformed. */
    assert_int_equal(lookup(f, NULL, token, TEST_NOW + 1, &s), 0);
    assert_string_equal(s.account.email, "t@school.example.org");
    other[5] = other[5] == 'A' ? 'B' : 'A';
    assert_int_equal(lookup(f, NULL, other, TEST_NOW + 1, &s), ERR_NOTFOUND);
    assert_int_equal(s.id, 0);
    assert_int_equal(lookup(f, NULL, "", TEST_NOW + 1, &s), ERR_NOTFOUND);
    assert_int_equal(lookup(f, NULL, NULL, TEST_NOW + 1, &s), ERR_NOTFOUND);
    assert_int_equal(
        session_create(f->db, &f->a, NULL, 999999, NULL, NULL, TEST_NOW, other, NULL, &e),
        ERR_NOTFOUND);
}

static void idle_and_absolute_expiry(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    char token[SESSION_TOKEN_LEN];
    struct session s;
    assert_int_equal(
        session_create(f->db, &f->a, NULL, f->teacher, NULL, NULL, TEST_NOW, token, &s, &e), 0);
    /* Within the idle time, and kept alive by use... */
    int64_t t = TEST_NOW;
    for (int i = 0; i < 35; i++) { /* every 20 minutes for 11h40 */
        t += 20 * 60;
        if (lookup(f, NULL, token, t, &s) != 0)
            fail_msg("session ended early, after %d minutes", (int)((t - TEST_NOW) / 60));
    }
    /* ...but not past the absolute limit, however active. */
    assert_int_equal(lookup(f, NULL, token, TEST_NOW + SESSION_ABSOLUTE_DEFAULT - 1, &s), 0);
    assert_int_equal(lookup(f, NULL, token, TEST_NOW + SESSION_ABSOLUTE_DEFAULT, &s), ERR_NOTFOUND);
    /* Idle for 30 minutes ends a session. */
    assert_int_equal(
        session_create(f->db, &f->a, NULL, f->teacher, NULL, NULL, TEST_NOW, token, &s, &e), 0);
    assert_int_equal(lookup(f, NULL, token, TEST_NOW + SESSION_IDLE_DEFAULT - 1, &s), 0);
    assert_int_equal(lookup(f, NULL, token, TEST_NOW + 2 * SESSION_IDLE_DEFAULT - 2, &s), 0);
    assert_int_equal(lookup(f, NULL, token, TEST_NOW + 3 * SESSION_IDLE_DEFAULT, &s), ERR_NOTFOUND);
    /* Timeouts can be set. */
    struct session_config cfg = { .idle_seconds = 120, .absolute_seconds = 600 };
    assert_int_equal(
        session_create(f->db, &f->a, &cfg, f->teacher, NULL, NULL, TEST_NOW, token, &s, &e), 0);
    assert_int_equal(s.expires, TEST_NOW + 600);
    assert_int_equal(lookup(f, &cfg, token, TEST_NOW + 119, &s), 0);
    assert_int_equal(lookup(f, &cfg, token, TEST_NOW + 119 + 120, &s), ERR_NOTFOUND);
}

static void last_seen_written_once_a_minute(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    char token[SESSION_TOKEN_LEN];
    struct session s;
    assert_int_equal(
        session_create(f->db, &f->a, NULL, f->teacher, NULL, NULL, TEST_NOW, token, &s, &e), 0);
    assert_int_equal(lookup(f, NULL, token, TEST_NOW + 30, &s), 0);
    assert_int_equal(s.last_seen, TEST_NOW);
    assert_int_equal(
        test_count(f->db, "SELECT count(*) FROM session WHERE last_seen_at = created_at"), 1);
    assert_int_equal(lookup(f, NULL, token, TEST_NOW + 61, &s), 0);
    assert_int_equal(s.last_seen, TEST_NOW + 61);
    assert_int_equal(
        test_count(f->db, "SELECT count(*) FROM session WHERE last_seen_at > created_at"), 1);
}

static void sign_out(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    char a[SESSION_TOKEN_LEN], b[SESSION_TOKEN_LEN], c[SESSION_TOKEN_LEN];
    struct session sa, sb, sc;
    assert_int_equal(
        session_create(f->db, &f->a, NULL, f->teacher, NULL, NULL, TEST_NOW, a, &sa, &e), 0);
    assert_int_equal(
        session_create(f->db, &f->a, NULL, f->teacher, NULL, NULL, TEST_NOW, b, &sb, &e), 0);
    assert_int_equal(
        session_create(f->db, &f->a, NULL, f->teacher, NULL, NULL, TEST_NOW, c, &sc, &e), 0);
    assert_int_equal(session_revoke_token(f->db, a, &e), 0);
    assert_int_equal(lookup(f, NULL, a, TEST_NOW + 1, &sa), ERR_NOTFOUND);
    assert_int_equal(lookup(f, NULL, b, TEST_NOW + 1, &sb), 0);
    /* "Sign out everywhere else" keeps the current session. */
    assert_int_equal(session_revoke_all(f->db, f->teacher, sb.id, &e), 0);
    assert_int_equal(lookup(f, NULL, b, TEST_NOW + 1, &sb), 0);
    assert_int_equal(lookup(f, NULL, c, TEST_NOW + 1, &sc), ERR_NOTFOUND);
    assert_int_equal(session_revoke(f->db, sb.id, &e), 0);
    assert_int_equal(session_revoke(f->db, sb.id, &e), 0);
    assert_int_equal(lookup(f, NULL, b, TEST_NOW + 1, &sb), ERR_NOTFOUND);
    /* Housekeeping removes only sessions long over. */
    assert_int_equal(
        session_create(f->db, &f->a, NULL, f->teacher, NULL, NULL, TEST_NOW, a, &sa, &e), 0);
    assert_int_equal(session_purge(f->db, TEST_NOW + 3600, &e), 0);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM session"), 4);
    assert_int_equal(session_purge(f->db, TEST_NOW + 2 * 86400, &e), 0);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM session"), 0);
}

static void second_factor_stage(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    char token[SESSION_TOKEN_LEN], fresh[SESSION_TOKEN_LEN];
    struct session s;
    /* A lead who has not enrolled must enrol before anything else. */
    assert_int_equal(
        session_create(f->db, &f->a, NULL, f->lead, NULL, NULL, TEST_NOW, token, &s, &e), 0);
    assert_int_equal(s.stage, SESSION_NEEDS_ENROLMENT);
    /* Completing the step without enrolling does not make it full. */
    assert_int_equal(session_second_factor_done(f->db, &s, TEST_NOW + 1, fresh, &e), 0);
    assert_int_equal(s.stage, SESSION_NEEDS_ENROLMENT);
    /* With TOTP on, the code is next; giving it makes the session full and
     * replaces the token and the CSRF secret. */
    struct db_stmt *st;
    assert_int_equal(db_prepare(f->db, &st,
                                "UPDATE account SET totp_secret = 'JBSWY3DPEHPK3PXP',"
                                " totp_enabled = 1 WHERE id = ?1",
                                &e),
                     0);
    db_bind_int(st, 1, f->lead);
    assert_int_equal(db_step(st, &e), DB_DONE);
    db_finalize(st);
    assert_int_equal(
        session_create(f->db, &f->a, NULL, f->lead, NULL, NULL, TEST_NOW, token, &s, &e), 0);
    assert_int_equal(s.stage, SESSION_NEEDS_TOTP);
    assert_int_equal(lookup(f, NULL, token, TEST_NOW + 2, &s), 0);
    assert_int_equal(s.stage, SESSION_NEEDS_TOTP);
    char csrf_before[SESSION_CSRF_LEN];
    session_csrf_token(&s, csrf_before);
    assert_int_equal(session_second_factor_done(f->db, &s, TEST_NOW + 3, fresh, &e), 0);
    assert_int_equal(s.stage, SESSION_FULL);
    assert_string_not_equal(token, fresh);
    assert_int_equal(lookup(f, NULL, token, TEST_NOW + 4, &s), ERR_NOTFOUND);
    assert_int_equal(lookup(f, NULL, fresh, TEST_NOW + 4, &s), 0);
    assert_int_equal(s.stage, SESSION_FULL);
    assert_true(s.second_factor_done);
    assert_false(session_csrf_verify(&s, csrf_before));
    /* A teacher without TOTP is full at once; the exempt (demo) lead too. */
    assert_int_equal(
        session_create(f->db, &f->a, NULL, f->teacher, NULL, NULL, TEST_NOW, token, &s, &e), 0);
    assert_int_equal(s.stage, SESSION_FULL);
    int64_t demo = tp_staff(f->db, f->school, "demo@school.example.org", ACCOUNT_LEAD, NULL);
    assert_int_equal(account_set_totp_exempt(f->db, demo, true, &e), 0);
    assert_int_equal(session_create(f->db, &f->a, NULL, demo, NULL, NULL, TEST_NOW, token, &s, &e),
                     0);
    assert_int_equal(s.stage, SESSION_FULL);
    /* A revoked session cannot be upgraded. */
    assert_int_equal(session_revoke(f->db, s.id, &e), 0);
    assert_int_equal(session_second_factor_done(f->db, &s, TEST_NOW + 5, fresh, &e), ERR_NOTFOUND);
}

static void csrf_tokens(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    char ta[SESSION_TOKEN_LEN], tb[SESSION_TOKEN_LEN];
    struct session a, b;
    assert_int_equal(
        session_create(f->db, &f->a, NULL, f->teacher, NULL, NULL, TEST_NOW, ta, &a, &e), 0);
    assert_int_equal(
        session_create(f->db, &f->a, NULL, f->teacher, NULL, NULL, TEST_NOW, tb, &b, &e), 0);
    char ca[SESSION_CSRF_LEN], cb[SESSION_CSRF_LEN], again[SESSION_CSRF_LEN];
    session_csrf_token(&a, ca);
    session_csrf_token(&b, cb);
    assert_int_equal(strlen(ca), 43);
    assert_string_not_equal(ca, cb);
    assert_true(session_csrf_verify(&a, ca));
    assert_false(session_csrf_verify(&a, cb)); /* another session's token */
    /* The same token after a lookup (the secret is kept with the session). */
    struct session found;
    assert_int_equal(lookup(f, NULL, ta, TEST_NOW + 1, &found), 0);
    session_csrf_token(&found, again);
    assert_string_equal(ca, again);
    assert_true(session_csrf_verify(&found, ca));
    /* Near misses. */
    char bad[SESSION_CSRF_LEN];
    memcpy(bad, ca, sizeof bad);
    bad[42] = bad[42] == 'A' ? 'B' : 'A';
    assert_false(session_csrf_verify(&a, bad));
    bad[42] = '\0';
    assert_false(session_csrf_verify(&a, bad));
    assert_false(session_csrf_verify(&a, ""));
    assert_false(session_csrf_verify(&a, NULL));
    /* The token is not the secret, nor the session token. */
    assert_false(session_csrf_verify(&a, ta));
    /* An empty session (a failed lookup) accepts no token at all. */
    struct session none;
    memset(&none, 0, sizeof none);
    char zero[SESSION_CSRF_LEN];
    session_csrf_token(&none, zero);
    assert_false(session_csrf_verify(&none, zero));
}

static void user_agent_is_cut(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    char agent[400], token[SESSION_TOKEN_LEN];
    memset(agent, 'a', sizeof agent - 1);
    agent[sizeof agent - 1] = '\0';
    memcpy(agent + 198, "\xc3\xa9", 2); /* é across the cut */
    assert_int_equal(
        session_create(f->db, &f->a, NULL, f->teacher, NULL, agent, TEST_NOW, token, NULL, &e), 0);
    bool pg = strcmp(db_dialect(f->db), "postgresql") == 0;
    assert_int_equal(pg ? test_count(f->db, "SELECT max(octet_length(user_agent)) FROM session")
                        : test_count(f->db, "SELECT max(length(CAST(user_agent AS BLOB)))"
                                            " FROM session"),
                     200);
    agent[198] = 'a'; /* valid UTF-8 again (PostgreSQL refuses anything else) */
    memcpy(agent + 199, "\xc3\xa9", 2);
    assert_int_equal(
        session_create(f->db, &f->a, NULL, f->teacher, NULL, agent, TEST_NOW, token, NULL, &e), 0);
    assert_int_equal(pg ? test_count(f->db, "SELECT min(octet_length(user_agent)) FROM session")
                        : test_count(f->db, "SELECT min(length(CAST(user_agent AS BLOB)))"
                                            " FROM session"),
                     199);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(token_is_stored_only_as_hash, setup, teardown),
        cmocka_unit_test_setup_teardown(idle_and_absolute_expiry, setup, teardown),
        cmocka_unit_test_setup_teardown(last_seen_written_once_a_minute, setup, teardown),
        cmocka_unit_test_setup_teardown(sign_out, setup, teardown),
        cmocka_unit_test_setup_teardown(second_factor_stage, setup, teardown),
        cmocka_unit_test_setup_teardown(csrf_tokens, setup, teardown),
        cmocka_unit_test_setup_teardown(user_agent_is_cut, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
