/* api_la.h - GET /api/v1/la: the LA view's figures (view/repr_la.h), for a
 * local authority's read token (meso token add --la CODE). */
#ifndef MESO_API_LA_H
#define MESO_API_LA_H

#include "http/request.h"
#include "http/response.h"

int api_la(struct request *req, struct response *res);

#endif
