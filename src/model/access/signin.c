#include "model/access/signin.h"

#include <ctype.h>
#include <stdio.h>

#include "core/arena.h"
#include "db/db.h"
#include "model/access/account.h"
#include "model/access/codelock.h"
#include "model/register/audit.h"
#include "model/access/throttle.h"
#include "model/access/totp.h"

static int log_signin(struct db *db, const struct account *acc, const char *action,
                      const char *detail, const char *address, struct err *e)
{
    char actor[300];
    snprintf(actor, sizeof actor, "user:%s", acc->email ? acc->email : "");
    struct audit_entry au = { .actor = actor,
                              .action = action,
                              .entity = "account",
                              .entity_id = acc->id,
                              .school_id = acc->school_id,
                              .detail = detail,
                              .address = address };
    return audit_log(db, &au, e);
}

static int64_t now_ms_of(const struct signin_request *r)
{
    return r->now_ms ? r->now_ms : r->now * 1000;
}

int signin_password(struct db *db, struct password_gate *g, struct arena *a,
                    const struct session_config *cfg, const struct signin_request *r,
                    char token[SESSION_TOKEN_LEN], struct session *out, struct err *e)
{
    /* Counted as a failure before the password is checked (throttle.h). */
    int64_t attempt;
    int rc = throttle_begin(db, THROTTLE_PASSWORD, r->email, r->address, now_ms_of(r), &attempt,
                            NULL, e);
    if (rc)
        return rc;
    struct account acc;
    rc = account_verify_password(db, g, a, r->email, r->password ? r->password : "", &acc, e);
    if (rc)
        return rc;
    /* Sign-ins are rare enough to carry the housekeeping of old sessions. */
    if ((rc = throttle_ok(db, attempt, e)) || (rc = session_purge(db, r->now, e)) ||
        (rc = session_create(db, a, cfg, acc.id, r->address, r->user_agent, r->now, token, out, e)))
        return rc;
    return log_signin(db, &acc, "sign-in",
                      out->stage == SESSION_FULL ? "signed in"
                                                 : "password accepted; second factor next",
                      r->address, e);
}

/* Six digits (spaces allowed) is a TOTP code; anything else a recovery code. */
static bool looks_like_totp(const char *code)
{
    int digits = 0;
    for (const char *p = code; *p; p++) {
        if (isdigit((unsigned char)*p))
            digits++;
        else if (*p != ' ')
            return false;
    }
    return digits == TOTP_DIGITS;
}

int signin_second_factor(struct db *db, struct session *s, const struct signin_request *r,
                         char token[SESSION_TOKEN_LEN], int *untold, struct err *e)
{
    if (untold)
        *untold = 0;
    if (s->stage != SESSION_NEEDS_TOTP)
        return err_set(e, ERR_DENIED, "no code is needed now");
    struct codelock_attempt ca;
    int rc = codelock_begin(db, s->account_id, now_ms_of(r), &ca, e);
    if (rc)
        return rc;
    const char *code = r->code ? r->code : "";
    bool recovery = !looks_like_totp(code);
    rc = recovery ? totp_recovery_use(db, s->account_id, code, r->now, e)
                  : totp_verify(db, s->account_id, code, r->now, e);
    if (rc == ERR_DENIED) {
        char actor[300];
        snprintf(actor, sizeof actor, "user:%s", s->account.email ? s->account.email : "");
        struct audit_who who = { .actor = actor, .address = r->address };
        struct err locked;
        if (codelock_failed(db, &who, &ca, &locked))
            return err_set(e, locked.code, "%s", locked.msg);
        return rc;
    }
    int n = 0;
    if (rc || (rc = codelock_passed(db, &ca, &n, e)) ||
        (rc = session_second_factor_done(db, s, r->now, token, e)))
        return rc;
    if (untold)
        *untold = n;
    char detail[160];
    int len = snprintf(detail, sizeof detail, "%s",
                       recovery ? "signed in with a recovery code" : "signed in with a TOTP code");
    if (n && len > 0 && (size_t)len < sizeof detail)
        snprintf(detail + len, sizeof detail - (size_t)len,
                 "; told of %d wrong code%s since the last sign-in", n, n == 1 ? "" : "s");
    return log_signin(db, &s->account, "sign-in", detail, r->address, e);
}

int signin_out(struct db *db, const struct session *s, const char *address, struct err *e)
{
    int rc = session_revoke(db, s->id, e);
    if (rc)
        return rc;
    return log_signin(db, &s->account, "sign-out", "signed out", address, e);
}
