/* evalplot.h - the pictures of the implementation analysis
 * (model/evaluation/evaluation.h), readable without colour: ink on white,
 * every point labelled in words, a dashed line at zero.
 *
 * - The forest plot: one row per indicator, its effect size (Hedges' g per
 *   SD; positive = better outcomes) as a square with its 95% interval as a
 *   line with end caps, and the numbers written at the right.
 * - The caterpillar plot: each key teacher's estimated effect (their
 *   pupils' conditional mode, on the outcome's scale) with a 95% interval,
 *   sorted, unnamed; a key teacher with fewer than EVAL_SMALL_CELL pupils is
 *   left out.
 *
 * Each row or point is a group whose title states it in words. Draw with
 * canvas_svg_render(out, EVALPLOT_WIDTH, evalplot_forest_height(r), ...).
 */
#ifndef MESO_EVALPLOT_H
#define MESO_EVALPLOT_H

#include "io/canvas.h"
#include "model/evaluation/evaluation.h"

#define EVALPLOT_WIDTH              640.0
#define EVALPLOT_CATERPILLAR_HEIGHT 260.0

double evalplot_forest_height(const struct eval_result *r);
/* canvas_draw_fn: ctx is a const struct eval_result (not declined). */
int evalplot_forest(struct canvas *c, void *ctx);
int evalplot_caterpillar(struct canvas *c, void *ctx);

#endif
