/* cli.c - argument parsing and dispatch through the command table. */
#include "cli/cli.h"

#include <jansson.h>
#include <pwd.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include "core/log.h"
#include "core/str.h"
#include "db/db.h"
#include "view/xlsx_report.h"

/* Options every command understands, besides its own. */
static const struct cli_opt global_opts[] = {
    { "--db", "PATH",
      "the database: an SQLite file or a postgresql:// URI (default: $MESO_DB, "
      "else ./meso.db)" },
    { "--help", NULL, "show help for the command" },
    { 0 },
};

const struct cli_opt *cli_global_opts(void)
{
    return global_opts;
}

const char *cli_opt(const struct cli_args *a, const char *name)
{
    const char *v = NULL;
    for (int i = 0; i < a->n_opts; i++)
        if (strcmp(a->opt_names[i], name) == 0)
            v = a->opt_values[i]; /* the last one given wins */
    return v;
}

bool cli_flag(const struct cli_args *a, const char *name)
{
    return cli_opt(a, name) != NULL;
}

int cli_opt_int(struct cli_ctx *ctx, const struct cli_args *a, const char *name, long long min,
                long long max, long long *out)
{
    const char *v = cli_opt(a, name);
    if (!v)
        return 0;
    long long x;
    if (str_to_int(v, min, max, &x) != 0)
        return err_set(&ctx->err, ERR_USAGE, "%s takes a whole number from %lld to %lld (got '%s')",
                       name, min, max, v);
    *out = x;
    return 0;
}

int cli_print_json(struct cli_ctx *ctx, json_t *doc)
{
    if (!doc)
        return err_set(&ctx->err, ERR_NOMEM, "out of memory");
    int rc = json_dumpf(doc, ctx->out, JSON_INDENT(2) | JSON_ENSURE_ASCII);
    fputc('\n', ctx->out);
    json_decref(doc);
    return rc == 0 ? 0 : err_set(&ctx->err, ERR_STORAGE, "could not write the output");
}

bool cli_wants_doc(const struct cli_args *a)
{
    return cli_flag(a, "--json") || cli_opt(a, "--xlsx");
}

int cli_emit_doc(struct cli_ctx *ctx, const struct cli_args *a, const char *title, json_t *doc,
                 bool attendance)
{
    const char *file = cli_opt(a, "--xlsx");
    if (!file)
        return cli_print_json(ctx, doc);
    if (!doc)
        return err_set(&ctx->err, ERR_NOMEM, "out of memory");
    int rc = xlsx_report_file(file, title, doc, attendance, &ctx->err);
    json_decref(doc);
    if (rc == 0)
        fprintf(ctx->out, "Wrote %s\n", file);
    return rc;
}

int cli_open_db(struct cli_ctx *ctx, bool create)
{
    if (ctx->db)
        return 0;
    return db_open(&ctx->db, ctx->db_path, create ? DB_OPEN_CREATE : 0, &ctx->err);
}

static const struct cli_opt *find_opt(const struct cli_opt *opts, const char *name, size_t len)
{
    for (const struct cli_opt *o = opts; o && o->name; o++)
        if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
            return o;
    return NULL;
}

static const struct cli_command *find_command(const char *w1, const char *w2, int *words)
{
    char two[128];
    if (w2) {
        snprintf(two, sizeof two, "%s %s", w1, w2);
        for (const struct cli_command *c = cli_commands; c->name; c++)
            if (strcmp(c->name, two) == 0) {
                *words = 2;
                return c;
            }
    }
    for (const struct cli_command *c = cli_commands; c->name; c++)
        if (strcmp(c->name, w1) == 0) {
            *words = 1;
            return c;
        }
    return NULL;
}

/* True when some command's name starts with "word ". */
static bool is_family(const char *word)
{
    size_t n = strlen(word);
    for (const struct cli_command *c = cli_commands; c->name; c++)
        if (strncmp(c->name, word, n) == 0 && c->name[n] == ' ')
            return true;
    return false;
}

/* Split argv into options and positionals for cmd. Global options may appear
 * anywhere. Returns 0 or ERR_USAGE with a message. */
static int parse_args(struct cli_ctx *ctx, const struct cli_command *cmd, int argc, char **argv,
                      struct cli_args *a)
{
    a->pos = arena_array(&ctx->arena, (size_t)argc + 1, sizeof *a->pos);
    a->opt_names = arena_array(&ctx->arena, (size_t)argc + 1, sizeof *a->opt_names);
    a->opt_values = arena_array(&ctx->arena, (size_t)argc + 1, sizeof *a->opt_values);
    if (!a->pos || !a->opt_names || !a->opt_values)
        return err_set(&ctx->err, ERR_NOMEM, "out of memory");
    bool only_pos = false;
    for (int i = 0; i < argc; i++) {
        const char *s = argv[i];
        if (only_pos || s[0] != '-' || strcmp(s, "-") == 0) {
            a->pos[a->n_pos++] = s;
            continue;
        }
        if (strcmp(s, "--") == 0) {
            only_pos = true;
            continue;
        }
        if (strcmp(s, "-h") == 0)
            s = "--help";
        const char *eq = strchr(s, '=');
        size_t len = eq ? (size_t)(eq - s) : strlen(s);
        const struct cli_opt *o = find_opt(cmd->opts, s, len);
        if (!o)
            o = find_opt(global_opts, s, len);
        if (!o)
            return err_set(&ctx->err, ERR_USAGE,
                           "meso %s: unknown option %.*s (see `meso help %s`)", cmd->name, (int)len,
                           s, cmd->name);
        const char *value = "";
        if (o->arg) {
            if (eq)
                value = eq + 1;
            else if (i + 1 < argc)
                value = argv[++i];
            else
                return err_set(&ctx->err, ERR_USAGE, "meso %s: %s needs a value (%s)", cmd->name,
                               o->name, o->arg);
        } else if (eq) {
            return err_set(&ctx->err, ERR_USAGE, "meso %s: %s takes no value", cmd->name, o->name);
        }
        a->opt_names[a->n_opts] = o->name;
        a->opt_values[a->n_opts] = value;
        a->n_opts++;
    }
    if (cli_flag(a, "--help"))
        return 0;
    if (a->n_pos < cmd->min_pos || a->n_pos > cmd->max_pos) {
        if (a->n_pos > cmd->max_pos)
            return err_set(&ctx->err, ERR_USAGE,
                           "meso %s: unexpected argument '%s'; usage: meso %s %s", cmd->name,
                           a->pos[cmd->max_pos], cmd->name, cmd->synopsis ? cmd->synopsis : "");
        return err_set(&ctx->err, ERR_USAGE, "meso %s: missing %s; usage: meso %s %s", cmd->name,
                       cmd->synopsis ? cmd->synopsis : "argument", cmd->name,
                       cmd->synopsis ? cmd->synopsis : "");
    }
    return 0;
}

static const char *actor_name(struct arena *ar)
{
    const char *u = getenv("USER");
    if (!u || !*u)
        u = getenv("LOGNAME");
    if (u && *u)
        return arena_sprintf(ar, "cli:%s", u);
    struct passwd pw, *found = NULL;
    char buf[1024];
    if (getpwuid_r(getuid(), &pw, buf, sizeof buf, &found) == 0 && found)
        return arena_sprintf(ar, "cli:%s", found->pw_name);
    return arena_sprintf(ar, "cli:uid%u", (unsigned)getuid());
}

int cli_main(int argc, char **argv)
{
    struct cli_ctx ctx = { 0 };
    ctx.out = stdout;
    ctx.msg = stderr;
    err_clear(&ctx.err);
    arena_init(&ctx.arena, 0);
    log_setup(getenv("MESO_DEBUG") ? LOG_DEBUG : LOG_WARN, NULL);
    db_global_init();

    const char *db_path = NULL;
    int i = 1;
    /* Global options before the command. */
    while (i < argc && argv[i][0] == '-') {
        if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
            db_path = argv[i + 1];
            i += 2;
        } else if (strncmp(argv[i], "--db=", 5) == 0) {
            db_path = argv[i] + 5;
            i++;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            argv[i] = (char *)"help"; /* `meso --help` is `meso help` */
            break;
        } else if (strcmp(argv[i], "--version") == 0) {
            argv[i] = (char *)"version";
            break;
        } else {
            fprintf(stderr, "meso: unknown option %s (see `meso help`)\n", argv[i]);
            arena_release(&ctx.arena);
            return 1;
        }
    }
    if (i >= argc) {
        cli_help_for(stderr, NULL);
        arena_release(&ctx.arena);
        return 1;
    }
    int words = 0;
    const struct cli_command *cmd =
        find_command(argv[i], i + 1 < argc ? argv[i + 1] : NULL, &words);
    if (!cmd) {
        if (is_family(argv[i])) {
            if (i + 1 < argc)
                fprintf(stderr, "meso: '%s %s' is not a command. ", argv[i], argv[i + 1]);
            else
                fprintf(stderr, "meso: '%s' needs a subcommand. ", argv[i]);
            fprintf(stderr, "These are:\n");
            cli_help_for(stderr, argv[i]);
        } else {
            fprintf(stderr, "meso: unknown command '%s' (see `meso help`)\n", argv[i]);
        }
        arena_release(&ctx.arena);
        return 1;
    }
    struct cli_args args = { 0 };
    int rc = parse_args(&ctx, cmd, argc - i - words, argv + i + words, &args);
    if (rc == 0 && cli_flag(&args, "--help")) {
        cli_help_for(stdout, cmd->name);
        arena_release(&ctx.arena);
        return 0;
    }
    if (rc == 0) {
        if (cli_opt(&args, "--db"))
            db_path = cli_opt(&args, "--db");
        if (!db_path || !*db_path)
            db_path = getenv("MESO_DB");
        if (!db_path || !*db_path)
            db_path = "meso.db";
        ctx.db_path = db_path;
        ctx.actor = actor_name(&ctx.arena);
        if (cmd->flags & CLI_DB)
            rc = cli_open_db(&ctx, false);
    }
    if (rc == 0)
        rc = cmd->run(&ctx, &args);
    if (rc != 0 && ctx.err.msg[0])
        fprintf(stderr, "meso: %s\n", ctx.err.msg);
    else if (rc != 0 && rc != ERR_INPUT)
        fprintf(stderr, "meso: %s\n", err_name(rc));
    fflush(stdout);
    db_close(ctx.db);
    arena_release(&ctx.arena);
    return err_exit_status(rc);
}
