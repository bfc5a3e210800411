#include "core/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/mem.h"

struct arena_block {
    struct arena_block *next;
    size_t size;
    size_t off;
    _Alignas(16) unsigned char data[];
};

enum { ARENA_BLOCK = 16 * 1024 };

void arena_init(struct arena *a, size_t limit)
{
    a->head = NULL;
    a->used = 0;
    a->limit = limit;
}

void arena_release(struct arena *a)
{
    struct arena_block *b = a->head;
    while (b) {
        struct arena_block *next = b->next;
        mem_free(b);
        b = next;
    }
    a->head = NULL;
    a->used = 0;
}

void *arena_alloc(struct arena *a, size_t n)
{
    size_t rounded = (n + 15) & ~(size_t)15;
    if (rounded < n)
        return NULL;
    if (a->limit && (rounded > a->limit || a->used > a->limit - rounded))
        return NULL;
    struct arena_block *b = a->head;
    if (!b || b->size - b->off < rounded) {
        size_t size = rounded > ARENA_BLOCK / 2 ? rounded : ARENA_BLOCK;
        if (size > SIZE_MAX - sizeof *b)
            return NULL;
        struct arena_block *nb = mem_malloc(sizeof *nb + size);
        if (!nb)
            return NULL;
        nb->size = size;
        nb->off = 0;
        if (b && rounded > ARENA_BLOCK / 2) {
            /* A big one-off: keep the current block in front for small allocations. */
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            a->head = nb;
        }
        b = nb;
    }
    void *p = b->data + b->off;
    b->off += rounded;
    a->used += rounded;
    memset(p, 0, n);
    return p;
}

void *arena_array(struct arena *a, size_t n, size_t sz)
{
    if (sz && n > SIZE_MAX / sz)
        return NULL;
    return arena_alloc(a, n * sz);
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    if (!s)
        return NULL;
    char *p = arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_vsprintf(struct arena *a, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return NULL;
    char *p = arena_alloc(a, (size_t)n + 1);
    if (!p)
        return NULL;
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *arena_sprintf(struct arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = arena_vsprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

void *arena_push(struct arena *a, void *items, size_t *n, size_t *cap, size_t sz)
{
    unsigned char **arr = items;
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        unsigned char *na = arena_array(a, ncap, sz);
        if (!na)
            return NULL;
        if (*n)
            memcpy(na, *arr, *n * sz);
        *arr = na;
        *cap = ncap;
    }
    return *arr + (*n)++ * sz;
}
