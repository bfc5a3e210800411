/* cmd_sar.h - `meso sar`: everything held about a child, for a subject
 * access request under UK GDPR (docs/sar.md). */
#ifndef MESO_CMD_SAR_H
#define MESO_CMD_SAR_H

#include "cli/cli.h"

/* meso sar UPN --out DIR [--carer ID] [--school URN]: write DIR/sar.json
 * and DIR/sar.pdf (refused if either exists; DIR is made if missing). */
int sar_cmd(struct cli_ctx *ctx, const struct cli_args *a);

/* meso sar redact UPN --path PATH [--passage TEXT] --reason TEXT: hold back
 * a value (or the words PASSAGE in it) of the child's next exports
 * (model/sar/redaction.h; paths as view/sar.h). */
int sar_redact_cmd(struct cli_ctx *ctx, const struct cli_args *a);

#endif
