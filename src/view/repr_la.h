/* repr_la.h - the JSON shape of the LA view (model/la/lafigures.h), shared
 * by the API (GET /api/v1/la) and the spreadsheet (/la.xlsx), so both give
 * the page's figures. A count is a number, or the string "fewer than 5"
 * when suppressed; a mean or share is a number rounded to REPR_LA_DECIMALS
 * places, or null when there is none or it is hidden. No child is named: there is nothing per child
 * in it. Returns a new reference, or NULL when memory runs out. */
#ifndef MESO_REPR_LA_H
#define MESO_REPR_LA_H

#include <jansson.h>

#include "model/la/lafigures.h"

#define REPR_LA_DECIMALS 3
/* Enough significant digits to print every rounded figure as written
 * (0.667, not 0.66700000000000004): flags for json_dumps. */
#define REPR_LA_JSON_PRECISION JSON_REAL_PRECISION(12)

json_t *repr_la(const struct la_figures *f);

#endif
