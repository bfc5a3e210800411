/* router.h - the web route table and the one place access is decided.
 *
 * Each route names who may use it. Access is denied by default: a route
 * lists the roles it admits, and a request that matches no route is 404.
 * For every route the router, in order: finds the signed-in person (session
 * cookie) or API token; sends anyone not signed in to the sign-in page (or
 * 401 for the API); refuses roles the route does not admit (403); checks
 * the CSRF token on every state-changing request; then calls the handler.
 * Handlers check record-level scope (a teacher's own pupils) through
 * model/access and answer 404 for records the person may not see.
 */
#ifndef MESO_ROUTER_H
#define MESO_ROUTER_H

#include "http/request.h"
#include "http/response.h"

enum route_flags {
    RF_ANON_FORM = 1u << 0, /* a POST from people not yet signed in (sign-in,
                               invitation): CSRF by double-submit cookie */
};

/* Handlers return 0 with res filled, or an error code the router turns
 * into a page: ERR_NOTFOUND 404, ERR_DENIED 403, ERR_LIMIT 413, anything
 * else 500 (logged, never shown). */
typedef int (*route_fn)(struct request *req, struct response *res);

struct route {
    const char *method;  /* "GET" or "POST" (API also "PUT", "PATCH") */
    const char *pattern; /* "/pupils/{id}/edit": {x} matches one segment */
    route_fn fn;
    unsigned access;
    unsigned flags;
    const char *summary;
};

extern const struct route routes[];

/* Fill res with the error for status: the API's error object for /api/
 * paths, else the error page. */
void router_error(struct request *req, struct response *res, int status, bool api);

/* Match, authenticate, authorise, check CSRF and run the handler. */
void router_dispatch(struct request *req, struct response *res);

/* Match a path against a pattern, filling req->params. */
int router_match(const char *pattern, const char *path, struct request *req);

#endif
