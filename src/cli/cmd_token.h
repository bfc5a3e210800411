/* cmd_token.h - `meso token add|list|revoke`: API tokens for programs. */
#ifndef MESO_CMD_TOKEN_H
#define MESO_CMD_TOKEN_H

#include "cli/cli.h"

int token_add_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int token_list_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int token_revoke_cmd(struct cli_ctx *ctx, const struct cli_args *a);

#endif
