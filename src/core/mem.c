#include "core/mem.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* Fault injection state. Atomic because the HTTP server allocates on many
 * threads; in production the countdown stays negative and costs one load. */
static _Atomic long mem_countdown = -1;
static _Atomic long mem_failed = 0;

static int mem_should_fail(void)
{
    long c = atomic_load_explicit(&mem_countdown, memory_order_relaxed);
    if (c < 0)
        return 0;
    if (c == 0) {
        atomic_fetch_add(&mem_failed, 1);
        return 1;
    }
    atomic_fetch_sub(&mem_countdown, 1);
    return 0;
}

long mem_fail_after(long countdown)
{
    atomic_store(&mem_countdown, countdown);
    return atomic_exchange(&mem_failed, 0);
}

void *mem_malloc(size_t n)
{
    if (mem_should_fail())
        return NULL;
    return malloc(n ? n : 1);
}

void *mem_calloc(size_t count, size_t size)
{
    if (mem_should_fail())
        return NULL;
    return calloc(count ? count : 1, size ? size : 1);
}

void *mem_realloc(void *p, size_t n)
{
    if (mem_should_fail())
        return NULL;
    return realloc(p, n ? n : 1);
}

char *mem_strndup(const char *s, size_t n)
{
    char *p = mem_malloc(n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *mem_strdup(const char *s)
{
    return mem_strndup(s, strlen(s));
}

void mem_free(void *p)
{
    free(p);
}
