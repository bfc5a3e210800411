/* cmd_score.h - `meso score sdq|mmf|file`: score questionnaire responses
 * given by item number, with no database. See docs/measures.md. */
#ifndef MESO_CMD_SCORE_H
#define MESO_CMD_SCORE_H

#include "cli/cli.h"

int score_sdq_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int score_mmf_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int score_file_cmd(struct cli_ctx *ctx, const struct cli_args *a);

#endif
