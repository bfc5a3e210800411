#include "pages/programmes/progforms.h"

#include <string.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "html/form.h"
#include "io/canvas_svg.h"
#include "model/access/access.h"
#include "model/register/audit.h"
#include "model/access/account.h"
#include "model/register/carer.h"
#include "view/effectwords.h"
#include "pages/programmes/progcompare_page.h"
#include "view/progdocs.h"
#include "model/programmes/programme.h"
#include "model/programmes/progreport.h"
#include "model/register/pupil.h"
#include "model/register/school.h"
#include "model/register/staff.h"
#include "model/programmes/story.h"
#include "pages/calnote.h"
#include "pages/common.h"
#include "pages/confirm.h"
#include "pages/programmes/programmes.h"

/* After a small form: back to the page, or the page again with the problem. */
static int after(struct request *req, struct response *res, struct progpage_form *f, int rc,
                 const char *anchor)
{
    if (rc && rc != ERR_INPUT)
        return rc;
    if (rc == ERR_INPUT && f->pr.n == 0)
        progpage_model_problem(req, &f->pr, "form");
    if (f->pr.n) {
        res->status = 422;
        return progpage_show(req, res, &f->p, &f->t, f->manage, &f->pr);
    }
    resp_redirect(
        res, arena_sprintf(&req->arena, "/programmes/%lld?saved=1#%s", (long long)f->p.id, anchor));
    return 0;
}

int page_programme_team(struct request *req, struct response *res)
{
    struct progpage_form f;
    int rc = progpage_form_begin(req, &f, true);
    if (rc)
        return rc;
    struct team_member m = { .role = req_text(req, "role"), .name = req_text(req, "member_name") };
    long long sid;
    const char *s = req_text(req, "staff_id");
    if (*s && str_to_int(s, 1, INT64_MAX, &sid) == 0)
        m.staff_id = sid;
    if (!*m.name)
        m.name = NULL;
    if (!m.staff_id && !m.name)
        problems_add(&f.pr, "staff", "Choose a member of staff, or enter the person's name");
    if (!f.pr.n)
        rc = provision_team_add(req->db, f.p.id, &m, &f.who, &req->err);
    return after(req, res, &f, rc, "team");
}

int page_programme_team_remove_confirm(struct request *req, struct response *res)
{
    struct progpage_form f;
    int rc = progpage_form_begin(req, &f, true);
    if (rc)
        return rc;
    const struct provision *p = &f.p;
    const struct team_member *m = NULL;
    for (size_t i = 0; i < p->n_team; i++)
        if (p->team[i].id == page_id(req, 1))
            m = &p->team[i];
    if (!m)
        return ERR_NOTFOUND;
    struct confirm c = {
        .title = arena_sprintf(&req->arena, "Remove %s from the team?", m->name),
        .caption = p->name,
        .nav = "programmes",
        .what = arena_sprintf(&req->arena,
                              "%s will no longer be on the team for %s, and will no longer see "
                              "it or its families through the team.",
                              m->name, p->name),
        .kept = "Sessions, attendance and notes already recorded stay as they are.",
        .action = arena_sprintf(&req->arena, "/programmes/%lld/team/%lld/remove", (long long)p->id,
                                (long long)m->id),
        .button = "Remove from team",
        .cancel_href = arena_sprintf(&req->arena, "/programmes/%lld#team", (long long)p->id),
    };
    return page_confirm(req, res, &c);
}

int page_programme_team_remove(struct request *req, struct response *res)
{
    struct progpage_form f;
    int rc = progpage_form_begin(req, &f, true);
    if (rc)
        return rc;
    if ((rc = provision_team_remove(req->db, f.p.id, page_id(req, 1), &f.who, &req->err)))
        return rc;
    resp_redirect(res,
                  arena_sprintf(&req->arena, "/programmes/%lld?saved=1#team", (long long)f.p.id));
    return 0;
}

int page_programme_cost(struct request *req, struct response *res)
{
    struct progpage_form f;
    int rc = progpage_form_begin(req, &f, true);
    if (rc)
        return rc;
    struct provision_cost_item item = { .what = req_text(req, "what"),
                                        .per_session =
                                            !strcmp(req_text(req, "per_session"), "yes") };
    if (!*item.what)
        problems_add(&f.pr, "what", "Say what the cost is for");
    if (provision_parse_money(req_text(req, "amount"), &item.pence))
        problems_add(&f.pr, "amount", "Enter the amount in pounds, like 45 or 12.50");
    if (!f.pr.n)
        rc = provision_cost_add(req->db, f.p.id, &item, &f.who, &req->err);
    return after(req, res, &f, rc, "costs");
}

int page_programme_quote(struct request *req, struct response *res)
{
    struct progpage_form f;
    int rc = progpage_form_begin(req, &f, false);
    if (rc)
        return rc;
    struct problems *pr = &f.pr;
    struct prog_quote q = { .provision_id = f.p.id,
                            .speaker = req_text(req, "speaker"),
                            .text = req_text(req, "quote_text"),
                            .attribution = req_text(req, "attribution") };
    if (!*q.text)
        problems_add(pr, "text", "Enter what they said");
    if (!*req_text(req, "consent_on"))
        problems_add(pr, "consent",
                     "Enter the day they agreed to be quoted. Keep a quote only "
                     "when the person agrees");
    else
        progpage_date_field(req, "consent_on", q.consent_on, true, pr, "the day they agreed");
    for (size_t i = 0; i < pr->n; i++)
        if (!strcmp(pr->items[i].field, "consent_on"))
            pr->items[i].field = "consent";
    if (!pr->n)
        rc = programme_quote_add(req->db, &q, &f.who, &req->err);
    return after(req, res, &f, rc, "quotes");
}

int page_programme_followon(struct request *req, struct response *res)
{
    struct progpage_form f;
    int rc = progpage_form_begin(req, &f, false);
    if (rc)
        return rc;
    char date[11];
    progpage_date_field(req, "followon_date", date, true, &f.pr, "the date of the meeting");
    int64_t sid = 0;
    if (!f.pr.n)
        rc = programme_followon_add(req->db, f.p.id, date, NULL, &f.who, &sid, &req->err);
    if (rc == 0 && !f.pr.n) {
        resp_redirect(res, arena_sprintf(&req->arena, "/programmes/%lld/sessions/%lld",
                                         (long long)f.p.id, (long long)sid));
        return 0;
    }
    return after(req, res, &f, rc, "follow-on");
}

int page_programme_reading(struct request *req, struct response *res)
{
    struct progpage_form f;
    int rc = progpage_form_begin(req, &f, false);
    if (rc)
        return rc;
    struct problems *pr = &f.pr;
    struct reading_session r = { 0 };
    long long v;
    if (str_to_int(req_text(req, "enrolment"), 1, INT64_MAX, &v) == 0)
        r.enrolment_id = v;
    bool known = false;
    for (size_t i = 0; i < f.p.n_enrolments; i++)
        known |= f.p.enrolments[i].id == r.enrolment_id;
    if (!known)
        return ERR_NOTFOUND;
    progpage_date_field(req, "read_on", r.read_on, true, pr, "the date");
    if (str_to_int(req_text(req, "minutes"), 1, 240, &v))
        problems_add(pr, "minutes", "Enter the minutes, from 1 to 240");
    else
        r.minutes = (int)v;
    if (req->who.staff_id)
        r.staff_id = req->who.staff_id;
    if (!pr->n) {
        rc = reading_add(req->db, &r, &f.who, &req->err);
        if (rc == ERR_INPUT && !strncmp(req->err.msg, "date:", 5))
            progpage_model_problem(req, pr, "read_on");
        for (size_t i = 0; i < pr->n; i++)
            if (!strcmp(pr->items[i].field, "date"))
                pr->items[i].field = "read_on";
    }
    if (rc == 0 && !pr->n) {
        resp_redirect(res, arena_sprintf(&req->arena, "/programmes/%lld?saved=1&read_on=%s#reading",
                                         (long long)f.p.id, r.read_on));
        return 0;
    }
    return after(req, res, &f, rc, "reading");
}
