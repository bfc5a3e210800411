#include "cli/cmd_assign.h"

#include "cli/cmd_school.h"
#include "model/register/audit.h"
#include "model/access/family_worker.h"
#include "model/register/pupil.h"
#include "model/register/school.h"
#include "model/register/staff.h"

/* The pupil named by the first argument, at --school (or the only school). */
static int find_pupil(struct cli_ctx *ctx, const struct cli_args *a, struct pupil *p)
{
    struct school school;
    int rc = cli_school(ctx, a, &school);
    if (rc)
        return rc;
    return pupil_by_upn(ctx->db, &ctx->arena, school.id, a->pos[0], p, &ctx->err);
}

static int find_pair(struct cli_ctx *ctx, const struct cli_args *a, struct pupil *p,
                     struct staff *s)
{
    int rc = find_pupil(ctx, a, p);
    if (rc == 0)
        rc = staff_by_email(ctx->db, &ctx->arena, a->pos[1], s, &ctx->err);
    return rc;
}

int keyteacher_set_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct pupil p;
    struct staff s;
    int rc = find_pair(ctx, a, &p, &s);
    if (rc)
        return rc;
    struct audit_who who = { ctx->actor, NULL };
    if ((rc = pupil_set_key_teacher(ctx->db, &who, p.id, s.id, &ctx->err)))
        return rc;
    fprintf(ctx->out, "%s is now the key teacher of %s (%s).\n", s.name,
            pupil_display_name(&ctx->arena, &p), p.upn);
    return 0;
}

int keyteacher_clear_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct pupil p;
    int rc = find_pupil(ctx, a, &p);
    if (rc)
        return rc;
    struct audit_who who = { ctx->actor, NULL };
    if ((rc = pupil_set_key_teacher(ctx->db, &who, p.id, 0, &ctx->err)))
        return rc;
    fprintf(ctx->out, "%s (%s) has no key teacher now.\n", pupil_display_name(&ctx->arena, &p),
            p.upn);
    return 0;
}

int family_assign_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct pupil p;
    struct staff s;
    int rc = find_pair(ctx, a, &p, &s);
    if (rc)
        return rc;
    struct audit_who who = { ctx->actor, NULL };
    if ((rc = family_worker_assign(ctx->db, &who, p.id, s.id, &ctx->err)))
        return rc;
    fprintf(ctx->out, "%s now works with the family of %s (%s).\n", s.name,
            pupil_display_name(&ctx->arena, &p), p.upn);
    return 0;
}

int family_unassign_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct pupil p;
    struct staff s;
    int rc = find_pair(ctx, a, &p, &s);
    if (rc)
        return rc;
    struct audit_who who = { ctx->actor, NULL };
    if ((rc = family_worker_unassign(ctx->db, &who, p.id, s.id, &ctx->err)))
        return rc;
    fprintf(ctx->out, "%s no longer works with the family of %s (%s).\n", s.name,
            pupil_display_name(&ctx->arena, &p), p.upn);
    return 0;
}
