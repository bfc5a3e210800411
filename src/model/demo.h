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

struct demo_options {
    unsigned long seed;
    int pupils; /* about how many; default 420 */
    const char *actor;
};

struct demo_summary {
    const char *school_urn, *school_name;
    long pupils, carers, staff, factors;
    long sen_k, sen_e, fsm, eal, cla;
    /* Structured conversations and contacts (model/demo_conversations.h). */
    long conversations, targets, target_reviews, contacts;
};

/* Fill an empty database (no pupils yet) with the demo school, in one
 * transaction. ERR_CONFLICT when the database already holds pupils. */
int demo_run(struct db *db, const struct demo_options *o, struct demo_summary *s, struct err *e);

#endif
