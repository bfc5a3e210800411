#include "http/response.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"

void resp_init(struct response *res, struct arena *a)
{
    memset(res, 0, sizeof *res);
    res->status = 200;
    res->content_type = "text/html; charset=utf-8";
    res->arena = a;
    buf_init(&res->body, RESP_MAX_BODY);
}

void resp_release(struct response *res)
{
    buf_release(&res->body);
}

int resp_header(struct response *res, const char *name, const char *value)
{
    if (res->n_headers >= RESP_MAX_HEADERS)
        return ERR_LIMIT;
    const char *n = arena_strdup(res->arena, name), *v = arena_strdup(res->arena, value);
    if (!n || !v)
        return ERR_NOMEM;
    /* Header values never carry line breaks (no response splitting). */
    if (strpbrk(v, "\r\n"))
        return ERR_INPUT;
    res->headers[res->n_headers].name = n;
    res->headers[res->n_headers].value = v;
    res->n_headers++;
    return 0;
}

int resp_cookie(struct response *res, const char *name, const char *value, long max_age,
                enum cookie_kind kind)
{
    char age[48] = "";
    if (max_age < 0)
        snprintf(age, sizeof age, "; Max-Age=0");
    else if (max_age > 0)
        snprintf(age, sizeof age, "; Max-Age=%ld", max_age);
    const char *site = kind == COOKIE_FORM ? "Strict" : "Lax";
    char *c = arena_sprintf(res->arena, "__Host-%s=%s; Path=/; Secure; HttpOnly; SameSite=%s%s",
                            name, max_age < 0 ? "" : value, site, age);
    if (!c)
        return ERR_NOMEM;
    return resp_header(res, "Set-Cookie", c);
}

void resp_redirect(struct response *res, const char *path)
{
    /* Only same-site paths: "/x" but not "//evil.example" or "/\\evil". */
    if (!path || path[0] != '/' || path[1] == '/' || path[1] == '\\' || strpbrk(path, "\r\n"))
        path = "/";
    res->status = 303;
    resp_header(res, "Location", path);
    buf_reset(&res->body);
}

void resp_text(struct response *res, int status, const char *content_type, const char *body)
{
    res->status = status;
    res->content_type = content_type;
    buf_reset(&res->body);
    buf_adds(&res->body, body);
}
