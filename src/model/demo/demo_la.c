#include "model/demo/demo_la.h"

#include <gsl/gsl_rng.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "db/db.h"
#include "model/access/account.h"
#include "model/access/password.h"
#include "model/register/audit.h"
#include "model/register/school.h"
#include "model/demo/demo_conversations.h"
#include "model/demo/demo_measures.h"
#include "model/demo/demo_programmes.h"
#include "model/demo/demo_provmap.h"

int demo_activity(struct db *db, gsl_rng *rng, int64_t school_id, const struct demo_options *o,
                  struct date today, struct demo_summary *s, struct err *e)
{
    const struct demo_practice *pr = o->practice ? o->practice : &demo_practice_usual;
    struct demo_conv_summary cs;
    int rc = demo_conversations(db, rng, school_id, o->actor, today, pr->fidelity_shift,
                                pr->hard_to_reach, &cs, e);
    if (rc == 0) {
        s->conversations = cs.conversations;
        s->contacts = cs.contacts;
        s->targets = cs.targets;
        s->target_reviews = cs.reviews;
        s->missed = cs.missed;
    }
    struct demo_measures_summary ms;
    if (rc == 0)
        rc = demo_measures(db, o->seed, school_id, o->actor, today, &ms, e);
    if (rc == 0) {
        s->assessments = ms.assessments;
        s->screened_follow_up = ms.follow_up;
        s->outcome_records =
            ms.attainment + ms.attendance + ms.exclusions + ms.bullying + ms.ratings;
    }
    struct demo_prog_summary ps;
    if (rc == 0 && pr->fast)
        rc = demo_programmes(db, rng, school_id, o->actor, today, &ps, e);
    if (rc == 0 && pr->fast) {
        s->programmes = ps.programmes;
        s->programme_sessions = ps.sessions_held;
        s->programme_families = ps.families;
        s->stories = ps.stories;
    }
    struct demo_provmap_summary pm;
    if (rc == 0)
        rc = demo_provmap(db, rng, school_id, o->actor, today, pr->gaps, &pm, e);
    if (rc == 0) {
        s->provisions = pm.provisions;
        s->provision_reviews = pm.reviews;
        s->involvements = pm.involvements;
    }
    return rc;
}

/* Made-up places: no real school is named. */
static const char *const places[] = {
    "Meadowbank", "Ashford Lane", "Brookfield", "Castlegate", "Dunmore",  "Elmhurst",
    "Fernwood",   "Greystone",    "Hollybush",  "Ivydale",    "Juniper",  "Kingsmead",
    "Larkrise",   "Millbrook",    "Northcote",  "Oakridge",   "Parkside", "Queensway",
    "Riverside",  "Southfields",  "Thornbury",  "Upton Vale", "Westgate", "Yewtree",
};
#define N_PLACES (sizeof places / sizeof places[0])

/* The i-th demo school's URN, name, address and establishment number. */
static void name_school(int i, struct demo_la_school *s)
{
    const char *place = places[(size_t)i % N_PLACES];
    int round = i / (int)N_PLACES;
    snprintf(s->urn, sizeof s->urn, "%d", 999001 + i);
    if (round)
        snprintf(s->name, sizeof s->name, "%s %d Primary School", place, round + 1);
    else
        snprintf(s->name, sizeof s->name, "%s Primary School", place);
    size_t k = 0;
    for (const char *c = place; *c && k + 1 < sizeof s->domain; c++)
        if (*c != ' ')
            s->domain[k++] = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
    s->domain[k] = '\0';
    if (round)
        snprintf(s->domain + k, sizeof s->domain - k, "%d.example.org", round + 1);
    else
        snprintf(s->domain + k, sizeof s->domain - k, ".example.org");
    s->estab = 2001 + i;
}

void demo_la_plan(unsigned long seed, int n, struct demo_la_school *out)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (rng)
        gsl_rng_set(rng, seed ^ 0x1a1aUL);
    /* One-form to three-form entry: 7 year groups of 15 to 90 pupils. */
    static const int sizes[] = { 105, 210, 210, 315, 420, 420, 630 };
    for (int i = 0; i < n; i++) {
        struct demo_la_school *s = &out[i];
        memset(s, 0, sizeof *s);
        unsigned long r = rng ? gsl_rng_get(rng) : (unsigned long)i * 2654435761UL;
        name_school(i, s);
        s->pupils = i == 0 ? 420 : sizes[r % (sizeof sizes / sizeof sizes[0])];
        /* Practice: a third strong on structured conversations, a third as
         * usual, a third weak (conversations loose, families seldom met). */
        int kind = i == 0 ? 1 : (int)((r >> 8) % 3);
        s->practice = demo_practice_usual;
        if (kind == 0) {
            s->practice.fidelity_shift = 0.06;
            s->practice.hard_to_reach = 0.05;
        } else if (kind == 2) {
            s->practice.fidelity_shift = -0.3;
            s->practice.hard_to_reach = 0.45;
        }
        s->practice.fast = i == 0 || (r >> 12) % 5 < 2; /* about two in five run FAST */
        /* Each school has a gap or two on its provision map (the first has
         * the usual demo's map, whose gaps are its own). */
        if (i)
            s->practice.gaps =
                (1u << ((r >> 16) % 4)) | ((r >> 20) % 3 == 0 ? 1u << ((r >> 24) % 4) : 0);
    }
    if (rng)
        gsl_rng_free(rng);
}

/* A database that holds schools already may take another LA's demo
 * schools (a national demo: several LAs in one database), numbered after
 * the demo schools there (*first); not a second demo of the same LA. */
static int another_la(struct db *db, const char *la_code, int n, int *first, struct err *e)
{
    struct db_stmt *st;
    int rc =
        db_prepare(db, &st,
                   "SELECT count(*), coalesce(sum(CASE WHEN la_code = ?1 THEN 1 ELSE 0 END), 0)"
                   " FROM school WHERE urn >= '999001' AND urn <= '999999'",
                   e);
    if (rc)
        return rc;
    db_bind_text(st, 1, la_code);
    rc = db_step(st, e);
    long demo = rc == DB_ROW ? (long)db_col_int(st, 0) : 0;
    long same = rc == DB_ROW ? (long)db_col_int(st, 1) : 0;
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (same || demo == 0)
        return err_set(e, ERR_CONFLICT,
                       same ? "this database already holds LA %s's demo schools"
                            : "this database already holds pupils; the demo needs an empty one "
                              "or one of other LAs' demo schools",
                       la_code);
    if (demo + n > 999)
        return err_set(e, ERR_INPUT, "a demo database holds at most 999 demo schools");
    *first = (int)demo;
    return 0;
}

int demo_la(struct db *db, const struct demo_options *o, int n, const char *la_code,
            struct demo_la_summary *s, struct err *e)
{
    memset(s, 0, sizeof *s);
    long existing;
    int first = 0;
    int rc = demo_count_pupils(db, &existing, e);
    if (rc == ERR_CONFLICT) {
        err_clear(e);
        rc = another_la(db, la_code, n, &first, e);
    }
    if (rc)
        return rc;
    struct demo_la_school *plan = calloc((size_t)n, sizeof *plan);
    if (!plan)
        return err_set(e, ERR_NOMEM, "out of memory");
    demo_la_plan(o->seed, n, plan);
    for (int i = 0; first && i < n; i++)
        name_school(first + i, &plan[i]); /* after the demo schools already there */
    /* DEMO_PASSWORD hashed once for every school's accounts. */
    struct password_gate own, *g = o->gate;
    char hash[PASSWORD_HASH_LEN];
    if (!g) {
        if ((rc = password_gate_init(&own, PASSWORD_GATE_RUNNING, PASSWORD_GATE_WAITING))) {
            free(plan);
            return err_set(e, rc, "out of memory");
        }
        g = &own;
    }
    rc = password_hash(g, DEMO_PASSWORD, hash, e);
    if (g == &own)
        password_gate_release(&own);
    for (int i = 0; rc == 0 && i < n; i++) {
        struct demo_options so = *o;
        so.seed = o->seed + 7919UL * (unsigned long)i;
        so.pupils = plan[i].pupils;
        so.urn = plan[i].urn;
        so.name = plan[i].name;
        so.la_code = la_code;
        so.email_domain = plan[i].domain;
        so.password_hash = hash;
        so.estab = plan[i].estab;
        so.practice = &plan[i].practice;
        so.no_parent = i > 0; /* one demo parent account, at the first school */
        struct demo_summary one;
        rc = demo_school(db, &so, &one, e);
        if (rc == 0) {
            s->schools++;
            s->pupils += one.pupils;
            s->conversations += one.conversations;
            s->programmes += one.programmes;
            s->accounts += one.accounts;
        }
    }
    /* Most schools' leads have agreed to share with the LA; one in five has
     * not (yet). And an LA officer to see it, with the demo password. */
    struct audit_who who = { o->actor ? o->actor : "demo", NULL };
    for (int i = 0; rc == 0 && i < s->schools; i++) {
        struct arena a;
        arena_init(&a, 0);
        struct school sc;
        rc = school_by_urn(db, &a, plan[i].urn, &sc, e);
        if (rc == 0 && i % 5 != 4)
            rc = school_set_la_share(db, &who, sc.id, true, e);
        arena_release(&a);
    }
    free(plan);
    if (rc == 0) {
        snprintf(s->la_email, sizeof s->la_email, "la.officer@la%s.example.org", la_code);
        struct password_gate own2, *g2 = o->gate;
        if (!g2 && (rc = password_gate_init(&own2, PASSWORD_GATE_RUNNING, PASSWORD_GATE_WAITING)))
            return err_set(e, rc, "out of memory");
        if (!g2)
            g2 = &own2;
        int64_t id;
        rc = account_add_la(db, g2, &who, s->la_email, "Alex Morgan", la_code, DEMO_PASSWORD, &id,
                            e);
        if (g2 == &own2)
            password_gate_release(&own2);
        if (rc == 0)
            s->accounts++;
    }
    return rc;
}
