/* api_measures.h - the JSON API for wellbeing measures and outcomes
 * (docs/openapi.yaml): a pupil's assessments, reliable change between two
 * of them, a pupil's other outcomes, and the screening summary. Bearer
 * tokens only, like the rest of /api/v1; every read of a child's record is
 * audited as "token:NAME". */
#ifndef MESO_API_MEASURES_H
#define MESO_API_MEASURES_H

#include "http/request.h"
#include "http/response.h"

int api_pupil_assessments(struct request *req, struct response *res);
int api_pupil_change(struct request *req, struct response *res);
int api_pupil_outcomes(struct request *req, struct response *res);
int api_screening(struct request *req, struct response *res);

#endif
