#include "db/migrate.h"

#include <string.h>

#include "core/str.h"
#include "db/db.h"

static int count_files(const struct embed_file *files, struct err *e)
{
    int n = 0;
    for (; files[n].name; n++) {
        /* Names are NNNN_what.sql: four digits, then an underscore. */
        char digits[5];
        long long num = -1;
        if (strlen(files[n].name) >= 5) {
            memcpy(digits, files[n].name, 4);
            digits[4] = '\0';
            if (files[n].name[4] != '_' || str_to_int(digits, 0, 9999, &num) != 0)
                num = -1;
        }
        if (num != n + 1)
            return err_set(e, ERR_STORAGE,
                           "internal error: migration %s is out of sequence (expected %04d)",
                           files[n].name, n + 1);
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
    for (int i = v; rc == 0 && i < latest; i++) {
        rc = db_exec_script(db, (const char *)files[i].data, e);
        if (rc)
            err_wrap(e, "migrating %s to schema %d failed in %s (nothing was changed)", db_path(db),
                     latest, files[i].name);
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
