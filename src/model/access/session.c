#include "model/access/session.h"

#include <sodium.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/str.h"
#include "db/db.h"

/* The label the CSRF token is derived from; change the version to make
 * every outstanding form token invalid. */
static const char csrf_label[] = "meso csrf v1";

static int64_t idle_of(const struct session_config *cfg)
{
    return cfg && cfg->idle_seconds > 0 ? cfg->idle_seconds : SESSION_IDLE_DEFAULT;
}

static int64_t absolute_of(const struct session_config *cfg)
{
    return cfg && cfg->absolute_seconds > 0 ? cfg->absolute_seconds : SESSION_ABSOLUTE_DEFAULT;
}

static void stage_of(struct session *s)
{
    if (s->account.totp_enabled && !s->second_factor_done)
        s->stage = SESSION_NEEDS_TOTP;
    else if (!s->account.totp_enabled && account_requires_totp(&s->account))
        s->stage = SESSION_NEEDS_ENROLMENT;
    else
        s->stage = SESSION_FULL;
}

static void new_csrf_secret(unsigned char secret[32], char hex[65])
{
    secret_random(secret, 32);
    sodium_bin2hex(hex, 65, secret, 32);
}

int session_create(struct db *db, struct arena *a, const struct session_config *cfg,
                   int64_t account_id, const char *address, const char *user_agent, int64_t now,
                   char token[SESSION_TOKEN_LEN], struct session *out, struct err *e)
{
    struct session s = { .account_id = account_id,
                         .created = now,
                         .last_seen = now,
                         .expires = now + absolute_of(cfg) };
    int rc = account_by_id(db, a, account_id, &s.account, e);
    if (rc)
        return rc;
    if (s.account.disabled)
        return err_set(e, ERR_DENIED, "this account cannot sign in");
    char hash[SECRET_HASH_LEN], hex[65], created[DATE_TS_LEN], expires[DATE_TS_LEN];
    char agent[SESSION_USER_AGENT_MAX + 1];
    secret_token(token);
    secret_hash(token, hash);
    new_csrf_secret(s.csrf_secret, hex);
    date_timestamp_at(now, created);
    date_timestamp_at(s.expires, expires);
    if (user_agent) {
        /* Cut before a character that would not fit whole, so the stored
         * text stays valid UTF-8. */
        size_t n = strlen(user_agent);
        if (n > SESSION_USER_AGENT_MAX) {
            n = SESSION_USER_AGENT_MAX;
            while (n && ((unsigned char)user_agent[n] & 0xC0) == 0x80)
                n--;
        }
        memcpy(agent, user_agent, n);
        agent[n] = '\0';
    }
    struct db_stmt *st;
    rc = db_prepare(db, &st,
                    "INSERT INTO session (token_hash, account_id, created_at, last_seen_at,"
                    " expires_at, address, user_agent, csrf_secret)"
                    " VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6, ?7) RETURNING id",
                    e);
    if (rc)
        goto out;
    db_bind_text(st, 1, hash);
    db_bind_int(st, 2, account_id);
    db_bind_text(st, 3, created);
    db_bind_text(st, 4, expires);
    db_bind_text(st, 5, address);
    db_bind_text(st, 6, user_agent ? agent : NULL);
    db_bind_text(st, 7, hex);
    rc = db_step_id(st, &s.id, e);
    db_finalize(st);
    if (rc < 0)
        goto out;
    rc = 0;
    stage_of(&s);
    if (out)
        *out = s;
out:
    secret_wipe(hex, sizeof hex);
    secret_wipe(&s, sizeof s);
    if (rc)
        secret_wipe(token, SESSION_TOKEN_LEN);
    return rc;
}

int session_lookup(struct db *db, struct arena *a, const struct session_config *cfg,
                   const char *token, int64_t now, struct session *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    if (!token || strlen(token) != SESSION_TOKEN_LEN - 1)
        return err_set(e, ERR_NOTFOUND, "signed out");
    char hash[SECRET_HASH_LEN];
    secret_hash(token, hash);
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT id, account_id, created_at, last_seen_at, expires_at,"
                        " second_factor_done, csrf_secret FROM session"
                        " WHERE token_hash = ?1 AND revoked = 0",
                        e);
    if (rc)
        return rc;
    db_bind_text(st, 1, hash);
    rc = db_step(st, e);
    bool ok = rc == DB_ROW;
    if (ok) {
        out->id = db_col_int(st, 0);
        out->account_id = db_col_int(st, 1);
        ok = date_timestamp_parse(db_col_text(st, 2), &out->created) == 0 &&
             date_timestamp_parse(db_col_text(st, 3), &out->last_seen) == 0 &&
             date_timestamp_parse(db_col_text(st, 4), &out->expires) == 0;
        out->second_factor_done = db_col_int(st, 5) != 0;
        const char *hex = db_col_text(st, 6);
        size_t got = 0;
        ok = ok && hex &&
             sodium_hex2bin(out->csrf_secret, sizeof out->csrf_secret, hex, strlen(hex), NULL, &got,
                            NULL) == 0 &&
             got == sizeof out->csrf_secret;
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (ok)
        ok = now < out->expires && now < out->last_seen + idle_of(cfg);
    if (ok) {
        rc = account_by_id(db, a, out->account_id, &out->account, e);
        if (rc && rc != ERR_NOTFOUND)
            return rc;
        ok = rc == 0 && !out->account.disabled;
    }
    if (!ok) {
        memset(out, 0, sizeof *out);
        return err_set(e, ERR_NOTFOUND, "signed out");
    }
    if (now - out->last_seen >= SESSION_TOUCH_EVERY) {
        char seen[DATE_TS_LEN];
        date_timestamp_at(now, seen);
        if ((rc = db_prepare(db, &st, "UPDATE session SET last_seen_at = ?2 WHERE id = ?1", e)))
            return rc;
        db_bind_int(st, 1, out->id);
        db_bind_text(st, 2, seen);
        rc = db_step(st, e);
        db_finalize(st);
        if (rc < 0)
            return rc;
        out->last_seen = now;
    }
    stage_of(out);
    return 0;
}

int session_second_factor_done(struct db *db, struct session *s, int64_t now,
                               char token[SESSION_TOKEN_LEN], struct err *e)
{
    char hash[SECRET_HASH_LEN], hex[65], seen[DATE_TS_LEN];
    unsigned char secret[32];
    secret_token(token);
    secret_hash(token, hash);
    new_csrf_secret(secret, hex);
    date_timestamp_at(now, seen);
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "UPDATE session SET token_hash = ?2, csrf_secret = ?3,"
                        " second_factor_done = 1, last_seen_at = ?4"
                        " WHERE id = ?1 AND revoked = 0",
                        e);
    if (rc)
        goto out;
    db_bind_int(st, 1, s->id);
    db_bind_text(st, 2, hash);
    db_bind_text(st, 3, hex);
    db_bind_text(st, 4, seen);
    rc = db_step(st, e);
    db_finalize(st);
    if (rc < 0)
        goto out;
    if (db_changes(db) != 1) {
        rc = err_set(e, ERR_NOTFOUND, "signed out");
        goto out;
    }
    memcpy(s->csrf_secret, secret, sizeof secret);
    s->second_factor_done = true;
    s->last_seen = now;
    /* The account may have just enrolled: read its TOTP state again. */
    if ((rc = db_prepare(db, &st, "SELECT totp_enabled FROM account WHERE id = ?1", e)))
        goto out;
    db_bind_int(st, 1, s->account_id);
    rc = db_step(st, e);
    if (rc == DB_ROW)
        s->account.totp_enabled = db_col_int(st, 0) != 0;
    db_finalize(st);
    if (rc < 0)
        goto out;
    rc = 0;
    stage_of(s);
out:
    secret_wipe(secret, sizeof secret);
    secret_wipe(hex, sizeof hex);
    if (rc)
        secret_wipe(token, SESSION_TOKEN_LEN);
    return rc;
}

int session_revoke(struct db *db, int64_t session_id, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st, "UPDATE session SET revoked = 1 WHERE id = ?1", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, session_id);
    rc = db_step(st, e);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int session_revoke_token(struct db *db, const char *token, struct err *e)
{
    char hash[SECRET_HASH_LEN];
    secret_hash(token ? token : "", hash);
    struct db_stmt *st;
    int rc = db_prepare(db, &st, "UPDATE session SET revoked = 1 WHERE token_hash = ?1", e);
    if (rc)
        return rc;
    db_bind_text(st, 1, hash);
    rc = db_step(st, e);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int session_revoke_all(struct db *db, int64_t account_id, int64_t keep, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "UPDATE session SET revoked = 1"
                        " WHERE account_id = ?1 AND id <> ?2 AND revoked = 0",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, account_id);
    db_bind_int(st, 2, keep);
    rc = db_step(st, e);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int session_purge(struct db *db, int64_t now, struct err *e)
{
    char cutoff[DATE_TS_LEN];
    date_timestamp_at(now - 24 * 60 * 60, cutoff);
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "DELETE FROM session WHERE expires_at < ?1"
                        " OR (revoked = 1 AND last_seen_at < ?1)",
                        e);
    if (rc)
        return rc;
    db_bind_text(st, 1, cutoff);
    rc = db_step(st, e);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

void session_csrf_token(const struct session *s, char out[SESSION_CSRF_LEN])
{
    unsigned char mac[32];
    secret_init();
    crypto_generichash(mac, sizeof mac, (const unsigned char *)csrf_label, sizeof csrf_label - 1,
                       s->csrf_secret, sizeof s->csrf_secret);
    sodium_bin2base64(out, SESSION_CSRF_LEN, mac, sizeof mac,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

bool session_csrf_verify(const struct session *s, const char *presented)
{
    /* A session that was never filled in has no secret: nothing matches. */
    if (sodium_is_zero(s->csrf_secret, sizeof s->csrf_secret))
        return false;
    char want[SESSION_CSRF_LEN];
    session_csrf_token(s, want);
    bool ok = secret_equal(want, presented);
    secret_wipe(want, sizeof want);
    return ok;
}
