#include "model/demo/demo_measures.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <string.h>

#include "core/arena.h"
#include "db/db.h"
#include "model/measures/assessment.h"
#include "model/register/audit.h"
#include "model/measures/measure.h"
#include "model/register/outcomes.h"
#include "model/calendar/schoolyear.h"
#include "model/demo/demo_days.h"
#include "score/builtin.h"

/* The subscales in the SDQ's order; the last is prosocial, where the model
 * holds a lack of kindness, so higher is always more difficulty. */
enum { EMO, CON, HYP, PEER, PRO, N_SUB };

struct kid {
    int64_t id;
    struct date dob;
    double g;          /* general level of difficulty */
    double sub[N_SUB]; /* per subscale */
    double drift;      /* change through this year: < 0 improves */
    bool follow_up;    /* screened high or very high in the autumn */
    bool on_sen;       /* SEN support or an EHC plan */
    int held_last;     /* structured conversations held with the family last school year */
};

struct ctx {
    gsl_rng *rng;
    struct db *db;
    struct arena *a;
    struct err *e;
    struct audit_entry who;
    int64_t school_id;
    struct date today;
    struct demo_days days;
    struct demo_measures_summary *s;
};

static double unif(struct ctx *c)
{
    return gsl_rng_uniform(c->rng);
}

static double normal(struct ctx *c, double sd)
{
    return gsl_ran_gaussian(c->rng, sd);
}

static bool chance(struct ctx *c, double p)
{
    return unif(c) < p;
}

static struct date add_days(struct date d, long n)
{
    return date_from_days(date_to_days(d) + n);
}

/* A school day in [lo, hi]; the school day on or before hi when there is
 * none (model/demo/demo_days.h). */
static struct date weekday_between(struct ctx *c, struct date lo, struct date hi)
{
    return demo_day_between(&c->days, c->rng, lo, hi);
}

static int clampi(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* The pupils of a year group with what the model needs. */
static int load_kids(struct ctx *c, const char *year, struct kid **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(c->db, &st,
                        "SELECT id, dob, sen_provision, coalesce(sen_primary_need, ''),"
                        " (SELECT count(*) FROM conversation v WHERE v.pupil_id = pupil.id"
                        " AND v.status = 'complete' AND v.event_date BETWEEN ?3 AND ?4)"
                        " FROM pupil WHERE school_id = ?1 AND nc_year = ?2"
                        " AND leaving_date IS NULL ORDER BY id",
                        c->e);
    if (rc)
        return rc;
    char from[DATE_ISO_LEN], to[DATE_ISO_LEN];
    date_iso(schoolyear_start(schoolyear_of(c->today) - 1), from);
    date_iso(schoolyear_end(schoolyear_of(c->today) - 1), to);
    db_bind_int(st, 1, c->school_id);
    db_bind_text(st, 2, year);
    db_bind_text(st, 3, from);
    db_bind_text(st, 4, to);
    size_t cap = 0;
    while ((rc = db_step(st, c->e)) == DB_ROW) {
        struct kid *k = arena_push(c->a, out, n, &cap, sizeof *k);
        if (!k) {
            rc = err_set(c->e, ERR_NOMEM, "out of memory");
            break;
        }
        k->id = db_col_int(st, 0);
        k->held_last = (int)db_col_int(st, 4);
        date_parse(db_col_text(st, 1), &k->dob);
        const char *sen = db_col_text(st, 2), *need = db_col_text(st, 3);
        k->on_sen = sen[0] == 'K' || sen[0] == 'E';
        k->g = normal(c, 1.0) +
               (sen[0] == 'K'   ? 0.6
                : sen[0] == 'E' ? 0.9
                                : 0.0) +
               (!strcmp(need, "SEMH") ? 1.0 : 0.0);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    /* Each child's subscales and how they change this year, in id order. */
    for (size_t i = 0; i < *n; i++) {
        struct kid *k = &(*out)[i];
        for (int s = 0; s < N_SUB; s++)
            k->sub[s] = 0.55 * k->g + 0.83 * normal(c, 1.0);
        double r = unif(c);
        k->drift = r < 0.7 ? -0.4 - 0.6 * unif(c) : r < 0.85 ? 0.4 * unif(c) : 0.0;
    }
    return 0;
}

/* One item's code for a child whose level on subscale s is x. The
 * thresholds differ a little by subscale, as real items' frequencies do
 * (restlessness is common, being picked on rarer). */
static int item_code(struct ctx *c, double x, int s)
{
    static const double shift[N_SUB] = { 0.3, 0.3, -0.3, 0.5, 0.2 };
    double y = x + normal(c, 0.8) - shift[s];
    if (s == PRO) /* kind and helpful: mostly "certainly true" */
        return y < 0.6 ? 2 : y < 1.6 ? 1 : 0;
    return y < 0.95 ? 0 : y < 1.95 ? 1 : 2;
}

/* Answers to an SDQ as ticked on the paper form (reversed items ticked the
 * other way round), with the occasional item left blank. */
static void sdq_answers(struct ctx *c, const struct instrument *in, const struct kid *k,
                        double shift, struct assessment_input *a)
{
    a->n_responses = in->n_items;
    for (size_t i = 0; i < in->n_items; i++)
        a->responses[i] = SCORE_MISSING;
    for (size_t s = 0; s < in->n_scales && s < N_SUB; s++)
        for (size_t j = 0; j < in->scales[s].n_items; j++) {
            int item = in->scales[s].items[j];
            int code = item_code(c, k->sub[s] + shift, (int)s);
            for (size_t r = 0; r < in->n_reversed; r++)
                if (in->reversed[r] == item)
                    code = 2 - code;
            a->responses[item - 1] = chance(c, 0.015) ? SCORE_MISSING : code;
        }
    /* The impact questions on the back, usually filled in. */
    a->n_impact = 0;
    if (!in->impact || chance(c, 0.2))
        return;
    const struct instrument_impact *imp = in->impact;
    double t = k->g + shift + normal(c, 0.5);
    a->n_impact = imp->n_items;
    int gate = t < 1.1 ? 0 : t < 1.7 ? 1 : t < 2.3 ? 2 : 3;
    a->impact[0] = gate;
    for (size_t i = 1; i < imp->n_items; i++)
        a->impact[i] = gate ? clampi((int)lround(t - 0.8 + normal(c, 0.7)), 0, 3) : 0;
}

static int record(struct ctx *c, const struct kid *k, const char *informant, const char *by,
                  struct date on, double shift, int64_t *id)
{
    struct assessment_input in = { .pupil_id = k->id, .school_id = c->school_id };
    in.age_years = date_age_years(k->dob, on);
    const struct instrument *ins;
    struct err e2;
    if (instrument_sdq_form(informant, in.age_years, &ins, &e2) != 0)
        return 0; /* too young or old for this form: not asked */
    in.in = ins;
    in.informant = informant;
    in.completed_by = by;
    date_iso(on, in.assessed_on);
    sdq_answers(c, ins, k, shift, &in);
    enum assessment_save_result res;
    int rc = assessment_save(c->db, &c->who, &in, "demo", &res, id, c->e);
    if (rc == 0 && res == ASSESSMENT_ADDED)
        c->s->assessments++;
    return rc;
}

/* True when the assessment has a banded score at follow-up level. */
static bool flagged(struct ctx *c, int64_t id)
{
    struct assessment as;
    if (!id || assessment_get(c->db, c->a, id, &as, c->e) != 0)
        return false;
    for (size_t i = 0; i < as.n_bands; i++)
        if (!strcmp(as.bands[i].scheme, "four_band") &&
            as.bands[i].level >= MEASURE_FOLLOW_UP_LEVEL)
            return true;
    return false;
}

/* Last school year, children on SEN support or with an EHC plan in every
 * year group had a teacher SDQ in the autumn as well as in the summer (the
 * screened year groups' summer one is already there), so the implementation
 * analysis (docs/evaluation.md) has a baseline and an outcome for the same
 * pupils in the last full year. A child whose family had more structured
 * conversations last year ends the year a little better. The draws come from
 * a stream of their own, so nothing else in the demo changes. */
static int sen_review_last_year(struct ctx *c, unsigned long seed, int year, struct kid **kids,
                                const size_t *n, size_t n_years, size_t n_screened,
                                struct date last_summer)
{
    struct ctx c2 = *c;
    c2.rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!c2.rng)
        return err_set(c->e, ERR_NOMEM, "out of memory");
    gsl_rng_set(c2.rng, seed * 2246822519UL + 0x5E7);
    struct date start = schoolyear_start(year - 1);
    struct date autumn = weekday_between(&c2, add_days(start, 21), add_days(start, 42));
    int rc = 0;
    int64_t id;
    for (size_t y = 0; rc == 0 && y < n_years; y++)
        for (size_t i = 0; rc == 0 && i < n[y]; i++) {
            const struct kid *k = &kids[y][i];
            if (!k->on_sen)
                continue;
            rc = record(&c2, k, "teacher", "", autumn, 0.3 + normal(&c2, 0.2), &id);
            if (rc == 0 && y >= n_screened)
                rc = record(&c2, k, "teacher", "", last_summer,
                            normal(&c2, 0.25) - 0.12 * k->held_last, &id);
        }
    gsl_rng_free(c2.rng);
    return rc;
}

/* ---- outcomes ------------------------------------------------------------ */

/* Last year's results lean, a little, towards the children whose families
 * had more structured conversations (as AfA's evaluation found for maths), so
 * an analysis of implementation against outcomes has something to find. */
static double held_boost(const struct kid *k, int year, const struct ctx *c)
{
    return year == schoolyear_of(c->today) - 1 ? k->held_last : 0;
}

static int attainment_for(struct ctx *c, const struct kid *k, int year, const char *term)
{
    static const char *const subjects[] = { "Reading", "Writing", "Maths" };
    for (int s = 0; s < 3; s++) {
        double a = -0.45 * k->g + (s == 2 ? 0.25 : 0.12) * held_boost(k, year, c) + normal(c, 0.9);
        struct attainment x = {
            .pupil_id = k->id,
            .year = year,
            .term = term,
            .subject = subjects[s],
            .result = a < -0.85 ? "WTS"
                      : a > 1.1 ? "GDS"
                                : "EXS",
            .target = a > 0.7 ? "GDS" : "EXS",
        };
        enum outcome_save_result res;
        int rc = attainment_save(c->db, &c->who, c->school_id, &x, "demo", &res, c->e);
        if (rc)
            return rc;
        c->s->attainment += res == OUTCOME_ADDED;
    }
    return 0;
}

static int attendance_for(struct ctx *c, const struct kid *k, int year, int term, bool persistent)
{
    static const int possible[] = { 140, 110, 124 };
    double pct = 97.0 - 3.0 * (k->g > 0 ? k->g : 0) - fabs(normal(c, 2.0)) - (persistent ? 9 : 0) +
                 0.8 * held_boost(k, year, c);
    if (pct > 100)
        pct = 100;
    if (pct < 55)
        pct = 55;
    struct attendance x = { .pupil_id = k->id,
                            .year = year,
                            .term = term_names[term],
                            .sessions_possible = possible[term] };
    x.sessions_attended = (int)lround(possible[term] * pct / 100.0);
    x.percent = round(1000.0 * x.sessions_attended / x.sessions_possible) / 10.0;
    enum outcome_save_result res;
    int rc = attendance_save(c->db, &c->who, c->school_id, &x, "demo", &res, c->e);
    c->s->attendance += rc == 0 && res == OUTCOME_ADDED;
    return rc;
}

static int rating_for(struct ctx *c, const struct kid *k, struct date on, double shift)
{
    double x = 3.6 - 0.7 * (k->sub[PEER] + shift) - 0.4 * (k->sub[PRO] + shift) + normal(c, 0.5);
    struct relationship_rating r = { .pupil_id = k->id,
                                     .rater = "teacher",
                                     .rating = clampi((int)lround(x), 1, 5) };
    date_iso(on, r.rated_on);
    enum outcome_save_result res;
    int rc = relationship_save(c->db, &c->who, c->school_id, &r, "demo", &res, c->e);
    c->s->ratings += rc == 0 && res == OUTCOME_ADDED;
    return rc;
}

static int incidents_for(struct ctx *c, const struct kid *k, struct date from)
{
    static const char *const reasons[] = { "PA", "VP", "VA", "DM", "PP" };
    static const char *const kinds[] = { "verbal", "social", "physical", "online" };
    int rc = 0;
    if (k->sub[CON] > 1.7 && chance(c, 0.35)) {
        struct exclusion x = { .pupil_id = k->id, .category = "suspension" };
        x.sessions = 1 + (int)gsl_rng_uniform_int(c->rng, 4);
        date_iso(weekday_between(c, from, add_days(c->today, -1)), x.start_date);
        memcpy(x.reasons[0], reasons[gsl_rng_uniform_int(c->rng, 5)], 3);
        if (chance(c, 0.3) && strcmp(x.reasons[0], "DM"))
            memcpy(x.reasons[1], "DM", 3);
        enum outcome_save_result res;
        rc = exclusion_save(c->db, &c->who, c->school_id, &x, "demo", &res, c->e);
        c->s->exclusions += rc == 0 && res == OUTCOME_ADDED;
    }
    if (rc == 0 && k->sub[PEER] > 1.4 && chance(c, 0.4)) {
        int n = chance(c, 0.3) ? 2 : 1;
        for (int i = 0; i < n && rc == 0; i++) {
            struct bullying b = { .pupil_id = k->id,
                                  .type = kinds[gsl_rng_uniform_int(c->rng, 4)],
                                  .reference = "" };
            date_iso(weekday_between(c, from, add_days(c->today, -1)), b.occurred_on);
            enum outcome_save_result res;
            rc = bullying_save(c->db, &c->who, c->school_id, &b, "demo", &res, c->e);
            c->s->bullying += rc == 0 && res == OUTCOME_ADDED;
        }
    }
    return rc;
}

/* ---- the demo ------------------------------------------------------------- */

/* Illustrative figures so that reliable change can be tried in the demo.
 * They are NOT published values, and their source says so. */
static int demo_reliability(struct ctx *c)
{
    static const struct {
        const char *score;
        double sd;
    } figs[] = { { "total", 5.6 },         { "emotional", 2.0 }, { "conduct", 1.8 },
                 { "hyperactivity", 2.8 }, { "peer", 1.8 },      { "prosocial", 2.3 } };
    for (size_t i = 0; i < sizeof figs / sizeof figs[0]; i++) {
        int rc = measure_reliability_set(
            c->db, c->a, &c->who, c->school_id, "sdq-teacher-4-17", figs[i].score, 0.7, figs[i].sd,
            "DEMO ONLY: illustrative figures, not a published source", c->e);
        if (rc)
            return rc;
    }
    return 0;
}

int demo_measures(struct db *db, unsigned long seed, int64_t school_id, const char *actor,
                  struct date today, struct demo_measures_summary *s, struct err *e)
{
    memset(s, 0, sizeof *s);
    struct arena a;
    arena_init(&a, 0);
    struct ctx c = { .db = db,
                     .a = &a,
                     .e = e,
                     .who = { .actor = actor ? actor : "demo" },
                     .school_id = school_id,
                     .today = today,
                     .s = s };
    c.rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!c.rng) {
        arena_release(&a);
        return err_set(e, ERR_NOMEM, "out of memory");
    }
    /* Its own stream, so the rest of the demo does not change it. */
    gsl_rng_set(c.rng, seed * 2654435761UL + 0x5DF);
    int year = schoolyear_of(today);
    int rc = demo_days_load(db, &a, school_id, year, &c.days, e);
    if (rc) {
        gsl_rng_free(c.rng);
        arena_release(&a);
        return rc;
    }
    struct date start = schoolyear_start(year);
    if (date_to_days(today) - date_to_days(start) < 3)
        start = schoolyear_start(--year);
    /* The autumn screening: a few weeks into the year, and in the past. */
    struct date autumn = weekday_between(&c, add_days(start, 14), add_days(start, 35));
    if (date_cmp(autumn, today) >= 0)
        autumn = weekday_between(&c, add_days(start, 1), add_days(today, -1));
    struct date last_summer = weekday_between(&c, add_days(schoolyear_start(year - 1), 280),
                                              add_days(schoolyear_start(year - 1), 300));
    struct date spring = weekday_between(&c, add_days(autumn, 98), add_days(autumn, 112));
    struct date summer = weekday_between(&c, add_days(autumn, 196), add_days(autumn, 210));
    struct term terms[TERM_N], prev[TERM_N];
    rc = schoolyear_terms(db, school_id, year, terms, e);
    if (rc == 0)
        rc = schoolyear_terms(db, school_id, year - 1, prev, e);
    if (rc == 0)
        rc = demo_reliability(&c);
    /* Screening in Years 2, 4 and 6; outcomes (attendance, attainment,
     * incidents) for every year group from 1 to 6. */
    static const char *const years[] = { "2", "4", "6", "1", "3", "5" };
    enum { N_YEARS = sizeof years / sizeof years[0] };
    struct kid *every[N_YEARS] = { NULL };
    size_t n_every[N_YEARS] = { 0 };
    for (size_t y = 0; rc == 0 && y < N_YEARS; y++) {
        struct kid *kids;
        size_t n;
        if ((rc = load_kids(&c, years[y], &kids, &n)))
            break;
        every[y] = kids;
        n_every[y] = n;
        for (size_t i = 0; rc == 0 && i < n; i++) {
            struct kid *k = &kids[i];
            int64_t id = 0, screened = 0;
            bool screening = y < 3;
            /* Last summer, a little different from now; most were screened. */
            if (screening && chance(&c, 0.9))
                rc = record(&c, k, "teacher", "", last_summer, normal(&c, 0.25), &id);
            if (rc == 0 && screening && chance(&c, 0.95))
                rc = record(&c, k, "teacher", "", autumn, 0, &screened);
            if (rc)
                break;
            k->follow_up = screened && flagged(&c, screened);
            s->follow_up += k->follow_up;
            /* The children flagged are looked at again; their parents asked. */
            if (k->follow_up && chance(&c, 0.5))
                rc = record(
                    &c, k, "parent", chance(&c, 0.7) ? "mother" : "father",
                    demo_day(&c.days, add_days(autumn, 7 + (long)gsl_rng_uniform_int(c.rng, 14))),
                    0.2, &id);
            if (rc == 0 && k->follow_up && date_cmp(spring, today) < 0)
                rc = record(&c, k, "teacher", "", spring, k->drift, &id);
            if (rc == 0 && k->follow_up && date_cmp(summer, today) < 0)
                rc = record(&c, k, "teacher", "", summer, 1.6 * k->drift, &id);
            /* Outcomes for every term that has ended, last year's too. */
            bool persistent = k->g > 1.2 && chance(&c, 0.5);
            for (int t = 0; rc == 0 && t < TERM_N; t++) {
                if (date_cmp(prev[t].end, today) < 0) {
                    rc = attendance_for(&c, k, year - 1, t, persistent);
                    if (rc == 0 && t == TERM_SUMMER)
                        rc = attainment_for(&c, k, year - 1, term_names[t]);
                }
                if (rc == 0 && date_cmp(terms[t].end, today) < 0) {
                    rc = attendance_for(&c, k, year, t, persistent);
                    if (rc == 0)
                        rc = attainment_for(&c, k, year, term_names[t]);
                }
            }
            if (rc == 0 && (k->follow_up || chance(&c, 0.15))) {
                rc = rating_for(&c, k, demo_day(&c.days, add_days(autumn, 3)), 0);
                if (rc == 0 && date_cmp(spring, today) < 0)
                    rc = rating_for(&c, k, demo_day(&c.days, add_days(spring, 3)), k->drift);
            }
            if (rc == 0)
                rc = incidents_for(&c, k, start);
        }
    }
    if (rc == 0)
        rc = sen_review_last_year(&c, seed, year, every, n_every, N_YEARS, 3, last_summer);
    gsl_rng_free(c.rng);
    arena_release(&a);
    return rc;
}
