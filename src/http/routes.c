/* routes.c - the web route table: every page and API endpoint, who may use
 * it, and its handler. Access is denied by default (see router.h). */
#include "http/router.h"

#include "pages/home.h"

const struct route routes[] = {
    { "GET", "/health", page_health, R_PUBLIC, 0, "a liveness check for monitoring" },
    { "GET", "/", page_home, R_ANYONE_SIGNED_IN, 0, "the dashboard" },
    { 0 },
};
