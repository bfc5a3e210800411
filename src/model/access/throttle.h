/* throttle.h - limits on sign-in attempts, against password guessing.
 *
 * Every attempt (password, TOTP or recovery code, invitation code) is
 * recorded with the email it was for and the client address. Before
 * checking a password, the web layer asks throttle_check(): a sign-in is
 * refused, without checking the password, while either limit is reached:
 *
 *   THROTTLE_ACCOUNT_FAILURES failures for one email in THROTTLE_WINDOW
 *     seconds (counting only failures since that email's last success), and
 *   THROTTLE_ADDRESS_FAILURES failures from one address in the same window
 *     (successes do not reset this one, so one good account cannot be used
 *     to clear the way for guessing at others).
 *
 * The refusal says when to try again ("try again in 12 minutes"): when the
 * oldest failure that counts leaves the window. Emails are recorded whether
 * or not an account has them, so the limits do not reveal which exist.
 * Attempts older than a day are deleted as new ones are recorded.
 *
 * `now` is seconds since 1970 UTC (time(NULL)), passed in for tests.
 */
#ifndef MESO_THROTTLE_H
#define MESO_THROTTLE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

struct db;

/* The limits, in one place. */
#define THROTTLE_WINDOW           (15 * 60) /* seconds */
#define THROTTLE_ACCOUNT_FAILURES 5
#define THROTTLE_ADDRESS_FAILURES 20
#define THROTTLE_KEEP             (24 * 60 * 60) /* seconds attempts are kept */

/* Record one attempt. email is normalised (trimmed, lower case); address
 * may be NULL (the command line), recorded as "". */
int throttle_record(struct db *db, const char *email, const char *address, bool ok, int64_t now,
                    struct err *e);

/* 0 when an attempt for email from address may go ahead; ERR_LIMIT when not,
 * with "too many attempts; try again in N minutes" in e and N in
 * *wait_minutes (may be NULL; set to 0 when allowed). */
int throttle_check(struct db *db, const char *email, const char *address, int64_t now,
                   int *wait_minutes, struct err *e);

#endif
