#include "model/demo/demo_programmes.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <string.h>

#include "core/arena.h"
#include "core/problems.h"
#include "core/str.h"
#include "db/db.h"
#include "model/register/audit.h"
#include "model/demo/demo.h"
#include "model/measures/assessment.h"
#include "model/measures/measure.h"
#include "model/programmes/programme.h"
#include "model/programmes/progtemplate.h"
#include "model/provision/provision.h"
#include "model/calendar/calendar.h"
#include "model/demo/demo_days.h"
#include "model/programmes/story.h"
#include "score/builtin.h"

struct ctx {
    gsl_rng *rng;
    struct db *db;
    struct arena *a;
    struct err *e;
    struct audit_entry who;
    int64_t school_id;
    struct date today;
    struct demo_days days;
    struct demo_prog_summary *s;
};

static double unif(struct ctx *c)
{
    return gsl_rng_uniform(c->rng);
}

static int pick(struct ctx *c, size_t n)
{
    return n ? (int)gsl_rng_uniform_int(c->rng, (unsigned long)n) : 0;
}

static bool chance(struct ctx *c, double p)
{
    return unif(c) < p;
}

static struct date add_days(struct date d, long n)
{
    return date_from_days(date_to_days(d) + n);
}

static void iso(struct date d, char out[11])
{
    date_iso(d, out);
}

/* The weekday (0 = Monday) on or before d. */
static struct date weekday_before(struct date d, int weekday)
{
    return add_days(d, -((date_weekday(d) - weekday + 7) % 7));
}

/* A start date on `weekday` such that `n` sessions (after a first meeting,
 * when commitment) end on or before `last_by`, skipping the holidays. */
static int plan_start(struct ctx *c, int weekday, int n, bool commitment, struct date last_by,
                      struct date *out)
{
    struct school_calendar cal;
    int rc = calendar_load(c->db, c->a, c->school_id, add_days(last_by, -400), last_by, &cal, c->e);
    if (rc)
        return rc;
    struct date first = weekday_before(add_days(last_by, -7L * (n + commitment)), weekday);
    struct date dates[64];
    for (int tries = 0; tries < 30; tries++) {
        struct date start = first;
        if (programme_schedule(start, 1, 7, &cal, &start))
            break;
        struct date weekly = commitment ? add_days(start, 7) : start;
        if (programme_schedule(weekly, n, 7, &cal, dates) == 0 &&
            date_cmp(dates[n - 1], last_by) <= 0) {
            *out = start;
            return 0;
        }
        first = add_days(first, -7);
    }
    return err_set(c->e, ERR_INPUT, "demo: no dates for a programme were found");
}

/* ---- people ---------------------------------------------------------------- */

struct family {
    int64_t pupil, carer, key_teacher;
    const char *forename;
    const char *parent_word; /* "Mum", "Dad" or "Carer", for co-authors */
    char dob[11];
    double keen;   /* how likely they are to come to a session */
    bool declined; /* declined FAST (the comparison group) */
};

static const char *parent_word(const char *relationship)
{
    if (relationship && str_ieq(relationship, "mother"))
        return "Mum";
    if (relationship && str_ieq(relationship, "father"))
        return "Dad";
    return "Carer";
}

static int load_year(struct ctx *c, const char *year, struct family **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(
        c->db, &st,
        "SELECT p.id, coalesce(nullif(p.preferred_forename, ''), p.legal_forename),"
        " p.dob, coalesce(p.key_teacher_id, 0), (SELECT carer_id FROM pupil_carer"
        " pc WHERE pc.pupil_id = p.id ORDER BY contact_priority, carer_id LIMIT 1),"
        " (SELECT relationship FROM pupil_carer pc WHERE pc.pupil_id = p.id ORDER"
        " BY contact_priority, carer_id LIMIT 1) FROM pupil p WHERE p.school_id = ?1 AND p.nc_year = ?2 AND"
        " p.leaving_date IS NULL ORDER BY p.id",
        c->e);
    if (rc)
        return rc;
    db_bind_int(st, 1, c->school_id);
    db_bind_text(st, 2, year);
    size_t cap = 0;
    while ((rc = db_step(st, c->e)) == DB_ROW) {
        if (db_col_is_null(st, 4))
            continue; /* no parent or carer on record */
        struct family *f = arena_push(c->a, out, n, &cap, sizeof *f);
        if (!f) {
            rc = err_set(c->e, ERR_NOMEM, "out of memory");
            break;
        }
        f->pupil = db_col_int(st, 0);
        f->forename = arena_strdup(c->a, db_col_text(st, 1));
        str_copy(f->dob, sizeof f->dob, db_col_text(st, 2));
        f->key_teacher = db_col_int(st, 3);
        f->carer = db_col_int(st, 4);
        f->parent_word = parent_word(db_col_text(st, 5));
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* A staff id with this role (the i-th, by id), or 0. */
static int64_t staff_with_role(struct ctx *c, const char *role, int i)
{
    struct db_stmt *st;
    if (db_prepare(c->db, &st,
                   "SELECT id FROM staff WHERE school_id = ?1 AND role = ?2 ORDER BY id"
                   " LIMIT 1 OFFSET ?3",
                   c->e))
        return 0;
    db_bind_int(st, 1, c->school_id);
    db_bind_text(st, 2, role);
    db_bind_int(st, 3, i);
    int64_t id = db_step(st, c->e) == DB_ROW ? db_col_int(st, 0) : 0;
    db_finalize(st);
    return id;
}

/* ---- a cohort -------------------------------------------------------------- */

static int start_cohort(struct ctx *c, const char *key, const char *name, struct date start,
                        double hours, int64_t rate, const char *evidence, const char *ref,
                        struct progtemplate *t, struct provision *p)
{
    int rc = progtemplate_by_key(c->db, c->a, c->school_id, key, t, c->e);
    if (rc)
        return rc;
    memset(p, 0, sizeof *p);
    p->school_id = c->school_id;
    p->name = name;
    p->staff_hours_per_session = hours;
    p->hourly_rate_pence = rate;
    p->evidence_rating = evidence;
    p->evidence_reference = ref;
    iso(start, p->start_date);
    struct problems pr;
    problems_init(&pr, c->a);
    if ((rc = programme_start(c->db, c->a, t, p, &pr, &c->who, c->e)))
        return rc;
    c->s->programmes++;
    return 0;
}

static int team(struct ctx *c, int64_t id, int64_t staff, const char *name, const char *role)
{
    struct team_member m = { .staff_id = staff, .name = staff ? NULL : name, .role = role };
    return provision_team_add(c->db, id, &m, &c->who, c->e);
}

static int enrol(struct ctx *c, int64_t id, const struct family *f, enum consent consent, int hub,
                 struct date invited, int64_t *enrolment)
{
    struct enrolment en = { .provision_id = id,
                            .pupil_id = f->pupil,
                            .carer_id = f->carer,
                            .consent = consent,
                            .hub = hub };
    iso(demo_day(&c->days, invited), en.enrolled_on);
    if (consent == CONSENT_GIVEN || consent == CONSENT_DECLINED)
        iso(demo_day_after(&c->days, add_days(invited, 2 + pick(c, 8))), en.consent_on);
    int rc = provision_enrol(c->db, &en, &c->who, c->e);
    if (rc == 0 && enrolment)
        *enrolment = en.id;
    if (rc == 0 && consent == CONSENT_GIVEN)
        c->s->families++;
    return rc;
}

/* Record one session: who came (each family by its keenness) and its
 * checklist (each item done with probability fidelity). */
static int hold(struct ctx *c, const struct progtemplate *t, int64_t id,
                const struct prog_session *s, const int64_t *ens, const struct family *fs, size_t n,
                double fidelity, bool *came)
{
    struct prog_attendance att[64];
    size_t k = 0;
    for (size_t i = 0; i < n && k < 64; i++) {
        bool both = chance(c, fs[i].keen);
        bool child_only = !both && chance(c, 0.15);
        att[k++] = (struct prog_attendance){ ens[i], both || child_only, both };
        if (came)
            came[i] = both;
    }
    bool done[PT_MAX_AGENDA];
    for (size_t i = 0; i < t->n_agenda; i++)
        done[i] = chance(c, fidelity);
    struct prog_session_record r = {
        .attendance = att, .n_attendance = k, .done = done, .n_done = t->n_agenda
    };
    int rc = programme_session_record(c->db, c->a, id, s->id, &r, &c->who, c->e);
    c->s->sessions_held += rc == 0;
    return rc;
}

/* An SDQ parent form answered so that its total difficulties is about
 * value: the points spread at random over the twenty difficulty items (a
 * reversed item ticked the other way round), the five prosocial items
 * mostly "certainly true", no impact supplement. Stored as a questionnaire
 * through the measures capability (model/assessment.h), which scores it. */
static int sdq(struct ctx *c, const struct family *f, double value, struct date on)
{
    struct date dob;
    if (date_parse(f->dob, &dob))
        return 0;
    struct assessment_input in = { .pupil_id = f->pupil, .school_id = c->school_id };
    in.age_years = date_age_years(dob, on);
    const struct instrument *ins;
    struct err ignore;
    if (instrument_sdq_form("parent", in.age_years, &ins, &ignore) != 0 ||
        strcmp(ins->key, "sdq-parent-4-17") != 0)
        return 0; /* not of an age for the form the programme is measured with */
    in.in = ins;
    in.informant = "parent";
    date_iso(on, in.assessed_on);
    in.n_responses = ins->n_items;
    int target = (int)lround(value);
    target = target < 0 ? 0 : target > 40 ? 40 : target;
    int points[INSTRUMENT_MAX_ITEMS + 1] = { 0 };
    bool difficulty[INSTRUMENT_MAX_ITEMS + 1] = { false };
    int items[20];
    size_t n_items = 0;
    for (size_t sc = 0; sc < ins->n_scales; sc++) {
        if (!strcmp(ins->scales[sc].name, "prosocial"))
            continue;
        for (size_t j = 0; j < ins->scales[sc].n_items && n_items < 20; j++) {
            items[n_items++] = ins->scales[sc].items[j];
            difficulty[ins->scales[sc].items[j]] = true;
        }
    }
    for (int k = 0; k < target && n_items; k++) {
        int item;
        do
            item = items[pick(c, n_items)];
        while (points[item] == 2);
        points[item]++;
    }
    for (size_t i = 1; i <= ins->n_items; i++) {
        int code = difficulty[i] ? points[i] : (chance(c, 0.7) ? 2 : 1);
        for (size_t r = 0; r < ins->n_reversed; r++)
            if (ins->reversed[r] == (int)i)
                code = 2 - code;
        in.responses[i - 1] = code;
    }
    enum assessment_save_result res;
    int64_t id;
    return assessment_save(c->db, &c->who, &in, "demo", &res, &id, c->e);
}

static int quote(struct ctx *c, int64_t id, const char *who, const char *text, const char *as,
                 struct date on)
{
    struct prog_quote q = { .provision_id = id, .speaker = who, .text = text, .attribution = as };
    iso(on, q.consent_on);
    return programme_quote_add(c->db, &q, &c->who, c->e);
}

/* A comparison group for FAST: Year 1 families who were not invited, or
 * declined, had the same parent SDQ at the same times (before the first
 * session and after the last), as part of the school's usual check-ins.
 * They change a little on average, as children do, but less than the
 * families who came. */
static int comparison_group(struct ctx *c, const struct family *fs, size_t n_all, size_t n_inv,
                            struct date start, struct date last)
{
    int rc = 0;
    for (size_t i = 0; i < n_all && rc == 0; i++) {
        if (i < n_inv && !fs[i].declined)
            continue;
        if (!chance(c, 0.8))
            continue;
        double pre = 12 + gsl_ran_gaussian(c->rng, 5);
        rc = sdq(c, &fs[i], pre, demo_day(&c->days, add_days(start, -3 - pick(c, 10))));
        struct date post_on = demo_day_after(&c->days, add_days(last, 3 + pick(c, 10)));
        if (rc || date_cmp(post_on, c->today) > 0 || chance(c, 0.1))
            continue;
        rc = sdq(c, &fs[i], pre - 0.5 + gsl_ran_gaussian(c->rng, 3), post_on);
        c->s->comparison += rc == 0;
    }
    return rc;
}

/* Year 2 families had the same check-ins at the same times (the school
 * screens the whole of Key Stage 1), so the programme report's comparison
 * group (model/programmes/progcompare.h) holds enough pupils in a smaller
 * demo too, with two year groups to allow for. Their draws come from a copy
 * of the generator moved well along, so the rest of the demo is the same
 * as before for the same seed. */
static int year2_screening(struct ctx *c, struct date start, struct date last)
{
    struct family *fs;
    size_t n;
    int rc = load_year(c, "2", &fs, &n);
    if (rc || n == 0)
        return rc;
    gsl_rng *own = gsl_rng_clone(c->rng);
    if (!own)
        return err_set(c->e, ERR_NOMEM, "out of memory");
    for (int k = 0; k < 9973; k++)
        gsl_rng_get(own);
    struct ctx c2 = *c;
    c2.rng = own;
    rc = comparison_group(&c2, fs, n, 0, start, last);
    gsl_rng_free(own);
    return rc;
}

/* ---- FAST ------------------------------------------------------------------ */

static const char *const fast_notes[] = {
    "A lovely first evening; lots of nervous smiles by the end.",
    "The Khan family cooked a wonderful curry for everyone.",
    "Parent group talked about bedtimes and screens.",
    "Special play went really well: parents were relaxed and followed their child's lead.",
    "Some families late because of the rain; we started the meal a little later.",
    "A very busy evening; the children ran the lottery themselves.",
    "Parents are chatting to each other before we start now.",
    "Graduation evening: certificates, photos and a big cake.",
};

static int fast_cycle(struct ctx *c)
{
    struct family *fs;
    size_t n_all;
    int rc = load_year(c, "1", &fs, &n_all);
    if (rc || n_all < 6)
        return rc;
    struct date start;
    if ((rc = plan_start(c, 1, 8, false, add_days(c->today, -35), &start)))
        return rc;
    struct progtemplate t;
    struct provision p;
    if ((rc = start_cohort(c, "fast", "FAST for Year 1 families", start, 10, 2200, "moderate",
                           "FAST UK evaluation reports; check the current rating before relying "
                           "on it",
                           &t, &p)))
        return rc;
    /* The team: the Year 1 teacher, a family worker, and partners from the
     * community. */
    int64_t teacher = fs[0].key_teacher ? fs[0].key_teacher : staff_with_role(c, "teacher", 2);
    int64_t worker = staff_with_role(c, "practitioner", 0);
    if ((rc = team(c, p.id, teacher, "Class teacher", "school-partner")) ||
        (rc = team(c, p.id, 0, "Dionne Clarke", "parent-partner")) ||
        (rc = team(c, p.id, worker, "Family worker", "community-partner")) ||
        (rc = team(c, p.id, 0, "Tariq Hussain", "community-partner")) ||
        (rc = team(c, p.id, 0, "Luke Brennan", "recreation-coordinator")))
        return rc;
    struct provision_cost_item meal = { .what = "Family meal", .pence = 4500, .per_session = true };
    struct provision_cost_item training = { .what = "FAST team training", .pence = 120000 };
    if ((rc = provision_cost_add(c->db, p.id, &meal, &c->who, c->e)) ||
        (rc = provision_cost_add(c->db, p.id, &training, &c->who, c->e)))
        return rc;
    /* Invitations: most of the year group; two hubs of those who come. */
    size_t n_inv = n_all < 26 ? n_all : 26;
    struct family *given = arena_array(c->a, n_inv, sizeof *given);
    int64_t *ens = arena_array(c->a, n_inv, sizeof *ens);
    if (!given || !ens)
        return err_set(c->e, ERR_NOMEM, "out of memory");
    size_t n_given = 0;
    struct date invited = add_days(start, -21);
    for (size_t i = 0; i < n_inv; i++) {
        double r = unif(c);
        enum consent consent = r < 0.78   ? CONSENT_GIVEN
                               : r < 0.9  ? CONSENT_DECLINED
                               : r < 0.96 ? CONSENT_AWAITING
                                          : CONSENT_NOT_REQUESTED;
        if (consent == CONSENT_GIVEN && n_given == 20)
            consent = CONSENT_AWAITING;
        int hub = consent == CONSENT_GIVEN ? 1 + (int)(n_given % 2) : 0;
        int64_t en;
        if ((rc = enrol(c, p.id, &fs[i], consent, hub, invited, &en)))
            return rc;
        fs[i].declined = consent == CONSENT_DECLINED;
        if (consent == CONSENT_GIVEN) {
            given[n_given] = fs[i];
            double k = unif(c);
            given[n_given].keen = k < 0.6 ? 0.93 : k < 0.85 ? 0.7 : 0.3;
            ens[n_given++] = en;
        }
    }
    struct prog_session *ss;
    size_t n_ss;
    if ((rc = programme_sessions(c->db, c->a, p.id, &ss, &n_ss, c->e)))
        return rc;
    int *count = arena_array(c->a, n_given ? n_given : 1, sizeof *count);
    bool *came = arena_array(c->a, n_given ? n_given : 1, sizeof *came);
    if (!count || !came)
        return err_set(c->e, ERR_NOMEM, "out of memory");
    struct date last = start;
    for (size_t i = 0; i < n_ss; i++) {
        if ((rc = hold(c, &t, p.id, &ss[i], ens, given, n_given, 0.9, came)))
            return rc;
        for (size_t f = 0; f < n_given; f++)
            count[f] += came[f];
        struct prog_session_record r = { .notes = fast_notes[i % 8] };
        if ((rc = programme_session_record(c->db, c->a, p.id, ss[i].id, &r, &c->who, c->e)))
            return rc;
        date_parse(ss[i].date, &last);
    }
    /* FASTworks: monthly since, for those who graduated, on school days. */
    struct date prev = last;
    for (int m = 1; m <= 24; m++) {
        struct date on = demo_day_after(&c->days, add_days(last, 28L * m));
        if (date_cmp(on, add_days(c->today, -2)) > 0)
            break;
        if (date_cmp(on, prev) <= 0)
            continue;
        prev = on;
        char d[11];
        iso(on, d);
        int64_t sid;
        if ((rc = programme_followon_add(c->db, p.id, d, "FASTworks: a shared meal and games",
                                         &c->who, &sid, c->e)))
            return rc;
        struct prog_attendance att[64];
        size_t k = 0;
        for (size_t f = 0; f < n_given && k < 64; f++)
            if (count[f] >= 6 && chance(c, 0.6))
                att[k++] = (struct prog_attendance){ ens[f], true, true };
        struct prog_session_record r = { .attendance = att, .n_attendance = k };
        if ((rc = programme_session_record(c->db, c->a, p.id, sid, &r, &c->who, c->e)))
            return rc;
    }
    /* SDQs before and after: the more sessions, the more change, on
     * average. */
    for (size_t f = 0; f < n_given; f++) {
        double pre = 12 + gsl_ran_gaussian(c->rng, 5);
        if ((rc = sdq(c, &given[f], pre, demo_day(&c->days, add_days(start, -3 - pick(c, 10))))))
            return rc;
        struct date post_on = demo_day_after(&c->days, add_days(last, 3 + pick(c, 10)));
        if (count[f] < 2 || date_cmp(post_on, c->today) > 0 || chance(c, 0.1))
            continue;
        double post = pre - 0.6 * count[f] + gsl_ran_gaussian(c->rng, 3);
        if ((rc = sdq(c, &given[f], post, post_on)))
            return rc;
    }
    if ((rc = comparison_group(c, fs, n_all, n_inv, start, last)) ||
        (rc = year2_screening(c, start, last)))
        return rc;
    if ((rc = quote(c, p.id, "parent",
                    "We sit down and eat together at home now, like we do at FAST.", "a parent",
                    last)) ||
        (rc = quote(c, p.id, "parent", "I know other mums from the class now. I didn't before.",
                    "a parent", last)) ||
        (rc = quote(c, p.id, "staff",
                    "Parents stop for a chat at the classroom door now. That never used to "
                    "happen.",
                    "a Year 1 teacher", last)))
        return rc;
    return 0;
}

/* ---- Story Links --------------------------------------------------------- */

static const char *const creatures[] = { "dragon",      "fox", "robot",
                                         "giant snail", "owl", "pirate cat" };
static const char *const places[] = { "the library", "a lighthouse",        "the park",
                                      "the moon",    "a castle by the sea", "the school kitchen" };
static const char *const adjectives[] = { "brave", "sleepy", "tiny", "noisy", "kind", "clever" };
static const char *const happenings[] = {
    "found a map under a stone",
    "lost a shoe in the mud",
    "made a new friend who could not read yet",
    "baked a cake that was far too big",
    "heard a knock at the door at midnight",
    "went looking for the missing book",
    "built a boat out of old boxes",
    "helped a little bird get home",
    "had a race and came last, but did not mind",
    "found out that the monster was only a shadow",
};

static const char *story_body(struct ctx *c, const char *child, const char *adj,
                              const char *creature, const char *place, int part)
{
    const char *what = happenings[pick(c, sizeof happenings / sizeof *happenings)];
    const char *then = happenings[pick(c, sizeof happenings / sizeof *happenings)];
    if (part == 1)
        return arena_sprintf(c->a,
                             "Once upon a time there was a %s %s who lived in %s.\n\n"
                             "One day %s met the %s. \"Hello,\" said %s. \"Do you want to be my "
                             "friend?\"\n\n"
                             "The %s said yes. Then they %s.",
                             adj, creature, place, child, creature, child, creature, what);
    return arena_sprintf(c->a,
                         "The next day %s and the %s went to %s again.\n\n"
                         "First they %s. Then they %s.\n\n"
                         "\"That was the best day,\" said the %s. %s smiled. \"Let's do it again "
                         "next week!\"",
                         child, creature, place, what, then, creature, child);
}

static const char *reading_note(struct ctx *c, const char *child)
{
    switch (pick(c, 3)) {
    case 0:
        return arena_sprintf(c->a,
                             "Short sentences; words %s can read on sight, and two new ones "
                             "to practise.",
                             child);
    case 1:
        return arena_sprintf(c->a,
                             "Pitched at %s's book band; speech marks to read with "
                             "expression.",
                             child);
    default:
        return arena_sprintf(c->a,
                             "A little longer this week; %s read most of it back without "
                             "help.",
                             child);
    }
}

static int story_links(struct ctx *c, const struct family *f, int weekday, struct date last_by,
                       double keen, const char *ta_name, const char *quote_text)
{
    struct date start;
    int rc = plan_start(c, weekday, 10, true, last_by, &start);
    if (rc)
        return rc;
    struct progtemplate t;
    struct provision p;
    if ((rc =
             start_cohort(c, "story-links", arena_sprintf(c->a, "Story Links with %s", f->forename),
                          start, 1, 2400, "promising", "Story Links evaluation report", &t, &p)))
        return rc;
    int64_t teacher = f->key_teacher ? f->key_teacher : staff_with_role(c, "teacher", 0);
    int64_t reader = staff_with_role(c, "practitioner", 1);
    if ((rc = team(c, p.id, teacher, "Class teacher", "teacher")) ||
        (rc = team(c, p.id, 0, ta_name, "teaching-assistant")))
        return rc;
    struct family fam = *f;
    fam.keen = keen;
    int64_t en;
    if ((rc = enrol(c, p.id, &fam, CONSENT_GIVEN, 0, add_days(start, -10), &en)))
        return rc;
    struct prog_session *ss;
    size_t n_ss;
    if ((rc = programme_sessions(c->db, c->a, p.id, &ss, &n_ss, c->e)))
        return rc;
    const char *creature = creatures[pick(c, sizeof creatures / sizeof *creatures)];
    const char *place = places[pick(c, sizeof places / sizeof *places)];
    const char *adj = adjectives[pick(c, sizeof adjectives / sizeof *adjectives)];
    char cap[64];
    str_copy(cap, sizeof cap, creature);
    if (cap[0] >= 'a' && cap[0] <= 'z')
        cap[0] = (char)(cap[0] - 32);
    struct date first = start, last = start;
    int part = 0;
    for (size_t i = 0; i < n_ss; i++) {
        bool came;
        if ((rc = hold(c, &t, p.id, &ss[i], &en, &fam, 1, 0.92, &came)))
            return rc;
        date_parse(ss[i].date, &last);
        if (ss[i].kind != SESSION_WEEKLY || !came)
            continue;
        if (part == 0)
            first = last;
        part++;
        struct story s = {
            .session_id = ss[i].id,
            .enrolment_id = en,
            .title = part == 1 ? arena_sprintf(c->a, "%s and the %s %s", f->forename, adj, creature)
                               : arena_sprintf(c->a, "%s and the %s %s, part %d", f->forename, adj,
                                               creature, part),
            .body = story_body(c, f->forename, adj, creature, place, part),
            .reading_level = reading_note(c, f->forename),
        };
        s.coauthors =
            arena_sprintf(c->a, "Class teacher, %s, %s, %s", f->forename, f->parent_word, ta_name);
        if ((rc = story_save(c->db, &s, &c->who, c->e)))
            return rc;
        c->s->stories++;
    }
    /* Follow-up reading: twice most weeks, on the days after the session. */
    for (struct date wk = first; date_cmp(wk, last) <= 0 && date_cmp(wk, c->today) < 0;
         wk = add_days(wk, 7)) {
        for (int k = 0; k < 2; k++) {
            struct date on = add_days(wk, 1 + 2 * k);
            if (!chance(c, 0.85) || date_cmp(on, c->today) > 0 || !demo_is_school_day(&c->days, on))
                continue;
            struct reading_session r = { .enrolment_id = en, .minutes = 20, .staff_id = reader };
            iso(on, r.read_on);
            if ((rc = reading_add(c->db, &r, &c->who, c->e)))
                return rc;
            c->s->readings++;
        }
    }
    double pre = 18 + gsl_ran_gaussian(c->rng, 3);
    if ((rc = sdq(c, f, pre, demo_day(&c->days, add_days(start, -4)))))
        return rc;
    struct date post_on = demo_day_after(&c->days, add_days(last, 5));
    if (date_cmp(post_on, c->today) <= 0 &&
        (rc = sdq(c, f, pre - 4 + gsl_ran_gaussian(c->rng, 2), post_on)))
        return rc;
    char lower[32];
    str_copy(lower, sizeof lower, f->parent_word);
    if (lower[0] >= 'A' && lower[0] <= 'Z')
        lower[0] = (char)(lower[0] + 32);
    return quote(c, p.id, "parent", quote_text, arena_sprintf(c->a, "%s's %s", f->forename, lower),
                 last);
}

/* The demo parent's child aged 6-11, if any. */
static int parent_child(struct ctx *c, struct date on, struct family *out, bool *found)
{
    *found = false;
    struct db_stmt *st;
    int rc = db_prepare(c->db, &st,
                        "SELECT p.id, coalesce(nullif(p.preferred_forename, ''), p.legal_forename),"
                        " p.dob, coalesce(p.key_teacher_id, 0), a.carer_id, pc.relationship FROM"
                        " account a JOIN"
                        " pupil_carer pc ON pc.carer_id = a.carer_id JOIN pupil p ON p.id ="
                        " pc.pupil_id WHERE a.email = ?1 AND p.school_id = ?2 ORDER BY p.dob",
                        c->e);
    if (rc)
        return rc;
    db_bind_text(st, 1, DEMO_PARENT_EMAIL);
    db_bind_int(st, 2, c->school_id);
    while ((rc = db_step(st, c->e)) == DB_ROW && !*found) {
        struct date dob;
        if (date_parse(db_col_text(st, 2), &dob))
            continue;
        int age = date_age_years(dob, on);
        if (age < 6 || age > 11)
            continue;
        out->pupil = db_col_int(st, 0);
        out->forename = arena_strdup(c->a, db_col_text(st, 1));
        str_copy(out->dob, sizeof out->dob, db_col_text(st, 2));
        out->key_teacher = db_col_int(st, 3);
        out->carer = db_col_int(st, 4);
        out->parent_word = parent_word(db_col_text(st, 5));
        *found = true;
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int demo_programmes(struct db *db, gsl_rng *rng, int64_t school_id, const char *actor,
                    struct date today, struct demo_prog_summary *s, struct err *e)
{
    memset(s, 0, sizeof *s);
    struct arena a;
    arena_init(&a, 0);
    struct ctx c = { .rng = rng,
                     .db = db,
                     .a = &a,
                     .e = e,
                     .who = { .actor = actor ? actor : "demo" },
                     .school_id = school_id,
                     .today = today,
                     .s = s };
    int year = schoolyear_of(today);
    /* DEMO ONLY figures for reliable change on the parent SDQ's total, as
     * demo_measures does for the teacher's: not a published source. */
    int rc =
        measure_reliability_set(db, &a, &c.who, school_id, "sdq-parent-4-17", "total", 0.7, 5.8,
                                "DEMO ONLY: illustrative figures, not a published source", e);
    if (rc == 0)
        rc = demo_days_load(db, &a, school_id, year, &c.days, e);
    if (rc == 0)
        rc = fast_cycle(&c);
    /* Story Links: the demo parent's child (finished a week or so ago), and
     * a Year 3 child with SEN support (finished last term). */
    struct family a_child = { 0 }, b_child = { 0 };
    bool found = false;
    if (rc == 0)
        rc = parent_child(&c, add_days(today, -100), &a_child, &found);
    struct family *y3 = NULL;
    size_t n_y3 = 0;
    if (rc == 0)
        rc = load_year(&c, "3", &y3, &n_y3);
    for (size_t i = 0; rc == 0 && i < n_y3; i++) {
        if (found && y3[i].pupil == a_child.pupil)
            continue;
        if (!found) {
            a_child = y3[i];
            found = true;
        } else if (!b_child.pupil) {
            b_child = y3[i];
            break;
        }
    }
    if (rc == 0 && found)
        rc = story_links(&c, &a_child, 0, add_days(today, -8), 0.95, "Joy Okafor",
                         "I was nervous about coming in at first. Now we make up stories at home "
                         "too, and I'm learning how to help with reading.");
    if (rc == 0 && b_child.pupil)
        rc = story_links(&c, &b_child, 3, add_days(today, -75), 0.8, "Mark Evans",
                         "It's nice to come into school for something good. He can't wait to "
                         "read his story to his nan.");
    arena_release(&a);
    return rc;
}
