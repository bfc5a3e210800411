#include "pages/programmes/progcompare_page.h"

#include <math.h>

#include "view/effectwords.h"

static void row(struct html *h, const char *key, const char *value)
{
    html(h,
         "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s</dt>"
         "<dd class=\"govuk-summary-list__value\">%s</dd></div>\n",
         key, value ? value : "");
}

static const char *count(struct request *req, const struct progcompare_count *c)
{
    return c->suppressed ? "Not shown (too few to show safely)"
                         : arena_sprintf(&req->arena, "%zu", c->n);
}

/* Who is compared: the two groups side by side. */
static void groups_table(struct request *req, struct html *h, const struct progcompare *c)
{
    html_raw(h, "<div class=\"meso-table-wrap\" role=\"region\" aria-label=\"Who is compared\" "
                "tabindex=\"0\"><table class=\"govuk-table\" id=\"comparison-groups\"><caption "
                "class=\"govuk-table__caption govuk-table__caption--s\">Who is compared</caption>"
                "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                "<th scope=\"col\" class=\"govuk-table__header\">Group</th>"
                "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
                "Pupils</th>"
                "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
                "Mean before</th>"
                "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
                "Mean after</th>"
                "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
                "Free school meals</th>"
                "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
                "SEN</th></tr></thead><tbody class=\"govuk-table__body\">\n");
    static const char *const names[2] = { "Not in the programme", "In the programme" };
    for (int k = 1; k >= 0; k--)
        html(h,
             "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%s"
             "</th><td class=\"govuk-table__cell govuk-table__cell--numeric\">%zu</td>"
             "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%.1f</td>"
             "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%.1f</td>"
             "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
             "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td></tr>\n",
             names[k], k ? c->n_enrolled : c->n_comparison, c->mean_pre[k], c->mean_post[k],
             count(req, &c->fsm[k]), count(req, &c->sen[k]));
    html_raw(h, "</tbody></table></div>\n");
}

void progcompare_section(struct request *req, struct html *h, const struct progreport_outcome *o)
{
    const struct progcompare *c = &o->comparison;
    if (!o->instrument || !c->attempted)
        return;
    struct arena *a = &req->arena;
    html_raw(h, "<section id=\"comparison\" aria-labelledby=\"comparison-title\"><h2 "
                "class=\"govuk-heading-m\" id=\"comparison-title\">Compared with pupils who "
                "were not in the programme</h2>\n");
    if (c->declined) {
        html(h, "<p class=\"govuk-body\" id=\"comparison-declined\">%s</p></section>\n", c->reason);
        return;
    }
    html_raw(h, "<dl class=\"govuk-summary-list\">\n");
    row(h, "Kind of effect size", effectwords_kind(a, o, true));
    row(h, "Difference after",
        arena_sprintf(a, "%s points (95%% confidence interval %s to %s)",
                      effectwords_number(a, c->estimate, 1), effectwords_number(a, c->ci_low, 1),
                      effectwords_number(a, c->ci_high, 1)));
    row(h, "Effect size",
        arena_sprintf(a, "Hedges' g %s (95%% confidence interval %s to %s)",
                      effectwords_number(a, c->g, 2), effectwords_number(a, c->g_low, 2),
                      effectwords_number(a, c->g_high, 2)));
    row(h, "What it means", effectwords_comparison(a, o));
    row(h, "How it was worked out", effectwords_comparison_method(a, o));
    row(h, "Reliability", effectwords_comparison_reliability(a, o));
    html_raw(h, "</dl>\n");
    groups_table(req, h, c);
    html_raw(h, "</section>\n");
}
