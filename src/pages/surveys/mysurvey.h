/* mysurvey.h - the parents' survey as a family answers it (issue 18, part
 * 4; model/surveys/survey.h): through the portal for their own child
 * (R_PARENT; another child is 404), or on paper with the code from a slip
 * (public; codes throttled by address, as /join is). */
#ifndef MESO_PAGES_MYSURVEY_H
#define MESO_PAGES_MYSURVEY_H

#include <stdbool.h>
#include <stdint.h>

#include "http/request.h"
#include "http/response.h"

struct html;

int page_my_survey(struct request *req, struct response *res); /* GET /my/children/{id}/survey */
int page_my_survey_post(struct request *req, struct response *res);    /* POST */
int page_paper_survey(struct request *req, struct response *res);      /* GET /survey */
int page_paper_survey_post(struct request *req, struct response *res); /* POST /survey */

/* On a parent's page for their child: an invitation to answer while a round
 * is open and they have not answered. Returns 0 or an error code. */
int mysurvey_invite(struct request *req, struct html *h, int64_t school_id, int64_t pupil_id);

#endif
