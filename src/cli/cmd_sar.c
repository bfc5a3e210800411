#include "cli/cmd_sar.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cmd_conv.h"
#include "model/register/pupil.h"
#include "model/register/school.h"
#include "model/sar/redaction.h"
#include "view/sar.h"

/* DIR made if missing; DIR/sar.json and DIR/sar.pdf must not exist. */
static int prepare_dir(struct cli_ctx *ctx, const char *dir, const char **json_path,
                       const char **pdf_path)
{
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return err_set(&ctx->err, ERR_STORAGE, "--out %s: cannot make the folder: %s", dir,
                       strerror(errno));
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return err_set(&ctx->err, ERR_CONFLICT, "--out %s: not a folder", dir);
    *json_path = arena_sprintf(&ctx->arena, "%s/sar.json", dir);
    *pdf_path = arena_sprintf(&ctx->arena, "%s/sar.pdf", dir);
    if (!*json_path || !*pdf_path)
        return err_set(&ctx->err, ERR_NOMEM, "out of memory");
    if (access(*json_path, F_OK) == 0 || access(*pdf_path, F_OK) == 0)
        return err_set(&ctx->err, ERR_CONFLICT,
                       "--out %s already holds a sar.json or sar.pdf; choose an empty folder", dir);
    return 0;
}

/* Write len bytes to a new file at path, readable by its owner only. */
static int write_private(struct cli_ctx *ctx, const char *path, const char *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0)
        return err_set(&ctx->err, ERR_STORAGE, "%s: could not be written: %s", path,
                       strerror(errno));
    size_t done = 0;
    while (done < len) {
        ssize_t w = write(fd, data + done, len - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        done += (size_t)w;
    }
    if (close(fd) != 0 || done < len) {
        unlink(path);
        return err_set(&ctx->err, ERR_STORAGE, "%s: could not be written", path);
    }
    return 0;
}

int sar_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    const char *dir = cli_opt(a, "--out");
    if (!dir || !*dir)
        return err_set(&ctx->err, ERR_USAGE, "meso sar needs --out DIR, the folder to write to");
    long long carer_id = 0;
    int rc = cli_opt_int(ctx, a, "--carer", 1, INT64_MAX, &carer_id);
    if (rc)
        return rc;
    struct school school;
    struct pupil p;
    if ((rc = cli_pupil(ctx, a, a->pos[0], &school, &p))) {
        if (rc == ERR_NOTFOUND)
            return err_set(&ctx->err, ERR_NOTFOUND, "no pupil with UPN %s at %s", a->pos[0],
                           school.name);
        return rc;
    }
    const char *json_path = NULL, *pdf_path = NULL;
    if ((rc = prepare_dir(ctx, dir, &json_path, &pdf_path)))
        return rc;
    struct audit_entry who = cli_who(ctx);
    struct sar_source src = {
        ctx->db, &ctx->arena, &school, &p, (int64_t)carer_id, &who, &ctx->err
    };
    json_t *sar = NULL;
    struct buf pdf;
    buf_init(&pdf, 256u << 20);
    int n_red = 0;
    char *text = NULL;
    if ((rc = sar_make(&src, &sar, &pdf, &n_red)))
        goto done;
    if (!(text = json_dumps(sar, JSON_INDENT(2)))) {
        rc = err_set(&ctx->err, ERR_NOMEM, "out of memory");
        goto done;
    }
    if ((rc = write_private(ctx, json_path, text, strlen(text))))
        goto done;
    if ((rc = write_private(ctx, pdf_path, buf_str(&pdf), pdf.len))) {
        unlink(json_path); /* no half an export: the folder can be used again */
        goto done;
    }
    fprintf(ctx->out, "Wrote %s and %s: everything held about %s", json_path, pdf_path,
            pupil_display_name(&ctx->arena, &p));
    if (n_red)
        fprintf(ctx->out, ", with %d redaction%s", n_red, n_red == 1 ? "" : "s");
    fprintf(ctx->out, ".\n");
done:
    free(text);
    buf_release(&pdf);
    json_decref(sar);
    return rc;
}

/* meso sar redact UPN --path P [--passage TEXT] --reason TEXT */
int sar_redact_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct pupil p;
    int rc = cli_pupil(ctx, a, a->pos[0], &school, &p);
    if (rc == ERR_NOTFOUND)
        return err_set(&ctx->err, ERR_NOTFOUND, "no pupil with UPN %s at %s", a->pos[0],
                       school.name);
    if (rc)
        return rc;
    struct audit_entry who = cli_who(ctx);
    int64_t id = 0;
    rc = sar_redaction_add(ctx->db, &who, school.id, p.id, cli_opt(a, "--path"),
                           cli_opt(a, "--passage"), cli_opt(a, "--reason"), &id, &ctx->err);
    if (rc == ERR_INPUT) {
        char m[sizeof ctx->err.msg];
        snprintf(m, sizeof m, "%s", ctx->err.msg);
        return err_set(&ctx->err, ERR_INPUT, "--%s", m);
    }
    if (rc)
        return rc;
    fprintf(ctx->out, "Redaction %lld recorded: the next export of %s shows \"%s\" there.\n",
            (long long)id, p.upn, SAR_REDACTED);
    return 0;
}
