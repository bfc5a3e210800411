#include "pages/conversations/conv_record.h"

#include <string.h>

#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "html/form.h"
#include "model/register/carer.h"
#include "model/conversations/fidelity.h"
#include "model/conversations/reply.h"
#include "pages/calnote.h"
#include "pages/common.h"
#include "pages/plainhints.h"
#include "pages/conversations/convpages.h"

/* ---- the record's page ----------------------------------------------------- */

static void card_start(struct request *req, struct html *h, const char *title,
                       const struct conversation *c, const char *slug, const char *action)
{
    html(h,
         "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
         "<h2 class=\"govuk-summary-card__title\">%s</h2>",
         title);
    if (slug)
        html(h,
             "<ul class=\"govuk-summary-card__actions\"><li class=\"govuk-summary-card__action\">"
             "<a class=\"govuk-link\" href=\"%s\">%s<span class=\"govuk-visually-hidden\"> %s"
             "</span></a></li></ul>",
             conv_href(req, c->id, arena_sprintf(&req->arena, "/%s", slug)), action, title);
    html_raw(h, "</div><div class=\"govuk-summary-card__content\">\n");
}

static void card_end(struct html *h)
{
    html_raw(h, "</div></div>\n");
}

static const char *came_text(struct request *req, const struct conversation *c)
{
    struct buf b;
    buf_init(&b, 8192);
    for (size_t i = 0; i < c->n_carers; i++)
        buf_addf(&b, "%s%s%s", b.len ? "\n" : "", c->carers[i].name ? c->carers[i].name : "",
                 c->carers[i].attended ? "" : " (invited, could not come)");
    const char *s = arena_strdup(&req->arena, buf_str(&b));
    buf_release(&b);
    return s;
}

static void fidelity_list(struct request *req, struct html *h, const struct conversation *c)
{
    struct fidelity f;
    fidelity_check(c, &f);
    html(h,
         "<h2 class=\"govuk-heading-m\" id=\"fidelity\">How closely this follows the model</h2>\n"
         "<p class=\"govuk-body\">%d of %d parts of the Explore, Focus, Plan and Review model are "
         "in this record.%s</p>\n<ul class=\"govuk-task-list\">\n",
         f.n_met, FID_N,
         f.n_met == FID_N ? " Well done: every part is there."
                          : " Each part you add makes the record more useful to the family.");
    for (int i = 0; i < FID_N; i++) {
        html(h,
             "<li class=\"govuk-task-list__item\"><div class=\"govuk-task-list__name-and-hint\">"
             "<div>%s</div>",
             fidelity_items[i].label);
        if (!f.met[i]) {
            char *todo = arena_strdup(&req->arena, fidelity_items[i].todo);
            if (todo && todo[0] >= 'a' && todo[0] <= 'z')
                todo[0] = (char)(todo[0] - 32);
            html(h, "<div class=\"govuk-task-list__hint\">%s</div>", todo ? todo : "");
        }
        if (f.met[i])
            html_raw(h, "</div><div class=\"govuk-task-list__status\">Done</div></li>\n");
        else
            html_raw(h, "</div><div class=\"govuk-task-list__status\"><strong class=\"govuk-tag "
                        "govuk-tag--blue\">To add</strong></div></li>\n");
    }
    html_raw(h, "</ul>\n");
}

static const struct option share_opts[] = {
    { "printed copy", "Gave them a printed copy", NULL },
    { "email", "Sent it by email", NULL },
    { "post", "Sent it by post", NULL },
    { "meso", "On their meso page only", "Parents with a meso account can read it there" },
};

/* The plain-writing hints on what the family will read (pages/plainhints.h),
 * beside each part, before the record is shared. A help only: an error
 * reading the list leaves them out. */
static void share_hints(struct request *req, struct html *h, const struct conversation *c,
                        const char *child)
{
    struct buf b;
    buf_init(&b, 64 * 1024);
    for (size_t i = 0; i < c->n_targets; i++)
        buf_addf(&b, "%s.\n%s\n", c->targets[i].what ? c->targets[i].what : "",
                 c->targets[i].how_we_know ? c->targets[i].how_we_know : "");
    const char *targets = arena_strdup(&req->arena, buf_str(&b));
    buf_release(&b);
    const struct plain_field fs[] = {
        { "What is going well", c->going_well, conv_href(req, c->id, "/explore") },
        { "Their concerns", c->concerns, conv_href(req, c->id, "/explore") },
        { "Their hopes", c->hopes, conv_href(req, c->id, "/explore") },
        { "Priorities", c->priorities, conv_href(req, c->id, "/focus") },
        { "The area of focus", c->focus_area, conv_href(req, c->id, "/focus") },
        { "Targets", targets, NULL },
        { "Summary", c->summary, conv_href(req, c->id, "/review") },
        { "Next steps", c->next_steps, conv_href(req, c->id, "/review") },
        { "Keeping in touch", c->keep_in_touch, conv_href(req, c->id, "/review") },
        { arena_sprintf(&req->arena, "%s's views", child), c->pupil_views,
          conv_href(req, c->id, "/review") },
        { arena_sprintf(&req->arena, "Why %s was not asked", child), c->views_not_sought,
          conv_href(req, c->id, "/review") },
    };
    (void)page_plain_hints(req, h, fs, sizeof fs / sizeof fs[0]);
}

/* The family's replies to the record, oldest first, each with who sent it and
 * when, and a button to mark it read while it waits. Part of the record's
 * view (audited once, as the record). */
static void replies_card(struct request *req, struct html *h, const struct conversation *c)
{
    struct parent_reply *rs;
    size_t n;
    if (reply_list(req->db, &req->arena, c->id, 0, &rs, &n, &req->err) || !n)
        return;
    html_raw(h, "<div class=\"govuk-summary-card\" id=\"replies\"><div "
                "class=\"govuk-summary-card__title-wrapper\"><h2 "
                "class=\"govuk-summary-card__title\">Replies from the family</h2></div><div "
                "class=\"govuk-summary-card__content\">\n");
    for (size_t i = 0; i < n; i++) {
        char day[11];
        str_copy(day, sizeof day, rs[i].sent_at);
        html(h,
             "<p class=\"govuk-body\"><strong>%s</strong>, %s%s</p>\n<p class=\"govuk-body "
             "meso-multiline\">%s</p>\n",
             rs[i].carer_name ? rs[i].carer_name : "", page_date(req, day),
             strcmp(rs[i].kind, "not_right") == 0 ? ": something in the record is not right" : "",
             rs[i].body);
        if (rs[i].read_at) {
            html_raw(h, "<p class=\"govuk-body meso-muted\">Read.</p>\n");
            continue;
        }
        form_start(h,
                   conv_href(req, c->id,
                             arena_sprintf(&req->arena, "/replies/%lld/read", (long long)rs[i].id)),
                   req->csrf);
        form_button(h, "Mark as read", true);
        form_end(h);
    }
    html_raw(h, "</div></div>\n");
}

static void render_show(struct request *req, struct response *res, const struct conversation *c,
                        const struct pupil *p, const struct problems *pr)
{
    struct html h;
    const char *child = conv_first_name(p);
    struct page pg = {
        .title = arena_sprintf(&req->arena, "Conversation on %s", page_date(req, c->event_date)),
        .caption = pupil_display_name(&req->arena, p),
        .nav = "conversations",
        .back_href = arena_sprintf(&req->arena, "/pupils/%lld/conversations", (long long)p->id)
    };
    page_begin(req, res, &h, &pg);
    form_error_summary(&h, pr);
    if (req_query(req, "completed"))
        layout_banner(&h, true, "Saved",
                      "The record is complete. Share it with the family when you are ready.");
    else if (req_query(req, "shared"))
        layout_banner(&h, true, "Shared", "The record is marked as shared with the family.");
    html(&h, "<p class=\"govuk-body\"><strong class=\"govuk-tag%s\">%s</strong> ",
         !strcmp(c->status, "complete") ? " govuk-tag--green" : " govuk-tag--grey",
         conv_status_label(c->status));
    if (c->shared_on[0]) {
        static const char *const said[][2] = { { "printed copy", "a printed copy" },
                                               { "email", "by email" },
                                               { "post", "by post" },
                                               { "meso", "on their meso page" } };
        const char *how = c->shared_how;
        for (size_t i = 0; how && i < sizeof said / sizeof said[0]; i++)
            if (!strcmp(how, said[i][0]))
                how = said[i][1];
        html(&h, "Shared with the family on %s%s%s%s.</p>\n", page_date(req, c->shared_on),
             how ? " (" : "", how ? how : "", how ? ")" : "");
    } else
        html_raw(&h, "Not yet shared with the family.</p>\n");

    if (c->did_not_come)
        html(&h,
             "<div class=\"govuk-inset-text\" id=\"did-not-come\"><p class=\"govuk-body\">The "
             "family could not come to this meeting, so it is not counted as held.</p><p "
             "class=\"govuk-body\">%s</p><p class=\"govuk-body\"><a class=\"govuk-link\" "
             "href=\"/pupils/%lld/conversations/new\">Record another meeting</a></p></div>\n",
             CONV_TRY_AGAIN, (long long)p->id);
    else
        fidelity_list(req, &h, c);

    card_start(req, &h, "About the meeting", c, "meeting", "Change");
    html_raw(&h, "<dl class=\"govuk-summary-list\">\n");
    conv_row(&h, "Date", page_date(req, c->event_date));
    conv_row(&h, "Key teacher", c->staff_name);
    conv_row(&h, "How",
             c->did_not_come                      ? "The family did not come"
             : c->way && !strcmp(c->way, "phone") ? "By phone"
             : c->way && !strcmp(c->way, "video") ? "By video call"
             : c->way                             ? "In person"
                                                  : NULL);
    conv_row(&h, "Parents and carers", came_text(req, c));
    conv_row(&h, arena_sprintf(&req->arena, "%s was there", child),
             c->pupil_present ? "Yes" : "No");
    if (!str_blank(c->others))
        conv_row(&h, "Also there", c->others);
    html_raw(&h, "</dl>\n");
    card_end(&h);

    card_start(req, &h, "1. Explore: the parent's account", c, "explore", "Change");
    conv_views_box(req, &h, c->views, c->n_views);
    html_raw(&h, "<dl class=\"govuk-summary-list\">\n");
    conv_row(&h, "What is going well", c->going_well);
    conv_row(&h, "Their concerns", c->concerns);
    conv_row(&h, "Their hopes", c->hopes);
    if (!str_blank(c->family_views_note))
        conv_row(&h, "Why the family's views are not here", c->family_views_note);
    html_raw(&h, "</dl>\n");
    card_end(&h);

    card_start(req, &h, "2. Focus", c, "focus", "Change");
    html_raw(&h, "<dl class=\"govuk-summary-list\">\n");
    conv_row(&h, "Priorities", c->priorities);
    conv_row(&h, "The area of focus", c->focus_area);
    conv_row(&h, "Agreed together", c->agreed_together ? "Yes" : "No");
    html_raw(&h, "</dl>\n");
    card_end(&h);

    card_start(req, &h, "3. Plan", c, "plan", "Add a target");
    if (c->n_targets)
        conv_target_table(req, &h, c, true);
    else
        html_raw(&h, "<p class=\"govuk-body meso-muted\">No targets yet.</p>\n");
    card_end(&h);

    card_start(req, &h, "4. Review", c, "review", "Change");
    html_raw(&h, "<dl class=\"govuk-summary-list\">\n");
    conv_row(&h, "Summary", c->summary);
    conv_row(&h, "Next steps", c->next_steps);
    conv_row(&h, "Next meeting", c->next_meeting[0] ? page_date(req, c->next_meeting) : NULL);
    conv_row(&h, "Keeping in touch", c->keep_in_touch);
    if (!str_blank(c->pupil_views) || str_blank(c->views_not_sought))
        conv_row(&h, arena_sprintf(&req->arena, "%s's views", child), c->pupil_views);
    if (!str_blank(c->views_not_sought))
        conv_row(&h, arena_sprintf(&req->arena, "Why %s was not asked", child),
                 c->views_not_sought);
    html_raw(&h, "</dl>\n");
    card_end(&h);

    replies_card(req, &h, c);

    if (c->did_not_come) {
        /* Nothing to complete or share. */
    } else if (strcmp(c->status, "complete") != 0) {
        html_raw(&h, "<h2 class=\"govuk-heading-m\">Finish the record</h2>\n"
                     "<p class=\"govuk-body\">Save it as complete when it is ready, or leave it "
                     "as a draft and come back later. A complete record needs the parent or "
                     "carer who took part, at least one target you agreed, and the family's "
                     "views (or a note of why they are not here).</p>\n");
        form_start(&h, conv_href(req, c->id, "/complete"), req->csrf);
        form_button(&h, "Save as complete", false);
        form_end(&h);
    } else if (!c->shared_on[0]) {
        html_raw(&h, "<h2 class=\"govuk-heading-m\">Share with the family</h2>\n"
                     "<p class=\"govuk-body\">The family should have a copy of what was agreed. "
                     "Download the PDF to print or send it, then say how you shared it.</p>\n");
        share_hints(req, &h, c, child);
        form_start(&h, conv_href(req, c->id, "/share"), req->csrf);
        struct field fh = { .name = "how",
                            .label = "How did you share it?",
                            .value = "printed copy",
                            .error = problems_for(pr, "how") };
        form_radios(&h, &fh, share_opts, sizeof share_opts / sizeof share_opts[0], false);
        form_button(&h, "Mark as shared", false);
        form_end(&h);
    }
    html(&h,
         "<ul class=\"govuk-list\"><li><a class=\"govuk-link\" href=\"%s\" download>Download the "
         "record as a PDF</a></li><li><a class=\"govuk-link\" href=\"/pupils/%lld/conversations\">"
         "All of %s's conversations</a></li></ul>\n",
         conv_href(req, c->id, "/pdf"), (long long)p->id, child);
    page_finish(req, &h);
}

int page_conv_show(struct request *req, struct response *res)
{
    struct conversation c;
    struct pupil p;
    int rc = conv_load_staff(req, page_id(req, 0), &c, &p);
    if (rc)
        return rc;
    render_show(req, res, &c, &p, NULL);
    return 0;
}

int page_conv_complete(struct request *req, struct response *res)
{
    struct conversation c;
    struct pupil p;
    int rc = conv_load_staff(req, page_id(req, 0), &c, &p);
    if (rc)
        return rc;
    const char *was = c.status;
    c.status = "complete";
    struct problems pr;
    problems_init(&pr, &req->arena);
    if ((rc = conversation_validate(req->db, &c, &pr, &req->err)))
        return rc;
    conv_sentences(req, &pr, 0);
    if (pr.n) {
        res->status = 422;
        c.status = was;
        render_show(req, res, &c, &p, &pr);
        return 0;
    }
    struct audit_entry who = conv_who(req);
    if ((rc = conversation_update(req->db, &c, NULL, 0, &who, &req->err)))
        return rc;
    resp_redirect(res, conv_href(req, c.id, "?completed=1"));
    return 0;
}

int page_conv_share(struct request *req, struct response *res)
{
    struct conversation c;
    struct pupil p;
    int rc = conv_load_staff(req, page_id(req, 0), &c, &p);
    if (rc)
        return rc;
    struct problems pr;
    problems_init(&pr, &req->arena);
    const char *how = req_text(req, "how");
    bool known = false;
    for (size_t i = 0; i < sizeof share_opts / sizeof share_opts[0]; i++)
        known |= !strcmp(how, share_opts[i].value);
    if (!known)
        problems_add(&pr, "how", "Choose how you shared the record");
    if (strcmp(c.status, "complete") != 0)
        problems_add(&pr, "how", "Save the record as complete before you share it");
    if (pr.n) {
        res->status = 422;
        render_show(req, res, &c, &p, &pr);
        return 0;
    }
    char today[11];
    conv_today(today);
    struct audit_entry who = conv_who(req);
    if ((rc = conversation_share(req->db, c.id, today, how, &who, &req->err)))
        return rc;
    resp_redirect(res, conv_href(req, c.id, "?shared=1"));
    return 0;
}

int page_conv_pdf(struct request *req, struct response *res)
{
    struct conversation c;
    struct pupil p;
    int rc = conv_load_staff(req, page_id(req, 0), &c, &p);
    if (rc)
        return rc;
    if ((rc = page_audit(req, "download", "conversation", c.id, p.id, "PDF")))
        return rc;
    return conv_pdf_send(req, res, &c, &p);
}

int page_conv_reply_read(struct request *req, struct response *res)
{
    int64_t conv_id = 0, pupil_id = 0, id = page_id(req, 1);
    int rc = reply_ref(req->db, req->who.school_id, id, &conv_id, &pupil_id, &req->err);
    if (rc == 0 && conv_id != page_id(req, 0))
        rc = ERR_NOTFOUND;
    struct pupil p;
    if (rc || (rc = page_pupil(req, pupil_id, &p)))
        return rc;
    struct audit_entry who = conv_who(req);
    if ((rc = reply_mark_read(req->db, id, req->who.staff_id, &who, &req->err)))
        return rc;
    resp_redirect(res, conv_href(req, conv_id, "#replies"));
    return 0;
}
