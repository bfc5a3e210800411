#include "cli/cmd_evaluate.h"

#include <math.h>
#include <string.h>

#include "cli/cmd_conv.h"
#include "cli/cmd_school.h"
#include "core/buf.h"
#include "io/csvframe.h"
#include "model/calendar/schoolyear.h"
#include "model/evaluation/evaldata.h"
#include "model/evaluation/evaluation.h"
#include "model/register/audit.h"
#include "model/register/school.h"
#include "stats/design.h"
#include "stats/formula.h"
#include "stats/frame.h"
#include "stats/lmm.h"
#include "view/repr_eval.h"
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

/* Each group's conditional modes and their SDs (lme4's ranef(condVar =
 * TRUE)) as CSV: level, group, effect, mode, se. */
static int write_modes(struct cli_ctx *ctx, const struct lmm_fit *fit, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return err_set(&ctx->err, ERR_STORAGE, "%s: could not write the file", path);
    fprintf(f, "level,group,effect,mode,se\n");
    for (size_t k = 0; k < fit->n_levels; k++) {
        const struct lmm_level *l = &fit->levels[k];
        for (size_t g = 0; g < l->n_groups; g++)
            for (size_t j = 0; j < l->q; j++)
                fprintf(f, "\"%s\",\"%s\",\"%s\",%.10g,%.10g\n", l->name, l->group_names[g],
                        l->z_names[j], l->mode[g * l->q + j], l->mode_se[g * l->q + j]);
    }
    if (fclose(f) != 0)
        return err_set(&ctx->err, ERR_STORAGE, "%s: could not write the file", path);
    return 0;
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
        if (cli_opt(a, "--modes"))
            rc = write_modes(ctx, &fit, cli_opt(a, "--modes"));
        if (!rc && cli_flag(a, "--json"))
            rc = cli_print_json(ctx, repr_lmm(&fit));
        else if (!rc)
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

static void print_eval(FILE *out, const struct eval_result *r)
{
    fprintf(out, "Implementation and outcomes: %s, %d-%02d\n", r->outcome->label, r->year,
            (r->year + 1) % 100);
    fprintf(out,
            "Pupils in scope: %zu; in the analysis: %zu; key teachers: %zu; complete "
            "conversations: %zu\n\n",
            r->n_in_scope, r->n_used, r->n_groups, r->n_conversations);
    if (r->declined) {
        fprintf(out, "No model was fitted. %s\n", r->reason);
        return;
    }
    fprintf(out, "Model (REML, random intercept per key teacher): %s\n", r->formula);
    fprintf(out,
            "Total SD (model without covariates): %.4g; share of it between key teachers "
            "(ICC): %.3f\n\n",
            r->total_sd, r->icc);
    fprintf(out, "What it found:\n");
    for (size_t k = 0; k < EVALDATA_N_INDICATORS; k++)
        if (r->ind[k].included)
            fprintf(out, "- %s\n", r->ind[k].words);
    fprintf(out, "\nWho is in the analysis (counts under %d are not shown):\n", EVAL_SMALL_CELL);
    for (size_t i = 0; i < r->n_counts; i++) {
        const struct eval_count *c = &r->counts[i];
        if (c->suppressed)
            fprintf(out, "  %-4s %-14s suppressed\n", c->group, c->label);
        else
            fprintf(out, "  %-4s %-14s %zu\n", c->group, c->label, c->n);
    }
    for (size_t i = 0; i < r->n_notes; i++)
        fprintf(out, "Note: %s\n", r->notes[i]);
    if (!r->fit.converged)
        fprintf(out, "Warning: the fit did not converge: %s\n", r->fit.warning);
    fprintf(out, "\n%s\n", r->caveat);
}

static int write_csv(struct cli_ctx *ctx, const struct evaldata *d, const struct eval_result *r,
                     const char *path)
{
    struct buf b;
    buf_init(&b, 64u << 20);
    int rc = evaluation_csv(d, &b, &ctx->err);
    if (!rc) {
        FILE *f = fopen(path, "w");
        if (!f || fwrite(b.data, 1, b.len, f) != b.len || fclose(f) != 0) {
            if (f)
                fclose(f);
            rc = err_set(&ctx->err, ERR_STORAGE, "%s: could not write the file", path);
        }
    }
    buf_release(&b);
    if (rc)
        return rc;
    const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    fprintf(ctx->out,
            "Wrote %s: %zu pupils, pseudonymised (no names or UPNs; pupils P0001..., key teachers "
            "K01...; dates of birth to the month).\nThe same analysis in R:\n\n%s\n",
            path, d->n_rows, evaluation_lmer_call(r, name, &ctx->arena));
    return 0;
}

int evaluate_implementation_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    int rc = cli_school(ctx, a, &school);
    if (rc)
        return rc;
    const char *name = cli_opt(a, "--outcome") ? cli_opt(a, "--outcome") : "sdq-teacher";
    const struct evaldata_outcome *o = evaldata_outcome(name);
    if (!o) {
        struct buf names;
        buf_init(&names, 1000);
        for (size_t i = 0; i < evaldata_n_outcomes; i++)
            buf_addf(&names, "%s%s", i ? ", " : "", evaldata_outcomes[i].name);
        rc = err_set(&ctx->err, ERR_USAGE, "--outcome must be one of %s (got '%s')",
                     buf_str(&names), name);
        buf_release(&names);
        return rc;
    }
    int year = schoolyear_of(date_today()) - 1;
    if (cli_opt(a, "--year") && (rc = cli_year(ctx, a, &year)))
        return rc;
    struct audit_entry who = cli_who(ctx);
    struct evaldata d;
    struct eval_result r;
    if ((rc = evaldata_load(ctx->db, &ctx->arena, school.id, year, o, &who, &d, &ctx->err)) ||
        (rc = evaluation_run(&d, &ctx->arena, &r, &ctx->err)))
        return rc;
    if (cli_opt(a, "--csv"))
        return write_csv(ctx, &d, &r, cli_opt(a, "--csv"));
    if (cli_flag(a, "--json"))
        return cli_print_json(ctx, repr_eval(&r));
    print_eval(ctx->out, &r);
    return 0;
}
