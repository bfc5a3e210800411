/* cmd_db.h - `meso init`, `meso check` and `meso db copy`. */
#ifndef MESO_CMD_DB_H
#define MESO_CMD_DB_H

#include "cli/cli.h"

int init_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int check_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int db_copy_cmd(struct cli_ctx *ctx, const struct cli_args *a);

#endif
