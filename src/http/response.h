/* response.h - what a handler produces: a status, headers, cookies and a
 * body. server.c adds the security headers every response carries. */
#ifndef MESO_RESPONSE_H
#define MESO_RESPONSE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

struct arena;

#define RESP_MAX_HEADERS 24
/* Pages and JSON are built in memory; none is anywhere near this. */
#define RESP_MAX_BODY (16u * 1024 * 1024)

struct resp_header {
    const char *name;
    const char *value;
};

struct response {
    int status;
    const char *content_type;
    struct buf body;
    struct resp_header headers[RESP_MAX_HEADERS];
    size_t n_headers;
    bool cacheable;          /* static assets only; everything else is no-store */
    const void *static_body; /* a body owned elsewhere (embedded assets) */
    size_t static_len;
    struct arena *arena; /* the request's, for header strings */
};

void resp_init(struct response *res, struct arena *a);
void resp_release(struct response *res);

/* Add a header (name and value are copied into the arena). Returns 0 or
 * ERR_LIMIT when there are too many. */
int resp_header(struct response *res, const char *name, const char *value);

enum cookie_kind {
    COOKIE_SESSION, /* __Host-, HttpOnly, SameSite=Lax, Secure, Path=/ */
    COOKIE_FORM,    /* __Host-, HttpOnly, SameSite=Strict: anonymous form tokens */
};

/* The one function that sets cookies, so their attributes live in one
 * place. max_age < 0 deletes the cookie; 0 makes it last for the browser
 * session. name is given without its __Host- prefix. */
int resp_cookie(struct response *res, const char *name, const char *value, long max_age,
                enum cookie_kind kind);

/* 303 See Other to a local path (a leading "/" is required; anything else
 * is replaced by "/" so redirects can never leave the site). */
void resp_redirect(struct response *res, const char *path);

/* A JSON or plain body with a status. The body is copied. */
void resp_text(struct response *res, int status, const char *content_type, const char *body);

#endif
