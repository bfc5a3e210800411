#include "cli/cmd_db.h"

#include <jansson.h>
#include <unistd.h>

#include "core/problems.h"
#include "db/db.h"
#include "model/register/check.h"
#include "model/register/school.h"

int init_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    const char *urn = cli_opt(a, "--school-urn"), *name = cli_opt(a, "--school-name");
    if ((urn == NULL) != (name == NULL))
        return err_set(&ctx->err, ERR_USAGE,
                       "give both --school-urn and --school-name, or neither");
    struct school s = {
        .urn = urn, .name = name, .la_code = cli_opt(a, "--la"), .phase = cli_opt(a, "--phase")
    };
    if (urn) {
        struct problems pr;
        problems_init(&pr, &ctx->arena);
        school_validate(&s, &pr);
        if (pr.n) {
            problems_print(&pr, NULL, ctx->msg);
            return err_set(&ctx->err, ERR_INPUT, "nothing was created");
        }
    }
    bool existed = access(ctx->db_path, F_OK) == 0;
    int rc = cli_open_db(ctx, true);
    if (rc)
        return rc;
    if (urn && (rc = school_add(ctx->db, &s, &ctx->err)))
        return rc;
    int v = 0;
    db_schema_version(ctx->db, &v, &ctx->err);
    /* db_path(): a PostgreSQL URI without its password. */
    fprintf(ctx->out, "%s %s (schema %d)%s%s%s\n", existed ? "Opened" : "Created", db_path(ctx->db),
            v, urn ? "; added school " : "", urn ? urn : "", urn ? "" : "");
    return 0;
}

int check_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct check_report r = { 0 };
    buf_init(&r.text, 16 * 1024 * 1024);
    int rc = check_run(ctx->db, &r, &ctx->err);
    if (rc) {
        buf_release(&r.text);
        return rc;
    }
    if (cli_flag(a, "--json")) {
        rc = cli_print_json(ctx, json_pack("{s:b, s:i, s:i, s:i, s:I, s:I, s:I, s:I, s:s}",
                                           "healthy", r.problems == 0, "problems", r.problems,
                                           "warnings", r.warnings, "schema", r.schema, "schools",
                                           (json_int_t)r.schools, "staff", (json_int_t)r.staff,
                                           "pupils", (json_int_t)r.pupils, "carers",
                                           (json_int_t)r.carers, "findings", buf_str(&r.text)));
    } else {
        fputs(buf_str(&r.text), ctx->out);
        fprintf(ctx->out,
                "%s: %s. Schema %d; %ld school%s, %ld staff, %ld pupils, %ld carers; "
                "%d problem%s, %d warning%s.\n",
                ctx->db_path, r.problems ? "PROBLEMS FOUND" : "healthy", r.schema, r.schools,
                r.schools == 1 ? "" : "s", r.staff, r.pupils, r.carers, r.problems,
                r.problems == 1 ? "" : "s", r.warnings, r.warnings == 1 ? "" : "s");
    }
    int problems = r.problems;
    buf_release(&r.text);
    if (rc == 0 && problems)
        return err_set(&ctx->err, ERR_STORAGE, "the database has %d problem%s", problems,
                       problems == 1 ? "" : "s");
    return rc;
}
