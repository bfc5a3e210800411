#include "model/register/auditw.h"

#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

#include "core/date.h"
#include "core/log.h"
#include "core/mem.h"
#include "db/db.h"
#include "model/register/audit.h"

/* One queued row: the entry and its strings in one allocation. */
struct row {
    struct row *next;
    uint64_t seq;
    int64_t queued_ms; /* monotonic */
    struct audit_entry a;
    char at[DATE_TS_LEN];
    char text[]; /* actor, action, entity, detail, address */
};

struct audit_writer {
    pthread_mutex_t lock;
    pthread_cond_t queued;    /* a row was queued, or stop */
    pthread_cond_t committed; /* a batch was committed */
    pthread_t thread;
    struct db *db;
    unsigned window_ms;
    bool stopping;
    struct row *head, *tail;
    size_t n_waiting;
    size_t n_writing;        /* rows of the batch being written */
    int64_t batch_oldest_ms; /* the oldest row of the batch being written; 0 none */
    uint64_t seq, done;      /* last queued, last committed */
    uint64_t rows, batches;
};

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int write_batch(struct db *db, struct row *batch, struct err *e)
{
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    for (struct row *r = batch; r && !rc; r = r->next)
        rc = audit_write(db, &r->a, e);
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}

static void *writer_main(void *arg)
{
    struct audit_writer *w = arg;
    pthread_mutex_lock(&w->lock);
    for (;;) {
        while (!w->head && !w->stopping)
            pthread_cond_wait(&w->queued, &w->lock);
        if (!w->head)
            break;
        struct row *batch = w->head, *last = w->tail;
        w->head = w->tail = NULL;
        size_t n = w->n_waiting;
        w->n_waiting = 0;
        w->batch_oldest_ms = batch->queued_ms;
        w->n_writing = n;
        pthread_mutex_unlock(&w->lock);
        struct err e;
        err_clear(&e);
        int rc = write_batch(w->db, batch, &e);
        pthread_mutex_lock(&w->lock);
        w->n_writing = 0;
        if (rc) {
            /* Keep the rows, first in line, and try again shortly; views
             * wait for them meanwhile (auditw_push). */
            log_msg(LOG_ERROR, "audit writer: %s (%zu rows kept; trying again)", e.msg, n);
            last->next = w->head;
            w->head = batch;
            if (!w->tail)
                w->tail = last;
            w->n_waiting += n;
            pthread_mutex_unlock(&w->lock);
            struct timespec pause = { 0, 100 * 1000000L };
            nanosleep(&pause, NULL);
            pthread_mutex_lock(&w->lock);
            continue;
        }
        w->done = last->seq;
        w->rows += n;
        w->batches++;
        w->batch_oldest_ms = 0;
        pthread_cond_broadcast(&w->committed);
        pthread_mutex_unlock(&w->lock);
        while (batch) {
            struct row *next = batch->next;
            mem_free(batch);
            batch = next;
        }
        pthread_mutex_lock(&w->lock);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

int auditw_start(const char *path, unsigned window_ms, struct audit_writer **out, struct err *e)
{
    *out = NULL;
    struct audit_writer *w = mem_calloc(1, sizeof *w);
    if (!w)
        return err_set(e, ERR_NOMEM, "out of memory");
    int rc = db_open(&w->db, path, 0, e);
    if (rc) {
        mem_free(w);
        return rc;
    }
    w->window_ms = window_ms ? window_ms : AUDITW_WINDOW_MS;
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->queued, &ca);
    pthread_cond_init(&w->committed, &ca);
    pthread_condattr_destroy(&ca);
    if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
        db_close(w->db);
        pthread_cond_destroy(&w->queued);
        pthread_cond_destroy(&w->committed);
        pthread_mutex_destroy(&w->lock);
        mem_free(w);
        return err_set(e, ERR_STORAGE, "could not start the audit writer");
    }
    *out = w;
    return 0;
}

void auditw_stop(struct audit_writer *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->lock);
    w->stopping = true;
    pthread_cond_signal(&w->queued);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    db_close(w->db);
    pthread_cond_destroy(&w->queued);
    pthread_cond_destroy(&w->committed);
    pthread_mutex_destroy(&w->lock);
    mem_free(w);
}

static char *put(char **p, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *at = *p;
    memcpy(at, s, n);
    *p += n;
    return at;
}

int auditw_push(struct audit_writer *w, const struct audit_entry *a, struct err *e)
{
    const char *parts[] = { a->actor, a->action, a->entity, a->detail, a->address };
    size_t len = 0;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        len += parts[i] ? strlen(parts[i]) + 1 : 0;
    struct row *r = mem_malloc(sizeof *r + len);
    if (!r)
        return err_set(e, ERR_NOMEM, "out of memory");
    r->next = NULL;
    r->a = *a;
    if (a->at)
        snprintf(r->at, sizeof r->at, "%s", a->at);
    else
        date_timestamp(r->at);
    r->a.at = r->at;
    char *p = r->text;
    r->a.actor = put(&p, a->actor);
    r->a.action = put(&p, a->action);
    r->a.entity = put(&p, a->entity);
    r->a.detail = put(&p, a->detail);
    r->a.address = put(&p, a->address);
    int64_t now = mono_ms();
    r->queued_ms = now;
    pthread_mutex_lock(&w->lock);
    uint64_t seq = r->seq = ++w->seq;
    if (w->tail)
        w->tail->next = r;
    else
        w->head = r;
    w->tail = r;
    w->n_waiting++;
    pthread_cond_signal(&w->queued);
    /* Behind by more than the window: this view waits for its own row. */
    int64_t oldest = w->batch_oldest_ms ? w->batch_oldest_ms : w->head->queued_ms;
    int rc = 0;
    if (now - oldest > (int64_t)w->window_ms || w->n_waiting > AUDITW_MAX_WAITING) {
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_sec += AUDITW_WAIT_MS / 1000;
        while (w->done < seq && !rc)
            if (pthread_cond_timedwait(&w->committed, &w->lock, &until) != 0 && w->done < seq)
                rc = err_set(e, ERR_STORAGE, "the audit trail could not be written in time");
    }
    pthread_mutex_unlock(&w->lock);
    return rc;
}

size_t auditw_waiting(struct audit_writer *w)
{
    pthread_mutex_lock(&w->lock);
    size_t n = w->n_waiting + w->n_writing;
    pthread_mutex_unlock(&w->lock);
    return n;
}

void auditw_counts(struct audit_writer *w, uint64_t *rows, uint64_t *batches)
{
    pthread_mutex_lock(&w->lock);
    *rows = w->rows;
    *batches = w->batches;
    pthread_mutex_unlock(&w->lock);
}
