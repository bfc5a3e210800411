/* Unit tests for the provision map (model/provmap.h) on small schools built
 * by hand: current provision, pupils reached at each tier (whole-school
 * universal provision reaches everyone), evidence shares, costs per tier and
 * per pupil reached, gaps, overload per pupil (declined consent, left pupils,
 * non-overlapping dates, ended provisions), several provisions for one need
 * at one tier (a programme's cohorts count once), unmet need child by child
 * (a flagged child in no provision for that need, even when another child's
 * provision targets it), and a programme's follow-on meetings (FASTworks)
 * keeping it on the map for those who completed it; then the same through
 * the database with provmap_build, the roll and the follow-on. */
#include "testutil.h"

#include <math.h>

#include "core/arena.h"
#include "core/problems.h"
#include "core/str.h"
#include "model/register/audit.h"
#include "model/provision/framework.h"
#include "model/provision/provision.h"
#include "model/provision/provmap.h"
#include "model/programmes/programme.h"
#include "model/programmes/progtemplate.h"
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
    /* PSHE has no enrolment recorded: whole-school, every pupil on roll */
    assert_true(m.provisions[0].whole_school);
    assert_int_equal(m.provisions[0].pupils, 5);
    assert_false(m.provisions[1].whole_school);
    /* Ava, Ben: Cal left, Dot starts in April (not yet begun), 99 not on roll */
    assert_int_equal(m.provisions[1].pupils, 2);
    assert_int_equal(m.provisions[2].pupils, 3); /* Ava, Cal, Dot: Ben declined */
    assert_int_equal(m.provisions[3].pupils, 2); /* Cal (awaiting) and Dot */
    assert_true(m.provisions[0].evidence_informed);
    assert_false(m.provisions[2].evidence_informed);
    assert_false(m.provisions[3].evidence_informed);
    /* tiers: the pupils reached at each (a pupil can be at several) */
    assert_int_equal(m.tiers[TIER_UNIVERSAL].pupils, 5); /* everyone, by PSHE */
    assert_int_equal(m.tiers[TIER_SELECTED].pupils, 4);  /* Ava, Ben, Cal, Dot */
    assert_int_equal(m.tiers[TIER_INDICATED].pupils, 2); /* Cal, Dot */
    assert_int_equal(m.tiers[TIER_SELECTED].provisions, 2);
    assert_int_equal(m.tiers[TIER_SELECTED].n_provision_idx, 2);
    assert_int_equal(m.tiers[TIER_INDICATED].provision_idx[0], 3);
    /* evidence: every pupil is reached by PSHE, which is evidence-informed */
    NEAR(m.evidence_share, 0.5);
    assert_int_equal(m.pupils_reached, 5);
    assert_int_equal(m.pupils_reached_evidence, 5);
    NEAR(m.pupils_evidence_share, 1.0);
    /* costs, per pupil reached at the tier */
    assert_int_equal(m.tiers[TIER_UNIVERSAL].cost, 100000);
    assert_int_equal(m.tiers[TIER_UNIVERSAL].cost_per_pupil, 20000);
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
    /* unmet, child by child: conduct (Ben, Eli; its only provision has
     * ended), attendance (Dot, counted once); Ava's emotional flag is met by
     * her groups; 99 is not on roll */
    assert_int_equal(m.n_unmet, 2);
    assert_string_equal(m.unmet[0].outcome, "conduct");
    assert_string_equal(m.unmet[0].label, "Behaviour and conduct");
    assert_int_equal(m.unmet[0].pupils, 2);
    assert_int_equal(m.unmet[0].flagged, 2);
    assert_false(m.unmet[0].targeted);
    assert_string_equal(m.unmet[0].list[0].name, "Ben Cole");
    assert_string_equal(m.unmet[0].list[0].reasons, "SDQ conduct: high");
    assert_string_equal(m.unmet[0].list[1].name, "Eli Fox");
    assert_string_equal(m.unmet[1].outcome, "attendance");
    assert_int_equal(m.unmet[1].pupils, 1);
    assert_int_equal(m.unmet[1].list[0].id, 4);
    assert_string_equal(m.unmet[1].list[0].reasons, "Low attendance; x");
    assert_int_equal(m.children_flagged, 4); /* Ava, Ben, Dot, Eli */
    assert_int_equal(m.children_unmet, 3);   /* Ben, Dot, Eli */
    /* several: emotional has PSHE (universal) and two selected groups */
    assert_int_equal(m.n_several, 1);
    assert_string_equal(m.by_outcome[0].outcome, "emotional");
    assert_int_equal(m.by_outcome[0].provisions[TIER_UNIVERSAL], 1);
    assert_int_equal(m.by_outcome[0].provisions[TIER_SELECTED], 2);
    assert_int_equal(m.by_outcome[0].provisions[TIER_INDICATED], 0);
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
    assert_int_equal(m.tiers[TIER_UNIVERSAL].pupils, 0); /* no provision reaches them */
    assert_int_equal(m.tiers[TIER_UNIVERSAL].cost_per_pupil, -1);
    assert_int_equal(m.n_provisions, 0);
    NEAR(m.evidence_share, 0);
    NEAR(m.pupils_evidence_share, 0);
    assert_int_equal(m.cost_total, 0);
    assert_int_equal(m.n_gaps, 1);
    assert_int_equal(m.n_unmet, 1);
    assert_string_equal(m.unmet[0].label, "Reading");
    assert_false(m.unmet[0].targeted);
    assert_int_equal(m.children_unmet, 1);
    assert_int_equal(m.n_by_outcome, 0);
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

/* Unmet need is per child: a provision that targets a need meets it only
 * for the children taking part in it. Whole-school provision does not meet
 * a flag; nor does another provision of the child's for another need. */
static void unmet_per_child(void **state)
{
    (void)state;
    struct provmap_in_pupil pupils[4] = { { .id = 1, .name = "Amy" },
                                          { .id = 2, .name = "Ben" },
                                          { .id = 3, .name = "Cal" },
                                          { .id = 4, .name = "Dan" } };
    struct provmap_in_provision prov[3] = {
        P(1, "Wellbeing curriculum", "universal", "strong", "2026-01-01", "", o_emo, 1, NULL, 0, 0),
        P(2, "Worry group", "selected", "promising", "2026-01-01", "", o_emo, 1, NULL, 0, 0),
        P(3, "Reading group", "selected", "promising", "2026-01-01", "", o_reading, 1, NULL, 0, 0),
    };
    struct provmap_in_enrolment ens[3] = { EN(2, 1, CONSENT_GIVEN, "2026-01-01", ""),
                                           EN(3, 3, CONSENT_GIVEN, "2026-01-01", ""),
                                           EN(2, 4, CONSENT_DECLINED, "2026-01-01", "") };
    struct provmap_in_flag flags[4] = {
        { 1, "emotional", "screening", "SDQ, teacher, emotional: high" },
        { 2, "emotional", "factor", "Bereavement or loss" },
        { 3, "emotional", "factor", "Young carer" },
        { 4, "emotional", "screening", "SDQ, parent, emotional: high" }
    };
    struct provmap_input in = { .pupils = pupils,
                                .n_pupils = 4,
                                .provisions = prov,
                                .n_provisions = 3,
                                .enrolments = ens,
                                .n_enrolments = 3,
                                .flags = flags,
                                .n_flags = 4,
                                .outcome_codes = codes,
                                .outcome_labels = labels,
                                .n_outcomes = sizeof codes / sizeof *codes };
    str_copy(in.as_of, sizeof in.as_of, "2026-02-01");
    struct arena a;
    arena_init(&a, 0);
    struct err e;
    struct provmap m;
    assert_int_equal(provmap_compute(&in, &a, &m, &e), 0);
    /* Emotional wellbeing is targeted by two provisions, yet three of the
     * four children flagged on it take part in neither: Ben (only the
     * whole-school curriculum), Cal (only a reading group) and Dan
     * (declined the worry group). */
    assert_int_equal(m.n_unmet, 1);
    assert_string_equal(m.unmet[0].outcome, "emotional");
    assert_true(m.unmet[0].targeted);
    assert_int_equal(m.unmet[0].flagged, 4);
    assert_int_equal(m.unmet[0].pupils, 3);
    assert_string_equal(m.unmet[0].list[0].name, "Ben");
    assert_string_equal(m.unmet[0].list[0].reasons, "Bereavement or loss");
    assert_string_equal(m.unmet[0].list[1].name, "Cal");
    assert_string_equal(m.unmet[0].list[2].name, "Dan");
    assert_string_equal(m.unmet[0].list[2].reasons, "SDQ, parent, emotional: high");
    assert_int_equal(m.children_flagged, 4);
    assert_int_equal(m.children_unmet, 3);
    /* Ben joins the worry group: only Cal and Dan are left. */
    struct provmap_in_enrolment more[4] = { ens[0], ens[1], ens[2],
                                            EN(2, 2, CONSENT_AWAITING, "2026-01-20", "") };
    in.enrolments = more;
    in.n_enrolments = 4;
    assert_int_equal(provmap_compute(&in, &a, &m, &e), 0);
    assert_int_equal(m.unmet[0].pupils, 2);
    assert_string_equal(m.unmet[0].list[0].name, "Cal");
    /* ... until he leaves it. */
    str_copy(more[3].left_on, sizeof more[3].left_on, "2026-01-30");
    assert_int_equal(provmap_compute(&in, &a, &m, &e), 0);
    assert_int_equal(m.unmet[0].pupils, 3);
    /* Everyone in the group: nothing is unmet. */
    struct provmap_in_enrolment all[4] = { EN(2, 1, CONSENT_GIVEN, "2026-01-01", ""),
                                           EN(2, 2, CONSENT_GIVEN, "2026-01-01", ""),
                                           EN(2, 3, CONSENT_GIVEN, "2026-01-01", ""),
                                           EN(2, 4, CONSENT_GIVEN, "2026-01-01", "") };
    in.enrolments = all;
    assert_int_equal(provmap_compute(&in, &a, &m, &e), 0);
    assert_int_equal(m.n_unmet, 0);
    assert_int_equal(m.children_flagged, 4);
    assert_int_equal(m.children_unmet, 0);
    arena_release(&a);
}

/* Several provisions for one need at one tier, counted for the school:
 * separate provisions, a programme's cohorts once, current ones only. */
static void several_per_school(void **state)
{
    (void)state;
    struct provmap_in_pupil pupils[1] = { { .id = 1, .name = "Amy" } };
    struct provmap_in_provision prov[6] = {
        P(1, "FAST for Year 1", "selected", "strong", "2026-01-05", "2026-03-20", o_emo_peer, 2,
          NULL, 0, 0),
        P(2, "FAST for Year 2", "selected", "strong", "2026-01-05", "2026-03-20", o_emo_peer, 2,
          NULL, 0, 0),
        P(3, "Friendship group", "selected", "promising", "2026-01-05", "", o_emo_peer + 1, 1, NULL,
          0, 0),
        P(4, "Curriculum", "universal", "strong", "2025-09-01", "", o_emo, 1, NULL, 0, 0),
        P(5, "Old peer club", "selected", "strong", "2025-01-01", "2025-07-01", o_emo_peer + 1, 1,
          NULL, 0, 0),
        P(6, "Counselling", "indicated", "moderate", "2026-01-05", "", o_emo, 1, NULL, 0, 0),
    };
    prov[0].programme = prov[1].programme = "fast";
    struct provmap_input in = { .pupils = pupils,
                                .n_pupils = 1,
                                .provisions = prov,
                                .n_provisions = 6,
                                .outcome_codes = codes,
                                .outcome_labels = labels,
                                .n_outcomes = sizeof codes / sizeof *codes };
    str_copy(in.as_of, sizeof in.as_of, "2026-02-01");
    struct arena a;
    arena_init(&a, 0);
    struct err e;
    struct provmap m;
    assert_int_equal(provmap_compute(&in, &a, &m, &e), 0);
    /* emotional: the curriculum (universal), FAST's two cohorts (one
     * programme, selected), counselling (indicated): one at each tier */
    assert_int_equal(m.n_by_outcome, 2);
    assert_string_equal(m.by_outcome[0].outcome, "emotional");
    assert_int_equal(m.by_outcome[0].provisions[TIER_UNIVERSAL], 1);
    assert_int_equal(m.by_outcome[0].provisions[TIER_SELECTED], 1);
    assert_int_equal(m.by_outcome[0].n_provision_idx[TIER_SELECTED], 2);
    assert_int_equal(m.by_outcome[0].provisions[TIER_INDICATED], 1);
    /* peer: FAST and the friendship group at selected: several; the old
     * club has ended */
    assert_string_equal(m.by_outcome[1].outcome, "peer");
    assert_string_equal(m.by_outcome[1].label, "Peer relationships");
    assert_int_equal(m.by_outcome[1].provisions[TIER_SELECTED], 2);
    assert_int_equal(m.by_outcome[1].provisions[TIER_UNIVERSAL], 0);
    assert_int_equal(m.n_several, 1);
    /* Two cohorts of one programme alone are not several. */
    prov[2].tier = "indicated";
    assert_int_equal(provmap_compute(&in, &a, &m, &e), 0);
    assert_int_equal(m.by_outcome[1].provisions[TIER_SELECTED], 1);
    assert_int_equal(m.by_outcome[1].provisions[TIER_INDICATED], 1);
    assert_int_equal(m.n_several, 0);
    /* A second provision of its own at the universal tier: several there. */
    prov[4] = P(5, "Assemblies", "universal", NULL, "2025-09-01", "", o_emo, 1, NULL, 0, 0);
    assert_int_equal(provmap_compute(&in, &a, &m, &e), 0);
    assert_int_equal(m.by_outcome[0].provisions[TIER_UNIVERSAL], 2);
    assert_int_equal(m.n_several, 1);
    arena_release(&a);
}

/* A programme with follow-on meetings (FASTworks) stays on the map after its
 * last session, reaching those who completed it, at no new cost, until the
 * follow-on ends. */
static void followon_keeps_programme(void **state)
{
    (void)state;
    struct provmap_in_pupil pupils[3] = { { .id = 1, .name = "Amy" },
                                          { .id = 2, .name = "Ben" },
                                          { .id = 3, .name = "Cal" } };
    struct provmap_in_provision prov[1] = {
        P(1, "FAST for Year 1", "universal", "strong", "2025-09-08", "2025-10-27", o_emo_peer, 2,
          c_wider, 1, 300000),
    };
    prov[0].programme = "fast";
    prov[0].followon_name = "FASTworks";
    prov[0].followon_every = 1;
    str_copy(prov[0].followon_until, sizeof prov[0].followon_until, "2027-10-27");
    struct provmap_in_enrolment ens[3] = { EN(1, 1, CONSENT_GIVEN, "2025-09-08", ""),
                                           EN(1, 2, CONSENT_GIVEN, "2025-09-08", ""),
                                           EN(1, 3, CONSENT_GIVEN, "2025-09-08", "2025-09-20") };
    ens[0].completed = true;
    ens[2].completed = true; /* left: not in FASTworks whatever the count says */
    struct provmap_in_flag flags[2] = { { 1, "peer", "factor", "x" },
                                        { 2, "peer", "factor", "y" } };
    struct provmap_in_component comp = { "afa", "Achievement for All", "wider-outcomes",
                                         "Provision for wider outcomes" };
    struct provmap_input in = { .pupils = pupils,
                                .n_pupils = 3,
                                .provisions = prov,
                                .n_provisions = 1,
                                .enrolments = ens,
                                .n_enrolments = 3,
                                .flags = flags,
                                .n_flags = 2,
                                .components = &comp,
                                .n_components = 1,
                                .outcome_codes = codes,
                                .outcome_labels = labels,
                                .n_outcomes = sizeof codes / sizeof *codes };
    struct arena a;
    arena_init(&a, 0);
    struct err e;
    struct provmap m;
    /* While it runs: the two families taking part, at its cost. */
    str_copy(in.as_of, sizeof in.as_of, "2025-10-01");
    assert_int_equal(provmap_compute(&in, &a, &m, &e), 0);
    assert_int_equal(m.n_provisions, 1);
    assert_false(m.provisions[0].followon);
    assert_int_equal(m.provisions[0].pupils, 2);
    assert_int_equal(m.cost_total, 300000);
    assert_int_equal(m.tiers[TIER_UNIVERSAL].cost_per_pupil, 150000);
    assert_int_equal(m.n_unmet, 0);
    /* In FASTworks: still on the map, reaching Amy (who graduated), not
     * Ben; no new cost; the component is not a gap; Ben's flag is unmet. */
    str_copy(in.as_of, sizeof in.as_of, "2026-06-01");
    assert_int_equal(provmap_compute(&in, &a, &m, &e), 0);
    assert_int_equal(m.n_provisions, 1);
    assert_true(m.provisions[0].followon);
    assert_false(m.provisions[0].whole_school);
    assert_int_equal(m.provisions[0].pupils, 1);
    assert_int_equal(m.provisions[0].cost, 0);
    assert_int_equal(m.cost_total, 0);
    assert_int_equal(m.tiers[TIER_UNIVERSAL].pupils, 1);
    assert_int_equal(m.tiers[TIER_UNIVERSAL].provisions, 1);
    assert_int_equal(m.n_gaps, 0);
    assert_int_equal(m.n_unmet, 1);
    assert_int_equal(m.unmet[0].list[0].id, 2);
    /* The last day of FASTworks, then off the map. */
    str_copy(in.as_of, sizeof in.as_of, "2027-10-27");
    assert_int_equal(provmap_compute(&in, &a, &m, &e), 0);
    assert_int_equal(m.n_provisions, 1);
    str_copy(in.as_of, sizeof in.as_of, "2027-10-28");
    assert_int_equal(provmap_compute(&in, &a, &m, &e), 0);
    assert_int_equal(m.n_provisions, 0);
    assert_int_equal(m.n_gaps, 1);
    /* A programme without follow-on meetings leaves the map when it ends. */
    prov[0].followon_until[0] = '\0';
    str_copy(in.as_of, sizeof in.as_of, "2026-06-01");
    assert_int_equal(provmap_compute(&in, &a, &m, &e), 0);
    assert_int_equal(m.n_provisions, 0);
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
    assert_int_equal(m.tiers[TIER_UNIVERSAL].pupils, 0);
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

/* On roll is one definition (pupil_roll): a pupil admitted after the day
 * or gone before it is not on the map, nor in the home page's counts; a
 * FAST cohort whose eight weeks have ended stays on the map in FASTworks,
 * reaching the families who graduated (6 of 8 sessions with a child and a
 * parent). */
static void roll_and_fastworks_from_db(void **state)
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
    int64_t pupil[5];
    static const char *const names[] = { "Amy", "Ben", "Cara", "Dev", "Eve" };
    static const char *const admitted[] = { "2020-09-03", "", "2025-09-04", "2026-04-20",
                                            "2020-09-03" };
    static const char *const left[] = { "", "", "", "", "2026-02-13" };
    for (int i = 0; i < 5; i++) {
        struct pupil p = { .legal_surname = "Lee", .sex = "F", .nc_year = "1", .eal = -1 };
        p.legal_forename = names[i];
        str_copy(p.dob, sizeof p.dob, "2019-10-01");
        str_copy(p.sen, sizeof p.sen, i == 1 ? "K" : i == 3 ? "E" : "N");
        str_copy(p.admission_date, sizeof p.admission_date, admitted[i]);
        str_copy(p.leaving_date, sizeof p.leaving_date, left[i]);
        char upn[14];
        assert_int_equal(upn_make(upn, 999, 2001, 20, i + 1), 0);
        str_copy(p.upn, sizeof p.upn, upn);
        enum pupil_save_result res;
        assert_int_equal(pupil_save(db, sc.id, &p, PF_ALL, "test", &res, &e), 0);
        pupil[i] = p.id;
    }
    /* The roll: Dev joins in April, Eve left in February. */
    struct pupil_roll_counts rc;
    assert_int_equal(pupil_roll_counts(db, &a, sc.id, NULL, &rc, &e), 0);
    assert_int_equal(rc.on_roll, 3);
    assert_int_equal(rc.sen_support, 1);
    assert_int_equal(rc.ehc_plan, 0); /* Dev is not on roll yet */
    assert_int_equal(rc.no_key_teacher, 3);
    assert_int_equal(rc.joining, 1);
    assert_int_equal(pupil_roll_counts(db, &a, sc.id, "2026-05-01", &rc, &e), 0);
    assert_int_equal(rc.on_roll, 4);
    assert_int_equal(rc.ehc_plan, 1);
    assert_int_equal(rc.joining, 0);
    assert_int_equal(pupil_roll_counts(db, &a, sc.id, "2026-02-12", &rc, &e), 0);
    assert_int_equal(rc.on_roll, 4); /* Eve's last day was before her leaving date */
    assert_int_equal(pupil_roll_counts(db, &a, sc.id, "1 March", &rc, &e), ERR_INPUT);

    /* FAST for Year 1 from 8 September 2025: Amy's family comes to 6 of 8
     * sessions, Ben's to 2. */
    struct audit_entry who = { .actor = "test" };
    struct progtemplate t;
    assert_int_equal(progtemplate_by_key(db, &a, sc.id, "fast", &t, &e), 0);
    struct provision p = { .school_id = sc.id, .name = "FAST for Year 1" };
    str_copy(p.start_date, sizeof p.start_date, "2025-09-08");
    struct problems pr;
    problems_init(&pr, &a);
    assert_int_equal(programme_start(db, &a, &t, &p, &pr, &who, &e), 0);
    assert_string_equal(p.end_date, "2025-11-03"); /* 27 October is half term */
    int64_t en_id[2];
    for (int i = 0; i < 2; i++) {
        struct enrolment en = { .provision_id = p.id,
                                .pupil_id = pupil[i],
                                .consent = CONSENT_GIVEN };
        str_copy(en.enrolled_on, sizeof en.enrolled_on, "2025-09-08");
        assert_int_equal(provision_enrol(db, &en, &who, &e), 0);
        en_id[i] = en.id;
    }
    struct prog_session *ss;
    size_t n_ss;
    assert_int_equal(programme_sessions(db, &a, p.id, &ss, &n_ss, &e), 0);
    assert_int_equal(n_ss, 8);
    for (size_t i = 0; i < n_ss; i++) {
        struct prog_attendance at[2] = {
            { .enrolment_id = en_id[0], .child = i < 6, .parent = i < 6 },
            { .enrolment_id = en_id[1], .child = i < 2, .parent = i < 2 }
        };
        struct prog_session_record r = { .attendance = at, .n_attendance = 2 };
        assert_int_equal(programme_session_record(db, &a, p.id, ss[i].id, &r, &who, &e), 0);
    }
    struct provmap m;
    assert_int_equal(provmap_build(db, &a, sc.id, NULL, &who, &m, &e), 0);
    assert_int_equal(m.pupils_on_roll, 3);
    assert_int_equal(m.n_provisions, 1);
    assert_true(m.provisions[0].followon);
    assert_string_equal(m.provisions[0].in->followon_name, "FASTworks");
    assert_string_equal(m.provisions[0].in->followon_until, "2027-11-03");
    assert_int_equal(m.provisions[0].pupils, 1); /* Amy's family graduated */
    assert_int_equal(m.provisions[0].cost, 0);
    assert_int_equal(m.tiers[TIER_UNIVERSAL].pupils, 1);
    /* While the eight weeks ran, both families, at its cost. */
    assert_int_equal(provmap_build(db, &a, sc.id, "2025-10-01", &who, &m, &e), 0);
    assert_false(m.provisions[0].followon);
    assert_int_equal(m.provisions[0].pupils, 2);
    /* Two years on, FAST has left the map. */
    assert_int_equal(provmap_build(db, &a, sc.id, "2027-11-04", &who, &m, &e), 0);
    assert_int_equal(m.n_provisions, 0);
    arena_release(&a);
    db_close(db);
    test_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_whole_map),
        cmocka_unit_test(overload_edges),
        cmocka_unit_test(empty_school),
        cmocka_unit_test(cost_per_pupil_rounds),
        cmocka_unit_test(unmet_per_child),
        cmocka_unit_test(several_per_school),
        cmocka_unit_test(followon_keeps_programme),
        cmocka_unit_test(build_from_db),
        cmocka_unit_test(roll_and_fastworks_from_db),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
