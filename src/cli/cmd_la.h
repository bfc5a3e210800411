/* cmd_la.h - `meso la extract` and `meso la evaluate`: a local authority's
 * pseudonymised extract of its sharing schools' implementation-to-outcome
 * data, and the analysis across those schools (pupils in key teachers in
 * schools; docs/evaluation.md, "Across a local authority's schools"). */
#ifndef MESO_CMD_LA_H
#define MESO_CMD_LA_H

#include "cli/cli.h"

int la_extract_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int la_evaluate_cmd(struct cli_ctx *ctx, const struct cli_args *a);

#endif
