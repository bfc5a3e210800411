/* assets.h (pages) - serving the embedded web assets at /assets/NAME. */
#ifndef MESO_PAGES_ASSETS_H
#define MESO_PAGES_ASSETS_H

#include "http/request.h"
#include "http/response.h"

int page_asset(struct request *req, struct response *res);
int page_favicon(struct request *req, struct response *res);

#endif
