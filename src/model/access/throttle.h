/* throttle.h - limits on sign-in attempts and code entry, against guessing,
 * built so that an attacker cannot aim them at someone else (issue 17).
 *
 * Every attempt (a password, a joining code, the setup code) is recorded
 * with a key (the email it was for, or the kind of code: "join", "setup")
 * and the client address. Before checking, the web layer calls
 * throttle_begin(), which checks the rules below and, in the same
 * transaction, records the attempt as a failure; throttle_ok() marks it a
 * success once the password or code was right. So attempts made at the same
 * moment on many connections are counted one by one: none slips past a
 * limit between a check and its record.
 *
 * The rules, checked in this order:
 *
 *   The pair (key, address): THROTTLE_PAIR_FREE failures since the pair's
 *   last success cost nothing; after that each attempt waits a growing
 *   delay after the pair's last failure (THROTTLE_DELAY_FIRST seconds,
 *   doubling with each further failure, at most THROTTLE_DELAY_MAX). It is
 *   a delay, not a lock: the person who typed wrong a few times can try
 *   again a little later, and the same email from another address is not
 *   slowed at all by this rule.
 *
 *   The account (passwords only): when an email has THROTTLE_ACCOUNT_FREE
 *   failures or more from any address in THROTTLE_ACCOUNT_WINDOW (guessing
 *   from many addresses), addresses that are not the account's usual place
 *   (no success for this email there in THROTTLE_USUAL_KEEP) wait a growing
 *   delay after the email's last failure too. The usual place never does, so
 *   the right password from where the person normally signs in still gets
 *   in, whatever is happening elsewhere.
 *
 *   The address: THROTTLE_ADDRESS_FAILURES failures from one address in
 *   THROTTLE_ADDRESS_WINDOW, plus THROTTLE_ADDRESS_PER_ACCOUNT for every
 *   email that has signed in from it in THROTTLE_USUAL_KEEP (a school's staff
 *   often share one public address), at most THROTTLE_ADDRESS_MAX: further
 *   attempts from there wait until the oldest of those failures leaves the
 *   window. A pair whose address is the account's usual place is not held
 *   by this rule (the pair rule still applies to it).
 *
 * The refusal says when to try again ("try again in 40 seconds", "... in 12
 * minutes"). Emails are recorded whether or not an account has them, so the
 * limits do not reveal which exist. Failures older than THROTTLE_KEEP and
 * successes older than THROTTLE_USUAL_KEEP are deleted as attempts are
 * recorded. Times are kept to the millisecond; the order of attempts is the
 * order of their ids, so even attempts within one millisecond are ordered.
 *
 * Two-step codes are not counted here but per account (codelock.h).
 *
 * `now_ms` is milliseconds since 1970 UTC (date_now_ms()), passed in for
 * tests.
 */
#ifndef MESO_THROTTLE_H
#define MESO_THROTTLE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

struct db;

/* The limits, in one place. Times in seconds. */
#define THROTTLE_PAIR_FREE           5
#define THROTTLE_DELAY_FIRST         15
#define THROTTLE_DELAY_MAX           (15 * 60)
#define THROTTLE_ACCOUNT_FREE        50
#define THROTTLE_ACCOUNT_WINDOW      (60 * 60)
#define THROTTLE_ADDRESS_FAILURES    100
#define THROTTLE_ADDRESS_PER_ACCOUNT 20
#define THROTTLE_ADDRESS_MAX         2000
#define THROTTLE_ADDRESS_WINDOW      (15 * 60)
#define THROTTLE_KEEP                (24 * 60 * 60)      /* failures */
#define THROTTLE_USUAL_KEEP          (30 * 24 * 60 * 60) /* successes */

enum throttle_kind {
    THROTTLE_PASSWORD, /* key is an email: every rule */
    THROTTLE_CODE,     /* key names a kind of code ("join"): the pair and address rules */
};

/* The delay in seconds after the n-th failure of a pair (0 while n is below
 * THROTTLE_PAIR_FREE). Exposed for tests and the documentation. */
int throttle_delay(int n);

/* Record one attempt now (no check). key is normalised as an email
 * (trimmed, lower case); address may be NULL (the command line), recorded
 * as "". *id (may be NULL) is the attempt's id. */
int throttle_record(struct db *db, const char *key, const char *address, bool ok, int64_t now_ms,
                    int64_t *id, struct err *e);

/* 0 when an attempt for key from address may go ahead; ERR_LIMIT when not,
 * with "too many attempts; try again in N minutes" (or seconds) in e and
 * the wait in seconds in *wait_seconds (may be NULL; 0 when allowed). */
int throttle_check(struct db *db, enum throttle_kind kind, const char *key, const char *address,
                   int64_t now_ms, int *wait_seconds, struct err *e);

/* throttle_check(), then the attempt recorded as a failure, in one
 * transaction. 0 with *attempt set, ERR_LIMIT (nothing recorded), or a
 * storage error. */
int throttle_begin(struct db *db, enum throttle_kind kind, const char *key, const char *address,
                   int64_t now_ms, int64_t *attempt, int *wait_seconds, struct err *e);

/* The attempt begun by throttle_begin() succeeded. */
int throttle_ok(struct db *db, int64_t attempt, struct err *e);

#endif
