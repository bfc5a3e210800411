/* mem.h - allocation hooks. Every allocation in meso goes through these, so
 * tests can make the n-th allocation fail (see tests/unit/test_mem_fail.c) and
 * check that each failure is handled without a crash or a leak.
 *
 * mem_malloc/mem_realloc/mem_calloc return NULL on failure, like their libc
 * counterparts; mem_free(NULL) is a no-op. mem_strdup returns NULL on failure.
 */
#ifndef MESO_MEM_H
#define MESO_MEM_H

#include <stddef.h>

void *mem_malloc(size_t n);
void *mem_calloc(size_t count, size_t size);
void *mem_realloc(void *p, size_t n);
char *mem_strdup(const char *s);
char *mem_strndup(const char *s, size_t n);
void mem_free(void *p);

/* Test hook: after `countdown` more successful allocations, every further
 * allocation fails (countdown < 0 turns failing off). Returns how many
 * allocations have failed since the last call. Used only by tests. */
long mem_fail_after(long countdown);

#endif
