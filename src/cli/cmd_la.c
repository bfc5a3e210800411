#include "cli/cmd_la.h"

#include <stdio.h>
#include <string.h>

#include "cli/cmd_conv.h"
#include "core/buf.h"
#include "core/date.h"
#include "model/access/access.h"
#include "model/calendar/schoolyear.h"
#include "model/la/laextract.h"
#include "model/register/audit.h"
#include "stats/suppress.h"
#include "view/repr_laeval.h"

/* The LA (--la, three digits), the outcome and the year, and the LA's
 * extract: the command line acts for the LA, as its officer would. */
static int load(struct cli_ctx *ctx, const struct cli_args *a, bool to_file, struct la_eval_data *d)
{
    const char *la = cli_opt(a, "--la");
    if (!la || strlen(la) != 3 || strspn(la, "0123456789") != 3)
        return err_set(&ctx->err, ERR_USAGE,
                       "--la needs the local authority's three-digit code (got '%s')",
                       la ? la : "");
    const char *name = cli_opt(a, "--outcome") ? cli_opt(a, "--outcome") : "sdq-teacher";
    const struct evaldata_outcome *o = evaldata_outcome(name);
    if (!o) {
        struct buf names;
        buf_init(&names, 1000);
        for (size_t i = 0; i < evaldata_n_outcomes; i++)
            buf_addf(&names, "%s%s", i ? ", " : "", evaldata_outcomes[i].name);
        int rc = err_set(&ctx->err, ERR_USAGE, "--outcome must be one of %s (got '%s')",
                         buf_str(&names), name);
        buf_release(&names);
        return rc;
    }
    int year = schoolyear_of(date_today()) - 1, rc;
    if (cli_opt(a, "--year") && (rc = cli_year(ctx, a, &year)))
        return rc;
    struct audit_entry who = cli_who(ctx);
    struct principal p = { .kind = PRINCIPAL_LA, .la_code = la, .actor = who.actor };
    return la_extract_load(ctx->db, &ctx->arena, &p, year, o, NULL, to_file, d, &ctx->err);
}

int la_extract_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    const char *path = cli_opt(a, "--out");
    if (!path)
        return err_set(&ctx->err, ERR_USAGE, "--out FILE.csv is needed: where to write it");
    struct la_eval_data d;
    int rc = load(ctx, a, true, &d);
    if (rc)
        return rc;
    struct buf b;
    buf_init(&b, 256u << 20);
    rc = la_eval_csv(&d, &b, &ctx->err);
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
    struct la_eval_result r;
    if ((rc = la_eval_run(&d, &ctx->arena, &r, &ctx->err)))
        return rc;
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    fprintf(ctx->out,
            "Wrote %s: %zu pupils in scope in %zu schools of local authority %s that share "
            "(%zu do not), %d-%02d, %s.\n"
            "Pseudonymised: pupils, key teachers and schools by keyed pseudonyms (the same in "
            "every extract of this LA); no names, UPNs, record numbers or dates of birth.\n"
            "It is still personal data about children: keep it as the LA keeps its own.\n"
            "The same analysis in R:\n\n%s\n",
            path, d.n_rows, d.n_schools, d.la_code, d.n_not_sharing, d.year, (d.year + 1) % 100,
            d.outcome->label, la_eval_lmer_call(&r, base, &ctx->arena));
    return 0;
}

static void count_line(FILE *out, const char *what, size_t n)
{
    if (suppress_small((long)n))
        fprintf(out, "%s: %s", what, SUPPRESS_WORDS);
    else
        fprintf(out, "%s: %zu", what, n);
}

static void print_result(FILE *out, const struct la_eval_result *r)
{
    fprintf(out, "Implementation and outcomes across local authority %s: %s, %d-%02d\n", r->la_code,
            r->outcome->label, r->year, (r->year + 1) % 100);
    fprintf(out, "Schools sharing: %zu (not sharing: %zu); ", r->n_schools_sharing,
            r->n_not_sharing);
    count_line(out, "pupils in scope", r->n_in_scope);
    fprintf(out, "; complete conversations: %zu\n", r->n_conversations);
    count_line(out, "In the analysis: pupils", r->n_used);
    fprintf(out, "; key teachers: %zu; schools: %zu\n\n", r->n_teachers, r->n_schools);
    if (r->declined) {
        fprintf(out, "No model was fitted. %s\n", r->reason);
        return;
    }
    fprintf(out, "Model: %s\n%s\n", r->model_words, r->formula);
    fprintf(out,
            "Total SD (model without covariates): %.4g; share of it between schools: %.3f; "
            "between key teachers within schools: %.3f\n\n",
            r->total_sd, r->share_school, r->share_teacher);
    fprintf(out, "What it found:\n");
    for (size_t k = 0; k < EVALDATA_N_INDICATORS; k++)
        if (r->ind[k].included && r->ind[k].words)
            fprintf(out, "- %s\n", r->ind[k].words);
    fprintf(out, "\nWho is in the analysis (counts under %d are not shown):\n", SUPPRESS_BELOW);
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

int la_evaluate_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct la_eval_data d;
    struct la_eval_result r;
    int rc = load(ctx, a, false, &d);
    if (rc || (rc = la_eval_run(&d, &ctx->arena, &r, &ctx->err)))
        return rc;
    if (cli_flag(a, "--json"))
        return cli_print_json(ctx, repr_laeval(&r));
    print_result(ctx->out, &r);
    return 0;
}
