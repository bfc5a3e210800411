/* demo_provmap.h - the demo school's provision map (called by demo_run
 * after the programmes exist). All synthetic:
 *
 *   - the school has chosen Achievement for All and TaMHS;
 *   - universal provision: a PSHE and RSE curriculum and a whole-school
 *     wellbeing approach (with staff training);
 *   - selected provision: a nurture group, a social skills group (ending
 *     soon, its review date passed) and emotional literacy support in the
 *     style of ELSA, with pupils enrolled (one declined, one left), some in
 *     two provisions for the same outcome at once (overload);
 *   - the FAST and Story Links cohorts mapped too; AfA's structured
 *     conversations strand is deliberately left unmapped (a gap);
 *   - reviews: some done, some due in the next fortnight, some overdue;
 *   - external involvements: an educational psychology referral past its
 *     timescale, CAMHS accepted, speech and language therapy advice
 *     received, an early help involvement closed.
 *
 * Dates are relative to today and everything else comes from the demo's
 * seeded generator, so a seed always gives the same map. */
#ifndef MESO_DEMO_PROVMAP_H
#define MESO_DEMO_PROVMAP_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

#include "core/date.h"
#include "core/err.h"

struct db;

struct demo_provmap_summary {
    long provisions, enrolments, reviews, involvements;
};

int demo_provmap(struct db *db, gsl_rng *rng, int64_t school_id, const char *actor,
                 struct date today, struct demo_provmap_summary *s, struct err *e);

#endif
