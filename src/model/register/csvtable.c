#include "model/register/csvtable.h"

#include <string.h>

#include "core/arena.h"
#include "core/problems.h"
#include "core/str.h"

void csvtable_init(struct csvtable *t, const struct csvtable_col *spec, size_t n_spec)
{
    memset(t, 0, sizeof *t);
    t->spec = spec;
    t->n_spec = n_spec < CSVTABLE_MAX_COLS ? n_spec : CSVTABLE_MAX_COLS;
    for (size_t s = 0; s < CSVTABLE_MAX_COLS; s++)
        t->col_of[s] = -1;
    buf_init(&t->unknown, 64 * 1024);
}

void csvtable_choose(struct csvtable *t, const struct csvtable_choice *c, size_t n)
{
    t->choices = c;
    t->n_choices = n;
}

int csvtable_find(const struct csvtable_col *spec, size_t n, const char *key)
{
    for (size_t s = 0; s < n && key; s++)
        if (!strcmp(spec[s].key, key))
            return (int)s;
    return -1;
}

/* The school's choice for a header key, or NULL. */
static const struct csvtable_choice *choice_for(const struct csvtable *t, const char *k)
{
    for (size_t i = 0; i < t->n_choices; i++)
        if (!strcmp(t->choices[i].header_key, k))
            return &t->choices[i];
    return NULL;
}

static int match_by_name(const struct csvtable *t, const char *k)
{
    for (size_t s = 0; s < t->n_spec; s++)
        for (int j = 0; j < CSVTABLE_MAX_NAMES && t->spec[s].names[j]; j++) {
            char want[64];
            str_key(want, sizeof want, t->spec[s].names[j]);
            if (!strcmp(k, want))
                return (int)s;
        }
    return -1;
}

const char *csvtable_names(struct arena *a, const struct csvtable_col *c)
{
    struct buf alts;
    buf_init(&alts, 1024);
    for (int j = 0; j < CSVTABLE_MAX_NAMES && c->names[j]; j++)
        buf_addf(&alts, "%s%s", j ? ", " : "", c->names[j]);
    const char *s = arena_strdup(a, buf_str(&alts));
    buf_release(&alts);
    return s;
}

void csvtable_release(struct csvtable *t)
{
    buf_release(&t->unknown);
}

void csvtable_header(struct csvtable *t, struct arena *a, char **fields, size_t n,
                     struct problems *pr, csvtable_extra_fn extra, void *ctx)
{
    t->n_header = n;
    t->headers = arena_array(a, n + 1, sizeof *t->headers);
    t->use_of = arena_array(a, n + 1, sizeof *t->use_of);
    if (!t->headers || !t->use_of) {
        pr->nomem = 1;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        t->headers[i] = arena_strdup(a, fields[i]);
        char k[64];
        str_key(k, sizeof k, fields[i]);
        struct csvtable_use_of *u = &t->use_of[i];
        u->spec = -1;
        const struct csvtable_choice *ch = *k ? choice_for(t, k) : NULL;
        int found = -1;
        if (ch && !*ch->column) {
            u->use = CSVTABLE_SKIPPED;
            u->chosen = true;
            continue;
        }
        if (ch)
            found = csvtable_find(t->spec, t->n_spec, ch->column);
        u->chosen = found >= 0;
        if (found < 0)
            found = match_by_name(t, k);
        if (found < 0) {
            if (*k && extra && extra(ctx, k, fields[i], i)) {
                u->use = CSVTABLE_EXTRA;
            } else if (*k) {
                if (t->unknown.len)
                    buf_adds(&t->unknown, ", ");
                buf_adds(&t->unknown, fields[i]);
            }
            continue;
        }
        u->spec = found;
        if (t->col_of[found] >= 0) {
            /* A name match loses to a column the school chose. */
            int other = t->col_of[found];
            if (u->chosen && !t->use_of[other].chosen) {
                t->use_of[other].use = CSVTABLE_SKIPPED;
                t->col_of[found] = -1;
            } else if (!u->chosen && t->use_of[other].chosen) {
                u->use = CSVTABLE_SKIPPED;
                continue;
            } else {
                u->use = CSVTABLE_REPEATED;
                problems_add(pr, arena_strdup(a, fields[i]),
                             "this column appears twice (columns %d and %zu)", other + 1, i + 1);
                continue;
            }
        }
        u->use = CSVTABLE_SPEC;
        t->col_of[found] = (int)i;
        t->hdr_of[found] = t->headers[i];
    }
    for (size_t s = 0; s < t->n_spec; s++) {
        if (!t->spec[s].required || t->col_of[s] >= 0)
            continue;
        problems_add(pr, t->spec[s].names[0], "required column is missing (accepted names: %s)",
                     csvtable_names(a, &t->spec[s]));
    }
    t->have_header = true;
}

const char *csvtable_at(char **fields, size_t n, int col)
{
    if (col < 0 || (size_t)col >= n)
        return "";
    return str_trim(fields[col]);
}

const char *csvtable_cell(const struct csvtable *t, char **fields, size_t n, int idx)
{
    return csvtable_at(fields, n, t->col_of[idx]);
}

bool csvtable_has(const struct csvtable *t, int idx)
{
    return t->col_of[idx] >= 0;
}

const char *csvtable_name(const struct csvtable *t, int idx)
{
    return t->hdr_of[idx] ? t->hdr_of[idx] : t->spec[idx].names[0];
}

bool csvtable_row_ok(const struct csvtable *t, char **fields, size_t n, struct problems *pr)
{
    if (n <= t->n_header)
        return true;
    /* Allow trailing empty cells (some exports pad rows). */
    size_t last = n;
    while (last > t->n_header && str_blank(fields[last - 1]))
        last--;
    if (last > t->n_header) {
        problems_add(pr, NULL, "this row has %zu columns but the header has %zu", n, t->n_header);
        return false;
    }
    return true;
}

void csvtable_help(const struct csvtable_col *spec, size_t n, FILE *out)
{
    for (size_t i = 0; i < n; i++) {
        fprintf(out, "  %s%s", spec[i].names[0], spec[i].required ? " (required)" : "");
        for (int k = 1; k < CSVTABLE_MAX_NAMES && spec[i].names[k]; k++)
            fprintf(out, "%s%s", k == 1 ? ": also " : ", ", spec[i].names[k]);
        fputc('\n', out);
    }
}
