#include "pages/programmes/progreport_page.h"

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
#include "pages/programmes/programmes.h"

#define PDF_MAX (32u * 1024 * 1024)

/* ---- the report -------------------------------------------------------------- */

static const char *share(struct request *req, double x)
{
    return x < 0 ? "None yet" : arena_sprintf(&req->arena, "%.0f%%", 100 * x);
}

/* The report's recruitment, retention and reach. */
static void report_recruitment(struct request *req, struct html *h, const struct progreport *r,
                               const struct progtemplate *t, const struct provision *p)
{
    const char *people = progpage_people_word(t, false);
    html_raw(h, "<h2 class=\"govuk-heading-m\">Recruitment and retention</h2>\n"
                "<dl class=\"govuk-summary-list\">\n");
    progpage_summary_row(h, "Invited",
                         arena_sprintf(&req->arena, "%d %s", r->invited,
                                       r->invited != 1                     ? people
                                       : t->counts_when == PT_COUNTS_CHILD ? "pupil"
                                                                           : "family"));
    progpage_summary_row(
        h, "Consent",
        arena_sprintf(&req->arena, "%d given, %d waiting, %d not asked yet, %d declined",
                      r->consent_given, r->awaiting, r->not_requested, r->declined));
    progpage_summary_row(
        h, "Came at least once",
        arena_sprintf(&req->arena, "%d of %d enrolled", r->families_started, r->families_enrolled));
    progpage_summary_row(
        h, t->complete_word && !strcmp(t->complete_word, "graduated") ? "Graduated" : "Completed",
        arena_sprintf(&req->arena, "%d (%s of those enrolled; %d or more sessions)",
                      r->families_completed, share(req, r->completion_rate), p->complete_at));
    progpage_summary_row(h, "Retention", share(req, r->retention));
    progpage_summary_row(h, "Mean sessions attended",
                         r->mean_sessions_attended < 0
                             ? "None yet"
                             : arena_sprintf(&req->arena, "%.1f of %d", r->mean_sessions_attended,
                                             r->sessions_planned));
    html_raw(h, "</dl>\n<h2 class=\"govuk-heading-m\">Reach</h2>\n"
                "<dl class=\"govuk-summary-list\">\n");
    progpage_summary_row(h, "Children who came",
                         arena_sprintf(&req->arena, "%d", r->children_reached));
    progpage_summary_row(h, "Parents who came",
                         arena_sprintf(&req->arena, "%d", r->parents_reached));
    progpage_summary_row(
        h, "Enrolled children with free school meals, SEN, EAL",
        arena_sprintf(&req->arena, "%d, %d, %d", r->reach_fsm, r->reach_sen, r->reach_eal));
}

/* The report's attendance by session: a chart of the sessions held, and a table. */
static int report_attendance(struct request *req, struct html *h, struct progreport *r,
                             const struct provision *p)
{
    int rc;
    char today[11];
    date_iso(date_today(), today);
    html_raw(h, "</dl>\n<h2 class=\"govuk-heading-m\">Attendance by session</h2>\n");
    if (r->n_sessions) {
        struct buf desc;
        buf_init(&desc, 8192);
        buf_addf(&desc,
                 "Families attending each session held, of %d enrolled:", r->families_enrolled);
        for (size_t i = 0; i < r->n_sessions; i++)
            if (r->sessions[i].status == SESSION_HELD)
                buf_addf(&desc, " %s %d,",
                         r->sessions[i].kind == SESSION_COMMITMENT
                             ? "first meeting"
                             : arena_sprintf(&req->arena, "session %d", r->sessions[i].seq),
                         r->sessions[i].families);
        html_raw(h, "<div class=\"meso-chart\">");
        struct err e;
        rc = canvas_svg_render(h->out, 640, 240, "Attendance by session", buf_str(&desc),
                               arena_sprintf(&req->arena, "att-%lld", (long long)p->id),
                               progdocs_attendance_chart, r, &e);
        buf_release(&desc);
        if (rc)
            return rc;
        html_raw(h, "</div>\n");
    }
    html_raw(
        h, "<div class=\"meso-table-wrap\" role=\"region\" aria-label=\"Attendance by session\" "
           "tabindex=\"0\"><table class=\"govuk-table\"><caption class=\"govuk-visually-hidden\">"
           "Attendance by session</caption><thead class=\"govuk-table__head\"><tr "
           "class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Session</th>"
           "<th scope=\"col\" class=\"govuk-table__header\">Date</th>"
           "<th scope=\"col\" class=\"govuk-table__header\">Came</th>"
           "<th scope=\"col\" class=\"govuk-table__header\">Children</th>"
           "<th scope=\"col\" class=\"govuk-table__header\">Parents</th>"
           "<th scope=\"col\" class=\"govuk-table__header\">Checklist</th></tr></thead>"
           "<tbody class=\"govuk-table__body\">\n");
    for (size_t i = 0; i < r->n_sessions; i++) {
        const struct progreport_session *s = &r->sessions[i];
        bool held = s->status == SESSION_HELD;
        html(h,
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
    html_raw(h, "</tbody></table></div>\n");
    return 0;
}

/* The report's before-and-after outcome, with its comparison. */
static void report_outcome(struct request *req, struct html *h, const struct progreport_outcome *o)
{
    html_raw(h, "<h2 class=\"govuk-heading-m\">Before and after</h2>\n");
    if (!o->instrument) {
        html(h, "<p class=\"govuk-body\">%s</p>\n", o->effect_note ? o->effect_note : "");
    } else {
        html_raw(h, "<dl class=\"govuk-summary-list\">\n");
        progpage_summary_row(
            h, "Measure",
            arena_sprintf(&req->arena, "%s (%s scores are better)",
                          effectwords_measure(&req->arena, o->instrument, o->score),
                          o->better < 0 ? "lower" : "higher"));
        progpage_summary_row(h, "Children with scores before and after",
                             arena_sprintf(&req->arena, "%zu of %zu", o->n, o->children));
        if (o->n)
            progpage_summary_row(h, "Mean score",
                                 arena_sprintf(&req->arena,
                                               "%.1f before, %.1f after (a change of %+.1f)",
                                               o->mean_pre, o->mean_post, o->mean_change));
        if (o->has_effect)
            progpage_summary_row(h, "Kind of effect size", effectwords_kind(&req->arena, o, false));
        progpage_summary_row(h, "What the effect size means",
                             o->has_effect ? effectwords_effect(&req->arena, o) : o->effect_note);
        progpage_summary_row(h, "Reliable change",
                             o->has_rci ? arena_sprintf(&req->arena,
                                                        "%zu improved, %zu no reliable change, %zu "
                                                        "deteriorated",
                                                        o->rci.improved, o->rci.unchanged,
                                                        o->rci.deteriorated)
                                        : o->rci_note);
        progpage_summary_row(h, "Reliability figures", effectwords_reliability(&req->arena, o));
        html_raw(h, "</dl>\n");
        progcompare_section(req, h, o);
    }
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
    struct audit_entry who = progpage_who(req);
    const struct progreport_opts viewed = { .viewed = true };
    if ((rc = progreport_build(req->db, &req->arena, p.id, req->who.school_id, &viewed, &who, &r,
                               &req->err)))
        return rc;
    const char *people = progpage_people_word(&t, false);
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
    report_recruitment(req, &h, &r, &t, &p);
    if ((rc = report_attendance(req, &h, &r, &p)))
        return rc;
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
    report_outcome(req, &h, &r.outcome);
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
         progpage_money(req, r.costs.total_to_date), progpage_money(req, r.costs.total_projected),
         r.costs.per_pupil_projected >= 0
             ? arena_sprintf(&req->arena, " (%s a pupil)",
                             progpage_money(req, r.costs.per_pupil_projected))
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
    struct audit_entry who = progpage_who(req);
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
