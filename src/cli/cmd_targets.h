/* cmd_targets.h - meso target review|list and meso views add|list: the
 * targets agreed in conversations, and the family's own views before the
 * next one (model/conversations/conversation.h). */
#ifndef MESO_CMD_TARGETS_H
#define MESO_CMD_TARGETS_H

#include "cli/cli.h"

int target_review_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int target_list_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int views_add_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int views_list_cmd(struct cli_ctx *ctx, const struct cli_args *a);

#endif
