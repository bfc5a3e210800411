/* cmd_evaluate.h - `meso evaluate fit`: a linear mixed model fitted to any
 * CSV file, with lme4's formulas and lme4's numbers; `meso evaluate
 * implementation`: how the work was done against how children did, on the
 * school's own records (docs/evaluation.md). */
#ifndef MESO_CMD_EVALUATE_H
#define MESO_CMD_EVALUATE_H

#include "cli/cli.h"

int evaluate_fit_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int evaluate_implementation_cmd(struct cli_ctx *ctx, const struct cli_args *a);

#endif
