/* arena.h - a region allocator. A command or HTTP request owns one arena;
 * everything allocated from it is freed together by arena_release().
 *
 * Allocation functions return NULL when memory runs out; callers report
 * ERR_NOMEM. Pointers stay valid until arena_release().
 */
#ifndef MESO_ARENA_H
#define MESO_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_block;

struct arena {
    struct arena_block *head;
    size_t used;  /* total bytes handed out, for limits and tests */
    size_t limit; /* 0 = unlimited; else allocations beyond this fail */
};

void arena_init(struct arena *a, size_t limit);
void arena_release(struct arena *a);

void *arena_alloc(struct arena *a, size_t n);       /* zeroed, 16-byte aligned */
char *arena_strdup(struct arena *a, const char *s); /* NULL s gives NULL */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_sprintf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vsprintf(struct arena *a, const char *fmt, va_list ap);

/* Allocate an array of n elements of size sz, checking for overflow. */
void *arena_array(struct arena *a, size_t n, size_t sz);

/* Append a zeroed element to a growable array living in the arena: *items
 * holds *n elements of size sz with room for *cap. Returns the new element,
 * or NULL when memory runs out (the array is then unchanged). */
void *arena_push(struct arena *a, void *items, size_t *n, size_t *cap, size_t sz);

#endif
