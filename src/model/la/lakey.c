#include "model/la/lakey.h"

#include <sodium.h>
#include <stdbool.h>
#include <string.h>

#include "core/date.h"
#include "core/secret.h"
#include "db/db.h"
#include "model/register/audit.h"

static bool la_code_ok(const char *c)
{
    if (!c || strlen(c) != 3)
        return false;
    for (int i = 0; i < 3; i++)
        if (c[i] < '0' || c[i] > '9')
            return false;
    return true;
}

/* The stored key, if any: 1 when found, 0 when not, or an error. */
static int read_key(struct db *db, const char *la_code, unsigned char key[LA_KEY_BYTES],
                    struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st, "SELECT secret FROM la_key WHERE la_code = ?1", e);
    if (rc)
        return rc;
    db_bind_text(st, 1, la_code);
    int found = 0;
    if ((rc = db_step(st, e)) == DB_ROW) {
        const char *hex = db_col_text(st, 0);
        size_t len = 0;
        if (sodium_hex2bin(key, LA_KEY_BYTES, hex, strlen(hex), NULL, &len, NULL) != 0 ||
            len != LA_KEY_BYTES)
            rc = err_set(e, ERR_STORAGE, "the local authority's key is damaged");
        else
            found = 1;
    }
    db_finalize(st);
    return rc < 0 ? rc : found;
}

/* Make a key (another process may make one at the same time: the first
 * stored wins, and both then read it). */
static int make_key(struct db *db, const char *la_code, const struct audit_entry *who,
                    struct err *e)
{
    unsigned char k[LA_KEY_BYTES];
    char hex[2 * LA_KEY_BYTES + 1], today[DATE_ISO_LEN];
    secret_random(k, sizeof k);
    sodium_bin2hex(hex, sizeof hex, k, sizeof k);
    sodium_memzero(k, sizeof k);
    date_iso(date_today(), today);
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db, &st,
                         "INSERT INTO la_key (la_code, secret, created_on) VALUES (?1, ?2, ?3)"
                         " ON CONFLICT (la_code) DO NOTHING",
                         e)) == 0) {
        db_bind_text(st, 1, la_code);
        db_bind_text(st, 2, hex);
        db_bind_text(st, 3, today);
        rc = db_step(st, e);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    sodium_memzero(hex, sizeof hex);
    if (rc == 0 && db_changes(db) == 1) {
        struct audit_entry au = {
            .actor = who && who->actor ? who->actor : "unknown",
            .action = "create",
            .entity = "la_key",
            .detail = "a new key for the local authority's pseudonyms (the key is not recorded)",
            .address = who ? who->address : NULL,
        };
        rc = audit_log(db, &au, e);
    }
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}

int la_key_get(struct db *db, const char *la_code, const struct audit_entry *who,
               unsigned char key[LA_KEY_BYTES], struct err *e)
{
    if (!la_code_ok(la_code))
        return err_set(e, ERR_INPUT, "a local authority code is three digits (got '%s')",
                       la_code ? la_code : "");
    if (secret_init() != 0)
        return err_set(e, ERR_STORAGE, "the cryptography library could not start");
    int rc = read_key(db, la_code, key, e);
    if (rc != 0)
        return rc < 0 ? rc : 0;
    if ((rc = make_key(db, la_code, who, e)))
        return rc;
    rc = read_key(db, la_code, key, e);
    return rc < 0 ? rc : rc ? 0 : err_set(e, ERR_STORAGE, "the local authority's key was not kept");
}

void la_pseudonym(const unsigned char key[LA_KEY_BYTES], enum la_pseudonym_kind kind,
                  const char *id, char out[LA_PSEUDONYM_LEN])
{
    /* Domain separation: the kind's name and a NUL before the id, so a
     * pupil's and a school's pseudonym of the same text differ. */
    static const char *const names[] = { "meso-la-pupil", "meso-la-teacher", "meso-la-school" };
    static const char letters[] = { 'P', 'K', 'S' };
    static const size_t hex_digits[] = { 16, 12, 8 };
    unsigned char h[16];
    crypto_generichash_state s;
    crypto_generichash_init(&s, key, LA_KEY_BYTES, sizeof h);
    crypto_generichash_update(&s, (const unsigned char *)names[kind], strlen(names[kind]) + 1);
    crypto_generichash_update(&s, (const unsigned char *)id, strlen(id));
    crypto_generichash_final(&s, h, sizeof h);
    char hex[2 * sizeof h + 1];
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    out[0] = letters[kind];
    memcpy(out + 1, hex, hex_digits[kind]);
    out[1 + hex_digits[kind]] = '\0';
}
