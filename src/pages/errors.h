/* errors.h - error pages (and the API's error object), in plain words. */
#ifndef MESO_ERRORS_H
#define MESO_ERRORS_H

#include <stdbool.h>

#include "http/request.h"
#include "http/response.h"

/* Fill res with the page (or, for the API, the JSON error object) for an
 * HTTP error status: 400, 401, 403, 404, 405, 413, 500, 503. */
void page_error(struct request *req, struct response *res, int status, bool api);

/* The API's error object: {"error": {"status", "code", "message"}} with an
 * optional "fields" object; res takes the JSON. */
void api_error(struct response *res, int status, const char *code, const char *message);

#endif
