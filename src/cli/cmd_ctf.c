/* cmd_ctf.c - sending and receiving a Common Transfer File. */
#include "cli/cmd_ctf.h"

#include <errno.h>
#include <string.h>

#include "cli/cmd_school.h"
#include "core/buf.h"
#include "core/problems.h"
#include "core/str.h"
#include "io/ctf.h"
#include "model/register/audit.h"
#include "model/register/school.h"
#include "model/register/transfer.h"
#include "model/register/upn.h"

int export_ctf_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    const char *to = cli_opt(a, "--to"), *out = cli_opt(a, "--out");
    if (!to || strlen(to) != 6 || strspn(to, "0123456789") != 6)
        return err_set(&ctx->err, ERR_USAGE,
                       "meso export ctf: --to URN (the next school's 6-digit URN) is needed");
    if (!out)
        return err_set(&ctx->err, ERR_USAGE, "meso export ctf: --out FILE.xml is needed");
    const char **upns = arena_array(&ctx->arena, (size_t)a->n_pos, sizeof *upns);
    if (!upns)
        return ERR_NOMEM;
    for (int i = 0; i < a->n_pos; i++) {
        char norm[UPN_LEN + 1], why[128];
        bool temp;
        if (upn_check(a->pos[i], norm, &temp, why, sizeof why) != 0)
            return err_set(&ctx->err, ERR_USAGE, "'%s' is not a valid UPN: %s", a->pos[i], why);
        upns[i] = arena_strdup(&ctx->arena, norm);
    }
    struct school school;
    struct ctf c;
    struct buf b;
    struct audit_entry who = { .actor = ctx->actor };
    int rc = cli_school(ctx, a, &school);
    if (rc || (rc = transfer_build(ctx->db, &ctx->arena, school.id, upns, (size_t)a->n_pos, to,
                                   &who, &c, &ctx->err)))
        return rc;
    buf_init(&b, 256 * 1024 * 1024);
    rc = ctf_write(&c, &b, &ctx->err);
    FILE *f = rc ? NULL : strcmp(out, "-") ? fopen(out, "wb") : ctx->out;
    if (rc == 0 && !f)
        rc = err_set(&ctx->err, ERR_STORAGE, "cannot write %s: %s", out, strerror(errno));
    if (rc == 0 && fwrite(buf_str(&b), 1, b.len, f) != b.len)
        rc = err_set(&ctx->err, ERR_STORAGE, "cannot write %s", out);
    if (f && f != ctx->out && fclose(f) != 0 && rc == 0)
        rc = err_set(&ctx->err, ERR_STORAGE, "cannot write %s", out);
    buf_release(&b);
    if (rc == 0 && strcmp(out, "-"))
        fprintf(ctx->msg, "Wrote %s: %zu pupil%s for school %s.\n", out, c.n_pupils,
                c.n_pupils == 1 ? "" : "s", to);
    return rc;
}

static int read_all(struct cli_ctx *ctx, const char *path, struct buf *b)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return err_set(&ctx->err, ERR_STORAGE, "cannot read %s: %s", path, strerror(errno));
    char chunk[65536];
    size_t n;
    int rc = 0;
    while (rc == 0 && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (buf_add(b, chunk, n))
            rc = err_set(&ctx->err, ERR_LIMIT, "%s is larger than 64 MiB", path);
    fclose(f);
    return rc;
}

int import_ctf_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    const char *path = a->pos[0];
    struct buf b;
    struct ctf c;
    struct problems pr;
    problems_init(&pr, &ctx->arena);
    buf_init(&b, 64 * 1024 * 1024);
    int rc = read_all(ctx, path, &b);
    if (rc == 0)
        rc = ctf_read(&ctx->arena, path, buf_str(&b), b.len, &c, &pr, &ctx->err);
    buf_release(&b);
    if (rc)
        return rc;
    for (size_t i = 0; i < c.n_notes; i++)
        fprintf(ctx->msg, "%s: %s: not read (meso does not hold it)\n", path, c.notes[i]);
    struct school school;
    struct transfer_result r;
    struct audit_entry who = { .actor = ctx->actor };
    if ((rc = cli_school(ctx, a, &school)))
        return rc;
    if (c.dest.urn && school.urn && strcmp(c.dest.urn, school.urn) != 0)
        fprintf(ctx->msg, "%s: note: the file is addressed to school %s, not this school (%s)\n",
                path, c.dest.urn, school.urn);
    rc = transfer_import(ctx->db, &ctx->arena, school.id, &c,
                         arena_sprintf(&ctx->arena, "ctf %s", path), &who, &pr, &r, &ctx->err);
    if (pr.n) {
        for (size_t i = 0; i < pr.n; i++)
            fprintf(ctx->msg, "%s: %s: %s\n", path, pr.items[i].field, pr.items[i].msg);
        return err_set(&ctx->err, ERR_INPUT, "%zu problem%s; nothing was imported", pr.n,
                       pr.n == 1 ? "" : "s");
    }
    if (rc == 0)
        fprintf(ctx->out,
                "Imported %s from school %s: %d pupil%s added, %d updated, %d carer%s added.\n",
                path, c.source.urn ? c.source.urn : "(not given)", r.added, r.added == 1 ? "" : "s",
                r.updated, r.carers, r.carers == 1 ? "" : "s");
    return rc;
}
