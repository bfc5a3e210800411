#include "cli/cmd_score.h"

#include <jansson.h>
#include <limits.h>
#include <string.h>

#include "core/str.h"
#include "score/builtin.h"
#include "score/instrument.h"
#include "score/instrument_file.h"

static json_t *json_score(int v)
{
    return v == SCORE_MISSING ? json_null() : json_integer(v);
}

static json_t *json_label(const char *label)
{
    return label ? json_string(label) : json_null();
}

/* { instrument, version, <score>: int|null ..., bands: { <scheme>: {
 * <banded score>: label|null ... } ... } } */
static int print_json(struct cli_ctx *ctx, const struct score_result *r)
{
    const struct instrument *in = r->instrument;
    json_t *o = json_object(), *bands = json_object();
    int bad = !o || !bands;
    bad |= json_object_set_new(o, "instrument", json_string(in->key));
    bad |= json_object_set_new(o, "version", json_string(in->version));
    for (size_t i = 0; i < r->n_scores; i++)
        bad |= json_object_set_new(o, r->names[i], json_score(r->values[i]));
    for (size_t s = 0; s < r->n_schemes; s++) {
        json_t *scheme = json_object();
        for (size_t i = 0; i < r->n_scores; i++)
            if (r->banded[i])
                bad |= json_object_set_new(scheme, r->names[i], json_label(r->bands[s][i]));
        bad |= json_object_set_new(bands, in->schemes[s], scheme);
    }
    bad |= json_object_set_new(o, "bands", bands);
    if (bad) {
        json_decref(o);
        return err_set(&ctx->err, ERR_NOMEM, "out of memory");
    }
    return cli_print_json(ctx, o);
}

/* A table: score, value, then one column per banding scheme ("-" where a
 * scheme has no band for the score). Missing scores read "missing". */
static int print_text(struct cli_ctx *ctx, const struct score_result *r)
{
    const struct instrument *in = r->instrument;
    FILE *out = ctx->out;
    int name_w = 5, band_w[INSTRUMENT_MAX_SCHEMES];
    for (size_t i = 0; i < r->n_scores; i++)
        if ((int)strlen(r->names[i]) > name_w)
            name_w = (int)strlen(r->names[i]);
    for (size_t s = 0; s < r->n_schemes; s++) {
        band_w[s] = (int)strlen(in->schemes[s]);
        for (size_t i = 0; i < r->n_scores; i++)
            if (r->bands[s][i] && (int)strlen(r->bands[s][i]) > band_w[s])
                band_w[s] = (int)strlen(r->bands[s][i]);
    }
    fprintf(out, "%s: %s, version %s\n\n", in->title, in->key, in->version);
    fprintf(out, "%-*s  %7s", name_w, "score", "value");
    for (size_t s = 0; s < r->n_schemes; s++)
        fprintf(out, "  %-*s", s + 1 < r->n_schemes ? band_w[s] : 0, in->schemes[s]);
    fputc('\n', out);
    for (size_t i = 0; i < r->n_scores; i++) {
        fprintf(out, "%-*s  ", name_w, r->names[i]);
        if (r->values[i] == SCORE_MISSING)
            fprintf(out, "%7s", "missing");
        else
            fprintf(out, "%7d", r->values[i]);
        for (size_t s = 0; r->banded[i] && s < r->n_schemes; s++)
            fprintf(out, "  %-*s", s + 1 < r->n_schemes ? band_w[s] : 0,
                    r->bands[s][i] ? r->bands[s][i] : "-");
        fputc('\n', out);
    }
    return 0;
}

/* --age YEARS: absent gives -1 (not known). Not a number is a usage error;
 * a number outside the measure's range is invalid input, found later. */
static int age_opt(struct cli_ctx *ctx, const struct cli_args *a, int *age)
{
    const char *v = cli_opt(a, "--age");
    long long x;
    *age = -1;
    if (!v)
        return 0;
    if (str_to_int(v, INT_MIN, INT_MAX, &x) != 0)
        return err_set(&ctx->err, ERR_USAGE,
                       "--age takes the child's age in whole years (got '%s')", v);
    *age = (int)x;
    return 0;
}

/* Parse RESPONSES and --impact for in, score them and print the result. */
static int score_and_print(struct cli_ctx *ctx, const struct cli_args *a,
                           const struct instrument *in, const char *responses, int age)
{
    int items[INSTRUMENT_MAX_ITEMS], impact[INSTRUMENT_MAX_IMPACT_ITEMS];
    size_t n_impact = 0;
    int rc = instrument_parse_codes(responses, in->code_min, in->code_max, items, in->n_items,
                                    "response", &ctx->err);
    if (rc)
        return rc;
    const char *imp = cli_opt(a, "--impact");
    if (imp) {
        if (!in->impact)
            return err_set(&ctx->err, ERR_INPUT, "%s has no impact supplement", in->title);
        n_impact = in->impact->n_items;
        rc = instrument_parse_codes(imp, 0, in->impact->code_max, impact, n_impact,
                                    "impact response", &ctx->err);
        if (rc)
            return err_wrap(&ctx->err, "--impact");
    }
    struct score_result r;
    if ((rc = instrument_score(in, items, in->n_items, impact, n_impact, age, &r, &ctx->err)))
        return rc;
    return cli_flag(a, "--json") ? print_json(ctx, &r) : print_text(ctx, &r);
}

int score_sdq_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    const char *informant = cli_opt(a, "--informant");
    if (!informant)
        return err_set(&ctx->err, ERR_USAGE,
                       "meso score sdq needs --informant parent, teacher or self");
    if (!cli_opt(a, "--age"))
        return err_set(&ctx->err, ERR_USAGE,
                       "meso score sdq needs --age YEARS (the child's age picks the form)");
    int age, rc = age_opt(ctx, a, &age);
    const struct instrument *in;
    if (rc || (rc = instrument_sdq_form(informant, age, &in, &ctx->err)))
        return rc;
    return score_and_print(ctx, a, in, a->pos[0], age);
}

int score_mmf_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    int age, rc = age_opt(ctx, a, &age);
    if (rc)
        return rc;
    return score_and_print(ctx, a, instrument_builtin("mmf"), a->pos[0], age);
}

int score_file_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    int age, rc = age_opt(ctx, a, &age);
    const struct instrument *in;
    if (rc || (rc = instrument_load(&ctx->arena, a->pos[0], &in, &ctx->err)))
        return rc;
    return score_and_print(ctx, a, in, a->pos[1], age);
}
