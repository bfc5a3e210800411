/* Unit tests for external involvements (model/involvement.h): the timing
 * rules (days taken, the alert past the local timescale, late advice),
 * status and service parsing, and through the database: a referral with
 * its history, a status change, advice moving the status on, refusals
 * that write nothing, local timescales and the counts the map shows.
 * MESO_TODAY pins today. */
#include "testutil.h"

#include "core/arena.h"
#include "core/problems.h"
#include "core/str.h"
#include "model/register/audit.h"
#include "model/provision/involvement.h"
#include "model/register/pupil.h"
#include "model/register/school.h"
#include "model/register/upn.h"

static struct involvement IV(const char *referred, enum inv_status s, const char *status_on,
                             const char *advice_on) {
    struct involvement iv = { .status = s };
    str_copy(iv.referred_on, sizeof iv.referred_on, referred);
    str_copy(iv.status_on, sizeof iv.status_on, status_on);
    str_copy(iv.advice_on, sizeof iv.advice_on, advice_on);
    return iv;
}

static void
timing(void **state)
{
    (void)state;
    /* waiting 42 days on a 42-day timescale: not yet past */
    struct involvement iv = IV("2026-01-18", INV_ACCEPTED, "2026-01-25", "");
    involvement_timing(&iv, 42, "2026-03-01");
    assert_true(iv.open);
    assert_true(iv.waiting);
    assert_int_equal(iv.days_taken, 42);
    assert_false(iv.past_timescale);
    /* one day more: the alert */
    involvement_timing(&iv, 42, "2026-03-02");
    assert_int_equal(iv.days_taken, 43);
    assert_true(iv.past_timescale);
    /* advice came late: no alert, but late */
    iv = IV("2026-01-01", INV_ADVICE_RECEIVED, "2026-02-20", "2026-02-20");
    involvement_timing(&iv, 28, "2026-03-01");
    assert_false(iv.waiting);
    assert_int_equal(iv.days_taken, 50);
    assert_false(iv.past_timescale);
    assert_true(iv.late);
    /* declined without advice: closed at its date, no alert */
    iv = IV("2026-01-01", INV_DECLINED, "2026-01-11", "");
    involvement_timing(&iv, 5, "2026-03-01");
    assert_false(iv.open);
    assert_false(iv.waiting);
    assert_int_equal(iv.days_taken, 10);
    assert_false(iv.past_timescale);
    assert_false(iv.late);
}

static void parsing(void **state)
{
    (void)state;
    enum inv_status s;
    assert_int_equal(involvement_parse_status("advice received", &s), 0);
    assert_int_equal(s, INV_ADVICE_RECEIVED);
    assert_int_equal(involvement_parse_status("Closed", &s), 0);
    assert_int_equal(s, INV_CLOSED);
    assert_int_equal(involvement_parse_status("lost", &s), ERR_INPUT);
    const char *svc;
    assert_int_equal(involvement_parse_service("CAMHS", &svc), 0);
    assert_string_equal(svc, "camhs");
    assert_int_equal(involvement_parse_service("speech-language-therapy", &svc), 0);
    assert_string_equal(svc, "speech_language_therapy");
    assert_int_equal(involvement_parse_service("ep", &svc), 0);
    assert_string_equal(svc, "educational_psychology");
    assert_int_equal(involvement_parse_service("police", &svc), ERR_INPUT);
}

static void through_the_database(void **state)
{
    (void)state;
    setenv("MESO_TODAY", "2026-03-01", 1);
    char *dir = test_tmpdir();
    struct db *db = test_db(dir, "i.db");
    struct arena a;
    arena_init(&a, 0);
    struct err e;
    err_clear(&e);
    struct audit_entry who = { .actor = "test" };
    struct school sc = { .urn = "123456", .name = "Hillside" };
    assert_int_equal(school_add(db, &sc, &e), 0);
    struct pupil p = { .legal_surname = "Lee", .legal_forename = "Amy", .sex = "F", .eal = -1 };
    str_copy(p.dob, sizeof p.dob, "2017-05-01");
    str_copy(p.sen, sizeof p.sen, "K");
    char upn[14];
    assert_int_equal(upn_make(upn, 999, 2001, 20, 1), 0);
    str_copy(p.upn, sizeof p.upn, upn);
    enum pupil_save_result res;
    assert_int_equal(pupil_save(db, sc.id, &p, PF_ALL, "test", &res, &e), 0);

    struct problems pr;
    problems_init(&pr, &a);
    struct involvement iv = { .pupil_id = p.id,
                              .service = "educational_psychology",
                              .asked = "Advice on how Amy learns best in class" };
    str_copy(iv.referred_on, sizeof iv.referred_on, "2026-01-05");
    int64_t audits = test_count(db, "SELECT count(*) FROM audit");
    assert_int_equal(involvement_add(db, &iv, NULL, &pr, &who, &e), 0);
    assert_int_equal(test_count(db, "SELECT count(*) FROM audit"), audits + 1);
    assert_int_equal(test_count(db, "SELECT count(*) FROM involvement_status"), 1);
    int open, past;
    assert_int_equal(involvement_counts(db, sc.id, NULL, &open, &past, &e), 0);
    assert_int_equal(open, 1);
    assert_int_equal(past, 1); /* 55 days on the default 42 */
    /* a local timescale of 60 days: not past */
    assert_int_equal(involvement_timescale_set(db, sc.id, "educational_psychology", 60, "t", &e),
                     0);
    assert_int_equal(involvement_counts(db, sc.id, NULL, &open, &past, &e), 0);
    assert_int_equal(past, 0);
    assert_int_equal(involvement_timescale_set(db, sc.id, "educational_psychology", 0, "t", &e),
                     ERR_INPUT);
    assert_int_equal(involvement_timescale_set(db, sc.id, "police", 10, "t", &e), ERR_INPUT);
    struct inv_timescale *ts;
    size_t n;
    assert_int_equal(involvement_timescales(db, &a, sc.id, &ts, &n, &e), 0);
    assert_int_equal(n, 6);
    assert_true(ts[0].local);
    assert_int_equal(ts[0].days, 60);
    assert_int_equal(ts[0].default_days, 42);
    assert_false(ts[1].local);

    /* accepted, then advice: the status moves on to advice_received */
    enum inv_status accepted = INV_ACCEPTED;
    struct inv_update u = { .status = &accepted, .status_on = "2026-01-12" };
    assert_int_equal(involvement_update(db, iv.id, sc.id, &u, NULL, &pr, &who, &e), 0);
    struct inv_update adv = { .advice = "Short instructions; a visual timetable",
                              .advice_on = "2026-02-20" };
    assert_int_equal(involvement_update(db, iv.id, sc.id, &adv, NULL, &pr, &who, &e), 0);
    struct involvement got;
    assert_int_equal(involvement_get(db, &a, iv.id, sc.id, NULL, &who, &got, &e), 0);
    assert_int_equal(got.status, INV_ADVICE_RECEIVED);
    assert_string_equal(got.advice_on, "2026-02-20");
    assert_int_equal(got.days_taken, 46);
    assert_false(got.past_timescale);
    assert_int_equal(got.n_history, 3);
    assert_int_equal(got.history[1].status, INV_ACCEPTED);
    assert_string_equal(got.service_label, "Educational psychology");

    /* refusals write nothing */
    int64_t before = test_count(db, "SELECT count(*) FROM audit");
    struct inv_update early = { .advice = "x", .advice_on = "2025-12-01" };
    assert_int_equal(involvement_update(db, iv.id, sc.id, &early, NULL, &pr, &who, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "advice_on"));
    problems_init(&pr, &a);
    struct involvement bad = { .pupil_id = p.id, .service = "police", .asked = "" };
    str_copy(bad.referred_on, sizeof bad.referred_on, "2026-03-05");
    assert_int_equal(involvement_add(db, &bad, NULL, &pr, &who, &e), ERR_INPUT);
    assert_non_null(problems_for(&pr, "service"));
    assert_non_null(problems_for(&pr, "asked"));
    assert_non_null(problems_for(&pr, "referred_on"));
    assert_int_equal(involvement_update(db, 999, sc.id, &u, NULL, &pr, &who, &e), ERR_NOTFOUND);
    assert_int_equal(test_count(db, "SELECT count(*) FROM involvement"), 1);
    assert_int_equal(test_count(db, "SELECT count(*) FROM audit"), before);

    struct involvement *list;
    assert_int_equal(involvement_list(db, &a, sc.id, 0, NULL, &who, &list, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].pupil_name, "Amy Lee");
    arena_release(&a);
    db_close(db);
    test_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(timing),
        cmocka_unit_test(parsing),
        cmocka_unit_test(through_the_database),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
