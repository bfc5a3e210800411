/* cmd_prog.h - `meso template list|show|add`, `meso programme
 * start|list|show|team|enrol|session|followon|cost|quote|letter`,
 * `meso story add|list|booklet`, `meso reading add` and
 * `meso report programme`: family programmes (see model/programme.h and
 * docs/programmes.md).
 *
 * One header for the family of commands, implemented in several files:
 * cmd_prog.c (the programme commands and the helpers below), cmd_template.c,
 * cmd_progsession.c (session, followon), cmd_story.c (story, reading) and
 * cmd_progreport.c (report programme). */
#ifndef MESO_CMD_PROG_H
#define MESO_CMD_PROG_H

#include <stdbool.h>
#include <stdint.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "model/programmes/programme.h"
#include "model/programmes/progtemplate.h"
#include "model/provision/provision.h"
#include "model/register/school.h"

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

/* ---- shared by the files of these commands ---- */
/* Write b to path ("-" for standard output). 0 or ERR_STORAGE. */
int cmd_prog_write_out(struct cli_ctx *ctx, const char *path, const struct buf *b);
/* The cohort numbered by the first positional argument, at --school. */
int cmd_prog_cohort(struct cli_ctx *ctx, const struct cli_args *a, struct school *school,
                    struct provision *p);
/* The template p runs (an error when it runs none). */
int cmd_prog_cohort_template(struct cli_ctx *ctx, const struct provision *p,
                             struct progtemplate *t);
/* The enrolment of the pupil with this UPN in p, or NULL (message set). */
const struct enrolment *cmd_prog_enrolment_by_upn(struct cli_ctx *ctx, const struct provision *p,
                                                  const char *upn, const char *option);
/* The one enrolment of the programme, or the one named by --upn. */
const struct enrolment *cmd_prog_the_enrolment(struct cli_ctx *ctx, const struct cli_args *a,
                                               const struct provision *p);
/* A session's label ("commitment", "3", "followon-2"), in ctx's arena. */
const char *cmd_prog_session_label(struct cli_ctx *ctx, const struct prog_session *s);
/* "3", "commitment" or "followon-2". */
int cmd_prog_parse_session(struct cli_ctx *ctx, const char *s, enum session_kind *kind, int *seq);
/* Pence as money, in ctx's arena. */
const char *cmd_prog_money(struct cli_ctx *ctx, int64_t pence);

#endif
