/* Fuzz harness for the model formula parser (stats/formula): any byte string
 * must parse into a consistent formula or give a clean error that says
 * where, never a crash or a leak. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "stats/formula.h"

int fuzz_one(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_part(const struct formula *f, const struct formula_part *p)
{
    for (size_t t = 0; t < p->n_terms; t++) {
        const struct formula_term *term = &p->terms[t];
        uint64_t bits = 0;
        for (size_t v = 0; v < term->n_vars; v++) {
            if (term->vars[v] >= f->n_vars)
                __builtin_trap();
            bits |= (uint64_t)1 << term->vars[v];
        }
        if (bits != term->bits || term->n_vars == 0)
            __builtin_trap();
        if (t > 0 && p->terms[t - 1].n_vars > term->n_vars)
            __builtin_trap(); /* R's order: by the number of variables */
    }
}

int fuzz_one(const uint8_t *data, size_t size)
{
    if (size > 8192)
        return 0;
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    struct arena a;
    arena_init(&a, 0);
    struct err e;
    err_clear(&e);
    struct formula f;
    int rc = formula_parse(text, &a, &f, &e);
    if (rc == 0) {
        if (f.response >= f.n_vars || f.n_vars > FORMULA_MAX_VARS)
            __builtin_trap();
        check_part(&f, &f.fixed);
        for (size_t r = 0; r < f.n_random; r++) {
            check_part(&f, &f.random[r].lhs);
            if (f.random[r].n_group == 0 || !f.random[r].name)
                __builtin_trap();
        }
    } else if ((rc != ERR_INPUT && rc != ERR_NOMEM) || e.msg[0] == '\0') {
        __builtin_trap(); /* every refusal explains itself */
    }
    arena_release(&a);
    free(text);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_one(data, size);
}
