#include "pages/access/myreply.h"

#include <string.h>

#include "core/problems.h"
#include "core/str.h"
#include "html/form.h"
#include "model/access/access.h"
#include "model/conversations/reply.h"
#include "pages/common.h"
#include "pages/conversations/convpages.h"
#include "pages/words.h"

/* Every word these pages show a parent, in one place, translated where it
 * is shown (TW(): docs/i18n.md). {} is the child's first name, or a date
 * (pages/words.h); translations keep the {}. */
static const struct {
    const char *title, *intro, *who_reads, *kind_legend, *kind_reply, *kind_reply_hint,
        *kind_not_right, *kind_not_right_hint, *body_label, *body_hint, *send, *history, *you_wrote,
        *you_said_not_right, *read, *not_read_yet, *reply_link;
} W = {
    .title = N_("Reply to the school"),
    .intro = N_("This is about our meeting on {}. You can reply to what we wrote. If something "
                "in it is not right, please tell us and we will put it right."),
    .who_reads = N_("{}'s key teacher will read your message. The key teacher is the teacher who "
                    "meets you each term to plan together."),
    .kind_legend = N_("What would you like to do?"),
    .kind_reply = N_("Reply to the school"),
    .kind_reply_hint = N_("Say thank you, ask a question, or add something."),
    .kind_not_right = N_("Tell us something is not right"),
    .kind_not_right_hint = N_("Something we wrote is wrong, or missing."),
    .body_label = N_("Your message"),
    .body_hint = N_("Write in your own words."),
    .send = N_("Send to school"),
    .history = N_("What you sent us about this meeting"),
    .you_wrote = N_("On {} you wrote:"),
    .you_said_not_right = N_("On {} you told us something was not right:"),
    .read = N_("Your key teacher has read this."),
    .not_read_yet = N_("We will read this soon."),
    .reply_link = N_("Reply, or tell us something is not right"),
};

#define TW(s) tr_get(req->tr, (s))

static const struct option kinds[] = {
    { "reply", NULL, NULL },
    { "not_right", NULL, NULL },
};

static void render(struct request *req, struct response *res, const struct conversation *c,
                   const struct pupil *p, const char *kind, const char *body,
                   const struct problems *pr)
{
    const char *child = conv_first_name(p);
    struct html h;
    struct page pg = { .title = TW(W.title),
                       .caption = pupil_display_name(&req->arena, p),
                       .nav = "home",
                       .back_href =
                           arena_sprintf(&req->arena, "/my/conversations/%lld", (long long)c->id) };
    page_begin(req, res, &h, &pg);
    form_error_summary(&h, pr);
    html(&h, "<p class=\"govuk-body\">%s</p>\n<p class=\"govuk-body\">%s</p>\n",
         words_fill(&req->arena, TW(W.intro), page_date(req, c->event_date)),
         words_fill(&req->arena, TW(W.who_reads), child));
    form_start(&h, arena_sprintf(&req->arena, "/my/conversations/%lld/reply", (long long)c->id),
               req->csrf);
    struct option opts[2] = { kinds[0], kinds[1] };
    opts[0].label = TW(W.kind_reply);
    opts[0].hint = TW(W.kind_reply_hint);
    opts[1].label = TW(W.kind_not_right);
    opts[1].hint = TW(W.kind_not_right_hint);
    struct field fk = { .name = "kind",
                        .label = TW(W.kind_legend),
                        .value = kind && *kind ? kind : "reply",
                        .error = problems_for(pr, "kind") };
    form_radios(&h, &fk, opts, 2, false);
    struct field fb = { .name = "body",
                        .label = TW(W.body_label),
                        .hint = TW(W.body_hint),
                        .value = body,
                        .error = problems_for(pr, "body") };
    form_textarea(&h, &fb, 6);
    form_button(&h, TW(W.send), false);
    form_end(&h);
    page_finish(req, &h);
}

int page_my_reply(struct request *req, struct response *res)
{
    struct conversation c;
    struct pupil p;
    int rc = conv_load_family(req, page_id(req, 0), &c, &p);
    if (rc)
        return rc;
    render(req, res, &c, &p, req_query(req, "kind"), NULL, NULL);
    return 0;
}

int page_my_reply_post(struct request *req, struct response *res)
{
    int64_t id = page_id(req, 0);
    struct conv_ref ref;
    struct pupil p;
    if (id <= 0 || req->who.kind != PRINCIPAL_PARENT)
        return ERR_NOTFOUND;
    int rc = conversation_ref(req->db, id, &ref, &req->err);
    if (rc == 0 && (ref.school_id != req->who.school_id ||
                    !conversation_family_may_see(ref.status, ref.shared)))
        rc = ERR_NOTFOUND;
    if (rc || (rc = page_pupil(req, ref.pupil_id, &p)))
        return rc;
    const char *kind = req_text(req, "kind"), *body = req_text(req, "body");
    struct problems pr;
    problems_init(&pr, &req->arena);
    reply_validate(kind, body, &pr);
    if (pr.n) {
        struct conversation c;
        if ((rc = conv_load_family(req, id, &c, &p)))
            return rc;
        res->status = 422;
        render(req, res, &c, &p, kind, body, &pr);
        return 0;
    }
    struct parent_reply r = { .conversation_id = id,
                              .pupil_id = p.id,
                              .school_id = p.school_id,
                              .carer_id = req->who.carer_id,
                              .kind = kind,
                              .body = body };
    struct audit_entry who = conv_who(req);
    if ((rc = reply_add(req->db, &r, &who, &req->err)))
        return rc;
    resp_redirect(
        res, arena_sprintf(&req->arena, "/my/conversations/%lld?replied=1#replies", (long long)id));
    return 0;
}

int myreply_history(struct request *req, struct html *h, const struct conversation *c)
{
    struct parent_reply *rs;
    size_t n;
    int rc = reply_list(req->db, &req->arena, c->id, req->who.carer_id, &rs, &n, &req->err);
    if (rc)
        return rc;
    html(h, "<h2 class=\"govuk-heading-m\" id=\"replies\">%s</h2>\n", TW(W.history));
    for (size_t i = 0; i < n; i++) {
        char day[11];
        str_copy(day, sizeof day, rs[i].sent_at);
        html(h,
             "<div class=\"govuk-inset-text\"><p class=\"govuk-body\">%s</p>\n<p "
             "class=\"govuk-body meso-multiline\">%s</p>\n<p class=\"govuk-body "
             "meso-muted\">%s</p></div>\n",
             words_fill(&req->arena,
                        strcmp(rs[i].kind, "not_right") == 0 ? TW(W.you_said_not_right)
                                                             : TW(W.you_wrote),
                        page_date(req, day)),
             rs[i].body, rs[i].read_at ? TW(W.read) : TW(W.not_read_yet));
    }
    html(h,
         "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/my/conversations/%lld/reply\">"
         "%s</a></p>\n",
         (long long)c->id, TW(W.reply_link));
    return 0;
}
