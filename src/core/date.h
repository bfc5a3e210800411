/* date.h - calendar dates (proleptic Gregorian, no time zone). Dates are kept
 * in the database as ISO text YYYY-MM-DD; in C as struct date or as a day
 * number (days since 1970-01-01) for arithmetic. */
#ifndef MESO_DATE_H
#define MESO_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct date {
    int y, m, d;
};

#define DATE_ISO_LEN 11 /* "YYYY-MM-DD" plus NUL */

/* Parse YYYY-MM-DD or DD/MM/YYYY (also D/M/YYYY) into a real calendar date
 * in years 1900..2200. Returns 0 or ERR_INPUT. */
int date_parse(const char *s, struct date *out);
bool date_valid(struct date d);
/* Write "YYYY-MM-DD" into out (at least DATE_ISO_LEN bytes). */
void date_iso(struct date d, char *out);
long date_to_days(struct date d);
struct date date_from_days(long days);
/* Today in UTC, or the date in $MESO_TODAY when set (for tests and demos). */
struct date date_today(void);
/* day if given (not NULL or ""), else today, as ISO text into out. */
void date_iso_or_today(const char *day, char out[11]);
/* "14 March 2017" from "2017-03-14", in a's memory; the input itself when it
 * is not a date ("" for NULL), and when a is out of memory. */
struct arena;
const char *date_words(struct arena *a, const char *iso);
/* The same into out[size] (DATE_WORDS_LEN is enough), for code with no arena
 * (a chart's drawing function); returns out. */
#define DATE_WORDS_LEN 24
const char *date_words_into(char *out, size_t size, const char *iso);
/* 0 = Monday ... 6 = Sunday. */
int date_weekday(struct date d);
/* Whole years of age on `on` for someone born on `dob`. */
int date_age_years(struct date dob, struct date on);
int date_cmp(struct date a, struct date b);

#define DATE_TS_LEN 25 /* "YYYY-MM-DDTHH:MM:SS.mmmZ" plus NUL */
/* The current time in UTC as ISO text with milliseconds (the form the
 * database's timestamp columns hold). */
void date_timestamp(char out[DATE_TS_LEN]);
/* The same form for the instant t (seconds since 1970-01-01 UTC), with .000
 * milliseconds: for times computed rather than read from the clock (expiry,
 * cut-offs), so they compare correctly as text with date_timestamp()'s. */
void date_timestamp_at(int64_t t, char out[DATE_TS_LEN]);
/* Parse "YYYY-MM-DDTHH:MM:SS[.mmm]Z" into seconds since 1970-01-01 UTC
 * (milliseconds are dropped). Returns 0 or ERR_INPUT. */
int date_timestamp_parse(const char *s, int64_t *out);
/* The clock in milliseconds since 1970-01-01 UTC (CLOCK_REALTIME): for the
 * sign-in throttle and the two-step lock, which order attempts within a
 * second. */
int64_t date_now_ms(void);
/* date_timestamp_at() for an instant in milliseconds (ms kept). */
void date_timestamp_ms(int64_t ms, char out[DATE_TS_LEN]);
/* Parse as date_timestamp_parse() but keep the milliseconds. */
int date_timestamp_parse_ms(const char *s, int64_t *out_ms);

#endif
