/* Unit tests for model/conversations/pupilsummary (the top of a pupil's
 * page), on SQLite and on PostgreSQL: the key teacher's name; the next
 * conversation (the earliest arranged on or after today, not one the family
 * did not come to; else the next meeting a complete record agreed); the
 * open targets (open or progressing, soonest review first, at most three
 * listed, all counted); the provision the child has now at its tier (begun,
 * not left, not declined, running today; indicated first) and the
 * whole-school universal provision counted apart; and one audit row for the
 * whole read. */
#include "testutil.h"
#include "testpeople.h"

#include "core/arena.h"
#include "model/conversations/pupilsummary.h"

#define EXEC(db, sql)                        \
    do {                                     \
        struct err e_;                       \
        err_clear(&e_);                      \
        if (db_exec((db), sql, &e_) != 0)    \
            fail_msg("%s: %s", sql, e_.msg); \
    } while (0)

static void summary(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    struct db *db = test_db(dir, "s.db");
    int64_t school = tp_school(db, "100001");
    int64_t kt = 0;
    tp_staff(db, school, "kt@example.org", ACCOUNT_TEACHER, &kt);
    EXEC(db, "UPDATE staff SET name = 'Amina Yusuf'");
    int64_t pupil = tp_pupil(db, school, 1, "Green");
    struct err e;
    err_clear(&e);
    assert_int_equal(pupil_set_key_teacher(db, &test_who, pupil, kt, &e), 0);
    assert_int_equal(school, 1); /* the literal rows below name ids 1 */
    assert_int_equal(pupil, 1);
    /* Conversations: past planned, a future one the family did not come to,
     * the next arranged (id 3), and a complete one agreeing a later meeting. */
    EXEC(db, "INSERT INTO conversation (pupil_id, school_id, event_date, status, did_not_come,"
             " next_meeting, recorded_by, created_at, updated_at) VALUES"
             " (1, 1, '2026-02-01', 'planned', 0, NULL, 't', 'x', 'x'),"
             " (1, 1, '2026-03-05', 'planned', 1, NULL, 't', 'x', 'x'),"
             " (1, 1, '2026-03-10', 'planned', 0, NULL, 't', 'x', 'x'),"
             " (1, 1, '2026-01-20', 'complete', 0, '2026-03-20', 't', 'x', 'x')");
    /* Targets: four open or progressing, one achieved. */
    EXEC(db, "INSERT INTO target (conversation_id, pupil_id, what, owner, review_date, status,"
             " created_at) VALUES"
             " (4, 1, 'Read together', 'parent', '2026-04-01', 'open', 'x'),"
             " (4, 1, 'Calm mornings', 'school', '2026-02-01', 'progressing', 'x'),"
             " (4, 1, 'Done already', 'pupil', '2026-01-01', 'achieved', 'x'),"
             " (4, 1, 'No date yet', 'pupil', NULL, 'open', 'x'),"
             " (4, 1, 'Later on', 'school', '2026-05-01', 'open', 'x')");
    /* Provision: indicated (enrolled, current), selected (left), universal
     * whole-school, selected (declined), universal (ended). */
    EXEC(db, "INSERT INTO provision (school_id, name, tier, start_date, end_date, created_by,"
             " created_at, updated_at) VALUES"
             " (1, 'Counselling', 'indicated', '2026-01-05', NULL, 't', 'x', 'x'),"
             " (1, 'Nurture group', 'selected', '2026-01-05', '2026-07-01', 't', 'x', 'x'),"
             " (1, 'PSHE', 'universal', '2025-09-01', NULL, 't', 'x', 'x'),"
             " (1, 'Social skills', 'selected', '2026-01-05', NULL, 't', 'x', 'x'),"
             " (1, 'Old club', 'universal', '2025-01-01', '2025-07-01', 't', 'x', 'x')");
    EXEC(db, "INSERT INTO enrolment (provision_id, pupil_id, consent, enrolled_on, left_on,"
             " recorded_by, updated_at) VALUES"
             " (1, 1, 'given', '2026-01-05', NULL, 't', 'x'),"
             " (2, 1, 'given', '2026-01-05', '2026-02-20', 't', 'x'),"
             " (4, 1, 'declined', '2026-01-05', NULL, 't', 'x')");

    struct arena a;
    arena_init(&a, 0);
    struct audit_entry who = { .actor = "user:lead@example.org" };
    int64_t rows = test_count_(db, "SELECT count(*) FROM audit");
    struct pupilsummary s;
    assert_int_equal(pupilsummary_read(db, &a, pupil, school, "2026-03-01", &who, &s, &e), 0);
    assert_string_equal(s.key_teacher, "Amina Yusuf");
    assert_int_equal(s.key_teacher_id, kt);
    assert_string_equal(s.next_date, "2026-03-10");
    assert_int_equal(s.next_conv_id, 3);
    assert_int_equal(s.n_open_targets, 4);
    assert_int_equal(s.n_targets, 3);
    assert_string_equal(s.targets[0].what, "Calm mornings");
    assert_string_equal(s.targets[1].what, "Read together");
    assert_string_equal(s.targets[2].what, "Later on");
    assert_int_equal(s.n_provisions, 1);
    assert_string_equal(s.provisions[0].name, "Counselling");
    assert_string_equal(s.provisions[0].tier, "indicated");
    assert_false(s.provisions[0].is_programme);
    assert_int_equal(s.n_whole_school, 1);
    /* One audit row for the whole read: the page view's. */
    assert_int_equal(test_count_(db, "SELECT count(*) FROM audit"), rows + 1);
    assert_int_equal(test_count_(db, "SELECT count(*) FROM audit WHERE action = 'view' AND"
                                     " entity = 'pupil' AND entity_id = 1 AND pupil_id = 1 AND"
                                     " actor = 'user:lead@example.org' AND detail IS NULL"),
                     1);

    /* With the arranged record past, the meeting the complete one agreed. */
    assert_int_equal(pupilsummary_read(db, &a, pupil, school, "2026-03-11", &who, &s, &e), 0);
    assert_string_equal(s.next_date, "2026-03-20");
    assert_int_equal(s.next_conv_id, 0);
    /* And after that, none planned; after the nurture group was left and
     * before counselling began, no provision of the child's own. */
    assert_int_equal(pupilsummary_read(db, &a, pupil, school, "2026-03-21", &who, &s, &e), 0);
    assert_string_equal(s.next_date, "");
    assert_int_equal(pupilsummary_read(db, &a, pupil, school, "2026-01-04", &who, &s, &e), 0);
    assert_int_equal(s.n_provisions, 0);
    /* A pupil with nothing recorded. */
    int64_t other = tp_pupil(db, school, 2, "Brown");
    assert_int_equal(pupilsummary_read(db, &a, other, school, "2026-03-01", &who, &s, &e), 0);
    assert_null(s.key_teacher);
    assert_int_equal(s.n_open_targets, 0);
    assert_int_equal(s.n_provisions, 0);
    assert_string_equal(s.next_date, "");
    arena_release(&a);
    db_close(db);
    test_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(summary) };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
