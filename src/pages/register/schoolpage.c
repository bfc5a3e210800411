#include "pages/register/schoolpage.h"

#include <string.h>

#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "html/form.h"
#include "model/calendar/calendar.h"
#include "model/register/audit.h"
#include "model/register/school.h"
#include "pages/common.h"

/* The terms and holidays of the school year we are in, as the school set
 * them or as meso's usual dates for England, with the link to change them. */
static int term_dates(struct request *req, struct html *h)
{
    int year = schoolyear_of(date_today());
    struct calendar_year y;
    int rc = calendar_year_get(req->db, &req->arena, req->who.school_id, year, &y, &req->err);
    if (rc)
        return rc;
    char label[16];
    schoolyear_label(year, label, sizeof label);
    html(h,
         "<h2 class=\"govuk-heading-m\">Term dates, %s</h2>\n<dl class=\"govuk-summary-list\">\n",
         label);
    for (int i = 0; i < TERM_N; i++) {
        char a[11], b[11];
        date_iso(y.terms[i].start, a);
        date_iso(y.terms[i].end, b);
        html(h,
             "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s "
             "term</dt><dd class=\"govuk-summary-list__value\">%s to %s%s</dd></div>\n",
             i == TERM_AUTUMN   ? "Autumn"
             : i == TERM_SPRING ? "Spring"
                                : "Summer",
             page_date(req, a), page_date(req, b), y.terms[i].set ? "" : " (meso's usual dates)");
    }
    for (size_t i = 0; i < y.n_holidays; i++) {
        char a[11], b[11];
        date_iso(y.holidays[i].start, a);
        date_iso(y.holidays[i].end, b);
        html(h,
             "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s"
             "</dt><dd class=\"govuk-summary-list__value\">%s%s%s%s</dd></div>\n",
             y.holidays[i].name, page_date(req, a), strcmp(a, b) ? " to " : "",
             strcmp(a, b) ? page_date(req, b) : "", y.own_holidays ? "" : " (meso's usual dates)");
    }
    html(h,
         "</dl>\n<p class=\"govuk-body\">Conversations are counted term by term, so "
         "these dates decide which term each one counts towards. Programme sessions are planned "
         "on school days only.</p>\n<p class=\"govuk-body\"><a class=\"govuk-link\" "
         "href=\"/school/calendar?year=%d\">Change term dates and holidays</a></p>\n",
         year);
    return 0;
}

void schoolpage_fields(struct html *h, const struct school *s, const struct problems *pr)
{
    struct field fs[] = {
        { .name = "urn",
          .label = "URN",
          .hint = "The school's 6-digit unique reference number, as on Get Information about "
                  "Schools",
          .value = s->placeholder ? "" : s->urn,
          .width = "10",
          .inputmode = "numeric",
          .spellcheck_off = true,
          .error = problems_for(pr, "urn") },
        { .name = "name",
          .label = "School name",
          .value = s->name,
          .error = problems_for(pr, "name") },
        { .name = "la",
          .label = "Local authority number (optional)",
          .hint = "3 digits, like 201: the same as digits 2 to 4 of your pupils' UPNs",
          .value = s->la_code,
          .width = "4",
          .inputmode = "numeric",
          .spellcheck_off = true,
          .error = problems_for(pr, "la") },
    };
    for (size_t i = 0; i < sizeof fs / sizeof fs[0]; i++)
        form_input(h, &fs[i]);
    struct option phases[16];
    size_t np = 0;
    phases[np++] = (struct option){ "", "Not given", NULL };
    for (const char *const *p = school_phases; *p && np < 16; p++)
        phases[np++] = (struct option){ *p, *p, NULL };
    struct field fp = { .name = "phase",
                        .label = "Phase (optional)",
                        .value = s->phase,
                        .error = problems_for(pr, "phase") };
    form_select(h, &fp, phases, np);
}

/* Sharing with the local authority: the lead's choice (an administrator
 * sees it but cannot change it). */
static void la_share_section(struct request *req, struct html *h, const struct school *s)
{
    html(h,
         "<h2 class=\"govuk-heading-m\" id=\"la-share\">Sharing with the local authority</h2>\n");
    if (!s->la_code || !*s->la_code) {
        html(h, "<p class=\"govuk-body\">Give the school's local authority number above to "
                "choose whether to share with it.</p>\n");
        return;
    }
    html(h,
         "<p class=\"govuk-body\">%s the school's figures with local authority %s: how many "
         "pupils have structured conversations and how many were held, how closely they follow "
         "the model, contact with families, programmes, gaps in provision and screening bands. "
         "Only counts are shared, never a child's name or record, and any count under 5 is "
         "hidden.</p>\n",
         s->la_share ? "You share" : "You do not share", s->la_code);
    if (!page_is_lead(req)) {
        html(h, "<p class=\"govuk-body\">A lead can change this.</p>\n");
        return;
    }
    html(h,
         "<form method=\"post\" action=\"/school/la-share\" novalidate>\n"
         "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
         "<input type=\"hidden\" name=\"share\" value=\"%s\">\n"
         "<button type=\"submit\" class=\"govuk-button%s\" data-module=\"govuk-button\">%s"
         "</button>\n</form>\n",
         req->csrf ? req->csrf : "", s->la_share ? "no" : "yes",
         s->la_share ? " govuk-button--secondary" : "",
         s->la_share ? "Stop sharing with the local authority" : "Share with the local authority");
}

int page_school_la_share(struct request *req, struct response *res)
{
    const char *v = req_text(req, "share");
    if (strcmp(v, "yes") != 0 && strcmp(v, "no") != 0)
        return ERR_INPUT;
    struct audit_who who = { .actor = req->who.actor, .address = req->client };
    int rc = school_set_la_share(req->db, &who, req->who.school_id, !strcmp(v, "yes"), &req->err);
    if (rc)
        return rc;
    resp_redirect(res, "/school?saved=1#la-share");
    return 0;
}

static int render(struct request *req, struct response *res, const struct school *s,
                  const struct problems *pr)
{
    struct html h;
    struct page pg = { .title = "School details", .nav = "home", .back_href = "/" };
    page_begin(req, res, &h, &pg);
    if (req_query(req, "saved"))
        layout_banner(&h, true, "Success", "The school's details have been saved.");
    form_error_summary(&h, pr);
    form_start(&h, "/school", req->csrf);
    schoolpage_fields(&h, s, pr);
    form_button(&h, "Save", false);
    form_end(&h);
    int rc = term_dates(req, &h);
    if (rc)
        return rc;
    if (page_is_lead(req))
        html(&h, "<h2 class=\"govuk-heading-m\">Keeping records</h2>\n<p class=\"govuk-body\">"
                 "How long each kind of record is kept after a pupil leaves, and the leavers "
                 "whose records are past it.</p>\n<p class=\"govuk-body\"><a "
                 "class=\"govuk-link\" href=\"/retention\">Retention periods and review</a>"
                 "</p>\n");
    if (page_is_lead(req))
        html_raw(&h, "<h2 class=\"govuk-heading-m\">Families' languages</h2>\n<p "
                     "class=\"govuk-body\">Families read meso's own words in their language. "
                     "No native speaker has checked these translations yet: you can read them "
                     "and correct any message for your school.</p>\n<p class=\"govuk-body\"><a "
                     "class=\"govuk-link\" href=\"/translations\">Translations for "
                     "families</a></p>\n");
    la_share_section(req, &h, s);
    return page_finish(req, &h);
}

int page_school(struct request *req, struct response *res)
{
    struct school s;
    int rc = school_by_id(req->db, &req->arena, req->who.school_id, &s, &req->err);
    return rc ? rc : render(req, res, &s, NULL);
}

int page_school_post(struct request *req, struct response *res)
{
    struct school s;
    int rc = school_by_id(req->db, &req->arena, req->who.school_id, &s, &req->err);
    if (rc)
        return rc;
    s.urn = req_text(req, "urn");
    s.name = req_text(req, "name");
    s.la_code = req_text(req, "la");
    s.phase = req_text(req, "phase");
    s.placeholder = false;
    struct problems pr;
    problems_init(&pr, &req->arena);
    school_validate(&s, &pr);
    if (!pr.n) {
        struct audit_who who = { .actor = req->who.actor, .address = req->client };
        rc = school_update(req->db, &who, &s, &req->err);
        if (rc == ERR_CONFLICT)
            problems_add(&pr, "urn", "%s",
                         str_starts_with(req->err.msg, "urn: ") ? req->err.msg + 5 : req->err.msg);
        else if (rc)
            return rc;
    }
    if (pr.n) {
        page_sentences(req, &pr, 0);
        res->status = 422;
        return render(req, res, &s, &pr);
    }
    resp_redirect(res, "/school?saved=1");
    return 0;
}
