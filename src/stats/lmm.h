/* lmm.h - linear mixed models with nested random effects, fitted by REML or
 * ML on lme4's profiled deviance (Bates, Maechler, Bolker and Walker 2015,
 * J. Stat. Softw. 67(1)); docs/evaluation.md has the details.
 *
 *   y = X beta + sum_k Z_k b_k + e,  b_k ~ N(0, Sigma_k) per group of level k,
 *   e ~ N(0, sigma^2 I)
 *
 * Up to LMM_MAX_LEVELS nested grouping levels, each with correlated random
 * effects (an intercept and slopes, or slopes alone). Levels must nest: every
 * group of an inner level lies in one group of each outer level (crossed
 * designs are refused with a message). One pass over the data forms
 * per-group cross-products; after that each evaluation of the deviance costs
 * nothing that grows with the number of rows. Columns are centred and scaled
 * inside; every result is on the original scale, and the log-likelihood
 * includes the Jacobian of that rescaling so it equals lme4's.
 *
 * The optimiser is NLopt's BOBYQA. The optimum is checked with a second run
 * from a different start and with a finite-difference gradient; the result
 * says whether both checks passed (converged) and why not (warning).
 *
 * Pure: no I/O; all results live in the caller's arena.
 */
#ifndef MESO_LMM_H
#define MESO_LMM_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"

#define LMM_MAX_LEVELS 3
#define LMM_MAX_Q      8  /* random effects per level */
#define LMM_MAX_P      64 /* fixed-effect columns */

/* One grouping level as given: its random-effect columns and each row's group. */
struct lmm_level_in {
    const char *name;     /* "school", "school:la" */
    size_t q;             /* random-effect columns */
    const char **z_names; /* "(Intercept)", "pre", ... */
    bool intercept;       /* column 0 of z is the constant 1 */
    const double *z;      /* n x q, row-major */
    size_t n_groups;
    const size_t *group;      /* per row, 0..n_groups-1 */
    const char **group_names; /* per group, for the conditional modes */
};

struct lmm_input {
    size_t n, p;
    const double *y;
    const double *x;      /* n x p, row-major */
    const char **x_names; /* "(Intercept)", "pre", "senK", "pre:senK" */
    bool intercept;       /* column 0 of x is the constant 1 */
    size_t n_levels;
    struct lmm_level_in levels[LMM_MAX_LEVELS]; /* in any order */
    bool reml;
    long max_evals; /* per optimiser run; 0 = the default (100000) */
};

struct lmm_coef {
    const char *name;
    double estimate, se, t, df, p;
};

struct lmm_level {
    const char *name;
    size_t n_groups, q;
    const char **z_names;
    double *sd;   /* q standard deviations */
    double *corr; /* q x q correlations (NAN where an SD is 0) */
    double icc;   /* intercept variance / (all intercept variances + sigma^2); NAN
                   * without an intercept */
    const char **group_names;
    double *mode;    /* n_groups x q conditional modes (BLUPs) */
    double *mode_se; /* n_groups x q: their conditional SDs, as lme4's condVar */
};

struct lmm_fit {
    size_t n, p;
    bool reml;
    double loglik, aic, bic, deviance; /* deviance = -2 loglik */
    size_t n_params;                   /* p + covariance parameters + 1 */
    double sigma;
    struct lmm_coef *fixed;   /* p */
    double *vcov;             /* p x p */
    struct lmm_level *levels; /* innermost first, as lme4 orders them */
    size_t n_levels;
    const char *df_method; /* how the t tests' degrees of freedom were found */
    /* Convergence diagnostics. */
    bool converged;
    bool singular;       /* an SD is 0 or a correlation is +-1 */
    const char *warning; /* NULL when converged */
    size_t n_theta, n_evals;
    double grad_max;         /* largest |gradient| of the deviance at the optimum
                              * (internal scale; boundary terms excluded) */
    double newton_decrement; /* what one more Newton step would gain in the deviance
                              * (free parameters; HUGE_VAL when the curvature is not
                              * positive definite) */
    double start_diff;       /* deviance difference between the two starts */
    double *theta;           /* the covariance parameters at the optimum (internal scale) */
};

/* Fit the model. Returns 0 with *out filled, or ERR_INPUT with a message:
 * fewer than 2 groups at a level, as many groups as rows, levels that do not
 * nest (crossed), collinear fixed effects (named), a column that does not
 * vary, too few rows; or ERR_NOMEM. A fit that does not converge is returned
 * (0) with converged false and a warning. */
int lmm_fit(const struct lmm_input *in, struct arena *a, struct lmm_fit *out, struct err *e);

#endif
