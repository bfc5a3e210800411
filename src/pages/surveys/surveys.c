#include "pages/surveys/surveys.h"

#include <string.h>

#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "html/form.h"
#include "model/register/pupil.h"
#include "model/surveys/survey.h"
#include "model/surveys/surveyreport.h"
#include "pages/common.h"
#include "stats/suppress.h"

static const char *count_text(struct request *req, long n, bool hidden)
{
    return hidden ? SUPPRESS_WORDS : arena_sprintf(&req->arena, "%ld", n);
}

static const char *share_text(struct request *req, double share)
{
    return share < 0 ? "not shown" : arena_sprintf(&req->arena, "%.0f%%", 100 * share);
}

static const char *score_text(struct request *req, double s)
{
    return s < 0 ? "not shown" : arena_sprintf(&req->arena, "%.0f", s);
}

static void over_time(struct request *req, struct html *h, const struct survey_result *rs, size_t n)
{
    html_raw(h, "<h2 class=\"govuk-heading-m\">Results over time</h2>\n");
    if (!n) {
        html_raw(h, "<p class=\"govuk-body\">No rounds yet. Start one below.</p>\n");
        return;
    }
    html_raw(
        h,
        "<div class=\"meso-table-wrap\" role=\"region\" aria-label=\"Survey results\" tabindex=\"0\"><table class=\"govuk-table\"><thead "
        "class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" "
        "class=\"govuk-table__header\">Round</th><th scope=\"col\" "
        "class=\"govuk-table__header\">Open</th><th scope=\"col\" class=\"govuk-table__header "
        "govuk-table__header--numeric\">Families who answered</th><th scope=\"col\" "
        "class=\"govuk-table__header govuk-table__header--numeric\">Mean score "
        "(0-100)</th></tr></thead><tbody class=\"govuk-table__body\">\n");
    for (size_t i = 0; i < n; i++)
        html(h,
             "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a "
             "class=\"govuk-link\" href=\"/surveys/%lld\">%s</a></td><td "
             "class=\"govuk-table__cell\">%s to %s</td><td class=\"govuk-table__cell "
             "govuk-table__cell--numeric\">%s</td><td class=\"govuk-table__cell "
             "govuk-table__cell--numeric\">%s</td></tr>\n",
             (long long)rs[i].round.id, rs[i].round.name, page_date(req, rs[i].round.opens_on),
             page_date(req, rs[i].round.closes_on),
             count_text(req, rs[i].responses, rs[i].suppressed), score_text(req, rs[i].mean_score));
    html_raw(h, "</tbody></table></div>\n");
}

static void render_list(struct request *req, struct response *res, const struct survey_result *rs,
                        size_t n, const struct survey_round *r, const struct problems *pr)
{
    struct html h;
    struct page pg = { .title = "Parents' survey", .nav = "conversations", .back_href = "/" };
    page_begin(req, res, &h, &pg);
    form_error_summary(&h, pr);
    if (req_query(req, "added"))
        layout_banner(&h, true, "Round started",
                      "Parents with an account will see the survey while it is open. For "
                      "families without one, make paper codes on the round's page.");
    html_raw(&h, "<p class=\"govuk-body\">Five short questions ask families how working with the "
                 "school feels: being listened to, knowing what is happening, agreeing targets "
                 "together, feeling able to help at home, and how easy it is to get in touch. "
                 "Send it once or twice a year.</p>\n<p class=\"govuk-body\">Figures for fewer "
                 "than 5 families are not shown, so no family's answers can be picked out.</p>\n");
    html_raw(&h, "<details class=\"govuk-details\"><summary class=\"govuk-details__summary\"><span "
                 "class=\"govuk-details__summary-text\">The questions</span></summary><div "
                 "class=\"govuk-details__text\"><ol class=\"govuk-list govuk-list--number\">\n");
    for (int i = 0; i < SURVEY_N_ITEMS; i++)
        html(&h, "<li>%s</li>\n", survey_items[i].statement);
    html_raw(&h, "</ol><p class=\"govuk-body\">Answers: No, Not really, Mostly, Yes. The score is "
                 "the mean answer on a scale of 0 (all No) to 100 (all Yes), for families who "
                 "answered at least 3.</p></div></details>\n");
    over_time(req, &h, rs, n);
    html_raw(&h, "<h2 class=\"govuk-heading-m\">Start a round</h2>\n");
    form_start(&h, "/surveys", req->csrf);
    struct field fs[] = {
        { .name = "name",
          .label = "Name",
          .hint = "For example, Autumn 2026",
          .value = r->name,
          .error = problems_for(pr, "name") },
        { .name = "opens_on",
          .label = "Opens on",
          .type = "date",
          .value = r->opens_on,
          .error = problems_for(pr, "opens_on") },
        { .name = "closes_on",
          .label = "Closes on",
          .type = "date",
          .value = r->closes_on,
          .error = problems_for(pr, "closes_on") },
    };
    for (size_t i = 0; i < sizeof fs / sizeof fs[0]; i++)
        form_input(&h, &fs[i]);
    form_button(&h, "Start the round", false);
    form_end(&h);
    page_finish(req, &h);
}

int page_surveys(struct request *req, struct response *res)
{
    struct survey_result *rs;
    size_t n;
    struct audit_entry who = page_actor(req);
    int rc = surveyreport_build(req->db, &req->arena, req->who.school_id, &who, &rs, &n, &req->err);
    if (rc)
        return rc;
    struct survey_round r = { .name = "" };
    struct date t = date_today();
    date_iso(t, r.opens_on);
    date_iso(date_from_days(date_to_days(t) + 20), r.closes_on);
    render_list(req, res, rs, n, &r, NULL);
    return 0;
}

int page_surveys_post(struct request *req, struct response *res)
{
    struct survey_round r = { .school_id = req->who.school_id, .name = req_text(req, "name") };
    str_copy(r.opens_on, sizeof r.opens_on, req_text(req, "opens_on"));
    str_copy(r.closes_on, sizeof r.closes_on, req_text(req, "closes_on"));
    struct problems pr;
    problems_init(&pr, &req->arena);
    survey_round_validate(&r, &pr);
    if (pr.n) {
        page_sentences(req, &pr, 0);
        struct survey_result *rs;
        size_t n;
        struct audit_entry who = page_actor(req);
        int rc =
            surveyreport_build(req->db, &req->arena, req->who.school_id, &who, &rs, &n, &req->err);
        if (rc)
            return rc;
        res->status = 422;
        render_list(req, res, rs, n, &r, &pr);
        return 0;
    }
    struct audit_entry who = page_actor(req);
    int rc = survey_round_add(req->db, &r, &who, &req->err);
    if (rc)
        return rc;
    resp_redirect(res, "/surveys?added=1");
    return 0;
}

static void item_table(struct request *req, struct html *h, const struct survey_result *r)
{
    html_raw(
        h,
        "<div class=\"meso-table-wrap\" role=\"region\" aria-label=\"Survey results\" tabindex=\"0\"><table class=\"govuk-table\"><caption "
        "class=\"govuk-table__caption govuk-table__caption--s\">How families "
        "answered</caption><thead class=\"govuk-table__head\"><tr "
        "class=\"govuk-table__row\"><th scope=\"col\" "
        "class=\"govuk-table__header\">Question</th>");
    for (int k = 0; k < SURVEY_N_ANSWERS; k++)
        html(h,
             "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">%s</th>",
             survey_answer_labels[k]);
    html_raw(h, "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
                "Answered</th><th scope=\"col\" class=\"govuk-table__header "
                "govuk-table__header--numeric\">Mostly or yes</th></tr></thead><tbody "
                "class=\"govuk-table__body\">\n");
    for (int i = 0; i < SURVEY_N_ITEMS; i++) {
        html(h,
             "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%s"
             "</th>",
             survey_items[i].topic);
        for (int k = 0; k < SURVEY_N_ANSWERS; k++)
            html(h, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>",
                 count_text(req, r->counts[i][k], r->hidden[i][k]));
        html(h,
             "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%ld</td><td "
             "class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td></tr>\n",
             r->answered[i], share_text(req, r->agree_share[i]));
    }
    html_raw(h, "</tbody></table></div>\n");
}

int page_survey_round(struct request *req, struct response *res)
{
    struct survey_result *rs;
    size_t n;
    struct audit_entry who = page_actor(req);
    int64_t id = page_id(req, 0);
    struct survey_round round;
    int rc = survey_round_get(req->db, &req->arena, req->who.school_id, id, &round, &req->err);
    if (rc || (rc = surveyreport_build(req->db, &req->arena, req->who.school_id, &who, &rs, &n,
                                       &req->err)))
        return rc;
    const struct survey_result *r = NULL;
    for (size_t i = 0; i < n; i++)
        if (rs[i].round.id == id)
            r = &rs[i];
    if (!r)
        return ERR_NOTFOUND;
    struct html h;
    struct page pg = { .title = r->round.name,
                       .caption = "Parents' survey",
                       .nav = "conversations",
                       .back_href = "/surveys" };
    page_begin(req, res, &h, &pg);
    html(&h, "<p class=\"govuk-body\">Open from %s to %s.</p>\n", page_date(req, r->round.opens_on),
         page_date(req, r->round.closes_on));
    if (r->suppressed) {
        html(&h,
             "<p class=\"govuk-body\" id=\"responses\">Families who answered: %s. Results are "
             "shown once 5 or more families have answered.</p>\n",
             r->responses ? SUPPRESS_WORDS : "none yet");
    } else {
        html(&h,
             "<p class=\"govuk-body\" id=\"responses\">Families who answered: %d. Mean score: %s "
             "out of 100.</p>\n",
             r->responses, score_text(req, r->mean_score));
        item_table(req, &h, r);
        html(&h,
             "<p class=\"govuk-body\">A count of 1 to 4 is shown as \"%s\", and so is the "
             "next smallest count of its row, so it cannot be worked out.</p>\n",
             SUPPRESS_WORDS);
    }
    html_raw(&h, "<h2 class=\"govuk-heading-m\">Paper codes</h2>\n<p class=\"govuk-body\">For "
                 "families without a meso account: a slip for each child on roll, with a short "
                 "code. The family answers at /survey with the code, once. Codes are shown only "
                 "once; making them again replaces the codes not yet used.</p>\n");
    form_start(&h, arena_sprintf(&req->arena, "/surveys/%lld/codes", (long long)id), req->csrf);
    form_button(&h, "Make paper codes", true);
    form_end(&h);
    return page_finish(req, &h);
}

int page_survey_codes(struct request *req, struct response *res)
{
    struct survey_slip *slips;
    size_t n;
    struct audit_entry who = page_actor(req);
    struct survey_round round;
    int64_t id = page_id(req, 0);
    int rc = survey_round_get(req->db, &req->arena, req->who.school_id, id, &round, &req->err);
    if (rc || (rc = survey_codes_make(req->db, &req->arena, req->who.school_id, id, &who, &slips,
                                      &n, &req->err)))
        return rc;
    struct html h;
    struct page pg = { .title = "Paper codes",
                       .caption = round.name,
                       .nav = "conversations",
                       .back_href = arena_sprintf(&req->arena, "/surveys/%lld", (long long)id) };
    page_begin(req, res, &h, &pg);
    html(&h,
         "<p class=\"govuk-body\">%zu codes. Print this page now: the codes are not shown again. "
         "Each slip goes home with the child.</p>\n",
         n);
    for (size_t i = 0; i < n; i++)
        html(&h,
             "<div class=\"govuk-inset-text meso-slip\"><p class=\"govuk-body\">For the family of "
             "%s (%s)</p><p class=\"govuk-body\">Tell us how working with the school feels. It "
             "takes two minutes. Go to the school's meso website and add /survey to the "
             "address. Then type this code: <strong class=\"meso-code\">%s</strong></p><p "
             "class=\"govuk-body\">You can answer until %s.</p></div>\n",
             slips[i].name ? slips[i].name : "", pupil_year_label(slips[i].nc_year), slips[i].code,
             page_date(req, round.closes_on));
    return page_finish(req, &h);
}
