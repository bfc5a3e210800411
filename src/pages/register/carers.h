/* carers.h - a carer's page, the forms to add and change carers, and the
 * links between carers and pupils. */
#ifndef MESO_PAGES_CARERS_H
#define MESO_PAGES_CARERS_H

#include "http/request.h"
#include "http/response.h"

int page_carer_show(struct request *req, struct response *res);
int page_carer_edit(struct request *req, struct response *res);
int page_carer_update(struct request *req, struct response *res);
int page_carer_new(struct request *req, struct response *res);
int page_carer_create(struct request *req, struct response *res);
int page_link_edit(struct request *req, struct response *res);
int page_link_update(struct request *req, struct response *res);
int page_link_remove(struct request *req, struct response *res);

#endif
