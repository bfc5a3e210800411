/* repr_eval.h - the JSON of the implementation analysis (`meso evaluate
 * implementation --json`, the /evaluation page's data): docs/evaluation.md
 * lists the keys. Returns a new reference or NULL when memory runs out. */
#ifndef MESO_REPR_EVAL_H
#define MESO_REPR_EVAL_H

#include <jansson.h>

#include "model/evaluation/evaluation.h"

json_t *repr_eval(const struct eval_result *r);

#endif
