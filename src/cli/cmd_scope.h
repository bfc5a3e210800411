/* cmd_scope.h - `meso scope add|remove|list|plan`, `meso agreement
 * set|show`, `meso term set|list`, `meso holiday add` and `meso report
 * conversations`. */
#ifndef MESO_CMD_SCOPE_H
#define MESO_CMD_SCOPE_H

#include "cli/cli.h"

int scope_add_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int scope_remove_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int scope_list_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int scope_plan_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int agreement_set_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int agreement_show_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int term_set_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int term_list_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int holiday_add_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int report_conversations_cmd(struct cli_ctx *ctx, const struct cli_args *a);

#endif
