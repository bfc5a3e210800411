/* cmd_evaluate.h - `meso evaluate fit`: a linear mixed model fitted to any
 * CSV file, with lme4's formulas and lme4's numbers (docs/evaluation.md). */
#ifndef MESO_CMD_EVALUATE_H
#define MESO_CMD_EVALUATE_H

#include "cli/cli.h"

int evaluate_fit_cmd(struct cli_ctx *ctx, const struct cli_args *a);

#endif
