/* myreply.h - a parent's reply to a record the school shared with them, or
 * a note that something in it is not right (issue 18, part 3;
 * model/conversations/reply.h). Parents only (R_PARENT); a record that is
 * not their child's, or not complete and shared, is 404. */
#ifndef MESO_PAGES_MYREPLY_H
#define MESO_PAGES_MYREPLY_H

#include "http/request.h"
#include "http/response.h"

struct html;
struct conversation;

/* GET and POST /my/conversations/{id}/reply. */
int page_my_reply(struct request *req, struct response *res);
int page_my_reply_post(struct request *req, struct response *res);

/* On the family's record page: what this carer has sent about the record,
 * and the link to reply. Returns 0 or an error code. */
int myreply_history(struct request *req, struct html *h, const struct conversation *c);

#endif
