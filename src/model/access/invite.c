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
    char raw[CODE_CHARS + 1], hash[SECRET_HASH_LEN], at[DATE_TS_LEN], detail[160];
    secret_code(raw, CODE_CHARS, SECRET_ALPHABET);
    snprintf(code, INVITE_CODE_LEN, "%.4s-%.4s-%.4s", raw, raw + 4, raw + 8);
    secret_hash(raw, hash);
    secret_wipe(raw, sizeof raw);
    date_timestamp_at(now, at);
    date_timestamp_at(now + (int64_t)INVITE_DAYS * 24 * 60 * 60, expires);
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
        rc = db_step(st, e);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
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
        rc = db_step(st, e);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
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

struct live_invite {
    int64_t id, carer_id, pupil_id, school_id;
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
    if (rc == DB_DONE)
        return err_set(e, ERR_NOTFOUND, "%s", not_right);
    return rc < 0 ? rc : 0;
}

int invite_redeem(struct db *db, struct password_gate *g, const struct audit_who *who,
                  const char *code, const char *email, const char *password, int64_t now,
                  int64_t *account_id, struct err *e)
{
    char clean[CODE_CHARS + 1], hash[SECRET_HASH_LEN], at[DATE_TS_LEN], why[256];
    char norm[256], pwhash[PASSWORD_HASH_LEN] = "";
    if (!clean_code(code, clean))
        return err_set(e, ERR_NOTFOUND, "%s", not_right);
    secret_hash(clean, hash);
    secret_wipe(clean, sizeof clean);
    date_timestamp_at(now, at);
    struct live_invite inv = { 0 };
    int rc = find_live(db, hash, at, &inv, e);
    if (rc)
        return rc;
    account_normalise_email(email, norm, sizeof norm);
    if (!account_email_valid(norm))
        return err_set(e, ERR_INPUT, "email: give your email address, like name@example.org");
    if (password_check(password, norm, why, sizeof why) != 0)
        return err_set(e, ERR_INPUT, "password: %s", why);
    if ((rc = password_hash(g, password, pwhash, e)))
        return rc;
    struct arena a;
    arena_init(&a, 0);
    struct carer c;
    if ((rc = carer_by_id(db, &a, inv.carer_id, &c, e)))
        goto out;
    if ((rc = db_begin(db, e)))
        goto out;
    int64_t id = 0;
    rc = account_add_parent(db, norm, carer_display_name(&a, &c), inv.school_id, inv.carer_id,
                            pwhash, &id, e);
    struct db_stmt *st;
    if (rc == 0 && (rc = db_prepare(db, &st,
                                    "UPDATE parent_invite SET used_at = ?2, account_id = ?3"
                                    " WHERE id = ?1 AND used_at IS NULL AND expires_at > ?2",
                                    e)) == 0) {
        db_bind_int(st, 1, inv.id);
        db_bind_text(st, 2, at);
        db_bind_int(st, 3, id);
        rc = db_step(st, e);
        db_finalize(st);
        if (rc >= 0 && db_changes(db) != 1)
            rc = err_set(e, ERR_NOTFOUND, "%s", not_right); /* used by someone else just now */
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0) {
        struct audit_entry au = { .actor = who && who->actor ? who->actor : "unknown",
                                  .action = "create",
                                  .entity = "account",
                                  .entity_id = id,
                                  .pupil_id = inv.pupil_id,
                                  .school_id = inv.school_id,
                                  .detail = arena_sprintf(&a,
                                                          "parent account %s made from an "
                                                          "invitation, for carer %lld",
                                                          norm, (long long)inv.carer_id),
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
