/* commands.c - the command table: the single source for dispatch, help, the
 * man page and the README's CLI reference. Keep entries grouped by family. */
#include "cli/cli.h"

#include "cli/cmd_audit.h"
#include "cli/cmd_assign.h"
#include "cli/cmd_db.h"
#include "cli/cmd_demo.h"
#include "cli/cmd_help.h"
#include "cli/cmd_import.h"
#include "cli/cmd_parent.h"
#include "cli/cmd_pupils.h"
#include "cli/cmd_school.h"
#include "cli/cmd_score.h"
#include "cli/cmd_serve.h"
#include "cli/cmd_token.h"
#include "cli/cmd_user.h"

static const struct cli_opt json_opt[] = {
    { "--json", NULL, "print one JSON document instead of text" },
    { 0 },
};

static const struct cli_opt school_json_opts[] = {
    { "--school", "URN", "the school, when the database holds several" },
    { "--json", NULL, "print one JSON document instead of text" },
    { 0 },
};

static const struct cli_opt init_opts[] = {
    { "--school-urn", "URN", "also add the first school, with this 6-digit URN" },
    { "--school-name", "NAME", "the first school's name" },
    { "--la", "CODE", "the first school's 3-digit local authority code" },
    { "--phase", "PHASE", "the first school's phase (primary, secondary, ...)" },
    { 0 },
};

static const struct cli_opt school_add_opts[] = {
    { "--urn", "URN", "the school's 6-digit unique reference number" },
    { "--name", "NAME", "the school's name" },
    { "--la", "CODE", "the 3-digit local authority code" },
    { "--phase", "PHASE",
      "nursery, primary, middle, secondary, all-through, special, alternative "
      "or 16-plus" },
    { 0 },
};

static const struct cli_opt staff_add_opts[] = {
    { "--name", "NAME", "the person's name" },
    { "--email", "EMAIL", "their work email (also their sign-in name)" },
    { "--role", "ROLE", "admin, lead, teacher or practitioner" },
    { "--school", "URN", "the school, when the database holds several" },
    { 0 },
};

static const struct cli_opt school_opt[] = {
    { "--school", "URN", "the school, when the database holds several" },
    { 0 },
};

static const struct cli_opt user_add_opts[] = {
    { "--role", "ROLES", "admin, lead, teacher or practitioner; several with commas (admin,lead)" },
    { "--name", "NAME", "their name (default: the staff record's, or one made from the email)" },
    { "--school", "URN", "the school, when the database holds several" },
    { "--generate", NULL, "generate a password even when standard input is not a terminal" },
    { 0 },
};

static const struct cli_opt user_passwd_opts[] = {
    { "--generate", NULL, "generate a password even when standard input is not a terminal" },
    { 0 },
};

static const struct cli_opt user_roles_opts[] = {
    { "--role", "ROLES", "the new roles: admin, lead, teacher or practitioner, with commas" },
    { 0 },
};

static const struct cli_opt token_add_opts[] = {
    { "--name", "NAME", "a name to know it by, like mis-sync (letters, digits, - _ .)" },
    { "--scope", "read|write", "what programs using it may do" },
    { "--school", "URN", "the school, when the database holds several" },
    { 0 },
};

static const struct cli_opt parent_invite_opts[] = {
    { "--carer-email", "EMAIL", "the parent or carer, by the email on their record" },
    { "--carer", "ID", "the parent or carer, by number (as listed when neither is given)" },
    { "--school", "URN", "the school, when the database holds several" },
    { 0 },
};

static const struct cli_opt import_opts[] = {
    { "--school", "URN", "the school, when the database holds several" },
    { "--skip-invalid", NULL, "import the valid rows and report the others" },
    { "--dry-run", NULL, "check the file and report problems; write nothing" },
    { "--columns", NULL, "list the column names meso accepts, then stop" },
    { 0 },
};

static const struct cli_opt pupils_list_opts[] = {
    { "--year", "N", "only this year group (R, N1, N2, 1-14)" },
    { "--sen", "N|K|E", "only this SEN provision" },
    { "--search", "TEXT", "only pupils whose name contains TEXT, or with this UPN" },
    { "--leavers", NULL, "include pupils who have left" },
    { "--school", "URN", "the school, when the database holds several" },
    { "--json", NULL, "print one JSON document instead of text" },
    { 0 },
};

static const struct cli_opt factor_add_opts[] = {
    { "--type", "TYPE", "the kind of factor (see `meso factor types`)" },
    { "--source", "SOURCE", "individual, family, school or community (default: the type's)" },
    { "--date", "DATE", "when it was identified (default: today)" },
    { "--ended", "DATE", "when it stopped applying, if it has" },
    { "--note", "TEXT", "a short note, in plain words" },
    { "--school", "URN", "the school, when the database holds several" },
    { 0 },
};

static const struct cli_opt demo_opts[] = {
    { "--seed", "N", "the random seed: the same seed gives the same school (default 1)" },
    { "--pupils", "N", "about how many pupils (default 420)" },
    { 0 },
};

static const struct cli_opt serve_opts[] = {
    { "--listen", "ADDR:PORT",
      "where to listen (default 127.0.0.1:8080; port 0 picks a free one)" },
    { "--threads", "N", "worker threads (default 4); 0 runs a thread per connection" },
    { "--access-log", "FILE", "append the access log to FILE (default: standard error)" },
    { "--quiet", NULL, "write no access log" },
    { "--max-body", "BYTES", "the largest request body accepted (default 1 MiB)" },
    { "--url", "URL", "the address people use to reach meso, for links in letters" },
    { "--session-idle", "MINUTES", "sign people out after this long without use (default 30)" },
    { "--session-max", "MINUTES", "sign people out this long after signing in (default 720)" },
    { 0 },
};

static const struct cli_opt audit_opts[] = {
    { "--pupil", "UPN", "only entries about this pupil" },
    { "--user", "EMAIL", "only what this person did on the web" },
    { "--actor", "ACTOR", "only this actor, as recorded (user:EMAIL, token:NAME, cli:USER)" },
    { "--since", "DATE", "only entries on or after this date" },
    { "--limit", "N", "at most N entries, newest first (default 200)" },
    { "--school", "URN", "the school, when the database holds several" },
    { "--json", NULL, "print one JSON document instead of text" },
    { 0 },
};

static const struct cli_opt score_sdq_opts[] = {
    { "--informant", "WHO", "who answered: parent, teacher or self" },
    { "--age", "YEARS", "the child's age in whole years; it picks the form" },
    { "--impact", "CODES",
      "the impact supplement's raw codes 0-3, comma-separated (parent and "
      "self 6, teacher 4; empty when missing)" },
    { "--json", NULL, "print one JSON document instead of text" },
    { 0 },
};

static const struct cli_opt score_mmf_opts[] = {
    { "--age", "YEARS", "the child's age in whole years (8 or more), checked when given" },
    { "--json", NULL, "print one JSON document instead of text" },
    { 0 },
};

static const struct cli_opt score_file_opts[] = {
    { "--age", "YEARS", "the child's age, checked against the measure's ages when given" },
    { "--impact", "CODES", "the impact items' raw codes, comma-separated" },
    { "--json", NULL, "print one JSON document instead of text" },
    { 0 },
};

static const struct cli_opt help_opts[] = {
    { "--man", NULL, "print the manual page (roff)" },
    { "--markdown", NULL, "print the command reference as Markdown" },
    { 0 },
};

const struct cli_command cli_commands[] = {
    { "init", init_cmd, "", 0, 0, "create a database, optionally with its first school",
      "Creates the database file if it does not exist and brings its schema up to date. "
      "Running it again is harmless.",
      init_opts, 0 },
    { "school add", school_add_cmd, "", 0, 0, "add a school",
      "If the only school is a placeholder made by an earlier import, it takes these details "
      "instead.",
      school_add_opts, CLI_DB },
    { "school list", school_list_cmd, "", 0, 0, "list the schools in the database", NULL, json_opt,
      CLI_DB },
    { "staff add", staff_add_cmd, "", 0, 0, "add a member of staff", NULL, staff_add_opts, CLI_DB },
    { "staff list", staff_list_cmd, "", 0, 0, "list a school's staff", NULL, school_json_opts,
      CLI_DB },
    { "user add", user_add_cmd, "EMAIL", 1, 1, "add a sign-in account for a member of staff",
      "Makes the member of staff too, or links the one with this email. The password is read "
      "from standard input (one line) when it is not a terminal; otherwise one is generated and "
      "shown once. Admin and lead accounts must set up two-factor sign-in at their first "
      "sign-in. Roles: admin (accounts and settings; no child's record), lead (every child at "
      "the school), teacher (the children they are key teacher for), practitioner (the children "
      "whose families they work with).",
      user_add_opts, CLI_DB },
    { "user passwd", user_passwd_cmd, "EMAIL", 1, 1, "set a new password for an account",
      "The password comes from standard input or is generated, as for `meso user add`. Every "
      "session of the account ends.",
      user_passwd_opts, CLI_DB },
    { "user roles", user_roles_cmd, "EMAIL", 1, 1, "change a staff account's roles", NULL,
      user_roles_opts, CLI_DB },
    { "user disable", user_disable_cmd, "EMAIL", 1, 1, "stop an account from signing in",
      "Its sessions end at once. The account, its records and the audit trail are kept.", NULL,
      CLI_DB },
    { "user enable", user_enable_cmd, "EMAIL", 1, 1, "let a disabled account sign in again", NULL,
      NULL, CLI_DB },
    { "user reset-2fa", user_reset_2fa_cmd, "EMAIL", 1, 1,
      "reset an account's two-factor sign-in (a lost phone)",
      "Removes the authenticator secret and recovery codes. Admin and lead accounts set it up "
      "again at their next sign-in.",
      NULL, CLI_DB },
    { "user list", user_list_cmd, "", 0, 0, "list sign-in accounts",
      "Every school's unless --school is given. Passwords and secrets are never shown.",
      school_json_opts, CLI_DB },
    { "token add", token_add_cmd, "", 0, 0, "make an API token for a program",
      "Prints the token once, alone on standard output; only its hash is kept. A token sees "
      "every record at its school; read tokens cannot change anything.",
      token_add_opts, CLI_DB },
    { "token list", token_list_cmd, "", 0, 0, "list API tokens (never the tokens themselves)", NULL,
      json_opt, CLI_DB },
    { "token revoke", token_revoke_cmd, "NAME", 1, 1, "revoke an API token", NULL, NULL, CLI_DB },
    { "parent invite", parent_invite_cmd, "UPN", 1, 1,
      "make an invitation code for a pupil's parent or carer",
      "The code (three groups of four characters) is shown once and works once, for 14 days. "
      "The parent uses it on the sign-in page to make their own account, which shows them their "
      "own children only. Without --carer-email or --carer, lists the pupil's carers.",
      parent_invite_opts, CLI_DB },
    { "keyteacher set", keyteacher_set_cmd, "UPN EMAIL", 2, 2,
      "make a teacher (or lead) a pupil's key teacher",
      "A teacher sees the records of the pupils they are key teacher for.", school_opt, CLI_DB },
    { "keyteacher clear", keyteacher_clear_cmd, "UPN", 1, 1, "remove a pupil's key teacher", NULL,
      school_opt, CLI_DB },
    { "family assign", family_assign_cmd, "UPN EMAIL", 2, 2,
      "assign a practitioner to work with a pupil's family",
      "A practitioner sees the records of the pupils whose families they work with.", school_opt,
      CLI_DB },
    { "family unassign", family_unassign_cmd, "UPN EMAIL", 2, 2,
      "end a practitioner's work with a pupil's family", NULL, school_opt, CLI_DB },
    { "import pupils", import_pupils_cmd, "FILE.csv", 0, 1,
      "import or update pupils from a CSV file",
      "Columns are matched by name, ignoring case and spaces (see --columns and docs/import.md). "
      "Every row is checked first; every problem is reported as FILE:LINE: COLUMN: reason. If any "
      "row is invalid nothing is written (exit 2) unless --skip-invalid is given. Pupils are "
      "matched by UPN, so importing the same file again changes nothing.",
      import_opts, 0 },
    { "import carers", import_carers_cmd, "FILE.csv", 0, 1,
      "import or update parents and carers from a CSV file",
      "Each row links one carer to one pupil (by UPN). A carer on several rows (brothers and "
      "sisters) is stored once. Import pupils first.",
      import_opts, 0 },
    { "pupils list", pupils_list_cmd, "", 0, 0, "list pupils", NULL, pupils_list_opts, CLI_DB },
    { "pupils show", pupils_show_cmd, "UPN", 1, 1,
      "show one pupil's record, with carers, SEN history and factors", NULL, school_json_opts,
      CLI_DB },
    { "factor add", factor_add_cmd, "UPN", 1, 1, "record a risk or protective factor for a pupil",
      NULL, factor_add_opts, CLI_DB },
    { "factor list", factor_list_cmd, "UPN", 1, 1, "list a pupil's risk and protective factors",
      NULL, school_json_opts, CLI_DB },
    { "factor types", factor_types_cmd, "", 0, 0, "list the kinds of risk and protective factor",
      NULL, json_opt, CLI_DB },
    { "score sdq", score_sdq_cmd, "RESPONSES", 1, 1, "score an SDQ from its 25 responses",
      "RESPONSES are the 25 item codes in item order, comma-separated, each 0, 1 or 2 and empty "
      "when missing (e.g. 0,1,2,,1,...). Subscales with at least 3 of 5 items answered are "
      "prorated; the bands are shown under the four-band and three-band schemes. meso never "
      "shows the questions, which are copyright. See docs/measures.md.",
      score_sdq_opts, 0 },
    { "score mmf", score_mmf_cmd, "RESPONSES", 1, 1,
      "score Me and My Feelings from its 16 responses",
      "RESPONSES are the 16 item codes in item order, comma-separated, each 0, 1 or 2 and empty "
      "when missing.",
      score_mmf_opts, 0 },
    { "score file", score_file_cmd, "DEFINITION RESPONSES", 2, 2,
      "score responses with a school's own measure definition",
      "DEFINITION is a measure file (format in docs/measures.md); a malformed one is reported as "
      "FILE:LINE: reason. RESPONSES are the item codes in item order, comma-separated, empty when "
      "missing.",
      score_file_opts, 0 },
    { "demo", demo_cmd, "", 0, 0, "fill the database with a synthetic demo school",
      "Generates a realistic primary school (Reception to Year 6) with made-up pupils, carers and "
      "staff. No real person's data is used. Refuses to touch a database that already has "
      "pupils.",
      demo_opts, 0 },
    { "serve", serve_cmd, "", 0, 0, "run the web server",
      "Serves the web pages and the JSON API until stopped with Ctrl-C (SIGINT) or SIGTERM, "
      "finishing requests under way first. The access log never holds query strings, "
      "passwords, tokens or names.",
      serve_opts, CLI_DB },
    { "audit", audit_cmd, "", 0, 0, "read the audit trail, newest first",
      "Every view and change of a child's or family's record, by anyone, through any door (web, "
      "API or command line), is in the audit trail. meso offers no way to change or delete it.",
      audit_opts, CLI_DB },
    { "check", check_cmd, "", 0, 0, "check the database's integrity and print a summary",
      "Exit status 0 when healthy, 3 when a problem is found. Warnings do not fail.", json_opt,
      CLI_DB },
    { "help", help_cmd, "[COMMAND]", 0, 2, "show help for meso or one command", NULL, help_opts,
      0 },
    { "version", version_cmd, "", 0, 0, "print the version", NULL, NULL, 0 },
    { 0 },
};
