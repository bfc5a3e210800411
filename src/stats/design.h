/* design.h - from a formula and a table to the matrices of a mixed model,
 * as R's model.frame and model.matrix and lme4's mkReTrms build them
 * (docs/evaluation.md):
 *
 * - a column with text is a factor: levels sorted (byte order), the first
 *   the reference, treatment contrasts named column and level together
 *   ("senK"); a factor is coded by contrasts or by one column per level
 *   exactly as R decides (the rule of Statistical Models in S, p. 38);
 * - interaction columns are products, the first variable varying fastest,
 *   named "x:senK";
 * - grouping columns are always categorical; a:b groups by both, a/b nests;
 * - a row with a missing value in any column the model uses is left out,
 *   and counted.
 */
#ifndef MESO_DESIGN_H
#define MESO_DESIGN_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"
#include "stats/formula.h"
#include "stats/frame.h"
#include "stats/lmm.h"

struct design {
    struct lmm_input in; /* ready for lmm_fit() */
    const char *response;
    size_t n_rows;    /* rows in the table */
    size_t n_dropped; /* left out for a missing value */
};

/* Build d from f and the table fr (whose number columns may be given text
 * codes). source names the table in messages ("data.csv"): a value that is
 * not a number in a number column gives "source:LINE: COLUMN: reason".
 * Returns 0, or ERR_INPUT naming the problem (a column not in the table, text
 * in a number column, a response with text, no rows left, too many columns),
 * or ERR_NOMEM / ERR_LIMIT. Everything lives in the arena. */
int design_build(const struct formula *f, struct frame *fr, const char *source, bool reml,
                 struct arena *a, struct design *d, struct err *e);

#endif
