#include "pages/programmes/prognew.h"

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

/* ---- starting one ------------------------------------------------------------ */

static const struct option tier_opts[] = {
    { "", "The programme's own tier", NULL },
    { "universal", "Universal: every child", NULL },
    { "selected", "Selected: groups at raised risk", NULL },
    { "indicated", "Indicated: children with emerging or identified needs", NULL },
};

static const struct option evidence_opts[] = {
    { "", "Not recorded", NULL },
    { "strong", "Strong: several good trials", NULL },
    { "moderate", "Moderate: at least one good trial", NULL },
    { "promising", "Promising: early studies show benefits", NULL },
    { "limited", "Limited: little evidence yet", NULL },
};

static void render_new(struct request *req, struct response *res, const struct problems *pr)
{
    struct progtemplate *ts;
    size_t n = 0;
    if (progtemplate_list(req->db, &req->arena, req->who.school_id, &ts, &n, &req->err))
        n = 0;
    struct option *opts = arena_array(&req->arena, n ? n : 1, sizeof *opts);
    for (size_t i = 0; opts && i < n; i++)
        opts[i] = (struct option){
            ts[i].key, ts[i].name,
            arena_sprintf(&req->arena, "%d sessions of %d minutes%s", ts[i].sessions,
                          ts[i].session_minutes,
                          ts[i].kind == PT_INDIVIDUAL ? ", for one pupil at a time" : "")
        };
    struct html h;
    struct page pg = { .title = "Start a programme",
                       .nav = "programmes",
                       .back_href = "/programmes" };
    page_begin(req, res, &h, &pg);
    form_error_summary(&h, pr);
    form_start(&h, "/programmes/new", req->csrf);
#define ERR(f) problems_for(pr, f)
    struct field ft = { .name = "template",
                        .label = "Which programme?",
                        .value = req_text(req, "template"),
                        .error = ERR("template") };
    if (opts)
        form_radios(&h, &ft, opts, n, false);
    struct field fields[] = {
        { .name = "name",
          .label = "Name (optional)",
          .hint = "For example, FAST for Year 1 families, spring term",
          .value = req_text(req, "name"),
          .error = ERR("name"),
          .width = "30" },
        { .name = "start_date",
          .label = "Date of the first session",
          .hint = "For example, 14/01/2025. Sessions are weekly on this day, skipping holidays",
          .value = req_text(req, "start_date"),
          .error = ERR("start_date"),
          .width = "10" },
        { .name = "session_time",
          .label = "Start time (optional)",
          .hint = "For example, 15:15",
          .value = req_text(req, "session_time"),
          .error = ERR("session_time"),
          .width = "5" },
        { .name = "venue",
          .label = "Where (optional)",
          .hint = "For example, the school hall",
          .value = req_text(req, "venue"),
          .error = ERR("venue"),
          .width = "20" },
    };
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        form_input(&h, &fields[i]);
    struct field ftier = { .name = "tier",
                           .label = "Tier (optional)",
                           .value = req_text(req, "tier"),
                           .error = ERR("tier") };
    form_select(&h, &ftier, tier_opts, sizeof tier_opts / sizeof *tier_opts);
    struct field costs[] = {
        { .name = "staff_hours",
          .label = "Staff hours for each session (optional)",
          .hint = "All the staff together, for working out costs. For example, 2.5",
          .value = req_text(req, "staff_hours"),
          .error = ERR("staff_hours"),
          .width = "5",
          .inputmode = "decimal" },
        { .name = "hourly_rate",
          .label = "Hourly rate of staff time, in pounds (optional)",
          .value = req_text(req, "hourly_rate"),
          .error = ERR("hourly_rate"),
          .width = "5",
          .inputmode = "decimal" },
    };
    for (size_t i = 0; i < sizeof costs / sizeof *costs; i++)
        form_input(&h, &costs[i]);
    struct field fev = { .name = "evidence_rating",
                         .label = "Evidence (optional)",
                         .value = req_text(req, "evidence_rating"),
                         .error = ERR("evidence_rating") };
    form_select(&h, &fev, evidence_opts, sizeof evidence_opts / sizeof *evidence_opts);
    struct field fref = { .name = "evidence_reference",
                          .label = "Where the evidence comes from (optional)",
                          .value = req_text(req, "evidence_reference"),
                          .error = ERR("evidence_reference"),
                          .width = "30" };
    form_input(&h, &fref);
    struct field frev = { .name = "review_date",
                          .label = "Review date (optional)",
                          .value = req_text(req, "review_date"),
                          .error = ERR("review_date"),
                          .width = "10" };
    form_input(&h, &frev);
#undef ERR
    form_button(&h, "Start the programme", false);
    form_end(&h);
    page_finish(req, &h);
}

int page_programme_new(struct request *req, struct response *res)
{
    render_new(req, res, NULL);
    return 0;
}

int page_programme_create(struct request *req, struct response *res)
{
    struct problems pr;
    problems_init(&pr, &req->arena);
    struct progtemplate t;
    const char *key = req_text(req, "template");
    if (!*key || progtemplate_by_key(req->db, &req->arena, req->who.school_id, key, &t, &req->err))
        problems_add(&pr, "template", "Choose a programme");
    struct provision p = { .school_id = req->who.school_id };
    const char *v = req_text(req, "name");
    p.name = *v ? v : NULL;
    progpage_date_field(req, "start_date", p.start_date, true, &pr,
                        "the date of the first session");
    progpage_date_field(req, "review_date", p.review_date, false, &pr, "the review date");
    str_copy(p.session_time, sizeof p.session_time, req_text(req, "session_time"));
    if (strlen(req_text(req, "session_time")) >= sizeof p.session_time)
        problems_add(&pr, "session_time", "Enter the time as HH:MM, like 15:15");
    v = req_text(req, "venue");
    p.venue = *v ? v : NULL;
    v = req_text(req, "tier");
    if (*v && provision_parse_tier(v, &p.tier))
        problems_add(&pr, "tier", "Choose a tier");
    v = req_text(req, "evidence_rating");
    if (*v && provision_parse_evidence(v, &p.evidence_rating))
        problems_add(&pr, "evidence_rating", "Choose an evidence rating");
    v = req_text(req, "evidence_reference");
    p.evidence_reference = *v ? v : NULL;
    v = req_text(req, "staff_hours");
    if (*v && (str_to_double(v, &p.staff_hours_per_session) || p.staff_hours_per_session < 0 ||
               p.staff_hours_per_session > 1000))
        problems_add(&pr, "staff_hours", "Enter the staff hours as a number, like 2.5");
    v = req_text(req, "hourly_rate");
    if (*v && provision_parse_money(v, &p.hourly_rate_pence))
        problems_add(&pr, "hourly_rate", "Enter the hourly rate in pounds, like 18.50");
    if (pr.n == 0) {
        size_t before = pr.n;
        struct audit_entry who = progpage_who(req);
        char chosen[11];
        str_copy(chosen, sizeof chosen, p.start_date);
        int rc = programme_start(req->db, &req->arena, &t, &p, &pr, &who, &req->err);
        if (rc && rc != ERR_INPUT)
            return rc;
        page_sentences(req, &pr, before);
        if (rc == ERR_INPUT && pr.n == before)
            progpage_model_problem(req, &pr, "start_date");
        if (rc == 0) {
            bool moved = strcmp(chosen, p.start_date) != 0;
            resp_redirect(res, arena_sprintf(&req->arena, "/programmes/%lld?started=1%s%s",
                                             (long long)p.id, moved ? "&chosen=" : "",
                                             moved ? chosen : ""));
            return 0;
        }
    }
    res->status = 422;
    render_new(req, res, &pr);
    return 0;
}
