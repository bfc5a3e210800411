#include "model/la/laeval.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "stats/design.h"
#include "stats/effect.h"
#include "stats/formula.h"
#include "stats/frame.h"
#include "stats/suppress.h"

enum {
    C_PUPIL,
    C_SCHOOL,
    C_TEACHER,
    C_OUTCOME,
    C_BASELINE,
    C_FSM,
    C_SEN,
    C_EAL,
    C_YEAR,
    C_SEX,
    C_IND0,
    C_N = C_IND0 + EVALDATA_N_INDICATORS
};

static const char *const col_names[C_N] = {
    "pupil", "school",     "key_teacher", "outcome",  "baseline",       "fsm",     "sen",
    "eal",   "year_group", "sex",         "fidelity", "parent_reviews", "methods", "two_or_more",
};

static void num(char *out, size_t cap, double v)
{
    if (isnan(v))
        snprintf(out, cap, "NA");
    else
        snprintf(out, cap, "%.10g", v);
}

struct cells {
    char text[C_N][32];
    const char *cell[C_N];
};

static void row_cells(const struct la_eval_row *r, struct cells *c)
{
    snprintf(c->text[C_PUPIL], 32, "%s", r->pupil);
    snprintf(c->text[C_SCHOOL], 32, "%s", r->school);
    snprintf(c->text[C_TEACHER], 32, "%s", r->teacher[0] ? r->teacher : "NA");
    num(c->text[C_OUTCOME], 32, r->outcome);
    num(c->text[C_BASELINE], 32, r->baseline);
    snprintf(c->text[C_FSM], 32, "%d", r->fsm ? 1 : 0);
    snprintf(c->text[C_SEN], 32, "%s", r->sen[0] ? r->sen : "NA");
    snprintf(c->text[C_EAL], 32, "%s", r->eal ? r->eal : "unknown");
    if (r->year_group[0] == 'Y')
        snprintf(c->text[C_YEAR], 32, "%s", r->year_group);
    else if (r->year_group[0])
        snprintf(c->text[C_YEAR], 32, "Y%s", r->year_group);
    else
        snprintf(c->text[C_YEAR], 32, "NA");
    snprintf(c->text[C_SEX], 32, "%s", r->sex[0] ? r->sex : "NA");
    for (size_t k = 0; k < EVALDATA_N_INDICATORS; k++)
        num(c->text[C_IND0 + k], 32, r->indicator[k]);
    for (size_t k = 0; k < C_N; k++)
        c->cell[k] = c->text[k];
}

int la_eval_csv(const struct la_eval_data *d, struct buf *out, struct err *e)
{
    int rc = 0;
    for (size_t k = 0; k < C_N && !rc; k++)
        rc = buf_addf(out, "%s%s", k ? "," : "", col_names[k]);
    rc = rc ? rc : buf_addc(out, '\n');
    for (size_t i = 0; i < d->n_rows && !rc; i++) {
        struct cells c;
        row_cells(&d->rows[i], &c);
        for (size_t k = 0; k < C_N && !rc; k++)
            rc = buf_addf(out, "%s%s", k ? "," : "", c.cell[k]);
        rc = rc ? rc : buf_addc(out, '\n');
    }
    return rc ? err_set(e, rc, "the extract is too large to write") : 0;
}

static bool varies(const struct frame *fr, size_t col)
{
    const struct frame_col *c = &fr->cols[col];
    for (size_t r = 1; r < fr->n_rows; r++) {
        bool n0 = c->code[0] == FRAME_NUMBER, nr = c->code[r] == FRAME_NUMBER;
        if (n0 != nr || (n0 ? c->num[r] != c->num[0] : c->code[r] != c->code[0]))
            return true;
    }
    return false;
}

static bool complete(const struct la_eval_row *r)
{
    if (isnan(r->outcome) || isnan(r->baseline) || !r->teacher[0] || !r->sen[0] || !r->sex[0])
        return false;
    for (size_t k = 0; k < EVALDATA_N_INDICATORS; k++)
        if (isnan(r->indicator[k]))
            return false;
    return true;
}

static int decline(struct la_eval_result *out, struct arena *a, const char *why)
{
    out->declined = true;
    out->reason = arena_strdup(a, why);
    return out->reason ? 0 : ERR_NOMEM;
}

static int note(struct la_eval_result *out, struct arena *a, const char *text)
{
    const char **slot =
        arena_push(a, &out->notes, &out->n_notes, &(size_t){ out->n_notes }, sizeof *out->notes);
    if (!slot || !text)
        return ERR_NOMEM;
    *slot = text;
    return 0;
}

static int build_frame(const struct la_eval_data *d, struct frame *fr, bool *used, size_t *n_used,
                       struct err *e)
{
    int rc = frame_init(fr, col_names, C_N, e);
    *n_used = 0;
    for (size_t i = 0; i < d->n_rows && !rc; i++) {
        used[i] = complete(&d->rows[i]);
        if (!used[i])
            continue;
        struct cells c;
        row_cells(&d->rows[i], &c);
        rc = frame_add_row(fr, c.cell, (long)i + 2, e);
        (*n_used)++;
    }
    return rc;
}

/* Counts by FSM, SEN, EAL and sex, each group a row with its total shown:
 * primary and secondary suppression (stats/suppress.h). */
static int counts(const struct la_eval_data *d, const bool *used, struct la_eval_result *out,
                  struct arena *a)
{
    static const char *const groups[] = { "FSM", "FSM", "SEN", "SEN", "SEN",
                                          "EAL", "EAL", "EAL", "Sex", "Sex" };
    static const char *const labels[] = { "eligible", "not eligible", "EHC plan", "SEN support",
                                          "no SEN",   "yes",          "no",       "not known",
                                          "female",   "male" };
    size_t n = sizeof labels / sizeof labels[0];
    out->counts = arena_array(a, n, sizeof *out->counts);
    if (!out->counts)
        return ERR_NOMEM;
    out->n_counts = n;
    for (size_t k = 0; k < n; k++) {
        out->counts[k].group = groups[k];
        out->counts[k].label = labels[k];
    }
    for (size_t i = 0; i < d->n_rows; i++) {
        if (!used[i])
            continue;
        const struct la_eval_row *r = &d->rows[i];
        out->counts[r->fsm ? 0 : 1].n++;
        out->counts[r->sen[0] == 'E' ? 2 : r->sen[0] == 'K' ? 3 : 4].n++;
        out->counts[!strcmp(r->eal, "yes") ? 5 : !strcmp(r->eal, "no") ? 6 : 7].n++;
        out->counts[r->sex[0] == 'F' ? 8 : 9].n++;
    }
    for (size_t k = 0; k < n;) {
        size_t end = k;
        while (end < n && !strcmp(groups[end], groups[k]))
            end++;
        long c[3];
        bool hide[3];
        for (size_t j = k; j < end; j++)
            c[j - k] = (long)out->counts[j].n;
        suppress_table(c, 1, end - k, true, false, hide);
        for (size_t j = k; j < end; j++)
            out->counts[j].suppressed = hide[j - k];
        k = end;
    }
    return 0;
}

static int fit(const char *formula, struct frame *fr, struct arena *a, struct lmm_fit *out,
               struct err *e)
{
    struct formula f;
    struct design d;
    int rc = formula_parse(formula, a, &f, e);
    if (!rc)
        rc = design_build(&f, fr, "the extract", true, a, &d, e);
    if (!rc)
        rc = lmm_fit(&d.in, a, out, e);
    return rc;
}

/* The formula for the model chosen, with notes on what is left out. */
static const char *make_formula(const struct frame *fr, struct la_eval_result *out, struct arena *a)
{
    static const size_t cov[] = { C_BASELINE, C_FSM, C_SEN, C_EAL, C_YEAR, C_SEX };
    char *f = arena_strdup(a, "outcome ~ baseline");
    for (size_t k = 1; f && k < sizeof cov / sizeof cov[0]; k++) {
        if (varies(fr, cov[k]))
            f = arena_sprintf(a, "%s + %s", f, col_names[cov[k]]);
        else if (note(out, a,
                      arena_sprintf(a,
                                    "%s is left out: it is the same for every pupil in the "
                                    "analysis",
                                    col_names[cov[k]])))
            return NULL;
    }
    if (f && out->model == LA_MODEL_SCHOOL_FIXED)
        f = arena_sprintf(a, "%s + school", f);
    for (size_t k = 0; f && k < EVALDATA_N_INDICATORS; k++) {
        out->ind[k].included = varies(fr, C_IND0 + k);
        if (out->ind[k].included)
            f = arena_sprintf(a, "%s + %s", f, col_names[C_IND0 + k]);
        else if (note(out, a,
                      arena_sprintf(a, "%s is left out: it is the same for every key teacher",
                                    evaldata_indicator_labels[k])))
            return NULL;
    }
    if (!f)
        return NULL;
    return arena_sprintf(a, "%s + %s", f,
                         out->model == LA_MODEL_THREE ? "(1 | school/key_teacher)"
                                                      : "(1 | key_teacher)");
}

/* The SD of an indicator across the key teachers in the frame. */
static double teacher_sd(const struct frame *fr, size_t col)
{
    const struct frame_col *t = &fr->cols[C_TEACHER], *c = &fr->cols[col];
    double *first = calloc(t->n_texts + 1, sizeof *first);
    char *seen = calloc(t->n_texts + 1, 1);
    double sum = 0, ss = 0;
    size_t n = 0;
    for (size_t r = 0; first && seen && r < fr->n_rows; r++) {
        unsigned g = t->code[r];
        if (g >= t->n_texts || seen[g])
            continue;
        seen[g] = 1;
        sum += c->num[r];
        ss += c->num[r] * c->num[r];
        n++;
    }
    free(first);
    free(seen);
    if (n < 2)
        return 0;
    double var = (ss - sum * sum / (double)n) / (double)(n - 1);
    return var > 0 ? sqrt(var) : 0;
}

static int indicators(const struct frame *fr, struct la_eval_result *out, struct arena *a)
{
    const struct lmm_fit *m = &out->fit;
    double N = (double)out->n_used, n = N / (double)out->n_teachers;
    double B = stats_hedges2007_b(N, n, out->icc);
    double sign = out->outcome->higher_is_better ? 1.0 : -1.0, z = 1.959963984540054;
    for (size_t k = 0; k < EVALDATA_N_INDICATORS; k++) {
        struct eval_indicator *x = &out->ind[k];
        x->name = evaldata_indicator_names[k];
        x->label = evaldata_indicator_labels[k];
        size_t j = 0;
        while (x->included && j < m->p && strcmp(m->fixed[j].name, x->name) != 0)
            j++;
        if (!x->included || j == m->p)
            continue;
        const struct lmm_coef *c = &m->fixed[j];
        double tq = gsl_cdf_tdist_Pinv(0.975, c->df);
        x->estimate = c->estimate;
        x->se = c->se;
        x->df = c->df;
        x->p = c->p;
        x->ci_low = c->estimate - tq * c->se;
        x->ci_high = c->estimate + tq * c->se;
        x->sd = teacher_sd(fr, C_IND0 + k);
        x->per_sd = x->estimate * x->sd;
        x->per_sd_low = x->ci_low * x->sd;
        x->per_sd_high = x->ci_high * x->sd;
        double J = stats_hedges_j(c->df), graw = sign * x->per_sd / out->total_sd;
        double se_raw = c->se * x->sd / out->total_sd;
        double se_g = J * sqrt(se_raw * se_raw + graw * graw * (B > 0 ? B : 0));
        x->g = J * graw;
        x->g_low = x->g - z * se_g;
        x->g_high = x->g + z * se_g;
        x->months = evaluation_months(x->g);
        x->months_low = evaluation_months(x->g_low);
        x->months_high = evaluation_months(x->g_high);
        if (!(x->words =
                  eval_indicator_words(x, out->outcome, "Across the schools, for key teachers", a)))
            return ERR_NOMEM;
    }
    return 0;
}

static double indicator_df(const struct la_eval_result *out)
{
    double df = HUGE_VAL;
    for (size_t k = 0; k < EVALDATA_N_INDICATORS; k++)
        for (size_t j = 0; out->ind[k].included && j < out->fit.p; j++)
            if (!strcmp(out->fit.fixed[j].name, evaldata_indicator_names[k]) &&
                out->fit.fixed[j].df < df)
                df = out->fit.fixed[j].df;
    return df;
}

/* The checks before fitting, and the model the data can carry. */
static int precheck(const struct la_eval_data *d, const struct frame *fr,
                    struct la_eval_result *out, struct arena *a)
{
    char why[700];
    const char *yr = arena_sprintf(a, "%d-%02d", d->year, (d->year + 1) % 100);
    if (!yr)
        return ERR_NOMEM;
    if (d->n_schools == 0)
        return decline(out, a,
                       "None of the local authority's schools has agreed to share its figures, "
                       "so there is nothing to analyse.");
    if (d->n_conversations == 0) {
        snprintf(why, sizeof why,
                 "No complete structured conversations are recorded for %s in the schools that "
                 "share, so there is no implementation to relate outcomes to.",
                 yr);
        return decline(out, a, why);
    }
    if (out->n_used < EVAL_MIN_PUPILS) {
        /* counts of pupils from 1 to 4 are not shown, here as anywhere in
         * the LA's view */
        const char *who =
            suppress_small((long)d->n_in_scope)
                ? arena_sprintf(a, "Fewer than 5 pupils are in scope in %s, and fewer", yr)
            : suppress_small((long)out->n_used)
                ? arena_sprintf(a, "Fewer than 5 of the %zu pupils in scope in %s", d->n_in_scope,
                                yr)
                : arena_sprintf(a, "Only %zu of the %zu pupils in scope in %s", out->n_used,
                                d->n_in_scope, yr);
        if (!who)
            return ERR_NOMEM;
        snprintf(why, sizeof why,
                 "%s have both a baseline and an outcome for %s, a key teacher and every figure "
                 "the model needs; the analysis needs at least %d, so it does not fit a model "
                 "that would say more than the data can.",
                 who, d->outcome->label, EVAL_MIN_PUPILS);
        return decline(out, a, why);
    }
    if (!varies(fr, C_OUTCOME)) {
        snprintf(why, sizeof why,
                 "Every pupil in the analysis has the same %s in %s, so there is no difference "
                 "between pupils to relate to how the work was done.",
                 d->outcome->label, yr);
        return decline(out, a, why);
    }
    out->n_schools = fr->cols[C_SCHOOL].n_texts;
    out->n_teachers = fr->cols[C_TEACHER].n_texts;
    if (out->n_teachers < EVAL_MIN_GROUPS) {
        snprintf(why, sizeof why,
                 "The pupils in the analysis have %zu key teachers; comparing how the work was "
                 "done needs at least %d, so the analysis declines.",
                 out->n_teachers, EVAL_MIN_GROUPS);
        return decline(out, a, why);
    }
    if (out->n_schools >= LA_EVAL_MIN_SCHOOLS) {
        out->model = LA_MODEL_THREE;
        out->model_words = "Pupils in key teachers in schools: a random intercept for each "
                           "school and for each key teacher within it (REML).";
    } else if (out->n_schools >= 2) {
        out->model = LA_MODEL_SCHOOL_FIXED;
        out->model_words = arena_sprintf(
            a,
            "Only %zu schools are in the analysis: a variance between schools needs at least "
            "%d, so the model does not estimate one. It compares key teachers within their "
            "schools instead (school as a fixed effect, a random intercept per key teacher), "
            "so every association here is within schools.",
            out->n_schools, LA_EVAL_MIN_SCHOOLS);
    } else {
        out->model = LA_MODEL_ONE;
        out->model_words = "Only one school is in the analysis, so this is that school's own "
                           "model: a random intercept per key teacher.";
    }
    return out->model_words ? 0 : ERR_NOMEM;
}

/* The variance shares of the model without covariates. */
static void shares(const struct lmm_fit *null, struct la_eval_result *out)
{
    double v_t = 0, v_s = 0, s2 = null->sigma * null->sigma;
    for (size_t l = 0; l < null->n_levels; l++) {
        double v = null->levels[l].sd[0] * null->levels[l].sd[0];
        if (strcmp(null->levels[l].name, "school") == 0)
            v_s += v;
        else
            v_t += v;
    }
    double tot = v_t + v_s + s2;
    out->total_sd = sqrt(tot);
    out->share_school = v_s / tot;
    out->share_teacher = v_t / tot;
    out->icc = (v_s + v_t) / tot;
}

static int fit_all(struct frame *fr, struct la_eval_result *out, struct arena *a)
{
    size_t n_ind = 0;
    for (size_t k = 0; k < EVALDATA_N_INDICATORS; k++)
        n_ind += out->ind[k].included;
    if (n_ind == 0)
        return decline(out, a,
                       "None of the implementation indicators differs between key teachers, so "
                       "there is nothing to compare.");
    struct lmm_fit null;
    struct err fe;
    err_clear(&fe);
    const char *null_f = out->model == LA_MODEL_THREE ? "outcome ~ 1 + (1 | school/key_teacher)"
                                                      : "outcome ~ 1 + (1 | key_teacher)";
    if (fit(out->formula, fr, a, &out->fit, &fe) || fit(null_f, fr, a, &null, &fe))
        return decline(out, a, arena_sprintf(a, "The model could not be fitted: %s", fe.msg));
    double df = indicator_df(out);
    if (df < EVAL_MIN_DF)
        return decline(
            out, a,
            arena_sprintf(a,
                          "The pupils in the analysis have %zu key teachers in %zu schools, but "
                          "the model has nearly as many figures that differ only between key "
                          "teachers. That leaves %s for the associations, and they need at "
                          "least %d, so the analysis declines rather than give intervals that "
                          "mean nothing.",
                          out->n_teachers, out->n_schools,
                          df <= 1 ? "at most 1 degree of freedom"
                                  : arena_sprintf(a, "%.0f degrees of freedom", df),
                          EVAL_MIN_DF));
    shares(&null, out);
    if (out->fit.singular && note(out, a,
                                  "The model estimated one of its variances (between schools or "
                                  "between key teachers) as zero: the data show no more "
                                  "difference there than chance would give. The associations "
                                  "are still estimated."))
        return ERR_NOMEM;
    return indicators(fr, out, a);
}

int la_eval_run(const struct la_eval_data *d, struct arena *a, struct la_eval_result *out,
                struct err *e)
{
    memset(out, 0, sizeof *out);
    out->outcome = d->outcome;
    out->year = d->year;
    out->la_code = d->la_code;
    out->n_schools_sharing = d->n_schools;
    out->n_not_sharing = d->n_not_sharing;
    out->n_in_scope = d->n_in_scope;
    out->n_conversations = d->n_conversations;
    out->caveat = "These are associations in observational data, not the effects of a trial: "
                  "schools and key teachers who work in one way may also differ in other ways "
                  "that matter, and the model adjusts only for what it holds. It compares "
                  "practice, not people: no school or key teacher is named or ranked.";
    for (size_t k = 0; k < EVALDATA_N_INDICATORS; k++) {
        out->ind[k].name = evaldata_indicator_names[k];
        out->ind[k].label = evaldata_indicator_labels[k];
    }
    bool *used = arena_array(a, d->n_rows + 1, sizeof *used);
    if (!used)
        return err_set(e, ERR_NOMEM, "out of memory");
    struct frame fr;
    int rc = build_frame(d, &fr, used, &out->n_used, e);
    if (!rc && !(rc = precheck(d, &fr, out, a)) && !out->declined) {
        rc = counts(d, used, out, a);
        out->formula = rc ? NULL : make_formula(&fr, out, a);
        if (!rc && !out->formula)
            rc = ERR_NOMEM;
        if (!rc)
            rc = fit_all(&fr, out, a);
    }
    frame_release(&fr);
    if (rc == ERR_NOMEM)
        return err_set(e, ERR_NOMEM, "out of memory");
    return rc;
}

const char *la_eval_lmer_call(const struct la_eval_result *r, const char *csv_name, struct arena *a)
{
    return arena_sprintf(a,
                         "library(lme4)\nd <- read.csv(\"%s\", stringsAsFactors = TRUE)\n"
                         "m <- lmer(%s, data = d, REML = TRUE)\nsummary(m)",
                         csv_name,
                         r->formula ? r->formula : "outcome ~ baseline + (1 | school/key_teacher)");
}
