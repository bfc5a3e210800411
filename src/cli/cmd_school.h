/* cmd_school.h - `meso school add|list` and `meso staff add|list`. */
#ifndef MESO_CMD_SCHOOL_H
#define MESO_CMD_SCHOOL_H

#include <stdint.h>

#include "cli/cli.h"

int school_add_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int school_list_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int staff_add_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int staff_list_cmd(struct cli_ctx *ctx, const struct cli_args *a);

/* Resolve --school (or the only school) for a command; reports errors. */
struct school;
int cli_school(struct cli_ctx *ctx, const struct cli_args *a, struct school *out);
/* When the date in iso is not a school day at the school (a weekend, a
 * holiday, a break between terms), say so on the message stream: "Note: 12
 * December 2026 is a Saturday." The date is kept; this only asks the
 * person to check it. */
void cli_date_note(struct cli_ctx *ctx, int64_t school_id, const char *iso);

#endif
