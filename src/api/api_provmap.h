/* api_provmap.h - the provision map in the JSON API:
 * GET /api/v1/reports/provision[?as_of=YYYY-MM-DD], the token's school's map
 * in the shape of repr_provmap (docs/provision-map.md). */
#ifndef MESO_API_PROVMAP_H
#define MESO_API_PROVMAP_H

#include "http/request.h"
#include "http/response.h"

int api_report_provision(struct request *req, struct response *res);

#endif
