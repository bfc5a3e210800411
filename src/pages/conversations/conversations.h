/* conversations.h - a key teacher records a structured conversation, one
 * stage at a time and in order (Explore, Focus, Plan, Review), so the record
 * keeps the order the stages were filled in (docs/fidelity.md); the record's
 * page with its fidelity checklist; saving it as complete; sharing it with
 * the family; the PDF. Staff only; a conversation is visible when its pupil
 * is (404 otherwise). The record's page, completing, sharing and the PDF
 * are in conv_record.h. */
#ifndef MESO_PAGES_CONVERSATIONS_H
#define MESO_PAGES_CONVERSATIONS_H

#include "http/request.h"
#include "http/response.h"

int page_conv_new(struct request *req, struct response *res);
int page_conv_create(struct request *req, struct response *res);
int page_conv_meeting(struct request *req, struct response *res);
int page_conv_meeting_post(struct request *req, struct response *res);
int page_conv_explore(struct request *req, struct response *res);
int page_conv_explore_post(struct request *req, struct response *res);
int page_conv_focus(struct request *req, struct response *res);
int page_conv_focus_post(struct request *req, struct response *res);
int page_conv_plan(struct request *req, struct response *res);
int page_conv_plan_post(struct request *req, struct response *res);
int page_conv_review(struct request *req, struct response *res);
int page_conv_review_post(struct request *req, struct response *res);

#endif
