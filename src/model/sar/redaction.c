#include "model/sar/redaction.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "db/db.h"
#include "model/register/audit.h"

bool sar_path_valid(const char *path)
{
    if (path && strcmp(path, SAR_PATH_EVERYWHERE) == 0)
        return true;
    size_t n = path ? strlen(path) : 0;
    if (n == 0 || n > SAR_PATH_MAX || path[0] == '/' || path[n - 1] == '/')
        return false;
    for (const char *s = path; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || *s == '#' || *s == '/'))
            return false;
    return strstr(path, "//") == NULL;
}

/* Length in characters (UTF-8 code points), for the audit row. */
static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static int check(const char *path, const char *passage, const char *reason, struct err *e)
{
    if (!sar_path_valid(path))
        return err_set(e, ERR_INPUT, "path: choose a part of the record to redact");
    if (strcmp(path, SAR_PATH_EVERYWHERE) == 0 && !passage)
        return err_set(e, ERR_INPUT, "passage: give the words to hold back wherever they occur");
    if (passage && chars(passage) > SAR_PASSAGE_MAX)
        return err_set(e, ERR_INPUT,
                       "passage: keep the words to %d characters or fewer; "
                       "redact the whole text instead",
                       SAR_PASSAGE_MAX);
    if (!reason || !*reason)
        return err_set(e, ERR_INPUT, "reason: say why this is held back");
    if (chars(reason) > SAR_REASON_MAX)
        return err_set(e, ERR_INPUT, "reason: keep it to %d characters or fewer", SAR_REASON_MAX);
    return 0;
}

int sar_redaction_add(struct db *db, const struct audit_entry *who, int64_t school_id,
                      int64_t pupil_id, const char *path, const char *passage, const char *reason,
                      int64_t *id, struct err *e)
{
    if (passage && !*passage)
        passage = NULL;
    int rc = check(path, passage, reason, e);
    if (rc)
        return rc;
    char now[DATE_TS_LEN];
    date_timestamp(now);
    if ((rc = db_begin(db, e)))
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db, &st,
                         "INSERT INTO sar_redaction (school_id, pupil_id, path, passage, reason,"
                         " created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                         " RETURNING id",
                         e)))
        goto fail;
    db_bind_int(st, 1, school_id);
    db_bind_int(st, 2, pupil_id);
    db_bind_text(st, 3, path);
    db_bind_text(st, 4, passage);
    db_bind_text(st, 5, reason);
    db_bind_text(st, 6, who && who->actor ? who->actor : "unknown");
    db_bind_text(st, 7, now);
    rc = db_step_id(st, id, e);
    db_finalize(st);
    if (rc < 0)
        goto fail;
    /* Where, how much and why: never the words held back. */
    char detail[SAR_PATH_MAX + 64];
    if (passage)
        snprintf(detail, sizeof detail, "%s: a passage of %zu characters", path, chars(passage));
    else
        snprintf(detail, sizeof detail, "%s: all of it", path);
    struct arena a;
    arena_init(&a, 0);
    const char *d = arena_sprintf(&a, "%s; reason: %s", detail, reason);
    rc = d ? audit_as(db, who, "redact", "sar_redaction", *id, pupil_id, school_id, d, e)
           : err_set(e, ERR_NOMEM, "out of memory");
    arena_release(&a);
    if (rc)
        goto fail;
    return db_commit(db, e);
fail:
    db_rollback(db);
    return rc;
}

int sar_redaction_withdraw(struct db *db, const struct audit_entry *who, int64_t school_id,
                           int64_t pupil_id, int64_t id, struct err *e)
{
    char now[DATE_TS_LEN];
    date_timestamp(now);
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db, &st,
                         "UPDATE sar_redaction SET withdrawn_by = ?3, withdrawn_at = ?4"
                         " WHERE id = ?1 AND pupil_id = ?2 AND withdrawn_at IS NULL",
                         e)))
        goto fail;
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, pupil_id);
    db_bind_text(st, 3, who && who->actor ? who->actor : "unknown");
    db_bind_text(st, 4, now);
    rc = db_step(st, e);
    db_finalize(st);
    if (rc < 0)
        goto fail;
    if (db_changes(db) == 0) {
        rc = err_set(e, ERR_NOTFOUND, "no such redaction");
        goto fail;
    }
    if ((rc = audit_as(db, who, "withdraw", "sar_redaction", id, pupil_id, school_id,
                       "the redaction no longer applies", e)))
        goto fail;
    return db_commit(db, e);
fail:
    db_rollback(db);
    return rc;
}

int sar_redaction_list(struct db *db, struct arena *a, int64_t pupil_id, bool with_withdrawn,
                       struct sar_redaction **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT id, path, passage, reason, created_by, created_at, withdrawn_by,"
                        " withdrawn_at FROM sar_redaction WHERE pupil_id = ?1"
                        " AND (?2 = 1 OR withdrawn_at IS NULL) ORDER BY id",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, pupil_id);
    db_bind_int(st, 2, with_withdrawn ? 1 : 0);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct sar_redaction *r = arena_push(a, out, n, &cap, sizeof *r);
        if (!r) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        r->id = db_col_int(st, 0);
        r->path = arena_strdup(a, db_col_text(st, 1));
        r->passage = arena_strdup(a, db_col_text(st, 2));
        r->reason = arena_strdup(a, db_col_text(st, 3));
        r->created_by = arena_strdup(a, db_col_text(st, 4));
        r->created_at = arena_strdup(a, db_col_text(st, 5));
        r->withdrawn_by = arena_strdup(a, db_col_text(st, 6));
        r->withdrawn_at = arena_strdup(a, db_col_text(st, 7));
    }
    db_finalize(st);
    return rc == DB_DONE ? 0 : rc;
}
