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

int cmd_prog_write_out(struct cli_ctx *ctx, const char *path, const struct buf *b)
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
int cmd_prog_cohort(struct cli_ctx *ctx, const struct cli_args *a, struct school *school,
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

int cmd_prog_cohort_template(struct cli_ctx *ctx, const struct provision *p, struct progtemplate *t)
{
    if (!p->template_id)
        return err_set(&ctx->err, ERR_INPUT, "%s is not run from a programme template", p->name);
    return progtemplate_get(ctx->db, &ctx->arena, p->template_id, t, &ctx->err);
}

/* The enrolment of the pupil with this UPN in p, or NULL (message set). */
const struct enrolment *cmd_prog_enrolment_by_upn(struct cli_ctx *ctx, const struct provision *p,
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
const struct enrolment *cmd_prog_the_enrolment(struct cli_ctx *ctx, const struct cli_args *a,
                                               const struct provision *p)
{
    const char *upn = cli_opt(a, "--upn");
    if (upn)
        return cmd_prog_enrolment_by_upn(ctx, p, upn, "--upn");
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

const char *cmd_prog_session_label(struct cli_ctx *ctx, const struct prog_session *s)
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
int cmd_prog_parse_session(struct cli_ctx *ctx, const char *s, enum session_kind *kind, int *seq)
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

const char *cmd_prog_money(struct cli_ctx *ctx, int64_t pence)
{
    char m[32];
    provision_money(pence, m, sizeof m);
    return arena_strdup(&ctx->arena, m);
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
        fprintf(ctx->out, "  %-12s %s %s  %s", cmd_prog_session_label(ctx, s),
                weekday_short(s->date), s->date, session_status_names[s->status]);
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
    int rc = cmd_prog_cohort(ctx, a, &school, &p);
    if (rc || (rc = cmd_prog_cohort_template(ctx, &p, &t)))
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
    fprintf(ctx->out, "  Costs: %s so far, %s projected", cmd_prog_money(ctx, c.total_to_date),
            cmd_prog_money(ctx, c.total_projected));
    if (c.per_pupil_projected >= 0)
        fprintf(ctx->out, "; per pupil %s so far, %s projected",
                cmd_prog_money(ctx, c.per_pupil_to_date),
                cmd_prog_money(ctx, c.per_pupil_projected));
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
    int rc = cmd_prog_cohort(ctx, a, &school, &p);
    if (rc || (rc = cmd_prog_cohort_template(ctx, &p, &t)))
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
    int rc = cmd_prog_cohort(ctx, a, &school, &p);
    if (rc || (rc = cmd_prog_cohort_template(ctx, &p, &t)))
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

int programme_cost_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct provision p;
    int rc = cmd_prog_cohort(ctx, a, &school, &p);
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
    fprintf(ctx->out, "Added the cost '%s': %s%s.\n", item.what, cmd_prog_money(ctx, item.pence),
            item.per_session ? " a session" : "");
    return 0;
}

int programme_quote_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct provision p;
    int rc = cmd_prog_cohort(ctx, a, &school, &p);
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
    int rc = cmd_prog_cohort(ctx, a, &school, &p);
    if (rc || (rc = cmd_prog_cohort_template(ctx, &p, &t)))
        return rc;
    const char *out = cli_opt(a, "--out");
    if (!out)
        return err_set(&ctx->err, ERR_USAGE, "meso programme letter needs --out FILE.pdf");
    const struct enrolment *en = cmd_prog_enrolment_by_upn(ctx, &p, a->pos[1], "UPN");
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
        rc = cmd_prog_write_out(ctx, out, &b);
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
