/* Unit tests for model/register/check.h (`meso check`): a healthy register
 * has no problems and counts its rows; each rule is then broken on purpose,
 * directly in the database as a faulty import or an old version might, and
 * the report names the record and the rule. */
#include "testutil.h"
#include "testpeople.h"

#include "model/register/check.h"

struct fx {
    char *dir;
    struct db *db;
    int64_t school, other_school, p1, p2, c1;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->db = test_db(f->dir, "t.db");
    f->school = tp_school(f->db, "100001");
    f->other_school = tp_school(f->db, "100002");
    f->p1 = tp_pupil(f->db, f->school, 1, "Okafor");
    f->p2 = tp_pupil(f->db, f->school, 2, "Nowak");
    f->c1 = tp_carer(f->db, f->school, "Okafor", "okafor@example.org");
    tp_link(f->db, f->p1, f->c1);
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

static void run(struct fx *f, struct check_report *r)
{
    struct err e;
    err_clear(&e);
    memset(r, 0, sizeof *r);
    buf_init(&r->text, 1 << 20);
    if (check_run(f->db, r, &e) != 0)
        fail_msg("check_run: %s", e.msg);
}

static void exec(struct fx *f, const char *sql)
{
    struct err e;
    err_clear(&e);
    if (db_exec_literal(f->db, sql, &e) != 0)
        fail_msg("%s: %s", sql, e.msg);
}

static void healthy(void **state)
{
    struct fx *f = *state;
    struct check_report r;
    run(f, &r);
    assert_int_equal(r.problems, 0);
    assert_int_equal(r.warnings, 0);
    assert_int_equal(r.schools, 2);
    assert_int_equal(r.pupils, 2);
    assert_int_equal(r.carers, 1);
    assert_int_equal(r.staff, 0);
    assert_true(r.schema >= 6);
    assert_null(strstr(buf_str(&r.text), "problem:"));
    buf_release(&r.text);
}

static void broken_rules(void **state)
{
    struct fx *f = *state;
    /* A UPN with the wrong check letter. */
    exec(f, "UPDATE pupil SET upn = 'A99920012000' || substr(upn, 13) WHERE id = 2");
    /* Needs recorded but provision N (and the history disagrees). */
    exec(f, "UPDATE pupil SET sen_primary_need = 'SEMH' WHERE id = 1");
    /* Overlapping free school meals periods. */
    exec(f, "INSERT INTO fsm_period (pupil_id, start_date, end_date) VALUES"
            " (1, '2025-09-01', '2025-12-31'), (1, '2025-12-01', NULL)");
    /* A carer of this school linked to a pupil at the other school. */
    int64_t away = tp_pupil(f->db, f->other_school, 3, "Abara");
    assert_true(away > 0);
    exec(f, "INSERT INTO pupil_carer (pupil_id, carer_id, relationship)"
            " SELECT max(id), 1, 'mother' FROM pupil");
    /* A carer linked to nobody, and a placeholder school (warnings). */
    tp_carer(f->db, f->school, "Lonely", "lonely@example.org");
    exec(f, "INSERT INTO school (urn, name, placeholder) VALUES ('unknown-1', 'Unknown', 1)");

    struct check_report r;
    run(f, &r);
    const char *t = buf_str(&r.text);
    assert_non_null(strstr(t, "problem: pupil A99920012000"));
    assert_non_null(strstr(t, "invalid UPN"));
    assert_non_null(strstr(t, "does not match the latest entry in its SEN history"));
    assert_non_null(strstr(t, "SEN needs are recorded but the provision is N"));
    assert_non_null(strstr(t, "free school meals periods overlap"));
    assert_non_null(strstr(t, "problem: carer 1: is linked to a pupil at another school"));
    assert_non_null(strstr(t, "warning: carer 2: is not linked to any pupil"));
    assert_non_null(strstr(t, "warning: school unknown-1: is a placeholder"));
    assert_int_equal(r.problems, 5);
    assert_int_equal(r.warnings, 2);
    assert_int_equal(r.schools, 3);
    assert_int_equal(r.carers, 2);
    buf_release(&r.text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(healthy, setup, teardown),
        cmocka_unit_test_setup_teardown(broken_rules, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
