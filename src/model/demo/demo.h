/* demo.h - a realistic synthetic primary school, for trying meso out and for
 * tests. Everything is generated from name lists in the code and a seeded
 * random generator (GSL's MT19937), so the same seed always gives the same
 * school, and every UPN is valid. No real person's data is used: phone
 * numbers are in Ofcom's drama range, emails use example.org, and postcodes
 * use the ZZ99 pseudo-area. */
#ifndef MESO_DEMO_H
#define MESO_DEMO_H

#include <stdint.h>

#include "core/err.h"

struct db;
struct password_gate;

/* DEMO ONLY. Every demo sign-in account has this password, and the demo's
 * admin and lead accounts are excused from two-factor sign-in (totp_exempt)
 * so the demo can be tried at once. Never use the demo for real data. */
#define DEMO_PASSWORD     "demo-password-1234"
#define DEMO_PARENT_EMAIL "parent.demo@example.org"

struct demo_options {
    unsigned long seed;
    int pupils; /* about how many; default 420 */
    const char *actor;
    struct password_gate *gate; /* for hashing DEMO_PASSWORD; NULL: the demo makes one */
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

#endif
