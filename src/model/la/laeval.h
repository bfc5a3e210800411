/* laeval.h - the implementation-to-outcome analysis across a local
 * authority's schools (docs/evaluation.md, "Across a local authority's
 * schools"): pupils in key teachers in schools, on pseudonymised data
 * (laextract.h builds it; nothing here knows a name, a UPN or a record
 * number).
 *
 *   outcome ~ baseline + fsm + sen + eal + year_group + sex
 *             + fidelity + parent_reviews + methods + two_or_more
 *             + (1 | school/key_teacher)
 *
 * by REML (stats/lmm.h): a random intercept for each school and for each
 * key teacher within it. With fewer than LA_EVAL_MIN_SCHOOLS schools a
 * variance between schools cannot be estimated, so it falls back, and says
 * so, to school as a fixed effect and a random intercept per key teacher
 * (the associations are then within schools); with one school, to the
 * single school's model. It declines, as the school's analysis does, below
 * EVAL_MIN_PUPILS pupils, EVAL_MIN_GROUPS key teachers or EVAL_MIN_DF
 * degrees of freedom for the indicators.
 *
 * Effect sizes as the school's analysis (evaluation.h): Hedges' g per SD of
 * the indicator across key teachers against the total SD of the model
 * without covariates (every variance in it: school, key teacher, pupil),
 * with the Hedges (2007) interval taking rho as the share of that variance
 * between groups and n as the mean key teacher's group (the two-level form
 * applied to the three-level model: an approximation, stated).
 *
 * Counts of pupils by FSM, SEN, EAL and sex are suppressed below 5, with
 * secondary suppression (stats/suppress.h). No school or key teacher is
 * named or ranked.
 *
 * Pure: no database. Results live in the caller's arena. */
#ifndef MESO_LAEVAL_H
#define MESO_LAEVAL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"
#include "model/evaluation/evaldata.h"
#include "model/evaluation/evaluation.h"
#include "model/la/lakey.h"
#include "stats/lmm.h"

struct arena;

#define LA_EVAL_MIN_SCHOOLS 6

/* One pupil of the extract: pseudonyms, never identities. */
struct la_eval_row {
    char pupil[LA_PSEUDONYM_LEN];
    char school[LA_PSEUDONYM_LEN];
    char teacher[LA_PSEUDONYM_LEN]; /* "" with no key teacher */
    double outcome, baseline;       /* NAN when missing */
    bool fsm;
    char sen[2];     /* N, K, E or "" */
    const char *eal; /* "yes", "no", "unknown" */
    char year_group[4];
    char sex[2];
    double indicator[EVALDATA_N_INDICATORS]; /* the key teacher's; NAN when none */
};

struct la_eval_data {
    const struct evaldata_outcome *outcome;
    int year;
    const char *la_code;
    size_t n_schools;     /* sharing schools read */
    size_t n_not_sharing; /* schools of the LA whose leads have not agreed */
    size_t n_in_scope, n_conversations;
    struct la_eval_row *rows;
    size_t n_rows;
};

enum la_eval_model { LA_MODEL_NONE, LA_MODEL_THREE, LA_MODEL_SCHOOL_FIXED, LA_MODEL_ONE };

struct la_eval_result {
    const struct evaldata_outcome *outcome;
    int year;
    const char *la_code;
    bool declined;
    const char *reason;
    enum la_eval_model model;
    const char *model_words; /* which model, and why, in plain words */
    size_t n_schools_sharing, n_not_sharing, n_in_scope, n_conversations;
    size_t n_used, n_schools, n_teachers; /* in the model */
    const char *formula;
    const char **notes;
    size_t n_notes;
    struct lmm_fit fit;
    double total_sd;      /* model without covariates: sqrt(every variance) */
    double share_school;  /* share of that variance between schools (0 when not modelled) */
    double share_teacher; /* between key teachers (within schools) */
    double icc;           /* share_school + share_teacher */
    struct eval_indicator ind[EVALDATA_N_INDICATORS];
    struct eval_count *counts;
    size_t n_counts;
    const char *caveat;
};

/* Run the analysis on d. Returns 0 (also when it declines) or ERR_NOMEM. */
int la_eval_run(const struct la_eval_data *d, struct arena *a, struct la_eval_result *out,
                struct err *e);

/* The extract as CSV: pupil, school, key_teacher, outcome, baseline, fsm,
 * sen, eal, year_group, sex and the four indicators; pseudonyms only, no
 * date of birth. Returns 0, ERR_LIMIT or ERR_NOMEM. */
int la_eval_csv(const struct la_eval_data *d, struct buf *out, struct err *e);

/* The R call that re-runs the analysis on that file (in a). */
const char *la_eval_lmer_call(const struct la_eval_result *r, const char *csv_name,
                              struct arena *a);

#endif
