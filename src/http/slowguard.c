#include "http/slowguard.h"

#include <pthread.h>
#include <stdbool.h>
#include <sys/socket.h>
#include <time.h>

#include "core/mem.h"

struct slowguard_conn {
    int fd;
    int64_t deadline_ms; /* 0: none (a request is being answered) */
    bool cut;
    struct slowguard_conn *prev, *next;
};

struct slowguard {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_t thread;
    bool stopping;
    unsigned header_ms;
    uint64_t n_cut;
    struct slowguard_conn *head;
};

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void *guard_main(void *arg)
{
    struct slowguard *g = arg;
    pthread_mutex_lock(&g->lock);
    while (!g->stopping) {
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_nsec += 250 * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&g->wake, &g->lock, &until);
        int64_t now = mono_ms();
        for (struct slowguard_conn *c = g->head; c; c = c->next) {
            if (!c->cut && c->deadline_ms && now >= c->deadline_ms) {
                /* The socket is still open: slowguard_close() takes this
                 * lock before libmicrohttpd closes it. */
                shutdown(c->fd, SHUT_RDWR);
                c->cut = true;
                g->n_cut++;
            }
        }
    }
    pthread_mutex_unlock(&g->lock);
    return NULL;
}

struct slowguard *slowguard_start(unsigned header_ms)
{
    struct slowguard *g = mem_calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->header_ms = header_ms;
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_mutex_init(&g->lock, NULL);
    pthread_cond_init(&g->wake, &ca);
    pthread_condattr_destroy(&ca);
    if (pthread_create(&g->thread, NULL, guard_main, g) != 0) {
        pthread_cond_destroy(&g->wake);
        pthread_mutex_destroy(&g->lock);
        mem_free(g);
        return NULL;
    }
    return g;
}

void slowguard_stop(struct slowguard *g)
{
    if (!g)
        return;
    pthread_mutex_lock(&g->lock);
    g->stopping = true;
    pthread_cond_signal(&g->wake);
    pthread_mutex_unlock(&g->lock);
    pthread_join(g->thread, NULL);
    while (g->head) {
        struct slowguard_conn *c = g->head;
        g->head = c->next;
        mem_free(c);
    }
    pthread_cond_destroy(&g->wake);
    pthread_mutex_destroy(&g->lock);
    mem_free(g);
}

struct slowguard_conn *slowguard_open(struct slowguard *g, int fd)
{
    struct slowguard_conn *c = mem_calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->fd = fd;
    c->deadline_ms = mono_ms() + g->header_ms;
    pthread_mutex_lock(&g->lock);
    c->next = g->head;
    if (g->head)
        g->head->prev = c;
    g->head = c;
    pthread_mutex_unlock(&g->lock);
    return c;
}

void slowguard_request(struct slowguard *g, struct slowguard_conn *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&g->lock);
    c->deadline_ms = 0;
    pthread_mutex_unlock(&g->lock);
}

void slowguard_idle(struct slowguard *g, struct slowguard_conn *c)
{
    if (!c)
        return;
    int64_t d = mono_ms() + g->header_ms;
    pthread_mutex_lock(&g->lock);
    c->deadline_ms = d;
    pthread_mutex_unlock(&g->lock);
}

void slowguard_close(struct slowguard *g, struct slowguard_conn *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&g->lock);
    if (c->prev)
        c->prev->next = c->next;
    else
        g->head = c->next;
    if (c->next)
        c->next->prev = c->prev;
    pthread_mutex_unlock(&g->lock);
    mem_free(c);
}

uint64_t slowguard_cut(struct slowguard *g)
{
    pthread_mutex_lock(&g->lock);
    uint64_t n = g->n_cut;
    pthread_mutex_unlock(&g->lock);
    return n;
}
