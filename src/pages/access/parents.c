#include "pages/access/parents.h"

#include <stdio.h>
#include <string.h>

#include "core/problems.h"
#include "core/str.h"
#include "html/form.h"
#include "model/access/access.h"
#include "pages/common.h"
#include "pages/access/myreply.h"
#include "pages/surveys/mysurvey.h"
#include "pages/conversations/convpages.h"
#include "pages/words.h"

/* The parent's own child, or 404. */
static int my_child(struct request *req, int64_t id, struct pupil *p)
{
    if (req->who.kind != PRINCIPAL_PARENT)
        return ERR_NOTFOUND;
    return page_pupil(req, id, p);
}

/* The portal's own sentences that were rewritten for issue 18 (listed in
 * docs/plain-writing.md), kept in one place and translated where they are
 * shown (docs/i18n.md). %s is the child's first name. */
static const struct {
    const char *not_told, *not_agreed, *meetings_intro, *key_teacher, *who_school, *who_home,
        *who_child, *now_open, *now_progressing, *now_achieved, *now_changed, *now_stopped,
        *replied_title, *replied;
} P = {
    .not_told = N_("We did not write down what you told us at this meeting. We are sorry. You "
                   "can tell us now: use the reply link at the end of this page."),
    .not_agreed = N_("We did not write down what we agreed to work on. We will go over it with "
                     "you at our next meeting."),
    .meetings_intro = N_("Each term you can meet %s's key teacher. You talk about how things are "
                         "going, and you plan together what to work on."),
    .key_teacher = N_("%s, key teacher (the teacher who meets you each term)"),
    .who_school = N_("School will do this."),
    .who_home = N_("You will do this at home."),
    .who_child = N_("%s will do this."),
    .now_open = N_("It has just started."),
    .now_progressing = N_("It is going well so far."),
    .now_achieved = N_("It is done."),
    .now_changed = N_("We changed it."),
    .now_stopped = N_("We stopped it."),
    .replied_title = N_("Thank you"),
    .replied = N_("We have your message. %s's key teacher will read it soon."),
};

/* One of P's sentences in the page's language, %s filled. */
static const char *say(struct request *req, const char *sentence, const char *arg)
{
    return tr_fmt(&req->arena, tr_get(req->tr, sentence), arg);
}

/* "School will do this. It has just started." for a target. */
static const char *target_words(struct request *req, const char *owner, const char *status,
                                const char *child)
{
    const char *who = owner && !strcmp(owner, "parent")  ? say(req, P.who_home, NULL)
                      : owner && !strcmp(owner, "pupil") ? say(req, P.who_child, child)
                                                         : say(req, P.who_school, NULL);
    const char *now = !status                          ? ""
                      : !strcmp(status, "progressing") ? say(req, P.now_progressing, NULL)
                      : !strcmp(status, "achieved")    ? say(req, P.now_achieved, NULL)
                      : !strcmp(status, "changed")     ? say(req, P.now_changed, NULL)
                      : !strcmp(status, "stopped")     ? say(req, P.now_stopped, NULL)
                                                       : say(req, P.now_open, NULL);
    return arena_sprintf(&req->arena, "%s %s", who, now);
}

static const char *owner_for_family(const struct tr *tr, const char *owner, const char *child)
{
    if (owner && !strcmp(owner, "parent"))
        return _(tr, "You, at home");
    if (owner && !strcmp(owner, "pupil"))
        return child;
    return _(tr, "School");
}

/* What staff typed, as typed, marked as the school's own words (they are not
 * translated): docs/i18n.md. */
static void school_words(struct request *req, struct html *h, const char *text)
{
    html(h,
         "<div class=\"meso-school-words\"><p class=\"meso-school-words__label govuk-body-s\">%s"
         "</p><p class=\"govuk-body meso-multiline\">%s</p></div>\n",
         _(req->tr, "Written by the school"), text);
}

/* A row of the record: meso's words as the key, the school's as the value. */
static void family_row(struct request *req, struct html *h, const char *key, const char *value,
                       bool school)
{
    html(h,
         "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s</dt>"
         "<dd class=\"govuk-summary-list__value meso-multiline\">%s",
         key, value);
    if (school)
        html(h, " <span class=\"meso-school-words__label govuk-body-s\">(%s)</span>",
             _(req->tr, "written by the school"));
    html_raw(h, "</dd></div>\n");
}

int page_my_child(struct request *req, struct response *res)
{
    struct pupil p;
    int rc = my_child(req, page_id(req, 0), &p);
    if (rc)
        return rc;
    struct audit_entry who = conv_who(req);
    struct conv_filter f = { .school_id = p.school_id, .pupil_id = p.id, .status = "complete" };
    struct conversation *cs;
    size_t n;
    struct parent_view *vs;
    size_t n_vs;
    if ((rc = conversation_list(req->db, &req->arena, &f, &who, &cs, &n, &req->err)) ||
        (rc = parent_view_list(req->db, &req->arena, p.id, &who, &vs, &n_vs, &req->err)))
        return rc;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (conversation_family_may_see(cs[i].status, cs[i].shared_on[0] != '\0'))
            cs[k++] = cs[i];
    n = k;
    const char *child = conv_first_name(&p);
    const struct tr *tr = req->tr;
    struct arena *a = &req->arena;
    struct html h;
    struct page pg = { .title = pupil_display_name(&req->arena, &p),
                       .caption = _n(tr, "Your child", "Your children", 1),
                       .nav = "home",
                       .back_href = "/" };
    page_begin(req, res, &h, &pg);
    if (req_query(req, "sent"))
        layout_banner(&h, true, _(tr, "Thank you"),
                      _f(a, tr,
                         "We have your views. %s's teacher will read them before you next meet.",
                         child));

    if ((rc = mysurvey_invite(req, &h, p.school_id, p.id)))
        return rc;
    html(&h, "<h2 class=\"govuk-heading-m\">%s</h2>\n<p class=\"govuk-body\">%s</p>\n",
         _(tr, "Your meetings with school"), say(req, P.meetings_intro, child));
    if (n == 0) {
        html(&h, "<p class=\"govuk-body\">%s</p>\n",
             _f(a, tr, "When you meet %s's teacher, what you agree will be here.", child));
    } else {
        char times[24];
        snprintf(times, sizeof times, "%zu", n);
        html(&h, "<p class=\"govuk-body\">%s</p>\n",
             _nf(a, tr, "So far we have met %s time.", "So far we have met %s times.", n, times));
        html_raw(&h, "<ul class=\"govuk-list\">\n");
        for (size_t i = 0; i < n; i++)
            html(&h, "<li><a class=\"govuk-link\" href=\"/my/conversations/%lld\">%s</a></li>\n",
                 (long long)cs[i].id,
                 _f(a, tr, "Our meeting on %s", page_date(req, cs[i].event_date)));
        html_raw(&h, "</ul>\n");
        if (cs[0].next_meeting[0])
            html(&h, "<p class=\"govuk-body\">%s</p>\n",
                 _f(a, tr, "Our next meeting is on %s.", page_date(req, cs[0].next_meeting)));
    }

    /* Targets from the records shared with the family, newest first. */
    bool any = false;
    for (size_t i = 0; i < n; i++)
        for (size_t t = 0; t < cs[i].n_targets; t++) {
            const struct target *tg = &cs[i].targets[t];
            if (!any)
                html(&h,
                     "<h2 class=\"govuk-heading-m\">%s</h2>\n"
                     "<ul class=\"govuk-list govuk-list--bullet\">\n",
                     _(tr, "What we are working on"));
            any = true;
            html(&h,
                 "<li><span class=\"meso-multiline\">%s</span> <span class=\"meso-muted\">%s"
                 "</span></li>\n",
                 tg->what, target_words(req, tg->owner, tg->status, child));
        }
    if (any)
        html_raw(&h, "</ul>\n");

    html(&h,
         "<h2 class=\"govuk-heading-m\">%s</h2>\n"
         "<p class=\"govuk-body\">%s</p>\n"
         "<a href=\"/my/children/%lld/views\" role=\"button\" draggable=\"false\" "
         "class=\"govuk-button\" data-module=\"govuk-button\">%s</a>\n",
         _(tr, "Before your next meeting"),
         _(tr, "Tell us what is going well, what worries you, and what you would like to talk "
               "about. We will read it before we meet."),
         (long long)p.id, _(tr, "Tell us your views"));
    bool mine = false;
    for (size_t i = 0; i < n_vs; i++) {
        const struct parent_view *v = &vs[i];
        if (v->carer_id != req->who.carer_id)
            continue;
        if (!mine)
            html(&h, "<h3 class=\"govuk-heading-s\">%s</h3>\n", _(tr, "What you told us"));
        mine = true;
        const char *on = page_date(req, v->given_on);
        html(&h, "<div class=\"govuk-inset-text\"><p class=\"govuk-body\">%s</p>\n",
             v->conversation_id
                 ? _f(a, tr, "On %s", on)
                 : _f(a, tr, "On %s. We will talk about this at our next meeting.", on));
        if (!str_blank(v->going_well))
            html(&h, "<p class=\"govuk-body meso-multiline\">%s</p>\n",
                 _f(a, tr, "Going well: %s", v->going_well));
        if (!str_blank(v->worries))
            html(&h, "<p class=\"govuk-body meso-multiline\">%s</p>\n",
                 _f(a, tr, "Worries: %s", v->worries));
        if (!str_blank(v->to_talk_about))
            html(&h, "<p class=\"govuk-body meso-multiline\">%s</p>\n",
                 _f(a, tr, "To talk about: %s", v->to_talk_about));
        html_raw(&h, "</div>\n");
    }
    return page_finish(req, &h);
}

/* A part of the record: a heading and the school's text, only when there is
 * text. */
static void part(struct request *req, struct html *h, const char *heading, const char *text)
{
    if (str_blank(text))
        return;
    html(h, "<h3 class=\"govuk-heading-s\">%s</h3>\n", heading);
    school_words(req, h, text);
}

static void h2(struct html *h, const char *text)
{
    html(h, "<h2 class=\"govuk-heading-m\">%s</h2>\n", text);
}

static void para(struct html *h, const char *text)
{
    html(h, "<p class=\"govuk-body\">%s</p>\n", text);
}

/* The record's plan: a card for each target. */
static void my_plan(struct request *req, struct html *h, const struct conversation *c,
                    const char *child)
{
    const struct tr *tr = req->tr;
    h2(h, _(tr, "Our plan"));
    if (c->n_targets == 0)
        para(h, _(tr, "We did not set any targets this time."));
    for (size_t i = 0; i < c->n_targets; i++) {
        const struct target *t = &c->targets[i];
        html(h,
             "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
             "<h3 class=\"govuk-summary-card__title meso-multiline\">%s</h3></div>"
             "<div class=\"govuk-summary-card__content\"><dl class=\"govuk-summary-list\">\n",
             t->what);
        family_row(req, h, _(tr, "Who will do it"), owner_for_family(tr, t->owner, child), false);
        if (!str_blank(t->how_we_know))
            family_row(req, h, _(tr, "How we will know"), t->how_we_know, true);
        if (t->review_date[0])
            family_row(req, h, _(tr, "When we will check"), page_date(req, t->review_date), false);
        html_raw(h, "</dl></div></div>\n");
    }
}

int page_my_conversation(struct request *req, struct response *res)
{
    struct conversation c;
    struct pupil p;
    int rc = conv_load_family(req, page_id(req, 0), &c, &p);
    if (rc)
        return rc;
    const char *child = conv_first_name(&p);
    const struct tr *tr = req->tr;
    struct arena *a = &req->arena;
    struct html h;
    struct page pg = { .title = _f(a, tr, "Our meeting on %s", page_date(req, c.event_date)),
                       .caption = pupil_display_name(&req->arena, &p),
                       .nav = "home",
                       .back_href =
                           arena_sprintf(&req->arena, "/my/children/%lld", (long long)p.id) };
    page_begin(req, res, &h, &pg);
    if (req_query(req, "replied"))
        layout_banner(&h, true, say(req, P.replied_title, NULL), say(req, P.replied, child));
    para(&h, _(tr, "Thank you for meeting us. This is what we talked about and what we agreed. "
                   "You know your child best. Tell us if anything here is not right."));
    if (tr && tr->lang && strcmp(tr->lang->code, "en") != 0)
        html(&h, "<p class=\"govuk-inset-text\">%s</p>\n",
             _(tr, "The parts marked “written by the school” are in the words the "
                   "school wrote. meso does not translate them."));
    struct buf b;
    buf_init(&b, 8192);
    for (size_t i = 0; i < c.n_carers; i++)
        if (c.carers[i].attended)
            buf_addf(&b, "%s%s", b.len ? ", " : "", c.carers[i].name ? c.carers[i].name : "");
    if (c.pupil_present)
        buf_addf(&b, "%s%s", b.len ? ", " : "", child);
    if (c.staff_name)
        buf_addf(&b, "%s%s", b.len ? ", " : "", say(req, P.key_teacher, c.staff_name));
    html_raw(&h, "<dl class=\"govuk-summary-list\">\n");
    family_row(req, &h, _(tr, "Who came"), buf_str(&b), false);
    html_raw(&h, "</dl>\n");
    buf_release(&b);

    h2(&h, _(tr, "What you told us"));
    if (str_blank(c.going_well) && str_blank(c.concerns) && str_blank(c.hopes))
        para(&h, say(req, P.not_told, NULL));
    part(req, &h, _(tr, "What is going well"), c.going_well);
    part(req, &h, _(tr, "Your worries"), c.concerns);
    part(req, &h, _(tr, "Your hopes"), c.hopes);

    h2(&h, _(tr, "What we agreed to work on"));
    if (!str_blank(c.focus_area))
        school_words(req, &h, c.focus_area);
    part(req, &h, _(tr, "What matters most"), c.priorities);
    if (str_blank(c.focus_area) && str_blank(c.priorities))
        para(&h, say(req, P.not_agreed, NULL));

    my_plan(req, &h, &c, child);

    h2(&h, _(tr, "What happens next"));
    part(req, &h, _(tr, "In short"), c.summary);
    part(req, &h, _(tr, "Next steps"), c.next_steps);
    html_raw(&h, "<dl class=\"govuk-summary-list\">\n");
    family_row(req, &h, _(tr, "Our next meeting"),
               c.next_meeting[0] ? page_date(req, c.next_meeting)
                                 : _(tr, "We will agree a date with you."),
               false);
    if (!str_blank(c.keep_in_touch))
        family_row(req, &h, _(tr, "Keeping in touch"), c.keep_in_touch, true);
    html_raw(&h, "</dl>\n");

    if (!str_blank(c.pupil_views)) {
        h2(&h, _f(a, tr, "What %s told us", child));
        school_words(req, &h, c.pupil_views);
    } else if (!str_blank(c.views_not_sought)) {
        h2(&h, _f(a, tr, "What %s told us", child));
        para(&h, _f(a, tr, "We did not ask %s this time.", child));
        school_words(req, &h, c.views_not_sought);
    }
    if ((rc = myreply_history(req, &h, &c)))
        return rc;
    html(&h,
         "<ul class=\"govuk-list meso-no-print\"><li><a class=\"govuk-link\" "
         "href=\"/my/conversations/%lld/pdf\" download>%s</a></li>"
         "<li><a class=\"govuk-link\" href=\"/my/children/%lld/views\">%s</a></li></ul>\n",
         (long long)c.id, _(tr, "Download this as a PDF"), (long long)p.id,
         _(tr, "Tell us your views before the next meeting"));
    return page_finish(req, &h);
}

int page_my_conversation_pdf(struct request *req, struct response *res)
{
    struct conversation c;
    struct pupil p;
    int rc = conv_load_family(req, page_id(req, 0), &c, &p);
    if (rc)
        return rc;
    if ((rc = page_audit(req, "download", "conversation", c.id, p.id, "PDF")))
        return rc;
    return conv_pdf_send(req, res, &c, &p);
}

static void render_views(struct request *req, struct response *res, const struct pupil *p,
                         const struct parent_view *v, const struct problems *pr)
{
    const char *child = conv_first_name(p);
    const struct tr *tr = req->tr;
    struct html h;
    struct page pg = { .title = _(tr, "Before your next meeting"),
                       .caption = pupil_display_name(&req->arena, p),
                       .nav = "home",
                       .back_href =
                           arena_sprintf(&req->arena, "/my/children/%lld", (long long)p->id) };
    page_begin(req, res, &h, &pg);
    form_error_summary(&h, pr);
    para(&h, _f(&req->arena, tr,
                "You know %s best. Tell us in your own words. You can fill in one box or all "
                "three. We will read it before we meet, and start the meeting with it.",
                child));
    form_start(&h, arena_sprintf(&req->arena, "/my/children/%lld/views", (long long)p->id),
               req->csrf);
    struct field fg = { .name = "going_well",
                        .label = _(tr, "What is going well?"),
                        .value = v->going_well,
                        .error = problems_for(pr, "going_well") };
    form_textarea(&h, &fg, 4);
    struct field fw = { .name = "worries",
                        .label = _(tr, "Is anything worrying you?"),
                        .value = v->worries,
                        .error = problems_for(pr, "worries") };
    form_textarea(&h, &fw, 4);
    struct field ft = { .name = "to_talk_about",
                        .label = _(tr, "What would you like to talk about?"),
                        .value = v->to_talk_about,
                        .error = problems_for(pr, "to_talk_about") };
    form_textarea(&h, &ft, 4);
    form_button(&h, _(tr, "Send to school"), false);
    form_end(&h);
    page_finish(req, &h);
}

int page_my_views(struct request *req, struct response *res)
{
    struct pupil p;
    int rc = my_child(req, page_id(req, 0), &p);
    if (rc)
        return rc;
    if ((rc = page_audit(req, "view", "pupil", p.id, p.id, "views form")))
        return rc;
    struct parent_view v = { 0 };
    render_views(req, res, &p, &v, NULL);
    return 0;
}

int page_my_views_post(struct request *req, struct response *res)
{
    struct pupil p;
    int rc = my_child(req, page_id(req, 0), &p);
    if (rc)
        return rc;
    const char *g = req_text(req, "going_well"), *w = req_text(req, "worries"),
               *t = req_text(req, "to_talk_about");
    struct parent_view v = { .pupil_id = p.id,
                             .carer_id = req->who.carer_id,
                             .going_well = *g ? g : NULL,
                             .worries = *w ? w : NULL,
                             .to_talk_about = *t ? t : NULL };
    conv_today(v.given_on);
    struct problems pr;
    problems_init(&pr, &req->arena);
    if (!v.going_well && !v.worries && !v.to_talk_about)
        problems_add(&pr, "going_well", "%s", _(req->tr, "Write something in at least one box"));
    const char *names[] = { "going_well", "worries", "to_talk_about" };
    const char *vals[] = { v.going_well, v.worries, v.to_talk_about };
    for (size_t i = 0; i < 3; i++)
        if (vals[i] && strlen(vals[i]) > CONV_TEXT_MAX)
            problems_add(&pr, names[i], "%s",
                         _(req->tr, "This is too long. Please make it shorter"));
        else if (vals[i] && !str_utf8_valid(vals[i], strlen(vals[i])))
            problems_add(&pr, names[i], "%s",
                         _(req->tr, "Some of this text could not be read. Please type it again"));
    if (pr.n) {
        res->status = 422;
        render_views(req, res, &p, &v, &pr);
        return 0;
    }
    struct audit_entry who = conv_who(req);
    if ((rc = parent_view_add(req->db, &v, &who, &req->err)))
        return rc;
    resp_redirect(res, arena_sprintf(&req->arena, "/my/children/%lld?sent=1", (long long)p.id));
    return 0;
}
