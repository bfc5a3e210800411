#include "model/access/codelock.h"

#include <stdio.h>

#include "core/arena.h"
#include "core/date.h"
#include "db/db.h"
#include "model/register/audit.h"

static int lock_message(struct err *e, int64_t until_ms, int64_t now_ms)
{
    int64_t mins = (until_ms - now_ms + 59999) / 60000;
    if (mins < 1)
        mins = 1;
    int64_t n = mins >= 120 ? (mins + 59) / 60 : mins;
    const char *unit = mins >= 120 ? "hour" : "minute";
    return err_set(e, ERR_LIMIT,
                   "two-step sign-in for this account is locked after %d wrong codes; ask a lead "
                   "or your meso administrator to unlock it, or try again in %lld %s%s",
                   CODELOCK_FAILURES, (long long)n, unit, n == 1 ? "" : "s");
}

/* Read the count and the lock of account_id. */
static int read_lock(struct db *db, int64_t account_id, int *failures, int64_t *until_ms,
                     int64_t *school_id, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT code_failures, code_locked_until, school_id FROM account"
                        " WHERE id = ?1",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, account_id);
    rc = db_step(st, e);
    *failures = 0;
    *until_ms = 0;
    if (rc == DB_ROW) {
        *failures = (int)db_col_int(st, 0);
        if (!db_col_is_null(st, 1) && date_timestamp_parse_ms(db_col_text(st, 1), until_ms) != 0)
            *until_ms = 0;
        if (school_id)
            *school_id = db_col_int(st, 2);
    }
    db_finalize(st);
    if (rc == DB_DONE)
        return err_set(e, ERR_NOTFOUND, "no such account");
    return rc < 0 ? rc : 0;
}

int codelock_begin(struct db *db, int64_t account_id, int64_t now_ms, struct codelock_attempt *at,
                   struct err *e)
{
    *at = (struct codelock_attempt){ .account_id = account_id };
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    int failures;
    int64_t until;
    if ((rc = read_lock(db, account_id, &failures, &until, NULL, e)))
        goto fail;
    if (failures >= CODELOCK_FAILURES && until > now_ms) {
        rc = lock_message(e, until, now_ms);
        goto fail;
    }
    at->failures = failures + 1;
    at->locks = at->failures >= CODELOCK_FAILURES;
    /* The lock is in force from now, for every other attempt, until this
     * one turns out right. */
    at->until_ms = at->locks ? now_ms + (int64_t)CODELOCK_BACKOFF * 1000 : 0;
    char ts[DATE_TS_LEN];
    if (at->locks)
        date_timestamp_ms(at->until_ms, ts);
    struct db_stmt *st;
    if ((rc = db_prepare(db, &st,
                         "UPDATE account SET code_failures = ?2,"
                         " code_failures_untold = code_failures_untold + 1,"
                         " code_locked_until = ?3 WHERE id = ?1",
                         e)))
        goto fail;
    db_bind_int(st, 1, account_id);
    db_bind_int(st, 2, at->failures);
    db_bind_text(st, 3, at->locks ? ts : NULL);
    rc = db_step(st, e);
    db_finalize(st);
    if (rc < 0)
        goto fail;
    return db_commit(db, e);
fail:
    db_rollback(db);
    return rc;
}

int codelock_passed(struct db *db, const struct codelock_attempt *at, int *untold, struct err *e)
{
    struct db_stmt *st;
    int rc;
    int64_t n = 0;
    if ((rc = db_prepare(db, &st, "SELECT code_failures_untold FROM account WHERE id = ?1", e)))
        return rc;
    db_bind_int(st, 1, at->account_id);
    rc = db_step(st, e);
    if (rc == DB_ROW)
        n = db_col_int(st, 0);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if ((rc = db_prepare(db, &st,
                         "UPDATE account SET code_failures = 0, code_locked_until = NULL,"
                         " code_failures_untold = 0 WHERE id = ?1",
                         e)))
        return rc;
    db_bind_int(st, 1, at->account_id);
    rc = db_step(st, e);
    db_finalize(st);
    if (rc < 0)
        return rc;
    /* This attempt was counted before it was checked; it was right. */
    if (untold)
        *untold = n > 0 ? (int)n - 1 : 0;
    return 0;
}

int codelock_failed(struct db *db, const struct audit_who *who, const struct codelock_attempt *at,
                    struct err *e)
{
    if (!at->locks)
        return 0;
    int failures;
    int64_t until, school_id = 0;
    int rc = read_lock(db, at->account_id, &failures, &until, &school_id, e);
    if (rc)
        return rc;
    char ts[DATE_TS_LEN], detail[200];
    date_timestamp_ms(at->until_ms, ts);
    snprintf(detail, sizeof detail,
             "two-step sign-in locked after %d wrong codes in a row, until %.19s UTC or until "
             "unlocked",
             at->failures, ts);
    struct audit_entry au = { .actor = who && who->actor ? who->actor : "unknown",
                              .action = "second-step-locked",
                              .entity = "account",
                              .entity_id = at->account_id,
                              .school_id = school_id,
                              .detail = detail,
                              .address = who ? who->address : NULL };
    return audit_log(db, &au, e);
}

int codelock_status(struct db *db, int64_t account_id, int64_t now_ms, bool *locked,
                    int64_t *until_ms, struct err *e)
{
    int failures;
    int64_t until;
    int rc = read_lock(db, account_id, &failures, &until, NULL, e);
    if (rc)
        return rc;
    *locked = failures >= CODELOCK_FAILURES && until > now_ms;
    if (until_ms)
        *until_ms = *locked ? until : 0;
    return 0;
}

int codelock_unlock(struct db *db, const struct audit_who *who, int64_t account_id, struct err *e)
{
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    int failures;
    int64_t until, school_id = 0;
    if ((rc = read_lock(db, account_id, &failures, &until, &school_id, e)))
        goto fail;
    struct db_stmt *st;
    if ((rc = db_prepare(db, &st,
                         "UPDATE account SET code_failures = 0, code_locked_until = NULL"
                         " WHERE id = ?1",
                         e)))
        goto fail;
    db_bind_int(st, 1, account_id);
    rc = db_step(st, e);
    db_finalize(st);
    if (rc < 0)
        goto fail;
    char detail[120];
    snprintf(detail, sizeof detail, "two-step sign-in unlocked (%d wrong code%s in a row before)",
             failures, failures == 1 ? "" : "s");
    struct audit_entry au = { .actor = who && who->actor ? who->actor : "unknown",
                              .action = "second-step-unlocked",
                              .entity = "account",
                              .entity_id = account_id,
                              .school_id = school_id,
                              .detail = detail,
                              .address = who ? who->address : NULL };
    if ((rc = audit_log(db, &au, e)))
        goto fail;
    return db_commit(db, e);
fail:
    db_rollback(db);
    return rc;
}

int codelock_locked(struct db *db, struct arena *a, int64_t school_id, int64_t now_ms,
                    struct codelock_holder **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    char now[DATE_TS_LEN];
    date_timestamp_ms(now_ms, now);
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT id, display_name, email FROM account"
                        " WHERE school_id = ?1 AND kind = 'staff' AND code_failures >= ?2"
                        "   AND code_locked_until > ?3 ORDER BY display_name, id",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_int(st, 2, CODELOCK_FAILURES);
    db_bind_text(st, 3, now);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct codelock_holder *h = arena_push(a, out, n, &cap, sizeof *h);
        if (!h) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        h->id = db_col_int(st, 0);
        h->name = arena_strdup(a, db_col_text(st, 1));
        h->email = arena_strdup(a, db_col_text(st, 2));
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}
