#include "pages/register/pupils.h"

#include <string.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "html/form.h"
#include "model/register/carer.h"
#include "model/register/factor.h"
#include "model/register/leaver.h"
#include "model/access/family_worker.h"
#include "model/register/staff.h"
#include "model/register/pupil.h"
#include "model/register/record.h"
#include "pages/common.h"
#include "pages/register/sarpage.h"
#include "pages/register/pupil_glance.h"
#include "pages/measures/measures.h"
#include "pages/conversations/contacts.h"
#include "pages/provision/pupilprov.h"
#include "model/access/access.h"

#define PAGE_SIZE 50

static const struct option year_opts[] = {
    { "", "Any year", NULL },   { "N1", "Nursery 1", NULL }, { "N2", "Nursery 2", NULL },
    { "R", "Reception", NULL }, { "1", "Year 1", NULL },     { "2", "Year 2", NULL },
    { "3", "Year 3", NULL },    { "4", "Year 4", NULL },     { "5", "Year 5", NULL },
    { "6", "Year 6", NULL },    { "7", "Year 7", NULL },     { "8", "Year 8", NULL },
    { "9", "Year 9", NULL },    { "10", "Year 10", NULL },   { "11", "Year 11", NULL },
    { "12", "Year 12", NULL },  { "13", "Year 13", NULL },   { "14", "Year 14", NULL },
};

static const struct option sen_filter_opts[] = {
    { "", "Any", NULL },
    { "N", "No SEN", NULL },
    { "K", "SEN support", NULL },
    { "E", "EHC plan", NULL },
};

static const struct option fsm_filter_opts[] = {
    { "", "Any", NULL },
    { "yes", "Eligible", NULL },
    { "no", "Not eligible", NULL },
};

/* The filters as a query string, for links that keep them. */
static const char *filter_query(struct request *req, const char *q, const char *year,
                                const char *sen, const char *fsm)
{
    struct buf b;
    buf_init(&b, 2048);
    buf_adds(&b, "q=");
    html_urlencode(&b, q);
    buf_adds(&b, "&year=");
    html_urlencode(&b, year);
    buf_adds(&b, "&sen=");
    html_urlencode(&b, sen);
    buf_adds(&b, "&fsm=");
    html_urlencode(&b, fsm);
    const char *s = arena_strdup(&req->arena, buf_str(&b));
    buf_release(&b);
    return s ? s : "";
}

void pupils_filter_from(struct request *req, struct pupil_filter *f)
{
    const char *q = req_text(req, "q"), *year = req_text(req, "year"), *sen = req_text(req, "sen"),
               *fsm = req_text(req, "fsm");
    access_pupil_filter(&req->who, f);
    char yr[4], sn[2], why[200];
    if (*year && pupil_parse_year(year, yr, why, sizeof why) == 0)
        f->nc_year = arena_strdup(&req->arena, yr);
    if (*sen && pupil_parse_sen(sen, sn, why, sizeof why) == 0)
        f->sen = arena_strdup(&req->arena, sn);
    if (!strcmp(fsm, "yes"))
        f->fsm = 1;
    else if (!strcmp(fsm, "no"))
        f->fsm = 0;
    if (*q)
        f->search = q;
}

int page_pupils(struct request *req, struct response *res)
{
    const char *q = req_text(req, "q"), *year = req_text(req, "year"), *sen = req_text(req, "sen"),
               *fsm = req_text(req, "fsm");
    long page = req_query_long(req, "page", 1, 100000, 1);
    struct pupil_filter f = { .fsm = -1,
                              .limit = PAGE_SIZE,
                              .offset = (int)((page - 1) * PAGE_SIZE) };
    pupils_filter_from(req, &f);
    struct pupil *ps;
    size_t n, total = 0;
    int rc = pupil_list(req->db, &req->arena, &f, &ps, &n, &total, &req->err);
    if (rc)
        return rc;
    if ((rc = page_audit(req, "list", "pupil", 0, 0,
                         arena_sprintf(&req->arena, "%zu pupils listed", n))))
        return rc;

    struct html h;
    struct page p = { .title = "Pupils", .nav = "pupils", .wide = true };
    page_begin(req, res, &h, &p);
    if (page_is_lead(req))
        html_raw(&h, "<div class=\"govuk-button-group\"><a href=\"/pupils/new\" role=\"button\" "
                     "draggable=\"false\" class=\"govuk-button govuk-button--secondary\" "
                     "data-module=\"govuk-button\">Add a pupil</a><a href=\"/import\" "
                     "role=\"button\" draggable=\"false\" class=\"govuk-button "
                     "govuk-button--secondary\" data-module=\"govuk-button\">Import pupils and "
                     "carers</a><a class=\"govuk-link\" href=\"/classes\">Classes and key "
                     "teachers</a></div>\n");
    html_raw(&h,
             "<form method=\"get\" action=\"/pupils\" class=\"meso-filters\" role=\"search\">\n");
    struct field fq = { .name = "q",
                        .label = "Name or UPN",
                        .value = q,
                        .type = "search",
                        .width = "20",
                        .spellcheck_off = true };
    form_input(&h, &fq);
    struct field fy = { .name = "year", .label = "Year", .value = year };
    form_select(&h, &fy, year_opts, sizeof year_opts / sizeof year_opts[0]);
    struct field fs = { .name = "sen", .label = "SEN", .value = sen };
    form_select(&h, &fs, sen_filter_opts, sizeof sen_filter_opts / sizeof sen_filter_opts[0]);
    struct field ff = { .name = "fsm", .label = "Free school meals", .value = fsm };
    form_select(&h, &ff, fsm_filter_opts, sizeof fsm_filter_opts / sizeof fsm_filter_opts[0]);
    html_raw(&h, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                 "Search</button>\n</form>\n");

    if (n == 0) {
        html_raw(&h, "<p class=\"govuk-body\">No pupils match. Try fewer filters, or part of a "
                     "name.</p>\n");
        return page_finish(req, &h);
    }
    size_t first = (size_t)f.offset + 1, last = (size_t)f.offset + n;
    html(&h, "<p class=\"govuk-body\" id=\"results-count\">Showing %zu to %zu of %zu pupils</p>\n",
         first, last, total);
    if (page_is_lead(req))
        html(
            &h,
            "<p class=\"govuk-body meso-no-print\"><a class=\"govuk-link\" href=\"/pupils.xlsx?%s\">"
            "Download these %zu pupils as a spreadsheet (.xlsx)</a></p>\n",
            filter_query(req, q, year, sen, fsm), total);
    html_raw(&h,
             "<div class=\"meso-table-wrap\" role=\"region\" aria-label=\"Pupils\" tabindex=\"0\">"
             "<table class=\"govuk-table meso-table\"><caption class=\"govuk-visually-hidden\">"
             "Pupils</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
             "<th scope=\"col\" class=\"govuk-table__header\">Name</th>"
             "<th scope=\"col\" class=\"govuk-table__header\">Year</th>"
             "<th scope=\"col\" class=\"govuk-table__header\">SEN</th>"
             "<th scope=\"col\" class=\"govuk-table__header\">FSM</th>"
             "<th scope=\"col\" class=\"govuk-table__header\">UPN</th>"
             "</tr></thead><tbody class=\"govuk-table__body\">\n");
    for (size_t i = 0; i < n; i++) {
        const struct pupil *pp = &ps[i];
        html(&h,
             "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">"
             "<a class=\"govuk-link\" href=\"/pupils/%lld\">%s</a></td>"
             "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s%s%s</td>"
             "<td class=\"govuk-table__cell\">%s</td>"
             "<td class=\"govuk-table__cell meso-upn\">%s</td></tr>\n",
             (long long)pp->id, pupil_display_name(&req->arena, pp), pupil_year_label(pp->nc_year),
             pupil_sen_label(pp->sen), pp->need1[0] ? ", " : "", pp->need1, pp->fsm ? "Yes" : "",
             pp->upn);
    }
    html_raw(&h, "</tbody></table></div>\n");
    if (page > 1 || last < total) {
        const char *fq_s = filter_query(req, q, year, sen, fsm);
        html_raw(&h, "<nav class=\"govuk-pagination\" aria-label=\"Pages of results\">\n");
        if (page > 1)
            html(
                &h,
                "<div class=\"govuk-pagination__prev\"><a class=\"govuk-link govuk-pagination__link\" "
                "href=\"/pupils?%s&amp;page=%ld\" rel=\"prev\"><span class=\"govuk-pagination__link-title\">"
                "Previous<span class=\"govuk-visually-hidden\"> page</span></span></a></div>\n",
                fq_s, page - 1);
        if (last < total)
            html(
                &h,
                "<div class=\"govuk-pagination__next\"><a class=\"govuk-link govuk-pagination__link\" "
                "href=\"/pupils?%s&amp;page=%ld\" rel=\"next\"><span class=\"govuk-pagination__link-title\">"
                "Next<span class=\"govuk-visually-hidden\"> page</span></span></a></div>\n",
                fq_s, page + 1);
        html_raw(&h, "</nav>\n");
    }
    return page_finish(req, &h);
}

/* ---- one pupil ---------------------------------------------------------- */

static void summary_row(struct html *h, const char *key, const char *value)
{
    html(h,
         "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s</dt>"
         "<dd class=\"govuk-summary-list__value\">%s</dd></div>\n",
         key, value && *value ? value : "Not recorded");
}

static const char *needs_text(struct request *req, const char *n1, const char *n2)
{
    if (!n1 || !*n1)
        return "";
    return n2 && *n2 ? arena_sprintf(&req->arena, "%s and %s", n1, n2) : n1;
}

static void carer_card(struct request *req, struct html *h, const struct pupil *p,
                       const struct pupil_carer *pc, bool can_edit)
{
    const struct carer *c = &pc->carer;
    html(
        h,
        "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
        "<h3 class=\"govuk-summary-card__title\"><a class=\"govuk-link\" href=\"/carers/%lld\">%s</a>"
        " <span class=\"govuk-caption-m meso-inline-caption\">%s</span></h3>",
        (long long)c->id, carer_display_name(&req->arena, c), pc->link.relationship);
    if (can_edit)
        html(h,
             "<ul class=\"govuk-summary-card__actions\"><li class=\"govuk-summary-card__action\">"
             "<a class=\"govuk-link\" href=\"/pupils/%lld/carers/%lld\">Change<span "
             "class=\"govuk-visually-hidden\"> how %s is linked</span></a></li></ul>",
             (long long)p->id, (long long)c->id, carer_display_name(&req->arena, c));
    html_raw(
        h, "</div><div class=\"govuk-summary-card__content\"><dl class=\"govuk-summary-list\">\n");
    summary_row(h, "Contact order", arena_sprintf(&req->arena, "%d", pc->link.contact_priority));
    if (pc->link.parental_responsibility == CARER_PR_NOT_RECORDED && can_edit)
        html(h,
             "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
             "Parental responsibility</dt><dd class=\"govuk-summary-list__value\">Not recorded. "
             "<a class=\"govuk-link\" href=\"/pupils/%lld/carers/%lld\">Confirm it<span "
             "class=\"govuk-visually-hidden\"> for %s</span></a></dd></div>\n",
             (long long)p->id, (long long)c->id, carer_display_name(&req->arena, c));
    else
        summary_row(h, "Parental responsibility", carer_pr_label(pc->link.parental_responsibility));
    summary_row(h, "Lives with the child", pc->link.lives_with ? "Yes" : "No");
    summary_row(h, "Mobile", c->phone_mobile);
    if (c->phone_home)
        summary_row(h, "Home phone", c->phone_home);
    summary_row(h, "Email", c->email);
    summary_row(h, "Prefers", c->preferred_contact);
    summary_row(h, "Language",
                c->preferred_language
                    ? arena_sprintf(&req->arena, "%s%s", c->preferred_language,
                                    c->interpreter_needed ? " (an interpreter is needed)" : "")
                    : NULL);
    if (c->access_needs)
        summary_row(h, "Access needs", c->access_needs);
    html_raw(h, "</dl></div></div>\n");
}

/* The pupil page's record: who the child is, as the register holds it. */
static void pupil_record_section(struct request *req, struct html *h, const struct pupil *p,
                                 const char *title, bool can_edit)
{
    html_raw(h, "<h2 class=\"govuk-heading-m\">Record</h2>\n");
    if (can_edit)
        html(h,
             "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/pupils/%lld/edit\">"
             "Change the record<span class=\"govuk-visually-hidden\"> of %s</span></a></p>\n",
             (long long)p->id, title);
    html_raw(h, "<dl class=\"govuk-summary-list\">\n");
    summary_row(h, "Legal name",
                arena_sprintf(&req->arena, "%s %s", p->legal_forename, p->legal_surname));
    if (p->preferred_forename || p->preferred_surname)
        summary_row(h, "Known as", pupil_display_name(&req->arena, p));
    summary_row(h, "UPN",
                arena_sprintf(&req->arena, "%s%s", p->upn, p->upn_temporary ? " (temporary)" : ""));
    struct date dob;
    int age = date_parse(p->dob, &dob) == 0 ? date_age_years(dob, date_today()) : 0;
    summary_row(h, "Date of birth",
                arena_sprintf(&req->arena, "%s (age %d)", page_date(req, p->dob), age));
    summary_row(h, "Sex", p->sex[0] == 'F' ? "Female" : "Male");
    summary_row(h, "Year", pupil_year_label(p->nc_year));
    summary_row(h, "Class", p->reg_group);
    summary_row(h, "SEN",
                p->need1[0] ? arena_sprintf(&req->arena, "%s (%s)", pupil_sen_label(p->sen),
                                            needs_text(req, p->need1, p->need2))
                            : pupil_sen_label(p->sen));
    summary_row(h, "Free school meals", p->fsm ? "Eligible" : "Not eligible");
    summary_row(h, "English as an additional language",
                p->eal == 1   ? "Yes"
                : p->eal == 0 ? "No"
                              : "Not known");
    summary_row(h, "First language", p->first_language);
    summary_row(h, "Looked after", p->looked_after ? "Yes" : "No");
    summary_row(h, "Joined the school",
                p->admission_date[0] ? page_date(req, p->admission_date) : NULL);
    if (p->leaving_date[0])
        summary_row(h, "Left the school", page_date(req, p->leaving_date));
    html_raw(h, "</dl>\n");
}

/* Who works with the child: the key teacher and the family workers. */
static int pupil_workers_section(struct request *req, struct html *h, const struct pupil *p,
                                 const struct pupilsummary *sum)
{
    const char *kt_name = sum->key_teacher;
    struct staff *fw;
    size_t n_fw = 0;
    int rc = family_worker_list(req->db, &req->arena, p->id, &fw, &n_fw, &req->err);
    if (rc)
        return rc;
    html_raw(
        h,
        "<h2 class=\"govuk-heading-m\">Working with the family</h2>\n<dl class=\"govuk-summary-list\">\n");
    summary_row(h, "Key teacher", kt_name ? kt_name : "Not chosen yet");
    struct buf names;
    buf_init(&names, 4096);
    for (size_t i = 0; i < n_fw; i++)
        buf_addf(&names, "%s%s", i ? ", " : "", fw[i].name);
    summary_row(h, "Family workers", n_fw ? arena_strdup(&req->arena, buf_str(&names)) : "None");
    buf_release(&names);
    html_raw(h, "</dl>\n");
    if (page_is_lead(req))
        html(h,
             "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/pupils/%lld/key-teacher\">"
             "Choose the key teacher and family workers</a></p>\n",
             (long long)p->id);
    return 0;
}

/* The parents and carers, with a prompt where parental responsibility is unknown. */
static void pupil_carers_section(struct request *req, struct html *h, const struct pupil *p,
                                 const struct pupil_carer *carers, size_t n_carers, bool can_edit)
{
    html(h, "<h2 class=\"govuk-heading-m\">Parents and carers</h2>\n");
    if (n_carers == 0)
        html_raw(h, "<p class=\"govuk-body\">No parents or carers are recorded yet.</p>\n");
    size_t pr_unknown = 0;
    for (size_t i = 0; i < n_carers; i++)
        pr_unknown += carers[i].link.parental_responsibility == CARER_PR_NOT_RECORDED;
    if (pr_unknown && can_edit)
        html(h,
             "<div class=\"govuk-inset-text\" id=\"pr-prompt\">Parental responsibility is not "
             "recorded for %zu of the parents and carers below: the school's records did not say. "
             "Please check with the family or the school office, and confirm it for each.</div>\n",
             pr_unknown);
    for (size_t i = 0; i < n_carers; i++)
        carer_card(req, h, p, &carers[i], can_edit);
    if (can_edit)
        html(h,
             "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/pupils/%lld/carers/new\">"
             "Add a parent or carer</a></p>\n",
             (long long)p->id);
    if (page_is_lead(req) && n_carers)
        html(h,
             "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/pupils/%lld/invite\">"
             "Invite a parent or carer to meso</a></p>\n",
             (long long)p->id);
}

/* Strengths and risks: the protective factors, then the risk factors. */
static void pupil_factors_section(struct request *req, struct html *h, const struct factor *factors,
                                  size_t n_factors)
{
    html_raw(h, "<h2 class=\"govuk-heading-m\">Strengths and risks</h2>\n");
    if (n_factors == 0)
        html_raw(h, "<p class=\"govuk-body\">None recorded.</p>\n");
    for (int pass = 0; pass < 2; pass++) {
        bool any = false;
        for (size_t i = 0; i < n_factors; i++) {
            bool protective = !strcmp(factors[i].kind, "protective");
            if (protective != (pass == 0))
                continue;
            if (!any)
                html(
                    h,
                    "<h3 class=\"govuk-heading-s\">%s</h3><ul class=\"govuk-list govuk-list--bullet\">\n",
                    pass == 0 ? "Protective factors (strengths)" : "Risk factors");
            any = true;
            html(
                h,
                "<li>%s <span class=\"govuk-hint meso-inline-hint\">(%s, since %s%s%s)</span></li>\n",
                factors[i].label, factors[i].source, page_date(req, factors[i].identified_on),
                factors[i].ended_on[0] ? ", ended " : "",
                factors[i].ended_on[0] ? page_date(req, factors[i].ended_on) : "");
        }
        if (any)
            html_raw(h, "</ul>\n");
    }
}

/* The SEN history, one row per change of provision. */
static void pupil_sen_history_section(struct request *req, struct html *h,
                                      const struct sen_change *hist, size_t n_hist)
{
    html_raw(h, "<h2 class=\"govuk-heading-m\">SEN history</h2>\n");
    if (n_hist == 0) {
        html_raw(h, "<p class=\"govuk-body\">No SEN provision has been recorded.</p>\n");
    } else {
        html_raw(
            h,
            "<div class=\"meso-table-wrap\" role=\"region\" aria-label=\"SEN history\" tabindex=\"0\">"
            "<table class=\"govuk-table\"><caption class=\"govuk-visually-hidden\">SEN "
            "history</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
            "<th scope=\"col\" class=\"govuk-table__header\">From</th>"
            "<th scope=\"col\" class=\"govuk-table__header\">Provision</th>"
            "<th scope=\"col\" class=\"govuk-table__header\">Needs</th>"
            "<th scope=\"col\" class=\"govuk-table__header\">Recorded by</th></tr></thead>"
            "<tbody class=\"govuk-table__body\">\n");
        for (size_t i = 0; i < n_hist; i++)
            html(h,
                 "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td>"
                 "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>"
                 "<td class=\"govuk-table__cell\">%s</td></tr>\n",
                 page_date(req, hist[i].effective_date), pupil_sen_label(hist[i].provision),
                 needs_text(req, hist[i].need1, hist[i].need2), hist[i].source);
        html_raw(h, "</tbody></table></div>\n");
    }
}

int page_pupil_show(struct request *req, struct response *res)
{
    struct pupil p;
    int rc = page_pupil(req, page_id(req, 0), &p);
    if (rc)
        return rc;
    struct pupil_carer *carers;
    struct sen_change *hist;
    struct factor *factors;
    size_t n_carers, n_hist, n_factors;
    if ((rc = carer_list_for_pupil(req->db, &req->arena, p.id, &carers, &n_carers, &req->err)) ||
        (rc = pupil_sen_history(req->db, &req->arena, p.id, &hist, &n_hist, &req->err)) ||
        (rc = factor_list(req->db, &req->arena, p.id, &factors, &n_factors, &req->err)))
        return rc;
    /* The summary at the top, read as the page view's one audited read. */
    struct pupilsummary sum;
    struct audit_entry who = page_actor(req);
    char today[11];
    date_iso(date_today(), today);
    if ((rc = pupilsummary_read(req->db, &req->arena, p.id, p.school_id, today, &who, &sum,
                                &req->err)))
        return rc;
    bool can_edit = page_can_edit(req);
    /* A leaver's record is read-only (model/register/leaver.h): said first. */
    struct err le;
    err_clear(&le);
    int left = leaver_guard(req->db, p.id, &le);
    if (left && left != ERR_CONFLICT)
        return left;
    struct html h;
    struct page pg = { .title = pupil_display_name(&req->arena, &p),
                       .caption = pupil_year_label(p.nc_year),
                       .nav = "pupils",
                       .back_href = "/pupils" };
    page_begin(req, res, &h, &pg);
    if (left)
        layout_banner(
            &h, false, "Important",
            p.leaving_date[0]
                ? arena_sprintf(&req->arena,
                                "%s left the school on %s. Their record is kept as it was "
                                "and can no longer be changed.",
                                pg.title, page_date(req, p.leaving_date))
                : "This record is kept as it was and can no longer be changed.");
    if (req_query(req, "saved"))
        layout_banner(&h, true, "Success", "Your changes have been saved.");
    pupil_glance(req, &h, &p, &sum);
    /* Quick ways to the contact form and the conversations (contacts.c). */
    html(&h,
         "<ul class=\"govuk-list meso-actions meso-no-print\"><li><a class=\"govuk-link\" "
         "href=\"/pupils/%lld/contacts/new?from=pupil\">Record a contact</a></li><li><a "
         "class=\"govuk-link\" href=\"/pupils/%lld/conversations\">Conversations with the "
         "family</a></li></ul>\n",
         (long long)p.id, (long long)p.id);

    pupil_record_section(req, &h, &p, pg.title, can_edit);

    if ((rc = pupil_workers_section(req, &h, &p, &sum)))
        return rc;

    if ((rc = contacts_pupil_section(req, &h, &p)))
        return rc;

    pupil_carers_section(req, &h, &p, carers, n_carers, can_edit);
    pupil_factors_section(req, &h, factors, n_factors);

    if ((rc = measures_pupil_section(req, &h, &p)) ||
        (rc = measures_outcomes_section(req, &h, &p)) ||
        (rc = pupilprov_pupil_section(req, &h, &p)))
        return rc;

    pupil_sen_history_section(req, &h, hist, n_hist);
    sarpage_pupil_link(req, &h, &p);
    return page_finish(req, &h);
}

/* ---- adding and changing ------------------------------------------------ */

static const struct option sex_opts[] = { { "F", "Female", NULL }, { "M", "Male", NULL } };
static const struct option sen_opts[] = {
    { "N", "No SEN", NULL },
    { "K", "SEN support", NULL },
    { "E", "Education, health and care (EHC) plan", NULL },
};
static const struct option need_opts[] = {
    { "", "None", NULL },
    { "SPLD", "Specific learning difficulty (SPLD)", NULL },
    { "MLD", "Moderate learning difficulty (MLD)", NULL },
    { "SLD", "Severe learning difficulty (SLD)", NULL },
    { "PMLD", "Profound and multiple learning difficulty (PMLD)", NULL },
    { "SEMH", "Social, emotional and mental health (SEMH)", NULL },
    { "SLCN", "Speech, language and communication needs (SLCN)", NULL },
    { "ASD", "Autistic spectrum disorder (ASD)", NULL },
    { "HI", "Hearing impairment (HI)", NULL },
    { "VI", "Visual impairment (VI)", NULL },
    { "MSI", "Multi-sensory impairment (MSI)", NULL },
    { "PD", "Physical disability (PD)", NULL },
    { "OTH", "Other difficulty or disability (OTH)", NULL },
    { "NSA", "SEN support but no specialist assessment (NSA)", NULL },
};
static const struct option yes_no_opts[] = { { "yes", "Yes", NULL }, { "no", "No", NULL } };
static const struct option eal_opts[] = {
    { "yes", "Yes", NULL },
    { "no", "No", NULL },
    { "unknown", "Not known", NULL },
};

/* Read the form into p, recording problems by field name. */
static void read_form(struct request *req, struct pupil *p, bool is_new, struct problems *pr)
{
    char why[256];
    const char *v;
    if (is_new) {
        v = req_text(req, "upn");
        if (!*v)
            problems_add(pr, "upn", "Enter the UPN");
        else if (upn_check(v, p->upn, &p->upn_temporary, why, sizeof why))
            problems_add(pr, "upn", "This is not a valid UPN: %s", why);
    }
    v = req_text(req, "former_upn");
    p->former_upn = NULL;
    if (*v) {
        char tmp[UPN_LEN + 1];
        bool t;
        if (upn_check(v, tmp, &t, why, sizeof why))
            problems_add(pr, "former_upn", "This is not a valid UPN: %s", why);
        else
            p->former_upn = arena_strdup(&req->arena, tmp);
    }
    p->legal_forename = req_text(req, "legal_forename");
    p->legal_surname = req_text(req, "legal_surname");
    v = req_text(req, "preferred_forename");
    p->preferred_forename = *v ? v : NULL;
    v = req_text(req, "preferred_surname");
    p->preferred_surname = *v ? v : NULL;
    v = req_text(req, "dob");
    if (!*v)
        problems_add(pr, "dob", "Enter the date of birth");
    else if (pupil_parse_date(v, p->dob, why, sizeof why))
        problems_add(pr, "dob", "Enter the date of birth as a real date, like 14/03/2017");
    v = req_text(req, "sex");
    if (!*v || pupil_parse_sex(v, p->sex, why, sizeof why))
        problems_add(pr, "sex", "Choose female or male");
    v = req_text(req, "nc_year");
    p->nc_year[0] = '\0';
    if (*v && pupil_parse_year(v, p->nc_year, why, sizeof why))
        problems_add(pr, "nc_year", "Choose a year group");
    v = req_text(req, "sen");
    if (pupil_parse_sen(v, p->sen, why, sizeof why))
        problems_add(pr, "sen", "Choose the SEN provision");
    if (pupil_parse_need(req_text(req, "need1"), p->need1, why, sizeof why))
        problems_add(pr, "need1", "Choose a need from the list");
    if (pupil_parse_need(req_text(req, "need2"), p->need2, why, sizeof why))
        problems_add(pr, "need2", "Choose a need from the list");
    p->fsm = !strcmp(req_text(req, "fsm"), "yes");
    v = req_text(req, "eal");
    p->eal = !strcmp(v, "yes") ? 1 : !strcmp(v, "no") ? 0 : -1;
    v = req_text(req, "first_language");
    p->first_language = *v ? v : NULL;
    p->looked_after = !strcmp(req_text(req, "looked_after"), "yes");
    v = req_text(req, "admission_date");
    p->admission_date[0] = '\0';
    if (*v && pupil_parse_date(v, p->admission_date, why, sizeof why))
        problems_add(pr, "admission_date", "Enter the date they joined as a real date");
    v = req_text(req, "leaving_date");
    p->leaving_date[0] = '\0';
    if (*v && pupil_parse_date(v, p->leaving_date, why, sizeof why))
        problems_add(pr, "leaving_date", "Enter the date they left as a real date");
    /* The validator's words, in sentence case for the page. */
    size_t from = pr->n;
    pupil_validate(p, PF_ALL, pr);
    page_sentences(req, pr, from);
}

static void render_form(struct request *req, struct response *res, const struct pupil *p,
                        bool is_new, const struct problems *pr)
{
    struct html h;
    const char *name = is_new ? "Add a pupil" : pupil_display_name(&req->arena, p);
    struct page pg = { .title = is_new ? "Add a pupil" : "Change the record",
                       .caption = is_new ? NULL : name,
                       .nav = "pupils",
                       .back_href =
                           is_new ? "/pupils"
                                  : arena_sprintf(&req->arena, "/pupils/%lld", (long long)p->id) };
    page_begin(req, res, &h, &pg);
    form_error_summary(&h, pr);
    const char *action =
        is_new ? "/pupils/new" : arena_sprintf(&req->arena, "/pupils/%lld/edit", (long long)p->id);
    form_start(&h, action, req->csrf);
#define ERR(f) problems_for(pr, f)
    if (is_new) {
        struct field f = { .name = "upn",
                           .label = "UPN (unique pupil number)",
                           .hint = "13 characters, like A801200100001",
                           .value = p->upn,
                           .error = ERR("upn"),
                           .width = "20",
                           .spellcheck_off = true };
        form_input(&h, &f);
    }
    struct field fields[] = {
        { .name = "legal_forename",
          .label = "First name (legal)",
          .value = p->legal_forename,
          .error = ERR("legal_forename"),
          .width = "20" },
        { .name = "legal_surname",
          .label = "Last name (legal)",
          .value = p->legal_surname,
          .error = ERR("legal_surname"),
          .width = "20" },
        { .name = "preferred_forename",
          .label = "First name they use (optional)",
          .value = p->preferred_forename,
          .error = ERR("preferred_forename"),
          .width = "20" },
        { .name = "preferred_surname",
          .label = "Last name they use (optional)",
          .value = p->preferred_surname,
          .error = ERR("preferred_surname"),
          .width = "20" },
        { .name = "dob",
          .label = "Date of birth",
          .hint = "For example, 14/03/2017",
          .value = p->dob,
          .error = ERR("dob"),
          .width = "10" },
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        form_input(&h, &fields[i]);
    struct field fsex = { .name = "sex", .label = "Sex", .value = p->sex, .error = ERR("sex") };
    form_radios(&h, &fsex, sex_opts, 2, true);
    struct field fyear = {
        .name = "nc_year", .label = "Year group", .value = p->nc_year, .error = ERR("nc_year")
    };
    form_select(&h, &fyear, year_opts + 1, sizeof year_opts / sizeof year_opts[0] - 1);
    struct field fsen = { .name = "sen",
                          .label = "Special educational needs (SEN) provision",
                          .value = p->sen[0] ? p->sen : "N",
                          .error = ERR("sen") };
    form_radios(&h, &fsen, sen_opts, 3, false);
    struct field fn1 = {
        .name = "need1", .label = "Main area of need", .value = p->need1, .error = ERR("need1")
    };
    form_select(&h, &fn1, need_opts, sizeof need_opts / sizeof need_opts[0]);
    struct field fn2 = { .name = "need2",
                         .label = "Second area of need (optional)",
                         .value = p->need2,
                         .error = ERR("need2") };
    form_select(&h, &fn2, need_opts, sizeof need_opts / sizeof need_opts[0]);
    struct field ffsm = { .name = "fsm",
                          .label = "Eligible for free school meals",
                          .value = p->fsm ? "yes" : "no" };
    form_radios(&h, &ffsm, yes_no_opts, 2, true);
    struct field feal = { .name = "eal",
                          .label = "English as an additional language",
                          .value = p->eal == 1   ? "yes"
                                   : p->eal == 0 ? "no"
                                                 : "unknown" };
    form_radios(&h, &feal, eal_opts, 3, true);
    struct field flang = { .name = "first_language",
                           .label = "First language (optional)",
                           .value = p->first_language,
                           .width = "20" };
    form_input(&h, &flang);
    form_checkbox(&h, "looked_after", "Looked after by the local authority", p->looked_after);
    struct field more[] = {
        { .name = "admission_date",
          .label = "Date they joined (optional)",
          .hint = "For example, 05/09/2022",
          .value = p->admission_date,
          .error = ERR("admission_date"),
          .width = "10" },
        { .name = "leaving_date",
          .label = "Date they left (optional)",
          .value = p->leaving_date,
          .error = ERR("leaving_date"),
          .width = "10" },
        { .name = "former_upn",
          .label = "Former UPN (optional)",
          .value = p->former_upn,
          .error = ERR("former_upn"),
          .width = "20",
          .spellcheck_off = true },
    };
    for (size_t i = 0; i < sizeof more / sizeof more[0]; i++)
        form_input(&h, &more[i]);
#undef ERR
    form_button(&h, is_new ? "Add pupil" : "Save changes", false);
    form_end(&h);
    page_finish(req, &h);
}

int page_pupil_new(struct request *req, struct response *res)
{
    struct pupil p = { .eal = -1, .sen = "N" };
    render_form(req, res, &p, true, NULL);
    return 0;
}

static int save_pupil(struct request *req, struct response *res, struct pupil *p,
                      const struct pupil *old)
{
    struct audit_entry who = page_actor(req);
    enum pupil_save_result result;
    int rc = record_pupil_save(
        req->db, req->who.school_id, p, old, PF_ALL,
        arena_sprintf(&req->arena, "web %s", req->who.actor ? req->who.actor : ""), &who, NULL,
        &result, &req->err);
    if (rc)
        return rc;
    resp_redirect(res, arena_sprintf(&req->arena, "/pupils/%lld?saved=1", (long long)p->id));
    return 0;
}

int page_pupil_create(struct request *req, struct response *res)
{
    struct pupil p = { .eal = -1 };
    struct problems pr;
    problems_init(&pr, &req->arena);
    read_form(req, &p, true, &pr);
    struct pupil existing;
    if (!pr.n &&
        pupil_by_upn(req->db, &req->arena, req->who.school_id, p.upn, &existing, &req->err) == 0)
        problems_add(&pr, "upn", "A pupil with this UPN is already on the register");
    if (pr.n) {
        res->status = 422;
        render_form(req, res, &p, true, &pr);
        return 0;
    }
    return save_pupil(req, res, &p, NULL);
}

int page_pupil_edit(struct request *req, struct response *res)
{
    struct pupil p;
    int rc = page_pupil(req, page_id(req, 0), &p);
    if (rc)
        return rc;
    if ((rc = page_audit(req, "view", "pupil", p.id, p.id, "edit form")))
        return rc;
    render_form(req, res, &p, false, NULL);
    return 0;
}

int page_pupil_update(struct request *req, struct response *res)
{
    struct pupil old;
    int rc = page_pupil(req, page_id(req, 0), &old);
    if (rc)
        return rc;
    struct pupil p = old;
    struct problems pr;
    problems_init(&pr, &req->arena);
    read_form(req, &p, false, &pr);
    if (pr.n) {
        res->status = 422;
        render_form(req, res, &p, false, &pr);
        return 0;
    }
    return save_pupil(req, res, &p, &old);
}
