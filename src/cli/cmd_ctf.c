/* cmd_ctf.c - sending and receiving a Common Transfer File. */
#include "cli/cmd_ctf.h"

#include <errno.h>
#include <string.h>

#include "cli/cmd_conv.h"
#include "cli/cmd_school.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "io/ctf.h"
#include "model/register/audit.h"
#include "model/register/school.h"
#include "model/register/pupil.h"
#include "model/register/transfer.h"
#include "model/register/transfer_meso.h"
#include "view/transfer_record.h"
#include "model/register/upn.h"

/* meso's record of each pupil, once the family's agreement is found for
 * every one of them; otherwise ERR_INPUT naming each without, and nothing
 * is gathered. */
static int meso_records(struct cli_ctx *ctx, const struct school *school, const char **upns,
                        size_t n, const struct audit_entry *who, struct ctf_meso **out)
{
    struct pupil *ps = arena_array(&ctx->arena, n, sizeof *ps);
    struct transfer_consent *cs = arena_array(&ctx->arena, n, sizeof *cs);
    *out = arena_array(&ctx->arena, n, sizeof **out);
    if (!ps || !cs || !*out)
        return err_set(&ctx->err, ERR_NOMEM, "out of memory");
    size_t missing = 0;
    int rc;
    for (size_t i = 0; i < n; i++) {
        if ((rc = pupil_by_upn(ctx->db, &ctx->arena, school->id, upns[i], &ps[i], &ctx->err)))
            return rc == ERR_NOTFOUND
                       ? err_set(&ctx->err, ERR_NOTFOUND, "no pupil with UPN %s", upns[i])
                       : rc;
        rc = transfer_consent_find(ctx->db, &ctx->arena, ps[i].id, &cs[i], &ctx->err);
        if (rc == ERR_NOTFOUND) {
            fprintf(ctx->msg,
                    "%s: the family's agreement to send meso's record is not recorded (meso "
                    "transfer consent %s --how ...)\n",
                    upns[i], upns[i]);
            missing++;
        } else if (rc) {
            return rc;
        }
    }
    if (missing)
        return err_set(&ctx->err, ERR_INPUT,
                       "--with-meso-record: %zu pupil%s without the family's agreement; nothing "
                       "was written",
                       missing, missing == 1 ? "" : "s");
    for (size_t i = 0; i < n; i++) {
        struct sar_source src = { ctx->db, &ctx->arena, school, &ps[i], 0, who, &ctx->err };
        const char *words = transfer_consent_words(&ctx->arena, &cs[i]);
        (*out)[i] = (struct ctf_meso){ .upn = ps[i].upn, .consent = words };
        if ((rc = transfer_record_json(&src, words, &(*out)[i].record)))
            return rc;
    }
    return 0;
}

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
    bool meso = cli_flag(a, "--with-meso-record");
    struct ctf_meso *recs = NULL;
    int rc = cli_school(ctx, a, &school);
    if (rc == 0 && meso)
        rc = meso_records(ctx, &school, upns, (size_t)a->n_pos, &who, &recs);
    if (rc || (rc = transfer_build(ctx->db, &ctx->arena, school.id, upns, (size_t)a->n_pos, to,
                                   &who, &c, &ctx->err)))
        return rc;
    if (meso) {
        c.meso = recs;
        c.n_meso = (size_t)a->n_pos;
    }
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
        fprintf(ctx->msg, "Wrote %s: %zu pupil%s for school %s%s.\n", out, c.n_pupils,
                c.n_pupils == 1 ? "" : "s", to,
                meso ? ", with meso's record of each (for a school that uses meso)" : "");
    return rc;
}

int transfer_consent_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct pupil p;
    int rc = cli_pupil(ctx, a, a->pos[0], &school, &p);
    if (rc == ERR_NOTFOUND)
        return err_set(&ctx->err, ERR_NOTFOUND, "no pupil with UPN %s", a->pos[0]);
    long long carer = 0;
    if (rc || (rc = cli_opt_int(ctx, a, "--carer", 1, INT64_MAX, &carer)))
        return rc;
    char today[11];
    date_iso_or_today(NULL, today);
    const char *on = cli_opt(a, "--on");
    struct audit_entry who = cli_who(ctx);
    int64_t id;
    rc = transfer_consent_add(ctx->db, &who, school.id, p.id, carer, on ? on : today,
                              cli_opt(a, "--how"), &id, &ctx->err);
    if (rc == ERR_INPUT) {
        char m[sizeof ctx->err.msg];
        snprintf(m, sizeof m, "%s", ctx->err.msg);
        return err_set(&ctx->err, ERR_INPUT, "--%s",
                       strncmp(m, "given_on", 8) == 0 ? arena_sprintf(&ctx->arena, "on%s", m + 8)
                                                      : m);
    }
    if (rc == 0)
        fprintf(ctx->out,
                "Recorded the family's agreement: meso's record of %s may go with their CTF "
                "(meso export ctf --with-meso-record).\n",
                p.upn);
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
    if (rc == 0) {
        fprintf(ctx->out,
                "Imported %s from school %s: %d pupil%s added, %d updated, %d carer%s added", path,
                c.source.urn ? c.source.urn : "(not given)", r.added, r.added == 1 ? "" : "s",
                r.updated, r.carers, r.carers == 1 ? "" : "s");
        if (r.attendance)
            fprintf(ctx->out, "; attendance by year of %d pupil%s kept as history", r.attendance,
                    r.attendance == 1 ? "" : "s");
        if (r.histories)
            fprintf(ctx->out, "; meso's record of %d pupil%s kept as history from that school",
                    r.histories, r.histories == 1 ? "" : "s");
        fprintf(ctx->out, ".\n");
    }
    return rc;
}
