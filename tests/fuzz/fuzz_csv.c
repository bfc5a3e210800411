/* Fuzz harness for the CSV reader and the pupils/carers column mapping: any
 * byte string must give records or a clean error, never a crash or leak. */
#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "io/csv.h"

int fuzz_one(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct count {
    long records, fields, last_line;
};

static int on_record(void *ctx, long line, char **fields, const size_t *lens, size_t n)
{
    struct count *c = ctx;
    /* Lines only move forward, and every field is NUL-terminated at its length. */
    if (line < c->last_line)
        __builtin_trap();
    c->last_line = line;
    for (size_t i = 0; i < n; i++)
        if (strlen(fields[i]) != lens[i])
            __builtin_trap();
    c->records++;
    c->fields += (long)n;
    return 0;
}

int fuzz_one(const uint8_t *data, size_t size)
{
    struct count c = { 0 };
    struct err e;
    err_clear(&e);
    int rc = csv_read_mem("fuzz.csv", (const char *)data, size, on_record, &c, &e);
    if (rc != 0 && rc != ERR_INPUT && rc != ERR_NOMEM)
        __builtin_trap();
    if (rc != 0 && e.msg[0] == '\0')
        __builtin_trap(); /* every failure explains itself */
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_one(data, size);
}
