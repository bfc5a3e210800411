/* backup.h - backing up and restoring an SQLite meso database (docs/backup.md).
 *
 * A backup is a consistent copy taken while meso serves and writes
 * (db_backup: SQLite's online backup, in steps, inside one read
 * transaction). It is a plain SQLite file, or, with a key file, a sealed
 * file (io/sealed.h) made from a copy held in memory, so the clear text never
 * reaches the disk. Either is written under a temporary name beside the
 * target (".NAME.partial-PID"), synced, then renamed: a backup stopped
 * half-way never leaves a file under the name asked for.
 *
 * A restore checks the copy (a meso database, a schema this meso knows,
 * SQLite's integrity check and meso's own) and puts it in place of a new or
 * empty database only: never over one that holds a school, staff, pupils,
 * carers or accounts, and never over one in use (db.h DB_OPEN_EXCLUSIVE).
 *
 * PostgreSQL is backed up with its own tools (docs/backup.md); both
 * functions refuse a postgresql:// name with ERR_USAGE saying so.
 */
#ifndef MESO_BACKUP_H
#define MESO_BACKUP_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

struct backup_opts {
    const char *key_file; /* seal the backup with this key; NULL: plain SQLite */
    unsigned pause_ms;    /* a pause between steps of 256 pages (default none) */
};

struct backup_result {
    long long bytes; /* the size of the file written */
    int steps;       /* how many steps the copy took */
};

/* Back up the database at db_path into out, which must not exist yet
 * (ERR_CONFLICT). The file is private to its owner (mode 0600). */
int backup_take(const char *db_path, const char *out, const struct backup_opts *o,
                struct backup_result *r, struct err *e);

struct restore_result {
    int schema;                          /* the copy's schema version */
    long schools, staff, pupils, carers; /* what it holds */
    bool sealed;                         /* it was encrypted */
};

/* Restore the backup in file into target (an SQLite path). An encrypted
 * backup needs key_file (ERR_INPUT without it). ERR_INPUT when the file is
 * not a meso backup, is damaged, fails its checks or comes from a newer
 * meso; ERR_CONFLICT when target is in use or holds data. Nothing is changed
 * on failure. */
int backup_restore(const char *file, const char *target, const char *key_file,
                   struct restore_result *r, struct err *e);

/* Write a new key file at path (io/sealed.h), which must not exist yet. */
int backup_key_new(const char *path, struct err *e);

/* The temporary name beside path that a backup or restore writes first:
 * ".BASENAME.partial-PID" (tag "partial") in path's folder. Returns 0, or
 * ERR_LIMIT when it does not fit in cap bytes. */
int backup_temp_name(const char *path, const char *tag, char *out, size_t cap, struct err *e);

#endif
