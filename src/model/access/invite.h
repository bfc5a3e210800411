/* invite.h - one-time joining codes: a parent or carer making their account,
 * and a member of staff making the password of the account an administrator
 * (or, for a lead, a lead) made for them.
 *
 * A lead chooses a child and one of the child's carers (`meso parent invite
 * UPN --carer-email EMAIL`, later a button on the child's page). meso makes
 * a one-time code of 12 characters in three groups ("7KQX-M2NP-R8TW", from
 * SECRET_ALPHABET, so nothing is mistaken for anything else when read out or
 * written down; about 58 bits), shown once and stored as its hash, valid for
 * INVITE_DAYS days. A new invitation for the same carer replaces any unused
 * one.
 *
 * The carer redeems it on the sign-in page with their email and a password:
 * that makes a parent account linked to the carer, so they see what their
 * own children's records share with them (model/access.h), nothing else.
 * Redemption attempts must be throttled (the web layer counts them with
 * throttle_begin(), by address: throttle.h).
 *
 * A member of staff is invited the same way (invite_create_staff): their
 * account exists without a password; the code lets them make it, once, so
 * whoever made the account never knows it. Staff and parent codes look
 * alike and are redeemed on the same page (invite_redeem tells them apart).
 *
 * `now` is seconds since 1970 UTC (time(NULL)), passed in for tests.
 */
#ifndef MESO_INVITE_H
#define MESO_INVITE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/date.h"
#include "core/secret.h"
#include "core/err.h"

struct audit_who;
struct db;
struct password_gate;

#define INVITE_DAYS     14
#define INVITE_CODE_LEN 15 /* "XXXX-XXXX-XXXX" and the NUL */

/* A new one-time code of the same kind (for the setup link, whose code the
 * server keeps in memory): its text, "XXXX-XXXX-XXXX", and its hash. */
void invite_code_new(char code[INVITE_CODE_LEN], char hash[SECRET_HASH_LEN]);
/* The hash of a code as typed (case, spaces and hyphens ignored); false when
 * it cannot be a code at all. */
bool invite_code_hash(const char *code, char hash[SECRET_HASH_LEN]);

/* Make an invitation for carer_id, who must be linked to pupil_id; writes
 * the code (to be shown once) and its expiry (ISO UTC text). ERR_NOTFOUND
 * when the carer is not linked to that pupil, ERR_CONFLICT when the carer
 * already has an account. */
int invite_create(struct db *db, const struct audit_who *who, int64_t pupil_id, int64_t carer_id,
                  int64_t now, char code[INVITE_CODE_LEN], char expires[DATE_TS_LEN],
                  struct err *e);

/* Make a joining code for a staff account that has no password yet (and is
 * not disabled); writes the code and its expiry like invite_create. An
 * unused earlier code for the account stops working. maker_roles are the
 * ACCOUNT_* roles of whoever asks (the command line passes
 * ACCOUNT_ROLES_ALL): a lead account's code (or one whose lead role is
 * waiting for approval) may be made only by a lead, any other only by an
 * administrator, so an administrator never holds the way into a lead
 * account. ERR_NOTFOUND (no such staff account), ERR_CONFLICT (it has a
 * password: they sign in), ERR_DENIED (maker_roles do not allow it). */
int invite_create_staff(struct db *db, const struct audit_who *who, unsigned maker_roles,
                        int64_t account_id, int64_t now, char code[INVITE_CODE_LEN],
                        char expires[DATE_TS_LEN], struct err *e);

/* Redeem a code: check it (case, spaces and hyphens ignored), then the email
 * and password (password_check), then, in one transaction, make the parent
 * account (a parent's code) or set the staff account's password (a staff
 * code: email must be the account's own, and the account must still have no
 * password), and mark the code used. Sets *account_id. ERR_NOTFOUND for a
 * code that is wrong, used or expired (one message for all three), ERR_INPUT
 * ("email: ...", "password: ..."), ERR_CONFLICT when the email is taken or
 * the carer has an account already, ERR_LIMIT when the gate is full. The
 * caller throttles attempts (throttle.h). */
int invite_redeem(struct db *db, struct password_gate *g, const struct audit_who *who,
                  const char *code, const char *email, const char *password, int64_t now,
                  int64_t *account_id, struct err *e);

#endif
