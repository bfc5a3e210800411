/* repr.h - the JSON shape of each record, shared by `--json` on the command
 * line and the JSON API, so both always agree. Each function returns a new
 * reference (json_decref it), or NULL when memory runs out. */
#ifndef MESO_REPR_H
#define MESO_REPR_H

#include <jansson.h>

#include "model/carer.h"
#include "model/pupil.h"
#include "model/school.h"

json_t *repr_school(const struct school *s);
json_t *repr_pupil(const struct pupil *p);
json_t *repr_carer(const struct carer *c);
/* A carer as seen from one pupil: the carer plus the link's fields. */
json_t *repr_pupil_carer(const struct pupil_carer *pc);
json_t *repr_sen_change(const struct sen_change *c);

/* A string or JSON null for NULL/"". */
json_t *repr_str(const char *s);

#endif
