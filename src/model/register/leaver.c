/* leaver.c - leavers' records are read-only (leaver.h). */
#include "model/register/leaver.h"

#include <string.h>

#include "core/date.h"
#include "db/db.h"

/* The verdict on one row of (leaving_date, erased_at). */
static int judge(struct db_stmt *st, int rc, struct err *e)
{
    if (rc == DB_DONE) /* no such pupil: for the caller to report */
        return 0;
    if (rc != DB_ROW)
        return rc;
    char today[DATE_ISO_LEN];
    date_iso(date_today(), today);
    if (!db_col_is_null(st, 1))
        return err_set(e, ERR_CONFLICT,
                       "this pupil's record was erased: nothing can be added to it");
    const char *left = db_col_text(st, 0);
    if (left && *left && strcmp(left, today) <= 0)
        return err_set(e, ERR_CONFLICT,
                       "this pupil left on %s: their record is kept as it was and cannot be "
                       "changed (only a transfer or the retention actions can touch it)",
                       left);
    return 0;
}

int leaver_guard(struct db *db, int64_t pupil_id, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st, "SELECT leaving_date, erased_at FROM pupil WHERE id = ?1", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, pupil_id);
    rc = judge(st, db_step(st, e), e);
    db_finalize(st);
    return rc;
}

int leaver_guard_conversation(struct db *db, int64_t conversation_id, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT p.leaving_date, p.erased_at FROM conversation c"
                        " JOIN pupil p ON p.id = c.pupil_id WHERE c.id = ?1",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, conversation_id);
    rc = db_step(st, e);
    rc = judge(st, rc, e);
    db_finalize(st);
    return rc;
}

int leaver_guard_target(struct db *db, int64_t target_id, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT p.leaving_date, p.erased_at FROM target t"
                        " JOIN pupil p ON p.id = t.pupil_id WHERE t.id = ?1",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, target_id);
    rc = db_step(st, e);
    rc = judge(st, rc, e);
    db_finalize(st);
    return rc;
}
