/* demo_provmap.h - the demo school's provision map (called by demo_run
 * after the programmes exist). All synthetic:
 *
 *   - the school has chosen Achievement for All and TaMHS;
 *   - universal provision: a PSHE and RSE curriculum, a whole-school
 *     wellbeing approach and parents' coffee mornings;
 *   - selected provision: a nurture group, a social skills group (ending
 *     soon, its review date passed) and emotional literacy support in the
 *     style of ELSA, with pupils enrolled (one declined, one left), some in
 *     two provisions for the same outcome at once (overload);
 *   - structured conversations with parents (AfA strand 2) as a selected
 *     provision, with every child in conversation scope enrolled;
 *   - the FAST and Story Links cohorts mapped too; TaMHS's staff-focused
 *     support is deliberately left unmapped (a gap: no staff training or
 *     supervision yet);
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

/* gaps: DEMO_GAP_* bits (model/demo/demo.h), the provisions not run. */
int demo_provmap(struct db *db, gsl_rng *rng, int64_t school_id, const char *actor,
                 struct date today, unsigned gaps, struct demo_provmap_summary *s, struct err *e);

#endif
