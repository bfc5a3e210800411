#include "pages/la/laevalpage.h"

#include <math.h>
#include <string.h>

#include "core/date.h"
#include "html/form.h"
#include "model/calendar/schoolyear.h"
#include "model/la/laextract.h"
#include "pages/common.h"
#include "stats/suppress.h"

static void choose_form(struct request *req, struct html *h, const char *outcome, int year,
                        const char *year_error)
{
    struct option opts[16];
    size_t n = 0;
    for (size_t i = 0; i < evaldata_n_outcomes && n < 16; i++, n++)
        opts[n] = (struct option){ evaldata_outcomes[i].name, evaldata_outcomes[i].label, NULL };
    html_raw(h, "<form method=\"get\" action=\"/la/evaluation\" "
                "class=\"meso-filters meso-no-print\">\n");
    struct field fo = { .name = "outcome", .label = "Outcome", .value = outcome };
    form_select(h, &fo, opts, n);
    struct field fy = { .name = "year",
                        .label = "School year",
                        .hint = "The year it starts in: 2025 for 2025 to 2026",
                        .value = year_error ? req_text(req, "year")
                                            : arena_sprintf(&req->arena, "%d", year),
                        .error = year_error,
                        .width = "4",
                        .inputmode = "numeric" };
    form_input(h, &fy);
    html_raw(h, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
                "data-module=\"govuk-button\">Show</button>\n</form>\n");
}

static const char *pupils(struct request *req, size_t n)
{
    return suppress_small((long)n) ? SUPPRESS_WORDS : arena_sprintf(&req->arena, "%zu", n);
}

/* One indicator in plain words: the effect, the interval, and what the
 * interval says. */
static void indicator(struct request *req, struct html *h, const struct la_eval_result *r,
                      const struct eval_indicator *x)
{
    bool zero = x->g_low <= 0 && x->g_high >= 0;
    const char *dir = x->g > 0 ? "better" : "worse";
    html(h, "<h3 class=\"govuk-heading-s\">%s</h3>\n", x->label);
    html(h,
         "<p class=\"govuk-body\">Effect size: <strong>%s</strong> (95%% interval %s to %s).</p>\n",
         arena_sprintf(&req->arena, "%.2f", x->g), arena_sprintf(&req->arena, "%.2f", x->g_low),
         arena_sprintf(&req->arena, "%.2f", x->g_high));
    if (zero)
        html(h, "<p class=\"govuk-body\">The interval includes zero. These figures cannot tell "
                "whether pupils did better, worse or the same where key teachers were higher on "
                "this. That is not the same as showing it makes no difference.</p>\n");
    else
        html(h,
             "<p class=\"govuk-body\">Pupils of key teachers higher on this did %s on %s, and the "
             "interval does not include zero. It is an association, not proof that one caused "
             "the other.</p>\n",
             dir, r->outcome->label);
    if (r->outcome->attainment)
        html(h,
             "<p class=\"govuk-body\">In the Education Endowment Foundation's terms: about %d "
             "months' progress (from %d to %d).</p>\n",
             x->months, x->months_low, x->months_high);
    html(h, "<p class=\"govuk-body govuk-!-font-size-16\">%s</p>\n", x->words);
}

static void how_to_read(struct html *h)
{
    html_raw(h, "<h2 class=\"govuk-heading-m\">How to read these figures</h2>\n"
                "<ul class=\"govuk-list govuk-list--bullet\">\n"
                "<li>The <strong>effect size</strong> compares pupils whose key teachers are one "
                "step higher on a way of working (one standard deviation across key teachers) with "
                "those of otherwise similar key teachers. It is in standard deviations of the "
                "outcome: 0.1 is small, 0.4 is large for schools. A positive number means better "
                "outcomes.</li>\n"
                "<li>The <strong>95% interval</strong> is the range of effects these data are "
                "consistent with. When it includes zero, the data cannot tell the effect from "
                "none.</li>\n"
                "<li>The model allows for where pupils started (the baseline), free school meals, "
                "special educational needs, English as an additional language, year group and sex, "
                "and for pupils sharing a key teacher and a school.</li>\n"
                "<li><strong>What it does not mean.</strong> It is not the result of a trial: "
                "schools and key teachers who work one way may differ in other ways too. It is not "
                "a judgement of any school or member of staff, and no one is named or ranked. With "
                "few schools or key teachers the intervals are wide.</li>\n"
                "</ul>\n");
}

static void who_table(struct request *req, struct html *h, const struct la_eval_result *r)
{
    html_raw(h, "<h2 class=\"govuk-heading-m\">Who is in the analysis</h2>\n"
                "<table class=\"govuk-table\"><thead class=\"govuk-table__head\"><tr "
                "class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Group"
                "</th><th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
                "Pupils</th></tr></thead>\n<tbody class=\"govuk-table__body\">\n");
    for (size_t i = 0; i < r->n_counts; i++) {
        const struct eval_count *c = &r->counts[i];
        html(h,
             "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%s: "
             "%s</th><td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td></tr>\n",
             c->group, c->label,
             c->suppressed ? "hidden (fewer than 5, or to protect a small group)"
                           : arena_sprintf(&req->arena, "%zu", c->n));
    }
    html_raw(h, "</tbody></table>\n");
}

static void findings(struct request *req, struct html *h, const struct la_eval_result *r)
{
    html(h, "<p class=\"govuk-body\">%s</p>\n<div class=\"govuk-inset-text\">%s</div>\n",
         r->model_words, r->caveat);
    html_raw(h, "<h2 class=\"govuk-heading-m\">What it found</h2>\n");
    for (size_t k = 0; k < EVALDATA_N_INDICATORS; k++)
        if (r->ind[k].included && r->ind[k].words)
            indicator(req, h, r, &r->ind[k]);
    how_to_read(h);
    html(
        h,
        "<h2 class=\"govuk-heading-m\">Where the differences lie</h2>\n<p class=\"govuk-body\">"
        "Before allowing for anything, about %s%% of the differences in this outcome lie between "
        "schools, %s%% between key teachers in the same school, and the rest between pupils.</p>\n",
        arena_sprintf(&req->arena, "%.0f", 100 * r->share_school),
        arena_sprintf(&req->arena, "%.0f", 100 * r->share_teacher));
    who_table(req, h, r);
    for (size_t i = 0; i < r->n_notes; i++)
        html(h, "<p class=\"govuk-body\">Note: %s.</p>\n", r->notes[i]);
    html(h,
         "<details class=\"govuk-details\"><summary class=\"govuk-details__summary\"><span "
         "class=\"govuk-details__summary-text\">The model</span></summary><div "
         "class=\"govuk-details__text\"><p class=\"govuk-body\">A linear mixed model fitted by "
         "REML on pseudonymised data: <code>%s</code>. Degrees of freedom: %s. Effect sizes are "
         "Hedges' g for one standard deviation of each indicator across key teachers, against "
         "the total variance of the model without covariates (SD %s), with the Hedges (2007) "
         "interval. %s The same extract, for an evaluator: <code>meso la extract --la %s "
         "--out FILE.csv</code>.</p></div></details>\n",
         r->formula, r->fit.df_method, arena_sprintf(&req->arena, "%.3g", r->total_sd),
         r->fit.converged ? "The fit converged." : "The fit did not converge: treat it with care.",
         r->la_code);
}

int page_la_evaluation(struct request *req, struct response *res)
{
    const char *name = req_query(req, "outcome");
    const struct evaldata_outcome *o = evaldata_outcome(name && *name ? name : "sdq-teacher");
    if (!o)
        o = evaldata_outcome("sdq-teacher");
    int now = schoolyear_of(date_today()), year = now - 1;
    const char *year_error = NULL, *ys = req_query(req, "year");
    if (ys && *ys) {
        long y = req_query_long(req, "year", now - 10, now, -1);
        if (y < 0)
            year_error = arena_sprintf(&req->arena, "Enter a school year from %d to %d, like %d",
                                       now - 10, now, now - 1);
        else
            year = (int)y;
    }
    struct la_eval_data d;
    struct la_eval_result r;
    int rc = year_error ? 0
                        : la_extract_load(req->db, &req->arena, &req->who, year, o, req->client,
                                          false, &d, &req->err);
    if (!rc && !year_error)
        rc = la_eval_run(&d, &req->arena, &r, &req->err);
    if (rc)
        return rc;
    struct html h;
    struct page pg = { .title = "How practice relates to outcomes across your schools",
                       .nav = "la" };
    page_begin(req, res, &h, &pg);
    if (year_error)
        res->status = 400;
    html_raw(&h,
             "<p class=\"govuk-body\">This asks one question of your schools' records: did "
             "pupils do better where structured conversations with parents were held well? It "
             "uses only the schools that agreed to share, and only pseudonyms: no child, member "
             "of staff or school is named.</p>\n");
    choose_form(req, &h, o->name, year, year_error);
    if (!year_error) {
        html(&h,
             "<h2 class=\"govuk-heading-m\">%s, %d to %d</h2>\n<p class=\"govuk-body\">Schools "
             "sharing: %zu (not sharing: %zu). In the analysis: %zu schools, %zu key teachers "
             "and %s pupils (of %s in scope).</p>\n",
             o->label, year, year + 1, r.n_schools_sharing, r.n_not_sharing, r.n_schools,
             r.n_teachers, pupils(req, r.n_used), pupils(req, r.n_in_scope));
        if (r.declined)
            html(&h,
                 "<div class=\"govuk-inset-text\"><p class=\"govuk-body\">No model was fitted. "
                 "%s</p></div>\n",
                 r.reason);
        else
            findings(req, &h, &r);
    }
    html_raw(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/la\">Back to your "
                 "schools side by side</a></p>\n");
    return page_finish(req, &h);
}
