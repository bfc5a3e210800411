#include "model/access/signin.h"

#include <ctype.h>
#include <stdio.h>

#include "core/arena.h"
#include "db/db.h"
#include "model/access/account.h"
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

int signin_password(struct db *db, struct password_gate *g, struct arena *a,
                    const struct session_config *cfg, const struct signin_request *r,
                    char token[SESSION_TOKEN_LEN], struct session *out, struct err *e)
{
    int rc = throttle_check(db, r->email, r->address, r->now, NULL, e);
    if (rc)
        return rc;
    struct account acc;
    rc = account_verify_password(db, g, a, r->email, r->password ? r->password : "", &acc, e);
    if (rc && rc != ERR_DENIED)
        return rc;
    struct err ignored;
    if (rc == ERR_DENIED) {
        throttle_record(db, r->email, r->address, false, r->now, &ignored);
        return rc;
    }
    /* Sign-ins are rare enough to carry the housekeeping of old sessions. */
    if ((rc = throttle_record(db, r->email, r->address, true, r->now, e)) ||
        (rc = session_purge(db, r->now, e)) ||
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
                         char token[SESSION_TOKEN_LEN], struct err *e)
{
    if (s->stage != SESSION_NEEDS_TOTP)
        return err_set(e, ERR_DENIED, "no code is needed now");
    const char *email = s->account.email;
    int rc = throttle_check(db, email, r->address, r->now, NULL, e);
    if (rc)
        return rc;
    const char *code = r->code ? r->code : "";
    bool recovery = !looks_like_totp(code);
    rc = recovery ? totp_recovery_use(db, s->account_id, code, r->now, e)
                  : totp_verify(db, s->account_id, code, r->now, e);
    if (rc && rc != ERR_DENIED)
        return rc;
    struct err ignored;
    if (rc == ERR_DENIED) {
        throttle_record(db, email, r->address, false, r->now, &ignored);
        return rc;
    }
    if ((rc = throttle_record(db, email, r->address, true, r->now, e)) ||
        (rc = session_second_factor_done(db, s, r->now, token, e)))
        return rc;
    return log_signin(db, &s->account, "sign-in",
                      recovery ? "signed in with a recovery code" : "signed in with a TOTP code",
                      r->address, e);
}

int signin_out(struct db *db, const struct session *s, const char *address, struct err *e)
{
    int rc = session_revoke(db, s->id, e);
    if (rc)
        return rc;
    return log_signin(db, &s->account, "sign-out", "signed out", address, e);
}
