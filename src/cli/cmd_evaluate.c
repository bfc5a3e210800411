#include "cli/cmd_evaluate.h"

#include <math.h>
#include <string.h>

#include "io/csvframe.h"
#include "stats/design.h"
#include "stats/formula.h"
#include "stats/frame.h"
#include "stats/lmm.h"
#include "view/repr_lmm.h"

static void print_random(FILE *out, const struct lmm_fit *fit)
{
    fprintf(out, "Random effects:\n %-14s %-14s %10s %10s  %s\n", "Groups", "Name", "Variance",
            "Std.Dev.", "Corr");
    for (size_t k = 0; k < fit->n_levels; k++) {
        const struct lmm_level *l = &fit->levels[k];
        for (size_t i = 0; i < l->q; i++) {
            fprintf(out, " %-14s %-14s %10.4g %10.4g ", i == 0 ? l->name : "", l->z_names[i],
                    l->sd[i] * l->sd[i], l->sd[i]);
            for (size_t j = 0; j < i; j++)
                fprintf(out, " %6.3f", l->corr[i * l->q + j]);
            fputc('\n', out);
        }
    }
    fprintf(out, " %-14s %-14s %10.4g %10.4g\n", "Residual", "", fit->sigma * fit->sigma,
            fit->sigma);
    fprintf(out, "Number of obs: %zu, groups: ", fit->n);
    for (size_t k = 0; k < fit->n_levels; k++)
        fprintf(out, "%s%s, %zu", k ? "; " : "", fit->levels[k].name, fit->levels[k].n_groups);
    fputc('\n', out);
    for (size_t k = 0; k < fit->n_levels; k++)
        if (!isnan(fit->levels[k].icc))
            fprintf(out, "Intraclass correlation (%s): %.3f\n", fit->levels[k].name,
                    fit->levels[k].icc);
}

static void print_text(struct cli_ctx *ctx, const struct design *d, const struct lmm_fit *fit,
                       const char *path, const char *formula)
{
    FILE *out = ctx->out;
    fprintf(out, "Linear mixed model fit by %s\n", fit->reml ? "REML" : "maximum likelihood");
    fprintf(out, "Formula: %s\n   Data: %s\n", formula, path);
    if (d->n_dropped)
        fprintf(out, "   %zu of %zu rows left out for a missing value\n", d->n_dropped, d->n_rows);
    fputc('\n', out);
    if (fit->reml)
        fprintf(out, "REML criterion at convergence: %.4f\n\n", fit->deviance);
    fprintf(out, "%12s %12s %12s %12s\n", "AIC", "BIC", "logLik", "deviance");
    fprintf(out, "%12.4f %12.4f %12.4f %12.4f\n\n", fit->aic, fit->bic, fit->loglik, fit->deviance);
    print_random(out, fit);
    fprintf(out, "\nFixed effects:\n %-20s %12s %12s %8s %8s %10s\n", "", "Estimate", "Std. Error",
            "df", "t value", "Pr(>|t|)");
    for (size_t j = 0; j < fit->p; j++) {
        const struct lmm_coef *c = &fit->fixed[j];
        fprintf(out, " %-20s %12.6g %12.6g %8.0f %8.3f %10.3g\n", c->name, c->estimate, c->se,
                c->df, c->t, c->p);
    }
    fprintf(out, "Degrees of freedom: %s.\n\n", fit->df_method);
    fprintf(out,
            "Convergence: %s (%zu evaluations; largest gradient %.2g; a Newton step would gain "
            "%.2g; two starts within %.2g)\n",
            fit->converged ? "yes" : "NO", fit->n_evals, fit->grad_max, fit->newton_decrement,
            fit->start_diff);
    if (fit->singular)
        fprintf(out, "Note: the fit is singular (a standard deviation is 0 or a correlation is "
                     "+-1): the data hold too little to estimate every random effect.\n");
}

int evaluate_fit_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    const char *path = cli_opt(a, "--data"), *text = cli_opt(a, "--formula");
    if (!path || !*path)
        return err_set(&ctx->err, ERR_USAGE, "--data FILE.csv is required");
    if (!text || !*text)
        return err_set(&ctx->err, ERR_USAGE,
                       "--formula is required, e.g. --formula 'y ~ x + (1 | g)'");
    long long max_evals = 0;
    if (cli_opt_int(ctx, a, "--max-evaluations", 1, 100000000, &max_evals))
        return ERR_USAGE;
    struct formula f;
    int rc = formula_parse(text, &ctx->arena, &f, &ctx->err);
    if (rc)
        return rc;
    struct frame fr;
    rc = csvframe_read(path, &f, &fr, &ctx->err);
    struct design d;
    struct lmm_fit fit;
    if (!rc)
        rc = design_build(&f, &fr, path, !cli_flag(a, "--ml"), &ctx->arena, &d, &ctx->err);
    d.in.max_evals = (long)max_evals;
    if (!rc)
        rc = lmm_fit(&d.in, &ctx->arena, &fit, &ctx->err);
    if (!rc) {
        if (cli_flag(a, "--json"))
            rc = cli_print_json(ctx, repr_lmm(&fit));
        else
            print_text(ctx, &d, &fit, path, text);
        if (d.n_dropped)
            fprintf(ctx->msg, "meso: %zu of %zu rows left out for a missing value\n", d.n_dropped,
                    d.n_rows);
        if (!fit.converged)
            fprintf(ctx->msg, "meso: warning: the fit did not converge: %s\n",
                    fit.warning ? fit.warning : "unknown reason");
    }
    frame_release(&fr);
    return rc;
}
