/* cmd_db.h - `meso init` and `meso check`. */
#ifndef MESO_CMD_DB_H
#define MESO_CMD_DB_H

#include "cli/cli.h"

int init_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int check_cmd(struct cli_ctx *ctx, const struct cli_args *a);

#endif
