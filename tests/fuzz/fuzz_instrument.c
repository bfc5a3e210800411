/* Fuzz harness for measure definition files (score/instrument_file.h): any
 * byte string must give a consistent definition or a clean "FILE:..." error,
 * never a crash or a leak. A definition that loads is then scored with a few
 * response patterns, and every score must lie in its possible range. */
#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "score/instrument.h"
#include "score/instrument_file.h"

int fuzz_one(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NAME "fuzz.measure"

/* Score one pattern and check every score against its range. */
static void score_pattern(const struct instrument *in, int pattern)
{
    int items[INSTRUMENT_MAX_ITEMS], impact[INSTRUMENT_MAX_IMPACT_ITEMS];
    for (size_t i = 0; i < in->n_items; i++) {
        switch (pattern) {
        case 0:
            items[i] = in->code_min;
            break;
        case 1:
            items[i] = in->code_max;
            break;
        default: /* every third item missing, the rest cycling through the codes */
            items[i] = i % 3 == 2
                           ? SCORE_MISSING
                           : in->code_min + (int)(i % (size_t)(in->code_max - in->code_min + 1));
        }
    }
    size_t n_impact = 0;
    if (in->impact) {
        n_impact = in->impact->n_items;
        for (size_t i = 0; i < n_impact; i++)
            impact[i] = pattern == 0 ? 0
                        : pattern == 1
                            ? in->impact->code_max
                            : (i % 2 ? SCORE_MISSING : (int)i % (in->impact->code_max + 1));
    }
    struct score_result r;
    struct err e;
    err_clear(&e);
    if (instrument_score(in, items, in->n_items, impact, n_impact, -1, &r, &e) != 0)
        __builtin_trap(); /* well-formed responses always score */
    for (size_t i = 0; i < r.n_scores; i++) {
        int lo, hi;
        if (!instrument_score_range(in, r.names[i], &lo, &hi))
            __builtin_trap();
        int v = r.values[i];
        if (v != SCORE_MISSING && (v < lo || v > hi))
            __builtin_trap();
        for (size_t s = 0; s < r.n_schemes; s++)
            if (r.bands[s][i] && (v == SCORE_MISSING || !*r.bands[s][i]))
                __builtin_trap();
    }
}

int fuzz_one(const uint8_t *data, size_t size)
{
    struct arena a;
    arena_init(&a, 8u << 20);
    struct err e;
    err_clear(&e);
    const struct instrument *in = NULL;
    int rc = instrument_parse(&a, NAME, (const char *)data, size, &in, &e);
    if (rc == 0) {
        if (!in || instrument_check(in, &e) != 0)
            __builtin_trap();
        for (int pattern = 0; pattern < 3; pattern++)
            score_pattern(in, pattern);
    } else if (rc == ERR_INPUT) {
        /* every rejection names the file and gives a reason */
        if (strncmp(e.msg, NAME ":", strlen(NAME ":")) != 0 || strlen(e.msg) < strlen(NAME) + 4)
            __builtin_trap();
    } else if (rc != ERR_NOMEM) {
        __builtin_trap();
    }
    arena_release(&a);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_one(data, size);
}
