/* retention.h - the retention page for leads (how long each kind of record
 * is kept, and the leavers whose records are past it) and erasing a leaver's
 * record (model/retention, docs/retention.md). */
#ifndef MESO_PAGES_RETENTION_H
#define MESO_PAGES_RETENTION_H

#include "http/request.h"
#include "http/response.h"

/* GET /retention and POST /retention (the school's periods). */
int page_retention(struct request *req, struct response *res);
int page_retention_post(struct request *req, struct response *res);

/* GET /pupils/{id}/erase (what erasing does, and a reason) and POST (erase). */
int page_erase(struct request *req, struct response *res);
int page_erase_post(struct request *req, struct response *res);

/* GET /carers/{id}/erase and POST (erase a carer's details, once none of
 * their children is on roll). */
int page_erase_carer(struct request *req, struct response *res);
int page_erase_carer_post(struct request *req, struct response *res);

#endif
