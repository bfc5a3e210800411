/* staffacct.h - staff accounts managed on the web, with separation of duties.
 *
 * An administrator manages accounts and sees no child's record; a lead sees
 * every child at the school. So that an administrator cannot make a lead,
 * become one, or sign in as one:
 *
 *   - Nobody chooses a new colleague's password. A new account has none; its
 *     owner makes it with a one-time joining code (model/access/invite.h).
 *   - A lead role (a new lead account, or the lead role for an existing
 *     account) asked for by someone who is not a lead waits, as a
 *     lead_request, until a lead approves it. A new lead's account, and its
 *     joining code, are made only then, and the code goes to the approving
 *     lead, never to the administrator. A lead who asks (a lead who is also
 *     an administrator) is that approval: the role takes effect at once.
 *   - Only a lead may make a new joining code for a lead's account.
 *   - The school keeps at least one enabled lead: the last one cannot be
 *     disabled or lose the role.
 *   - Gaining the lead or admin role ends the account's sessions, so its next
 *     sign-in sets up two-step sign-in.
 *
 * Each function acts for `by`: who is asking (their account, roles and
 * school; the command line is not a caller) and writes the audit trail
 * (entity "account" or "lead_request") in the same transaction as the
 * change. Accounts of another school, and the asker's own account, are
 * ERR_NOTFOUND. `now` is seconds since 1970 UTC, passed in for tests.
 */
#ifndef MESO_STAFFACCT_H
#define MESO_STAFFACCT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/err.h"
#include "model/access/invite.h"

struct arena;
struct db;
struct problems;

/* Who is asking. */
struct staffacct_by {
    const char *actor;   /* as in the audit trail: "user:EMAIL" */
    const char *address; /* the client address */
    int64_t account_id;
    unsigned roles; /* ACCOUNT_* bits */
    int64_t school_id;
};

struct staffacct_new {
    const char *name;
    const char *email;
    unsigned roles; /* ACCOUNT_* bits, at least one */
};

/* What a change did: the account made or changed, the lead request left
 * waiting (request_id, with nothing else done), and a joining code to hand
 * over when one was made (code[0] is '\0' when none was). */
struct staffacct_result {
    int64_t account_id;
    int64_t request_id;
    bool waiting; /* it waits for a lead's approval */
    char code[INVITE_CODE_LEN];
    char expires[DATE_TS_LEN];
};

/* A lead request, as listed for approval. */
struct lead_request {
    int64_t id;
    int64_t account_id; /* 0: a new account */
    const char *email;
    const char *name;
    unsigned other_roles; /* roles asked for beside lead */
    const char *requested_by;
    const char *requested_at;
    bool joined; /* the existing account has a password */
};

/* Check a new account's fields: problems by field name ("name", "email",
 * "roles"). */
void staffacct_validate(const struct staffacct_new *n, struct problems *pr);

/* Add a staff account for by's school (after staffacct_validate found
 * nothing): made at once with a joining code, or, when it asks for the lead
 * role and by is not a lead, a waiting lead request. ERR_INPUT when a field
 * is wrong; ERR_CONFLICT ("email: ...") when the email has an account or a
 * waiting request. */
int staffacct_add(struct db *db, const struct staffacct_by *by, const struct staffacct_new *n,
                  int64_t now, struct staffacct_result *out, struct err *e);

/* Replace an account's roles. Adding the lead role, when by is not a lead,
 * changes nothing yet: the whole new set waits for a lead's approval.
 * ERR_INPUT (no role), ERR_CONFLICT ("roles: ..." the last lead; a request
 * already waiting), ERR_NOTFOUND. */
int staffacct_set_roles(struct db *db, const struct staffacct_by *by, int64_t account_id,
                        unsigned roles, int64_t now, struct staffacct_result *out, struct err *e);

/* Disable (or enable again) an account; disabling ends its sessions.
 * ERR_CONFLICT when it is the school's last enabled lead. */
int staffacct_set_disabled(struct db *db, const struct staffacct_by *by, int64_t account_id,
                           bool disabled, struct err *e);

/* A new joining code for an account that has not joined yet (see
 * invite_create_staff for who may). */
int staffacct_invite(struct db *db, const struct staffacct_by *by, int64_t account_id, int64_t now,
                     struct staffacct_result *out, struct err *e);

/* Approve (or refuse) a waiting lead request; by must be a lead of its
 * school and not the account it is for (ERR_DENIED). Approving a new
 * account makes it, with the roles asked for and lead, and a joining code
 * for the approving lead to hand over; approving the role for an account
 * that has not joined yet makes a new code too. ERR_NOTFOUND when there is
 * no such waiting request at the school; ERR_CONFLICT when the email has
 * been taken meanwhile. */
int staffacct_decide(struct db *db, const struct staffacct_by *by, int64_t request_id, bool approve,
                     int64_t now, struct staffacct_result *out, struct err *e);

/* The lead requests waiting at school_id, oldest first (strings in a). */
int staffacct_waiting(struct db *db, struct arena *a, int64_t school_id, struct lead_request **out,
                      size_t *n, struct err *e);

/* The waiting request for an account, if any (*out zeroed and 0 returned
 * when none). */
int staffacct_waiting_for(struct db *db, struct arena *a, int64_t account_id,
                          struct lead_request *out, struct err *e);

/* Enabled accounts at school_id holding the lead role. */
int staffacct_leads(struct db *db, int64_t school_id, long *n, struct err *e);

#endif
