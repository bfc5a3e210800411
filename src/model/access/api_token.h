/* api_token.h - bearer tokens for programs that use the JSON API (an MIS
 * sync, a reporting tool), each for one school with a scope of read or
 * write.
 *
 * A token is "meso_" and 43 characters of URL-safe base64 (256 random bits).
 * It is shown once, when made; the database keeps only its BLAKE2b hash and
 * a name for people to recognise it by. What a token may see is decided in
 * model/access.h (access_principal_for_token): the whole of its school, and
 * every use is audited as "token:NAME".
 */
#ifndef MESO_API_TOKEN_H
#define MESO_API_TOKEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/secret.h"

struct arena;
struct audit_who;
struct db;

#define API_TOKEN_PREFIX   "meso_"
#define API_TOKEN_LEN      (sizeof API_TOKEN_PREFIX - 1 + SECRET_TOKEN_LEN) /* with the NUL */
#define API_TOKEN_NAME_MAX 60
#define API_TOKEN_TOUCH    60 /* seconds between last_used writes */

enum api_token_scope { API_TOKEN_READ = 1, API_TOKEN_WRITE = 2 };

struct api_token {
    int64_t id;
    const char *name;
    enum api_token_scope scope;
    int64_t school_id;   /* 0 for a local authority's token */
    const char *la_code; /* a local authority's (read only: the LA view); else NULL */
    const char *created_by;
    const char *created_at;
    const char *last_used_at; /* NULL when never used */
    bool revoked;
};

/* "read" or "write"; ERR_INPUT otherwise. */
int api_token_parse_scope(const char *s, enum api_token_scope *out, char *why, size_t cap);
const char *api_token_scope_name(enum api_token_scope s);

/* Make a token called name (1 to API_TOKEN_NAME_MAX letters, digits, '-',
 * '_' or '.'; unique among tokens not revoked) for school_id. The token is
 * written to token, to be shown once. Sets *id (may be NULL). ERR_INPUT for
 * a bad name, ERR_CONFLICT when the name is in use. */
int api_token_add(struct db *db, const struct audit_who *who, const char *name,
                  enum api_token_scope scope, int64_t school_id, int64_t now,
                  char token[API_TOKEN_LEN], int64_t *id, struct err *e);

/* A read-only token for a local authority (la_code, three digits): it
 * reads the LA view's figures (GET /api/v1/la) and nothing of any school. */
int api_token_add_la(struct db *db, const struct audit_who *who, const char *name,
                     const char *la_code, int64_t now, char token[API_TOKEN_LEN], int64_t *id,
                     struct err *e);

/* Check an Authorization: Bearer token. 0 and *out filled (strings in a)
 * for a live token; ERR_DENIED for anything else (unknown, revoked,
 * malformed). Records the use (at most once a minute). */
int api_token_verify(struct db *db, struct arena *a, const char *token, int64_t now,
                     struct api_token *out, struct err *e);

/* Revoke the live token called name. ERR_NOTFOUND when there is none. */
int api_token_revoke(struct db *db, const struct audit_who *who, const char *name, struct err *e);

/* Every token, live ones first, by name. The tokens themselves are not
 * stored, so cannot be listed. */
int api_token_list(struct db *db, struct arena *a, struct api_token **out, size_t *n,
                   struct err *e);

#endif
