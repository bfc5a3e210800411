/* cmd_assign.h - `meso keyteacher set|clear` and `meso family
 * assign|unassign`: who works with each child, which decides who may see
 * the child's record. */
#ifndef MESO_CMD_ASSIGN_H
#define MESO_CMD_ASSIGN_H

#include "cli/cli.h"

int keyteacher_set_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int keyteacher_clear_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int family_assign_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int family_unassign_cmd(struct cli_ctx *ctx, const struct cli_args *a);

#endif
