/* Unit tests for model/assessment and model/measure: a questionnaire is
 * stored with its scores, bands, band levels and the definition version that
 * produced them; saving again changes nothing and new answers replace old
 * ones; a school's own measure keeps old scores on their old version when a
 * new version is added; resolving the measure by informant and age; and the
 * reliable change index between two stored assessments, with and without
 * reliability figures, in both directions of "better". */
#include "testpeople.h"

#include <math.h>

#include "core/date.h"
#include "model/measures/assessment.h"
#include "model/measures/measure.h"
#include "score/builtin.h"

/* Teacher SDQ answers as ticked, by item number (see the sums below). */
/* emotional 5 (high), conduct 1, hyperactivity 6 (slightly raised), peer 0,
 * prosocial 10, total 12 (slightly raised). */
static const char *const FIRST = "2,2,2,2,1,0,2,2,2,2,2,0,1,2,2,0,2,0,0,2,2,0,0,0,2";
/* emotional 8 (very high), conduct 1, hyperactivity 8 (high), peer 2,
 * prosocial 10, total 19 (very high). */
static const char *const SECOND = "2,2,2,2,1,2,2,2,2,2,2,0,2,2,2,2,2,0,0,2,0,0,0,0,2";
/* FIRST with items 1, 4 and 9 ticked 0: prosocial 4 (low). */
static const char *const THIRD = "0,2,2,0,1,0,2,2,0,2,2,0,1,2,2,0,2,0,0,2,2,0,0,0,2";

struct fx {
    char *dir;
    struct db *db;
    struct arena a;
    int64_t school, pupil;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    setenv("MESO_TODAY", "2026-01-15", 1);
    f->dir = test_tmpdir();
    f->db = test_db(f->dir, "a.db");
    arena_init(&f->a, 0);
    f->school = tp_school(f->db, "100001");
    f->pupil = tp_pupil(f->db, f->school, 1, "Khan"); /* born 2018-03-04 */
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

static const struct audit_entry who = { .actor = "test:unit" };

static int64_t save(struct fx *f, const struct instrument *in, const char *informant,
                    const char *on, const char *codes, const char *impact,
                    enum assessment_save_result *res)
{
    struct assessment_input x = { .pupil_id = f->pupil, .school_id = f->school, .in = in };
    x.informant = informant;
    x.completed_by = "";
    snprintf(x.assessed_on, sizeof x.assessed_on, "%s", on);
    struct date dob = { 2018, 3, 4 }, d;
    assert_int_equal(date_parse(on, &d), 0);
    x.age_years = date_age_years(dob, d);
    struct err e;
    err_clear(&e);
    x.n_responses = in->n_items;
    assert_int_equal(instrument_parse_codes(codes, in->code_min, in->code_max, x.responses,
                                            in->n_items, "response", &e),
                     0);
    if (impact) {
        x.n_impact = in->impact->n_items;
        assert_int_equal(instrument_parse_codes(impact, 0, in->impact->code_max, x.impact,
                                                x.n_impact, "impact", &e),
                         0);
    }
    int64_t id = 0;
    enum assessment_save_result r;
    int rc = assessment_save(f->db, &who, &x, "test", res ? res : &r, &id, &e);
    if (rc)
        fail_msg("assessment_save: %s", e.msg);
    return id;
}

static const struct instrument *teacher(void)
{
    return instrument_builtin("sdq-teacher-4-17");
}

static void stored_with_scores_bands_and_version(void **state)
{
    struct fx *f = *state;
    enum assessment_save_result res;
    int64_t id = save(f, teacher(), "teacher", "2025-01-10", FIRST, "1,2,1,0", &res);
    assert_int_equal(res, ASSESSMENT_ADDED);
    struct assessment as;
    struct err e;
    assert_int_equal(assessment_get(f->db, &f->a, id, &as, &e), 0);
    assert_string_equal(as.instrument, "sdq-teacher-4-17");
    assert_string_equal(as.version, "2");
    assert_string_equal(as.informant, "teacher");
    assert_string_equal(as.assessed_on, "2025-01-10");
    assert_int_equal(as.age_years, 6);
    assert_int_equal(as.n_responses, 25);
    assert_int_equal(as.responses[6], 2); /* item 7, as ticked (reversed when scored) */
    assert_int_equal(as.n_impact, 4);
    static const struct {
        const char *score;
        int value;
        const char *band;
        int level;
    } want[] = {
        { "emotional", 5, "high", 2 },
        { "conduct", 1, "close to average", 0 },
        { "hyperactivity", 6, "slightly raised", 1 },
        { "peer", 0, "close to average", 0 },
        { "prosocial", 10, "close to average", 0 },
        { "total", 12, "slightly raised", 1 },
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const struct assessment_score *s = assessment_score_of(&as, want[i].score);
        assert_non_null(s);
        assert_int_equal(s->value, want[i].value);
        assert_true(s->banded);
        const struct assessment_band *b = assessment_band_of(&as, "four_band", want[i].score);
        assert_non_null(b);
        assert_string_equal(b->band, want[i].band);
        assert_int_equal(b->level, want[i].level);
        /* The teacher form's three-band table has the total (12:
         * borderline) and impact only; the subscales are stored as no band. */
        b = assessment_band_of(&as, "three_band", want[i].score);
        assert_non_null(b);
        if (!strcmp(want[i].score, "total")) {
            assert_string_equal(b->band, "borderline");
            assert_int_equal(b->level, 1);
        } else {
            assert_null(b->band);
            assert_int_equal(b->level, -1);
        }
    }
    assert_string_equal(assessment_band_of(&as, "three_band", "impact")->band, "borderline");
    /* Impact: "yes", then raw 2, 1, 0 recoded 1, 0, 0. */
    assert_int_equal(assessment_score_of(&as, "impact")->value, 1);
    assert_int_equal(assessment_score_of(&as, "externalising")->value, 7);
    assert_false(assessment_score_of(&as, "externalising")->banded);
    assert_null(assessment_band_of(&as, "four_band", "externalising"));
    /* The version is in the database itself, and the change was audited. */
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM assessment WHERE version = '2'"
                                       " AND instrument = 'sdq-teacher-4-17'"),
                     1);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE entity = 'assessment'"
                                       " AND action = 'create' AND actor = 'test:unit'"),
                     1);
    /* The screening view maps the subscales to outcomes. */
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM screening_need WHERE level >= 2"
                                       " AND outcome = 'emotional'"),
                     1);
}

static void saving_again_changes_nothing_new_answers_replace(void **state)
{
    struct fx *f = *state;
    enum assessment_save_result res;
    int64_t id = save(f, teacher(), "teacher", "2025-01-10", FIRST, NULL, &res);
    int64_t audits = test_count(f->db, "SELECT count(*) FROM audit");
    int64_t again = save(f, teacher(), "teacher", "2025-01-10", FIRST, NULL, &res);
    assert_int_equal(res, ASSESSMENT_UNCHANGED);
    assert_int_equal(again, id);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit"), audits);
    int64_t changed = save(f, teacher(), "teacher", "2025-01-10", SECOND, NULL, &res);
    assert_int_equal(res, ASSESSMENT_UPDATED);
    assert_int_equal(changed, id);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM assessment"), 1);
    assert_int_equal(test_count(f->db, "SELECT value FROM assessment_score WHERE score = 'total'"),
                     19);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM assessment_score"), 9);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE action = 'update'"
                                       " AND entity = 'assessment'"),
                     1);
    /* Another informant on the same day is another assessment. */
    save(f, instrument_builtin("sdq-parent-4-17"), "parent", "2025-01-10", FIRST, NULL, &res);
    assert_int_equal(res, ASSESSMENT_ADDED);
    struct assessment *list;
    size_t n;
    struct err e;
    assert_int_equal(assessment_list(f->db, &f->a, f->pupil, &list, &n, &e), 0);
    assert_int_equal(n, 2);
}

static void invalid_input_writes_nothing(void **state)
{
    struct fx *f = *state;
    struct assessment_input x = { .pupil_id = f->pupil, .school_id = f->school, .in = teacher() };
    x.informant = "teacher";
    x.n_responses = 24; /* one short */
    x.age_years = 6;
    snprintf(x.assessed_on, sizeof x.assessed_on, "2025-01-10");
    struct err e;
    err_clear(&e);
    enum assessment_save_result res;
    int64_t id;
    assert_int_equal(assessment_save(f->db, &who, &x, "test", &res, &id, &e), ERR_INPUT);
    x.n_responses = 25;
    x.age_years = 2; /* the 4-17 form */
    assert_int_equal(assessment_save(f->db, &who, &x, "test", &res, &id, &e), ERR_INPUT);
    x.age_years = 6;
    x.responses[3] = 7;
    assert_int_equal(assessment_save(f->db, &who, &x, "test", &res, &id, &e), ERR_INPUT);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM assessment"), 0);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM assessment_score"), 0);
}

#define OWN_V1                                                                              \
    "format meso-measure 1\nkey our-check\ntitle Our check\nversion 2024-1\ninformant "     \
    "self\nitems 4\ncodes 0 3\n[scale mood]\nitems 1 2 3 4\nmin-answered 3\n[bands school " \
    "mood]\nband 0 6 fine\nband 7 12 talk to us\n"
#define OWN_V2                                                                              \
    "format meso-measure 1\nkey our-check\ntitle Our check\nversion 2024-2\ninformant "     \
    "self\nitems 4\ncodes 0 3\n[scale mood]\nitems 1 2 3 4\nmin-answered 3\n[bands school " \
    "mood]\nband 0 4 fine\nband 5 12 talk to us\n[reliability mood]\nretest-r 0.75\nsd 2\n"

static void own_measure_scores_keep_their_version(void **state)
{
    struct fx *f = *state;
    const struct instrument *in;
    bool added;
    struct err e;
    err_clear(&e);
    assert_int_equal(measure_add(f->db, &f->a, &who, f->school, "our.measure", OWN_V1,
                                 strlen(OWN_V1), &in, &added, &e),
                     0);
    assert_true(added);
    int64_t old = save(f, in, "self", "2025-01-10", "1,2,1,1", NULL, NULL);
    /* The same file again: nothing new. The same version with other rules:
     * refused. */
    assert_int_equal(measure_add(f->db, &f->a, &who, f->school, "our.measure", OWN_V1,
                                 strlen(OWN_V1), &in, &added, &e),
                     0);
    assert_false(added);
    char changed[sizeof OWN_V1 + 8];
    snprintf(changed, sizeof changed, "%s", OWN_V1);
    strstr(changed, "band 7 12")[5] = '8'; /* -> "band 8 12" */
    assert_int_equal(measure_add(f->db, &f->a, &who, f->school, "our.measure", changed,
                                 strlen(changed), &in, &added, &e),
                     ERR_CONFLICT);
    assert_non_null(strstr(e.msg, "new version"));
    /* A malformed file is refused with its line. */
    assert_int_equal(measure_add(f->db, &f->a, &who, f->school, "bad.measure",
                                 "format meso-measure 1\nkey x\nitems 0\n", 36, &in, &added, &e),
                     ERR_INPUT);
    assert_non_null(strstr(e.msg, "bad.measure:3:"));
    /* Version 2: new bands. The old score keeps version 1 and its band. */
    assert_int_equal(measure_add(f->db, &f->a, &who, f->school, "our.measure", OWN_V2,
                                 strlen(OWN_V2), &in, &added, &e),
                     0);
    assert_string_equal(in->version, "2024-2");
    const struct instrument *found;
    assert_int_equal(measure_find(f->db, &f->a, f->school, "our-check", &found, &e), 0);
    assert_string_equal(found->version, "2024-2");
    int64_t now = save(f, found, "self", "2025-02-10", "1,2,1,1", NULL, NULL);
    struct assessment a1, a2;
    assert_int_equal(assessment_get(f->db, &f->a, old, &a1, &e), 0);
    assert_int_equal(assessment_get(f->db, &f->a, now, &a2, &e), 0);
    assert_string_equal(a1.version, "2024-1");
    assert_string_equal(a2.version, "2024-2");
    assert_int_equal(assessment_score_of(&a1, "mood")->value, 5);
    assert_string_equal(assessment_band_of(&a1, "school", "mood")->band, "fine");
    assert_string_equal(assessment_band_of(&a2, "school", "mood")->band, "talk to us");
    /* Its reliability comes from the definition file. */
    struct assessment_change *c;
    size_t n;
    assert_int_equal(assessment_compare(f->db, &f->a, f->school, &a1, &a2, &c, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_true(c[0].have_figures);
    assert_true(fabs(c[0].retest_r - 0.75) < 1e-9);
    assert_int_equal(c[0].verdict, CHANGE_NONE);
}

static void resolving_the_measure(void **state)
{
    struct fx *f = *state;
    const struct instrument *in;
    char why[300];
    assert_int_equal(
        measure_resolve(f->db, &f->a, f->school, "SDQ", "teacher", 3, &in, why, sizeof why), 0);
    assert_string_equal(in->key, "sdq-teacher-2-4");
    assert_int_equal(
        measure_resolve(f->db, &f->a, f->school, "", "parent", 9, &in, why, sizeof why), 0);
    assert_string_equal(in->key, "sdq-parent-4-17");
    assert_int_equal(
        measure_resolve(f->db, &f->a, f->school, "sdq", "self", 9, &in, why, sizeof why),
        ERR_INPUT);
    assert_non_null(strstr(why, "11 to 17"));
    assert_int_equal(measure_resolve(f->db, &f->a, f->school, "Me and My Feelings", NULL, 9, &in,
                                     why, sizeof why),
                     0);
    assert_string_equal(in->key, "mmf");
    assert_int_equal(
        measure_resolve(f->db, &f->a, f->school, "mmf", "teacher", 9, &in, why, sizeof why),
        ERR_INPUT);
    assert_int_equal(measure_resolve(f->db, &f->a, f->school, "mmf", NULL, 7, &in, why, sizeof why),
                     ERR_INPUT);
    assert_non_null(strstr(why, "8 and over"));
    assert_int_equal(
        measure_resolve(f->db, &f->a, f->school, "nope", "teacher", 9, &in, why, sizeof why),
        ERR_NOTFOUND);
    const char *inf;
    assert_int_equal(measure_parse_informant("Parent/Carer", &inf, why, sizeof why), 0);
    assert_string_equal(inf, "parent");
    assert_int_equal(measure_parse_informant("Self-report", &inf, why, sizeof why), 0);
    assert_string_equal(inf, "self");
    assert_int_equal(measure_parse_informant("T", &inf, why, sizeof why), 0);
    assert_string_equal(inf, "teacher");
    assert_int_equal(measure_parse_informant("nurse", &inf, why, sizeof why), ERR_INPUT);
    /* Which way is better, read from the bands. */
    assert_int_equal(measure_better_for(teacher(), "prosocial"), MEASURE_HIGHER_BETTER);
    assert_int_equal(measure_better_for(teacher(), "total"), MEASURE_LOWER_BETTER);
    assert_int_equal(measure_better_for(teacher(), "externalising"), MEASURE_UNKNOWN);
    assert_int_equal(measure_band_level(teacher(), "four_band", "emotional", 6), 3);
    assert_int_equal(measure_band_level(teacher(), "four_band", "emotional", SCORE_MISSING), -1);
}

static const struct assessment_change *change_of(const struct assessment_change *c, size_t n,
                                                 const char *score)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(c[i].score, score))
            return &c[i];
    fail_msg("no change for %s", score);
    return NULL;
}

static void reliable_change_between_stored_assessments(void **state)
{
    struct fx *f = *state;
    int64_t i1 = save(f, teacher(), "teacher", "2025-01-10", FIRST, NULL, NULL);
    int64_t i2 = save(f, teacher(), "teacher", "2025-04-10", SECOND, NULL, NULL);
    int64_t i3 = save(f, teacher(), "teacher", "2025-07-10", THIRD, NULL, NULL);
    int64_t ip =
        save(f, instrument_builtin("sdq-parent-4-17"), "parent", "2025-04-11", FIRST, NULL, NULL);
    struct assessment a1, a2, a3, ap;
    struct err e;
    err_clear(&e);
    assert_int_equal(assessment_get(f->db, &f->a, i1, &a1, &e), 0);
    assert_int_equal(assessment_get(f->db, &f->a, i2, &a2, &e), 0);
    assert_int_equal(assessment_get(f->db, &f->a, i3, &a3, &e), 0);
    assert_int_equal(assessment_get(f->db, &f->a, ip, &ap, &e), 0);
    struct assessment_change *c;
    size_t n;
    /* No figures: nothing is computed, nothing is guessed. */
    assert_int_equal(assessment_compare(f->db, &f->a, f->school, &a1, &a2, &c, &n, &e), 0);
    assert_int_equal(n, 9);
    for (size_t i = 0; i < n; i++) {
        assert_false(c[i].have_figures);
        assert_int_equal(c[i].verdict, CHANGE_NOT_COMPUTED);
    }
    assert_int_equal(change_of(c, n, "total")->from, 12);
    assert_int_equal(change_of(c, n, "total")->to, 19);
    /* The school's figures: RCI = (19 - 12) / (5 sqrt(2 (1 - 0.8))) = 2.2136. */
    assert_int_equal(measure_reliability_set(f->db, &f->a, &who, f->school, "sdq-teacher-4-17",
                                             "total", 0.8, 5.0, "test figures", &e),
                     0);
    assert_int_equal(measure_reliability_set(f->db, &f->a, &who, f->school, "sdq-teacher-4-17",
                                             "prosocial", 0.8, 1.0, "test figures", &e),
                     0);
    assert_int_equal(assessment_compare(f->db, &f->a, f->school, &a1, &a2, &c, &n, &e), 0);
    const struct assessment_change *t = change_of(c, n, "total");
    assert_true(t->have_figures);
    assert_true(fabs(t->rci - 7.0 / (5.0 * sqrt(0.4))) < 1e-9);
    assert_int_equal(t->verdict, CHANGE_DETERIORATED);
    assert_string_equal(t->source, "test figures");
    assert_int_equal(change_of(c, n, "prosocial")->verdict, CHANGE_NONE);
    assert_int_equal(change_of(c, n, "emotional")->verdict, CHANGE_NOT_COMPUTED);
    /* Given the other way round, the earlier is still "from". */
    assert_int_equal(assessment_compare(f->db, &f->a, f->school, &a2, &a1, &c, &n, &e), 0);
    assert_int_equal(change_of(c, n, "total")->from, 12);
    assert_int_equal(change_of(c, n, "total")->verdict, CHANGE_DETERIORATED);
    /* 19 back to 12 is a reliable improvement. */
    assert_int_equal(assessment_compare(f->db, &f->a, f->school, &a2, &a3, &c, &n, &e), 0);
    assert_int_equal(change_of(c, n, "total")->verdict, CHANGE_IMPROVED);
    /* Prosocial falling from 10 to 4 is a deterioration: higher is better. */
    t = change_of(c, n, "prosocial");
    assert_int_equal(t->from, 10);
    assert_int_equal(t->to, 4);
    assert_true(t->rci < -1.96);
    assert_int_equal(t->verdict, CHANGE_DETERIORATED);
    /* Different informants, or the same assessment, are not compared. */
    assert_int_equal(assessment_compare(f->db, &f->a, f->school, &a1, &ap, &c, &n, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "same measure"));
    assert_int_equal(assessment_compare(f->db, &f->a, f->school, &a1, &a1, &c, &n, &e), ERR_INPUT);
    /* Bad figures are refused. */
    assert_int_equal(measure_reliability_set(f->db, &f->a, &who, f->school, "sdq-teacher-4-17",
                                             "total", 1.0, 5.0, "x", &e),
                     ERR_INPUT);
    assert_int_equal(measure_reliability_set(f->db, &f->a, &who, f->school, "sdq-teacher-4-17",
                                             "nonsense", 0.5, 5.0, "x", &e),
                     ERR_INPUT);
    assert_int_equal(measure_reliability_set(f->db, &f->a, &who, f->school, "sdq-teacher-4-17",
                                             "total", 0.5, 5.0, "", &e),
                     ERR_INPUT);
    struct measure_reliability *rl;
    assert_int_equal(measure_reliability_list(f->db, &f->a, f->school, &rl, &n, &e), 0);
    assert_int_equal(n, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(stored_with_scores_bands_and_version, setup, teardown),
        cmocka_unit_test_setup_teardown(saving_again_changes_nothing_new_answers_replace, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(invalid_input_writes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(own_measure_scores_keep_their_version, setup, teardown),
        cmocka_unit_test_setup_teardown(resolving_the_measure, setup, teardown),
        cmocka_unit_test_setup_teardown(reliable_change_between_stored_assessments, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
