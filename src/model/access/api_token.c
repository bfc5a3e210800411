#include "model/access/api_token.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/str.h"
#include "db/db.h"
#include "model/register/audit.h"

int api_token_parse_scope(const char *s, enum api_token_scope *out, char *why, size_t cap)
{
    if (s && !strcmp(s, "read"))
        *out = API_TOKEN_READ;
    else if (s && !strcmp(s, "write"))
        *out = API_TOKEN_WRITE;
    else {
        snprintf(why, cap, "the scope is read or write");
        return ERR_INPUT;
    }
    return 0;
}

const char *api_token_scope_name(enum api_token_scope s)
{
    return s == API_TOKEN_WRITE ? "write" : "read";
}

static bool name_ok(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n < 1 || n > API_TOKEN_NAME_MAX)
        return false;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (!isalnum(*p) && *p != '-' && *p != '_' && *p != '.')
            return false;
    return true;
}

static int log_token(struct db *db, const struct audit_who *who, const char *action, int64_t id,
                     int64_t school_id, const char *detail, struct err *e)
{
    struct audit_entry au = { .actor = who && who->actor ? who->actor : "unknown",
                              .action = action,
                              .entity = "api_token",
                              .entity_id = id,
                              .school_id = school_id,
                              .detail = detail,
                              .address = who ? who->address : NULL };
    return audit_log(db, &au, e);
}

static int token_insert(struct db *db, const struct audit_who *who, const char *name,
                        enum api_token_scope scope, int64_t school_id, const char *la_code,
                        int64_t now, char token[API_TOKEN_LEN], int64_t *id, struct err *e)
{
    if (!name_ok(name))
        return err_set(e, ERR_INPUT,
                       "name: use 1 to %d letters, digits, '-', '_' or '.', like mis-sync",
                       API_TOKEN_NAME_MAX);
    char raw[SECRET_TOKEN_LEN], hash[SECRET_HASH_LEN], at[DATE_TS_LEN], detail[160];
    secret_token(raw);
    snprintf(token, API_TOKEN_LEN, API_TOKEN_PREFIX "%s", raw);
    secret_wipe(raw, sizeof raw);
    secret_hash(token, hash);
    date_timestamp_at(now, at);
    int rc = db_begin(db, e);
    if (rc)
        goto fail;
    struct db_stmt *st;
    rc = db_prepare(db, &st,
                    "INSERT INTO api_token (name, token_hash, scope, school_id, created_by,"
                    " created_at, la_code) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
                    e);
    int64_t new_id = 0;
    if (rc == 0) {
        db_bind_text(st, 1, name);
        db_bind_text(st, 2, hash);
        db_bind_text(st, 3, api_token_scope_name(scope));
        db_bind_int_or_null(st, 4, school_id, la_code != NULL);
        db_bind_text(st, 5, who && who->actor ? who->actor : "unknown");
        db_bind_text(st, 6, at);
        db_bind_text(st, 7, la_code);
        rc = db_step_id(st, &new_id, e);
        db_finalize(st);
        if (rc == ERR_CONFLICT)
            rc = err_set(e, ERR_CONFLICT,
                         "a token called %s is in use; choose another name or revoke it first",
                         name);
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0) {
        snprintf(detail, sizeof detail, "token %s made, scope %s%s%s", name,
                 api_token_scope_name(scope), la_code ? ", for local authority " : "",
                 la_code ? la_code : "");
        rc = log_token(db, who, "create", new_id, school_id, detail, e);
    }
    if (rc) {
        db_rollback(db);
        goto fail;
    }
    if ((rc = db_commit(db, e)))
        goto fail;
    if (id)
        *id = new_id;
    return 0;
fail:
    secret_wipe(token, API_TOKEN_LEN);
    return rc;
}

int api_token_add(struct db *db, const struct audit_who *who, const char *name,
                  enum api_token_scope scope, int64_t school_id, int64_t now,
                  char token[API_TOKEN_LEN], int64_t *id, struct err *e)
{
    return token_insert(db, who, name, scope, school_id, NULL, now, token, id, e);
}

int api_token_add_la(struct db *db, const struct audit_who *who, const char *name,
                     const char *la_code, int64_t now, char token[API_TOKEN_LEN], int64_t *id,
                     struct err *e)
{
    if (!la_code || strlen(la_code) != 3 || strspn(la_code, "0123456789") != 3)
        return err_set(e, ERR_INPUT, "la: a local authority's code is three digits, like 931");
    return token_insert(db, who, name, API_TOKEN_READ, 0, la_code, now, token, id, e);
}

#define TOKEN_COLS                                                                            \
    "id, name, scope, school_id, created_by, created_at, last_used_at, revoked, la_code FROM" \
    " api_token"

static void read_token(struct db_stmt *st, struct arena *a, struct api_token *t)
{
    t->id = db_col_int(st, 0);
    t->name = arena_strdup(a, db_col_text(st, 1));
    const char *scope = db_col_text(st, 2);
    t->scope = scope && !strcmp(scope, "write") ? API_TOKEN_WRITE : API_TOKEN_READ;
    t->school_id = db_col_int(st, 3);
    t->created_by = arena_strdup(a, db_col_text(st, 4));
    t->created_at = arena_strdup(a, db_col_text(st, 5));
    t->last_used_at = arena_strdup(a, db_col_text(st, 6));
    t->revoked = db_col_int(st, 7) != 0;
    t->la_code = arena_strdup(a, db_col_text(st, 8));
}

int api_token_verify(struct db *db, struct arena *a, const char *token, int64_t now,
                     struct api_token *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    if (!token || strlen(token) != API_TOKEN_LEN - 1 || !str_starts_with(token, API_TOKEN_PREFIX))
        return err_set(e, ERR_DENIED, "the API token is not right, or has been revoked");
    char hash[SECRET_HASH_LEN];
    secret_hash(token, hash);
    struct db_stmt *st;
    int rc = db_prepare(db, &st, "SELECT " TOKEN_COLS " WHERE token_hash = ?1 AND revoked = 0", e);
    if (rc)
        return rc;
    db_bind_text(st, 1, hash);
    rc = db_step(st, e);
    if (rc == DB_ROW)
        read_token(st, a, out);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (rc == DB_DONE)
        return err_set(e, ERR_DENIED, "the API token is not right, or has been revoked");
    int64_t last = 0;
    if (out->last_used_at && date_timestamp_parse(out->last_used_at, &last) == 0 &&
        now - last < API_TOKEN_TOUCH)
        return 0;
    char at[DATE_TS_LEN];
    date_timestamp_at(now, at);
    if ((rc = db_prepare(db, &st, "UPDATE api_token SET last_used_at = ?2 WHERE id = ?1", e)))
        return rc;
    db_bind_int(st, 1, out->id);
    db_bind_text(st, 2, at);
    rc = db_step(st, e);
    db_finalize(st);
    if (rc < 0)
        return rc;
    out->last_used_at = arena_strdup(a, at);
    return 0;
}

int api_token_revoke(struct db *db, const struct audit_who *who, const char *name, struct err *e)
{
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    struct db_stmt *st;
    int64_t id = 0, school_id = 0;
    rc = db_prepare(db, &st,
                    "UPDATE api_token SET revoked = 1 WHERE name = ?1 AND revoked = 0"
                    " RETURNING id, school_id",
                    e);
    if (rc == 0) {
        db_bind_text(st, 1, name);
        rc = db_step(st, e);
        if (rc == DB_ROW) {
            id = db_col_int(st, 0);
            school_id = db_col_int(st, 1);
        }
        db_finalize(st);
        if (rc == DB_DONE)
            rc =
                err_set(e, ERR_NOTFOUND, "no token called %s in use (see `meso token list`)", name);
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0) {
        char detail[120];
        snprintf(detail, sizeof detail, "token %s revoked", name);
        rc = log_token(db, who, "revoke", id, school_id, detail, e);
    }
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}

int api_token_list(struct db *db, struct arena *a, struct api_token **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st, "SELECT " TOKEN_COLS " ORDER BY revoked, name, id", e);
    if (rc)
        return rc;
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct api_token *t = arena_push(a, out, n, &cap, sizeof *t);
        if (!t) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        read_token(st, a, t);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}
