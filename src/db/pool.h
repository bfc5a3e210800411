/* pool.h - a thread-safe pool of database connections for the web server.
 * Each request borrows one connection and gives it back; connections are
 * opened lazily up to the pool's size. */
#ifndef MESO_POOL_H
#define MESO_POOL_H

#include <pthread.h>
#include <stddef.h>

#include "core/err.h"

struct db;

#define POOL_MAX 64

struct db_pool {
    pthread_mutex_t lock;
    pthread_cond_t freed;
    char *path;
    struct db *idle[POOL_MAX];
    size_t n_idle;
    size_t n_open; /* idle + lent */
    size_t size;
};

/* Prepare a pool for path (size 1..POOL_MAX); opens one connection now so a
 * bad path or a newer schema is reported at start-up. */
int pool_init(struct db_pool *p, const char *path, size_t size, struct err *e);
/* Close every connection; none may be lent out. */
void pool_release(struct db_pool *p);
/* Borrow a connection, waiting when all are in use. */
int pool_get(struct db_pool *p, struct db **out, struct err *e);
void pool_put(struct db_pool *p, struct db *db);

#endif
