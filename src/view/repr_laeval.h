/* repr_laeval.h - the JSON of the local authority's analysis across its
 * schools (`meso la evaluate --json`, GET /api/v1/la/evaluation and the
 * /la/evaluation page's figures): docs/evaluation.md lists the keys. A count
 * of pupils from 1 to 4 is null (stats/suppress.h). Returns a new reference
 * or NULL when memory runs out. */
#ifndef MESO_REPR_LAEVAL_H
#define MESO_REPR_LAEVAL_H

#include <jansson.h>

#include "model/la/laeval.h"

json_t *repr_laeval(const struct la_eval_result *r);

/* "three-level", "school-fixed", "one-school" or "none". */
const char *repr_laeval_model(enum la_eval_model m);

#endif
