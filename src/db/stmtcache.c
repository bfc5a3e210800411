#include "db/stmtcache.h"

#include <stdint.h>

/* How many slots from the literal's own are tried. */
#define PROBES 4

static size_t slot_of(const char *sql)
{
    uintptr_t x = (uintptr_t)sql;
    x ^= x >> 17;
    x *= 0x9E3779B97F4A7C15u;
    return (size_t)(x >> 7) % STMT_CACHE;
}

struct db_stmt *stmt_cache_take(struct stmt_cache *c, const char *sql)
{
    size_t s = slot_of(sql);
    for (size_t k = 0; k < PROBES; k++) {
        struct db_stmt *st = c->slot[(s + k) % STMT_CACHE];
        if (st && st->cache_key == sql && !st->in_use) {
            st->in_use = true;
            return st;
        }
    }
    return NULL;
}

struct db_stmt **stmt_cache_free_slot(struct stmt_cache *c, const char *sql)
{
    size_t s = slot_of(sql);
    for (size_t k = 0; k < PROBES; k++)
        if (!c->slot[(s + k) % STMT_CACHE])
            return &c->slot[(s + k) % STMT_CACHE];
    return NULL;
}

void stmt_cache_put(struct db_stmt **slot, struct db_stmt *st, const char *sql)
{
    st->cache_key = sql;
    st->in_use = true;
    *slot = st;
}

bool stmt_cache_give_back(struct db_stmt *st)
{
    if (!st->cache_key)
        return false;
    st->in_use = false;
    return true;
}

void stmt_cache_clear(struct stmt_cache *c, void (*free_stmt)(struct db_stmt *st))
{
    for (size_t i = 0; i < STMT_CACHE; i++) {
        if (c->slot[i])
            free_stmt(c->slot[i]);
        c->slot[i] = NULL;
    }
}
