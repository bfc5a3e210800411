/* stmtcache.h - the prepared-statement cache both drivers keep per
 * connection (inside src/db only).
 *
 * Model code prepares its statements from string literals, often inside
 * loops; a driver keeps each prepared statement in its connection's cache,
 * keyed by the address of its literal, and hands it out again instead of
 * preparing it anew. A cached statement is lent to one user at a time
 * (struct db_stmt: cache_key, in_use); SQL built at run time is never cached
 * (db_prepare_built). The cache is a fixed table probed in a few slots from
 * the literal's address: when those are taken, the statement simply is not
 * cached. */
#ifndef MESO_DB_STMTCACHE_H
#define MESO_DB_STMTCACHE_H

#include "db/driver.h"

#define STMT_CACHE 128

struct stmt_cache {
    struct db_stmt *slot[STMT_CACHE];
};

/* The cached statement for the literal sql that no one is using, now marked
 * in use; NULL when there is none (prepare a new one). */
struct db_stmt *stmt_cache_take(struct stmt_cache *c, const char *sql);
/* Where a new statement for sql can be kept (NULL when its slots are full:
 * then it is not cached). */
struct db_stmt **stmt_cache_free_slot(struct stmt_cache *c, const char *sql);
/* Keep st, in use by its preparer, in slot (from stmt_cache_free_slot) under
 * the literal sql. */
void stmt_cache_put(struct db_stmt **slot, struct db_stmt *st, const char *sql);
/* A user is done with st: when it is cached, it is marked free for the next
 * user and true is returned (the driver resets it and must not free it);
 * false when st is not cached (the driver frees it). */
bool stmt_cache_give_back(struct db_stmt *st);
/* Free every cached statement with the driver's free_stmt, closing the
 * connection; the cache is left empty. */
void stmt_cache_clear(struct stmt_cache *c, void (*free_stmt)(struct db_stmt *st));

#endif
