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

void csvtable_release(struct csvtable *t)
{
    buf_release(&t->unknown);
}

void csvtable_header(struct csvtable *t, struct arena *a, char **fields, size_t n,
                     struct problems *pr, csvtable_extra_fn extra, void *ctx)
{
    t->n_header = n;
    for (size_t i = 0; i < n; i++) {
        char k[64];
        str_key(k, sizeof k, fields[i]);
        int found = -1;
        for (size_t s = 0; s < t->n_spec && found < 0; s++)
            for (int j = 0; j < CSVTABLE_MAX_NAMES && t->spec[s].names[j]; j++) {
                char want[64];
                str_key(want, sizeof want, t->spec[s].names[j]);
                if (!strcmp(k, want)) {
                    found = (int)s;
                    break;
                }
            }
        if (found < 0) {
            if (*k && !(extra && extra(ctx, k, fields[i], i))) {
                if (t->unknown.len)
                    buf_adds(&t->unknown, ", ");
                buf_adds(&t->unknown, fields[i]);
            }
            continue;
        }
        if (t->col_of[found] >= 0) {
            problems_add(pr, arena_strdup(a, fields[i]),
                         "this column appears twice (columns %d and %zu)", t->col_of[found] + 1,
                         i + 1);
            continue;
        }
        t->col_of[found] = (int)i;
        t->hdr_of[found] = arena_strdup(a, fields[i]);
    }
    for (size_t s = 0; s < t->n_spec; s++) {
        if (!t->spec[s].required || t->col_of[s] >= 0)
            continue;
        struct buf alts;
        buf_init(&alts, 1024);
        for (int j = 0; j < CSVTABLE_MAX_NAMES && t->spec[s].names[j]; j++)
            buf_addf(&alts, "%s%s", j ? ", " : "", t->spec[s].names[j]);
        problems_add(pr, t->spec[s].names[0], "required column is missing (accepted names: %s)",
                     buf_str(&alts));
        buf_release(&alts);
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
