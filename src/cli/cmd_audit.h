/* cmd_audit.h - `meso audit`: read the audit trail. */
#ifndef MESO_CMD_AUDIT_H
#define MESO_CMD_AUDIT_H

#include "cli/cli.h"

int audit_cmd(struct cli_ctx *ctx, const struct cli_args *a);

#endif
