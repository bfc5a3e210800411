#include "core/problems.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"

void problems_init(struct problems *p, struct arena *a)
{
    memset(p, 0, sizeof *p);
    p->arena = a;
}

void problems_add(struct problems *p, const char *field, const char *fmt, ...)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 16;
        struct problem *items = arena_array(p->arena, cap, sizeof *items);
        if (!items) {
            p->nomem = 1;
            return;
        }
        if (p->n)
            memcpy(items, p->items, p->n * sizeof *items);
        p->items = items;
        p->cap = cap;
    }
    va_list ap;
    va_start(ap, fmt);
    char *msg = arena_vsprintf(p->arena, fmt, ap);
    va_end(ap);
    if (!msg) {
        p->nomem = 1;
        return;
    }
    struct problem *it = &p->items[p->n++];
    it->line = p->line;
    it->field = field;
    it->msg = msg;
    it->order = p->n - 1;
}

static int cmp_problem(const void *a, const void *b)
{
    const struct problem *x = a, *y = b;
    if (x->line != y->line)
        return (x->line > y->line) - (x->line < y->line);
    return (x->order > y->order) - (x->order < y->order);
}

void problems_sort(struct problems *p)
{
    if (p->n > 1)
        qsort(p->items, p->n, sizeof *p->items, cmp_problem);
}

const char *problems_for(const struct problems *p, const char *field)
{
    if (!p)
        return NULL;
    for (size_t i = 0; i < p->n; i++)
        if (p->items[i].field && strcmp(p->items[i].field, field) == 0)
            return p->items[i].msg;
    return NULL;
}

void problems_print(const struct problems *p, const char *file, FILE *out)
{
    for (size_t i = 0; i < p->n; i++) {
        const struct problem *it = &p->items[i];
        if (file && it->line > 0)
            fprintf(out, "%s:%ld: ", file, it->line);
        else if (file)
            fprintf(out, "%s: ", file);
        if (it->field)
            fprintf(out, "%s: ", it->field);
        fprintf(out, "%s\n", it->msg);
    }
    if (p->nomem)
        fprintf(out, "(more problems could not be listed: out of memory)\n");
}
