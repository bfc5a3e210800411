/* calendar.h - a school's calendar over a span of dates: its terms (its own
 * or meso's usual dates for England, model/calendar/england.h) and its
 * holidays (its own for a school year in which it has set any, else the
 * usual ones), and the one question scheduling asks: is a date a school
 * day, and if not, why not.
 *
 * A school day is a weekday inside a term and outside every holiday.
 * Scheduling (programme sessions, follow-on meetings) skips the days that
 * are not; where a person chose the date (a conversation, a reading
 * session, a moved session) meso keeps it and says why it may be wrong.
 */
#ifndef MESO_CALENDAR_H
#define MESO_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/err.h"
#include "model/calendar/schoolyear.h"

struct arena;
struct db;
struct problems;

#define CALENDAR_MAX_HOLIDAYS 40 /* per school year, on the page and in a save */

struct school_calendar {
    int first_year;           /* the first school year covered */
    int n_years;              /* how many */
    struct term *terms;       /* n_years * TERM_N, autumn to summer each */
    struct holiday *holidays; /* by start date */
    size_t n_holidays;
    struct arena *a; /* for calendar_closed()'s words */
};

/* The school's calendar for every school year that [from, to] touches
 * (at most 10). Lives in a. */
int calendar_load(struct db *db, struct arena *a, int64_t school_id, struct date from,
                  struct date to, struct school_calendar *out, struct err *e);

/* NULL when d is a school day; otherwise why it is not, as words that
 * follow "is": "a Saturday", "a Sunday", "a holiday (October half term)"
 * (the holiday's name), "in the Christmas holidays", "in the Easter
 * holidays", "in the summer holidays" (the breaks between terms). A date
 * outside the calendar's years is "outside the school years loaded". The
 * words live in the calendar's arena or are literals. Pure. */
const char *calendar_closed(const struct school_calendar *c, struct date d);

/* The first school day on or after d, into *out; ERR_INPUT when there is
 * none before the calendar ends. Pure. */
int calendar_next_open(const struct school_calendar *c, struct date d, struct date *out);

/* Why the date in iso (YYYY-MM-DD) is not a school day at the school, as
 * calendar_closed() says it, into *why (NULL when it is one, or when iso is
 * not a date). The words live in a. */
int calendar_date_note(struct db *db, struct arena *a, int64_t school_id, const char *iso,
                       const char **why, struct err *e);

/* One sentence for a person who chose such a date: "12 December 2026 is a
 * Saturday." / "26 October 2026 is a holiday (October half term)." In a. */
const char *calendar_note_sentence(struct arena *a, const char *iso, const char *why);

/* ---- a school year's calendar, as the lead edits it ---------------------- */

struct calendar_year {
    int year;
    struct term terms[TERM_N];
    struct holiday *holidays; /* inside the year, by start date */
    size_t n_holidays;
    bool own_holidays; /* false: the usual ones for England */
};

/* The year's terms and holidays as they stand (own or usual). In a. */
int calendar_year_get(struct db *db, struct arena *a, int64_t school_id, int year,
                      struct calendar_year *out, struct err *e);

/* meso's usual dates for England for the year (terms and holidays). In a. */
int calendar_year_usual(struct arena *a, int year, struct calendar_year *out, struct err *e);

/* Check a year before saving: the terms (schoolyear_validate: fields
 * "autumn", "spring", "summer") and each holiday (field "holiday_N", N from
 * 1: a name, an end on or after the start, inside the school year). */
void calendar_year_validate(const struct calendar_year *y, struct problems *pr);

/* Saving a year (with its audit row) is schoolcal_save_year() in
 * model/register/schoolcal.h: the audit trail lives in the register, which
 * already reads the calendar. */

#endif
