/* Unit tests for the provision map (model/provmap.h) on small schools built
 * by hand: current provision, pupils at each tier (highest tier counted
 * once), evidence shares, costs per tier and per pupil, gaps, overload
 * (declined consent, left pupils, non-overlapping dates, ended provisions)
 * and unmet need (an outcome a current provision targets is not unmet);
 * then the same through the database with provmap_build. */
#include "testutil.h"

#include <math.h>

#include "core/arena.h"
#include "core/problems.h"
#include "core/str.h"
#include "model/register/audit.h"
#include "model/provision/framework.h"
#include "model/provision/provision.h"
#include "model/provision/provmap.h"
#include "model/register/pupil.h"
#include "model/register/school.h"
#include "model/register/upn.h"

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-9)

static const char *o_emotional[] = { "emotional", "positive_relationships" };
static const char *o_emo_peer[] = { "emotional", "peer" };
static const char *o_emo[] = { "emotional" };
static const char *o_reading[] = { "reading" };
static const char *o_conduct[] = { "conduct" };
static const char *c_wider[] = { "afa/wider-outcomes" };
static const char *c_assess[] = { "afa/assessment" };
static const char *c_conv[] = { "afa/conversations" };

static const char *codes[] = { "emotional",  "conduct", "hyperactivity",         "peer",
                               "attendance", "reading", "positive_relationships" };
static const char *labels[] = { "Emotional wellbeing",
                                "Behaviour and conduct",
                                "Attention and activity",
                                "Peer relationships",
                                "Attendance",
                                "Reading",
                                "Positive relationships" };

static struct provmap_in_provision P(int64_t id, const char *name, const char *tier, const char *ev,
                                     const char *start, const char *end, const char **outc,
                                     size_t n_o, const char **comp, size_t n_c, int64_t cost) {
    struct provmap_in_provision p = { .id = id,
                                      .name = name,
                                      .tier = tier,
                                      .evidence_rating = ev,
                                      .outcomes = outc,
                                      .n_outcomes = n_o,
                                      .components = comp,
                                      .n_components = n_c,
                                      .cost_projected = cost };
    str_copy(p.start_date, sizeof p.start_date, start);
    str_copy(p.end_date, sizeof p.end_date, end);
    return p;
}

static struct provmap_in_enrolment
EN(int64_t prov, int64_t pupil, enum consent c, const char *on, const char *left) {
    struct provmap_in_enrolment en = { .provision_id = prov, .pupil_id = pupil, .consent = c };
    str_copy(en.enrolled_on, sizeof en.enrolled_on, on);
    str_copy(en.left_on, sizeof en.left_on, left);
    return en;
}

struct school_case {
    struct provmap_in_pupil pupils[5];
    struct provmap_in_provision provs[5];
    struct provmap_in_enrolment ens[13];
    struct provmap_in_flag flags[6];
    struct provmap_in_component comps[3];
    struct provmap_input in;
};

static void build_case(struct school_case *c)
{
    memset(c, 0, sizeof *c);
    static const char *names[] = { "Ava Brown", "Ben Cole", "Cal Dee", "Dot Eve", "Eli Fox" };
    for (int i = 0; i < 5; i++) {
        c->pupils[i].id = i + 1;
        c->pupils[i].name = names[i];
    }
    c->provs[0] = P(1, "PSHE curriculum", "universal", "strong", "2025-09-01", "", o_emotional, 2,
                    c_wider, 1, 100000);
    c->provs[1] = P(2, "Nurture group", "selected", "moderate", "2026-01-05", "2026-07-20",
                    o_emo_peer, 2, c_assess, 1, 300000);
    c->provs[2] = P(3, "Worry group", "selected", "limited", "2026-02-01", "2026-04-01", o_emo, 1,
                    NULL, 0, 120000);
    c->provs[3] =
        P(4, "Reading plus", "indicated", NULL, "2026-01-10", "", o_reading, 1, NULL, 0, 50000);
    c->provs[4] = P(5, "Old club", "selected", "strong", "2025-01-01", "2025-07-01", o_conduct, 1,
                    c_conv, 1, 999);
    size_t k = 0;
    /* Ava: two emotional provisions at once: overload */
    c->ens[k++] = EN(2, 1, CONSENT_GIVEN, "2026-01-05", "");
    c->ens[k++] = EN(3, 1, CONSENT_GIVEN, "2026-02-01", "");
    /* Ben: declined the second; an old enrolment in an ended provision */
    c->ens[k++] = EN(2, 2, CONSENT_GIVEN, "2026-01-05", "");
    c->ens[k++] = EN(3, 2, CONSENT_DECLINED, "2026-02-01", "");
    c->ens[k++] = EN(5, 2, CONSENT_GIVEN, "2025-01-01", "");
    /* Cal: left the nurture group; awaiting consent for reading */
    c->ens[k++] = EN(2, 3, CONSENT_GIVEN, "2026-01-05", "2026-02-01");
    c->ens[k++] = EN(3, 3, CONSENT_GIVEN, "2026-02-01", "");
    c->ens[k++] = EN(4, 3, CONSENT_AWAITING, "2026-01-10", "");
    /* Dot: the worry group ends before the nurture group starts for her */
    c->ens[k++] = EN(3, 4, CONSENT_GIVEN, "2026-02-01", "");
    c->ens[k++] = EN(2, 4, CONSENT_GIVEN, "2026-04-10", "");
    c->ens[k++] = EN(4, 4, CONSENT_GIVEN, "2026-01-10", "");
    /* not on roll */
    c->ens[k++] = EN(2, 99, CONSENT_GIVEN, "2026-01-05", "");
    c->ens[k++] = EN(3, 99, CONSENT_GIVEN, "2026-02-01", "");
    size_t nf = 0;
    c->flags[nf++] = (struct provmap_in_flag){ 5, "conduct", "factor", "Suspension or exclusion" };
    c->flags[nf++] = (struct provmap_in_flag){ 2, "conduct", "screening", "SDQ conduct: high" };
    c->flags[nf++] = (struct provmap_in_flag){ 1, "emotional", "screening", "SDQ emotional: high" };
    c->flags[nf++] = (struct provmap_in_flag){ 4, "attendance", "factor", "Low attendance" };
    c->flags[nf++] = (struct provmap_in_flag){ 4, "attendance", "screening", "x" };
    c->flags[nf++] = (struct provmap_in_flag){ 99, "hyperactivity", "factor", "x" };
    c->comps[0] = (struct provmap_in_component){ "afa", "Achievement for All", "assessment",
                                                 "Assessment, tracking and intervention" };
    c->comps[1] = (struct provmap_in_component){ "afa", "Achievement for All", "conversations",
                                                 "Structured conversations with parents" };
    c->comps[2] = (struct provmap_in_component){ "afa", "Achievement for All", "wider-outcomes",
                                                 "Provision for wider outcomes" };
    c->in = (struct provmap_input){ .school_id = 1,
                                    .school_name = "Hillside",
                                    .pupils = c->pupils,
                                    .n_pupils = 5,
                                    .provisions = c->provs,
                                    .n_provisions = 5,
                                    .enrolments = c->ens,
                                    .n_enrolments = k,
                                    .flags = c->flags,
                                    .n_flags = nf,
                                    .components = c->comps,
                                    .n_components = 3,
                                    .outcome_codes = codes,
                                    .outcome_labels = labels,
                                    .n_outcomes = sizeof codes / sizeof *codes };
    str_copy(c->in.as_of, sizeof c->in.as_of, "2026-03-01");
}

static void the_whole_map(void **state)
{
    (void)state;
    struct school_case c;
    build_case(&c);
    struct arena a;
    arena_init(&a, 0);
    struct err e;
    err_clear(&e);
    struct provmap m;
    assert_int_equal(provmap_compute(&c.in, &a, &m, &e), 0);
    assert_int_equal(m.pupils_on_roll, 5);
    /* current provisions, tier then name; the ended one is not */
    assert_int_equal(m.n_provisions, 4);
    assert_string_equal(m.provisions[0].in->name, "PSHE curriculum");
    assert_string_equal(m.provisions[1].in->name, "Nurture group");
    assert_string_equal(m.provisions[2].in->name, "Worry group");
    assert_string_equal(m.provisions[3].in->name, "Reading plus");
    assert_int_equal(m.provisions[0].pupils, 0);
    /* Ava, Ben: Cal left, Dot starts in April (not yet begun), 99 not on roll */
    assert_int_equal(m.provisions[1].pupils, 2);
    assert_int_equal(m.provisions[2].pupils, 3); /* Ava, Cal, Dot: Ben declined */
    assert_int_equal(m.provisions[3].pupils, 2); /* Cal (awaiting) and Dot */
    assert_true(m.provisions[0].evidence_informed);
    assert_false(m.provisions[2].evidence_informed);
    assert_false(m.provisions[3].evidence_informed);
    /* tiers: each pupil once, at the highest */
    assert_int_equal(m.tiers[TIER_UNIVERSAL].pupils, 1); /* Eli */
    assert_int_equal(m.tiers[TIER_SELECTED].pupils, 2);  /* Ava, Ben */
    assert_int_equal(m.tiers[TIER_INDICATED].pupils, 2); /* Cal, Dot */
    assert_int_equal(m.tiers[TIER_UNIVERSAL].enrolled, 0);
    assert_int_equal(m.tiers[TIER_SELECTED].enrolled, 4);
    assert_int_equal(m.tiers[TIER_INDICATED].enrolled, 2);
    assert_int_equal(m.tiers[TIER_SELECTED].provisions, 2);
    assert_int_equal(m.tiers[TIER_SELECTED].n_provision_idx, 2);
    assert_int_equal(m.tiers[TIER_INDICATED].provision_idx[0], 3);
    /* evidence */
    NEAR(m.evidence_share, 0.5);
    assert_int_equal(m.pupils_reached, 4);
    assert_int_equal(m.pupils_reached_evidence, 2);
    NEAR(m.pupils_evidence_share, 0.5);
    /* costs */
    assert_int_equal(m.tiers[TIER_UNIVERSAL].cost, 100000);
    assert_int_equal(m.tiers[TIER_UNIVERSAL].cost_per_pupil, -1);
    assert_int_equal(m.tiers[TIER_SELECTED].cost, 420000);
    assert_int_equal(m.tiers[TIER_SELECTED].cost_per_pupil, 105000);
    assert_int_equal(m.tiers[TIER_INDICATED].cost, 50000);
    assert_int_equal(m.tiers[TIER_INDICATED].cost_per_pupil, 25000);
    assert_int_equal(m.cost_total, 570000);
    /* components: conversations only has the ended provision: a gap */
    assert_int_equal(m.n_components, 3);
    assert_int_equal(m.n_gaps, 1);
    assert_int_equal(m.components[0].n_provision_idx, 1);
    assert_int_equal(m.components[0].provision_idx[0], 1);
    assert_int_equal(m.components[1].n_provision_idx, 0);
    assert_int_equal(m.components[2].provision_idx[0], 0);
    /* overload: only Ava */
    assert_int_equal(m.n_overload, 1);
    assert_int_equal(m.overload[0].pupil_id, 1);
    assert_string_equal(m.overload[0].pupil_name, "Ava Brown");
    assert_string_equal(m.overload[0].outcome, "emotional");
    assert_int_equal(m.overload[0].n, 2);
    assert_int_equal(m.overload[0].provision_ids[0], 2);
    assert_string_equal(m.overload[0].provision_names[1], "Worry group");
    /* unmet: conduct (Ben, Eli; its only provision has ended), attendance
     * (Dot, counted once); emotional is targeted; 99 is not on roll */
    assert_int_equal(m.n_unmet, 2);
    assert_string_equal(m.unmet[0].outcome, "conduct");
    assert_string_equal(m.unmet[0].label, "Behaviour and conduct");
    assert_int_equal(m.unmet[0].pupils, 2);
    assert_string_equal(m.unmet[1].outcome, "attendance");
    assert_int_equal(m.unmet[1].pupils, 1);
    assert_int_equal(m.unmet[1].pupil_ids[0], 4);
    arena_release(&a);
}

static void overload_edges(void **state)
{
    (void)state;
    struct school_case c;
    build_case(&c);
    struct arena a;
    arena_init(&a, 0);
    struct err e;
    struct provmap m;
    /* Dot's nurture group now began while the worry group runs: overload */
    str_copy(c.ens[9].enrolled_on, sizeof c.ens[9].enrolled_on, "2026-02-15");
    assert_int_equal(provmap_compute(&c.in, &a, &m, &e), 0);
    assert_int_equal(m.n_overload, 2);
    assert_string_equal(m.overload[1].pupil_name, "Dot Eve");
    /* Ava leaves the worry group the day after as_of: still current and
     * overlapping */
    str_copy(c.ens[1].left_on, sizeof c.ens[1].left_on, "2026-03-02");
    assert_int_equal(provmap_compute(&c.in, &a, &m, &e), 0);
    assert_int_equal(m.n_overload, 2);
    /* left on as_of: not current */
    str_copy(c.ens[1].left_on, sizeof c.ens[1].left_on, "2026-03-01");
    assert_int_equal(provmap_compute(&c.in, &a, &m, &e), 0);
    assert_int_equal(m.n_overload, 1);
    assert_string_equal(m.overload[0].pupil_name, "Dot Eve");
    /* after the worry group ends, nobody is overloaded */
    build_case(&c);
    str_copy(c.in.as_of, sizeof c.in.as_of, "2026-04-02");
    assert_int_equal(provmap_compute(&c.in, &a, &m, &e), 0);
    assert_int_equal(m.n_overload, 0);
    assert_int_equal(m.n_provisions, 3);
    /* with the worry group gone, emotional is still met by the others */
    for (size_t i = 0; i < m.n_unmet; i++)
        assert_string_not_equal(m.unmet[i].outcome, "emotional");
    arena_release(&a);
}

static void empty_school(void **state)
{
    (void)state;
    struct provmap_in_pupil pupils[2] = { { .id = 1, .name = "A" }, { .id = 2, .name = "B" } };
    struct provmap_in_flag flag = { 1, "reading", "factor", "x" };
    struct provmap_in_component comp = { "tamhs", "TaMHS", "staff", "Staff-focused support" };
    struct provmap_input in = { .pupils = pupils,
                                .n_pupils = 2,
                                .flags = &flag,
                                .n_flags = 1,
                                .components = &comp,
                                .n_components = 1,
                                .outcome_codes = codes,
                                .outcome_labels = labels,
                                .n_outcomes = sizeof codes / sizeof *codes };
    str_copy(in.as_of, sizeof in.as_of, "2026-01-01");
    struct arena a;
    arena_init(&a, 0);
    struct err e;
    struct provmap m;
    assert_int_equal(provmap_compute(&in, &a, &m, &e), 0);
    assert_int_equal(m.tiers[TIER_UNIVERSAL].pupils, 2);
    assert_int_equal(m.n_provisions, 0);
    NEAR(m.evidence_share, 0);
    NEAR(m.pupils_evidence_share, 0);
    assert_int_equal(m.cost_total, 0);
    assert_int_equal(m.n_gaps, 1);
    assert_int_equal(m.n_unmet, 1);
    assert_string_equal(m.unmet[0].label, "Reading");
    arena_release(&a);
}

static void cost_per_pupil_rounds(void **state)
{
    (void)state;
    struct provmap_in_pupil pupils[3] = { { .id = 1, .name = "A" },
                                          { .id = 2, .name = "B" },
                                          { .id = 3, .name = "C" } };
    struct provmap_in_provision prov[2] = {
        P(1, "Group", "selected", "promising", "2026-01-01", "", o_emo, 1, NULL, 0, 100),
        P(2, "Later group", "selected", "promising", "2026-06-01", "", o_emo, 1, NULL, 0, 5000),
    };
    struct provmap_in_enrolment ens[3] = { EN(1, 1, CONSENT_GIVEN, "2026-01-01", ""),
                                           EN(1, 2, CONSENT_NOT_REQUESTED, "2026-01-01", ""),
                                           EN(1, 3, CONSENT_GIVEN, "2026-01-01", "") };
    struct provmap_input in = { .pupils = pupils,
                                .n_pupils = 3,
                                .provisions = prov,
                                .n_provisions = 2,
                                .enrolments = ens,
                                .n_enrolments = 3 };
    str_copy(in.as_of, sizeof in.as_of, "2026-02-01");
    struct arena a;
    arena_init(&a, 0);
    struct err e;
    struct provmap m;
    assert_int_equal(provmap_compute(&in, &a, &m, &e), 0);
    /* the later group has not started: not counted */
    assert_int_equal(m.cost_total, 100);
    assert_int_equal(m.tiers[TIER_SELECTED].cost_per_pupil, 33); /* 100 / 3 */
    assert_int_equal(m.tiers[TIER_SELECTED].pupils, 3);
    NEAR(m.evidence_share, 1.0);
    arena_release(&a);
}

/* ---- through the database ------------------------------------------------ */

static void build_from_db(void **state)
{
    (void)state;
    setenv("MESO_TODAY", "2026-03-01", 1);
    char *dir = test_tmpdir();
    struct db *db = test_db(dir, "m.db");
    struct arena a;
    arena_init(&a, 0);
    struct err e;
    err_clear(&e);
    struct school sc = { .urn = "123456", .name = "Hillside" };
    assert_int_equal(school_add(db, &sc, &e), 0);
    int64_t pupil[3];
    for (int i = 0; i < 3; i++) {
        struct pupil p = { .legal_surname = "Lee", .sex = "F", .nc_year = "3", .eal = -1 };
        static const char *const names[] = { "Amy", "Ben", "Cara" };
        p.legal_forename = names[i];
        str_copy(p.dob, sizeof p.dob, "2017-05-01");
        str_copy(p.sen, sizeof p.sen, "N");
        char upn[14];
        assert_int_equal(upn_make(upn, 999, 2001, 20, i + 1), 0);
        str_copy(p.upn, sizeof p.upn, upn);
        enum pupil_save_result res;
        assert_int_equal(pupil_save(db, sc.id, &p, PF_ALL, "test", &res, &e), 0);
        pupil[i] = p.id;
    }
    struct audit_entry who = { .actor = "test" };
    const char *outs[] = { "emotional" };
    int64_t ids[2];
    for (int i = 0; i < 2; i++) {
        struct provision p = { .school_id = sc.id,
                               .name = i ? "Worry group" : "Nurture group",
                               .tier = "selected",
                               .evidence_rating = i ? NULL : "strong",
                               .sessions = 10,
                               .staff_hours_per_session = 2,
                               .hourly_rate_pence = 2000,
                               .outcomes = outs,
                               .n_outcomes = 1 };
        str_copy(p.start_date, sizeof p.start_date, "2026-01-05");
        assert_int_equal(provision_create(db, &p, &who, &e), 0);
        ids[i] = p.id;
        struct enrolment en = { .provision_id = p.id,
                                .pupil_id = pupil[0],
                                .consent = CONSENT_GIVEN };
        str_copy(en.enrolled_on, sizeof en.enrolled_on, "2026-01-05");
        assert_int_equal(provision_enrol(db, &en, &who, &e), 0);
    }
    const char *keys[] = { "afa", "tamhs" };
    assert_int_equal(framework_choose(db, sc.id, keys, 2, "test", &e), 0);
    const char *refs[] = { "afa/assessment", "tamhs/child" };
    assert_int_equal(framework_map_provision(db, &a, sc.id, ids[0], refs, 2, &who, &e), 0);
    const char *bad[] = { "afa/nothing" };
    assert_int_equal(framework_map_provision(db, &a, sc.id, ids[0], bad, 1, &who, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "no component 'nothing'"));
    int64_t audits = test_count(db, "SELECT count(*) FROM audit");
    struct provmap m;
    assert_int_equal(provmap_build(db, &a, sc.id, NULL, &who, &m, &e), 0);
    assert_int_equal(test_count(db, "SELECT count(*) FROM audit"), audits + 1);
    assert_string_equal(m.as_of, "2026-03-01");
    assert_int_equal(m.pupils_on_roll, 3);
    assert_int_equal(m.n_provisions, 2);
    assert_int_equal(m.cost_total, 2 * 10 * 2 * 2000);
    assert_int_equal(m.tiers[TIER_SELECTED].pupils, 1);
    assert_int_equal(m.tiers[TIER_UNIVERSAL].pupils, 2);
    assert_int_equal(m.n_components, 6);
    assert_int_equal(m.n_gaps, 4);
    assert_int_equal(m.n_overload, 1);
    assert_int_equal(m.overload[0].n, 2);
    NEAR(m.evidence_share, 0.5);
    assert_int_equal(m.involvements_open, 0);
    arena_release(&a);
    db_close(db);
    test_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_whole_map), cmocka_unit_test(overload_edges),
        cmocka_unit_test(empty_school),  cmocka_unit_test(cost_per_pupil_rounds),
        cmocka_unit_test(build_from_db),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
