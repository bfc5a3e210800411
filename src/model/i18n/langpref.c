#include "model/i18n/langpref.h"

#include <string.h>

#include "core/i18n.h"
#include "db/db.h"

int langpref_get(struct db *db, struct arena *a, int64_t account_id, const char **chosen,
                 const char **recorded, struct err *e)
{
    *chosen = *recorded = NULL;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT a.language, c.preferred_language FROM account a"
                        " LEFT JOIN carer c ON c.id = a.carer_id WHERE a.id = ?1",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, account_id);
    rc = db_step(st, e);
    if (rc == 1) {
        *chosen = db_col_is_null(st, 0) ? NULL : arena_strdup(a, db_col_text(st, 0));
        *recorded = db_col_is_null(st, 1) ? NULL : arena_strdup(a, db_col_text(st, 1));
        rc = 0;
    } else if (rc == 0) {
        rc = err_set(e, ERR_NOTFOUND, "no such account");
    }
    db_finalize(st);
    return rc;
}

int langpref_set(struct db *db, const struct audit_who *who, int64_t account_id, const char *code,
                 struct err *e)
{
    const struct lang *l = NULL;
    if (code && *code && !(l = i18n_lang(code)))
        return err_set(e, ERR_INPUT, "language: meso has no words in \"%.20s\" yet", code);
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    struct db_stmt *st;
    int64_t school_id = 0;
    if ((rc = db_prepare(db, &st,
                         "UPDATE account SET language = ?2 WHERE id = ?1 AND kind = 'parent'"
                         " RETURNING school_id",
                         e)) == 0) {
        db_bind_int(st, 1, account_id);
        if (l)
            db_bind_text(st, 2, l->code);
        else
            db_bind_null(st, 2);
        rc = db_step(st, e);
        if (rc == 1)
            school_id = db_col_int(st, 0);
        else if (rc == 0)
            rc = err_set(e, ERR_NOTFOUND, "no such parent account");
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0) {
        struct audit_entry au = { .actor = who && who->actor ? who->actor : "unknown",
                                  .action = "update",
                                  .entity = "account",
                                  .entity_id = account_id,
                                  .school_id = school_id,
                                  .detail = l ? l->name : "language: as recorded",
                                  .address = who ? who->address : NULL };
        rc = audit_log(db, &au, e);
    }
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}
