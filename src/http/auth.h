/* auth.h - the web layer's view of sign-in: who a request comes from (a
 * session cookie or an API bearer token) and the CSRF tokens its forms must
 * carry. The decisions live in the model (session, account, api_token); this
 * file only moves tokens between HTTP and the model. */
#ifndef MESO_AUTH_H
#define MESO_AUTH_H

#include <stdbool.h>

#include "http/request.h"
#include "http/response.h"

#define SESSION_COOKIE "meso"
#define FORM_COOKIE    "meso-form"

/* Fill req->who (and req->csrf, req->session_hash) from the session cookie,
 * or from an Authorization: Bearer token for /api/ paths. Not signed in is
 * not an error: req->who.account_id stays 0. */
int auth_identify(struct request *req, struct response *res, bool api);

/* True when the request's "csrf" form field matches: the session's token
 * when signed in, else (anon) the form cookie. Constant-time comparison. */
bool auth_csrf_ok(struct request *req, bool anon);

/* The token an anonymous form must carry, setting its cookie when new. */
const char *auth_form_token(struct request *req, struct response *res);

/* Choose the language of meso's own words for this request (docs/i18n.md):
 * a parent's choice in the portal, else their recorded language, else the
 * browser's Accept-Language; the browser's for someone not signed in;
 * English for staff. Sets req->tr. Returns 0 or a storage error. */
int auth_language(struct request *req);

#endif
