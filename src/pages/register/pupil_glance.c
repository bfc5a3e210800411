#include "pages/register/pupil_glance.h"

#include <string.h>

#include "core/date.h"
#include "model/provision/provision.h"
#include "pages/common.h"

static void row_begin(struct html *h, const char *key)
{
    html(h,
         "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s</dt>"
         "<dd class=\"govuk-summary-list__value\">",
         key);
}

static void row_end(struct html *h)
{
    html_raw(h, "</dd></div>\n");
}

static void next_conversation(struct request *req, struct html *h, const struct pupil *p,
                              const struct pupilsummary *s)
{
    row_begin(h, "Next conversation");
    if (s->next_conv_id)
        html(h, "<a class=\"govuk-link\" href=\"/conversations/%lld\">%s</a>",
             (long long)s->next_conv_id, page_date(req, s->next_date));
    else if (s->next_date[0])
        html(h,
             "%s (agreed at the last conversation). <a class=\"govuk-link\" "
             "href=\"/pupils/%lld/conversations/new\">Make the record<span "
             "class=\"govuk-visually-hidden\"> of the next conversation</span></a>",
             page_date(req, s->next_date), (long long)p->id);
    else
        html(h,
             "None planned. <a class=\"govuk-link\" href=\"/pupils/%lld/conversations/new\">"
             "Plan one<span class=\"govuk-visually-hidden\"> with the family</span></a>",
             (long long)p->id);
    row_end(h);
}

static void open_targets(struct request *req, struct html *h, const struct pupil *p,
                         const struct pupilsummary *s)
{
    row_begin(h, "Open targets");
    if (s->n_open_targets == 0) {
        html_raw(h, "None open");
        row_end(h);
        return;
    }
    html(h, "<p class=\"govuk-body govuk-!-margin-bottom-1\">%d open</p>\n", s->n_open_targets);
    char today[11];
    date_iso(date_today(), today);
    html_raw(h, "<ul class=\"govuk-list govuk-!-margin-bottom-1\">\n");
    for (size_t i = 0; i < s->n_targets; i++) {
        const struct pupilsummary_target *t = &s->targets[i];
        html(h, "<li><a class=\"govuk-link\" href=\"/targets/%lld/review\">%s</a>",
             (long long)t->id, t->what);
        if (t->review_date[0])
            html(h, " <span class=\"govuk-hint meso-inline-hint\">(%s %s)</span>",
                 strcmp(t->review_date, today) < 0 ? "review was due" : "review by",
                 page_date(req, t->review_date));
        html_raw(h, "</li>\n");
    }
    html_raw(h, "</ul>\n");
    if ((size_t)s->n_open_targets > s->n_targets)
        html(h,
             "<a class=\"govuk-link\" href=\"/pupils/%lld/conversations\">All %d open "
             "targets</a>",
             (long long)p->id, s->n_open_targets);
    row_end(h);
}

static void provision_now(struct html *h, const struct pupil *p, const struct pupilsummary *s)
{
    row_begin(h, "Provision now");
    if (s->n_provisions == 0)
        html_raw(h, "<p class=\"govuk-body govuk-!-margin-bottom-1\">None of the child's own "
                    "at the moment</p>\n");
    else
        html_raw(h, "<ul class=\"govuk-list govuk-!-margin-bottom-1\">\n");
    for (size_t i = 0; i < s->n_provisions; i++) {
        const struct pupilsummary_provision *v = &s->provisions[i];
        html(h, "<li><a class=\"govuk-link\" href=\"/%s/%lld\">%s</a> (%s)</li>\n",
             v->is_programme ? "programmes" : "provisions", (long long)v->id, v->name,
             provision_tier_label(v->tier));
    }
    if (s->n_provisions)
        html_raw(h, "</ul>\n");
    if (s->n_whole_school)
        html(h,
             "<p class=\"govuk-body govuk-!-margin-bottom-1\">And %d for every child at the "
             "school (universal)</p>\n",
             s->n_whole_school);
    html(h, "<a class=\"govuk-link\" href=\"/pupils/%lld/provision\">Provision over time</a>",
         (long long)p->id);
    row_end(h);
}

void pupil_glance(struct request *req, struct html *h, const struct pupil *p,
                  const struct pupilsummary *s)
{
    html_raw(h, "<div class=\"govuk-summary-card\" id=\"at-a-glance\"><div "
                "class=\"govuk-summary-card__title-wrapper\"><h2 "
                "class=\"govuk-summary-card__title\">At a glance</h2></div><div "
                "class=\"govuk-summary-card__content\"><dl class=\"govuk-summary-list\">\n");
    row_begin(h, "Key teacher");
    if (s->key_teacher)
        html(h, "%s", s->key_teacher);
    else if (page_is_lead(req))
        html(h,
             "Not chosen yet. <a class=\"govuk-link\" href=\"/pupils/%lld/key-teacher\">Choose "
             "one</a>",
             (long long)p->id);
    else
        html_raw(h, "Not chosen yet");
    row_end(h);
    next_conversation(req, h, p, s);
    open_targets(req, h, p, s);
    provision_now(h, p, s);
    html_raw(h, "</dl></div></div>\n");
}
