/* demo_programmes.h - the demo school's family programmes (called by
 * demo_run after the families and conversations exist):
 *
 *   - the school's holidays for this school year and the last (half terms,
 *     Christmas, Easter), so schedules visibly skip them;
 *   - one FAST cycle for a Year 1 group, finished a few weeks before today:
 *     families invited (most consent, some decline or have not replied),
 *     two hubs, a full team, eight weekly sessions with attendance that
 *     differs by family (most graduate), checklists, monthly FASTworks
 *     meetings since, costs and quotes;
 *   - two Story Links cases, one for a child of the demo parent account
 *     (so the parent sees the stories on their own page) when they have a
 *     child aged 6 to 11: a first meeting, ten weekly sessions, a story from
 *     each, and follow-up reading twice most weeks;
 *   - SDQ parent forms before and after for the enrolled children, stored
 *     as questionnaires (model/assessment.h) so the programme report finds
 *     them (model/progoutcome.h), and DEMO ONLY reliability figures for the
 *     parent SDQ's total, marked so in their source.
 *
 * Everything comes from the demo's seeded generator, so a seed always gives
 * the same programmes. */
#ifndef MESO_DEMO_PROGRAMMES_H
#define MESO_DEMO_PROGRAMMES_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

#include "core/date.h"
#include "core/err.h"

struct db;

struct demo_prog_summary {
    long programmes, sessions_held, families, stories, readings, holidays;
    long comparison; /* Year 1 and 2 children with SDQs before and after who were not in FAST */
};

int demo_programmes(struct db *db, gsl_rng *rng, int64_t school_id, const char *actor,
                    struct date today, struct demo_prog_summary *s, struct err *e);

#endif
