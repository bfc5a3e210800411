#include "cli/cmd_user.h"

#include <jansson.h>
#include <string.h>
#include <unistd.h>

#include "view/repr.h"
#include "cli/cmd_school.h"
#include "core/arena.h"
#include "core/secret.h"
#include "core/str.h"
#include "model/access/account.h"
#include "model/register/audit.h"
#include "model/access/password.h"
#include "model/register/school.h"
#include "model/access/codelock.h"
#include "model/access/totp.h"

/* The new password: one line from standard input when it is not a
 * terminal, else (or with --generate) a generated one, shown once. */
static int new_password(struct cli_ctx *ctx, const struct cli_args *a, char *out, size_t cap,
                        bool *generated)
{
    *generated = false;
    if (cli_flag(a, "--generate") || isatty(STDIN_FILENO)) {
        char pw[PASSWORD_GENERATED_LEN];
        password_generate(pw);
        str_copy(out, cap, pw);
        secret_wipe(pw, sizeof pw);
        *generated = true;
        return 0;
    }
    if (!fgets(out, (int)cap, stdin))
        return err_set(&ctx->err, ERR_INPUT,
                       "no password on standard input (pipe one line, or use --generate)");
    size_t n = strlen(out);
    bool whole_line = n && out[n - 1] == '\n';
    if (!whole_line && !feof(stdin)) {
        secret_wipe(out, cap);
        return err_set(&ctx->err, ERR_INPUT, "password: use at most %d characters",
                       PASSWORD_MAX_BYTES);
    }
    while (n && (out[n - 1] == '\n' || out[n - 1] == '\r'))
        out[--n] = '\0';
    if (!n)
        return err_set(&ctx->err, ERR_INPUT,
                       "no password on standard input (pipe one line, or use --generate)");
    return 0;
}

static void show_generated(struct cli_ctx *ctx, const char *pw)
{
    fprintf(ctx->out,
            "Password: %s\n"
            "This is shown only now. Give it to them in person or by phone; they can change it "
            "after signing in.\n",
            pw);
}

static int find_account(struct cli_ctx *ctx, const char *email, struct account *acc)
{
    return account_by_email(ctx->db, &ctx->arena, email, acc, &ctx->err);
}

/* An LA officer's account: no school, only the LA's code. */
static int user_add_la(struct cli_ctx *ctx, const struct cli_args *a)
{
    const char *la = cli_opt(a, "--la");
    if (!la)
        return err_set(&ctx->err, ERR_USAGE,
                       "meso user add --role la needs --la CODE (the local authority's three "
                       "digits)");
    if (cli_opt(a, "--school"))
        return err_set(&ctx->err, ERR_USAGE,
                       "an LA account belongs to a local authority, not a school: leave out "
                       "--school");
    char pw[PASSWORD_MAX_BYTES + 2];
    bool generated;
    int rc = new_password(ctx, a, pw, sizeof pw, &generated);
    if (rc)
        return rc;
    struct password_gate g;
    if ((rc = password_gate_init(&g, PASSWORD_GATE_RUNNING, PASSWORD_GATE_WAITING))) {
        secret_wipe(pw, sizeof pw);
        return err_set(&ctx->err, rc, "out of memory");
    }
    struct audit_who who = { ctx->actor, NULL };
    int64_t id;
    rc = account_add_la(ctx->db, &g, &who, a->pos[0], cli_opt(a, "--name"), la, pw, &id, &ctx->err);
    password_gate_release(&g);
    struct account acc;
    if (rc == 0)
        rc = account_by_id(ctx->db, &ctx->arena, id, &acc, &ctx->err);
    if (rc == 0) {
        fprintf(ctx->out,
                "Added an LA account for %s <%s> at local authority %s. It sees, at /la, the "
                "figures of the authority's schools whose leads agree to share them, and no "
                "child.\n",
                acc.name, acc.email, la);
        if (generated)
            show_generated(ctx, pw);
        else
            fprintf(ctx->out, "The password was taken from standard input.\n");
    }
    secret_wipe(pw, sizeof pw);
    return rc;
}

int user_add_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    const char *roles_text = cli_opt(a, "--role");
    if (!roles_text)
        return err_set(&ctx->err, ERR_USAGE,
                       "meso user add needs --role (admin, lead, teacher or practitioner; "
                       "several with commas)");
    if (!strcmp(roles_text, "la"))
        return user_add_la(ctx, a);
    if (cli_opt(a, "--la"))
        return err_set(&ctx->err, ERR_USAGE, "--la goes with --role la");
    unsigned roles;
    char why[256];
    if (account_parse_roles(roles_text, &roles, why, sizeof why) != 0)
        return err_set(&ctx->err, ERR_INPUT, "--role: %s", why);
    struct school school;
    int rc = cli_school(ctx, a, &school);
    if (rc)
        return rc;
    char pw[PASSWORD_MAX_BYTES + 2];
    bool generated;
    if ((rc = new_password(ctx, a, pw, sizeof pw, &generated)))
        return rc;
    struct password_gate g;
    if ((rc = password_gate_init(&g, PASSWORD_GATE_RUNNING, PASSWORD_GATE_WAITING))) {
        secret_wipe(pw, sizeof pw);
        return err_set(&ctx->err, rc, "out of memory");
    }
    struct account_new n = {
        .email = a->pos[0], .name = cli_opt(a, "--name"), .roles = roles, .school_id = school.id
    };
    struct audit_who who = { ctx->actor, NULL };
    int64_t id;
    rc = account_add_staff(ctx->db, &g, &who, &n, pw, &id, &ctx->err);
    password_gate_release(&g);
    struct account acc;
    if (rc == 0)
        rc = account_by_id(ctx->db, &ctx->arena, id, &acc, &ctx->err);
    if (rc == 0) {
        fprintf(ctx->out, "Added a sign-in account for %s <%s> (%s) at %s.\n", acc.name, acc.email,
                account_roles_text(&ctx->arena, acc.roles), school.name);
        if (generated)
            show_generated(ctx, pw);
        else
            fprintf(ctx->out, "The password was taken from standard input.\n");
        if (account_requires_totp(&acc))
            fprintf(ctx->out, "As an admin or lead they will set up two-factor sign-in the first "
                              "time they sign in.\n");
    }
    secret_wipe(pw, sizeof pw);
    return rc;
}

int user_passwd_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct account acc;
    int rc = find_account(ctx, a->pos[0], &acc);
    if (rc)
        return rc;
    char pw[PASSWORD_MAX_BYTES + 2];
    bool generated;
    if ((rc = new_password(ctx, a, pw, sizeof pw, &generated)))
        return rc;
    struct password_gate g;
    if ((rc = password_gate_init(&g, PASSWORD_GATE_RUNNING, PASSWORD_GATE_WAITING))) {
        secret_wipe(pw, sizeof pw);
        return err_set(&ctx->err, rc, "out of memory");
    }
    struct audit_who who = { ctx->actor, NULL };
    rc = account_set_password(ctx->db, &g, &who, acc.id, pw, &ctx->err);
    password_gate_release(&g);
    if (rc == 0) {
        fprintf(ctx->out, "Changed the password for %s; any sessions they had have ended.\n",
                acc.email);
        if (generated)
            show_generated(ctx, pw);
    }
    secret_wipe(pw, sizeof pw);
    return rc;
}

int user_roles_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    const char *roles_text = cli_opt(a, "--role");
    if (!roles_text)
        return err_set(&ctx->err, ERR_USAGE, "meso user roles needs --role");
    if (!strcmp(roles_text, "la"))
        return user_add_la(ctx, a);
    if (cli_opt(a, "--la"))
        return err_set(&ctx->err, ERR_USAGE, "--la goes with --role la");
    unsigned roles;
    char why[256];
    if (account_parse_roles(roles_text, &roles, why, sizeof why) != 0)
        return err_set(&ctx->err, ERR_INPUT, "--role: %s", why);
    struct account acc;
    int rc = find_account(ctx, a->pos[0], &acc);
    if (rc)
        return rc;
    struct audit_who who = { ctx->actor, NULL };
    if ((rc = account_set_roles(ctx->db, &who, acc.id, roles, &ctx->err)))
        return rc;
    fprintf(ctx->out, "%s now has the roles %s.\n", acc.email,
            account_roles_text(&ctx->arena, roles));
    return 0;
}

static int set_disabled(struct cli_ctx *ctx, const struct cli_args *a, bool disabled)
{
    struct account acc;
    int rc = find_account(ctx, a->pos[0], &acc);
    if (rc)
        return rc;
    struct audit_who who = { ctx->actor, NULL };
    if ((rc = account_set_disabled(ctx->db, &who, acc.id, disabled, &ctx->err)))
        return rc;
    if (disabled)
        fprintf(ctx->out,
                "Disabled %s: they cannot sign in, and any sessions they had have "
                "ended. Their records and the audit trail are kept.\n",
                acc.email);
    else
        fprintf(ctx->out, "%s can sign in again.\n", acc.email);
    return 0;
}

int user_disable_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    return set_disabled(ctx, a, true);
}

int user_enable_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    return set_disabled(ctx, a, false);
}

int user_reset_2fa_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct account acc;
    int rc = find_account(ctx, a->pos[0], &acc);
    if (rc)
        return rc;
    struct audit_who who = { ctx->actor, NULL };
    if ((rc = totp_reset(ctx->db, &who, acc.id, &ctx->err)))
        return rc;
    fprintf(ctx->out, "Two-factor sign-in was reset for %s. %s\n", acc.email,
            account_requires_totp(&acc) ? "They will set it up again at their next sign-in."
                                        : "They can set it up again if they choose.");
    return 0;
}

int user_unlock_2fa_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct account acc;
    int rc = find_account(ctx, a->pos[0], &acc);
    if (rc)
        return rc;
    struct audit_who who = { ctx->actor, NULL };
    if ((rc = codelock_unlock(ctx->db, &who, acc.id, &ctx->err)))
        return rc;
    fprintf(ctx->out,
            "Two-step sign-in was unlocked for %s. They will be told of the wrong codes at their "
            "next sign-in.\n",
            acc.email);
    return 0;
}

/* The URN of school_id, from the list (schools are few). */
static const char *urn_of(const struct school *schools, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (schools[i].id == id)
            return schools[i].urn;
    return "-";
}

int user_list_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    int64_t school_id = 0;
    int rc;
    if (cli_opt(a, "--school")) {
        struct school school;
        if ((rc = cli_school(ctx, a, &school)))
            return rc;
        school_id = school.id;
    }
    struct school *schools;
    size_t n_schools, n;
    struct account *all;
    if ((rc = school_list(ctx->db, &ctx->arena, &schools, &n_schools, &ctx->err)) ||
        (rc = account_list(ctx->db, &ctx->arena, school_id, &all, &n, &ctx->err)))
        return rc;
    if (cli_flag(a, "--json")) {
        json_t *list = json_array();
        for (size_t i = 0; i < n && list; i++)
            if (json_array_append_new(
                    list, repr_account(&all[i], urn_of(schools, n_schools, all[i].school_id))))
                return err_set(&ctx->err, ERR_NOMEM, "out of memory");
        return cli_print_json(ctx, json_pack("{s:o}", "accounts", list));
    }
    if (n == 0)
        fprintf(ctx->out, "No accounts yet. Add one with `meso user add EMAIL --role ROLE`.\n");
    for (size_t i = 0; i < n; i++) {
        const struct account *it = &all[i];
        const char *two = it->totp_enabled            ? "2fa on"
                          : account_requires_totp(it) ? "2fa to set up"
                                                      : "2fa off";
        fprintf(ctx->out, "%-36s %-24s %-7s %-20s %-8s %-13s%s%s\n", it->email, it->name,
                it->kind == ACCOUNT_PARENT ? "parent"
                : it->kind == ACCOUNT_LA   ? "la"
                                           : "staff",
                it->kind == ACCOUNT_STAFF ? account_roles_text(&ctx->arena, it->roles) : "-",
                it->kind == ACCOUNT_LA ? arena_sprintf(&ctx->arena, "LA %s", it->la_code)
                                       : urn_of(schools, n_schools, it->school_id),
                two, it->has_password ? "" : " (no password)", it->disabled ? " (disabled)" : "");
    }
    return 0;
}
