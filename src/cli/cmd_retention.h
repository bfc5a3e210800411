/* cmd_retention.h - `meso retention list|set|review` and `meso erase
 * pupil|carer` (model/retention, docs/retention.md). */
#ifndef MESO_CMD_RETENTION_H
#define MESO_CMD_RETENTION_H

#include "cli/cli.h"

int retention_list_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int retention_set_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int retention_review_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int erase_pupil_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int erase_carer_cmd(struct cli_ctx *ctx, const struct cli_args *a);

#endif
