/* backupd.c - the daily backup thread (backupd.h). */
#include "backup/backupd.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backup/backup.h"
#include "core/log.h"
#include "core/mem.h"
#include "db/db.h"
#include "io/sealed.h"

#define DAY         (24 * 60 * 60)
#define RETRY_AFTER (60 * 60)
#define MAX_KEPT    1000

struct backupd {
    struct backupd_opts o;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stop;
};

/* The time in a name meso-YYYYMMDD-HHMMSSZ.db[.sealed], or -1. */
static time_t name_time(const char *name)
{
    struct tm tm = { 0 };
    char rest[16] = "";
    if (sscanf(name, "meso-%4d%2d%2d-%2d%2d%2dZ%15s", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
               &tm.tm_hour, &tm.tm_min, &tm.tm_sec, rest) != 7 ||
        (strcmp(rest, ".db") != 0 && strcmp(rest, ".db.sealed") != 0))
        return -1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return timegm(&tm);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Our backups in dir, oldest first (names are times). The caller frees
 * each name and the array. */
static int list_backups(const char *dir, char ***names, size_t *n, struct err *e)
{
    *names = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return err_set(e, ERR_STORAGE, "cannot read the backup folder %s: %s", dir,
                       strerror(errno));
    char **v = mem_calloc(MAX_KEPT + 1, sizeof *v);
    struct dirent *de;
    while (v && (de = readdir(d)) != NULL && *n < MAX_KEPT)
        if (name_time(de->d_name) >= 0 && (v[*n] = mem_strdup(de->d_name)) != NULL)
            (*n)++;
    closedir(d);
    if (!v)
        return err_set(e, ERR_NOMEM, "out of memory");
    qsort(v, *n, sizeof *v, by_name);
    *names = v;
    return 0;
}

static void free_names(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        mem_free(v[i]);
    mem_free(v);
}

/* Delete what a killed backup left: .meso-*.partial-PID files. */
static void clear_partials(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        const char *pid = strstr(de->d_name, ".partial-");
        if (strncmp(de->d_name, ".meso-", 6) != 0 || !pid)
            continue;
        long owner = strtol(pid + 9, NULL, 10);
        if (owner > 0 && kill((pid_t)owner, 0) == 0)
            continue; /* a backup under way, by a process still running */
        char path[4096];
        if (snprintf(path, sizeof path, "%s/%s", dir, de->d_name) < (int)sizeof path)
            unlink(path);
    }
    closedir(d);
}

static void prune(const struct backupd_opts *o, char **names, size_t n)
{
    for (size_t i = 0; i + (size_t)o->keep < n; i++) {
        char path[4096];
        if (snprintf(path, sizeof path, "%s/%s", o->dir, names[i]) >= (int)sizeof path)
            continue;
        if (unlink(path) != 0)
            log_msg(LOG_WARN, "backup: cannot delete the old backup %s: %s", path, strerror(errno));
        else if (o->out)
            fprintf(o->out, "Deleted the old backup %s (keeping the newest %d)\n", path, o->keep);
    }
}

int backupd_round(const struct backupd_opts *o, time_t now, time_t *next, struct err *e)
{
    char **names;
    size_t n;
    int rc = list_backups(o->dir, &names, &n, e);
    if (rc) {
        *next = now + RETRY_AFTER;
        return rc;
    }
    time_t newest = n ? name_time(names[n - 1]) : -1;
    *next = newest + DAY;
    if (n == 0 || now >= newest + DAY) {
        struct tm tm;
        char stamp[32], path[4096];
        gmtime_r(&now, &tm);
        strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%SZ", &tm);
        snprintf(path, sizeof path, "%s/meso-%s.db%s", o->dir, stamp, o->key_file ? ".sealed" : "");
        struct backup_opts bo = { .key_file = o->key_file };
        struct backup_result r;
        rc = backup_take(o->db_path, path, &bo, &r, e);
        *next = now + (rc ? RETRY_AFTER : DAY);
        if (rc == 0 && o->out) {
            fprintf(o->out, "Backed up to %s (%lld bytes%s)\n", path, r.bytes,
                    o->key_file ? ", encrypted" : "");
            fflush(o->out);
        }
        free_names(names, n);
        if (rc || (rc = list_backups(o->dir, &names, &n, e)))
            return rc;
    }
    prune(o, names, n);
    free_names(names, n);
    return 0;
}

static void *run(void *arg)
{
    struct backupd *d = arg;
    clear_partials(d->o.dir);
    pthread_mutex_lock(&d->lock);
    while (!d->stop) {
        pthread_mutex_unlock(&d->lock);
        struct err e;
        err_clear(&e);
        time_t next;
        if (backupd_round(&d->o, time(NULL), &next, &e))
            log_msg(LOG_WARN, "backup: %s (trying again in an hour)", e.msg);
        pthread_mutex_lock(&d->lock);
        struct timespec until = { .tv_sec = next };
        while (!d->stop && time(NULL) < next)
            pthread_cond_timedwait(&d->wake, &d->lock, &until);
    }
    pthread_mutex_unlock(&d->lock);
    return NULL;
}

int backupd_start(const struct backupd_opts *o, struct backupd **out, struct err *e)
{
    *out = NULL;
    struct stat sb;
    if (db_is_pg_uri(o->db_path))
        return err_set(e, ERR_USAGE,
                       "--backup-dir backs up SQLite databases; back up PostgreSQL with "
                       "pg_dump or pg_basebackup (docs/backup.md)");
    if (o->keep < 1)
        return err_set(e, ERR_USAGE, "--backup-keep: keep at least 1 backup");
    if (stat(o->dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return err_set(e, ERR_USAGE, "--backup-dir: %s is not a folder", o->dir);
    if (access(o->dir, W_OK) != 0)
        return err_set(e, ERR_USAGE, "--backup-dir: meso cannot write in %s", o->dir);
    if (o->key_file) {
        unsigned char key[SEALED_KEY_BYTES];
        int rc = sealed_key_load(o->key_file, key, e);
        sodium_memzero(key, sizeof key);
        if (rc)
            return rc;
    }
    struct backupd *d = mem_calloc(1, sizeof *d);
    if (!d)
        return err_set(e, ERR_NOMEM, "out of memory");
    d->o = *o;
    pthread_mutex_init(&d->lock, NULL);
    pthread_cond_init(&d->wake, NULL);
    if (pthread_create(&d->thread, NULL, run, d) != 0) {
        pthread_cond_destroy(&d->wake);
        pthread_mutex_destroy(&d->lock);
        mem_free(d);
        return err_set(e, ERR_STORAGE, "cannot start the backup thread");
    }
    *out = d;
    return 0;
}

void backupd_stop(struct backupd *d)
{
    if (!d)
        return;
    pthread_mutex_lock(&d->lock);
    d->stop = true;
    pthread_cond_signal(&d->wake);
    pthread_mutex_unlock(&d->lock);
    pthread_join(d->thread, NULL);
    pthread_cond_destroy(&d->wake);
    pthread_mutex_destroy(&d->lock);
    mem_free(d);
}
