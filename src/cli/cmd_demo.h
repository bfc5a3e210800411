/* cmd_demo.h - `meso demo`. */
#ifndef MESO_CMD_DEMO_H
#define MESO_CMD_DEMO_H

#include "cli/cli.h"

int demo_cmd(struct cli_ctx *ctx, const struct cli_args *a);

#endif
