#include "stats/effect.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdbool.h>
#include <string.h>

static int check_finite(const double *x, size_t n, const char *what, struct err *e)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return err_set(e, ERR_INPUT, "%s %zu is not a finite number", what, i + 1);
    return 0;
}

int stats_mean(const double *x, size_t n, double *out, struct err *e)
{
    if (n < 1)
        return err_set(e, ERR_INPUT, "a mean needs at least 1 value");
    int rc = check_finite(x, n, "value", e);
    if (rc)
        return rc;
    *out = gsl_stats_mean(x, 1, n);
    return 0;
}

int stats_sd(const double *x, size_t n, double *out, struct err *e)
{
    if (n < 2)
        return err_set(e, ERR_INPUT, "a standard deviation needs at least 2 values (got %zu)", n);
    int rc = check_finite(x, n, "value", e);
    if (rc)
        return rc;
    *out = gsl_stats_sd(x, 1, n);
    return 0;
}

double stats_hedges_j(double df)
{
    return 1.0 - 3.0 / (4.0 * df - 1.0);
}

double stats_hedges2007_b(double N, double n, double rho)
{
    double B = ((N - 2) * (1 - rho) * (1 - rho) + n * (N - 2 * n) * rho * rho +
                2 * (N - 2 * n) * rho * (1 - rho)) /
               (2 * (N - 2) * ((N - 2) - 2 * (n - 1) * rho));
    return B > 0 && isfinite(B) ? B : 0;
}

/* Fill in g, its SE and the 95% interval from d, se_d and df. */
static void correct(struct stats_effect *o)
{
    double z = gsl_cdf_ugaussian_Pinv(0.975);
    o->j = stats_hedges_j(o->df);
    o->g = o->j * o->d;
    o->se_g = o->j * o->se_d;
    o->ci_low = o->g - z * o->se_g;
    o->ci_high = o->g + z * o->se_g;
}

static bool all_finite(const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i]))
            return false;
    return true;
}

int stats_effect_groups_summary(double mean_a, double sd_a, size_t n_a, double mean_b, double sd_b,
                                size_t n_b, struct stats_effect *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    if (n_a < 2 || n_b < 2)
        return err_set(e, ERR_INPUT,
                       "an effect size between groups needs at least 2 scores in each group "
                       "(got %zu and %zu)",
                       n_a, n_b);
    if (!all_finite((const double[]){ mean_a, sd_a, mean_b, sd_b }, 4) || sd_a < 0 || sd_b < 0)
        return err_set(e, ERR_INPUT, "the means and SDs must be finite and the SDs not negative");
    double na = (double)n_a, nb = (double)n_b;
    out->n = n_a + n_b;
    out->df = na + nb - 2.0;
    out->mean_diff = mean_a - mean_b;
    out->sd = sqrt(((na - 1.0) * sd_a * sd_a + (nb - 1.0) * sd_b * sd_b) / out->df);
    if (!(out->sd > 0.0))
        return err_set(e, ERR_INPUT,
                       "the scores do not vary (pooled SD 0), so an effect size is undefined");
    out->d = out->mean_diff / out->sd;
    out->se_d = sqrt((na + nb) / (na * nb) + out->d * out->d / (2.0 * (na + nb)));
    correct(out);
    return 0;
}

int stats_effect_groups(const double *a, size_t n_a, const double *b, size_t n_b,
                        struct stats_effect *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    if (n_a < 2 || n_b < 2)
        return stats_effect_groups_summary(0, 0, n_a, 0, 0, n_b, out, e);
    int rc = check_finite(a, n_a, "group a score", e);
    if (rc || (rc = check_finite(b, n_b, "group b score", e)))
        return rc;
    return stats_effect_groups_summary(gsl_stats_mean(a, 1, n_a), gsl_stats_sd(a, 1, n_a), n_a,
                                       gsl_stats_mean(b, 1, n_b), gsl_stats_sd(b, 1, n_b), n_b, out,
                                       e);
}

int stats_effect_paired_summary(double mean_pre, double sd_pre, double mean_post, double sd_post,
                                double r, size_t n, struct stats_effect *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    if (n < 3)
        return err_set(e, ERR_INPUT,
                       "a pre/post effect size needs at least 3 pairs (got %zu): with fewer the "
                       "small-sample correction is 0 or undefined",
                       n);
    if (!all_finite((const double[]){ mean_pre, sd_pre, mean_post, sd_post, r }, 5) || sd_pre < 0 ||
        sd_post < 0)
        return err_set(e, ERR_INPUT, "the means and SDs must be finite and the SDs not negative");
    if (r < -1.0 || r > 1.0)
        return err_set(e, ERR_INPUT, "a correlation must be between -1 and 1 (got %g)", r);
    double dn = (double)n;
    out->n = n;
    out->df = dn - 1.0;
    out->r = r;
    out->mean_diff = mean_post - mean_pre;
    out->sd = sqrt((sd_pre * sd_pre + sd_post * sd_post) / 2.0);
    if (!(out->sd > 0.0))
        return err_set(e, ERR_INPUT,
                       "the scores do not vary (SD 0 before and after), so an effect size is "
                       "undefined");
    out->d = out->mean_diff / out->sd;
    out->se_d = sqrt(2.0 * (1.0 - r) / dn + out->d * out->d * (1.0 + r * r) / (4.0 * out->df));
    correct(out);
    return 0;
}

int stats_effect_paired(const double *pre, const double *post, size_t n, struct stats_effect *out,
                        struct err *e)
{
    memset(out, 0, sizeof *out);
    if (n < 3)
        return stats_effect_paired_summary(0, 0, 0, 0, 0, n, out, e);
    int rc = check_finite(pre, n, "score before", e);
    if (rc || (rc = check_finite(post, n, "score after", e)))
        return rc;
    double sd_pre = gsl_stats_sd(pre, 1, n), sd_post = gsl_stats_sd(post, 1, n);
    double r = 0.0;
    if (sd_pre > 0.0 && sd_post > 0.0)
        r = gsl_stats_correlation(pre, 1, post, 1, n);
    return stats_effect_paired_summary(gsl_stats_mean(pre, 1, n), sd_pre,
                                       gsl_stats_mean(post, 1, n), sd_post, r, n, out, e);
}
