/* schoolpage.h - the school's details (URN, name, LA number, phase) for its
 * administrator or lead, with the school year's term dates. */
#ifndef MESO_PAGES_SCHOOLPAGE_H
#define MESO_PAGES_SCHOOLPAGE_H

#include "http/request.h"
#include "http/response.h"

int page_school(struct request *req, struct response *res);
int page_school_post(struct request *req, struct response *res);

#endif
