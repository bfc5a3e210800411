/* demo.h - a realistic synthetic primary school, for trying meso out and for
 * tests. Everything is generated from name lists in the code and a seeded
 * random generator (GSL's MT19937), so the same seed always gives the same
 * school, and every UPN is valid. No real person's data is used: phone
 * numbers are in Ofcom's drama range, emails use example.org, and postcodes
 * use the ZZ99 pseudo-area. */
#ifndef MESO_DEMO_H
#define MESO_DEMO_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

struct db;
struct password_gate;

/* DEMO ONLY. Every demo sign-in account has this password, and the demo's
 * admin and lead accounts are excused from two-factor sign-in (totp_exempt)
 * so the demo can be tried at once. Never use the demo for real data. */
#define DEMO_PASSWORD     "demo-password-1234"
#define DEMO_PARENT_EMAIL "parent.demo@example.org"

/* How a school works (issue 16: a local authority's schools differ). The
 * single demo school's practice is demo_practice_usual. */
struct demo_practice {
    double fidelity_shift; /* added to each key teacher's fidelity (0: as usual) */
    double hard_to_reach;  /* share of families met less often than each term (0.15) */
    bool fast;             /* runs a FAST cycle (and Story Links) */
    unsigned gaps;         /* DEMO_GAP_* bits: provisions the school does not run */
};
#define DEMO_GAP_PARENTS       1u /* no parents' coffee mornings */
#define DEMO_GAP_CONVERSATIONS 2u /* structured conversations not on the provision map */
#define DEMO_GAP_NURTURE       4u /* no nurture group nor counselling */
#define DEMO_GAP_WHOLE_SCHOOL  8u /* no PSHE scheme nor whole-school approach */
extern const struct demo_practice demo_practice_usual;

struct demo_options {
    unsigned long seed;
    int pupils; /* about how many; default 420 */
    const char *actor;
    struct password_gate *gate; /* for hashing DEMO_PASSWORD; NULL: the demo makes one */
    /* For one school of a local authority (demo_la); NULL/0: the demo school. */
    const char *urn, *name, *la_code;
    const char *email_domain;  /* staff emails at this domain ("meadowbank.example.org") */
    const char *password_hash; /* DEMO_PASSWORD hashed once for every school; NULL: hash it */
    int estab;                 /* the DfE establishment number in its UPNs */
    const struct demo_practice *practice; /* NULL: demo_practice_usual */
    bool no_parent;                       /* no demo parent account (it is another school's) */
};

/* A demo account to sign in with. */
struct demo_login {
    char email[96]; /* "" when not made */
    char what[160]; /* "admin (no child's record)", "parent: Ms A Khan, of 2 children" */
};

#define DEMO_LOGINS 5

struct demo_summary {
    const char *school_urn, *school_name;
    long pupils, carers, staff, factors;
    long holidays; /* in the school's calendar, last year, this year and next */
    long sen_k, sen_e, fsm, eal, cla;
    long accounts, key_teacher_pupils, family_worker_pupils;
    struct demo_login logins[DEMO_LOGINS]; /* one of each kind */
    /* Structured conversations and contacts (model/demo_conversations.h). */
    long conversations, targets, target_reviews, contacts;
    long missed; /* meetings a family could not come to, followed up another way */
    /* Wellbeing screening and outcomes (model/demo_measures.h). */
    long assessments, screened_follow_up, outcome_records;
    /* Family programmes (model/demo_programmes.h). */
    long programmes, programme_sessions, programme_families, stories;
    /* The provision map (model/demo_provmap.h). */
    long provisions, provision_reviews, involvements;
};

/* Fill an empty database (no pupils yet) with the demo school, in one
 * transaction: staff with sign-in accounts (password DEMO_PASSWORD), pupils
 * split between two class teachers per year group as key teachers,
 * practitioners assigned to some families, and one parent account
 * (DEMO_PARENT_EMAIL) for a carer of two children where there is one.
 * ERR_CONFLICT when the database already holds pupils. s->school_* are
 * static strings. */
int demo_run(struct db *db, const struct demo_options *o, struct demo_summary *s, struct err *e);

/* A local authority of n schools (meso demo --schools N --la CODE): each a
 * demo school of its own size and practice (some strong on structured
 * conversations, some weak, some running FAST, each with its gaps), drawn
 * from the seed, so a seed always gives the same authority. The first
 * school holds the demo parent account. Each school is its own
 * transaction. ERR_CONFLICT when the database already holds pupils,
 * unless they are all of other LAs' demo schools: then this LA's schools
 * are numbered after theirs (URNs, names, addresses), so that several LAs
 * share one database (docs/scale.md, the national step). */
struct demo_la_summary {
    int schools;
    long pupils, conversations, programmes, accounts;
    char la_email[64]; /* the LA officer's demo account */
};
int demo_la(struct db *db, const struct demo_options *o, int n, const char *la_code,
            struct demo_la_summary *s, struct err *e);

#endif
