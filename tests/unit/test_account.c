/* Unit tests for model/account: roles, emails, adding staff accounts (making
 * or linking the register's staff row), signing in with one answer for every
 * failure, password changes and disabling ending sessions, and which
 * accounts must use a second factor. */
#include "testpeople.h"

#include "model/access/session.h"
#include "core/str.h"
#include "model/register/staff.h"

struct fx {
    char *dir;
    struct db *db;
    struct arena a;
    struct password_gate g;
    int64_t school, other;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->db = test_db(f->dir, "acc.db");
    arena_init(&f->a, 0);
    assert_int_equal(password_gate_init(&f->g, PASSWORD_GATE_RUNNING, PASSWORD_GATE_WAITING), 0);
    f->school = tp_school(f->db, "100001");
    f->other = tp_school(f->db, "100002");
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

static void roles_and_emails(void **state)
{
    struct fx *f = *state;
    char why[256];
    unsigned r;
    assert_int_equal(account_parse_roles("admin,lead", &r, why, sizeof why), 0);
    assert_int_equal(r, ACCOUNT_ADMIN | ACCOUNT_LEAD);
    assert_int_equal(account_parse_roles(" Teacher, practitioner ", &r, why, sizeof why), 0);
    assert_int_equal(r, ACCOUNT_TEACHER | ACCOUNT_PRACTITIONER);
    assert_int_equal(account_parse_roles("lead,wizard", &r, why, sizeof why), ERR_INPUT);
    assert_non_null(strstr(why, "'wizard' is not a role"));
    assert_int_equal(account_parse_roles("", &r, why, sizeof why), ERR_INPUT);
    assert_int_equal(account_parse_roles(",", &r, why, sizeof why), ERR_INPUT);
    assert_int_equal(account_parse_roles("lea", &r, why, sizeof why), ERR_INPUT);
    assert_string_equal(account_roles_text(&f->a, ACCOUNT_LEAD | ACCOUNT_ADMIN), "admin,lead");
    assert_string_equal(account_roles_text(&f->a, 0), "");
    assert_string_equal(account_main_role(ACCOUNT_ADMIN | ACCOUNT_LEAD), "lead");
    assert_string_equal(account_main_role(ACCOUNT_ADMIN), "admin");
    assert_string_equal(account_main_role(ACCOUNT_PRACTITIONER | ACCOUNT_TEACHER), "teacher");
    char email[64];
    account_normalise_email("  Priya.Nair@School.Example.ORG \n", email, sizeof email);
    assert_string_equal(email, "priya.nair@school.example.org");
    assert_true(account_email_valid("a@b.co"));
    assert_false(account_email_valid("a@b"));
    assert_false(account_email_valid("@b.co"));
    assert_false(account_email_valid("a b@c.org"));
    assert_false(account_email_valid("a@@c.org"));
    assert_false(account_email_valid("a@c.org."));
    assert_false(account_email_valid("<a@c.org>"));
    assert_false(account_email_valid(NULL));
}

static void add_makes_or_links_staff(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    /* No staff row yet: one is made, named from the email. */
    int64_t id = tp_staff(f->db, f->school, "Priya.Nair@school.example.org",
                          ACCOUNT_TEACHER | ACCOUNT_PRACTITIONER, NULL);
    struct account acc;
    assert_int_equal(account_by_email(f->db, &f->a, "PRIYA.NAIR@school.example.org", &acc, &e), 0);
    assert_int_equal(acc.id, id);
    assert_string_equal(acc.email, "priya.nair@school.example.org");
    assert_string_equal(acc.name, "Priya Nair");
    assert_int_equal(acc.kind, ACCOUNT_STAFF);
    assert_int_equal(acc.roles, ACCOUNT_TEACHER | ACCOUNT_PRACTITIONER);
    assert_false(acc.has_password);
    assert_null(acc.password_changed_at);
    struct staff s;
    assert_int_equal(staff_by_email(f->db, &f->a, "priya.nair@school.example.org", &s, &e), 0);
    assert_int_equal(s.id, acc.staff_id);
    assert_string_equal(s.role, "teacher");
    assert_string_equal(s.name, "Priya Nair");
    /* An existing staff row is linked, and its role brought in line. */
    struct staff old = { .school_id = f->school,
                         .name = "Helen Price",
                         .email = "helen@school.example.org",
                         .role = "teacher" };
    assert_int_equal(staff_add(f->db, &old, &e), 0);
    struct account_new n = { .email = "helen@school.example.org",
                             .roles = ACCOUNT_ADMIN | ACCOUNT_LEAD,
                             .school_id = f->school };
    assert_int_equal(account_add_staff(f->db, &f->g, &test_who, &n, NULL, &id, &e), 0);
    assert_int_equal(account_by_id(f->db, &f->a, id, &acc, &e), 0);
    assert_int_equal(acc.staff_id, old.id);
    assert_string_equal(acc.name, "Helen Price");
    assert_int_equal(staff_by_email(f->db, &f->a, "helen@school.example.org", &s, &e), 0);
    assert_string_equal(s.role, "lead");
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM staff"), 2);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE entity = 'account'"
                                       " AND action = 'create'"),
                     2);
    /* The same email again; the staff member at another school; bad input:
     * refused, nothing written. */
    int64_t accounts = test_count(f->db, "SELECT count(*) FROM account");
    assert_int_equal(account_add_staff(f->db, &f->g, &test_who, &n, NULL, &id, &e), ERR_CONFLICT);
    assert_non_null(strstr(e.msg, "already an account"));
    n.school_id = f->other;
    n.email = "priya.nair@school.example.org";
    assert_int_equal(account_add_staff(f->db, &f->g, &test_who, &n, NULL, &id, &e), ERR_CONFLICT);
    n = (struct account_new){ .email = "not an email",
                              .roles = ACCOUNT_LEAD,
                              .school_id = f->school };
    assert_int_equal(account_add_staff(f->db, &f->g, &test_who, &n, NULL, &id, &e), ERR_INPUT);
    assert_true(str_starts_with(e.msg, "email:"));
    n = (struct account_new){ .email = "x@school.example.org", .school_id = f->school };
    assert_int_equal(account_add_staff(f->db, &f->g, &test_who, &n, NULL, &id, &e), ERR_INPUT);
    assert_true(str_starts_with(e.msg, "role:"));
    n.roles = ACCOUNT_TEACHER;
    assert_int_equal(account_add_staff(f->db, &f->g, &test_who, &n, "password123", &id, &e),
                     ERR_INPUT);
    assert_true(str_starts_with(e.msg, "password:"));
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM account"), accounts);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM staff"), 2);
    /* Roles can be changed; staff.role follows. */
    assert_int_equal(account_by_email(f->db, &f->a, "helen@school.example.org", &acc, &e), 0);
    assert_int_equal(account_set_roles(f->db, &test_who, acc.id, ACCOUNT_PRACTITIONER, &e), 0);
    assert_int_equal(staff_by_email(f->db, &f->a, "helen@school.example.org", &s, &e), 0);
    assert_string_equal(s.role, "practitioner");
    assert_int_equal(account_set_roles(f->db, &test_who, acc.id, 0, &e), ERR_INPUT);
    struct account *all;
    size_t count;
    assert_int_equal(account_list(f->db, &f->a, f->school, &all, &count, &e), 0);
    assert_int_equal(count, 2);
    assert_string_equal(all[0].email, "helen@school.example.org");
    assert_int_equal(all[0].roles, ACCOUNT_PRACTITIONER);
    assert_int_equal(account_list(f->db, &f->a, f->other, &all, &count, &e), 0);
    assert_int_equal(count, 0);
}

static void sign_in_gives_one_answer(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    struct account_new n = { .email = "t@school.example.org",
                             .roles = ACCOUNT_TEACHER,
                             .school_id = f->school };
    int64_t id;
    assert_int_equal(
        account_add_staff(f->db, &f->g, &test_who, &n, "correct horse battery staple", &id, &e), 0);
    /* Only the argon2id string is stored. */
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM account WHERE password_hash LIKE"
                                       " '$argon2id$%' AND password_changed_at IS NOT NULL"),
                     1);
    struct account acc;
    assert_int_equal(account_verify_password(f->db, &f->g, &f->a, " T@School.example.org",
                                             "correct horse battery staple", &acc, &e),
                     0);
    assert_int_equal(acc.id, id);
    assert_true(acc.has_password);
    char wrong[ERR_MSG_MAX], unknown[ERR_MSG_MAX], nopw[ERR_MSG_MAX], disabled[ERR_MSG_MAX];
    assert_int_equal(account_verify_password(f->db, &f->g, &f->a, "t@school.example.org",
                                             "correct horse battery stable", &acc, &e),
                     ERR_DENIED);
    assert_int_equal(acc.id, 0);
    str_copy(wrong, sizeof wrong, e.msg);
    assert_int_equal(account_verify_password(f->db, &f->g, &f->a, "nobody@school.example.org",
                                             "correct horse battery staple", &acc, &e),
                     ERR_DENIED);
    str_copy(unknown, sizeof unknown, e.msg);
    tp_staff(f->db, f->school, "nopw@school.example.org", ACCOUNT_TEACHER, NULL);
    assert_int_equal(
        account_verify_password(f->db, &f->g, &f->a, "nopw@school.example.org", "", &acc, &e),
        ERR_DENIED);
    str_copy(nopw, sizeof nopw, e.msg);
    assert_int_equal(account_set_disabled(f->db, &test_who, id, true, &e), 0);
    assert_int_equal(account_verify_password(f->db, &f->g, &f->a, "t@school.example.org",
                                             "correct horse battery staple", &acc, &e),
                     ERR_DENIED);
    str_copy(disabled, sizeof disabled, e.msg);
    assert_string_equal(wrong, unknown);
    assert_string_equal(wrong, nopw);
    assert_string_equal(wrong, disabled);
    assert_int_equal(account_set_disabled(f->db, &test_who, id, false, &e), 0);
    assert_int_equal(account_verify_password(f->db, &f->g, &f->a, "t@school.example.org",
                                             "correct horse battery staple", &acc, &e),
                     0);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE action = 'disable'"), 1);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE action = 'enable'"), 1);
    /* No secret reaches the audit trail. */
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE detail LIKE '%horse%'"
                                       " OR detail LIKE '%argon%'"),
                     0);
}

static void password_change_and_disable_end_sessions(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    int64_t id = tp_staff(f->db, f->school, "t@school.example.org", ACCOUNT_TEACHER, NULL);
    char t1[SESSION_TOKEN_LEN], t2[SESSION_TOKEN_LEN];
    struct session s;
    assert_int_equal(session_create(f->db, &f->a, NULL, id, NULL, NULL, TEST_NOW, t1, &s, &e), 0);
    assert_int_equal(session_create(f->db, &f->a, NULL, id, NULL, NULL, TEST_NOW, t2, &s, &e), 0);
    assert_int_equal(session_lookup(f->db, &f->a, NULL, t1, TEST_NOW + 5, &s, &e), 0);
    assert_int_equal(
        account_set_password(f->db, &f->g, &test_who, id, "a brand new passphrase", &e), 0);
    assert_int_equal(session_lookup(f->db, &f->a, NULL, t1, TEST_NOW + 5, &s, &e), ERR_NOTFOUND);
    assert_int_equal(session_lookup(f->db, &f->a, NULL, t2, TEST_NOW + 5, &s, &e), ERR_NOTFOUND);
    /* A weak new password is refused and changes nothing. */
    assert_int_equal(account_set_password(f->db, &f->g, &test_who, id, "letmein", &e), ERR_INPUT);
    assert_true(str_starts_with(e.msg, "password:"));
    assert_int_equal(account_set_password(f->db, &f->g, &test_who, 999999, "a brand new one", &e),
                     ERR_NOTFOUND);
    struct account acc;
    assert_int_equal(account_verify_password(f->db, &f->g, &f->a, "t@school.example.org",
                                             "a brand new passphrase", &acc, &e),
                     0);
    assert_int_equal(session_create(f->db, &f->a, NULL, id, NULL, NULL, TEST_NOW, t1, &s, &e), 0);
    assert_int_equal(account_set_disabled(f->db, &test_who, id, true, &e), 0);
    assert_int_equal(session_lookup(f->db, &f->a, NULL, t1, TEST_NOW + 5, &s, &e), ERR_NOTFOUND);
    assert_int_equal(session_create(f->db, &f->a, NULL, id, NULL, NULL, TEST_NOW, t1, &s, &e),
                     ERR_DENIED);
    assert_int_equal(account_set_disabled(f->db, &test_who, 999999, true, &e), ERR_NOTFOUND);
}

static void second_factor_required(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    static const struct {
        unsigned roles;
        bool required;
    } cases[] = {
        { ACCOUNT_ADMIN, true },
        { ACCOUNT_LEAD, true },
        { ACCOUNT_ADMIN | ACCOUNT_LEAD, true },
        { ACCOUNT_TEACHER | ACCOUNT_LEAD, true },
        { ACCOUNT_TEACHER, false },
        { ACCOUNT_PRACTITIONER, false },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct account acc = { .kind = ACCOUNT_STAFF, .roles = cases[i].roles };
        assert_int_equal(account_requires_totp(&acc), cases[i].required);
        acc.totp_exempt = true;
        assert_false(account_requires_totp(&acc));
    }
    struct account parent = { .kind = ACCOUNT_PARENT };
    assert_false(account_requires_totp(&parent));
    int64_t id = tp_staff(f->db, f->school, "lead@school.example.org", ACCOUNT_LEAD, NULL);
    assert_int_equal(account_set_totp_exempt(f->db, id, true, &e), 0);
    struct account acc;
    assert_int_equal(account_by_id(f->db, &f->a, id, &acc, &e), 0);
    assert_true(acc.totp_exempt);
    assert_false(account_requires_totp(&acc));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(roles_and_emails, setup, teardown),
        cmocka_unit_test_setup_teardown(add_makes_or_links_staff, setup, teardown),
        cmocka_unit_test_setup_teardown(sign_in_gives_one_answer, setup, teardown),
        cmocka_unit_test_setup_teardown(password_change_and_disable_end_sessions, setup, teardown),
        cmocka_unit_test_setup_teardown(second_factor_required, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
