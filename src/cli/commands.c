/* commands.c - the command table: the single source for dispatch, help, the
 * man page and the README's CLI reference. Keep entries grouped by family.
 * Size: one table. The file is cli_commands[] and the option lists its rows
 * point at, each static and used by one row only; splitting it would export
 * some seventy arrays just to cross a file boundary, and one place to read a
 * command's name, handler, help and flags is the point (Fossil's dispatch). */
#include "cli/cli.h"

#include "cli/cmd_audit.h"
#include "cli/cmd_assign.h"
#include "cli/cmd_backup.h"
#include "cli/cmd_contact.h"
#include "cli/cmd_ctf.h"
#include "cli/cmd_conv.h"
#include "cli/cmd_targets.h"
#include "cli/cmd_db.h"
#include "cli/cmd_demo.h"
#include "cli/cmd_evaluate.h"
#include "cli/cmd_help.h"
#include "cli/cmd_import.h"
#include "cli/cmd_la.h"
#include "cli/cmd_measures.h"
#include "cli/cmd_parent.h"
#include "cli/cmd_prog.h"
#include "cli/cmd_provmap.h"
#include "cli/cmd_pupils.h"
#include "cli/cmd_retention.h"
#include "cli/cmd_sar.h"
#include "cli/cmd_school.h"
#include "cli/cmd_score.h"
#include "cli/cmd_scope.h"
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

static const struct cli_opt evaluate_fit_opts[] = {
    { "--data", "FILE.csv", "the data: one row per observation, a header row of column names" },
    { "--formula", "F",
      "the model in lme4's syntax, e.g. 'post ~ pre + fsm + (1 + pre | school)'" },
    { "--ml", NULL, "fit by maximum likelihood (default: REML)" },
    { "--modes", "FILE.csv",
      "also write each group's conditional mode and its SD (lme4's ranef(condVar = TRUE))" },
    { "--max-evaluations", "N",
      "stop each optimiser run after N evaluations (default 100000); a fit stopped early is "
      "reported as not converged" },
    { "--json", NULL, "print one JSON document instead of text" },
    { 0 },
};

static const struct cli_opt evaluate_impl_opts[] = {
    { "--outcome", "NAME",
      "sdq-teacher (default), sdq-parent, attendance, reading, writing, maths, relationships or "
      "bullying" },
    { "--year", "YYYY", "the school year (default: the last complete one)" },
    { "--school", "URN", "the school, when the database holds several" },
    { "--json", NULL, "print one JSON document instead of text" },
    { "--csv", "FILE", "write the analysis dataset, pseudonymised, and print the lmer() call" },
    { 0 },
};

static const struct cli_opt la_eval_opts[] = {
    { "--la", "CODE", "the local authority's three-digit code" },
    { "--outcome", "NAME",
      "sdq-teacher (default), sdq-parent, attendance, reading, writing, maths, relationships or "
      "bullying" },
    { "--year", "YYYY", "the school year (default: the last complete one)" },
    { "--json", NULL, "print one JSON document instead of text" },
    { 0 },
};

static const struct cli_opt la_extract_opts[] = {
    { "--la", "CODE", "the local authority's three-digit code" },
    { "--out", "FILE.csv", "where to write the extract" },
    { "--outcome", "NAME", "as for la evaluate (default sdq-teacher)" },
    { "--year", "YYYY", "the school year (default: the last complete one)" },
    { 0 },
};

static const struct cli_opt school_opt[] = {
    { "--school", "URN", "the school, when the database holds several" },
    { 0 },
};

static const struct cli_opt user_add_opts[] = {
    { "--role", "ROLES",
      "admin, lead, teacher or practitioner; several with commas (admin,lead); or la alone" },
    { "--name", "NAME", "their name (default: the staff record's, or one made from the email)" },
    { "--school", "URN", "the school, when the database holds several" },
    { "--la", "CODE", "with --role la: the local authority (three digits) the account belongs to" },
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
    { "--la", "CODE",
      "instead of a school: a local authority's read token for its LA view (GET /api/v1/la)" },
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

static const struct cli_opt programme_show_opts[] = {
    { "--school", "URN", "the school, when the database holds several" },
    { "--json", NULL, "print one JSON document instead of text" },
    { "--xlsx", "FILE", "write it as a spreadsheet (.xlsx), the attendance register first" },
    { 0 },
};

static const struct cli_opt pupils_list_opts[] = {
    { "--year", "N", "only this year group (R, N1, N2, 1-14)" },
    { "--sen", "N|K|E", "only this SEN provision" },
    { "--search", "TEXT", "only pupils whose name contains TEXT, or with this UPN" },
    { "--leavers", NULL, "include pupils who have left" },
    { "--school", "URN", "the school, when the database holds several" },
    { "--json", NULL, "print one JSON document instead of text" },
    { "--xlsx", "FILE", "write the same as a spreadsheet (.xlsx) instead" },
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

static const struct cli_opt term_set_opts[] = {
    { "--year", "YYYY", "the school year, by the year it starts in (2024 or 2024-25)" },
    { "--autumn", "START..END", "the autumn term's first and last days" },
    { "--spring", "START..END", "the spring term's first and last days" },
    { "--summer", "START..END", "the summer term's first and last days" },
    { "--school", "URN", "the school, when the database holds several" },
    { 0 },
};

static const struct cli_opt year_json_opts[] = {
    { "--year", "YYYY", "the school year (default: the current one)" },
    { "--school", "URN", "the school, when the database holds several" },
    { "--json", NULL, "print one JSON document instead of text" },
    { 0 },
};

static const struct cli_opt holiday_add_opts[] = {
    { "--start", "DATE", "the first day" },
    { "--end", "DATE", "the last day (default: the first)" },
    { "--name", "NAME", "what it is (\"October half term\", \"INSET day\")" },
    { "--school", "URN", "the school, when the database holds several" },
    { 0 },
};

static const struct cli_opt scope_change_opts[] = {
    { "--reason", "TEXT", "why, in a few words (required)" },
    { "--school", "URN", "the school, when the database holds several" },
    { 0 },
};

static const struct cli_opt scope_list_opts[] = {
    { "--teacher", "EMAIL", "only this key teacher's pupils" },
    { "--year", "YYYY", "the school year (default: the current one)" },
    { "--school", "URN", "the school, when the database holds several" },
    { "--json", NULL, "print one JSON document instead of text" },
    { 0 },
};

static const struct cli_opt scope_plan_opts[] = {
    { "--conversations", "N", "how many conversations this year (1-12)" },
    { "--terms", "LIST", "the term each is due in, in order: autumn,spring,summer" },
    { "--year", "YYYY", "the school year (default: the current one)" },
    { "--school", "URN", "the school, when the database holds several" },
    { 0 },
};

static const struct cli_opt agreement_set_opts[] = {
    { "--purpose", "TEXT", "what the conversations are for" },
    { "--outcomes", "TEXT", "what everyone hopes will come of them" },
    { "--date", "DATE", "when it was agreed (default: today)" },
    { "--carers", "IDS", "the carers who agreed it (default: the pupil's first contact)" },
    { "--staff", "EMAILS", "the staff who agreed it (default: the key teacher)" },
    { "--note", "TEXT", "for a review: what changed and why" },
    { "--school", "URN", "the school, when the database holds several" },
    { 0 },
};

#define CONV_FORM_OPTS                                                                           \
    { "--date", "DATE", "when it took place (default: today)" },                                 \
        { "--status", "STATUS",                                                                  \
          "planned, draft or complete (default when adding: complete if the record has what a "  \
          "complete one needs, else draft)" },                                                   \
        { "--way", "WAY", "how it was held: in person, phone or video" },                        \
        { "--did-not-come", NULL, "it was arranged and the family did not come (kept apart)" },  \
        { "--family-views-note", "TEXT", "why the family's views are not in the record" },       \
        { "--teacher", "EMAIL", "the key teacher who held it (default: the pupil's)" },          \
        { "--carers", "IDS", "the carers who came (default: the pupil's first contact)" },       \
        { "--invited", "IDS", "carers invited who could not come" },                             \
        { "--pupil-present", NULL, "the pupil took part" },                                      \
        { "--others", "TEXT", "anyone else there" },                                             \
        { "--going-well", "TEXT", "Explore: what is going well, in the parent's words" },        \
        { "--concerns", "TEXT", "Explore: the parent's concerns" },                              \
        { "--hopes", "TEXT", "Explore: the parent's hopes" },                                    \
        { "--priorities", "TEXT", "Focus: the priorities" },                                     \
        { "--focus", "TEXT", "Focus: the area of focus" },                                       \
        { "--agreed-together", NULL, "Focus: the area of focus was agreed together" },           \
        { "--target", "T", "Plan: WHAT | OWNER | HOW WE WILL KNOW | REVIEW DATE (repeatable)" }, \
        { "--summary", "TEXT", "Review: the summary" },                                          \
        { "--next-steps", "TEXT", "Review: the next steps" },                                    \
        { "--next-meeting", "DATE", "Review: the date of the next meeting" },                    \
        { "--keep-in-touch", "TEXT", "Review: how we keep in touch until then" },                \
        { "--pupil-views", "TEXT", "the pupil's views" },                                        \
        { "--views-not-sought", "REASON", "why the pupil's views were not sought" },             \
        { "--shared-on", "DATE", "when the record was given to the family" },                    \
        { "--shared-how", "TEXT", "how it was given (\"printed copy\", \"email\")" },            \
        { "--stdin", NULL, "also read the record as 'key: value' lines from standard input" },   \
    {                                                                                            \
        "--school", "URN", "the school, when the database holds several"                         \
    }

static const struct cli_opt conversation_form_opts[] = { CONV_FORM_OPTS, { 0 } };

static const struct cli_opt conversation_list_opts[] = {
    { "--teacher", "EMAIL", "only conversations this key teacher held" },
    { "--year", "YYYY", "only this school year" },
    { "--status", "STATUS", "only planned, draft or complete ones" },
    { "--school", "URN", "the school, when the database holds several" },
    { "--json", NULL, "print one JSON document instead of text" },
    { 0 },
};

static const struct cli_opt conversation_share_opts[] = {
    { "--date", "DATE", "when it was shared (default: today)" },
    { "--how", "TEXT", "how (\"printed copy\", \"email\", \"talked through at the gate\")" },
    { 0 },
};

static const struct cli_opt due_opts[] = {
    { "--teacher", "EMAIL", "this key teacher's view (default: the whole school)" },
    { "--school", "URN", "the school, when the database holds several" },
    { "--json", NULL, "print one JSON document instead of text" },
    { 0 },
};

static const struct cli_opt target_review_opts[] = {
    { "--status", "STATUS", "open, progressing, achieved, changed or stopped" },
    { "--parent", "yes|no", "whether the parent or carer took part in this review (required)" },
    { "--date", "DATE", "when it was reviewed (default: today)" },
    { "--note", "TEXT", "a short note" },
    { "--conversation", "ID", "the conversation it was reviewed in, if any" },
    { 0 },
};

static const struct cli_opt views_add_opts[] = {
    { "--carer", "ID", "the parent or carer whose views these are" },
    { "--going-well", "TEXT", "what is going well" },
    { "--worries", "TEXT", "any worries" },
    { "--talk-about", "TEXT", "what they would like to talk about" },
    { "--date", "DATE", "when they gave them (default: today)" },
    { "--school", "URN", "the school, when the database holds several" },
    { 0 },
};

static const struct cli_opt views_list_opts[] = {
    { "--pending", NULL, "only views not yet taken up by a conversation" },
    { "--school", "URN", "the school, when the database holds several" },
    { "--json", NULL, "print one JSON document instead of text" },
    { 0 },
};

static const struct cli_opt contact_add_opts[] = {
    { "--method", "METHOD",
      "phone, text, email, letter, meeting, home-visit, school-gate or app-message" },
    { "--purpose", "PURPOSE",
      "celebration (or praise), progress, invitation, information, concern or support" },
    { "--date", "DATE", "when (default: today)" },
    { "--time", "HH:MM", "the time, if it helps" },
    { "--started-by", "WHO", "school (the default) or family" },
    { "--interpreter", NULL, "an interpreter was used" },
    { "--note", "TEXT", "a short note" },
    { "--carers", "IDS", "the carers it was with" },
    { "--staff", "EMAIL", "the member of staff" },
    { "--school", "URN", "the school, when the database holds several" },
    { 0 },
};

static const struct cli_opt contact_list_opts[] = {
    { "--since", "DATE", "only contacts on or after this date" },
    { "--limit", "N", "at most N contacts, newest first" },
    { "--school", "URN", "the school, when the database holds several" },
    { "--json", NULL, "print one JSON document instead of text" },
    { 0 },
};

static const struct cli_opt contact_prompts_opts[] = {
    { "--teacher", "EMAIL", "only this key teacher's pupils" },
    { "--whole-roll", NULL, "every pupil on roll, not only those in conversation scope" },
    { "--all", NULL, "every family's summary, not only those with a prompt" },
    { "--school", "URN", "the school, when the database holds several" },
    { "--json", NULL, "print one JSON document instead of text" },
    { 0 },
};

static const struct cli_opt report_conv_opts[] = {
    { "--year", "YYYY", "the school year (default: the current one)" },
    { "--school", "URN", "the school, when the database holds several" },
    { "--json", NULL, "print one JSON document instead of text" },
    { "--xlsx", "FILE", "write the same as a spreadsheet (.xlsx) instead" },
    { 0 },
};

static const struct cli_opt template_show_opts[] = {
    { "--definition", NULL, "print the template's definition (to copy and adapt)" },
    { "--school", "URN", "the school, when the database holds several" },
    { "--json", NULL, "print one JSON document instead of text" },
    { 0 },
};

static const struct cli_opt programme_start_opts[] = {
    { "--start", "DATE", "the first session (Story Links: the first meeting)" },
    { "--name", "NAME", "what to call this cohort (default: the programme's name)" },
    { "--tier", "TIER", "universal, selected or indicated (default: the template's)" },
    { "--sessions", "N", "weekly sessions (default: the template's)" },
    { "--minutes", "N", "the length of a session (default: the template's)" },
    { "--complete-at", "N", "sessions attended to complete (default: the template's)" },
    { "--time", "HH:MM", "when sessions start, for the invitation" },
    { "--venue", "TEXT", "where, for the invitation" },
    { "--outcomes", "LIST", "the outcomes it targets, with commas (default: the template's)" },
    { "--evidence", "RATING", "strong, moderate, promising or limited" },
    { "--evidence-ref", "TEXT", "where the evidence comes from" },
    { "--staff-hours", "HOURS", "staff hours for each session, for the costs" },
    { "--rate", "POUNDS", "the hourly rate of staff time" },
    { "--review", "DATE", "when to review it" },
    { "--school", "URN", "the school, when the database holds several" },
    { 0 },
};

static const struct cli_opt programme_team_opts[] = {
    { "--role", "ROLE", "their role, a code from the template (see `meso template show`)" },
    { "--staff", "EMAIL", "a member of staff, by email" },
    { "--name", "NAME", "someone who is not staff (a parent or community partner)" },
    { "--remove", "MEMBER", "take the team member with this number off the team" },
    { "--school", "URN", "the school, when the database holds several" },
    { 0 },
};

static const struct cli_opt programme_enrol_opts[] = {
    { "--consent", "STATUS", "not-requested, awaiting, given or declined" },
    { "--consent-date", "DATE", "when consent was given or declined (default: today)" },
    { "--carer", "ID", "the parent or carer taking part (default: the first contact)" },
    { "--hub", "N", "the hub (table group) the family is in; 0 for none" },
    { "--date", "DATE", "when they were enrolled (default: today)" },
    { "--left", "DATE", "the family stopped taking part on this day" },
    { "--reason", "TEXT", "with --left: why, in a few words" },
    { "--school", "URN", "the school, when the database holds several" },
    { 0 },
};

static const struct cli_opt programme_session_opts[] = {
    { "--attended", "UPNS", "pupils who came with a parent, with commas" },
    { "--child-only", "UPNS", "pupils who came without a parent" },
    { "--parent-only", "UPNS", "pupils whose parent came without them" },
    { "--nobody", NULL, "nobody came (with the others: everyone not listed did not come)" },
    { "--hub", "N", "record one hub: families of other hubs are left as they were" },
    { "--checklist", "ITEMS", "the agenda items done: numbers with commas, all or none" },
    { "--notes", "TEXT", "notes on the session" },
    { "--status", "STATUS", "held, cancelled or planned" },
    { "--date", "DATE", "move the session to this day" },
    { "--school", "URN", "the school, when the database holds several" },
    { 0 },
};

static const struct cli_opt programme_followon_opts[] = {
    { "--date", "DATE", "the day of the meeting (default: today)" },
    { "--notes", "TEXT", "notes on the meeting" },
    { "--school", "URN", "the school, when the database holds several" },
    { 0 },
};

static const struct cli_opt programme_cost_opts[] = {
    { "--what", "TEXT", "what it is for (\"training\", \"family meal\")" },
    { "--amount", "POUNDS", "how much" },
    { "--per-session", NULL, "the amount is for each session held" },
    { "--school", "URN", "the school, when the database holds several" },
    { 0 },
};

static const struct cli_opt programme_quote_opts[] = {
    { "--who", "WHO", "parent, child, staff or partner" },
    { "--text", "TEXT", "what they said" },
    { "--as", "NAME", "how to name them in the report (\"a parent\", \"John's mum\")" },
    { "--consent", "DATE", "the day they agreed to be quoted (required)" },
    { "--school", "URN", "the school, when the database holds several" },
    { 0 },
};

static const struct cli_opt programme_letter_opts[] = {
    { "--out", "FILE.pdf", "where to write the letter (- for standard output)" },
    { "--signed", "NAME", "who signs it (default: the first member of staff on the team)" },
    { "--school", "URN", "the school, when the database holds several" },
    { 0 },
};

static const struct cli_opt story_add_opts[] = {
    { "--title", "TEXT", "the story's title" },
    { "--coauthors", "TEXT", "who wrote it together (\"Mrs Price, Jayden, Mum, Mr Ali\")" },
    { "--text", "TEXT", "the story (blank lines between paragraphs)" },
    { "--file", "FILE.txt", "or read the story from a plain-text file" },
    { "--reading-level", "TEXT", "notes on its reading level" },
    { "--upn", "UPN", "the pupil, when the programme has more than one" },
    { "--school", "URN", "the school, when the database holds several" },
    { 0 },
};

static const struct cli_opt story_list_opts[] = {
    { "--upn", "UPN", "the pupil, when the programme has more than one" },
    { "--school", "URN", "the school, when the database holds several" },
    { "--json", NULL, "print one JSON document instead of text" },
    { 0 },
};

static const struct cli_opt story_booklet_opts[] = {
    { "--out", "FILE.pdf", "where to write the booklet (- for standard output)" },
    { "--upn", "UPN", "the pupil, when the programme has more than one" },
    { "--school", "URN", "the school, when the database holds several" },
    { 0 },
};

static const struct cli_opt reading_add_opts[] = {
    { "--date", "DATE", "the day (default: today)" },
    { "--minutes", "N", "how long (default 20)" },
    { "--staff", "EMAIL", "who read with the child" },
    { "--notes", "TEXT", "a short note" },
    { "--upn", "UPN", "the pupil, when the programme has more than one" },
    { "--school", "URN", "the school, when the database holds several" },
    { 0 },
};

static const struct cli_opt report_programme_opts[] = {
    { "--json", NULL, "print one JSON document instead of text" },
    { "--pdf", "FILE.pdf",
      "also write the report as a PDF for governors and partners: it names no child (- for "
      "standard output)" },
    { "--families-pdf", "FILE.pdf",
      "also write each family's attendance by name as a PDF, for staff only" },
    { "--outcomes", "FILE.csv", "scores before and after, one row per pupil: upn,pre,post" },
    { "--instrument", "KEY", "with --score: the measure (default: the programme's)" },
    { "--score", "NAME", "with --instrument: the score (total, emotional, ...)" },
    { "--rci-sd", "SD", "with --rci-r: the SD for reliable change" },
    { "--rci-r", "R", "with --rci-sd: the measure's test-retest reliability" },
    { "--school", "URN", "the school, when the database holds several" },
    { 0 },
};

/* The provision map (cli/cmd_provmap.c). */
static const struct cli_opt provision_add_opts[] = {
    { "--tier", "TIER", "universal, selected or indicated" },
    { "--outcomes", "LIST", "the outcomes it targets, with commas (emotional, conduct, ...)" },
    { "--evidence", "RATING", "strong, moderate, promising or limited" },
    { "--evidence-ref", "TEXT", "where the evidence comes from" },
    { "--description", "TEXT", "what it is, in a sentence" },
    { "--sessions", "N", "the sessions planned" },
    { "--minutes", "N", "the length of a session" },
    { "--staff-hours", "HOURS", "staff hours for each session, for the costs" },
    { "--rate", "POUNDS", "the hourly rate of staff time" },
    { "--other-cost", "POUNDS", "other costs, once (materials, training)" },
    { "--start", "DATE", "when it starts (default: today)" },
    { "--end", "DATE", "when it ends (none: ongoing)" },
    { "--review", "DATE", "when pupils' outcomes in it are reviewed" },
    { "--components", "LIST", "framework components it serves, like afa/wider-outcomes" },
    { "--school", "URN", "the school, when the database holds several" },
    { 0 },
};

static const struct cli_opt provision_enrol_opts[] = {
    { "--consent", "STATUS", "not-requested, awaiting, given or declined" },
    { "--consent-date", "DATE", "when consent was given or declined (default: today)" },
    { "--date", "DATE", "when they were enrolled (default: today)" },
    { "--left", "DATE", "the pupil stopped taking part on this day" },
    { "--reason", "TEXT", "with --left: why, in a few words" },
    { "--school", "URN", "the school, when the database holds several" },
    { 0 },
};

static const struct cli_opt review_add_opts[] = {
    { "--score", "N", "-2 much less than expected, -1, 0 as expected, +1, +2 much more" },
    { "--note", "TEXT", "what was seen, in a sentence or two" },
    { "--reviewer", "EMAIL", "the member of staff who reviewed it (default: you)" },
    { "--date", "DATE", "the day of the review (default: today)" },
    { "--school", "URN", "the school, when the database holds several" },
    { 0 },
};

static const struct cli_opt as_of_json_opts[] = {
    { "--as-of", "DATE", "the day to look from (default: today)" },
    { "--school", "URN", "the school, when the database holds several" },
    { "--json", NULL, "print one JSON document instead of text" },
    { 0 },
};

static const struct cli_opt report_provision_opts[] = {
    { "--as-of", "DATE", "the day to look from (default: today)" },
    { "--school", "URN", "the school, when the database holds several" },
    { "--json", NULL, "print one JSON document instead of text" },
    { "--xlsx", "FILE", "write the same as a spreadsheet (.xlsx) instead" },
    { "--pdf", "FILE.pdf", "write the map as a PDF, with its pictures (- for standard output)" },
    { "--png", "FILE.png", "write the pictures as one PNG, for slides (- for standard output)" },
    { 0 },
};

static const struct cli_opt pupils_provision_opts[] = {
    { "--as-of", "DATE", "the day to look from (default: today)" },
    { "--school", "URN", "the school, when the database holds several" },
    { "--json", NULL, "print one JSON document instead of text" },
    { "--pdf", "FILE.pdf",
      "write the record as a PDF, for a transfer or an EHC needs assessment "
      "request (- for standard output)" },
    { 0 },
};

static const struct cli_opt involvement_add_opts[] = {
    { "--service", "SERVICE",
      "educational_psychology, camhs, social_care, speech_language_therapy, early_help or other" },
    { "--referred", "DATE", "the day of the referral" },
    { "--asked", "TEXT", "what the school asked the service" },
    { "--team", "TEXT", "the team or person, when it helps" },
    { "--school", "URN", "the school, when the database holds several" },
    { 0 },
};

static const struct cli_opt involvement_update_opts[] = {
    { "--status", "STATUS", "referred, accepted, seen, advice-received, closed or declined" },
    { "--date", "DATE", "the day the status changed (default: today)" },
    { "--advice", "TEXT", "the advice received" },
    { "--advice-date", "DATE", "the day the advice came (default: today)" },
    { "--school", "URN", "the school, when the database holds several" },
    { 0 },
};

static const struct cli_opt demo_opts[] = {
    { "--seed", "N", "the random seed: the same seed gives the same school (default 1)" },
    { "--pupils", "N", "about how many pupils (default 420)" },
    { "--schools", "N",
      "a local authority of N schools of varied size and practice instead of one school" },
    { "--la", "CODE", "the local authority's three-digit code, with --schools (default 999)" },
    { 0 },
};

static const struct cli_opt backup_opts[] = {
    { "--key-file", "KEY", "encrypt the backup with this key file" },
    { "--new-key", "KEY", "make a new key file (and no backup)" },
    { "--pause", "MS", "pause between steps, to leave the disk to the server (default 0)" },
    { 0 },
};

static const struct cli_opt restore_opts[] = {
    { "--key-file", "KEY", "the key file an encrypted backup was made with" },
    { 0 },
};

static const struct cli_opt export_ctf_opts[] = {
    { "--to", "URN", "the next school's 6-digit URN (required)" },
    { "--out", "FILE.xml", "where to write the file (- for standard output; required)" },
    { "--school", "URN", "the school, when the database holds several" },
    { 0 },
};

static const struct cli_opt retention_review_opts[] = {
    { "--as-of", "DATE", "the day to look from (default: today)" },
    { "--school", "URN", "the school, when the database holds several" },
    { "--json", NULL, "print one JSON document instead of text" },
    { 0 },
};

static const struct cli_opt erase_opts[] = {
    { "--reason", "TEXT", "why, in a few words, without names (required)" },
    { "--school", "URN", "the school, when the database holds several" },
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
    { "--header-timeout", "SECONDS",
      "close a connection whose request header has not all arrived this long after it opened "
      "or after its last answer (default 10)" },
    { "--max-per-address", "N",
      "connections open at once from one address (default 256; 0: no limit, behind a proxy)" },
    { "--max-connections", "N", "connections open at once in all (default 4096)" },
    { "--audit-window", "MS",
      "commit the audit rows of page views within this many milliseconds (default 50)" },
    { "--backup-dir", "DIR", "take a backup into DIR every day (see `meso help backup`)" },
    { "--backup-keep", "N", "with --backup-dir: keep the newest N backups (default 14)" },
    { "--backup-key-file", "KEY", "with --backup-dir: encrypt the backups with this key file" },
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

/* A subject access request (cli/cmd_sar.c, docs/sar.md). */
static const struct cli_opt sar_redact_opts[] = {
    { "--path", "PATH",
      "where in the export: a path as sar.json's \"redactions\" and the review "
      "page name them, such as conversations/#12/concerns (required)" },
    { "--passage", "TEXT", "only these words (default: the whole value or record)" },
    { "--reason", "TEXT", "why, without names (required)" },
    { "--school", "URN", "the school, when the database holds several" },
    { 0 },
};
static const struct cli_opt sar_opts[] = {
    { "--out", "DIR", "the folder to write sar.json and sar.pdf into (made if missing)" },
    { "--carer", "ID", "also this carer's own records, when a carer made the request" },
    { "--school", "URN", "the school, when the database holds several" },
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

static const struct cli_opt db_copy_opts[] = {
    { "--school", "URN", "copy only this school's records (into a new SQLite file)" },
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
    { "user unlock-2fa", user_unlock_2fa_cmd, "EMAIL", 1, 1,
      "unlock two-step sign-in after too many wrong codes",
      "After 5 wrong codes in a row the second step is locked for a day. Unlocking keeps the "
      "authenticator; the holder is told of the wrong codes at their next sign-in.",
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
    { "export ctf", export_ctf_cmd, "UPN...", 1, 50,
      "write a Common Transfer File for pupils moving to another school",
      "The DfE's XML for sending a pupil's record on: the header (this school and the next), "
      "basic details, SEN history with need types, FSM periods, and contacts with parental "
      "responsibility (docs/ctf.md).",
      export_ctf_opts, CLI_DB },
    { "import ctf", import_ctf_cmd, "FILE.xml", 1, 1, "read a Common Transfer File",
      "New pupils are added with their SEN history, FSM periods and carers; pupils already "
      "held are matched by UPN and updated. Every problem is reported with its element path "
      "(FILE: /CTfile/CTFpupilData/Pupil[1]/UPN: ...), and nothing is imported unless the "
      "whole file is right. Elements meso does not hold are listed and left.",
      school_opt, CLI_DB },
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
    /* Evaluation (cli/cmd_evaluate.c, docs/evaluation.md). */
    { "evaluate fit", evaluate_fit_cmd, "", 0, 0,
      "fit a linear mixed model to a CSV file, as lme4's lmer() does",
      "Text columns are factors (levels sorted, the first the reference, as R's treatment "
      "contrasts); empty cells and NA are missing, and a row with a missing value in a column the "
      "model uses is left out. Random effects may be nested up to three levels ((1 | la/school)) "
      "with correlated slopes; crossed designs are refused. Fits by REML unless --ml. Exit status "
      "2 for bad input (a column not in the file, text in a number column, collinear fixed "
      "effects, a grouping column with one level, a formula that does not parse). A fit that does "
      "not converge is printed with \"converged\": false and a warning. See docs/evaluation.md.",
      evaluate_fit_opts, 0 },
    { "evaluate implementation", evaluate_implementation_cmd, "", 0, 0,
      "relate how the conversations were held to how the pupils did, in a multilevel model",
      "One row per pupil in scope: an outcome and its baseline, FSM, SEN, EAL, year group and "
      "sex, and the key teacher's mean fidelity, share of target reviews with a parent, range of "
      "methods used to tell families about progress and share of pupils with two or more "
      "conversations. Fits a random intercept per key teacher and reports each indicator's "
      "association with a 95% confidence interval and an EEF-style effect size (months of "
      "progress for attainment). Associations in observational data, not trial results; declines "
      "below 30 pupils or 6 key teachers; small counts suppressed. See docs/evaluation.md.",
      evaluate_impl_opts, CLI_DB },
    /* Across a local authority's schools (cli/cmd_la.c, docs/evaluation.md). */
    { "la evaluate", la_evaluate_cmd, "", 0, 0,
      "relate how the conversations were held to how pupils did, across an LA's schools",
      "The implementation analysis on the pseudonymised data of the local authority's schools "
      "whose leads agreed to share: pupils in key teachers in schools, with a random intercept "
      "for each school and each key teacher within it. Below 6 schools it falls back to school "
      "as a fixed effect (and says so); it declines below 30 pupils or 6 key teachers. "
      "Associations in observational data, not trial results; no school or key teacher named; "
      "counts under 5 suppressed. See docs/evaluation.md.",
      la_eval_opts, CLI_DB },
    { "la extract", la_extract_cmd, "", 0, 0,
      "write an LA's pseudonymised evaluation extract as CSV",
      "One row per pupil in scope in the LA's sharing schools: keyed pseudonyms for pupil, key "
      "teacher and school (the same in every extract of the LA; a secret kept in the database), "
      "the outcome and its baseline, FSM, SEN, EAL, year group, sex and the key teacher's "
      "implementation indicators. No names, UPNs, record numbers or dates of birth. Audited. "
      "Prints the lmer() call that re-runs the analysis.",
      la_extract_opts, CLI_DB },
    /* Wellbeing measures and outcomes (cli/cmd_measures.c, docs/measures.md). */
    { "import assessments", import_assessments_cmd, "FILE.csv", 0, 1,
      "import completed questionnaires (SDQ, Me and My Feelings, ...) from a CSV file",
      "One row per completed form, for whole-class screening: UPN, Date, Informant, optionally "
      "Measure (default sdq), and the responses by item number (Item 1 ... Item 25, or one "
      "Responses column), with the impact codes if collected. Each is scored and stored with the "
      "version of the definition that scored it. Same rules as the pupil import: every problem "
      "reported as FILE:LINE: COLUMN: reason, nothing written unless every row is valid (or "
      "--skip-invalid), importing again changes nothing.",
      measures_import_opts, 0 },
    { "import attainment", import_attainment_cmd, "FILE.csv", 0, 1,
      "import attainment (subject, term, score or level, target) from a CSV file", NULL,
      measures_import_opts, 0 },
    { "import attendance", import_attendance_cmd, "FILE.csv", 0, 1,
      "import attendance per term (a percentage, or possible and attended sessions)", NULL,
      measures_import_opts, 0 },
    { "import exclusions", import_exclusions_cmd, "FILE.csv", 0, 1,
      "import suspensions and permanent exclusions (category, sessions, reason codes)",
      "Categories and reason codes are the school census's, kept as data (see meso outcome "
      "codes; to verify).",
      measures_import_opts, 0 },
    { "import bullying", import_bullying_cmd, "FILE.csv", 0, 1,
      "import bullying incidents, each recorded against the child affected", NULL,
      measures_import_opts, 0 },
    { "import relationships", import_relationships_cmd, "FILE.csv", 0, 1,
      "import ratings of positive relationships (1 to 5, by teacher, parent or pupil)", NULL,
      measures_import_opts, 0 },
    { "assessment add", assessment_add_cmd, "UPN RESPONSES", 2, 2,
      "record one completed questionnaire for a pupil",
      "RESPONSES are the item codes by item number, comma-separated, empty when missing. The "
      "child's age on --date picks the SDQ form. The scores and bands are stored with the "
      "definition's version.",
      assessment_add_opts, CLI_DB },
    { "assessment list", assessment_list_cmd, "UPN", 1, 1,
      "list a pupil's questionnaires with their scores and bands", NULL, measures_school_json_opts,
      CLI_DB },
    { "assessment show", assessment_show_cmd, "ID", 1, 1,
      "show one questionnaire: responses by item number, scores and bands", NULL,
      measures_school_json_opts, CLI_DB },
    { "assessment change", assessment_change_cmd, "ID ID", 2, 2,
      "reliable change between two questionnaires of the same measure and informant",
      "The reliable change index (Jacobson and Truax) for each score, from the earlier to the "
      "later; |RCI| > 1.96 is reliable. It needs the test-retest reliability and SD of each "
      "score: meso ships none for the built-in measures, so set the school's with meso "
      "reliability set (a definition file's [reliability] section also counts).",
      measures_school_json_opts, CLI_DB },
    { "measure add", measure_add_cmd, "FILE", 1, 1,
      "add a school's own measure from a definition file",
      "The format is in docs/measures.md; a malformed file is reported as FILE:LINE: reason. A "
      "changed definition needs a new version; earlier versions are kept.",
      school_opt, CLI_DB },
    { "measure list", measure_list_cmd, "", 0, 0, "list the measures meso can record", NULL,
      measures_school_json_opts, CLI_DB },
    { "reliability set", reliability_set_cmd, "MEASURE SCORE", 2, 2,
      "set the test-retest reliability and SD a score's reliable change index uses",
      "For example: meso reliability set sdq-teacher-4-17 total --retest-r 0.8 --sd 5.9 --source "
      "\"our reference\". The source is required and shown with every result.",
      reliability_set_opts, CLI_DB },
    { "reliability list", reliability_list_cmd, "", 0, 0, "list the reliability figures set", NULL,
      measures_school_json_opts, CLI_DB },
    { "outcome list", outcome_list_cmd, "UPN", 1, 1,
      "list a pupil's attainment, attendance, exclusions, bullying and relationship ratings", NULL,
      measures_school_json_opts, CLI_DB },
    { "outcome codes", outcome_codes_cmd, "", 0, 0,
      "list exclusion categories and reason codes, and kinds of bullying", NULL, json_opt, CLI_DB },
    { "report screening", report_screening_cmd, "", 0, 0,
      "the screening summary for a year group or class",
      "For each score, how many children (and what share) are in each band, by each child's "
      "latest assessment in the school year; and the children in a high or very high band, for "
      "follow-up. The JSON keys are listed in docs/measures.md.",
      report_screening_opts, CLI_DB },
    { "term set", term_set_cmd, "", 0, 0, "set a school year's term dates",
      "Terms not set keep meso's usual dates for England (docs/calendar.md); a lead can also set "
      "them, with the holidays, on the school's page. Example: meso term set --year 2024 --autumn "
      "2024-09-04..2024-12-20 --spring 2025-01-06..2025-04-04 --summer 2025-04-22..2025-07-22",
      term_set_opts, CLI_DB },
    { "term list", term_list_cmd, "", 0, 0, "show a school year's terms and holidays", NULL,
      year_json_opts, CLI_DB },
    { "holiday add", holiday_add_cmd, "", 0, 0, "add a holiday or closure day",
      "Programme sessions are planned on school days only: weekends, holidays and the breaks "
      "between terms are skipped. A school year with no holiday of the school's own has meso's "
      "usual ones (half terms and the early May bank holiday).",
      holiday_add_opts, CLI_DB },
    { "scope add", scope_add_cmd, "UPN", 1, 1, "add a pupil to structured conversations",
      "Pupils with SEN support or an EHC plan are in scope already; add any other pupil whose "
      "family would benefit.",
      scope_change_opts, CLI_DB },
    { "scope remove", scope_remove_cmd, "UPN", 1, 1, "take a pupil out of structured conversations",
      NULL, scope_change_opts, CLI_DB },
    { "scope list", scope_list_cmd, "", 0, 0,
      "list the pupils in scope, with their planned conversations",
      "Each planned conversation shows as held, due (this term), overdue (its term has ended) or "
      "upcoming. A + in the SEN column marks a pupil a lead added.",
      scope_list_opts, CLI_DB },
    { "scope plan", scope_plan_cmd, "UPN", 1, 1, "plan a pupil's conversations for a school year",
      "The default is three, one each term. --conversations 2 spreads two over autumn and "
      "spring; --terms autumn,autumn,spring,summer names each one's term.",
      scope_plan_opts, CLI_DB },
    { "agreement set", agreement_set_cmd, "UPN", 1, 1,
      "record the agreement with a pupil's family, or a review of it",
      "At the first conversation, agree with the family what the conversations are for and what "
      "you all hope will come of them. Running it again records a review as a new version; "
      "earlier versions are kept. A review keeps the purpose and outcomes unless new ones are "
      "given.",
      agreement_set_opts, CLI_DB },
    { "agreement show", agreement_show_cmd, "UPN", 1, 1,
      "show the agreement with a pupil's family and its history", NULL, school_json_opts, CLI_DB },
    { "conversation add", conversation_add_cmd, "UPN", 1, 1,
      "record a structured conversation with a pupil's family",
      "Give the four stages as options or as 'key: value' lines on standard input with --stdin "
      "(keys: date, status, way, did not come, teacher, carers, invited, pupil present, others, "
      "going well, family views note, "
      "concerns, hopes, priorities, focus, agreed together, target, summary, next steps, next "
      "meeting, keep in touch, pupil views, views not sought, shared on, shared how; a line "
      "starting with a space continues the one before; # starts a comment). Stages are recorded "
      "in the order given, so start with the parent's account. A target is WHAT | OWNER | HOW WE "
      "WILL KNOW | REVIEW DATE, with OWNER school, parent or pupil. Views the family gave "
      "beforehand (meso views add) open the conversation. A conversation counts as held only when "
      "a parent or carer took part (in person, by phone or by video). A complete record needs "
      "the carer who took part, at least one agreed target, and the family's views or a note of "
      "why not; without --status, a record short of that is saved as a draft. With "
      "--did-not-come the meeting is kept as arranged and the family did not come: it is "
      "counted apart, never as held. Prints the fidelity checklist's gaps.",
      conversation_form_opts, CLI_DB },
    { "conversation update", conversation_update_cmd, "ID", 1, 1,
      "add to or change a conversation record",
      "Takes the same fields as conversation add; fields not given are kept, targets given are "
      "added. A stage recorded for the first time is stamped after those already recorded.",
      conversation_form_opts, CLI_DB },
    { "conversation list", conversation_list_cmd, "[UPN]", 0, 1,
      "list conversations, newest first, with their fidelity", NULL, conversation_list_opts,
      CLI_DB },
    { "conversation show", conversation_show_cmd, "ID", 1, 1,
      "show a conversation: its four stages, targets, the family's views and the fidelity "
      "checklist",
      NULL, json_opt, CLI_DB },
    { "conversation share", conversation_share_cmd, "ID", 1, 1,
      "record that the record of a conversation was given to the family", NULL,
      conversation_share_opts, CLI_DB },
    { "conversation due", conversation_due_cmd, "", 0, 0,
      "what needs doing: conversations due and overdue, records to share, families to contact",
      "With --teacher, that key teacher's pupils; without, the whole school.", due_opts, CLI_DB },
    { "target review", target_review_cmd, "ID", 1, 1, "review a target agreed in a conversation",
      "Each review is kept: the target's history shows every status it has had, when, and whether "
      "the family took part.",
      target_review_opts, CLI_DB },
    { "target list", target_list_cmd, "UPN", 1, 1, "list a pupil's targets and their reviews", NULL,
      school_json_opts, CLI_DB },
    { "views add", views_add_cmd, "UPN", 1, 1,
      "record a parent's or carer's own views before the next conversation",
      "What is going well, any worries, and what they would like to talk about. They open the "
      "next conversation's Explore stage.",
      views_add_opts, CLI_DB },
    { "views list", views_list_cmd, "UPN", 1, 1, "list the views a pupil's family has shared", NULL,
      views_list_opts, CLI_DB },
    { "contact add", contact_add_cmd, "UPN", 1, 1, "log a contact with a pupil's family",
      "Only --method and --purpose are needed; the date defaults to today. A good day is a good "
      "reason to get in touch.",
      contact_add_opts, CLI_DB },
    { "contact list", contact_list_cmd, "[UPN]", 0, 1, "list contacts with families, newest first",
      NULL, contact_list_opts, CLI_DB },
    { "contact prompts", contact_prompts_cmd, "", 0, 0,
      "suggest which families to get in touch with, and why",
      "A gentle prompt when the last three contacts with a family were all about a concern, and "
      "when there has been no contact for six weeks. Also counts each family's contacts in the "
      "last 4 and 12 weeks, the share that were positive and the methods used.",
      contact_prompts_opts, CLI_DB },
    { "report conversations", report_conversations_cmd, "", 0, 0,
      "the structured conversations report for a school year",
      "Pupils in scope with 0, 1, 2 and 3 or more complete conversations, mean fidelity, how "
      "often parents took part in target reviews, the share of positive contacts and the range "
      "of contact methods, for the school and per key teacher (see docs/conversations.md).",
      report_conv_opts, CLI_DB },
    { "template list", template_list_cmd, "", 0, 0, "list the programme templates",
      "FAST, Story Links and two generic ones are built in; a school adds its own with `meso "
      "template add`.",
      school_json_opts, CLI_DB },
    { "template show", template_show_cmd, "KEY", 1, 1,
      "show a programme template: sessions, agenda (the fidelity checklist), team roles, rules",
      "--definition prints it in the template format, to copy and adapt (docs/programmes.md).",
      template_show_opts, CLI_DB },
    { "template add", template_add_cmd, "FILE", 1, 1, "add a school's own programme template",
      "FILE is a template definition (format in docs/programmes.md); a malformed one is "
      "reported as FILE:LINE: reason. A template is never changed once added: give a changed "
      "programme a new key.",
      school_opt, CLI_DB },
    { "programme start", programme_start_cmd, "TEMPLATE", 1, 1,
      "start a programme cohort from a template, with its sessions scheduled",
      "Sessions are weekly from --start on school days only (weekends, holidays and the breaks "
      "between terms are skipped; a --start that is not a school day moves to the next one); "
      "Story Links starts with a first meeting and its ten sessions follow from the next week. "
      "Prints the dates and what the team still needs.",
      programme_start_opts, CLI_DB },
    { "programme list", programme_list_cmd, "", 0, 0, "list the programme cohorts, with their ids",
      NULL, school_json_opts, CLI_DB },
    { "programme show", programme_show_cmd, "ID", 1, 1,
      "show a programme: team, families with their dosage, sessions and warnings",
      "--xlsx writes its attendance register (a row for each family, a column for each session "
      "held) and the rest as a spreadsheet.",
      programme_show_opts, CLI_DB },
    { "programme team", programme_team_cmd, "ID", 1, 1, "add someone to a programme's team",
      "A warning shows when the team breaks the template's rules, for example FAST without a "
      "parent partner.",
      programme_team_opts, CLI_DB },
    { "programme enrol", programme_enrol_cmd, "ID UPN", 2, 2,
      "enrol a pupil (and their family), or change their consent, hub or leaving",
      "Running it again for the same pupil changes their enrolment. Attendance is recorded only "
      "for families whose consent is given.",
      programme_enrol_opts, CLI_DB },
    { "programme session", programme_session_cmd, "ID SESSION", 2, 2,
      "record a session: who came, its checklist, notes; or move or cancel it",
      "SESSION is the session's number, commitment (Story Links' first meeting) or followon-N. "
      "Families listed with --attended came with a parent; the other families with consent (in "
      "--hub, when given) are recorded as not there.",
      programme_session_opts, CLI_DB },
    { "programme followon", programme_followon_cmd, "ID", 1, 1,
      "log a follow-on meeting (FASTworks, monthly after graduating)", NULL,
      programme_followon_opts, CLI_DB },
    { "programme cost", programme_cost_cmd, "ID", 1, 1,
      "add a cost other than staff time (one-off, or per session)", NULL, programme_cost_opts,
      CLI_DB },
    { "programme quote", programme_quote_cmd, "ID", 1, 1,
      "keep what a parent, child or member of staff said, with their consent", NULL,
      programme_quote_opts, CLI_DB },
    { "programme letter", programme_letter_cmd, "ID UPN", 2, 2,
      "print a family's invitation letter (PDF)",
      "Written in positive terms: it invites the family to come (for Story Links, to help with "
      "their child's reading) and lists the dates.",
      programme_letter_opts, CLI_DB },
    { "story add", story_add_cmd, "ID SESSION", 2, 2, "save the story written in a session",
      "For programmes with stories (Story Links). Saving again for the same session replaces "
      "it.",
      story_add_opts, CLI_DB },
    { "story list", story_list_cmd, "ID", 1, 1, "list a child's stories in a programme", NULL,
      story_list_opts, CLI_DB },
    { "story booklet", story_booklet_cmd, "ID", 1, 1,
      "print a child's stories together as a booklet (PDF)", NULL, story_booklet_opts, CLI_DB },
    { "reading add", reading_add_cmd, "ID", 1, 1,
      "log a follow-up reading session with a teaching assistant",
      "Story Links asks for two of 20 minutes a week.", reading_add_opts, CLI_DB },
    { "report programme", report_programme_cmd, "ID", 1, 1, "the programme report",
      "Recruitment and retention, reach, attendance by session, graduation or completion, "
      "fidelity, before-and-after measures (mean change, Hedges' g with its 95% CI, reliable "
      "change) and quotes (see docs/programmes.md). Each effect size is said in words: which "
      "way and how far scores moved, that there was no comparison group, and the reliability "
      "figures used with their source. Scores come from the stored assessments unless "
      "--outcomes gives them.",
      report_programme_opts, CLI_DB },
    { "framework list", framework_list_cmd, "", 0, 0,
      "list the frameworks provision maps onto, with their components",
      "Achievement for All (afa), KidsMatter (kidsmatter) and TaMHS (tamhs) are built in; a "
      "school adds its own with `meso framework add`. Those the school has chosen are marked.",
      school_json_opts, CLI_DB },
    { "framework add", framework_add_cmd, "FILE", 1, 1, "add a school's own framework",
      "FILE is a framework file (format in docs/provision-map.md); a malformed one is reported "
      "as FILE:LINE: reason.",
      school_opt, CLI_DB },
    { "framework choose", framework_choose_cmd, "KEY...", 1, 20,
      "choose the frameworks the school maps its provision onto",
      "Replaces the school's choice. The provision map shows each chosen framework's "
      "components, with those that no current provision serves as gaps.",
      school_opt, CLI_DB },
    { "provision add", provision_add_cmd, "NAME", 1, 1,
      "add a provision that is not run from a programme template",
      "A curriculum, a whole-school approach, a group or one-to-one support: its tier, the "
      "outcomes it targets, its evidence, sessions, staff time and costs, and its dates. "
      "Nothing is written when anything is wrong (exit 2).",
      provision_add_opts, CLI_DB },
    { "provision list", provision_list_cmd, "", 0, 0,
      "list every provision (programme cohorts too), with ids and components", NULL,
      school_json_opts, CLI_DB },
    { "provision map", provision_map_cmd, "ID COMPONENT...", 2, 50,
      "map a provision onto framework components (FRAMEWORK/COMPONENT)",
      "Replaces the provision's components in the frameworks named, like afa/wider-outcomes "
      "tamhs/child (see `meso framework list`).",
      school_opt, CLI_DB },
    { "provision enrol", provision_enrol_cmd, "ID UPN", 2, 2,
      "enrol a pupil in any provision, or change their consent or leaving",
      "For programme cohorts, `meso programme enrol` also chooses the family's parent and hub.",
      provision_enrol_opts, CLI_DB },
    { "review add", review_add_cmd, "PROVISION UPN", 2, 2,
      "review a pupil's outcome in a provision, from -2 to +2",
      "-2 much less than expected, -1 less, 0 as expected, +1 more, +2 much more than expected. "
      "The pupil must be enrolled with consent given.",
      review_add_opts, CLI_DB },
    { "review due", review_due_cmd, "", 0, 0, "the reviews due in the next 14 days, and overdue",
      "A pupil's review is due on the provision's review date (or its end, when earlier); one "
      "on or after 28 days before counts (docs/provision-map.md).",
      as_of_json_opts, CLI_DB },
    { "involvement add", involvement_add_cmd, "UPN", 1, 1,
      "record a referral to a service outside the school", NULL, involvement_add_opts, CLI_DB },
    { "involvement update", involvement_update_cmd, "ID", 1, 1,
      "change an involvement's status, or record the advice received", NULL,
      involvement_update_opts, CLI_DB },
    { "involvement list", involvement_list_cmd, "[UPN]", 0, 1,
      "list external involvements, with the days taken and the local timescale",
      "Those waiting longer than the school's timescale for the service are marked.",
      as_of_json_opts, CLI_DB },
    { "involvement timescale", involvement_timescale_cmd, "[SERVICE DAYS]", 0, 2,
      "show, or set, the school's timescale for a service, in days",
      "The days within which the school expects advice after a referral, as agreed locally. "
      "meso starts from its own defaults: set yours.",
      school_opt, CLI_DB },
    { "report provision", report_provision_cmd, "", 0, 0,
      "the provision map: tiers, framework components and gaps, evidence, costs, overload, unmet "
      "need",
      "See docs/provision-map.md for each definition and the JSON keys.", report_provision_opts,
      CLI_DB },
    { "report reviews", report_reviews_cmd, "", 0, 0,
      "review outcomes per provision (the latest review of each pupil)", NULL, as_of_json_opts,
      CLI_DB },
    { "pupils provision", pupils_provision_cmd, "UPN", 1, 1,
      "every provision a pupil has had: dates, tier, dosage, reviews, and involvements",
      "The record for a transfer to another school or an EHC needs assessment request.",
      pupils_provision_opts, CLI_DB },
    /* Retention and erasure (cli/cmd_retention.c, docs/retention.md). */
    { "retention list", retention_list_cmd, "", 0, 0,
      "list how long each kind of record is kept after a pupil leaves",
      "meso's defaults follow the IRMS toolkit for schools where it gives a period, with the "
      "source of each; those marked unsure are our best reading, to check with your data "
      "protection officer. A school's own period (meso retention set) wins.",
      school_json_opts, CLI_DB },
    { "retention set", retention_set_cmd, "KIND YEARS", 2, 2,
      "set the school's own retention period for a kind of record",
      "KIND as listed by meso retention list; YEARS from 0 to 100.", school_opt, CLI_DB },
    { "retention review", retention_review_cmd, "", 0, 0,
      "list the leavers whose records are past their retention period",
      "Each leaver with any kind of record past its period, the kinds past, and the day the "
      "whole record is past. Those whose whole record is past come first: erase them with "
      "meso erase pupil.",
      retention_review_opts, CLI_DB },
    { "erase pupil", erase_pupil_cmd, "UPN", 1, 1, "erase a leaver's personal data, for good",
      "Removes the pupil's names, UPN, day of birth, and every word written about them (notes, "
      "conversations, targets, views, contacts, stories, uploaded files that list them), and "
      "the details of carers linked to them alone. Keeps what the school's anonymous figures "
      "need: year group, SEN history, dates, scores and provision. The audit trail records "
      "what was erased, when, by whom and why, but never what the record said. Only a pupil "
      "who has left can be erased. Backups taken before keep the old record until they are "
      "deleted (docs/retention.md).",
      erase_opts, CLI_DB },
    { "erase carer", erase_carer_cmd, "ID", 1, 1,
      "erase a parent's or carer's personal data, for good",
      "Removes their names, contact details, the views they gave and their parent account's "
      "email. Refused while they are linked to a pupil on roll.",
      erase_opts, CLI_DB },
    { "demo", demo_cmd, "", 0, 0, "fill the database with a synthetic demo school",
      "Generates a realistic primary school (Reception to Year 6) with made-up pupils, carers and "
      "staff. No real person's data is used. Refuses to touch a database that already has "
      "pupils. With --schools N, a local authority of N such schools (one to three forms of "
      "entry; some strong on structured conversations and some weak, some running FAST, each "
      "with gaps on its provision map), the same for the same seed.",
      demo_opts, 0 },
    { "serve", serve_cmd, "", 0, 0, "run the web server",
      "Serves the web pages and the JSON API until stopped with Ctrl-C (SIGINT) or SIGTERM, "
      "finishing requests under way first. The access log never holds query strings, "
      "passwords, tokens or names. A new database (or one with no sign-in account yet) is "
      "made and served in setup mode: meso prints a one-time link to set up the school and "
      "its first lead in the browser.",
      serve_opts, 0 },
    { "audit", audit_cmd, "", 0, 0, "read the audit trail, newest first",
      "Every view and change of a child's or family's record, by anyone, through any door (web, "
      "API or command line), is in the audit trail. meso offers no way to change or delete it.",
      audit_opts, CLI_DB },
    { "sar", sar_cmd, "UPN", 1, 1,
      "everything held about a child, for a subject access request, as a PDF and JSON",
      "Writes DIR/sar.json and DIR/sar.pdf: the register entries, every conversation (shared "
      "or not) and target, contacts, measures, provision, programme records and stories, and "
      "the audit trail of who viewed or changed the record. Making it is audited. What a lead "
      "has redacted (`meso sar redact`, or the review page) reads \"[redacted]\", and the "
      "export lists what was held back, why and by whom (docs/sar.md).",
      sar_opts, CLI_DB },
    { "sar redact", sar_redact_cmd, "UPN", 1, 1,
      "hold back another person's details from a child's subject access export",
      "Records a redaction: the value at --path (or only the words --passage in it) reads "
      "\"[redacted]\" in every later export, which lists it with the reason and who chose it. "
      "The audit trail records where, how many characters and why, never the words "
      "(docs/sar.md).",
      sar_redact_opts, CLI_DB },
    { "backup", backup_cmd, "FILE", 0, 1,
      "copy the database into a backup file, safely while it is in use",
      "Takes a consistent copy while meso serves and writes, without stopping anyone (SQLite's "
      "online backup, in steps). The copy is written under a temporary name and renamed when "
      "complete, so a backup that is stopped half-way never leaves a file called FILE. It never "
      "writes over a file. With --key-file it is encrypted (XChaCha20-Poly1305): nothing in it "
      "is readable, and it cannot be restored, without the key. Make a key with --new-key KEY "
      "and keep a copy apart from the backups. For daily backups, see `meso serve "
      "--backup-dir`. PostgreSQL databases are backed up with pg_dump or pg_basebackup instead "
      "(docs/backup.md).",
      backup_opts, 0 },
    { "restore", restore_cmd, "FILE", 1, 1, "restore a backup into a new or empty database",
      "Checks the backup first (a meso database, a schema this meso knows, and the checks of "
      "`meso check`), then puts it in place of --db. It never writes over a database that is in "
      "use or holds any school, staff, pupil, carer or account: restore into a new file, then "
      "point meso at it. An encrypted backup needs its key file (asked for on a terminal).",
      restore_opts, 0 },
    { "check", check_cmd, "", 0, 0, "check the database's integrity and print a summary",
      "Exit status 0 when healthy, 3 when a problem is found. Warnings do not fail.", json_opt,
      CLI_DB },
    { "db copy", db_copy_cmd, "FROM TO", 2, 2,
      "copy a whole database to a new one, SQLite or PostgreSQL, and verify it",
      "FROM and TO are each an SQLite file or a postgresql:// URI. FROM must be at this meso's "
      "schema version (`meso --db FROM init` brings it up to date). TO must be new or empty: a "
      "database holding anything but the rows a new database starts with is refused. Every "
      "table is copied, the audit trail included, in one transaction on TO; each table is then "
      "counted and checksummed on both sides, a table of the results is printed, and any "
      "difference undoes the whole copy (exit status 3). With --school, only that school's "
      "records are copied (a school leaving a shared service takes them with it): the school, "
      "the rows that name it or its pupils, staff, carers and the rest of what hangs off them, "
      "its part of the audit trail, the built-in frameworks and templates and every code list; "
      "nothing of another school, no account or audit entry that names no school, and no "
      "sign-in attempts.",
      db_copy_opts, 0 },
    { "help", help_cmd, "[COMMAND]", 0, 2, "show help for meso or one command", NULL, help_opts,
      0 },
    { "version", version_cmd, "", 0, 0, "print the version", NULL, NULL, 0 },
    { 0 },
};
