#include "model/access/totp.h"

#include <ctype.h>
#include <errno.h>
#include <liboath/oath.h>
#include <pthread.h>
#include <qrencode.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/log.h"
#include "core/secret.h"
#include "db/db.h"
#include "model/register/audit.h"

/* liboath must be initialised once per process before use: an init-once
 * module-level flag, written only inside pthread_once. */
static pthread_once_t oath_once = PTHREAD_ONCE_INIT;
static int oath_started;

static void start_oath(void)
{
    oath_started = oath_init() == OATH_OK;
    if (!oath_started)
        log_msg(LOG_ERROR, "liboath could not start");
}

static int need_oath(struct err *e)
{
    pthread_once(&oath_once, start_oath);
    if (!oath_started || secret_init() != 0)
        return err_set(e, ERR_STORAGE, "two-factor sign-in is not available on this server");
    return 0;
}

/* The code as typed, without spaces; false unless TOTP_DIGITS digits. */
static bool clean_code(const char *code, char out[TOTP_DIGITS + 1])
{
    size_t o = 0;
    for (const char *p = code ? code : ""; *p; p++) {
        if (*p == ' ' || *p == '-')
            continue;
        if (!isdigit((unsigned char)*p) || o >= TOTP_DIGITS)
            return false;
        out[o++] = *p;
    }
    out[o] = '\0';
    return o == TOTP_DIGITS;
}

/* liboath calls this for each candidate code in the window; 0 means match. */
static int compare_code(void *handle, const char *candidate)
{
    const char *given = handle;
    if (strlen(candidate) != TOTP_DIGITS)
        return 1;
    return sodium_memcmp(given, candidate, TOTP_DIGITS) == 0 ? 0 : 1;
}

/* Check code against a base32 secret at now; sets *step to the time step it
 * matched. Returns 0 or ERR_DENIED. */
static int check_code(const char *secret_b32, const char *code, int64_t now, int64_t *step,
                      struct err *e)
{
    char given[TOTP_DIGITS + 1];
    if (!clean_code(code, given))
        return err_set(e, ERR_DENIED, "the code is %d digits, from your authenticator app",
                       TOTP_DIGITS);
    char *raw = NULL; /* allocated by liboath with malloc */
    size_t raw_len = 0;
    if (!secret_b32 ||
        oath_base32_decode(secret_b32, strlen(secret_b32), &raw, &raw_len) != OATH_OK)
        return err_set(e, ERR_DENIED, "the code is not right");
    int pos = 0;
    uint64_t counter = 0;
    int rc = oath_totp_validate3_callback(raw, raw_len, (time_t)now, TOTP_STEP,
                                          OATH_TOTP_DEFAULT_START_TIME, TOTP_DIGITS, TOTP_WINDOW,
                                          &pos, &counter, compare_code, given);
    secret_wipe(raw, raw_len);
    free(raw);
    if (rc < 0)
        return err_set(e, ERR_DENIED, "the code is not right; check the time on your phone");
    *step = (int64_t)counter;
    return 0;
}

static int log_totp(struct db *db, const struct audit_who *who, const char *action,
                    int64_t account_id, const char *detail, struct err *e)
{
    /* With the account's school, so the school's own trail shows it. */
    struct db_stmt *st;
    int rc = db_prepare(db, &st, "SELECT school_id FROM account WHERE id = ?1", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, account_id);
    rc = db_step(st, e);
    int64_t school_id = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_finalize(st);
    if (rc < 0)
        return rc;
    struct audit_entry au = { .actor = who && who->actor ? who->actor : "unknown",
                              .action = action,
                              .entity = "account",
                              .entity_id = account_id,
                              .school_id = school_id,
                              .detail = detail,
                              .address = who ? who->address : NULL };
    return audit_log(db, &au, e);
}

const char *totp_uri(struct arena *a, const char *email, const char *secret)
{
    /* Percent-encode the account name: anything but unreserved characters. */
    char label[3 * 256 + 1];
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)email; *p && o + 4 < sizeof label; p++) {
        if (isalnum(*p) || *p == '-' || *p == '.' || *p == '_' || *p == '~')
            label[o++] = (char)*p;
        else
            o += (size_t)snprintf(label + o, sizeof label - o, "%%%02X", *p);
    }
    label[o] = '\0';
    return arena_sprintf(a, "otpauth://totp/" TOTP_ISSUER ":%s?secret=%s&issuer=" TOTP_ISSUER,
                         label, secret);
}

int totp_enrol(struct db *db, struct arena *a, int64_t account_id, struct totp_enrolment *out,
               struct err *e)
{
    memset(out, 0, sizeof *out);
    int rc = need_oath(e);
    if (rc)
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db, &st,
                         "SELECT email, totp_enabled, totp_secret FROM account WHERE id = ?1", e)))
        return rc;
    db_bind_int(st, 1, account_id);
    rc = db_step(st, e);
    const char *email = rc == DB_ROW ? arena_strdup(a, db_col_text(st, 0)) : NULL;
    bool on = rc == DB_ROW && db_col_int(st, 1) != 0;
    /* A secret not yet confirmed is kept: the person may have scanned it
     * already, and a reload or a mistyped code must not make their app's
     * codes wrong. */
    const char *pending = rc == DB_ROW ? db_col_text(st, 2) : NULL;
    bool reuse = pending && strlen(pending) + 1 == sizeof out->secret;
    if (reuse)
        memcpy(out->secret, pending, sizeof out->secret);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (rc == DB_DONE)
        return err_set(e, ERR_NOTFOUND, "no such account");
    if (!email)
        return err_set(e, ERR_NOMEM, "out of memory");
    if (on)
        return err_set(e, ERR_CONFLICT, "two-factor sign-in is already set up for this account");
    if (reuse) {
        if (!(out->uri = totp_uri(a, email, out->secret))) {
            secret_wipe(out->secret, sizeof out->secret);
            return err_set(e, ERR_NOMEM, "out of memory");
        }
        return 0;
    }
    unsigned char raw[TOTP_SECRET_BYTES];
    secret_random(raw, sizeof raw);
    char *b32 = NULL; /* allocated by liboath with malloc */
    size_t b32_len = 0;
    rc = oath_base32_encode((const char *)raw, sizeof raw, &b32, &b32_len);
    secret_wipe(raw, sizeof raw);
    if (rc != OATH_OK || b32_len + 1 != sizeof out->secret) {
        free(b32);
        return err_set(e, ERR_NOMEM, "out of memory");
    }
    memcpy(out->secret, b32, b32_len + 1);
    secret_wipe(b32, b32_len);
    free(b32);
    rc = db_prepare(db, &st,
                    "UPDATE account SET totp_secret = ?2, totp_last_step = NULL"
                    " WHERE id = ?1 AND totp_enabled = 0",
                    e);
    if (rc == 0) {
        db_bind_int(st, 1, account_id);
        db_bind_text(st, 2, out->secret);
        rc = db_step(st, e);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0 && !(out->uri = totp_uri(a, email, out->secret)))
        rc = err_set(e, ERR_NOMEM, "out of memory");
    if (rc)
        secret_wipe(out->secret, sizeof out->secret);
    return rc;
}

/* Read the account's secret (into a), whether it is on, and the last step. */
static int load_secret(struct db *db, struct arena *a, int64_t account_id, char **secret, bool *on,
                       struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st, "SELECT totp_secret, totp_enabled FROM account WHERE id = ?1", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, account_id);
    rc = db_step(st, e);
    *secret = rc == DB_ROW ? arena_strdup(a, db_col_text(st, 0)) : NULL;
    *on = rc == DB_ROW && db_col_int(st, 1) != 0;
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* Record step as used, unless it (or a later one) was used already. */
static int use_step(struct db *db, int64_t account_id, int64_t step, bool enable, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "UPDATE account SET totp_last_step = ?2,"
                        " totp_enabled = CASE WHEN ?3 THEN 1 ELSE totp_enabled END"
                        " WHERE id = ?1 AND totp_secret IS NOT NULL"
                        " AND (totp_last_step IS NULL OR totp_last_step < ?2)",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, account_id);
    db_bind_int(st, 2, step);
    db_bind_int(st, 3, enable);
    rc = db_step(st, e);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (db_changes(db) != 1)
        return err_set(e, ERR_DENIED, "that code has been used already; wait for the next one");
    return 0;
}

int totp_confirm(struct db *db, const struct audit_who *who, int64_t account_id, const char *code,
                 int64_t now, struct err *e)
{
    int rc = need_oath(e);
    if (rc)
        return rc;
    struct arena a;
    arena_init(&a, 0);
    char *secret = NULL;
    bool on;
    int64_t step;
    if ((rc = load_secret(db, &a, account_id, &secret, &on, e)))
        goto out;
    if (on || !secret) {
        rc = err_set(e, ERR_CONFLICT,
                     on ? "two-factor sign-in is already set up for this account"
                        : "start setting up two-factor sign-in first");
        goto out;
    }
    if ((rc = check_code(secret, code, now, &step, e)))
        goto out;
    if ((rc = db_begin(db, e)))
        goto out;
    rc = use_step(db, account_id, step, true, e);
    if (rc == 0)
        rc = log_totp(db, who, "totp-on", account_id, "two-factor sign-in set up", e);
    if (rc) {
        db_rollback(db);
        goto out;
    }
    rc = db_commit(db, e);
out:
    if (secret)
        secret_wipe(secret, strlen(secret));
    arena_release(&a);
    return rc;
}

int totp_verify(struct db *db, int64_t account_id, const char *code, int64_t now, struct err *e)
{
    int rc = need_oath(e);
    if (rc)
        return rc;
    struct arena a;
    arena_init(&a, 0);
    char *secret = NULL;
    bool on;
    int64_t step;
    if ((rc = load_secret(db, &a, account_id, &secret, &on, e)))
        goto out;
    if (!on || !secret)
        rc = err_set(e, ERR_DENIED, "the code is not right");
    if (rc == 0)
        rc = check_code(secret, code, now, &step, e);
    if (rc == 0)
        rc = use_step(db, account_id, step, false, e);
out:
    if (secret)
        secret_wipe(secret, strlen(secret));
    arena_release(&a);
    return rc;
}

int totp_reset(struct db *db, const struct audit_who *who, int64_t account_id, struct err *e)
{
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    struct db_stmt *st;
    rc = db_prepare(db, &st,
                    "UPDATE account SET totp_secret = NULL, totp_enabled = 0,"
                    " totp_last_step = NULL, code_failures = 0, code_locked_until = NULL"
                    " WHERE id = ?1",
                    e);
    if (rc == 0) {
        db_bind_int(st, 1, account_id);
        rc = db_step(st, e);
        db_finalize(st);
        if (rc >= 0 && db_changes(db) != 1)
            rc = err_set(e, ERR_NOTFOUND, "no such account");
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0 &&
        (rc = db_prepare(db, &st, "DELETE FROM recovery_code WHERE account_id = ?1", e)) == 0) {
        db_bind_int(st, 1, account_id);
        rc = db_step(st, e);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0)
        rc = log_totp(db, who, "totp-reset", account_id,
                      "two-factor sign-in reset; recovery codes removed", e);
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}

/* ---- QR code ------------------------------------------------------------ */

int totp_qr_svg(const char *text, struct buf *out, struct err *e)
{
    QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!qr)
        return errno == ERANGE || errno == EINVAL
                   ? err_set(e, ERR_INPUT, "the text is too long for a QR code")
                   : err_set(e, ERR_NOMEM, "out of memory");
    const int quiet = 4, w = qr->width, size = qr->width + 2 * quiet;
    int rc = buf_addf(out,
                      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\""
                      " width=\"%d\" height=\"%d\" shape-rendering=\"crispEdges\" role=\"img\""
                      " aria-labelledby=\"totp-qr-title\">"
                      "<title id=\"totp-qr-title\">QR code to scan with your authenticator app"
                      "</title>"
                      "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/><g fill=\"#000000\">",
                      size, size, size * 6, size * 6, size, size);
    /* One rectangle per horizontal run of dark modules (bit 0 of each byte). */
    for (int y = 0; rc == 0 && y < w; y++) {
        const unsigned char *row = qr->data + (size_t)y * (size_t)w;
        for (int x = 0; rc == 0 && x < w;) {
            if (!(row[x] & 1)) {
                x++;
                continue;
            }
            int run = 1;
            while (x + run < w && (row[x + run] & 1))
                run++;
            rc = buf_addf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"1\"/>", x + quiet,
                          y + quiet, run);
            x += run;
        }
    }
    if (rc == 0)
        rc = buf_adds(out, "</g></svg>\n");
    QRcode_free(qr);
    if (rc)
        return err_set(e, rc, rc == ERR_LIMIT ? "the QR code is too large" : "out of memory");
    return 0;
}

/* ---- recovery codes ----------------------------------------------------- */

/* Upper case, without spaces and hyphens; false unless 16 characters of the
 * alphabet. */
static bool clean_recovery(const char *code, char out[17])
{
    size_t o = 0;
    for (const char *p = code ? code : ""; *p; p++) {
        if (*p == ' ' || *p == '-')
            continue;
        char c = (char)toupper((unsigned char)*p);
        if (!strchr(SECRET_ALPHABET, c) || o >= 16)
            return false;
        out[o++] = c;
    }
    out[o] = '\0';
    return o == 16;
}

int totp_recovery_new(struct db *db, int64_t account_id,
                      char codes[TOTP_RECOVERY_CODES][TOTP_RECOVERY_LEN], int64_t now,
                      struct err *e)
{
    (void)now;
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db, &st, "DELETE FROM recovery_code WHERE account_id = ?1", e)) == 0) {
        db_bind_int(st, 1, account_id);
        rc = db_step(st, e);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    for (int i = 0; rc == 0 && i < TOTP_RECOVERY_CODES; i++) {
        char raw[17], hash[SECRET_HASH_LEN];
        secret_code(raw, 16, SECRET_ALPHABET);
        snprintf(codes[i], TOTP_RECOVERY_LEN, "%.4s-%.4s-%.4s-%.4s", raw, raw + 4, raw + 8,
                 raw + 12);
        secret_hash(raw, hash);
        secret_wipe(raw, sizeof raw);
        if ((rc = db_prepare(
                 db, &st, "INSERT INTO recovery_code (account_id, code_hash) VALUES (?1, ?2)", e)))
            break;
        db_bind_int(st, 1, account_id);
        db_bind_text(st, 2, hash);
        rc = db_step(st, e);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    if (rc) {
        db_rollback(db);
        secret_wipe(codes, sizeof(char[TOTP_RECOVERY_CODES][TOTP_RECOVERY_LEN]));
        return rc;
    }
    return db_commit(db, e);
}

int totp_recovery_use(struct db *db, int64_t account_id, const char *code, int64_t now,
                      struct err *e)
{
    char clean[17], hash[SECRET_HASH_LEN], at[DATE_TS_LEN];
    if (!clean_recovery(code, clean))
        return err_set(e, ERR_DENIED, "that recovery code is not right, or has been used");
    secret_hash(clean, hash);
    secret_wipe(clean, sizeof clean);
    date_timestamp_at(now, at);
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "UPDATE recovery_code SET used_at = ?3"
                        " WHERE account_id = ?1 AND code_hash = ?2 AND used_at IS NULL",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, account_id);
    db_bind_text(st, 2, hash);
    db_bind_text(st, 3, at);
    rc = db_step(st, e);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (db_changes(db) != 1)
        return err_set(e, ERR_DENIED, "that recovery code is not right, or has been used");
    return 0;
}

int totp_recovery_left(struct db *db, int64_t account_id, int *n, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(
        db, &st, "SELECT count(*) FROM recovery_code WHERE account_id = ?1 AND used_at IS NULL", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, account_id);
    rc = db_step(st, e);
    *n = rc == DB_ROW ? (int)db_col_int(st, 0) : 0;
    db_finalize(st);
    return rc < 0 ? rc : 0;
}
