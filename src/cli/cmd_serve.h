/* cmd_serve.h - `meso serve`. */
#ifndef MESO_CMD_SERVE_H
#define MESO_CMD_SERVE_H

#include "cli/cli.h"

int serve_cmd(struct cli_ctx *ctx, const struct cli_args *a);

#endif
