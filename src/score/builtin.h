/* builtin.h - the measures meso knows without a definition file: the SDQ
 * (parent and teacher forms for ages 4-17 and 2-4, self-report for 11-17,
 * each with its impact supplement) and Me and My Feelings.
 *
 * The definitions are static data (score/builtin.c), each table with a
 * comment naming its source; values marked "to verify" in DOMAIN.md keep that
 * note there. The returned definitions live for the whole program and are
 * never freed.
 *
 * Keys: sdq-parent-4-17, sdq-teacher-4-17, sdq-self-11-17, sdq-parent-2-4,
 * sdq-teacher-2-4, mmf.
 */
#ifndef MESO_BUILTIN_H
#define MESO_BUILTIN_H

#include <stddef.h>

#include "score/instrument.h"

/* The built-in definition with this key, or NULL. */
const struct instrument *instrument_builtin(const char *key);

/* The i-th built-in definition (0 <= i < instrument_builtin_count()), for
 * listing them; NULL past the end. */
const struct instrument *instrument_builtin_at(size_t i);
size_t instrument_builtin_count(void);

/* The SDQ form for an informant ("parent", "teacher" or "self") and a child's
 * age in whole years: parent and teacher use the 2-4 form at ages 2 and 3 and
 * the 4-17 form at 4 to 17 (a 4-year-old is scored on the 4-17 form); self
 * report is for 11 to 17. Returns 0, or ERR_INPUT naming an unknown informant
 * or an age outside the forms' range. */
int instrument_sdq_form(const char *informant, int age_years, const struct instrument **out,
                        struct err *e);

#endif
