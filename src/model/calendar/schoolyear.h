/* schoolyear.h - the school year, its three terms, and holidays.
 *
 * A school year is named by the calendar year in which it begins: year 2024
 * runs from 1 September 2024 to 31 August 2025, so every date belongs to
 * exactly one school year (August, the summer holiday, closes the year that
 * began the September before).
 *
 * Each school may set its own term dates (table `term`). A term not set
 * takes meso's usual dates for England (model/calendar/england.h; about
 * early September to the Friday before 20 December, early January to the
 * Friday before the Easter holidays, the Monday after them to about 22
 * July). Holidays (table `holiday`) are the breaks inside terms (half
 * terms, bank holidays, INSET days); they do not change which term a date
 * is in. The whole calendar (what is a school day) is model/calendar/calendar.h.
 *
 * The pure functions take terms as an array of three, autumn to summer.
 * Functions that can fail return 0 or a negative err_code and fill e.
 */
#ifndef MESO_SCHOOLYEAR_H
#define MESO_SCHOOLYEAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/err.h"

struct arena;
struct db;
struct problems;

enum term_name { TERM_AUTUMN = 0, TERM_SPRING = 1, TERM_SUMMER = 2, TERM_N = 3 };

/* "autumn", "spring", "summer"; NULL-terminated. */
extern const char *const term_names[];

struct term {
    int year; /* the school year it belongs to */
    enum term_name name;
    struct date start, end;
    bool set; /* true when the school set it; false for the default */
};

struct holiday {
    int64_t id;
    struct date start, end;
    const char *name;
};

/* The school year a date belongs to (see above). */
int schoolyear_of(struct date d);
/* 1 September of year and 31 August of the next calendar year. */
struct date schoolyear_start(int year);
struct date schoolyear_end(int year);
/* "2024-25" into out (at least 8 bytes). */
void schoolyear_label(int year, char *out, size_t cap);

/* Parse "autumn" (any case) into *out; returns 0 or ERR_INPUT. */
int schoolyear_parse_term(const char *s, enum term_name *out);
/* Parse "YYYY" or "YYYY-YY" (2024-25) as a school year. 0 or ERR_INPUT. */
int schoolyear_parse_year(const char *s, int *out);
/* Parse "START..END" (two dates) into *start and *end. 0 or ERR_INPUT. */
int schoolyear_parse_range(const char *s, struct date *start, struct date *end);

/* The default terms of a year (england_terms), into out[TERM_N]. */
void schoolyear_default_terms(int year, struct term out[TERM_N]);

/* The term that contains d, as an index into terms, or -1 (a holiday
 * between terms, or the summer holiday). */
int schoolyear_term_containing(const struct term terms[TERM_N], struct date d);
/* The term a date counts towards for planning: the term containing it; in a
 * break between terms, the next term; after the summer term ends, summer;
 * before autumn starts, autumn. Always 0..2. */
int schoolyear_term_for(const struct term terms[TERM_N], struct date d);

/* Check a year's three terms: each inside its school year, in order, not
 * overlapping. Problems by field: "autumn", "spring", "summer". */
void schoolyear_validate(const struct term terms[TERM_N], struct problems *pr);

/* A school's terms for year: those it set, the defaults for the rest. */
int schoolyear_terms(struct db *db, int64_t school_id, int year, struct term out[TERM_N],
                     struct err *e);
/* The term of the school's year that d counts towards (schoolyear_term_for),
 * into *out. */
int schoolyear_term_at(struct db *db, int64_t school_id, struct date d, struct term *out,
                       struct err *e);

/* Set one term's dates for a school (replacing any set before). The caller
 * validates the whole year first with schoolyear_validate(). Not audited:
 * changes go through model/register/schoolcal.h, which writes the audit row
 * (the same for schoolyear_add_holiday). */
int schoolyear_set_term(struct db *db, int64_t school_id, const struct term *t, struct err *e);

/* Add a holiday; ERR_INPUT when the name is blank or the dates are out of
 * order. Sets h->id. */
int schoolyear_add_holiday(struct db *db, int64_t school_id, struct holiday *h, struct err *e);
/* The school's holidays that overlap [from, to], by start date. Names live
 * in the arena. */
int schoolyear_holidays(struct db *db, struct arena *a, int64_t school_id, struct date from,
                        struct date to, struct holiday **out, size_t *n, struct err *e);
/* True when d falls in one of the holidays given. */
bool schoolyear_in_holiday(const struct holiday *hs, size_t n, struct date d);

#endif
