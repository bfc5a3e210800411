/* cmd_conv.h - `meso conversation add|update|list|show|share|due`,
 * `meso target review|list` and `meso views add|list`: structured
 * conversations with parents (see model/conversation.h). */
#ifndef MESO_CMD_CONV_H
#define MESO_CMD_CONV_H

#include <stdint.h>
#include <stdio.h>

#include "cli/cli.h"
#include "model/register/audit.h"

struct pupil;
struct school;

int conversation_add_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int conversation_update_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int conversation_list_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int conversation_show_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int conversation_share_cmd(struct cli_ctx *ctx, const struct cli_args *a);
int conversation_due_cmd(struct cli_ctx *ctx, const struct cli_args *a);

/* Helpers shared by the conversation, scope and contact commands. */
/* The command-line actor, for the audit trail. */
struct audit_entry cli_who(const struct cli_ctx *ctx);
/* Resolve --school and the pupil with this UPN (ERR_USAGE for a malformed
 * UPN, ERR_NOTFOUND for none). */
int cli_pupil(struct cli_ctx *ctx, const struct cli_args *a, const char *upn, struct school *school,
              struct pupil *p);
/* A member of staff at school by email (option names the option for
 * messages). */
int cli_staff_id(struct cli_ctx *ctx, int64_t school_id, const char *email, const char *option,
                 int64_t *out);
/* A positive record number from a positional argument or option value. */
int cli_id(struct cli_ctx *ctx, const char *s, const char *what, int64_t *out);
/* Parse "12, 13" into ids (in the arena). */
int cli_ids(struct cli_ctx *ctx, const char *s, const char *option, int64_t **out, size_t *n);
/* Parse a date option (YYYY-MM-DD or DD/MM/YYYY) into ISO; absent gives
 * today. */
int cli_date(struct cli_ctx *ctx, const struct cli_args *a, const char *option, char out[11]);
/* The same for an optional date: "" when the option is not given. */
int cli_date_opt(struct cli_ctx *ctx, const struct cli_args *a, const char *option, char out[11]);
/* The school year from --year (YYYY or YYYY-YY), else the current one. */
int cli_year(struct cli_ctx *ctx, const struct cli_args *a, int *year);
/* "  LABEL            text", continuation lines indented under the text;
 * nothing for a blank value. */
void cli_text_field(FILE *out, const char *label, const char *v);

#endif
