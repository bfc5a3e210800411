#include "cli/cmd_measures.h"

#include <errno.h>
#include <jansson.h>
#include <string.h>
#include <unistd.h>

#include "view/repr.h"
#include "view/repr_measures.h"
#include "cli/cmd_conv.h"
#include "cli/cmd_school.h"
#include "core/date.h"
#include "core/str.h"
#include "model/access/access.h"
#include "model/measures/assessment.h"
#include "model/register/audit.h"
#include "model/measures/measure.h"
#include "model/measures/measure_import.h"
#include "model/register/outcomes.h"
#include "model/register/pupil.h"
#include "model/register/school.h"
#include "model/calendar/schoolyear.h"
#include "model/measures/screening.h"
#include "model/register/staff.h"
#include "score/builtin.h"
#include "score/instrument_file.h"

const struct cli_opt measures_import_opts[] = {
    { "--school", "URN", "the school, when the database holds several" },
    { "--skip-invalid", NULL, "import the valid rows and report the others" },
    { "--dry-run", NULL, "check the file and report problems; write nothing" },
    { "--columns", NULL, "list the column names meso accepts, then stop" },
    { 0 },
};

const struct cli_opt assessment_add_opts[] = {
    { "--measure", "MEASURE",
      "sdq (the default: the form is picked by informant and age), mmf, "
      "or a key such as sdq-teacher-4-17 or one of the school's own" },
    { "--informant", "WHO", "who answered: parent, teacher or self" },
    { "--date", "DATE", "when the form was completed (default: today)" },
    { "--impact", "CODES", "the impact supplement's raw codes 0-3, comma-separated" },
    { "--completed-by", "NAME", "who completed it, when it helps (\"mother\", \"Mr Hall\")" },
    { "--school", "URN", "the school, when the database holds several" },
    { "--json", NULL, "print one JSON document instead of text" },
    { 0 },
};

const struct cli_opt measures_school_json_opts[] = {
    { "--school", "URN", "the school, when the database holds several" },
    { "--json", NULL, "print one JSON document instead of text" },
    { 0 },
};

const struct cli_opt reliability_set_opts[] = {
    { "--retest-r", "R", "the test-retest reliability, at least 0 and below 1" },
    { "--sd", "SD", "the standard deviation to use, above 0" },
    { "--source", "TEXT", "where the figures come from (required)" },
    { "--school", "URN", "the school, when the database holds several" },
    { 0 },
};

const struct cli_opt report_screening_opts[] = {
    { "--year-group", "N", "the year group (R, 1-14, N1, N2); required" },
    { "--informant", "WHO", "whose SDQs: teacher (the default), parent or self" },
    { "--measure", "KEY", "the measure by key instead (sdq-teacher-4-17, mmf, ...)" },
    { "--class", "EMAIL", "only this key teacher's pupils" },
    { "--scheme", "NAME",
      "the banding scheme (default: the measure's first, four_band for the SDQ)" },
    { "--year", "YYYY", "the school year (default: the current one)" },
    { "--school", "URN", "the school, when the database holds several" },
    { "--json", NULL, "print one JSON document instead of text" },
    { "--xlsx", "FILE", "write the same as a spreadsheet (.xlsx) instead" },
    { 0 },
};

/* ---- imports ------------------------------------------------------------- */

static int run_import(struct cli_ctx *ctx, const struct cli_args *a, enum measure_import_kind kind)
{
    const char *what = measure_import_kinds[kind];
    if (cli_flag(a, "--columns")) {
        fprintf(ctx->out, "Columns meso reads from a%s %s file (case and spaces do not matter):\n",
                kind == MI_ASSESSMENTS || kind == MI_ATTAINMENT || kind == MI_ATTENDANCE ||
                        kind == MI_EXCLUSIONS
                    ? "n"
                    : "",
                what);
        measure_import_columns_help(kind, ctx->out);
        return 0;
    }
    if (a->n_pos != 1)
        return err_set(&ctx->err, ERR_USAGE, "give the CSV file to import");
    if (access(a->pos[0], R_OK) != 0)
        return err_set(&ctx->err, ERR_INPUT, "%s: cannot open: %s", a->pos[0], strerror(errno));
    int rc = cli_open_db(ctx, false);
    if (rc)
        return rc;
    struct measure_import_options o = {
        .kind = kind,
        .file = a->pos[0],
        .school_urn = cli_opt(a, "--school"),
        .skip_invalid = cli_flag(a, "--skip-invalid"),
        .dry_run = cli_flag(a, "--dry-run"),
        .actor = ctx->actor,
    };
    struct measure_import_summary s;
    if ((rc = measure_import_run(ctx->db, &ctx->arena, &o, ctx->msg, &s, &ctx->err)))
        return rc;
    fprintf(ctx->out, "%s%s: %ld row%s: %s %ld added, %ld updated, %ld unchanged",
            o.dry_run ? "Checked (nothing written) " : "", o.file, s.rows, s.rows == 1 ? "" : "s",
            what, s.added, s.updated, s.unchanged);
    if (s.skipped)
        fprintf(ctx->out, "; %ld invalid row%s skipped", s.skipped, s.skipped == 1 ? "" : "s");
    fprintf(ctx->out, " (school %s %s)\n", s.school_urn ? s.school_urn : "-",
            s.school_name ? s.school_name : "");
    return 0;
}

int import_assessments_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    return run_import(ctx, a, MI_ASSESSMENTS);
}

int import_attainment_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    return run_import(ctx, a, MI_ATTAINMENT);
}

int import_attendance_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    return run_import(ctx, a, MI_ATTENDANCE);
}

int import_exclusions_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    return run_import(ctx, a, MI_EXCLUSIONS);
}

int import_bullying_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    return run_import(ctx, a, MI_BULLYING);
}

int import_relationships_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    return run_import(ctx, a, MI_RELATIONSHIPS);
}

/* ---- assessments --------------------------------------------------------- */

static void print_assessment(struct cli_ctx *ctx, const struct assessment *as)
{
    FILE *out = ctx->out;
    fprintf(out, "#%lld  %s  %s  %s%s%s%s  (age %d; %s version %s)\n", (long long)as->id,
            as->assessed_on, as->instrument, as->informant, as->completed_by[0] ? " (" : "",
            as->completed_by, as->completed_by[0] ? ")" : "", as->age_years, as->instrument,
            as->version);
    for (size_t i = 0; i < as->n_scores; i++) {
        const struct assessment_score *s = &as->scores[i];
        fprintf(out, "    %-14s ", s->score);
        if (s->value == SCORE_MISSING)
            fprintf(out, "%7s", "missing");
        else
            fprintf(out, "%7d", s->value);
        for (size_t b = 0; b < as->n_bands; b++)
            if (!strcmp(as->bands[b].score, s->score))
                fprintf(out, "  %s: %s", as->bands[b].scheme,
                        as->bands[b].band ? as->bands[b].band : "-");
        fputc('\n', out);
    }
}

int assessment_add_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct pupil p;
    int rc = cli_pupil(ctx, a, a->pos[0], &school, &p);
    if (rc)
        return rc;
    struct assessment_input in = { .pupil_id = p.id, .school_id = school.id };
    if ((rc = cli_date(ctx, a, "--date", in.assessed_on)))
        return rc;
    char why[300];
    struct date dob, on;
    date_parse(p.dob, &dob);
    date_parse(in.assessed_on, &on);
    if (date_cmp(on, date_today()) > 0)
        return err_set(&ctx->err, ERR_INPUT, "--date: %s is in the future", in.assessed_on);
    if (date_cmp(on, dob) < 0)
        return err_set(&ctx->err, ERR_INPUT, "--date: %s is before the child's date of birth",
                       in.assessed_on);
    in.age_years = date_age_years(dob, on);
    const char *informant = NULL, *v = cli_opt(a, "--informant");
    if (v && measure_parse_informant(v, &informant, why, sizeof why) != 0)
        return err_set(&ctx->err, ERR_INPUT, "--informant: %s", why);
    const struct instrument *ins;
    if ((rc = measure_resolve(ctx->db, &ctx->arena, school.id, cli_opt(a, "--measure"), informant,
                              in.age_years, &ins, why, sizeof why)))
        return err_set(&ctx->err, rc == ERR_NOTFOUND ? ERR_INPUT : rc, "%s", why);
    in.in = ins;
    in.informant = informant ? informant : ins->informant;
    if (!strcmp(in.informant, "any"))
        return err_set(&ctx->err, ERR_USAGE, "%s needs --informant", ins->title);
    in.completed_by = cli_opt(a, "--completed-by");
    in.n_responses = ins->n_items;
    if ((rc = instrument_parse_codes(a->pos[1], ins->code_min, ins->code_max, in.responses,
                                     ins->n_items, "response", &ctx->err)))
        return rc;
    if ((v = cli_opt(a, "--impact"))) {
        if (!ins->impact)
            return err_set(&ctx->err, ERR_INPUT, "%s has no impact supplement", ins->title);
        in.n_impact = ins->impact->n_items;
        if ((rc = instrument_parse_codes(v, 0, ins->impact->code_max, in.impact, in.n_impact,
                                         "impact response", &ctx->err)))
            return err_wrap(&ctx->err, "--impact");
    }
    struct audit_entry who = cli_who(ctx);
    enum assessment_save_result res;
    int64_t id;
    if ((rc = assessment_save(ctx->db, &who, &in, "cli", &res, &id, &ctx->err)))
        return rc;
    struct assessment as;
    if ((rc = assessment_get(ctx->db, &ctx->arena, id, &as, &ctx->err)))
        return rc;
    if (cli_flag(a, "--json"))
        return cli_print_json(ctx, repr_assessment(&as));
    fprintf(ctx->out, "%s: ",
            res == ASSESSMENT_ADDED     ? "Recorded"
            : res == ASSESSMENT_UPDATED ? "Updated (the same form on that date)"
                                        : "Unchanged (already recorded)");
    print_assessment(ctx, &as);
    return 0;
}

int assessment_list_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct pupil p;
    int rc = cli_pupil(ctx, a, a->pos[0], &school, &p);
    if (rc)
        return rc;
    struct assessment *as;
    size_t n;
    if ((rc = assessment_list(ctx->db, &ctx->arena, p.id, &as, &n, &ctx->err)))
        return rc;
    struct audit_entry au = { .actor = ctx->actor,
                              .action = "view",
                              .entity = "assessment",
                              .pupil_id = p.id,
                              .school_id = school.id,
                              .detail = arena_sprintf(&ctx->arena, "%zu assessments listed", n) };
    if ((rc = audit_log(ctx->db, &au, &ctx->err)))
        return rc;
    if (cli_flag(a, "--json")) {
        json_t *items = json_array();
        for (size_t i = 0; i < n && items; i++)
            if (json_array_append_new(items, repr_assessment(&as[i]))) {
                json_decref(items);
                items = NULL;
            }
        return cli_print_json(
            ctx, items ? json_pack("{s:s, s:o}", "upn", p.upn, "assessments", items) : NULL);
    }
    fprintf(ctx->out, "%s (%s): %zu assessment%s\n", pupil_display_name(&ctx->arena, &p), p.upn, n,
            n == 1 ? "" : "s");
    for (size_t i = 0; i < n; i++)
        print_assessment(ctx, &as[i]);
    return 0;
}

/* An assessment by number, at the command's school. */
static int cli_assessment(struct cli_ctx *ctx, const struct cli_args *a, const char *arg,
                          struct school *school, struct assessment *out)
{
    int64_t id;
    int rc = cli_id(ctx, arg, "assessment", &id);
    if (rc || (rc = assessment_get(ctx->db, &ctx->arena, id, out, &ctx->err)))
        return rc;
    struct pupil p;
    if ((rc = pupil_by_id(ctx->db, &ctx->arena, school->id, out->pupil_id, &p, &ctx->err)))
        return rc;
    if (p.school_id != school->id)
        return err_set(&ctx->err, ERR_NOTFOUND, "no such assessment at this school");
    (void)a;
    return 0;
}

int assessment_show_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    int rc = cli_school(ctx, a, &school);
    struct assessment as;
    if (rc || (rc = cli_assessment(ctx, a, a->pos[0], &school, &as)))
        return rc;
    struct audit_entry au = { .actor = ctx->actor,
                              .action = "view",
                              .entity = "assessment",
                              .entity_id = as.id,
                              .pupil_id = as.pupil_id,
                              .school_id = school.id };
    if ((rc = audit_log(ctx->db, &au, &ctx->err)))
        return rc;
    if (cli_flag(a, "--json"))
        return cli_print_json(ctx, repr_assessment(&as));
    print_assessment(ctx, &as);
    fprintf(ctx->out, "    responses by item number: %s\n",
            assessment_codes_text(&ctx->arena, as.responses, as.n_responses));
    if (as.n_impact)
        fprintf(ctx->out, "    impact codes: %s\n",
                assessment_codes_text(&ctx->arena, as.impact, as.n_impact));
    fprintf(ctx->out, "    recorded by %s at %s (%s)\n", as.recorded_by, as.recorded_at, as.source);
    return 0;
}

int assessment_change_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    int rc = cli_school(ctx, a, &school);
    struct assessment x, y;
    if (rc || (rc = cli_assessment(ctx, a, a->pos[0], &school, &x)) ||
        (rc = cli_assessment(ctx, a, a->pos[1], &school, &y)))
        return rc;
    if (x.pupil_id != y.pupil_id)
        return err_set(&ctx->err, ERR_INPUT, "the two assessments are of different pupils");
    struct assessment_change *c;
    size_t n;
    if ((rc = assessment_compare(ctx->db, &ctx->arena, school.id, &x, &y, &c, &n, &ctx->err)))
        return rc;
    struct audit_entry au = {
        .actor = ctx->actor,
        .action = "view",
        .entity = "assessment",
        .pupil_id = x.pupil_id,
        .school_id = school.id,
        .detail = arena_sprintf(&ctx->arena, "reliable change %lld to %lld", (long long)x.id,
                                (long long)y.id),
    };
    if ((rc = audit_log(ctx->db, &au, &ctx->err)))
        return rc;
    if (cli_flag(a, "--json"))
        return cli_print_json(ctx, repr_change(&x, &y, c, n));
    const struct assessment *f = strcmp(x.assessed_on, y.assessed_on) <= 0 ? &x : &y;
    const struct assessment *t = f == &x ? &y : &x;
    fprintf(ctx->out, "Reliable change, %s by %s: %s to %s (|RCI| > 1.96 is reliable)\n",
            x.instrument, x.informant, f->assessed_on, t->assessed_on);
    bool missing = false;
    for (size_t i = 0; i < n; i++) {
        fprintf(ctx->out, "  %-14s ", c[i].score);
        if (c[i].from == SCORE_MISSING || c[i].to == SCORE_MISSING)
            fprintf(ctx->out, "%s -> %s", c[i].from == SCORE_MISSING ? "missing" : "",
                    c[i].to == SCORE_MISSING ? "missing" : "");
        else
            fprintf(ctx->out, "%3d -> %3d", c[i].from, c[i].to);
        if (c[i].verdict != CHANGE_NOT_COMPUTED)
            fprintf(ctx->out, "  RCI %6.2f  %s (r %.2f, SD %.2f)", c[i].rci,
                    assessment_verdict_text(c[i].verdict), c[i].retest_r, c[i].sd);
        else if (!c[i].have_figures)
            fprintf(ctx->out, "  no reliability figures");
        fputc('\n', ctx->out);
        missing |= !c[i].have_figures;
    }
    if (missing)
        fprintf(ctx->out,
                "meso has no published test-retest figures for these scores; set the ones the "
                "school uses with `meso reliability set %s SCORE --retest-r R --sd SD --source "
                "TEXT`.\n",
                x.instrument);
    return 0;
}

/* ---- measures and reliability ------------------------------------------ */

int measure_add_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    FILE *f = fopen(a->pos[0], "rb");
    if (!f)
        return err_set(&ctx->err, ERR_INPUT, "%s: cannot open: %s", a->pos[0], strerror(errno));
    char *text = arena_alloc(&ctx->arena, INSTRUMENT_FILE_MAX + 2);
    size_t len = text ? fread(text, 1, INSTRUMENT_FILE_MAX + 1, f) : 0;
    fclose(f);
    if (!text)
        return err_set(&ctx->err, ERR_NOMEM, "out of memory");
    if (len > INSTRUMENT_FILE_MAX)
        return err_set(&ctx->err, ERR_INPUT, "%s: the file is larger than %d bytes", a->pos[0],
                       INSTRUMENT_FILE_MAX);
    struct school school;
    int rc = cli_school(ctx, a, &school);
    if (rc)
        return rc;
    const struct instrument *in;
    bool added;
    struct audit_entry who = cli_who(ctx);
    if ((rc = measure_add(ctx->db, &ctx->arena, &who, school.id, a->pos[0], text, len, &in, &added,
                          &ctx->err)))
        return rc;
    fprintf(ctx->out, "%s %s (%s, version %s)\n", added ? "Added" : "Already stored:", in->title,
            in->key, in->version);
    return 0;
}

int measure_list_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    int rc = cli_school(ctx, a, &school);
    struct measure_definition_row *rows;
    size_t n;
    if (rc ||
        (rc = measure_list_definitions(ctx->db, &ctx->arena, school.id, &rows, &n, &ctx->err)))
        return rc;
    if (cli_flag(a, "--json")) {
        json_t *arr = json_array();
        int bad = !arr;
        for (size_t i = 0; i < instrument_builtin_count(); i++) {
            const struct instrument *in = instrument_builtin_at(i);
            bad |= json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:b}", "key", in->key,
                                                        "version", in->version, "title", in->title,
                                                        "informant", in->informant, "builtin", 1));
        }
        for (size_t i = 0; i < n; i++)
            bad |= json_array_append_new(
                arr, json_pack("{s:s, s:s, s:s, s:b, s:s, s:s}", "key", rows[i].key, "version",
                               rows[i].version, "title", rows[i].title, "builtin", 0, "added_by",
                               rows[i].added_by, "added_at", rows[i].added_at));
        if (bad) {
            json_decref(arr);
            arr = NULL;
        }
        return cli_print_json(ctx, arr);
    }
    fprintf(ctx->out, "Built in:\n");
    for (size_t i = 0; i < instrument_builtin_count(); i++) {
        const struct instrument *in = instrument_builtin_at(i);
        fprintf(ctx->out, "  %-18s version %-4s %s\n", in->key, in->version, in->title);
    }
    fprintf(ctx->out, "The school's own:%s\n", n ? "" : " none yet (meso measure add FILE)");
    for (size_t i = 0; i < n; i++)
        fprintf(ctx->out, "  %-18s version %-4s %s (added by %s, %s)\n", rows[i].key,
                rows[i].version, rows[i].title, rows[i].added_by, rows[i].added_at);
    return 0;
}

int reliability_set_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    const char *r = cli_opt(a, "--retest-r"), *sd = cli_opt(a, "--sd"),
               *src = cli_opt(a, "--source");
    double rv, sdv;
    if (!r || str_to_double(r, &rv) != 0)
        return err_set(&ctx->err, ERR_USAGE, "--retest-r takes a number such as 0.8");
    if (!sd || str_to_double(sd, &sdv) != 0)
        return err_set(&ctx->err, ERR_USAGE, "--sd takes a number such as 5.8");
    if (!src)
        return err_set(&ctx->err, ERR_USAGE,
                       "--source is required: say where the figures come "
                       "from");
    struct school school;
    int rc = cli_school(ctx, a, &school);
    if (rc)
        return rc;
    struct audit_entry who = cli_who(ctx);
    if ((rc = measure_reliability_set(ctx->db, &ctx->arena, &who, school.id, a->pos[0], a->pos[1],
                                      rv, sdv, src, &ctx->err)))
        return rc;
    fprintf(ctx->out, "Set: %s %s: test-retest r %g, SD %g (%s)\n", a->pos[0], a->pos[1], rv, sdv,
            src);
    return 0;
}

int reliability_list_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    int rc = cli_school(ctx, a, &school);
    struct measure_reliability *r;
    size_t n;
    if (rc || (rc = measure_reliability_list(ctx->db, &ctx->arena, school.id, &r, &n, &ctx->err)))
        return rc;
    if (cli_flag(a, "--json")) {
        json_t *arr = json_array();
        int bad = !arr;
        for (size_t i = 0; i < n; i++)
            bad |= json_array_append_new(arr, repr_reliability(&r[i]));
        if (bad) {
            json_decref(arr);
            arr = NULL;
        }
        return cli_print_json(ctx, arr);
    }
    if (n == 0)
        fprintf(ctx->out, "No reliability figures are set. meso ships none for the built-in "
                          "measures; set the ones the school uses with meso reliability set.\n");
    for (size_t i = 0; i < n; i++)
        fprintf(ctx->out, "%-18s %-14s r %.3f  SD %.3f  %s (set by %s, %s)\n", r[i].instrument,
                r[i].score, r[i].retest_r, r[i].sd, r[i].source, r[i].set_by, r[i].set_at);
    return 0;
}

/* ---- outcomes ------------------------------------------------------------ */

int outcome_list_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct pupil p;
    int rc = cli_pupil(ctx, a, a->pos[0], &school, &p);
    if (rc)
        return rc;
    struct pupil_outcomes o;
    struct outcome_codes codes;
    if ((rc = outcome_list(ctx->db, &ctx->arena, p.id, &o, &ctx->err)) ||
        (rc = outcome_codes_load(ctx->db, &ctx->arena, &codes, &ctx->err)))
        return rc;
    struct audit_entry au = { .actor = ctx->actor,
                              .action = "view",
                              .entity = "outcomes",
                              .pupil_id = p.id,
                              .school_id = school.id };
    if ((rc = audit_log(ctx->db, &au, &ctx->err)))
        return rc;
    if (cli_flag(a, "--json")) {
        json_t *j = repr_outcomes(&o, &codes);
        if (j && json_object_set_new(j, "upn", json_string(p.upn))) {
            json_decref(j);
            j = NULL;
        }
        return cli_print_json(ctx, j);
    }
    FILE *out = ctx->out;
    fprintf(out, "%s (%s)\n", pupil_display_name(&ctx->arena, &p), p.upn);
    char label[8];
    fprintf(out, "Attainment:%s\n", o.n_attainment ? "" : " none recorded");
    for (size_t i = 0; i < o.n_attainment; i++) {
        schoolyear_label(o.attainment[i].year, label, sizeof label);
        fprintf(out, "  %s %-6s  %-20s %s%s%s\n", label, o.attainment[i].term,
                o.attainment[i].subject, o.attainment[i].result,
                o.attainment[i].target ? "  target " : "",
                o.attainment[i].target ? o.attainment[i].target : "");
    }
    fprintf(out, "Attendance:%s\n", o.n_attendance ? "" : " none recorded");
    for (size_t i = 0; i < o.n_attendance; i++) {
        schoolyear_label(o.attendance[i].year, label, sizeof label);
        fprintf(out, "  %s %-6s  %.1f%%", label, o.attendance[i].term, o.attendance[i].percent);
        if (o.attendance[i].sessions_possible >= 0)
            fprintf(out, " (%d of %d sessions)", o.attendance[i].sessions_attended,
                    o.attendance[i].sessions_possible);
        fputc('\n', out);
    }
    fprintf(out, "Suspensions and exclusions:%s\n", o.n_exclusions ? "" : " none recorded");
    for (size_t i = 0; i < o.n_exclusions; i++) {
        const struct exclusion *x = &o.exclusions[i];
        fprintf(out, "  %s  %s", x->start_date, x->category);
        if (x->sessions >= 0)
            fprintf(out, ", %d session%s", x->sessions, x->sessions == 1 ? "" : "s");
        fprintf(out, "; reasons %s%s%s%s%s\n", x->reasons[0], x->reasons[1][0] ? ", " : "",
                x->reasons[1], x->reasons[2][0] ? ", " : "", x->reasons[2]);
    }
    fprintf(out, "Bullying (this child affected):%s\n", o.n_bullying ? "" : " none recorded");
    for (size_t i = 0; i < o.n_bullying; i++)
        fprintf(out, "  %s  %s%s%s\n", o.bullying[i].occurred_on, o.bullying[i].type,
                o.bullying[i].reference[0] ? "  ref " : "", o.bullying[i].reference);
    fprintf(out, "Positive relationships:%s\n", o.n_ratings ? "" : " none recorded");
    for (size_t i = 0; i < o.n_ratings; i++)
        fprintf(out, "  %s  %-7s %d (%s)\n", o.ratings[i].rated_on, o.ratings[i].rater,
                o.ratings[i].rating, outcome_rating_label(o.ratings[i].rating));
    return 0;
}

int outcome_codes_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct outcome_codes c;
    int rc = outcome_codes_load(ctx->db, &ctx->arena, &c, &ctx->err);
    if (rc)
        return rc;
    if (cli_flag(a, "--json")) {
        json_t *o = json_object(), *cats = json_array(), *reasons = json_array(),
               *types = json_array();
        int bad = !o || !cats || !reasons || !types;
        for (size_t i = 0; i < c.n_categories; i++)
            bad |= json_array_append_new(cats,
                                         json_pack("{s:s, s:o, s:o}", "code", c.categories[i].code,
                                                   "census", repr_str(c.categories[i].census),
                                                   "label", repr_str(c.categories[i].label)));
        for (size_t i = 0; i < c.n_reasons; i++)
            bad |= json_array_append_new(reasons, json_pack("{s:s, s:o}", "code", c.reasons[i].code,
                                                            "label", repr_str(c.reasons[i].label)));
        for (size_t i = 0; i < c.n_bullying; i++)
            bad |= json_array_append_new(types, json_pack("{s:s, s:o}", "code", c.bullying[i].code,
                                                          "label", repr_str(c.bullying[i].label)));
        bad |= json_object_set_new(o, "exclusion_categories", cats);
        bad |= json_object_set_new(o, "exclusion_reasons", reasons);
        bad |= json_object_set_new(o, "bullying_types", types);
        if (bad) {
            json_decref(o);
            o = NULL;
        }
        return cli_print_json(ctx, o);
    }
    fprintf(ctx->out, "Exclusion categories (census codes to verify):\n");
    for (size_t i = 0; i < c.n_categories; i++)
        fprintf(ctx->out, "  %-11s %-5s %s\n", c.categories[i].code,
                c.categories[i].census ? c.categories[i].census : "",
                c.categories[i].label ? c.categories[i].label : "");
    fprintf(ctx->out, "Exclusion reason codes (to verify against the DfE's current list):\n");
    for (size_t i = 0; i < c.n_reasons; i++)
        fprintf(ctx->out, "  %s  %s\n", c.reasons[i].code,
                c.reasons[i].label ? c.reasons[i].label : "(label to verify)");
    fprintf(ctx->out, "Kinds of bullying:\n");
    for (size_t i = 0; i < c.n_bullying; i++)
        fprintf(ctx->out, "  %-10s %s\n", c.bullying[i].code, c.bullying[i].label);
    return 0;
}

/* ---- the screening report ------------------------------------------------ */

static void print_screening(struct cli_ctx *ctx, const struct school *school,
                            const struct screening_meta *m, const struct screening_summary *s)
{
    FILE *out = ctx->out;
    char label[8];
    schoolyear_label(m->school_year, label, sizeof label);
    fprintf(out, "Screening: %s, %s%s%s%s, %s (%s)\n", s->in->title,
            pupil_year_label(m->year_group), m->class_name ? ", class of " : "",
            m->class_name ? m->class_name : "", "", label, school->name);
    fprintf(out, "  %ld pupils: %ld assessed, %ld not assessed. Bands: %s.\n", s->pupils,
            s->assessed, s->pupils - s->assessed, s->scheme);
    for (size_t i = 0; i < s->n_scores; i++) {
        const struct screening_score *sc = &s->scores[i];
        fprintf(out, "  %-28s n %3ld:", measure_score_label(sc->score), sc->n);
        for (size_t b = 0; b < sc->n_bands; b++)
            fprintf(out, "%s %s %ld (%.0f%%)", b ? ";" : "", sc->bands[b].band, sc->bands[b].count,
                    sc->n ? 100.0 * sc->bands[b].share : 0.0);
        fputc('\n', out);
    }
    fprintf(out, "For follow-up (band level %d or above): %zu\n", MEASURE_FOLLOW_UP_LEVEL,
            s->n_follow_up);
    for (size_t i = 0; i < s->n_follow_up; i++) {
        const struct screening_follow_up *f = &s->follow_up[i];
        fprintf(out, "  %s (%s), %s:", f->name, f->upn, f->assessed_on);
        for (size_t k = 0; k < f->n_flags; k++)
            fprintf(out, "%s %s %d %s", k ? ";" : "", f->flags[k].score, f->flags[k].value,
                    f->flags[k].band);
        fputc('\n', out);
    }
}

int report_screening_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    const char *yg = cli_opt(a, "--year-group");
    char year[4], why[300];
    if (!yg)
        return err_set(&ctx->err, ERR_USAGE, "meso report screening needs --year-group N");
    if (pupil_parse_year(yg, year, why, sizeof why) != 0 || !year[0])
        return err_set(&ctx->err, ERR_USAGE, "--year-group: %s", why);
    struct school school;
    int rc = cli_school(ctx, a, &school);
    struct screening_query q = { .nc_year = year, .scheme = cli_opt(a, "--scheme") };
    if (rc || (rc = cli_year(ctx, a, &q.school_year)))
        return rc;
    const char *measure = cli_opt(a, "--measure"), *inf = cli_opt(a, "--informant");
    if (measure && inf)
        return err_set(&ctx->err, ERR_USAGE, "give --measure or --informant, not both");
    if (measure) {
        rc = measure_find(ctx->db, &ctx->arena, school.id, measure, &q.in, &ctx->err);
        if (rc == ERR_NOTFOUND)
            return err_set(&ctx->err, ERR_INPUT, "--measure: there is no measure called '%s'",
                           measure);
        if (rc)
            return rc;
    } else {
        const char *informant = "teacher";
        if (inf && measure_parse_informant(inf, &informant, why, sizeof why) != 0)
            return err_set(&ctx->err, ERR_INPUT, "--informant: %s", why);
        q.in = instrument_builtin(!strcmp(informant, "self")     ? "sdq-self-11-17"
                                  : !strcmp(informant, "parent") ? "sdq-parent-4-17"
                                                                 : "sdq-teacher-4-17");
    }
    struct screening_meta m = { .school_urn = school.urn,
                                .year_group = year,
                                .school_year = q.school_year };
    const char *cls = cli_opt(a, "--class");
    if (cls) {
        if ((rc = cli_staff_id(ctx, school.id, cls, "--class", &q.class_staff_id)))
            return rc;
        struct staff st;
        if ((rc = staff_by_email(ctx->db, &ctx->arena, cls, &st, &ctx->err)))
            return rc;
        m.class_staff_id = q.class_staff_id;
        m.class_name = st.name;
    }
    struct pupil_filter f = { .school_id = school.id, .scope = { .whole_school = true } };
    struct screening_summary s;
    struct screening_row *rows;
    size_t n_rows;
    if ((rc = screening_build(ctx->db, &ctx->arena, &f, &q, &s, &rows, &n_rows, &ctx->err)))
        return rc;
    char label[8];
    schoolyear_label(q.school_year, label, sizeof label);
    struct audit_entry au = {
        .actor = ctx->actor,
        .action = "view",
        .entity = "screening",
        .school_id = school.id,
        .detail =
            arena_sprintf(&ctx->arena, "%s, %s, %s: %ld assessed, %zu for follow-up", q.in->key,
                          pupil_year_label(year), label, s.assessed, s.n_follow_up),
    };
    if ((rc = audit_log(ctx->db, &au, &ctx->err)))
        return rc;
    if (cli_wants_doc(a))
        return cli_emit_doc(ctx, a, "Screening", repr_screening(&m, &s, rows, n_rows), false);
    print_screening(ctx, &school, &m, &s);
    return 0;
}
