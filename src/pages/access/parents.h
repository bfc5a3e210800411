/* parents.h - the parent portal: a parent's page for each of their own
 * children, the plain-language record of each meeting the school has
 * shared with them (and its PDF), and a form to give their own views
 * before the next meeting, which open that meeting's Explore stage.
 * Parents only (R_PARENT); another child, or a record not complete and
 * shared, is 404. Everything read is audited as the parent. */
#ifndef MESO_PAGES_PARENTS_H
#define MESO_PAGES_PARENTS_H

#include "http/request.h"
#include "http/response.h"

int page_my_child(struct request *req, struct response *res);
int page_my_conversation(struct request *req, struct response *res);
int page_my_conversation_pdf(struct request *req, struct response *res);
int page_my_views(struct request *req, struct response *res);
int page_my_views_post(struct request *req, struct response *res);

#endif
