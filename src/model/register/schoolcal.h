/* schoolcal.h - saving a school year's calendar (terms and holidays) as a
 * lead or administrator edits it in the browser, with its audit row. It
 * lives in the register, beside the school's details, because the audit
 * trail is here and the register already reads the calendar
 * (model/calendar/calendar.h holds the rest: loading, the usual dates,
 * validation, what is a school day). */
#ifndef MESO_SCHOOLCAL_H
#define MESO_SCHOOLCAL_H

#include <stdint.h>

#include "core/err.h"
#include "model/calendar/calendar.h"

struct audit_who;
struct db;
struct problems;

/* Save school year y->year for the school: its three terms (all marked as
 * the school's own) and its holidays, which replace every holiday of the
 * school that starts in that year. One transaction and one audit row
 * (action "update", entity "school", detail "calendar 2026-27: 3 terms, 5
 * holidays"). Checks first with calendar_year_validate(): ERR_INPUT, with
 * the problems in pr and nothing written, when any. */
int schoolcal_save_year(struct db *db, int64_t school_id, const struct calendar_year *y,
                        struct problems *pr, const struct audit_who *who, struct err *e);

/* The command line's changes, each with its audit row (entity "school"):
 * set the terms whose set[i] is true (terms[TERM_N], validated by the caller
 * with schoolyear_validate()), in one transaction ("terms 2024-25: autumn,
 * spring"); add one holiday ("holiday 2025-02-17 to 2025-02-21: February half
 * term"; ERR_INPUT as schoolyear_add_holiday). */
int schoolcal_set_terms(struct db *db, int64_t school_id, const struct term *terms, const bool *set,
                        const struct audit_who *who, struct err *e);
int schoolcal_add_holiday(struct db *db, int64_t school_id, struct holiday *h,
                          const struct audit_who *who, struct err *e);

#endif
