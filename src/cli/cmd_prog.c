#include "cli/cmd_prog.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <string.h>
#include <unistd.h>

#include "view/repr.h"
#include "view/repr_prog.h"
#include "cli/cmd_conv.h"
#include "cli/cmd_school.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "io/csv.h"
#include "view/effectwords.h"
#include "view/progdocs.h"
#include "model/calendar/calendar.h"
#include "model/programmes/programme.h"
#include "model/programmes/progreport.h"
#include "model/programmes/progtemplate.h"
#include "model/provision/provision.h"
#include "model/register/carer.h"
#include "model/register/pupil.h"
#include "model/register/school.h"
#include "model/programmes/story.h"
#include "model/register/upn.h"

#define PDF_MAX (32u * 1024 * 1024)

/* ---- helpers ------------------------------------------------------------- */

static int write_out(struct cli_ctx *ctx, const char *path, const struct buf *b)
{
    if (!strcmp(path, "-")) {
        if (fwrite(b->data, 1, b->len, ctx->out) != b->len)
            return err_set(&ctx->err, ERR_STORAGE, "cannot write to standard output");
        return 0;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        return err_set(&ctx->err, ERR_STORAGE, "cannot write %s: %s", path, strerror(errno));
    size_t off = 0;
    while (off < b->len) {
        ssize_t n = write(fd, b->data + off, b->len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            int saved = errno;
            close(fd);
            return err_set(&ctx->err, ERR_STORAGE, "cannot write %s: %s", path, strerror(saved));
        }
        off += (size_t)n;
    }
    if (close(fd) != 0)
        return err_set(&ctx->err, ERR_STORAGE, "cannot write %s: %s", path, strerror(errno));
    return 0;
}

/* The cohort numbered by the first positional argument, at --school. */
static int cohort(struct cli_ctx *ctx, const struct cli_args *a, struct school *school,
                  struct provision *p)
{
    int64_t id;
    int rc = cli_school(ctx, a, school);
    if (rc || (rc = cli_id(ctx, a->pos[0], "programme", &id)))
        return rc;
    struct audit_entry who = cli_who(ctx);
    rc = provision_get(ctx->db, &ctx->arena, id, school->id, &who, p, &ctx->err);
    if (rc == ERR_NOTFOUND)
        return err_set(&ctx->err, ERR_NOTFOUND,
                       "there is no programme number %s at this school (see `meso programme "
                       "list`)",
                       a->pos[0]);
    return rc;
}

static int cohort_template(struct cli_ctx *ctx, const struct provision *p, struct progtemplate *t)
{
    if (!p->template_id)
        return err_set(&ctx->err, ERR_INPUT, "%s is not run from a programme template", p->name);
    return progtemplate_get(ctx->db, &ctx->arena, p->template_id, t, &ctx->err);
}

/* The enrolment of the pupil with this UPN in p, or NULL (message set). */
static const struct enrolment *enrolment_by_upn(struct cli_ctx *ctx, const struct provision *p,
                                                const char *upn, const char *option)
{
    char norm[UPN_LEN + 1], why[128];
    bool temp;
    if (upn_check(upn, norm, &temp, why, sizeof why) != 0) {
        err_set(&ctx->err, ERR_USAGE, "%s: '%s' is not a valid UPN: %s", option, upn, why);
        return NULL;
    }
    for (size_t i = 0; i < p->n_enrolments; i++)
        if (!strcmp(p->enrolments[i].upn, norm))
            return &p->enrolments[i];
    err_set(&ctx->err, ERR_INPUT,
            "%s: the pupil %s is not enrolled in %s (see `meso programme "
            "enrol`)",
            option, norm, p->name);
    return NULL;
}

/* The one enrolment of the programme, or the one named by --upn. */
static const struct enrolment *the_enrolment(struct cli_ctx *ctx, const struct cli_args *a,
                                             const struct provision *p)
{
    const char *upn = cli_opt(a, "--upn");
    if (upn)
        return enrolment_by_upn(ctx, p, upn, "--upn");
    if (p->n_enrolments == 1)
        return &p->enrolments[0];
    err_set(&ctx->err, ERR_USAGE,
            p->n_enrolments ? "%s has several pupils: say which with --upn"
                            : "nobody is enrolled in %s yet (see `meso programme enrol`)",
            p->name);
    return NULL;
}

static const char *weekday_short(const char *iso)
{
    static const char *const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
    struct date d;
    return date_parse(iso, &d) == 0 ? days[date_weekday(d)] : "";
}

static const char *session_label(struct cli_ctx *ctx, const struct prog_session *s)
{
    switch (s->kind) {
    case SESSION_COMMITMENT:
        return "commitment";
    case SESSION_FOLLOWON:
        return arena_sprintf(&ctx->arena, "followon-%d", s->seq);
    case SESSION_WEEKLY:
        break;
    }
    return arena_sprintf(&ctx->arena, "%d", s->seq);
}

/* "3", "commitment" or "followon-2". */
static int parse_session(struct cli_ctx *ctx, const char *s, enum session_kind *kind, int *seq)
{
    long long v;
    if (!strcmp(s, "commitment") || !strcmp(s, "first")) {
        *kind = SESSION_COMMITMENT;
        *seq = 1;
        return 0;
    }
    if (str_starts_with(s, "followon-") && str_to_int(s + 9, 1, 999, &v) == 0) {
        *kind = SESSION_FOLLOWON;
        *seq = (int)v;
        return 0;
    }
    if (str_to_int(s, 1, 999, &v) == 0) {
        *kind = SESSION_WEEKLY;
        *seq = (int)v;
        return 0;
    }
    return err_set(&ctx->err, ERR_USAGE,
                   "'%s' is not a session: give its number (1, 2, ...), commitment, or "
                   "followon-N",
                   s);
}

static void print_warnings(struct cli_ctx *ctx, const struct progtemplate *t,
                           const struct provision *p)
{
    struct prog_warning *w;
    size_t n;
    if (programme_warnings(&ctx->arena, t, p, date_today(), &w, &n) || !n)
        return;
    fprintf(ctx->out, "To check:\n");
    for (size_t i = 0; i < n; i++)
        fprintf(ctx->out, "  - %s\n", w[i].text);
}

static const char *money(struct cli_ctx *ctx, int64_t pence)
{
    char m[32];
    provision_money(pence, m, sizeof m);
    return arena_strdup(&ctx->arena, m);
}

/* ---- templates ----------------------------------------------------------- */

int template_list_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    int rc = cli_school(ctx, a, &school);
    struct progtemplate *ts;
    size_t n;
    if (rc || (rc = progtemplate_list(ctx->db, &ctx->arena, school.id, &ts, &n, &ctx->err)))
        return rc;
    if (cli_flag(a, "--json")) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n && arr; i++)
            if (json_array_append_new(arr, repr_progtemplate(&ts[i]))) {
                json_decref(arr);
                arr = NULL;
            }
        return cli_print_json(ctx, arr ? json_pack("{s:i, s:o}", "count", (int)n, "templates", arr)
                                       : NULL);
    }
    fprintf(ctx->out, "%-20s %-10s %-8s %s\n", "KEY", "KIND", "SESSIONS", "NAME");
    for (size_t i = 0; i < n; i++)
        fprintf(ctx->out, "%-20s %-10s %2d x %-3d %s%s\n", ts[i].key, pt_kind_names[ts[i].kind],
                ts[i].sessions, ts[i].session_minutes, ts[i].name,
                ts[i].school_id ? " (the school's own)" : "");
    return 0;
}

int template_show_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct progtemplate t;
    int rc = cli_school(ctx, a, &school);
    if (rc || (rc = progtemplate_by_key(ctx->db, &ctx->arena, school.id, a->pos[0], &t, &ctx->err)))
        return rc;
    if (cli_flag(a, "--definition")) {
        fputs(t.definition, ctx->out);
        return 0;
    }
    if (cli_flag(a, "--json"))
        return cli_print_json(ctx, repr_progtemplate(&t));
    fprintf(ctx->out, "%s (%s)\n", t.name, t.key);
    if (t.description)
        fprintf(ctx->out, "  %s\n", t.description);
    fprintf(ctx->out, "  %s; %d sessions of %d minutes, every %d days", pt_kind_names[t.kind],
            t.sessions, t.session_minutes, t.interval_days);
    if (t.writeup_minutes)
        fprintf(ctx->out, ", plus %d minutes' write-up", t.writeup_minutes);
    fprintf(ctx->out, "\n");
    if (t.commitment_session)
        fprintf(ctx->out, "  Starts with a first meeting to explain the programme.\n");
    fprintf(ctx->out, "  %s at %d sessions attended (%s come).\n", t.complete_word, t.complete_at,
            t.counts_when == PT_COUNTS_BOTH     ? "the child and a parent"
            : t.counts_when == PT_COUNTS_CHILD  ? "the child"
            : t.counts_when == PT_COUNTS_PARENT ? "a parent"
                                                : "the child or a parent");
    if (t.hub_max)
        fprintf(ctx->out, "  Hubs of %d to %d families.\n", t.hub_min, t.hub_max);
    if (t.kind == PT_INDIVIDUAL)
        fprintf(ctx->out, "  One pupil%s at a time.\n",
                t.counts_when == PT_COUNTS_CHILD ? "" : " and their parent");
    else if (t.max_families)
        fprintf(ctx->out, "  Up to %d %s.\n", t.max_families, progtemplate_people(&t));
    if (t.age_min >= 0)
        fprintf(ctx->out, "  For pupils aged %d to %d.\n", t.age_min, t.age_max);
    if (t.followon_months)
        fprintf(ctx->out, "  Follow-on meetings every %d month%s for up to %d months.\n",
                t.followon_months, t.followon_months == 1 ? "" : "s", t.followon_for_months);
    if (t.turn_order)
        fprintf(ctx->out, "  Turn order: %s (%d to %d rounds; anyone may pass).\n", t.turn_order,
                t.turn_rounds_min, t.turn_rounds_max);
    if (t.reading_per_week)
        fprintf(ctx->out, "  Follow-up reading: %d x %d minutes a week.\n", t.reading_per_week,
                t.reading_minutes);
    fprintf(ctx->out, "Agenda (the fidelity checklist):\n");
    for (size_t i = 0; i < t.n_agenda; i++)
        fprintf(ctx->out, "  %zu. %s (%d min)\n", i + 1, t.agenda[i].label, t.agenda[i].minutes);
    if (t.n_roles) {
        fprintf(ctx->out, "Team:\n");
        for (size_t i = 0; i < t.n_roles; i++)
            fprintf(ctx->out, "  %-24s at least %d (%s)\n", t.roles[i].code, t.roles[i].min,
                    t.roles[i].label);
    }
    return 0;
}

int template_add_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    int rc = cli_school(ctx, a, &school);
    if (rc)
        return rc;
    struct progtemplate t;
    if ((rc = progtemplate_load(&ctx->arena, a->pos[0], &t, &ctx->err)))
        return rc;
    if ((rc = progtemplate_add(ctx->db, &ctx->arena, school.id, a->pos[0], t.definition,
                               strlen(t.definition), ctx->actor, &t, &ctx->err)))
        return rc;
    fprintf(ctx->out, "Added the programme template '%s' (%s) for %s.\n", t.key, t.name,
            school.name);
    return 0;
}

/* ---- programmes ---------------------------------------------------------- */

static int parse_outcomes(struct cli_ctx *ctx, const char *s, struct provision *p)
{
    char *copy = arena_strdup(&ctx->arena, s);
    if (!copy)
        return err_set(&ctx->err, ERR_NOMEM, "out of memory");
    size_t cap = 0;
    p->outcomes = NULL;
    p->n_outcomes = 0;
    for (char *tok = copy; tok && *tok;) {
        char *comma = strchr(tok, ',');
        if (comma)
            *comma = '\0';
        char *v = str_trim(tok);
        if (*v) {
            const char **o = arena_push(&ctx->arena, &p->outcomes, &p->n_outcomes, &cap, sizeof *o);
            if (!o)
                return err_set(&ctx->err, ERR_NOMEM, "out of memory");
            *o = v;
        }
        tok = comma ? comma + 1 : NULL;
    }
    return 0;
}

/* The options shared by programme start: fill p. */
static int provision_opts(struct cli_ctx *ctx, const struct cli_args *a, struct provision *p)
{
    long long v;
    int rc;
    const char *s;
    p->name = cli_opt(a, "--name");
    if ((s = cli_opt(a, "--tier")) && provision_parse_tier(s, &p->tier))
        return err_set(&ctx->err, ERR_USAGE, "--tier takes universal, selected or indicated");
    if ((s = cli_opt(a, "--evidence")) && provision_parse_evidence(s, &p->evidence_rating))
        return err_set(&ctx->err, ERR_USAGE,
                       "--evidence takes strong, moderate, promising or limited");
    p->evidence_reference = cli_opt(a, "--evidence-ref");
    v = 0;
    if ((rc = cli_opt_int(ctx, a, "--sessions", 1, PROGRAMME_MAX_SESSIONS - 1, &v)))
        return rc;
    p->sessions = (int)v;
    v = 0;
    if ((rc = cli_opt_int(ctx, a, "--minutes", 1, 600, &v)))
        return rc;
    p->session_minutes = (int)v;
    v = 0;
    if ((rc = cli_opt_int(ctx, a, "--complete-at", 1, PROGRAMME_MAX_SESSIONS, &v)))
        return rc;
    p->complete_at = (int)v;
    if ((s = cli_opt(a, "--time")))
        str_copy(p->session_time, sizeof p->session_time, s);
    p->venue = cli_opt(a, "--venue");
    if ((s = cli_opt(a, "--staff-hours")) &&
        (str_to_double(s, &p->staff_hours_per_session) || p->staff_hours_per_session < 0))
        return err_set(&ctx->err, ERR_USAGE, "--staff-hours takes hours, like 2.5");
    if ((s = cli_opt(a, "--rate")) && provision_parse_money(s, &p->hourly_rate_pence))
        return err_set(&ctx->err, ERR_USAGE, "--rate takes pounds an hour, like 18.50");
    if ((s = cli_opt(a, "--outcomes")) && (rc = parse_outcomes(ctx, s, p)))
        return rc;
    if ((rc = cli_date_opt(ctx, a, "--review", p->review_date)))
        return rc;
    return 0;
}

static void print_sessions(struct cli_ctx *ctx, const struct prog_session *ss, size_t n,
                           size_t n_agenda, const struct progtemplate *t, const struct provision *p)
{
    for (size_t i = 0; i < n; i++) {
        const struct prog_session *s = &ss[i];
        fprintf(ctx->out, "  %-12s %s %s  %s", session_label(ctx, s), weekday_short(s->date),
                s->date, session_status_names[s->status]);
        if (s->status == SESSION_HELD) {
            int came = 0;
            for (size_t k = 0; k < s->n_attendance; k++)
                came += programme_counts(t ? t->counts_when : PT_COUNTS_CHILD,
                                         s->attendance[k].child, s->attendance[k].parent);
            fprintf(ctx->out, ": %d of %d came", came, p->pupils_consented);
            double fid = programme_session_fidelity(s, n_agenda);
            if (fid >= 0)
                fprintf(ctx->out, "; checklist %.0f%%", 100 * fid);
        }
        if (s->notes)
            fprintf(ctx->out, "  (%s)", s->notes);
        fprintf(ctx->out, "\n");
    }
}

int programme_start_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct progtemplate t;
    int rc = cli_school(ctx, a, &school);
    if (rc || (rc = progtemplate_by_key(ctx->db, &ctx->arena, school.id, a->pos[0], &t, &ctx->err)))
        return rc;
    struct provision p = { .school_id = school.id };
    if ((rc = provision_opts(ctx, a, &p)))
        return rc;
    if (!cli_opt(a, "--start"))
        return err_set(&ctx->err, ERR_USAGE,
                       "meso programme start needs --start, the date of the first session");
    if ((rc = cli_date_opt(ctx, a, "--start", p.start_date)))
        return rc;
    struct problems pr;
    problems_init(&pr, &ctx->arena);
    struct audit_entry who = cli_who(ctx);
    char chosen[11];
    str_copy(chosen, sizeof chosen, p.start_date);
    rc = programme_start(ctx->db, &ctx->arena, &t, &p, &pr, &who, &ctx->err);
    if (rc == ERR_INPUT && pr.n) {
        problems_print(&pr, NULL, ctx->msg);
        return err_set(&ctx->err, ERR_INPUT, "the programme was not started");
    }
    if (rc)
        return rc;
    fprintf(ctx->out, "Started programme %lld: %s (%s), %s tier, %s to %s.\n", (long long)p.id,
            p.name, t.key, p.tier, p.start_date, p.end_date);
    struct prog_session *ss;
    size_t n;
    if ((rc = programme_sessions(ctx->db, &ctx->arena, p.id, &ss, &n, &ctx->err)))
        return rc;
    if (strcmp(chosen, p.start_date)) {
        const char *why;
        if ((rc = calendar_date_note(ctx->db, &ctx->arena, school.id, chosen, &why, &ctx->err)))
            return rc;
        fprintf(ctx->msg, "Note: %s So the programme starts on %s, the next school day.\n",
                calendar_note_sentence(&ctx->arena, chosen, why), p.start_date);
    }
    fprintf(ctx->out, "Sessions (on school days: weekends, holidays and the breaks between terms "
                      "are skipped):\n");
    print_sessions(ctx, ss, n, t.n_agenda, &t, &p);
    print_warnings(ctx, &t, &p);
    return 0;
}

int programme_list_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    int rc = cli_school(ctx, a, &school);
    if (rc)
        return rc;
    struct provision_filter f = { .school_id = school.id, .programmes_only = true };
    struct provision *ps;
    size_t n;
    if ((rc = provision_list(ctx->db, &ctx->arena, &f, &ps, &n, &ctx->err)))
        return rc;
    if (cli_flag(a, "--json")) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n && arr; i++)
            if (json_array_append_new(arr, repr_provision(&ps[i], false))) {
                json_decref(arr);
                arr = NULL;
            }
        return cli_print_json(ctx, arr ? json_pack("{s:s, s:i, s:o}", "school", school.urn, "count",
                                                   (int)n, "programmes", arr)
                                       : NULL);
    }
    if (n == 0) {
        fprintf(ctx->out, "No programmes yet. Start one with `meso programme start TEMPLATE "
                          "--start DATE` (templates: `meso template list`).\n");
        return 0;
    }
    fprintf(ctx->out, "%-4s %-32s %-18s %-10s %-23s %-8s %s\n", "ID", "PROGRAMME", "TEMPLATE",
            "TIER", "DATES", "ENROLLED", "HELD");
    for (size_t i = 0; i < n; i++)
        fprintf(ctx->out, "%-4lld %-32.32s %-18s %-10s %s..%-11s %-8d %d of %d\n",
                (long long)ps[i].id, ps[i].name, ps[i].template_key ? ps[i].template_key : "-",
                ps[i].tier, ps[i].start_date, ps[i].end_date, ps[i].pupils_consented,
                ps[i].sessions_held, ps[i].sessions);
    return 0;
}

int programme_show_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct provision p;
    struct progtemplate t;
    int rc = cohort(ctx, a, &school, &p);
    if (rc || (rc = cohort_template(ctx, &p, &t)))
        return rc;
    struct prog_session *ss;
    size_t n;
    if ((rc = programme_sessions(ctx->db, &ctx->arena, p.id, &ss, &n, &ctx->err)))
        return rc;
    if (cli_wants_doc(a)) {
        json_t *o = repr_provision(&p, true), *jss = json_array(), *jw = json_array();
        for (size_t i = 0; i < n && jss; i++)
            if (json_array_append_new(jss, repr_prog_session(&ss[i], t.n_agenda))) {
                json_decref(jss);
                jss = NULL;
            }
        struct prog_warning *w;
        size_t n_w = 0;
        if (programme_warnings(&ctx->arena, &t, &p, date_today(), &w, &n_w) == 0)
            for (size_t i = 0; i < n_w && jw; i++)
                json_array_append_new(
                    jw, json_pack("{s:s, s:s}", "code", w[i].code, "text", w[i].text));
        if (!o || !jss || !jw || json_object_set_new(o, "sessions", jss) ||
            json_object_set_new(o, "warnings", jw)) {
            json_decref(o);
            return err_set(&ctx->err, ERR_NOMEM, "out of memory");
        }
        return cli_emit_doc(ctx, a, "Programme", o, true);
    }
    fprintf(ctx->out, "Programme %lld: %s%s%s%s\n", (long long)p.id, p.name,
            strcmp(p.name, t.name) ? " (" : "", strcmp(p.name, t.name) ? t.name : "",
            strcmp(p.name, t.name) ? ")" : "");
    fprintf(ctx->out, "  Tier: %s\n", provision_tier_label(p.tier));
    fprintf(ctx->out, "  Outcomes:");
    for (size_t i = 0; i < p.n_outcomes; i++)
        fprintf(ctx->out, "%s %s", i ? "," : "", p.outcomes[i]);
    fprintf(ctx->out, "%s\n", p.n_outcomes ? "" : " none recorded");
    fprintf(ctx->out, "  Evidence: %s%s%s\n", provision_evidence_label(p.evidence_rating),
            p.evidence_reference ? "; " : "", p.evidence_reference ? p.evidence_reference : "");
    fprintf(ctx->out, "  Dates: %s to %s%s%s\n", p.start_date, p.end_date,
            p.review_date[0] ? "; review " : "", p.review_date);
    fprintf(ctx->out, "  Sessions: %d of %d minutes; %s at %d\n", p.sessions, p.session_minutes,
            t.complete_word, p.complete_at);
    struct provision_costs c;
    provision_costs_of(&p, &c);
    fprintf(ctx->out, "  Costs: %s so far, %s projected", money(ctx, c.total_to_date),
            money(ctx, c.total_projected));
    if (c.per_pupil_projected >= 0)
        fprintf(ctx->out, "; per pupil %s so far, %s projected", money(ctx, c.per_pupil_to_date),
                money(ctx, c.per_pupil_projected));
    fprintf(ctx->out, "\nTeam:\n");
    if (!p.n_team)
        fprintf(ctx->out, "  nobody yet (meso programme team %lld --role ROLE --name NAME)\n",
                (long long)p.id);
    for (size_t i = 0; i < p.n_team; i++)
        fprintf(ctx->out, "  [%lld] %s, %s%s\n", (long long)p.team[i].id, p.team[i].name,
                progtemplate_role_label(&t, p.team[i].role), p.team[i].staff_id ? " (staff)" : "");
    fprintf(ctx->out, "%s:\n", t.counts_when == PT_COUNTS_CHILD ? "Pupils" : "Families");
    for (size_t i = 0; i < p.n_enrolments; i++) {
        const struct enrolment *en = &p.enrolments[i];
        struct prog_dosage d;
        programme_dosage(t.counts_when, p.complete_at, p.session_minutes, ss, n, en->id,
                         en->left_on[0] != '\0', &d);
        fprintf(ctx->out, "  %s %-24s", en->upn, en->pupil_name);
        if (en->hub)
            fprintf(ctx->out, " hub %d", en->hub);
        fprintf(ctx->out, "  consent %s", consent_names[en->consent]);
        if (en->consent == CONSENT_GIVEN)
            fprintf(ctx->out, "; %d of %d sessions; %s", d.attended, d.held,
                    d.status == PROG_COMPLETED  ? t.complete_word
                    : d.status == PROG_ON_TRACK ? "on track"
                                                : "not completing");
        if (en->left_on[0])
            fprintf(ctx->out, "; left %s", en->left_on);
        fprintf(ctx->out, "\n");
    }
    if (!p.n_enrolments)
        fprintf(ctx->out, "  nobody yet (meso programme enrol %lld UPN)\n", (long long)p.id);
    fprintf(ctx->out, "Sessions:\n");
    print_sessions(ctx, ss, n, t.n_agenda, &t, &p);
    print_warnings(ctx, &t, &p);
    return 0;
}

int programme_team_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct provision p;
    struct progtemplate t;
    int rc = cohort(ctx, a, &school, &p);
    if (rc || (rc = cohort_template(ctx, &p, &t)))
        return rc;
    struct audit_entry who = cli_who(ctx);
    const char *remove = cli_opt(a, "--remove");
    if (remove) {
        int64_t mid;
        if ((rc = cli_id(ctx, remove, "team member", &mid)) ||
            (rc = provision_team_remove(ctx->db, p.id, mid, &who, &ctx->err)))
            return rc;
        fprintf(ctx->out, "Taken off the team.\n");
    } else {
        struct team_member m = { .role = cli_opt(a, "--role"), .name = cli_opt(a, "--name") };
        const char *email = cli_opt(a, "--staff");
        if (!m.role || (!email && !m.name))
            return err_set(&ctx->err, ERR_USAGE,
                           "meso programme team needs --role and --staff EMAIL or --name NAME");
        if (email && (rc = cli_staff_id(ctx, school.id, email, "--staff", &m.staff_id)))
            return rc;
        if ((rc = provision_team_add(ctx->db, p.id, &m, &who, &ctx->err)))
            return rc;
        bool known = false;
        for (size_t i = 0; i < t.n_roles; i++)
            known |= !strcmp(t.roles[i].code, m.role);
        fprintf(ctx->out, "Added team member %lld as %s.\n", (long long)m.id,
                progtemplate_role_label(&t, m.role));
        if (!known && t.n_roles) {
            fprintf(ctx->out, "(%s's roles are", t.name);
            for (size_t i = 0; i < t.n_roles; i++)
                fprintf(ctx->out, "%s %s", i ? "," : "", t.roles[i].code);
            fprintf(ctx->out, ".)\n");
        }
    }
    if ((rc = provision_get(ctx->db, &ctx->arena, p.id, school.id, &who, &p, &ctx->err)))
        return rc;
    print_warnings(ctx, &t, &p);
    return 0;
}

int cli_enrolment_opts(struct cli_ctx *ctx, const struct cli_args *a, const struct provision *p,
                       int64_t pupil_id, struct enrolment *en, bool *existing)
{
    *en = (struct enrolment){ .provision_id = p->id, .pupil_id = pupil_id };
    *existing = false;
    for (size_t i = 0; i < p->n_enrolments; i++)
        if (p->enrolments[i].pupil_id == pupil_id) {
            *en = p->enrolments[i];
            *existing = true;
        }
    const char *s;
    int rc;
    if ((s = cli_opt(a, "--consent"))) {
        enum consent c;
        if (provision_parse_consent(s, &c))
            return err_set(&ctx->err, ERR_USAGE,
                           "--consent takes not-requested, awaiting, given or declined");
        if (c != en->consent)
            en->consent_on[0] = '\0';
        en->consent = c;
    }
    /* A changed consent is dated today (by the model) unless a date is given. */
    if (cli_opt(a, "--consent-date") &&
        (rc = cli_date_opt(ctx, a, "--consent-date", en->consent_on)))
        return rc;
    if (cli_opt(a, "--left")) {
        if ((rc = cli_date_opt(ctx, a, "--left", en->left_on)))
            return rc;
        en->left_reason = cli_opt(a, "--reason");
    }
    return 0;
}

int programme_enrol_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct provision p;
    struct progtemplate t;
    int rc = cohort(ctx, a, &school, &p);
    if (rc || (rc = cohort_template(ctx, &p, &t)))
        return rc;
    struct pupil pu;
    struct school s2;
    if ((rc = cli_pupil(ctx, a, a->pos[1], &s2, &pu)))
        return rc;
    struct enrolment en;
    bool existing;
    if ((rc = cli_enrolment_opts(ctx, a, &p, pu.id, &en, &existing)))
        return rc;
    const char *s;
    long long hub = en.hub;
    if ((rc = cli_opt_int(ctx, a, "--hub", 0, 99, &hub)))
        return rc;
    en.hub = (int)hub;
    if ((s = cli_opt(a, "--carer"))) {
        if ((rc = cli_id(ctx, s, "carer", &en.carer_id)))
            return rc;
    } else if (!existing && t.counts_when != PT_COUNTS_CHILD) {
        /* The first contact, when the family takes part. */
        if ((rc = carer_first_contact(ctx->db, pu.id, &en.carer_id, &ctx->err)))
            return rc;
    }
    if (!existing && (rc = cli_date_opt(ctx, a, "--date", en.enrolled_on)))
        return rc;
    struct audit_entry who = cli_who(ctx);
    if ((rc = provision_enrol(ctx->db, &en, &who, &ctx->err)))
        return rc;
    fprintf(ctx->out, "%s %s in %s: consent %s%s%s.\n", existing ? "Updated" : "Enrolled",
            pupil_display_name(&ctx->arena, &pu), p.name, consent_names[en.consent],
            en.hub ? arena_sprintf(&ctx->arena, ", hub %d", en.hub) : "",
            en.left_on[0] ? arena_sprintf(&ctx->arena, ", left %s", en.left_on) : "");
    if ((rc = provision_get(ctx->db, &ctx->arena, p.id, school.id, &who, &p, &ctx->err)))
        return rc;
    print_warnings(ctx, &t, &p);
    return 0;
}

/* Parse a list of UPNs into enrolment ids of p. */
static int upn_set(struct cli_ctx *ctx, const struct provision *p, const char *list,
                   const char *option, int64_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!list)
        return 0;
    char *copy = arena_strdup(&ctx->arena, list);
    size_t cap = 0;
    for (char *tok = copy; tok && *tok;) {
        char *comma = strchr(tok, ',');
        if (comma)
            *comma = '\0';
        char *v = str_trim(tok);
        if (*v) {
            const struct enrolment *en = enrolment_by_upn(ctx, p, v, option);
            if (!en)
                return ctx->err.code;
            int64_t *id = arena_push(&ctx->arena, out, n, &cap, sizeof *id);
            if (!id)
                return err_set(&ctx->err, ERR_NOMEM, "out of memory");
            *id = en->id;
        }
        tok = comma ? comma + 1 : NULL;
    }
    return 0;
}

static bool in_set(const int64_t *ids, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (ids[i] == id)
            return true;
    return false;
}

int programme_session_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct provision p;
    struct progtemplate t;
    int rc = cohort(ctx, a, &school, &p);
    if (rc || (rc = cohort_template(ctx, &p, &t)))
        return rc;
    enum session_kind kind;
    int seq;
    struct prog_session s;
    if ((rc = parse_session(ctx, a->pos[1], &kind, &seq)) ||
        (rc = programme_session_find(ctx->db, &ctx->arena, p.id, kind, seq, &s, &ctx->err)))
        return rc;
    struct prog_session_record r = { .notes = cli_opt(a, "--notes") };
    char date[11];
    if ((rc = cli_date_opt(ctx, a, "--date", date)))
        return rc;
    if (date[0])
        r.date = date;
    const char *st = cli_opt(a, "--status");
    enum session_status status;
    if (st) {
        if (!strcmp(st, "held"))
            status = SESSION_HELD;
        else if (!strcmp(st, "cancelled"))
            status = SESSION_CANCELLED;
        else if (!strcmp(st, "planned"))
            status = SESSION_PLANNED;
        else
            return err_set(&ctx->err, ERR_USAGE, "--status takes held, cancelled or planned");
        r.status = &status;
    }
    /* Attendance: everyone listed; the other consented families (in --hub,
     * when given) did not come. */
    const char *both = cli_opt(a, "--attended"), *child = cli_opt(a, "--child-only"),
               *parent = cli_opt(a, "--parent-only");
    long long hub = 0;
    if ((rc = cli_opt_int(ctx, a, "--hub", 1, 99, &hub)))
        return rc;
    if (both || child || parent || cli_flag(a, "--nobody")) {
        int64_t *b, *c, *pa;
        size_t nb, nc, np;
        if ((rc = upn_set(ctx, &p, both, "--attended", &b, &nb)) ||
            (rc = upn_set(ctx, &p, child, "--child-only", &c, &nc)) ||
            (rc = upn_set(ctx, &p, parent, "--parent-only", &pa, &np)))
            return rc;
        struct prog_attendance *att =
            arena_array(&ctx->arena, p.n_enrolments ? p.n_enrolments : 1, sizeof *att);
        if (!att)
            return err_set(&ctx->err, ERR_NOMEM, "out of memory");
        size_t n = 0;
        for (size_t i = 0; i < p.n_enrolments; i++) {
            const struct enrolment *en = &p.enrolments[i];
            bool listed = in_set(b, nb, en->id) || in_set(c, nc, en->id) || in_set(pa, np, en->id);
            if (!listed && (en->consent != CONSENT_GIVEN || (hub && en->hub != hub)))
                continue;
            att[n++] = (struct prog_attendance){
                .enrolment_id = en->id,
                .child = in_set(b, nb, en->id) || in_set(c, nc, en->id),
                .parent = in_set(b, nb, en->id) || in_set(pa, np, en->id),
            };
        }
        r.attendance = att;
        r.n_attendance = n;
    }
    const char *list = cli_opt(a, "--checklist");
    bool done[PT_MAX_AGENDA] = { false };
    if (list) {
        if (!strcmp(list, "all")) {
            for (size_t i = 0; i < t.n_agenda; i++)
                done[i] = true;
        } else if (strcmp(list, "none") != 0) {
            char *copy = arena_strdup(&ctx->arena, list);
            for (char *tok = copy; tok && *tok;) {
                char *comma = strchr(tok, ',');
                if (comma)
                    *comma = '\0';
                long long v;
                if (str_to_int(tok, 1, (long long)t.n_agenda, &v) != 0)
                    return err_set(&ctx->err, ERR_USAGE,
                                   "--checklist takes the numbers of the items done (1 to %zu), "
                                   "all or none (see `meso template show %s`)",
                                   t.n_agenda, t.key);
                done[v - 1] = true;
                tok = comma ? comma + 1 : NULL;
            }
        }
        r.done = done;
        r.n_done = t.n_agenda;
    }
    struct audit_entry who = cli_who(ctx);
    if ((rc = programme_session_record(ctx->db, &ctx->arena, p.id, s.id, &r, &who, &ctx->err)))
        return rc;
    if ((rc = programme_session_get(ctx->db, &ctx->arena, p.id, s.id, &s, &ctx->err)))
        return rc;
    fprintf(ctx->out, "Session %s of %s on %s: %s", session_label(ctx, &s), p.name, s.date,
            session_status_names[s.status]);
    if (s.status == SESSION_HELD) {
        int came = 0;
        for (size_t k = 0; k < s.n_attendance; k++)
            came += programme_counts(t.counts_when, s.attendance[k].child, s.attendance[k].parent);
        fprintf(ctx->out, "; %d of %d %s came", came, p.pupils_consented, progtemplate_people(&t));
        double fid = programme_session_fidelity(&s, t.n_agenda);
        if (fid >= 0)
            fprintf(ctx->out, "; checklist %.0f%%", 100 * fid);
    }
    fprintf(ctx->out, ".\n");
    return 0;
}

int programme_followon_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct provision p;
    int rc = cohort(ctx, a, &school, &p);
    char date[11];
    if (rc || (rc = cli_date(ctx, a, "--date", date)))
        return rc;
    int64_t sid;
    struct audit_entry who = cli_who(ctx);
    if ((rc = programme_followon_add(ctx->db, p.id, date, cli_opt(a, "--notes"), &who, &sid,
                                     &ctx->err)))
        return rc;
    struct prog_session s;
    if ((rc = programme_session_get(ctx->db, &ctx->arena, p.id, sid, &s, &ctx->err)))
        return rc;
    fprintf(ctx->out,
            "Logged follow-on meeting %d on %s. Record who came with `meso programme session "
            "%lld followon-%d --attended UPNS`.\n",
            s.seq, s.date, (long long)p.id, s.seq);
    cli_date_note(ctx, school.id, s.date);
    return 0;
}

int programme_cost_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct provision p;
    int rc = cohort(ctx, a, &school, &p);
    if (rc)
        return rc;
    struct provision_cost_item item = { .what = cli_opt(a, "--what"),
                                        .per_session = cli_flag(a, "--per-session") };
    const char *amount = cli_opt(a, "--amount");
    if (!item.what || !amount)
        return err_set(&ctx->err, ERR_USAGE, "meso programme cost needs --what and --amount");
    if (provision_parse_money(amount, &item.pence))
        return err_set(&ctx->err, ERR_USAGE, "--amount takes pounds, like 120 or 12.50");
    struct audit_entry who = cli_who(ctx);
    if ((rc = provision_cost_add(ctx->db, p.id, &item, &who, &ctx->err)))
        return rc;
    fprintf(ctx->out, "Added the cost '%s': %s%s.\n", item.what, money(ctx, item.pence),
            item.per_session ? " a session" : "");
    return 0;
}

int programme_quote_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct provision p;
    int rc = cohort(ctx, a, &school, &p);
    if (rc)
        return rc;
    struct prog_quote q = { .provision_id = p.id,
                            .speaker = cli_opt(a, "--who"),
                            .text = cli_opt(a, "--text"),
                            .attribution = cli_opt(a, "--as") };
    if (!q.speaker || !q.text)
        return err_set(&ctx->err, ERR_USAGE, "meso programme quote needs --who and --text");
    if ((rc = cli_date_opt(ctx, a, "--consent", q.consent_on)))
        return rc;
    struct audit_entry who = cli_who(ctx);
    if ((rc = programme_quote_add(ctx->db, &q, &who, &ctx->err)))
        return rc;
    fprintf(ctx->out, "Kept the quote (%s).\n", q.speaker);
    return 0;
}

static const char *signer(struct cli_ctx *ctx, const struct cli_args *a, const struct provision *p)
{
    const char *s = cli_opt(a, "--signed");
    if (s)
        return s;
    for (size_t i = 0; i < p->n_team; i++)
        if (p->team[i].staff_id)
            return arena_sprintf(&ctx->arena, "%s, for the %s team", p->team[i].name, p->name);
    return NULL;
}

int programme_letter_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct provision p;
    struct progtemplate t;
    int rc = cohort(ctx, a, &school, &p);
    if (rc || (rc = cohort_template(ctx, &p, &t)))
        return rc;
    const char *out = cli_opt(a, "--out");
    if (!out)
        return err_set(&ctx->err, ERR_USAGE, "meso programme letter needs --out FILE.pdf");
    const struct enrolment *en = enrolment_by_upn(ctx, &p, a->pos[1], "UPN");
    if (!en)
        return ctx->err.code;
    struct prog_session *ss;
    size_t n;
    if ((rc = programme_sessions(ctx->db, &ctx->arena, p.id, &ss, &n, &ctx->err)))
        return rc;
    struct buf b;
    buf_init(&b, PDF_MAX);
    rc = progdocs_invitation(&b, &ctx->arena, school.name, &t, &p, en, ss, n, signer(ctx, a, &p),
                             &ctx->err);
    if (rc == 0)
        rc = write_out(ctx, out, &b);
    buf_release(&b);
    if (rc)
        return rc;
    struct audit_entry who = cli_who(ctx);
    struct audit_entry au = { .actor = who.actor,
                              .action = "print invitation",
                              .entity = "provision",
                              .entity_id = p.id,
                              .pupil_id = en->pupil_id,
                              .school_id = school.id };
    if ((rc = audit_log(ctx->db, &au, &ctx->err)))
        return rc;
    if (strcmp(out, "-"))
        fprintf(ctx->msg, "Wrote the invitation for %s's family to %s.\n", en->forename, out);
    return 0;
}

/* ---- stories and reading ------------------------------------------------- */

static int read_text_file(struct cli_ctx *ctx, const char *path, const char **out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return err_set(&ctx->err, ERR_INPUT, "--file: cannot read %s: %s", path, strerror(errno));
    struct buf b;
    buf_init(&b, STORY_UPLOAD_MAX + 1);
    char chunk[4096];
    size_t got;
    int rc = 0;
    while (rc == 0 && (got = fread(chunk, 1, sizeof chunk, f)) > 0)
        rc = buf_add(&b, chunk, got);
    fclose(f);
    if (rc == ERR_LIMIT)
        rc = err_set(&ctx->err, ERR_INPUT, "--file: %s is larger than %d KiB", path,
                     STORY_UPLOAD_MAX / 1024);
    else if (rc)
        rc = err_set(&ctx->err, ERR_NOMEM, "out of memory");
    else if ((rc =
                  story_text_from_upload(&ctx->arena, b.data ? b.data : "", b.len, out, &ctx->err)))
        err_wrap(&ctx->err, "--file %s", path);
    buf_release(&b);
    return rc;
}

int story_add_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct provision p;
    int rc = cohort(ctx, a, &school, &p);
    if (rc)
        return rc;
    const struct enrolment *en = the_enrolment(ctx, a, &p);
    if (!en)
        return ctx->err.code;
    enum session_kind kind;
    int seq;
    struct prog_session s;
    if ((rc = parse_session(ctx, a->pos[1], &kind, &seq)) ||
        (rc = programme_session_find(ctx->db, &ctx->arena, p.id, kind, seq, &s, &ctx->err)))
        return rc;
    struct story st = { .session_id = s.id,
                        .enrolment_id = en->id,
                        .title = cli_opt(a, "--title"),
                        .coauthors = cli_opt(a, "--coauthors"),
                        .body = cli_opt(a, "--text"),
                        .reading_level = cli_opt(a, "--reading-level") };
    const char *file = cli_opt(a, "--file");
    if (!st.title || (!st.body && !file) || (st.body && file))
        return err_set(&ctx->err, ERR_USAGE,
                       "meso story add needs --title and either --text or --file");
    if (file) {
        if ((rc = read_text_file(ctx, file, &st.body)))
            return rc;
        st.uploaded = true;
        const char *slash = strrchr(file, '/');
        st.filename = slash ? slash + 1 : file;
    }
    struct audit_entry who = cli_who(ctx);
    if ((rc = story_save(ctx->db, &st, &who, &ctx->err)))
        return rc;
    fprintf(ctx->out, "Saved \"%s\", %s's story from session %s.\n", st.title, en->forename,
            session_label(ctx, &s));
    return 0;
}

int story_list_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct provision p;
    int rc = cohort(ctx, a, &school, &p);
    if (rc)
        return rc;
    const struct enrolment *en = the_enrolment(ctx, a, &p);
    if (!en)
        return ctx->err.code;
    struct story *ss;
    size_t n;
    struct audit_entry who = cli_who(ctx);
    if ((rc = story_list_for_enrolment(ctx->db, &ctx->arena, en->id, &who, &ss, &n, &ctx->err)))
        return rc;
    if (cli_flag(a, "--json")) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n && arr; i++)
            if (json_array_append_new(arr, repr_story(&ss[i]))) {
                json_decref(arr);
                arr = NULL;
            }
        return cli_print_json(
            ctx, arr ? json_pack("{s:s, s:i, s:o}", "upn", en->upn, "count", (int)n, "stories", arr)
                     : NULL);
    }
    fprintf(ctx->out, "%s's stories (%zu):\n", en->forename, n);
    for (size_t i = 0; i < n; i++)
        fprintf(ctx->out, "  session %d, %s: %s%s%s\n", ss[i].session_seq, ss[i].session_date,
                ss[i].title, ss[i].coauthors ? ", by " : "",
                ss[i].coauthors ? ss[i].coauthors : "");
    return 0;
}

int story_booklet_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct provision p;
    int rc = cohort(ctx, a, &school, &p);
    if (rc)
        return rc;
    const char *out = cli_opt(a, "--out");
    if (!out)
        return err_set(&ctx->err, ERR_USAGE, "meso story booklet needs --out FILE.pdf");
    const struct enrolment *en = the_enrolment(ctx, a, &p);
    if (!en)
        return ctx->err.code;
    struct story *ss;
    size_t n;
    struct audit_entry who = cli_who(ctx);
    if ((rc = story_list_for_enrolment(ctx->db, &ctx->arena, en->id, &who, &ss, &n, &ctx->err)))
        return rc;
    struct buf b;
    buf_init(&b, PDF_MAX);
    rc = progdocs_booklet(&b, &ctx->arena, school.name, en->forename, ss, n, &ctx->err);
    if (rc == 0)
        rc = write_out(ctx, out, &b);
    buf_release(&b);
    if (rc == 0 && strcmp(out, "-"))
        fprintf(ctx->msg, "Wrote %s's booklet of %zu %s to %s.\n", en->forename, n,
                n == 1 ? "story" : "stories", out);
    return rc;
}

int reading_add_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct provision p;
    int rc = cohort(ctx, a, &school, &p);
    if (rc)
        return rc;
    const struct enrolment *en = the_enrolment(ctx, a, &p);
    if (!en)
        return ctx->err.code;
    struct reading_session r = { .enrolment_id = en->id,
                                 .minutes = 20,
                                 .notes = cli_opt(a, "--notes") };
    long long minutes = 20;
    if ((rc = cli_date(ctx, a, "--date", r.read_on)) ||
        (rc = cli_opt_int(ctx, a, "--minutes", 1, 240, &minutes)))
        return rc;
    r.minutes = (int)minutes;
    const char *email = cli_opt(a, "--staff");
    if (email && (rc = cli_staff_id(ctx, school.id, email, "--staff", &r.staff_id)))
        return rc;
    struct audit_entry who = cli_who(ctx);
    if ((rc = reading_add(ctx->db, &r, &who, &ctx->err)))
        return rc;
    fprintf(ctx->out, "Logged %d minutes' reading with %s on %s.\n", r.minutes, en->forename,
            r.read_on);
    cli_date_note(ctx, school.id, r.read_on);
    return 0;
}

/* ---- the report ---------------------------------------------------------- */

struct pairs_ctx {
    struct cli_ctx *ctx;
    const struct provision *p;
    const char *file;
    int col_upn, col_pre, col_post;
    struct prog_pair *pairs;
    size_t n, cap;
};

static int pair_row(void *vctx, long line, char **fields, const size_t *lens, size_t n)
{
    (void)lens;
    struct pairs_ctx *x = vctx;
    struct cli_ctx *ctx = x->ctx;
    if (x->col_upn < 0) {
        for (size_t i = 0; i < n; i++) {
            char key[32];
            str_key(key, sizeof key, fields[i]);
            if (!strcmp(key, "upn"))
                x->col_upn = (int)i;
            else if (!strcmp(key, "pre") || !strcmp(key, "before"))
                x->col_pre = (int)i;
            else if (!strcmp(key, "post") || !strcmp(key, "after"))
                x->col_post = (int)i;
        }
        if (x->col_upn < 0 || x->col_pre < 0 || x->col_post < 0)
            return err_set(&ctx->err, ERR_INPUT,
                           "%s:%ld: the header needs the columns upn, pre "
                           "and post",
                           x->file, line);
        return 0;
    }
    int need = x->col_upn > x->col_pre ? x->col_upn : x->col_pre;
    need = need > x->col_post ? need : x->col_post;
    if ((int)n <= need)
        return err_set(&ctx->err, ERR_INPUT, "%s:%ld: the row has too few columns", x->file, line);
    const struct enrolment *en = enrolment_by_upn(ctx, x->p, fields[x->col_upn], "upn");
    if (!en) {
        err_wrap(&ctx->err, "%s:%ld", x->file, line);
        return ERR_INPUT;
    }
    double pre, post;
    if (str_to_double(fields[x->col_pre], &pre) || str_to_double(fields[x->col_post], &post))
        return err_set(&ctx->err, ERR_INPUT, "%s:%ld: pre and post must be numbers", x->file, line);
    struct prog_pair *pp = arena_push(&ctx->arena, &x->pairs, &x->n, &x->cap, sizeof *pp);
    if (!pp)
        return err_set(&ctx->err, ERR_NOMEM, "out of memory");
    pp->pupil_id = en->pupil_id;
    pp->pre = pre;
    pp->post = post;
    return 0;
}

static void print_report(struct cli_ctx *ctx, const struct progreport *r)
{
    const struct provision *p = &r->prov;
    const char *word = r->has_template ? r->tmpl.complete_word : "completed";
    FILE *o = ctx->out;
    fprintf(o, "%s (programme %lld), %s to %s\n", p->name, (long long)p->id, p->start_date,
            p->end_date);
    fprintf(o, "Recruitment: %d invited; consent given %d, waiting %d, not asked %d, declined %d\n",
            r->invited, r->consent_given, r->awaiting, r->not_requested, r->declined);
    fprintf(o, "Retention: %d enrolled, %d came at least once, %d %s, %d stopped coming\n",
            r->families_enrolled, r->families_started, r->families_completed, word,
            r->families_left);
    if (r->retention >= 0)
        fprintf(o, "  retention %.0f%%", 100 * r->retention);
    if (r->mean_sessions_attended >= 0)
        fprintf(o, "  mean sessions attended %.1f of %d", r->mean_sessions_attended,
                r->sessions_planned);
    fprintf(o,
            "\nReach: %d children and %d parents came; of those enrolled, %d FSM, %d SEN, %d "
            "EAL\n",
            r->children_reached, r->parents_reached, r->reach_fsm, r->reach_sen, r->reach_eal);
    fprintf(o, "Attendance by session:\n");
    for (size_t i = 0; i < r->n_sessions; i++) {
        const struct progreport_session *s = &r->sessions[i];
        fprintf(o, "  %-10s %s ",
                s->kind == SESSION_COMMITMENT ? "first" : arena_sprintf(&ctx->arena, "%d", s->seq),
                s->date);
        if (s->status == SESSION_HELD) {
            fprintf(o, "%d families (%d children, %d parents)", s->families, s->children,
                    s->parents);
            if (s->fidelity >= 0)
                fprintf(o, ", checklist %.0f%%", 100 * s->fidelity);
        } else {
            char today[11];
            date_iso(date_today(), today);
            fprintf(o, "%s",
                    s->status == SESSION_CANCELLED ? "cancelled"
                    : strcmp(s->date, today) <= 0  ? "not recorded"
                                                   : "to come");
        }
        fprintf(o, "\n");
    }
    fprintf(o, "Fidelity: ");
    if (r->mean_fidelity >= 0)
        fprintf(o, "%.0f%% over %d sessions\n", 100 * r->mean_fidelity, r->fidelity_sessions);
    else
        fprintf(o, "no checklists recorded\n");
    const struct progreport_outcome *oc = &r->outcome;
    if (oc->instrument) {
        fprintf(o, "Before and after (%s, %s is better): %zu of %zu children",
                effectwords_measure(&ctx->arena, oc->instrument, oc->score),
                oc->better < 0 ? "lower" : "higher", oc->n, oc->children);
        if (oc->n)
            fprintf(o, "; mean %.1f -> %.1f (change %+.1f)", oc->mean_pre, oc->mean_post,
                    oc->mean_change);
        fprintf(o, "\n");
        if (oc->has_effect)
            fprintf(o, "  %s. %s\n", effectwords_kind(&ctx->arena, oc, false),
                    effectwords_effect(&ctx->arena, oc));
        else if (oc->effect_note)
            fprintf(o, "  %s\n", oc->effect_note);
        if (oc->has_rci)
            fprintf(o,
                    "  Reliable change: %zu improved, %zu no reliable change, %zu "
                    "deteriorated\n",
                    oc->rci.improved, oc->rci.unchanged, oc->rci.deteriorated);
        fprintf(o, "  %s\n", effectwords_reliability(&ctx->arena, oc));
        const struct progcompare *c = &oc->comparison;
        if (c->attempted && c->declined)
            fprintf(o, "Comparison group: %s\n", c->reason);
        else if (c->attempted)
            fprintf(o, "Comparison group: %s.\n  %s\n  %s\n  %s\n",
                    effectwords_kind(&ctx->arena, oc, true),
                    effectwords_comparison(&ctx->arena, oc),
                    effectwords_comparison_method(&ctx->arena, oc),
                    effectwords_comparison_reliability(&ctx->arena, oc));
    }
    if (r->has_template && r->tmpl.stories)
        fprintf(o, "Stories %d; follow-up reading %d sessions (%d minutes)\n", r->stories,
                r->reading_sessions, r->reading_minutes);
    if (r->has_template && r->tmpl.followon_months)
        fprintf(o, "Follow-on meetings %d; families at any %d\n", r->followon_meetings,
                r->followon_families);
    fprintf(o, "Costs: %s so far, %s projected\n", money(ctx, r->costs.total_to_date),
            money(ctx, r->costs.total_projected));
    for (size_t i = 0; i < r->n_quotes; i++)
        fprintf(o, "  \"%s\" (%s)\n", r->quotes[i].text,
                r->quotes[i].attribution ? r->quotes[i].attribution : r->quotes[i].speaker);
}

int report_programme_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    int64_t id;
    int rc = cli_school(ctx, a, &school);
    if (rc || (rc = cli_id(ctx, a->pos[0], "programme", &id)))
        return rc;
    struct progreport_opts o = { .instrument = cli_opt(a, "--instrument"),
                                 .score = cli_opt(a, "--score") };
    if (!o.instrument != !o.score)
        return err_set(&ctx->err, ERR_USAGE, "give --instrument and --score together");
    const char *sd = cli_opt(a, "--rci-sd"), *r = cli_opt(a, "--rci-r");
    if (!sd != !r)
        return err_set(&ctx->err, ERR_USAGE, "give --rci-sd and --rci-r together");
    if (sd) {
        if (str_to_double(sd, &o.rci_sd) || !(o.rci_sd > 0) || str_to_double(r, &o.rci_r) ||
            !(o.rci_r >= 0 && o.rci_r < 1))
            return err_set(&ctx->err, ERR_USAGE,
                           "--rci-sd takes an SD above 0 and --rci-r a test-retest r from 0 to "
                           "below 1");
        o.has_rci = true;
    }
    const char *file = cli_opt(a, "--outcomes");
    struct audit_entry who = cli_who(ctx);
    struct progreport rep;
    if (file) {
        struct provision p;
        if ((rc = provision_get(ctx->db, &ctx->arena, id, school.id, &who, &p, &ctx->err)))
            return rc;
        struct pairs_ctx x = {
            .ctx = ctx, .p = &p, .file = file, .col_upn = -1, .col_pre = -1, .col_post = -1
        };
        if ((rc = csv_read_file(file, pair_row, &x, &ctx->err)))
            return rc == ERR_STORAGE ? err_set(&ctx->err, ERR_INPUT, "%s", ctx->err.msg) : rc;
        o.pairs_given = true;
        o.pairs = x.pairs;
        o.n_pairs = x.n;
    }
    rc = progreport_build(ctx->db, &ctx->arena, id, school.id, &o, &who, &rep, &ctx->err);
    if (rc == ERR_NOTFOUND)
        return err_set(&ctx->err, ERR_NOTFOUND,
                       "there is no programme number %s at this school (see `meso programme "
                       "list`)",
                       a->pos[0]);
    if (rc)
        return rc;
    const char *named = cli_opt(a, "--families-pdf");
    if (named) {
        struct buf b;
        buf_init(&b, PDF_MAX);
        rc = progdocs_families(&b, &ctx->arena, school.name, &rep, &ctx->err);
        if (rc == 0)
            rc = write_out(ctx, named, &b);
        buf_release(&b);
        if (rc)
            return rc;
        if (strcmp(named, "-"))
            fprintf(ctx->msg, "Wrote each family's attendance (for staff only) to %s.\n", named);
    }
    const char *pdf = cli_opt(a, "--pdf");
    if (pdf) {
        struct buf b;
        buf_init(&b, PDF_MAX);
        rc = progdocs_report(&b, &ctx->arena, school.name, &rep, &ctx->err);
        if (rc == 0)
            rc = write_out(ctx, pdf, &b);
        buf_release(&b);
        if (rc)
            return rc;
        if (strcmp(pdf, "-"))
            fprintf(ctx->msg, "Wrote the report to %s.\n", pdf);
        if (!cli_flag(a, "--json"))
            return 0;
    }
    if (cli_flag(a, "--json"))
        return cli_print_json(ctx, repr_progreport(&rep, school.urn));
    print_report(ctx, &rep);
    return 0;
}
