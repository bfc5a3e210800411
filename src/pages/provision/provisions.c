#include "pages/provision/provisions.h"

#include <string.h>

#include "core/buf.h"
#include "core/problems.h"
#include "core/str.h"
#include "html/form.h"
#include "model/access/access.h"
#include "model/register/audit.h"
#include "model/provision/framework.h"
#include "model/provision/provision.h"
#include "view/provmapdocs.h"
#include "model/register/pupil.h"
#include "pages/common.h"
#include "pages/programmes/progenrol.h"
#include "pages/provision/provwords.h"

static struct audit_entry who_of(struct request *req)
{
    return (struct audit_entry){ .actor = req->who.actor ? req->who.actor : "user:?",
                                 .address = req->client };
}

static const char *money(struct request *req, int64_t pence)
{
    return provmapdocs_money(&req->arena, pence);
}

static void summary_row(struct html *h, const char *key, const char *value)
{
    html(h,
         "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s</dt>"
         "<dd class=\"govuk-summary-list__value\">%s</dd></div>\n",
         key, value && *value ? value : "Not recorded");
}

/* The provision in the path, if the signed-in person may see it. */
static int load(struct request *req, struct provision *p)
{
    int64_t id = page_id(req, 0);
    if (id <= 0)
        return ERR_NOTFOUND;
    int rc = access_provision_visible(req->db, &req->who, id, &req->err);
    if (rc)
        return rc;
    struct audit_entry who = who_of(req);
    return provision_get(req->db, &req->arena, id, req->who.school_id, &who, p, &req->err);
}

/* ---- the list ------------------------------------------------------------------- */

int page_provisions(struct request *req, struct response *res)
{
    struct provision_filter f = { .school_id = req->who.school_id };
    struct provision *ps;
    size_t n;
    int rc = provision_list(req->db, &req->arena, &f, &ps, &n, &req->err);
    if (rc)
        return rc;
    struct html h;
    struct page pg = { .title = "Provisions", .nav = "provision", .wide = true };
    page_begin(req, res, &h, &pg);
    html_raw(&h, "<p class=\"govuk-body\">Everything the school runs for children's wellbeing: "
                 "strategies for every child, groups, and support for individual children. "
                 "<a class=\"govuk-link\" href=\"/provision\">See them on the provision "
                 "map</a>.</p>\n<a href=\"/provisions/new\" role=\"button\" draggable=\"false\" "
                 "class=\"govuk-button\" data-module=\"govuk-button\">Add a provision</a>\n");
    if (!n) {
        html_raw(&h, "<p class=\"govuk-body\">There are no provisions here yet.</p>\n");
        return page_finish(req, &h);
    }
    static const char *const cols[] = { "Provision", "Tier", "Dates", "Taking part",
                                        "Projected cost" };
    provwords_table_start(&h, "Provisions", cols, 5);
    for (size_t i = 0; i < n; i++) {
        struct provision_costs c;
        provision_costs_of(&ps[i], &c);
        html(&h,
             "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a "
             "class=\"govuk-link\" href=\"/provisions/%lld\">%s</a>%s</td>"
             "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s to %s</td>"
             "<td class=\"govuk-table__cell\">%d</td><td class=\"govuk-table__cell\">%s</td>"
             "</tr>\n",
             (long long)ps[i].id, ps[i].name, ps[i].template_id ? " (programme)" : "",
             provwords_tier(ps[i].tier), page_date(req, ps[i].start_date),
             ps[i].end_date[0] ? page_date(req, ps[i].end_date) : "no end date",
             ps[i].pupils_consented, money(req, c.total_projected));
    }
    provwords_table_end(&h);
    return page_finish(req, &h);
}

/* ---- the form ------------------------------------------------------------------- */

static const struct option tier_opts[] = {
    { "universal", "Universal", "For every child" },
    { "selected", "Selected", "For groups of children at raised risk" },
    { "indicated", "Indicated", "For children with emerging or identified needs" },
};

static const struct option evidence_opts[] = {
    { "", "Not recorded", NULL },
    { "strong", "Strong: several good trials", NULL },
    { "moderate", "Moderate: at least one good trial", NULL },
    { "promising", "Promising: early studies show benefits", NULL },
    { "limited", "Limited: little evidence yet", NULL },
};

static bool outcome_checked(struct request *req, const struct provision *p, const char *code,
                            bool posted)
{
    if (posted) {
        for (size_t i = 0; i < req->n_form; i++)
            if (!strcmp(req->form[i].key, "outcome") && !strcmp(req->form[i].value, code))
                return true;
        return false;
    }
    for (size_t i = 0; p && i < p->n_outcomes; i++)
        if (!strcmp(p->outcomes[i], code))
            return true;
    return false;
}

/* Values shown: what was posted, else the provision's own. */
static const char *val(struct request *req, bool posted, const char *name, const char *own)
{
    return posted ? req_text(req, name) : own ? own : "";
}

static void render_form(struct request *req, struct response *res, const struct provision *p,
                        const struct problems *pr, bool posted)
{
    const char **codes = NULL, **labels = NULL;
    size_t n_out = 0;
    if (provision_outcome_list(req->db, &req->arena, &codes, &labels, &n_out, &req->err))
        n_out = 0;
    bool edit = p && p->id;
    struct html h;
    const char *back =
        edit ? arena_sprintf(&req->arena, "/provisions/%lld", (long long)p->id) : "/provisions";
    struct page pg = { .title = edit ? "Change the provision" : "Add a provision",
                       .caption = edit ? p->name : NULL,
                       .nav = "provision",
                       .back_href = back };
    page_begin(req, res, &h, &pg);
    form_error_summary(&h, pr);
    form_start(&h,
               edit ? arena_sprintf(&req->arena, "/provisions/%lld/edit", (long long)p->id)
                    : "/provisions/new",
               req->csrf);
#define ERR(f) problems_for(pr, f)
    char num[4][32] = { "", "", "", "" };
    if (p && !posted) {
        if (p->sessions)
            snprintf(num[0], sizeof num[0], "%d", p->sessions);
        if (p->session_minutes)
            snprintf(num[1], sizeof num[1], "%d", p->session_minutes);
        if (p->staff_hours_per_session > 0)
            snprintf(num[2], sizeof num[2], "%g", p->staff_hours_per_session);
        if (p->hourly_rate_pence > 0)
            snprintf(num[3], sizeof num[3], "%lld.%02lld", (long long)(p->hourly_rate_pence / 100),
                     (long long)(p->hourly_rate_pence % 100));
    }
    struct field fname = { .name = "name",
                           .label = "Name",
                           .hint = "For example, Nurture group, or Zones of Regulation",
                           .value = val(req, posted, "name", p ? p->name : NULL),
                           .error = ERR("name"),
                           .width = "30" };
    form_input(&h, &fname);
    struct field ftier = { .name = "tier",
                           .label = "Tier",
                           .value = val(req, posted, "tier", p ? p->tier : NULL),
                           .error = ERR("tier") };
    form_radios(&h, &ftier, tier_opts, sizeof tier_opts / sizeof *tier_opts, false);
    struct field fdesc = { .name = "description",
                           .label = "What it is (optional)",
                           .value = val(req, posted, "description", p ? p->description : NULL),
                           .error = ERR("description") };
    form_textarea(&h, &fdesc, 3);
    /* Outcomes it targets: checkboxes. */
    html(&h,
         "<div class=\"govuk-form-group%s\"><fieldset class=\"govuk-fieldset\" "
         "aria-describedby=\"outcome-hint\"><legend class=\"govuk-fieldset__legend "
         "govuk-fieldset__legend--s\">What it aims to help with</legend><div id=\"outcome-hint\" "
         "class=\"govuk-hint\">Choose each need or outcome it targets.</div>\n",
         ERR("outcomes") ? " govuk-form-group--error" : "");
    if (ERR("outcomes"))
        html(&h,
             "<p id=\"outcomes-error\" class=\"govuk-error-message\"><span "
             "class=\"govuk-visually-hidden\">Error:</span> %s</p>\n",
             ERR("outcomes"));
    html_raw(&h, "<div class=\"govuk-checkboxes govuk-checkboxes--small\" "
                 "data-module=\"govuk-checkboxes\">\n");
    for (size_t i = 0; i < n_out; i++) {
        const char *id = i == 0 ? "outcomes" : arena_sprintf(&req->arena, "outcome-%zu", i);
        html(
            &h,
            "<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" "
            "id=\"%s\" name=\"outcome\" type=\"checkbox\" value=\"%s\"%s><label class=\"govuk-label "
            "govuk-checkboxes__label\" for=\"%s\">%s</label></div>\n",
            id, codes[i], outcome_checked(req, p, codes[i], posted) ? " checked" : "", id,
            labels[i]);
    }
    html_raw(&h, "</div></fieldset></div>\n");
    struct field fev = { .name = "evidence_rating",
                         .label = "Evidence",
                         .value =
                             val(req, posted, "evidence_rating", p ? p->evidence_rating : NULL),
                         .error = ERR("evidence_rating") };
    form_select(&h, &fev, evidence_opts, sizeof evidence_opts / sizeof *evidence_opts);
    struct field fields[] = {
        { .name = "evidence_reference",
          .label = "Where the evidence comes from (optional)",
          .hint = "For example, the Education Endowment Foundation toolkit",
          .value = val(req, posted, "evidence_reference", p ? p->evidence_reference : NULL),
          .error = ERR("evidence_reference"),
          .width = "30" },
        { .name = "start_date",
          .label = "Start date",
          .hint = "For example, 14/01/2026",
          .value = val(req, posted, "start_date", p ? p->start_date : NULL),
          .error = ERR("start_date"),
          .width = "10" },
        { .name = "end_date",
          .label = "End date (optional)",
          .value = val(req, posted, "end_date", p ? p->end_date : NULL),
          .error = ERR("end_date"),
          .width = "10" },
        { .name = "review_date",
          .label = "Review date (optional)",
          .hint = "When pupils' outcomes in it are next reviewed",
          .value = val(req, posted, "review_date", p ? p->review_date : NULL),
          .error = ERR("review_date"),
          .width = "10" },
        { .name = "sessions",
          .label = "Number of sessions (optional)",
          .value = val(req, posted, "sessions", num[0]),
          .error = ERR("sessions"),
          .width = "4",
          .inputmode = "numeric" },
        { .name = "session_minutes",
          .label = "Minutes in each session (optional)",
          .value = val(req, posted, "session_minutes", num[1]),
          .error = ERR("session_minutes"),
          .width = "4",
          .inputmode = "numeric" },
        { .name = "staff_hours",
          .label = "Staff hours for each session (optional)",
          .hint = "All the staff together, for working out costs. For example, 2.5",
          .value = val(req, posted, "staff_hours", num[2]),
          .error = ERR("staff_hours"),
          .width = "5",
          .inputmode = "decimal" },
        { .name = "hourly_rate",
          .label = "Hourly rate of staff time, in pounds (optional)",
          .value = val(req, posted, "hourly_rate", num[3]),
          .error = ERR("hourly_rate"),
          .width = "5",
          .inputmode = "decimal" },
    };
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        form_input(&h, &fields[i]);
    if (!edit) {
        struct field fother = { .name = "other_cost",
                                .label = "Other costs, in pounds (optional)",
                                .hint = "Materials or training, paid once",
                                .value = req_text(req, "other_cost"),
                                .error = ERR("other_cost"),
                                .width = "5",
                                .inputmode = "decimal" };
        form_input(&h, &fother);
    }
#undef ERR
    form_button(&h, edit ? "Save the changes" : "Add the provision", false);
    form_end(&h);
    page_finish(req, &h);
}

static bool date_field(struct request *req, const char *name, char out[11], struct problems *pr,
                       const char *what)
{
    const char *v = req_text(req, name);
    char why[128];
    out[0] = '\0';
    if (!*v)
        return true;
    if (pupil_parse_date(v, out, why, sizeof why) || !out[0]) {
        problems_add(pr, name, "Enter %s as a real date, like 14/01/2026", what);
        out[0] = '\0';
        return false;
    }
    return true;
}

/* Read the form into p (strings in the request's arena); problems by
 * field. */
static int read_form(struct request *req, struct provision *p, struct problems *pr)
{
    const char *v = req_text(req, "name");
    p->name = *v ? v : NULL;
    v = req_text(req, "tier");
    p->tier = NULL;
    if (*v && provision_parse_tier(v, &p->tier))
        p->tier = NULL;
    v = req_text(req, "description");
    p->description = *v ? v : NULL;
    v = req_text(req, "evidence_rating");
    p->evidence_rating = NULL;
    if (*v && provision_parse_evidence(v, &p->evidence_rating))
        problems_add(pr, "evidence_rating", "Choose an evidence rating from the list");
    v = req_text(req, "evidence_reference");
    p->evidence_reference = *v ? v : NULL;
    date_field(req, "start_date", p->start_date, pr, "the start date");
    date_field(req, "end_date", p->end_date, pr, "the end date");
    date_field(req, "review_date", p->review_date, pr, "the review date");
    long long n;
    v = req_text(req, "sessions");
    p->sessions = 0;
    if (*v && str_to_int(v, 0, 200, &n) == 0)
        p->sessions = (int)n;
    else if (*v)
        problems_add(pr, "sessions", "Enter the number of sessions, from 0 to 200");
    v = req_text(req, "session_minutes");
    p->session_minutes = 0;
    if (*v && str_to_int(v, 0, 1440, &n) == 0)
        p->session_minutes = (int)n;
    else if (*v)
        problems_add(pr, "session_minutes", "Enter the minutes in each session, like 45");
    v = req_text(req, "staff_hours");
    p->staff_hours_per_session = 0;
    if (*v && (str_to_double(v, &p->staff_hours_per_session) ||
               !(p->staff_hours_per_session >= 0 && p->staff_hours_per_session <= 1000))) {
        p->staff_hours_per_session = 0;
        problems_add(pr, "staff_hours", "Enter the staff hours as a number, like 2.5");
    }
    v = req_text(req, "hourly_rate");
    p->hourly_rate_pence = 0;
    if (*v && provision_parse_money(v, &p->hourly_rate_pence)) {
        p->hourly_rate_pence = 0;
        problems_add(pr, "hourly_rate", "Enter the hourly rate in pounds, like 18.50");
    }
    size_t k = 0;
    p->outcomes = arena_array(&req->arena, req->n_form + 1, sizeof *p->outcomes);
    if (!p->outcomes)
        return ERR_NOMEM;
    for (size_t i = 0; i < req->n_form; i++)
        if (!strcmp(req->form[i].key, "outcome") && *req->form[i].value)
            p->outcomes[k++] = req->form[i].value;
    p->n_outcomes = k;
    size_t before = pr->n;
    int rc = provision_validate(req->db, p, pr, &req->err);
    if (rc)
        return rc;
    /* The model's words, as sentences; one message per field. */
    page_sentences(req, pr, before);
    /* One message a field: the form's own (a date it could not read) comes
     * before the model's ("give the start date"). */
    size_t k2 = 0;
    for (size_t i = 0; i < pr->n; i++) {
        bool seen = false;
        for (size_t j = 0; j < k2 && !seen; j++)
            seen = !strcmp(pr->items[j].field, pr->items[i].field);
        if (!seen)
            pr->items[k2++] = pr->items[i];
    }
    pr->n = k2;
    return 0;
}

int page_provision_new(struct request *req, struct response *res)
{
    render_form(req, res, NULL, NULL, false);
    return 0;
}

int page_provision_create(struct request *req, struct response *res)
{
    struct problems pr;
    problems_init(&pr, &req->arena);
    struct provision p = { .school_id = req->who.school_id };
    int rc = read_form(req, &p, &pr);
    if (rc)
        return rc;
    int64_t other = 0;
    const char *v = req_text(req, "other_cost");
    if (*v && (provision_parse_money(v, &other) || other < 0))
        problems_add(&pr, "other_cost", "Enter the other costs in pounds, like 120");
    if (pr.n) {
        res->status = 422;
        render_form(req, res, NULL, &pr, true);
        return 0;
    }
    struct audit_entry who = who_of(req);
    if ((rc = provision_create(req->db, &p, &who, &req->err)))
        return rc;
    if (other > 0) {
        struct provision_cost_item item = { .what = "Other costs", .pence = other };
        if ((rc = provision_cost_add(req->db, p.id, &item, &who, &req->err)))
            return rc;
    }
    resp_redirect(res, arena_sprintf(&req->arena, "/provisions/%lld?saved=1", (long long)p.id));
    return 0;
}

int page_provision_edit(struct request *req, struct response *res)
{
    struct provision p;
    int rc = load(req, &p);
    if (rc)
        return rc;
    render_form(req, res, &p, NULL, false);
    return 0;
}

int page_provision_update(struct request *req, struct response *res)
{
    struct provision p;
    int rc = load(req, &p);
    if (rc)
        return rc;
    struct problems pr;
    problems_init(&pr, &req->arena);
    struct provision changed = p;
    if ((rc = read_form(req, &changed, &pr)))
        return rc;
    if (pr.n) {
        res->status = 422;
        render_form(req, res, &p, &pr, true);
        return 0;
    }
    struct audit_entry who = who_of(req);
    if ((rc = provision_update(req->db, &changed, &who, &req->err)))
        return rc;
    resp_redirect(res, arena_sprintf(&req->arena, "/provisions/%lld?saved=1", (long long)p.id));
    return 0;
}

/* ---- a provision's page ------------------------------------------------------------ */

static bool has_ref(const char **refs, size_t n, const char *ref)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(refs[i], ref))
            return true;
    return false;
}

static int components_section(struct request *req, struct html *h, const struct provision *p,
                              bool lead)
{
    const char **refs;
    size_t n_refs;
    struct framework *fw;
    size_t n_fw;
    int rc;
    if ((rc = framework_provision_components(req->db, &req->arena, p->id, &refs, &n_refs,
                                             &req->err)) ||
        (rc = framework_chosen(req->db, &req->arena, req->who.school_id, &fw, &n_fw, &req->err)))
        return rc;
    html_raw(h, "<h2 class=\"govuk-heading-m\" id=\"frameworks\">Framework components</h2>\n");
    if (!n_fw) {
        html_raw(h, "<p class=\"govuk-body\">The school has not chosen a framework yet.</p>\n");
        if (lead)
            html_raw(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" "
                        "href=\"/provision/frameworks\">Choose frameworks</a></p>\n");
        return 0;
    }
    if (!lead) {
        if (!n_refs)
            html_raw(h, "<p class=\"govuk-body\">Not mapped to a framework yet.</p>\n");
        html_raw(h, "<ul class=\"govuk-list govuk-list--bullet\">\n");
        for (size_t f = 0; f < n_fw; f++)
            for (size_t k = 0; k < fw[f].n_components; k++)
                if (has_ref(
                        refs, n_refs,
                        arena_sprintf(&req->arena, "%s/%s", fw[f].key, fw[f].components[k].key)))
                    html(h, "<li>%s: %s</li>\n", fw[f].name, fw[f].components[k].name);
        html_raw(h, "</ul>\n");
        return 0;
    }
    form_start(h, arena_sprintf(&req->arena, "/provisions/%lld/components", (long long)p->id),
               req->csrf);
    for (size_t f = 0; f < n_fw; f++) {
        html(h,
             "<div class=\"govuk-form-group\"><fieldset class=\"govuk-fieldset\"><legend "
             "class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">%s</legend>"
             "<input type=\"hidden\" name=\"framework\" value=\"%s\">"
             "<div class=\"govuk-checkboxes govuk-checkboxes--small\" "
             "data-module=\"govuk-checkboxes\">\n",
             fw[f].name, fw[f].key);
        for (size_t k = 0; k < fw[f].n_components; k++) {
            const char *ref =
                arena_sprintf(&req->arena, "%s/%s", fw[f].key, fw[f].components[k].key);
            const char *id = arena_sprintf(&req->arena, "component-%zu-%zu", f, k);
            html(h,
                 "<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" "
                 "id=\"%s\" name=\"component\" type=\"checkbox\" value=\"%s\"%s><label "
                 "class=\"govuk-label govuk-checkboxes__label\" for=\"%s\">%s</label></div>\n",
                 id, ref, has_ref(refs, n_refs, ref) ? " checked" : "", id,
                 fw[f].components[k].name);
        }
        html_raw(h, "</div></fieldset></div>\n");
    }
    form_button(h, "Save the components", true);
    form_end(h);
    return 0;
}

int page_provision_show(struct request *req, struct response *res)
{
    struct provision p;
    int rc = load(req, &p);
    if (rc)
        return rc;
    bool lead = page_is_lead(req);
    struct provision_costs c;
    provision_costs_of(&p, &c);
    struct html h;
    struct page pg = { .title = p.name,
                       .caption =
                           arena_sprintf(&req->arena, "%s provision", provwords_tier(p.tier)),
                       .nav = "provision",
                       .back_href = lead ? "/provisions" : "/",
                       .wide = true };
    page_begin(req, res, &h, &pg);
    if (req_query(req, "saved"))
        layout_banner(&h, true, "Success", "Your changes have been saved.");
    if (p.template_id)
        html(&h,
             "<p class=\"govuk-body\">This is a programme cohort. <a class=\"govuk-link\" "
             "href=\"/programmes/%lld\">Its programme page</a> has its sessions and "
             "families.</p>\n",
             (long long)p.id);
    if (lead) {
        html(&h,
             "<ul class=\"govuk-list meso-actions meso-no-print\"><li><a class=\"govuk-link\" "
             "href=\"/provisions/%lld/edit\">Change the provision</a></li>",
             (long long)p.id);
        if (!p.template_id)
            html(&h,
                 "<li><a class=\"govuk-link\" href=\"/provisions/%lld/enrol\">Enrol a "
                 "pupil</a></li>",
                 (long long)p.id);
        html_raw(&h, "</ul>\n");
    }
    html_raw(&h, "<dl class=\"govuk-summary-list\">\n");
    summary_row(&h, "Tier", provision_tier_label(p.tier));
    summary_row(&h, "What it is", p.description);
    struct buf outs;
    buf_init(&outs, 8192);
    for (size_t i = 0; i < p.n_outcomes; i++)
        buf_addf(&outs, "%s%s", i ? ", " : "",
                 provision_outcome_label(req->db, &req->arena, p.outcomes[i]));
    summary_row(&h, "Aims to help with", arena_strdup(&req->arena, buf_str(&outs)));
    buf_release(&outs);
    summary_row(&h, "Evidence",
                p.evidence_rating ? arena_sprintf(&req->arena, "%s%s%s",
                                                  provision_evidence_label(p.evidence_rating),
                                                  p.evidence_reference ? ". " : "",
                                                  p.evidence_reference ? p.evidence_reference : "")
                                  : NULL);
    summary_row(&h, "Dates",
                arena_sprintf(&req->arena, "%s to %s", page_date(req, p.start_date),
                              p.end_date[0] ? page_date(req, p.end_date) : "no end date"));
    summary_row(&h, "Review date", p.review_date[0] ? page_date(req, p.review_date) : NULL);
    summary_row(&h, "Sessions",
                p.sessions
                    ? arena_sprintf(&req->arena, "%d of %d minutes", p.sessions, p.session_minutes)
                    : NULL);
    summary_row(&h, "Projected cost",
                arena_sprintf(&req->arena, "%s%s", money(req, c.total_projected),
                              c.per_pupil_projected >= 0
                                  ? arena_sprintf(&req->arena, " (%s a pupil)",
                                                  money(req, c.per_pupil_projected))
                                  : ""));
    html_raw(&h, "</dl>\n");

    html_raw(&h, "<h2 class=\"govuk-heading-m\" id=\"pupils\">Pupils taking part</h2>\n");
    if (!p.n_enrolments) {
        html_raw(&h, "<p class=\"govuk-body\">No pupils are enrolled yet.</p>\n");
    } else {
        static const char *const cols[] = { "Pupil", "Year", "Consent", "From", "" };
        provwords_table_start(&h, "Pupils taking part", cols, 5);
        for (size_t i = 0; i < p.n_enrolments; i++) {
            const struct enrolment *en = &p.enrolments[i];
            /* A team member sees everyone taking part, but a pupil's own
             * pages only when the pupil is theirs to see. */
            struct err e2;
            bool theirs = lead || access_pupil_visible(req->db, &req->who, en->pupil_id, &e2) == 0;
            html_raw(&h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">");
            if (theirs)
                html(&h, "<a class=\"govuk-link\" href=\"/pupils/%lld/provision\">%s</a>",
                     (long long)en->pupil_id, en->pupil_name);
            else
                html(&h, "%s", en->pupil_name);
            html(
                &h,
                "</td><td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>"
                "<td class=\"govuk-table__cell\">%s%s%s</td><td class=\"govuk-table__cell\">",
                pupil_year_label(en->nc_year), consent_labels[en->consent],
                page_date(req, en->enrolled_on), en->left_on[0] ? " to " : "",
                en->left_on[0] ? page_date(req, en->left_on) : "");
            if (theirs && en->consent == CONSENT_GIVEN)
                html(&h,
                     "<a class=\"govuk-link\" href=\"/pupils/%lld/provision/%lld/review\">Review"
                     "<span class=\"govuk-visually-hidden\"> %s's outcome</span></a> ",
                     (long long)en->pupil_id, (long long)p.id, en->pupil_name);
            if (lead)
                html(&h,
                     "<a class=\"govuk-link\" href=\"/%s/%lld/%s/%lld\">Change<span "
                     "class=\"govuk-visually-hidden\"> %s's consent or leaving</span></a>",
                     p.template_id ? "programmes" : "provisions", (long long)p.id,
                     p.template_id ? "families" : "pupils", (long long)en->id, en->pupil_name);
            html_raw(&h, "</td></tr>\n");
        }
        provwords_table_end(&h);
    }
    if ((rc = components_section(req, &h, &p, lead)))
        return rc;
    return page_finish(req, &h);
}

int page_provision_components(struct request *req, struct response *res)
{
    struct provision p;
    int rc = load(req, &p);
    if (rc)
        return rc;
    /* Every framework shown on the form is replaced by what is ticked in it
     * ("afa/" clears one with no box ticked). */
    const char **refs = arena_array(&req->arena, req->n_form + 1, sizeof *refs);
    if (!refs)
        return ERR_NOMEM;
    size_t n = 0;
    for (size_t i = 0; i < req->n_form; i++) {
        const char *k = req->form[i].key, *v = req->form[i].value;
        if (!*v || strchr(v, '/') != strrchr(v, '/'))
            continue;
        if (!strcmp(k, "component") && strchr(v, '/'))
            refs[n++] = v;
        else if (!strcmp(k, "framework") && !strchr(v, '/'))
            refs[n++] = arena_sprintf(&req->arena, "%s/", v);
    }
    struct audit_entry who = who_of(req);
    rc = n ? framework_map_provision(req->db, &req->arena, req->who.school_id, p.id, refs, n, &who,
                                     &req->err)
           : 0;
    if (rc == ERR_INPUT)
        return ERR_NOTFOUND; /* a component of no framework the school can use */
    if (rc)
        return rc;
    resp_redirect(
        res, arena_sprintf(&req->arena, "/provisions/%lld?saved=1#frameworks", (long long)p.id));
    return 0;
}

/* ---- enrolling a pupil --------------------------------------------------------------- */

static const struct option consent_opts[] = {
    { "given", "Given", NULL },
    { "awaiting", "Waiting for a reply", NULL },
    { "not_requested", "Not asked yet", NULL },
};

int page_provision_enrol(struct request *req, struct response *res)
{
    struct provision p;
    int rc = load(req, &p);
    if (rc)
        return rc;
    if (p.template_id)
        return ERR_NOTFOUND; /* programme families are enrolled on the programme's page */
    const char *q = req_text(req, "q"), *consent = req_text(req, "consent");
    enum consent cs;
    if (!*consent || provision_parse_consent(consent, &cs))
        consent = "given";
    struct html h;
    struct page pg = {
        .title = "Enrol a pupil",
        .caption = p.name,
        .nav = "provision",
        .back_href = arena_sprintf(&req->arena, "/provisions/%lld", (long long)p.id),
    };
    page_begin(req, res, &h, &pg);
    html(&h, "<form method=\"get\" action=\"/provisions/%lld/enrol\" role=\"search\">\n",
         (long long)p.id);
    struct field fq = { .name = "q",
                        .label = "Name or UPN of the pupil",
                        .value = q,
                        .type = "search",
                        .width = "20",
                        .spellcheck_off = true };
    form_input(&h, &fq);
    struct field fc = { .name = "consent",
                        .label = "Consent of the parent or carer",
                        .value = consent };
    form_select(&h, &fc, consent_opts, sizeof consent_opts / sizeof *consent_opts);
    html_raw(&h, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
                 "data-module=\"govuk-button\">Search</button>\n</form>\n");
    if (*q && (rc = progpage_enrol_results(req, &h, &p, q, "/provisions", consent)))
        return rc;
    return page_finish(req, &h);
}

int page_provision_enrol_post(struct request *req, struct response *res)
{
    struct provision p;
    int rc = load(req, &p);
    if (rc)
        return rc;
    if (p.template_id)
        return ERR_NOTFOUND;
    long long id;
    if (str_to_int(req_text(req, "pupil_id"), 1, INT64_MAX, &id))
        return ERR_NOTFOUND;
    struct pupil pu;
    if ((rc = page_pupil(req, id, &pu)))
        return rc;
    enum consent cs = CONSENT_GIVEN;
    const char *v = req_text(req, "consent");
    if (*v && provision_parse_consent(v, &cs))
        cs = CONSENT_GIVEN;
    struct enrolment en = { .provision_id = p.id, .pupil_id = pu.id, .consent = cs };
    for (size_t i = 0; i < p.n_enrolments; i++)
        if (p.enrolments[i].pupil_id == pu.id)
            en = p.enrolments[i];
    struct audit_entry who = who_of(req);
    if ((rc = provision_enrol(req->db, &en, &who, &req->err)))
        return rc;
    resp_redirect(res, arena_sprintf(&req->arena, "/provisions/%lld?saved=1", (long long)p.id));
    return 0;
}
