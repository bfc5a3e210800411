#include "db/pool.h"

#include <string.h>

#include "core/mem.h"
#include "db/db.h"

int pool_init(struct db_pool *p, const char *path, size_t size, struct err *e)
{
    memset(p, 0, sizeof *p);
    if (size < 1 || size > POOL_MAX)
        return err_set(e, ERR_USAGE, "the connection pool size must be 1 to %d", POOL_MAX);
    p->path = mem_strdup(path);
    if (!p->path)
        return err_set(e, ERR_NOMEM, "out of memory");
    p->size = size;
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->freed, NULL);
    struct db *db;
    int rc = db_open(&db, path, 0, e);
    if (rc) {
        pool_release(p);
        return rc;
    }
    p->idle[p->n_idle++] = db;
    p->n_open = 1;
    return 0;
}

void pool_release(struct db_pool *p)
{
    for (size_t i = 0; i < p->n_idle; i++)
        db_close(p->idle[i]);
    p->n_idle = p->n_open = 0;
    if (p->path) {
        pthread_mutex_destroy(&p->lock);
        pthread_cond_destroy(&p->freed);
    }
    mem_free(p->path);
    p->path = NULL;
}

int pool_get(struct db_pool *p, struct db **out, struct err *e)
{
    pthread_mutex_lock(&p->lock);
    while (p->n_idle == 0 && p->n_open >= p->size)
        pthread_cond_wait(&p->freed, &p->lock);
    if (p->n_idle > 0) {
        *out = p->idle[--p->n_idle];
        pthread_mutex_unlock(&p->lock);
        return 0;
    }
    p->n_open++; /* reserve a slot, open outside the lock */
    pthread_mutex_unlock(&p->lock);
    int rc = db_open(out, p->path, 0, e);
    if (rc) {
        pthread_mutex_lock(&p->lock);
        p->n_open--;
        pthread_cond_signal(&p->freed);
        pthread_mutex_unlock(&p->lock);
    }
    return rc;
}

void pool_put(struct db_pool *p, struct db *db)
{
    pthread_mutex_lock(&p->lock);
    p->idle[p->n_idle++] = db;
    pthread_cond_signal(&p->freed);
    pthread_mutex_unlock(&p->lock);
}
