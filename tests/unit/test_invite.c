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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(invite_and_redeem, setup, teardown),
        cmocka_unit_test_setup_teardown(expiry_and_replacement, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
