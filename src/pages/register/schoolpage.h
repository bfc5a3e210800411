/* schoolpage.h - the school's details (URN, name, LA number, phase) for its
 * administrator or lead, with the school year's term dates. */
#ifndef MESO_PAGES_SCHOOLPAGE_H
#define MESO_PAGES_SCHOOLPAGE_H

#include "http/request.h"
#include "http/response.h"

struct html;
struct problems;
struct school;

int page_school(struct request *req, struct response *res);
int page_school_post(struct request *req, struct response *res);

/* The school's fields (URN, name, LA number, phase) with their problems, for
 * this page and the first-run setup page. */
void schoolpage_fields(struct html *h, const struct school *s, const struct problems *pr);

/* POST /school/la-share: a lead turns sharing with the LA on (share=yes)
 * or off (share=no); audited (model/register/school.h). */
int page_school_la_share(struct request *req, struct response *res);

#endif
