/* evaldata.h - the implementation-to-outcome dataset: one row per pupil in
 * scope for structured conversations in a school year, with an outcome and
 * its baseline, the pupil's covariates and the implementation indicators of
 * their key teacher (docs/evaluation.md, "The implementation analysis").
 *
 * Outcomes (evaldata_outcomes[]): SDQ total difficulties (teacher or parent:
 * the latest in the year, against the earliest before it, in the year or the
 * one before), attendance (the year's mean percentage against the year
 * before), an attainment score in reading, writing or maths (the year's
 * latest numeric result against the year before's latest; results recorded
 * as levels such as EXS are not scores and are left out), the positive
 * relationships rating (the teacher's latest in the year against the latest
 * before it), bullying incidents (in the year against the year before) and
 * the family's score in the parents' survey (model/surveys/survey.h, 0-100:
 * the latest answer in the year against the latest before it, as for SDQ).
 *
 * Indicators, per key teacher over the year, as the conversations report
 * defines them (model/conversations/convstats.h): mean fidelity (0-1), target
 * reviews a parent took part in per pupil in scope (Achievement for All's
 * "how often parents reviewed targets"), the mean number of different
 * methods used to tell each family about progress (contacts whose purpose
 * was a progress update), and the share of pupils in scope with two or more
 * planned conversations held (each counted in its own term).
 *
 * Reading is the only database work of the analysis; evaluation.h computes.
 */
#ifndef MESO_EVALDATA_H
#define MESO_EVALDATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;
struct audit_entry;
struct db;

enum evaldata_kind {
    EK_SDQ,
    EK_ATTENDANCE,
    EK_ATTAINMENT,
    EK_RELATIONSHIPS,
    EK_BULLYING,
    EK_SURVEY
};

struct evaldata_outcome {
    const char *name;  /* "sdq-teacher", "attendance", "maths", ... */
    const char *label; /* "SDQ total difficulties (teacher)" */
    enum evaldata_kind kind;
    const char *detail; /* SDQ informant, attainment subject, or NULL */
    bool higher_is_better;
    bool attainment; /* EEF months of progress apply */
};

extern const struct evaldata_outcome evaldata_outcomes[];
extern const size_t evaldata_n_outcomes;

/* The outcome called name, or NULL. */
const struct evaldata_outcome *evaldata_outcome(const char *name);

#define EVALDATA_N_INDICATORS 4
extern const char *const evaldata_indicator_names[EVALDATA_N_INDICATORS];  /* column names */
extern const char *const evaldata_indicator_labels[EVALDATA_N_INDICATORS]; /* plain words */
extern const char *const evaldata_indicator_short[EVALDATA_N_INDICATORS];  /* for a chart */

struct evaldata_row {
    int64_t pupil_id;
    double outcome, baseline; /* NAN when missing */
    bool fsm;                 /* eligible at some time in the year */
    char sen[2];              /* N, K, E */
    const char *eal;          /* "yes", "no", "unknown" */
    char year_group[4];       /* "R", "1", ... or "" */
    char sex[2];
    char birth_month[8];                     /* YYYY-MM */
    int64_t teacher_id;                      /* 0: no key teacher */
    double indicator[EVALDATA_N_INDICATORS]; /* the key teacher's; NAN when none */
};

struct evaldata {
    const struct evaldata_outcome *outcome;
    int year;
    size_t n_in_scope;      /* pupils in scope in the year */
    size_t n_conversations; /* complete conversations in the year */
    struct evaldata_row *rows;
    size_t n_rows;
};

/* Load the dataset of a school's year. Audited once as who (the reads of
 * scope and the conversations report are audited there). Returns 0,
 * ERR_INPUT for an unknown outcome, or a storage error. */
int evaldata_load(struct db *db, struct arena *a, int64_t school_id, int year,
                  const struct evaldata_outcome *outcome, const struct audit_entry *who,
                  struct evaldata *out, struct err *e);

#endif
