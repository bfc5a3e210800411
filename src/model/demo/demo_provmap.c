#include "model/demo/demo_provmap.h"

#include <string.h>

#include "core/arena.h"
#include "core/problems.h"
#include "core/str.h"
#include "db/db.h"
#include "model/calendar/schoolyear.h"
#include "model/demo/demo.h"
#include "model/demo/demo_days.h"
#include "model/conversations/scope.h"
#include "model/register/audit.h"
#include "model/provision/framework.h"
#include "model/provision/involvement.h"
#include "model/provision/provision.h"
#include "model/provision/review.h"

struct ctx {
    struct db *db;
    gsl_rng *rng;
    struct arena *a;
    struct err *e;
    struct audit_entry who;
    int64_t school_id, reviewer;
    struct date today;
    struct demo_days days;
    struct demo_provmap_summary *s;
    int64_t *pupils; /* on roll, Years 1 to 6, by id */
    size_t n_pupils;
    size_t next; /* the next pupil to take from the shuffled list */
};

/* The school day `days` from today: on or before it for today and the past,
 * on or after it for the future (so the order of any two dates is kept). */
static void iso_in(const struct ctx *c, long days, char out[11])
{
    struct date d = date_from_days(date_to_days(c->today) + days);
    date_iso(days > 0 ? demo_day_after(&c->days, d) : demo_day(&c->days, d), out);
}

static int uniform_int(struct ctx *c, int n)
{
    return (int)gsl_rng_uniform_int(c->rng, (unsigned long)n);
}

static int load_pupils(struct ctx *c)
{
    struct db_stmt *st;
    int rc = db_prepare(c->db, &st,
                        "SELECT id FROM pupil WHERE school_id = ?1 AND leaving_date IS NULL AND"
                        " nc_year IN ('1', '2', '3', '4', '5', '6') ORDER BY id",
                        c->e);
    if (rc)
        return rc;
    db_bind_int(st, 1, c->school_id);
    size_t cap = 0;
    while ((rc = db_step(st, c->e)) == DB_ROW) {
        int64_t *p = arena_push(c->a, &c->pupils, &c->n_pupils, &cap, sizeof *p);
        if (!p) {
            rc = err_set(c->e, ERR_NOMEM, "out of memory");
            break;
        }
        *p = db_col_int(st, 0);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    /* A seeded shuffle, so the pupils chosen differ from seed to seed. */
    for (size_t i = c->n_pupils; i > 1; i--) {
        size_t j = (size_t)uniform_int(c, (int)i);
        int64_t t = c->pupils[i - 1];
        c->pupils[i - 1] = c->pupils[j];
        c->pupils[j] = t;
    }
    if ((rc = db_prepare(c->db, &st,
                         "SELECT id FROM staff WHERE school_id = ?1 AND role = 'lead' ORDER BY id"
                         " LIMIT 1",
                         c->e)))
        return rc;
    db_bind_int(st, 1, c->school_id);
    rc = db_step(st, c->e);
    c->reviewer = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static int64_t take_pupil(struct ctx *c)
{
    if (!c->n_pupils)
        return 0;
    return c->pupils[c->next++ % c->n_pupils];
}

struct spec {
    const char *name, *tier, *evidence, *reference, *description;
    const char *outcomes[4];
    const char *components[3];
    int sessions, minutes;
    double staff_hours;
    int64_t rate_pence, other_pence;
    const char *other_what;
    long start, end, review; /* days from today; end/review 0: none */
    bool has_end, has_review;
};

static int add_provision(struct ctx *c, struct spec *sp, int64_t *id)
{
    struct provision p = { .school_id = c->school_id,
                           .name = sp->name,
                           .tier = sp->tier,
                           .evidence_rating = sp->evidence,
                           .evidence_reference = sp->reference,
                           .description = sp->description,
                           .sessions = sp->sessions,
                           .session_minutes = sp->minutes,
                           .staff_hours_per_session = sp->staff_hours,
                           .hourly_rate_pence = sp->rate_pence,
                           .outcomes = sp->outcomes };
    while (p.n_outcomes < 4 && sp->outcomes[p.n_outcomes])
        p.n_outcomes++;
    struct provision_cost_item item = { .what = sp->other_what, .pence = sp->other_pence };
    if (sp->other_pence) {
        p.costs = &item;
        p.n_costs = 1;
    }
    iso_in(c, sp->start, p.start_date);
    if (sp->has_end)
        iso_in(c, sp->end, p.end_date);
    if (sp->has_review)
        iso_in(c, sp->review, p.review_date);
    int rc = provision_create(c->db, &p, &c->who, c->e);
    if (rc)
        return rc;
    *id = p.id;
    c->s->provisions++;
    size_t n = 0;
    while (n < 3 && sp->components[n])
        n++;
    if (n)
        rc = framework_map_provision(c->db, c->a, c->school_id, p.id, sp->components, n, &c->who,
                                     c->e);
    return rc;
}

static int enrol(struct ctx *c, int64_t prov, int64_t pupil, enum consent consent, long on,
                 long left)
{
    if (!prov)
        return 0; /* a provision this school does not run (its gaps) */
    struct enrolment en = { .provision_id = prov, .pupil_id = pupil, .consent = consent };
    iso_in(c, on, en.enrolled_on);
    iso_in(c, on - 7, en.consent_on);
    if (consent == CONSENT_AWAITING || consent == CONSENT_NOT_REQUESTED)
        en.consent_on[0] = '\0';
    if (left) {
        iso_in(c, left, en.left_on);
        en.left_reason = "moved to a different group";
    }
    int rc = provision_enrol(c->db, &en, &c->who, c->e);
    if (rc == 0)
        c->s->enrolments++;
    return rc;
}

static const char *const notes_by_score[5] = {
    "Finding the group hard at the moment; we will talk with the family about what helps.",
    "Some progress, less than we hoped; more time with a trusted adult planned.",
    "Making the progress we expected.",
    "More settled and joining in more than we expected.",
    "A big change: confident in the group and with friends at playtime.",
};

static int review(struct ctx *c, int64_t prov, int64_t pupil, long on)
{
    /* Mostly as expected or better. */
    static const int weights[] = { -2, -1, 0, 0, 1, 1, 1, 2 };
    if (!prov)
        return 0;
    int score = weights[uniform_int(c, 8)];
    struct review r = { .provision_id = prov,
                        .pupil_id = pupil,
                        .score = score,
                        .note = notes_by_score[score + 2],
                        .reviewer_id = c->reviewer,
                        .reviewer = c->reviewer ? NULL : "Demo reviewer" };
    iso_in(c, on, r.reviewed_on);
    struct problems pr;
    problems_init(&pr, c->a);
    char today[11];
    date_iso(c->today, today);
    int rc = review_add(c->db, &r, today, &pr, &c->who, c->e);
    if (rc == 0)
        c->s->reviews++;
    if (rc == ERR_INPUT) { /* a tiny demo school picks a pupil twice: skip */
        err_clear(c->e);
        rc = 0;
    }
    return rc;
}

static int involvement(struct ctx *c, int64_t pupil, const char *service, long referred,
                       const char *asked, const enum inv_status *status, long status_on,
                       const char *advice, long advice_on)
{
    char today[11];
    date_iso(c->today, today);
    struct involvement iv = { .pupil_id = pupil, .service = service, .asked = asked };
    iso_in(c, referred, iv.referred_on);
    struct problems pr;
    problems_init(&pr, c->a);
    int rc = involvement_add(c->db, &iv, today, &pr, &c->who, c->e);
    if (rc)
        return rc;
    c->s->involvements++;
    char s_on[11], a_on[11];
    iso_in(c, status_on, s_on);
    iso_in(c, advice_on, a_on);
    if (advice) {
        struct inv_update u = { .advice = advice, .advice_on = a_on };
        if ((rc = involvement_update(c->db, iv.id, c->school_id, &u, today, &pr, &c->who, c->e)))
            return rc;
    }
    if (status) {
        struct inv_update u = { .status = status, .status_on = s_on };
        rc = involvement_update(c->db, iv.id, c->school_id, &u, today, &pr, &c->who, c->e);
    }
    return rc;
}

/* Reviews of the programme cohorts that have ended: most pupils a few
 * days after the end, a few not yet (overdue). */
static int review_programmes(struct ctx *c)
{
    struct db_stmt *st;
    int rc = db_prepare(c->db, &st,
                        "SELECT e.provision_id, e.pupil_id, p.end_date FROM enrolment e JOIN"
                        " provision p ON p.id = e.provision_id WHERE p.school_id = ?1 AND"
                        " p.template_id IS NOT NULL AND p.end_date IS NOT NULL AND"
                        " e.consent = 'given' AND e.left_on IS NULL ORDER BY e.id",
                        c->e);
    if (rc)
        return rc;
    db_bind_int(st, 1, c->school_id);
    struct row {
        int64_t prov, pupil;
        long end;
    } *rows = NULL;
    size_t n = 0, cap = 0;
    while ((rc = db_step(st, c->e)) == DB_ROW) {
        struct date d;
        if (date_parse(db_col_text(st, 2), &d))
            continue;
        struct row *r = arena_push(c->a, &rows, &n, &cap, sizeof *r);
        if (!r) {
            rc = err_set(c->e, ERR_NOMEM, "out of memory");
            break;
        }
        r->prov = db_col_int(st, 0);
        r->pupil = db_col_int(st, 1);
        r->end = date_to_days(d) - date_to_days(c->today);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        long on = rows[i].end + 5;
        if (on > 0 || uniform_int(c, 8) == 0)
            continue; /* not reviewed yet */
        if ((rc = review(c, rows[i].prov, rows[i].pupil, on)))
            return rc;
    }
    return 0;
}

/* The existing programme cohorts, mapped onto the frameworks. */
static int map_programmes(struct ctx *c)
{
    struct db_stmt *st;
    int rc = db_prepare(c->db, &st,
                        "SELECT p.id, t.key FROM provision p JOIN programme_template t ON t.id ="
                        " p.template_id WHERE p.school_id = ?1 ORDER BY p.id",
                        c->e);
    if (rc)
        return rc;
    db_bind_int(st, 1, c->school_id);
    int64_t ids[16];
    bool fast[16];
    size_t n = 0;
    while ((rc = db_step(st, c->e)) == DB_ROW && n < 16) {
        ids[n] = db_col_int(st, 0);
        fast[n] = db_col_text(st, 1) && !strcmp(db_col_text(st, 1), "fast");
        n++;
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    static const char *const fast_refs[] = { "afa/wider-outcomes", "tamhs/parent" };
    static const char *const story_refs[] = { "afa/assessment", "tamhs/parent", "tamhs/child" };
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = fast[i] ? framework_map_provision(c->db, c->a, c->school_id, ids[i], fast_refs, 2,
                                               &c->who, c->e)
                     : framework_map_provision(c->db, c->a, c->school_id, ids[i], story_refs, 3,
                                               &c->who, c->e);
    return rc;
}

static int enrol_conversation_scope(struct ctx *c, int64_t prov, long on)
{
    struct db_stmt *st;
    int rc = db_prepare(c->db, &st,
                        "SELECT p.id FROM pupil p LEFT JOIN conversation_scope s ON"
                        " s.pupil_id = p.id WHERE p.school_id = ?1 AND p.leaving_date IS NULL"
                        " AND " SCOPE_IN_SQL " ORDER BY p.id",
                        c->e);
    if (rc)
        return rc;
    db_bind_int(st, 1, c->school_id);
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    while ((rc = db_step(st, c->e)) == DB_ROW) {
        int64_t *id = arena_push(c->a, &ids, &n, &cap, sizeof *id);
        if (!id) {
            rc = err_set(c->e, ERR_NOMEM, "out of memory");
            break;
        }
        *id = db_col_int(st, 0);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < n; i++)
        if ((rc = enrol(c, prov, ids[i], CONSENT_GIVEN, on, 0)))
            return rc;
    return 0;
}

/* The provisions the demo school runs, in the order demo_provmap adds them;
 * schedule_provision sets their dates. */
static const struct spec provision_specs[] = {
    { .name = "PSHE and RSE curriculum",
      .tier = "universal",
      .evidence = "promising",
      .reference = "DEMO: the school's planned PSHE and RSE scheme of work",
      .description = "Weekly lessons for every class on feelings, friendships, staying safe "
                     "and healthy relationships.",
      .outcomes = { "emotional", "positive_relationships", "bullying" },
      .components = { "afa/wider-outcomes", "tamhs/child" },
      .sessions = 36,
      .minutes = 45,
      .staff_hours = 1,
      .rate_pence = 2600 },
    { .name = "Whole-school wellbeing approach",
      .tier = "universal",
      .evidence = "moderate",
      .reference = "DEMO: whole-school approach to emotional health and wellbeing",
      .description = "Calm spaces in every classroom and a trusted adult for every child.",
      .outcomes = { "emotional", "participation", "positive_relationships" },
      .components = { "afa/wider-outcomes", "tamhs/child" },
      .other_what = "Calm-space furniture and resources",
      .other_pence = 120000 },
    { .name = "Nurture group",
      .tier = "selected",
      .evidence = "moderate",
      .reference = "DEMO: nurture group evaluations",
      .description = "A small group, four afternoons a week, with two adults.",
      .outcomes = { "emotional", "peer", "conduct" },
      .components = { "afa/assessment", "tamhs/child" },
      .sessions = 30,
      .minutes = 90,
      .staff_hours = 3,
      .rate_pence = 1450,
      .other_what = "Resources and snack",
      .other_pence = 15000 },
    { .name = "Social skills group",
      .tier = "selected",
      .evidence = "promising",
      .description = "Six children practise taking turns, joining in and sorting out "
                     "disagreements.",
      .outcomes = { "peer", "positive_relationships" },
      .components = { "tamhs/child" },
      .sessions = 10,
      .minutes = 40,
      .staff_hours = 1,
      .rate_pence = 1450 },
    { .name = "Parents' coffee mornings",
      .tier = "universal",
      .description = "A fortnightly drop-in for parents and carers with the family support "
                     "worker and a guest speaker.",
      .outcomes = { "parental_engagement", "family_relationships" },
      .components = { "tamhs/parent" },
      .sessions = 18,
      .minutes = 60,
      .staff_hours = 1.5,
      .rate_pence = 1600 },
    { .name = "One-to-one counselling",
      .tier = "indicated",
      .evidence = "moderate",
      .reference = "DEMO: school-based counselling evaluations",
      .description = "Weekly sessions with the school counsellor, by referral.",
      .outcomes = { "emotional", "family_relationships" },
      .components = { "tamhs/child", "afa/assessment" },
      .sessions = 12,
      .minutes = 50,
      .staff_hours = 1,
      .rate_pence = 3500 },
    { .name = "Structured conversations with parents",
      .tier = "selected",
      .evidence = "moderate",
      .reference = "DEMO: Achievement for All evaluation of structured conversations",
      .description = "Three conversations a year with the family of each child on SEN "
                     "support, led by the child's key teacher (recorded in meso).",
      .outcomes = { "parental_engagement" },
      .components = { "afa/conversations", "tamhs/parent" },
      .sessions = 3,
      .minutes = 60,
      .staff_hours = 1,
      .rate_pence = 2600 },
    { .name = "Emotional literacy support (ELSA-style)",
      .tier = "selected",
      .evidence = "promising",
      .description = "Weekly one-to-one time with a trained teaching assistant to name and "
                     "manage feelings.",
      .outcomes = { "emotional" },
      .components = { "tamhs/child" },
      .sessions = 6,
      .minutes = 30,
      .staff_hours = 0.5,
      .rate_pence = 1450 },
};

/* Sets when provision i of provision_specs runs, in days from today; since_sept is
 * how long the school year has run (at least 70 days). */
static void schedule_provision(struct spec *sp, size_t i, long since_sept)
{
    switch (i) {
    case 0:
    case 1:
    case 4:
        sp->start = -since_sept;
        break;
    case 6: /* the school year; reviewed through the conversations themselves */
        sp->start = -since_sept;
        break;
    case 5: /* twelve weeks from five weeks ago */
        sp->start = -35;
        sp->has_end = true;
        sp->end = 49;
        sp->has_review = true;
        sp->review = 21;
        break;
    case 2: /* all year, reviewed in ten days' time */
        sp->start = -since_sept + 14;
        sp->has_end = true;
        sp->end = 120;
        sp->has_review = true;
        sp->review = 10;
        break;
    case 3: /* ten weeks, ending soon; its review date has passed */
        sp->start = -63;
        sp->has_end = true;
        sp->end = 7;
        sp->has_review = true;
        sp->review = -5;
        break;
    default: /* six weeks from a fortnight ago */
        sp->start = -14;
        sp->has_end = true;
        sp->end = 28;
        sp->has_review = true;
        sp->review = 28;
        break;
    }
}

/* Adds provision_specs to the map, leaving out those a demo gap (DEMO_GAP_*) asks
 * to miss; *ids[i] gets provision i's id, and stays 0 if it is left out. */
static int add_provisions(struct ctx *c, unsigned gaps, long since_sept, int64_t *const ids[])
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof provision_specs / sizeof *provision_specs; i++) {
        struct spec sp = provision_specs[i];
        schedule_provision(&sp, i, since_sept);
        static const unsigned gap_of[] = { DEMO_GAP_WHOLE_SCHOOL,  DEMO_GAP_WHOLE_SCHOOL,
                                           DEMO_GAP_NURTURE,       0,
                                           DEMO_GAP_PARENTS,       DEMO_GAP_NURTURE,
                                           DEMO_GAP_CONVERSATIONS, 0 };
        if (!(gaps & gap_of[i]))
            rc = add_provision(c, &sp, ids[i]);
    }
    return rc;
}

/* The pupils in the three groups, some in more than one (overload). */
struct groups {
    int64_t ng[8]; /* nurture */
    int64_t sk[6]; /* social skills */
    int64_t el[4]; /* ELSA */
};

/* Chooses the groups' pupils and enrols them, and three pupils in counselling. */
static int enrol_groups(struct ctx *c, int64_t nurture, int64_t social, int64_t elsa,
                        int64_t counselling, long since_sept, struct groups *g)
{
    int rc = 0;
    /* Nurture group: eight pupils, one declined, one left. */
    for (int i = 0; i < 8; i++)
        g->ng[i] = take_pupil(c);
    for (int i = 0; rc == 0 && i < 8; i++)
        rc = enrol(c, nurture, g->ng[i], i == 6 ? CONSENT_DECLINED : CONSENT_GIVEN,
                   -since_sept + 14, i == 7 ? -30 : 0);
    /* Social skills: two from the nurture group (overload on peer). */
    g->sk[0] = g->ng[0];
    g->sk[1] = g->ng[1];
    for (int i = 2; i < 6; i++)
        g->sk[i] = take_pupil(c);
    for (int i = 0; rc == 0 && i < 6; i++)
        rc = enrol(c, social, g->sk[i], i == 5 ? CONSENT_AWAITING : CONSENT_GIVEN, -63, 0);
    /* ELSA: one from the nurture group (overload on emotional). */
    g->el[0] = g->ng[2];
    for (int i = 1; i < 4; i++)
        g->el[i] = take_pupil(c);
    for (int i = 0; rc == 0 && i < 4; i++)
        rc = enrol(c, elsa, g->el[i], CONSENT_GIVEN, -14, 0);
    /* Counselling: three pupils. */
    for (int i = 0; rc == 0 && i < 3; i++)
        rc = enrol(c, counselling, take_pupil(c), CONSENT_GIVEN, -35, 0);
    return rc;
}

/* The groups' reviews: some done, some due, some overdue. */
static int review_groups(struct ctx *c, int64_t nurture, int64_t social, long since_sept,
                         const struct groups *g)
{
    int rc = 0;
    /* Reviews: the nurture group's first four inside the window (done),
     * the rest due; the social skills group half done, half overdue. */
    for (int i = 0; rc == 0 && i < 4; i++)
        rc = review(c, nurture, g->ng[i], -3 - i);
    for (int i = 0; rc == 0 && i < 3; i++)
        rc = review(c, social, g->sk[i], -10 - i);
    /* An earlier review of the nurture group, from the autumn. */
    if (rc == 0 && since_sept > 80)
        rc = review(c, nurture, g->ng[4], -since_sept + 60);
    return rc;
}

/* External involvements: referrals to services for four of the groups' pupils. */
static int add_involvements(struct ctx *c, const struct groups *g)
{
    int rc = 0;
    enum inv_status accepted = INV_ACCEPTED, closed = INV_CLOSED;
    if (rc == 0)
        rc = involvement(c, g->ng[0], "educational_psychology", -70,
                         "Advice on how best to support learning and attention in class", NULL, 0,
                         NULL, 0);
    if (rc == 0)
        rc = involvement(c, g->el[1], "camhs", -30,
                         "An assessment of worries that are affecting sleep and school", &accepted,
                         -20, NULL, 0);
    if (rc == 0)
        rc = involvement(c, g->sk[2], "speech_language_therapy", -120,
                         "Assessment of understanding of spoken language", NULL, 0,
                         "Use short instructions with pictures; check understanding by asking "
                         "the child to say it back; a weekly language group.",
                         -60);
    if (rc == 0)
        rc = involvement(c, g->ng[3], "early_help", -150,
                         "Family support with routines and school attendance", &closed, -40,
                         "A family support worker visited weekly for ten weeks; routines are "
                         "settled and attendance has improved.",
                         -45);
    return rc;
}

int demo_provmap(struct db *db, gsl_rng *rng, int64_t school_id, const char *actor,
                 struct date today, unsigned gaps, struct demo_provmap_summary *s, struct err *e)
{
    memset(s, 0, sizeof *s);
    struct arena a;
    arena_init(&a, 0);
    struct ctx c = { .db = db,
                     .rng = rng,
                     .a = &a,
                     .e = e,
                     .who = { .actor = actor ? actor : "demo" },
                     .school_id = school_id,
                     .today = today,
                     .s = s };
    int year_start = schoolyear_of(today);
    struct date sept = { .y = year_start, .m = 9, .d = 4 };
    long since_sept = date_to_days(today) - date_to_days(sept);
    if (since_sept < 70)
        since_sept = 70; /* early in the year: start the groups before today */
    const char *keys[] = { "afa", "tamhs" };
    int rc = demo_days_load(db, &a, school_id, year_start, &c.days, e);
    if (rc == 0)
        rc = framework_choose(db, school_id, keys, 2, c.who.actor, e);
    if (rc == 0)
        rc = load_pupils(&c);
    if (rc == 0)
        rc = map_programmes(&c);
    int64_t pshe = 0, whole = 0, nurture = 0, social = 0, coffee = 0, counselling = 0,
            conversations = 0, elsa = 0;
    int64_t *ids[] = { &pshe,   &whole,       &nurture,       &social,
                       &coffee, &counselling, &conversations, &elsa };
    if (rc == 0)
        rc = add_provisions(&c, gaps, since_sept, ids);
    (void)pshe;
    (void)whole;
    (void)coffee;
    /* The nurture, social skills and ELSA groups, and counselling. */
    struct groups g = { 0 };
    if (rc == 0)
        rc = enrol_groups(&c, nurture, social, elsa, counselling, since_sept, &g);
    /* Structured conversations: every child in their scope (SEN support, EHC
     * plans, and those a lead added), from the start of the year. */
    if (rc == 0 && conversations)
        rc = enrol_conversation_scope(&c, conversations, -since_sept);
    /* Reviews: the programme cohorts that have ended, most of them. */
    if (rc == 0)
        rc = review_programmes(&c);
    if (rc == 0)
        rc = review_groups(&c, nurture, social, since_sept, &g);
    if (rc == 0)
        rc = add_involvements(&c, &g);
    arena_release(&a);
    return rc;
}
