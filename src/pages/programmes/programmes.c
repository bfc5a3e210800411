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

struct audit_entry progpage_who(struct request *req)
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
    struct audit_entry who = progpage_who(req);
    if ((rc = provision_get(req->db, &req->arena, id, req->who.school_id, &who, p, &req->err)))
        return rc;
    if (!p->template_id)
        return ERR_NOTFOUND; /* a provision not run as a programme has no pages here yet */
    if ((rc = progtemplate_get(req->db, &req->arena, p->template_id, t, &req->err)))
        return rc;
    *can_manage = page_is_lead(req);
    return 0;
}

int progpage_form_begin(struct request *req, struct progpage_form *f, bool need_manage)
{
    int rc = progpage_load(req, &f->p, &f->t, &f->manage);
    if (rc)
        return rc;
    if (need_manage && !f->manage)
        return ERR_DENIED;
    problems_init(&f->pr, &req->arena);
    f->who = progpage_who(req);
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
void progpage_model_problem(struct request *req, struct problems *pr, const char *fallback)
{
    const char *msg = req->err.msg, *colon = strstr(msg, ": ");
    const char *field = fallback;
    if (colon && colon - msg < 30 && !memchr(msg, ' ', (size_t)(colon - msg))) {
        field = arena_strndup(&req->arena, msg, (size_t)(colon - msg));
        msg = colon + 2;
    }
    problems_add(pr, field ? field : fallback, "%s", page_sentence(req, msg));
}

const char *progpage_people_word(const struct progtemplate *t, bool capital)
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

void progpage_summary_row(struct html *h, const char *key, const char *value)
{
    html(h,
         "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s</dt>"
         "<dd class=\"govuk-summary-list__value\">%s</dd></div>\n",
         key, value && *value ? value : "Not recorded");
}

const char *progpage_money(struct request *req, int64_t pence)
{
    char m[32];
    provision_money(pence, m, sizeof m);
    return arena_strdup(&req->arena, m);
}

bool progpage_date_field(struct request *req, const char *name, char out[11], bool required,
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
    html(h, "<h2 class=\"govuk-heading-m\" id=\"families\">%s</h2>\n",
         progpage_people_word(t, true));
    if (manage)
        html(h,
             "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/programmes/%lld/enrol\">"
             "Enrol a pupil</a></p>\n",
             (long long)p->id);
    if (!p->n_enrolments) {
        html(h, "<p class=\"govuk-body\">No %s are enrolled yet.</p>\n",
             progpage_people_word(t, false));
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
         progpage_people_word(t, true), progpage_people_word(t, true));
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

/* The cohort's details, as a summary list. */
static void details_list(struct request *req, struct html *h, const struct progtemplate *t,
                         const struct provision *p)
{
    html_raw(h, "<dl class=\"govuk-summary-list\">\n");
    progpage_summary_row(h, "Tier", provision_tier_label(p->tier));
    struct buf b;
    buf_init(&b, 4096);
    for (size_t i = 0; i < p->n_outcomes; i++)
        buf_addf(&b, "%s%s", i ? ", " : "",
                 provision_outcome_label(req->db, &req->arena, p->outcomes[i]));
    progpage_summary_row(h, "Outcomes it aims for", arena_strdup(&req->arena, buf_str(&b)));
    buf_release(&b);
    progpage_summary_row(h, "Evidence",
                         p->evidence_rating
                             ? arena_sprintf(&req->arena, "%s%s%s",
                                             provision_evidence_label(p->evidence_rating),
                                             p->evidence_reference ? ". " : "",
                                             p->evidence_reference ? p->evidence_reference : "")
                             : NULL);
    progpage_summary_row(h, "Dates",
                         arena_sprintf(&req->arena, "%s to %s", page_date(req, p->start_date),
                                       page_date(req, p->end_date)));
    progpage_summary_row(h, "Sessions",
                         arena_sprintf(&req->arena, "%d of %d minutes; %s at %d or more",
                                       p->sessions, p->session_minutes, t->complete_word,
                                       p->complete_at));
    if (p->session_time[0] || p->venue)
        progpage_summary_row(h, "When and where",
                             arena_sprintf(&req->arena, "%s%s%s", p->session_time,
                                           p->session_time[0] && p->venue ? ", " : "",
                                           p->venue ? p->venue : ""));
    if (p->review_date[0])
        progpage_summary_row(h, "Review", page_date(req, p->review_date));
    struct provision_costs c;
    provision_costs_of(p, &c);
    progpage_summary_row(
        h, "Costs",
        arena_sprintf(&req->arena, "%s so far, %s in all%s", progpage_money(req, c.total_to_date),
                      progpage_money(req, c.total_projected),
                      c.per_pupil_projected >= 0
                          ? arena_sprintf(&req->arena, " (%s a pupil)",
                                          progpage_money(req, c.per_pupil_projected))
                          : ""));
    html_raw(h, "</dl>\n");
}

/* Follow-on meetings, with a form to log one. */
static void followon_section(struct request *req, struct html *h, const struct progtemplate *t,
                             const struct provision *p, const struct prog_session *ss, size_t n_ss,
                             const struct problems *pr)
{
    if (t->followon_months) {
        sessions_section(req, h, t, p, ss, n_ss, true);
        small_form_start(req, h, "Log a follow-on meeting",
                         arena_sprintf(&req->arena, "/programmes/%lld/followon", (long long)p->id),
                         problems_for(pr, "followon_date") != NULL);
        struct field fd = { .name = "followon_date",
                            .label = "Date of the meeting",
                            .hint = "For example, 14/03/2025",
                            .value = req_text(req, "followon_date"),
                            .error = problems_for(pr, "followon_date"),
                            .width = "10" };
        form_input(h, &fd);
        small_form_end(h, "Log the meeting");
    }
}

/* Follow-up reading: each pupil's sessions so far, with a form to log one. */
static int reading_section(struct request *req, struct html *h, const struct progtemplate *t,
                           const struct provision *p, const struct problems *pr)
{
    int rc;
    if (t->reading_per_week && p->n_enrolments) {
        html(h,
             "<h2 class=\"govuk-heading-m\" id=\"reading\">Follow-up reading</h2>\n"
             "<p class=\"govuk-body\">The aim is %d sessions of %d minutes a week with a teaching "
             "assistant.</p>\n",
             t->reading_per_week, t->reading_minutes);
        if ((rc = page_date_note(req, h, req_query(req, "read_on"),
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
            html(h, "<p class=\"govuk-body\">%s: %zu sessions, %d minutes in all%s%s.</p>\n",
                 p->enrolments[e].pupil_name, n_rs, minutes, n_rs ? "; the last on " : "",
                 n_rs ? page_date(req, rs[n_rs - 1].read_on) : "");
        }
        small_form_start(req, h, "Log a reading session",
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
                form_select(h, &fe, eo, p->n_enrolments);
        } else {
            html(h, "<input type=\"hidden\" name=\"enrolment\" value=\"%lld\">\n",
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
        form_input(h, &fr[0]);
        form_input(h, &fr[1]);
        small_form_end(h, "Log the reading");
    }
    return 0;
}

/* Quotes kept from families, with a form to keep one. */
static int quotes_section(struct request *req, struct html *h, const struct provision *p,
                          const struct problems *pr)
{
    int rc;
    struct prog_quote *qs;
    size_t n_q;
    if ((rc = programme_quote_list(req->db, &req->arena, p->id, &qs, &n_q, &req->err)))
        return rc;
    html_raw(h, "<h2 class=\"govuk-heading-m\" id=\"quotes\">In their own words</h2>\n");
    if (!n_q)
        html_raw(h, "<p class=\"govuk-body\">No quotes kept yet.</p>\n");
    for (size_t i = 0; i < n_q; i++)
        html(h,
             "<div class=\"govuk-inset-text\"><p class=\"govuk-body\">\"%s\"</p><p "
             "class=\"govuk-body-s govuk-!-margin-bottom-0\">%s</p></div>\n",
             qs[i].text, qs[i].attribution ? qs[i].attribution : qs[i].speaker);
    small_form_start(req, h, "Keep a quote",
                     arena_sprintf(&req->arena, "/programmes/%lld/quotes", (long long)p->id),
                     problems_for(pr, "text") || problems_for(pr, "consent") ||
                         problems_for(pr, "attribution"));
    struct field fw = { .name = "speaker",
                        .label = "Who said it",
                        .value = *req_text(req, "speaker") ? req_text(req, "speaker") : "parent" };
    form_select(h, &fw, speaker_opts, sizeof speaker_opts / sizeof *speaker_opts);
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
    form_textarea(h, &fq[0], 3);
    form_input(h, &fq[1]);
    form_input(h, &fq[2]);
    small_form_end(h, "Keep the quote");
    return 0;
}

/* Other costs (leads only), with a form to add one. */
static void costs_section(struct request *req, struct html *h, const struct provision *p,
                          const struct problems *pr)
{
    html_raw(h, "<h2 class=\"govuk-heading-m\" id=\"costs\">Other costs</h2>\n");
    if (!p->n_costs)
        html_raw(h, "<p class=\"govuk-body\">None recorded: only staff time is counted.</p>\n");
    else
        html_raw(h, "<ul class=\"govuk-list govuk-list--bullet\">\n");
    for (size_t i = 0; i < p->n_costs; i++)
        html(h, "<li>%s: %s%s</li>\n", p->costs[i].what, progpage_money(req, p->costs[i].pence),
             p->costs[i].per_session ? " a session" : "");
    if (p->n_costs)
        html_raw(h, "</ul>\n");
    small_form_start(req, h, "Add a cost",
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
    form_input(h, &fc[0]);
    form_input(h, &fc[1]);
    form_checkbox(h, "per_session", "This is for each session held",
                  !strcmp(req_text(req, "per_session"), "yes"));
    small_form_end(h, "Add the cost");
}

int progpage_show(struct request *req, struct response *res, struct provision *p,
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
    details_list(req, &h, t, p);

    if ((rc = team_section(req, &h, t, p, manage, pr)))
        return rc;
    families_section(req, &h, t, p, ss, n_ss, manage);
    sessions_section(req, &h, t, p, ss, n_ss, false);

    followon_section(req, &h, t, p, ss, n_ss, pr);

    if ((rc = reading_section(req, &h, t, p, pr)))
        return rc;

    if ((rc = quotes_section(req, &h, p, pr)))
        return rc;

    if (manage)
        costs_section(req, &h, p, pr);
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
    return progpage_show(req, res, &p, &t, manage, NULL);
}
