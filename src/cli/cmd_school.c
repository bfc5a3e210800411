#include "cli/cmd_school.h"

#include <jansson.h>
#include <string.h>

#include "view/repr.h"
#include "core/problems.h"
#include "model/calendar/calendar.h"
#include "model/register/school.h"
#include "model/register/staff.h"

int cli_school(struct cli_ctx *ctx, const struct cli_args *a, struct school *out)
{
    return school_resolve(ctx->db, &ctx->arena, cli_opt(a, "--school"), false, out, NULL,
                          &ctx->err);
}

static int report(struct cli_ctx *ctx, struct problems *pr, const char *const *names,
                  const char *const *opts)
{
    /* Show problems under the option the user typed. */
    for (size_t i = 0; i < pr->n; i++)
        for (size_t k = 0; names[k]; k++)
            if (pr->items[i].field && !strcmp(pr->items[i].field, names[k]))
                pr->items[i].field = opts[k];
    problems_print(pr, NULL, ctx->msg);
    return err_set(&ctx->err, ERR_INPUT, "nothing was saved");
}

int school_add_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school s = { .urn = cli_opt(a, "--urn"),
                        .name = cli_opt(a, "--name"),
                        .la_code = cli_opt(a, "--la"),
                        .phase = cli_opt(a, "--phase") };
    if (!s.urn || !s.name)
        return err_set(&ctx->err, ERR_USAGE, "meso school add needs --urn and --name");
    struct problems pr;
    problems_init(&pr, &ctx->arena);
    school_validate(&s, &pr);
    if (pr.n) {
        static const char *const names[] = { "urn", "name", "la", "phase", NULL };
        static const char *const opts[] = { "--urn", "--name", "--la", "--phase", NULL };
        return report(ctx, &pr, names, opts);
    }
    bool claimed;
    int rc = school_create(ctx->db, &s, &claimed, &ctx->err);
    if (rc)
        return rc;
    if (claimed)
        fprintf(ctx->out, "Gave the placeholder school its details: %s %s\n", s.urn, s.name);
    else
        fprintf(ctx->out, "Added school %s %s\n", s.urn, s.name);
    return 0;
}

int school_list_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school *all;
    size_t n;
    int rc = school_list(ctx->db, &ctx->arena, &all, &n, &ctx->err);
    if (rc)
        return rc;
    if (cli_flag(a, "--json")) {
        json_t *list = json_array();
        for (size_t i = 0; i < n && list; i++)
            if (json_array_append_new(list, repr_school(&all[i])))
                return err_set(&ctx->err, ERR_NOMEM, "out of memory");
        return cli_print_json(ctx, json_pack("{s:o}", "schools", list));
    }
    if (n == 0)
        fprintf(ctx->out,
                "No schools yet. Add one with `meso school add --urn URN --name NAME`.\n");
    for (size_t i = 0; i < n; i++)
        fprintf(ctx->out, "%-8s %-40s %-4s %s%s\n", all[i].urn, all[i].name,
                all[i].la_code ? all[i].la_code : "-", all[i].phase ? all[i].phase : "-",
                all[i].placeholder ? " (placeholder)" : "");
    return 0;
}

int staff_add_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    int rc = cli_school(ctx, a, &school);
    if (rc)
        return rc;
    struct staff s = { .school_id = school.id,
                       .name = cli_opt(a, "--name"),
                       .email = cli_opt(a, "--email"),
                       .role = cli_opt(a, "--role") };
    if (!s.name || !s.email || !s.role)
        return err_set(&ctx->err, ERR_USAGE, "meso staff add needs --name, --email and --role");
    struct problems pr;
    problems_init(&pr, &ctx->arena);
    staff_validate(&s, &pr);
    if (pr.n) {
        static const char *const names[] = { "name", "email", "role", NULL };
        static const char *const opts[] = { "--name", "--email", "--role", NULL };
        return report(ctx, &pr, names, opts);
    }
    if ((rc = staff_add(ctx->db, &s, &ctx->err)))
        return rc;
    fprintf(ctx->out, "Added %s (%s) at %s\n", s.name, s.role, school.name);
    return 0;
}

int staff_list_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    int rc = cli_school(ctx, a, &school);
    if (rc)
        return rc;
    struct staff *all;
    size_t n;
    if ((rc = staff_list(ctx->db, &ctx->arena, school.id, &all, &n, &ctx->err)))
        return rc;
    if (cli_flag(a, "--json")) {
        json_t *list = json_array();
        for (size_t i = 0; i < n && list; i++)
            if (json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:b}", "name", all[i].name,
                                                      "email", all[i].email, "role", all[i].role,
                                                      "active", all[i].active)))
                return err_set(&ctx->err, ERR_NOMEM, "out of memory");
        return cli_print_json(ctx, json_pack("{s:s, s:o}", "school", school.urn, "staff", list));
    }
    for (size_t i = 0; i < n; i++)
        fprintf(ctx->out, "%-13s %-30s %s%s\n", all[i].role, all[i].name, all[i].email,
                all[i].active ? "" : " (disabled)");
    return 0;
}

void cli_date_note(struct cli_ctx *ctx, int64_t school_id, const char *iso)
{
    const char *why;
    struct err e = { 0 };
    if (calendar_date_note(ctx->db, &ctx->arena, school_id, iso, &why, &e) == 0 && why)
        fprintf(ctx->msg, "Note: %s If that is the right date, there is nothing to change.\n",
                calendar_note_sentence(&ctx->arena, iso, why));
}
