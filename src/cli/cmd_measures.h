/* cmd_measures.h - wellbeing measures and outcomes on the command line:
 * `meso import assessments|attainment|attendance|exclusions|bullying|
 * relationships`, `meso assessment add|list|show|change`, `meso measure
 * add|list`, `meso reliability set|list`, `meso outcome list|codes` and
 * `meso report screening` (see docs/measures.md). The option tables live
 * here, beside their handlers; commands.c lists the commands. */
#ifndef MESO_CMD_MEASURES_H
#define MESO_CMD_MEASURES_H

#include "cli/cli.h"

extern const struct cli_opt measures_import_opts[];
extern const struct cli_opt assessment_add_opts[];
extern const struct cli_opt measures_school_json_opts[];
extern const struct cli_opt reliability_set_opts[];
extern const struct cli_opt report_screening_opts[];

int import_assessments_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int import_attainment_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int import_attendance_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int import_exclusions_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int import_bullying_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int import_relationships_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int assessment_add_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int assessment_list_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int assessment_show_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int assessment_change_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int measure_add_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int measure_list_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int reliability_set_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int reliability_list_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int outcome_list_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int outcome_codes_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int report_screening_cmd(struct cli_ctx *ctx, const struct cli_args *a);

#endif
