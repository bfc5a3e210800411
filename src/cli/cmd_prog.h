/* cmd_prog.h - `meso template list|show|add`, `meso programme
 * start|list|show|team|enrol|session|followon|cost|quote|letter`,
 * `meso story add|list|booklet`, `meso reading add` and
 * `meso report programme`: family programmes (see model/programme.h and
 * docs/programmes.md). */
#ifndef MESO_CMD_PROG_H
#define MESO_CMD_PROG_H

#include <stdbool.h>
#include <stdint.h>

#include "cli/cli.h"
#include "model/provision/provision.h"

int template_list_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int template_show_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int template_add_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int programme_start_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int programme_list_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int programme_show_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int programme_team_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int programme_enrol_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int programme_session_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int programme_followon_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int programme_cost_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int programme_quote_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int programme_letter_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int story_add_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int story_list_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int story_booklet_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int reading_add_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int report_programme_cmd(struct cli_ctx *ctx, const struct cli_args *a);

/* pupil_id's enrolment in p (a new one when there is none: *existing
 * false), with --consent, --consent-date, --left and --reason applied; for
 * `programme enrol` and `provision enrol`. */
int cli_enrolment_opts(struct cli_ctx *ctx, const struct cli_args *a, const struct provision *p,
                       int64_t pupil_id, struct enrolment *en, bool *existing);

#endif
