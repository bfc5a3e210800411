/* assessment.h - completed wellbeing questionnaires (the SDQ, Me and My
 * Feelings, a school's own measures), recorded per pupil by item number.
 *
 * An assessment keeps what was answered (the item codes in item order and
 * the impact supplement's raw codes; never any item wording), who answered
 * (the informant: parent, teacher or self, and optionally a name such as
 * "mother"), when, and the child's age in whole years on that day. Saving
 * scores it with the measure's definition and stores the scores and bands
 * together with the definition's key and version, so a score always says
 * which rules produced it. Stored scores are never recomputed.
 *
 * One assessment per pupil, measure, informant, name and date: saving the
 * same again changes nothing; saving different answers for the same key
 * replaces them (and is audited as an update), which is how a corrected
 * import is applied.
 *
 * Changes are written to the audit trail here, as `who`, in the same
 * transaction; reads are audited by the caller (a page, an API call or a
 * command) once for what it shows.
 */
#ifndef MESO_ASSESSMENT_H
#define MESO_ASSESSMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "score/instrument.h"

struct arena;
struct audit_entry;
struct db;

#define ASSESSMENT_NAME_MAX 100 /* completed_by */

/* What is needed to record one assessment. */
struct assessment_input {
    int64_t pupil_id;
    int64_t school_id;
    const struct instrument *in;
    const char *informant;    /* parent, teacher, self (or the definition's own) */
    const char *completed_by; /* NULL or "" when not given */
    char assessed_on[11];     /* YYYY-MM-DD */
    int age_years;            /* on assessed_on */
    int responses[INSTRUMENT_MAX_ITEMS];
    size_t n_responses; /* = in->n_items */
    int impact[INSTRUMENT_MAX_IMPACT_ITEMS];
    size_t n_impact; /* 0: the impact supplement was not collected */
};

struct assessment_score {
    const char *score;
    int value; /* SCORE_MISSING when missing */
    bool banded;
};

struct assessment_band {
    const char *scheme, *score;
    const char *band; /* NULL when the scheme has none for the score */
    int level;        /* the band's place in its table from 0; -1 when none */
};

struct assessment {
    int64_t id, pupil_id;
    const char *instrument, *version;
    const char *informant, *completed_by; /* completed_by "" when not given */
    char assessed_on[11];
    int age_years;
    int *responses; /* item codes; SCORE_MISSING when missing */
    size_t n_responses;
    int *impact; /* raw impact codes; n_impact 0 when not collected */
    size_t n_impact;
    const char *source, *recorded_by, *recorded_at;
    struct assessment_score *scores; /* in the definition's order */
    size_t n_scores;
    struct assessment_band *bands; /* by scheme, then score */
    size_t n_bands;
};

enum assessment_save_result { ASSESSMENT_ADDED, ASSESSMENT_UPDATED, ASSESSMENT_UNCHANGED };

/* Score and store an assessment (see above). source says where it came from
 * ("web", "import FILE", "cli", "demo"). Sets *id. Returns 0, ERR_INPUT (a
 * code out of range, a wrong count, an age outside the measure's), or a
 * storage error; nothing is written on failure. Runs in its own
 * (nested) transaction. */
int assessment_save(struct db *db, const struct audit_entry *who, const struct assessment_input *in,
                    const char *source, enum assessment_save_result *result, int64_t *id,
                    struct err *e);

/* A pupil's assessments, oldest first (by date, then as recorded), with their
 * scores and bands; everything in a. */
int assessment_list(struct db *db, struct arena *a, int64_t pupil_id, struct assessment **out,
                    size_t *n, struct err *e);

/* One assessment; ERR_NOTFOUND when there is none. */
int assessment_get(struct db *db, struct arena *a, int64_t id, struct assessment *out,
                   struct err *e);

/* The stored score or band of an assessment, or NULL. */
const struct assessment_score *assessment_score_of(const struct assessment *as, const char *score);
const struct assessment_band *assessment_band_of(const struct assessment *as, const char *scheme,
                                                 const char *score);

/* Codes as stored: "0,1,,2" (empty for SCORE_MISSING), in a. */
char *assessment_codes_text(struct arena *a, const int *codes, size_t n);

/* ---- reliable change ----------------------------------------------------- */

enum change_verdict {
    CHANGE_NOT_COMPUTED = 0, /* a score is missing, or no reliability figures */
    CHANGE_NONE,             /* |RCI| <= 1.96 */
    CHANGE_IMPROVED,
    CHANGE_DETERIORATED,
    CHANGE_INCREASED, /* reliable, for a score with no known better direction */
    CHANGE_DECREASED,
};

struct assessment_change {
    const char *score;
    int from, to; /* SCORE_MISSING when missing */
    bool have_figures;
    double retest_r, sd;
    const char *source; /* of the figures */
    double rci;         /* valid when verdict != CHANGE_NOT_COMPUTED */
    enum change_verdict verdict;
};

/* "reliable improvement", "no reliable change", "not computed", ... */
const char *assessment_verdict_text(enum change_verdict v);

/* The reliable change index (Jacobson & Truax; stats/change.h) for every
 * score of two assessments of the same measure by the same kind of informant,
 * from the earlier to the later (swapped if need be). Reliability figures
 * come from measure_reliability_get(); a score without them is listed with
 * CHANGE_NOT_COMPUTED. ERR_INPUT when the two are different measures or
 * informants, or the same assessment. Results in a. */
int assessment_compare(struct db *db, struct arena *a, int64_t school_id,
                       const struct assessment *x, const struct assessment *y,
                       struct assessment_change **out, size_t *n, struct err *e);

#endif
