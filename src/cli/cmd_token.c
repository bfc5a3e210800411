#include "cli/cmd_token.h"

#include <string.h>

#include <jansson.h>
#include <time.h>

#include "view/repr.h"
#include "cli/cmd_school.h"
#include "core/secret.h"
#include "core/str.h"
#include "model/access/api_token.h"
#include "model/register/audit.h"
#include "model/register/school.h"

/* A local authority's read-only token (the LA view's figures only). */
static int token_add_la(struct cli_ctx *ctx, const struct cli_args *a, const char *name)
{
    const char *scope = cli_opt(a, "--scope");
    if (cli_opt(a, "--school") || (scope && strcmp(scope, "read") != 0))
        return err_set(&ctx->err, ERR_USAGE,
                       "a local authority's token reads its LA view only: no --school, and "
                       "--scope read or none");
    char token[API_TOKEN_LEN];
    struct audit_who who = { ctx->actor, NULL };
    int rc = api_token_add_la(ctx->db, &who, name, cli_opt(a, "--la"), (int64_t)time(NULL), token,
                              NULL, &ctx->err);
    if (rc == ERR_INPUT) {
        char msg[ERR_MSG_MAX];
        str_copy(msg, sizeof msg, ctx->err.msg);
        return err_set(&ctx->err, ERR_INPUT, "--%s", msg);
    }
    if (rc)
        return rc;
    fprintf(ctx->msg,
            "Made the read token %s for local authority %s: it reads GET /api/v1/la (the figures "
            "its schools share) and nothing else. It is shown only now. Revoke it with `meso "
            "token revoke %s`.\n",
            name, cli_opt(a, "--la"), name);
    fprintf(ctx->out, "%s\n", token);
    secret_wipe(token, sizeof token);
    return 0;
}

int token_add_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    const char *name = cli_opt(a, "--name"), *scope_text = cli_opt(a, "--scope");
    if (name && cli_opt(a, "--la"))
        return token_add_la(ctx, a, name);
    if (!name || !scope_text)
        return err_set(&ctx->err, ERR_USAGE, "meso token add needs --name and --scope");
    enum api_token_scope scope;
    char why[128];
    if (api_token_parse_scope(scope_text, &scope, why, sizeof why) != 0)
        return err_set(&ctx->err, ERR_INPUT, "--scope: %s", why);
    struct school school;
    int rc = cli_school(ctx, a, &school);
    if (rc)
        return rc;
    char token[API_TOKEN_LEN];
    struct audit_who who = { ctx->actor, NULL };
    rc = api_token_add(ctx->db, &who, name, scope, school.id, (int64_t)time(NULL), token, NULL,
                       &ctx->err);
    if (rc == ERR_INPUT) { /* "name: ..." is about --name */
        char msg[ERR_MSG_MAX];
        str_copy(msg, sizeof msg, ctx->err.msg);
        return err_set(&ctx->err, ERR_INPUT, "--%s", msg);
    }
    if (rc)
        return rc;
    /* The token alone on standard output, so scripts can capture it; the
     * explanation on the message stream. */
    fprintf(ctx->msg,
            "Made the %s token %s for %s. It is shown only now: store it where the program "
            "that uses it keeps its secrets. Revoke it with `meso token revoke %s`.\n",
            api_token_scope_name(scope), name, school.name, name);
    fprintf(ctx->out, "%s\n", token);
    secret_wipe(token, sizeof token);
    return 0;
}

static const char *urn_of(const struct school *schools, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (schools[i].id == id)
            return schools[i].urn;
    return "-";
}

int token_list_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school *schools;
    struct api_token *all;
    size_t n_schools, n;
    int rc;
    if ((rc = school_list(ctx->db, &ctx->arena, &schools, &n_schools, &ctx->err)) ||
        (rc = api_token_list(ctx->db, &ctx->arena, &all, &n, &ctx->err)))
        return rc;
    if (cli_flag(a, "--json")) {
        json_t *list = json_array();
        for (size_t i = 0; i < n && list; i++)
            if (json_array_append_new(
                    list, repr_api_token(&all[i], urn_of(schools, n_schools, all[i].school_id))))
                return err_set(&ctx->err, ERR_NOMEM, "out of memory");
        return cli_print_json(ctx, json_pack("{s:o}", "tokens", list));
    }
    if (n == 0)
        fprintf(ctx->out,
                "No API tokens. Make one with `meso token add --name NAME --scope read`.\n");
    for (size_t i = 0; i < n; i++)
        fprintf(ctx->out, "%-24s %-5s %-8s made %.10s by %s; %s%s%s\n", all[i].name,
                api_token_scope_name(all[i].scope), urn_of(schools, n_schools, all[i].school_id),
                all[i].created_at, all[i].created_by,
                all[i].last_used_at ? "last used " : "never used",
                all[i].last_used_at ? all[i].last_used_at : "", all[i].revoked ? " (revoked)" : "");
    return 0;
}

int token_revoke_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct audit_who who = { ctx->actor, NULL };
    int rc = api_token_revoke(ctx->db, &who, a->pos[0], &ctx->err);
    if (rc)
        return rc;
    fprintf(ctx->out, "Revoked the token %s; programs using it can no longer get in.\n", a->pos[0]);
    return 0;
}
