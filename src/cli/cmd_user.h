/* cmd_user.h - `meso user add|passwd|roles|disable|enable|reset-2fa|unlock-2fa|list`:
 * sign-in accounts for staff. */
#ifndef MESO_CMD_USER_H
#define MESO_CMD_USER_H

#include "cli/cli.h"

int user_add_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int user_passwd_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int user_roles_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int user_disable_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int user_enable_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int user_reset_2fa_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int user_unlock_2fa_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int user_list_cmd(struct cli_ctx *ctx, const struct cli_args *a);

#endif
