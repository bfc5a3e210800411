#include "cli/cmd_targets.h"

#include <jansson.h>
#include <string.h>

#include "cli/cmd_conv.h"
#include "core/date.h"
#include "core/str.h"
#include "model/conversations/conversation.h"
#include "model/register/pupil.h"
#include "model/register/school.h"
#include "view/repr.h"
#include "view/repr_conv.h"

int target_review_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct target_review r = { .note = cli_opt(a, "--note") };
    int rc = cli_id(ctx, a->pos[0], "target", &r.target_id);
    if (rc || (rc = cli_date(ctx, a, "--date", r.reviewed_on)))
        return rc;
    const char *v = cli_opt(a, "--status");
    if (!v)
        return err_set(&ctx->err, ERR_USAGE,
                       "meso target review needs --status (open, progressing, achieved, "
                       "changed or stopped)");
    if (target_parse_status(v, &r.status) != 0)
        return err_set(&ctx->err, ERR_USAGE,
                       "--status takes open, progressing, achieved, changed or stopped");
    const char *parent = cli_opt(a, "--parent");
    int yn = parent ? str_yes_no(parent) : -1;
    if (yn < 0)
        return err_set(&ctx->err, ERR_USAGE,
                       "meso target review needs --parent yes or --parent no: did the parent "
                       "or carer take part in this review?");
    r.parent_took_part = yn;
    if ((v = cli_opt(a, "--conversation")) &&
        (rc = cli_id(ctx, v, "conversation", &r.conversation_id)))
        return rc;
    struct audit_entry who = cli_who(ctx);
    if ((rc = target_review(ctx->db, &r, &who, &ctx->err)))
        return rc;
    fprintf(ctx->out, "Target %lld reviewed on %s: %s%s.\n", (long long)r.target_id, r.reviewed_on,
            r.status, r.parent_took_part ? ", with the family" : "");
    return 0;
}

int target_list_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct pupil p;
    int rc = cli_pupil(ctx, a, a->pos[0], &school, &p);
    if (rc)
        return rc;
    struct target *ts;
    size_t n;
    struct audit_entry who = cli_who(ctx);
    if ((rc = target_list(ctx->db, &ctx->arena, p.id, &who, &ts, &n, &ctx->err)))
        return rc;
    if (cli_flag(a, "--json")) {
        json_t *list = json_array();
        for (size_t i = 0; i < n && list; i++)
            json_array_append_new(list, repr_target(&ts[i]));
        return cli_print_json(ctx, json_pack("{s:s, s:o}", "upn", p.upn, "targets", list));
    }
    for (size_t i = 0; i < n; i++) {
        fprintf(ctx->out, "%lld. %s\n    who: %s; set %s; review by %s; now %s\n",
                (long long)ts[i].id, ts[i].what, ts[i].owner, ts[i].set_on,
                ts[i].review_date[0] ? ts[i].review_date : "-", ts[i].status);
        for (size_t k = 0; k < ts[i].n_reviews; k++)
            fprintf(ctx->out, "    %s %s%s%s%s\n", ts[i].reviews[k].reviewed_on,
                    ts[i].reviews[k].status,
                    ts[i].reviews[k].parent_took_part ? " (with the family)" : "",
                    ts[i].reviews[k].note ? ": " : "",
                    ts[i].reviews[k].note ? ts[i].reviews[k].note : "");
    }
    if (!n)
        fprintf(ctx->out, "No targets recorded for %s yet.\n", pupil_display_name(&ctx->arena, &p));
    return 0;
}

int views_add_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct pupil p;
    int rc = cli_pupil(ctx, a, a->pos[0], &school, &p);
    if (rc)
        return rc;
    struct parent_view v = { .pupil_id = p.id,
                             .going_well = cli_opt(a, "--going-well"),
                             .worries = cli_opt(a, "--worries"),
                             .to_talk_about = cli_opt(a, "--talk-about") };
    const char *carer = cli_opt(a, "--carer");
    if (!carer)
        return err_set(&ctx->err, ERR_USAGE,
                       "meso views add needs --carer ID: whose views these are (see `meso "
                       "pupils show UPN`)");
    if ((rc = cli_id(ctx, carer, "carer", &v.carer_id)) ||
        (rc = cli_date(ctx, a, "--date", v.given_on)))
        return rc;
    struct audit_entry who = cli_who(ctx);
    if ((rc = parent_view_add(ctx->db, &v, &who, &ctx->err)))
        return rc;
    fprintf(ctx->out,
            "Thank you: these views will open the next conversation about %s (views %lld).\n",
            pupil_display_name(&ctx->arena, &p), (long long)v.id);
    return 0;
}

int views_list_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct pupil p;
    int rc = cli_pupil(ctx, a, a->pos[0], &school, &p);
    if (rc)
        return rc;
    struct parent_view *vs;
    size_t n;
    struct audit_entry who = cli_who(ctx);
    rc = cli_flag(a, "--pending")
             ? parent_view_pending(ctx->db, &ctx->arena, p.id, &who, &vs, &n, &ctx->err)
             : parent_view_list(ctx->db, &ctx->arena, p.id, &who, &vs, &n, &ctx->err);
    if (rc)
        return rc;
    if (cli_flag(a, "--json")) {
        json_t *list = json_array();
        for (size_t i = 0; i < n && list; i++)
            json_array_append_new(list, repr_parent_view(&vs[i]));
        return cli_print_json(ctx, json_pack("{s:s, s:o}", "upn", p.upn, "views", list));
    }
    for (size_t i = 0; i < n; i++) {
        fprintf(ctx->out, "%s, from %s%s\n", vs[i].given_on,
                vs[i].carer_name ? vs[i].carer_name : "",
                vs[i].conversation_id ? "" : " (for the next conversation)");
        cli_text_field(ctx->out, "Going well", vs[i].going_well);
        cli_text_field(ctx->out, "Worries", vs[i].worries);
        cli_text_field(ctx->out, "To talk about", vs[i].to_talk_about);
    }
    if (!n)
        fprintf(ctx->out, "No views from %s's family recorded%s.\n",
                pupil_display_name(&ctx->arena, &p),
                cli_flag(a, "--pending") ? " since the last conversation" : "");
    return 0;
}
