/* pupils.h - the pupil list, a pupil's page, and the forms to add and
 * change pupils. */
#ifndef MESO_PAGES_PUPILS_H
#define MESO_PAGES_PUPILS_H

#include "http/request.h"
#include "http/response.h"

int page_pupils(struct request *req, struct response *res);
int page_pupil_show(struct request *req, struct response *res);
int page_pupil_new(struct request *req, struct response *res);
int page_pupil_create(struct request *req, struct response *res);
int page_pupil_edit(struct request *req, struct response *res);
int page_pupil_update(struct request *req, struct response *res);

#endif
