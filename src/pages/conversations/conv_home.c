#include "pages/conversations/conv_home.h"

#include <string.h>

#include "core/date.h"
#include "core/str.h"
#include "model/access/access.h"
#include "model/conversations/contact.h"
#include "model/conversations/convreport.h"
#include "model/conversations/reply.h"
#include "model/conversations/scope.h"
#include "pages/common.h"
#include "pages/conversations/convpages.h"

static void stat(struct html *h, const char *value, const char *label)
{
    html(h,
         "<div class=\"govuk-grid-column-one-quarter meso-stat\"><p class=\"govuk-body\">"
         "<span class=\"govuk-heading-l govuk-!-margin-bottom-0\">%s</span>%s</p></div>\n",
         value, label);
}

static const char *pct(struct request *req, double share)
{
    return share < 0 ? "–" : arena_sprintf(&req->arena, "%.0f%%", 100 * share);
}

static const char *num(struct request *req, double x, int places)
{
    if (x < 0)
        return "–";
    return places ? arena_sprintf(&req->arena, "%.1f", x) : arena_sprintf(&req->arena, "%.0f", x);
}

static void prompts(struct html *h, const struct family_prompt *ps, size_t n, size_t max)
{
    if (!n)
        return;
    html_raw(h, "<h3 class=\"govuk-heading-s\" id=\"keeping-in-touch\">Keeping in touch</h3>\n"
                "<ul class=\"govuk-list meso-prompts\">\n");
    for (size_t i = 0; i < n && i < max; i++)
        for (size_t k = 0; k < ps[i].n_messages; k++)
            html(h, "<li><a class=\"govuk-link\" href=\"/pupils/%lld#contact\">%s</a>: %s</li>\n",
                 (long long)ps[i].pupil_id, ps[i].name, ps[i].messages[k]);
    html_raw(h, "</ul>\n");
    if (n > max)
        html(h, "<p class=\"govuk-body\">And %zu more families.</p>\n", n - max);
}

/* The prompts that go with Achievement for All's measures: meetings the
 * family could not come to, targets past their review date, families with
 * no agreement yet; in words that say what to do next. */
static void afa_prompts(struct html *h, const struct cs_figures *a)
{
    if (!(a->did_not_attend || a->targets_past_review || a->no_agreement_yet))
        return;
    html_raw(h, "<ul class=\"govuk-list govuk-list--bullet\">\n");
    if (a->did_not_attend)
        html(h, "<li>%d meeting%s did not go ahead because the family could not come. %s</li>\n",
             a->did_not_attend, a->did_not_attend == 1 ? "" : "s", CONV_TRY_AGAIN);
    if (a->targets_past_review)
        html(h, "<li>%d target%s %s past the review date. Look at them with the family.</li>\n",
             a->targets_past_review, a->targets_past_review == 1 ? "" : "s",
             a->targets_past_review == 1 ? "is" : "are");
    if (a->no_agreement_yet)
        html(h,
             "<li>%d famil%s on the list %s no agreement yet about what the conversations "
             "are for. Agree it at the first meeting.</li>\n",
             a->no_agreement_yet, a->no_agreement_yet == 1 ? "y" : "ies",
             a->no_agreement_yet == 1 ? "has" : "have");
    html_raw(h, "</ul>\n");
}

/* Replies from families to shared records, waiting for the key teacher to
 * read them: the top of their to-do list. */
static int replies_waiting(struct request *req, struct html *h, const struct audit_entry *who)
{
    struct parent_reply *rs;
    size_t n;
    int rc = reply_waiting(req->db, &req->arena, req->who.school_id, req->who.staff_id, who, &rs,
                           &n, &req->err);
    if (rc || !n)
        return rc;
    html(h,
         "<h2 class=\"govuk-heading-m\" id=\"replies-waiting\">Replies from families</h2>\n<p "
         "class=\"govuk-body\">%zu %s to read. A family took the time to write: a reply soon "
         "shows them it mattered.</p>\n<ul class=\"govuk-list\">\n",
         n, n == 1 ? "message" : "messages");
    for (size_t i = 0; i < n; i++) {
        char day[11];
        str_copy(day, sizeof day, rs[i].sent_at);
        html(h,
             "<li><a class=\"govuk-link\" href=\"/conversations/%lld#replies\">%s</a>: %s "
             "%s about the meeting on %s (%s)</li>\n",
             (long long)rs[i].conversation_id, rs[i].pupil_name ? rs[i].pupil_name : "",
             rs[i].carer_name ? rs[i].carer_name : "the family",
             strcmp(rs[i].kind, "not_right") == 0 ? "says something is not right" : "replied",
             page_date(req, rs[i].event_date), page_date(req, day));
    }
    html_raw(h, "</ul>\n");
    return 0;
}

int conv_home_teacher(struct request *req, struct html *h)
{
    if (!req->who.staff_id)
        return 0;
    struct teacher_dashboard d;
    struct audit_entry who = conv_who(req);
    int rc = replies_waiting(req, h, &who);
    if (rc == 0)
        rc = convreport_teacher(req->db, &req->arena, req->who.school_id, req->who.staff_id,
                                date_today(), &who, &d, &req->err);
    if (rc)
        return rc;
    html_raw(h, "<h2 class=\"govuk-heading-m\">Conversations with families</h2>\n");
    if (d.n_pupils == 0 && d.n_prompts == 0) {
        html_raw(h, "<p class=\"govuk-body\">None of the children you are key teacher for are on "
                    "the list for termly conversations.</p>\n");
        return 0;
    }
    html_raw(h, "<div class=\"govuk-grid-row\">\n");
    stat(h, arena_sprintf(&req->arena, "%d", d.due_this_term), "due this term");
    stat(h, arena_sprintf(&req->arena, "%d", d.overdue), "still to hold from earlier terms");
    stat(h, arena_sprintf(&req->arena, "%zu", d.n_not_shared), "records to share with families");
    stat(h, arena_sprintf(&req->arena, "%zu", d.n_drafts), "drafts to finish");
    html_raw(h, "</div>\n");
    bool any = false;
    for (size_t i = 0; i < d.n_pupils; i++) {
        const struct scope_entry *s = &d.pupils[i];
        if (!s->due && !s->overdue)
            continue;
        if (!any)
            html_raw(h, "<h3 class=\"govuk-heading-s\">Conversations to arrange</h3>\n<ul "
                        "class=\"govuk-list\">\n");
        any = true;
        html(h,
             "<li><a class=\"govuk-link\" href=\"/pupils/%lld/conversations\">%s</a>: %d of %zu "
             "held this year%s%s</li>\n",
             (long long)s->pupil_id, s->name, s->held, s->n_slots,
             s->next_date[0] ? ", next arranged for " : "",
             s->next_date[0] ? page_date(req, s->next_date) : "");
    }
    if (any)
        html_raw(h, "</ul>\n");
    if (d.n_not_shared || d.n_drafts) {
        html_raw(h, "<h3 class=\"govuk-heading-s\">Records to finish or share</h3>\n<ul "
                    "class=\"govuk-list\">\n");
        for (size_t i = 0; i < d.n_drafts; i++)
            html(h,
                 "<li><a class=\"govuk-link\" href=\"/conversations/%lld\">Draft from %s</a>"
                 "</li>\n",
                 (long long)d.drafts[i].id, page_date(req, d.drafts[i].event_date));
        for (size_t i = 0; i < d.n_not_shared; i++)
            html(h,
                 "<li><a class=\"govuk-link\" href=\"/conversations/%lld\">Share the record of "
                 "%s</a> with the family</li>\n",
                 (long long)d.not_shared[i].id, page_date(req, d.not_shared[i].event_date));
        html_raw(h, "</ul>\n");
    }
    afa_prompts(h, &d.figures);
    prompts(h, d.prompts, d.n_prompts, 10);
    html_raw(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/conversations\">All your "
                "pupils' conversations</a></p>\n");
    return 0;
}

static void figure_cells(struct request *req, struct html *h, const struct cs_figures *f)
{
    html(h,
         "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%d</td>"
         "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%d</td>"
         "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%d</td>"
         "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%d</td>"
         "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%d</td>"
         "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
         "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
         "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
         "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>",
         f->pupils_in_scope, f->with[0], f->with[1], f->with[2], f->with[3],
         pct(req, f->mean_fidelity), pct(req, f->parent_review_share),
         pct(req, f->positive_contact_share), num(req, f->mean_distinct_methods, 1));
}

/* One line of the lead's to-do list: a link when there is something to do. */
static void todo(struct html *h, int n, const char *one, const char *many, const char *href)
{
    if (n > 0)
        html(h, "<li><a class=\"govuk-link\" href=\"%s\">%d %s</a></li>\n", href, n,
             n == 1 ? one : many);
}

/* What a lead can act on, first on the home page (issue 13): each line a
 * link to the list of just those pupils. */
static int lead_todo(struct request *req, struct html *h, const struct lead_dashboard *d)
{
    int targets = 0, quiet = 0;
    int rc =
        scope_targets_past_review(req->db, req->who.school_id, date_today(), &targets, &req->err);
    if (rc)
        return rc;
    for (size_t i = 0; i < d->n_prompts; i++)
        quiet += d->prompts[i].summary.quiet;
    html_raw(h, "<h2 class=\"govuk-heading-m\">To do</h2>\n");
    if (!d->not_shared && !d->due_this_term && !d->overdue && !targets && !quiet) {
        html_raw(h, "<p class=\"govuk-body\">Nothing is waiting: every record is shared, no "
                    "conversation is due and every family has been in touch lately.</p>\n");
        return 0;
    }
    html_raw(h, "<ul class=\"govuk-list govuk-list--bullet meso-todo\">\n");
    todo(h, d->not_shared, "record to share with the family", "records to share with families",
         "/conversations?show=not-shared");
    todo(h, d->due_this_term + d->overdue, "conversation to hold", "conversations to hold",
         "/conversations?show=due");
    todo(h, targets, "target past its review date", "targets past their review date",
         "/conversations?show=targets");
    todo(h, quiet, "family not reached in the last six weeks",
         "families not reached in the last six weeks", "#keeping-in-touch");
    html_raw(h, "</ul>\n");
    return 0;
}

int conv_home_lead(struct request *req, struct html *h)
{
    struct lead_dashboard d;
    struct audit_entry who = conv_who(req);
    int rc = convreport_lead(req->db, &req->arena, req->who.school_id, date_today(), &who, &d,
                             &req->err);
    if (rc || (rc = lead_todo(req, h, &d)))
        return rc;
    const struct cs_figures *a = &d.report.all;
    char label[8];
    schoolyear_label(d.report.year, label, sizeof label);
    html(h, "<h2 class=\"govuk-heading-m\">Conversations with families, %s</h2>\n", label);
    html(h,
         "<p class=\"govuk-body\">%d pupils are on the list for structured conversations this "
         "year. %d conversation%s %s due this term and %d %s still to hold from earlier terms; "
         "%d record%s not yet shared with the family.</p>\n",
         a->pupils_in_scope, d.due_this_term, d.due_this_term == 1 ? "" : "s",
         d.due_this_term == 1 ? "is" : "are", d.overdue, d.overdue == 1 ? "is" : "are",
         d.not_shared, d.not_shared == 1 ? " is" : "s are");
    html_raw(h, "<div class=\"govuk-grid-row\">\n");
    stat(h, arena_sprintf(&req->arena, "%d", a->with[0]), "pupils with no conversation yet");
    stat(h, arena_sprintf(&req->arena, "%d", a->with[1]), "with one");
    stat(h, arena_sprintf(&req->arena, "%d", a->with[2]), "with two");
    stat(h, arena_sprintf(&req->arena, "%d", a->with[3]), "with three or more");
    html_raw(h, "</div>\n<div class=\"govuk-grid-row\">\n");
    stat(h, pct(req, a->mean_fidelity), "mean fidelity to the four-stage model");
    stat(h, pct(req, a->parent_review_share), "of target reviews with the parent taking part");
    stat(h, pct(req, a->positive_contact_share), "of contacts were positive");
    stat(h, num(req, a->mean_distinct_methods, 1),
         "different ways of keeping in touch with each family, on average");
    html_raw(h, "</div>\n");
    html_raw(h, "<h3 class=\"govuk-heading-s\">Achievement for All's own measures</h3>\n"
                "<div class=\"govuk-grid-row\">\n");
    stat(h, pct(req, a->share_with_2_or_more),
         "of pupils had two or more conversations, one a term");
    stat(h, num(req, a->reviews_with_parent_per_pupil, 1),
         "target reviews with a parent, per pupil");
    stat(h, num(req, a->progress_methods_mean, 1), "ways of telling each family about progress");
    stat(h, arena_sprintf(&req->arena, "%d", a->did_not_attend),
         "meetings the family could not come to");
    html_raw(h, "</div>\n");
    afa_prompts(h, a);
    html_raw(h, "<h3 class=\"govuk-heading-s\">Ways of keeping in touch this year</h3>\n<ul "
                "class=\"govuk-list meso-methods\">\n");
    bool anym = false;
    for (int i = 0; i < CONTACT_N_METHODS; i++)
        if (a->methods_used[i]) {
            anym = true;
            char *l = arena_strdup(&req->arena, contact_method_labels[i]);
            if (l && l[0] >= 'a' && l[0] <= 'z')
                l[0] = (char)(l[0] - 32);
            html(h, "<li>%s: %d</li>\n", l ? l : "", a->methods_used[i]);
        }
    if (!anym)
        html_raw(h, "<li>No contacts recorded yet</li>\n");
    html_raw(h, "</ul>\n");

    html_raw(
        h, "<h3 class=\"govuk-heading-s\">By key teacher</h3>\n"
           "<div class=\"meso-table-wrap\" role=\"region\" aria-label=\"Conversations by key "
           "teacher\" tabindex=\"0\"><table class=\"govuk-table meso-table-compact\"><caption "
           "class=\"govuk-table__caption govuk-visually-hidden\">Conversations this year by "
           "key teacher</caption><thead class=\"govuk-table__head\"><tr "
           "class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Key "
           "teacher</th><th scope=\"col\" class=\"govuk-table__header "
           "govuk-table__header--numeric\">Pupils</th><th scope=\"col\" "
           "class=\"govuk-table__header govuk-table__header--numeric\">No conversation yet</th><th "
           "scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">One "
           "conversation</th><th scope=\"col\" class=\"govuk-table__header "
           "govuk-table__header--numeric\">Two</th><th scope=\"col\" class=\"govuk-table__header "
           "govuk-table__header--numeric\">Three or more</th><th scope=\"col\" "
           "class=\"govuk-table__header govuk-table__header--numeric\">Mean fidelity</th>"
           "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
           "Parent in reviews</th><th scope=\"col\" class=\"govuk-table__header "
           "govuk-table__header--numeric\">Positive contacts</th><th scope=\"col\" "
           "class=\"govuk-table__header govuk-table__header--numeric\">Ways per family</th>"
           "</tr></thead><tbody class=\"govuk-table__body\">\n");
    for (size_t i = 0; i < d.report.n_teachers; i++) {
        const struct convreport_teacher *t = &d.report.teachers[i];
        if (t->staff_id)
            html(h,
                 "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">"
                 "<a class=\"govuk-link\" href=\"/conversations?teacher=%lld\">%s</a></th>",
                 (long long)t->staff_id, t->name ? t->name : "");
        else
            html_raw(h, "<tr class=\"govuk-table__row\"><th scope=\"row\" "
                        "class=\"govuk-table__header\">No key teacher yet</th>");
        figure_cells(req, h, &t->figures);
        html_raw(h, "</tr>\n");
    }
    html_raw(h, "<tr class=\"govuk-table__row meso-total\"><th scope=\"row\" "
                "class=\"govuk-table__header\">Whole school</th>");
    figure_cells(req, h, a);
    html_raw(h, "</tr>\n</tbody></table></div>\n");
    prompts(h, d.prompts, d.n_prompts, 8);
    html_raw(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/conversations\">Every "
                "pupil's conversations</a></p>\n");
    return 0;
}
