/* cli.h - the command table and what every command handler receives.
 *
 * One table (cli_commands in commands.c) is the single source for dispatch,
 * `meso help`, the man page (`meso help --man`) and the README's CLI
 * reference (`meso help --markdown`), so the documentation always matches
 * the code. Handlers are named <name>_cmd() and live one family per file.
 */
#ifndef MESO_CLI_H
#define MESO_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "core/arena.h"
#include "core/err.h"

struct db;

#define MESO_VERSION "0.1.0"

/* An option a command accepts. arg is the metavariable ("N", "URN") or NULL
 * for a flag that takes no value. */
struct cli_opt {
    const char *name; /* "--year" */
    const char *arg;
    const char *help;
};

struct cli_args {
    const char **pos; /* positional arguments */
    int n_pos;
    const char **opt_names; /* options given, in order; values alongside */
    const char **opt_values;
    int n_opts;
};

enum cli_flags {
    CLI_DB = 1, /* open (and migrate) the database before running */
};

struct cli_ctx {
    const char *db_path;
    struct db *db; /* set when the command has CLI_DB */
    struct err err;
    struct arena arena; /* freed after the command */
    FILE *out;          /* results: stdout */
    FILE *msg;          /* messages and problems: stderr */
    const char *actor;  /* who is acting, for the audit trail: "cli:<user>" */
};

struct cli_command {
    const char *name; /* "pupils list": one or two words */
    int (*run)(struct cli_ctx *ctx, const struct cli_args *a);
    const char *synopsis; /* positional part, e.g. "UPN" */
    int min_pos, max_pos;
    const char *summary;        /* one line */
    const char *help;           /* a paragraph; may be NULL */
    const struct cli_opt *opts; /* ended by a zeroed entry; may be NULL */
    unsigned flags;
};

/* The table, ended by a zeroed entry. */
extern const struct cli_command cli_commands[];

/* Run meso with the process's arguments; returns the exit status. */
int cli_main(int argc, char **argv);

/* Open ctx->db_path (creating it when create is true) for handlers that
 * check their arguments before touching the database. */
int cli_open_db(struct cli_ctx *ctx, bool create);

/* The value of option name ("--year"), or NULL when it was not given.
 * A flag that was given has the value "". */
const char *cli_opt(const struct cli_args *a, const char *name);
bool cli_flag(const struct cli_args *a, const char *name);

/* Parse an integer option in [min, max]; *out is unchanged when the option is
 * absent. Returns 0, or ERR_USAGE with a message naming the option. */
int cli_opt_int(struct cli_ctx *ctx, const struct cli_args *a, const char *name, long long min,
                long long max, long long *out);

/* The options every command accepts (--db, --help), for the docs. */
const struct cli_opt *cli_global_opts(void);

/* Print a JSON document on ctx->out and release it. NULL (out of memory)
 * gives ERR_NOMEM. */
struct json_t;
int cli_print_json(struct cli_ctx *ctx, struct json_t *doc);
/* True when the command should build its JSON document: --json or --xlsx. */
bool cli_wants_doc(const struct cli_args *a);
/* Print doc as JSON, or with --xlsx FILE write it as a spreadsheet
 * (view/xlsx_report.h; attendance: a programme's register first). Frees
 * doc. */
int cli_emit_doc(struct cli_ctx *ctx, const struct cli_args *a, const char *title,
                 struct json_t *doc, bool attendance);

/* Write the help for one command (or every command under a family word). */
int cli_help_for(FILE *out, const char *name);

#endif
