/* cmd_pupils.h - `meso pupils list|show` and `meso factor add|list|types`. */
#ifndef MESO_CMD_PUPILS_H
#define MESO_CMD_PUPILS_H

#include "cli/cli.h"

int pupils_list_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int pupils_show_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int factor_add_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int factor_list_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int factor_types_cmd(struct cli_ctx *ctx, const struct cli_args *a);

#endif
