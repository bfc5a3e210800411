#include "cli/cmd_audit.h"

#include <jansson.h>

#include "view/repr.h"
#include "cli/cmd_school.h"
#include "core/date.h"
#include "model/register/audit.h"
#include "model/register/pupil.h"
#include "model/register/school.h"

int audit_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct audit_filter f = { 0 };
    long long limit = 200;
    int rc = cli_opt_int(ctx, a, "--limit", 1, 1000000, &limit);
    if (rc)
        return rc;
    f.limit = (int)limit;
    const char *v;
    if ((v = cli_opt(a, "--user")))
        f.actor = arena_sprintf(&ctx->arena, "user:%s", v);
    if ((v = cli_opt(a, "--actor")))
        f.actor = v;
    char since[DATE_ISO_LEN];
    if ((v = cli_opt(a, "--since"))) {
        struct date d;
        if (date_parse(v, &d) != 0)
            return err_set(&ctx->err, ERR_USAGE, "--since takes a date (YYYY-MM-DD or DD/MM/YYYY)");
        date_iso(d, since);
        f.since = since;
    }
    if ((v = cli_opt(a, "--pupil"))) {
        struct school school;
        if ((rc = cli_school(ctx, a, &school)))
            return rc;
        char upn[UPN_LEN + 1], why[128];
        bool temp;
        if (upn_check(v, upn, &temp, why, sizeof why) != 0)
            return err_set(&ctx->err, ERR_USAGE, "--pupil: '%s' is not a valid UPN: %s", v, why);
        struct pupil p;
        if ((rc = pupil_by_upn(ctx->db, &ctx->arena, school.id, upn, &p, &ctx->err)))
            return rc;
        f.pupil_id = p.id;
    }
    struct audit_entry *es;
    size_t n;
    if ((rc = audit_list(ctx->db, &ctx->arena, &f, &es, &n, &ctx->err)))
        return rc;
    if (cli_flag(a, "--json")) {
        json_t *list = json_array();
        for (size_t i = 0; i < n && list; i++)
            json_array_append_new(
                list,
                json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "id",
                          (json_int_t)es[i].id, "at", es[i].at, "actor", es[i].actor, "action",
                          es[i].action, "entity", es[i].entity, "entity_id",
                          es[i].entity_id ? json_integer(es[i].entity_id) : json_null(), "pupil_id",
                          es[i].pupil_id ? json_integer(es[i].pupil_id) : json_null(), "detail",
                          repr_str(es[i].detail), "address", repr_str(es[i].address)));
        return cli_print_json(ctx, json_pack("{s:o}", "audit", list));
    }
    for (size_t i = 0; i < n; i++)
        fprintf(ctx->out, "%s  %-32s %-7s %s %lld%s%s%s\n", es[i].at, es[i].actor, es[i].action,
                es[i].entity, (long long)es[i].entity_id, es[i].detail ? "  " : "",
                es[i].detail ? es[i].detail : "", es[i].address ? "" : "");
    if (n == 0)
        fprintf(ctx->out, "No audit entries match.\n");
    return 0;
}
