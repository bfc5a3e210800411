#include "pages/conversations/conv_pupil.h"

#include <string.h>

#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "html/form.h"
#include "model/access/access.h"
#include "model/conversations/agreement.h"
#include "model/register/carer.h"
#include "model/conversations/fidelity.h"
#include "model/calendar/schoolyear.h"
#include "model/conversations/scope.h"
#include "pages/common.h"
#include "pages/conversations/convpages.h"

static const char *term_label(enum term_name t)
{
    static const char *const labels[] = { "Autumn term", "Spring term", "Summer term" };
    return (unsigned)t < TERM_N ? labels[t] : "";
}

static const char *slot_label(enum slot_state s)
{
    switch (s) {
    case SLOT_HELD:
        return "Held";
    case SLOT_DUE:
        return "Due this term";
    case SLOT_OVERDUE:
        return "Still to hold";
    default:
        return "Later this year";
    }
}

static const char *slot_tag(enum slot_state s)
{
    switch (s) {
    case SLOT_HELD:
        return "govuk-tag--green";
    case SLOT_DUE:
        return "govuk-tag--blue";
    case SLOT_OVERDUE:
        return "govuk-tag--yellow";
    default:
        return "govuk-tag--grey";
    }
}

/* The filters above the list, each with how many it shows; current is the
 * index of the one shown (0: everyone). */
static void filter_links(struct html *h, const char *tq, const int counts[5], int current)
{
    static const char *const keys[] = { "", "due", "not-shared", "no-agreement", "targets" };
    static const char *const texts[] = { "Everyone", "Conversations due", "Records not yet shared",
                                         "No parent agreement yet",
                                         "Targets past their review date" };
    html_raw(h, "<nav class=\"meso-filters meso-no-print\" aria-label=\"Show\"><ul "
                "class=\"govuk-list\">\n");
    for (int i = 0; i < 5; i++)
        if (i == current)
            html(h,
                 "<li><a class=\"govuk-link meso-filters__current\" "
                 "href=\"/conversations?%sshow=%s\" aria-current=\"page\">%s (%d)</a></li>\n",
                 tq, keys[i], texts[i], counts[i]);
        else
            html(h,
                 "<li><a class=\"govuk-link\" href=\"/conversations?%sshow=%s\">%s (%d)</a></li>\n",
                 tq, keys[i], texts[i], counts[i]);
    html_raw(h, "</ul></nav>\n");
}

/* ---- the Conversations area ----------------------------------------------- */

int page_conversations(struct request *req, struct response *res)
{
    struct date today = date_today();
    int year = schoolyear_of(today);
    struct scope_filter f = { .school_id = req->who.school_id, .year = year, .today = today };
    bool lead = page_is_lead(req);
    long teacher = req_query_long(req, "teacher", 1, INT32_MAX, 0);
    if (lead && teacher)
        f.teacher_id = teacher;
    struct scope_entry *es;
    size_t n;
    struct audit_entry who = conv_who(req);
    int rc = scope_list(req->db, &req->arena, &f, &who, &es, &n, &req->err);
    if (rc)
        return rc;
    /* Only the pupils this person may see (a teacher's own, a family
     * worker's families, everyone for a lead). */
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        rc = access_pupil_visible(req->db, &req->who, es[i].pupil_id, &req->err);
        if (rc == 0)
            es[k++] = es[i];
        else if (rc != ERR_NOTFOUND)
            return rc;
    }
    n = k;
    /* Whether each has a parent agreement, and targets past review. */
    bool *agreement = arena_alloc(&req->arena, (n ? n : 1) * sizeof *agreement);
    int *late = arena_alloc(&req->arena, (n ? n : 1) * sizeof *late);
    if (!agreement || !late)
        return err_set(&req->err, ERR_NOMEM, "out of memory");
    int due = 0, overdue = 0, not_shared = 0, no_agreement = 0, targets = 0;
    for (size_t i = 0; i < n; i++) {
        if ((rc = scope_pupil_flags(req->db, es[i].pupil_id, today, &agreement[i], &late[i],
                                    &req->err)))
            return rc;
        due += es[i].due;
        overdue += es[i].overdue;
        not_shared += es[i].not_shared;
        no_agreement += !agreement[i];
        targets += late[i] > 0;
    }
    /* The list can be narrowed to what needs doing (issue 13). */
    const char *show = req_query(req, "show");
    enum { SHOW_ALL, SHOW_DUE, SHOW_NOT_SHARED, SHOW_NO_AGREEMENT, SHOW_TARGETS } which = SHOW_ALL;
    if (show && !strcmp(show, "due"))
        which = SHOW_DUE;
    else if (show && !strcmp(show, "not-shared"))
        which = SHOW_NOT_SHARED;
    else if (show && !strcmp(show, "no-agreement"))
        which = SHOW_NO_AGREEMENT;
    else if (show && !strcmp(show, "targets"))
        which = SHOW_TARGETS;
    k = 0;
    for (size_t i = 0; i < n; i++) {
        const struct scope_entry *s = &es[i];
        if (which == SHOW_ALL || (which == SHOW_DUE && (s->due || s->overdue)) ||
            (which == SHOW_NOT_SHARED && s->not_shared) ||
            (which == SHOW_NO_AGREEMENT && !agreement[i]) || (which == SHOW_TARGETS && late[i])) {
            agreement[k] = agreement[i];
            es[k++] = es[i];
        }
    }
    size_t total = n;
    n = k;
    char label[8];
    schoolyear_label(year, label, sizeof label);
    struct html h;
    struct page pg = { .title = "Conversations with families",
                       .caption = arena_sprintf(&req->arena, "School year %s", label),
                       .nav = "conversations",
                       .wide = true };
    page_begin(req, res, &h, &pg);
    html(&h,
         "<p class=\"govuk-body\">Pupils on SEN support or with an EHC plan, and any others added, "
         "have about three structured conversations with their family each year. %s</p>\n",
         lead ? "You can see every pupil." : "These are the pupils you work with.");
    if (lead)
        html_raw(&h, "<p class=\"govuk-body meso-no-print\"><a class=\"govuk-link\" "
                     "href=\"/conversations/report.xlsx\">Download the year's report as a "
                     "spreadsheet (.xlsx)</a></p>\n"
                     "<p class=\"govuk-body meso-no-print\"><a class=\"govuk-link\" "
                     "href=\"/evaluation\">Implementation and outcomes: how the way "
                     "conversations were held goes with how pupils did</a></p>\n");
    const char *tq = lead && teacher ? arena_sprintf(&req->arena, "teacher=%ld&", teacher) : "";
    const int counts[] = { (int)total, due + overdue, not_shared, no_agreement, targets };
    filter_links(&h, tq, counts, (int)which);
    if (n == 0) {
        if (which == SHOW_ALL)
            html_raw(&h, "<p class=\"govuk-body\">There is no one here yet. Pupils appear when "
                         "they are on SEN support, have an EHC plan or are added by a lead, and "
                         "you are their key teacher.</p>\n");
        else
            html_raw(&h, "<p class=\"govuk-body\">No one at the moment.</p>\n");
        return page_finish(req, &h);
    }
    /* One column for each term, so the terms line up down the page. */
    html_raw(&h, "<div class=\"meso-table-wrap\" role=\"region\" aria-label=\"Pupils and their "
                 "conversations\" tabindex=\"0\"><table class=\"govuk-table meso-conv-table\">"
                 "<caption class=\"govuk-table__caption govuk-visually-hidden\">Pupils and their "
                 "conversations this year</caption><thead class=\"govuk-table__head\"><tr "
                 "class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Pupil"
                 "</th><th scope=\"col\" class=\"govuk-table__header\">Key teacher</th>");
    for (int t = 0; t < TERM_N; t++)
        html(&h, "<th scope=\"col\" class=\"govuk-table__header\">%s</th>",
             term_label((enum term_name)t));
    html_raw(&h, "<th scope=\"col\" class=\"govuk-table__header\">Not yet shared</th>"
                 "<th scope=\"col\" class=\"govuk-table__header\">Last held</th></tr></thead>"
                 "<tbody class=\"govuk-table__body\">\n");
    for (size_t i = 0; i < n; i++) {
        const struct scope_entry *s = &es[i];
        html(&h,
             "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a "
             "class=\"govuk-link\" href=\"/pupils/%lld/conversations\">%s</a> <span "
             "class=\"meso-muted\">%s</span>",
             (long long)s->pupil_id, s->name, pupil_year_label(s->nc_year));
        if (!agreement[i])
            html_raw(&h, "<br><span class=\"meso-muted\">No parent agreement yet</span>");
        html(&h, "</td><td class=\"govuk-table__cell\">%s</td>",
             s->key_teacher ? s->key_teacher : "Not chosen yet");
        for (int t = 0; t < TERM_N; t++) {
            html_raw(&h, "<td class=\"govuk-table__cell\">");
            bool any = false;
            for (size_t j = 0; j < s->n_slots; j++)
                if ((int)s->slots[j].term == t) {
                    html(&h, "<strong class=\"govuk-tag %s meso-slot\">%s</strong>",
                         slot_tag(s->slots[j].state), slot_label(s->slots[j].state));
                    any = true;
                }
            if (!any)
                html_raw(&h, "<span class=\"meso-muted\">None planned</span>");
            html_raw(&h, "</td>");
        }
        html(&h,
             "<td class=\"govuk-table__cell\">%d</td><td class=\"govuk-table__cell\">%s</td>"
             "</tr>\n",
             s->not_shared, s->last_held[0] ? page_date(req, s->last_held) : "None yet");
    }
    html_raw(&h, "</tbody></table></div>\n");
    return page_finish(req, &h);
}

/* ---- a pupil's conversations ---------------------------------------------- */

static void agreement_summary(struct request *req, struct html *h, const struct agreement *ag)
{
    html_raw(h, "<dl class=\"govuk-summary-list\">\n");
    conv_row(h, "What the conversations are for", ag->purpose);
    conv_row(h, "What everyone hopes will come of them", ag->expected_outcomes);
    conv_row(h, "Agreed on", page_date(req, ag->agreed_on));
    struct buf b;
    buf_init(&b, 8192);
    for (size_t i = 0; i < ag->n_carers; i++)
        buf_addf(&b, "%s%s", b.len ? ", " : "",
                 ag->carer_names && ag->carer_names[i] ? ag->carer_names[i] : "");
    for (size_t i = 0; i < ag->n_staff; i++)
        buf_addf(&b, "%s%s", b.len ? ", " : "",
                 ag->staff_names && ag->staff_names[i] ? ag->staff_names[i] : "");
    conv_row(h, "Agreed by", arena_strdup(&req->arena, buf_str(&b)));
    buf_release(&b);
    if (!str_blank(ag->review_note))
        conv_row(h, "What changed at this review", ag->review_note);
    html_raw(h, "</dl>\n");
}

/* This year's planned conversations: how many were held, and each term's slot. */
static void planned_section(struct request *req, struct html *h, int year, const char *child,
                            const struct scope_entry *es, size_t n_es)
{
    char label[8];
    schoolyear_label(year, label, sizeof label);
    html(h, "<h2 class=\"govuk-heading-m\">Planned for %s</h2>\n", label);
    if (n_es == 0) {
        html(h,
             "<p class=\"govuk-body\">%s is not on the list for termly conversations (only pupils "
             "on SEN support or with an EHC plan, and those a lead adds, are). You can still "
             "record a conversation at any time.</p>\n",
             child);
    } else {
        const struct scope_entry *s = &es[0];
        html(h,
             "<p class=\"govuk-body\">%d of %zu conversations held this year, each counted in "
             "its own term.%s%s</p>\n",
             s->held, s->n_slots, s->next_date[0] ? " The next is arranged for " : "",
             s->next_date[0] ? arena_sprintf(&req->arena, "%s.", page_date(req, s->next_date))
                             : "");
        if (s->did_not_come)
            html(h,
                 "<div class=\"govuk-inset-text\">%d meeting%s arranged this year did not go "
                 "ahead because the family could not come. %s</div>\n",
                 s->did_not_come, s->did_not_come == 1 ? " was" : "s were", CONV_TRY_AGAIN);
        html_raw(h, "<dl class=\"govuk-summary-list\">\n");
        for (size_t i = 0; i < s->n_slots; i++)
            html(h,
                 "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                 "Conversation %d</dt><dd class=\"govuk-summary-list__value\">%s: <strong "
                 "class=\"govuk-tag %s\">%s</strong></dd></div>\n",
                 s->slots[i].seq, term_label(s->slots[i].term), slot_tag(s->slots[i].state),
                 slot_label(s->slots[i].state));
        html_raw(h, "</dl>\n");
    }
}

/* The parent agreement: its summary, or how to set it up. */
static void agreement_section(struct request *req, struct html *h, const struct pupil *p,
                              const struct agreement *ag, bool has_ag)
{
    html_raw(h, "<h2 class=\"govuk-heading-m\">The parent agreement</h2>\n");
    if (has_ag) {
        agreement_summary(req, h, ag);
        html(h,
             "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/pupils/%lld/agreement\">"
             "Review the agreement</a></p>\n",
             (long long)p->id);
    } else {
        html(h,
             "<p class=\"govuk-body\">At the first conversation, agree with the family what the "
             "conversations are for and what you all hope will come of them.</p>\n"
             "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/pupils/%lld/agreement\">"
             "Set up the agreement</a></p>\n",
             (long long)p->id);
    }
}

/* Views from home given for the next conversation (shown when there are any). */
static void views_section(struct request *req, struct html *h, const struct parent_view *vs,
                          size_t n_vs)
{
    if (n_vs) {
        html_raw(h, "<h2 class=\"govuk-heading-m\">Views from home for the next "
                    "conversation</h2>\n");
        for (size_t i = 0; i < n_vs; i++) {
            html(h,
                 "<div class=\"govuk-inset-text\"><p class=\"govuk-body\">%s, %s</p><dl "
                 "class=\"govuk-summary-list govuk-summary-list--no-border\">\n",
                 vs[i].carer_name ? vs[i].carer_name : "", page_date(req, vs[i].given_on));
            if (!str_blank(vs[i].going_well))
                conv_row(h, "What is going well", vs[i].going_well);
            if (!str_blank(vs[i].worries))
                conv_row(h, "Worries", vs[i].worries);
            if (!str_blank(vs[i].to_talk_about))
                conv_row(h, "What they would like to talk about", vs[i].to_talk_about);
            html_raw(h, "</dl></div>\n");
        }
    }
}

/* The records of conversations, as a table. */
static void records_section(struct request *req, struct html *h, const struct conversation *cs,
                            size_t n_cs)
{
    html_raw(h, "<h2 class=\"govuk-heading-m\">Records</h2>\n");
    if (n_cs == 0) {
        html_raw(h, "<p class=\"govuk-body\">No conversations are recorded yet.</p>\n");
    } else {
        html_raw(h, "<div class=\"meso-table-wrap\" role=\"region\" aria-label=\"Records\" "
                    "tabindex=\"0\"><table class=\"govuk-table\"><caption "
                    "class=\"govuk-table__caption govuk-visually-hidden\">Records of "
                    "conversations</caption><thead class=\"govuk-table__head\"><tr "
                    "class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">"
                    "Date</th><th scope=\"col\" class=\"govuk-table__header\">Status</th>"
                    "<th scope=\"col\" class=\"govuk-table__header\">Follows the model</th>"
                    "<th scope=\"col\" class=\"govuk-table__header\">Shared with the family</th>"
                    "</tr></thead><tbody class=\"govuk-table__body\">\n");
        for (size_t i = 0; i < n_cs; i++) {
            struct fidelity f;
            fidelity_check(&cs[i], &f);
            html(h,
                 "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a "
                 "class=\"govuk-link\" href=\"/conversations/%lld\">%s</a></td>"
                 "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%d of %d "
                 "parts</td><td class=\"govuk-table__cell\">%s</td></tr>\n",
                 (long long)cs[i].id, page_date(req, cs[i].event_date),
                 cs[i].did_not_come ? "The family did not come" : conv_status_label(cs[i].status),
                 f.n_met, FID_N, cs[i].shared_on[0] ? page_date(req, cs[i].shared_on) : "Not yet");
        }
        html_raw(h, "</tbody></table></div>\n");
    }
}

/* The targets agreed, as a table. */
static void targets_section(struct request *req, struct html *h, const struct target *ts,
                            size_t n_ts)
{
    html_raw(h, "<h2 class=\"govuk-heading-m\">Targets</h2>\n");
    if (n_ts == 0) {
        html_raw(h, "<p class=\"govuk-body\">No targets yet. They are agreed in the Plan stage "
                    "of a conversation.</p>\n");
    } else {
        html_raw(h, "<div class=\"meso-table-wrap\" role=\"region\" aria-label=\"Targets\" "
                    "tabindex=\"0\"><table class=\"govuk-table\"><caption "
                    "class=\"govuk-table__caption govuk-visually-hidden\">Targets</caption>"
                    "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                    "<th scope=\"col\" class=\"govuk-table__header\">Target</th>"
                    "<th scope=\"col\" class=\"govuk-table__header\">Who does it</th>"
                    "<th scope=\"col\" class=\"govuk-table__header\">Review by</th>"
                    "<th scope=\"col\" class=\"govuk-table__header\">Where it is now</th>"
                    "</tr></thead><tbody class=\"govuk-table__body\">\n");
        for (size_t i = 0; i < n_ts; i++)
            html(h,
                 "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell "
                 "meso-multiline\">%s</td><td class=\"govuk-table__cell\">%s</td>"
                 "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s "
                 "<a class=\"govuk-link\" href=\"/targets/%lld/review\">Review<span "
                 "class=\"govuk-visually-hidden\"> target %zu</span></a></td></tr>\n",
                 ts[i].what, conv_owner_label(ts[i].owner),
                 ts[i].review_date[0] ? page_date(req, ts[i].review_date) : "",
                 conv_target_status_label(ts[i].status), (long long)ts[i].id, i + 1);
        html_raw(h, "</tbody></table></div>\n");
    }
}

int page_pupil_conversations(struct request *req, struct response *res)
{
    struct pupil p;
    int rc = page_pupil(req, page_id(req, 0), &p);
    if (rc)
        return rc;
    struct date today = date_today();
    int year = schoolyear_of(today);
    struct audit_entry who = conv_who(req);
    struct scope_filter sf = {
        .school_id = p.school_id, .pupil_id = p.id, .year = year, .today = today
    };
    struct scope_entry *es;
    size_t n_es;
    struct agreement ag;
    bool has_ag = false;
    struct conversation *cs;
    size_t n_cs;
    struct conv_filter cf = { .school_id = p.school_id, .pupil_id = p.id };
    struct target *ts;
    size_t n_ts;
    struct parent_view *vs;
    size_t n_vs;
    if ((rc = scope_list(req->db, &req->arena, &sf, &who, &es, &n_es, &req->err)) ||
        (rc = agreement_current(req->db, &req->arena, p.id, &who, &ag, &has_ag, &req->err)) ||
        (rc = conversation_list(req->db, &req->arena, &cf, &who, &cs, &n_cs, &req->err)) ||
        (rc = target_list(req->db, &req->arena, p.id, &who, &ts, &n_ts, &req->err)) ||
        (rc = parent_view_pending(req->db, &req->arena, p.id, &who, &vs, &n_vs, &req->err)))
        return rc;
    const char *child = conv_first_name(&p);
    struct html h;
    struct page pg = { .title = "Conversations with the family",
                       .caption = pupil_display_name(&req->arena, &p),
                       .nav = "conversations",
                       .back_href = arena_sprintf(&req->arena, "/pupils/%lld", (long long)p.id) };
    page_begin(req, res, &h, &pg);
    if (req_query(req, "saved"))
        layout_banner(&h, true, "Saved", "Your changes have been saved.");
    html(&h,
         "<a href=\"/pupils/%lld/conversations/new\" role=\"button\" draggable=\"false\" "
         "class=\"govuk-button\" data-module=\"govuk-button\">Record a conversation</a>\n",
         (long long)p.id);

    planned_section(req, &h, year, child, es, n_es);

    agreement_section(req, &h, &p, &ag, has_ag);

    views_section(req, &h, vs, n_vs);

    records_section(req, &h, cs, n_cs);

    targets_section(req, &h, ts, n_ts);
    html(&h,
         "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/pupils/%lld/contacts\">Contact "
         "with the family</a></p>\n",
         (long long)p.id);
    return page_finish(req, &h);
}

/* ---- the parent agreement --------------------------------------------------- */

static void carer_ticks(struct request *req, struct html *h, const char *legend, const char *prefix,
                        const struct pupil_carer *pcs, size_t n, const int64_t *on, size_t n_on,
                        const char *err)
{
    html(h,
         "<div class=\"govuk-form-group%s\"><fieldset class=\"govuk-fieldset\" id=\"carers\">"
         "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">%s</legend>\n",
         err ? " govuk-form-group--error" : "", legend);
    if (err)
        html(h,
             "<p id=\"carers-error\" class=\"govuk-error-message\"><span "
             "class=\"govuk-visually-hidden\">Error:</span> %s</p>\n",
             err);
    html_raw(h, "<div class=\"govuk-checkboxes\" data-module=\"govuk-checkboxes\">\n");
    for (size_t i = 0; i < n; i++) {
        bool checked = false;
        for (size_t j = 0; j < n_on; j++)
            checked |= on[j] == pcs[i].carer.id;
        html(h,
             "<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" "
             "id=\"%s-%lld\" name=\"%s-%lld\" type=\"checkbox\" value=\"yes\"%s>"
             "<label class=\"govuk-label govuk-checkboxes__label\" for=\"%s-%lld\">%s</label>"
             "</div>\n",
             prefix, (long long)pcs[i].carer.id, prefix, (long long)pcs[i].carer.id,
             checked ? " checked" : "", prefix, (long long)pcs[i].carer.id,
             carer_display_name(&req->arena, &pcs[i].carer));
    }
    html_raw(h, "</div></fieldset></div>\n");
}

static void render_agreement(struct request *req, struct response *res, const struct pupil *p,
                             const struct agreement *cur, bool has_cur,
                             const struct agreement *history, size_t n_history,
                             const struct agreement *form, const struct pupil_carer *pcs,
                             size_t n_pcs, const struct problems *pr)
{
    struct html h;
    struct page pg = { .title = "The parent agreement",
                       .caption = pupil_display_name(&req->arena, p),
                       .nav = "conversations",
                       .back_href = arena_sprintf(&req->arena, "/pupils/%lld/conversations",
                                                  (long long)p->id) };
    page_begin(req, res, &h, &pg);
    form_error_summary(&h, pr);
    if (has_cur) {
        html(&h, "<h2 class=\"govuk-heading-m\">The agreement now (version %d)</h2>\n",
             cur->version);
        agreement_summary(req, &h, cur);
        if (n_history > 1) {
            html_raw(&h,
                     "<details class=\"govuk-details\"><summary class=\"govuk-details__summary\">"
                     "<span class=\"govuk-details__summary-text\">Earlier versions</span>"
                     "</summary><div class=\"govuk-details__text\">\n");
            for (size_t i = 1; i < n_history; i++) {
                html(&h, "<h3 class=\"govuk-heading-s\">Version %d</h3>\n", history[i].version);
                agreement_summary(req, &h, &history[i]);
            }
            html_raw(&h, "</div></details>\n");
        }
    } else {
        html_raw(&h, "<p class=\"govuk-body\">The first conversation sets up an agreement with the "
                     "family: what the conversations are for, and what everyone hopes will come "
                     "of them.</p>\n");
    }
    html(&h, "<h2 class=\"govuk-heading-m\">%s</h2>\n",
         has_cur ? "Review the agreement" : "Set up the agreement");
    form_start(&h, arena_sprintf(&req->arena, "/pupils/%lld/agreement", (long long)p->id),
               req->csrf);
    struct field fp = { .name = "purpose",
                        .label = "What the conversations are for",
                        .value = form->purpose,
                        .error = problems_for(pr, "purpose") };
    form_textarea(&h, &fp, 3);
    struct field fo = { .name = "outcomes",
                        .label = "What everyone hopes will come of them",
                        .value = form->expected_outcomes,
                        .error = problems_for(pr, "outcomes") };
    form_textarea(&h, &fo, 3);
    struct field fd = { .name = "date",
                        .label = "Date agreed",
                        .value = form->agreed_on,
                        .error = problems_for(pr, "date"),
                        .type = "date",
                        .width = "10" };
    form_input(&h, &fd);
    carer_ticks(req, &h, "Who agreed it", "agreed", pcs, n_pcs, form->carer_ids, form->n_carers,
                problems_for(pr, "carers"));
    if (has_cur) {
        struct field fr = { .name = "review_note",
                            .label = "What changed, and why (optional)",
                            .value = form->review_note };
        form_textarea(&h, &fr, 2);
    }
    form_button(&h, has_cur ? "Save the review" : "Save the agreement", false);
    form_end(&h);
    page_finish(req, &h);
}

static int agreement_page(struct request *req, struct response *res, struct agreement *form,
                          const struct problems *pr)
{
    struct pupil p;
    int rc = page_pupil(req, page_id(req, 0), &p);
    if (rc)
        return rc;
    struct audit_entry who = conv_who(req);
    struct agreement *hist;
    size_t n_hist;
    struct pupil_carer *pcs;
    size_t n_pcs;
    if ((rc = agreement_history(req->db, &req->arena, p.id, &who, &hist, &n_hist, &req->err)) ||
        (rc = carer_list_for_pupil(req->db, &req->arena, p.id, &pcs, &n_pcs, &req->err)))
        return rc;
    struct agreement blank = { 0 };
    if (!form) {
        form = &blank;
        if (n_hist) {
            blank = hist[0];
            blank.review_note = NULL;
        } else if (n_pcs) {
            blank.carer_ids = &pcs[0].carer.id;
            blank.n_carers = 1;
        }
        conv_today(blank.agreed_on);
    }
    render_agreement(req, res, &p, n_hist ? &hist[0] : NULL, n_hist > 0, hist, n_hist, form, pcs,
                     n_pcs, pr);
    return 0;
}

int page_agreement(struct request *req, struct response *res)
{
    return agreement_page(req, res, NULL, NULL);
}

int page_agreement_post(struct request *req, struct response *res)
{
    struct pupil p;
    int rc = page_pupil(req, page_id(req, 0), &p);
    if (rc)
        return rc;
    struct pupil_carer *pcs;
    size_t n_pcs;
    if ((rc = carer_list_for_pupil(req->db, &req->arena, p.id, &pcs, &n_pcs, &req->err)))
        return rc;
    struct agreement ag = { .pupil_id = p.id,
                            .purpose = req_text(req, "purpose"),
                            .expected_outcomes = req_text(req, "outcomes") };
    const char *note = req_text(req, "review_note");
    ag.review_note = *note ? note : NULL;
    struct problems pr;
    problems_init(&pr, &req->arena);
    char why[200];
    const char *d = req_text(req, "date");
    if (*d && pupil_parse_date(d, ag.agreed_on, why, sizeof why))
        problems_add(&pr, "date", "Enter the date as a real date, like 14/03/2025");
    ag.carer_ids = arena_array(&req->arena, n_pcs + 1, sizeof *ag.carer_ids);
    ag.staff_ids = arena_array(&req->arena, 1, sizeof *ag.staff_ids);
    if (!ag.carer_ids || !ag.staff_ids)
        return ERR_NOMEM;
    for (size_t i = 0; i < n_pcs; i++)
        if (conv_checked(req,
                         arena_sprintf(&req->arena, "agreed-%lld", (long long)pcs[i].carer.id)))
            ag.carer_ids[ag.n_carers++] = pcs[i].carer.id;
    if (req->who.staff_id)
        ag.staff_ids[ag.n_staff++] = req->who.staff_id;
    size_t from = pr.n;
    if ((rc = agreement_validate(req->db, &ag, &pr, &req->err)))
        return rc;
    conv_sentences(req, &pr, from);
    conv_dedupe(&pr);
    if (pr.n) {
        res->status = 422;
        return agreement_page(req, res, &ag, &pr);
    }
    struct audit_entry who = conv_who(req);
    if ((rc = agreement_save(req->db, &ag, &who, &req->err)))
        return rc;
    resp_redirect(
        res, arena_sprintf(&req->arena, "/pupils/%lld/conversations?saved=1", (long long)p.id));
    return 0;
}

/* ---- reviewing a target ------------------------------------------------------ */

static const struct option status_opts[] = {
    { "progressing", "Making progress", NULL },
    { "achieved", "Achieved", NULL },
    { "changed", "Changed", "You agreed a different target instead" },
    { "stopped", "Stopped", NULL },
    { "open", "Not started yet", NULL },
};
static const struct option yes_no[] = { { "yes", "Yes", NULL }, { "no", "No", NULL } };

static int load_target(struct request *req, struct target *t, struct pupil *p)
{
    int64_t id = page_id(req, 0);
    if (id <= 0)
        return ERR_NOTFOUND;
    int rc = target_get(req->db, &req->arena, id, t, &req->err);
    if (rc == 0)
        rc = page_pupil(req, t->pupil_id, p);
    return rc;
}

static void render_review(struct request *req, struct response *res, const struct target *t,
                          const struct pupil *p, const struct target_review *r, const char *parent,
                          const struct problems *pr)
{
    struct html h;
    struct page pg = { .title = "Review a target",
                       .caption = pupil_display_name(&req->arena, p),
                       .nav = "conversations",
                       .back_href = arena_sprintf(&req->arena, "/conversations/%lld",
                                                  (long long)t->conversation_id) };
    page_begin(req, res, &h, &pg);
    form_error_summary(&h, pr);
    html_raw(&h, "<dl class=\"govuk-summary-list\">\n");
    conv_row(&h, "Target", t->what);
    conv_row(&h, "Who does it", conv_owner_label(t->owner));
    conv_row(&h, "How we will know", t->how_we_know);
    conv_row(&h, "Set on", page_date(req, t->set_on));
    conv_row(&h, "Review by", t->review_date[0] ? page_date(req, t->review_date) : NULL);
    conv_row(&h, "Where it is now", conv_target_status_label(t->status));
    html_raw(&h, "</dl>\n");
    if (t->n_reviews) {
        html_raw(&h,
                 "<h2 class=\"govuk-heading-m\">Reviews so far</h2><ul class=\"govuk-list\">\n");
        for (size_t i = 0; i < t->n_reviews; i++) {
            const struct target_review *rv = &t->reviews[i];
            html(&h, "<li>%s: %s%s%s%s</li>\n", page_date(req, rv->reviewed_on),
                 conv_target_status_label(rv->status),
                 rv->parent_took_part ? ", with the parent" : "", rv->note ? ". " : "",
                 rv->note ? rv->note : "");
        }
        html_raw(&h, "</ul>\n");
    }
    html_raw(&h, "<h2 class=\"govuk-heading-m\">How is it going?</h2>\n");
    form_start(&h, arena_sprintf(&req->arena, "/targets/%lld/review", (long long)t->id), req->csrf);
    struct field fs = { .name = "status",
                        .label = "Where is it now?",
                        .value = r->status,
                        .error = problems_for(pr, "status") };
    form_radios(&h, &fs, status_opts, sizeof status_opts / sizeof status_opts[0], false);
    struct field fp = { .name = "parent",
                        .label = "Did the parent or carer take part in this review?",
                        .value = parent,
                        .error = problems_for(pr, "parent") };
    form_radios(&h, &fp, yes_no, 2, true);
    struct field fd = { .name = "reviewed_on",
                        .label = "Date of the review",
                        .value = r->reviewed_on,
                        .error = problems_for(pr, "reviewed_on"),
                        .type = "date",
                        .width = "10" };
    form_input(&h, &fd);
    struct field fn = { .name = "note", .label = "Note (optional)", .value = r->note };
    form_textarea(&h, &fn, 2);
    form_button(&h, "Save the review", false);
    form_end(&h);
    page_finish(req, &h);
}

int page_target_review(struct request *req, struct response *res)
{
    struct target t;
    struct pupil p;
    int rc = load_target(req, &t, &p);
    if (rc)
        return rc;
    if ((rc = page_audit(req, "view", "target", t.id, p.id, NULL)))
        return rc;
    struct target_review r = { .status = t.status };
    conv_today(r.reviewed_on);
    render_review(req, res, &t, &p, &r, NULL, NULL);
    return 0;
}

int page_target_review_post(struct request *req, struct response *res)
{
    struct target t;
    struct pupil p;
    int rc = load_target(req, &t, &p);
    if (rc)
        return rc;
    struct target_review r = { .target_id = t.id };
    struct problems pr;
    problems_init(&pr, &req->arena);
    const char *status = req_text(req, "status");
    if (target_parse_status(status, &r.status) != 0) {
        problems_add(&pr, "status", "Choose where the target is now");
        r.status = NULL;
    }
    const char *parent = req_text(req, "parent");
    if (strcmp(parent, "yes") && strcmp(parent, "no"))
        problems_add(&pr, "parent", "Say whether the parent or carer took part");
    r.parent_took_part = !strcmp(parent, "yes");
    char why[200];
    const char *d = req_text(req, "reviewed_on");
    if (!*d || pupil_parse_date(d, r.reviewed_on, why, sizeof why))
        problems_add(&pr, "reviewed_on", "Enter the date of the review as a real date");
    const char *note = req_text(req, "note");
    r.note = *note ? note : NULL;
    struct audit_entry who = conv_who(req);
    if (!pr.n) {
        rc = target_review(req->db, &r, &who, &req->err);
        if (rc == ERR_INPUT) {
            /* The model's message starts with the field ("date: ..."). */
            const char *m = strstr(req->err.msg, ": ");
            problems_add(&pr, str_starts_with(req->err.msg, "note") ? "note" : "reviewed_on", "%s",
                         m ? m + 2 : req->err.msg);
            conv_sentences(req, &pr, 0);
        } else if (rc) {
            return rc;
        }
    }
    if (pr.n) {
        res->status = 422;
        render_review(req, res, &t, &p, &r, *parent ? parent : NULL, &pr);
        return 0;
    }
    resp_redirect(res, arena_sprintf(&req->arena, "/conversations/%lld?reviewed=1",
                                     (long long)t.conversation_id));
    return 0;
}
