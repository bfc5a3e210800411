#include "pages/provision/pupilprov.h"

#include <string.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "html/form.h"
#include "model/register/audit.h"
#include "model/provision/involvement.h"
#include "model/provision/provision.h"
#include "view/provmapdocs.h"
#include "model/register/pupil.h"
#include "model/programmes/pupilprov.h"
#include "model/provision/review.h"
#include "pages/common.h"
#include "pages/provision/provwords.h"

#define PDF_MAX (32u * 1024 * 1024)

static struct audit_entry who_of(struct request *req)
{
    return (struct audit_entry){ .actor = req->who.actor ? req->who.actor : "user:?",
                                 .address = req->client };
}

static void summary_row(struct html *h, const char *key, const char *value)
{
    html(h,
         "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s</dt>"
         "<dd class=\"govuk-summary-list__value\">%s</dd></div>\n",
         key, value && *value ? value : "Not recorded");
}

static const char *score_words(struct request *req, int score)
{
    return arena_sprintf(&req->arena, "%+d, %s", score, provmapdocs_score_label(score));
}

static const char *dosage(struct request *req, const struct pupilprov_item *it)
{
    if (it->has_dosage)
        return arena_sprintf(&req->arena, "%d of %d sessions held (%d planned), about %.1f hours",
                             it->attended, it->held, it->planned, it->hours);
    if (it->sessions > 0)
        return arena_sprintf(&req->arena, "%d sessions of %d minutes planned", it->sessions,
                             it->session_minutes);
    return "Not recorded";
}

/* A date from a form field (dd/mm/yyyy or yyyy-mm-dd) into out; "" when
 * blank; false with a problem when it is not a date. */
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

/* ---- the pupil's provision --------------------------------------------------------- */

static void involvement_rows(struct request *req, struct html *h, const struct pupil *p,
                             const struct involvement *iv, size_t n, bool can_edit)
{
    if (!n) {
        html_raw(h, "<p class=\"govuk-body\">No outside services are involved.</p>\n");
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const struct involvement *v = &iv[i];
        const char *label = v->service_label ? v->service_label : v->service;
        html(h,
             "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
             "<h3 class=\"govuk-summary-card__title\">%s%s%s</h3>",
             label, v->service_name ? ": " : "", v->service_name ? v->service_name : "");
        if (can_edit)
            html(h,
                 "<ul class=\"govuk-summary-card__actions\"><li "
                 "class=\"govuk-summary-card__action\"><a class=\"govuk-link\" "
                 "href=\"/pupils/%lld/involvements/%lld\">Update<span "
                 "class=\"govuk-visually-hidden\"> %s</span></a></li></ul>",
                 (long long)p->id, (long long)v->id, label);
        html_raw(h, "</div><div class=\"govuk-summary-card__content\"><dl "
                    "class=\"govuk-summary-list\">\n");
        summary_row(h, "Referred", page_date(req, v->referred_on));
        summary_row(h, "What we asked", v->asked);
        summary_row(
            h, "Status",
            arena_sprintf(&req->arena, "%s since %s",
                          (unsigned)v->status < INV_STATUS_N ? inv_status_labels[v->status] : "",
                          page_date(req, v->status_on)));
        summary_row(h, "Time taken",
                    arena_sprintf(&req->arena, "%d days%s; the local timescale is %d days%s",
                                  v->days_taken, v->waiting ? " so far" : "", v->timescale_days,
                                  v->past_timescale ? ". Past the timescale: it may help to "
                                                      "contact the service"
                                                    : ""));
        summary_row(h, "Advice",
                    v->advice ? arena_sprintf(&req->arena, "%s (received %s)", v->advice,
                                              page_date(req, v->advice_on))
                              : "Not received yet");
        html_raw(h, "</dl></div></div>\n");
    }
}

int page_pupil_provision(struct request *req, struct response *res)
{
    struct pupil p;
    int rc = page_pupil(req, page_id(req, 0), &p);
    if (rc)
        return rc;
    struct audit_entry who = who_of(req);
    struct pupilprov pp;
    if ((rc = pupilprov_build(req->db, &req->arena, p.id, req->who.school_id, NULL, &who, &pp,
                              &req->err)))
        return rc;
    bool can_edit = page_can_edit(req);
    struct html h;
    struct page pg = { .title = "Provision",
                       .caption = pupil_display_name(&req->arena, &p),
                       .nav = "pupils",
                       .back_href = arena_sprintf(&req->arena, "/pupils/%lld", (long long)p.id),
                       .wide = true };
    page_begin(req, res, &h, &pg);
    if (req_query(req, "saved"))
        layout_banner(&h, true, "Success", "Your changes have been saved.");
    html(&h,
         "<p class=\"govuk-body\">Every provision %s has had, with its dates, tier, attendance "
         "and reviews, and the services outside the school. Print it for a move to another "
         "school or an EHC needs assessment request.</p>\n<p class=\"govuk-body "
         "meso-no-print\"><a class=\"govuk-link\" href=\"/pupils/%lld/provision.pdf\">Download "
         "the provision record (PDF)</a></p>\n",
         pg.caption, (long long)p.id);
    html_raw(&h, "<h2 class=\"govuk-heading-m\">Provision</h2>\n");
    if (!pp.n_items)
        html_raw(&h, "<p class=\"govuk-body\">No provision is recorded yet.</p>\n");
    for (size_t i = 0; i < pp.n_items; i++) {
        const struct pupilprov_item *it = &pp.items[i];
        const struct provision *pr = it->provision;
        const struct enrolment *en = it->enrolment;
        html(&h,
             "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
             "<h3 class=\"govuk-summary-card__title\">%s</h3>",
             pr->name);
        if (can_edit && en->consent == CONSENT_GIVEN)
            html(&h,
                 "<ul class=\"govuk-summary-card__actions\"><li "
                 "class=\"govuk-summary-card__action\"><a class=\"govuk-link\" "
                 "href=\"/pupils/%lld/provision/%lld/review\">Review the outcome<span "
                 "class=\"govuk-visually-hidden\"> in %s</span></a></li></ul>",
                 (long long)p.id, (long long)pr->id, pr->name);
        html_raw(&h, "</div><div class=\"govuk-summary-card__content\"><dl "
                     "class=\"govuk-summary-list\">\n");
        summary_row(&h, "Tier", provision_tier_label(pr->tier));
        summary_row(&h, "Taking part",
                    arena_sprintf(&req->arena, "From %s%s%s%s", page_date(req, en->enrolled_on),
                                  en->left_on[0] ? " to " : "",
                                  en->left_on[0] ? page_date(req, en->left_on) : "",
                                  it->current ? " (taking part now)" : ""));
        if (en->consent != CONSENT_GIVEN)
            summary_row(&h, "Consent", consent_labels[en->consent]);
        summary_row(&h, "Attendance", dosage(req, it));
        summary_row(&h, "Evidence",
                    pr->evidence_rating ? provision_evidence_label(pr->evidence_rating) : NULL);
        html_raw(&h, "</dl>\n");
        if (!it->n_reviews) {
            html_raw(&h, "<p class=\"govuk-body\">Not reviewed yet.</p>\n");
        } else {
            static const char *const cols[] = { "Date", "Outcome", "Reviewer", "Note" };
            provwords_table_start(&h, arena_sprintf(&req->arena, "Reviews of %s", pr->name), cols,
                                  4);
            for (size_t j = 0; j < it->n_reviews; j++) {
                const struct review *r = &it->reviews[j];
                html(&h,
                     "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td>"
                     "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s"
                     "</td><td class=\"govuk-table__cell\">%s</td></tr>\n",
                     page_date(req, r->reviewed_on), score_words(req, r->score), r->reviewer,
                     r->note ? r->note : "");
            }
            provwords_table_end(&h);
        }
        html_raw(&h, "</div></div>\n");
    }
    html_raw(&h, "<h2 class=\"govuk-heading-m\">Services outside the school</h2>\n");
    if (can_edit)
        html(&h,
             "<p class=\"govuk-body meso-no-print\"><a class=\"govuk-link\" "
             "href=\"/pupils/%lld/involvements/new\">Record a referral to an outside "
             "service</a></p>\n",
             (long long)p.id);
    involvement_rows(req, &h, &p, pp.involvements, pp.n_involvements, can_edit);
    return page_finish(req, &h);
}

int page_pupil_provision_pdf(struct request *req, struct response *res)
{
    struct pupil p;
    int rc = page_pupil(req, page_id(req, 0), &p);
    if (rc)
        return rc;
    struct audit_entry who = who_of(req);
    struct pupilprov pp;
    if ((rc = pupilprov_build(req->db, &req->arena, p.id, req->who.school_id, NULL, &who, &pp,
                              &req->err)))
        return rc;
    if ((rc = page_audit(req, "download", "provision", 0, p.id, "provision record PDF")))
        return rc;
    struct buf b;
    buf_init(&b, PDF_MAX);
    if ((rc = provmapdocs_pupil_pdf(&b, &req->arena, &pp, &req->err))) {
        buf_release(&b);
        return rc;
    }
    return provwords_send(req, res, &b, "application/pdf", "provision-record.pdf");
}

int pupilprov_pupil_section(struct request *req, struct html *h, const struct pupil *p)
{
    struct involvement *iv;
    size_t n;
    int rc = involvement_list(req->db, &req->arena, req->who.school_id, p->id, NULL, NULL, &iv, &n,
                              &req->err);
    if (rc)
        return rc;
    bool can_edit = page_can_edit(req);
    html(h,
         "<h2 class=\"govuk-heading-m\">Provision and outside services</h2>\n<p "
         "class=\"govuk-body\"><a class=\"govuk-link\" href=\"/pupils/%lld/provision\">Provision "
         "over time, with reviews</a></p>\n",
         (long long)p->id);
    if (can_edit)
        html(h,
             "<p class=\"govuk-body meso-no-print\"><a class=\"govuk-link\" "
             "href=\"/pupils/%lld/involvements/new\">Record a referral to an outside "
             "service</a></p>\n",
             (long long)p->id);
    involvement_rows(req, h, p, iv, n, can_edit);
    return 0;
}

/* ---- reviewing an outcome -------------------------------------------------------------- */

static const struct option score_opts[] = {
    { "-2", "-2: much less than expected", NULL },
    { "-1", "-1: less than expected", NULL },
    { "0", "0: as expected", NULL },
    { "1", "+1: more than expected", NULL },
    { "2", "+2: much more than expected", NULL },
};

/* The pupil and their enrolment in the provision in the path; 404 when the
 * pupil is not visible or not enrolled in it. */
static int review_target(struct request *req, struct pupil *p, struct provision *prov,
                         struct enrolment *en)
{
    int rc = page_pupil(req, page_id(req, 0), p);
    if (rc)
        return rc;
    int64_t pid = page_id(req, 1);
    struct audit_entry who = who_of(req);
    struct enrolment *ens;
    struct provision *provs;
    size_t n;
    if ((rc = provision_for_pupil(req->db, &req->arena, p->id, &who, &ens, &provs, &n, &req->err)))
        return rc;
    for (size_t i = 0; i < n; i++)
        if (provs[i].id == pid && provs[i].school_id == req->who.school_id) {
            *prov = provs[i];
            *en = ens[i];
            return 0;
        }
    return ERR_NOTFOUND;
}

static void render_review(struct request *req, struct response *res, const struct pupil *p,
                          const struct provision *prov, const struct problems *pr)
{
    char today[11];
    date_iso(date_today(), today);
    const char *name = pupil_display_name(&req->arena, p);
    struct html h;
    struct page pg = {
        .title = arena_sprintf(&req->arena, "Review %s's outcome", name),
        .caption = prov->name,
        .nav = "pupils",
        .back_href = arena_sprintf(&req->arena, "/pupils/%lld/provision", (long long)p->id),
    };
    page_begin(req, res, &h, &pg);
    form_error_summary(&h, pr);
    form_start(&h,
               arena_sprintf(&req->arena, "/pupils/%lld/provision/%lld/review", (long long)p->id,
                             (long long)prov->id),
               req->csrf);
#define ERR(f) problems_for(pr, f)
    struct field fs = { .name = "score",
                        .label = arena_sprintf(&req->arena, "How did %s get on in %s?", name,
                                               prov->name),
                        .hint = "Compared with what we expected when the provision started",
                        .value = req_text(req, "score"),
                        .error = ERR("score") };
    form_radios(&h, &fs, score_opts, sizeof score_opts / sizeof *score_opts, false);
    struct field fn = { .name = "note",
                        .label = "Note (optional)",
                        .hint = "What went well, what changed, what to try next",
                        .value = req_text(req, "note"),
                        .error = ERR("note") };
    form_textarea(&h, &fn, 5);
    const char *on = req_text(req, "reviewed_on");
    struct field fd = { .name = "reviewed_on",
                        .label = "Date of the review",
                        .hint = "For example, 14/01/2026",
                        .value = *on ? on : page_date(req, today),
                        .error = ERR("reviewed_on"),
                        .width = "10" };
    if (!*on)
        fd.value = arena_sprintf(&req->arena, "%.2s/%.2s/%.4s", today + 8, today + 5, today);
    form_input(&h, &fd);
    html(&h, "<p class=\"govuk-body\">Reviewer: %s</p>\n", req->who.name ? req->who.name : "");
#undef ERR
    form_button(&h, "Save the review", false);
    form_end(&h);
    page_finish(req, &h);
}

int page_review_new(struct request *req, struct response *res)
{
    struct pupil p;
    struct provision prov;
    struct enrolment en;
    int rc = review_target(req, &p, &prov, &en);
    if (rc)
        return rc;
    render_review(req, res, &p, &prov, NULL);
    return 0;
}

int page_review_create(struct request *req, struct response *res)
{
    struct pupil p;
    struct provision prov;
    struct enrolment en;
    int rc = review_target(req, &p, &prov, &en);
    if (rc)
        return rc;
    struct problems pr;
    problems_init(&pr, &req->arena);
    struct review r = { .provision_id = prov.id,
                        .pupil_id = p.id,
                        .reviewer_id = req->who.staff_id,
                        .reviewer = req->who.name };
    const char *v = req_text(req, "score");
    if (!*v || review_parse_score(v, &r.score))
        problems_add(&pr, "score", "Choose how the pupil got on");
    v = req_text(req, "note");
    r.note = *v ? v : NULL;
    if (!req_text(req, "reviewed_on")[0])
        problems_add(&pr, "reviewed_on", "Enter the date of the review");
    else
        date_field(req, "reviewed_on", r.reviewed_on, &pr, "the date of the review");
    if (!pr.n) {
        char today[11];
        date_iso(date_today(), today);
        struct audit_entry who = who_of(req);
        rc = review_add(req->db, &r, today, &pr, &who, &req->err);
        if (rc && rc != ERR_INPUT)
            return rc;
        page_sentences(req, &pr, 0);
        if (rc == 0) {
            resp_redirect(
                res, arena_sprintf(&req->arena, "/pupils/%lld/provision?saved=1", (long long)p.id));
            return 0;
        }
        /* Problems the form has no field for (the enrolment) go with the score. */
        for (size_t i = 0; i < pr.n; i++)
            if (strcmp(pr.items[i].field, "score") && strcmp(pr.items[i].field, "note") &&
                strcmp(pr.items[i].field, "reviewed_on"))
                pr.items[i].field = "score";
    }
    res->status = 422;
    render_review(req, res, &p, &prov, &pr);
    return 0;
}

/* ---- outside services ------------------------------------------------------------------- */

static int service_options(struct request *req, struct option **out, size_t *n)
{
    struct inv_timescale *ts;
    int rc = involvement_timescales(req->db, &req->arena, req->who.school_id, &ts, n, &req->err);
    if (rc)
        return rc;
    *out = arena_array(&req->arena, *n ? *n : 1, sizeof **out);
    if (!*out)
        return ERR_NOMEM;
    for (size_t i = 0; i < *n; i++)
        (*out)[i] = (struct option){ ts[i].service, ts[i].label,
                                     arena_sprintf(&req->arena, "Advice expected within %d days",
                                                   ts[i].days) };
    return 0;
}

static int render_involvement_new(struct request *req, struct response *res, const struct pupil *p,
                                  const struct problems *pr)
{
    struct option *opts;
    size_t n;
    int rc = service_options(req, &opts, &n);
    if (rc)
        return rc;
    struct html h;
    struct page pg = {
        .title = "Record a referral to an outside service",
        .caption = pupil_display_name(&req->arena, p),
        .nav = "pupils",
        .back_href = arena_sprintf(&req->arena, "/pupils/%lld/provision", (long long)p->id),
    };
    page_begin(req, res, &h, &pg);
    form_error_summary(&h, pr);
    form_start(&h, arena_sprintf(&req->arena, "/pupils/%lld/involvements/new", (long long)p->id),
               req->csrf);
#define ERR(f) problems_for(pr, f)
    struct field fs = { .name = "service",
                        .label = "Which service?",
                        .value = req_text(req, "service"),
                        .error = ERR("service") };
    form_radios(&h, &fs, opts, n, false);
    struct field fields[] = {
        { .name = "service_name",
          .label = "The team or person (optional)",
          .value = req_text(req, "service_name"),
          .error = ERR("service_name"),
          .width = "30" },
        { .name = "referred_on",
          .label = "Date of the referral",
          .hint = "For example, 14/01/2026",
          .value = req_text(req, "referred_on"),
          .error = ERR("referred_on"),
          .width = "10" },
    };
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        form_input(&h, &fields[i]);
    struct field fa = { .name = "asked",
                        .label = "What the school asked",
                        .hint = "The question or the help asked for",
                        .value = req_text(req, "asked"),
                        .error = ERR("asked") };
    form_textarea(&h, &fa, 5);
#undef ERR
    form_button(&h, "Save the referral", false);
    form_end(&h);
    return page_finish(req, &h);
}

int page_involvement_new(struct request *req, struct response *res)
{
    struct pupil p;
    int rc = page_pupil(req, page_id(req, 0), &p);
    if (rc || (rc = page_audit(req, "view", "pupil", p.id, p.id, "involvement form")))
        return rc;
    return render_involvement_new(req, res, &p, NULL);
}

int page_involvement_create(struct request *req, struct response *res)
{
    struct pupil p;
    int rc = page_pupil(req, page_id(req, 0), &p);
    if (rc)
        return rc;
    struct problems pr;
    problems_init(&pr, &req->arena);
    struct involvement iv = { .pupil_id = p.id };
    const char *v = req_text(req, "service");
    if (!*v)
        problems_add(&pr, "service", "Choose the service");
    else if (involvement_parse_service(v, &iv.service))
        problems_add(&pr, "service", "Choose a service from the list");
    v = req_text(req, "service_name");
    iv.service_name = *v ? v : NULL;
    v = req_text(req, "asked");
    iv.asked = v;
    if (!*v)
        problems_add(&pr, "asked", "Say what the school asked the service");
    if (!req_text(req, "referred_on")[0])
        problems_add(&pr, "referred_on", "Enter the date of the referral");
    else
        date_field(req, "referred_on", iv.referred_on, &pr, "the date of the referral");
    if (!pr.n) {
        char today[11];
        date_iso(date_today(), today);
        struct audit_entry who = who_of(req);
        rc = involvement_add(req->db, &iv, today, &pr, &who, &req->err);
        if (rc && rc != ERR_INPUT)
            return rc;
        page_sentences(req, &pr, 0);
        if (rc == 0) {
            resp_redirect(
                res, arena_sprintf(&req->arena, "/pupils/%lld/provision?saved=1", (long long)p.id));
            return 0;
        }
    }
    res->status = 422;
    return render_involvement_new(req, res, &p, &pr);
}

static const struct option status_opts[] = {
    { "referred", "Referred", NULL }, { "accepted", "Accepted", NULL },
    { "seen", "Seen", NULL },         { "advice_received", "Advice received", NULL },
    { "closed", "Closed", NULL },     { "declined", "Declined by the service", NULL },
};

/* The involvement in the path, of the pupil in the path (who must be
 * visible first: 404 otherwise, before anything is read). */
static int involvement_target(struct request *req, struct pupil *p, struct involvement *iv)
{
    int rc = page_pupil(req, page_id(req, 0), p);
    if (rc)
        return rc;
    int64_t id = page_id(req, 1);
    if (id <= 0)
        return ERR_NOTFOUND;
    struct audit_entry who = who_of(req);
    if ((rc = involvement_get(req->db, &req->arena, id, req->who.school_id, NULL, &who, iv,
                              &req->err)))
        return rc;
    return iv->pupil_id == p->id ? 0 : ERR_NOTFOUND;
}

static int render_involvement_edit(struct request *req, struct response *res, const struct pupil *p,
                                   const struct involvement *iv, const struct problems *pr,
                                   bool posted)
{
    struct html h;
    const char *label = iv->service_label ? iv->service_label : iv->service;
    struct page pg = {
        .title = arena_sprintf(&req->arena, "Update: %s", label),
        .caption = pupil_display_name(&req->arena, p),
        .nav = "pupils",
        .back_href = arena_sprintf(&req->arena, "/pupils/%lld/provision", (long long)p->id),
    };
    page_begin(req, res, &h, &pg);
    form_error_summary(&h, pr);
    html_raw(&h, "<dl class=\"govuk-summary-list\">\n");
    summary_row(&h, "Referred", page_date(req, iv->referred_on));
    summary_row(&h, "What we asked", iv->asked);
    summary_row(&h, "Time taken",
                arena_sprintf(&req->arena, "%d days%s; the local timescale is %d days",
                              iv->days_taken, iv->waiting ? " so far" : "", iv->timescale_days));
    html_raw(&h, "</dl>\n");
    form_start(&h,
               arena_sprintf(&req->arena, "/pupils/%lld/involvements/%lld", (long long)p->id,
                             (long long)iv->id),
               req->csrf);
#define ERR(f) problems_for(pr, f)
    struct field fs = { .name = "status",
                        .label = "Status",
                        .value = posted ? req_text(req, "status") : inv_status_names[iv->status],
                        .error = ERR("status") };
    form_select(&h, &fs, status_opts, sizeof status_opts / sizeof *status_opts);
    struct field fso = { .name = "status_on",
                         .label = "Date of the change of status (optional)",
                         .hint = "Leave blank for today",
                         .value = req_text(req, "status_on"),
                         .error = ERR("status_on"),
                         .width = "10" };
    form_input(&h, &fso);
    struct field fa = { .name = "advice",
                        .label = "Advice received (optional)",
                        .value = posted       ? req_text(req, "advice")
                                 : iv->advice ? iv->advice
                                              : "",
                        .error = ERR("advice") };
    form_textarea(&h, &fa, 6);
    struct field fao = { .name = "advice_on",
                         .label = "Date of the advice (optional)",
                         .hint = "Leave blank for today",
                         .value = posted ? req_text(req, "advice_on") : iv->advice_on,
                         .error = ERR("advice_on"),
                         .width = "10" };
    form_input(&h, &fao);
#undef ERR
    form_button(&h, "Save", false);
    form_end(&h);
    return page_finish(req, &h);
}

int page_involvement_edit(struct request *req, struct response *res)
{
    struct pupil p;
    struct involvement iv;
    int rc = involvement_target(req, &p, &iv);
    if (rc)
        return rc;
    return render_involvement_edit(req, res, &p, &iv, NULL, false);
}

int page_involvement_update(struct request *req, struct response *res)
{
    struct pupil p;
    struct involvement iv;
    int rc = involvement_target(req, &p, &iv);
    if (rc)
        return rc;
    struct problems pr;
    problems_init(&pr, &req->arena);
    struct inv_update u = { 0 };
    enum inv_status st;
    const char *v = req_text(req, "status");
    if (*v && involvement_parse_status(v, &st))
        problems_add(&pr, "status", "Choose a status from the list");
    else if (*v && st != iv.status)
        u.status = &st;
    char status_on[11], advice_on[11];
    if (date_field(req, "status_on", status_on, &pr, "the date of the change") && status_on[0])
        u.status_on = status_on;
    v = req_text(req, "advice");
    if (strcmp(v, iv.advice ? iv.advice : ""))
        u.advice = v;
    if (date_field(req, "advice_on", advice_on, &pr, "the date of the advice") && advice_on[0] &&
        strcmp(advice_on, iv.advice_on))
        u.advice_on = advice_on;
    if (!pr.n) {
        char today[11];
        date_iso(date_today(), today);
        struct audit_entry who = who_of(req);
        rc =
            involvement_update(req->db, iv.id, req->who.school_id, &u, today, &pr, &who, &req->err);
        if (rc && rc != ERR_INPUT)
            return rc;
        page_sentences(req, &pr, 0);
        if (rc == 0) {
            resp_redirect(
                res, arena_sprintf(&req->arena, "/pupils/%lld/provision?saved=1", (long long)p.id));
            return 0;
        }
    }
    res->status = 422;
    return render_involvement_edit(req, res, &p, &iv, &pr, true);
}
