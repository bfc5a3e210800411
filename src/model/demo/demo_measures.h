/* demo_measures.h - the demo school's wellbeing screening and outcomes
 * (called by demo_run after the pupils exist).
 *
 * Up to today (MESO_TODAY): a teacher SDQ screening of Years 2, 4 and 6
 * early in this school year, and of the same children near the end of the
 * last one; repeat teacher SDQs later this year for the children screened
 * high or very high (most improving, some not), so charts show change;
 * parent SDQs for some of them; and, for those year groups, attainment in
 * reading, writing and maths and attendance for each term that has ended, a
 * few suspensions and bullying incidents, and teachers' ratings of positive
 * relationships. The answers come from a simple model of each child (a
 * general level of difficulty and one per subscale), so the bands have
 * national-like shares.
 *
 * It also sets DEMO ONLY reliability figures for the teacher SDQ, marked as
 * such in their source, so that reliable change can be tried.
 *
 * Everything comes from its own generator seeded from the demo's seed, so a
 * seed always gives the same data whatever else the demo makes. */
#ifndef MESO_DEMO_MEASURES_H
#define MESO_DEMO_MEASURES_H

#include <stdint.h>

#include "core/date.h"
#include "core/err.h"

struct db;

struct demo_measures_summary {
    long assessments, follow_up, attainment, attendance, exclusions, bullying, ratings;
};

int demo_measures(struct db *db, unsigned long seed, int64_t school_id, const char *actor,
                  struct date today, struct demo_measures_summary *s, struct err *e);

#endif
