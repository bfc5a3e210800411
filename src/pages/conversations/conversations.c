#include "pages/conversations/conversations.h"

#include <string.h>

#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "html/form.h"
#include "model/register/carer.h"
#include "model/conversations/fidelity.h"
#include "pages/calnote.h"
#include "pages/common.h"
#include "pages/conversations/convpages.h"

/* The pages of a record, in the order a conversation runs. */
enum stage_page { SP_MEETING = 0, SP_EXPLORE, SP_FOCUS, SP_PLAN, SP_REVIEW };

static const struct {
    const char *slug, *title, *caption;
} stage_pages[] = {
    { "meeting", "About the meeting", NULL },
    { "explore", "Explore: the parent's account", "Stage 1 of 4" },
    { "focus", "Focus: what to work on", "Stage 2 of 4" },
    { "plan", "Plan: targets", "Stage 3 of 4" },
    { "review", "Review: next steps", "Stage 4 of 4" },
};

/* ---- who came ------------------------------------------------------------ */

/* The pupil's carers as checkboxes "came-ID", ticked when they came. */
static void carer_boxes(struct request *req, struct html *h, const struct pupil_carer *pcs,
                        size_t n, const struct conversation *c, bool tick_first, const char *child,
                        const struct problems *pr)
{
    const char *err = problems_for(pr, "carers");
    html(h,
         "<div class=\"govuk-form-group%s\"><fieldset class=\"govuk-fieldset\" id=\"carers\">"
         "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">Who came?</legend>\n",
         err ? " govuk-form-group--error" : "");
    if (err)
        html(h,
             "<p id=\"carers-error\" class=\"govuk-error-message\"><span "
             "class=\"govuk-visually-hidden\">Error:</span> %s</p>\n",
             err);
    html_raw(h, "<div class=\"govuk-checkboxes\" data-module=\"govuk-checkboxes\">\n");
    for (size_t i = 0; i < n; i++) {
        bool on = tick_first && i == 0;
        for (size_t k = 0; c && k < c->n_carers; k++)
            if (c->carers[k].carer_id == pcs[i].carer.id)
                on = c->carers[k].attended;
        html(h,
             "<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" "
             "id=\"came-%lld\" name=\"came-%lld\" type=\"checkbox\" value=\"yes\"%s>"
             "<label class=\"govuk-label govuk-checkboxes__label\" for=\"came-%lld\">%s "
             "<span class=\"meso-muted\">(%s)</span></label></div>\n",
             (long long)pcs[i].carer.id, (long long)pcs[i].carer.id, on ? " checked" : "",
             (long long)pcs[i].carer.id, carer_display_name(&req->arena, &pcs[i].carer),
             pcs[i].link.relationship ? pcs[i].link.relationship : "");
    }
    html(h,
         "<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" "
         "id=\"pupil_present\" name=\"pupil_present\" type=\"checkbox\" value=\"yes\"%s>"
         "<label class=\"govuk-label govuk-checkboxes__label\" for=\"pupil_present\">%s "
         "<span class=\"meso-muted\">(the pupil)</span></label></div>\n",
         c && c->pupil_present ? " checked" : "", child);
    html_raw(h, "</div></fieldset></div>\n");
}

static const struct option way_opts[] = {
    { "in_person", "In person", NULL },
    { "phone", "By phone", NULL },
    { "video", "By video call", NULL },
    { "did_not_come", "The family did not come",
      "It was arranged, and the family could not come. It is kept apart and not counted as held." },
};

/* How the meeting was held, or that the family did not come. */
static void way_radios(struct html *h, const struct conversation *c, const struct problems *pr)
{
    struct field f = { .name = "way",
                       .label = "How did you meet?",
                       .value = c->did_not_come ? "did_not_come"
                                : c->way        ? c->way
                                                : "in_person",
                       .error = problems_for(pr, "way") };
    form_radios(h, &f, way_opts, sizeof way_opts / sizeof way_opts[0], false);
}

/* Read "came-ID" boxes into c->carers: every carer of the pupil who came,
 * and those invited before who did not. */
static int read_carers(struct request *req, const struct pupil_carer *pcs, size_t n,
                       struct conversation *c)
{
    struct conv_carer *out = arena_array(&req->arena, n + 1, sizeof *out);
    if (!out)
        return ERR_NOMEM;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t id = pcs[i].carer.id;
        bool came = conv_checked(req, arena_sprintf(&req->arena, "came-%lld", (long long)id));
        bool invited = came;
        for (size_t j = 0; j < c->n_carers; j++)
            if (c->carers[j].carer_id == id)
                invited |= c->carers[j].invited;
        if (invited)
            out[k++] = (struct conv_carer){ .carer_id = id, .invited = true, .attended = came };
    }
    c->carers = out;
    c->n_carers = k;
    c->pupil_present = conv_checked(req, "pupil_present");
    const char *v = req_text(req, "others");
    c->others = *v ? v : NULL;
    /* How it was held, or that the family did not come: then nobody came,
     * and it stays an arranged meeting (never counted as held). */
    v = req_text(req, "way");
    bool was_missed = c->did_not_come;
    c->did_not_come = !strcmp(v, "did_not_come");
    if (c->did_not_come) {
        c->way = NULL;
        for (size_t i = 0; i < c->n_carers; i++)
            c->carers[i].attended = false;
        c->status = "planned";
    } else {
        if (!*v || conversation_parse_way(v, &c->way) != 0)
            c->way = *v ? v : NULL; /* validation says what is wrong */
        if (was_missed)
            c->status = "draft";
    }
    return 0;
}

static void read_event_date(struct request *req, struct conversation *c, struct problems *pr)
{
    char why[200];
    const char *v = req_text(req, "event_date");
    if (!*v)
        problems_add(pr, "event_date", "Enter the date of the conversation");
    else if (pupil_parse_date(v, c->event_date, why, sizeof why))
        problems_add(pr, "event_date", "Enter the date as a real date, like 14/03/2025");
    else {
        char today[11];
        conv_today(today);
        if (strcmp(c->event_date, today) > 0)
            problems_add(pr, "event_date",
                         "The date is in the future. Record the conversation once it has "
                         "happened");
    }
}

/* The parents' views that will open this conversation: those it has taken
 * up already, and those given since that it will take up when saved. */
static int views_for(struct request *req, const struct conversation *c, struct parent_view **out,
                     size_t *n)
{
    struct parent_view *pending;
    size_t n_pending;
    struct audit_entry who = conv_who(req);
    int rc = parent_view_pending(req->db, &req->arena, c->pupil_id, &who, &pending, &n_pending,
                                 &req->err);
    if (rc)
        return rc;
    struct parent_view *all = arena_array(&req->arena, c->n_views + n_pending + 1, sizeof *all);
    if (!all)
        return ERR_NOMEM;
    size_t k = 0;
    for (size_t i = 0; i < c->n_views; i++)
        all[k++] = c->views[i];
    for (size_t i = 0; i < n_pending; i++)
        if (!c->event_date[0] || strcmp(pending[i].given_on, c->event_date) <= 0)
            all[k++] = pending[i];
    *out = all;
    *n = k;
    return 0;
}

/* ---- a new record: about the meeting ------------------------------------- */

static void render_new(struct request *req, struct response *res, const struct pupil *p,
                       const struct conversation *c, const struct pupil_carer *pcs, size_t n_pcs,
                       size_t n_views, const struct problems *pr)
{
    struct html h;
    struct page pg = { .title = "Record a conversation",
                       .caption = pupil_display_name(&req->arena, p),
                       .nav = "conversations",
                       .back_href = arena_sprintf(&req->arena, "/pupils/%lld/conversations",
                                                  (long long)p->id) };
    page_begin(req, res, &h, &pg);
    form_error_summary(&h, pr);
    html_raw(&h, "<p class=\"govuk-body\">You will go through the four stages in order: "
                 "Explore, Focus, Plan and Review. Each stage is saved as you go, so you can stop "
                 "and come back.</p>\n");
    if (n_views)
        html(&h,
             "<div class=\"govuk-inset-text\">%s's family shared their views before this "
             "meeting. You will see them at the start of the Explore stage.</div>\n",
             conv_first_name(p));
    form_start(&h, arena_sprintf(&req->arena, "/pupils/%lld/conversations/new", (long long)p->id),
               req->csrf);
    struct field fd = { .name = "event_date",
                        .label = "Date of the conversation",
                        .value = c->event_date,
                        .error = problems_for(pr, "event_date"),
                        .type = "date",
                        .width = "10" };
    form_input(&h, &fd);
    way_radios(&h, c, pr);
    carer_boxes(req, &h, pcs, n_pcs, c->n_carers ? c : NULL, c->n_carers == 0 && !pr,
                conv_first_name(p), pr);
    struct field fo = { .name = "others",
                        .label = "Anyone else there (optional)",
                        .hint = "For example, an interpreter or the class teacher",
                        .value = c->others };
    form_input(&h, &fo);
    form_button(&h, "Save and continue", false);
    form_end(&h);
    page_finish(req, &h);
}

int page_conv_new(struct request *req, struct response *res)
{
    struct pupil p;
    int rc = page_pupil(req, page_id(req, 0), &p);
    if (rc)
        return rc;
    struct pupil_carer *pcs;
    size_t n;
    if ((rc = carer_list_for_pupil(req->db, &req->arena, p.id, &pcs, &n, &req->err)))
        return rc;
    struct conversation c = { .pupil_id = p.id };
    conv_today(c.event_date);
    struct parent_view *vs;
    size_t n_vs;
    if ((rc = views_for(req, &c, &vs, &n_vs)))
        return rc;
    render_new(req, res, &p, &c, pcs, n, n_vs, NULL);
    return 0;
}

int page_conv_create(struct request *req, struct response *res)
{
    struct pupil p;
    int rc = page_pupil(req, page_id(req, 0), &p);
    if (rc)
        return rc;
    struct pupil_carer *pcs;
    size_t n;
    if ((rc = carer_list_for_pupil(req->db, &req->arena, p.id, &pcs, &n, &req->err)))
        return rc;
    struct conversation c = { .pupil_id = p.id,
                              .school_id = p.school_id,
                              .status = "draft",
                              .staff_id = p.key_teacher_id ? p.key_teacher_id : req->who.staff_id };
    struct problems pr;
    problems_init(&pr, &req->arena);
    read_event_date(req, &c, &pr);
    if ((rc = read_carers(req, pcs, n, &c)))
        return rc;
    size_t from = pr.n;
    if ((rc = conversation_validate(req->db, &c, &pr, &req->err)))
        return rc;
    conv_sentences(req, &pr, from);
    if (pr.n) {
        res->status = 422;
        render_new(req, res, &p, &c, pcs, n, 0, &pr);
        return 0;
    }
    struct audit_entry who = conv_who(req);
    if ((rc = conversation_create(req->db, &c, NULL, 0, &who, &req->err)))
        return rc;
    resp_redirect(res, conv_href(req, c.id, c.did_not_come ? NULL : "/explore"));
    return 0;
}

/* ---- the stages ----------------------------------------------------------- */

static void stage_start(struct request *req, struct response *res, struct html *h,
                        const struct conversation *c, const struct pupil *p, enum stage_page sp,
                        const struct problems *pr)
{
    const char *name = pupil_display_name(&req->arena, p);
    struct page pg = { .title = stage_pages[sp].title,
                       .caption =
                           stage_pages[sp].caption
                               ? arena_sprintf(&req->arena, "%s: %s", name, stage_pages[sp].caption)
                               : name,
                       .nav = "conversations",
                       .back_href = conv_href(req, c->id, NULL) };
    page_begin(req, res, h, &pg);
    form_error_summary(h, pr);
    /* Only a note: a conversation may take place on any day. */
    if (page_date_note(req, h, c->event_date,
                       "If the conversation did take place that day, there is nothing to change."))
        err_clear(&req->err);
    form_start(h, conv_href(req, c->id, arena_sprintf(&req->arena, "/%s", stage_pages[sp].slug)),
               req->csrf);
}

static void stage_end(struct request *req, struct html *h, const struct conversation *c)
{
    html(h,
         "<div class=\"govuk-button-group\"><button type=\"submit\" class=\"govuk-button\" "
         "data-module=\"govuk-button\">Save and continue</button>"
         "<a class=\"govuk-link\" href=\"%s\">Back to the record</a></div>\n",
         conv_href(req, c->id, NULL));
    form_end(h);
}

static void textarea(struct html *h, const char *name, const char *label, const char *hint,
                     const char *value, const struct problems *pr, int rows)
{
    struct field f = {
        .name = name, .label = label, .hint = hint, .value = value, .error = problems_for(pr, name)
    };
    form_textarea(h, &f, rows);
}

static const struct option owner_opts_fmt[] = {
    { "school", "School", NULL },
    { "parent", "Parent or carer, at home", NULL },
    { "pupil", "Pupil", NULL },
};

static void render_stage(struct request *req, struct response *res, const struct conversation *c,
                         const struct pupil *p, enum stage_page sp, const struct problems *pr,
                         const struct target *nt)
{
    struct html h;
    const char *child = conv_first_name(p);
    if (sp == SP_MEETING) {
        struct pupil_carer *pcs = NULL;
        size_t n = 0;
        if (carer_list_for_pupil(req->db, &req->arena, p->id, &pcs, &n, &req->err))
            n = 0;
        stage_start(req, res, &h, c, p, sp, pr);
        struct field fd = { .name = "event_date",
                            .label = "Date of the conversation",
                            .value = c->event_date,
                            .error = problems_for(pr, "event_date"),
                            .type = "date",
                            .width = "10" };
        form_input(&h, &fd);
        way_radios(&h, c, pr);
        carer_boxes(req, &h, pcs, n, c, false, child, pr);
        struct field fo = { .name = "others",
                            .label = "Anyone else there (optional)",
                            .hint = "For example, an interpreter or the class teacher",
                            .value = c->others };
        form_input(&h, &fo);
        stage_end(req, &h, c);
        page_finish(req, &h);
        return;
    }
    stage_start(req, res, &h, c, p, sp, pr);
    switch (sp) {
    case SP_EXPLORE: {
        struct parent_view *vs = NULL;
        size_t n_vs = 0;
        if (views_for(req, c, &vs, &n_vs))
            n_vs = 0;
        conv_views_box(req, &h, vs, n_vs);
        html_raw(&h, "<p class=\"govuk-body\">Let the parent speak first. Listen, check you have "
                     "understood, and write down what they say in their own words.</p>\n");
        textarea(&h, "going_well", "What is going well",
                 "Successes, big or small, at home or at school", c->going_well, pr, 4);
        textarea(&h, "concerns", "Their concerns", NULL, c->concerns, pr, 4);
        textarea(&h, "hopes", arena_sprintf(&req->arena, "Their hopes for %s", child), NULL,
                 c->hopes, pr, 4);
        textarea(&h, "family_views", "If the family's views are not here, say why (optional)",
                 "A record needs the family's views, or a note of why not, before it is complete",
                 c->family_views_note, pr, 2);
        break;
    }
    case SP_FOCUS:
        if (conversation_stage_recorded(c, STAGE_EXPLORE)) {
            html_raw(&h,
                     "<details class=\"govuk-details\"><summary class=\"govuk-details__summary\">"
                     "<span class=\"govuk-details__summary-text\">What the parent told you"
                     "</span></summary><div class=\"govuk-details__text\"><dl "
                     "class=\"govuk-summary-list govuk-summary-list--no-border\">\n");
            conv_row(&h, "What is going well", c->going_well);
            conv_row(&h, "Their concerns", c->concerns);
            conv_row(&h, "Their hopes", c->hopes);
            html_raw(&h, "</dl></div></details>\n");
        }
        html(&h,
             "<p class=\"govuk-body\">Together, pick out what matters most. Then agree one area "
             "to focus on. It should be about %s's progress.</p>\n",
             child);
        textarea(&h, "priorities", "Priorities", "What matters most to the family and to school",
                 c->priorities, pr, 3);
        textarea(&h, "focus_area", "The area of focus", NULL, c->focus_area, pr, 2);
        form_checkbox(&h, "agreed_together", "We agreed this area of focus together",
                      c->agreed_together);
        break;
    case SP_PLAN: {
        html_raw(&h, "<p class=\"govuk-body\">Agree what each of you will do, at school and at "
                     "home, and when you will look at it again.</p>\n");
        if (c->n_targets) {
            html_raw(&h, "<h2 class=\"govuk-heading-m\">Targets agreed</h2>\n");
            conv_target_table(req, &h, c, false);
            html_raw(&h, "<h2 class=\"govuk-heading-m\">Add another target</h2>\n");
        } else {
            html_raw(&h, "<h2 class=\"govuk-heading-m\">Add a target</h2>\n");
        }
        struct option owners[3];
        memcpy(owners, owner_opts_fmt, sizeof owners);
        owners[2].label = child;
        textarea(&h, "what", "What is the target?", NULL, nt ? nt->what : NULL, pr, 2);
        struct field fo = { .name = "owner",
                            .label = "Who will do it?",
                            .value = nt ? nt->owner : NULL,
                            .error = problems_for(pr, "owner") };
        form_radios(&h, &fo, owners, 3, false);
        struct field fk = { .name = "how_we_know",
                            .label = "How will we know it is working? (optional)",
                            .value = nt ? nt->how_we_know : NULL,
                            .error = problems_for(pr, "how_we_know") };
        form_input(&h, &fk);
        struct field fr = { .name = "review_date",
                            .label = "When will you look at it again?",
                            .hint = "For example, the date of the next meeting",
                            .value = nt ? nt->review_date : NULL,
                            .error = problems_for(pr, "review_date"),
                            .type = "date",
                            .width = "10" };
        form_input(&h, &fr);
        html(&h,
             "<div class=\"govuk-button-group\"><button type=\"submit\" class=\"govuk-button\" "
             "name=\"then\" value=\"review\" data-module=\"govuk-button\">Save and continue"
             "</button><button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
             "name=\"then\" value=\"more\" data-module=\"govuk-button\">Save and add another "
             "target</button><a class=\"govuk-link\" href=\"%s\">Back to the record</a></div>\n",
             conv_href(req, c->id, NULL));
        form_end(&h);
        page_finish(req, &h);
        return;
    }
    case SP_REVIEW:
        html_raw(&h, "<p class=\"govuk-body\">Sum up together, agree the next steps, and arrange "
                     "the next meeting.</p>\n");
        textarea(&h, "summary", "Summary", NULL, c->summary, pr, 3);
        textarea(&h, "next_steps", "Next steps", NULL, c->next_steps, pr, 3);
        {
            struct field fn = { .name = "next_meeting",
                                .label = "Date of the next meeting",
                                .value = c->next_meeting,
                                .error = problems_for(pr, "next_meeting"),
                                .type = "date",
                                .width = "10" };
            form_input(&h, &fn);
            struct field fk = { .name = "keep_in_touch",
                                .label = "How you will keep in touch until then",
                                .hint = "For example, a text each Friday or a chat at the gate",
                                .value = c->keep_in_touch,
                                .error = problems_for(pr, "keep_in_touch") };
            form_input(&h, &fk);
        }
        html(&h, "<h2 class=\"govuk-heading-m\">%s's views</h2>\n", child);
        textarea(&h, "pupil_views", arena_sprintf(&req->arena, "What %s said", child),
                 "In their own words, if you can", c->pupil_views, pr, 3);
        textarea(&h, "views_not_sought",
                 arena_sprintf(&req->arena, "If you did not ask %s, say why", child), NULL,
                 c->views_not_sought, pr, 2);
        break;
    default:
        break;
    }
    stage_end(req, &h, c);
    page_finish(req, &h);
}

static const char *opt_text(struct request *req, const char *name)
{
    const char *v = req_text(req, name);
    return *v ? v : NULL;
}

static int stage_get(struct request *req, struct response *res, enum stage_page sp)
{
    struct conversation c;
    struct pupil p;
    int rc = conv_load_staff(req, page_id(req, 0), &c, &p);
    if (rc)
        return rc;
    render_stage(req, res, &c, &p, sp, NULL, NULL);
    return 0;
}

/* Save the record after a stage page changed it: validate, re-show the
 * page with the problems, or save and go on. */
static int stage_save(struct request *req, struct response *res, struct conversation *c,
                      const struct pupil *p, enum stage_page sp, struct problems *pr,
                      const char *next)
{
    if (!strcmp(c->status, "planned") && !c->did_not_come)
        c->status = "draft";
    size_t from = pr->n;
    int rc = conversation_validate(req->db, c, pr, &req->err);
    if (rc)
        return rc;
    conv_sentences(req, pr, from);
    if (pr->n) {
        res->status = 422;
        render_stage(req, res, c, p, sp, pr, NULL);
        return 0;
    }
    enum conv_stage order[1];
    size_t n_order = 0;
    if (sp == SP_EXPLORE)
        order[n_order++] = STAGE_EXPLORE;
    else if (sp == SP_FOCUS)
        order[n_order++] = STAGE_FOCUS;
    else if (sp == SP_REVIEW)
        order[n_order++] = STAGE_REVIEW;
    struct audit_entry who = conv_who(req);
    if ((rc = conversation_update(req->db, c, order, n_order, &who, &req->err)))
        return rc;
    resp_redirect(res, next);
    return 0;
}

static int stage_post(struct request *req, struct response *res, enum stage_page sp)
{
    struct conversation c;
    struct pupil p;
    int rc = conv_load_staff(req, page_id(req, 0), &c, &p);
    if (rc)
        return rc;
    struct problems pr;
    problems_init(&pr, &req->arena);
    const char *next = conv_href(req, c.id, NULL);
    switch (sp) {
    case SP_MEETING: {
        struct pupil_carer *pcs;
        size_t n;
        if ((rc = carer_list_for_pupil(req->db, &req->arena, p.id, &pcs, &n, &req->err)))
            return rc;
        read_event_date(req, &c, &pr);
        if ((rc = read_carers(req, pcs, n, &c)))
            return rc;
        break;
    }
    case SP_EXPLORE:
        c.going_well = opt_text(req, "going_well");
        c.concerns = opt_text(req, "concerns");
        c.hopes = opt_text(req, "hopes");
        c.family_views_note = opt_text(req, "family_views");
        next = conv_href(req, c.id, "/focus");
        break;
    case SP_FOCUS:
        c.priorities = opt_text(req, "priorities");
        c.focus_area = opt_text(req, "focus_area");
        c.agreed_together = conv_checked(req, "agreed_together");
        next = conv_href(req, c.id, "/plan");
        break;
    case SP_REVIEW: {
        c.summary = opt_text(req, "summary");
        c.next_steps = opt_text(req, "next_steps");
        c.keep_in_touch = opt_text(req, "keep_in_touch");
        c.pupil_views = opt_text(req, "pupil_views");
        c.views_not_sought = opt_text(req, "views_not_sought");
        char why[200];
        const char *v = req_text(req, "next_meeting");
        c.next_meeting[0] = '\0';
        if (*v && pupil_parse_date(v, c.next_meeting, why, sizeof why))
            problems_add(&pr, "next_meeting", "Enter the date of the next meeting as a real date");
        break;
    }
    default:
        break;
    }
    return stage_save(req, res, &c, &p, sp, &pr, next);
}

int page_conv_meeting(struct request *req, struct response *res)
{
    return stage_get(req, res, SP_MEETING);
}
int page_conv_meeting_post(struct request *req, struct response *res)
{
    return stage_post(req, res, SP_MEETING);
}
int page_conv_explore(struct request *req, struct response *res)
{
    return stage_get(req, res, SP_EXPLORE);
}
int page_conv_explore_post(struct request *req, struct response *res)
{
    return stage_post(req, res, SP_EXPLORE);
}
int page_conv_focus(struct request *req, struct response *res)
{
    return stage_get(req, res, SP_FOCUS);
}
int page_conv_focus_post(struct request *req, struct response *res)
{
    return stage_post(req, res, SP_FOCUS);
}
int page_conv_plan(struct request *req, struct response *res)
{
    return stage_get(req, res, SP_PLAN);
}
int page_conv_review(struct request *req, struct response *res)
{
    return stage_get(req, res, SP_REVIEW);
}
int page_conv_review_post(struct request *req, struct response *res)
{
    return stage_post(req, res, SP_REVIEW);
}

/* The Plan page adds one target at a time; "Save and continue" with an
 * empty target form simply goes on to Review. */
int page_conv_plan_post(struct request *req, struct response *res)
{
    struct conversation c;
    struct pupil p;
    int rc = conv_load_staff(req, page_id(req, 0), &c, &p);
    if (rc)
        return rc;
    bool more = !strcmp(req_text(req, "then"), "more");
    struct target t = { .conversation_id = c.id,
                        .what = opt_text(req, "what"),
                        .how_we_know = opt_text(req, "how_we_know") };
    const char *owner = req_text(req, "owner");
    if (target_parse_owner(owner, &t.owner) != 0)
        t.owner = *owner ? owner : NULL;
    struct problems pr;
    problems_init(&pr, &req->arena);
    char why[200];
    const char *v = req_text(req, "review_date");
    if (*v && pupil_parse_date(v, t.review_date, why, sizeof why)) {
        problems_add(&pr, "review_date", "Enter the review date as a real date");
        str_copy(t.review_date, sizeof t.review_date, "");
    }
    bool blank = !t.what && !t.how_we_know && !*owner && !*v;
    if (blank && !more) {
        resp_redirect(res, conv_href(req, c.id, "/review"));
        return 0;
    }
    target_validate(&t, c.event_date, &pr);
    if (pr.n) {
        res->status = 422;
        render_stage(req, res, &c, &p, SP_PLAN, &pr, &t);
        return 0;
    }
    struct audit_entry who = conv_who(req);
    if (!strcmp(c.status, "planned")) {
        c.status = "draft";
        if ((rc = conversation_update(req->db, &c, NULL, 0, &who, &req->err)))
            return rc;
    }
    if ((rc = target_add(req->db, &t, &who, &req->err)))
        return rc;
    resp_redirect(res, conv_href(req, c.id, more ? "/plan" : "/review"));
    return 0;
}
