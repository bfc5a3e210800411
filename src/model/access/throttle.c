#include "model/access/throttle.h"

#include "core/date.h"
#include "db/db.h"
#include "model/access/account.h"

int throttle_record(struct db *db, const char *email, const char *address, bool ok, int64_t now,
                    struct err *e)
{
    char norm[256], at[DATE_TS_LEN], old[DATE_TS_LEN];
    account_normalise_email(email, norm, sizeof norm);
    date_timestamp_at(now, at);
    date_timestamp_at(now - THROTTLE_KEEP, old);
    struct db_stmt *st;
    int rc = db_prepare(db, &st, "DELETE FROM login_attempt WHERE at < ?1", e);
    if (rc)
        return rc;
    db_bind_text(st, 1, old);
    rc = db_step(st, e);
    db_finalize(st);
    if (rc < 0)
        return rc;
    rc = db_prepare(
        db, &st, "INSERT INTO login_attempt (email, address, at, ok) VALUES (?1, ?2, ?3, ?4)", e);
    if (rc)
        return rc;
    db_bind_text(st, 1, norm);
    db_bind_text(st, 2, address ? address : "");
    db_bind_text(st, 3, at);
    db_bind_int(st, 4, ok);
    rc = db_step(st, e);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* When the limit-th most recent failure that counts happened, or 0 when
 * there are fewer than limit of them. */
static int nth_failure(struct db_stmt *st, int64_t *when, struct err *e)
{
    int rc = db_step(st, e);
    *when = 0;
    if (rc == DB_ROW && date_timestamp_parse(db_col_text(st, 0), when) != 0)
        *when = 0;
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int throttle_check(struct db *db, const char *email, const char *address, int64_t now,
                   int *wait_minutes, struct err *e)
{
    if (wait_minutes)
        *wait_minutes = 0;
    char norm[256], since[DATE_TS_LEN];
    account_normalise_email(email, norm, sizeof norm);
    date_timestamp_at(now - THROTTLE_WINDOW, since);
    struct db_stmt *st;
    int64_t by_account = 0, by_address = 0;
    int rc = db_prepare(db, &st,
                        "SELECT at FROM login_attempt"
                        " WHERE email = ?1 AND ok = 0 AND at > ?2"
                        "   AND at > coalesce((SELECT max(at) FROM login_attempt"
                        "                      WHERE email = ?1 AND ok = 1), '')"
                        " ORDER BY at DESC LIMIT 1 OFFSET ?3",
                        e);
    if (rc)
        return rc;
    db_bind_text(st, 1, norm);
    db_bind_text(st, 2, since);
    db_bind_int(st, 3, THROTTLE_ACCOUNT_FAILURES - 1);
    if ((rc = nth_failure(st, &by_account, e)))
        return rc;
    rc = db_prepare(db, &st,
                    "SELECT at FROM login_attempt WHERE address = ?1 AND ok = 0 AND at > ?2"
                    " ORDER BY at DESC LIMIT 1 OFFSET ?3",
                    e);
    if (rc)
        return rc;
    db_bind_text(st, 1, address ? address : "");
    db_bind_text(st, 2, since);
    db_bind_int(st, 3, THROTTLE_ADDRESS_FAILURES - 1);
    if ((rc = nth_failure(st, &by_address, e)))
        return rc;
    int64_t until = by_account > by_address ? by_account : by_address;
    if (!until)
        return 0;
    /* Allowed again once that failure is older than the window. */
    int64_t wait = until + THROTTLE_WINDOW - now;
    int minutes = wait <= 0 ? 1 : (int)((wait + 59) / 60);
    if (wait_minutes)
        *wait_minutes = minutes;
    return err_set(e, ERR_LIMIT, "too many attempts to sign in; try again in %d minute%s", minutes,
                   minutes == 1 ? "" : "s");
}
