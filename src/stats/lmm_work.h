/* lmm_work.h - the working state shared by lmm.c (the deviance and its
 * optimisation) and lmm_work.c (the small dense algebra and what follows from
 * the optimum: fixed effects, variances, conditional modes). Internal to
 * stats/lmm; see lmm.h.
 *
 * Internal scale: y* = (y - ym) / ys; each x and z column centred (when the
 * model, or the level, has an intercept) and scaled by its SD. Random effects
 * of level k: b*_k = T_k u, u ~ N(0, sigma*^2 I), T_k lower triangular from
 * theta (lme4's order: the lower triangle column by column).
 *
 * Elimination (docs/evaluation.md): the random effects are ordered innermost
 * level first, so a group's block couples only with its parent's, its
 * grandparent's, beta and y. A group of level k is eliminated from a dense
 * "chain" matrix of dimension dim_k = (q_k + q_k+1 + ...) + p + 1; what is
 * left (the Schur complement) is added to its parent's chain matrix, and at
 * the top to the (p + 1)-square root matrix.
 */
#ifndef MESO_LMM_WORK_H
#define MESO_LMM_WORK_H

#include <stdbool.h>
#include <stddef.h>

#include "stats/lmm.h"

struct lmm_wlevel {
    const struct lmm_level_in *in;
    size_t q, dim; /* dim: this level's chain, beta and y */
    size_t n_groups;
    size_t *parent;    /* per group: its group at the next level out (NULL at the top) */
    double *acc;       /* levels >= 1: per group, dim x dim chain matrix (lower) */
    double *fac;       /* per group, dim x q: the factor's columns after elimination */
    double *u;         /* per group, q: the spherical modes */
    double *chain_var; /* levels >= 1: per group, (dim - p - 1)^2: Var of the chain */
    double zm[LMM_MAX_Q], zs[LMM_MAX_Q];
    bool centred;
    size_t theta_off; /* where its theta starts */
    double T[LMM_MAX_Q * LMM_MAX_Q];
};

struct lmm_work {
    const struct lmm_input *in;
    struct arena *a;
    size_t n, p, K, Q, d0, n_theta;
    struct lmm_wlevel lv[LMM_MAX_LEVELS]; /* innermost first */
    double *leaf;                         /* per group of level 0: Q x d0 cross-products */
    double *G;                            /* (p + 1)^2: the x and y cross-products (lower) */
    double *root;                         /* (p + 1)^2 working copy */
    double *M;                            /* scratch, d0 x d0 */
    double *P;                            /* scratch, Q x d0 */
    double xm[LMM_MAX_P], xs[LMM_MAX_P], ym, ys;
    bool reml;
    double *lower; /* n_theta bounds */
    size_t n_evals;
    double logdet_l, logdet_x, r2; /* from the last evaluation */
};

/* The deviance (ML) or REML criterion on the internal scale at theta, or
 * HUGE_VAL when a matrix is not positive definite. Keeps the factor. */
double lmm_deviance(struct lmm_work *w, const double *theta);

/* Partial Cholesky: eliminate the first q of dim variables of the lower
 * triangle of M (row-major). Adds 2 log diag to *logdet. -1 when a pivot is
 * not positive. */
int lmm_eliminate(double *M, size_t dim, size_t q, double *logdet);

/* After lmm_deviance() at the optimum: fill out's fixed effects, sigma,
 * variance components, conditional modes and degrees of freedom. */
int lmm_results(struct lmm_work *w, struct lmm_fit *out, struct err *e);

#endif
