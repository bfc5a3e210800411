/* Unit tests for model/access/firstrun: a database with no account is set up
 * once, in one transaction: the school (new, an existing one with the URN,
 * or the only placeholder), the first lead with the password they chose, and
 * the administrator (the lead, or someone else with a joining code). After
 * that, setup is refused for good. */
#include "testpeople.h"

#include "core/problems.h"
#include "model/access/firstrun.h"

struct fx {
    char *dir;
    struct db *db;
    struct arena a;
    struct password_gate g;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->db = test_db(f->dir, "fr.db");
    arena_init(&f->a, 0);
    assert_int_equal(password_gate_init(&f->g, PASSWORD_GATE_RUNNING, PASSWORD_GATE_WAITING), 0);
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

static struct firstrun good(void)
{
    return (struct firstrun){ .school = { .urn = "123456",
                                          .name = "Hillside Primary",
                                          .la_code = "201",
                                          .phase = "primary" },
                              .lead_name = "Rosa Bell",
                              .lead_email = "Rosa.Bell@hillside.example.org",
                              .lead_password = "harbour lantern meadow 42",
                              .admin_is_lead = true };
}

static bool needed(struct fx *f)
{
    bool n = false;
    struct err e;
    err_clear(&e);
    assert_int_equal(firstrun_needed(f->db, &n, &e), 0);
    return n;
}

static void validation(void **state)
{
    struct fx *f = *state;
    struct problems pr;
    problems_init(&pr, &f->a);
    struct firstrun bad = { .school = { .urn = "12", .name = "", .la_code = "1", .phase = "x" },
                            .lead_name = "",
                            .lead_email = "nope",
                            .lead_password = "password",
                            .admin_is_lead = false,
                            .admin_name = "",
                            .admin_email = "ROSA@x.example.org" };
    firstrun_validate(&bad, &pr);
    const char *fields[] = { "urn",        "name",          "la",        "phase", "lead_name",
                             "lead_email", "lead_password", "admin_name" };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        assert_non_null(problems_for(&pr, fields[i]));
    /* The administrator's email may not be the lead's. */
    struct firstrun same = good();
    same.admin_is_lead = false;
    same.admin_name = "Sam";
    same.admin_email = " rosa.bell@HILLSIDE.example.org ";
    problems_init(&pr, &f->a);
    firstrun_validate(&same, &pr);
    assert_int_equal(pr.n, 1);
    assert_non_null(problems_for(&pr, "admin_email"));
    /* Nothing is written while a field is wrong. */
    struct firstrun_result r;
    struct err e;
    err_clear(&e);
    assert_int_equal(firstrun_complete(f->db, &f->g, &test_who, &same, TEST_NOW, &r, &e),
                     ERR_INPUT);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM school"), 0);
    assert_true(needed(f));
}

static void once_only(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    assert_true(needed(f));
    struct firstrun in = good();
    struct firstrun_result r;
    assert_int_equal(firstrun_complete(f->db, &f->g, &test_who, &in, TEST_NOW, &r, &e), 0);
    assert_false(needed(f));
    assert_true(r.school_id > 0 && r.lead_account_id > 0);
    assert_int_equal(r.admin_account_id, 0);
    assert_string_equal(r.admin_code, "");
    struct account acc;
    assert_int_equal(account_verify_password(f->db, &f->g, &f->a, "rosa.bell@hillside.example.org",
                                             "harbour lantern meadow 42", &acc, &e),
                     0);
    assert_int_equal(acc.roles, ACCOUNT_LEAD | ACCOUNT_ADMIN);
    assert_true(account_requires_totp(&acc)); /* two-step sign-in comes next */
    assert_false(acc.totp_enabled);
    struct school s;
    assert_int_equal(school_by_id(f->db, &f->a, r.school_id, &s, &e), 0);
    assert_string_equal(s.urn, "123456");
    assert_string_equal(s.la_code, "201");
    assert_string_equal(s.phase, "primary");
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE action = 'setup'"), 1);
    /* Never again, whoever asks. */
    struct firstrun other = good();
    other.school.urn = "654321";
    other.lead_email = "mallory@example.org";
    assert_int_equal(firstrun_complete(f->db, &f->g, &test_who, &other, TEST_NOW, &r, &e),
                     ERR_CONFLICT);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM school"), 1);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM account"), 1);
}

static void someone_else_manages_accounts(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    struct firstrun in = good();
    in.admin_is_lead = false;
    in.admin_name = "Sam Office";
    in.admin_email = "office@hillside.example.org";
    struct firstrun_result r;
    assert_int_equal(firstrun_complete(f->db, &f->g, &test_who, &in, TEST_NOW, &r, &e), 0);
    assert_true(r.admin_account_id > 0);
    assert_int_equal(strlen(r.admin_code), 14);
    struct account acc;
    assert_int_equal(account_by_id(f->db, &f->a, r.admin_account_id, &acc, &e), 0);
    assert_int_equal(acc.roles, ACCOUNT_ADMIN);
    assert_false(acc.has_password);
    assert_int_equal(account_by_id(f->db, &f->a, r.lead_account_id, &acc, &e), 0);
    assert_int_equal(acc.roles, ACCOUNT_LEAD);
    /* The administrator joins with their code. */
    int64_t id = 0;
    assert_int_equal(invite_redeem(f->db, &f->g, &test_who, r.admin_code,
                                   "office@hillside.example.org", "lantern harbour meadow 8",
                                   TEST_NOW + 60, &id, &e),
                     0);
    assert_int_equal(id, r.admin_account_id);
}

static void an_existing_school_takes_the_details(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    /* `meso init --school-urn` before any account: the same school, updated. */
    int64_t school = tp_school(f->db, "123456");
    assert_true(needed(f));
    struct firstrun in = good();
    struct firstrun_result r;
    assert_int_equal(firstrun_complete(f->db, &f->g, &test_who, &in, TEST_NOW, &r, &e), 0);
    assert_int_equal(r.school_id, school);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM school"), 1);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM school WHERE name ="
                                       " 'Hillside Primary'"),
                     1);
}

static void a_placeholder_is_claimed(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    /* An import before any school was named made a placeholder. */
    struct school s;
    assert_int_equal(school_resolve(f->db, &f->a, NULL, true, &s, NULL, &e), 0);
    assert_true(s.placeholder);
    struct firstrun in = good();
    struct firstrun_result r;
    assert_int_equal(firstrun_complete(f->db, &f->g, &test_who, &in, TEST_NOW, &r, &e), 0);
    assert_int_equal(r.school_id, s.id);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM school WHERE placeholder = 0"
                                       " AND urn = '123456'"),
                     1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(validation, setup, teardown),
        cmocka_unit_test_setup_teardown(once_only, setup, teardown),
        cmocka_unit_test_setup_teardown(someone_else_manages_accounts, setup, teardown),
        cmocka_unit_test_setup_teardown(an_existing_school_takes_the_details, setup, teardown),
        cmocka_unit_test_setup_teardown(a_placeholder_is_claimed, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
