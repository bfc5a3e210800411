/* cmd_ctf.h - `meso export ctf` and `meso import ctf` (docs/ctf.md). */
#ifndef MESO_CMD_CTF_H
#define MESO_CMD_CTF_H

#include "cli/cli.h"

int export_ctf_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int import_ctf_cmd(struct cli_ctx *ctx, const struct cli_args *a);

/* meso transfer consent UPN --how TEXT [--carer ID] [--on DATE]: record the
 * family's agreement that meso's record may go with the child's CTF. */
int transfer_consent_cmd(struct cli_ctx *ctx, const struct cli_args *a);

#endif
