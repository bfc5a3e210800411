/* Unit tests for model/access/staffacct: staff accounts with separation of
 * duties. An administrator who is not a lead cannot make a lead or give the
 * lead role (it waits for a lead), cannot approve it, cannot make a lead's
 * joining code, and cannot take the school's last lead away; a lead's own
 * request takes effect at once; a lead cannot approve their own role. */
#include "testpeople.h"

#include "core/problems.h"
#include "core/str.h"
#include "model/access/invite.h"
#include "model/access/staffacct.h"

struct fx {
    char *dir;
    struct db *db;
    struct arena a;
    int64_t school, other_school;
    int64_t admin, lead, teacher, other_lead;
    struct staffacct_by by_admin, by_lead, by_both;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->db = test_db(f->dir, "sa.db");
    arena_init(&f->a, 0);
    f->school = tp_school(f->db, "100001");
    f->other_school = tp_school(f->db, "100002");
    f->admin = tp_staff(f->db, f->school, "admin@school.example.org", ACCOUNT_ADMIN, NULL);
    f->lead = tp_staff(f->db, f->school, "lead@school.example.org", ACCOUNT_LEAD, NULL);
    f->teacher = tp_staff(f->db, f->school, "teacher@school.example.org", ACCOUNT_TEACHER, NULL);
    f->other_lead = tp_staff(f->db, f->other_school, "lead@other.example.org", ACCOUNT_LEAD, NULL);
    int64_t both =
        tp_staff(f->db, f->school, "senco@school.example.org", ACCOUNT_ADMIN | ACCOUNT_LEAD, NULL);
    f->by_admin = (struct staffacct_by){ "user:admin", NULL, f->admin, ACCOUNT_ADMIN, f->school };
    f->by_lead = (struct staffacct_by){ "user:lead", NULL, f->lead, ACCOUNT_LEAD, f->school };
    f->by_both =
        (struct staffacct_by){ "user:senco", NULL, both, ACCOUNT_ADMIN | ACCOUNT_LEAD, f->school };
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

static unsigned roles_of(struct fx *f, const char *email)
{
    struct account acc;
    struct err e;
    err_clear(&e);
    if (account_by_email(f->db, &f->a, email, &acc, &e) != 0)
        return 0;
    return acc.roles;
}

static void validation(void **state)
{
    struct fx *f = *state;
    struct problems pr;
    problems_init(&pr, &f->a);
    struct staffacct_new n = { .name = "", .email = "not an email", .roles = 0 };
    staffacct_validate(&n, &pr);
    assert_int_equal(pr.n, 3);
    assert_non_null(problems_for(&pr, "name"));
    assert_non_null(problems_for(&pr, "email"));
    assert_non_null(problems_for(&pr, "roles"));
    struct staffacct_result r;
    struct err e;
    err_clear(&e);
    assert_int_equal(staffacct_add(f->db, &f->by_admin, &n, TEST_NOW, &r, &e), ERR_INPUT);
    /* An email that has an account already. */
    n = (struct staffacct_new){ .name = "T",
                                .email = "TEACHER@school.example.org",
                                .roles = ACCOUNT_TEACHER };
    assert_int_equal(staffacct_add(f->db, &f->by_admin, &n, TEST_NOW, &r, &e), ERR_CONFLICT);
    assert_true(str_starts_with(e.msg, "email: "));
}

static void admin_adds_a_teacher_with_a_code(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    struct staffacct_new n = { .name = "Amir Haddad",
                               .email = "amir@school.example.org",
                               .roles = ACCOUNT_TEACHER };
    struct staffacct_result r;
    assert_int_equal(staffacct_add(f->db, &f->by_admin, &n, TEST_NOW, &r, &e), 0);
    assert_false(r.waiting);
    assert_true(r.account_id > 0);
    assert_int_equal(strlen(r.code), 14);
    struct account acc;
    assert_int_equal(account_by_id(f->db, &f->a, r.account_id, &acc, &e), 0);
    assert_false(acc.has_password);
    assert_int_equal(acc.roles, ACCOUNT_TEACHER);
    assert_int_equal(acc.school_id, f->school);
    /* A new code replaces it (only while they have not joined). */
    struct staffacct_result r2;
    assert_int_equal(staffacct_invite(f->db, &f->by_admin, r.account_id, TEST_NOW + 5, &r2, &e), 0);
    assert_string_not_equal(r.code, r2.code);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM staff_invite WHERE expires_at >"
                                       " '2026-01-01T00:00:05.000Z'"),
                     1);
    /* Not a lead's job, and not another school's account. */
    assert_int_equal(staffacct_invite(f->db, &f->by_lead, r.account_id, TEST_NOW, &r2, &e),
                     ERR_DENIED);
    assert_int_equal(staffacct_invite(f->db, &f->by_admin, f->other_lead, TEST_NOW, &r2, &e),
                     ERR_NOTFOUND);
}

static void admin_cannot_make_a_lead(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    int64_t accounts = test_count(f->db, "SELECT count(*) FROM account");
    struct staffacct_new n = { .name = "Jo Carter",
                               .email = "jo@school.example.org",
                               .roles = ACCOUNT_LEAD | ACCOUNT_TEACHER };
    struct staffacct_result r;
    assert_int_equal(staffacct_add(f->db, &f->by_admin, &n, TEST_NOW, &r, &e), 0);
    assert_true(r.waiting);
    assert_int_equal(r.account_id, 0);
    assert_string_equal(r.code, "");
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM account"), accounts);
    /* The email is spoken for while it waits. */
    struct staffacct_new again = { .name = "Jo",
                                   .email = "jo@school.example.org",
                                   .roles = ACCOUNT_TEACHER };
    struct staffacct_result r2;
    assert_int_equal(staffacct_add(f->db, &f->by_admin, &again, TEST_NOW, &r2, &e), ERR_CONFLICT);
    /* Nobody but a lead of the school decides it. */
    assert_int_equal(staffacct_decide(f->db, &f->by_admin, r.request_id, true, TEST_NOW, &r2, &e),
                     ERR_DENIED);
    struct staffacct_by other = { "user:other", NULL, f->other_lead, ACCOUNT_LEAD,
                                  f->other_school };
    assert_int_equal(staffacct_decide(f->db, &other, r.request_id, true, TEST_NOW, &r2, &e),
                     ERR_NOTFOUND);
    struct lead_request *w;
    size_t nw;
    assert_int_equal(staffacct_waiting(f->db, &f->a, f->school, &w, &nw, &e), 0);
    assert_int_equal(nw, 1);
    assert_string_equal(w[0].email, "jo@school.example.org");
    assert_int_equal(w[0].other_roles, ACCOUNT_TEACHER);
    assert_int_equal(w[0].account_id, 0);
    /* The lead approves: the account is made, and the code is the lead's. */
    assert_int_equal(staffacct_decide(f->db, &f->by_lead, r.request_id, true, TEST_NOW, &r2, &e),
                     0);
    assert_true(r2.account_id > 0);
    assert_int_equal(strlen(r2.code), 14);
    assert_int_equal(roles_of(f, "jo@school.example.org"), ACCOUNT_LEAD | ACCOUNT_TEACHER);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM lead_request WHERE decision ="
                                       " 'approved' AND decided_by = 'user:lead'"
                                       " AND account_id IS NOT NULL"),
                     1);
    /* Decided: not again; and the administrator cannot make its code. */
    int64_t made = r2.account_id;
    struct staffacct_result r3;
    assert_int_equal(staffacct_decide(f->db, &f->by_lead, r.request_id, true, TEST_NOW, &r3, &e),
                     ERR_NOTFOUND);
    assert_int_equal(staffacct_invite(f->db, &f->by_admin, made, TEST_NOW, &r3, &e), ERR_DENIED);
    assert_int_equal(staffacct_invite(f->db, &f->by_lead, made, TEST_NOW, &r3, &e), 0);
}

static void admin_cannot_give_the_lead_role(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    struct staffacct_result r, r2;
    /* Not to themselves: their own account is not theirs to change here. */
    assert_int_equal(staffacct_set_roles(f->db, &f->by_admin, f->admin,
                                         ACCOUNT_ADMIN | ACCOUNT_LEAD, TEST_NOW, &r, &e),
                     ERR_NOTFOUND);
    /* To the teacher: it waits, and nothing changes. */
    assert_int_equal(staffacct_set_roles(f->db, &f->by_admin, f->teacher,
                                         ACCOUNT_LEAD | ACCOUNT_PRACTITIONER, TEST_NOW, &r, &e),
                     0);
    assert_true(r.waiting);
    assert_int_equal(roles_of(f, "teacher@school.example.org"), ACCOUNT_TEACHER);
    /* Another change meanwhile is refused. */
    assert_int_equal(staffacct_set_roles(f->db, &f->by_admin, f->teacher, ACCOUNT_PRACTITIONER,
                                         TEST_NOW, &r2, &e),
                     ERR_CONFLICT);
    /* Approved: the whole set asked for. The teacher had no password, so the
     * approving lead gets a code for them. */
    assert_int_equal(staffacct_decide(f->db, &f->by_lead, r.request_id, true, TEST_NOW, &r2, &e),
                     0);
    assert_int_equal(roles_of(f, "teacher@school.example.org"),
                     ACCOUNT_LEAD | ACCOUNT_PRACTITIONER);
    assert_int_equal(strlen(r2.code), 14);
    /* Refusing leaves things as they are. */
    int64_t t2 = tp_staff(f->db, f->school, "t2@school.example.org", ACCOUNT_TEACHER, NULL);
    assert_int_equal(staffacct_set_roles(f->db, &f->by_admin, t2, ACCOUNT_LEAD, TEST_NOW, &r, &e),
                     0);
    assert_int_equal(staffacct_decide(f->db, &f->by_lead, r.request_id, false, TEST_NOW, &r2, &e),
                     0);
    assert_int_equal(roles_of(f, "t2@school.example.org"), ACCOUNT_TEACHER);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM lead_request WHERE decision ="
                                       " 'refused'"),
                     1);
}

static void a_lead_asking_is_the_approval(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    struct staffacct_new n = { .name = "Second Lead",
                               .email = "second@school.example.org",
                               .roles = ACCOUNT_LEAD };
    struct staffacct_result r;
    assert_int_equal(staffacct_add(f->db, &f->by_both, &n, TEST_NOW, &r, &e), 0);
    assert_false(r.waiting);
    assert_int_equal(roles_of(f, "second@school.example.org"), ACCOUNT_LEAD);
    assert_int_equal(strlen(r.code), 14);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM lead_request WHERE decision ="
                                       " 'approved' AND requested_by = 'user:senco'"
                                       " AND decided_by = 'user:senco'"),
                     1);
    /* A lead cannot approve a request for their own account. */
    struct staffacct_by second = { "user:second", NULL, r.account_id, ACCOUNT_LEAD, f->school };
    assert_int_equal(staffacct_set_roles(f->db, &f->by_admin, r.account_id,
                                         ACCOUNT_LEAD | ACCOUNT_TEACHER, TEST_NOW, &r, &e),
                     0);
    assert_false(r.waiting); /* it keeps the lead role: no lead role to ask for */
    int64_t id = r.account_id;
    assert_int_equal(
        staffacct_set_roles(f->db, &f->by_admin, id, ACCOUNT_TEACHER, TEST_NOW, &r, &e), 0);
    assert_int_equal(staffacct_set_roles(f->db, &f->by_admin, id, ACCOUNT_LEAD, TEST_NOW, &r, &e),
                     0);
    assert_true(r.waiting);
    struct staffacct_result r2;
    assert_int_equal(staffacct_decide(f->db, &second, r.request_id, true, TEST_NOW, &r2, &e),
                     ERR_DENIED);
    assert_int_equal(staffacct_decide(f->db, &f->by_lead, r.request_id, true, TEST_NOW, &r2, &e),
                     0);
}

static void the_last_lead_stays(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    long n = 0;
    assert_int_equal(staffacct_leads(f->db, f->school, &n, &e), 0);
    assert_int_equal(n, 2); /* the lead and the senco */
    assert_int_equal(staffacct_set_disabled(f->db, &f->by_admin, f->by_both.account_id, true, &e),
                     0);
    assert_int_equal(staffacct_set_disabled(f->db, &f->by_admin, f->lead, true, &e), ERR_CONFLICT);
    assert_non_null(strstr(e.msg, "only lead"));
    struct staffacct_result r;
    assert_int_equal(
        staffacct_set_roles(f->db, &f->by_admin, f->lead, ACCOUNT_TEACHER, TEST_NOW, &r, &e),
        ERR_CONFLICT);
    assert_int_equal(roles_of(f, "lead@school.example.org"), ACCOUNT_LEAD);
    /* Disabling ends the account's sessions; enabling again is allowed. */
    assert_int_equal(staffacct_set_disabled(f->db, &f->by_admin, f->teacher, true, &e), 0);
    assert_int_equal(test_count(f->db, "SELECT disabled FROM account WHERE email ="
                                       " 'teacher@school.example.org'"),
                     1);
    assert_int_equal(staffacct_set_disabled(f->db, &f->by_admin, f->teacher, false, &e), 0);
    /* Gaining the lead role ends the account's sessions (two-step next). */
    assert_int_equal(db_exec(f->db,
                             "INSERT INTO session (token_hash, account_id, created_at,"
                             " last_seen_at, expires_at, csrf_secret) SELECT 'h', id,"
                             " '2026-01-01', '2026-01-01', '2027-01-01', 'x' FROM account"
                             " WHERE email = 'teacher@school.example.org'",
                             &e),
                     0);
    assert_int_equal(staffacct_set_roles(f->db, &f->by_both, f->teacher,
                                         ACCOUNT_LEAD | ACCOUNT_TEACHER, TEST_NOW, &r, &e),
                     0);
    assert_false(r.waiting);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM session WHERE revoked = 0"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(validation, setup, teardown),
        cmocka_unit_test_setup_teardown(admin_adds_a_teacher_with_a_code, setup, teardown),
        cmocka_unit_test_setup_teardown(admin_cannot_make_a_lead, setup, teardown),
        cmocka_unit_test_setup_teardown(admin_cannot_give_the_lead_role, setup, teardown),
        cmocka_unit_test_setup_teardown(a_lead_asking_is_the_approval, setup, teardown),
        cmocka_unit_test_setup_teardown(the_last_lead_stays, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
