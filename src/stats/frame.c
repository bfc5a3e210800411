#include "stats/frame.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

int frame_init(struct frame *f, const char *const *names, size_t n, struct err *e)
{
    memset(f, 0, sizeof *f);
    f->cols = mem_calloc(n ? n : 1, sizeof *f->cols);
    if (!f->cols)
        return err_set(e, ERR_NOMEM, "out of memory");
    f->n_cols = n;
    for (size_t i = 0; i < n; i++)
        if (!(f->cols[i].name = mem_strdup(names[i]))) {
            frame_release(f);
            return err_set(e, ERR_NOMEM, "out of memory");
        }
    return 0;
}

void frame_release(struct frame *f)
{
    for (size_t i = 0; f->cols && i < f->n_cols; i++) {
        struct frame_col *c = &f->cols[i];
        mem_free(c->name);
        mem_free(c->num);
        mem_free(c->code);
        for (size_t t = 0; t < c->n_texts; t++)
            mem_free(c->texts[t]);
        mem_free(c->texts);
        mem_free(c->hash);
    }
    mem_free(f->cols);
    mem_free(f->lines);
    memset(f, 0, sizeof *f);
}

long frame_find(const struct frame *f, const char *name)
{
    for (size_t i = 0; i < f->n_cols; i++)
        if (strcmp(f->cols[i].name, name) == 0)
            return (long)i;
    return -1;
}

bool frame_is_numeric(const struct frame_col *c)
{
    return c->n_numbers > 0 && c->n_numbers > c->n_other;
}

bool frame_parse_number(const char *s, double *out)
{
    while (*s == ' ')
        s++;
    /* Decimal numbers only: no hex, inf or nan. */
    const char *d = s;
    if (*d == '+' || *d == '-')
        d++;
    if (!((*d >= '0' && *d <= '9') || (*d == '.' && d[1] >= '0' && d[1] <= '9')))
        return false;
    for (const char *q = d; *q; q++)
        if (*q == 'x' || *q == 'X')
            return false;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno == ERANGE || !isfinite(v))
        return false;
    while (*end == ' ')
        end++;
    if (*end)
        return false;
    *out = v;
    return true;
}

static uint64_t hash_text(const char *s)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static int grow_hash(struct frame_col *c)
{
    size_t cap = c->hash_cap ? c->hash_cap * 2 : 64;
    unsigned *h = mem_calloc(cap, sizeof *h);
    if (!h)
        return ERR_NOMEM;
    for (size_t t = 0; t < c->n_texts; t++) {
        size_t i = hash_text(c->texts[t]) & (cap - 1);
        while (h[i])
            i = (i + 1) & (cap - 1);
        h[i] = (unsigned)t + 1;
    }
    mem_free(c->hash);
    c->hash = h;
    c->hash_cap = cap;
    return 0;
}

/* The code of text s in column c, added when new. */
static int intern(struct frame_col *c, const char *s, unsigned *code)
{
    if (c->hash_cap == 0 || (c->n_texts + 1) * 2 > c->hash_cap)
        if (grow_hash(c))
            return ERR_NOMEM;
    size_t i = hash_text(s) & (c->hash_cap - 1);
    while (c->hash[i]) {
        if (strcmp(c->texts[c->hash[i] - 1], s) == 0) {
            *code = c->hash[i] - 1;
            return 0;
        }
        i = (i + 1) & (c->hash_cap - 1);
    }
    if (c->n_texts >= FRAME_MAX_LEVELS)
        return ERR_LIMIT;
    if (c->n_texts == c->cap_texts) {
        size_t cap = c->cap_texts ? c->cap_texts * 2 : 16;
        char **t = mem_realloc(c->texts, cap * sizeof *t);
        if (!t)
            return ERR_NOMEM;
        c->texts = t;
        c->cap_texts = cap;
    }
    char *copy = mem_strdup(s);
    if (!copy)
        return ERR_NOMEM;
    c->texts[c->n_texts] = copy;
    c->hash[i] = (unsigned)c->n_texts + 1;
    *code = (unsigned)c->n_texts++;
    return 0;
}

static int grow_rows(struct frame *f)
{
    size_t cap = f->cap_rows ? f->cap_rows * 2 : 1024;
    long *lines = mem_realloc(f->lines, cap * sizeof *lines);
    if (!lines)
        return ERR_NOMEM;
    f->lines = lines;
    for (size_t i = 0; i < f->n_cols; i++) {
        struct frame_col *c = &f->cols[i];
        double *num = mem_realloc(c->num, cap * sizeof *num);
        if (!num)
            return ERR_NOMEM;
        c->num = num;
        unsigned *code = mem_realloc(c->code, cap * sizeof *code);
        if (!code)
            return ERR_NOMEM;
        c->code = code;
    }
    f->cap_rows = cap;
    return 0;
}

static bool is_missing(const char *s)
{
    while (*s == ' ')
        s++;
    return *s == '\0' || strcmp(s, "NA") == 0;
}

int frame_add_row(struct frame *f, const char *const *cells, long line, struct err *e)
{
    if (f->n_rows >= FRAME_MAX_ROWS)
        return err_set(e, ERR_LIMIT, "more than %d rows", FRAME_MAX_ROWS);
    if (f->n_rows == f->cap_rows && grow_rows(f))
        return err_set(e, ERR_NOMEM, "out of memory");
    size_t r = f->n_rows;
    f->lines[r] = line;
    for (size_t i = 0; i < f->n_cols; i++) {
        struct frame_col *c = &f->cols[i];
        const char *s = cells[i];
        if (is_missing(s)) {
            c->num[r] = NAN;
            c->code[r] = FRAME_MISSING;
            continue;
        }
        double v;
        if (frame_parse_number(s, &v)) {
            c->num[r] = v;
            c->code[r] = FRAME_NUMBER;
            c->n_numbers++;
            continue;
        } else {
            c->num[r] = NAN;
            if (c->n_other++ == 0)
                c->first_other = r;
        }
        int rc = intern(c, s, &c->code[r]);
        if (rc == ERR_LIMIT)
            return err_set(e, ERR_LIMIT, "column %s: more than %d different values", c->name,
                           FRAME_MAX_LEVELS);
        if (rc)
            return err_set(e, ERR_NOMEM, "out of memory");
    }
    f->n_rows++;
    return 0;
}

int frame_make_factor(struct frame *f, size_t col, struct err *e)
{
    struct frame_col *c = &f->cols[col];
    for (size_t r = 0; r < f->n_rows; r++) {
        if (c->code[r] != FRAME_NUMBER)
            continue;
        char text[64];
        snprintf(text, sizeof text, "%.15g", c->num[r]);
        int rc = intern(c, text, &c->code[r]);
        if (rc == ERR_LIMIT)
            return err_set(e, ERR_LIMIT, "column %s: more than %d different values", c->name,
                           FRAME_MAX_LEVELS);
        if (rc)
            return err_set(e, ERR_NOMEM, "out of memory");
    }
    return 0;
}
