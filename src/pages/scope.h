/* scope.h - which pupils and carers the signed-in person may see, for the
 * pages. The rules live in model/access; this adapts them to a request. */
#ifndef MESO_SCOPE_H
#define MESO_SCOPE_H

#include <stdbool.h>

#include "http/request.h"

struct pupil;
struct carer;
struct pupil_filter;

bool scope_pupil_visible(struct request *req, const struct pupil *p);
bool scope_carer_visible(struct request *req, const struct carer *c);
/* Narrow a pupil list to what the person may see. */
void scope_pupil_filter(const struct request *req, struct pupil_filter *f);

#endif
