/* totp.h - the second sign-in factor: time-based one-time codes (RFC 6238:
 * HMAC-SHA1, 6 digits, 30-second steps, as every authenticator app uses)
 * through liboath, the QR code that sets an app up (libqrencode, drawn as
 * SVG), and single-use recovery codes.
 *
 * Enrolment: totp_enrol() makes a new secret and returns it (base32, and as
 * an otpauth:// URI for the QR code); it is stored but not yet in force.
 * totp_confirm() with a code from the app turns it on. The secret is shown
 * at enrolment only: never logged, never shown again.
 *
 * Checking: a code is accepted for the current step or one step either side
 * (clock drift of up to 30 seconds), and each step only once: the last step
 * used is stored, so a code seen over someone's shoulder cannot be replayed.
 * Codes are compared in constant time. Wrong codes are counted per account
 * (codelock.h; signin_second_factor() does this).
 *
 * Recovery codes: TOTP_RECOVERY_CODES codes of 16 characters
 * ("7KQX-M2NP-R8TW-4CHD", about 78 bits each), shown once, stored as hashes,
 * each usable once instead of a TOTP code.
 *
 * `now` is seconds since 1970 UTC (time(NULL)), passed in for tests.
 */
#ifndef MESO_TOTP_H
#define MESO_TOTP_H

#include <stdint.h>

#include "core/err.h"

struct arena;
struct audit_who;
struct buf;
struct db;

#define TOTP_DIGITS         6
#define TOTP_STEP           30 /* seconds */
#define TOTP_WINDOW         1  /* steps accepted either side of now */
#define TOTP_SECRET_BYTES   20 /* 160 bits, as RFC 4226 recommends */
#define TOTP_SECRET_LEN     33 /* base32 of 20 bytes: 32 characters and the NUL */
#define TOTP_RECOVERY_CODES 10
#define TOTP_RECOVERY_LEN   20 /* "XXXX-XXXX-XXXX-XXXX" and the NUL */
#define TOTP_ISSUER         "meso"

struct totp_enrolment {
    char secret[TOTP_SECRET_LEN]; /* base32, for typing into an app by hand */
    const char *uri;              /* otpauth://totp/meso:EMAIL?secret=...&issuer=meso */
};

/* Make a new secret for account_id and fill *out (the URI in a); while one
 * made earlier is not yet confirmed, show that one again instead (the person
 * may have scanned it; totp_reset clears it). ERR_CONFLICT when TOTP is already on (reset it
 * first with totp_reset), ERR_NOTFOUND when there is no such account. */
int totp_enrol(struct db *db, struct arena *a, int64_t account_id, struct totp_enrolment *out,
               struct err *e);

/* Turn TOTP on once the app shows a right code for the new secret. ERR_DENIED
 * for a wrong code, ERR_CONFLICT when there is no enrolment in progress. */
int totp_confirm(struct db *db, const struct audit_who *who, int64_t account_id, const char *code,
                 int64_t now, struct err *e);

/* Check a code at sign-in: 0, or ERR_DENIED (wrong, reused, or TOTP not on).
 * Spaces in the code are ignored. */
int totp_verify(struct db *db, int64_t account_id, const char *code, int64_t now, struct err *e);

/* Turn TOTP off and forget the secret and recovery codes (an admin's reset
 * for a lost phone). The account must enrol again if it requires TOTP. */
int totp_reset(struct db *db, const struct audit_who *who, int64_t account_id, struct err *e);

/* The otpauth:// URI for email and a base32 secret, in a. */
const char *totp_uri(struct arena *a, const char *email, const char *secret);

/* Draw text (the URI) as a QR code: an SVG document of <rect> elements with a
 * <title>, a white quiet zone of 4 modules, no script and no text from the
 * URI. Appends to out. ERR_INPUT when the text is too long for a QR code,
 * ERR_NOMEM or ERR_LIMIT from the buffer. */
int totp_qr_svg(const char *text, struct buf *out, struct err *e);

/* Make a fresh set of recovery codes (the old ones stop working) and write
 * them into codes, to be shown once. */
int totp_recovery_new(struct db *db, int64_t account_id,
                      char codes[TOTP_RECOVERY_CODES][TOTP_RECOVERY_LEN], int64_t now,
                      struct err *e);

/* Use one recovery code instead of a TOTP code: 0, or ERR_DENIED when it is
 * not one of the account's unused codes. Case, spaces and hyphens are
 * ignored. */
int totp_recovery_use(struct db *db, int64_t account_id, const char *code, int64_t now,
                      struct err *e);

/* How many unused recovery codes the account has. */
int totp_recovery_left(struct db *db, int64_t account_id, int *n, struct err *e);

#endif
