/* request.h - one HTTP request as the pages and API see it: no
 * libmicrohttpd types here (server.c converts), so handlers stay testable.
 * Everything hangs off the request's arena, freed when the response is sent.
 */
#ifndef MESO_REQUEST_H
#define MESO_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/i18n.h"
#include "model/access/access.h"
#include "model/access/session.h"

struct db;
struct app;
struct route;

struct kv {
    const char *key;
    const char *value;
    size_t len; /* of value (form values may hold NULs in uploads) */
};

struct upload {
    const char *field;
    const char *filename;
    const char *content_type;
    const char *data;
    size_t len;
};

/* Who a route admits (bits; combine with |). */
enum route_access {
    R_PUBLIC = 1u << 0, /* anyone, signed in or not */
    R_ADMIN = 1u << 1,
    R_LEAD = 1u << 2,
    R_TEACHER = 1u << 3,
    R_PRACTITIONER = 1u << 4,
    R_PARENT = 1u << 5,
    R_SECOND_FACTOR = 1u << 6, /* also a session still waiting for its sign-in code */
    R_API_READ = 1u << 7,      /* an API token with read or write scope */
    R_API_WRITE = 1u << 8,     /* an API token with write scope */
    R_LA = 1u << 9,            /* a local authority's officer (no school, no child) */
};
#define R_STAFF            (R_LEAD | R_TEACHER | R_PRACTITIONER)
#define R_ANYONE_SIGNED_IN (R_ADMIN | R_STAFF | R_PARENT | R_LA)

#define REQ_MAX_PARAMS 4

struct request {
    struct arena arena;
    struct app *app;
    struct db *db;
    const char *method; /* "GET", "POST", ... */
    const char *path;   /* without the query string */
    struct kv *query;
    size_t n_query;
    struct kv *form; /* POST fields (urlencoded or multipart) */
    size_t n_form;
    struct upload *files;
    size_t n_files;
    struct kv *cookies;
    size_t n_cookies;
    struct kv *headers;
    size_t n_headers;
    const char *client;                 /* client address, for the audit trail */
    const char *params[REQ_MAX_PARAMS]; /* {name} parts of the matched route */
    size_t n_params;
    const struct route *route;
    /* Who is asking (model/access.h): nobody, a signed-in person or an API
     * token. While a session still waits for its second factor, who is
     * nobody and session.stage says which step is next. */
    struct principal who;
    struct session session;
    bool has_session;
    const char *csrf; /* the token this request's forms must carry */
    /* The language meso's own words take (docs/i18n.md): a parent's choice or
     * their recorded language, the browser's before sign-in, English for staff.
     * tr points at lang_, or is NULL (English) for requests built by hand. */
    const struct tr *tr;
    struct tr lang_;
    struct err err;
};

/* Lookups return NULL when absent. Names are matched exactly (headers:
 * case-insensitively). */
const char *req_query(const struct request *r, const char *name);
const char *req_form(const struct request *r, const char *name);
const char *req_cookie(const struct request *r, const char *name);
const char *req_header(const struct request *r, const char *name);
const struct upload *req_file(const struct request *r, const char *field);
/* The i-th {param} of the matched route. */
const char *req_param(const struct request *r, size_t i);
/* A form or query value, trimmed, or "" when absent. */
const char *req_text(struct request *r, const char *name);
/* A whole-number query parameter in [min, max], else dflt. */
long req_query_long(const struct request *r, const char *name, long min, long max, long dflt);

/* The R_* bits the requester holds: their roles, R_PARENT, the API token's
 * scope, or R_SECOND_FACTOR for a session part-way through signing in. The
 * router admits by them; pages choose what to show by them. */
unsigned req_held(const struct request *r);

/* Append a key/value pair to one of the request's lists (used by server.c and
 * by tests that build requests by hand). */
int req_add(struct request *r, struct kv **list, size_t *n, const char *key, const char *value,
            size_t len);

#endif
