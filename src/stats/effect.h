/* effect.h - descriptive statistics and standardised effect sizes (Cohen's d,
 * Hedges' g with a 95% confidence interval). Pure functions: no allocation,
 * no global state; GSL does the means, SDs, correlation and normal quantile.
 *
 * Every function returns 0 or ERR_INPUT with a message in e; a degenerate
 * input (too few values, no variation, a non-finite number) is an error with
 * a reason, never a NaN or an infinity in the result.
 *
 * Formulas (docs/measures.md has the same, with the reasons):
 *
 * Two independent groups a and b (e.g. a programme group and a comparison):
 *   s_pooled = sqrt(((n_a - 1) s_a^2 + (n_b - 1) s_b^2) / (n_a + n_b - 2))
 *   d        = (mean_a - mean_b) / s_pooled,  df = n_a + n_b - 2
 *   Var(d)   = (n_a + n_b) / (n_a n_b) + d^2 / (2 (n_a + n_b))
 *   (Hedges & Olkin 1985; Borenstein et al. 2009, Introduction to Meta-Analysis,
 *   chapter 4.)
 *
 * One group measured before and after (a programme evaluation): the change
 * is standardised by the pooled SD of the two occasions, not by the SD of the
 * change scores ("d_av", Cumming 2012; Lakens 2013):
 *   s_av = sqrt((s_pre^2 + s_post^2) / 2)
 *   d    = (mean_post - mean_pre) / s_av,  df = n - 1
 * Why: d_av is on the same scale as a between-groups d and as the effect
 * sizes published for programmes, so schools can compare like with like. The
 * alternative d_z = mean change / SD of change grows as the pre-post
 * correlation r grows (d_z = d_av / sqrt(2 (1 - r)) when the SDs are equal),
 * so with the pre-post correlations of 0.6-0.8 common for questionnaire
 * scores it would report an effect 1.1-1.6 times larger than the same change
 * would earn in a controlled study.
 *   Var(d) = 2 (1 - r) / n + d^2 (1 + r^2) / (4 (n - 1))
 * (the delta method for a bivariate normal with equal variances: the mean
 * change has variance 2 sigma^2 (1 - r) / n, and s_av^2 has variance
 * sigma^4 (1 + r^2) / (n - 1)). r is the Pearson correlation of pre and post.
 *
 * Both designs: Hedges' small-sample correction J = 1 - 3 / (4 df - 1),
 * g = J d, SE(g) = J SE(d) (Borenstein et al. 2009, chapter 4), and the
 * 95% interval g +/- z SE(g) with z = the normal 0.975 quantile (1.959964),
 * as in Borenstein et al.; the normal rather than t quantile, since SE(g) is
 * itself a large-sample approximation.
 *
 * Signs: a paired effect is post minus pre; a two-group effect is a minus b.
 * Whether that is an improvement depends on the measure (SDQ difficulties:
 * lower is better; prosocial: higher is better).
 */
#ifndef MESO_EFFECT_H
#define MESO_EFFECT_H

#include <stddef.h>

#include "core/err.h"

/* Mean of n >= 1 finite values. */
int stats_mean(const double *x, size_t n, double *out, struct err *e);
/* Sample standard deviation (n - 1 denominator) of n >= 2 finite values. */
int stats_sd(const double *x, size_t n, double *out, struct err *e);

/* Hedges' small-sample correction for df degrees of freedom: 1 - 3/(4 df - 1).
 * Meaningful for df >= 2 (at df = 1 it is 0). */
double stats_hedges_j(double df);

/* Hedges (2007, J. Educ. Behav. Stat. 32(4)) term B for the uncertainty of
 * the total SD in a design of N pupils in groups of mean size n with
 * intraclass correlation rho, so that Var(g) = J^2 [SE(diff / sd_T)^2 +
 * g^2 B] (docs/evaluation.md):
 *   B = [(N-2)(1-rho)^2 + n(N-2n)rho^2 + 2(N-2n)rho(1-rho)]
 *       / [2(N-2)((N-2) - 2(n-1)rho)]
 * With rho = 0 it is 1 / (2 (N - 2)). Returns 0 when B is not positive. */
double stats_hedges2007_b(double N, double n, double rho);

struct stats_effect {
    size_t n;               /* pairs, or n_a + n_b */
    double df;              /* n - 1, or n_a + n_b - 2 */
    double mean_diff;       /* post - pre, or mean_a - mean_b */
    double sd;              /* the standardiser: s_av or s_pooled */
    double r;               /* paired: the pre-post correlation used; groups: 0 */
    double d, se_d;         /* Cohen's d and its standard error */
    double j;               /* Hedges' correction */
    double g, se_g;         /* Hedges' g = J d and its standard error J se_d */
    double ci_low, ci_high; /* 95% confidence interval for g */
};

/* Two independent groups from their summaries. Needs n_a, n_b >= 2, SDs >= 0,
 * finite values, and a pooled SD above 0. */
int stats_effect_groups_summary(double mean_a, double sd_a, size_t n_a, double mean_b, double sd_b,
                                size_t n_b, struct stats_effect *out, struct err *e);
/* Two independent groups from their scores. */
int stats_effect_groups(const double *a, size_t n_a, const double *b, size_t n_b,
                        struct stats_effect *out, struct err *e);

/* Pre/post change in one group from summaries: n pairs (n >= 3, so that the
 * correction J is positive), the SDs of each occasion, and their correlation
 * r in [-1, 1]. The pooled SD must be above 0. */
int stats_effect_paired_summary(double mean_pre, double sd_pre, double mean_post, double sd_post,
                                double r, size_t n, struct stats_effect *out, struct err *e);
/* Pre/post change from n pairs of scores (pre[i], post[i]). When one occasion
 * does not vary at all, r is undefined and taken as 0 (the covariance is 0). */
int stats_effect_paired(const double *pre, const double *post, size_t n, struct stats_effect *out,
                        struct err *e);

#endif
