/* retention.c - the retention page and erasing a leaver's record. */
#include "pages/retention/retention.h"

#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "html/form.h"
#include "model/register/audit.h"
#include "model/register/carer.h"
#include "model/register/pupil.h"
#include "model/retention/erase.h"
#include "model/retention/retention.h"
#include "pages/common.h"

static void periods_form(struct request *req, struct html *h, const struct retention_kind *k,
                         size_t n, const struct problems *pr)
{
    html(h, "<h2 class=\"govuk-heading-m\">How long records are kept</h2>\n"
            "<p class=\"govuk-body\">Each kind of record is kept for a number of years after a "
            "pupil leaves, or after their date of birth. meso starts from the IRMS toolkit for "
            "schools; where it says <strong>check</strong>, the figure is our best reading and "
            "is worth checking with your data protection officer.</p>\n");
    form_start(h, "/retention", req->csrf);
    for (size_t i = 0; i < n; i++) {
        char name[48], value[8], label[320], hint[700];
        snprintf(name, sizeof name, "years-%s", k[i].kind);
        snprintf(value, sizeof value, "%d", k[i].years);
        snprintf(label, sizeof label, "%s (years from %s)", k[i].label,
                 strcmp(k[i].counted_from, "birth") ? "leaving" : "date of birth");
        snprintf(hint, sizeof hint, "meso's default is %d years%s. %s", k[i].default_years,
                 k[i].unsure ? " (check)" : "", k[i].source);
        struct field f = { .name = arena_strdup(&req->arena, name),
                           .label = arena_strdup(&req->arena, label),
                           .hint = arena_strdup(&req->arena, hint),
                           .value = arena_strdup(&req->arena, value),
                           .width = "3",
                           .inputmode = "numeric",
                           .error = problems_for(pr, name) };
        form_input(h, &f);
    }
    form_button(h, "Save periods", false);
    form_end(h);
}

static void review_table(struct request *req, struct html *h, const struct retention_due *d,
                         size_t n)
{
    html(h, "<h2 class=\"govuk-heading-m\">Leavers with records past their period</h2>\n");
    if (n == 0) {
        html(h, "<p class=\"govuk-body\">No leaver's records are past their period today.</p>\n");
        return;
    }
    html(h, "<table class=\"govuk-table\"><thead class=\"govuk-table__head\"><tr "
            "class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Pupil</th>"
            "<th scope=\"col\" class=\"govuk-table__header\">Left</th><th scope=\"col\" "
            "class=\"govuk-table__header\">Past their period</th><th scope=\"col\" "
            "class=\"govuk-table__header\">Whole record past</th><th scope=\"col\" "
            "class=\"govuk-table__header\"><span class=\"govuk-visually-hidden\">Action"
            "</span></th></tr></thead>\n<tbody class=\"govuk-table__body\">\n");
    for (size_t i = 0; i < n; i++) {
        html(h,
             "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s<br><span "
             "class=\"govuk-hint\">%s</span></td><td class=\"govuk-table__cell\">%s</td><td "
             "class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>",
             d[i].name, d[i].upn, page_date(req, d[i].leaving_date), d[i].past,
             d[i].whole ? "Yes" : page_date(req, d[i].until));
        if (d[i].whole)
            html(h,
                 "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" "
                 "href=\"/pupils/%lld/erase\">Erase<span class=\"govuk-visually-hidden\"> %s's "
                 "record</span></a></td></tr>\n",
                 (long long)d[i].pupil_id, d[i].name);
        else
            html(h, "<td class=\"govuk-table__cell\">Keep for now</td></tr>\n");
    }
    html(h, "</tbody></table>\n");
}

static int render(struct request *req, struct response *res, const struct problems *pr)
{
    struct retention_kind *k;
    struct retention_due *d;
    size_t nk, nd;
    char today[DATE_ISO_LEN];
    date_iso(date_today(), today);
    struct audit_entry as = page_actor(req);
    struct audit_who who = { as.actor, as.address };
    int rc = retention_kinds(req->db, &req->arena, req->who.school_id, &k, &nk, &req->err);
    if (rc || (rc = retention_review(req->db, &req->arena, &who, req->who.school_id, today, &d, &nd,
                                     &req->err)))
        return rc;
    struct html h;
    struct page pg = { .title = "Keeping records", .nav = "home", .back_href = "/", .wide = true };
    page_begin(req, res, &h, &pg);
    if (req_query(req, "saved"))
        layout_banner(&h, true, "Success", "The school's retention periods have been saved.");
    if (req_query(req, "erased"))
        layout_banner(&h, true, "Success",
                      "The record was erased. The audit trail keeps a note of it and why.");
    form_error_summary(&h, pr);
    review_table(req, &h, d, nd);
    periods_form(req, &h, k, nk, pr);
    return page_finish(req, &h);
}

int page_retention(struct request *req, struct response *res)
{
    return render(req, res, NULL);
}

int page_retention_post(struct request *req, struct response *res)
{
    struct retention_kind *k;
    size_t n;
    struct problems pr;
    problems_init(&pr, &req->arena);
    int rc = retention_kinds(req->db, &req->arena, req->who.school_id, &k, &n, &req->err);
    if (rc)
        return rc;
    struct audit_entry as = page_actor(req);
    struct audit_who who = { as.actor, as.address };
    for (size_t i = 0; i < n && rc == 0; i++) {
        char name[48];
        long long years;
        snprintf(name, sizeof name, "years-%s", k[i].kind);
        const char *v = req_text(req, name);
        if (!v || str_to_int(v, 0, 100, &years) != 0)
            problems_add(&pr, arena_strdup(&req->arena, name),
                         "enter a whole number of years, from 0 to 100");
        else if (years != k[i].years)
            rc = retention_set(req->db, &who, req->who.school_id, k[i].kind, (int)years, &req->err);
    }
    if (rc)
        return rc;
    if (pr.n) {
        res->status = 422;
        return render(req, res, &pr);
    }
    resp_redirect(res, "/retention?saved=1");
    return 0;
}

/* The form both erasure pages end with: the reason, and the button beside a
 * way back. */
struct erase_form {
    const char *action, *back, *label, *hint, *button;
};

static void erase_form(struct request *req, struct html *h, const struct problems *pr,
                       const struct erase_form *ef)
{
    form_start(h, ef->action, req->csrf);
    struct field f = { .name = "reason",
                       .label = ef->label,
                       .hint = ef->hint,
                       .value = req_text(req, "reason"),
                       .error = problems_for(pr, "reason") };
    form_textarea(h, &f, 3);
    html(h,
         "<div class=\"govuk-button-group\"><button type=\"submit\" class=\"govuk-button "
         "govuk-button--warning\" data-module=\"govuk-button\">%s</button>"
         "<a class=\"govuk-link\" href=\"%s\">No, go back</a></div>\n",
         ef->button, ef->back);
    form_end(h);
}

/* After the model refused an erasure (no reason, or not allowed yet): the
 * reason's problem, for the form shown again. */
static void erase_refused(struct request *req, struct response *res, struct problems *pr)
{
    const char *msg = req->err.msg;
    problems_add(pr, "reason", "%s", str_starts_with(msg, "reason: ") ? msg + 8 : msg);
    page_sentences(req, pr, 0);
    res->status = 422;
}

static int render_erase(struct request *req, struct response *res, const struct pupil *p,
                        const struct problems *pr)
{
    char action[64], back[64];
    snprintf(action, sizeof action, "/pupils/%lld/erase", (long long)p->id);
    snprintf(back, sizeof back, "/pupils/%lld", (long long)p->id);
    const char *name = pupil_display_name(&req->arena, p);
    struct html h;
    struct page pg = {
        .title = "Erase this record?", .caption = name, .nav = "pupils", .back_href = "/retention"
    };
    page_begin(req, res, &h, &pg);
    form_error_summary(&h, pr);
    html(&h,
         "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" "
         "aria-hidden=\"true\">!</span><strong class=\"govuk-warning-text__text\"><span "
         "class=\"govuk-visually-hidden\">Warning</span> This cannot be undone. %s's name, "
         "UPN, day of birth and everything written about them go for good: notes, "
         "conversations, targets, the family's views, contacts and stories. So do the details "
         "of carers who have no other child at the school.</strong></div>\n"
         "<p class=\"govuk-body\">What stays is what the school's figures need, with no name "
         "on it: year group, SEN history, scores, attendance and provision. The audit trail "
         "notes that the record was erased, by you, today, and why.</p>\n",
         name);
    struct erase_form ef = { action, back, "Why is it erased?",
                             "For example: past its retention period, or a request to erase. "
                             "Please do not write names here.",
                             "Erase the record" };
    erase_form(req, &h, pr, &ef);
    return page_finish(req, &h);
}

int page_erase(struct request *req, struct response *res)
{
    struct pupil p;
    int rc = page_pupil(req, page_id(req, 0), &p);
    return rc ? rc : render_erase(req, res, &p, NULL);
}

int page_erase_post(struct request *req, struct response *res)
{
    struct pupil p;
    int rc = page_pupil(req, page_id(req, 0), &p);
    if (rc)
        return rc;
    struct audit_entry as = page_actor(req);
    struct audit_who who = { as.actor, as.address };
    struct erase_result r;
    struct problems pr;
    problems_init(&pr, &req->arena);
    rc = erase_pupil(req->db, &who, req->who.school_id, p.id, req_text(req, "reason"), &r,
                     &req->err);
    if (rc == ERR_INPUT || rc == ERR_CONFLICT) {
        erase_refused(req, res, &pr);
        return render_erase(req, res, &p, &pr);
    }
    if (rc)
        return rc;
    resp_redirect(res, "/retention?erased=1");
    return 0;
}

/* Erasing a parent's or carer's details: the same shape for one person. */
static int render_erase_carer(struct request *req, struct response *res, const struct carer *c,
                              const struct problems *pr)
{
    char action[64], back[64];
    snprintf(action, sizeof action, "/carers/%lld/erase", (long long)c->id);
    snprintf(back, sizeof back, "/carers/%lld", (long long)c->id);
    const char *name = carer_display_name(&req->arena, c);
    struct html h;
    struct page pg = {
        .title = "Erase these details?", .caption = name, .nav = "pupils", .back_href = back
    };
    page_begin(req, res, &h, &pg);
    form_error_summary(&h, pr);
    html(&h,
         "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" "
         "aria-hidden=\"true\">!</span><strong class=\"govuk-warning-text__text\"><span "
         "class=\"govuk-visually-hidden\">Warning</span> This cannot be undone. %s's name, "
         "contact details and address, the views they shared and their parent account go for "
         "good.</strong></div>\n<p class=\"govuk-body\">This is only possible once none of "
         "their children is still at the school. The audit trail notes that the details were "
         "erased, by you, today, and why.</p>\n",
         name);
    struct erase_form ef = { action, back, "Why are they erased?",
                             "For example: a request to erase, or past the retention period. "
                             "Please do not write names here.",
                             "Erase the details" };
    erase_form(req, &h, pr, &ef);
    return page_finish(req, &h);
}

int page_erase_carer(struct request *req, struct response *res)
{
    struct carer c;
    int rc = page_carer(req, page_id(req, 0), &c);
    return rc ? rc : render_erase_carer(req, res, &c, NULL);
}

int page_erase_carer_post(struct request *req, struct response *res)
{
    struct carer c;
    int rc = page_carer(req, page_id(req, 0), &c);
    if (rc)
        return rc;
    struct audit_entry as = page_actor(req);
    struct audit_who who = { as.actor, as.address };
    struct erase_result r;
    struct problems pr;
    problems_init(&pr, &req->arena);
    rc = erase_carer(req->db, &who, req->who.school_id, c.id, req_text(req, "reason"), &r,
                     &req->err);
    if (rc == ERR_INPUT || rc == ERR_CONFLICT) {
        erase_refused(req, res, &pr);
        return render_erase_carer(req, res, &c, &pr);
    }
    if (rc)
        return rc;
    resp_redirect(res, "/retention?erased=1");
    return 0;
}
