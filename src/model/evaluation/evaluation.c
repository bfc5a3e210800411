#include "model/evaluation/evaluation.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/mem.h"
#include "stats/design.h"
#include "stats/effect.h"
#include "stats/formula.h"
#include "stats/frame.h"

enum {
    C_PUPIL,
    C_TEACHER,
    C_OUTCOME,
    C_BASELINE,
    C_FSM,
    C_SEN,
    C_EAL,
    C_YEAR,
    C_SEX,
    C_BIRTH,
    C_IND0,
    C_N = C_IND0 + EVALDATA_N_INDICATORS
};

static const char *const col_names[C_N] = {
    "pupil",   "key_teacher", "outcome", "baseline",    "fsm",      "sen",
    "eal",     "year_group",  "sex",     "birth_month", "fidelity", "parent_reviews",
    "methods", "two_or_more",
};

int evaluation_months(double g)
{
    /* EEF Teaching and Learning Toolkit: effect size to months' progress */
    static const double upper[] = { 0.01, 0.09, 0.18, 0.26, 0.35, 0.44,
                                    0.52, 0.61, 0.69, 0.78, 0.87, 0.95 };
    double a = fabs(g);
    int m = 12;
    for (int i = 0; i < 12; i++)
        if (a <= upper[i] + 0.005) {
            m = i;
            break;
        }
    return g < 0 ? -m : m;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* The key teachers' ids, sorted, for their pseudonyms K01, K02, ... */
static int64_t *teacher_ids(const struct evaldata *d, size_t *n)
{
    int64_t *ids = mem_malloc((d->n_rows + 1) * sizeof *ids); /* the caller frees */
    if (!ids)
        return NULL;
    *n = 0;
    for (size_t i = 0; i < d->n_rows; i++)
        if (d->rows[i].teacher_id)
            ids[(*n)++] = d->rows[i].teacher_id;
    qsort(ids, *n, sizeof *ids, cmp_i64);
    size_t k = 0;
    for (size_t i = 0; i < *n; i++)
        if (k == 0 || ids[k - 1] != ids[i])
            ids[k++] = ids[i];
    *n = k;
    return ids;
}

static size_t teacher_index(const int64_t *ids, size_t n, int64_t id)
{
    const int64_t *p = bsearch(&id, ids, n, sizeof *ids, cmp_i64);
    return p ? (size_t)(p - ids) : SIZE_MAX;
}

static void num(char *out, size_t cap, double v)
{
    if (isnan(v))
        snprintf(out, cap, "NA");
    else
        snprintf(out, cap, "%.10g", v);
}

/* One row's cells as text (the CSV's and the model frame's). */
struct cells {
    char text[C_N][32];
    const char *cell[C_N];
};

static void row_cells(const struct evaldata *d, size_t i, const int64_t *ids, size_t n_ids,
                      struct cells *c)
{
    const struct evaldata_row *r = &d->rows[i];
    size_t t = r->teacher_id ? teacher_index(ids, n_ids, r->teacher_id) : SIZE_MAX;
    snprintf(c->text[C_PUPIL], 32, "P%04zu", i + 1);
    if (t == SIZE_MAX)
        snprintf(c->text[C_TEACHER], 32, "NA");
    else
        snprintf(c->text[C_TEACHER], 32, "K%02zu", t + 1);
    num(c->text[C_OUTCOME], 32, r->outcome);
    num(c->text[C_BASELINE], 32, r->baseline);
    snprintf(c->text[C_FSM], 32, "%d", r->fsm ? 1 : 0);
    snprintf(c->text[C_SEN], 32, "%s", r->sen[0] ? r->sen : "NA");
    snprintf(c->text[C_EAL], 32, "%s", r->eal);
    /* a year group is a category: "Y3", "YR" so that R reads it as text too */
    if (r->year_group[0])
        snprintf(c->text[C_YEAR], 32, "Y%s", r->year_group);
    else
        snprintf(c->text[C_YEAR], 32, "NA");
    snprintf(c->text[C_SEX], 32, "%s", r->sex[0] ? r->sex : "NA");
    snprintf(c->text[C_BIRTH], 32, "%s", r->birth_month[0] ? r->birth_month : "NA");
    for (size_t k = 0; k < EVALDATA_N_INDICATORS; k++)
        num(c->text[C_IND0 + k], 32, r->indicator[k]);
    for (size_t k = 0; k < C_N; k++)
        c->cell[k] = c->text[k];
}

int evaluation_csv(const struct evaldata *d, struct buf *out, struct err *e)
{
    size_t n_ids;
    int64_t *ids = teacher_ids(d, &n_ids);
    if (!ids)
        return err_set(e, ERR_NOMEM, "out of memory");
    int rc = 0;
    for (size_t k = 0; k < C_N && !rc; k++)
        rc = buf_addf(out, "%s%s", k ? "," : "", col_names[k]);
    rc = rc ? rc : buf_addc(out, '\n');
    for (size_t i = 0; i < d->n_rows && !rc; i++) {
        struct cells c;
        row_cells(d, i, ids, n_ids, &c);
        for (size_t k = 0; k < C_N && !rc; k++)
            rc = buf_addf(out, "%s%s", k ? "," : "", c.cell[k]);
        rc = rc ? rc : buf_addc(out, '\n');
    }
    mem_free(ids);
    return rc ? err_set(e, rc, "the dataset is too large to write") : 0;
}

/* Whether a column varies among the frame's rows. */
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

static bool complete(const struct evaldata_row *r)
{
    if (isnan(r->outcome) || isnan(r->baseline) || !r->teacher_id || !r->sen[0] || !r->sex[0])
        return false;
    for (size_t k = 0; k < EVALDATA_N_INDICATORS; k++)
        if (isnan(r->indicator[k]))
            return false;
    return true;
}

static int decline(struct eval_result *out, struct arena *a, const char *why)
{
    out->declined = true;
    out->reason = arena_strdup(a, why);
    return out->reason ? 0 : ERR_NOMEM;
}

static int note(struct eval_result *out, struct arena *a, const char *text)
{
    const char **slot =
        arena_push(a, &out->notes, &out->n_notes, &(size_t){ out->n_notes }, sizeof *out->notes);
    if (!slot)
        return ERR_NOMEM;
    *slot = text;
    return text ? 0 : ERR_NOMEM;
}

/* The counts of pupils in the analysis by group, small ones suppressed
 * (and, where one of a group is, the next smallest too, so it cannot be
 * found by subtraction). */
static int counts(const struct evaldata *d, const bool *used, struct eval_result *out,
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
        const struct evaldata_row *r = &d->rows[i];
        out->counts[r->fsm ? 0 : 1].n++;
        out->counts[r->sen[0] == 'E' ? 2 : r->sen[0] == 'K' ? 3 : 4].n++;
        out->counts[!strcmp(r->eal, "yes") ? 5 : !strcmp(r->eal, "no") ? 6 : 7].n++;
        out->counts[r->sex[0] == 'F' ? 8 : 9].n++;
    }
    for (size_t k = 0; k < n; k++)
        out->counts[k].suppressed = out->counts[k].n > 0 && out->counts[k].n < EVAL_SMALL_CELL;
    for (size_t k = 0; k < n;) {
        size_t end = k, hidden = 0, smallest = SIZE_MAX;
        while (end < n && !strcmp(groups[end], groups[k]))
            end++;
        for (size_t j = k; j < end; j++)
            hidden += out->counts[j].suppressed;
        if (hidden == 1) {
            for (size_t j = k; j < end; j++)
                if (!out->counts[j].suppressed && out->counts[j].n > 0 &&
                    (smallest == SIZE_MAX || out->counts[j].n < out->counts[smallest].n))
                    smallest = j;
            if (smallest != SIZE_MAX)
                out->counts[smallest].suppressed = true;
        }
        k = end;
    }
    return 0;
}

/* Fit formula to the frame; 0, or ERR_INPUT with the reason in e. */
static int fit(const char *formula, struct frame *fr, struct arena *a, struct lmm_fit *out,
               struct err *e)
{
    struct formula f;
    struct design d;
    int rc = formula_parse(formula, a, &f, e);
    if (!rc)
        rc = design_build(&f, fr, "the dataset", true, a, &d, e);
    if (!rc)
        rc = lmm_fit(&d.in, a, out, e);
    return rc;
}

/* The frame of the complete rows; sets used[]. */
static int build_frame(const struct evaldata *d, struct frame *fr, bool *used, size_t *n_used,
                       struct err *e)
{
    size_t n_ids;
    int64_t *ids = teacher_ids(d, &n_ids);
    if (!ids)
        return err_set(e, ERR_NOMEM, "out of memory");
    int rc = frame_init(fr, col_names, C_N, e);
    *n_used = 0;
    for (size_t i = 0; i < d->n_rows && !rc; i++) {
        used[i] = complete(&d->rows[i]);
        if (!used[i])
            continue;
        struct cells c;
        row_cells(d, i, ids, n_ids, &c);
        rc = frame_add_row(fr, c.cell, (long)i + 2, e);
        (*n_used)++;
    }
    mem_free(ids);
    return rc;
}

/* The formula: the covariates and indicators that vary, with notes on the
 * ones left out. */
static const char *make_formula(const struct frame *fr, struct eval_result *out, struct arena *a)
{
    static const size_t cov[] = { C_BASELINE, C_FSM, C_SEN, C_EAL, C_YEAR, C_SEX };
    char *f = arena_strdup(a, "outcome ~ baseline");
    for (size_t k = 1; f && k < sizeof cov / sizeof cov[0]; k++) {
        if (varies(fr, cov[k]))
            f = arena_sprintf(a, "%s + %s", f, col_names[cov[k]]);
        else if (note(out, a,
                      arena_sprintf(a,
                                    "%s is left out: it is the same for every pupil "
                                    "in the analysis",
                                    col_names[cov[k]])))
            return NULL;
    }
    for (size_t k = 0; f && k < EVALDATA_N_INDICATORS; k++) {
        out->ind[k].included = varies(fr, C_IND0 + k);
        if (out->ind[k].included)
            f = arena_sprintf(a, "%s + %s", f, col_names[C_IND0 + k]);
        else if (note(out, a,
                      arena_sprintf(a,
                                    "%s is left out: it is the same for every key "
                                    "teacher",
                                    evaldata_indicator_labels[k])))
            return NULL;
    }
    return f ? arena_sprintf(a, "%s + (1 | key_teacher)", f) : NULL;
}

/* The SD of an indicator across the key teachers in the frame. */
static double teacher_sd(const struct frame *fr, size_t col)
{
    const struct frame_col *t = &fr->cols[C_TEACHER], *c = &fr->cols[col];
    double sum = 0, ss = 0;
    size_t n = 0;
    for (size_t g = 0; g < t->n_texts; g++)
        for (size_t r = 0; r < fr->n_rows; r++)
            if (t->code[r] == g) {
                sum += c->num[r];
                ss += c->num[r] * c->num[r];
                n++;
                break;
            }
    if (n < 2)
        return 0;
    double var = (ss - sum * sum / (double)n) / (double)(n - 1);
    return var > 0 ? sqrt(var) : 0;
}

static const char *months_words(struct arena *a, int m)
{
    if (m == 0)
        return "no months' progress either way";
    return arena_sprintf(a, "%d month%s %s progress", abs(m), abs(m) == 1 ? "'s" : "s'",
                         m > 0 ? "more" : "less");
}

const char *eval_indicator_words(const struct eval_indicator *x, const struct evaldata_outcome *o,
                                 const char *opening, struct arena *a)
{
    char *s = arena_sprintf(
        a,
        "%s one standard deviation (%.3g) higher on the %s, their pupils' %s was "
        "%.3g %s on average (95%% confidence interval %.3g to %.3g), other things in the model "
        "being equal. Effect size: g = %.2f (95%% CI %.2f to %.2f; positive means better "
        "outcomes)",
        opening, x->sd, x->label, o->label, fabs(x->per_sd), x->per_sd >= 0 ? "higher" : "lower",
        x->per_sd_low, x->per_sd_high, x->g, x->g_low, x->g_high);
    if (s && o->attainment)
        s = arena_sprintf(a, "%s, about %s (from %d to %d months)", s, months_words(a, x->months),
                          x->months_low, x->months_high);
    if (s)
        s = arena_sprintf(a, "%s. %s", s,
                          x->ci_low <= 0 && x->ci_high >= 0
                              ? "The interval includes zero: these data cannot tell this "
                                "association from none."
                              : "The interval does not include zero.");
    return s;
}

/* Each indicator's association, effect size and words. */
static int indicators(const struct frame *fr, struct eval_result *out, struct arena *a)
{
    const struct lmm_fit *m = &out->fit;
    double N = (double)out->n_used, n = N / (double)out->n_groups, rho = out->icc;
    double B = stats_hedges2007_b(N, n, rho);
    double sign = out->outcome->higher_is_better ? 1.0 : -1.0, z = 1.959963984540054;
    for (size_t k = 0; k < EVALDATA_N_INDICATORS; k++) {
        struct eval_indicator *x = &out->ind[k];
        x->name = evaldata_indicator_names[k];
        x->label = evaldata_indicator_labels[k];
        if (!x->included)
            continue;
        size_t j = 0;
        while (j < m->p && strcmp(m->fixed[j].name, x->name) != 0)
            j++;
        if (j == m->p)
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
        if (!(x->words = eval_indicator_words(x, out->outcome, "For key teachers", a)))
            return ERR_NOMEM;
    }
    return 0;
}

/* The fewest degrees of freedom of the indicators in the fit. */
static double indicator_df(const struct eval_result *out)
{
    double df = HUGE_VAL;
    for (size_t k = 0; k < EVALDATA_N_INDICATORS; k++)
        for (size_t j = 0; out->ind[k].included && j < out->fit.p; j++)
            if (!strcmp(out->fit.fixed[j].name, evaldata_indicator_names[k]) &&
                out->fit.fixed[j].df < df)
                df = out->fit.fixed[j].df;
    return df;
}

/* The caterpillar: key teachers with enough pupils, by their effect. */
static int caterpillar(const struct frame *fr, struct eval_result *out, struct arena *a)
{
    const struct lmm_level *l = &out->fit.levels[0];
    const struct frame_col *t = &fr->cols[C_TEACHER];
    out->group_mode = arena_array(a, l->n_groups + 1, sizeof(double));
    out->group_se = arena_array(a, l->n_groups + 1, sizeof(double));
    if (!out->group_mode || !out->group_se)
        return ERR_NOMEM;
    for (size_t g = 0; g < l->n_groups; g++) {
        size_t n = 0;
        for (size_t r = 0; r < fr->n_rows; r++)
            n += strcmp(t->texts[t->code[r]], l->group_names[g]) == 0;
        if (n < EVAL_SMALL_CELL) {
            out->n_groups_hidden++;
            continue;
        }
        size_t i = out->n_groups_shown++;
        out->group_mode[i] = l->mode[g * l->q];
        out->group_se[i] = l->mode_se[g * l->q];
    }
    for (size_t i = 1; i < out->n_groups_shown; i++) /* by effect */
        for (size_t j = i; j > 0 && out->group_mode[j - 1] > out->group_mode[j]; j--) {
            double m = out->group_mode[j], s = out->group_se[j];
            out->group_mode[j] = out->group_mode[j - 1];
            out->group_se[j] = out->group_se[j - 1];
            out->group_mode[j - 1] = m;
            out->group_se[j - 1] = s;
        }
    return 0;
}

/* The checks before fitting: enough conversations, pupils and key teachers. */
static int precheck(const struct evaldata *d, const struct frame *fr, struct eval_result *out,
                    struct arena *a)
{
    char why[600];
    if (d->n_conversations == 0) {
        snprintf(why, sizeof why,
                 "No complete structured conversations are recorded for %d-%02d, so there is no "
                 "implementation to relate outcomes to.",
                 d->year, (d->year + 1) % 100);
        return decline(out, a, why);
    }
    if (out->n_used < EVAL_MIN_PUPILS) {
        snprintf(why, sizeof why,
                 "Only %zu of the %zu pupils in scope in %d-%02d have both a baseline and an "
                 "outcome for %s, a key teacher and every figure the model needs; the analysis "
                 "needs at least %d, so it does not fit a model that would say more than the "
                 "data can.",
                 out->n_used, d->n_in_scope, d->year, (d->year + 1) % 100, d->outcome->label,
                 EVAL_MIN_PUPILS);
        return decline(out, a, why);
    }
    if (!varies(fr, C_OUTCOME)) {
        snprintf(why, sizeof why,
                 "Every pupil in the analysis has the same %s in %d-%02d, so there is no "
                 "difference between pupils for the model to relate to how the work was done.",
                 d->outcome->label, d->year, (d->year + 1) % 100);
        return decline(out, a, why);
    }
    out->n_groups = fr->cols[C_TEACHER].n_texts;
    if (out->n_groups < EVAL_MIN_GROUPS) {
        snprintf(why, sizeof why,
                 "The pupils in the analysis have %zu key teachers; comparing how the work was "
                 "done needs at least %d, so the analysis declines.",
                 out->n_groups, EVAL_MIN_GROUPS);
        return decline(out, a, why);
    }
    return 0;
}

int evaluation_run(const struct evaldata *d, struct arena *a, struct eval_result *out,
                   struct err *e)
{
    memset(out, 0, sizeof *out);
    out->outcome = d->outcome;
    out->year = d->year;
    out->n_in_scope = d->n_in_scope;
    out->n_conversations = d->n_conversations;
    out->caveat = "These are associations in observational data, not the effects of a trial: "
                  "key teachers who work in one way may also differ in other ways that matter, "
                  "and the model adjusts only for what it holds.";
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
    }
    if (!rc && !out->declined) {
        size_t n_ind = 0;
        for (size_t k = 0; k < EVALDATA_N_INDICATORS; k++)
            n_ind += out->ind[k].included;
        struct lmm_fit null;
        struct err fe;
        err_clear(&fe);
        if (n_ind == 0)
            rc = decline(out, a,
                         "None of the implementation indicators differs between key "
                         "teachers, so there is nothing to compare.");
        else if (fit(out->formula, &fr, a, &out->fit, &fe) ||
                 fit("outcome ~ 1 + (1 | key_teacher)", &fr, a, &null, &fe))
            rc = decline(out, a, arena_sprintf(a, "The model could not be fitted: %s", fe.msg));
        else if (indicator_df(out) < EVAL_MIN_DF)
            rc = decline(
                out, a,
                arena_sprintf(a,
                              "The pupils in the analysis have %zu key teachers, but the model "
                              "has nearly as many figures that differ only between key teachers "
                              "(the indicators, and a covariate such as year group when each key "
                              "teacher's pupils are in one year). That leaves %s for the "
                              "associations, and they need at least %d, so the analysis declines "
                              "rather than give intervals that mean nothing.",
                              out->n_groups,
                              indicator_df(out) <= 1
                                  ? "at most 1 degree of freedom"
                                  : arena_sprintf(a, "%.0f degrees of freedom", indicator_df(out)),
                              EVAL_MIN_DF));
        else {
            double sb = null.levels[0].sd[0], sw = null.sigma;
            out->total_sd = sqrt(sb * sb + sw * sw);
            out->icc = sb * sb / (sb * sb + sw * sw);
            rc = indicators(&fr, out, a);
            if (!rc)
                rc = caterpillar(&fr, out, a);
        }
    }
    frame_release(&fr);
    if (rc == ERR_NOMEM)
        return err_set(e, ERR_NOMEM, "out of memory");
    return rc;
}

const char *evaluation_lmer_call(const struct eval_result *r, const char *csv_name, struct arena *a)
{
    return arena_sprintf(a,
                         "library(lme4)\nd <- read.csv(\"%s\", stringsAsFactors = TRUE)\n"
                         "m <- lmer(%s, data = d, REML = TRUE)\nsummary(m)",
                         csv_name,
                         r->formula ? r->formula : "outcome ~ baseline + (1 | key_teacher)");
}
