/* cmd_help.h - `meso help [COMMAND] [--man|--markdown]` and `meso version`. */
#ifndef MESO_CMD_HELP_H
#define MESO_CMD_HELP_H

#include "cli/cli.h"

int help_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int version_cmd(struct cli_ctx *ctx, const struct cli_args *a);

#endif
