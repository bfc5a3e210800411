/* backupd.h - the daily backups of `meso serve --backup-dir DIR` (docs/backup.md).
 *
 * A thread of its own takes a backup (backup.h) when the newest in DIR is a
 * day old or more, or there is none: so the first comes a few seconds after
 * the server starts (unless the last is less than a day old), and the next a
 * day after the newest, whenever the server restarts. After each it keeps
 * the newest `keep` backups and deletes the older ones. It only ever reads
 * or deletes files it names itself: meso-YYYYMMDD-HHMMSSZ.db, or .db.sealed
 * when encrypted (times in UTC, so names sort in time order), and the
 * temporary ".meso-*.partial-PID" files a killed backup left behind. A
 * failed backup is logged and tried again an hour later.
 */
#ifndef MESO_BACKUPD_H
#define MESO_BACKUPD_H

#include <stdio.h>
#include <time.h>

#include "core/err.h"

struct backupd_opts {
    const char *db_path;
    const char *dir;
    const char *key_file; /* NULL: plain backups */
    int keep;             /* how many to keep, at least 1 */
    FILE *out;            /* a line for each backup written; may be NULL */
};

/* One round at time now: a backup when one is due, then pruning. *next is
 * when the next is due. Returns 0 or the backup's error. */
int backupd_round(const struct backupd_opts *o, time_t now, time_t *next, struct err *e);

/* Check the folder and key, then start the thread. The strings in o must
 * outlive it. */
struct backupd;
int backupd_start(const struct backupd_opts *o, struct backupd **out, struct err *e);
/* Stop the thread (a backup under way finishes first) and free d. */
void backupd_stop(struct backupd *d);

#endif
