/* cmd_school.h - `meso school add|list` and `meso staff add|list`. */
#ifndef MESO_CMD_SCHOOL_H
#define MESO_CMD_SCHOOL_H

#include "cli/cli.h"

int school_add_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int school_list_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int staff_add_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int staff_list_cmd(struct cli_ctx *ctx, const struct cli_args *a);

/* Resolve --school (or the only school) for a command; reports errors. */
struct school;
int cli_school(struct cli_ctx *ctx, const struct cli_args *a, struct school *out);

#endif
