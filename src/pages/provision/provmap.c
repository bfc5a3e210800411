#include "pages/provision/provmap.h"

#include <string.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "html/form.h"
#include "model/register/audit.h"
#include "model/provision/framework.h"
#include "model/provision/involvement.h"
#include "model/provision/provision.h"
#include "model/provision/provmap.h"
#include "view/provmapdocs.h"
#include "model/provision/review.h"
#include "pages/common.h"
#include "pages/provision/provwords.h"

#define OUT_MAX (32u * 1024 * 1024)

static struct audit_entry who_of(struct request *req)
{
    return (struct audit_entry){ .actor = req->who.actor ? req->who.actor : "user:?",
                                 .address = req->client };
}

/* ---- shared ---------------------------------------------------------------- */

static void summary_row(struct html *h, const char *key, const char *value)
{
    html(h,
         "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s</dt>"
         "<dd class=\"govuk-summary-list__value\">%s</dd></div>\n",
         key, value);
}

static const char *money(struct request *req, int64_t pence)
{
    return provmapdocs_money(&req->arena, pence);
}

static const char *pct(struct request *req, double x)
{
    return arena_sprintf(&req->arena, "%.0f%%", 100 * x);
}

/* The date form at the top of the map and the report. */
static void as_of_form(struct request *req, struct html *h, const char *action, const char *shown,
                       const char *problem)
{
    html(h, "<form method=\"get\" action=\"%s\" class=\"meso-filters meso-no-print\">\n", action);
    struct field f = { .name = "as_of",
                       .label = "On the date",
                       .hint = "Year-month-day, like 2026-01-15. Leave blank for today",
                       .value = problem ? req_text(req, "as_of") : shown,
                       .error = problem,
                       .width = "10",
                       .spellcheck_off = true };
    form_input(h, &f);
    html_raw(h, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
                "data-module=\"govuk-button\">Show</button>\n</form>\n");
}

static void error_summary(struct request *req, struct html *h, const char *problem)
{
    struct problems pr;
    problems_init(&pr, &req->arena);
    problems_add(&pr, "as_of", "%s", problem);
    form_error_summary(h, &pr);
}

/* ---- the map ------------------------------------------------------------------ */

static int picture(struct request *req, struct html *h, const struct provmap *m,
                   enum provmapdocs_picture which, const char *id)
{
    html(h, "<h2 class=\"govuk-heading-m\">%s</h2>\n<div class=\"meso-provmap-picture\">",
         provmapdocs_title(which));
    struct err e;
    err_clear(&e);
    int rc = provmapdocs_svg(h->out, &req->arena, m, which, id, &e);
    if (rc)
        return rc;
    html_raw(h, "</div>\n");
    return 0;
}

/* The school's provisions for each need, tier by tier: several separate
 * ones for one need at one tier are worth checking that they fit together
 * ("a programme for every problem"). */
static void several_section(struct request *req, struct html *h, const struct provmap *m)
{
    html_raw(h, "<h2 class=\"govuk-heading-m\">Provisions for each need, tier by tier</h2>\n");
    if (!m->n_by_outcome) {
        html_raw(h, "<p class=\"govuk-body\">No current provision names the outcomes it "
                    "targets yet.</p>\n");
        return;
    }
    html(h, "<p class=\"govuk-body\">%s A programme run in several cohorts counts once.</p>\n",
         m->n_several ? "Where the school runs several provisions for the same need at the same "
                        "tier, check that they fit together and that each is needed."
                      : "The school runs no more than one provision for each need at each tier.");
    static const char *const cols[] = { "Need", "Universal", "Selected", "Indicated" };
    provwords_table_start(h, "Separate provisions for each need at each tier", cols, 4);
    for (size_t i = 0; i < m->n_by_outcome; i++) {
        const struct provmap_outcome_row *row = &m->by_outcome[i];
        html(h,
             "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">"
             "%s</th>",
             row->label);
        for (int t = 0; t < TIER_N; t++) {
            html_raw(h, "<td class=\"govuk-table__cell\">");
            html(h, "%d", row->provisions[t]);
            if (row->provisions[t] >= PROVMAP_SEVERAL)
                html_raw(h, " <strong class=\"govuk-tag govuk-tag--yellow\">Several</strong>");
            for (size_t k = 0; k < row->n_provision_idx[t]; k++)
                html(h, "%s%s", k ? ", " : ": ", m->provisions[row->provision_idx[t][k]].in->name);
            html_raw(h, "</td>");
        }
        html_raw(h, "</tr>\n");
    }
    provwords_table_end(h);
}

/* Flagged needs, child by child, that no provision the child takes part in
 * targets: counted, and listed for the lead. */
static void unmet_section(struct request *req, struct html *h, const struct provmap *m)
{
    html_raw(h, "<h2 class=\"govuk-heading-m\">Flagged needs no provision meets yet</h2>\n");
    if (!m->n_unmet) {
        html_raw(h, "<p class=\"govuk-body\">Every child flagged by screening or a risk factor "
                    "takes part in a provision that targets that need.</p>\n");
        return;
    }
    html(h,
         "<p class=\"govuk-body\">%d of the %d children flagged by screening or a risk factor "
         "take part in no provision that targets a need they are flagged on. Provision every "
         "child has does not count here: a flag says a child may need more. It is a reason to "
         "look closer, not a diagnosis.</p>\n",
         m->children_unmet, m->children_flagged);
    static const char *const cols[] = { "Need", "Children flagged", "In no provision for it" };
    provwords_table_start(h, "Flagged needs no provision meets yet", cols, 3);
    for (size_t i = 0; i < m->n_unmet; i++) {
        const struct provmap_unmet *u = &m->unmet[i];
        html(h,
             "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">"
             "%s%s</th><td class=\"govuk-table__cell\">%d</td>"
             "<td class=\"govuk-table__cell\">%d</td></tr>\n",
             u->label ? u->label : u->outcome, u->targeted ? "" : " (no provision targets it yet)",
             u->flagged, u->pupils);
    }
    provwords_table_end(h);
    for (size_t i = 0; i < m->n_unmet; i++) {
        const struct provmap_unmet *u = &m->unmet[i];
        html(h,
             "<details class=\"govuk-details\"><summary class=\"govuk-details__summary\"><span "
             "class=\"govuk-details__summary-text\">%s: %d %s</span></summary>"
             "<div class=\"govuk-details__text\"><ul class=\"govuk-list\">\n",
             u->label ? u->label : u->outcome, u->pupils, u->pupils == 1 ? "child" : "children");
        for (int k = 0; k < u->pupils; k++)
            html(h, "<li><a class=\"govuk-link\" href=\"/pupils/%lld/provision\">%s</a>: %s</li>\n",
                 (long long)u->list[k].id, u->list[k].name, u->list[k].reasons);
        html_raw(h, "</ul></div></details>\n");
    }
}

static const char *query_as_of(struct request *req, const char *as_of)
{
    return *as_of ? arena_sprintf(&req->arena, "?as_of=%s", as_of) : "";
}

/* Tiers from the top of the pyramid down, as the map lists them. */
static const int tiers_top_down[TIER_N] = { TIER_INDICATED, TIER_SELECTED, TIER_UNIVERSAL };

/* The map's key figures, as a summary list. */
static void key_figures(struct request *req, struct html *h, const struct provmap *m)
{
    html_raw(h,
             "<h2 class=\"govuk-heading-m\">Key figures</h2>\n<dl class=\"govuk-summary-list\">\n");
    summary_row(h, "Pupils on roll", arena_sprintf(&req->arena, "%d", m->pupils_on_roll));
    for (int b = 0; b < TIER_N; b++) {
        const struct provmap_tier *t = &m->tiers[tiers_top_down[b]];
        summary_row(h, arena_sprintf(&req->arena, "%s tier", provwords_tier(t->tier)),
                    provmapdocs_tier_words(&req->arena, t));
    }
    summary_row(h, "Provisions with evidence", pct(req, m->evidence_share));
    summary_row(h, "Pupils reached by evidence-informed provision",
                arena_sprintf(&req->arena, "%s (%d of %d reached by any provision)",
                              pct(req, m->pupils_evidence_share), m->pupils_reached_evidence,
                              m->pupils_reached));
    summary_row(h, "Projected cost", money(req, m->cost_total));
    summary_row(h, "Flagged needs no provision meets yet",
                arena_sprintf(&req->arena, "%d of %d children flagged", m->children_unmet,
                              m->children_flagged));
    summary_row(h, "Several provisions for one need at one tier",
                arena_sprintf(&req->arena, "%zu", m->n_several));
    summary_row(h, "Framework gaps",
                arena_sprintf(&req->arena, "%zu of %zu components", m->n_gaps, m->n_components));
    summary_row(h, "Outside services",
                arena_sprintf(&req->arena, "%d open, %d past the local timescale",
                              m->involvements_open, m->involvements_overdue));
    html_raw(h, "</dl>\n");
}

/* The provisions at each tier, as a table. */
static void provisions_table(struct request *req, struct html *h, const struct provmap *m)
{
    static const char *const pcols[] = { "Provision", "Tier", "Pupils reached", "Evidence",
                                         "Projected cost" };
    provwords_table_start(h, "Provisions at each tier", pcols, 5);
    for (size_t i = 0; i < m->n_provisions; i++) {
        const struct provmap_provision *p = &m->provisions[i];
        html(
            h,
            "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a "
            "class=\"govuk-link\" href=\"/provisions/%lld\">%s</a></td>"
            "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>"
            "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td></tr>\n",
            (long long)p->in->id, p->in->name, provwords_tier(p->in->tier),
            provmapdocs_reach_words(&req->arena, p),
            p->in->evidence_rating ? provision_evidence_label(p->in->evidence_rating)
                                   : "Not recorded",
            provmapdocs_cost_words(&req->arena, p));
    }
    if (!m->n_provisions)
        html_raw(h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\" "
                    "colspan=\"5\">No provision is running on this date.</td></tr>\n");
    provwords_table_end(h);
}

/* The framework components and their provision (gaps marked), or a prompt to choose frameworks. */
static void components_table(struct request *req, struct html *h, const struct provmap *m)
{
    if (m->n_components) {
        static const char *const ccols[] = { "Framework", "Component", "Provisions" };
        provwords_table_start(h, "Framework components and their provision", ccols, 3);
        for (size_t i = 0; i < m->n_components; i++) {
            const struct provmap_component *c = &m->components[i];
            html(h,
                 "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td>"
                 "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">",
                 c->in->framework_name, c->in->name);
            if (!c->n_provision_idx)
                html_raw(h, "<strong class=\"govuk-tag govuk-tag--yellow\">Gap</strong> "
                            "no provision mapped yet");
            for (size_t j = 0; j < c->n_provision_idx; j++)
                html(h, "%s%s", j ? ", " : "", m->provisions[c->provision_idx[j]].in->name);
            html_raw(h, "</td></tr>\n");
        }
        provwords_table_end(h);
    } else {
        html_raw(h, "<p class=\"govuk-body\">The school has not chosen a framework yet. <a "
                    "class=\"govuk-link\" href=\"/provision/frameworks\">Choose "
                    "frameworks</a>.</p>\n");
    }
}

/* The cost at each tier, as a table. */
static void cost_table(struct request *req, struct html *h, const struct provmap *m)
{
    static const char *const tcols[] = { "Tier", "Pupils reached", "Projected cost",
                                         "Cost per pupil reached" };
    provwords_table_start(h, "Cost at each tier", tcols, 4);
    for (int b = 0; b < TIER_N; b++) {
        const struct provmap_tier *t = &m->tiers[tiers_top_down[b]];
        html(h,
             "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td>"
             "<td class=\"govuk-table__cell\">%d</td><td class=\"govuk-table__cell\">%s</td>"
             "<td class=\"govuk-table__cell\">%s</td></tr>\n",
             provwords_tier(t->tier), t->pupils, money(req, t->cost),
             t->cost_per_pupil >= 0 ? money(req, t->cost_per_pupil) : "No pupils reached");
    }
    provwords_table_end(h);
}

/* Pupils in several provisions for the same outcome. */
static void overload_section(struct request *req, struct html *h, const struct provmap *m)
{
    html_raw(h, "<h2 class=\"govuk-heading-m\">Several provisions for the same outcome</h2>\n");
    if (!m->n_overload) {
        html_raw(h, "<p class=\"govuk-body\">No pupil is in more than one provision for the "
                    "same outcome at the same time.</p>\n");
    } else {
        html_raw(h, "<p class=\"govuk-body\">These pupils take part in more than one provision "
                    "aimed at the same outcome at the same time. It may be right for them; it "
                    "is worth a look.</p>\n");
        static const char *const ocols[] = { "Pupil", "Outcome", "Provisions" };
        provwords_table_start(h, "Pupils in several provisions for one outcome", ocols, 3);
        for (size_t i = 0; i < m->n_overload; i++) {
            const struct provmap_overload *o = &m->overload[i];
            html(h,
                 "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a "
                 "class=\"govuk-link\" href=\"/pupils/%lld/provision\">%s</a></td>"
                 "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">",
                 (long long)o->pupil_id, o->pupil_name,
                 provision_outcome_label(req->db, &req->arena, o->outcome));
            for (size_t j = 0; j < o->n; j++)
                html(h, "%s<a class=\"govuk-link\" href=\"/provisions/%lld\">%s</a>", j ? ", " : "",
                     (long long)o->provision_ids[j], o->provision_names[j]);
            html_raw(h, "</td></tr>\n");
        }
        provwords_table_end(h);
    }
}

/* Outside services: the counts, and who is waiting past the local timescale. */
static int services_section(struct request *req, struct html *h, const struct provmap *m,
                            const char *as_of)
{
    int rc;
    html_raw(h, "<h2 class=\"govuk-heading-m\">Outside services</h2>\n");
    html(h, "<p class=\"govuk-body\">%d open, %d past the local timescale for advice.</p>\n",
         m->involvements_open, m->involvements_overdue);
    if (m->involvements_overdue) {
        struct involvement *iv;
        size_t n;
        /* Part of the map's one view (provmap_build's audit row). */
        if ((rc = involvement_list(req->db, &req->arena, req->who.school_id, 0,
                                   *as_of ? as_of : NULL, NULL, &iv, &n, &req->err)))
            return rc;
        static const char *const icols[] = { "Pupil", "Service", "Referred", "Days so far",
                                             "Timescale" };
        provwords_table_start(h, "Waiting past the local timescale", icols, 5);
        for (size_t i = 0; i < n; i++) {
            if (!iv[i].past_timescale)
                continue;
            html(h,
                 "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a "
                 "class=\"govuk-link\" href=\"/pupils/%lld/provision\">%s</a></td>"
                 "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>"
                 "<td class=\"govuk-table__cell\">%d</td><td class=\"govuk-table__cell\">%d "
                 "days</td></tr>\n",
                 (long long)iv[i].pupil_id, iv[i].pupil_name ? iv[i].pupil_name : "",
                 iv[i].service_label ? iv[i].service_label : iv[i].service,
                 page_date(req, iv[i].referred_on), iv[i].days_taken, iv[i].timescale_days);
        }
        provwords_table_end(h);
    }
    return 0;
}

int page_provmap(struct request *req, struct response *res)
{
    char as_of[11];
    const char *problem;
    provwords_as_of(req, as_of, &problem);
    struct provmap m;
    struct audit_entry who = who_of(req);
    int rc = provmap_build(req->db, &req->arena, req->who.school_id, *as_of ? as_of : NULL, &who,
                           &m, &req->err);
    if (rc)
        return rc;
    struct html h;
    struct page pg = { .title = "Provision map", .nav = "provision", .wide = true };
    page_begin(req, res, &h, &pg);
    if (problem) {
        res->status = 400;
        error_summary(req, &h, problem);
    }
    html(&h,
         "<p class=\"govuk-body\">Every provision at %s on %s, at its tier, mapped to the "
         "school's frameworks and costed.</p>\n",
         m.school_name ? m.school_name : "the school", page_date(req, m.as_of));
    as_of_form(req, &h, "/provision", as_of, problem);
    const char *q = query_as_of(req, as_of);
    html(&h,
         "<ul class=\"govuk-list meso-actions meso-no-print\">"
         "<li><a class=\"govuk-link\" href=\"/provision/map.pdf%s\">Download the map (PDF)</a></li>"
         "<li><a class=\"govuk-link\" href=\"/provision/map.png%s\">Download the pictures "
         "(PNG, for slides)</a></li>"
         "<li><a class=\"govuk-link\" href=\"/provision/map.xlsx\">Download the tables (a "
         "spreadsheet)</a></li>"
         "<li><a class=\"govuk-link\" href=\"/provision/reviews\">Review outcomes</a></li>"
         "<li><a class=\"govuk-link\" href=\"/provisions\">All provisions</a></li>"
         "<li><a class=\"govuk-link\" href=\"/provision/frameworks\">Choose frameworks</a></li>"
         "</ul>\n",
         q, q);

    key_figures(req, &h, &m);

    if ((rc = picture(req, &h, &m, PROVMAPDOCS_PYRAMID, "pm-pyramid")))
        return rc;
    provisions_table(req, &h, &m);

    if ((rc = picture(req, &h, &m, PROVMAPDOCS_GRID, "pm-grid")))
        return rc;
    components_table(req, &h, &m);

    if ((rc = picture(req, &h, &m, PROVMAPDOCS_COST, "pm-cost")))
        return rc;
    cost_table(req, &h, &m);
    several_section(req, &h, &m);

    overload_section(req, &h, &m);

    unmet_section(req, &h, &m);

    if ((rc = services_section(req, &h, &m, as_of)))
        return rc;
    return page_finish(req, &h);
}

/* The map for the PDF and PNG: a malformed date is a 400 page. */
static int map_for_download(struct request *req, struct response *res, struct provmap *m,
                            char as_of[11], bool *refused)
{
    const char *problem;
    *refused = false;
    if (provwords_as_of(req, as_of, &problem)) {
        *refused = true;
        struct html h;
        struct page pg = { .title = "Provision map", .nav = "provision" };
        page_begin(req, res, &h, &pg);
        res->status = 400;
        error_summary(req, &h, problem);
        as_of_form(req, &h, "/provision", "", problem);
        return page_finish(req, &h);
    }
    struct audit_entry who = who_of(req);
    return provmap_build(req->db, &req->arena, req->who.school_id, *as_of ? as_of : NULL, &who, m,
                         &req->err);
}

int page_provmap_pdf(struct request *req, struct response *res)
{
    struct provmap m;
    char as_of[11];
    bool refused;
    int rc = map_for_download(req, res, &m, as_of, &refused);
    if (rc || refused)
        return rc;
    struct review_summary *rs;
    size_t n_rs;
    struct audit_entry who = who_of(req);
    if ((rc = review_report(req->db, &req->arena, req->who.school_id, *as_of ? as_of : NULL, &who,
                            &rs, &n_rs, &req->err)))
        return rc;
    struct provmapdocs_extra x = { .reviews = rs, .n_reviews = n_rs };
    for (size_t i = 0; i < n_rs; i++) {
        x.reviews_due += rs[i].due;
        x.reviews_overdue += rs[i].overdue;
    }
    struct buf b;
    buf_init(&b, OUT_MAX);
    if ((rc = provmapdocs_map_pdf(&b, &req->arena, &m, &x, &req->err))) {
        buf_release(&b);
        return rc;
    }
    return provwords_send(req, res, &b, "application/pdf", "provision-map.pdf");
}

int page_provmap_png(struct request *req, struct response *res)
{
    struct provmap m;
    char as_of[11];
    bool refused;
    int rc = map_for_download(req, res, &m, as_of, &refused);
    if (rc || refused)
        return rc;
    struct buf b;
    buf_init(&b, OUT_MAX);
    if ((rc = provmapdocs_map_png(&b, &m, &req->err))) {
        buf_release(&b);
        return rc;
    }
    return provwords_send(req, res, &b, "image/png", "provision-map.png");
}

/* ---- review outcomes ------------------------------------------------------------ */

int page_provmap_reviews(struct request *req, struct response *res)
{
    struct audit_entry who = who_of(req);
    struct review_summary *rs;
    size_t n;
    int rc =
        review_report(req->db, &req->arena, req->who.school_id, NULL, &who, &rs, &n, &req->err);
    if (rc)
        return rc;
    struct review_due_item *due;
    size_t n_due;
    if ((rc = review_due_list(req->db, &req->arena, req->who.school_id, NULL, &who, &due, &n_due,
                              &req->err)))
        return rc;
    struct html h;
    struct page pg = {
        .title = "Review outcomes", .nav = "provision", .back_href = "/provision", .wide = true
    };
    page_begin(req, res, &h, &pg);
    html_raw(&h, "<p class=\"govuk-body\">How pupils got on in each provision. Each pupil's "
                 "latest review counts, scored from -2 (much less than expected) to +2 (much "
                 "more than expected). It helps to keep what works and to change what "
                 "does not.</p>\n");
    static const char *const cols[] = {
        "Provision",    "Tier", "Reviewed", "Mean", "-2",
        "-1",           "0",    "+1",       "+2",   "As expected or better",
        "Reviews to do"
    };
    provwords_table_start(&h, "Outcomes per provision", cols, 11);
    for (size_t i = 0; i < n; i++) {
        const struct review_summary *r = &rs[i];
        html(&h,
             "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a "
             "class=\"govuk-link\" href=\"/provisions/%lld\">%s</a></td>"
             "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%d of %d</td>"
             "<td class=\"govuk-table__cell\">%s</td>",
             (long long)r->provision_id, r->name, provwords_tier(r->tier), r->reviewed, r->pupils,
             r->reviewed ? arena_sprintf(&req->arena, "%+.1f", r->mean) : "None yet");
        for (int k = 0; k < REVIEW_N_SCORES; k++)
            html(&h, "<td class=\"govuk-table__cell\">%d</td>", r->counts[k]);
        html(&h,
             "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%d due, "
             "%d past the date</td></tr>\n",
             r->reviewed ? pct(req, r->share_expected) : "None yet", r->due, r->overdue);
    }
    if (!n)
        html_raw(&h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\" "
                     "colspan=\"11\">No provision has pupils taking part yet.</td></tr>\n");
    provwords_table_end(&h);

    html_raw(&h, "<h2 class=\"govuk-heading-m\">Reviews to do</h2>\n");
    if (!n_due) {
        html_raw(&h, "<p class=\"govuk-body\">No reviews are due in the next two weeks.</p>\n");
    } else {
        static const char *const dcols[] = { "Pupil", "Provision", "Due", "" };
        provwords_table_start(&h, "Reviews due or past their date", dcols, 4);
        for (size_t i = 0; i < n_due; i++) {
            const struct review_due_item *d = &due[i];
            html(&h,
                 "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a "
                 "class=\"govuk-link\" href=\"/pupils/%lld/provision\">%s</a></td>"
                 "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s%s</td>"
                 "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" "
                 "href=\"/pupils/%lld/provision/%lld/review\">Review<span "
                 "class=\"govuk-visually-hidden\"> %s in %s</span></a></td></tr>\n",
                 (long long)d->pupil_id, d->pupil_name, d->provision_name,
                 page_date(req, d->due_on), d->state == REVIEW_OVERDUE ? " (past its date)" : "",
                 (long long)d->pupil_id, (long long)d->provision_id, d->pupil_name,
                 d->provision_name);
        }
        provwords_table_end(&h);
    }
    return page_finish(req, &h);
}

/* ---- frameworks ------------------------------------------------------------------ */

static int render_frameworks(struct request *req, struct response *res, const char *problem,
                             bool saved)
{
    struct framework *fw;
    size_t n;
    int rc = framework_list(req->db, &req->arena, req->who.school_id, &fw, &n, &req->err);
    if (rc)
        return rc;
    struct html h;
    struct page pg = { .title = "Choose frameworks",
                       .nav = "provision",
                       .back_href = "/provision" };
    page_begin(req, res, &h, &pg);
    if (saved)
        layout_banner(&h, true, "Success", "The school's frameworks have been saved.");
    if (problem) {
        struct problems pr;
        problems_init(&pr, &req->arena);
        problems_add(&pr, "framework", "%s", problem);
        form_error_summary(&h, &pr);
    }
    html_raw(&h, "<p class=\"govuk-body\">The provision map shows each chosen framework's "
                 "components, the provision mapped to each, and the gaps. You map a provision "
                 "onto components on its own page.</p>\n");
    form_start(&h, "/provision/frameworks", req->csrf);
    html(&h,
         "<div class=\"govuk-form-group%s\"><fieldset class=\"govuk-fieldset\" "
         "aria-describedby=\"framework-hint\"><legend class=\"govuk-fieldset__legend "
         "govuk-fieldset__legend--m\">Which frameworks does the school follow?</legend>"
         "<div id=\"framework-hint\" class=\"govuk-hint\">Choose one or more.</div>\n",
         problem ? " govuk-form-group--error" : "");
    if (problem)
        html(&h,
             "<p id=\"framework-error\" class=\"govuk-error-message\"><span "
             "class=\"govuk-visually-hidden\">Error:</span> %s</p>\n",
             problem);
    html_raw(&h, "<div class=\"govuk-checkboxes\" data-module=\"govuk-checkboxes\">\n");
    for (size_t i = 0; i < n; i++) {
        const char *id = i == 0 ? "framework" : arena_sprintf(&req->arena, "framework-%zu", i);
        html(&h,
             "<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" "
             "id=\"%s\" name=\"framework\" type=\"checkbox\" value=\"%s\" "
             "aria-describedby=\"%s-hint\"%s><label class=\"govuk-label "
             "govuk-checkboxes__label\" for=\"%s\">%s</label><div id=\"%s-hint\" "
             "class=\"govuk-hint govuk-checkboxes__hint\">",
             id, fw[i].key, id, fw[i].chosen ? " checked" : "", id, fw[i].name, id);
        for (size_t k = 0; k < fw[i].n_components; k++)
            html(&h, "%s%s", k ? "; " : "", fw[i].components[k].name);
        html_raw(&h, "</div></div>\n");
    }
    html_raw(&h, "</div></fieldset></div>\n");
    form_button(&h, "Save the frameworks", false);
    form_end(&h);
    html_raw(&h, "<p class=\"govuk-body\">A school can add a framework of its own from a small "
                 "text file with <code>meso framework add</code>.</p>\n");
    return page_finish(req, &h);
}

int page_frameworks(struct request *req, struct response *res)
{
    return render_frameworks(req, res, NULL, req_query(req, "saved") != NULL);
}

int page_frameworks_post(struct request *req, struct response *res)
{
    const char **keys = arena_array(&req->arena, req->n_form + 1, sizeof *keys);
    size_t n = 0;
    if (!keys)
        return ERR_NOMEM;
    for (size_t i = 0; i < req->n_form; i++)
        if (!strcmp(req->form[i].key, "framework") && *req->form[i].value)
            keys[n++] = req->form[i].value;
    if (!n) {
        res->status = 422;
        return render_frameworks(req, res, "Choose at least one framework", false);
    }
    int rc = framework_choose(req->db, req->who.school_id, keys, n, req->who.actor, &req->err);
    if (rc == ERR_INPUT) {
        res->status = 422;
        return render_frameworks(req, res, "Choose from the frameworks listed", false);
    }
    if (rc)
        return rc;
    if ((rc = page_audit(req, "update", "school", req->who.school_id, 0,
                         arena_sprintf(&req->arena, "%zu frameworks chosen", n))))
        return rc;
    resp_redirect(res, "/provision/frameworks?saved=1");
    return 0;
}

/* ---- the lead's dashboard ------------------------------------------------------- */

int provmap_home_lead(struct request *req, struct html *h)
{
    struct audit_entry who = who_of(req);
    struct review_due_item *due;
    size_t n_due;
    int rc = review_due_list(req->db, &req->arena, req->who.school_id, NULL, &who, &due, &n_due,
                             &req->err);
    if (rc)
        return rc;
    int open = 0, past = 0;
    if ((rc = involvement_counts(req->db, req->who.school_id, NULL, &open, &past, &req->err)))
        return rc;
    int n_past = 0;
    for (size_t i = 0; i < n_due; i++)
        n_past += due[i].state == REVIEW_OVERDUE;
    html_raw(h, "<h2 class=\"govuk-heading-m\">Provision</h2>\n");
    html(h,
         "<p class=\"govuk-body\">%zu %s to do: %zu due in the next two weeks, %d past %s "
         "date.</p>\n",
         n_due, n_due == 1 ? "review" : "reviews", n_due - (size_t)n_past, n_past,
         n_past == 1 ? "its" : "their");
    if (n_due) {
        html_raw(h, "<ul class=\"govuk-list govuk-list--bullet\">\n");
        for (size_t i = 0; i < n_due && i < 5; i++)
            html(h,
                 "<li><a class=\"govuk-link\" href=\"/pupils/%lld/provision/%lld/review\">%s in "
                 "%s</a>, %s %s</li>\n",
                 (long long)due[i].pupil_id, (long long)due[i].provision_id, due[i].pupil_name,
                 due[i].provision_name, due[i].state == REVIEW_OVERDUE ? "was due on" : "due on",
                 page_date(req, due[i].due_on));
        html_raw(h, "</ul>\n");
    }
    html(h,
         "<p class=\"govuk-body\">Outside services: %d open, %d past the local timescale for "
         "advice.</p>\n<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/provision\">See "
         "the provision map</a> or <a class=\"govuk-link\" href=\"/provision/reviews\">the "
         "review outcomes</a>.</p>\n",
         open, past);
    return 0;
}
