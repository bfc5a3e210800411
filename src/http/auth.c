#include "http/auth.h"

#include <sodium.h>
#include <string.h>

#include "core/str.h"

int auth_identify(struct request *req, struct response *res, bool api)
{
    (void)res;
    (void)api;
    memset(&req->who, 0, sizeof req->who);
    /* Sessions and API tokens arrive with the accounts model. */
    return 0;
}

static bool same_token(const char *a, const char *b)
{
    if (!a || !b)
        return false;
    size_t n = strlen(a);
    return n > 0 && n == strlen(b) && sodium_memcmp(a, b, n) == 0;
}

bool auth_csrf_ok(struct request *req, bool anon)
{
    const char *sent = req_form(req, "csrf");
    if (anon)
        return same_token(sent, req_cookie(req, "__Host-" FORM_COOKIE));
    return same_token(sent, req->csrf);
}

const char *auth_form_token(struct request *req, struct response *res)
{
    const char *have = req_cookie(req, "__Host-" FORM_COOKIE);
    if (have && strlen(have) == 43)
        return have;
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    char *tok = arena_alloc(&req->arena, 64);
    if (!tok)
        return "";
    sodium_bin2base64(tok, 64, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    resp_cookie(res, FORM_COOKIE, tok, 0, COOKIE_FORM);
    return tok;
}
