/* Fuzz harness for the conversation record form (model/convform): any byte
 * string must parse into fields or problems, and applying them to a record
 * must never crash, leak, or leave a stage listed twice. */
#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "core/problems.h"
#include "model/conversations/convform.h"

int fuzz_one(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int fuzz_one(const uint8_t *data, size_t size)
{
    struct arena a;
    arena_init(&a, 64u << 20);
    struct problems pr;
    problems_init(&pr, &a);
    struct convform_field *fs;
    size_t n;
    int rc = convform_parse(&a, (const char *)data, size, &fs, &n, &pr);
    if (rc == 0) {
        for (size_t i = 0; i < n; i++)
            if (!fs[i].key || !fs[i].value || fs[i].line < 1)
                __builtin_trap();
        struct conversation c = { .status = "complete" };
        struct convform_extra x = { 0 };
        enum conv_stage order[STAGE_N];
        size_t n_order = 0;
        rc = convform_apply(&a, fs, n, &c, &x, order, &n_order, &pr);
        if (rc == 0) {
            bool seen[STAGE_N] = { false };
            for (size_t i = 0; i < n_order; i++) {
                if ((unsigned)order[i] >= STAGE_N || seen[order[i]])
                    __builtin_trap();
                seen[order[i]] = true;
            }
            for (size_t i = 0; i < c.n_targets; i++)
                if (!c.targets[i].what || !c.targets[i].owner)
                    __builtin_trap();
        }
    }
    if (rc != 0 && rc != ERR_NOMEM)
        __builtin_trap();
    arena_release(&a);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_one(data, size);
}
