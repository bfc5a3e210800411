/* conv_pupil.h - structured conversations seen from a pupil and from a key
 * teacher's list: the Conversations area (pupils in scope and their
 * planned conversations this year, by term), a pupil's conversations page
 * (the plan, the parent agreement, views from home, the records and the
 * targets), the parent agreement (view, set, review) and reviewing a
 * target. Staff only; records of pupils the person may not see are 404. */
#ifndef MESO_PAGES_CONV_PUPIL_H
#define MESO_PAGES_CONV_PUPIL_H

#include "http/request.h"
#include "http/response.h"

int page_conversations(struct request *req, struct response *res);
int page_pupil_conversations(struct request *req, struct response *res);
int page_agreement(struct request *req, struct response *res);
int page_agreement_post(struct request *req, struct response *res);
int page_target_review(struct request *req, struct response *res);
int page_target_review_post(struct request *req, struct response *res);

#endif
