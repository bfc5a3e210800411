/* session.h - signed-in browsers, and their CSRF tokens.
 *
 * A session starts after the password step (session_create). Its token (256
 * random bits, 43 characters of URL-safe base64) is returned once, for the
 * cookie; the database keeps only its BLAKE2b hash, so a copy of the database
 * does not let anyone sign in. When the account uses a second factor, the
 * session is not full until session_second_factor_done(), which also
 * replaces the token (and the CSRF secret), so a token seen before the
 * second step is worthless after it.
 *
 * A session ends when idle for cfg->idle_seconds (default 30 minutes), at
 * cfg->absolute_seconds after it began whatever the activity (default 12
 * hours), when revoked (signing out), when the password changes, or when the
 * account is disabled. Lookups refresh last_seen at most once a minute, so
 * browsing does not write on every request.
 *
 * Every time is passed in as `now` (seconds since 1970 UTC; the web layer
 * passes time(NULL)), so tests can move the clock.
 *
 * CSRF: each session has its own 32-byte random secret. The token for forms
 * is keyed BLAKE2b of a fixed label under that secret (session_csrf_token),
 * the same for the whole session; session_csrf_verify compares in constant
 * time (sodium_memcmp).
 */
#ifndef MESO_SESSION_H
#define MESO_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "core/secret.h"
#include "model/access/account.h"

struct arena;
struct db;

#define SESSION_IDLE_DEFAULT     (30 * 60)      /* seconds */
#define SESSION_ABSOLUTE_DEFAULT (12 * 60 * 60) /* seconds */
#define SESSION_TOUCH_EVERY      60             /* seconds between last_seen writes */
#define SESSION_USER_AGENT_MAX   200            /* bytes kept of the User-Agent */
#define SESSION_TOKEN_LEN        SECRET_TOKEN_LEN
#define SESSION_CSRF_LEN         44 /* 43 characters and the NUL */

struct session_config {
    int64_t idle_seconds;     /* 0 = SESSION_IDLE_DEFAULT */
    int64_t absolute_seconds; /* 0 = SESSION_ABSOLUTE_DEFAULT */
};

/* What a session may do now. */
enum session_stage {
    SESSION_FULL = 0,        /* signed in */
    SESSION_NEEDS_TOTP,      /* password given; the TOTP (or recovery) code is next */
    SESSION_NEEDS_ENROLMENT, /* the account must set up TOTP before anything else */
};

struct session {
    int64_t id;
    int64_t account_id;
    int64_t created, last_seen, expires; /* seconds since 1970 UTC */
    bool second_factor_done;
    enum session_stage stage;
    struct account account; /* the account, as it is now (strings in the lookup's arena) */
    unsigned char csrf_secret[32];
};

/* Start a session for account_id (after its password was verified). address
 * and user_agent may be NULL; the user agent is cut to
 * SESSION_USER_AGENT_MAX bytes. Writes the token into token (shown once: put
 * it in the cookie) and fills *out (may be NULL). */
int session_create(struct db *db, struct arena *a, const struct session_config *cfg,
                   int64_t account_id, const char *address, const char *user_agent, int64_t now,
                   char token[SESSION_TOKEN_LEN], struct session *out, struct err *e);

/* Find the live session for a cookie's token. Returns 0 and fills *out, or
 * ERR_NOTFOUND ("signed out") when the token is unknown, revoked, idle too
 * long, past its absolute expiry, or its account is disabled. Refreshes
 * last_seen (at most once every SESSION_TOUCH_EVERY seconds). The caller
 * then allows only what out->stage allows. */
int session_lookup(struct db *db, struct arena *a, const struct session_config *cfg,
                   const char *token, int64_t now, struct session *out, struct err *e);

/* Record that the second factor was given (or TOTP was just enrolled): the
 * session becomes full, and gets a new token (written to token: set the
 * cookie again) and a new CSRF secret. s is updated. */
int session_second_factor_done(struct db *db, struct session *s, int64_t now,
                               char token[SESSION_TOKEN_LEN], struct err *e);

/* Sign out: end one session (by id, or by token). Ending one that is already
 * over is not an error. */
int session_revoke(struct db *db, int64_t session_id, struct err *e);
int session_revoke_token(struct db *db, const char *token, struct err *e);
/* End every session of an account except `keep` (0 = all of them). */
int session_revoke_all(struct db *db, int64_t account_id, int64_t keep, struct err *e);

/* Delete sessions that ended more than a day before now (housekeeping). */
int session_purge(struct db *db, int64_t now, struct err *e);

/* The CSRF token for forms in this session (43 characters). */
void session_csrf_token(const struct session *s, char out[SESSION_CSRF_LEN]);
/* True when presented is this session's CSRF token (constant time). */
bool session_csrf_verify(const struct session *s, const char *presented);

#endif
