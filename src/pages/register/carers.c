#include "pages/register/carers.h"

#include <string.h>

#include "core/problems.h"
#include "core/str.h"
#include "html/form.h"
#include "model/register/carer.h"
#include "model/register/record.h"
#include "model/register/pupil.h"
#include "pages/common.h"
#include "model/access/access.h"

static const struct option contact_opts[] = {
    { "", "No preference", NULL },      { "phone", "Phone call", NULL },
    { "text", "Text message", NULL },   { "email", "Email", NULL },
    { "letter", "Letter", NULL },       { "app", "App message", NULL },
    { "in person", "In person", NULL },
};
static const struct option yes_no[] = { { "yes", "Yes", NULL }, { "no", "No", NULL } };

/* ---- one carer ---------------------------------------------------------- */

static void row(struct html *h, const char *k, const char *v)
{
    html(h,
         "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s</dt>"
         "<dd class=\"govuk-summary-list__value\">%s</dd></div>\n",
         k, v && *v ? v : "Not recorded");
}

int page_carer_show(struct request *req, struct response *res)
{
    struct carer c;
    int rc = page_carer(req, page_id(req, 0), &c);
    if (rc)
        return rc;
    /* The children this person may see, with the link to each. */
    struct carer_child *links;
    size_t n;
    if ((rc = record_carer_children(req->db, &req->arena, c.id, true, &links, &n, &req->err)))
        return rc;
    struct kid {
        struct pupil p;
        const char *rel;
        int pr;
        bool lives;
    } *kids = arena_array(&req->arena, n + 1, sizeof *kids);
    if (!kids)
        return ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        kids[i] = (struct kid){ .p = { .id = links[i].pupil_id },
                                .rel = links[i].relationship,
                                .pr = links[i].parental_responsibility,
                                .lives = links[i].lives_with };
    size_t visible = 0;
    for (size_t i = 0; i < n; i++) {
        if (access_pupil_visible(req->db, &req->who, kids[i].p.id, &req->err) == 0 &&
            pupil_by_id(req->db, &req->arena, req->who.school_id, kids[i].p.id, &kids[i].p,
                        &req->err) == 0)
            kids[visible++] = kids[i];
    }
    for (size_t i = 0; i < visible; i++)
        if ((rc = page_audit(req, "view", "carer", c.id, kids[i].p.id, NULL)))
            return rc;

    struct html h;
    struct page pg = { .title = carer_display_name(&req->arena, &c),
                       .caption = "Parent or carer",
                       .nav = "pupils" };
    page_begin(req, res, &h, &pg);
    if (req_query(req, "saved"))
        layout_banner(&h, true, "Success", "Your changes have been saved.");
    if (page_can_edit(req))
        html(&h,
             "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/carers/%lld/edit\">Change "
             "contact details</a></p>\n",
             (long long)c.id);
    html_raw(&h, "<dl class=\"govuk-summary-list\">\n");
    row(&h, "Mobile", c.phone_mobile);
    row(&h, "Home phone", c.phone_home);
    row(&h, "Work phone", c.phone_work);
    row(&h, "Email", c.email);
    row(&h, "Address",
        c.address_line1
            ? arena_sprintf(&req->arena, "%s%s%s%s%s%s%s", c.address_line1,
                            c.address_line2 ? ", " : "", c.address_line2 ? c.address_line2 : "",
                            c.town ? ", " : "", c.town ? c.town : "", c.postcode ? ", " : "",
                            c.postcode ? c.postcode : "")
            : NULL);
    row(&h, "Prefers to be contacted by", c.preferred_contact);
    row(&h, "Language", c.preferred_language);
    row(&h, "Needs an interpreter", c.interpreter_needed ? "Yes" : "No");
    row(&h, "Access needs", c.access_needs ? c.access_needs : "None recorded");
    html_raw(&h, "</dl>\n<h2 class=\"govuk-heading-m\">Children</h2>\n<ul class=\"govuk-list\">\n");
    for (size_t i = 0; i < visible; i++)
        html(&h, "<li><a class=\"govuk-link\" href=\"/pupils/%lld\">%s</a> (%s%s%s)</li>\n",
             (long long)kids[i].p.id, pupil_display_name(&req->arena, &kids[i].p), kids[i].rel,
             kids[i].pr == 1   ? ", parental responsibility"
             : kids[i].pr == 0 ? ""
                               : ", parental responsibility not recorded",
             kids[i].lives ? ", lives with them" : "");
    html_raw(&h, "</ul>\n");
    if (page_is_lead(req))
        html(&h,
             "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/carers/%lld/erase\">Erase "
             "these details</a> (once none of their children is at the school)</p>\n",
             (long long)c.id);
    return page_finish(req, &h);
}

/* ---- carer details form -------------------------------------------------- */

static void read_carer(struct request *req, struct carer *c, struct problems *pr)
{
    struct {
        const char *name;
        const char **slot;
    } text[] = {
        { "title", &c->title },
        { "forename", &c->forename },
        { "surname", &c->surname },
        { "phone_mobile", &c->phone_mobile },
        { "phone_home", &c->phone_home },
        { "phone_work", &c->phone_work },
        { "email", &c->email },
        { "address_line1", &c->address_line1 },
        { "address_line2", &c->address_line2 },
        { "town", &c->town },
        { "postcode", &c->postcode },
        { "preferred_language", &c->preferred_language },
        { "access_needs", &c->access_needs },
    };
    for (size_t i = 0; i < sizeof text / sizeof text[0]; i++) {
        const char *v = req_text(req, text[i].name);
        *text[i].slot = *v ? v : NULL;
    }
    char why[200];
    if (carer_parse_contact_method(req_text(req, "preferred_contact"), &c->preferred_contact, why,
                                   sizeof why))
        problems_add(pr, "preferred_contact", "Choose how they prefer to be contacted");
    c->interpreter_needed = !strcmp(req_text(req, "interpreter_needed"), "yes");
    size_t from = pr->n;
    carer_validate(c, pr);
    page_sentences(req, pr, from);
}

static void carer_fields(struct html *h, const struct carer *c, const struct problems *pr)
{
#define ERR(f) problems_for(pr, f)
    struct field fs[] = {
        { .name = "title",
          .label = "Title (optional)",
          .hint = "For example, Ms, Mr or Dr",
          .value = c->title,
          .width = "5" },
        { .name = "forename",
          .label = "First name",
          .value = c->forename,
          .error = ERR("forename"),
          .width = "20",
          .autocomplete = "off" },
        { .name = "surname",
          .label = "Last name",
          .value = c->surname,
          .error = ERR("surname"),
          .width = "20",
          .autocomplete = "off" },
        { .name = "phone_mobile",
          .label = "Mobile (optional)",
          .value = c->phone_mobile,
          .error = ERR("phone_mobile"),
          .type = "tel",
          .width = "20" },
        { .name = "phone_home",
          .label = "Home phone (optional)",
          .value = c->phone_home,
          .error = ERR("phone_home"),
          .type = "tel",
          .width = "20" },
        { .name = "phone_work",
          .label = "Work phone (optional)",
          .value = c->phone_work,
          .error = ERR("phone_work"),
          .type = "tel",
          .width = "20" },
        { .name = "email",
          .label = "Email (optional)",
          .value = c->email,
          .error = ERR("email"),
          .type = "email",
          .spellcheck_off = true },
        { .name = "address_line1",
          .label = "Address line 1 (optional)",
          .value = c->address_line1 },
        { .name = "address_line2",
          .label = "Address line 2 (optional)",
          .value = c->address_line2 },
        { .name = "town", .label = "Town or city (optional)", .value = c->town, .width = "20" },
        { .name = "postcode",
          .label = "Postcode (optional)",
          .value = c->postcode,
          .error = ERR("postcode"),
          .width = "10" },
        { .name = "preferred_language",
          .label = "Language they prefer (optional)",
          .value = c->preferred_language,
          .width = "20" },
    };
    for (size_t i = 0; i < sizeof fs / sizeof fs[0]; i++)
        form_input(h, &fs[i]);
    struct field fc = { .name = "preferred_contact",
                        .label = "How they prefer to be contacted",
                        .value = c->preferred_contact ? c->preferred_contact : "",
                        .error = ERR("preferred_contact") };
    form_radios(h, &fc, contact_opts, sizeof contact_opts / sizeof contact_opts[0], false);
    form_checkbox(h, "interpreter_needed", "They need an interpreter", c->interpreter_needed);
    struct field fa = {
        .name = "access_needs",
        .label = "Access needs (optional)",
        .hint = "Anything that helps them take part, like large print or step-free access",
        .value = c->access_needs
    };
    form_textarea(h, &fa, 3);
#undef ERR
}

static void render_carer_form(struct request *req, struct response *res, const struct carer *c,
                              const struct problems *pr)
{
    struct html h;
    struct page pg = { .title = "Change contact details",
                       .caption = carer_display_name(&req->arena, c),
                       .nav = "pupils",
                       .back_href = arena_sprintf(&req->arena, "/carers/%lld", (long long)c->id) };
    page_begin(req, res, &h, &pg);
    form_error_summary(&h, pr);
    form_start(&h, arena_sprintf(&req->arena, "/carers/%lld/edit", (long long)c->id), req->csrf);
    carer_fields(&h, c, pr);
    form_button(&h, "Save changes", false);
    form_end(&h);
    page_finish(req, &h);
}

/* Audit a view of a carer's record against each child of theirs the person
 * may see (as on the carer's page). Changes are audited by the model
 * (model/register/record.h). */
static int audit_carer_view(struct request *req, int64_t carer_id, const char *detail)
{
    struct carer_child *kids;
    size_t n;
    int rc = record_carer_children(req->db, &req->arena, carer_id, false, &kids, &n, &req->err);
    if (rc)
        return rc;
    size_t logged = 0;
    for (size_t i = 0; i < n && i < 32; i++) {
        if (access_pupil_visible(req->db, &req->who, kids[i].pupil_id, &req->err) != 0)
            continue;
        if ((rc = page_audit(req, "view", "carer", carer_id, kids[i].pupil_id, detail)))
            return rc;
        logged++;
    }
    return logged ? 0 : page_audit(req, "view", "carer", carer_id, 0, detail);
}

int page_carer_edit(struct request *req, struct response *res)
{
    struct carer c;
    int rc = page_carer(req, page_id(req, 0), &c);
    if (rc)
        return rc;
    if ((rc = audit_carer_view(req, c.id, "edit form")))
        return rc;
    render_carer_form(req, res, &c, NULL);
    return 0;
}

int page_carer_update(struct request *req, struct response *res)
{
    struct carer c;
    int rc = page_carer(req, page_id(req, 0), &c);
    if (rc)
        return rc;
    struct problems pr;
    problems_init(&pr, &req->arena);
    read_carer(req, &c, &pr);
    if (pr.n) {
        res->status = 422;
        render_carer_form(req, res, &c, &pr);
        return 0;
    }
    struct audit_entry who = page_actor(req);
    if ((rc = record_carer_update(req->db, &req->arena, &c, &who, NULL, &req->err))) {
        if (rc == ERR_CONFLICT) {
            problems_add(&pr, "surname",
                         "Someone with this name and these contact details is already recorded");
            res->status = 422;
            render_carer_form(req, res, &c, &pr);
            return 0;
        }
        return rc;
    }
    resp_redirect(res, arena_sprintf(&req->arena, "/carers/%lld?saved=1", (long long)c.id));
    return 0;
}

/* ---- links between a pupil and a carer ----------------------------------- */

static void read_link(struct request *req, struct carer_link *l, struct problems *pr)
{
    char why[200];
    const char *rel_in = req_text(req, "relationship"), *rel = NULL;
    if (carer_parse_relationship(rel_in, &rel, why, sizeof why))
        problems_add(pr, "relationship",
                     "Enter how they are related to the child, like mother or grandfather");
    l->relationship = rel ? rel : rel_in;
    const char *pr_in = req_text(req, "parental_responsibility");
    l->parental_responsibility = !strcmp(pr_in, "yes")  ? 1
                                 : !strcmp(pr_in, "no") ? 0
                                                        : CARER_PR_NOT_RECORDED;
    l->lives_with = !strcmp(req_text(req, "lives_with"), "yes");
    long long prio = 1;
    const char *v = req_text(req, "contact_priority");
    if (*v && str_to_int(v, 1, 99, &prio))
        problems_add(pr, "contact_priority", "Enter a number from 1 to 99");
    l->contact_priority = (int)prio;
}

static void link_fields(struct html *h, const struct carer_link *l, const struct problems *pr)
{
    struct field fr = { .name = "relationship",
                        .label = "Relationship to the child",
                        .hint = "For example, mother, father, grandmother or foster carer",
                        .value = l->relationship,
                        .error = problems_for(pr, "relationship"),
                        .width = "20" };
    form_input(h, &fr);
    /* Not recorded (an import that did not say) is offered until someone
     * answers; the school office or the family can confirm it. */
    static const struct option pr_opts[] = { { "yes", "Yes", NULL },
                                             { "no", "No", NULL },
                                             { "unknown", "Not recorded yet", NULL } };
    bool known = l->parental_responsibility == 0 || l->parental_responsibility == 1;
    struct field fp = { .name = "parental_responsibility",
                        .label = "Do they have parental responsibility?",
                        .hint = known ? NULL
                                      : "The school's records did not say. Check with the family "
                                        "or the school office, then choose yes or no.",
                        .value = l->parental_responsibility == 1   ? "yes"
                                 : l->parental_responsibility == 0 ? "no"
                                                                   : "unknown" };
    form_radios(h, &fp, pr_opts, known ? 2 : 3, true);
    struct field fl = { .name = "lives_with",
                        .label = "Does the child live with them?",
                        .value = l->lives_with ? "yes" : "no" };
    form_radios(h, &fl, yes_no, 2, true);
    char prio[16];
    snprintf(prio, sizeof prio, "%d", l->contact_priority > 0 ? l->contact_priority : 1);
    struct field fo = { .name = "contact_priority",
                        .label = "Contact order",
                        .hint = "1 means contact them first",
                        .value = prio,
                        .type = "text",
                        .inputmode = "numeric",
                        .width = "2",
                        .error = problems_for(pr, "contact_priority") };
    form_input(h, &fo);
}

static void render_new(struct request *req, struct response *res, const struct pupil *p,
                       const struct carer *c, const struct carer_link *l, const struct problems *pr)
{
    struct html h;
    struct page pg = { .title = "Add a parent or carer",
                       .caption = pupil_display_name(&req->arena, p),
                       .nav = "pupils",
                       .back_href = arena_sprintf(&req->arena, "/pupils/%lld", (long long)p->id) };
    page_begin(req, res, &h, &pg);
    form_error_summary(&h, pr);
    form_start(&h, arena_sprintf(&req->arena, "/pupils/%lld/carers/new", (long long)p->id),
               req->csrf);
    link_fields(&h, l, pr);
    carer_fields(&h, c, pr);
    form_button(&h, "Add", false);
    form_end(&h);
    page_finish(req, &h);
}

int page_carer_new(struct request *req, struct response *res)
{
    struct pupil p;
    int rc = page_pupil(req, page_id(req, 0), &p);
    if (rc)
        return rc;
    if ((rc = page_audit(req, "view", "pupil", p.id, p.id, "add carer form")))
        return rc;
    struct carer c = { 0 };
    struct carer_link l = { .contact_priority = 1,
                            .parental_responsibility = 1,
                            .lives_with = true };
    render_new(req, res, &p, &c, &l, NULL);
    return 0;
}

int page_carer_create(struct request *req, struct response *res)
{
    struct pupil p;
    int rc = page_pupil(req, page_id(req, 0), &p);
    if (rc)
        return rc;
    struct carer c = { 0 };
    struct carer_link l = { 0 };
    struct problems pr;
    problems_init(&pr, &req->arena);
    read_link(req, &l, &pr);
    read_carer(req, &c, &pr);
    if (pr.n) {
        res->status = 422;
        render_new(req, res, &p, &c, &l, &pr);
        return 0;
    }
    /* Someone already recorded (for a brother or sister) is linked, not
     * copied, and carer_save updates their record from this form. That is
     * only for someone who may already see that record: otherwise a key
     * teacher who knew a name and a phone number could attach another
     * family's carer to their pupil, then read and overwrite it. */
    const char *key =
        carer_match_key(&req->arena, &c, arena_sprintf(&req->arena, "pupil-%lld", (long long)p.id));
    int64_t existing = 0;
    if ((rc = record_carer_by_key(req->db, p.school_id, key, &existing, &req->err)))
        return rc;
    if (existing && access_carer_visible(req->db, &req->who, existing, &req->err) != 0) {
        problems_add(&pr, "surname",
                     "Someone with this name and these contact details is already recorded for "
                     "another family. Ask your meso lead to link them to this child.");
        res->status = 422;
        render_new(req, res, &p, &c, &l, &pr);
        return 0;
    }
    struct audit_entry who = page_actor(req);
    enum carer_save_result cr;
    l.pupil_id = p.id;
    if ((rc = record_carer_add(req->db, p.school_id, &c, key, &l, &who, &cr, &req->err)))
        return rc;
    resp_redirect(res, arena_sprintf(&req->arena, "/pupils/%lld?saved=1", (long long)p.id));
    return 0;
}

/* The link between the pupil {0} and the carer {1}, both visible. */
static int load_link(struct request *req, struct pupil *p, struct carer *c, struct carer_link *l)
{
    int rc = page_pupil(req, page_id(req, 0), p);
    if (rc)
        return rc;
    struct pupil_carer *pcs;
    size_t n;
    if ((rc = carer_list_for_pupil(req->db, &req->arena, p->id, &pcs, &n, &req->err)))
        return rc;
    int64_t cid = page_id(req, 1);
    for (size_t i = 0; i < n; i++)
        if (pcs[i].carer.id == cid) {
            *c = pcs[i].carer;
            *l = pcs[i].link;
            return 0;
        }
    return ERR_NOTFOUND;
}

static void render_link(struct request *req, struct response *res, const struct pupil *p,
                        const struct carer *c, const struct carer_link *l,
                        const struct problems *pr)
{
    struct html h;
    struct page pg = { .title = arena_sprintf(&req->arena, "%s and %s",
                                              carer_display_name(&req->arena, c),
                                              pupil_display_name(&req->arena, p)),
                       .nav = "pupils",
                       .back_href = arena_sprintf(&req->arena, "/pupils/%lld", (long long)p->id) };
    page_begin(req, res, &h, &pg);
    form_error_summary(&h, pr);
    const char *base =
        arena_sprintf(&req->arena, "/pupils/%lld/carers/%lld", (long long)p->id, (long long)c->id);
    form_start(&h, base, req->csrf);
    link_fields(&h, l, pr);
    form_button(&h, "Save changes", false);
    form_end(&h);
    html_raw(&h,
             "<h2 class=\"govuk-heading-m\">Remove the link</h2>\n"
             "<p class=\"govuk-body\">If this person no longer cares for the child, you can remove "
             "the link. Their details stay on meso for any other children.</p>\n");
    form_start(&h, arena_sprintf(&req->arena, "%s/remove", base), req->csrf);
    html_raw(&h, "<button type=\"submit\" class=\"govuk-button govuk-button--warning\" "
                 "data-module=\"govuk-button\">Remove the link</button>\n");
    form_end(&h);
    page_finish(req, &h);
}

int page_link_edit(struct request *req, struct response *res)
{
    struct pupil p;
    struct carer c;
    struct carer_link l;
    int rc = load_link(req, &p, &c, &l);
    if (rc)
        return rc;
    if ((rc = page_audit(req, "view", "link", c.id, p.id, "link form")))
        return rc;
    render_link(req, res, &p, &c, &l, NULL);
    return 0;
}

int page_link_update(struct request *req, struct response *res)
{
    struct pupil p;
    struct carer c;
    struct carer_link l;
    int rc = load_link(req, &p, &c, &l);
    if (rc)
        return rc;
    struct problems pr;
    problems_init(&pr, &req->arena);
    read_link(req, &l, &pr);
    if (pr.n) {
        res->status = 422;
        render_link(req, res, &p, &c, &l, &pr);
        return 0;
    }
    struct audit_entry who = page_actor(req);
    if ((rc = record_link_update(req->db, &l, &who, &req->err)))
        return rc;
    resp_redirect(res, arena_sprintf(&req->arena, "/pupils/%lld?saved=1", (long long)p.id));
    return 0;
}

int page_link_remove(struct request *req, struct response *res)
{
    struct pupil p;
    struct carer c;
    struct carer_link l;
    int rc = load_link(req, &p, &c, &l);
    if (rc)
        return rc;
    struct audit_entry who = page_actor(req);
    if ((rc = record_unlink(req->db, p.id, c.id, &who, &req->err)))
        return rc;
    resp_redirect(res, arena_sprintf(&req->arena, "/pupils/%lld?saved=1", (long long)p.id));
    return 0;
}
