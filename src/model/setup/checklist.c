#include "model/setup/checklist.h"

#include <string.h>

#include "db/db.h"
#include "model/conversations/scope.h"

int checklist_load(struct db *db, int64_t school_id, struct checklist *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *st;
    int rc = db_prepare(
        db, &st,
        "SELECT (SELECT count(*) FROM pupil p WHERE p.school_id = ?1 AND p.leaving_date IS NULL),"
        " (SELECT count(*) FROM pupil p WHERE p.school_id = ?1 AND p.leaving_date IS NULL"
        "    AND EXISTS (SELECT 1 FROM pupil_carer pc WHERE pc.pupil_id = p.id)),"
        " (SELECT count(*) FROM account a WHERE a.school_id = ?1 AND a.kind = 'staff'"
        "    AND EXISTS (SELECT 1 FROM account_role r WHERE r.account_id = a.id"
        "      AND r.role IN ('teacher', 'practitioner'))),"
        " (SELECT count(*) FROM account a WHERE a.school_id = ?1 AND a.kind = 'staff'"
        "    AND a.password_hash IS NOT NULL"
        "    AND EXISTS (SELECT 1 FROM account_role r WHERE r.account_id = a.id"
        "      AND r.role IN ('teacher', 'practitioner'))),"
        " (SELECT count(*) FROM conversation c WHERE c.school_id = ?1)",
        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    rc = db_step(st, e);
    if (rc == DB_ROW) {
        out->pupils = (long)db_col_int(st, 0);
        out->with_carer = (long)db_col_int(st, 1);
        out->staff = (long)db_col_int(st, 2);
        out->staff_joined = (long)db_col_int(st, 3);
        out->conversations = (long)db_col_int(st, 4);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    if ((rc = scope_counts(db, school_id, &out->in_scope, &out->no_key_teacher, e)))
        return rc;
    out->done[CHECK_PUPILS] = out->pupils > 0;
    out->done[CHECK_CARERS] = out->with_carer > 0;
    out->done[CHECK_STAFF] = out->staff > 0;
    out->done[CHECK_KEY_TEACHERS] = out->in_scope > 0 && out->no_key_teacher == 0;
    out->done[CHECK_CONVERSATION] = out->conversations > 0;
    out->complete = true;
    for (int i = 0; i < CHECK_N; i++)
        out->complete &= out->done[i];
    return 0;
}
