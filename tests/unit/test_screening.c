/* Unit tests for model/screening: the band counts and shares of every score
 * of a hand-built class (with a child not assessed and a child whose
 * emotional score could not be scored), the follow-up list and its scores,
 * and the summary built from the database: each child's latest assessment
 * in the school year, the measure's own key only, a class, and what a
 * teacher may see. */
#include "testpeople.h"

#include <math.h>

#include "model/access/access.h"
#include "model/measures/assessment.h"
#include "model/measures/measure.h"
#include "model/measures/screening.h"
#include "score/builtin.h"

/* Teacher SDQ answers as ticked, by item number. */
/* A: emotional 5 (high), hyperactivity 6 (slightly raised), total 12
 * (slightly raised). */
#define A_ "2,2,2,2,1,0,2,2,2,2,2,0,1,2,2,0,2,0,0,2,2,0,0,0,2"
/* B: emotional 8 (very high), hyperactivity 8 (high), total 19 (very high). */
#define B_ "2,2,2,2,1,2,2,2,2,2,2,0,2,2,2,2,2,0,0,2,0,0,0,0,2"
/* C: every difficulty 0, prosocial 10. */
#define C_ "2,0,0,2,0,0,2,0,2,0,2,0,0,2,0,0,2,0,0,2,2,0,0,0,2"
/* E: C with items 1, 4 and 9 ticked 0: prosocial 4 (low). */
#define E_ "0,0,0,0,0,0,2,0,0,0,2,0,0,2,0,0,2,0,0,2,2,0,0,0,2"
/* F: C with emotional items 3, 8 and 13 blank: emotional and total missing. */
#define F_ "2,0,,2,0,0,2,,2,0,2,0,,2,0,0,2,0,0,2,2,0,0,0,2"

static const struct instrument *teacher(void)
{
    return instrument_builtin("sdq-teacher-4-17");
}

/* An assessment built in memory, as the database would give it back. */
static const struct assessment *make(struct arena *a, int64_t id, const char *codes)
{
    const struct instrument *in = teacher();
    int resp[25];
    struct err e;
    err_clear(&e);
    assert_int_equal(instrument_parse_codes(codes, 0, 2, resp, 25, "response", &e), 0);
    struct score_result r;
    assert_int_equal(instrument_score(in, resp, 25, NULL, 0, 8, &r, &e), 0);
    struct assessment *as = arena_alloc(a, sizeof *as);
    as->id = id;
    as->instrument = in->key;
    as->version = in->version;
    as->informant = "teacher";
    as->completed_by = "";
    snprintf(as->assessed_on, sizeof as->assessed_on, "2025-10-01");
    as->scores = arena_array(a, r.n_scores, sizeof *as->scores);
    as->bands = arena_array(a, r.n_scores * r.n_schemes, sizeof *as->bands);
    for (size_t i = 0; i < r.n_scores; i++) {
        as->scores[as->n_scores++] =
            (struct assessment_score){ r.names[i], r.values[i], r.banded[i] };
        for (size_t s = 0; s < r.n_schemes; s++)
            if (r.banded[i])
                as->bands[as->n_bands++] =
                    (struct assessment_band){ in->schemes[s], r.names[i], r.bands[s][i],
                                              measure_band_level(in, in->schemes[s], r.names[i],
                                                                 r.values[i]) };
    }
    return as;
}

static const struct screening_score *score_of(const struct screening_summary *s, const char *name)
{
    for (size_t i = 0; i < s->n_scores; i++)
        if (!strcmp(s->scores[i].score, name))
            return &s->scores[i];
    fail_msg("no score %s in the summary", name);
    return NULL;
}

/* count and share of the band at level in a score. */
static void expect_band(const struct screening_score *sc, int level, const char *label, long count,
                        double share)
{
    for (size_t b = 0; b < sc->n_bands; b++)
        if (sc->bands[b].level == level) {
            assert_string_equal(sc->bands[b].band, label);
            if (sc->bands[b].count != count)
                fail_msg("%s %s: %ld children, want %ld", sc->score, label, sc->bands[b].count,
                         count);
            assert_true(fabs(sc->bands[b].share - share) < 1e-9);
            return;
        }
    fail_msg("%s has no band at level %d", sc->score, level);
}

static void hand_built_class(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct screening_row rows[] = {
        { 1, "UPN-A", "A", make(&a, 11, A_) }, { 2, "UPN-B", "B", make(&a, 12, B_) },
        { 3, "UPN-C", "C", make(&a, 13, C_) }, { 4, "UPN-D", "D", NULL },
        { 5, "UPN-E", "E", make(&a, 15, E_) }, { 6, "UPN-F", "F", make(&a, 16, F_) },
    };
    struct screening_summary s;
    struct err e;
    err_clear(&e);
    assert_int_equal(screening_summarise(&a, teacher(), NULL, rows, 6, &s, &e), 0);
    assert_string_equal(s.scheme, "four_band");
    assert_int_equal(s.pupils, 6);
    assert_int_equal(s.assessed, 5);
    /* The teacher form's impact has no four-band table: it is left out. */
    assert_int_equal(s.n_scores, 6);
    assert_string_equal(s.scores[0].score, "emotional");
    assert_string_equal(s.scores[5].score, "total");

    const struct screening_score *sc = score_of(&s, "emotional");
    assert_int_equal(sc->n, 4);
    assert_int_equal(sc->no_band, 1); /* F: too few items answered */
    expect_band(sc, 0, "close to average", 2, 0.5);
    expect_band(sc, 1, "slightly raised", 0, 0.0);
    expect_band(sc, 2, "high", 1, 0.25);
    expect_band(sc, 3, "very high", 1, 0.25);

    sc = score_of(&s, "hyperactivity");
    assert_int_equal(sc->n, 5);
    expect_band(sc, 0, "close to average", 3, 0.6);
    expect_band(sc, 1, "slightly raised", 1, 0.2);
    expect_band(sc, 2, "high", 1, 0.2);
    expect_band(sc, 3, "very high", 0, 0.0);

    sc = score_of(&s, "total");
    assert_int_equal(sc->n, 4);
    assert_int_equal(sc->no_band, 1);
    expect_band(sc, 0, "close to average", 2, 0.5);
    expect_band(sc, 1, "slightly raised", 1, 0.25);
    expect_band(sc, 3, "very high", 1, 0.25);

    sc = score_of(&s, "prosocial");
    assert_int_equal(sc->n, 5);
    expect_band(sc, 0, "close to average", 4, 0.8);
    expect_band(sc, 1, "slightly lowered", 0, 0.0);
    expect_band(sc, 2, "low", 1, 0.2);
    expect_band(sc, 3, "very low", 0, 0.0);

    /* Follow-up: A, B and E, in the order of the rows, with their scores. */
    assert_int_equal(s.n_follow_up, 3);
    assert_string_equal(s.follow_up[0].name, "A");
    assert_int_equal(s.follow_up[0].n_flags, 1);
    assert_string_equal(s.follow_up[0].flags[0].score, "emotional");
    assert_int_equal(s.follow_up[0].flags[0].value, 5);
    assert_string_equal(s.follow_up[0].flags[0].band, "high");
    assert_string_equal(s.follow_up[1].name, "B");
    assert_int_equal(s.follow_up[1].assessment_id, 12);
    assert_int_equal(s.follow_up[1].n_flags, 3);
    assert_string_equal(s.follow_up[1].flags[0].score, "emotional");
    assert_string_equal(s.follow_up[1].flags[1].score, "hyperactivity");
    assert_string_equal(s.follow_up[1].flags[2].score, "total");
    assert_int_equal(s.follow_up[1].flags[2].value, 19);
    assert_int_equal(s.follow_up[1].flags[2].level, 3);
    assert_string_equal(s.follow_up[2].name, "E");
    assert_string_equal(s.follow_up[2].flags[0].band, "low");

    /* A scheme the measure does not have is refused; nobody assessed is
     * not an error. */
    assert_int_equal(screening_summarise(&a, teacher(), "five_band", rows, 6, &s, &e), ERR_INPUT);
    struct screening_row none[] = { { 1, "UPN-D", "D", NULL } };
    assert_int_equal(screening_summarise(&a, teacher(), NULL, none, 1, &s, &e), 0);
    assert_int_equal(s.assessed, 0);
    assert_int_equal(score_of(&s, "total")->n, 0);
    assert_int_equal(s.n_follow_up, 0);
    arena_release(&a);
}

static const struct audit_entry who = { .actor = "test:unit" };

static void save(struct db *db, int64_t school, int64_t pupil, const char *key,
                 const char *informant, const char *on, const char *codes)
{
    const struct instrument *in = instrument_builtin(key);
    struct assessment_input x = { .pupil_id = pupil, .school_id = school, .in = in };
    x.informant = informant;
    x.age_years = 7;
    x.n_responses = 25;
    snprintf(x.assessed_on, sizeof x.assessed_on, "%s", on);
    struct err e;
    err_clear(&e);
    assert_int_equal(instrument_parse_codes(codes, 0, 2, x.responses, 25, "r", &e), 0);
    enum assessment_save_result res;
    int64_t id;
    if (assessment_save(db, &who, &x, "test", &res, &id, &e) != 0)
        fail_msg("assessment_save: %s", e.msg);
}

static void built_from_the_database(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    struct db *db = test_db(dir, "s.db");
    struct arena a;
    arena_init(&a, 0);
    int64_t school = tp_school(db, "100001");
    int64_t t1, t2;
    int64_t acc1 = tp_staff(db, school, "t1@school.example.org", ACCOUNT_TEACHER, &t1);
    tp_staff(db, school, "t2@school.example.org", ACCOUNT_TEACHER, &t2);
    int64_t p[4];
    for (int i = 0; i < 4; i++)
        p[i] = tp_pupil(db, school, i + 1, "Pupil"); /* all in Year 2 */
    struct err e;
    err_clear(&e);
    assert_int_equal(pupil_set_key_teacher(db, &test_who, p[0], t1, &e), 0);
    assert_int_equal(pupil_set_key_teacher(db, &test_who, p[1], t1, &e), 0);
    assert_int_equal(pupil_set_key_teacher(db, &test_who, p[2], t2, &e), 0);
    save(db, school, p[0], "sdq-teacher-4-17", "teacher", "2025-10-01", A_);
    save(db, school, p[0], "sdq-teacher-4-17", "teacher", "2026-01-10", B_); /* the latest */
    save(db, school, p[1], "sdq-teacher-4-17", "teacher", "2024-10-01", B_); /* last year */
    save(db, school, p[2], "sdq-teacher-4-17", "teacher", "2025-11-01", C_);
    save(db, school, p[2], "sdq-parent-4-17", "parent", "2025-11-02", B_); /* another measure */
    save(db, school, p[3], "sdq-teacher-4-17", "teacher", "2025-11-02", E_);

    struct pupil_filter whole = { .school_id = school, .scope = { .whole_school = true } };
    struct screening_query q = { .nc_year = "2", .in = teacher(), .school_year = 2025 };
    struct screening_summary s;
    struct screening_row *rows;
    size_t n;
    assert_int_equal(screening_build(db, &a, &whole, &q, &s, &rows, &n, &e), 0);
    assert_int_equal(n, 4);
    assert_int_equal(s.pupils, 4);
    assert_int_equal(s.assessed, 3);
    assert_int_equal(score_of(&s, "total")->n, 3);
    expect_band(score_of(&s, "total"), 3, "very high", 1, 1.0 / 3.0);
    assert_string_equal(score_of(&s, "emotional")->outcome, "emotional");
    assert_null(score_of(&s, "total")->outcome);
    /* Rows come in register order (by name, then UPN). */
    assert_int_equal(s.n_follow_up, 2);
    const struct screening_follow_up *f0 = &s.follow_up[0], *f1 = &s.follow_up[1];
    if (f0->pupil_id != p[0]) {
        f0 = &s.follow_up[1];
        f1 = &s.follow_up[0];
    }
    assert_int_equal(f0->pupil_id, p[0]);
    assert_string_equal(f0->assessed_on, "2026-01-10");
    assert_int_equal(f1->pupil_id, p[3]);
    /* Last school year: only the pupil assessed then. */
    q.school_year = 2024;
    assert_int_equal(screening_build(db, &a, &whole, &q, &s, &rows, &n, &e), 0);
    assert_int_equal(s.assessed, 1);
    /* One class. */
    q.school_year = 2025;
    q.class_staff_id = t1;
    assert_int_equal(screening_build(db, &a, &whole, &q, &s, &rows, &n, &e), 0);
    assert_int_equal(s.pupils, 2);
    assert_int_equal(s.assessed, 1);
    /* A teacher sees their own pupils only, whatever the class asked. */
    struct principal pr;
    assert_int_equal(access_principal_for_account(db, &a, acc1, &pr, &e), 0);
    struct pupil_filter mine = { .fsm = -1 };
    access_pupil_filter(&pr, &mine);
    q.class_staff_id = 0;
    assert_int_equal(screening_build(db, &a, &mine, &q, &s, &rows, &n, &e), 0);
    assert_int_equal(s.pupils, 2);
    for (size_t i = 0; i < n; i++)
        assert_true(rows[i].pupil_id == p[0] || rows[i].pupil_id == p[1]);
    /* A filter that forgets its scope sees nobody. */
    struct pupil_filter forgot = { .school_id = school };
    assert_int_equal(screening_build(db, &a, &forgot, &q, &s, &rows, &n, &e), 0);
    assert_int_equal(s.pupils, 0);
    db_close(db);
    arena_release(&a);
    test_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hand_built_class),
        cmocka_unit_test(built_from_the_database),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
