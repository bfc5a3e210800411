/* cmd_provmap.h - the provision map's commands: `meso framework
 * list|add|choose`, `meso provision add|list|map|enrol`, `meso review
 * add|due`, `meso report reviews`, `meso involvement
 * add|update|list|timescale`, `meso report provision` and `meso pupils
 * provision` (docs/provision-map.md).
 *
 * `report provision` and `pupils provision` build their record with
 * provmap_build / pupilprov_build, then print it as text or, with --json,
 * as repr_provmap / repr_pupilprov: other outputs (a PDF, a PNG) add a
 * branch beside --json in cmd_provreport.c, which holds those two commands;
 * cmd_provmap.c holds the others. */
#ifndef MESO_CMD_PROVMAP_H
#define MESO_CMD_PROVMAP_H

#include <stdint.h>

#include "cli/cli.h"

int framework_list_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int framework_add_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int framework_choose_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int provision_add_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int provision_list_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int provision_map_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int provision_enrol_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int review_add_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int review_due_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int report_reviews_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int involvement_add_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int involvement_update_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int involvement_list_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int involvement_timescale_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int report_provision_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int pupils_provision_cmd(struct cli_ctx *ctx, const struct cli_args *a);

/* Pence as money ("-" when negative: not known), in ctx's arena; shared by
 * cmd_provmap.c and cmd_provreport.c. */
const char *cmd_provmap_money(struct cli_ctx *ctx, int64_t pence);

#endif
