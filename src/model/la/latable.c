/* latable.c - the LA view's totals, suppression and order (lafigures.h). */
#include "model/la/lafigures.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "stats/suppress.h"

/* One table of counts: cell (school r, column c) is at(f->schools[r], c);
 * the LA total of column c is at(&f->total, c). */
typedef struct la_count *(*la_cell)(struct la_school *s, size_t c);

static struct la_count *cell_held(struct la_school *s, size_t c)
{
    return &s->held[c];
}
static struct la_count *cell_scope(struct la_school *s, size_t c)
{
    (void)c;
    return &s->in_scope;
}
static struct la_count *cell_prog(struct la_school *s, size_t c)
{
    struct la_count *cs[] = { &s->enrolled, &s->completed, &s->with_scores, &s->improved };
    return cs[c];
}
static struct la_count *cell_band(struct la_school *s, size_t c)
{
    return &s->bands[c];
}
static struct la_count *cell_screened(struct la_school *s, size_t c)
{
    (void)c;
    return &s->screened;
}

static int table(struct arena *a, struct la_figures *f, la_cell at, size_t cols, bool row_totals)
{
    size_t n = f->n * cols;
    long *counts = arena_alloc(a, (n ? n : 1) * sizeof *counts);
    bool *hide = arena_alloc(a, n ? n : 1);
    if (!counts || !hide)
        return ERR_NOMEM;
    for (size_t c = 0; c < cols; c++) {
        at(&f->total, c)->n = 0;
        for (size_t r = 0; r < f->n; r++) {
            counts[r * cols + c] = at(&f->schools[r], c)->n;
            at(&f->total, c)->n += at(&f->schools[r], c)->n;
        }
        /* The LA's own total of 1 to 4 is not shown either. */
        at(&f->total, c)->hidden = suppress_small(at(&f->total, c)->n);
    }
    suppress_table(counts, f->n, cols, row_totals, true, hide);
    for (size_t r = 0; r < f->n; r++)
        for (size_t c = 0; c < cols; c++)
            at(&f->schools[r], c)->hidden |= hide[r * cols + c];
    return 0;
}

/* Means over the LA's pupils in scope, each school's weighted by its own. */
static void total_means(struct la_figures *f)
{
    double *tot[] = { &f->total.mean_fidelity, &f->total.reviews_with_parent_per_pupil,
                      &f->total.positive_contact_share, &f->total.progress_methods_mean };
    for (size_t k = 0; k < 4; k++) {
        double sum = 0, w = 0;
        for (size_t r = 0; r < f->n; r++) {
            struct la_school *s = &f->schools[r];
            double v[] = { s->mean_fidelity, s->reviews_with_parent_per_pupil,
                           s->positive_contact_share, s->progress_methods_mean };
            if (v[k] < 0)
                continue;
            sum += v[k] * (double)s->in_scope.n;
            w += (double)s->in_scope.n;
        }
        *tot[k] = w > 0 ? sum / w : -1;
    }
}

int la_figures_suppress(struct arena *a, struct la_figures *f)
{
    struct {
        la_cell at;
        size_t cols;
        bool row_totals;
    } tables[] = {
        { cell_scope, 1, false },    { cell_held, LA_HELD, true },  { cell_prog, 4, false },
        { cell_screened, 1, false }, { cell_band, LA_BANDS, true },
    };
    for (size_t t = 0; t < sizeof tables / sizeof *tables; t++)
        if (table(a, f, tables[t].at, tables[t].cols, tables[t].row_totals))
            return ERR_NOMEM;
    f->total.cohorts = 0;
    for (size_t r = 0; r < f->n; r++) {
        struct la_school *s = &f->schools[r];
        f->total.cohorts += s->cohorts;
        /* A small school's means would describe a handful of children. */
        if (s->in_scope.n < SUPPRESS_BELOW || s->in_scope.hidden) {
            s->mean_fidelity = -1;
            s->reviews_with_parent_per_pupil = -1;
            s->positive_contact_share = -1;
            s->progress_methods_mean = -1;
        }
    }
    total_means(f);
    return 0;
}

const char *const la_sort_keys[] = { "name",     "in_scope", "with_2",   "with_3", "fidelity",
                                     "reviews",  "positive", "methods",  "reach",  "complete",
                                     "improved", "gaps",     "screened", "high",   NULL };

static double count_of(const struct la_count *c)
{
    return c->hidden ? -1 : (double)c->n;
}

static double share_of(const struct la_count *part, const struct la_count *whole)
{
    return part->hidden || whole->hidden || whole->n == 0 ? -1 : (double)part->n / (double)whole->n;
}

static double value(const struct la_school *s, const char *k)
{
    if (!strcmp(k, "in_scope"))
        return count_of(&s->in_scope);
    if (!strcmp(k, "with_2"))
        return share_of(&s->held[1], &s->in_scope);
    if (!strcmp(k, "with_3"))
        return share_of(&s->held[2], &s->in_scope);
    if (!strcmp(k, "fidelity"))
        return s->mean_fidelity;
    if (!strcmp(k, "reviews"))
        return s->reviews_with_parent_per_pupil;
    if (!strcmp(k, "positive"))
        return s->positive_contact_share;
    if (!strcmp(k, "methods"))
        return s->progress_methods_mean;
    if (!strcmp(k, "reach"))
        return count_of(&s->enrolled);
    if (!strcmp(k, "complete"))
        return share_of(&s->completed, &s->enrolled);
    if (!strcmp(k, "improved"))
        return share_of(&s->improved, &s->with_scores);
    if (!strcmp(k, "gaps"))
        return s->n_gaps;
    if (!strcmp(k, "screened"))
        return count_of(&s->screened);
    if (!strcmp(k, "high")) {
        double h = share_of(&s->bands[2], &s->screened), v = share_of(&s->bands[3], &s->screened);
        return h < 0 || v < 0 ? -1 : h + v;
    }
    return 0;
}

struct keyed {
    double v; /* the column's value, negated when descending */
    struct la_school s;
};

static int by_key(const void *pa, const void *pb)
{
    const struct keyed *x = pa, *y = pb;
    int c = x->v < y->v ? -1 : x->v > y->v ? 1 : 0;
    if (c == 0)
        c = strcmp(x->s.name, y->s.name);
    return c ? c : strcmp(x->s.urn, y->s.urn);
}

int la_figures_sort(struct arena *a, struct la_figures *f, const char *key, bool desc)
{
    bool known = false;
    for (size_t i = 0; key && la_sort_keys[i]; i++)
        known |= !strcmp(key, la_sort_keys[i]);
    if (!known || f->n == 0)
        key = "name";
    struct keyed *k = arena_alloc(a, (f->n ? f->n : 1) * sizeof *k);
    if (!k)
        return ERR_NOMEM;
    for (size_t i = 0; i < f->n; i++) {
        double v = strcmp(key, "name") ? value(&f->schools[i], key) : 0;
        k[i] = (struct keyed){ known && desc ? -v : v, f->schools[i] };
    }
    qsort(k, f->n, sizeof *k, by_key);
    for (size_t i = 0; i < f->n; i++)
        f->schools[i] = k[i].s;
    return 0;
}
