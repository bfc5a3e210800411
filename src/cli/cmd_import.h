/* cmd_import.h - `meso import pupils|carers FILE`. */
#ifndef MESO_CMD_IMPORT_H
#define MESO_CMD_IMPORT_H

#include "cli/cli.h"

int import_pupils_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int import_carers_cmd(struct cli_ctx *ctx, const struct cli_args *a);

#endif
