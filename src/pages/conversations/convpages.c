#include "pages/conversations/convpages.h"

#include <string.h>

#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "model/access/access.h"
#include "model/register/school.h"
#include "pages/common.h"
#include "view/convpdf.h"

struct audit_entry conv_who(const struct request *req)
{
    return page_actor(req);
}

int conv_load_staff(struct request *req, int64_t id, struct conversation *c, struct pupil *p)
{
    struct conv_ref ref;
    if (id <= 0)
        return ERR_NOTFOUND;
    int rc = conversation_ref(req->db, id, &ref, &req->err);
    if (rc == 0 && ref.school_id != req->who.school_id)
        rc = ERR_NOTFOUND;
    if (rc == 0)
        rc = page_pupil(req, ref.pupil_id, p);
    if (rc)
        return rc;
    struct audit_entry who = conv_who(req);
    return conversation_get(req->db, &req->arena, req->who.school_id, id, &who, c, &req->err);
}

int conv_load_family(struct request *req, int64_t id, struct conversation *c, struct pupil *p)
{
    struct conv_ref ref;
    if (id <= 0 || req->who.kind != PRINCIPAL_PARENT)
        return ERR_NOTFOUND;
    int rc = conversation_ref(req->db, id, &ref, &req->err);
    if (rc == 0 && (ref.school_id != req->who.school_id ||
                    !conversation_family_may_see(ref.status, ref.shared)))
        rc = ERR_NOTFOUND;
    if (rc == 0)
        rc = page_pupil(req, ref.pupil_id, p);
    if (rc)
        return rc;
    struct audit_entry who = conv_who(req);
    return conversation_get(req->db, &req->arena, req->who.school_id, id, &who, c, &req->err);
}

int conv_pdf_send(struct request *req, struct response *res, const struct conversation *c,
                  const struct pupil *p)
{
    struct school sc = { 0 };
    int rc = school_by_id(req->db, &req->arena, p->school_id, &sc, &req->err);
    if (rc)
        return rc;
    /* The family's language: the first carer who came (or was invited). */
    int64_t carer = 0;
    for (size_t i = 0; i < c->n_carers && !carer; i++)
        if (c->carers[i].attended)
            carer = c->carers[i].carer_id;
    if (!carer && c->n_carers)
        carer = c->carers[0].carer_id;
    const struct tr *tr = page_doc_tr(req, carer);
    struct buf b;
    buf_init(&b, RESP_MAX_BODY);
    if ((rc = convpdf_record(&b, &req->arena, tr, sc.name, c, p, &req->err))) {
        buf_release(&b);
        return rc;
    }
    return page_send_document(req, res, &b, "application/pdf", true,
                              convpdf_filename(&req->arena, c, p));
}

const char *conv_first_name(const struct pupil *p)
{
    return pupil_first_name(p);
}

void conv_para(struct html *h, const char *text)
{
    if (str_blank(text))
        html_raw(h, "<p class=\"govuk-body meso-muted\">Not recorded</p>\n");
    else
        html(h, "<p class=\"govuk-body meso-multiline\">%s</p>\n", text);
}

void conv_row(struct html *h, const char *key, const char *value)
{
    if (str_blank(value))
        html(h,
             "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s</dt>"
             "<dd class=\"govuk-summary-list__value meso-muted\">Not recorded</dd></div>\n",
             key);
    else
        html(h,
             "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s</dt>"
             "<dd class=\"govuk-summary-list__value meso-multiline\">%s</dd></div>\n",
             key, value);
}

const char *conv_status_label(const char *status)
{
    if (!status)
        return "";
    if (!strcmp(status, "planned"))
        return "Arranged";
    if (!strcmp(status, "draft"))
        return "Draft";
    if (!strcmp(status, "complete"))
        return "Complete";
    return status;
}

const char *conv_target_status_label(const char *status)
{
    static const char *const labels[][2] = {
        { "open", N_("Just started") }, { "progressing", N_("Making progress") },
        { "achieved", N_("Achieved") }, { "changed", N_("Changed") },
        { "stopped", N_("Stopped") },
    };
    for (size_t i = 0; status && i < sizeof labels / sizeof labels[0]; i++)
        if (!strcmp(status, labels[i][0]))
            return labels[i][1];
    return status ? status : "";
}

const char *conv_owner_label(const char *owner)
{
    if (owner && !strcmp(owner, "school"))
        return "School";
    if (owner && !strcmp(owner, "parent"))
        return "Parent or carer";
    if (owner && !strcmp(owner, "pupil"))
        return "Pupil";
    return owner ? owner : "";
}

void conv_sentences(struct request *req, struct problems *pr, size_t from)
{
    for (size_t i = from; i < pr->n; i++) {
        char *m = arena_strdup(&req->arena, pr->items[i].msg);
        if (m && m[0] >= 'a' && m[0] <= 'z')
            m[0] = (char)(m[0] - 32);
        pr->items[i].msg = m ? m : pr->items[i].msg;
    }
}

void conv_dedupe(struct problems *pr)
{
    size_t k = 0;
    for (size_t i = 0; i < pr->n; i++) {
        bool seen = false;
        for (size_t j = 0; j < k && pr->items[i].field; j++)
            seen |= pr->items[j].field && !strcmp(pr->items[j].field, pr->items[i].field);
        if (!seen)
            pr->items[k++] = pr->items[i];
    }
    pr->n = k;
}

void conv_today(char out[11])
{
    date_iso(date_today(), out);
}

bool conv_checked(struct request *req, const char *name)
{
    return !strcmp(req_text(req, name), "yes");
}

const char *conv_href(struct request *req, int64_t id, const char *rest)
{
    return arena_sprintf(&req->arena, "/conversations/%lld%s", (long long)id, rest ? rest : "");
}

void conv_views_box(struct request *req, struct html *h, const struct parent_view *vs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct parent_view *v = &vs[i];
        html(h,
             "<div class=\"govuk-inset-text meso-parent-views\"><h2 class=\"govuk-heading-s\">"
             "Before the meeting, %s shared their views (%s)</h2><dl class=\"govuk-summary-list "
             "govuk-summary-list--no-border\">\n",
             v->carer_name ? v->carer_name : "a parent", page_date(req, v->given_on));
        if (!str_blank(v->going_well))
            conv_row(h, "What is going well", v->going_well);
        if (!str_blank(v->worries))
            conv_row(h, "Worries", v->worries);
        if (!str_blank(v->to_talk_about))
            conv_row(h, "What they would like to talk about", v->to_talk_about);
        html_raw(h, "</dl></div>\n");
    }
}

void conv_target_table(struct request *req, struct html *h, const struct conversation *c,
                       bool review_links)
{
    html_raw(h, "<div class=\"meso-table-wrap\" role=\"region\" aria-label=\"Targets\" "
                "tabindex=\"0\"><table class=\"govuk-table\"><caption class=\"govuk-table__caption "
                "govuk-visually-hidden\">Targets</caption><thead class=\"govuk-table__head\">"
                "<tr class=\"govuk-table__row\">"
                "<th scope=\"col\" class=\"govuk-table__header\">Target</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Who does it</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">How we will know</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Review by</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Where it is now</th>"
                "</tr></thead><tbody class=\"govuk-table__body\">\n");
    for (size_t i = 0; i < c->n_targets; i++) {
        const struct target *t = &c->targets[i];
        html(h,
             "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell meso-multiline\">%s</td>"
             "<td class=\"govuk-table__cell\">%s</td>"
             "<td class=\"govuk-table__cell meso-multiline\">%s</td>"
             "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s",
             t->what, conv_owner_label(t->owner), t->how_we_know ? t->how_we_know : "",
             t->review_date[0] ? page_date(req, t->review_date) : "",
             conv_target_status_label(t->status));
        if (review_links)
            html(h,
                 " <a class=\"govuk-link\" href=\"/targets/%lld/review\">Review<span "
                 "class=\"govuk-visually-hidden\"> target %zu</span></a>",
                 (long long)t->id, i + 1);
        html_raw(h, "</td></tr>\n");
    }
    html_raw(h, "</tbody></table></div>\n");
}
