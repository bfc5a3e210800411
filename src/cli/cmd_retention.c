/* cmd_retention.c - retention periods, the review of leavers, erasure. */
#include "cli/cmd_retention.h"

#include <jansson.h>
#include <string.h>

#include "cli/cmd_school.h"
#include "core/date.h"
#include "core/str.h"
#include "model/register/audit.h"
#include "model/register/pupil.h"
#include "model/register/school.h"
#include "model/register/upn.h"
#include "model/retention/erase.h"
#include "model/retention/retention.h"

int retention_list_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct retention_kind *k;
    size_t n;
    int rc = cli_school(ctx, a, &school);
    if (rc || (rc = retention_kinds(ctx->db, &ctx->arena, school.id, &k, &n, &ctx->err)))
        return rc;
    if (cli_flag(a, "--json")) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(arr, json_pack("{s:s, s:s, s:i, s:i, s:b, s:s, s:s, s:s, s:b}",
                                                 "kind", k[i].kind, "label", k[i].label, "years",
                                                 k[i].years, "default_years", k[i].default_years,
                                                 "school_set", k[i].own, "counted_from",
                                                 k[i].counted_from, "applies_to", k[i].applies_to,
                                                 "source", k[i].source, "unsure", k[i].unsure));
        return cli_print_json(ctx, json_pack("{s:o}", "kinds", arr));
    }
    for (size_t i = 0; i < n; i++)
        fprintf(ctx->out, "%-15s %3d years from %s%s%s\n  %s\n  Default %d years: %s\n", k[i].kind,
                k[i].years, strcmp(k[i].counted_from, "birth") ? "leaving" : "birth",
                k[i].own ? " (the school's own)" : "",
                k[i].unsure ? " (meso's default is unsure: check it)" : "", k[i].label,
                k[i].default_years, k[i].source);
    return 0;
}

int retention_set_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    long long years;
    if (str_to_int(a->pos[1], 0, 100, &years) != 0)
        return err_set(&ctx->err, ERR_USAGE, "YEARS is a whole number of years, 0 to 100");
    int rc = cli_school(ctx, a, &school);
    struct audit_who who = { ctx->actor, NULL };
    if (rc == 0)
        rc = retention_set(ctx->db, &who, school.id, a->pos[0], (int)years, &ctx->err);
    if (rc == 0)
        fprintf(ctx->out, "%s records are now kept for %lld years.\n", a->pos[0], years);
    return rc;
}

int retention_review_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct retention_due *d;
    size_t n;
    char today[DATE_ISO_LEN];
    date_iso_or_today(cli_opt(a, "--as-of"), today);
    struct audit_who who = { ctx->actor, NULL };
    int rc = cli_school(ctx, a, &school);
    if (rc ||
        (rc = retention_review(ctx->db, &ctx->arena, &who, school.id, today, &d, &n, &ctx->err)))
        return rc;
    if (cli_flag(a, "--json")) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "upn",
                                                 d[i].upn, "name", d[i].name, "dob", d[i].dob,
                                                 "leaving_date", d[i].leaving_date, "past",
                                                 d[i].past, "whole_record_past_on", d[i].until,
                                                 "erase", d[i].whole));
        return cli_print_json(ctx, json_pack("{s:s, s:o}", "as_of", today, "records", arr));
    }
    if (n == 0) {
        fprintf(ctx->out, "No leaver's records are past their retention period on %s.\n", today);
        return 0;
    }
    fprintf(ctx->out, "%-13s  %-28s %-10s %-10s %s\n", "UPN", "Name", "Left", "All past", "Past");
    for (size_t i = 0; i < n; i++)
        fprintf(ctx->out, "%-13s  %-28s %-10s %-10s %s\n", d[i].upn, d[i].name, d[i].leaving_date,
                d[i].until, d[i].past);
    size_t whole = 0;
    for (size_t i = 0; i < n; i++)
        whole += d[i].whole;
    fprintf(ctx->out,
            "%zu leaver%s with records past their period; %zu whole record%s to erase "
            "(meso erase pupil UPN --reason ...).\n",
            n, n == 1 ? "" : "s", whole, whole == 1 ? "" : "s");
    return 0;
}

static void print_erased(struct cli_ctx *ctx, const char *what, const struct erase_result *r)
{
    fprintf(ctx->out, "Erased %s", what);
    if (r->carers && strcmp(what, "the carer's details"))
        fprintf(ctx->out, ", with %d carer%s linked to them alone", r->carers,
                r->carers == 1 ? "" : "s");
    fprintf(ctx->out, ". The audit trail records the erasure and its reason.\n");
    if (!r->scrubbed)
        fprintf(ctx->msg, "meso: warning: %s\n", r->scrub_note);
}

int erase_pupil_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct pupil p;
    char norm[UPN_LEN + 1], why[128];
    bool temp;
    if (upn_check(a->pos[0], norm, &temp, why, sizeof why) != 0)
        return err_set(&ctx->err, ERR_USAGE, "'%s' is not a valid UPN: %s", a->pos[0], why);
    int rc = cli_school(ctx, a, &school);
    if (rc || (rc = pupil_by_upn(ctx->db, &ctx->arena, school.id, norm, &p, &ctx->err)))
        return rc;
    struct audit_who who = { ctx->actor, NULL };
    struct erase_result r;
    rc = erase_pupil(ctx->db, &who, school.id, p.id, cli_opt(a, "--reason"), &r, &ctx->err);
    if (rc == 0)
        print_erased(ctx, "the pupil's personal data", &r);
    return rc;
}

int erase_carer_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    long long id;
    if (str_to_int(a->pos[0], 1, INT64_MAX, &id) != 0)
        return err_set(&ctx->err, ERR_USAGE, "ID is the carer's number (meso pupils show UPN)");
    int rc = cli_school(ctx, a, &school);
    struct audit_who who = { ctx->actor, NULL };
    struct erase_result r;
    if (rc == 0)
        rc = erase_carer(ctx->db, &who, school.id, id, cli_opt(a, "--reason"), &r, &ctx->err);
    if (rc == 0)
        print_erased(ctx, "the carer's details", &r);
    return rc;
}
