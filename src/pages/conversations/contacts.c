#include "pages/conversations/contacts.h"

#include <string.h>

#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "html/form.h"
#include "model/register/carer.h"
#include "model/conversations/contact.h"
#include "pages/common.h"
#include "pages/conversations/convpages.h"

/* Labels for the form, in the order of contact_methods[] and
 * contact_purposes[]. */
static const char *const method_labels[CONTACT_N_METHODS] = {
    "Phone call", "Text message",       "Email",      "Letter", "Meeting",
    "Home visit", "At the school gate", "App message"
};
static const char *const purpose_labels[CONTACT_N_PURPOSES] = {
    "Celebration or praise", "Progress update", "Invitation",
    "Information",           "Concern",         "Support and advocacy"
};

/* Large GOV.UK radios in a grid (two across on a phone), so each choice is
 * one big tap. */
static void choice_grid(struct html *h, const char *name, const char *legend,
                        const char *const *codes, const char *const *labels, size_t n,
                        const char *value, const char *error)
{
    html(h, "<div class=\"govuk-form-group%s\"><fieldset class=\"govuk-fieldset\" id=\"%s\"",
         error ? " govuk-form-group--error" : "", name);
    if (error)
        html(h, " aria-describedby=\"%s-error\"", name);
    html(h, "><legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">%s</legend>\n",
         legend);
    if (error)
        html(h,
             "<p id=\"%s-error\" class=\"govuk-error-message\"><span "
             "class=\"govuk-visually-hidden\">Error:</span> %s</p>\n",
             name, error);
    html_raw(h, "<div class=\"govuk-radios meso-choice-grid\" data-module=\"govuk-radios\">\n");
    for (size_t i = 0; i < n; i++)
        html(h,
             "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" "
             "id=\"%s-%s\" name=\"%s\" type=\"radio\" value=\"%s\"%s>"
             "<label class=\"govuk-label govuk-radios__label\" for=\"%s-%s\">%s</label></div>\n",
             name, codes[i], name, codes[i], value && !strcmp(value, codes[i]) ? " checked" : "",
             name, codes[i], labels[i]);
    html_raw(h, "</div></fieldset></div>\n");
}

struct contact_form {
    const char *date, *method, *purpose, *note, *started_by, *carer;
    bool interpreter;
};

static void contact_fields(struct request *req, struct html *h, const struct pupil *p,
                           const struct pupil_carer *pcs, size_t n_pcs,
                           const struct contact_form *f, const struct problems *pr,
                           const char *back)
{
    form_start(h, arena_sprintf(&req->arena, "/pupils/%lld/contacts/new", (long long)p->id),
               req->csrf);
    if (back)
        html(h, "<input type=\"hidden\" name=\"back\" value=\"%s\">\n", back);
    choice_grid(h, "method", "How", contact_methods, method_labels, CONTACT_N_METHODS, f->method,
                problems_for(pr, "method"));
    choice_grid(h, "purpose", "What about", contact_purposes, purpose_labels, CONTACT_N_PURPOSES,
                f->purpose, problems_for(pr, "purpose"));
    struct field fd = { .name = "date",
                        .label = "Date",
                        .value = f->date,
                        .error = problems_for(pr, "date"),
                        .type = "date",
                        .width = "10" };
    form_input(h, &fd);
    struct field fn = { .name = "note",
                        .label = "Note (optional)",
                        .value = f->note,
                        .error = problems_for(pr, "note") };
    form_input(h, &fn);
    bool open = problems_for(pr, "started_by") || problems_for(pr, "carers");
    html(h,
         "<details class=\"govuk-details\"%s><summary class=\"govuk-details__summary\"><span "
         "class=\"govuk-details__summary-text\">Who, and an interpreter (optional)</span>"
         "</summary><div class=\"govuk-details__text\">\n",
         open ? " open" : "");
    static const struct option started[] = { { "school", "The school", NULL },
                                             { "family", "The family", NULL } };
    struct field fs = { .name = "started_by",
                        .label = "Who got in touch first?",
                        .value = f->started_by,
                        .error = problems_for(pr, "started_by") };
    form_radios(h, &fs, started, 2, true);
    if (n_pcs) {
        struct option *opts = arena_array(&req->arena, n_pcs + 1, sizeof *opts);
        if (opts) {
            for (size_t i = 0; i < n_pcs; i++)
                opts[i] = (struct option){
                    arena_sprintf(&req->arena, "%lld", (long long)pcs[i].carer.id),
                    arena_sprintf(&req->arena, "%s (%s)",
                                  carer_display_name(&req->arena, &pcs[i].carer),
                                  pcs[i].link.relationship ? pcs[i].link.relationship : "carer"),
                    NULL
                };
            opts[n_pcs] = (struct option){ "none", "Someone else", NULL };
            struct field fc = { .name = "carer",
                                .label = "Who was it with?",
                                .value = f->carer,
                                .error = problems_for(pr, "carers") };
            form_radios(h, &fc, opts, n_pcs + 1, false);
        }
    }
    form_checkbox(h, "interpreter", "An interpreter helped", f->interpreter);
    html_raw(h, "</div></details>\n");
    html_raw(h, "<button type=\"submit\" class=\"govuk-button meso-button--wide\" "
                "data-module=\"govuk-button\">Save contact</button>\n");
    form_end(h);
}

static void default_form(const struct pupil_carer *pcs, size_t n_pcs, struct request *req,
                         struct contact_form *f)
{
    memset(f, 0, sizeof *f);
    char t[11];
    conv_today(t);
    f->date = arena_strdup(&req->arena, t);
    f->started_by = "school";
    f->carer = n_pcs ? arena_sprintf(&req->arena, "%lld", (long long)pcs[0].carer.id) : NULL;
}

/* The family's figures and prompts, from all of the pupil's contacts. */
static void figures(struct request *req, struct html *h, const struct pupil *p,
                    const struct contact *cs, size_t n)
{
    struct contact_brief *bs = arena_array(&req->arena, n + 1, sizeof *bs);
    if (!bs)
        return;
    for (size_t i = 0; i < n; i++) {
        str_copy(bs[i].date, sizeof bs[i].date, cs[i].date);
        bs[i].method = cs[i].method;
        bs[i].purpose = cs[i].purpose;
    }
    struct contact_summary s;
    contact_summarise(bs, n, date_today(), &s);
    const char *msgs[2];
    size_t n_msgs = contact_prompt_text(&req->arena, &s, conv_first_name(p), msgs);
    for (size_t i = 0; i < n_msgs; i++)
        html(h, "<div class=\"govuk-inset-text meso-prompt\">%s</div>\n", msgs[i]);
    html(h,
         "<ul class=\"govuk-list meso-figures\"><li><strong>%d</strong> contact%s in the last 4 "
         "weeks</li><li><strong>%d</strong> in the last 12 weeks",
         s.last_4_weeks, s.last_4_weeks == 1 ? "" : "s", s.last_12_weeks);
    if (s.last_12_weeks)
        html(h,
             ", <strong>%.0f%%</strong> of them positive, by <strong>%d</strong> different "
             "way%s",
             100 * s.positive_share, s.methods_12_weeks, s.methods_12_weeks == 1 ? "" : "s");
    html_raw(h, "</li></ul>\n");
}

int contacts_pupil_section(struct request *req, struct html *h, const struct pupil *p)
{
    struct pupil_carer *pcs;
    size_t n_pcs;
    struct contact *cs;
    size_t n;
    struct contact_filter f = { .school_id = p->school_id, .pupil_id = p->id };
    struct audit_entry who = conv_who(req);
    int rc = carer_list_for_pupil(req->db, &req->arena, p->id, &pcs, &n_pcs, &req->err);
    if (rc == 0)
        rc = contact_list(req->db, &req->arena, &f, &who, &cs, &n, &req->err);
    if (rc)
        return rc;
    html_raw(h,
             "<section class=\"meso-contact\" id=\"contact\" aria-labelledby=\"contact-title\">"
             "<h2 class=\"govuk-heading-m\" id=\"contact-title\">Contact with the family</h2>\n");
    if (req_query(req, "contact"))
        layout_banner(h, true, "Saved", "The contact is recorded. Thank you.");
    figures(req, h, p, cs, n);
    /* One button to the form on its own page (issue 13): the record stays
     * short, and saving comes back here. */
    html(h,
         "<a class=\"govuk-button meso-no-print\" data-module=\"govuk-button\" role=\"button\" "
         "draggable=\"false\" href=\"/pupils/%lld/contacts/new?from=pupil\">Record a contact</a>\n",
         (long long)p->id);
    html(h,
         "<ul class=\"govuk-list\"><li><a class=\"govuk-link\" href=\"/pupils/%lld/contacts\">All "
         "contacts with the family</a></li><li><a class=\"govuk-link\" "
         "href=\"/pupils/%lld/conversations\">Structured conversations</a></li></ul></section>\n",
         (long long)p->id, (long long)p->id);
    return 0;
}

static void render_form_page(struct request *req, struct response *res, const struct pupil *p,
                             const struct pupil_carer *pcs, size_t n_pcs,
                             const struct contact_form *f, const struct problems *pr,
                             const char *back)
{
    struct html h;
    struct page pg = { .title = "Record a contact",
                       .caption = pupil_display_name(&req->arena, p),
                       .nav = "pupils",
                       .back_href = arena_sprintf(&req->arena, "/pupils/%lld", (long long)p->id) };
    page_begin(req, res, &h, &pg);
    form_error_summary(&h, pr);
    contact_fields(req, &h, p, pcs, n_pcs, f, pr, back);
    page_finish(req, &h);
}

int page_contact_new(struct request *req, struct response *res)
{
    struct pupil p;
    int rc = page_pupil(req, page_id(req, 0), &p);
    if (rc)
        return rc;
    struct pupil_carer *pcs;
    size_t n_pcs;
    /* The form names the child and their parents and carers: a view. */
    if ((rc = carer_list_for_pupil(req->db, &req->arena, p.id, &pcs, &n_pcs, &req->err)) ||
        (rc = page_audit(req, "view", "pupil", p.id, p.id, "contact form")))
        return rc;
    struct contact_form cf;
    default_form(pcs, n_pcs, req, &cf);
    /* From the pupil page, saving goes back there; else to the contacts. */
    const char *from = req_query(req, "from");
    render_form_page(req, res, &p, pcs, n_pcs, &cf, NULL,
                     from && !strcmp(from, "pupil") ? "pupil" : "contacts");
    return 0;
}

int page_contact_create(struct request *req, struct response *res)
{
    struct pupil p;
    int rc = page_pupil(req, page_id(req, 0), &p);
    if (rc)
        return rc;
    struct pupil_carer *pcs;
    size_t n_pcs;
    if ((rc = carer_list_for_pupil(req->db, &req->arena, p.id, &pcs, &n_pcs, &req->err)))
        return rc;
    struct contact_form cf = { .date = req_text(req, "date"),
                               .method = req_text(req, "method"),
                               .purpose = req_text(req, "purpose"),
                               .note = req_text(req, "note"),
                               .started_by = req_text(req, "started_by"),
                               .carer = req_text(req, "carer"),
                               .interpreter = conv_checked(req, "interpreter") };
    const char *back = !strcmp(req_text(req, "back"), "contacts") ? "contacts" : "pupil";
    struct contact c = { .pupil_id = p.id,
                         .school_id = p.school_id,
                         .staff_id = req->who.staff_id,
                         .started_by = *cf.started_by ? cf.started_by : "school",
                         .interpreter = cf.interpreter,
                         .note = *cf.note ? cf.note : NULL };
    /* The form's values as the model takes them (codes or the words on the
     * radios; a date as written, DD/MM/YYYY too); contact_validate is the one
     * place the rules live, and its messages are shown as they are (as
     * sentences). */
    if (contact_parse_method(cf.method, &c.method) != 0)
        c.method = cf.method;
    if (contact_parse_purpose(cf.purpose, &c.purpose) != 0)
        c.purpose = cf.purpose;
    char why[200];
    if (pupil_parse_date(cf.date, c.date, why, sizeof why))
        str_copy(c.date, sizeof c.date, "");
    /* The carer: one of the pupil's (the model checks), or none. */
    long long id;
    if (*cf.carer && strcmp(cf.carer, "none") != 0) {
        c.carer_ids = arena_array(&req->arena, 1, sizeof *c.carer_ids);
        if (!c.carer_ids)
            return ERR_NOMEM;
        c.carer_ids[0] = str_to_int(cf.carer, 1, INT64_MAX, &id) == 0 ? id : 0;
        c.n_carers = 1;
    }
    struct problems pr;
    problems_init(&pr, &req->arena);
    if ((rc = contact_validate(req->db, &c, &pr, &req->err)))
        return rc;
    conv_dedupe(&pr);
    conv_sentences(req, &pr, 0);
    if (pr.n) {
        res->status = 422;
        render_form_page(req, res, &p, pcs, n_pcs, &cf, &pr, back);
        return 0;
    }
    struct audit_entry who = conv_who(req);
    if ((rc = contact_add(req->db, &c, &who, &req->err)))
        return rc;
    if (!strcmp(back, "contacts"))
        resp_redirect(res,
                      arena_sprintf(&req->arena, "/pupils/%lld/contacts?saved=1", (long long)p.id));
    else
        resp_redirect(
            res, arena_sprintf(&req->arena, "/pupils/%lld?contact=1#contact", (long long)p.id));
    return 0;
}

int page_contacts(struct request *req, struct response *res)
{
    struct pupil p;
    int rc = page_pupil(req, page_id(req, 0), &p);
    if (rc)
        return rc;
    struct contact *cs;
    size_t n;
    struct contact_filter f = { .school_id = p.school_id, .pupil_id = p.id };
    struct audit_entry who = conv_who(req);
    if ((rc = contact_list(req->db, &req->arena, &f, &who, &cs, &n, &req->err)))
        return rc;
    struct html h;
    struct page pg = { .title = "Contact with the family",
                       .caption = pupil_display_name(&req->arena, &p),
                       .nav = "pupils",
                       .back_href = arena_sprintf(&req->arena, "/pupils/%lld", (long long)p.id),
                       .wide = true };
    page_begin(req, res, &h, &pg);
    if (req_query(req, "saved"))
        layout_banner(&h, true, "Saved", "The contact is recorded. Thank you.");
    figures(req, &h, &p, cs, n);
    html(&h,
         "<a href=\"/pupils/%lld/contacts/new\" role=\"button\" draggable=\"false\" "
         "class=\"govuk-button\" data-module=\"govuk-button\">Record a contact</a>\n",
         (long long)p.id);
    if (n == 0) {
        html_raw(&h, "<p class=\"govuk-body\">No contacts are recorded yet.</p>\n");
        return page_finish(req, &h);
    }
    html_raw(&h,
             "<div class=\"meso-table-wrap\" role=\"region\" aria-label=\"Contacts\" "
             "tabindex=\"0\"><table class=\"govuk-table\"><caption class=\"govuk-table__caption "
             "govuk-visually-hidden\">Contacts, newest first</caption><thead "
             "class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
             "<th scope=\"col\" class=\"govuk-table__header\">Date</th>"
             "<th scope=\"col\" class=\"govuk-table__header\">How</th>"
             "<th scope=\"col\" class=\"govuk-table__header\">What about</th>"
             "<th scope=\"col\" class=\"govuk-table__header\">With</th>"
             "<th scope=\"col\" class=\"govuk-table__header\">Staff</th>"
             "<th scope=\"col\" class=\"govuk-table__header\">Note</th></tr></thead>"
             "<tbody class=\"govuk-table__body\">\n");
    for (size_t i = 0; i < n; i++) {
        const struct contact *c = &cs[i];
        int mi = contact_method_index(c->method), pi = contact_purpose_index(c->purpose);
        html(&h,
             "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td>"
             "<td class=\"govuk-table__cell\">%s%s</td><td class=\"govuk-table__cell\">%s%s</td>"
             "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>"
             "<td class=\"govuk-table__cell\">%s</td></tr>\n",
             page_date(req, c->date), mi >= 0 ? method_labels[mi] : c->method,
             c->interpreter ? ", with an interpreter" : "",
             pi >= 0 ? purpose_labels[pi] : c->purpose,
             c->started_by && !strcmp(c->started_by, "family") ? " (the family got in touch)" : "",
             c->carer_names ? c->carer_names : "", c->staff_name ? c->staff_name : "",
             c->note ? c->note : "");
    }
    html_raw(&h, "</tbody></table></div>\n");
    return page_finish(req, &h);
}
