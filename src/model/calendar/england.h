/* england.h - meso's usual school calendar for England: the terms and the
 * holidays inside them for a school year, by rule (docs/calendar.md says
 * where each rule comes from). They are a starting point that a school
 * edits to match its local authority's published dates; they are not a
 * national standard (local authorities and academy trusts set their own).
 *
 *   autumn term     the first weekday on or after 3 September, to the Friday
 *                   on or before 20 December
 *   October half    Monday to Friday of the week of the last Monday of October
 *   spring term     the first weekday on or after 4 January, to the Friday
 *                   before the Easter holidays
 *   February half   Monday to Friday from the first Monday on or after 12
 *                   February
 *   Easter holidays the Monday before Easter Sunday to the Friday after
 *                   Easter Monday (between the spring and summer terms)
 *   summer term     the Monday after the Easter holidays, to the last weekday
 *                   on or before 22 July
 *   early May bank holiday   the first Monday of May
 *   May half term   Monday to Friday of the week of the last Monday of May
 *                   (the spring bank holiday)
 *
 * All pure. */
#ifndef MESO_ENGLAND_H
#define MESO_ENGLAND_H

#include <stddef.h>

#include "model/calendar/schoolyear.h"

#define ENGLAND_HOLIDAYS 4 /* holidays inside the terms, per year */

/* Easter Sunday of a calendar year (Gregorian; the anonymous algorithm
 * published by Meeus). */
struct date england_easter(int year);

/* The usual terms of school year `year` (set = false). */
void england_terms(int year, struct term out[TERM_N]);

/* The usual holidays inside the terms of school year `year`, in date order
 * (ids 0; names are string literals). Returns how many (ENGLAND_HOLIDAYS). */
size_t england_holidays(int year, struct holiday out[ENGLAND_HOLIDAYS]);

#endif
