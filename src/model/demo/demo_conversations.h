/* demo_conversations.h - the demo school's year of structured conversations
 * and home-school contacts (called by demo_run after the families exist).
 *
 * Up to today (MESO_TODAY), for the pupils in scope: key teachers (each
 * class's teacher, where none is set), agreements, conversations whose
 * fidelity depends on the teacher (some follow the four stages closely,
 * some loosely) and whose number depends on the family (most have had one
 * each term so far, some none or one), targets with reviews (parents often
 * but not always taking part), parents' views, and contacts: mostly
 * positive, with some families whose last three contacts were concerns and
 * some with no contact for six weeks or more. Everything comes from the
 * demo's seeded generator, so a seed always gives the same story. */
#ifndef MESO_DEMO_CONVERSATIONS_H
#define MESO_DEMO_CONVERSATIONS_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

#include "core/date.h"
#include "core/err.h"

struct db;

struct demo_conv_summary {
    long key_teachers, conversations, targets, reviews, contacts, views, agreements;
    long missed; /* meetings the family could not come to, followed up another way */
};

/* fidelity_shift is added to each teacher's fidelity (0 as usual; negative
 * for a school where conversations follow the model loosely); hard_to_reach
 * is the share of families met less often than each term (0.15 as usual). */
int demo_conversations(struct db *db, gsl_rng *rng, int64_t school_id, const char *actor,
                       struct date today, double fidelity_shift, double hard_to_reach,
                       struct demo_conv_summary *s, struct err *e);

#endif
