/* signin.h - the sign-in steps in the right order, for the web layer: the
 * throttle first (so guessing costs no hashing), then the check, then the
 * attempt recorded, then the session. Calling these rather than the pieces
 * keeps that order in one place.
 *
 *   signin_password()      email + password -> a session (maybe not full yet)
 *   signin_second_factor() TOTP or recovery code -> the session made full
 *   signin_out()           sign out
 *
 * Every answer to a failed step is one of: ERR_LIMIT ("try again in N
 * minutes"), ERR_DENIED (one message whatever was wrong), or a storage
 * error. Successful steps and signing out are written to the audit trail
 * (entity "account", with the client address); failed passwords are kept in
 * login_attempt (for a day, for the throttle), failed codes counted on the
 * account (codelock.h), and a locked second step is written to the trail.
 */
#ifndef MESO_SIGNIN_H
#define MESO_SIGNIN_H

#include <stdint.h>

#include "core/err.h"
#include "model/access/session.h"

struct arena;
struct db;
struct password_gate;

struct signin_request {
    const char *email;
    const char *password;   /* signin_password */
    const char *code;       /* signin_second_factor: 6 digits, or a recovery code */
    const char *address;    /* the client address */
    const char *user_agent; /* may be NULL */
    int64_t now;            /* time(NULL) */
    int64_t now_ms;         /* date_now_ms(), for the throttle and the code count;
                               0: now * 1000 */
};

/* Check the throttle, then the password; record the attempt; start a
 * session. On success writes the cookie token to token and fills *out;
 * out->stage says what comes next (SESSION_NEEDS_TOTP: ask for the code;
 * SESSION_NEEDS_ENROLMENT: only the enrolment pages). Also deletes sessions
 * that ended over a day ago (session_purge). */
int signin_password(struct db *db, struct password_gate *g, struct arena *a,
                    const struct session_config *cfg, const struct signin_request *r,
                    char token[SESSION_TOKEN_LEN], struct session *out, struct err *e);

/* The second step for a session at SESSION_NEEDS_TOTP: count the attempt
 * against the account (codelock.h: ERR_LIMIT while the step is locked),
 * then check r->code as a TOTP code or, when it is not six digits, as a
 * recovery code; make the session full with a new token (written to token:
 * set the cookie again). s is updated. *untold (may be NULL) is how many
 * wrong codes were entered for the account since the holder was last told:
 * show them. */
int signin_second_factor(struct db *db, struct session *s, const struct signin_request *r,
                         char token[SESSION_TOKEN_LEN], int *untold, struct err *e);

/* Sign out: end the session and record it. */
int signin_out(struct db *db, const struct session *s, const char *address, struct err *e);

#endif
