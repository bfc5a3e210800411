/* commands.c - the command table: the single source for dispatch, help, the
 * man page and the README's CLI reference. Keep entries grouped by family. */
#include "cli/cli.h"

#include "cli/cmd_audit.h"
#include "cli/cmd_db.h"
#include "cli/cmd_demo.h"
#include "cli/cmd_help.h"
#include "cli/cmd_import.h"
#include "cli/cmd_pupils.h"
#include "cli/cmd_school.h"
#include "cli/cmd_score.h"
#include "cli/cmd_serve.h"

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
