/* Unit tests for backup/backupd: a round takes a backup when none is a day
 * old, names it by the time in UTC, keeps the newest N of its own files and
 * touches no other; a round within the day takes none and says when the
 * next is due. And backup_take/backup_restore on a plain copy. */
#include "testutil.h"

#include <dirent.h>
#include <sys/stat.h>

#include "backup/backup.h"
#include "backup/backupd.h"

static void touch(const char *dir, const char *name)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs("old", f);
    fclose(f);
}

static bool exists(const char *dir, const char *name)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return access(p, F_OK) == 0;
}

static int count_files(const char *dir)
{
    int n = 0;
    DIR *d = opendir(dir);
    struct dirent *de;
    while ((de = readdir(d)) != NULL)
        n += de->d_name[0] != '.';
    closedir(d);
    return n;
}

static void rounds(void **state)
{
    char *dir = test_tmpdir(), db_path[256], backups[256];
    struct err e;
    err_clear(&e);
    snprintf(db_path, sizeof db_path, "%s/m.db", dir);
    struct db *db;
    assert_int_equal(db_open(&db, db_path, DB_OPEN_CREATE, &e), 0);
    db_close(db);
    snprintf(backups, sizeof backups, "%s/b", dir);
    assert_int_equal(mkdir(backups, 0700), 0);
    touch(backups, "meso-20240101-020000Z.db");
    touch(backups, "meso-20240102-020000Z.db");
    touch(backups, "meso-20240103-020000Z.db.sealed");
    touch(backups, "meso-2024-not-ours.db");
    touch(backups, "notes.txt");
    struct backupd_opts o = { .db_path = db_path, .dir = backups, .keep = 2 };
    time_t now = 1765080000; /* 2025-12-07 04:00:00 UTC */
    time_t next = 0;
    assert_int_equal(backupd_round(&o, now, &next, &e), 0);
    assert_true(exists(backups, "meso-20251207-040000Z.db"));
    assert_true(exists(backups, "meso-20240103-020000Z.db.sealed"));
    assert_false(exists(backups, "meso-20240102-020000Z.db"));
    assert_false(exists(backups, "meso-20240101-020000Z.db"));
    assert_true(exists(backups, "meso-2024-not-ours.db"));
    assert_true(exists(backups, "notes.txt"));
    assert_int_equal(next, now + 24 * 60 * 60);
    /* An hour later: not due; nothing new. */
    int before = count_files(backups);
    assert_int_equal(backupd_round(&o, now + 3600, &next, &e), 0);
    assert_int_equal(count_files(backups), before);
    assert_int_equal(next, now + 24 * 60 * 60);
    /* A day later: one more, and still only two of ours. */
    assert_int_equal(backupd_round(&o, now + 24 * 60 * 60, &next, &e), 0);
    assert_true(exists(backups, "meso-20251208-040000Z.db"));
    assert_true(exists(backups, "meso-20251207-040000Z.db"));
    assert_false(exists(backups, "meso-20240103-020000Z.db.sealed"));
    /* The backup it took restores. */
    char copy[600], target[600];
    snprintf(copy, sizeof copy, "%s/meso-20251208-040000Z.db", backups);
    snprintf(target, sizeof target, "%s/restored.db", dir);
    struct restore_result r;
    assert_int_equal(backup_restore(copy, target, NULL, &r, &e), 0);
    assert_int_equal(r.schools, 0);
    assert_false(r.sealed);
    /* Never over a file. */
    struct backup_result br;
    struct backup_opts bo = { 0 };
    assert_int_equal(backup_take(db_path, copy, &bo, &br, &e), ERR_CONFLICT);
    /* A folder that is not there: an error and a retry in an hour. */
    o.dir = "/nonexistent/meso-backups";
    assert_int_equal(backupd_round(&o, now, &next, &e), ERR_STORAGE);
    assert_int_equal(next, now + 3600);
    test_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
