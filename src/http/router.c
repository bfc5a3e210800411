#include "http/router.h"

#include <string.h>

#include "core/buf.h"
#include "core/log.h"
#include "html/html.h"
#include "core/str.h"
#include "http/auth.h"
#include "api/api.h"
#include "pages/errors.h"

int router_match(const char *pattern, const char *path, struct request *req)
{
    size_t n = 0;
    const char *p = pattern, *s = path;
    while (*p && *s) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            const char *end = strchr(s, '/');
            if (!close)
                return 0;
            if (!end)
                end = s + strlen(s);
            if (end == s || n >= REQ_MAX_PARAMS)
                return 0;
            req->params[n++] = arena_strndup(&req->arena, s, (size_t)(end - s));
            p = close + 1;
            s = end;
            continue;
        }
        if (*p != *s)
            return 0;
        p++;
        s++;
    }
    if (*p || *s)
        return 0;
    req->n_params = n;
    return 1;
}

/* router_match without capturing the parameters. */
static bool pattern_matches(const char *p, const char *s)
{
    while (*p && *s) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            const char *end = strchr(s, '/');
            if (!close)
                return false;
            if (!end)
                end = s + strlen(s);
            if (end == s)
                return false;
            p = close + 1;
            s = end;
            continue;
        }
        if (*p++ != *s++)
            return false;
    }
    return !*p && !*s;
}

size_t router_body_limit(const char *method, const char *path, size_t dflt)
{
    for (const struct route *r = routes; method && path && r->method; r++)
        if ((r->flags & RF_UPLOAD) && !strcmp(r->method, method) &&
            pattern_matches(r->pattern, path))
            return ROUTER_UPLOAD_MAX_BODY > dflt ? ROUTER_UPLOAD_MAX_BODY : dflt;
    return dflt;
}

static bool is_api(const char *path)
{
    return str_starts_with(path, "/api/");
}

static bool unsafe_method(const char *m)
{
    return strcmp(m, "GET") != 0 && strcmp(m, "HEAD") != 0;
}

void router_error(struct request *req, struct response *res, int status, bool api)
{
    if (api)
        api_error_status(res, status);
    else
        page_error(req, res, status);
}

static bool admitted(const struct route *rt, const struct request *req)
{
    return (rt->access & R_PUBLIC) || (rt->access & req_held(req));
}

void router_dispatch(struct request *req, struct response *res)
{
    bool api = is_api(req->path);
    const struct route *rt = NULL;
    bool path_known = false;
    for (const struct route *r = routes; r->method; r++) {
        req->n_params = 0;
        if (!router_match(r->pattern, req->path, req))
            continue;
        path_known = true;
        if (strcmp(r->method, req->method) == 0 ||
            (strcmp(req->method, "HEAD") == 0 && strcmp(r->method, "GET") == 0)) {
            rt = r;
            break;
        }
    }
    if (!rt) {
        router_error(req, res, path_known ? 405 : 404, api);
        return;
    }
    req->route = rt;
    int rc = auth_identify(req, res, api);
    if (rc) {
        router_error(req, res, 500, api);
        return;
    }
    if (!admitted(rt, req)) {
        if (api) {
            router_error(req, res,
                         req->who.kind == PRINCIPAL_TOKEN || req->who.kind == PRINCIPAL_LA ? 403
                                                                                           : 401,
                         true);
        } else if (req->has_session && req->session.stage == SESSION_NEEDS_TOTP) {
            resp_redirect(res, "/sign-in/code");
        } else if (req->has_session && req->session.stage == SESSION_NEEDS_ENROLMENT) {
            resp_redirect(res, "/account/two-factor");
        } else if (req->who.kind == PRINCIPAL_NOBODY) {
            struct buf next;
            buf_init(&next, 4096);
            buf_adds(&next, "/sign-in?next=");
            html_urlencode(&next, req->path);
            resp_redirect(res, arena_strdup(&req->arena, buf_str(&next)));
            buf_release(&next);
        } else {
            router_error(req, res, 403, false);
        }
        return;
    }
    /* Every state-changing request from a browser carries a CSRF token. API
     * requests carry a bearer token instead of ambient cookies. */
    if (unsafe_method(req->method) && !api &&
        !auth_csrf_ok(req, (rt->flags & RF_ANON_FORM) && !req->has_session)) {
        router_error(req, res, 403, false);
        return;
    }
    if ((rc = auth_language(req))) {
        router_error(req, res, 500, api);
        return;
    }
    rc = rt->fn(req, res);
    if (rc == 0)
        return;
    int status = rc == ERR_NOTFOUND   ? 404
                 : rc == ERR_DENIED   ? 403
                 : rc == ERR_LIMIT    ? 413
                 : rc == ERR_INPUT    ? 400
                 : rc == ERR_CONFLICT ? 409
                                      : 500;
    if (status == 500)
        log_msg(LOG_ERROR, "%s %s failed: %s", req->method, req->path, req->err.msg);
    router_error(req, res, status, api);
}
