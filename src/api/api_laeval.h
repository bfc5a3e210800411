/* api_laeval.h - GET /api/v1/la/evaluation: the local authority's analysis
 * across its sharing schools (model/la/laeval.h), the same JSON as `meso la
 * evaluate --json` (view/repr_laeval.h). R_LA only. */
#ifndef MESO_API_LAEVAL_H
#define MESO_API_LAEVAL_H

#include "http/request.h"
#include "http/response.h"

int api_la_evaluation(struct request *req, struct response *res);

#endif
