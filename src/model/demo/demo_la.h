/* demo_la.h - a school's year of activity (conversations, measures,
 * programmes, the provision map) as its practice says (demo_run and demo_la
 * call it), and a local authority of demo schools (demo_la, in demo.h). */
#ifndef MESO_DEMO_LA_H
#define MESO_DEMO_LA_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

#include "core/date.h"
#include "core/err.h"
#include "model/demo/demo.h"

struct db;

/* Conversations, measures, programmes and the provision map of school_id,
 * whose families and staff exist, as o->practice says; fills s's counts. */
int demo_activity(struct db *db, gsl_rng *rng, int64_t school_id, const struct demo_options *o,
                  struct date today, struct demo_summary *s, struct err *e);

/* One demo school, in one transaction, into a database checked to be empty
 * (demo_count_pupils: ERR_CONFLICT when it holds pupils). */
int demo_school(struct db *db, const struct demo_options *o, struct demo_summary *s, struct err *e);
int demo_count_pupils(struct db *db, long *n, struct err *e);

/* The schools of demo_la: n made from seed (strings in static storage or the
 * caller's arena). The first is the usual demo school. Pure. */
struct demo_la_school {
    char urn[12], name[64], domain[48];
    int pupils, estab;
    struct demo_practice practice;
};
void demo_la_plan(unsigned long seed, int n, struct demo_la_school *out);

#endif
