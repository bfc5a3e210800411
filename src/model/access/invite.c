#include "model/access/invite.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/secret.h"
#include "db/db.h"
#include "model/access/account.h"
#include "model/register/audit.h"
#include "model/register/carer.h"
#include "model/access/password.h"

#define CODE_CHARS 12

static const char not_right[] =
    "this invitation code is not right, or has expired or been used; ask the school for a new one";

/* Upper case without spaces and hyphens; false unless CODE_CHARS characters
 * of the alphabet. */
static bool clean_code(const char *code, char out[CODE_CHARS + 1])
{
    size_t o = 0;
    for (const char *p = code ? code : ""; *p; p++) {
        if (*p == ' ' || *p == '-')
            continue;
        char c = (char)toupper((unsigned char)*p);
        if (!strchr(SECRET_ALPHABET, c) || o >= CODE_CHARS)
            return false;
        out[o++] = c;
    }
    out[o] = '\0';
    return o == CODE_CHARS;
}

void invite_code_new(char code[INVITE_CODE_LEN], char hash[SECRET_HASH_LEN])
{
    char raw[CODE_CHARS + 1];
    secret_code(raw, CODE_CHARS, SECRET_ALPHABET);
    snprintf(code, INVITE_CODE_LEN, "%.4s-%.4s-%.4s", raw, raw + 4, raw + 8);
    secret_hash(raw, hash);
    secret_wipe(raw, sizeof raw);
}

bool invite_code_hash(const char *code, char hash[SECRET_HASH_LEN])
{
    char clean[CODE_CHARS + 1];
    if (!clean_code(code, clean))
        return false;
    secret_hash(clean, hash);
    secret_wipe(clean, sizeof clean);
    return true;
}

/* A new code: its text for the person (code, "XXXX-XXXX-XXXX"), its stored
 * hash, and the times it is made and stops working. */
static void new_code(int64_t now, char code[INVITE_CODE_LEN], char hash[SECRET_HASH_LEN],
                     char at[DATE_TS_LEN], char expires[DATE_TS_LEN])
{
    invite_code_new(code, hash);
    date_timestamp_at(now, at);
    date_timestamp_at(now + (int64_t)INVITE_DAYS * 24 * 60 * 60, expires);
}

/* Run a prepared statement that returns no rows. */
static int step_done(struct db_stmt *st, struct err *e)
{
    int rc = db_step(st, e);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int invite_create(struct db *db, const struct audit_who *who, int64_t pupil_id, int64_t carer_id,
                  int64_t now, char code[INVITE_CODE_LEN], char expires[DATE_TS_LEN], struct err *e)
{
    struct db_stmt *st;
    int rc =
        db_prepare(db, &st,
                   "SELECT p.school_id, EXISTS (SELECT 1 FROM account a WHERE a.carer_id = c.id)"
                   " FROM pupil_carer pc JOIN pupil p ON p.id = pc.pupil_id"
                   " JOIN carer c ON c.id = pc.carer_id"
                   " WHERE pc.pupil_id = ?1 AND pc.carer_id = ?2 AND c.school_id = p.school_id",
                   e);
    if (rc)
        return rc;
    db_bind_int(st, 1, pupil_id);
    db_bind_int(st, 2, carer_id);
    rc = db_step(st, e);
    int64_t school_id = rc == DB_ROW ? db_col_int(st, 0) : 0;
    bool has_account = rc == DB_ROW && db_col_int(st, 1) != 0;
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (rc == DB_DONE)
        return err_set(e, ERR_NOTFOUND, "that parent or carer is not linked to this pupil");
    if (has_account)
        return err_set(e, ERR_CONFLICT,
                       "this parent or carer already has an account; they can sign in with it");
    char hash[SECRET_HASH_LEN], at[DATE_TS_LEN], detail[160];
    new_code(now, code, hash, at, expires);
    if ((rc = db_begin(db, e)))
        goto fail;
    /* One live invitation per carer: an earlier unused one stops working. */
    rc = db_prepare(db, &st,
                    "UPDATE parent_invite SET expires_at = ?2"
                    " WHERE carer_id = ?1 AND used_at IS NULL AND expires_at > ?2",
                    e);
    if (rc == 0) {
        db_bind_int(st, 1, carer_id);
        db_bind_text(st, 2, at);
        rc = step_done(st, e);
    }
    if (rc == 0)
        rc = db_prepare(db, &st,
                        "INSERT INTO parent_invite (code_hash, carer_id, pupil_id, school_id,"
                        " created_by, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                        e);
    if (rc == 0) {
        db_bind_text(st, 1, hash);
        db_bind_int(st, 2, carer_id);
        db_bind_int(st, 3, pupil_id);
        db_bind_int(st, 4, school_id);
        db_bind_text(st, 5, who && who->actor ? who->actor : "unknown");
        db_bind_text(st, 6, at);
        db_bind_text(st, 7, expires);
        rc = step_done(st, e);
    }
    if (rc == 0) {
        snprintf(detail, sizeof detail, "invitation to make a parent account, valid until %.10s",
                 expires);
        struct audit_entry au = { .actor = who && who->actor ? who->actor : "unknown",
                                  .action = "invite",
                                  .entity = "carer",
                                  .entity_id = carer_id,
                                  .pupil_id = pupil_id,
                                  .school_id = school_id,
                                  .detail = detail,
                                  .address = who ? who->address : NULL };
        rc = audit_log(db, &au, e);
    }
    if (rc) {
        db_rollback(db);
        goto fail;
    }
    if ((rc = db_commit(db, e)))
        goto fail;
    return 0;
fail:
    secret_wipe(code, INVITE_CODE_LEN);
    return rc;
}

int invite_create_staff(struct db *db, const struct audit_who *who, unsigned maker_roles,
                        int64_t account_id, int64_t now, char code[INVITE_CODE_LEN],
                        char expires[DATE_TS_LEN], struct err *e)
{
    struct arena a;
    arena_init(&a, 0);
    struct account acc;
    int rc = account_by_id(db, &a, account_id, &acc, e);
    if (rc == 0 && acc.kind != ACCOUNT_STAFF)
        rc = err_set(e, ERR_NOTFOUND, "no such account");
    struct db_stmt *st;
    bool lead_waiting = false;
    if (rc == 0 && (rc = db_prepare(db, &st,
                                    "SELECT 1 FROM lead_request WHERE account_id = ?1"
                                    " AND decision IS NULL",
                                    e)) == 0) {
        db_bind_int(st, 1, account_id);
        rc = db_step(st, e);
        lead_waiting = rc == DB_ROW;
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    if (rc)
        goto out;
    bool lead = (acc.roles & ACCOUNT_LEAD) || lead_waiting;
    if (acc.has_password) {
        rc = err_set(e, ERR_CONFLICT, "%s has already joined; they sign in with their password",
                     acc.name);
        goto out;
    }
    if (acc.disabled) {
        rc = err_set(e, ERR_CONFLICT, "%s's account is disabled; enable it first", acc.name);
        goto out;
    }
    if (!(maker_roles & (lead ? ACCOUNT_LEAD : ACCOUNT_ADMIN))) {
        rc = err_set(e, ERR_DENIED,
                     lead ? "only a lead can make the joining code for a lead's account"
                          : "only an administrator can make joining codes for staff");
        goto out;
    }
    char hash[SECRET_HASH_LEN], at[DATE_TS_LEN];
    new_code(now, code, hash, at, expires);
    if ((rc = db_begin(db, e)))
        goto out;
    rc = db_prepare(db, &st,
                    "UPDATE staff_invite SET expires_at = ?2"
                    " WHERE account_id = ?1 AND used_at IS NULL AND expires_at > ?2",
                    e);
    if (rc == 0) {
        db_bind_int(st, 1, account_id);
        db_bind_text(st, 2, at);
        rc = step_done(st, e);
    }
    if (rc == 0)
        rc = db_prepare(db, &st,
                        "INSERT INTO staff_invite (code_hash, account_id, school_id, created_by,"
                        " created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        e);
    if (rc == 0) {
        db_bind_text(st, 1, hash);
        db_bind_int(st, 2, account_id);
        db_bind_int(st, 3, acc.school_id);
        db_bind_text(st, 4, who && who->actor ? who->actor : "unknown");
        db_bind_text(st, 5, at);
        db_bind_text(st, 6, expires);
        rc = step_done(st, e);
    }
    if (rc == 0) {
        struct audit_entry au = { .actor = who && who->actor ? who->actor : "unknown",
                                  .action = "invite",
                                  .entity = "account",
                                  .entity_id = account_id,
                                  .school_id = acc.school_id,
                                  .detail =
                                      arena_sprintf(&a, "joining code for %s, valid until %.10s",
                                                    acc.email, expires),
                                  .address = who ? who->address : NULL };
        rc = audit_log(db, &au, e);
    }
    if (rc)
        db_rollback(db);
    else
        rc = db_commit(db, e);
out:
    if (rc)
        secret_wipe(code, INVITE_CODE_LEN);
    arena_release(&a);
    return rc;
}

/* A live (unused, unexpired) code: a parent's (carer_id set) or a member of
 * staff's (account_id set). */
struct live_invite {
    int64_t id, carer_id, pupil_id, school_id, account_id;
};

static int find_live(struct db *db, const char *hash, const char *now, struct live_invite *out,
                     struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT id, carer_id, coalesce(pupil_id, 0), school_id FROM parent_invite"
                        " WHERE code_hash = ?1 AND used_at IS NULL AND expires_at > ?2",
                        e);
    if (rc)
        return rc;
    db_bind_text(st, 1, hash);
    db_bind_text(st, 2, now);
    rc = db_step(st, e);
    if (rc == DB_ROW) {
        out->id = db_col_int(st, 0);
        out->carer_id = db_col_int(st, 1);
        out->pupil_id = db_col_int(st, 2);
        out->school_id = db_col_int(st, 3);
    }
    db_finalize(st);
    if (rc != DB_DONE)
        return rc < 0 ? rc : 0;
    if ((rc = db_prepare(db, &st,
                         "SELECT id, account_id, school_id FROM staff_invite"
                         " WHERE code_hash = ?1 AND used_at IS NULL AND expires_at > ?2",
                         e)))
        return rc;
    db_bind_text(st, 1, hash);
    db_bind_text(st, 2, now);
    rc = db_step(st, e);
    if (rc == DB_ROW) {
        out->id = db_col_int(st, 0);
        out->account_id = db_col_int(st, 1);
        out->school_id = db_col_int(st, 2);
    }
    db_finalize(st);
    if (rc == DB_DONE)
        return err_set(e, ERR_NOTFOUND, "%s", not_right);
    return rc < 0 ? rc : 0;
}

/* Run an UPDATE that must change exactly one row; ERR_NOTFOUND (the code is
 * "not right") when it changed none: used by someone else just now. */
static int update_one(struct db *db, struct db_stmt *st, struct err *e)
{
    int rc = db_step(st, e);
    db_finalize(st);
    if (rc >= 0 && db_changes(db) != 1)
        return err_set(e, ERR_NOTFOUND, "%s", not_right);
    return rc < 0 ? rc : 0;
}

/* Inside the transaction: the parent account for the carer. */
static int redeem_parent(struct db *db, struct arena *a, const struct live_invite *inv,
                         const char *email, const char *pwhash, const char *at, int64_t *id,
                         const char **detail, struct err *e)
{
    struct carer c;
    int rc = carer_by_id(db, a, inv->school_id, inv->carer_id, &c, e);
    if (rc == 0)
        rc = account_add_parent(db, email, carer_display_name(a, &c), inv->school_id, inv->carer_id,
                                pwhash, id, e);
    struct db_stmt *st;
    if (rc == 0 && (rc = db_prepare(db, &st,
                                    "UPDATE parent_invite SET used_at = ?2, account_id = ?3"
                                    " WHERE id = ?1 AND used_at IS NULL AND expires_at > ?2",
                                    e)) == 0) {
        db_bind_int(st, 1, inv->id);
        db_bind_text(st, 2, at);
        db_bind_int(st, 3, *id);
        rc = update_one(db, st, e);
    }
    *detail = arena_sprintf(a, "parent account %s made from an invitation, for carer %lld", email,
                            (long long)inv->carer_id);
    return rc;
}

/* Inside the transaction: the staff account's first password. */
static int redeem_staff(struct db *db, struct arena *a, const struct live_invite *inv,
                        const char *email, const char *pwhash, const char *at, const char **detail,
                        struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "UPDATE account SET password_hash = ?2, password_changed_at = ?3"
                        " WHERE id = ?1 AND password_hash IS NULL AND disabled = 0",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, inv->account_id);
    db_bind_text(st, 2, pwhash);
    db_bind_text(st, 3, at);
    if ((rc = update_one(db, st, e)))
        return rc;
    if ((rc = db_prepare(db, &st,
                         "UPDATE staff_invite SET used_at = ?2"
                         " WHERE id = ?1 AND used_at IS NULL AND expires_at > ?2",
                         e)))
        return rc;
    db_bind_int(st, 1, inv->id);
    db_bind_text(st, 2, at);
    if ((rc = update_one(db, st, e)))
        return rc;
    *detail = arena_sprintf(a, "%s joined with their code and made their password", email);
    return 0;
}

int invite_redeem(struct db *db, struct password_gate *g, const struct audit_who *who,
                  const char *code, const char *email, const char *password, int64_t now,
                  int64_t *account_id, struct err *e)
{
    char hash[SECRET_HASH_LEN], at[DATE_TS_LEN], why[256];
    char norm[256], pwhash[PASSWORD_HASH_LEN] = "";
    if (!invite_code_hash(code, hash))
        return err_set(e, ERR_NOTFOUND, "%s", not_right);
    date_timestamp_at(now, at);
    struct live_invite inv = { 0 };
    int rc = find_live(db, hash, at, &inv, e);
    if (rc)
        return rc;
    struct arena a;
    arena_init(&a, 0);
    account_normalise_email(email, norm, sizeof norm);
    if (!account_email_valid(norm)) {
        rc = err_set(e, ERR_INPUT, "email: give your email address, like name@example.org");
        goto out;
    }
    if (inv.account_id) {
        struct account acc;
        if ((rc = account_by_id(db, &a, inv.account_id, &acc, e)))
            goto out;
        if (acc.has_password || acc.disabled) {
            rc = err_set(e, ERR_NOTFOUND, "%s", not_right);
            goto out;
        }
        if (strcmp(acc.email, norm) != 0) {
            rc = err_set(e, ERR_INPUT,
                         "email: use your work email address: the one the school used to "
                         "make your account");
            goto out;
        }
    }
    if (password_check(password, norm, why, sizeof why) != 0) {
        rc = err_set(e, ERR_INPUT, "password: %s", why);
        goto out;
    }
    if ((rc = password_hash(g, password, pwhash, e)))
        goto out;
    if ((rc = db_begin(db, e)))
        goto out;
    int64_t id = inv.account_id;
    const char *detail = NULL;
    rc = inv.account_id ? redeem_staff(db, &a, &inv, norm, pwhash, at, &detail, e)
                        : redeem_parent(db, &a, &inv, norm, pwhash, at, &id, &detail, e);
    if (rc == 0) {
        struct audit_entry au = { .actor = who && who->actor ? who->actor : "unknown",
                                  .action = inv.account_id ? "join" : "create",
                                  .entity = "account",
                                  .entity_id = id,
                                  .pupil_id = inv.pupil_id,
                                  .school_id = inv.school_id,
                                  .detail = detail,
                                  .address = who ? who->address : NULL };
        rc = audit_log(db, &au, e);
    }
    if (rc) {
        db_rollback(db);
        goto out;
    }
    if ((rc = db_commit(db, e)) == 0)
        *account_id = id;
out:
    secret_wipe(pwhash, sizeof pwhash);
    arena_release(&a);
    return rc;
}
