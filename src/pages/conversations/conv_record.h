/* conv_record.h - a conversation's record page: each stage as a card with
 * its answers, the fidelity checklist, the targets and the parent's views;
 * saving it as complete; sharing it with the family; the PDF. Staff only; a
 * conversation is visible when its pupil is (404 otherwise). The stages
 * themselves are filled in on the pages of conversations.h. */
#ifndef MESO_PAGES_CONV_RECORD_H
#define MESO_PAGES_CONV_RECORD_H

#include "http/request.h"
#include "http/response.h"

int page_conv_show(struct request *req, struct response *res);
int page_conv_complete(struct request *req, struct response *res);
int page_conv_share(struct request *req, struct response *res);
int page_conv_pdf(struct request *req, struct response *res);
/* POST /conversations/{id}/replies/{rid}/read: a family's reply is read. */
int page_conv_reply_read(struct request *req, struct response *res);

#endif
