/* measure.h - which measures a school can record, and what meso knows about
 * each beyond its scoring rules: the school's own definitions (stored as the
 * files were given), the reliability figures used for the reliable change
 * index, which direction of change is better, and the place of a band in its
 * table.
 *
 * A measure is found by key: first the built-in definitions
 * (score/builtin.h), then the school's own, newest version first. Definitions
 * returned live for the program (built-ins) or in the arena given (a school's
 * own, parsed from the stored text).
 *
 * Reliability figures (test-retest r and SD) are never invented: meso ships
 * none for the built-in measures, because DOMAIN.md gives none and no
 * verified source is recorded. They come from the school
 * (measure_reliability_set) or from a definition file's [reliability]
 * section; without them the reliable change index is not computed.
 *
 * Functions that can fail return 0 or a negative err_code and fill e.
 */
#ifndef MESO_MEASURE_H
#define MESO_MEASURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "score/instrument.h"

struct arena;
struct audit_entry;
struct db;

/* The built-in or school definition with this key (the newest version of a
 * school's own). ERR_NOTFOUND when there is none. */
int measure_find(struct db *db, struct arena *a, int64_t school_id, const char *key,
                 const struct instrument **out, struct err *e);

/* Resolve what a person or a file names as the measure, for an informant
 * and a child's age in whole years:
 *   "sdq" (any case; also "" when dflt_sdq)  the SDQ form for the informant
 *                                            and age (instrument_sdq_form)
 *   "mmf", "Me and My Feelings"              Me and My Feelings
 *   a key (sdq-teacher-4-17, a school's own) that definition
 * The informant must match the definition's (unless it is "any"), and the
 * age must be within its range. On failure returns ERR_INPUT (or
 * ERR_NOTFOUND for an unknown measure) and writes a plain reason into why. */
int measure_resolve(struct db *db, struct arena *a, int64_t school_id, const char *measure,
                    const char *informant, int age_years, const struct instrument **out, char *why,
                    size_t cap);

/* Parse who answered: parent (also carer, mother, father, P), teacher (also
 * T, school), self (also pupil, child, young person, self-report, S). Sets
 * *out to "parent", "teacher" or "self". Returns 0 or ERR_INPUT with a reason
 * in why. */
int measure_parse_informant(const char *s, const char **out, char *why, size_t cap);

/* "Teacher", "Parent or carer", "The child (self-report)", or s itself. */
const char *measure_informant_label(const char *informant);

/* A short name for a definition for tables and headings: "SDQ (teacher)",
 * "SDQ (parent, ages 2-4)", "Me and My Feelings", or its title. */
const char *measure_short_name(struct arena *a, const struct instrument *in);

/* A plain name for a score: "Emotional", "Conduct", "Hyperactivity and
 * attention", "Peer relationships", "Kind and helpful (prosocial)", "Total
 * difficulties", "Impact", or the name itself. */
const char *measure_score_label(const char *score);

/* How people say a measure and one of its scores, for every page, report
 * and document (never the internal key): "SDQ, parent, total difficulties",
 * "SDQ, teacher, emotional", "SDQ, self-report, impact", "SDQ, parent, ages
 * 2-4, peer relationships", "Me and My Feelings, emotional", or a school's
 * own measure's title and the score's name. in may be NULL: then the
 * built-in definition with that key is used, else the key itself. score may
 * be NULL for the measure alone ("SDQ, parent"). The string is in a. */
const char *measure_spoken_name(struct arena *a, const struct instrument *in, const char *key,
                                const char *score);

/* Store a school's own measure from a definition file's text (name is used
 * in messages as FILE:LINE: reason). The same key and version again with the
 * same text changes nothing (*added false); with different text it is
 * ERR_CONFLICT (a changed definition needs a new version). Audited as who.
 * *out is the parsed definition (in a). */
int measure_add(struct db *db, struct arena *a, const struct audit_entry *who, int64_t school_id,
                const char *name, const char *text, size_t len, const struct instrument **out,
                bool *added, struct err *e);

struct measure_definition_row {
    const char *key, *version, *title, *added_by, *added_at;
};

/* A school's own definitions, by key and then newest first. */
int measure_list_definitions(struct db *db, struct arena *a, int64_t school_id,
                             struct measure_definition_row **out, size_t *n, struct err *e);

/* ---- reliability ------------------------------------------------------- */

struct measure_reliability {
    const char *instrument, *score;
    double retest_r, sd;
    const char *source;
    const char *set_by, *set_at; /* NULL when from a definition file */
};

/* Record the figures a school uses for one score of one measure (replacing
 * any before). r in [0, 1), sd > 0, a source of 1-500 characters; the
 * measure and score must exist. Audited as who. ERR_INPUT with a reason. */
int measure_reliability_set(struct db *db, struct arena *a, const struct audit_entry *who,
                            int64_t school_id, const char *instrument, const char *score,
                            double retest_r, double sd, const char *source, struct err *e);

/* The figures for a score: the school's own, else the definition's; *found
 * false (and 0 returned) when there are none. */
int measure_reliability_get(struct db *db, struct arena *a, int64_t school_id,
                            const struct instrument *in, const char *score,
                            struct measure_reliability *out, bool *found, struct err *e);

/* Every figure the school has set, by measure and score. */
int measure_reliability_list(struct db *db, struct arena *a, int64_t school_id,
                             struct measure_reliability **out, size_t *n, struct err *e);

/* ---- bands and direction ----------------------------------------------- */

enum measure_better { MEASURE_LOWER_BETTER = -1, MEASURE_UNKNOWN = 0, MEASURE_HIGHER_BETTER = 1 };

/* Which direction of change is better for a score, read from its band table
 * (the first scheme with one): where the first band, the usual range, sits
 * at the top of the scale (the SDQ's prosocial), higher is better; otherwise
 * lower is better. MEASURE_UNKNOWN when the score has no bands. */
enum measure_better measure_better_for(const struct instrument *in, const char *score);

/* The band table for a score under a scheme, or NULL. */
const struct instrument_bands *measure_bands_for(const struct instrument *in, const char *scheme,
                                                 const char *score);

/* The place (from 0) of the band holding value in the scheme's table for the
 * score, or -1 (no table, a missing value, or no range holds it). */
int measure_band_level(const struct instrument *in, const char *scheme, const char *score,
                       int value);

/* The band level from which a child is listed for follow-up: 2, i.e. high
 * or very high (low or very low for prosocial) in the SDQ's four bands,
 * abnormal in its three, clinically significant in Me and My Feelings. */
#define MEASURE_FOLLOW_UP_LEVEL 2

#endif
