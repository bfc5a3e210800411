/* demo_days.h - the demo school's days: every date the demo writes for an
 * event (a conversation, a contact, a questionnaire, a session, a review)
 * is a school day of the demo school's calendar (model/calendar/calendar.h:
 * a weekday in term, outside the holidays), so the demo never meets on a
 * Sunday or in half term. The calendar (meso's usual dates for England) is
 * saved as the school's own for the last school year, this one and the
 * next by demo_days_init(). */
#ifndef MESO_DEMO_DAYS_H
#define MESO_DEMO_DAYS_H

#include <gsl/gsl_rng.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/err.h"

struct arena;
struct db;

struct demo_days {
    long *days; /* the school days, as day numbers, in order */
    size_t n;
};

/* Save the usual calendar as the school's own for the school years
 * year - 1, year and year + 1 (each with its audit row, as a lead would),
 * and list their school days. holidays (may be NULL) counts the holidays
 * saved. In a. */
int demo_days_init(struct db *db, struct arena *a, int64_t school_id, const char *actor, int year,
                   struct demo_days *out, long *holidays, struct err *e);

/* Read the school days of the years already saved (as demo_days_init
 * listed them) for the school. In a. */
int demo_days_load(struct db *db, struct arena *a, int64_t school_id, int year,
                   struct demo_days *out, struct err *e);

/* The latest school day on or before d; the first one after d when there is
 * none before it. Monotone: a <= b gives snap(a) <= snap(b). */
struct date demo_day(const struct demo_days *dd, struct date d);

/* The first school day on or after d (the last one known when none). */
struct date demo_day_after(const struct demo_days *dd, struct date d);

/* True when d is a school day. */
bool demo_is_school_day(const struct demo_days *dd, struct date d);

/* A school day in [lo, hi] chosen with rng; when there is none, demo_day(hi). */
struct date demo_day_between(const struct demo_days *dd, gsl_rng *rng, struct date lo,
                             struct date hi);

#endif
