#include "cli/cmd_db.h"

#include <jansson.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/problems.h"
#include "db/copy.h"
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

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static void print_copy_report(FILE *out, const struct db_copy_report *r)
{
    fprintf(out, "%-28s %12s %12s  %-32s  %s\n", "table", "source rows", "target rows",
            "checksum (source)", "match");
    for (int i = 0; i < r->n_tables; i++) {
        const struct db_copy_table *t = &r->tables[i];
        fprintf(out, "%-28s %12lld %12lld  %-32s  %s\n", t->name, t->src_rows, t->dst_rows,
                t->src_sum, t->match ? "ok" : "DIFFERENT");
    }
}

int db_copy_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    const char *from = a->pos[0], *to = a->pos[1];
    if (strcmp(from, to) == 0)
        return err_set(&ctx->err, ERR_USAGE, "FROM and TO are the same database");
    struct db_copy_opts opts = { .school_urn = cli_opt(a, "--school") };
    struct db *src = NULL, *dst = NULL;
    struct db_copy_report r = { 0 };
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    /* A new SQLite file that the copy does not fill is removed again. */
    bool made = access(to, F_OK) != 0 && !strstr(to, "://");
    int rc = db_open(&src, from, DB_OPEN_NO_MIGRATE, &ctx->err);
    if (rc == 0)
        rc = db_open(&dst, to, DB_OPEN_CREATE | DB_OPEN_NO_MIGRATE, &ctx->err);
    if (rc == 0)
        rc = db_copy(src, dst, &opts, &r, &ctx->err);
    if (r.n_tables && (rc == 0 || r.mismatches))
        print_copy_report(ctx->out, &r);
    if (rc == 0)
        fprintf(ctx->out,
                "Copied %lld rows in %d tables from %s to %s in %.2f s; every table "
                "matches.\n",
                r.rows, r.n_tables, db_path(src), db_path(dst), seconds_since(&t0));
    db_copy_report_release(&r);
    db_close(dst);
    db_close(src);
    if (rc && made && dst) {
        static const char *const suffix[] = { "", "-wal", "-shm" };
        for (size_t k = 0; k < 3; k++) {
            char p[4096];
            snprintf(p, sizeof p, "%s%s", to, suffix[k]);
            unlink(p);
        }
    }
    return rc;
}
