#include "cli/cmd_serve.h"

#include <fcntl.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

#include "backup/backupd.h"
#include "http/app.h"
#include "model/la/lacache.h"
#include "http/server.h"
#include "model/access/firstrun.h"
#include "model/access/invite.h"
#include "model/register/auditw.h"

/* --backup-dir: daily backups (backup/backupd.h). */
static int start_backups(struct cli_ctx *ctx, const struct cli_args *a, struct backupd **out)
{
    long long keep = 14;
    struct backupd_opts o = {
        .db_path = ctx->db_path,
        .dir = cli_opt(a, "--backup-dir"),
        .key_file = cli_opt(a, "--backup-key-file"),
        .out = ctx->out,
    };
    int rc = cli_opt_int(ctx, a, "--backup-keep", 1, 10000, &keep);
    if (rc)
        return rc;
    if (!o.dir && (cli_opt(a, "--backup-keep") || o.key_file))
        return err_set(&ctx->err, ERR_USAGE,
                       "--backup-keep and --backup-key-file go with --backup-dir DIR");
    o.keep = (int)keep;
    return o.dir ? backupd_start(&o, out, &ctx->err) : 0;
}

int serve_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    long long threads = 4, body = 1024 * 1024;
    long long header = 10, per_address = 256, total = 4096, window = AUDITW_WINDOW_MS;
    int rc = cli_opt_int(ctx, a, "--threads", 0, 64, &threads);
    if (rc == 0)
        rc = cli_opt_int(ctx, a, "--max-body", 1024, 64LL * 1024 * 1024, &body);
    if (rc == 0)
        rc = cli_opt_int(ctx, a, "--header-timeout", 1, 300, &header);
    if (rc == 0)
        rc = cli_opt_int(ctx, a, "--max-per-address", 0, 100000, &per_address);
    if (rc == 0)
        rc = cli_opt_int(ctx, a, "--max-connections", 16, 1000000, &total);
    if (rc == 0)
        rc = cli_opt_int(ctx, a, "--audit-window", 1, 10000, &window);
    if (rc)
        return rc;
    if (sodium_init() < 0)
        return err_set(&ctx->err, ERR_STORAGE, "the cryptography library could not start");
    struct app app = {
        .db_path = ctx->db_path,
        .threads = (unsigned)threads,
        .access_log_fd = STDERR_FILENO,
        .max_body = (size_t)body,
        .max_header = 32 * 1024,
        .max_params = 200,
        .header_seconds = (unsigned)header,
        .max_per_address = (unsigned)per_address,
        .max_connections = (unsigned)total,
        .base_url = cli_opt(a, "--url"),
    };
    const char *log = cli_opt(a, "--access-log");
    if (log && strcmp(log, "-") != 0) {
        app.access_log_fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
        if (app.access_log_fd < 0)
            return err_set(&ctx->err, ERR_STORAGE, "cannot open the access log %s", log);
    } else if (log == NULL && cli_flag(a, "--quiet")) {
        app.access_log_fd = -1;
    }
    long long idle = SESSION_IDLE_DEFAULT / 60, absolute = SESSION_ABSOLUTE_DEFAULT / 60;
    if ((rc = cli_opt_int(ctx, a, "--session-idle", 1, 24 * 60, &idle)) ||
        (rc = cli_opt_int(ctx, a, "--session-max", 1, 7 * 24 * 60, &absolute)))
        return rc;
    app.sessions.idle_seconds = idle * 60;
    app.sessions.absolute_seconds = absolute * 60;
    if (password_gate_init(&app.gate, PASSWORD_GATE_RUNNING, PASSWORD_GATE_WAITING) != 0)
        return err_set(&ctx->err, ERR_STORAGE, "could not set up password checking");
    /* A new or empty database is served in setup mode (firstrun.h). */
    bool setup = false;
    if ((rc = cli_open_db(ctx, true)) || (rc = firstrun_needed(ctx->db, &setup, &ctx->err))) {
        password_gate_release(&app.gate);
        return rc;
    }
    if (setup)
        invite_code_new(app.setup_code, app.setup_hash);
    /* One connection per worker, and a few for the thread-per-connection mode. */
    size_t pool = threads ? (size_t)threads + 1 : 16;
    app.la_cache = la_cache_new(); /* NULL: no caching */
    if ((rc = pool_init(&app.pool, ctx->db_path, pool, &ctx->err))) {
        la_cache_free(app.la_cache);
        password_gate_release(&app.gate);
        return rc;
    }
    /* The audit rows of views go through one writer (auditw.h). */
    if ((rc = auditw_start(ctx->db_path, (unsigned)window, &app.auditw, &ctx->err))) {
        pool_release(&app.pool);
        password_gate_release(&app.gate);
        return rc;
    }
    struct backupd *backups = NULL;
    if ((rc = start_backups(ctx, a, &backups))) {
        la_cache_free(app.la_cache);
        auditw_stop(app.auditw);
        pool_release(&app.pool);
        password_gate_release(&app.gate);
        return rc;
    }
    const char *listen = cli_opt(a, "--listen");
    rc = server_run(&app, listen ? listen : "127.0.0.1:8080", ctx->out, &ctx->err);
    backupd_stop(backups); /* a backup under way finishes first */
    la_cache_free(app.la_cache);
    auditw_stop(app.auditw); /* commits what is queued */
    pool_release(&app.pool);
    password_gate_release(&app.gate);
    if (app.access_log_fd > STDERR_FILENO)
        close(app.access_log_fd);
    return rc;
}
