/* Unit tests for model/setup/checklist: the five setup steps, each done
 * only when the school has really got there, and the list complete only when
 * all five are. */
#include "testpeople.h"

#include "model/setup/checklist.h"

static void steps(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    struct db *db = test_db(dir, "cl.db");
    struct err e;
    err_clear(&e);
    int64_t school = tp_school(db, "100001"), other = tp_school(db, "100002");
    tp_staff(db, school, "lead@school.example.org", ACCOUNT_LEAD | ACCOUNT_ADMIN, NULL);
    struct checklist c;
    assert_int_equal(checklist_load(db, school, &c, &e), 0);
    for (int i = 0; i < CHECK_N; i++)
        assert_false(c.done[i]);
    assert_false(c.complete);
    /* Another school's pupils and staff do not count. */
    int64_t theirs = tp_pupil(db, other, 9, "Elsewhere");
    tp_link(db, theirs, tp_carer(db, other, "Elsewhere", "e@example.org"));
    tp_staff(db, other, "t@other.example.org", ACCOUNT_TEACHER, NULL);
    assert_int_equal(checklist_load(db, school, &c, &e), 0);
    assert_int_equal(c.pupils + c.with_carer + c.staff, 0);
    /* Pupils, then a carer linked. */
    int64_t p1 = tp_pupil(db, school, 1, "Khan"), p2 = tp_pupil(db, school, 2, "Lee");
    assert_int_equal(checklist_load(db, school, &c, &e), 0);
    assert_true(c.done[CHECK_PUPILS]);
    assert_int_equal(c.pupils, 2);
    assert_false(c.done[CHECK_CARERS]);
    tp_link(db, p1, tp_carer(db, school, "Khan", "k@example.org"));
    assert_int_equal(checklist_load(db, school, &c, &e), 0);
    assert_true(c.done[CHECK_CARERS]);
    assert_int_equal(c.with_carer, 1);
    /* A teacher invited (not joined yet) is enough; the lead is not staff
     * to invite. */
    assert_false(c.done[CHECK_STAFF]);
    int64_t tstaff = 0;
    tp_staff(db, school, "teacher@school.example.org", ACCOUNT_TEACHER, &tstaff);
    assert_int_equal(checklist_load(db, school, &c, &e), 0);
    assert_true(c.done[CHECK_STAFF]);
    assert_int_equal(c.staff, 1);
    assert_int_equal(c.staff_joined, 0);
    /* Key teachers: not done with nobody in scope, nor with one in scope
     * and no key teacher; done when every pupil in scope has one. */
    assert_false(c.done[CHECK_KEY_TEACHERS]);
    assert_int_equal(db_exec(db, "UPDATE pupil SET sen_provision = 'K'", &e), 0);
    assert_int_equal(checklist_load(db, school, &c, &e), 0);
    assert_int_equal(c.in_scope, 2);
    assert_int_equal(c.no_key_teacher, 2);
    assert_false(c.done[CHECK_KEY_TEACHERS]);
    assert_int_equal(pupil_set_key_teacher(db, &test_who, p1, tstaff, &e), 0);
    assert_int_equal(checklist_load(db, school, &c, &e), 0);
    assert_int_equal(c.no_key_teacher, 1);
    assert_false(c.done[CHECK_KEY_TEACHERS]);
    assert_int_equal(pupil_set_key_teacher(db, &test_who, p2, tstaff, &e), 0);
    assert_int_equal(checklist_load(db, school, &c, &e), 0);
    assert_true(c.done[CHECK_KEY_TEACHERS]);
    assert_false(c.complete);
    /* The first conversation arranged: complete. */
    assert_int_equal(db_exec(db,
                             "INSERT INTO conversation (pupil_id, school_id, event_date, status,"
                             " recorded_by, created_at, updated_at) SELECT id, school_id,"
                             " '2026-01-20', 'planned', 'test', '2026-01-01', '2026-01-01'"
                             " FROM pupil WHERE legal_surname = 'Khan'",
                             &e),
                     0);
    assert_int_equal(checklist_load(db, school, &c, &e), 0);
    assert_true(c.done[CHECK_CONVERSATION]);
    assert_true(c.complete);
    /* A pupil who has left does not count; one joining later without a key
     * teacher brings the step back. */
    int64_t p3 = tp_pupil(db, school, 3, "New");
    assert_int_equal(
        db_exec(db, "UPDATE pupil SET sen_provision = 'E' WHERE legal_surname = 'New'", &e), 0);
    assert_int_equal(checklist_load(db, school, &c, &e), 0);
    assert_false(c.done[CHECK_KEY_TEACHERS]);
    assert_false(c.complete);
    assert_int_equal(db_exec(db,
                             "UPDATE pupil SET leaving_date = '2026-01-02' WHERE legal_surname"
                             " = 'New'",
                             &e),
                     0);
    assert_int_equal(checklist_load(db, school, &c, &e), 0);
    assert_true(c.complete);
    assert_int_equal(c.pupils, 2);
    (void)p3;
    db_close(db);
    test_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(steps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
