#include "pages/programmes/programmes.h"

#include <string.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "html/form.h"
#include "io/canvas_svg.h"
#include "model/access/access.h"
#include "model/register/audit.h"
#include "model/access/account.h"
#include "model/register/carer.h"
#include "view/effectwords.h"
#include "pages/programmes/progcompare_page.h"
#include "view/progdocs.h"
#include "model/programmes/programme.h"
#include "model/programmes/progreport.h"
#include "model/register/pupil.h"
#include "model/register/school.h"
#include "model/register/staff.h"
#include "model/programmes/story.h"
#include "pages/calnote.h"
#include "pages/common.h"
#include "pages/confirm.h"

#define PDF_MAX (32u * 1024 * 1024)

/* ---- shared ---------------------------------------------------------------- */

static struct audit_entry who_of(struct request *req)
{
    return (struct audit_entry){ .actor = req->who.actor ? req->who.actor : "user:?",
                                 .address = req->client };
}

int progpage_load(struct request *req, struct provision *p, struct progtemplate *t,
                  bool *can_manage)
{
    int64_t id = page_id(req, 0);
    if (id <= 0)
        return ERR_NOTFOUND;
    int rc = access_provision_visible(req->db, &req->who, id, &req->err);
    if (rc)
        return rc;
    struct audit_entry who = who_of(req);
    if ((rc = provision_get(req->db, &req->arena, id, req->who.school_id, &who, p, &req->err)))
        return rc;
    if (!p->template_id)
        return ERR_NOTFOUND; /* a provision not run as a programme has no pages here yet */
    if ((rc = progtemplate_get(req->db, &req->arena, p->template_id, t, &req->err)))
        return rc;
    *can_manage = page_is_lead(req);
    return 0;
}

const char *progpage_school(struct request *req)
{
    struct school s;
    if (school_by_id(req->db, &req->arena, req->who.school_id, &s, &req->err) == 0)
        return s.name;
    return "School";
}

int progpage_send_pdf(struct request *req, struct response *res, struct buf *b,
                      const char *filename)
{
    return page_send_document(req, res, b, "application/pdf", false, filename);
}

/* A model error "field: message" as a problem by field (else under
 * fallback). */
static void model_problem(struct request *req, struct problems *pr, const char *fallback)
{
    const char *msg = req->err.msg, *colon = strstr(msg, ": ");
    const char *field = fallback;
    if (colon && colon - msg < 30 && !memchr(msg, ' ', (size_t)(colon - msg))) {
        field = arena_strndup(&req->arena, msg, (size_t)(colon - msg));
        msg = colon + 2;
    }
    problems_add(pr, field ? field : fallback, "%s", page_sentence(req, msg));
}

static const char *people_word(const struct progtemplate *t, bool capital)
{
    bool pupils = t->counts_when == PT_COUNTS_CHILD;
    return capital ? (pupils ? "Pupils" : "Families") : (pupils ? "pupils" : "families");
}

static const char *status_text(const struct progtemplate *t, enum prog_status s)
{
    return s == PROG_COMPLETED
               ? (!strcmp(t->complete_word, "graduated") ? "Graduated" : "Completed")
           : s == PROG_ON_TRACK ? "On track"
                                : "Not completing";
}

static const char *session_name(struct request *req, const struct prog_session *s)
{
    switch (s->kind) {
    case SESSION_COMMITMENT:
        return "First meeting";
    case SESSION_FOLLOWON:
        return arena_sprintf(&req->arena, "Follow-on meeting %d", s->seq);
    case SESSION_WEEKLY:
        break;
    }
    return arena_sprintf(&req->arena, "Session %d", s->seq);
}

static void summary_row(struct html *h, const char *key, const char *value)
{
    html(h,
         "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s</dt>"
         "<dd class=\"govuk-summary-list__value\">%s</dd></div>\n",
         key, value && *value ? value : "Not recorded");
}

static const char *money(struct request *req, int64_t pence)
{
    char m[32];
    provision_money(pence, m, sizeof m);
    return arena_strdup(&req->arena, m);
}

static bool date_field(struct request *req, const char *name, char out[11], bool required,
                       struct problems *pr, const char *what)
{
    const char *v = req_text(req, name);
    char why[128];
    out[0] = '\0';
    if (!*v) {
        if (required)
            problems_add(pr, name, "Enter %s", what);
        return !required;
    }
    if (pupil_parse_date(v, out, why, sizeof why) || !out[0]) {
        problems_add(pr, name, "Enter %s as a real date, like 14/01/2025", what);
        return false;
    }
    return true;
}

/* ---- the list ---------------------------------------------------------------- */

int page_programmes(struct request *req, struct response *res)
{
    struct provision_filter f = { .school_id = req->who.school_id, .programmes_only = true };
    if (!page_is_lead(req))
        f.staff_id = req->who.staff_id ? req->who.staff_id : -1;
    struct provision *ps;
    size_t n;
    int rc = provision_list(req->db, &req->arena, &f, &ps, &n, &req->err);
    if (rc || (rc = page_audit(req, "list", "provision", 0, 0,
                               arena_sprintf(&req->arena, "%zu programmes listed", n))))
        return rc;
    struct html h;
    struct page pg = { .title = "Family programmes", .nav = "programmes", .wide = true };
    page_begin(req, res, &h, &pg);
    html_raw(&h, "<p class=\"govuk-body\">FAST, Story Links and the school's other programmes: "
                 "who comes, how each session went, and what changed for the children.</p>\n");
    if (page_is_lead(req))
        html_raw(&h, "<a href=\"/programmes/new\" role=\"button\" draggable=\"false\" "
                     "class=\"govuk-button\" data-module=\"govuk-button\">Start a programme</a>\n");
    if (n == 0) {
        html_raw(&h, "<p class=\"govuk-body\">There are no programmes here yet.</p>\n");
        return page_finish(req, &h);
    }
    html_raw(
        &h, "<div class=\"meso-table-wrap\" role=\"region\" aria-label=\"Programmes\" "
            "tabindex=\"0\"><table class=\"govuk-table\"><caption class=\"govuk-visually-hidden\">"
            "Programmes</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
            "<th scope=\"col\" class=\"govuk-table__header\">Programme</th>"
            "<th scope=\"col\" class=\"govuk-table__header\">Tier</th>"
            "<th scope=\"col\" class=\"govuk-table__header\">Dates</th>"
            "<th scope=\"col\" class=\"govuk-table__header\">Taking part</th>"
            "<th scope=\"col\" class=\"govuk-table__header\">Sessions held</th>"
            "</tr></thead><tbody class=\"govuk-table__body\">\n");
    for (size_t i = 0; i < n; i++)
        html(
            &h,
            "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" "
            "href=\"/programmes/%lld\">%s</a></td><td class=\"govuk-table__cell\">%s</td>"
            "<td class=\"govuk-table__cell\">%s to %s</td><td class=\"govuk-table__cell\">%d</td>"
            "<td class=\"govuk-table__cell\">%d of %d</td></tr>\n",
            (long long)ps[i].id, ps[i].name, ps[i].tier, page_date(req, ps[i].start_date),
            page_date(req, ps[i].end_date), ps[i].pupils_consented, ps[i].sessions_held,
            ps[i].sessions);
    html_raw(&h, "</tbody></table></div>\n");
    return page_finish(req, &h);
}

/* ---- starting one ------------------------------------------------------------ */

static const struct option tier_opts[] = {
    { "", "The programme's own tier", NULL },
    { "universal", "Universal: every child", NULL },
    { "selected", "Selected: groups at raised risk", NULL },
    { "indicated", "Indicated: children with emerging or identified needs", NULL },
};

static const struct option evidence_opts[] = {
    { "", "Not recorded", NULL },
    { "strong", "Strong: several good trials", NULL },
    { "moderate", "Moderate: at least one good trial", NULL },
    { "promising", "Promising: early studies show benefits", NULL },
    { "limited", "Limited: little evidence yet", NULL },
};

static void render_new(struct request *req, struct response *res, const struct problems *pr)
{
    struct progtemplate *ts;
    size_t n = 0;
    if (progtemplate_list(req->db, &req->arena, req->who.school_id, &ts, &n, &req->err))
        n = 0;
    struct option *opts = arena_array(&req->arena, n ? n : 1, sizeof *opts);
    for (size_t i = 0; opts && i < n; i++)
        opts[i] = (struct option){
            ts[i].key, ts[i].name,
            arena_sprintf(&req->arena, "%d sessions of %d minutes%s", ts[i].sessions,
                          ts[i].session_minutes,
                          ts[i].kind == PT_INDIVIDUAL ? ", for one pupil at a time" : "")
        };
    struct html h;
    struct page pg = { .title = "Start a programme",
                       .nav = "programmes",
                       .back_href = "/programmes" };
    page_begin(req, res, &h, &pg);
    form_error_summary(&h, pr);
    form_start(&h, "/programmes/new", req->csrf);
#define ERR(f) problems_for(pr, f)
    struct field ft = { .name = "template",
                        .label = "Which programme?",
                        .value = req_text(req, "template"),
                        .error = ERR("template") };
    if (opts)
        form_radios(&h, &ft, opts, n, false);
    struct field fields[] = {
        { .name = "name",
          .label = "Name (optional)",
          .hint = "For example, FAST for Year 1 families, spring term",
          .value = req_text(req, "name"),
          .error = ERR("name"),
          .width = "30" },
        { .name = "start_date",
          .label = "Date of the first session",
          .hint = "For example, 14/01/2025. Sessions are weekly on this day, skipping holidays",
          .value = req_text(req, "start_date"),
          .error = ERR("start_date"),
          .width = "10" },
        { .name = "session_time",
          .label = "Start time (optional)",
          .hint = "For example, 15:15",
          .value = req_text(req, "session_time"),
          .error = ERR("session_time"),
          .width = "5" },
        { .name = "venue",
          .label = "Where (optional)",
          .hint = "For example, the school hall",
          .value = req_text(req, "venue"),
          .error = ERR("venue"),
          .width = "20" },
    };
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        form_input(&h, &fields[i]);
    struct field ftier = { .name = "tier",
                           .label = "Tier (optional)",
                           .value = req_text(req, "tier"),
                           .error = ERR("tier") };
    form_select(&h, &ftier, tier_opts, sizeof tier_opts / sizeof *tier_opts);
    struct field costs[] = {
        { .name = "staff_hours",
          .label = "Staff hours for each session (optional)",
          .hint = "All the staff together, for working out costs. For example, 2.5",
          .value = req_text(req, "staff_hours"),
          .error = ERR("staff_hours"),
          .width = "5",
          .inputmode = "decimal" },
        { .name = "hourly_rate",
          .label = "Hourly rate of staff time, in pounds (optional)",
          .value = req_text(req, "hourly_rate"),
          .error = ERR("hourly_rate"),
          .width = "5",
          .inputmode = "decimal" },
    };
    for (size_t i = 0; i < sizeof costs / sizeof *costs; i++)
        form_input(&h, &costs[i]);
    struct field fev = { .name = "evidence_rating",
                         .label = "Evidence (optional)",
                         .value = req_text(req, "evidence_rating"),
                         .error = ERR("evidence_rating") };
    form_select(&h, &fev, evidence_opts, sizeof evidence_opts / sizeof *evidence_opts);
    struct field fref = { .name = "evidence_reference",
                          .label = "Where the evidence comes from (optional)",
                          .value = req_text(req, "evidence_reference"),
                          .error = ERR("evidence_reference"),
                          .width = "30" };
    form_input(&h, &fref);
    struct field frev = { .name = "review_date",
                          .label = "Review date (optional)",
                          .value = req_text(req, "review_date"),
                          .error = ERR("review_date"),
                          .width = "10" };
    form_input(&h, &frev);
#undef ERR
    form_button(&h, "Start the programme", false);
    form_end(&h);
    page_finish(req, &h);
}

int page_programme_new(struct request *req, struct response *res)
{
    render_new(req, res, NULL);
    return 0;
}

int page_programme_create(struct request *req, struct response *res)
{
    struct problems pr;
    problems_init(&pr, &req->arena);
    struct progtemplate t;
    const char *key = req_text(req, "template");
    if (!*key || progtemplate_by_key(req->db, &req->arena, req->who.school_id, key, &t, &req->err))
        problems_add(&pr, "template", "Choose a programme");
    struct provision p = { .school_id = req->who.school_id };
    const char *v = req_text(req, "name");
    p.name = *v ? v : NULL;
    date_field(req, "start_date", p.start_date, true, &pr, "the date of the first session");
    date_field(req, "review_date", p.review_date, false, &pr, "the review date");
    str_copy(p.session_time, sizeof p.session_time, req_text(req, "session_time"));
    if (strlen(req_text(req, "session_time")) >= sizeof p.session_time)
        problems_add(&pr, "session_time", "Enter the time as HH:MM, like 15:15");
    v = req_text(req, "venue");
    p.venue = *v ? v : NULL;
    v = req_text(req, "tier");
    if (*v && provision_parse_tier(v, &p.tier))
        problems_add(&pr, "tier", "Choose a tier");
    v = req_text(req, "evidence_rating");
    if (*v && provision_parse_evidence(v, &p.evidence_rating))
        problems_add(&pr, "evidence_rating", "Choose an evidence rating");
    v = req_text(req, "evidence_reference");
    p.evidence_reference = *v ? v : NULL;
    v = req_text(req, "staff_hours");
    if (*v && (str_to_double(v, &p.staff_hours_per_session) || p.staff_hours_per_session < 0 ||
               p.staff_hours_per_session > 1000))
        problems_add(&pr, "staff_hours", "Enter the staff hours as a number, like 2.5");
    v = req_text(req, "hourly_rate");
    if (*v && provision_parse_money(v, &p.hourly_rate_pence))
        problems_add(&pr, "hourly_rate", "Enter the hourly rate in pounds, like 18.50");
    if (pr.n == 0) {
        size_t before = pr.n;
        struct audit_entry who = who_of(req);
        char chosen[11];
        str_copy(chosen, sizeof chosen, p.start_date);
        int rc = programme_start(req->db, &req->arena, &t, &p, &pr, &who, &req->err);
        if (rc && rc != ERR_INPUT)
            return rc;
        page_sentences(req, &pr, before);
        if (rc == ERR_INPUT && pr.n == before)
            model_problem(req, &pr, "start_date");
        if (rc == 0) {
            bool moved = strcmp(chosen, p.start_date) != 0;
            resp_redirect(res, arena_sprintf(&req->arena, "/programmes/%lld?started=1%s%s",
                                             (long long)p.id, moved ? "&chosen=" : "",
                                             moved ? chosen : ""));
            return 0;
        }
    }
    res->status = 422;
    render_new(req, res, &pr);
    return 0;
}

/* ---- a cohort's page ------------------------------------------------------- */

static const struct option speaker_opts[] = {
    { "parent", "A parent or carer", NULL },
    { "child", "A child", NULL },
    { "staff", "A member of staff", NULL },
    { "partner", "A partner on the team", NULL },
};

static void warnings(struct request *req, struct html *h, const struct progtemplate *t,
                     const struct provision *p)
{
    struct prog_warning *w;
    size_t n;
    if (programme_warnings(&req->arena, t, p, date_today(), &w, &n) || !n)
        return;
    for (size_t i = 0; i < n; i++)
        html(h,
             "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" "
             "aria-hidden=\"true\">!</span><strong class=\"govuk-warning-text__text\"><span "
             "class=\"govuk-visually-hidden\">Warning</span>%s</strong></div>\n",
             w[i].text);
}

static int team_section(struct request *req, struct html *h, const struct progtemplate *t,
                        const struct provision *p, bool manage, const struct problems *pr)
{
    html_raw(h, "<h2 class=\"govuk-heading-m\" id=\"team\">The team</h2>\n");
    if (!p->n_team)
        html_raw(h, "<p class=\"govuk-body\">Nobody is on the team yet.</p>\n");
    else
        html_raw(h, "<ul class=\"govuk-list\">\n");
    for (size_t i = 0; i < p->n_team; i++) {
        html(h, "<li>%s, %s", p->team[i].name, progtemplate_role_label(t, p->team[i].role));
        if (manage) /* a destructive change: it asks first (confirm.h) */
            html(h,
                 " <a class=\"govuk-link\" href=\"/programmes/%lld/team/%lld/remove\">Remove "
                 "from team<span class=\"govuk-visually-hidden\"> %s</span></a>",
                 (long long)p->id, (long long)p->team[i].id, p->team[i].name);
        html_raw(h, "</li>\n");
    }
    if (p->n_team)
        html_raw(h, "</ul>\n");
    if (!manage)
        return 0;
    struct staff *staff;
    size_t n_staff;
    int rc = staff_list(req->db, &req->arena, req->who.school_id, &staff, &n_staff, &req->err);
    if (rc)
        return rc;
    struct option *so = arena_array(&req->arena, n_staff + 1, sizeof *so);
    struct option *ro = arena_array(&req->arena, t->n_roles + 1, sizeof *ro);
    if (!so || !ro)
        return ERR_NOMEM;
    size_t ns = 0, nr = 0;
    so[ns++] = (struct option){ "", "Not a member of staff", NULL };
    for (size_t i = 0; i < n_staff; i++)
        if (staff[i].active && strcmp(staff[i].role, "admin"))
            so[ns++] = (struct option){ arena_sprintf(&req->arena, "%lld", (long long)staff[i].id),
                                        staff[i].name, NULL };
    for (size_t i = 0; i < t->n_roles; i++)
        ro[nr++] = (struct option){ t->roles[i].code, t->roles[i].label, NULL };
    if (!nr)
        ro[nr++] = (struct option){ "facilitator", "Facilitator", NULL };
    html(h,
         "<details class=\"govuk-details\"%s><summary class=\"govuk-details__summary\">"
         "<span class=\"govuk-details__summary-text\">Add someone to the team</span>"
         "</summary><div class=\"govuk-details__text\">\n",
         problems_for(pr, "staff") || problems_for(pr, "name") || problems_for(pr, "role") ? " open"
                                                                                           : "");
    form_start(h, arena_sprintf(&req->arena, "/programmes/%lld/team", (long long)p->id), req->csrf);
    struct field fr = { .name = "role", .label = "Role", .value = req_text(req, "role") };
    form_select(h, &fr, ro, nr);
    struct field fs = { .name = "staff_id",
                        .label = "Member of staff",
                        .value = req_text(req, "staff_id"),
                        .error = problems_for(pr, "staff") };
    form_select(h, &fs, so, ns);
    struct field fn = { .name = "member_name",
                        .label = "Or their name, if they are not staff",
                        .hint = "Parent partners and community partners are often not staff",
                        .value = req_text(req, "member_name"),
                        .error = problems_for(pr, "name"),
                        .width = "20" };
    form_input(h, &fn);
    form_button(h, "Add to the team", true);
    form_end(h);
    html_raw(h, "</div></details>\n");
    return 0;
}

static void families_section(struct request *req, struct html *h, const struct progtemplate *t,
                             const struct provision *p, const struct prog_session *ss, size_t n_ss,
                             bool manage)
{
    html(h, "<h2 class=\"govuk-heading-m\" id=\"families\">%s</h2>\n", people_word(t, true));
    if (manage)
        html(h,
             "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/programmes/%lld/enrol\">"
             "Enrol a pupil</a></p>\n",
             (long long)p->id);
    if (!p->n_enrolments) {
        html(h, "<p class=\"govuk-body\">No %s are enrolled yet.</p>\n", people_word(t, false));
        return;
    }
    /* Invitation letters only when they cannot mislead: sessions to come,
     * with a time and a venue; otherwise say why, once. */
    char today[11];
    date_iso(date_today(), today);
    const char *invite_why = progdocs_invitation_problem(p, ss, n_ss, today);
    if (invite_why)
        html(h, "<p class=\"govuk-body\">No invitation letters for now. %s</p>\n", invite_why);
    html(h,
         "<div class=\"meso-table-wrap\" role=\"region\" aria-label=\"%s\" tabindex=\"0\">"
         "<table class=\"govuk-table\"><caption class=\"govuk-visually-hidden\">%s</caption>"
         "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
         "<th scope=\"col\" class=\"govuk-table__header\">Pupil</th>",
         people_word(t, true), people_word(t, true));
    if (t->hub_max)
        html_raw(h, "<th scope=\"col\" class=\"govuk-table__header\">Hub</th>");
    html_raw(h, "<th scope=\"col\" class=\"govuk-table__header\">Consent</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Sessions</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Status</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Letters</th>"
                "</tr></thead><tbody class=\"govuk-table__body\">\n");
    for (size_t i = 0; i < p->n_enrolments; i++) {
        const struct enrolment *en = &p->enrolments[i];
        struct prog_dosage d;
        programme_dosage(t->counts_when, p->complete_at, p->session_minutes, ss, n_ss, en->id,
                         en->left_on[0] != '\0', &d);
        html_raw(h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">");
        if (manage)
            html(h, "<a class=\"govuk-link\" href=\"/programmes/%lld/families/%lld\">%s</a>",
                 (long long)p->id, (long long)en->id, en->pupil_name);
        else
            html(h, "%s", en->pupil_name);
        if (en->carer_name)
            html(h, "<br><span class=\"govuk-hint govuk-!-margin-bottom-0\">with %s</span>",
                 en->carer_name);
        html_raw(h, "</td>");
        if (t->hub_max) {
            if (en->hub)
                html(h, "<td class=\"govuk-table__cell\">%d</td>", en->hub);
            else
                html_raw(h, "<td class=\"govuk-table__cell\">None yet</td>");
        }
        html(h, "<td class=\"govuk-table__cell\">%s</td>", consent_labels[en->consent]);
        if (en->consent == CONSENT_GIVEN)
            html(
                h,
                "<td class=\"govuk-table__cell\">%d of %d</td><td class=\"govuk-table__cell\">%s%s</td>",
                d.attended, d.held, en->left_on[0] ? "Stopped coming" : status_text(t, d.status),
                "");
        else
            html_raw(h,
                     "<td class=\"govuk-table__cell\"></td><td class=\"govuk-table__cell\"></td>");
        if (invite_why)
            html_raw(h, "<td class=\"govuk-table__cell\">");
        else
            html(h,
                 "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" "
                 "href=\"/programmes/%lld/families/%lld/invitation.pdf\">Invitation<span "
                 "class=\"govuk-visually-hidden\"> for %s (PDF)</span></a>",
                 (long long)p->id, (long long)en->id, en->pupil_name);
        if (t->stories)
            html(h,
                 "<br><a class=\"govuk-link\" href=\"/programmes/%lld/families/%lld/booklet.pdf\">"
                 "Booklet<span class=\"govuk-visually-hidden\"> of %s's stories (PDF)</span></a>",
                 (long long)p->id, (long long)en->id, en->forename);
        html_raw(h, "</td></tr>\n");
    }
    html_raw(h, "</tbody></table></div>\n");
}

static void sessions_section(struct request *req, struct html *h, const struct progtemplate *t,
                             const struct provision *p, const struct prog_session *ss, size_t n_ss,
                             bool followon)
{
    html(h, "<h2 class=\"govuk-heading-m\" id=\"%s\">%s</h2>\n",
         followon ? "follow-on" : "sessions", followon ? "Follow-on meetings" : "Sessions");
    bool any = false;
    char today[11];
    date_iso(date_today(), today);
    for (size_t i = 0; i < n_ss; i++) {
        const struct prog_session *s = &ss[i];
        if ((s->kind == SESSION_FOLLOWON) != followon)
            continue;
        if (!any)
            html(h,
                 "<div class=\"meso-table-wrap\" role=\"region\" aria-label=\"%s\" tabindex=\"0\">"
                 "<table class=\"govuk-table\"><caption class=\"govuk-visually-hidden\">%s"
                 "</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                 "<th scope=\"col\" class=\"govuk-table__header\">Session</th>"
                 "<th scope=\"col\" class=\"govuk-table__header\">Date</th>"
                 "<th scope=\"col\" class=\"govuk-table__header\">Came</th></tr></thead>"
                 "<tbody class=\"govuk-table__body\">\n",
                 followon ? "Follow-on meetings" : "Sessions",
                 followon ? "Follow-on meetings" : "Sessions");
        any = true;
        int came = 0;
        for (size_t k = 0; k < s->n_attendance; k++)
            came +=
                programme_counts(t->counts_when, s->attendance[k].child, s->attendance[k].parent);
        const char *what = s->status == SESSION_HELD
                               ? arena_sprintf(&req->arena, "%d of %d", came, p->pupils_consented)
                           : s->status == SESSION_CANCELLED ? "Cancelled"
                           : strcmp(s->date, today) <= 0    ? "Not recorded yet"
                                                            : "To come";
        html(
            h,
            "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" "
            "href=\"/programmes/%lld/sessions/%lld\">%s</a></td><td class=\"govuk-table__cell\">%s"
            "</td><td class=\"govuk-table__cell\">%s</td></tr>\n",
            (long long)p->id, (long long)s->id, session_name(req, s), page_date(req, s->date),
            what);
    }
    if (any)
        html_raw(h, "</tbody></table></div>\n");
    else if (followon)
        html_raw(h, "<p class=\"govuk-body\">None logged yet.</p>\n");
}

/* A small form folded away under a link, opened when it has a problem. */
static void small_form_start(struct request *req, struct html *h, const char *summary,
                             const char *action, bool open)
{
    html(h,
         "<details class=\"govuk-details\"%s><summary class=\"govuk-details__summary\">"
         "<span class=\"govuk-details__summary-text\">%s</span></summary>"
         "<div class=\"govuk-details__text\">\n",
         open ? " open" : "", summary);
    form_start(h, action, req->csrf);
}

static void small_form_end(struct html *h, const char *button)
{
    form_button(h, button, true);
    form_end(h);
    html_raw(h, "</div></details>\n");
}

static int render_show(struct request *req, struct response *res, struct provision *p,
                       const struct progtemplate *t, bool manage, const struct problems *pr)
{
    struct prog_session *ss;
    size_t n_ss;
    int rc = programme_sessions(req->db, &req->arena, p->id, &ss, &n_ss, &req->err);
    if (rc)
        return rc;
    struct html h;
    struct page pg = { .title = p->name,
                       .caption = strcmp(p->name, t->name) ? t->name : NULL,
                       .nav = "programmes",
                       .back_href = "/programmes",
                       .wide = true };
    page_begin(req, res, &h, &pg);
    if (req_query(req, "started"))
        layout_banner(&h, true, "Success",
                      "The programme is started, and its sessions are in the calendar.");
    const char *chosen = req_query(req, "chosen");
    if (req_query(req, "started") && chosen &&
        (rc = page_date_note(req, &h, chosen,
                             arena_sprintf(&req->arena,
                                           "So the programme starts on %s, the next school "
                                           "day. A session can be moved on its own page.",
                                           page_date(req, p->start_date)))))
        return rc;
    else if (req_query(req, "saved"))
        layout_banner(&h, true, "Success", "Your changes have been saved.");
    form_error_summary(&h, pr);
    warnings(req, &h, t, p);
    html(&h,
         "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/programmes/%lld/report\">"
         "See the report</a></p>\n",
         (long long)p->id);
    /* The provision map's side of the cohort: its framework components and
     * each pupil's review (pages/provisions.c). */
    html(&h,
         "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/provisions/%lld\">Its "
         "provision page: framework components and reviews of each pupil's outcome</a></p>\n",
         (long long)p->id);
    html_raw(&h, "<dl class=\"govuk-summary-list\">\n");
    summary_row(&h, "Tier", provision_tier_label(p->tier));
    struct buf b;
    buf_init(&b, 4096);
    for (size_t i = 0; i < p->n_outcomes; i++)
        buf_addf(&b, "%s%s", i ? ", " : "",
                 provision_outcome_label(req->db, &req->arena, p->outcomes[i]));
    summary_row(&h, "Outcomes it aims for", arena_strdup(&req->arena, buf_str(&b)));
    buf_release(&b);
    summary_row(&h, "Evidence",
                p->evidence_rating
                    ? arena_sprintf(&req->arena, "%s%s%s",
                                    provision_evidence_label(p->evidence_rating),
                                    p->evidence_reference ? ". " : "",
                                    p->evidence_reference ? p->evidence_reference : "")
                    : NULL);
    summary_row(&h, "Dates",
                arena_sprintf(&req->arena, "%s to %s", page_date(req, p->start_date),
                              page_date(req, p->end_date)));
    summary_row(&h, "Sessions",
                arena_sprintf(&req->arena, "%d of %d minutes; %s at %d or more", p->sessions,
                              p->session_minutes, t->complete_word, p->complete_at));
    if (p->session_time[0] || p->venue)
        summary_row(&h, "When and where",
                    arena_sprintf(&req->arena, "%s%s%s", p->session_time,
                                  p->session_time[0] && p->venue ? ", " : "",
                                  p->venue ? p->venue : ""));
    if (p->review_date[0])
        summary_row(&h, "Review", page_date(req, p->review_date));
    struct provision_costs c;
    provision_costs_of(p, &c);
    summary_row(&h, "Costs",
                arena_sprintf(&req->arena, "%s so far, %s in all%s", money(req, c.total_to_date),
                              money(req, c.total_projected),
                              c.per_pupil_projected >= 0
                                  ? arena_sprintf(&req->arena, " (%s a pupil)",
                                                  money(req, c.per_pupil_projected))
                                  : ""));
    html_raw(&h, "</dl>\n");

    if ((rc = team_section(req, &h, t, p, manage, pr)))
        return rc;
    families_section(req, &h, t, p, ss, n_ss, manage);
    sessions_section(req, &h, t, p, ss, n_ss, false);

    if (t->followon_months) {
        sessions_section(req, &h, t, p, ss, n_ss, true);
        small_form_start(req, &h, "Log a follow-on meeting",
                         arena_sprintf(&req->arena, "/programmes/%lld/followon", (long long)p->id),
                         problems_for(pr, "followon_date") != NULL);
        struct field fd = { .name = "followon_date",
                            .label = "Date of the meeting",
                            .hint = "For example, 14/03/2025",
                            .value = req_text(req, "followon_date"),
                            .error = problems_for(pr, "followon_date"),
                            .width = "10" };
        form_input(&h, &fd);
        small_form_end(&h, "Log the meeting");
    }

    if (t->reading_per_week && p->n_enrolments) {
        html(&h,
             "<h2 class=\"govuk-heading-m\" id=\"reading\">Follow-up reading</h2>\n"
             "<p class=\"govuk-body\">The aim is %d sessions of %d minutes a week with a teaching "
             "assistant.</p>\n",
             t->reading_per_week, t->reading_minutes);
        if ((rc = page_date_note(req, &h, req_query(req, "read_on"),
                                 "If the reading session was that day, there is nothing to "
                                 "change.")))
            return rc;
        for (size_t e = 0; e < p->n_enrolments; e++) {
            struct reading_session *rs;
            size_t n_rs;
            if ((rc = reading_list(req->db, &req->arena, p->enrolments[e].id, &rs, &n_rs,
                                   &req->err)))
                return rc;
            int minutes = 0;
            for (size_t k = 0; k < n_rs; k++)
                minutes += rs[k].minutes;
            html(&h, "<p class=\"govuk-body\">%s: %zu sessions, %d minutes in all%s%s.</p>\n",
                 p->enrolments[e].pupil_name, n_rs, minutes, n_rs ? "; the last on " : "",
                 n_rs ? page_date(req, rs[n_rs - 1].read_on) : "");
        }
        small_form_start(req, &h, "Log a reading session",
                         arena_sprintf(&req->arena, "/programmes/%lld/reading", (long long)p->id),
                         problems_for(pr, "read_on") || problems_for(pr, "minutes"));
        if (p->n_enrolments > 1) {
            struct option *eo = arena_array(&req->arena, p->n_enrolments, sizeof *eo);
            for (size_t e = 0; eo && e < p->n_enrolments; e++)
                eo[e] = (struct option){ arena_sprintf(&req->arena, "%lld",
                                                       (long long)p->enrolments[e].id),
                                         p->enrolments[e].pupil_name, NULL };
            struct field fe = { .name = "enrolment", .label = "Pupil" };
            if (eo)
                form_select(&h, &fe, eo, p->n_enrolments);
        } else {
            html(&h, "<input type=\"hidden\" name=\"enrolment\" value=\"%lld\">\n",
                 (long long)p->enrolments[0].id);
        }
        struct field fr[] = {
            { .name = "read_on",
              .label = "Date",
              .hint = "For example, 14/03/2025",
              .value = req_text(req, "read_on"),
              .error = problems_for(pr, "read_on"),
              .width = "10" },
            { .name = "minutes",
              .label = "Minutes",
              .value = *req_text(req, "minutes") ? req_text(req, "minutes") : "20",
              .error = problems_for(pr, "minutes"),
              .width = "3",
              .inputmode = "numeric" },
        };
        form_input(&h, &fr[0]);
        form_input(&h, &fr[1]);
        small_form_end(&h, "Log the reading");
    }

    struct prog_quote *qs;
    size_t n_q;
    if ((rc = programme_quote_list(req->db, &req->arena, p->id, &qs, &n_q, &req->err)))
        return rc;
    html_raw(&h, "<h2 class=\"govuk-heading-m\" id=\"quotes\">In their own words</h2>\n");
    if (!n_q)
        html_raw(&h, "<p class=\"govuk-body\">No quotes kept yet.</p>\n");
    for (size_t i = 0; i < n_q; i++)
        html(&h,
             "<div class=\"govuk-inset-text\"><p class=\"govuk-body\">\"%s\"</p><p "
             "class=\"govuk-body-s govuk-!-margin-bottom-0\">%s</p></div>\n",
             qs[i].text, qs[i].attribution ? qs[i].attribution : qs[i].speaker);
    small_form_start(req, &h, "Keep a quote",
                     arena_sprintf(&req->arena, "/programmes/%lld/quotes", (long long)p->id),
                     problems_for(pr, "text") || problems_for(pr, "consent") ||
                         problems_for(pr, "attribution"));
    struct field fw = { .name = "speaker",
                        .label = "Who said it",
                        .value = *req_text(req, "speaker") ? req_text(req, "speaker") : "parent" };
    form_select(&h, &fw, speaker_opts, sizeof speaker_opts / sizeof *speaker_opts);
    struct field fq[] = {
        { .name = "quote_text",
          .label = "What they said",
          .value = req_text(req, "quote_text"),
          .error = problems_for(pr, "text") },
        { .name = "attribution",
          .label = "How to name them in reports",
          .hint = "For example, a parent, or Jayden's mum",
          .value = req_text(req, "attribution"),
          .error = problems_for(pr, "attribution"),
          .width = "20" },
        { .name = "consent_on",
          .label = "The day they agreed to be quoted",
          .hint = "Only keep a quote when the person agrees. For example, 14/03/2025",
          .value = req_text(req, "consent_on"),
          .error = problems_for(pr, "consent"),
          .width = "10" },
    };
    form_textarea(&h, &fq[0], 3);
    form_input(&h, &fq[1]);
    form_input(&h, &fq[2]);
    small_form_end(&h, "Keep the quote");

    if (manage) {
        html_raw(&h, "<h2 class=\"govuk-heading-m\" id=\"costs\">Other costs</h2>\n");
        if (!p->n_costs)
            html_raw(&h,
                     "<p class=\"govuk-body\">None recorded: only staff time is counted.</p>\n");
        else
            html_raw(&h, "<ul class=\"govuk-list govuk-list--bullet\">\n");
        for (size_t i = 0; i < p->n_costs; i++)
            html(&h, "<li>%s: %s%s</li>\n", p->costs[i].what, money(req, p->costs[i].pence),
                 p->costs[i].per_session ? " a session" : "");
        if (p->n_costs)
            html_raw(&h, "</ul>\n");
        small_form_start(req, &h, "Add a cost",
                         arena_sprintf(&req->arena, "/programmes/%lld/costs", (long long)p->id),
                         problems_for(pr, "what") || problems_for(pr, "amount"));
        struct field fc[] = {
            { .name = "what",
              .label = "What it is for",
              .hint = "For example, family meal, or training",
              .value = req_text(req, "what"),
              .error = problems_for(pr, "what"),
              .width = "20" },
            { .name = "amount",
              .label = "Amount, in pounds",
              .value = req_text(req, "amount"),
              .error = problems_for(pr, "amount"),
              .width = "5",
              .inputmode = "decimal" },
        };
        form_input(&h, &fc[0]);
        form_input(&h, &fc[1]);
        form_checkbox(&h, "per_session", "This is for each session held",
                      !strcmp(req_text(req, "per_session"), "yes"));
        small_form_end(&h, "Add the cost");
    }
    return page_finish(req, &h);
}

int page_programme_show(struct request *req, struct response *res)
{
    struct provision p;
    struct progtemplate t;
    bool manage;
    int rc = progpage_load(req, &p, &t, &manage);
    if (rc)
        return rc;
    return render_show(req, res, &p, &t, manage, NULL);
}

/* After a small form: back to the page, or the page again with the problem. */
static int after(struct request *req, struct response *res, struct provision *p,
                 const struct progtemplate *t, bool manage, int rc, struct problems *pr,
                 const char *anchor)
{
    if (rc && rc != ERR_INPUT)
        return rc;
    if (rc == ERR_INPUT && pr->n == 0)
        model_problem(req, pr, "form");
    if (pr->n) {
        res->status = 422;
        return render_show(req, res, p, t, manage, pr);
    }
    resp_redirect(
        res, arena_sprintf(&req->arena, "/programmes/%lld?saved=1#%s", (long long)p->id, anchor));
    return 0;
}

int page_programme_team(struct request *req, struct response *res)
{
    struct provision p;
    struct progtemplate t;
    bool manage;
    int rc = progpage_load(req, &p, &t, &manage);
    if (rc)
        return rc;
    if (!manage)
        return ERR_DENIED;
    struct problems pr;
    problems_init(&pr, &req->arena);
    struct team_member m = { .role = req_text(req, "role"), .name = req_text(req, "member_name") };
    long long sid;
    const char *s = req_text(req, "staff_id");
    if (*s && str_to_int(s, 1, INT64_MAX, &sid) == 0)
        m.staff_id = sid;
    if (!*m.name)
        m.name = NULL;
    if (!m.staff_id && !m.name)
        problems_add(&pr, "staff", "Choose a member of staff, or enter the person's name");
    struct audit_entry who = who_of(req);
    if (!pr.n)
        rc = provision_team_add(req->db, p.id, &m, &who, &req->err);
    return after(req, res, &p, &t, manage, rc, &pr, "team");
}

int page_programme_team_remove_confirm(struct request *req, struct response *res)
{
    struct provision p;
    struct progtemplate t;
    bool manage;
    int rc = progpage_load(req, &p, &t, &manage);
    if (rc)
        return rc;
    if (!manage)
        return ERR_DENIED;
    const struct team_member *m = NULL;
    for (size_t i = 0; i < p.n_team; i++)
        if (p.team[i].id == page_id(req, 1))
            m = &p.team[i];
    if (!m)
        return ERR_NOTFOUND;
    struct confirm c = {
        .title = arena_sprintf(&req->arena, "Remove %s from the team?", m->name),
        .caption = p.name,
        .nav = "programmes",
        .what = arena_sprintf(&req->arena,
                              "%s will no longer be on the team for %s, and will no longer see "
                              "it or its families through the team.",
                              m->name, p.name),
        .kept = "Sessions, attendance and notes already recorded stay as they are.",
        .action = arena_sprintf(&req->arena, "/programmes/%lld/team/%lld/remove", (long long)p.id,
                                (long long)m->id),
        .button = "Remove from team",
        .cancel_href = arena_sprintf(&req->arena, "/programmes/%lld#team", (long long)p.id),
    };
    return page_confirm(req, res, &c);
}

int page_programme_team_remove(struct request *req, struct response *res)
{
    struct provision p;
    struct progtemplate t;
    bool manage;
    int rc = progpage_load(req, &p, &t, &manage);
    if (rc)
        return rc;
    if (!manage)
        return ERR_DENIED;
    struct audit_entry who = who_of(req);
    if ((rc = provision_team_remove(req->db, p.id, page_id(req, 1), &who, &req->err)))
        return rc;
    resp_redirect(res,
                  arena_sprintf(&req->arena, "/programmes/%lld?saved=1#team", (long long)p.id));
    return 0;
}

int page_programme_cost(struct request *req, struct response *res)
{
    struct provision p;
    struct progtemplate t;
    bool manage;
    int rc = progpage_load(req, &p, &t, &manage);
    if (rc)
        return rc;
    if (!manage)
        return ERR_DENIED;
    struct problems pr;
    problems_init(&pr, &req->arena);
    struct provision_cost_item item = { .what = req_text(req, "what"),
                                        .per_session =
                                            !strcmp(req_text(req, "per_session"), "yes") };
    if (!*item.what)
        problems_add(&pr, "what", "Say what the cost is for");
    if (provision_parse_money(req_text(req, "amount"), &item.pence))
        problems_add(&pr, "amount", "Enter the amount in pounds, like 45 or 12.50");
    struct audit_entry who = who_of(req);
    if (!pr.n)
        rc = provision_cost_add(req->db, p.id, &item, &who, &req->err);
    return after(req, res, &p, &t, manage, rc, &pr, "costs");
}

int page_programme_quote(struct request *req, struct response *res)
{
    struct provision p;
    struct progtemplate t;
    bool manage;
    int rc = progpage_load(req, &p, &t, &manage);
    if (rc)
        return rc;
    struct problems pr;
    problems_init(&pr, &req->arena);
    struct prog_quote q = { .provision_id = p.id,
                            .speaker = req_text(req, "speaker"),
                            .text = req_text(req, "quote_text"),
                            .attribution = req_text(req, "attribution") };
    if (!*q.text)
        problems_add(&pr, "text", "Enter what they said");
    if (!*req_text(req, "consent_on"))
        problems_add(&pr, "consent",
                     "Enter the day they agreed to be quoted. Keep a quote only "
                     "when the person agrees");
    else
        date_field(req, "consent_on", q.consent_on, true, &pr, "the day they agreed");
    for (size_t i = 0; i < pr.n; i++)
        if (!strcmp(pr.items[i].field, "consent_on"))
            pr.items[i].field = "consent";
    struct audit_entry who = who_of(req);
    if (!pr.n)
        rc = programme_quote_add(req->db, &q, &who, &req->err);
    return after(req, res, &p, &t, manage, rc, &pr, "quotes");
}

int page_programme_followon(struct request *req, struct response *res)
{
    struct provision p;
    struct progtemplate t;
    bool manage;
    int rc = progpage_load(req, &p, &t, &manage);
    if (rc)
        return rc;
    struct problems pr;
    problems_init(&pr, &req->arena);
    char date[11];
    date_field(req, "followon_date", date, true, &pr, "the date of the meeting");
    int64_t sid = 0;
    struct audit_entry who = who_of(req);
    if (!pr.n)
        rc = programme_followon_add(req->db, p.id, date, NULL, &who, &sid, &req->err);
    if (rc == 0 && !pr.n) {
        resp_redirect(res, arena_sprintf(&req->arena, "/programmes/%lld/sessions/%lld",
                                         (long long)p.id, (long long)sid));
        return 0;
    }
    return after(req, res, &p, &t, manage, rc, &pr, "follow-on");
}

int page_programme_reading(struct request *req, struct response *res)
{
    struct provision p;
    struct progtemplate t;
    bool manage;
    int rc = progpage_load(req, &p, &t, &manage);
    if (rc)
        return rc;
    struct problems pr;
    problems_init(&pr, &req->arena);
    struct reading_session r = { 0 };
    long long v;
    if (str_to_int(req_text(req, "enrolment"), 1, INT64_MAX, &v) == 0)
        r.enrolment_id = v;
    bool known = false;
    for (size_t i = 0; i < p.n_enrolments; i++)
        known |= p.enrolments[i].id == r.enrolment_id;
    if (!known)
        return ERR_NOTFOUND;
    date_field(req, "read_on", r.read_on, true, &pr, "the date");
    if (str_to_int(req_text(req, "minutes"), 1, 240, &v))
        problems_add(&pr, "minutes", "Enter the minutes, from 1 to 240");
    else
        r.minutes = (int)v;
    if (req->who.staff_id)
        r.staff_id = req->who.staff_id;
    struct audit_entry who = who_of(req);
    if (!pr.n) {
        rc = reading_add(req->db, &r, &who, &req->err);
        if (rc == ERR_INPUT && !strncmp(req->err.msg, "date:", 5))
            model_problem(req, &pr, "read_on");
        for (size_t i = 0; i < pr.n; i++)
            if (!strcmp(pr.items[i].field, "date"))
                pr.items[i].field = "read_on";
    }
    if (rc == 0 && !pr.n) {
        resp_redirect(res, arena_sprintf(&req->arena, "/programmes/%lld?saved=1&read_on=%s#reading",
                                         (long long)p.id, r.read_on));
        return 0;
    }
    return after(req, res, &p, &t, manage, rc, &pr, "reading");
}

/* ---- enrolling ----------------------------------------------------------------- */

int progpage_enrol_results(struct request *req, struct html *h, const struct provision *p,
                           const char *q, const char *base, const char *consent)
{
    struct pupil_filter f = { .fsm = -1, .limit = 30, .search = q };
    access_pupil_filter(&req->who, &f);
    struct pupil *ps;
    size_t n;
    int rc = pupil_list(req->db, &req->arena, &f, &ps, &n, NULL, &req->err);
    if (rc || (rc = page_audit(req, "list", "pupil", 0, 0,
                               arena_sprintf(&req->arena, "%zu pupils found to enrol", n))))
        return rc;
    if (!n) {
        html_raw(h, "<p class=\"govuk-body\">No pupils match. Try part of a name.</p>\n");
        return 0;
    }
    html_raw(h, "<ul class=\"govuk-list\">\n");
    for (size_t i = 0; i < n; i++) {
        bool enrolled = false;
        for (size_t k = 0; k < p->n_enrolments; k++)
            enrolled |= p->enrolments[k].pupil_id == ps[i].id;
        const char *name = pupil_display_name(&req->arena, &ps[i]);
        html(h, "<li>%s, %s ", name, pupil_year_label(ps[i].nc_year));
        if (enrolled) {
            html_raw(h, "<strong class=\"govuk-tag\">Enrolled</strong>");
        } else {
            form_start(h, arena_sprintf(&req->arena, "%s/%lld/enrol", base, (long long)p->id),
                       req->csrf);
            html(h, "<input type=\"hidden\" name=\"pupil_id\" value=\"%lld\">",
                 (long long)ps[i].id);
            if (consent)
                html(h, "<input type=\"hidden\" name=\"consent\" value=\"%s\">", consent);
            html(h,
                 "<button type=\"submit\" class=\"govuk-button govuk-button--secondary "
                 "govuk-!-margin-bottom-2\" data-module=\"govuk-button\">Enrol<span "
                 "class=\"govuk-visually-hidden\"> %s</span></button>",
                 name);
            form_end(h);
        }
        html_raw(h, "</li>\n");
    }
    html_raw(h, "</ul>\n");
    return 0;
}

int page_programme_enrol(struct request *req, struct response *res)
{
    struct provision p;
    struct progtemplate t;
    bool manage;
    int rc = progpage_load(req, &p, &t, &manage);
    if (rc)
        return rc;
    if (!manage)
        return ERR_DENIED;
    const char *q = req_text(req, "q");
    struct html h;
    struct page pg = { .title = "Enrol a pupil",
                       .caption = p.name,
                       .nav = "programmes",
                       .back_href =
                           arena_sprintf(&req->arena, "/programmes/%lld", (long long)p.id) };
    page_begin(req, res, &h, &pg);
    html(&h, "<form method=\"get\" action=\"/programmes/%lld/enrol\" role=\"search\">\n",
         (long long)p.id);
    struct field fq = { .name = "q",
                        .label = "Name or UPN of the pupil",
                        .value = q,
                        .type = "search",
                        .width = "20",
                        .spellcheck_off = true };
    form_input(&h, &fq);
    html_raw(&h, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
                 "data-module=\"govuk-button\">Search</button>\n</form>\n");
    if (*q && (rc = progpage_enrol_results(req, &h, &p, q, "/programmes", NULL)))
        return rc;
    return page_finish(req, &h);
}

int page_programme_enrol_post(struct request *req, struct response *res)
{
    struct provision p;
    struct progtemplate t;
    bool manage;
    int rc = progpage_load(req, &p, &t, &manage);
    if (rc)
        return rc;
    if (!manage)
        return ERR_DENIED;
    long long id;
    if (str_to_int(req_text(req, "pupil_id"), 1, INT64_MAX, &id))
        return ERR_NOTFOUND;
    struct pupil pu;
    if ((rc = page_pupil(req, id, &pu)))
        return rc;
    struct enrolment en = { .provision_id = p.id, .pupil_id = pu.id, .consent = CONSENT_AWAITING };
    for (size_t i = 0; i < p.n_enrolments; i++)
        if (p.enrolments[i].pupil_id == pu.id)
            en = p.enrolments[i];
    if (!en.id && t.counts_when != PT_COUNTS_CHILD) {
        struct pupil_carer *cs;
        size_t n;
        if ((rc = carer_list_for_pupil(req->db, &req->arena, pu.id, &cs, &n, &req->err)))
            return rc;
        if (n)
            en.carer_id = cs[0].carer.id;
    }
    struct audit_entry who = who_of(req);
    if ((rc = provision_enrol(req->db, &en, &who, &req->err)))
        return rc;
    resp_redirect(res, arena_sprintf(&req->arena, "/programmes/%lld/families/%lld?new=1",
                                     (long long)p.id, (long long)en.id));
    return 0;
}

static const struct option consent_opts[] = {
    { "not_requested", "Not asked yet", NULL },
    { "awaiting", "Waiting for a reply", NULL },
    { "given", "Given", NULL },
    { "declined", "Declined", NULL },
};

/* The provision in the path, for its enrolment pages: a programme at
 * /programmes/{id}/families/{eid}, any other provision (no template: *t
 * zeroed) at /provisions/{id}/pupils/{eid}; the other path is 404. */
static int enrolment_load(struct request *req, struct provision *p, struct progtemplate *t,
                          bool *manage)
{
    int64_t id = page_id(req, 0);
    if (id <= 0)
        return ERR_NOTFOUND;
    int rc = access_provision_visible(req->db, &req->who, id, &req->err);
    if (rc)
        return rc;
    struct audit_entry who = who_of(req);
    if ((rc = provision_get(req->db, &req->arena, id, req->who.school_id, &who, p, &req->err)))
        return rc;
    bool programme_path = str_starts_with(req->path, "/programmes/");
    if (!p->template_id != !programme_path)
        return ERR_NOTFOUND;
    memset(t, 0, sizeof *t);
    if (p->template_id &&
        (rc = progtemplate_get(req->db, &req->arena, p->template_id, t, &req->err)))
        return rc;
    *manage = page_is_lead(req);
    return 0;
}

/* Where an enrolment's provision lives: its page, and where its families
 * are listed on it. */
static const char *enrolment_home(struct request *req, const struct provision *p)
{
    return p->template_id ? arena_sprintf(&req->arena, "/programmes/%lld", (long long)p->id)
                          : arena_sprintf(&req->arena, "/provisions/%lld", (long long)p->id);
}

static int find_enrolment(struct request *req, const struct provision *p,
                          const struct enrolment **out)
{
    int64_t eid = page_id(req, 1);
    for (size_t i = 0; i < p->n_enrolments; i++)
        if (p->enrolments[i].id == eid) {
            *out = &p->enrolments[i];
            return 0;
        }
    (void)req;
    return ERR_NOTFOUND;
}

static int render_enrolment(struct request *req, struct response *res, const struct provision *p,
                            const struct progtemplate *t, const struct enrolment *en,
                            const struct problems *pr, bool posted)
{
    struct pupil_carer *cs;
    size_t n_c;
    int rc = carer_list_for_pupil(req->db, &req->arena, en->pupil_id, &cs, &n_c, &req->err);
    if (rc)
        return rc;
    struct html h;
    const char *home = enrolment_home(req, p);
    struct page pg = { .title = en->pupil_name,
                       .caption = p->name,
                       .nav = p->template_id ? "programmes" : "provision",
                       .back_href = arena_sprintf(&req->arena, "%s#%s", home,
                                                  p->template_id ? "families" : "pupils") };
    page_begin(req, res, &h, &pg);
    if (req_query(req, "new"))
        layout_banner(&h, true, "Enrolled", "Now record the family's consent when you have it.");
    form_error_summary(&h, pr);
    form_start(&h,
               arena_sprintf(&req->arena, "%s/%s/%lld", home,
                             p->template_id ? "families" : "pupils", (long long)en->id),
               req->csrf);
#define VAL(name, dflt) (posted ? req_text(req, name) : (dflt))
    struct field fc = { .name = "consent",
                        .label = "Consent to take part",
                        .value = VAL("consent", consent_names[en->consent]),
                        .error = problems_for(pr, "consent") };
    form_radios(&h, &fc, consent_opts, 4, false);
    struct field fd = { .name = "consent_on",
                        .label = "Date of the reply (optional)",
                        .hint = "Today if you leave it blank. For example, 14/01/2025",
                        .value = VAL("consent_on", en->consent_on),
                        .error = problems_for(pr, "consent_on"),
                        .width = "10" };
    form_input(&h, &fd);
    if (t->hub_max) {
        struct field fh = { .name = "hub",
                            .label = "Hub",
                            .hint = arena_sprintf(&req->arena,
                                                  "The table group the family is in: hubs have %d "
                                                  "to %d families. Leave blank for none yet",
                                                  t->hub_min, t->hub_max),
                            .value = VAL("hub",
                                         en->hub ? arena_sprintf(&req->arena, "%d", en->hub) : ""),
                            .error = problems_for(pr, "hub"),
                            .width = "2",
                            .inputmode = "numeric" };
        form_input(&h, &fh);
    }
    if (n_c && p->template_id && t->counts_when != PT_COUNTS_CHILD) {
        struct option *co = arena_array(&req->arena, n_c, sizeof *co);
        for (size_t i = 0; co && i < n_c; i++)
            co[i] = (struct option){ arena_sprintf(&req->arena, "%lld", (long long)cs[i].carer.id),
                                     arena_sprintf(&req->arena, "%s (%s)",
                                                   carer_display_name(&req->arena, &cs[i].carer),
                                                   cs[i].link.relationship),
                                     NULL };
        struct field fp = { .name = "carer",
                            .label = "The parent or carer taking part",
                            .value =
                                VAL("carer", en->carer_id ? arena_sprintf(&req->arena, "%lld",
                                                                          (long long)en->carer_id)
                                                          : "") };
        if (co)
            form_radios(&h, &fp, co, n_c, false);
    }
    struct field fl = { .name = "left_on",
                        .label = "Stopped coming on (optional)",
                        .hint = "Only if the family has stopped taking part",
                        .value = VAL("left_on", en->left_on),
                        .error = problems_for(pr, "left_on"),
                        .width = "10" };
    form_input(&h, &fl);
    struct field fr = { .name = "left_reason",
                        .label = "Why they stopped (optional)",
                        .hint = "A few words, like \"moved to a different group\"",
                        .value = VAL("left_reason", en->left_reason ? en->left_reason : ""),
                        .error = problems_for(pr, "left_reason") };
    form_input(&h, &fr);
#undef VAL
    form_button(&h, "Save", false);
    form_end(&h);
    return page_finish(req, &h);
}

int page_enrolment_edit(struct request *req, struct response *res)
{
    struct provision p;
    struct progtemplate t;
    bool manage;
    const struct enrolment *en;
    int rc = enrolment_load(req, &p, &t, &manage);
    if (rc || (rc = find_enrolment(req, &p, &en)))
        return rc;
    if (!manage)
        return ERR_DENIED;
    /* The form names the child and their carers. */
    if ((rc = page_audit(req, "view", "pupil", en->pupil_id, en->pupil_id, "enrolment form")))
        return rc;
    return render_enrolment(req, res, &p, &t, en, NULL, false);
}

int page_enrolment_update(struct request *req, struct response *res)
{
    struct provision p;
    struct progtemplate t;
    bool manage;
    const struct enrolment *old;
    int rc = enrolment_load(req, &p, &t, &manage);
    if (rc || (rc = find_enrolment(req, &p, &old)))
        return rc;
    if (!manage)
        return ERR_DENIED;
    struct enrolment en = *old;
    struct problems pr;
    problems_init(&pr, &req->arena);
    enum consent c;
    if (provision_parse_consent(req_text(req, "consent"), &c))
        problems_add(&pr, "consent", "Choose whether consent is given");
    else {
        if (c != en.consent)
            en.consent_on[0] = '\0';
        en.consent = c;
    }
    if (*req_text(req, "consent_on"))
        date_field(req, "consent_on", en.consent_on, false, &pr, "the date of the reply");
    const char *hub = req_text(req, "hub");
    long long v;
    en.hub = 0;
    if (*hub) {
        if (str_to_int(hub, 1, 99, &v))
            problems_add(&pr, "hub", "Enter the hub as a number, like 1");
        else
            en.hub = (int)v;
    }
    const char *carer = req_text(req, "carer");
    if (*carer && str_to_int(carer, 1, INT64_MAX, &v) == 0)
        en.carer_id = v;
    date_field(req, "left_on", en.left_on, false, &pr, "the day they stopped coming");
    const char *why = req_text(req, "left_reason");
    en.left_reason = *why ? why : NULL;
    if (strlen(why) > 200)
        problems_add(&pr, "left_reason", "Keep the reason under 200 characters");
    else if (*why && !en.left_on[0])
        problems_add(&pr, "left_on",
                     "Enter the day they stopped coming, or leave the reason blank");
    if (!en.left_on[0])
        en.left_reason = NULL;
    if (!pr.n) {
        struct audit_entry who = who_of(req);
        rc = provision_enrol(req->db, &en, &who, &req->err);
        if (rc == ERR_INPUT)
            model_problem(req, &pr, "consent");
        else if (rc)
            return rc;
    }
    if (pr.n) {
        res->status = 422;
        return render_enrolment(req, res, &p, &t, old, &pr, true);
    }
    resp_redirect(res, arena_sprintf(&req->arena, "%s?saved=1#%s", enrolment_home(req, &p),
                                     p.template_id ? "families" : "pupils"));
    return 0;
}

static const char *signer(struct request *req, const struct provision *p)
{
    for (size_t i = 0; i < p->n_team; i++)
        if (p->team[i].staff_id)
            return arena_sprintf(&req->arena, "%s, for the %s team", p->team[i].name, p->name);
    return NULL;
}

int page_invitation_pdf(struct request *req, struct response *res)
{
    struct provision p;
    struct progtemplate t;
    bool manage;
    const struct enrolment *en;
    int rc = progpage_load(req, &p, &t, &manage);
    if (rc || (rc = find_enrolment(req, &p, &en)))
        return rc;
    struct prog_session *ss;
    size_t n;
    if ((rc = programme_sessions(req->db, &req->arena, p.id, &ss, &n, &req->err)))
        return rc;
    char today[11];
    date_iso(date_today(), today);
    const char *why = progdocs_invitation_problem(&p, ss, n, today);
    if (why) { /* a letter would mislead: say why instead (issue 13) */
        struct html h;
        res->status = 409;
        page_begin(req, res, &h,
                   &(struct page){ .title = "The invitation letter cannot be printed yet",
                                   .nav = "programmes",
                                   .back_href = arena_sprintf(&req->arena, "/programmes/%lld",
                                                              (long long)p.id) });
        html(&h, "<p class=\"govuk-body\">%s</p>\n", why);
        if (manage)
            html(&h,
                 "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/provisions/%lld/edit\">"
                 "Change the programme</a></p>\n",
                 (long long)p.id);
        return page_finish(req, &h);
    }
    struct buf b;
    buf_init(&b, PDF_MAX);
    if ((rc = progdocs_invitation(&b, &req->arena, progpage_school(req), &t, &p, en, ss, n,
                                  signer(req, &p), &req->err)) ||
        (rc = page_audit(req, "print invitation", "provision", p.id, en->pupil_id, NULL))) {
        buf_release(&b);
        return rc;
    }
    return progpage_send_pdf(req, res, &b, "invitation.pdf");
}

/* ---- the report -------------------------------------------------------------- */

static const char *share(struct request *req, double x)
{
    return x < 0 ? "None yet" : arena_sprintf(&req->arena, "%.0f%%", 100 * x);
}

int page_programme_report(struct request *req, struct response *res)
{
    struct provision p;
    struct progtemplate t;
    bool manage;
    int rc = progpage_load(req, &p, &t, &manage);
    if (rc)
        return rc;
    struct progreport r;
    struct audit_entry who = who_of(req);
    const struct progreport_opts viewed = { .viewed = true };
    if ((rc = progreport_build(req->db, &req->arena, p.id, req->who.school_id, &viewed, &who, &r,
                               &req->err)))
        return rc;
    const char *people = people_word(&t, false);
    char today[11];
    date_iso(date_today(), today);
    struct html h;
    struct page pg = { .title = "Programme report",
                       .caption = p.name,
                       .nav = "programmes",
                       .back_href = arena_sprintf(&req->arena, "/programmes/%lld", (long long)p.id),
                       .wide = true };
    page_begin(req, res, &h, &pg);
    html(&h,
         "<ul class=\"govuk-list\"><li><a class=\"govuk-link\" "
         "href=\"/programmes/%lld/report.pdf\">Download the report (PDF)</a>: for governors "
         "and partners; it names no child</li><li><a class=\"govuk-link\" "
         "href=\"/programmes/%lld/families.pdf\">Download each family's attendance (PDF)</a>: "
         "for staff only; it names children</li></ul>\n",
         (long long)p.id, (long long)p.id);
    if (page_is_lead(req))
        html(&h,
             "<p class=\"govuk-body\"><a class=\"govuk-link\" "
             "href=\"/programmes/%lld/attendance.xlsx\">Download the attendance register (a "
             "spreadsheet)</a></p>\n",
             (long long)p.id);
    html_raw(&h, "<h2 class=\"govuk-heading-m\">Recruitment and retention</h2>\n"
                 "<dl class=\"govuk-summary-list\">\n");
    summary_row(&h, "Invited",
                arena_sprintf(&req->arena, "%d %s", r.invited,
                              r.invited != 1                     ? people
                              : t.counts_when == PT_COUNTS_CHILD ? "pupil"
                                                                 : "family"));
    summary_row(&h, "Consent",
                arena_sprintf(&req->arena, "%d given, %d waiting, %d not asked yet, %d declined",
                              r.consent_given, r.awaiting, r.not_requested, r.declined));
    summary_row(
        &h, "Came at least once",
        arena_sprintf(&req->arena, "%d of %d enrolled", r.families_started, r.families_enrolled));
    summary_row(
        &h, t.complete_word && !strcmp(t.complete_word, "graduated") ? "Graduated" : "Completed",
        arena_sprintf(&req->arena, "%d (%s of those enrolled; %d or more sessions)",
                      r.families_completed, share(req, r.completion_rate), p.complete_at));
    summary_row(&h, "Retention", share(req, r.retention));
    summary_row(&h, "Mean sessions attended",
                r.mean_sessions_attended < 0
                    ? "None yet"
                    : arena_sprintf(&req->arena, "%.1f of %d", r.mean_sessions_attended,
                                    r.sessions_planned));
    html_raw(&h, "</dl>\n<h2 class=\"govuk-heading-m\">Reach</h2>\n"
                 "<dl class=\"govuk-summary-list\">\n");
    summary_row(&h, "Children who came", arena_sprintf(&req->arena, "%d", r.children_reached));
    summary_row(&h, "Parents who came", arena_sprintf(&req->arena, "%d", r.parents_reached));
    summary_row(&h, "Enrolled children with free school meals, SEN, EAL",
                arena_sprintf(&req->arena, "%d, %d, %d", r.reach_fsm, r.reach_sen, r.reach_eal));
    html_raw(&h, "</dl>\n<h2 class=\"govuk-heading-m\">Attendance by session</h2>\n");
    if (r.n_sessions) {
        struct buf desc;
        buf_init(&desc, 8192);
        buf_addf(&desc,
                 "Families attending each session held, of %d enrolled:", r.families_enrolled);
        for (size_t i = 0; i < r.n_sessions; i++)
            if (r.sessions[i].status == SESSION_HELD)
                buf_addf(&desc, " %s %d,",
                         r.sessions[i].kind == SESSION_COMMITMENT
                             ? "first meeting"
                             : arena_sprintf(&req->arena, "session %d", r.sessions[i].seq),
                         r.sessions[i].families);
        html_raw(&h, "<div class=\"meso-chart\">");
        struct err e;
        rc = canvas_svg_render(h.out, 640, 240, "Attendance by session", buf_str(&desc),
                               arena_sprintf(&req->arena, "att-%lld", (long long)p.id),
                               progdocs_attendance_chart, &r, &e);
        buf_release(&desc);
        if (rc)
            return rc;
        html_raw(&h, "</div>\n");
    }
    html_raw(
        &h,
        "<div class=\"meso-table-wrap\" role=\"region\" aria-label=\"Attendance by session\" "
        "tabindex=\"0\"><table class=\"govuk-table\"><caption class=\"govuk-visually-hidden\">"
        "Attendance by session</caption><thead class=\"govuk-table__head\"><tr "
        "class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Session</th>"
        "<th scope=\"col\" class=\"govuk-table__header\">Date</th>"
        "<th scope=\"col\" class=\"govuk-table__header\">Came</th>"
        "<th scope=\"col\" class=\"govuk-table__header\">Children</th>"
        "<th scope=\"col\" class=\"govuk-table__header\">Parents</th>"
        "<th scope=\"col\" class=\"govuk-table__header\">Checklist</th></tr></thead>"
        "<tbody class=\"govuk-table__body\">\n");
    for (size_t i = 0; i < r.n_sessions; i++) {
        const struct progreport_session *s = &r.sessions[i];
        bool held = s->status == SESSION_HELD;
        html(&h,
             "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td>"
             "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>"
             "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>"
             "<td class=\"govuk-table__cell\">%s</td></tr>\n",
             s->kind == SESSION_COMMITMENT ? "First meeting"
                                           : arena_sprintf(&req->arena, "Session %d", s->seq),
             page_date(req, s->date),
             held                             ? arena_sprintf(&req->arena, "%d", s->families)
             : s->status == SESSION_CANCELLED ? "Cancelled"
             : strcmp(s->date, today) <= 0    ? "Not recorded yet"
                                              : "To come",
             held ? arena_sprintf(&req->arena, "%d", s->children) : "",
             held ? arena_sprintf(&req->arena, "%d", s->parents) : "",
             held && s->fidelity >= 0 ? share(req, s->fidelity) : "");
    }
    html_raw(&h, "</tbody></table></div>\n");
    html(&h,
         "<h2 class=\"govuk-heading-m\">Fidelity</h2>\n<p class=\"govuk-body\">Mean fidelity: %s, "
         "over %d sessions with a checklist.</p>\n",
         share(req, r.mean_fidelity), r.fidelity_sessions);
    if (r.fidelity_sessions) {
        html_raw(&h, "<ul class=\"govuk-list govuk-list--bullet\">\n");
        for (size_t k = 0; k < t.n_agenda; k++)
            html(&h, "<li>%s: done in %d of %d</li>\n", t.agenda[k].label, r.item_done[k],
                 r.fidelity_sessions);
        html_raw(&h, "</ul>\n");
    }
    const struct progreport_outcome *o = &r.outcome;
    html_raw(&h, "<h2 class=\"govuk-heading-m\">Before and after</h2>\n");
    if (!o->instrument) {
        html(&h, "<p class=\"govuk-body\">%s</p>\n", o->effect_note ? o->effect_note : "");
    } else {
        html_raw(&h, "<dl class=\"govuk-summary-list\">\n");
        summary_row(&h, "Measure",
                    arena_sprintf(&req->arena, "%s (%s scores are better)",
                                  effectwords_measure(&req->arena, o->instrument, o->score),
                                  o->better < 0 ? "lower" : "higher"));
        summary_row(&h, "Children with scores before and after",
                    arena_sprintf(&req->arena, "%zu of %zu", o->n, o->children));
        if (o->n)
            summary_row(&h, "Mean score",
                        arena_sprintf(&req->arena, "%.1f before, %.1f after (a change of %+.1f)",
                                      o->mean_pre, o->mean_post, o->mean_change));
        if (o->has_effect)
            summary_row(&h, "Kind of effect size", effectwords_kind(&req->arena, o, false));
        summary_row(&h, "What the effect size means",
                    o->has_effect ? effectwords_effect(&req->arena, o) : o->effect_note);
        summary_row(&h, "Reliable change",
                    o->has_rci
                        ? arena_sprintf(&req->arena,
                                        "%zu improved, %zu no reliable change, %zu "
                                        "deteriorated",
                                        o->rci.improved, o->rci.unchanged, o->rci.deteriorated)
                        : o->rci_note);
        summary_row(&h, "Reliability figures", effectwords_reliability(&req->arena, o));
        html_raw(&h, "</dl>\n");
        progcompare_section(req, &h, o);
    }
    if (t.stories)
        html(&h,
             "<h2 class=\"govuk-heading-m\">Stories and reading</h2>\n<p class=\"govuk-body\">%d "
             "stories; %d follow-up reading sessions (%d minutes).</p>\n",
             r.stories, r.reading_sessions, r.reading_minutes);
    if (t.followon_months)
        html(&h,
             "<h2 class=\"govuk-heading-m\">Follow-on meetings</h2>\n<p class=\"govuk-body\">%d "
             "held; %d %s came to at least one.</p>\n",
             r.followon_meetings, r.followon_families, people);
    html_raw(&h, "<h2 class=\"govuk-heading-m\">In their own words</h2>\n");
    if (!r.n_quotes)
        html_raw(&h, "<p class=\"govuk-body\">No quotes kept yet.</p>\n");
    for (size_t i = 0; i < r.n_quotes; i++)
        html(&h,
             "<div class=\"govuk-inset-text\"><p class=\"govuk-body\">\"%s\"</p><p "
             "class=\"govuk-body-s govuk-!-margin-bottom-0\">%s</p></div>\n",
             r.quotes[i].text,
             r.quotes[i].attribution ? r.quotes[i].attribution : r.quotes[i].speaker);
    html(&h,
         "<h2 class=\"govuk-heading-m\">Costs</h2>\n<p class=\"govuk-body\">%s so far; %s for the "
         "whole programme%s.</p>\n",
         money(req, r.costs.total_to_date), money(req, r.costs.total_projected),
         r.costs.per_pupil_projected >= 0
             ? arena_sprintf(&req->arena, " (%s a pupil)", money(req, r.costs.per_pupil_projected))
             : "");
    return page_finish(req, &h);
}

/* A programme's report as a PDF document, drawn by draw(): the report for
 * governors (names no child) or each family's attendance (staff only). */
static int send_report_pdf(struct request *req, struct response *res,
                           int (*draw)(struct buf *, struct arena *, const char *,
                                       const struct progreport *, struct err *),
                           const char *what, const char *filename)
{
    struct provision p;
    struct progtemplate t;
    bool manage;
    int rc = progpage_load(req, &p, &t, &manage);
    if (rc)
        return rc;
    struct progreport r;
    struct audit_entry who = who_of(req);
    const struct progreport_opts viewed = { .viewed = true };
    if ((rc = progreport_build(req->db, &req->arena, p.id, req->who.school_id, &viewed, &who, &r,
                               &req->err)))
        return rc;
    struct buf b;
    buf_init(&b, PDF_MAX);
    if ((rc = draw(&b, &req->arena, progpage_school(req), &r, &req->err)) ||
        (rc = page_audit(req, "download", "provision", p.id, 0, what))) {
        buf_release(&b);
        return rc;
    }
    return progpage_send_pdf(req, res, &b, filename);
}

int page_programme_report_pdf(struct request *req, struct response *res)
{
    return send_report_pdf(req, res, progdocs_report, "programme report PDF",
                           "programme-report.pdf");
}

/* Each family's attendance by name: a separate document for staff only
 * (the report PDF names no child). */
int page_programme_families_pdf(struct request *req, struct response *res)
{
    return send_report_pdf(req, res, progdocs_families, "programme families PDF",
                           "programme-families.pdf");
}
