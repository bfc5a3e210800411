#include "http/auth.h"

#include <string.h>
#include <time.h>

#include "core/secret.h"
#include "core/str.h"
#include "http/app.h"
#include "model/access/api_token.h"
#include "model/i18n/langpref.h"
#include "model/i18n/transfix.h"

static const char *bearer(const struct request *req)
{
    const char *h = req_header(req, "Authorization");
    if (!h || !str_starts_with(h, "Bearer "))
        return NULL;
    h += 7;
    while (*h == ' ')
        h++;
    return *h ? h : NULL;
}

int auth_identify(struct request *req, struct response *res, bool api)
{
    memset(&req->who, 0, sizeof req->who);
    req->has_session = false;
    req->csrf = NULL;
    int64_t now = (int64_t)time(NULL);
    if (api) {
        const char *tok = bearer(req);
        if (!tok)
            return 0;
        struct api_token t;
        int rc = api_token_verify(req->db, &req->arena, tok, now, &t, &req->err);
        if (rc == ERR_NOTFOUND || rc == ERR_DENIED)
            return 0; /* a wrong token is the same as none: 401 */
        if (rc)
            return rc;
        return access_principal_for_token(&req->arena, &t, &req->who, &req->err);
    }
    const char *cookie = req_cookie(req, "__Host-" SESSION_COOKIE);
    if (!cookie)
        return 0;
    int rc = session_lookup(req->db, &req->arena, &req->app->sessions, cookie, now, &req->session,
                            &req->err);
    if (rc == ERR_NOTFOUND || rc == ERR_DENIED) {
        /* Expired or signed out: forget the cookie. */
        resp_cookie(res, SESSION_COOKIE, "", -1, COOKIE_SESSION);
        return 0;
    }
    if (rc)
        return rc;
    req->has_session = true;
    char *csrf = arena_alloc(&req->arena, SESSION_CSRF_LEN);
    if (!csrf)
        return ERR_NOMEM;
    session_csrf_token(&req->session, csrf);
    req->csrf = csrf;
    if (req->session.stage != SESSION_FULL)
        return 0; /* part-way through signing in: nobody yet */
    rc = access_principal_for_account(req->db, &req->arena, req->session.account_id, &req->who,
                                      &req->err);
    if (rc == ERR_DENIED || rc == ERR_NOTFOUND) {
        memset(&req->who, 0, sizeof req->who);
        req->has_session = false;
        resp_cookie(res, SESSION_COOKIE, "", -1, COOKIE_SESSION);
        return 0;
    }
    return rc;
}

bool auth_csrf_ok(struct request *req, bool anon)
{
    const char *sent = req_form(req, "csrf");
    if (!sent)
        return false;
    if (!anon)
        return req->has_session && session_csrf_verify(&req->session, sent);
    const char *cookie = req_cookie(req, "__Host-" FORM_COOKIE);
    return cookie && *cookie && strlen(cookie) == strlen(sent) && secret_equal(cookie, sent);
}

const char *auth_form_token(struct request *req, struct response *res)
{
    if (req->has_session && req->csrf)
        return req->csrf;
    const char *have = req_cookie(req, "__Host-" FORM_COOKIE);
    if (have && strlen(have) == SECRET_TOKEN_LEN - 1)
        return have;
    char *tok = arena_alloc(&req->arena, SECRET_TOKEN_LEN);
    if (!tok)
        return "";
    secret_token(tok);
    resp_cookie(res, FORM_COOKIE, tok, 0, COOKIE_FORM);
    return tok;
}

int auth_language(struct request *req)
{
    const char *accept = req_header(req, "Accept-Language");
    const struct lang *l = &i18n_langs[0];
    if (req->who.kind == PRINCIPAL_PARENT) {
        const char *chosen, *recorded;
        int rc =
            langpref_get(req->db, &req->arena, req->who.account_id, &chosen, &recorded, &req->err);
        if (rc)
            return rc;
        l = i18n_choose(chosen, recorded, accept);
    } else if (req->who.kind == PRINCIPAL_NOBODY) {
        l = i18n_accept(accept);
    }
    tr_init(&req->lang_, l);
    req->tr = &req->lang_;
    if (req->who.kind == PRINCIPAL_PARENT && req->lang_.has_cat) {
        struct tr_fix *fixes;
        int rc = transfix_list(req->db, &req->arena, req->who.school_id, l->code, &fixes,
                               &req->lang_.n_fixes, &req->err);
        if (rc)
            return rc;
        req->lang_.fixes = fixes;
    }
    return 0;
}
