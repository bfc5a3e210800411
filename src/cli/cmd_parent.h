/* cmd_parent.h - `meso parent invite`: an invitation code for a child's
 * parent or carer to make their account. */
#ifndef MESO_CMD_PARENT_H
#define MESO_CMD_PARENT_H

#include "cli/cli.h"

int parent_invite_cmd(struct cli_ctx *ctx, const struct cli_args *a);

#endif
