/* cmd_contact.h - `meso contact add|list|prompts`: the home-school contact
 * log (see model/contact.h). */
#ifndef MESO_CMD_CONTACT_H
#define MESO_CMD_CONTACT_H

#include "cli/cli.h"

int contact_add_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int contact_list_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int contact_prompts_cmd(struct cli_ctx *ctx, const struct cli_args *a);

#endif
