#include "cli/cmd_parent.h"

#include <time.h>

#include "cli/cmd_school.h"
#include "core/secret.h"
#include "core/str.h"
#include "model/register/audit.h"
#include "model/register/carer.h"
#include "model/access/invite.h"
#include "model/register/pupil.h"
#include "model/register/school.h"

/* "  12  Ms Amina Khan (mother)" for each carer, for messages. */
static const char *carer_lines(struct cli_ctx *ctx, const struct pupil_carer *pc, size_t n)
{
    const char *text = "";
    for (size_t i = 0; i < n && text; i++)
        text = arena_sprintf(
            &ctx->arena, "%s\n  --carer %lld   %s (%s)%s%s", text, (long long)pc[i].carer.id,
            carer_display_name(&ctx->arena, &pc[i].carer), pc[i].link.relationship,
            pc[i].carer.email ? ", " : "", pc[i].carer.email ? pc[i].carer.email : "");
    return text ? text : "";
}

int parent_invite_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    const char *email = cli_opt(a, "--carer-email"), *id_text = cli_opt(a, "--carer");
    long long carer_id = 0;
    if (email && id_text)
        return err_set(&ctx->err, ERR_USAGE, "give --carer-email or --carer, not both");
    if (id_text && str_to_int(id_text, 1, INT64_MAX, &carer_id) != 0)
        return err_set(&ctx->err, ERR_USAGE,
                       "--carer takes a carer's number (see the list "
                       "that `meso parent invite UPN` prints)");
    struct school school;
    int rc = cli_school(ctx, a, &school);
    if (rc)
        return rc;
    struct pupil p;
    if ((rc = pupil_by_upn(ctx->db, &ctx->arena, school.id, a->pos[0], &p, &ctx->err)))
        return rc;
    struct pupil_carer *pc;
    size_t n;
    if ((rc = carer_list_for_pupil(ctx->db, &ctx->arena, p.id, &pc, &n, &ctx->err)))
        return rc;
    if (n == 0)
        return err_set(&ctx->err, ERR_NOTFOUND,
                       "%s has no parents or carers recorded; import carers first", p.upn);
    const struct pupil_carer *chosen = NULL;
    for (size_t i = 0; i < n; i++)
        if ((email && pc[i].carer.email && str_ieq(pc[i].carer.email, email)) ||
            (carer_id && pc[i].carer.id == carer_id))
            chosen = &pc[i];
    if (!email && !id_text)
        return err_set(&ctx->err, ERR_USAGE, "say which of %s's parents or carers to invite:%s",
                       p.upn, carer_lines(ctx, pc, n));
    if (!chosen)
        return err_set(&ctx->err, ERR_NOTFOUND,
                       "%s is not one of %s's parents or carers; they are:%s",
                       email ? email : id_text, p.upn, carer_lines(ctx, pc, n));
    char code[INVITE_CODE_LEN], expires[DATE_TS_LEN];
    struct audit_who who = { ctx->actor, NULL };
    if ((rc = invite_create(ctx->db, &who, p.id, chosen->carer.id, (int64_t)time(NULL), code,
                            expires, &ctx->err)))
        return rc;
    const char *name = carer_display_name(&ctx->arena, &chosen->carer);
    if (chosen->link.parental_responsibility == 0)
        fprintf(ctx->msg,
                "Note: the record says %s does not have parental responsibility for %s. Check "
                "that they should see the child's information before giving them the code.\n",
                name, pupil_display_name(&ctx->arena, &p));
    else if (chosen->link.parental_responsibility == CARER_PR_NOT_RECORDED)
        fprintf(ctx->msg,
                "Note: whether %s has parental responsibility for %s is not recorded. Check "
                "before giving them the code, and record it on the pupil's page.\n",
                name, pupil_display_name(&ctx->arena, &p));
    fprintf(ctx->out,
            "Invitation for %s (%s of %s)\n"
            "  Code: %s   valid until %.10s; shown only now\n"
            "Give it to them yourself: in person, by phone or in a letter. On meso's sign-in "
            "page they choose to make an account with an invitation code, then enter the code, "
            "their email address and a password of their own. A new invitation replaces this "
            "one.\n",
            name, chosen->link.relationship, pupil_display_name(&ctx->arena, &p), code, expires);
    secret_wipe(code, sizeof code);
    return 0;
}
