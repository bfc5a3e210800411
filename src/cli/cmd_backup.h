/* cmd_backup.h - `meso backup` and `meso restore` (backup/backup.h). */
#ifndef MESO_CMD_BACKUP_H
#define MESO_CMD_BACKUP_H

#include "cli/cli.h"

int backup_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int restore_cmd(struct cli_ctx *ctx, const struct cli_args *a);

#endif
