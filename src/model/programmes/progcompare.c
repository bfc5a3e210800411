#include "model/programmes/progcompare.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "stats/design.h"
#include "stats/effect.h"
#include "stats/formula.h"
#include "stats/frame.h"
#include "stats/lmm.h"

enum { C_POST, C_ENROLLED, C_PRE, C_FSM, C_SEN, C_YEAR, C_CLASS, C_N };
static const char *const col_names[C_N] = { "post", "enrolled", "pre",        "fsm",
                                            "sen",  "year",     "key_teacher" };

static int decline(struct progcompare *out, struct arena *a, const char *why)
{
    out->declined = true;
    out->reason = arena_strdup(a, why);
    return out->reason ? 0 : ERR_NOMEM;
}

static int note(struct progcompare *out, struct arena *a, const char *text)
{
    size_t cap = out->n_notes;
    const char **slot = arena_push(a, &out->notes, &out->n_notes, &cap, sizeof *slot);
    if (!slot || !text)
        return ERR_NOMEM;
    *slot = text;
    return 0;
}

static const char *year_code(const char *year, char *buf, size_t cap)
{
    snprintf(buf, cap, "Y%s", year && *year ? year : "?");
    return buf;
}

/* A count of some of a group's pupils is not shown when it, or the rest of
 * the group, is 1 to PROGCOMPARE_SMALL_CELL - 1 pupils. */
static bool small(size_t c, size_t of)
{
    return (c > 0 && c < PROGCOMPARE_SMALL_CELL) || (of - c > 0 && of - c < PROGCOMPARE_SMALL_CELL);
}

/* The table of who is compared, with small counts suppressed. */
static void describe(const struct progcompare_row *rows, size_t n, struct progcompare *out)
{
    size_t count[2] = { 0, 0 }, fsm[2] = { 0, 0 }, sen[2] = { 0, 0 };
    double pre[2] = { 0, 0 }, post[2] = { 0, 0 };
    for (size_t i = 0; i < n; i++) {
        int k = rows[i].enrolled;
        count[k]++;
        fsm[k] += rows[i].fsm;
        sen[k] += rows[i].sen[0] == 'K' || rows[i].sen[0] == 'E';
        pre[k] += rows[i].pre;
        post[k] += rows[i].post;
    }
    out->n_comparison = count[0];
    out->n_enrolled = count[1];
    for (int k = 0; k < 2; k++) {
        out->mean_pre[k] = count[k] ? pre[k] / (double)count[k] : NAN;
        out->mean_post[k] = count[k] ? post[k] / (double)count[k] : NAN;
        out->fsm[k] = (struct progcompare_count){ fsm[k], small(fsm[k], count[k]) };
        out->sen[k] = (struct progcompare_count){ sen[k], small(sen[k], count[k]) };
    }
}

/* Whether a covariate takes more than one value over the rows. */
static bool varies(const struct progcompare_row *rows, size_t n, int col)
{
    for (size_t i = 1; i < n; i++) {
        const struct progcompare_row *r = &rows[i], *f = &rows[0];
        if ((col == C_FSM && r->fsm != f->fsm) || (col == C_SEN && r->sen[0] != f->sen[0]) ||
            (col == C_YEAR && strcmp(r->year ? r->year : "", f->year ? f->year : "") != 0))
            return true;
    }
    return false;
}

static int build_frame(const struct progcompare_row *rows, size_t n, struct frame *fr,
                       size_t *n_groups, struct err *e)
{
    int rc = frame_init(fr, col_names, C_N, e);
    for (size_t i = 0; i < n && !rc; i++) {
        const struct progcompare_row *r = &rows[i];
        char post[32], pre[32], year[16];
        snprintf(post, sizeof post, "%.17g", r->post);
        snprintf(pre, sizeof pre, "%.17g", r->pre);
        const char *cells[C_N] = { post,
                                   r->enrolled ? "1" : "0",
                                   pre,
                                   r->fsm ? "1" : "0",
                                   r->sen[0] ? r->sen : "N",
                                   year_code(r->year, year, sizeof year),
                                   r->group && *r->group ? r->group : "none" };
        rc = frame_add_row(fr, cells, (long)i + 2, e);
    }
    *n_groups = rc ? 0 : fr->cols[C_CLASS].n_texts;
    return rc;
}

/* The formula: the covariates that vary, with notes on the others. */
static const char *make_formula(const struct progcompare_row *rows, size_t n,
                                struct progcompare *out, struct arena *a)
{
    static const struct {
        int col;
        const char *words;
    } cov[] = { { C_FSM, "Free school meals" }, { C_SEN, "SEN" }, { C_YEAR, "Year group" } };
    char *f = arena_strdup(a, "post ~ enrolled + pre");
    for (size_t k = 0; f && k < sizeof cov / sizeof *cov; k++) {
        if (varies(rows, n, cov[k].col))
            f = arena_sprintf(a, "%s + %s", f, col_names[cov[k].col]);
        else if (note(out, a,
                      arena_sprintf(a, "%s is left out: it is the same for every pupil compared.",
                                    cov[k].words)))
            return NULL;
    }
    return f ? arena_sprintf(a, "%s + (1 | key_teacher)", f) : NULL;
}

static int design_of(const char *formula, struct frame *fr, struct arena *a, struct design *d,
                     struct err *e)
{
    struct formula f;
    int rc = formula_parse(formula, a, &f, e);
    return rc ? rc : design_build(&f, fr, "the comparison", true, a, d, e);
}

/* Ordinary least squares on X (n x p): the coefficient of column j with its
 * SE and residual df. ERR_INPUT when X'X is singular (collinear columns). */
static int ols(const struct lmm_input *in, size_t j, struct arena *a, double *est, double *se,
               double *df, struct err *e)
{
    size_t n = in->n, p = in->p;
    double *m = arena_array(a, p * p, sizeof *m), *xty = arena_array(a, p, sizeof *xty);
    double *beta = arena_array(a, p, sizeof *beta);
    if (!m || !xty || !beta)
        return err_set(e, ERR_NOMEM, "out of memory");
    for (size_t r = 0; r < n; r++)
        for (size_t u = 0; u < p; u++) {
            xty[u] += in->x[r * p + u] * in->y[r];
            for (size_t v = 0; v <= u; v++)
                m[u * p + v] += in->x[r * p + u] * in->x[r * p + v];
        }
    /* Cholesky, lower triangle in place: m = L L'. */
    for (size_t u = 0; u < p; u++) {
        for (size_t v = 0; v <= u; v++) {
            double s = m[u * p + v];
            for (size_t k = 0; k < v; k++)
                s -= m[u * p + k] * m[v * p + k];
            if (u == v) {
                if (!(s > 1e-10 * (fabs(m[u * p + u]) + 1)))
                    return err_set(e, ERR_INPUT, "the columns of the model are collinear");
                m[u * p + u] = sqrt(s);
            } else {
                m[u * p + v] = s / m[v * p + v];
            }
        }
    }
    /* Solve L z = X'y, then L' beta = z; and the diagonal of (X'X)^-1 at j
     * from L w = e_j: (X'X)^-1_jj = |L^-1 e_j|^2. */
    double *w = arena_array(a, p, sizeof *w);
    if (!w)
        return err_set(e, ERR_NOMEM, "out of memory");
    for (size_t u = 0; u < p; u++) {
        double s = xty[u], t = u == j ? 1.0 : 0.0;
        for (size_t k = 0; k < u; k++) {
            s -= m[u * p + k] * beta[k];
            t -= m[u * p + k] * w[k];
        }
        beta[u] = s / m[u * p + u];
        w[u] = t / m[u * p + u];
    }
    for (size_t u = p; u-- > 0;) {
        double s = beta[u];
        for (size_t k = u + 1; k < p; k++)
            s -= m[k * p + u] * beta[k];
        beta[u] = s / m[u * p + u];
    }
    double rss = 0, inv_jj = 0;
    for (size_t r = 0; r < n; r++) {
        double fit = 0;
        for (size_t u = 0; u < p; u++)
            fit += in->x[r * p + u] * beta[u];
        rss += (in->y[r] - fit) * (in->y[r] - fit);
    }
    for (size_t u = 0; u < p; u++)
        inv_jj += w[u] * w[u];
    *df = (double)(n - p);
    *est = beta[j];
    *se = sqrt(rss / *df * inv_jj);
    return 0;
}

static double sample_sd(const double *y, size_t n)
{
    double m = 0, ss = 0;
    for (size_t i = 0; i < n; i++)
        m += y[i];
    m /= (double)n;
    for (size_t i = 0; i < n; i++)
        ss += (y[i] - m) * (y[i] - m);
    return n > 1 ? sqrt(ss / (double)(n - 1)) : 0;
}

static long column(const struct lmm_input *in, const char *name)
{
    for (size_t j = 0; j < in->p; j++)
        if (!strcmp(in->x_names[j], name))
            return (long)j;
    return -1;
}

/* Fit and fill the difference, the total SD and the ICC; ERR_INPUT with the
 * reason when the model cannot be fitted. */
static int fit(struct frame *fr, struct progcompare *out, struct arena *a, struct err *e)
{
    struct design d, d0;
    int rc = design_of(out->formula, fr, a, &d, e);
    long j = rc ? -1 : column(&d.in, "enrolled");
    if (rc)
        return rc;
    if (j < 0)
        return err_set(e, ERR_INPUT, "the model has no column for the programme");
    if (d.in.n <= d.in.p + 1)
        return err_set(e, ERR_INPUT, "too few pupils (%zu) for the %zu columns of the model",
                       d.in.n, d.in.p);
    if (!out->multilevel) {
        out->converged = true;
        out->total_sd = sample_sd(d.in.y, d.in.n);
        out->formula =
            arena_sprintf(a, "%.*s", (int)(strstr(out->formula, " + (1 |") - out->formula),
                          out->formula); /* as lm() writes it */
        return ols(&d.in, (size_t)j, a, &out->estimate, &out->se, &out->df, e);
    }
    struct lmm_fit m, null;
    if ((rc = lmm_fit(&d.in, a, &m, e)) ||
        (rc = design_of("post ~ 1 + (1 | key_teacher)", fr, a, &d0, e)) ||
        (rc = lmm_fit(&d0.in, a, &null, e)))
        return rc;
    out->estimate = m.fixed[j].estimate;
    out->se = m.fixed[j].se;
    out->df = m.fixed[j].df;
    out->converged = m.converged && null.converged;
    out->warning = m.warning ? m.warning : null.warning;
    double sb = null.levels[0].sd[0], sw = null.sigma;
    out->total_sd = sqrt(sb * sb + sw * sw);
    out->icc = sb * sb / (sb * sb + sw * sw);
    return 0;
}

int progcompare_run(const struct progcompare_row *rows, size_t n, struct arena *a,
                    struct progcompare *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    out->attempted = true;
    describe(rows, n, out);
    char why[400];
    if (out->n_enrolled < PROGCOMPARE_MIN_PUPILS || out->n_comparison < PROGCOMPARE_MIN_PUPILS) {
        snprintf(why, sizeof why,
                 "A comparison needs at least %d children in the programme and %d pupils who "
                 "were not, each with a score before and after on the same measure at the same "
                 "times; there are %zu and %zu, so the report does not make one.",
                 PROGCOMPARE_MIN_PUPILS, PROGCOMPARE_MIN_PUPILS, out->n_enrolled,
                 out->n_comparison);
        return decline(out, a, why) ? err_set(e, ERR_NOMEM, "out of memory") : 0;
    }
    struct frame fr;
    int rc = build_frame(rows, n, &fr, &out->n_groups, e);
    if (!rc) {
        out->multilevel = out->n_groups >= PROGCOMPARE_MIN_GROUPS;
        out->formula = make_formula(rows, n, out, a);
        if (!out->formula)
            rc = err_set(e, ERR_NOMEM, "out of memory");
    }
    if (!rc) {
        struct err fe;
        err_clear(&fe);
        if (fit(&fr, out, a, &fe) == 0 && out->total_sd > 0 && out->df > 1) {
            double tq = gsl_cdf_tdist_Pinv(0.975, out->df), z = 1.959963984540054;
            out->ci_low = out->estimate - tq * out->se;
            out->ci_high = out->estimate + tq * out->se;
            double N = (double)(out->n_enrolled + out->n_comparison);
            double B = stats_hedges2007_b(N, N / (double)out->n_groups, out->icc);
            double J = stats_hedges_j(out->df), graw = out->estimate / out->total_sd;
            double se_raw = out->se / out->total_sd;
            double se_g = J * sqrt(se_raw * se_raw + graw * graw * B);
            out->g = J * graw;
            out->g_low = out->g - z * se_g;
            out->g_high = out->g + z * se_g;
        } else if (decline(out, a,
                           arena_sprintf(a, "The comparison could not be worked out: %s.",
                                         fe.msg[0] ? fe.msg : "the scores after do not vary"))) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
        }
    }
    frame_release(&fr);
    return rc;
}
