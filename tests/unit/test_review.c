/* Unit tests for provision reviews (model/review.h): the due date, the
 * due/overdue/done rules at their edges, the aggregates worked by hand, and
 * through the database: a review added (audited), refused ones (nothing
 * written), the due list and the report per provision. MESO_TODAY pins
 * today. */
#include "testutil.h"

#include <math.h>

#include "core/arena.h"
#include "core/problems.h"
#include "core/str.h"
#include "model/register/audit.h"
#include "model/provision/provision.h"
#include "model/register/pupil.h"
#include "model/provision/review.h"
#include "model/register/school.h"
#include "model/register/staff.h"
#include "model/register/upn.h"

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-9)

static void due_on_rule(void **state)
{
    (void)state;
    char out[11];
    review_due_on("2026-03-01", "", out);
    assert_string_equal(out, "2026-03-01");
    review_due_on("2026-03-01", "2026-02-01", out); /* ends first */
    assert_string_equal(out, "2026-02-01");
    review_due_on("2026-03-01", "2026-04-01", out);
    assert_string_equal(out, "2026-03-01");
    review_due_on("", "2026-04-01", out);
    assert_string_equal(out, "2026-04-01");
    review_due_on("", "", out);
    assert_string_equal(out, "");
    review_due_on("not a date", NULL, out);
    assert_string_equal(out, "");
}

static void states(void **state)
{
    (void)state;
    const char *today = "2026-03-01";
    assert_int_equal(review_state_of("", "", today), REVIEW_NONE);
    assert_int_equal(review_state_of("2026-03-01", "", today), REVIEW_DUE);   /* today */
    assert_int_equal(review_state_of("2026-03-15", "", today), REVIEW_DUE);   /* 14 days */
    assert_int_equal(review_state_of("2026-03-16", "", today), REVIEW_LATER); /* 15 days */
    assert_int_equal(review_state_of("2026-02-28", "", today), REVIEW_OVERDUE);
    /* reviewed on or after due - 28 days */
    assert_int_equal(review_state_of("2026-02-28", "2026-01-31", today), REVIEW_DONE);
    assert_int_equal(review_state_of("2026-02-28", "2026-01-30", today), REVIEW_OVERDUE);
    assert_int_equal(review_state_of("2026-03-10", "2026-02-10", today), REVIEW_DONE);
    assert_int_equal(review_state_of("2026-03-10", "2026-02-09", today), REVIEW_DUE);
    assert_string_equal(review_state_names[REVIEW_OVERDUE], "overdue");
}

static void scores(void **state)
{
    (void)state;
    int s;
    assert_int_equal(review_parse_score("+2", &s), 0);
    assert_int_equal(s, 2);
    assert_int_equal(review_parse_score("-2", &s), 0);
    assert_int_equal(s, -2);
    assert_int_equal(review_parse_score("0", &s), 0);
    assert_int_equal(review_parse_score("3", &s), ERR_INPUT);
    assert_int_equal(review_parse_score("-3", &s), ERR_INPUT);
    assert_int_equal(review_parse_score("one", &s), ERR_INPUT);
    assert_int_equal(review_parse_score("", &s), ERR_INPUT);
    assert_string_equal(review_score_label(-2), "Much less than expected");
    assert_string_equal(review_score_label(0), "As expected");
    assert_string_equal(review_score_label(3), "");
}

static void aggregates(void **state)
{
    (void)state;
    struct review r[5] = {
        { .score = -2 }, { .score = 0 }, { .score = 1 }, { .score = 1 }, { .score = -1 }
    };
    struct review_summary s = { .pupils = 6 };
    review_summarise(r, 5, &s);
    assert_int_equal(s.reviewed, 5);
    assert_int_equal(s.counts[0], 1); /* -2 */
    assert_int_equal(s.counts[1], 1);
    assert_int_equal(s.counts[2], 1);
    assert_int_equal(s.counts[3], 2);
    assert_int_equal(s.counts[4], 0);
    NEAR(s.mean, -1.0 / 5);          /* (-2 + 0 + 1 + 1 - 1) / 5 */
    NEAR(s.share_expected, 3.0 / 5); /* 0, 1, 1 */
    assert_int_equal(s.pupils, 6);
    review_summarise(NULL, 0, &s);
    assert_int_equal(s.reviewed, 0);
    NEAR(s.mean, 0);
    NEAR(s.share_expected, 0);
}

/* ---- through the database ------------------------------------------------ */

struct fx {
    char *dir;
    struct db *db;
    struct arena a;
    struct err e;
    int64_t school, staff, other_staff, pupil[4], prov, ended;
    struct audit_entry who;
};

static int setup(void **state)
{
    setenv("MESO_TODAY", "2026-03-01", 1);
    struct fx *f = calloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->db = test_db(f->dir, "r.db");
    arena_init(&f->a, 0);
    err_clear(&f->e);
    f->who.actor = "test";
    struct school sc = { .urn = "123456", .name = "Hillside" };
    assert_int_equal(school_add(f->db, &sc, &f->e), 0);
    f->school = sc.id;
    struct school sc2 = { .urn = "654321", .name = "Elsewhere" };
    assert_int_equal(school_add(f->db, &sc2, &f->e), 0);
    struct staff t = {
        .school_id = sc.id, .name = "Priya Nair", .email = "p@x.org", .role = "lead"
    };
    assert_int_equal(staff_add(f->db, &t, &f->e), 0);
    f->staff = t.id;
    struct staff t2 = {
        .school_id = sc2.id, .name = "Sam Other", .email = "s@x.org", .role = "lead"
    };
    assert_int_equal(staff_add(f->db, &t2, &f->e), 0);
    f->other_staff = t2.id;
    for (int i = 0; i < 4; i++) {
        static const char *const names[] = { "Amy", "Ben", "Cara", "Dev" };
        struct pupil p = { .legal_surname = "Lee", .sex = "F", .nc_year = "3", .eal = -1 };
        p.legal_forename = names[i];
        str_copy(p.dob, sizeof p.dob, "2017-05-01");
        str_copy(p.sen, sizeof p.sen, "N");
        char upn[14];
        assert_int_equal(upn_make(upn, 999, 2001, 20, i + 1), 0);
        str_copy(p.upn, sizeof p.upn, upn);
        enum pupil_save_result res;
        assert_int_equal(pupil_save(f->db, sc.id, &p, PF_ALL, "test", &res, &f->e), 0);
        f->pupil[i] = p.id;
    }
    struct provision p = { .school_id = sc.id, .name = "Nurture group", .tier = "selected" };
    str_copy(p.start_date, sizeof p.start_date, "2026-01-05");
    str_copy(p.review_date, sizeof p.review_date, "2026-03-10");
    assert_int_equal(provision_create(f->db, &p, &f->who, &f->e), 0);
    f->prov = p.id;
    struct provision q = { .school_id = sc.id, .name = "Friendship club", .tier = "selected" };
    str_copy(q.start_date, sizeof q.start_date, "2025-09-01");
    str_copy(q.end_date, sizeof q.end_date, "2025-12-12");
    assert_int_equal(provision_create(f->db, &q, &f->who, &f->e), 0);
    f->ended = q.id;
    static const enum consent c[4] = { CONSENT_GIVEN, CONSENT_GIVEN, CONSENT_DECLINED,
                                       CONSENT_GIVEN };
    for (int i = 0; i < 4; i++) {
        struct enrolment en = { .provision_id = p.id, .pupil_id = f->pupil[i], .consent = c[i] };
        str_copy(en.enrolled_on, sizeof en.enrolled_on, "2026-01-05");
        if (i == 3)
            str_copy(en.left_on, sizeof en.left_on, "2026-02-01");
        assert_int_equal(provision_enrol(f->db, &en, &f->who, &f->e), 0);
    }
    struct enrolment en = { .provision_id = q.id,
                            .pupil_id = f->pupil[0],
                            .consent = CONSENT_GIVEN };
    str_copy(en.enrolled_on, sizeof en.enrolled_on, "2025-09-01");
    assert_int_equal(provision_enrol(f->db, &en, &f->who, &f->e), 0);
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

static void add_and_refuse(void **state)
{
    struct fx *f = *state;
    struct problems pr;
    problems_init(&pr, &f->a);
    struct review r = { .provision_id = f->prov,
                        .pupil_id = f->pupil[0],
                        .score = 1,
                        .note = "Settles quickly now",
                        .reviewer_id = f->staff };
    str_copy(r.reviewed_on, sizeof r.reviewed_on, "2026-02-20");
    int64_t audits = test_count(f->db, "SELECT count(*) FROM audit");
    assert_int_equal(review_add(f->db, &r, NULL, &pr, &f->who, &f->e), 0);
    assert_true(r.id > 0);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit"), audits + 1);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM provision_review WHERE reviewer ="
                                       " 'Priya Nair'"),
                     1);
    /* refused: out of range, declined consent, a date after today, staff
     * of another school; nothing written */
    struct {
        int64_t pupil;
        int score;
        const char *on;
        int64_t staff;
        const char *field;
    } bad[] = {
        { f->pupil[1], 3, "2026-02-20", f->staff, "score" },
        { f->pupil[2], 0, "2026-02-20", f->staff, "pupil" },
        { f->pupil[1], 0, "2026-03-02", f->staff, "reviewed_on" },
        { f->pupil[1], 0, "2025-12-01", f->staff, "reviewed_on" },
        { f->pupil[1], 0, "2026-02-20", f->other_staff, "reviewer" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        problems_init(&pr, &f->a);
        struct review b = { .provision_id = f->prov,
                            .pupil_id = bad[i].pupil,
                            .score = bad[i].score,
                            .reviewer_id = bad[i].staff };
        str_copy(b.reviewed_on, sizeof b.reviewed_on, bad[i].on);
        assert_int_equal(review_add(f->db, &b, NULL, &pr, &f->who, &f->e), ERR_INPUT);
        assert_non_null(problems_for(&pr, bad[i].field));
    }
    problems_init(&pr, &f->a);
    struct review nobody = { .provision_id = f->prov, .pupil_id = f->pupil[1] };
    assert_int_equal(review_add(f->db, &nobody, NULL, &pr, &f->who, &f->e), ERR_INPUT);
    assert_non_null(problems_for(&pr, "reviewer"));
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM provision_review"), 1);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit"), audits + 1);
}

static void due_list_and_report(void **state)
{
    struct fx *f = *state;
    struct problems pr;
    problems_init(&pr, &f->a);
    /* Amy reviewed inside the window (due 2026-03-10, from 2026-02-10) */
    struct review r = {
        .provision_id = f->prov, .pupil_id = f->pupil[0], .score = 2, .reviewer = "Priya Nair"
    };
    str_copy(r.reviewed_on, sizeof r.reviewed_on, "2026-02-12");
    assert_int_equal(review_add(f->db, &r, NULL, &pr, &f->who, &f->e), 0);
    /* an older review of Ben, before the window: still due */
    struct review old = {
        .provision_id = f->prov, .pupil_id = f->pupil[1], .score = -1, .reviewer = "Priya Nair"
    };
    str_copy(old.reviewed_on, sizeof old.reviewed_on, "2026-01-20");
    assert_int_equal(review_add(f->db, &old, NULL, &pr, &f->who, &f->e), 0);
    struct review_due_item *due;
    size_t n;
    assert_int_equal(review_due_list(f->db, &f->a, f->school, NULL, &f->who, &due, &n, &f->e), 0);
    /* Amy in the ended club (overdue since 2025-12-12), Ben in the nurture
     * group (due in 9 days); Cara declined, Dev left */
    assert_int_equal(n, 2);
    assert_string_equal(due[0].provision_name, "Friendship club");
    assert_int_equal(due[0].state, REVIEW_OVERDUE);
    assert_string_equal(due[0].due_on, "2025-12-12");
    assert_int_equal(due[1].state, REVIEW_DUE);
    assert_int_equal(due[1].pupil_id, f->pupil[1]);
    assert_int_equal(due[1].days, 9);
    assert_string_equal(due[1].latest, "2026-01-20");
    struct review_summary *s;
    assert_int_equal(review_report(f->db, &f->a, f->school, NULL, &f->who, &s, &n, &f->e), 0);
    assert_int_equal(n, 2);
    assert_string_equal(s[0].name, "Friendship club");
    assert_int_equal(s[0].pupils, 1);
    assert_int_equal(s[0].reviewed, 0);
    assert_int_equal(s[0].overdue, 1);
    assert_string_equal(s[1].name, "Nurture group");
    assert_int_equal(s[1].pupils, 3); /* Amy, Ben, Dev (left); not Cara */
    assert_int_equal(s[1].reviewed, 2);
    assert_int_equal(s[1].counts[4], 1);
    assert_int_equal(s[1].counts[1], 1);
    NEAR(s[1].mean, 0.5);
    NEAR(s[1].share_expected, 0.5);
    assert_int_equal(s[1].due, 1);
    struct review *list;
    assert_int_equal(review_list_pupil(f->db, &f->a, f->pupil[0], 0, &f->who, &list, &n, &f->e), 0);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].provision_name, "Nurture group");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(due_on_rule),
        cmocka_unit_test(states),
        cmocka_unit_test(scores),
        cmocka_unit_test(aggregates),
        cmocka_unit_test_setup_teardown(add_and_refuse, setup, teardown),
        cmocka_unit_test_setup_teardown(due_list_and_report, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
