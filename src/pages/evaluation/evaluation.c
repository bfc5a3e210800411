#include "pages/evaluation/evaluation.h"

#include <math.h>
#include <string.h>

#include "core/buf.h"
#include "core/date.h"
#include "html/form.h"
#include "io/canvas_svg.h"
#include "model/calendar/schoolyear.h"
#include "model/evaluation/evaldata.h"
#include "model/evaluation/evaluation.h"
#include "model/register/audit.h"
#include "pages/common.h"
#include "view/evalplot.h"

static void choose_form(struct request *req, struct html *h, const char *outcome, int year,
                        const char *year_error)
{
    struct option opts[16];
    size_t n = 0;
    for (size_t i = 0; i < evaldata_n_outcomes && n < 16; i++, n++)
        opts[n] = (struct option){ evaldata_outcomes[i].name, evaldata_outcomes[i].label, NULL };
    html_raw(h,
             "<form method=\"get\" action=\"/evaluation\" class=\"meso-filters meso-no-print\">\n");
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

static int picture(struct request *req, struct html *h, const char *title, const char *desc,
                   double height, canvas_draw_fn fn, struct eval_result *r, const char *prefix)
{
    struct buf svg;
    buf_init(&svg, 4u << 20);
    struct err e;
    err_clear(&e);
    int rc = canvas_svg_render(&svg, EVALPLOT_WIDTH, height, title, desc, prefix, fn, r, &e);
    if (rc == 0) {
        html(h, "<figure class=\"meso-chart\">\n<figcaption class=\"govuk-body\">%s</figcaption>\n",
             title);
        struct html_safe pic = { buf_str(&svg), svg.len }; /* built by io/canvas_svg */
        html_safe(h, &pic);
        html_raw(h, "</figure>\n");
    }
    buf_release(&svg);
    (void)req;
    return rc;
}

static int findings(struct request *req, struct html *h, struct eval_result *r)
{
    html(
        h,
        "<div class=\"govuk-inset-text\">%s</div>\n"
        "<h2 class=\"govuk-heading-m\">What it found</h2>\n<ul class=\"govuk-list govuk-list--bullet\">\n",
        r->caveat);
    for (size_t k = 0; k < EVALDATA_N_INDICATORS; k++)
        if (r->ind[k].included)
            html(h, "<li>%s</li>\n", r->ind[k].words);
    html_raw(h, "</ul>\n");
    struct buf desc;
    buf_init(&desc, 8192);
    for (size_t k = 0; k < EVALDATA_N_INDICATORS; k++)
        if (r->ind[k].included)
            buf_addf(&desc, "%s: g = %.2f (95%% CI %.2f to %.2f). ", r->ind[k].label, r->ind[k].g,
                     r->ind[k].g_low, r->ind[k].g_high);
    int rc = picture(req, h, "Effect sizes with 95% confidence intervals", buf_str(&desc),
                     evalplot_forest_height(r), evalplot_forest, r, "forest");
    buf_release(&desc);
    if (rc)
        return rc;
    html(h,
         "<h2 class=\"govuk-heading-m\">How much key teachers' pupils differ</h2>\n"
         "<p class=\"govuk-body\">Each point is one key teacher's estimated difference from the "
         "average, on the outcome's scale, after the model's adjustments, with its 95%% "
         "interval. Key teachers are not named, and those with fewer than %d pupils in the "
         "analysis are left out (%zu here). About %.0f%% of the differences in this outcome lie "
         "between key teachers.</p>\n",
         EVAL_SMALL_CELL, r->n_groups_hidden, 100 * r->icc);
    rc = picture(req, h, "Key teachers' estimated effects, sorted",
                 "Each key teacher's estimated effect with a 95% interval, lowest first.",
                 EVALPLOT_CATERPILLAR_HEIGHT, evalplot_caterpillar, r, "cat");
    if (rc)
        return rc;
    html_raw(h,
             "<h2 class=\"govuk-heading-m\">Who is in the analysis</h2>\n"
             "<table class=\"govuk-table\"><thead class=\"govuk-table__head\"><tr "
             "class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Group</th>"
             "<th scope=\"col\" class=\"govuk-table__header\">Pupils</th></tr></thead>\n"
             "<tbody class=\"govuk-table__body\">\n");
    for (size_t i = 0; i < r->n_counts; i++) {
        const struct eval_count *c = &r->counts[i];
        html(h,
             "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%s: "
             "%s</th><td class=\"govuk-table__cell\">%s</td></tr>\n",
             c->group, c->label,
             c->suppressed ? "fewer than 5, or hidden to protect a small group"
                           : arena_sprintf(&req->arena, "%zu", c->n));
    }
    html_raw(h, "</tbody></table>\n");
    for (size_t i = 0; i < r->n_notes; i++)
        html(h, "<p class=\"govuk-body\">Note: %s.</p>\n", r->notes[i]);
    html(h,
         "<details class=\"govuk-details\"><summary class=\"govuk-details__summary\"><span "
         "class=\"govuk-details__summary-text\">The model</span></summary><div "
         "class=\"govuk-details__text\"><p class=\"govuk-body\">A linear mixed model fitted by "
         "REML with a random intercept for each key teacher: <code>%s</code>. Degrees of freedom: "
         "%s. Effect sizes are Hedges' g for one standard deviation of each indicator across key "
         "teachers, against the total variance of the model without covariates (SD %s), with "
         "the Hedges (2007) interval. %s</p></div></details>\n",
         r->formula, r->fit.df_method, arena_sprintf(&req->arena, "%.3g", r->total_sd),
         r->fit.converged ? "The fit converged." : "The fit did not converge: treat it with care.");
    return 0;
}

int page_evaluation(struct request *req, struct response *res)
{
    const char *name = req_query(req, "outcome");
    const struct evaldata_outcome *o = evaldata_outcome(name && *name ? name : "sdq-teacher");
    if (!o)
        o = evaldata_outcome("sdq-teacher");
    int year = schoolyear_of(date_today()) - 1;
    const char *year_error = NULL, *ys = req_query(req, "year");
    if (ys && *ys) {
        long y = req_query_long(req, "year", 1990, 2199, -1);
        if (y < 0)
            year_error = "Enter a school year as four digits, like 2025";
        else
            year = (int)y;
    }
    struct evaldata d;
    struct eval_result r;
    struct audit_entry who = { .actor = req->who.actor ? req->who.actor : "user:?",
                               .address = req->client };
    int rc = year_error ? 0
                        : evaldata_load(req->db, &req->arena, req->who.school_id, year, o, &who, &d,
                                        &req->err);
    if (!rc && !year_error)
        rc = evaluation_run(&d, &req->arena, &r, &req->err);
    if (rc)
        return rc;
    struct html h;
    struct page pg = { .title = "Implementation and outcomes", .nav = "conversations" };
    page_begin(req, res, &h, &pg);
    if (year_error)
        res->status = 400;
    html(&h,
         "<p class=\"govuk-body\">How the structured conversations were held, key teacher by key "
         "teacher, set beside how their pupils did, in a multilevel model that allows for pupils "
         "sharing a key teacher. See the evaluation guide in docs/evaluation.md.</p>\n");
    choose_form(req, &h, o->name, year, year_error);
    if (!year_error) {
        html(&h,
             "<h2 class=\"govuk-heading-m\">%s, %d to %d</h2>\n<p class=\"govuk-body\">Pupils in "
             "scope: %zu. In the analysis: %zu. Key teachers: %zu. Complete conversations: "
             "%zu.</p>\n",
             o->label, year, year + 1, r.n_in_scope, r.n_used, r.n_groups, r.n_conversations);
        if (r.declined)
            html(&h,
                 "<div class=\"govuk-inset-text\"><p class=\"govuk-body\">No model was fitted. "
                 "%s</p></div>\n",
                 r.reason);
        else if ((rc = findings(req, &h, &r)))
            return rc;
    }
    return page_finish(req, &h);
}
