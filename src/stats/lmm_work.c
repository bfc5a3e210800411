#include "stats/lmm_work.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <string.h>

/* Inverse of a q x q lower-triangular L (row-major) into Li (lower). */
static void tri_inverse(const double *L, size_t q, double *Li)
{
    memset(Li, 0, q * q * sizeof *Li);
    for (size_t j = 0; j < q; j++) {
        Li[j * q + j] = 1.0 / L[j * q + j];
        for (size_t i = j + 1; i < q; i++) {
            double s = 0;
            for (size_t k = j; k < i; k++)
                s += L[i * q + k] * Li[k * q + j];
            Li[i * q + j] = -s / L[i * q + i];
        }
    }
}

/* Out = Li' Li for lower-triangular Li: (L L')^-1. */
static void inv_from_tri(const double *Li, size_t q, double *out)
{
    for (size_t i = 0; i < q; i++)
        for (size_t j = 0; j < q; j++) {
            double s = 0;
            for (size_t k = i > j ? i : j; k < q; k++)
                s += Li[k * q + i] * Li[k * q + j];
            out[i * q + j] = s;
        }
}

/* out = B V B' for q x q matrices, times f. */
static void sandwich(const double *B, const double *V, size_t q, double f, double *out)
{
    double tmp[LMM_MAX_P * LMM_MAX_P];
    for (size_t i = 0; i < q; i++)
        for (size_t j = 0; j < q; j++) {
            double s = 0;
            for (size_t k = 0; k < q; k++)
                s += B[i * q + k] * V[k * q + j];
            tmp[i * q + j] = s;
        }
    for (size_t i = 0; i < q; i++)
        for (size_t j = 0; j < q; j++) {
            double s = 0;
            for (size_t k = 0; k < q; k++)
                s += tmp[i * q + k] * B[j * q + k];
            out[i * q + j] = f * s;
        }
}

/* The back-transform of a level's random effects: b = B b*. */
static void level_B(const struct lmm_wlevel *l, double *B)
{
    size_t q = l->q;
    memset(B, 0, q * q * sizeof *B);
    for (size_t j = 0; j < q; j++)
        B[j * q + j] = 1.0 / l->zs[j];
    if (l->centred)
        for (size_t j = 1; j < q; j++)
            B[j] = -l->zm[j] / l->zs[j];
}

/* Fixed effects and their covariance, on the original scale. */
static int fixed_effects(struct lmm_work *w, struct lmm_fit *out, double s2, double *beta_s)
{
    size_t p = w->p, p1 = p + 1;
    double *Li = arena_array(w->a, p * p, sizeof(double));
    double *V = arena_array(w->a, p * p, sizeof(double));
    double *A = arena_array(w->a, p * p, sizeof(double));
    out->vcov = arena_array(w->a, p * p, sizeof(double));
    out->fixed = arena_array(w->a, p, sizeof *out->fixed);
    if (!Li || !V || !A || !out->vcov || !out->fixed)
        return ERR_NOMEM;
    double *L = arena_array(w->a, p * p, sizeof(double));
    if (!L)
        return ERR_NOMEM;
    for (size_t i = 0; i < p; i++)
        for (size_t j = 0; j <= i; j++)
            L[i * p + j] = w->root[i * p1 + j];
    for (size_t j = p; j-- > 0;) {
        double v = w->root[p * p1 + j];
        for (size_t k = j + 1; k < p; k++)
            v -= L[k * p + j] * beta_s[k];
        beta_s[j] = v / L[j * p + j];
    }
    tri_inverse(L, p, Li);
    inv_from_tri(Li, p, V);
    for (size_t j = 0; j < p; j++) {
        A[j * p + j] = 1.0 / w->xs[j];
        if (w->in->intercept && j > 0)
            A[j] = -w->xm[j] / w->xs[j];
    }
    for (size_t i = 0; i < p; i++) {
        double b = 0;
        for (size_t k = 0; k < p; k++)
            b += A[i * p + k] * beta_s[k];
        b *= w->ys;
        if (w->in->intercept && i == 0)
            b += w->ym;
        out->fixed[i].name = w->in->x_names[i];
        out->fixed[i].estimate = b;
    }
    /* vcov = ys^2 s2 A V A' (p may exceed LMM_MAX_Q: no sandwich()) */
    double *AV = arena_array(w->a, p * p, sizeof(double));
    if (!AV)
        return ERR_NOMEM;
    for (size_t i = 0; i < p; i++)
        for (size_t j = 0; j < p; j++) {
            double s = 0;
            for (size_t k = 0; k < p; k++)
                s += A[i * p + k] * V[k * p + j];
            AV[i * p + j] = s;
        }
    for (size_t i = 0; i < p; i++)
        for (size_t j = 0; j < p; j++) {
            double s = 0;
            for (size_t k = 0; k < p; k++)
                s += AV[i * p + k] * A[j * p + k];
            out->vcov[i * p + j] = w->ys * w->ys * s2 * s;
        }
    for (size_t i = 0; i < p; i++) {
        out->fixed[i].se = sqrt(out->vcov[i * p + i]);
        out->fixed[i].t = out->fixed[i].estimate / out->fixed[i].se;
    }
    return 0;
}

/* The spherical modes u, top level first: L_jj' u_j = c_j - L_Aj' [u_A; beta]. */
static void modes(struct lmm_work *w, const double *beta_s)
{
    for (size_t k = w->K; k-- > 0;) {
        struct lmm_wlevel *l = &w->lv[k];
        size_t q = l->q, dim = l->dim;
        for (size_t g = 0; g < l->n_groups; g++) {
            const double *F = l->fac + g * dim * q;
            double v[LMM_MAX_LEVELS * LMM_MAX_Q + LMM_MAX_P];
            size_t c = 0, h = g;
            for (size_t a = k + 1; a < w->K; a++) {
                h = w->lv[a - 1].parent[h];
                for (size_t j = 0; j < w->lv[a].q; j++)
                    v[c++] = w->lv[a].u[h * w->lv[a].q + j];
            }
            for (size_t j = 0; j < w->p; j++)
                v[c++] = beta_s[j];
            double *u = l->u + g * q;
            for (size_t i = 0; i < q; i++) {
                double r = F[(dim - 1) * q + i];
                for (size_t m = 0; m < c; m++)
                    r -= F[(q + m) * q + i] * v[m];
                u[i] = r;
            }
            for (size_t i = q; i-- > 0;) {
                double r = u[i];
                for (size_t m = i + 1; m < q; m++)
                    r -= F[m * q + i] * u[m];
                u[i] = r / F[i * q + i];
            }
        }
    }
}

/* Var(u_j | y) / sigma^2 for group g of level k (the diagonal block of
 * (L L')^-1), and when k >= 1 the covariance of its whole chain, kept for
 * its children. */
static int cond_var(struct lmm_work *w, size_t k, size_t g, double *Sjj)
{
    struct lmm_wlevel *l = &w->lv[k];
    size_t q = l->q, dim = l->dim;
    const double *F = l->fac + g * dim * q;
    double L[LMM_MAX_Q * LMM_MAX_Q], Li[LMM_MAX_Q * LMM_MAX_Q];
    for (size_t i = 0; i < q; i++)
        for (size_t j = 0; j < q; j++)
            L[i * q + j] = j <= i ? F[i * q + j] : 0.0;
    tri_inverse(L, q, Li);
    inv_from_tri(Li, q, Sjj);
    size_t C = 0; /* the ancestors' chain */
    for (size_t a = k + 1; a < w->K; a++)
        C += w->lv[a].q;
    double X[LMM_MAX_LEVELS * LMM_MAX_Q * LMM_MAX_Q], SX[LMM_MAX_LEVELS * LMM_MAX_Q * LMM_MAX_Q];
    const double *SAA = NULL;
    if (C > 0) {
        SAA = w->lv[k + 1].chain_var + l->parent[g] * C * C;
        for (size_t r = 0; r < C; r++) /* X = L_Aj Li */
            for (size_t j = 0; j < q; j++) {
                double s = 0;
                for (size_t m = j; m < q; m++)
                    s += F[(q + r) * q + m] * Li[m * q + j];
                X[r * q + j] = s;
            }
        for (size_t r = 0; r < C; r++) /* SX = Sigma_AA X */
            for (size_t j = 0; j < q; j++) {
                double s = 0;
                for (size_t m = 0; m < C; m++)
                    s += SAA[r * C + m] * X[m * q + j];
                SX[r * q + j] = s;
            }
        for (size_t i = 0; i < q; i++) /* Sjj += X' SX */
            for (size_t j = 0; j < q; j++) {
                double s = 0;
                for (size_t m = 0; m < C; m++)
                    s += X[m * q + i] * SX[m * q + j];
                Sjj[i * q + j] += s;
            }
    }
    if (k == 0)
        return 0;
    size_t D = q + C;
    double *chain = l->chain_var + g * D * D;
    for (size_t i = 0; i < q; i++)
        for (size_t j = 0; j < q; j++)
            chain[i * D + j] = Sjj[i * q + j];
    for (size_t r = 0; r < C; r++) {
        for (size_t j = 0; j < q; j++)
            chain[(q + r) * D + j] = chain[j * D + q + r] = -SX[r * q + j];
        for (size_t m = 0; m < C; m++)
            chain[(q + r) * D + q + m] = SAA[r * C + m];
    }
    return 0;
}

/* Each level's SDs, correlations, conditional modes and their SDs. */
static int random_effects(struct lmm_work *w, struct lmm_fit *out, double s2)
{
    out->n_levels = w->K;
    out->levels = arena_array(w->a, w->K, sizeof *out->levels);
    if (!out->levels)
        return ERR_NOMEM;
    for (size_t k = w->K; k-- > 0;) {
        struct lmm_wlevel *l = &w->lv[k];
        size_t q = l->q, C = l->dim - w->p - 1;
        struct lmm_level *o = &out->levels[k];
        o->name = l->in->name;
        o->n_groups = l->n_groups;
        o->q = q;
        o->z_names = l->in->z_names;
        o->group_names = l->in->group_names;
        o->sd = arena_array(w->a, q, sizeof(double));
        o->corr = arena_array(w->a, q * q, sizeof(double));
        o->mode = arena_array(w->a, l->n_groups, q * sizeof(double));
        o->mode_se = arena_array(w->a, l->n_groups, q * sizeof(double));
        if (k > 0)
            l->chain_var = arena_array(w->a, l->n_groups * C, C * sizeof(double));
        if (!o->sd || !o->corr || !o->mode || !o->mode_se || (k > 0 && !l->chain_var))
            return ERR_NOMEM;
        double B[LMM_MAX_Q * LMM_MAX_Q], TT[LMM_MAX_Q * LMM_MAX_Q], S[LMM_MAX_Q * LMM_MAX_Q];
        level_B(l, B);
        for (size_t i = 0; i < q; i++)
            for (size_t j = 0; j < q; j++) {
                double s = 0;
                for (size_t m = 0; m < q; m++)
                    s += l->T[i * q + m] * l->T[j * q + m];
                TT[i * q + j] = s;
            }
        sandwich(B, TT, q, w->ys * w->ys * s2, S);
        for (size_t i = 0; i < q; i++)
            o->sd[i] = sqrt(S[i * q + i]);
        for (size_t i = 0; i < q; i++)
            for (size_t j = 0; j < q; j++)
                o->corr[i * q + j] =
                    o->sd[i] > 0 && o->sd[j] > 0 ? S[i * q + j] / (o->sd[i] * o->sd[j]) : NAN;
        for (size_t g = 0; g < l->n_groups; g++) {
            double Sjj[LMM_MAX_Q * LMM_MAX_Q], TS[LMM_MAX_Q * LMM_MAX_Q], V[LMM_MAX_Q * LMM_MAX_Q];
            double bs[LMM_MAX_Q];
            cond_var(w, k, g, Sjj);
            sandwich(l->T, Sjj, q, 1.0, TS);
            sandwich(B, TS, q, w->ys * w->ys * s2, V);
            for (size_t i = 0; i < q; i++) {
                double s = 0;
                for (size_t m = 0; m < q; m++)
                    s += l->T[i * q + m] * l->u[g * q + m];
                bs[i] = s;
            }
            for (size_t i = 0; i < q; i++) {
                double s = 0;
                for (size_t m = 0; m < q; m++)
                    s += B[i * q + m] * bs[m];
                o->mode[g * q + i] = w->ys * s;
                o->mode_se[g * q + i] = sqrt(V[i * q + i] > 0 ? V[i * q + i] : 0);
            }
        }
    }
    return 0;
}

/* Between-within degrees of freedom (Pinheiro and Bates 2000, 2.4.2): a
 * column counts at the outermost level within whose groups it is constant,
 * or at the level of its random slope when that is further out; the
 * intercept takes the residual degrees of freedom, as nlme gives it. */
static int dfs(struct lmm_work *w, struct lmm_fit *out)
{
    const struct lmm_input *in = w->in;
    size_t p = w->p, K = w->K;
    int lev[LMM_MAX_P];
    size_t count[LMM_MAX_LEVELS + 1] = { 0 }; /* index k + 1; 0 = rows */
    for (size_t j = 0; j < p; j++) {
        lev[j] = -1;
        if (in->intercept && j == 0)
            continue;
        for (size_t k = 0; k < K; k++) {
            const struct lmm_wlevel *l = &w->lv[k];
            double *first = arena_array(w->a, l->n_groups, sizeof(double));
            if (!first)
                return ERR_NOMEM;
            for (size_t g = 0; g < l->n_groups; g++)
                first[g] = NAN;
            bool constant = true;
            for (size_t i = 0; i < w->n && constant; i++) {
                size_t g = l->in->group[i];
                double v = in->x[i * p + j];
                if (isnan(first[g]))
                    first[g] = v;
                else if (first[g] != v)
                    constant = false;
            }
            if (constant)
                lev[j] = (int)k;
            for (size_t z = 0; z < l->q; z++)
                if ((z > 0 || !l->in->intercept) &&
                    strcmp(l->in->z_names[z], in->x_names[j]) == 0 && lev[j] < (int)k)
                    lev[j] = (int)k;
        }
        count[lev[j] + 1]++;
    }
    for (size_t j = 0; j < p; j++) {
        int k = lev[j];
        double m_here = k < 0 ? (double)w->n : (double)w->lv[k].n_groups;
        double m_out = k + 1 < (int)K ? (double)w->lv[k + 1].n_groups : 1.0;
        double df = m_here - m_out - (double)count[k + 1];
        if (df < 1)
            df = 1;
        out->fixed[j].df = df;
        out->fixed[j].p = 2.0 * gsl_cdf_tdist_Q(fabs(out->fixed[j].t), df);
    }
    out->df_method = "between-within (Pinheiro and Bates 2000)";
    return 0;
}

int lmm_results(struct lmm_work *w, struct lmm_fit *out, struct err *e)
{
    size_t n = w->n, p = w->p;
    out->n = n;
    out->p = p;
    out->reml = w->reml;
    double dof = w->reml ? (double)(n - p) : (double)n;
    double s2 = w->r2 / dof;
    double beta_s[LMM_MAX_P];
    int rc = fixed_effects(w, out, s2, beta_s);
    if (!rc) {
        modes(w, beta_s);
        rc = random_effects(w, out, s2);
    }
    if (!rc)
        rc = dfs(w, out);
    if (rc)
        return err_set(e, ERR_NOMEM, "out of memory");
    out->sigma = w->ys * sqrt(s2);
    double ll = -out->deviance / 2.0 - dof * log(w->ys);
    if (w->reml)
        for (size_t j = 0; j < p; j++)
            ll -= log(w->xs[j]);
    out->loglik = ll;
    out->deviance = -2.0 * ll;
    out->n_params = p + w->n_theta + 1;
    out->aic = -2.0 * ll + 2.0 * (double)out->n_params;
    out->bic = -2.0 * ll + (double)out->n_params * log((double)n);
    double total = out->sigma * out->sigma;
    for (size_t k = 0; k < w->K; k++)
        if (w->lv[k].in->intercept)
            total += out->levels[k].sd[0] * out->levels[k].sd[0];
    for (size_t k = 0; k < w->K; k++) {
        struct lmm_level *o = &out->levels[k];
        o->icc = w->lv[k].in->intercept ? o->sd[0] * o->sd[0] / total : NAN;
        for (size_t i = 0; i < o->q; i++)
            if (o->sd[i] < 1e-4 * out->sigma)
                out->singular = true;
        for (size_t i = 0; i < o->q; i++)
            for (size_t j = 0; j < i; j++)
                if (fabs(o->corr[i * o->q + j]) > 1 - 1e-6)
                    out->singular = true;
    }
    return 0;
}
