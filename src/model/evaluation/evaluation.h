/* evaluation.h - the implementation-to-outcome analysis (docs/evaluation.md):
 * from the dataset of evaldata.h, a linear mixed model of the outcome on its
 * baseline, the pupil's covariates and the key teacher's implementation
 * indicators, with a random intercept per key teacher (REML; stats/lmm.h),
 * and what it found in plain words: each indicator's association with a 95%
 * confidence interval, an EEF-style effect size (Hedges' g against the total
 * variance of the multilevel model without covariates, with the Hedges 2007
 * interval) and, for attainment, the EEF's months of progress.
 *
 * It is honest about what it is: every result is an association in
 * observational data, not the effect of a trial; below EVAL_MIN_PUPILS pupils
 * with an outcome and a baseline, or EVAL_MIN_GROUPS key teachers, it
 * declines and says why; counts of fewer than EVAL_SMALL_CELL pupils are
 * suppressed, and key teachers with fewer are left out of the caterpillar
 * plot, which never names anyone.
 *
 * Pure: no database. Results live in the caller's arena.
 */
#ifndef MESO_EVALUATION_H
#define MESO_EVALUATION_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"
#include "model/evaluation/evaldata.h"
#include "stats/lmm.h"

struct arena;

#define EVAL_MIN_PUPILS 30
#define EVAL_MIN_GROUPS 6
#define EVAL_SMALL_CELL 5
/* The fewest degrees of freedom the indicators may have (key teachers less
 * one, less the figures that differ only between key teachers): below it
 * the interval and the small-sample correction J = 1 - 3 / (4 df - 1) mean
 * nothing (at 1, J is 0 and every g would read 0.00), so it declines. */
#define EVAL_MIN_DF 2

struct eval_indicator {
    const char *name, *label;
    bool included; /* false when it did not vary across key teachers */
    double sd;     /* its SD across the key teachers in the analysis */
    double estimate, se, df, p, ci_low, ci_high; /* per unit, on the outcome's scale */
    double per_sd, per_sd_low, per_sd_high;      /* the same per SD of the indicator */
    double g, g_low, g_high;                     /* Hedges' g per SD; positive = better outcomes */
    int months, months_low, months_high;         /* EEF months of progress (attainment) */
    const char *words;                           /* what it found, in plain words */
};

/* A count of pupils in the analysis; suppressed when small (or to protect a
 * suppressed one). */
struct eval_count {
    const char *group, *label;
    size_t n;
    bool suppressed;
};

struct eval_result {
    const struct evaldata_outcome *outcome;
    int year;
    bool declined;
    const char *reason; /* why, in plain words, when declined */
    size_t n_in_scope, n_used, n_groups, n_conversations;
    const char *formula; /* lme4's formula */
    const char **notes;  /* what was left out of the model, and why */
    size_t n_notes;
    struct lmm_fit fit;   /* the model with covariates */
    double total_sd, icc; /* from the model without covariates */
    struct eval_indicator ind[EVALDATA_N_INDICATORS];
    struct eval_count *counts;
    size_t n_counts;
    /* The caterpillar plot: key teachers with EVAL_SMALL_CELL or more pupils,
     * by their estimated effect (unnamed). */
    double *group_mode, *group_se;
    size_t n_groups_shown, n_groups_hidden;
    const char *caveat; /* the honest label */
};

/* Run the analysis on d. Returns 0 (also when it declines: declined and
 * reason are set) or ERR_NOMEM. */
int evaluation_run(const struct evaldata *d, struct arena *a, struct eval_result *out,
                   struct err *e);

/* The analysis dataset as CSV, pseudonymised: no names, no UPNs, no pupil or
 * staff ids (pupils P0001..., key teachers K01...), dates of birth to the
 * month. Returns 0, ERR_LIMIT or ERR_NOMEM. */
int evaluation_csv(const struct evaldata *d, struct buf *out, struct err *e);

/* One indicator's association in plain words, opening with `opening`
 * ("For key teachers"; the LA's analysis says "Across the schools, for key
 * teachers"): the effect per SD, its interval, g, months for attainment, and
 * whether the interval includes zero. NULL when out of memory. */
const char *eval_indicator_words(const struct eval_indicator *x, const struct evaldata_outcome *o,
                                 const char *opening, struct arena *a);

/* The R call that re-runs the analysis on that file. In a. */
const char *evaluation_lmer_call(const struct eval_result *r, const char *csv_name,
                                 struct arena *a);

/* The EEF's months of progress for an effect size (the Toolkit's table). */
int evaluation_months(double g);

#endif
