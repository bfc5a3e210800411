#include "db/migrate.h"

#include <string.h>

#include "core/str.h"
#include "db/db.h"

/* The driver a file is for: NULL for a shared migration NNNN_what.sql, or
 * "sqlite" for NNNN_what.sqlite.sql (written into drv, at most cap bytes). */
static const char *driver_of(const char *name, char *drv, size_t cap)
{
    size_t len = strlen(name);
    const char *last = strrchr(name, '.');
    if (!last || last == name)
        return NULL;
    const char *prev = last - 1;
    while (prev > name && *prev != '.' && *prev != '/')
        prev--;
    if (*prev != '.' || (size_t)(last - prev - 1) >= cap || len < 5)
        return NULL;
    memcpy(drv, prev + 1, (size_t)(last - prev - 1));
    drv[last - prev - 1] = '\0';
    return drv;
}

/* The number NNNN of a file named NNNN_..., or -1. */
static long long number_of(const char *name)
{
    char digits[5];
    long long num = -1;
    if (strlen(name) >= 5) {
        memcpy(digits, name, 4);
        digits[4] = '\0';
        if (name[4] != '_' || str_to_int(digits, 0, 9999, &num) != 0)
            num = -1;
    }
    return num;
}

/* How many migrations files holds. Names are NNNN_what.sql, numbered 1, 2,
 * 3, ... without gaps; a driver's part of migration NNNN (what only that
 * database speaks: NNNN_what.sqlite.sql) follows the shared file of its
 * number and does not count. */
static int count_files(const struct embed_file *files, struct err *e)
{
    int n = 0;
    for (size_t k = 0; files[k].name; k++) {
        char drv[16];
        long long num = number_of(files[k].name);
        bool part = driver_of(files[k].name, drv, sizeof drv) != NULL;
        if (part ? num != n || n == 0 : num != n + 1)
            return err_set(e, ERR_STORAGE,
                           "internal error: migration %s is out of sequence (expected %04d)",
                           files[k].name, part ? n : n + 1);
        if (!part)
            n++;
    }
    return n;
}

int migrate_latest(void)
{
    return count_files(migrations_embedded, NULL);
}

int migrate_with(struct db *db, const struct embed_file *files, bool apply, struct err *e)
{
    int latest = count_files(files, e);
    if (latest < 0)
        return latest;
    int v;
    int rc = db_schema_version(db, &v, e);
    if (rc)
        return rc;
    if (v > latest)
        return err_set(e, ERR_STORAGE,
                       "%s was written by a newer version of meso (schema %d; this meso knows "
                       "schema %d). Upgrade meso to open it; nothing was changed.",
                       db_path(db), v, latest);
    if (v == latest || !apply)
        return 0;
    rc = db_begin(db, e);
    if (rc)
        return rc;
    /* Another process may have migrated while we waited for the lock. */
    rc = db_schema_version(db, &v, e);
    for (size_t k = 0; rc == 0 && files[k].name; k++) {
        char drv[16];
        const char *part = driver_of(files[k].name, drv, sizeof drv);
        if (number_of(files[k].name) <= v || (part && strcmp(part, db_dialect(db)) != 0))
            continue;
        rc = db_exec_script(db, (const char *)files[k].data, e);
        if (rc)
            err_wrap(e, "migrating %s to schema %d failed in %s (nothing was changed)", db_path(db),
                     latest, files[k].name);
    }
    if (rc == 0)
        rc = db_set_schema_version(db, latest, e);
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}

int migrate_check_or_apply(struct db *db, bool apply, struct err *e)
{
    return migrate_with(db, migrations_embedded, apply, e);
}
