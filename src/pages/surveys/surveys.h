/* surveys.h - the parents' survey for leads (issue 18, part 4;
 * model/surveys/): the results over time and per round, with small numbers
 * suppressed; starting a round; paper codes, shown once. Leads only. */
#ifndef MESO_PAGES_SURVEYS_H
#define MESO_PAGES_SURVEYS_H

#include "http/request.h"
#include "http/response.h"

int page_surveys(struct request *req, struct response *res);      /* GET /surveys */
int page_surveys_post(struct request *req, struct response *res); /* POST /surveys */
int page_survey_round(struct request *req, struct response *res); /* GET /surveys/{id} */
int page_survey_codes(struct request *req, struct response *res); /* POST /surveys/{id}/codes */

#endif
