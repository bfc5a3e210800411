/* pupils.h - the pupil list, a pupil's page, and the forms to add and
 * change pupils. */
#ifndef MESO_PAGES_PUPILS_H
#define MESO_PAGES_PUPILS_H

#include "http/request.h"
#include "http/response.h"

int page_pupils(struct request *req, struct response *res);
/* The pupil list's filters (q, year, sen, fsm) from the request, within the
 * signed-in person's scope. */
struct pupil_filter;
void pupils_filter_from(struct request *req, struct pupil_filter *f);
int page_pupil_show(struct request *req, struct response *res);
int page_pupil_new(struct request *req, struct response *res);
int page_pupil_create(struct request *req, struct response *res);
int page_pupil_edit(struct request *req, struct response *res);
int page_pupil_update(struct request *req, struct response *res);

#endif
