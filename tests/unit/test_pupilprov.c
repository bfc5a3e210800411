/* Unit tests for each pupil's provision (model/pupilprov.h): a programme
 * cohort with its dosage (attendance by the template's rule), a plain
 * provision with its planned sessions and reviews, components, whether each
 * is current, the involvements, one audit row, and a pupil of another
 * school refused. MESO_TODAY pins today. */
#include "testutil.h"

#include "core/arena.h"
#include "core/problems.h"
#include "core/str.h"
#include "model/register/audit.h"
#include "model/provision/framework.h"
#include "model/provision/involvement.h"
#include "model/programmes/programme.h"
#include "model/programmes/progtemplate.h"
#include "model/provision/provision.h"
#include "model/register/pupil.h"
#include "model/programmes/pupilprov.h"
#include "model/provision/review.h"
#include "model/register/school.h"
#include "model/register/upn.h"

static void a_pupils_record(void **state)
{
    (void)state;
    setenv("MESO_TODAY", "2026-03-02", 1);
    char *dir = test_tmpdir();
    struct db *db = test_db(dir, "p.db");
    struct arena a;
    arena_init(&a, 0);
    struct err e;
    err_clear(&e);
    struct audit_entry who = { .actor = "test" };
    struct school sc = { .urn = "123456", .name = "Hillside" };
    assert_int_equal(school_add(db, &sc, &e), 0);
    struct school sc2 = { .urn = "654321", .name = "Elsewhere" };
    assert_int_equal(school_add(db, &sc2, &e), 0);
    struct pupil p = {
        .legal_surname = "Lee", .legal_forename = "Amy", .sex = "F", .eal = -1, .nc_year = "3"
    };
    str_copy(p.dob, sizeof p.dob, "2018-05-01");
    str_copy(p.sen, sizeof p.sen, "K");
    char upn[14];
    assert_int_equal(upn_make(upn, 999, 2001, 20, 1), 0);
    str_copy(p.upn, sizeof p.upn, upn);
    enum pupil_save_result res;
    assert_int_equal(pupil_save(db, sc.id, &p, PF_ALL, "test", &res, &e), 0);

    /* A programme cohort: six weekly sessions from 5 January; she came to
     * four of the five held so far. */
    struct progtemplate t;
    assert_int_equal(progtemplate_by_key(db, &a, sc.id, "generic-individual", &t, &e), 0);
    struct provision cohort = { .school_id = sc.id };
    str_copy(cohort.start_date, sizeof cohort.start_date, "2026-01-05");
    struct problems pr;
    problems_init(&pr, &a);
    assert_int_equal(programme_start(db, &a, &t, &cohort, &pr, &who, &e), 0);
    struct enrolment en = { .provision_id = cohort.id, .pupil_id = p.id, .consent = CONSENT_GIVEN };
    str_copy(en.enrolled_on, sizeof en.enrolled_on, "2026-01-02");
    assert_int_equal(provision_enrol(db, &en, &who, &e), 0);
    struct prog_session *ss;
    size_t n_ss;
    assert_int_equal(programme_sessions(db, &a, cohort.id, &ss, &n_ss, &e), 0);
    assert_int_equal(n_ss, 6);
    for (int i = 0; i < 5; i++) {
        struct prog_attendance at = { .enrolment_id = en.id, .child = i != 2 };
        struct prog_session_record r = { .attendance = &at, .n_attendance = 1 };
        assert_int_equal(programme_session_record(db, &a, cohort.id, ss[i].id, &r, &who, &e), 0);
    }

    /* A plain provision she has left, mapped and reviewed. */
    const char *outs[] = { "emotional" };
    struct provision plain = { .school_id = sc.id,
                               .name = "Nurture group",
                               .tier = "selected",
                               .sessions = 20,
                               .session_minutes = 90,
                               .outcomes = outs,
                               .n_outcomes = 1 };
    str_copy(plain.start_date, sizeof plain.start_date, "2025-09-08");
    assert_int_equal(provision_create(db, &plain, &who, &e), 0);
    const char *refs[] = { "tamhs/child" };
    assert_int_equal(framework_map_provision(db, &a, sc.id, plain.id, refs, 1, &who, &e), 0);
    struct enrolment en2 = { .provision_id = plain.id, .pupil_id = p.id, .consent = CONSENT_GIVEN };
    str_copy(en2.enrolled_on, sizeof en2.enrolled_on, "2025-09-08");
    assert_int_equal(provision_enrol(db, &en2, &who, &e), 0);
    struct review rv = { .provision_id = plain.id,
                         .pupil_id = p.id,
                         .score = 2,
                         .reviewer = "Priya Nair",
                         .note = "Much more settled" };
    str_copy(rv.reviewed_on, sizeof rv.reviewed_on, "2025-12-10");
    assert_int_equal(review_add(db, &rv, NULL, &pr, &who, &e), 0);
    str_copy(en2.left_on, sizeof en2.left_on, "2025-12-19");
    assert_int_equal(provision_enrol(db, &en2, &who, &e), 0);

    struct involvement iv = { .pupil_id = p.id,
                              .service = "speech_language_therapy",
                              .asked = "Understanding of spoken language" };
    str_copy(iv.referred_on, sizeof iv.referred_on, "2025-11-03");
    assert_int_equal(involvement_add(db, &iv, NULL, &pr, &who, &e), 0);

    int64_t audits = test_count(db, "SELECT count(*) FROM audit");
    struct pupilprov pp;
    assert_int_equal(pupilprov_build(db, &a, p.id, sc.id, NULL, &who, &pp, &e), 0);
    assert_int_equal(test_count(db, "SELECT count(*) FROM audit"), audits + 1);
    assert_string_equal(pp.pupil_name, "Amy Lee");
    assert_string_equal(pp.as_of, "2026-03-02");
    assert_int_equal(pp.n_items, 2);
    /* oldest enrolment first */
    const struct pupilprov_item *first = &pp.items[0], *second = &pp.items[1];
    assert_string_equal(first->provision->name, "Nurture group");
    assert_false(first->current); /* left */
    assert_false(first->has_dosage);
    assert_int_equal(first->sessions, 20);
    assert_int_equal(first->n_components, 1);
    assert_string_equal(first->components[0], "tamhs/child");
    assert_int_equal(first->n_reviews, 1);
    assert_int_equal(first->reviews[0].score, 2);
    assert_true(second->has_dosage);
    assert_false(second->current); /* its last session was on 9 February */
    assert_int_equal(second->held, 5);
    assert_int_equal(second->attended, 4);
    assert_int_equal(second->planned, 6);
    /* 4 attended, 5 needed, one session still planned */
    assert_string_equal(second->dosage_status, "on_track");
    assert_string_equal(second->complete_word, "completed");
    assert_int_equal(second->n_reviews, 0);
    assert_int_equal(pp.n_involvements, 1);
    assert_true(pp.involvements[0].waiting);
    assert_int_equal(pp.involvements[0].days_taken, 119);
    /* another school cannot read her record */
    assert_int_equal(pupilprov_build(db, &a, p.id, sc2.id, NULL, &who, &pp, &e), ERR_NOTFOUND);
    arena_release(&a);
    db_close(db);
    test_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_pupils_record),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
