#include "model/access/throttle.h"

#include "core/date.h"
#include "db/db.h"
#include "model/access/account.h"

int throttle_delay(int n)
{
    if (n < THROTTLE_PAIR_FREE)
        return 0;
    int shift = n - THROTTLE_PAIR_FREE;
    if (shift > 16)
        return THROTTLE_DELAY_MAX;
    long d = (long)THROTTLE_DELAY_FIRST << shift;
    return d > THROTTLE_DELAY_MAX ? THROTTLE_DELAY_MAX : (int)d;
}

int throttle_record(struct db *db, const char *key, const char *address, bool ok, int64_t now_ms,
                    int64_t *id, struct err *e)
{
    char norm[256], at[DATE_TS_LEN], old_fail[DATE_TS_LEN], old_ok[DATE_TS_LEN];
    account_normalise_email(key, norm, sizeof norm);
    date_timestamp_ms(now_ms, at);
    date_timestamp_ms(now_ms - (int64_t)THROTTLE_KEEP * 1000, old_fail);
    date_timestamp_ms(now_ms - (int64_t)THROTTLE_USUAL_KEEP * 1000, old_ok);
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "DELETE FROM login_attempt"
                        " WHERE at < ?1 AND (ok = 0 OR at < ?2)",
                        e);
    if (rc)
        return rc;
    db_bind_text(st, 1, old_fail);
    db_bind_text(st, 2, old_ok);
    rc = db_step(st, e);
    db_finalize(st);
    if (rc < 0)
        return rc;
    rc = db_prepare(db, &st,
                    "INSERT INTO login_attempt (email, address, at, ok) VALUES (?1, ?2, ?3, ?4)"
                    " RETURNING id",
                    e);
    if (rc)
        return rc;
    db_bind_text(st, 1, norm);
    db_bind_text(st, 2, address ? address : "");
    db_bind_text(st, 3, at);
    db_bind_int(st, 4, ok);
    int64_t got = 0;
    rc = db_step_id(st, &got, e);
    db_finalize(st);
    if (id)
        *id = got;
    return rc < 0 ? rc : 0;
}

/* Run a statement whose one row is (count, latest time): the count in *n
 * and the time in *last_ms (0 when none). */
static int count_and_last(struct db_stmt *st, int *n, int64_t *last_ms, struct err *e)
{
    *n = 0;
    *last_ms = 0;
    int rc = db_step(st, e);
    if (rc == DB_ROW) {
        *n = (int)db_col_int(st, 0);
        if (db_col_count(st) > 1 && !db_col_is_null(st, 1) &&
            date_timestamp_parse_ms(db_col_text(st, 1), last_ms) != 0)
            *last_ms = 0;
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* The pair rule: the wait in ms (0 when none). */
static int pair_wait(struct db *db, const char *key, const char *address, int64_t now_ms,
                     int64_t *wait_ms, struct err *e)
{
    char since[DATE_TS_LEN];
    date_timestamp_ms(now_ms - (int64_t)THROTTLE_KEEP * 1000, since);
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT count(*), max(at) FROM login_attempt"
                        " WHERE email = ?1 AND address = ?2 AND ok = 0 AND at > ?3"
                        "   AND id > coalesce((SELECT max(id) FROM login_attempt"
                        "                      WHERE email = ?1 AND address = ?2 AND ok = 1), 0)",
                        e);
    if (rc)
        return rc;
    db_bind_text(st, 1, key);
    db_bind_text(st, 2, address);
    db_bind_text(st, 3, since);
    int n;
    int64_t last;
    if ((rc = count_and_last(st, &n, &last, e)))
        return rc;
    int64_t until = last + (int64_t)throttle_delay(n) * 1000;
    *wait_ms = n >= THROTTLE_PAIR_FREE && until > now_ms ? until - now_ms : 0;
    return 0;
}

/* Whether address is key's usual place: a success there that is kept. */
static int usual_place(struct db *db, const char *key, const char *address, bool *usual,
                       struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT count(*) FROM login_attempt"
                        " WHERE email = ?1 AND address = ?2 AND ok = 1",
                        e);
    if (rc)
        return rc;
    db_bind_text(st, 1, key);
    db_bind_text(st, 2, address);
    int n;
    int64_t none;
    rc = count_and_last(st, &n, &none, e);
    *usual = n > 0;
    return rc;
}

/* The account rule, for places that are not the usual one. */
static int account_wait(struct db *db, const char *key, int64_t now_ms, int64_t *wait_ms,
                        struct err *e)
{
    char since[DATE_TS_LEN];
    date_timestamp_ms(now_ms - (int64_t)THROTTLE_ACCOUNT_WINDOW * 1000, since);
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT count(*), max(at) FROM login_attempt"
                        " WHERE email = ?1 AND ok = 0 AND at > ?2",
                        e);
    if (rc)
        return rc;
    db_bind_text(st, 1, key);
    db_bind_text(st, 2, since);
    int n;
    int64_t last;
    if ((rc = count_and_last(st, &n, &last, e)))
        return rc;
    *wait_ms = 0;
    if (n >= THROTTLE_ACCOUNT_FREE) {
        /* The delay grows by one step for every ten failures beyond. */
        int steps = (n - THROTTLE_ACCOUNT_FREE) / 10;
        int64_t until = last + (int64_t)throttle_delay(THROTTLE_PAIR_FREE + steps) * 1000;
        if (until > now_ms)
            *wait_ms = until - now_ms;
    }
    return 0;
}

/* The address rule. */
static int address_wait(struct db *db, const char *address, int64_t now_ms, int64_t *wait_ms,
                        struct err *e)
{
    char since[DATE_TS_LEN];
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT count(DISTINCT email) FROM login_attempt"
                        " WHERE address = ?1 AND ok = 1",
                        e);
    if (rc)
        return rc;
    db_bind_text(st, 1, address);
    int accounts;
    int64_t none;
    if ((rc = count_and_last(st, &accounts, &none, e)))
        return rc;
    long limit = THROTTLE_ADDRESS_FAILURES + (long)THROTTLE_ADDRESS_PER_ACCOUNT * accounts;
    if (limit > THROTTLE_ADDRESS_MAX)
        limit = THROTTLE_ADDRESS_MAX;
    date_timestamp_ms(now_ms - (int64_t)THROTTLE_ADDRESS_WINDOW * 1000, since);
    rc = db_prepare(db, &st,
                    "SELECT 1, at FROM login_attempt WHERE address = ?1 AND ok = 0 AND at > ?2"
                    " ORDER BY at DESC LIMIT 1 OFFSET ?3",
                    e);
    if (rc)
        return rc;
    db_bind_text(st, 1, address);
    db_bind_text(st, 2, since);
    db_bind_int(st, 3, limit - 1);
    int found;
    int64_t oldest;
    if ((rc = count_and_last(st, &found, &oldest, e)))
        return rc;
    int64_t until = oldest + (int64_t)THROTTLE_ADDRESS_WINDOW * 1000;
    *wait_ms = found && until > now_ms ? until - now_ms : 0;
    return 0;
}

int throttle_check(struct db *db, enum throttle_kind kind, const char *key, const char *address,
                   int64_t now_ms, int *wait_seconds, struct err *e)
{
    if (wait_seconds)
        *wait_seconds = 0;
    char norm[256];
    account_normalise_email(key, norm, sizeof norm);
    const char *addr = address ? address : "";
    int64_t wait = 0, w = 0;
    bool usual = false;
    int rc = pair_wait(db, norm, addr, now_ms, &wait, e);
    if (!rc && kind == THROTTLE_PASSWORD)
        rc = usual_place(db, norm, addr, &usual, e);
    if (!rc && kind == THROTTLE_PASSWORD && !usual && !(rc = account_wait(db, norm, now_ms, &w, e)))
        wait = w > wait ? w : wait;
    if (!rc && !usual && !(rc = address_wait(db, addr, now_ms, &w, e)))
        wait = w > wait ? w : wait;
    if (rc)
        return rc;
    if (wait <= 0)
        return 0;
    int secs = (int)((wait + 999) / 1000);
    if (wait_seconds)
        *wait_seconds = secs;
    const char *what = kind == THROTTLE_PASSWORD ? "attempts to sign in" : "wrong codes";
    if (secs < 60)
        return err_set(e, ERR_LIMIT, "too many %s; try again in %d second%s", what, secs,
                       secs == 1 ? "" : "s");
    int minutes = (secs + 59) / 60;
    return err_set(e, ERR_LIMIT, "too many %s; try again in %d minute%s", what, minutes,
                   minutes == 1 ? "" : "s");
}

int throttle_begin(struct db *db, enum throttle_kind kind, const char *key, const char *address,
                   int64_t now_ms, int64_t *attempt, int *wait_seconds, struct err *e)
{
    *attempt = 0;
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    rc = throttle_check(db, kind, key, address, now_ms, wait_seconds, e);
    if (!rc)
        rc = throttle_record(db, key, address, false, now_ms, attempt, e);
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}

int throttle_ok(struct db *db, int64_t attempt, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st, "UPDATE login_attempt SET ok = 1 WHERE id = ?1", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, attempt);
    rc = db_step(st, e);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}
