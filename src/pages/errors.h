/* errors.h - error pages in plain words (the API's error object is
 * api_error() in api/api.h; both take their words from view/errors.h). */
#ifndef MESO_ERRORS_H
#define MESO_ERRORS_H

#include "http/request.h"
#include "http/response.h"

/* Fill res with the page for an HTTP error status: 400, 401, 403, 404, 405,
 * 413, 500, 503. */
void page_error(struct request *req, struct response *res, int status);

#endif
