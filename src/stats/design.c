#include "stats/design.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

/* What the design knows about one variable of the formula. */
struct var {
    struct frame_col *col;
    bool factor;        /* a factor or a grouping column: read by code */
    size_t n_levels;    /* factors: levels present in the rows used */
    size_t *level_of;   /* factors: code -> level (SIZE_MAX when unused) */
    const char **level; /* factors: level names, sorted */
};

struct builder {
    const struct formula *f;
    struct frame *fr;
    struct arena *a;
    struct err *e;
    struct var vars[FORMULA_MAX_VARS];
    size_t *rows; /* the rows used */
    size_t n;
};

/* One column of a model matrix: a term's product of variables. */
struct mcol {
    size_t n_vars;
    size_t var[FORMULA_MAX_VARS];
    size_t level[FORMULA_MAX_VARS]; /* factors: the level this column is 1 for */
};

static int cmp_text(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int nomem(struct builder *b)
{
    return err_set(b->e, ERR_NOMEM, "out of memory");
}

static bool used_as(const struct formula *f, size_t v, bool *group, bool *term)
{
    *group = *term = false;
    for (size_t r = 0; r < f->n_random; r++) {
        for (size_t i = 0; i < f->random[r].n_group; i++)
            *group |= f->random[r].group[i] == v;
        for (size_t t = 0; t < f->random[r].lhs.n_terms; t++)
            *term |= f->random[r].lhs.terms[t].bits >> v & 1;
    }
    for (size_t t = 0; t < f->fixed.n_terms; t++)
        *term |= f->fixed.terms[t].bits >> v & 1;
    return *group || *term || v == f->response;
}

static int column_error(struct builder *b, const char *source, const struct frame_col *c)
{
    const char *text = c->texts[c->code[c->first_other]];
    return err_set(b->e, ERR_INPUT,
                   "%s:%ld: %s: '%.60s' is not a number (the column holds numbers; leave the "
                   "cell empty or write NA when the value is missing)",
                   source, b->fr->lines[c->first_other], c->name, text);
}

/* Find each variable's column and decide how it is read. */
static int map_vars(struct builder *b, const char *source)
{
    const struct formula *f = b->f;
    struct frame *fr = b->fr;
    for (size_t v = 0; v < f->n_vars; v++) {
        long c = frame_find(fr, f->vars[v]);
        if (c < 0) {
            struct buf names;
            buf_init(&names, 600);
            for (size_t i = 0; i < fr->n_cols; i++)
                buf_addf(&names, "%s%s", i ? ", " : "", fr->cols[i].name);
            int rc = err_set(b->e, ERR_INPUT,
                             "the formula names column %s, which is not in %s (its columns are: "
                             "%s)",
                             f->vars[v], source, buf_str(&names));
            buf_release(&names);
            return rc;
        }
        struct var *var = &b->vars[v];
        var->col = &fr->cols[c];
        bool group, term;
        used_as(f, v, &group, &term);
        bool numeric = frame_is_numeric(var->col);
        if (v == f->response && !numeric)
            return var->col->n_numbers == 0 && var->col->n_other > 0
                       ? err_set(b->e, ERR_INPUT, "the response %s holds text, not numbers",
                                 f->vars[v])
                       : column_error(b, source, var->col);
        if (group && term)
            return err_set(b->e, ERR_INPUT,
                           "column %s is used both to group and as an effect; use it once",
                           f->vars[v]);
        var->factor = group || (term && !numeric);
        if (!var->factor && var->col->n_other > 0)
            return column_error(b, source, var->col);
        if (var->factor && frame_make_factor(fr, (size_t)c, b->e))
            return b->e->code;
    }
    return 0;
}

/* The rows with every variable present; the levels of each factor in them. */
static int select_rows(struct builder *b)
{
    const struct formula *f = b->f;
    struct frame *fr = b->fr;
    b->rows = arena_array(b->a, fr->n_rows ? fr->n_rows : 1, sizeof *b->rows);
    if (!b->rows)
        return nomem(b);
    for (size_t r = 0; r < fr->n_rows; r++) {
        bool ok = true;
        for (size_t v = 0; v < f->n_vars && ok; v++) {
            const struct var *var = &b->vars[v];
            ok = var->factor ? var->col->code[r] != FRAME_MISSING : !isnan(var->col->num[r]);
        }
        if (ok)
            b->rows[b->n++] = r;
    }
    if (b->n == 0)
        return err_set(b->e, ERR_INPUT,
                       "no row has a value in every column the formula uses (%zu rows read)",
                       fr->n_rows);
    for (size_t v = 0; v < f->n_vars; v++) {
        struct var *var = &b->vars[v];
        if (!var->factor)
            continue;
        const struct frame_col *c = var->col;
        bool *seen = arena_array(b->a, c->n_texts + 1, sizeof *seen);
        var->level_of = arena_array(b->a, c->n_texts + 1, sizeof *var->level_of);
        var->level = arena_array(b->a, c->n_texts + 1, sizeof *var->level);
        if (!seen || !var->level_of || !var->level)
            return nomem(b);
        for (size_t i = 0; i < b->n; i++)
            seen[c->code[b->rows[i]]] = true;
        for (size_t t = 0; t < c->n_texts; t++)
            if (seen[t])
                var->level[var->n_levels++] = c->texts[t];
        qsort(var->level, var->n_levels, sizeof *var->level, cmp_text);
        for (size_t t = 0; t < c->n_texts; t++) {
            var->level_of[t] = SIZE_MAX;
            if (!seen[t])
                continue;
            const char **hit =
                bsearch(&c->texts[t], var->level, var->n_levels, sizeof *var->level, cmp_text);
            var->level_of[t] = (size_t)(hit - var->level);
        }
    }
    return 0;
}

/* R's TermCode: is factor v of term t coded by contrasts (true) or by one
 * column per level? Contrasts when the term without v is empty or is
 * contained in a term before t. */
static bool contrast_code(const struct formula_part *part, size_t t, size_t v)
{
    uint64_t rest = part->terms[t].bits & ~((uint64_t)1 << v);
    if (rest == 0)
        return true;
    for (size_t s = 0; s < t; s++)
        if ((rest & ~part->terms[s].bits) == 0)
            return true;
    return false;
}

/* The columns of a part (with names), in R's order. */
static int part_columns(struct builder *b, const struct formula_part *part, struct mcol **cols,
                        const char ***names, size_t *n, size_t max, const char *what)
{
    size_t cap = max + 1;
    *cols = arena_array(b->a, cap, sizeof **cols);
    *names = arena_array(b->a, cap, sizeof **names);
    if (!*cols || !*names)
        return nomem(b);
    *n = 0;
    if (part->intercept) {
        (*cols)[0].n_vars = 0;
        (*names)[(*n)++] = "(Intercept)";
    }
    /* Without an intercept, R codes the first factor of the first term that
     * has one by one column per level. */
    size_t dummy_t = SIZE_MAX, dummy_v = SIZE_MAX;
    for (size_t t = 0; !part->intercept && t < part->n_terms && dummy_t == SIZE_MAX; t++)
        for (size_t i = 0; i < part->terms[t].n_vars; i++)
            if (b->vars[part->terms[t].vars[i]].factor) {
                dummy_t = t;
                dummy_v = part->terms[t].vars[i];
                break;
            }
    for (size_t t = 0; t < part->n_terms; t++) {
        const struct formula_term *term = &part->terms[t];
        size_t first[FORMULA_MAX_VARS], count[FORMULA_MAX_VARS], total = 1;
        for (size_t i = 0; i < term->n_vars; i++) {
            size_t v = term->vars[i];
            const struct var *var = &b->vars[v];
            bool contrasts = !(t == dummy_t && v == dummy_v) && contrast_code(part, t, v);
            first[i] = var->factor && contrasts ? 1 : 0;
            count[i] = var->factor ? var->n_levels - first[i] : 1;
            total *= count[i];
        }
        if (total == 0)
            continue; /* a factor with one level under contrasts: no column */
        if (*n + total > max)
            return err_set(b->e, ERR_INPUT, "the formula gives more than %zu %s columns", max,
                           what);
        for (size_t c = 0; c < total; c++) {
            struct mcol *m = &(*cols)[*n];
            struct buf name;
            buf_init(&name, 4096);
            size_t rest = c;
            m->n_vars = term->n_vars;
            for (size_t i = 0; i < term->n_vars; i++) {
                size_t v = term->vars[i];
                m->var[i] = v;
                m->level[i] = first[i] + rest % count[i];
                rest /= count[i];
                buf_addf(&name, "%s%s", i ? ":" : "", b->f->vars[v]);
                if (b->vars[v].factor)
                    buf_adds(&name, b->vars[v].level[m->level[i]]);
            }
            (*names)[*n] = arena_strdup(b->a, buf_str(&name));
            buf_release(&name);
            if (!(*names)[*n])
                return nomem(b);
            (*n)++;
        }
    }
    return 0;
}

/* The values of the columns, row by row (n x k, row-major). */
static double *fill(struct builder *b, const struct mcol *cols, size_t k)
{
    double *x = arena_array(b->a, b->n * (k ? k : 1), sizeof(double));
    if (!x)
        return NULL;
    for (size_t i = 0; i < b->n; i++) {
        size_t r = b->rows[i];
        for (size_t j = 0; j < k; j++) {
            double v = 1.0;
            for (size_t m = 0; m < cols[j].n_vars && v != 0.0; m++) {
                const struct var *var = &b->vars[cols[j].var[m]];
                if (var->factor)
                    v = var->level_of[var->col->code[r]] == cols[j].level[m] ? v : 0.0;
                else
                    v *= var->col->num[r];
            }
            x[i * k + j] = v;
        }
    }
    return x;
}

struct gkey {
    const struct builder *b;
    const struct formula_random *r;
};

/* Compare two positions of the rows used by their grouping levels. */
static int cmp_levels(const struct gkey *k, size_t pa, size_t pb)
{
    size_t ra = k->b->rows[pa], rb = k->b->rows[pb];
    for (size_t i = 0; i < k->r->n_group; i++) {
        const struct var *var = &k->b->vars[k->r->group[i]];
        size_t la = var->level_of[var->col->code[ra]], lb = var->level_of[var->col->code[rb]];
        if (la != lb)
            return la < lb ? -1 : 1;
    }
    return 0;
}

static int cmp_group(const void *pa, const void *pb, void *ctx)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    int c = cmp_levels(ctx, a, b);
    return c ? c : (a < b ? -1 : a > b);
}

/* Each row's group for a random term: the combination of its grouping
 * columns, numbered in the order of their sorted levels; group names join
 * their levels with ':'. */
static int groups(struct builder *b, const struct formula_random *r, struct lmm_level_in *l)
{
    size_t *pos = arena_array(b->a, b->n, sizeof *pos);
    size_t *group = arena_array(b->a, b->n, sizeof *group);
    const char **names = arena_array(b->a, b->n, sizeof *names);
    if (!pos || !group || !names)
        return nomem(b);
    for (size_t i = 0; i < b->n; i++)
        pos[i] = i;
    struct gkey key = { b, r };
    qsort_r(pos, b->n, sizeof *pos, cmp_group, &key);
    size_t g = 0;
    for (size_t i = 0; i < b->n; i++) {
        if (i == 0 || cmp_levels(&key, pos[i - 1], pos[i]) != 0) {
            if (i > 0)
                g++;
            struct buf name;
            buf_init(&name, 4096);
            for (size_t m = 0; m < r->n_group; m++) {
                const struct var *var = &b->vars[r->group[m]];
                buf_addf(&name, "%s%s", m ? ":" : "",
                         var->level[var->level_of[var->col->code[b->rows[pos[i]]]]]);
            }
            names[g] = arena_strdup(b->a, buf_str(&name));
            buf_release(&name);
            if (!names[g])
                return nomem(b);
        }
        group[pos[i]] = g;
    }
    l->n_groups = g + 1;
    l->group = group;
    l->group_names = names;
    l->name = r->name;
    return 0;
}

int design_build(const struct formula *f, struct frame *fr, const char *source, bool reml,
                 struct arena *a, struct design *d, struct err *e)
{
    memset(d, 0, sizeof *d);
    if (f->n_random == 0)
        return err_set(e, ERR_INPUT,
                       "the formula has no random-effects term such as (1 | school); meso fits "
                       "mixed models");
    if (f->n_random > LMM_MAX_LEVELS)
        return err_set(e, ERR_INPUT, "at most %d random-effects terms (grouping levels)",
                       LMM_MAX_LEVELS);
    struct builder *b = arena_alloc(a, sizeof *b);
    if (!b)
        return err_set(e, ERR_NOMEM, "out of memory");
    b->f = f;
    b->fr = fr;
    b->a = a;
    b->e = e;
    int rc;
    if ((rc = map_vars(b, source)) != 0 || (rc = select_rows(b)) != 0)
        return rc;
    struct lmm_input *in = &d->in;
    struct mcol *cols;
    if ((rc = part_columns(b, &f->fixed, &cols, &in->x_names, &in->p, LMM_MAX_P, "fixed-effect")))
        return rc;
    if (in->p == 0)
        return err_set(e, ERR_INPUT, "the formula has no fixed effects (not even an intercept)");
    in->intercept = f->fixed.intercept;
    in->n = b->n;
    in->x = fill(b, cols, in->p);
    double *y = arena_array(a, b->n, sizeof(double));
    if (!in->x || !y)
        return nomem(b);
    for (size_t i = 0; i < b->n; i++)
        y[i] = b->vars[f->response].col->num[b->rows[i]];
    in->y = y;
    in->n_levels = f->n_random;
    for (size_t r = 0; r < f->n_random; r++) {
        struct lmm_level_in *l = &in->levels[r];
        struct mcol *zc;
        if ((rc = part_columns(b, &f->random[r].lhs, &zc, &l->z_names, &l->q, LMM_MAX_Q,
                               "random-effect")))
            return rc;
        if (l->q == 0)
            return err_set(e, ERR_INPUT, "the random-effects term for %s has no effects",
                           f->random[r].name);
        l->intercept = f->random[r].lhs.intercept;
        if (!(l->z = fill(b, zc, l->q)))
            return nomem(b);
        if ((rc = groups(b, &f->random[r], l)) != 0)
            return rc;
    }
    in->reml = reml;
    d->response = f->vars[f->response];
    d->n_rows = fr->n_rows;
    d->n_dropped = fr->n_rows - b->n;
    return 0;
}
