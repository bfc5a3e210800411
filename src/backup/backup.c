/* backup.c - taking and restoring backups (backup.h). */
#include "backup/backup.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "db/db.h"
#include "io/sealed.h"
#include "model/access/firstrun.h"
#include "model/register/check.h"

static const char pg_backup_msg[] =
    "meso backup and restore work on SQLite databases; back up PostgreSQL with its own tools "
    "(pg_dump, or pg_basebackup with WAL archiving; see docs/backup.md)";

int backup_temp_name(const char *path, const char *tag, char *out, size_t cap, struct err *e)
{
    char d[4096], b[4096];
    if (snprintf(d, sizeof d, "%s", path) >= (int)sizeof d)
        return err_set(e, ERR_LIMIT, "the name %s is too long", path);
    snprintf(b, sizeof b, "%s", path);
    int n = snprintf(out, cap, "%s/.%s.%s-%ld", dirname(d), basename(b), tag, (long)getpid());
    if (n < 0 || (size_t)n >= cap)
        return err_set(e, ERR_LIMIT, "the name %s is too long", path);
    return 0;
}

/* Make the rename of a file in path's folder last (sync the folder). */
static void sync_folder(const char *path)
{
    char d[4096];
    snprintf(d, sizeof d, "%s", path);
    int fd = open(dirname(d), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

/* Sync tmp and give it the name out, which must not appear meanwhile. */
static int put_in_place(const char *tmp, const char *out, bool may_replace, struct err *e)
{
    int fd = open(tmp, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fsync(fd) != 0) {
        int err = errno;
        if (fd >= 0)
            close(fd);
        return err_set(e, ERR_STORAGE, "cannot write %s: %s", out, strerror(err));
    }
    close(fd);
    int rc =
        may_replace ? rename(tmp, out) : renameat2(AT_FDCWD, tmp, AT_FDCWD, out, RENAME_NOREPLACE);
    if (rc != 0 && !may_replace && errno == EINVAL) /* a file system without it */
        rc = link(tmp, out) == 0 ? unlink(tmp) : -1;
    if (rc != 0) {
        if (errno == EEXIST)
            return err_set(e, ERR_CONFLICT, "%s appeared while the backup was made; it was kept",
                           out);
        return err_set(e, ERR_STORAGE, "cannot name the file %s: %s", out, strerror(errno));
    }
    sync_folder(out);
    return 0;
}

static int sink_sealed(void *arg, const void *data, size_t n, struct err *e)
{
    return sealed_writer_add(arg, data, n, e);
}

/* The sealed backup: the copy in memory, sealed onto fd. */
static int take_sealed(struct db *db, int fd, const unsigned char *key,
                       const struct db_backup_opts *dbo, struct db_backup_result *dr, struct err *e)
{
    struct sealed_writer w;
    int rc = sealed_writer_init(&w, fd, key, e);
    struct db_backup_opts o = *dbo;
    o.sink = sink_sealed;
    o.sink_arg = &w;
    if (rc == 0)
        rc = db_backup(db, NULL, &o, dr, e);
    if (rc == 0)
        rc = sealed_writer_finish(&w, e);
    sealed_writer_release(&w);
    return rc;
}

int backup_take(const char *db_path, const char *out, const struct backup_opts *o,
                struct backup_result *r, struct err *e)
{
    unsigned char key[SEALED_KEY_BYTES];
    char tmp[4096];
    struct db *db = NULL;
    struct db_backup_result dr = { 0 };
    struct db_backup_opts dbo = { .pause_ms = o->pause_ms };
    *r = (struct backup_result){ 0 };
    if (db_is_pg_uri(db_path))
        return err_set(e, ERR_USAGE, "%s", pg_backup_msg);
    if (sodium_init() < 0)
        return err_set(e, ERR_STORAGE, "the cryptography library could not start");
    if (access(out, F_OK) == 0)
        return err_set(e, ERR_CONFLICT, "%s exists already; a backup never writes over a file",
                       out);
    int rc = backup_temp_name(out, "partial", tmp, sizeof tmp, e);
    if (rc == 0 && o->key_file)
        rc = sealed_key_load(o->key_file, key, e);
    if (rc == 0)
        rc = db_open(&db, db_path, DB_OPEN_NO_MIGRATE, e);
    if (rc)
        goto done;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        rc = err_set(e, ERR_STORAGE, "cannot write in the folder of %s: %s", out, strerror(errno));
        goto done;
    }
    if (o->key_file) {
        rc = take_sealed(db, fd, key, &dbo, &dr, e);
        close(fd);
    } else {
        close(fd); /* SQLite writes the copy into the empty, private file */
        rc = db_backup(db, tmp, &dbo, &dr, e);
    }
    db_close(db);
    db = NULL;
    if (rc == 0)
        rc = put_in_place(tmp, out, false, e);
    if (rc)
        unlink(tmp);
    struct stat sb;
    if (rc == 0 && stat(out, &sb) == 0)
        r->bytes = (long long)sb.st_size;
    r->steps = dr.steps;
done:
    db_close(db);
    sodium_memzero(key, sizeof key);
    return rc;
}

int backup_key_new(const char *path, struct err *e)
{
    if (sodium_init() < 0)
        return err_set(e, ERR_STORAGE, "the cryptography library could not start");
    return sealed_key_new(path, e);
}

/* Is target (existing, not empty) a meso database that nobody uses and
 * that holds nothing? Checked while holding it alone. */
static int target_empty(const char *target, struct err *e)
{
    struct db *db = NULL;
    struct check_report cr = { 0 };
    bool no_accounts = false;
    buf_init(&cr.text, 1024 * 1024);
    int rc = db_open(&db, target, DB_OPEN_EXCLUSIVE | DB_OPEN_NO_MIGRATE, e);
    if (rc == 0)
        rc = check_run(db, &cr, e);
    if (rc == 0)
        rc = firstrun_needed(db, &no_accounts, e);
    if (rc == 0 && (cr.schools || cr.staff || cr.pupils || cr.carers || !no_accounts))
        rc = err_set(e, ERR_CONFLICT,
                     "%s already holds a school's records; restore into a new file, or an "
                     "empty database (nothing was changed)",
                     target);
    buf_release(&cr.text);
    db_close(db);
    /* Closing it alone ended its log; one there now means someone opened it. */
    char wal[4096];
    snprintf(wal, sizeof wal, "%s-wal", target);
    if (rc == 0 && access(wal, F_OK) == 0)
        rc = err_set(e, ERR_CONFLICT, "%s is in use (is meso serve running on it?)", target);
    return rc;
}

/* Copy in to out, byte for byte. */
static int copy_fd(int in, int out, const char *name, struct err *e)
{
    char b[64 * 1024];
    for (;;) {
        ssize_t n = read(in, b, sizeof b);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return err_set(e, ERR_STORAGE, "cannot read %s: %s", name, strerror(errno));
        if (n == 0)
            return 0;
        for (ssize_t at = 0; at < n;) {
            ssize_t w = write(out, b + at, (size_t)(n - at));
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0)
                return err_set(e, ERR_STORAGE, "cannot write the restored database: %s",
                               strerror(errno));
            at += w;
        }
    }
}

/* Write the backup's plain database into tmp (an empty private file): a
 * plain backup is copied as it is (and checked after), a sealed one
 * unsealed. The backup file itself is only read. */
static int restore_copy(const char *file, bool sealed, const char *key_file, const char *tmp,
                        struct err *e)
{
    unsigned char key[SEALED_KEY_BYTES];
    int rc = 0;
    if (sealed && !key_file)
        return err_set(e, ERR_INPUT,
                       "%s is encrypted: give the key file it was made with (--key-file FILE); "
                       "nothing was restored",
                       file);
    if (sealed)
        rc = sealed_key_load(key_file, key, e);
    int in = rc ? -1 : open(file, O_RDONLY | O_CLOEXEC);
    int out = rc ? -1 : open(tmp, O_WRONLY | O_CLOEXEC);
    if (rc == 0 && (in < 0 || out < 0))
        rc = err_set(e, ERR_STORAGE, "cannot read %s: %s", file, strerror(errno));
    if (rc == 0)
        rc = sealed ? sealed_unseal(in, out, key, file, e) : copy_fd(in, out, file, e);
    if (in >= 0)
        close(in);
    if (out >= 0)
        close(out);
    sodium_memzero(key, sizeof key);
    return rc;
}

/* The copy must be a meso database of a schema this meso knows, whole. */
static int restore_check(const char *file, const char *tmp, struct restore_result *r, struct err *e)
{
    struct db *db = NULL;
    struct check_report cr = { 0 };
    buf_init(&cr.text, 1024 * 1024);
    int rc = db_open(&db, tmp, DB_OPEN_NO_MIGRATE, e);
    if (rc == 0)
        rc = check_run(db, &cr, e);
    if (rc && rc != ERR_NOMEM) {
        /* The file is not right (cut short, damaged, newer): say which. */
        char why[ERR_MSG_MAX];
        snprintf(why, sizeof why, "%s", e->msg);
        /* "TMP was written by a newer version ...": say it of the backup. */
        const char *newer = strstr(why, " was written by a newer version");
        if (newer)
            rc = err_set(e, ERR_INPUT, "%s cannot be restored (nothing was changed): it%s", file,
                         newer);
        else
            rc = err_set(e, ERR_INPUT,
                         "%s cannot be restored (nothing was changed): it is damaged or cut short",
                         file);
    }
    if (rc == 0 && cr.problems)
        rc = err_set(e, ERR_INPUT, "%s fails its checks (%d problem%s); nothing was restored:\n%s",
                     file, cr.problems, cr.problems == 1 ? "" : "s", buf_str(&cr.text));
    r->schema = cr.schema;
    r->schools = cr.schools;
    r->staff = cr.staff;
    r->pupils = cr.pupils;
    r->carers = cr.carers;
    buf_release(&cr.text);
    db_close(db);
    return rc;
}

int backup_restore(const char *file, const char *target, const char *key_file,
                   struct restore_result *r, struct err *e)
{
    char tmp[4096];
    unsigned char head[16] = { 0 };
    *r = (struct restore_result){ 0 };
    if (db_is_pg_uri(target))
        return err_set(e, ERR_USAGE, "%s", pg_backup_msg);
    if (sodium_init() < 0)
        return err_set(e, ERR_STORAGE, "the cryptography library could not start");
    int fd = open(file, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return err_set(e, ERR_STORAGE, "cannot read %s: %s", file, strerror(errno));
    ssize_t n = read(fd, head, sizeof head);
    close(fd);
    r->sealed = n > 0 && sealed_is_sealed(head, (size_t)n);
    if (!r->sealed && (n < 16 || memcmp(head, "SQLite format 3", 16) != 0))
        return err_set(e, ERR_INPUT, "%s is not a meso backup", file);
    struct stat sb;
    int rc = 0;
    if (stat(target, &sb) == 0 && sb.st_size > 0)
        rc = target_empty(target, e);
    if (rc == 0)
        rc = backup_temp_name(target, "restoring", tmp, sizeof tmp, e);
    if (rc)
        return rc;
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return err_set(e, ERR_STORAGE, "cannot write in the folder of %s: %s", target,
                       strerror(errno));
    close(fd);
    rc = restore_copy(file, r->sealed, key_file, tmp, e);
    if (rc == 0)
        rc = restore_check(file, tmp, r, e);
    if (rc == 0)
        rc = put_in_place(tmp, target, true, e);
    if (rc) {
        unlink(tmp);
        char side[4200];
        snprintf(side, sizeof side, "%s-wal", tmp);
        unlink(side);
        snprintf(side, sizeof side, "%s-shm", tmp);
        unlink(side);
    }
    return rc;
}
