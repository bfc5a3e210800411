/* firstrun.h - setting up a new meso from the browser.
 *
 * A database with no sign-in account at all (new, empty, or made with
 * `meso init` or an import but no `meso user add`) is in setup mode: nobody
 * can sign in, so `meso serve` prints a one-time setup link with a code (the
 * code lives only in the server's memory, as its hash). Whoever opens it
 * names the school (URN, name, LA, phase) and makes the first lead, with a
 * password they choose, and says who manages staff accounts: the lead
 * themselves (the account is lead and admin), or someone else, whose account
 * is made with a joining code for the lead to hand over. Two-step sign-in is
 * set up next, before anything else (the web layer starts the lead's session
 * at that step).
 *
 * Once any account exists, setup is over for good: firstrun_needed() says
 * no, and firstrun_complete() refuses (ERR_CONFLICT), checked again inside
 * its transaction so that two people racing with the code cannot both set up.
 */
#ifndef MESO_FIRSTRUN_H
#define MESO_FIRSTRUN_H

#include <stdbool.h>
#include <stdint.h>

#include "core/date.h"
#include "core/err.h"
#include "model/access/invite.h"
#include "model/register/school.h"

struct arena;
struct audit_who;
struct db;
struct password_gate;
struct problems;

/* What the setup form gives. */
struct firstrun {
    struct school school; /* urn, name, la_code, phase (id ignored) */
    const char *lead_name;
    const char *lead_email;
    const char *lead_password;
    bool admin_is_lead;                   /* the lead manages staff accounts too */
    const char *admin_name, *admin_email; /* otherwise, who does */
};

struct firstrun_result {
    int64_t school_id;
    int64_t lead_account_id;
    int64_t admin_account_id;         /* 0 when the lead is the administrator */
    char admin_code[INVITE_CODE_LEN]; /* the administrator's joining code, or "" */
    char admin_expires[DATE_TS_LEN];
};

/* *needed is true when the database has no account, so setup is to be done. */
int firstrun_needed(struct db *db, bool *needed, struct err *e);

/* Check the form: problems by field name (the school's "urn", "name", "la",
 * "phase"; "lead_name", "lead_email", "lead_password"; "admin_name",
 * "admin_email"). */
void firstrun_validate(const struct firstrun *f, struct problems *pr);

/* Set up: the school (an existing school with this URN, or the database's
 * only placeholder school, takes these details; otherwise it is added), the
 * lead's account with its password, and the administrator's, in one
 * transaction with its audit rows. ERR_INPUT ("field: reason") when the form
 * is wrong, ERR_CONFLICT when setup is already done (or an email is taken),
 * ERR_LIMIT when the password gate is full. */
int firstrun_complete(struct db *db, struct password_gate *g, const struct audit_who *who,
                      const struct firstrun *f, int64_t now, struct firstrun_result *out,
                      struct err *e);

#endif
