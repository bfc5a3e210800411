#include "stats/lmm.h"

#include <math.h>
#include <nlopt.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "stats/lmm_work.h"

#define LN_2PI 1.8378770664093454836

/* Order the levels innermost first (most groups first) and check that they
 * nest; fill each level's parent map. */
static int order_levels(struct lmm_work *w, struct err *e)
{
    const struct lmm_input *in = w->in;
    size_t idx[LMM_MAX_LEVELS];
    for (size_t k = 0; k < w->K; k++)
        idx[k] = k;
    for (size_t i = 1; i < w->K; i++)
        for (size_t j = i; j > 0 && in->levels[idx[j]].n_groups > in->levels[idx[j - 1]].n_groups;
             j--) {
            size_t t = idx[j];
            idx[j] = idx[j - 1];
            idx[j - 1] = t;
        }
    for (size_t k = 0; k < w->K; k++) {
        const struct lmm_level_in *l = &in->levels[idx[k]];
        if (l->n_groups < 2)
            return err_set(e, ERR_INPUT,
                           "grouping factor %s has %zu level in the rows used; a random effect "
                           "needs at least 2",
                           l->name, l->n_groups);
        if (l->n_groups >= w->n)
            return err_set(e, ERR_INPUT,
                           "grouping factor %s has as many levels (%zu) as there are rows; each "
                           "group needs more than one row",
                           l->name, l->n_groups);
        if (l->q == 0 || l->q > LMM_MAX_Q)
            return err_set(e, ERR_INPUT, "grouping factor %s: between 1 and %d random effects",
                           l->name, LMM_MAX_Q);
        w->lv[k].in = l;
        w->lv[k].q = l->q;
        w->lv[k].n_groups = l->n_groups;
        for (size_t j = 0; j < k; j++)
            if (strcmp(w->lv[j].in->name, l->name) == 0)
                return err_set(e, ERR_INPUT,
                               "grouping factor %s appears in two random-effects terms; put its "
                               "effects in one term, as (1 + x | %s)",
                               l->name, l->name);
    }
    for (size_t k = 0; k + 1 < w->K; k++) {
        struct lmm_wlevel *lo = &w->lv[k], *hi = &w->lv[k + 1];
        lo->parent = arena_array(w->a, lo->n_groups, sizeof *lo->parent);
        if (!lo->parent)
            return err_set(e, ERR_NOMEM, "out of memory");
        for (size_t g = 0; g < lo->n_groups; g++)
            lo->parent[g] = SIZE_MAX;
        for (size_t i = 0; i < w->n; i++) {
            size_t g = lo->in->group[i], h = hi->in->group[i];
            if (lo->parent[g] == SIZE_MAX)
                lo->parent[g] = h;
            else if (lo->parent[g] != h)
                return err_set(
                    e, ERR_INPUT,
                    "grouping factors %s and %s are crossed, not nested: group %s of %s lies in "
                    "groups %s and %s of %s. meso fits nested designs only; when the labels of "
                    "%s repeat within each %s, write (... | %s/%s)",
                    lo->in->name, hi->in->name, lo->in->group_names[g], lo->in->name,
                    hi->in->group_names[lo->parent[g]], hi->in->group_names[h], hi->in->name,
                    lo->in->name, hi->in->name, hi->in->name, lo->in->name);
        }
    }
    return 0;
}

static void mean_scale(const double *v, size_t stride, size_t n, bool centre, double *m, double *s)
{
    double sum = 0, ss = 0;
    for (size_t i = 0; i < n; i++)
        sum += v[i * stride];
    double mean = sum / (double)n;
    if (centre) {
        for (size_t i = 0; i < n; i++) {
            double d = v[i * stride] - mean;
            ss += d * d;
        }
        *m = mean;
        *s = n > 1 ? sqrt(ss / (double)(n - 1)) : 0;
    } else {
        for (size_t i = 0; i < n; i++)
            ss += v[i * stride] * v[i * stride];
        *m = 0;
        *s = sqrt(ss / (double)n);
    }
}

/* The centre and scale of every column; a column that does not vary is an
 * error naming it. */
static int standardise(struct lmm_work *w, struct err *e)
{
    const struct lmm_input *in = w->in;
    mean_scale(in->y, 1, w->n, in->intercept, &w->ym, &w->ys);
    if (!(w->ys > 0))
        return err_set(e, ERR_INPUT, "the response does not vary in the rows used");
    for (size_t j = 0; j < w->p; j++) {
        if (in->intercept && j == 0) {
            w->xm[0] = 0;
            w->xs[0] = 1;
            continue;
        }
        mean_scale(in->x + j, w->p, w->n, in->intercept, &w->xm[j], &w->xs[j]);
        if (!(w->xs[j] > 0))
            return err_set(e, ERR_INPUT,
                           in->intercept ? "collinear fixed effects: %s does not vary in the rows "
                                           "used, so it cannot be told apart from (Intercept)"
                                         : "fixed effect %s is 0 in every row used",
                           in->x_names[j]);
    }
    for (size_t k = 0; k < w->K; k++) {
        struct lmm_wlevel *l = &w->lv[k];
        l->centred = l->in->intercept;
        for (size_t j = 0; j < l->q; j++) {
            if (l->centred && j == 0) {
                l->zm[0] = 0;
                l->zs[0] = 1;
                continue;
            }
            mean_scale(l->in->z + j, l->q, w->n, l->centred, &l->zm[j], &l->zs[j]);
            if (!(l->zs[j] > 0))
                return err_set(e, ERR_INPUT,
                               "random effect %s of %s does not vary in the rows used (or is 0 "
                               "throughout)",
                               l->in->z_names[j], l->in->name);
        }
    }
    return 0;
}

/* One pass over the rows: per innermost group the Q x d0 cross-products of
 * [z (all levels), x, y], and the (p+1)^2 cross-products of [x, y]. */
static int cross_products(struct lmm_work *w, struct err *e)
{
    const struct lmm_input *in = w->in;
    size_t Q = w->Q, d0 = w->d0, p1 = w->p + 1;
    w->leaf = arena_array(w->a, w->lv[0].n_groups * Q, d0 * sizeof(double));
    w->G = arena_array(w->a, p1 * p1, sizeof(double));
    if (!w->leaf || !w->G)
        return err_set(e, ERR_NOMEM, "out of memory");
    double row[LMM_MAX_LEVELS * LMM_MAX_Q + LMM_MAX_P + 1];
    for (size_t i = 0; i < w->n; i++) {
        size_t c = 0;
        for (size_t k = 0; k < w->K; k++) {
            const struct lmm_wlevel *l = &w->lv[k];
            for (size_t j = 0; j < l->q; j++)
                row[c++] = (l->in->z[i * l->q + j] - l->zm[j]) / l->zs[j];
        }
        for (size_t j = 0; j < w->p; j++)
            row[c++] = (in->x[i * w->p + j] - w->xm[j]) / w->xs[j];
        row[c++] = (in->y[i] - w->ym) / w->ys;
        double *L = w->leaf + w->lv[0].in->group[i] * Q * d0;
        for (size_t r = 0; r < Q; r++) {
            double v = row[r];
            double *Lr = L + r * d0;
            for (size_t s = 0; s < d0; s++)
                Lr[s] += v * row[s];
        }
        const double *xy = row + Q;
        for (size_t r = 0; r < p1; r++)
            for (size_t s = 0; s <= r; s++)
                w->G[r * p1 + s] += xy[r] * xy[s];
    }
    return 0;
}

/* Collinear fixed effects: a column whose residual on the columns before it
 * is (nearly) 0 is named, with the columns it is a combination of. */
static int check_collinear(struct lmm_work *w, struct err *e)
{
    size_t p = w->p, p1 = p + 1;
    double *L = arena_array(w->a, p * p, sizeof(double));
    if (!L)
        return err_set(e, ERR_NOMEM, "out of memory");
    for (size_t j = 0; j < p; j++) {
        for (size_t i = 0; i <= j; i++) {
            double s = w->G[j * p1 + i];
            for (size_t k = 0; k < i; k++)
                s -= L[j * p + k] * L[i * p + k];
            if (i < j)
                L[j * p + i] = s / L[i * p + i];
            else if (s > 1e-9 * w->G[j * p1 + j])
                L[j * p + j] = sqrt(s);
            else {
                /* regression of column j on the ones before it: L' c = L^-1 g */
                double c[LMM_MAX_P];
                for (size_t r = j; r-- > 0;) {
                    double v = L[j * p + r];
                    for (size_t k = r + 1; k < j; k++)
                        v -= L[k * p + r] * c[k];
                    c[r] = v / L[r * p + r];
                }
                char names[600] = "";
                size_t used = 0;
                for (size_t r = 0; r < j && used < sizeof names - 80; r++)
                    if (fabs(c[r]) > 1e-6) {
                        int n = snprintf(names + used, sizeof names - used, "%s%s",
                                         used ? ", " : "", w->in->x_names[r]);
                        used += n > 0 ? (size_t)n : 0;
                    }
                return err_set(e, ERR_INPUT,
                               "collinear fixed effects: %s is a linear combination of %s in the "
                               "rows used; take one of them out of the formula",
                               w->in->x_names[j], used ? names : "the columns before it");
            }
        }
    }
    return 0;
}

static void make_T(struct lmm_wlevel *l, const double *theta)
{
    size_t q = l->q, t = l->theta_off;
    memset(l->T, 0, sizeof l->T);
    for (size_t j = 0; j < q; j++)
        for (size_t i = j; i < q; i++)
            l->T[i * q + j] = theta[t++];
}

int lmm_eliminate(double *M, size_t dim, size_t q, double *logdet)
{
    for (size_t j = 0; j < q; j++) {
        double d = M[j * dim + j];
        if (!(d > 0) || !isfinite(d))
            return -1;
        d = sqrt(d);
        M[j * dim + j] = d;
        *logdet += 2.0 * log(d);
        for (size_t i = j + 1; i < dim; i++)
            M[i * dim + j] /= d;
        for (size_t i = j + 1; i < dim; i++) {
            double lij = M[i * dim + j];
            if (lij == 0.0)
                continue;
            double *Mi = M + i * dim;
            for (size_t k = j + 1; k <= i; k++)
                Mi[k] -= lij * M[k * dim + j];
        }
    }
    return 0;
}

/* Add the Schur complement left in M (dim, q eliminated) to the lower
 * triangle of the parent's matrix (dim - q). */
static void add_schur(double *parent, const double *M, size_t dim, size_t q)
{
    size_t d = dim - q;
    for (size_t i = 0; i < d; i++) {
        const double *Mi = M + (i + q) * dim + q;
        double *Pi = parent + i * d;
        for (size_t k = 0; k <= i; k++)
            Pi[k] += Mi[k];
    }
}

/* The chain matrix of one innermost group: S' W S with S = diag(T_0, ..,
 * T_K-1, I), W the group's cross-products (x, y block left 0: the root has
 * it), then + I on its own block. */
static void leaf_matrix(struct lmm_work *w, size_t g)
{
    size_t Q = w->Q, d0 = w->d0;
    const double *A = w->leaf + g * Q * d0;
    double *P = w->P, *M = w->M;
    /* P = A with its z columns times T: P[r][block k] = A[r][block k] T_k */
    for (size_t r = 0; r < Q; r++) {
        size_t off = 0;
        for (size_t k = 0; k < w->K; k++) {
            const struct lmm_wlevel *l = &w->lv[k];
            size_t q = l->q;
            for (size_t j = 0; j < q; j++) {
                double s = 0;
                for (size_t i = j; i < q; i++)
                    s += A[r * d0 + off + i] * l->T[i * q + j];
                P[r * d0 + off + j] = s;
            }
            off += q;
        }
        for (size_t s = Q; s < d0; s++)
            P[r * d0 + s] = A[r * d0 + s];
    }
    /* M rows of block k = T_k' P rows; the x, y rows are the transposes of
     * the z columns of A, times T. Only the lower triangle is needed. */
    size_t off = 0;
    for (size_t k = 0; k < w->K; k++) {
        const struct lmm_wlevel *l = &w->lv[k];
        size_t q = l->q;
        for (size_t i = 0; i < q; i++) {
            size_t r = off + i;
            for (size_t s = 0; s <= r; s++) {
                double v = 0;
                for (size_t m = i; m < q; m++)
                    v += l->T[m * q + i] * P[(off + m) * d0 + s];
                M[r * d0 + s] = v;
            }
        }
        off += q;
    }
    for (size_t r = Q; r < d0; r++)
        for (size_t s = Q; s <= r; s++)
            M[r * d0 + s] = 0;
    /* x, y rows against z columns: (T' A_z,xy)' = row r of M is, for each z
     * column s of block k, sum_m T_k[m][i] A[off+m][r]. */
    off = 0;
    for (size_t k = 0; k < w->K; k++) {
        const struct lmm_wlevel *l = &w->lv[k];
        size_t q = l->q;
        for (size_t i = 0; i < q; i++)
            for (size_t r = Q; r < d0; r++) {
                double v = 0;
                for (size_t m = i; m < q; m++)
                    v += l->T[m * q + i] * A[(off + m) * d0 + r];
                M[r * d0 + off + i] = v;
            }
        off += q;
    }
    for (size_t i = 0; i < w->lv[0].q; i++)
        M[i * d0 + i] += 1.0;
}

double lmm_deviance(struct lmm_work *w, const double *theta)
{
    w->n_evals++;
    size_t p1 = w->p + 1;
    for (size_t k = 0; k < w->K; k++) {
        make_T(&w->lv[k], theta);
        if (k > 0)
            memset(w->lv[k].acc, 0,
                   w->lv[k].n_groups * w->lv[k].dim * w->lv[k].dim * sizeof(double));
    }
    memcpy(w->root, w->G, p1 * p1 * sizeof(double));
    double logdet = 0;
    for (size_t k = 0; k < w->K; k++) {
        struct lmm_wlevel *l = &w->lv[k];
        size_t dim = l->dim, q = l->q;
        for (size_t g = 0; g < l->n_groups; g++) {
            double *M;
            if (k == 0) {
                leaf_matrix(w, g);
                M = w->M;
            } else {
                M = l->acc + g * dim * dim;
                for (size_t i = 0; i < q; i++)
                    M[i * dim + i] += 1.0;
            }
            if (lmm_eliminate(M, dim, q, &logdet))
                return HUGE_VAL;
            double *F = l->fac + g * dim * q;
            for (size_t i = 0; i < dim; i++)
                memcpy(F + i * q, M + i * dim, (i < q ? i + 1 : q) * sizeof(double));
            double *dst =
                k + 1 < w->K ? w->lv[k + 1].acc + l->parent[g] * (dim - q) * (dim - q) : w->root;
            add_schur(dst, M, dim, q);
        }
    }
    double logdet_x = 0;
    if (lmm_eliminate(w->root, p1, w->p, &logdet_x))
        return HUGE_VAL;
    double r2 = w->root[w->p * p1 + w->p];
    if (!(r2 > 0))
        return HUGE_VAL;
    w->logdet_l = logdet;
    w->logdet_x = logdet_x;
    w->r2 = r2;
    double n = (double)w->n, np = (double)(w->n - w->p);
    if (w->reml)
        return logdet + logdet_x + np * (1.0 + LN_2PI + log(r2 / np));
    return logdet + n * (1.0 + LN_2PI + log(r2 / n));
}

static double objective(unsigned n, const double *x, double *grad, void *data)
{
    (void)n;
    (void)grad;
    return lmm_deviance(data, x);
}

static int setup(struct lmm_work *w, struct err *e)
{
    size_t p1 = w->p + 1, Qk = 0, t = 0;
    for (size_t k = w->K; k-- > 0;) {
        struct lmm_wlevel *l = &w->lv[k];
        Qk += l->q;
        l->dim = Qk + p1;
    }
    for (size_t k = 0; k < w->K; k++) {
        struct lmm_wlevel *l = &w->lv[k];
        l->theta_off = t;
        t += l->q * (l->q + 1) / 2;
        l->fac = arena_array(w->a, l->n_groups * l->dim, l->q * sizeof(double));
        l->u = arena_array(w->a, l->n_groups, l->q * sizeof(double));
        if (k > 0)
            l->acc = arena_array(w->a, l->n_groups * l->dim, l->dim * sizeof(double));
        if (!l->fac || !l->u || (k > 0 && !l->acc))
            return err_set(e, ERR_NOMEM, "out of memory");
    }
    w->n_theta = t;
    w->Q = Qk;
    w->d0 = w->lv[0].dim;
    w->root = arena_array(w->a, p1 * p1, sizeof(double));
    w->M = arena_array(w->a, w->d0 * w->d0, sizeof(double));
    w->P = arena_array(w->a, w->Q * w->d0, sizeof(double));
    w->lower = arena_array(w->a, t, sizeof(double));
    if (!w->root || !w->M || !w->P || !w->lower)
        return err_set(e, ERR_NOMEM, "out of memory");
    for (size_t k = 0; k < w->K; k++) {
        const struct lmm_wlevel *l = &w->lv[k];
        size_t i = l->theta_off;
        for (size_t c = 0; c < l->q; c++)
            for (size_t r = c; r < l->q; r++)
                w->lower[i++] = r == c ? 0.0 : -HUGE_VAL;
    }
    return 0;
}

/* One BOBYQA run from x (overwritten with its optimum). */
static double run(struct lmm_work *w, double *x, double step, nlopt_result *res)
{
    nlopt_opt o = nlopt_create(NLOPT_LN_BOBYQA, (unsigned)w->n_theta);
    double f = HUGE_VAL;
    if (!o) {
        *res = NLOPT_OUT_OF_MEMORY;
        return f;
    }
    nlopt_set_lower_bounds(o, w->lower);
    nlopt_set_min_objective(o, objective, w);
    nlopt_set_ftol_abs(o, 1e-11);
    nlopt_set_xtol_abs1(o, 1e-9);
    nlopt_set_maxeval(o, w->in->max_evals > 0 ? (int)w->in->max_evals : 100000);
    nlopt_set_initial_step1(o, step);
    *res = nlopt_optimize(o, x, &f);
    nlopt_destroy(o);
    return f;
}

static void start_point(const struct lmm_work *w, double *x, double diag)
{
    for (size_t k = 0; k < w->K; k++) {
        const struct lmm_wlevel *l = &w->lv[k];
        size_t i = l->theta_off;
        for (size_t c = 0; c < l->q; c++)
            for (size_t r = c; r < l->q; r++)
                x[i++] = r == c ? diag : 0.0;
    }
}

/* The optimum's check by finite differences. At a bound (a diagonal of T at
 * 0), only a slope pointing inside counts, and it must be small. For the
 * free coordinates, the gradient g and Hessian H give the improvement one
 * more Newton step would make, g' H^-1 g / 2 (in deviance units): the test
 * that does not depend on how sharply curved the criterion is. Returns that
 * decrement (HUGE_VAL when H is not positive definite) and sets *gmax to the
 * largest |gradient|. */
static double check_optimum(struct lmm_work *w, double *x, double f0, double *gmax)
{
    size_t t = w->n_theta, free_i[LMM_MAX_LEVELS * LMM_MAX_Q * (LMM_MAX_Q + 1) / 2], nf = 0;
    double g[LMM_MAX_LEVELS * LMM_MAX_Q * (LMM_MAX_Q + 1) / 2], h = 1e-5, hh = 1e-4;
    *gmax = 0;
    for (size_t i = 0; i < t; i++) {
        double xi = x[i], gi;
        if (w->lower[i] == 0.0 && xi < hh) {
            x[i] = xi + h;
            gi = (lmm_deviance(w, x) - f0) / h;
            gi = gi < 0 ? -gi : 0;
        } else {
            x[i] = xi + h;
            double fp = lmm_deviance(w, x);
            x[i] = xi - h;
            double fm = lmm_deviance(w, x);
            gi = (fp - fm) / (2 * h);
            g[nf] = gi;
            free_i[nf++] = i;
        }
        x[i] = xi;
        if (fabs(gi) > *gmax)
            *gmax = fabs(gi);
    }
    if (nf == 0)
        return 0;
    /* [H g; g' 0], eliminated: the last pivot is -g' H^-1 g */
    size_t d = nf + 1;
    double *A = arena_array(w->a, d * d, sizeof(double));
    if (!A)
        return HUGE_VAL;
    for (size_t a = 0; a < nf; a++) {
        for (size_t b = 0; b <= a; b++) {
            size_t i = free_i[a], j = free_i[b];
            double xi = x[i], xj = x[j], v;
            if (a == b) {
                x[i] = xi + hh;
                double fp = lmm_deviance(w, x);
                x[i] = xi - hh;
                double fm = lmm_deviance(w, x);
                v = (fp - 2 * f0 + fm) / (hh * hh);
            } else {
                double f[4];
                for (int k = 0; k < 4; k++) {
                    x[i] = xi + (k & 1 ? -hh : hh);
                    x[j] = xj + (k & 2 ? -hh : hh);
                    f[k] = lmm_deviance(w, x);
                }
                v = (f[0] - f[1] - f[2] + f[3]) / (4 * hh * hh);
            }
            x[i] = xi;
            x[j] = xj;
            A[a * d + b] = v;
        }
        A[nf * d + a] = g[a];
    }
    double logdet = 0;
    if (lmm_eliminate(A, d, nf, &logdet))
        return HUGE_VAL;
    return -A[nf * d + nf] / 2;
}

/* Whether a run stopped because it met its tolerances. */
static bool finished(nlopt_result r)
{
    return r == NLOPT_SUCCESS || r == NLOPT_FTOL_REACHED || r == NLOPT_XTOL_REACHED;
}

static int optimise(struct lmm_work *w, struct lmm_fit *out)
{
    size_t t = w->n_theta;
    double *x1 = arena_array(w->a, t, sizeof(double));
    double *x2 = arena_array(w->a, t, sizeof(double));
    if (!x1 || !x2)
        return ERR_NOMEM;
    nlopt_result r1, r2, r3;
    start_point(w, x1, 1.0);
    double f1 = run(w, x1, 0.25, &r1);
    start_point(w, x2, 0.1);
    double f2 = run(w, x2, 0.05, &r2);
    double *best = f1 <= f2 ? x1 : x2;
    /* polish the better one with a fresh, small trust region */
    double f3 = run(w, best, 1e-3, &r3);
    double fb = lmm_deviance(w, best);
    (void)f3;
    out->n_theta = t;
    out->theta = best;
    out->start_diff = fabs(f1 - f2);
    out->newton_decrement = check_optimum(w, best, fb, &out->grad_max);
    fb = lmm_deviance(w, best); /* leave the factor at the optimum */
    out->deviance = fb;
    out->n_evals = w->n_evals;
    bool ok_runs = finished(r1) && finished(r2) && finished(r3);
    double agree = 1e-6 * (1 + fabs(fb)) + 1e-5;
    bool flat =
        out->newton_decrement < 1e-6 || (out->newton_decrement == HUGE_VAL && out->grad_max < 1e-3);
    out->converged = ok_runs && isfinite(fb) && flat && out->start_diff < agree;
    if (!isfinite(fb))
        out->warning = "the optimiser found no point where the model could be evaluated";
    else if (!ok_runs)
        out->warning = "the optimiser stopped before it met its tolerances (too many "
                       "evaluations, or an error)";
    else if (out->start_diff >= agree)
        out->warning = arena_sprintf(w->a,
                                     "two starts reached different optima (deviance %.6f and "
                                     "%.6f); the better one is reported",
                                     f1, f2);
    else if (!flat)
        out->warning = arena_sprintf(w->a,
                                     "the criterion is not flat at the optimum (largest gradient "
                                     "%.2g; one more Newton step would gain %.2g); the estimates "
                                     "may be slightly off",
                                     out->grad_max, out->newton_decrement);
    return isfinite(fb) ? 0 : ERR_INPUT;
}

int lmm_fit(const struct lmm_input *in, struct arena *a, struct lmm_fit *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    if (in->n_levels == 0 || in->n_levels > LMM_MAX_LEVELS)
        return err_set(e, ERR_INPUT,
                       "the formula needs between 1 and %d random-effects terms (... | group)",
                       LMM_MAX_LEVELS);
    if (in->p > LMM_MAX_P)
        return err_set(e, ERR_INPUT, "too many fixed-effect columns (%zu; at most %d)", in->p,
                       LMM_MAX_P);
    if (in->n <= in->p + 1)
        return err_set(e, ERR_INPUT, "too few rows (%zu) for %zu fixed effects", in->n, in->p);
    struct lmm_work *w = arena_alloc(a, sizeof *w);
    if (!w)
        return err_set(e, ERR_NOMEM, "out of memory");
    w->in = in;
    w->a = a;
    w->n = in->n;
    w->p = in->p;
    w->K = in->n_levels;
    w->reml = in->reml;
    int rc;
    if ((rc = order_levels(w, e)) != 0 || (rc = standardise(w, e)) != 0 ||
        (rc = setup(w, e)) != 0 || (rc = cross_products(w, e)) != 0 ||
        (rc = check_collinear(w, e)) != 0)
        return rc;
    rc = optimise(w, out);
    if (rc == ERR_NOMEM)
        return err_set(e, ERR_NOMEM, "out of memory");
    if (rc)
        return err_set(e, ERR_INPUT, "the model could not be fitted: %s", out->warning);
    return lmm_results(w, out, e);
}
