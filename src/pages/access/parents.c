#include "pages/access/parents.h"

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
 * docs/plain-writing.md), kept in one place. {} is the child's first name
 * (pages/words.h). */
static const struct {
    const char *not_told, *not_agreed, *meetings_intro, *key_teacher, *who_school, *who_home,
        *who_child, *now_open, *now_progressing, *now_achieved, *now_changed, *now_stopped,
        *replied_title, *replied;
} P = {
    .not_told = "We did not write down what you told us at this meeting. We are sorry. You can "
                "tell us now: use the reply link at the end of this page.",
    .not_agreed = "We did not write down what we agreed to work on. We will go over it with you "
                  "at our next meeting.",
    .meetings_intro = "Each term you can meet {}'s key teacher. You talk about how things are "
                      "going, and you plan together what to work on.",
    .key_teacher = "{}, key teacher (the teacher who meets you each term)",
    .who_school = "School will do this.",
    .who_home = "You will do this at home.",
    .who_child = "{} will do this.",
    .now_open = "It has just started.",
    .now_progressing = "It is going well so far.",
    .now_achieved = "It is done.",
    .now_changed = "We changed it.",
    .now_stopped = "We stopped it.",
    .replied_title = "Thank you",
    .replied = "We have your message. {}'s key teacher will read it soon.",
};

/* "School will do this. It has just started." for a target. */
static const char *target_words(struct request *req, const char *owner, const char *status,
                                const char *child)
{
    const char *who = owner && !strcmp(owner, "parent") ? P.who_home
                      : owner && !strcmp(owner, "pupil")
                          ? words_fill(&req->arena, P.who_child, child)
                          : P.who_school;
    const char *now = !status                          ? ""
                      : !strcmp(status, "progressing") ? P.now_progressing
                      : !strcmp(status, "achieved")    ? P.now_achieved
                      : !strcmp(status, "changed")     ? P.now_changed
                      : !strcmp(status, "stopped")     ? P.now_stopped
                                                       : P.now_open;
    return arena_sprintf(&req->arena, "%s %s", who, now);
}

static const char *owner_for_family(const char *owner, const char *child)
{
    if (owner && !strcmp(owner, "parent"))
        return "You, at home";
    if (owner && !strcmp(owner, "pupil"))
        return child;
    return "School";
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
    struct html h;
    struct page pg = { .title = pupil_display_name(&req->arena, &p),
                       .caption = "Your child",
                       .nav = "home",
                       .back_href = "/" };
    page_begin(req, res, &h, &pg);
    if (req_query(req, "sent"))
        layout_banner(&h, true, "Thank you",
                      arena_sprintf(&req->arena,
                                    "We have your views. %s's teacher will read them before "
                                    "you next meet.",
                                    child));

    if ((rc = mysurvey_invite(req, &h, p.school_id, p.id)))
        return rc;
    html(&h,
         "<h2 class=\"govuk-heading-m\">Your meetings with school</h2>\n<p "
         "class=\"govuk-body\">%s</p>\n",
         words_fill(&req->arena, P.meetings_intro, child));
    if (n == 0) {
        html(&h,
             "<p class=\"govuk-body\">When you meet %s's teacher, what you agree will be "
             "here.</p>\n",
             child);
    } else {
        html_raw(&h, "<ul class=\"govuk-list\">\n");
        for (size_t i = 0; i < n; i++)
            html(&h,
                 "<li><a class=\"govuk-link\" href=\"/my/conversations/%lld\">Our meeting on "
                 "%s</a></li>\n",
                 (long long)cs[i].id, page_date(req, cs[i].event_date));
        html_raw(&h, "</ul>\n");
        if (cs[0].next_meeting[0])
            html(&h, "<p class=\"govuk-body\">Our next meeting is on %s.</p>\n",
                 page_date(req, cs[0].next_meeting));
    }

    /* Targets from the records shared with the family, newest first. */
    bool any = false;
    for (size_t i = 0; i < n; i++)
        for (size_t t = 0; t < cs[i].n_targets; t++) {
            const struct target *tg = &cs[i].targets[t];
            if (!any)
                html_raw(&h, "<h2 class=\"govuk-heading-m\">What we are working on</h2>\n"
                             "<ul class=\"govuk-list govuk-list--bullet\">\n");
            any = true;
            html(&h,
                 "<li><span class=\"meso-multiline\">%s</span> <span class=\"meso-muted\">%s"
                 "</span></li>\n",
                 tg->what, target_words(req, tg->owner, tg->status, child));
        }
    if (any)
        html_raw(&h, "</ul>\n");

    html(&h,
         "<h2 class=\"govuk-heading-m\">Before your next meeting</h2>\n"
         "<p class=\"govuk-body\">Tell us what is going well, what worries you, and what you "
         "would like to talk about. We will read it before we meet.</p>\n"
         "<a href=\"/my/children/%lld/views\" role=\"button\" draggable=\"false\" "
         "class=\"govuk-button\" data-module=\"govuk-button\">Tell us your views</a>\n",
         (long long)p.id);
    bool mine = false;
    for (size_t i = 0; i < n_vs; i++) {
        const struct parent_view *v = &vs[i];
        if (v->carer_id != req->who.carer_id)
            continue;
        if (!mine)
            html_raw(&h, "<h3 class=\"govuk-heading-s\">What you told us</h3>\n");
        mine = true;
        html(&h, "<div class=\"govuk-inset-text\"><p class=\"govuk-body\">On %s%s</p>\n",
             page_date(req, v->given_on),
             v->conversation_id ? "" : ". We will talk about this at our next meeting.");
        if (!str_blank(v->going_well))
            html(&h, "<p class=\"govuk-body meso-multiline\">Going well: %s</p>\n", v->going_well);
        if (!str_blank(v->worries))
            html(&h, "<p class=\"govuk-body meso-multiline\">Worries: %s</p>\n", v->worries);
        if (!str_blank(v->to_talk_about))
            html(&h, "<p class=\"govuk-body meso-multiline\">To talk about: %s</p>\n",
                 v->to_talk_about);
        html_raw(&h, "</div>\n");
    }
    return page_finish(req, &h);
}

/* A part of the record: a heading and the text, only when there is text. */
static void part(struct html *h, const char *heading, const char *text)
{
    if (str_blank(text))
        return;
    html(h,
         "<h3 class=\"govuk-heading-s\">%s</h3>\n<p class=\"govuk-body meso-multiline\">%s</p>\n",
         heading, text);
}

int page_my_conversation(struct request *req, struct response *res)
{
    struct conversation c;
    struct pupil p;
    int rc = conv_load_family(req, page_id(req, 0), &c, &p);
    if (rc)
        return rc;
    const char *child = conv_first_name(&p);
    struct html h;
    struct page pg = {
        .title = arena_sprintf(&req->arena, "Our meeting on %s", page_date(req, c.event_date)),
        .caption = pupil_display_name(&req->arena, &p),
        .nav = "home",
        .back_href = arena_sprintf(&req->arena, "/my/children/%lld", (long long)p.id)
    };
    page_begin(req, res, &h, &pg);
    if (req_query(req, "replied"))
        layout_banner(&h, true, P.replied_title, words_fill(&req->arena, P.replied, child));
    html_raw(&h, "<p class=\"govuk-body\">Thank you for meeting us. This is what we talked about "
                 "and what we agreed. You know your child best. Tell us if anything here is not "
                 "right.</p>\n");
    struct buf b;
    buf_init(&b, 8192);
    for (size_t i = 0; i < c.n_carers; i++)
        if (c.carers[i].attended)
            buf_addf(&b, "%s%s", b.len ? ", " : "", c.carers[i].name ? c.carers[i].name : "");
    if (c.pupil_present)
        buf_addf(&b, "%s%s", b.len ? ", " : "", child);
    if (c.staff_name)
        buf_addf(&b, "%s%s", b.len ? ", " : "",
                 words_fill(&req->arena, P.key_teacher, c.staff_name));
    html_raw(&h, "<dl class=\"govuk-summary-list\">\n");
    conv_row(&h, "Who came", buf_str(&b));
    html_raw(&h, "</dl>\n");
    buf_release(&b);

    html_raw(&h, "<h2 class=\"govuk-heading-m\">What you told us</h2>\n");
    if (str_blank(c.going_well) && str_blank(c.concerns) && str_blank(c.hopes))
        html(&h, "<p class=\"govuk-body\">%s</p>\n", P.not_told);
    part(&h, "What is going well", c.going_well);
    part(&h, "Your worries", c.concerns);
    part(&h, "Your hopes", c.hopes);

    html_raw(&h, "<h2 class=\"govuk-heading-m\">What we agreed to work on</h2>\n");
    if (!str_blank(c.focus_area))
        html(&h, "<p class=\"govuk-body meso-multiline\">%s</p>\n", c.focus_area);
    part(&h, "What matters most", c.priorities);
    if (str_blank(c.focus_area) && str_blank(c.priorities))
        html(&h, "<p class=\"govuk-body\">%s</p>\n", P.not_agreed);

    html_raw(&h, "<h2 class=\"govuk-heading-m\">Our plan</h2>\n");
    if (c.n_targets == 0)
        html_raw(&h, "<p class=\"govuk-body\">We did not set any targets this time.</p>\n");
    for (size_t i = 0; i < c.n_targets; i++) {
        const struct target *t = &c.targets[i];
        html(&h,
             "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
             "<h3 class=\"govuk-summary-card__title meso-multiline\">%s</h3></div>"
             "<div class=\"govuk-summary-card__content\"><dl class=\"govuk-summary-list\">\n",
             t->what);
        conv_row(&h, "Who will do it", owner_for_family(t->owner, child));
        if (!str_blank(t->how_we_know))
            conv_row(&h, "How we will know", t->how_we_know);
        if (t->review_date[0])
            conv_row(&h, "When we will check", page_date(req, t->review_date));
        html_raw(&h, "</dl></div></div>\n");
    }

    html_raw(&h, "<h2 class=\"govuk-heading-m\">What happens next</h2>\n");
    part(&h, "In short", c.summary);
    part(&h, "Next steps", c.next_steps);
    html_raw(&h, "<dl class=\"govuk-summary-list\">\n");
    conv_row(&h, "Our next meeting",
             c.next_meeting[0] ? page_date(req, c.next_meeting) : "We will agree a date with you.");
    if (!str_blank(c.keep_in_touch))
        conv_row(&h, "Keeping in touch", c.keep_in_touch);
    html_raw(&h, "</dl>\n");

    if (!str_blank(c.pupil_views)) {
        html(&h, "<h2 class=\"govuk-heading-m\">What %s told us</h2>\n", child);
        html(&h, "<p class=\"govuk-body meso-multiline\">%s</p>\n", c.pupil_views);
    } else if (!str_blank(c.views_not_sought)) {
        html(&h, "<h2 class=\"govuk-heading-m\">What %s told us</h2>\n", child);
        html(&h, "<p class=\"govuk-body meso-multiline\">We did not ask %s this time: %s</p>\n",
             child, c.views_not_sought);
    }
    if ((rc = myreply_history(req, &h, &c)))
        return rc;
    html(&h,
         "<ul class=\"govuk-list meso-no-print\"><li><a class=\"govuk-link\" "
         "href=\"/my/conversations/%lld/pdf\" download>Download this as a PDF</a></li>"
         "<li><a class=\"govuk-link\" href=\"/my/children/%lld/views\">Tell us your views before "
         "the next meeting</a></li></ul>\n",
         (long long)c.id, (long long)p.id);
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
    struct html h;
    struct page pg = { .title = "Before your next meeting",
                       .caption = pupil_display_name(&req->arena, p),
                       .nav = "home",
                       .back_href =
                           arena_sprintf(&req->arena, "/my/children/%lld", (long long)p->id) };
    page_begin(req, res, &h, &pg);
    form_error_summary(&h, pr);
    html(&h,
         "<p class=\"govuk-body\">You know %s best. Tell us in your own words. You can fill in "
         "one box or all three. We will read it before we meet, and start the meeting with "
         "it.</p>\n",
         child);
    form_start(&h, arena_sprintf(&req->arena, "/my/children/%lld/views", (long long)p->id),
               req->csrf);
    struct field fg = { .name = "going_well",
                        .label = "What is going well?",
                        .value = v->going_well,
                        .error = problems_for(pr, "going_well") };
    form_textarea(&h, &fg, 4);
    struct field fw = { .name = "worries",
                        .label = "Is anything worrying you?",
                        .value = v->worries,
                        .error = problems_for(pr, "worries") };
    form_textarea(&h, &fw, 4);
    struct field ft = { .name = "to_talk_about",
                        .label = "What would you like to talk about?",
                        .value = v->to_talk_about,
                        .error = problems_for(pr, "to_talk_about") };
    form_textarea(&h, &ft, 4);
    form_button(&h, "Send to school", false);
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
        problems_add(&pr, "going_well", "Write something in at least one box");
    const char *names[] = { "going_well", "worries", "to_talk_about" };
    const char *vals[] = { v.going_well, v.worries, v.to_talk_about };
    for (size_t i = 0; i < 3; i++)
        if (vals[i] && strlen(vals[i]) > CONV_TEXT_MAX)
            problems_add(&pr, names[i], "This is too long. Please make it shorter");
        else if (vals[i] && !str_utf8_valid(vals[i], strlen(vals[i])))
            problems_add(&pr, names[i],
                         "Some of this text could not be read. Please type it again");
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
