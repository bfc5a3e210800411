/* Unit tests for model/invite: making invitations for a child's carer, and
 * redeeming them once, before they expire, into a parent account that sees
 * that carer's children. */
#include "testpeople.h"

#include <ctype.h>

#include "core/secret.h"
#include "core/str.h"
#include "model/access/access.h"
#include "model/access/invite.h"

struct fx {
    char *dir;
    struct db *db;
    struct arena a;
    struct password_gate g;
    int64_t school, pupil, sibling, other_pupil, carer, stranger;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->db = test_db(f->dir, "inv.db");
    arena_init(&f->a, 0);
    assert_int_equal(password_gate_init(&f->g, PASSWORD_GATE_RUNNING, PASSWORD_GATE_WAITING), 0);
    f->school = tp_school(f->db, "100001");
    f->pupil = tp_pupil(f->db, f->school, 1, "Khan");
    f->sibling = tp_pupil(f->db, f->school, 2, "Khan");
    f->other_pupil = tp_pupil(f->db, f->school, 3, "Lee");
    f->carer = tp_carer(f->db, f->school, "Khan", "amina.khan@example.org");
    f->stranger = tp_carer(f->db, f->school, "Lee", "lee@example.org");
    tp_link(f->db, f->pupil, f->carer);
    tp_link(f->db, f->sibling, f->carer);
    tp_link(f->db, f->other_pupil, f->stranger);
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

static int redeem(struct fx *f, const char *code, const char *email, const char *pw, int64_t t,
                  int64_t *id, struct err *e)
{
    err_clear(e);
    return invite_redeem(f->db, &f->g, &test_who, code, email, pw, t, id, e);
}

static void invite_and_redeem(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    char code[INVITE_CODE_LEN], expires[DATE_TS_LEN];
    /* Only a carer linked to the child can be invited for them. */
    assert_int_equal(
        invite_create(f->db, &test_who, f->pupil, f->stranger, TEST_NOW, code, expires, &e),
        ERR_NOTFOUND);
    assert_int_equal(
        invite_create(f->db, &test_who, f->pupil, f->carer, TEST_NOW, code, expires, &e), 0);
    assert_int_equal(strlen(code), 14);
    assert_int_equal(code[4], '-');
    assert_int_equal(code[9], '-');
    assert_string_equal(expires, "2026-01-15T00:00:00.000Z");
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE action = 'invite'"
                                       " AND pupil_id IS NOT NULL"),
                     1);
    /* Wrong codes, and bad details with the right code, leave it unused. */
    int64_t id = 0;
    assert_int_equal(redeem(f, "2222-3333-4444", "amina@example.org", "a long passphrase here",
                            TEST_NOW + 60, &id, &e),
                     ERR_NOTFOUND);
    assert_int_equal(redeem(f, "nonsense", "amina@example.org", "a long passphrase here",
                            TEST_NOW + 60, &id, &e),
                     ERR_NOTFOUND);
    assert_int_equal(redeem(f, code, "amina@example.org", "short", TEST_NOW + 60, &id, &e),
                     ERR_INPUT);
    assert_true(str_starts_with(e.msg, "password:"));
    assert_int_equal(redeem(f, code, "amina", "a long passphrase here", TEST_NOW + 60, &id, &e),
                     ERR_INPUT);
    assert_true(str_starts_with(e.msg, "email:"));
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM account"), 0);
    /* The right code, typed loosely. */
    char loose[20];
    snprintf(loose, sizeof loose, "%.4s %.4s %.4s", code, code + 5, code + 10);
    for (char *p = loose; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    assert_int_equal(
        redeem(f, loose, "Amina@Example.org", "a long passphrase here", TEST_NOW + 60, &id, &e), 0);
    struct account acc;
    assert_int_equal(account_by_id(f->db, &f->a, id, &acc, &e), 0);
    assert_int_equal(acc.kind, ACCOUNT_PARENT);
    assert_int_equal(acc.carer_id, f->carer);
    assert_int_equal(acc.roles, 0);
    assert_string_equal(acc.email, "amina@example.org");
    assert_string_equal(acc.name, "Ms Alex Khan");
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM parent_invite WHERE used_at"
                                       " IS NOT NULL AND account_id IS NOT NULL"),
                     1);
    /* The parent signs in with it and sees both their children, no other. */
    struct account signed_in;
    assert_int_equal(account_verify_password(f->db, &f->g, &f->a, "amina@example.org",
                                             "a long passphrase here", &signed_in, &e),
                     0);
    struct principal p;
    assert_int_equal(access_principal_for_account(f->db, &f->a, id, &p, &e), 0);
    assert_int_equal(p.kind, PRINCIPAL_PARENT);
    assert_int_equal(access_pupil_visible(f->db, &p, f->pupil, &e), 0);
    assert_int_equal(access_pupil_visible(f->db, &p, f->sibling, &e), 0);
    assert_int_equal(access_pupil_visible(f->db, &p, f->other_pupil, &e), ERR_NOTFOUND);
    /* Used: not again; and no second account for the same carer. */
    assert_int_equal(
        redeem(f, code, "second@example.org", "a long passphrase here", TEST_NOW + 120, &id, &e),
        ERR_NOTFOUND);
    assert_int_equal(
        invite_create(f->db, &test_who, f->sibling, f->carer, TEST_NOW, code, expires, &e),
        ERR_CONFLICT);
}

static void expiry_and_replacement(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    char first[INVITE_CODE_LEN], second[INVITE_CODE_LEN], expires[DATE_TS_LEN];
    assert_int_equal(
        invite_create(f->db, &test_who, f->pupil, f->carer, TEST_NOW, first, expires, &e), 0);
    int64_t id = 0;
    /* 14 days on, it no longer works. */
    assert_int_equal(redeem(f, first, "amina@example.org", "a long passphrase here",
                            TEST_NOW + INVITE_DAYS * 86400, &id, &e),
                     ERR_NOTFOUND);
    assert_non_null(strstr(e.msg, "ask the school for a new one"));
    /* A new one replaces the old one at once. */
    assert_int_equal(
        invite_create(f->db, &test_who, f->pupil, f->carer, TEST_NOW + 10, second, expires, &e), 0);
    assert_string_not_equal(first, second);
    assert_int_equal(
        redeem(f, first, "amina@example.org", "a long passphrase here", TEST_NOW + 20, &id, &e),
        ERR_NOTFOUND);
    /* An email already in use is refused, and the code stays usable. */
    tp_staff(f->db, f->school, "taken@example.org", ACCOUNT_TEACHER, NULL);
    assert_int_equal(
        redeem(f, second, "taken@example.org", "a long passphrase here", TEST_NOW + 20, &id, &e),
        ERR_CONFLICT);
    assert_int_equal(
        redeem(f, second, "amina@example.org", "a long passphrase here", TEST_NOW + 30, &id, &e),
        0);
    /* Only hashes of codes are stored: the hash of the code's characters. */
    char clean[13], hash[SECRET_HASH_LEN];
    snprintf(clean, sizeof clean, "%.4s%.4s%.4s", second, second + 5, second + 10);
    secret_hash(clean, hash);
    struct db_stmt *st;
    assert_int_equal(db_prepare(f->db, &st,
                                "SELECT count(*) FROM parent_invite WHERE code_hash = ?1"
                                " AND used_at IS NOT NULL",
                                &e),
                     0);
    db_bind_text(st, 1, hash);
    assert_int_equal(db_step(st, &e), DB_ROW);
    assert_int_equal(db_col_int(st, 0), 1);
    db_finalize(st);
}

/* A member of staff's code: made only for an account without a password,
 * by the right role; it sets the password once, for the account's own email,
 * and never takes over an account that has one. */
static void staff_codes(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    char code[INVITE_CODE_LEN], expires[DATE_TS_LEN];
    int64_t teacher = tp_staff(f->db, f->school, "t.one@school.example.org", ACCOUNT_TEACHER, NULL);
    int64_t lead = tp_staff(f->db, f->school, "l.one@school.example.org", ACCOUNT_LEAD, NULL);
    /* Who may make it: an administrator for a teacher, a lead for a lead. */
    assert_int_equal(
        invite_create_staff(f->db, &test_who, ACCOUNT_LEAD, teacher, TEST_NOW, code, expires, &e),
        ERR_DENIED);
    assert_int_equal(
        invite_create_staff(f->db, &test_who, ACCOUNT_ADMIN, lead, TEST_NOW, code, expires, &e),
        ERR_DENIED);
    assert_non_null(strstr(e.msg, "only a lead"));
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM staff_invite"), 0);
    assert_int_equal(
        invite_create_staff(f->db, &test_who, ACCOUNT_LEAD, lead, TEST_NOW, code, expires, &e), 0);
    char lead_code[INVITE_CODE_LEN];
    memcpy(lead_code, code, sizeof code);
    assert_int_equal(
        invite_create_staff(f->db, &test_who, ACCOUNT_ADMIN, teacher, TEST_NOW, code, expires, &e),
        0);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE action = 'invite'"
                                       " AND entity = 'account' AND pupil_id IS NULL"),
                     2);
    /* Someone else's email with the right code: refused, code still good. */
    int64_t id = 0;
    assert_int_equal(
        redeem(f, code, "intruder@example.org", "a long passphrase here", TEST_NOW + 60, &id, &e),
        ERR_INPUT);
    assert_true(str_starts_with(e.msg, "email:"));
    assert_int_equal(redeem(f, code, "T.One@School.example.org", "a long passphrase here",
                            TEST_NOW + 60, &id, &e),
                     0);
    assert_int_equal(id, teacher);
    struct account acc;
    assert_int_equal(account_verify_password(f->db, &f->g, &f->a, "t.one@school.example.org",
                                             "a long passphrase here", &acc, &e),
                     0);
    assert_int_equal(acc.roles, ACCOUNT_TEACHER);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE action = 'join'"), 1);
    /* Once only; and no new code for someone who has joined. */
    assert_int_equal(redeem(f, code, "t.one@school.example.org", "another long passphrase",
                            TEST_NOW + 90, &id, &e),
                     ERR_NOTFOUND);
    assert_int_equal(invite_create_staff(f->db, &test_who, ACCOUNT_ROLES_ALL, teacher, TEST_NOW,
                                         code, expires, &e),
                     ERR_CONFLICT);
    /* A code can never set the password of an account that has one, even
     * when the password was set some other way after the code was made. */
    assert_int_equal(account_set_password(f->db, &f->g, &test_who, lead, "set by the cli here", &e),
                     0);
    assert_int_equal(redeem(f, lead_code, "l.one@school.example.org", "a long passphrase here",
                            TEST_NOW + 60, &id, &e),
                     ERR_NOTFOUND);
    assert_int_equal(account_verify_password(f->db, &f->g, &f->a, "l.one@school.example.org",
                                             "set by the cli here", &acc, &e),
                     0);
    /* A disabled account gets no code; the parent's machinery is unchanged. */
    int64_t off = tp_staff(f->db, f->school, "off@school.example.org", ACCOUNT_TEACHER, NULL);
    assert_int_equal(account_set_disabled(f->db, &test_who, off, true, &e), 0);
    assert_int_equal(
        invite_create_staff(f->db, &test_who, ACCOUNT_ADMIN, off, TEST_NOW, code, expires, &e),
        ERR_CONFLICT);
    assert_int_equal(
        invite_create_staff(f->db, &test_who, ACCOUNT_ADMIN, 9999, TEST_NOW, code, expires, &e),
        ERR_NOTFOUND);
}

/* The setup link's code: made and checked with the same machinery. */
static void code_hashes(void **state)
{
    (void)state;
    char code[INVITE_CODE_LEN], hash[SECRET_HASH_LEN], again[SECRET_HASH_LEN];
    invite_code_new(code, hash);
    assert_int_equal(strlen(code), 14);
    assert_true(invite_code_hash(code, again));
    assert_string_equal(hash, again);
    char loose[20];
    snprintf(loose, sizeof loose, " %.4s %.4s-%.4s ", code, code + 5, code + 10);
    for (char *p = loose; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    assert_true(invite_code_hash(loose, again));
    assert_string_equal(hash, again);
    assert_false(invite_code_hash("", again));
    assert_false(invite_code_hash("ABCD-EFGH-JKM", again));   /* too short */
    assert_false(invite_code_hash("ABCD-EFGH-JKMNP", again)); /* too long */
    assert_false(invite_code_hash("ABCD-EFGH-JKM0", again));  /* 0 is not in the alphabet */
    assert_true(invite_code_hash("ABCD-EFGH-JKMN", again));
    assert_false(invite_code_hash(NULL, again));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(invite_and_redeem, setup, teardown),
        cmocka_unit_test_setup_teardown(expiry_and_replacement, setup, teardown),
        cmocka_unit_test_setup_teardown(staff_codes, setup, teardown),
        cmocka_unit_test(code_hashes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
