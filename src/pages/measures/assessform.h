/* assessform.h - recording a questionnaire on the web: choosing the
 * measure, then the form that follows the paper form's item numbers (SDQ
 * with its impact supplement, and the other built-in and school measures),
 * and saving it. Staff who may edit the pupil only. */
#ifndef MESO_PAGES_ASSESSFORM_H
#define MESO_PAGES_ASSESSFORM_H

#include "http/request.h"
#include "http/response.h"

int page_assessment_new(struct request *req, struct response *res);
int page_assessment_create(struct request *req, struct response *res);

#endif
