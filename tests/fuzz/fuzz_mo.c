/* Fuzz harness for the .mo reader and plural expressions (core/i18n): any
 * byte string must open as a catalogue or be refused, and every lookup in
 * one that opens stays inside it; never a crash. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"

int fuzz_one(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int fuzz_one(const uint8_t *data, size_t size)
{
    /* A private copy, so reading past the end is caught by ASan. */
    unsigned char *copy = malloc(size ? size : 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    struct mo m;
    if (mo_open(&m, copy, size) == 0) {
        const char *ids[] = { "", "Sign in", "a", "\xff" };
        for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
            size_t len = 0;
            const char *t = mo_find(&m, ids[i], &len);
            if (t && (t < (const char *)copy || t + len >= (const char *)copy + size))
                __builtin_trap();
        }
        for (unsigned long n = 0; n < 30; n++) {
            long k = plural_eval(m.plural, m.plural_len, n);
            if (k < 0 || k > 100)
                __builtin_trap();
        }
    }
    /* The same bytes as a plural expression. */
    (void)plural_eval((const char *)copy, size, 7);
    free(copy);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_one(data, size);
}
