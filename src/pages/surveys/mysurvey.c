#include "pages/surveys/mysurvey.h"

#include <string.h>

#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "html/form.h"
#include "http/auth.h"
#include "model/access/access.h"
#include "model/access/throttle.h"
#include "model/register/pupil.h"
#include "model/surveys/survey.h"
#include "pages/common.h"
#include "pages/conversations/convpages.h"
#include "pages/words.h"

/* Every word these pages show a family, in one place (the statements and
 * answers themselves are survey_items[] and survey_answer_labels[]). {} is
 * the child's first name (pages/words.h). */
static const struct {
    const char *title, *intro, *private_note, *skip_hint, *send, *none_open, *thanks_title, *thanks,
        *invite_heading, *invite, *invite_link, *code_label, *code_hint, *code_wrong, *code_missing,
        *paper_intro;
} S = {
    .title = "How are we doing?",
    .intro = "Please tell us how it feels to work with {}'s school. There are five short "
             "questions. It takes two minutes.",
    .private_note = "Your answers are kept with your child's record. The school's reports "
                    "only show the answers of 5 or more families added up.",
    .skip_hint = "Leave out any question you do not want to answer.",
    .send = "Send my answers",
    .none_open = "There are no questions to answer just now. Thank you for looking.",
    .thanks_title = "Thank you",
    .thanks = "We have your answers. They help us work better with families.",
    .invite_heading = "How are we doing?",
    .invite = "We would like to know how it feels to work with us. There are five short "
              "questions.",
    .invite_link = "Answer five questions",
    .code_label = "Your code",
    .code_hint = "It is on the slip from school. It looks like ABCD 2345.",
    .code_wrong = "This code does not work. It may be used, or the survey may be closed. Ask the "
                  "school for a new one.",
    .code_missing = "Type the code from your slip",
    .paper_intro = "Please tell us how it feels to work with your child's school. There are "
                   "five short questions. It takes two minutes.",
};

static const char *const fields[SURVEY_N_ITEMS] = { "a1", "a2", "a3", "a4", "a5" };

/* The five questions as radio groups, with the answers kept on a refusal. */
static void questions(struct html *h, const int answers[SURVEY_N_ITEMS], const struct problems *pr)
{
    struct option opts[SURVEY_N_ANSWERS];
    static const char *const values[SURVEY_N_ANSWERS] = { "1", "2", "3", "4" };
    for (int k = 0; k < SURVEY_N_ANSWERS; k++)
        opts[k] = (struct option){ values[k], survey_answer_labels[k], NULL };
    for (int i = 0; i < SURVEY_N_ITEMS; i++) {
        struct field f = { .name = fields[i],
                           .label = survey_items[i].statement,
                           .value = answers[i] >= 1 && answers[i] <= SURVEY_N_ANSWERS
                                        ? values[answers[i] - 1]
                                        : NULL,
                           .error = problems_for(pr, fields[i]) };
        form_radios(h, &f, opts, SURVEY_N_ANSWERS, true);
    }
}

/* The answers as posted: "" is left out (0); anything else not 1-4 is -1. */
static void read_answers(struct request *req, int answers[SURVEY_N_ITEMS])
{
    for (int i = 0; i < SURVEY_N_ITEMS; i++) {
        const char *v = req_text(req, fields[i]);
        long long x;
        answers[i] = !*v ? 0 : str_to_int(v, 1, SURVEY_N_ANSWERS, &x) == 0 ? (int)x : -1;
    }
}

static const char *today_iso(struct request *req)
{
    char *s = arena_alloc(&req->arena, 11);
    if (s)
        date_iso(date_today(), s);
    return s ? s : "";
}

static void render_my(struct request *req, struct response *res, const struct pupil *p,
                      const struct survey_round *r, const int answers[SURVEY_N_ITEMS],
                      const struct problems *pr)
{
    struct html h;
    struct page pg = { .title = S.title,
                       .caption = pupil_display_name(&req->arena, p),
                       .nav = "home",
                       .back_href =
                           arena_sprintf(&req->arena, "/my/children/%lld", (long long)p->id) };
    page_begin(req, res, &h, &pg);
    if (!r) {
        html(&h, "<p class=\"govuk-body\">%s</p>\n", S.none_open);
        page_finish(req, &h);
        return;
    }
    form_error_summary(&h, pr);
    html(&h,
         "<p class=\"govuk-body\">%s</p>\n<p class=\"govuk-body\">%s</p>\n<p "
         "class=\"govuk-body\">%s</p>\n",
         words_fill(&req->arena, S.intro, conv_first_name(p)), S.private_note, S.skip_hint);
    form_start(&h, arena_sprintf(&req->arena, "/my/children/%lld/survey", (long long)p->id),
               req->csrf);
    questions(&h, answers, pr);
    form_button(&h, S.send, false);
    form_end(&h);
    page_finish(req, &h);
}

/* The parent's own child, or 404. */
static int my_child(struct request *req, struct pupil *p)
{
    if (req->who.kind != PRINCIPAL_PARENT)
        return ERR_NOTFOUND;
    return page_pupil(req, page_id(req, 0), p);
}

/* The round open today at the child's school: 0 with *r, or r NULL. */
static int open_round(struct request *req, const struct pupil *p, struct survey_round *r,
                      bool *open)
{
    int rc = survey_round_open(req->db, &req->arena, p->school_id, today_iso(req), r, &req->err);
    *open = rc == 0;
    return rc == ERR_NOTFOUND ? 0 : rc;
}

int page_my_survey(struct request *req, struct response *res)
{
    struct pupil p;
    struct survey_round r;
    bool open;
    int rc = my_child(req, &p);
    if (rc || (rc = open_round(req, &p, &r, &open)))
        return rc;
    if ((rc = page_audit(req, "view", "pupil", p.id, p.id, "survey form")))
        return rc;
    int none[SURVEY_N_ITEMS] = { 0 };
    render_my(req, res, &p, open ? &r : NULL, none, NULL);
    return 0;
}

int page_my_survey_post(struct request *req, struct response *res)
{
    struct pupil p;
    struct survey_round r;
    bool open;
    int rc = my_child(req, &p);
    if (rc || (rc = open_round(req, &p, &r, &open)))
        return rc;
    int answers[SURVEY_N_ITEMS];
    read_answers(req, answers);
    struct problems pr;
    problems_init(&pr, &req->arena);
    if (open)
        survey_answers_validate(answers, &pr);
    if (!open || pr.n) {
        res->status = open ? 422 : 409;
        render_my(req, res, &p, open ? &r : NULL, answers, &pr);
        return 0;
    }
    struct audit_entry who = page_actor(req);
    if ((rc = survey_answer_portal(req->db, r.id, p.school_id, p.id, req->who.carer_id, answers,
                                   &who, &req->err)))
        return rc;
    resp_redirect(res, arena_sprintf(&req->arena, "/my/children/%lld?answered=1", (long long)p.id));
    return 0;
}

int mysurvey_invite(struct request *req, struct html *h, int64_t school_id, int64_t pupil_id)
{
    if (req_query(req, "answered")) {
        layout_banner(h, true, S.thanks_title, S.thanks);
        return 0;
    }
    struct survey_round r;
    int rc = survey_round_open(req->db, &req->arena, school_id, today_iso(req), &r, &req->err);
    if (rc == ERR_NOTFOUND)
        return 0;
    bool answered;
    if (rc ||
        (rc = survey_answered(req->db, r.id, pupil_id, req->who.carer_id, &answered, &req->err)))
        return rc;
    if (answered)
        return 0;
    html(h,
         "<div class=\"govuk-inset-text\" id=\"survey\"><h2 class=\"govuk-heading-s\">%s</h2><p "
         "class=\"govuk-body\">%s</p><p class=\"govuk-body\"><a class=\"govuk-link\" "
         "href=\"/my/children/%lld/survey\">%s</a></p></div>\n",
         S.invite_heading, S.invite, (long long)pupil_id, S.invite_link);
    return 0;
}

/* ---- on paper, with a code -------------------------------------------------- */

static void render_paper(struct request *req, struct response *res, const char *code,
                         const int answers[SURVEY_N_ITEMS], const struct problems *pr)
{
    struct html h;
    struct page pg = { .title = S.title };
    const char *token = auth_form_token(req, res);
    page_begin(req, res, &h, &pg);
    if (req_query(req, "sent")) {
        layout_banner(&h, true, S.thanks_title, S.thanks);
        page_finish(req, &h);
        return;
    }
    form_error_summary(&h, pr);
    html(&h,
         "<p class=\"govuk-body\">%s</p>\n<p class=\"govuk-body\">%s</p>\n<p "
         "class=\"govuk-body\">%s</p>\n",
         S.paper_intro, S.private_note, S.skip_hint);
    form_start(&h, "/survey", token);
    struct field fc = { .name = "code",
                        .label = S.code_label,
                        .hint = S.code_hint,
                        .value = code,
                        .width = "10",
                        .spellcheck_off = true,
                        .autocomplete = "off",
                        .error = problems_for(pr, "code") };
    form_input(&h, &fc);
    questions(&h, answers, pr);
    form_button(&h, S.send, false);
    form_end(&h);
    page_finish(req, &h);
}

int page_paper_survey(struct request *req, struct response *res)
{
    int none[SURVEY_N_ITEMS] = { 0 };
    render_paper(req, res, req_text(req, "code"), none, NULL);
    return 0;
}

int page_paper_survey_post(struct request *req, struct response *res)
{
    const char *code = req_text(req, "code");
    int answers[SURVEY_N_ITEMS];
    read_answers(req, answers);
    struct problems pr;
    problems_init(&pr, &req->arena);
    if (str_blank(code))
        problems_add(&pr, "code", "%s", S.code_missing);
    survey_answers_validate(answers, &pr);
    int64_t attempt = 0;
    int rc;
    /* Codes are throttled by address (model/access/throttle.h), as joining
     * codes are: counted before they are checked. */
    if (!pr.n && (rc = throttle_begin(req->db, THROTTLE_CODE, "survey", req->client, date_now_ms(),
                                      &attempt, NULL, &req->err))) {
        if (rc != ERR_LIMIT)
            return rc;
        problems_add(&pr, "code", "%s", page_sentence(req, req->err.msg));
        res->status = 429;
        render_paper(req, res, code, answers, &pr);
        return 0;
    }
    if (!pr.n) {
        struct audit_entry who = { .actor = "survey-code", .address = req->client };
        rc = survey_answer_code(req->db, code, today_iso(req), answers, &who, &req->err);
        if (rc == ERR_NOTFOUND)
            problems_add(&pr, "code", "%s", S.code_wrong);
        else if (rc)
            return rc;
        else {
            struct err ignored;
            throttle_ok(req->db, attempt, &ignored);
        }
    }
    if (pr.n) {
        res->status = 422;
        render_paper(req, res, code, answers, &pr);
        return 0;
    }
    resp_redirect(res, "/survey?sent=1");
    return 0;
}
