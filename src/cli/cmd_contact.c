#include "cli/cmd_contact.h"

#include <jansson.h>
#include <string.h>

#include "view/repr_conv.h"
#include "cli/cmd_conv.h"
#include "cli/cmd_school.h"
#include "core/problems.h"
#include "core/str.h"
#include "model/conversations/contact.h"
#include "model/register/pupil.h"
#include "model/register/school.h"

int contact_add_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct pupil p;
    int rc = cli_pupil(ctx, a, a->pos[0], &school, &p);
    if (rc)
        return rc;
    const char *method = cli_opt(a, "--method"), *purpose = cli_opt(a, "--purpose");
    if (!method || !purpose)
        return err_set(&ctx->err, ERR_USAGE,
                       "meso contact add needs --method and --purpose (the date defaults to "
                       "today)");
    struct contact c = { .pupil_id = p.id,
                         .school_id = school.id,
                         .started_by = cli_opt(a, "--started-by"),
                         .interpreter = cli_flag(a, "--interpreter"),
                         .note = cli_opt(a, "--note") };
    struct problems pr;
    problems_init(&pr, &ctx->arena);
    if (contact_parse_method(method, &c.method) != 0)
        c.method = method; /* reported by contact_validate */
    if (contact_parse_purpose(purpose, &c.purpose) != 0)
        c.purpose = purpose;
    if ((rc = cli_date(ctx, a, "--date", c.date)))
        return rc;
    const char *v;
    if ((v = cli_opt(a, "--time")))
        str_copy(c.time, sizeof c.time, strlen(v) < sizeof c.time ? v : "bad");
    if ((v = cli_opt(a, "--carers")) &&
        (rc = cli_ids(ctx, v, "--carers", &c.carer_ids, &c.n_carers)))
        return rc;
    if ((v = cli_opt(a, "--staff")) &&
        (rc = cli_staff_id(ctx, school.id, v, "--staff", &c.staff_id)))
        return rc;
    if ((rc = contact_validate(ctx->db, &c, &pr, &ctx->err)))
        return rc;
    if (pr.n) {
        for (size_t i = 0; i < pr.n; i++) {
            const char *f = pr.items[i].field;
            fprintf(ctx->msg, "--%s: %s\n", !strcmp(f, "started_by") ? "started-by" : f,
                    pr.items[i].msg);
        }
        return err_set(&ctx->err, ERR_INPUT, "nothing was saved");
    }
    struct audit_entry who = cli_who(ctx);
    if ((rc = contact_add(ctx->db, &c, &who, &ctx->err)))
        return rc;
    fprintf(ctx->out, "Recorded a %s with %s's family on %s: %s (contact %lld).\n",
            contact_method_label(c.method), pupil_display_name(&ctx->arena, &p), c.date,
            contact_purpose_label(c.purpose), (long long)c.id);
    return 0;
}

int contact_list_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct pupil p = { 0 };
    int rc = a->n_pos ? cli_pupil(ctx, a, a->pos[0], &school, &p) : cli_school(ctx, a, &school);
    if (rc)
        return rc;
    struct contact_filter f = { .school_id = school.id, .pupil_id = p.id };
    char since[11];
    if (cli_opt(a, "--since")) {
        if ((rc = cli_date(ctx, a, "--since", since)))
            return rc;
        f.from = since;
    }
    long long limit = 0;
    if ((rc = cli_opt_int(ctx, a, "--limit", 1, 100000, &limit)))
        return rc;
    f.limit = (int)limit;
    struct contact *cs;
    size_t n;
    struct audit_entry who = cli_who(ctx);
    if ((rc = contact_list(ctx->db, &ctx->arena, &f, &who, &cs, &n, &ctx->err)))
        return rc;
    if (cli_flag(a, "--json")) {
        json_t *list = json_array();
        for (size_t i = 0; i < n && list; i++)
            json_array_append_new(list, repr_contact(&cs[i]));
        return cli_print_json(ctx, json_pack("{s:s, s:I, s:o}", "school", school.urn, "count",
                                             (json_int_t)n, "contacts", list));
    }
    for (size_t i = 0; i < n; i++) {
        const struct contact *c = &cs[i];
        fprintf(ctx->out, "%s %-5s %-24.24s %-20s %-22s %s%s%s%s\n", c->date, c->time,
                c->pupil_name ? c->pupil_name : c->upn, contact_method_label(c->method),
                contact_purpose_label(c->purpose),
                !strcmp(c->started_by, "family") ? "(family got in touch) " : "",
                c->interpreter ? "(with an interpreter) " : "", c->note ? c->note : "",
                c->carer_names ? "" : "");
    }
    fprintf(ctx->out, "%zu contact%s\n", n, n == 1 ? "" : "s");
    return 0;
}

int contact_prompts_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    int rc = cli_school(ctx, a, &school);
    if (rc)
        return rc;
    struct prompt_filter f = { .school_id = school.id,
                               .whole_roll = cli_flag(a, "--whole-roll"),
                               .with_prompts_only = !cli_flag(a, "--all"),
                               .today = date_today() };
    const char *email = cli_opt(a, "--teacher");
    if (email && (rc = cli_staff_id(ctx, school.id, email, "--teacher", &f.teacher_id)))
        return rc;
    struct family_prompt *ps;
    size_t n;
    struct audit_entry who = cli_who(ctx);
    if ((rc = contact_prompts(ctx->db, &ctx->arena, &f, &who, &ps, &n, &ctx->err)))
        return rc;
    if (cli_flag(a, "--json")) {
        json_t *list = json_array();
        for (size_t i = 0; i < n && list; i++)
            json_array_append_new(list, repr_family_prompt(&ps[i]));
        return cli_print_json(ctx, json_pack("{s:s, s:I, s:o}", "school", school.urn, "count",
                                             (json_int_t)n, "families", list));
    }
    for (size_t i = 0; i < n; i++) {
        const struct contact_summary *s = &ps[i].summary;
        fprintf(ctx->out, "%-13s %-26s %d in 4 weeks, %d in 12 weeks", ps[i].upn, ps[i].name,
                s->last_4_weeks, s->last_12_weeks);
        if (s->positive_share >= 0)
            fprintf(ctx->out, ", %.0f%% positive, %d method%s", 100 * s->positive_share,
                    s->methods_12_weeks, s->methods_12_weeks == 1 ? "" : "s");
        fputc('\n', ctx->out);
        for (size_t k = 0; k < ps[i].n_messages; k++)
            fprintf(ctx->out, "    %s\n", ps[i].messages[k]);
    }
    if (!n)
        fprintf(ctx->out, "Nothing to prompt: every family has heard from school recently, and "
                          "not only about concerns.\n");
    return 0;
}
