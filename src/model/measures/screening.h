/* screening.h - the class or year screening summary: for the children of a
 * year group (or one key teacher's class) and one measure, how many and what
 * share of them are in each band of each score, and who is in a band that
 * calls for follow-up.
 *
 * Definitions (docs/measures.md, "Screening summary"):
 *   - The children are those on roll in the year group (leavers left out),
 *     within what the person asking may see (model/access.h), and, for a
 *     class, whose key teacher is that member of staff.
 *   - Each child counts once, by their latest assessment with the measure
 *     (one definition key, e.g. sdq-teacher-4-17) dated within the window
 *     (a school year, 1 September to 31 August); children with none are
 *     "not assessed".
 *   - For each banded score of the measure that the scheme has a table for
 *     (SDQ: the five subscales, total difficulties, and impact for parent and
 *     self-report), under one banding scheme (default the measure's first:
 *     four_band for the SDQ): n is the children whose band
 *     for that score is known; each band's count is the children in it and
 *     its share is count / n (null when n is 0). A missing score or a score
 *     with no band is counted in `no_band`, not in n.
 *   - Follow-up: every child with at least one score at band level
 *     MEASURE_FOLLOW_UP_LEVEL (2) or above (high or very high; low or very
 *     low for prosocial), with those scores.
 * Bands are counted as they were stored with each assessment, listed in the
 * order of the measure's current band table (any stored label the table no
 * longer has comes after).
 */
#ifndef MESO_SCREENING_H
#define MESO_SCREENING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "model/measures/assessment.h"
#include "score/instrument.h"

struct arena;
struct db;
struct pupil_filter;

/* One child's latest assessment (the input to the summary). */
struct screening_row {
    int64_t pupil_id;
    const char *upn, *name;
    const struct assessment *as; /* NULL when not assessed */
};

struct screening_band_count {
    const char *band;
    int level; /* place in the table; -1 for a label the table no longer has */
    long count;
    double share; /* count / n; meaningless when n is 0 */
};

struct screening_score {
    const char *score;
    const char *outcome; /* the outcome it bears on (score_outcome), or NULL */
    long n;              /* children with a band for this score */
    long no_band;        /* assessed children whose score is missing or has no band */
    struct screening_band_count bands[INSTRUMENT_MAX_BANDS * 2];
    size_t n_bands;
};

struct screening_flag {
    const char *score;
    int value;
    const char *band;
    int level;
};

struct screening_follow_up {
    int64_t pupil_id;
    const char *upn, *name;
    int64_t assessment_id;
    const char *assessed_on;
    struct screening_flag *flags; /* in the measure's score order */
    size_t n_flags;
};

struct screening_summary {
    const struct instrument *in;
    const char *scheme;
    long pupils, assessed;
    struct screening_score scores[INSTRUMENT_MAX_SCORES];
    size_t n_scores;
    struct screening_follow_up *follow_up; /* in the order of the rows */
    size_t n_follow_up;
};

/* The summary of rows (one per child; as NULL for a child not assessed)
 * for measure in under scheme (NULL: its first). Pure: no database. Results
 * in a. ERR_INPUT when the measure has no such scheme. */
int screening_summarise(struct arena *a, const struct instrument *in, const char *scheme,
                        const struct screening_row *rows, size_t n, struct screening_summary *out,
                        struct err *e);

struct screening_query {
    const char *nc_year;    /* the year group (R, 1, ...); required */
    int64_t class_staff_id; /* 0: the whole year group */
    const struct instrument *in;
    const char *scheme; /* NULL: the measure's first */
    int school_year;    /* the window: 1 September to 31 August */
};

/* Build the summary from the database: f gives the school and the scope of
 * who may be seen (access_pupil_filter); its other filters are replaced.
 * The caller audits the view. */
int screening_build(struct db *db, struct arena *a, const struct pupil_filter *f,
                    const struct screening_query *q, struct screening_summary *out,
                    struct screening_row **rows, size_t *n_rows, struct err *e);

#endif
