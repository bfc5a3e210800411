/* codelock.h - two-step codes counted per account, on their own (issue 17).
 *
 * A wrong TOTP or recovery code adds one to the account's count
 * (account.code_failures). Nothing but a right code, or someone unlocking
 * the account, sets it back to zero: a right password does not, however
 * many times it is given, from however many addresses. The count is kept
 * on the account, not as times compared against a success, so attempts
 * within one second, or one millisecond, are each counted.
 *
 * After CODELOCK_FAILURES wrong codes the second step is locked for
 * CODELOCK_BACKOFF (a long back-off), or until a lead or an administrator
 * unlocks it (codelock_unlock; resetting two-step sign-in does too). While
 * the count stays at the limit, each wrong code after a back-off locks it
 * again: one guess per back-off at most. The lock is written to the audit
 * trail, and the holder is told of every wrong code at their next sign-in
 * (code_failures_untold).
 *
 * Each attempt is counted before the code is checked (codelock_begin, one
 * transaction), so codes sent at the same moment on many connections cannot
 * slip past the limit between a check and its record.
 *
 * `now_ms` is milliseconds since 1970 UTC (date_now_ms()).
 */
#ifndef MESO_CODELOCK_H
#define MESO_CODELOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;
struct db;
struct audit_who;

#define CODELOCK_FAILURES 5
#define CODELOCK_BACKOFF  (24 * 60 * 60) /* seconds */

/* One attempt at the second step, begun. */
struct codelock_attempt {
    int64_t account_id;
    int failures;     /* the count, this attempt included */
    bool locks;       /* this attempt, if wrong, locks the second step */
    int64_t until_ms; /* when it would unlock */
};

/* Count an attempt before the code is checked. 0 when it may go ahead;
 * ERR_LIMIT while the second step is locked, with a message saying who can
 * unlock it and when it unlocks by itself (nothing counted); ERR_NOTFOUND
 * when there is no such account. */
int codelock_begin(struct db *db, int64_t account_id, int64_t now_ms, struct codelock_attempt *at,
                   struct err *e);

/* The code was right: the count goes back to zero, and *untold (may be
 * NULL) is how many wrong codes the holder has not yet been told of (they
 * are told now: the count of untold ones is cleared too). */
int codelock_passed(struct db *db, const struct codelock_attempt *at, int *untold, struct err *e);

/* The code was wrong: when this attempt locked the second step, write it to
 * the audit trail (entity account, action "second-step-locked"). */
int codelock_failed(struct db *db, const struct audit_who *who, const struct codelock_attempt *at,
                    struct err *e);

/* Whether the second step is locked now, and until when (ms). */
int codelock_status(struct db *db, int64_t account_id, int64_t now_ms, bool *locked,
                    int64_t *until_ms, struct err *e);

/* A lead or administrator unlocks the second step (the count goes back to
 * zero; the holder is still told of the wrong codes), with an audit row
 * ("second-step-unlocked"). ERR_NOTFOUND when there is no such account. */
int codelock_unlock(struct db *db, const struct audit_who *who, int64_t account_id, struct err *e);

/* An account whose second step is locked now. */
struct codelock_holder {
    int64_t id;
    const char *name;
    const char *email;
};

/* The staff accounts of school_id whose second step is locked at now_ms,
 * by name (strings in a): for the lead's home page. */
int codelock_locked(struct db *db, struct arena *a, int64_t school_id, int64_t now_ms,
                    struct codelock_holder **out, size_t *n, struct err *e);

#endif
