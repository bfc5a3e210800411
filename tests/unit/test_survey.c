/* Unit tests for model/surveys: the score, the results with small numbers
 * suppressed (a round with fewer than 5 responses shows nothing but that;
 * a count of 1 to 4 is hidden, and the next smallest in its row too), and
 * through the database: rounds, portal answers (answering again replaces),
 * paper codes (once each, only while the round is open), the report. */
#include "testutil.h"

#include <math.h>

#include "core/arena.h"
#include "core/problems.h"
#include "model/register/audit.h"
#include "model/register/carer.h"
#include "core/str.h"
#include "model/register/pupil.h"
#include "model/register/school.h"
#include "model/register/upn.h"
#include "model/surveys/survey.h"
#include "model/surveys/surveyreport.h"

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-9)

static void score(void **state)
{
    (void)state;
    int all_yes[SURVEY_N_ITEMS] = { 4, 4, 4, 4, 4 };
    int all_no[SURVEY_N_ITEMS] = { 1, 1, 1, 1, 1 };
    int three[SURVEY_N_ITEMS] = { 4, 0, 3, 0, 2 }; /* mean 3 -> 66.7 */
    int two[SURVEY_N_ITEMS] = { 4, 0, 4, 0, 0 };
    NEAR(survey_score(all_yes), 100);
    NEAR(survey_score(all_no), 0);
    NEAR(survey_score(three), 200.0 / 3);
    assert_true(survey_score(two) < 0);
    struct arena a;
    arena_init(&a, 1 << 16);
    struct problems pr;
    problems_init(&pr, &a);
    int none[SURVEY_N_ITEMS] = { 0 };
    survey_answers_validate(none, &pr);
    assert_int_equal(pr.n, 1);
    assert_string_equal(pr.items[0].field, "a1");
    problems_init(&pr, &a);
    int bad[SURVEY_N_ITEMS] = { 1, 5, 0, -1, 2 };
    survey_answers_validate(bad, &pr);
    assert_int_equal(pr.n, 2);
    assert_string_equal(pr.items[0].field, "a2");
    assert_string_equal(pr.items[1].field, "a4");
    arena_release(&a);
}

static struct survey_answers A(int a1, int a2, int a3, int a4, int a5) {
    struct survey_answers r = { { a1, a2, a3, a4, a5 }, 0 };
    r.score = survey_score(r.a);
    return r;
}

static void
suppression(void **state)
{
    (void)state;
    struct survey_result res;
    /* Four responses: only "fewer than 5". */
    struct survey_answers few[] = { A(4, 4, 4, 4, 4), A(3, 3, 3, 3, 3), A(4, 4, 4, 4, 4),
                                    A(2, 2, 2, 2, 2) };
    surveyreport_compute(NULL, few, 4, &res);
    assert_true(res.suppressed);
    assert_true(res.mean_score < 0);
    for (int i = 0; i < SURVEY_N_ITEMS; i++) {
        assert_true(res.agree_share[i] < 0);
        for (int k = 0; k < SURVEY_N_ANSWERS; k++)
            assert_true(res.hidden[i][k]);
    }
    /* Ten responses. Statement 1: 10 "Yes" (shown; nothing else in its
     * row). Statement 2: 6 "Mostly", 4 "Yes": 4 is hidden, and the next
     * smallest of the row (0s do not count as giving away) is 6, hidden too.
     * Statement 5: answered by 3 only: its share is not shown. */
    struct survey_answers ten[10];
    for (int r = 0; r < 10; r++)
        ten[r] = A(4, r < 6 ? 3 : 4, r < 5 ? 1 : 2, 3, r < 3 ? 4 : 0);
    surveyreport_compute(NULL, ten, 10, &res);
    assert_false(res.suppressed);
    assert_int_equal(res.responses, 10);
    assert_int_equal(res.counts[0][3], 10);
    assert_false(res.hidden[0][3]);
    NEAR(res.agree_share[0], 1.0);
    assert_int_equal(res.counts[1][2], 6);
    assert_int_equal(res.counts[1][3], 4);
    assert_true(res.hidden[1][3]);
    assert_true(res.hidden[1][2]);
    NEAR(res.agree_share[1], 1.0); /* 10 answered: the share is of 10 */
    assert_int_equal(res.counts[2][0], 5);
    assert_int_equal(res.counts[2][1], 5);
    assert_false(res.hidden[2][0]);
    assert_false(res.hidden[2][1]);
    NEAR(res.agree_share[2], 0.0);
    assert_int_equal(res.answered[4], 3);
    assert_true(res.hidden[4][3]);
    assert_true(res.agree_share[4] < 0);
    /* Every response has a score: the mean of ten. */
    double sum = 0;
    for (int r = 0; r < 10; r++)
        sum += ten[r].score;
    NEAR(res.mean_score, sum / 10);
}

static void through_the_database(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    struct db *db = test_db(dir, "s.db");
    struct arena a;
    arena_init(&a, 1 << 22);
    struct err e;
    err_clear(&e);
    struct school sc = { .urn = "999001", .name = "Test School" };
    assert_int_equal(school_add(db, &sc, &e), 0);
    struct audit_entry who = { .actor = "cli:test" };
    /* Bad rounds are refused with the field. */
    struct survey_round bad = {
        .school_id = sc.id, .name = "", .opens_on = "2026-11-20", .closes_on = "2026-11-02"
    };
    assert_int_equal(survey_round_add(db, &bad, &who, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "name"));
    struct survey_round r = { .school_id = sc.id,
                              .name = "Autumn 2026",
                              .opens_on = "2026-11-02",
                              .closes_on = "2026-11-20" };
    assert_int_equal(survey_round_add(db, &r, &who, &e), 0);
    struct survey_round open;
    assert_int_equal(survey_round_open(db, &a, sc.id, "2026-11-10", &open, &e), 0);
    assert_int_equal(open.id, r.id);
    assert_int_equal(survey_round_open(db, &a, sc.id, "2026-11-21", &open, &e), ERR_NOTFOUND);

    /* Six pupils on roll, each with a paper code. */
    assert_int_equal(db_begin(db, &e), 0);
    for (int i = 0; i < 6; i++) {
        struct pupil p = { .legal_surname = "Lee",
                           .legal_forename = "Sam",
                           .dob = "2018-01-01",
                           .sex = "F",
                           .nc_year = "3",
                           .sen = "N",
                           .eal = -1 };
        assert_int_equal(upn_make(p.upn, 999, 2001, 26, i + 1), 0);
        enum pupil_save_result res;
        assert_int_equal(pupil_save(db, sc.id, &p, PF_ALL, "test", &res, &e), 0);
    }
    assert_int_equal(db_commit(db, &e), 0);
    struct survey_slip *slips;
    size_t n_slips;
    assert_int_equal(survey_codes_make(db, &a, sc.id, r.id, &who, &slips, &n_slips, &e), 0);
    assert_int_equal(n_slips, 6);
    assert_int_equal(strlen(slips[0].code), SURVEY_CODE_LEN);
    /* Making them again replaces the unused ones: the old codes stop working. */
    char old[SURVEY_CODE_LEN + 1];
    str_copy(old, sizeof old, slips[0].code);
    assert_int_equal(survey_codes_make(db, &a, sc.id, r.id, &who, &slips, &n_slips, &e), 0);
    assert_int_equal(n_slips, 6);
    assert_int_equal(test_count(db, "SELECT count(*) FROM survey_code"), 6);
    /* The answers through a code: once, only while open. */
    int ans[SURVEY_N_ITEMS] = { 4, 3, 3, 2, 4 };
    assert_int_equal(survey_answer_code(db, "NOPE-NOPE", "2026-11-10", ans, &who, &e),
                     ERR_NOTFOUND);
    if (strcmp(old, slips[0].code) != 0)
        assert_int_equal(survey_answer_code(db, old, "2026-11-10", ans, &who, &e), ERR_NOTFOUND);
    /* Through the portal: answering again replaces the answers. */
    int64_t pupil1 = slips[0].pupil_id;
    struct carer k = { .surname = "Lee", .forename = "Amy" };
    enum carer_save_result cr;
    assert_int_equal(carer_save(db, sc.id, &k, "amy-lee", &cr, &e), 0);
    int first[SURVEY_N_ITEMS] = { 1, 1, 1, 1, 1 };
    assert_int_equal(survey_answer_portal(db, r.id, sc.id, pupil1, k.id, first, &who, &e), 0);
    assert_int_equal(survey_answer_portal(db, r.id, sc.id, pupil1, k.id, ans, &who, &e), 0);
    assert_int_equal(test_count(db, "SELECT count(*) FROM survey_response"), 1);
    assert_int_equal(test_count(db, "SELECT a1 FROM survey_response"), 4);
    bool answered;
    assert_int_equal(survey_answered(db, r.id, pupil1, k.id, &answered, &e), 0);
    assert_true(answered);
    for (size_t i = 0; i < n_slips; i++) {
        char typed[32];
        snprintf(typed, sizeof typed, "%.4s-%s", slips[i].code, slips[i].code + 4);
        for (char *p = typed; *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p + 32); /* typed in lower case, with a dash */
        assert_int_equal(survey_answer_code(db, typed, "2026-11-21", ans, &who, &e),
                         ERR_NOTFOUND); /* closed */
        assert_int_equal(survey_answer_code(db, typed, "2026-11-10", ans, &who, &e), 0);
        assert_int_equal(survey_answer_code(db, typed, "2026-11-10", ans, &who, &e),
                         ERR_NOTFOUND); /* used */
    }
    struct survey_result *res;
    size_t n;
    assert_int_equal(surveyreport_build(db, &a, sc.id, &who, &res, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(res[0].responses, 7); /* six on paper, one through the portal */
    assert_false(res[0].suppressed);
    assert_int_equal(res[0].counts[0][3], 7);
    NEAR(res[0].mean_score, survey_score(ans));
    assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE entity = 'survey'"), 1);
    db_close(db);
    arena_release(&a);
    test_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(score),
        cmocka_unit_test(suppression),
        cmocka_unit_test(through_the_database),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
