/* cmd_backup.c - `meso backup` and `meso restore`. */
#include "cli/cmd_backup.h"

#include <string.h>
#include <unistd.h>

#include "backup/backup.h"

int backup_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    const char *new_key = cli_opt(a, "--new-key");
    if (new_key) {
        if (a->n_pos > 0)
            return err_set(&ctx->err, ERR_USAGE,
                           "meso backup: --new-key makes a key only; take the backup after");
        int rc = backup_key_new(new_key, &ctx->err);
        if (rc == 0)
            fprintf(ctx->out,
                    "Made a new backup key in %s. Keep a copy somewhere safe and apart from the "
                    "backups: without it, an encrypted backup cannot be restored.\n",
                    new_key);
        return rc;
    }
    if (a->n_pos != 1)
        return err_set(&ctx->err, ERR_USAGE,
                       "meso backup: missing FILE; usage: meso backup FILE [--key-file KEY]");
    long long pause = 0;
    int rc = cli_opt_int(ctx, a, "--pause", 0, 60000, &pause);
    if (rc)
        return rc;
    struct backup_opts o = { .key_file = cli_opt(a, "--key-file"), .pause_ms = (unsigned)pause };
    struct backup_result r;
    rc = backup_take(ctx->db_path, a->pos[0], &o, &r, &ctx->err);
    if (rc == 0)
        fprintf(ctx->out, "Backed up %s to %s (%lld bytes%s, in %d steps).\n", ctx->db_path,
                a->pos[0], r.bytes, o.key_file ? ", encrypted" : "", r.steps);
    return rc;
}

/* Ask for the key file on a terminal. */
static const char *ask_key(struct cli_ctx *ctx)
{
    char line[4096];
    fprintf(ctx->msg, "This backup is encrypted. Its key file: ");
    fflush(ctx->msg);
    if (!fgets(line, sizeof line, stdin))
        return NULL;
    line[strcspn(line, "\r\n")] = '\0';
    return line[0] ? arena_strdup(&ctx->arena, line) : NULL;
}

int restore_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    const char *key = cli_opt(a, "--key-file");
    struct restore_result r;
    int rc = backup_restore(a->pos[0], ctx->db_path, key, &r, &ctx->err);
    if (rc == ERR_INPUT && r.sealed && !key && isatty(STDIN_FILENO) && (key = ask_key(ctx)))
        rc = backup_restore(a->pos[0], ctx->db_path, key, &r, &ctx->err);
    if (rc == 0)
        fprintf(ctx->out,
                "Restored %s into %s: schema %d; %ld school%s, %ld staff, %ld pupils, %ld "
                "carers. It passed its checks.\n",
                a->pos[0], ctx->db_path, r.schema, r.schools, r.schools == 1 ? "" : "s", r.staff,
                r.pupils, r.carers);
    return rc;
}
