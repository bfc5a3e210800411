#include "pages/programmes/progenrol.h"

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

#define PDF_MAX (32u * 1024 * 1024)

/* ---- enrolling ----------------------------------------------------------------- */

int progpage_enrol_results(struct request *req, struct html *h, const struct provision *p,
                           const char *q, const char *base, const char *consent)
{
    struct pupil_filter f = { .fsm = -1, .limit = 30, .search = q };
    access_pupil_filter(&req->who, &f);
    struct pupil *ps;
    size_t n;
    int rc = pupil_list(req->db, &req->arena, &f, &ps, &n, NULL, &req->err);
    if (rc || (rc = page_audit(req, "list", "pupil", 0, 0,
                               arena_sprintf(&req->arena, "%zu pupils found to enrol", n))))
        return rc;
    if (!n) {
        html_raw(h, "<p class=\"govuk-body\">No pupils match. Try part of a name.</p>\n");
        return 0;
    }
    html_raw(h, "<ul class=\"govuk-list\">\n");
    for (size_t i = 0; i < n; i++) {
        bool enrolled = false;
        for (size_t k = 0; k < p->n_enrolments; k++)
            enrolled |= p->enrolments[k].pupil_id == ps[i].id;
        const char *name = pupil_display_name(&req->arena, &ps[i]);
        html(h, "<li>%s, %s ", name, pupil_year_label(ps[i].nc_year));
        if (enrolled) {
            html_raw(h, "<strong class=\"govuk-tag\">Enrolled</strong>");
        } else {
            form_start(h, arena_sprintf(&req->arena, "%s/%lld/enrol", base, (long long)p->id),
                       req->csrf);
            html(h, "<input type=\"hidden\" name=\"pupil_id\" value=\"%lld\">",
                 (long long)ps[i].id);
            if (consent)
                html(h, "<input type=\"hidden\" name=\"consent\" value=\"%s\">", consent);
            html(h,
                 "<button type=\"submit\" class=\"govuk-button govuk-button--secondary "
                 "govuk-!-margin-bottom-2\" data-module=\"govuk-button\">Enrol<span "
                 "class=\"govuk-visually-hidden\"> %s</span></button>",
                 name);
            form_end(h);
        }
        html_raw(h, "</li>\n");
    }
    html_raw(h, "</ul>\n");
    return 0;
}

int page_programme_enrol(struct request *req, struct response *res)
{
    struct progpage_form f;
    int rc = progpage_form_begin(req, &f, true);
    if (rc)
        return rc;
    const struct provision *p = &f.p;
    const char *q = req_text(req, "q");
    struct html h;
    struct page pg = { .title = "Enrol a pupil",
                       .caption = p->name,
                       .nav = "programmes",
                       .back_href =
                           arena_sprintf(&req->arena, "/programmes/%lld", (long long)p->id) };
    page_begin(req, res, &h, &pg);
    html(&h, "<form method=\"get\" action=\"/programmes/%lld/enrol\" role=\"search\">\n",
         (long long)p->id);
    struct field fq = { .name = "q",
                        .label = "Name or UPN of the pupil",
                        .value = q,
                        .type = "search",
                        .width = "20",
                        .spellcheck_off = true };
    form_input(&h, &fq);
    html_raw(&h, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
                 "data-module=\"govuk-button\">Search</button>\n</form>\n");
    if (*q && (rc = progpage_enrol_results(req, &h, p, q, "/programmes", NULL)))
        return rc;
    return page_finish(req, &h);
}

int page_programme_enrol_post(struct request *req, struct response *res)
{
    struct progpage_form f;
    int rc = progpage_form_begin(req, &f, true);
    if (rc)
        return rc;
    const struct provision *p = &f.p;
    long long id;
    if (str_to_int(req_text(req, "pupil_id"), 1, INT64_MAX, &id))
        return ERR_NOTFOUND;
    struct pupil pu;
    if ((rc = page_pupil(req, id, &pu)))
        return rc;
    struct enrolment en = { .provision_id = p->id, .pupil_id = pu.id, .consent = CONSENT_AWAITING };
    for (size_t i = 0; i < p->n_enrolments; i++)
        if (p->enrolments[i].pupil_id == pu.id)
            en = p->enrolments[i];
    if (!en.id && f.t.counts_when != PT_COUNTS_CHILD) {
        struct pupil_carer *cs;
        size_t n;
        if ((rc = carer_list_for_pupil(req->db, &req->arena, pu.id, &cs, &n, &req->err)))
            return rc;
        if (n)
            en.carer_id = cs[0].carer.id;
    }
    if ((rc = provision_enrol(req->db, &en, &f.who, &req->err)))
        return rc;
    resp_redirect(res, arena_sprintf(&req->arena, "/programmes/%lld/families/%lld?new=1",
                                     (long long)p->id, (long long)en.id));
    return 0;
}

static const struct option consent_opts[] = {
    { "not_requested", "Not asked yet", NULL },
    { "awaiting", "Waiting for a reply", NULL },
    { "given", "Given", NULL },
    { "declined", "Declined", NULL },
};

/* The provision in the path, for its enrolment pages: a programme at
 * /programmes/{id}/families/{eid}, any other provision (no template: *t
 * zeroed) at /provisions/{id}/pupils/{eid}; the other path is 404. */
static int enrolment_load(struct request *req, struct provision *p, struct progtemplate *t,
                          bool *manage)
{
    int64_t id = page_id(req, 0);
    if (id <= 0)
        return ERR_NOTFOUND;
    int rc = access_provision_visible(req->db, &req->who, id, &req->err);
    if (rc)
        return rc;
    struct audit_entry who = progpage_who(req);
    if ((rc = provision_get(req->db, &req->arena, id, req->who.school_id, &who, p, &req->err)))
        return rc;
    bool programme_path = str_starts_with(req->path, "/programmes/");
    if (!p->template_id != !programme_path)
        return ERR_NOTFOUND;
    memset(t, 0, sizeof *t);
    if (p->template_id &&
        (rc = progtemplate_get(req->db, &req->arena, p->template_id, t, &req->err)))
        return rc;
    *manage = page_is_lead(req);
    return 0;
}

/* Where an enrolment's provision lives: its page, and where its families
 * are listed on it. */
static const char *enrolment_home(struct request *req, const struct provision *p)
{
    return p->template_id ? arena_sprintf(&req->arena, "/programmes/%lld", (long long)p->id)
                          : arena_sprintf(&req->arena, "/provisions/%lld", (long long)p->id);
}

static int find_enrolment(struct request *req, const struct provision *p,
                          const struct enrolment **out)
{
    int64_t eid = page_id(req, 1);
    for (size_t i = 0; i < p->n_enrolments; i++)
        if (p->enrolments[i].id == eid) {
            *out = &p->enrolments[i];
            return 0;
        }
    (void)req;
    return ERR_NOTFOUND;
}

static int render_enrolment(struct request *req, struct response *res, const struct provision *p,
                            const struct progtemplate *t, const struct enrolment *en,
                            const struct problems *pr, bool posted)
{
    struct pupil_carer *cs;
    size_t n_c;
    int rc = carer_list_for_pupil(req->db, &req->arena, en->pupil_id, &cs, &n_c, &req->err);
    if (rc)
        return rc;
    struct html h;
    const char *home = enrolment_home(req, p);
    struct page pg = { .title = en->pupil_name,
                       .caption = p->name,
                       .nav = p->template_id ? "programmes" : "provision",
                       .back_href = arena_sprintf(&req->arena, "%s#%s", home,
                                                  p->template_id ? "families" : "pupils") };
    page_begin(req, res, &h, &pg);
    if (req_query(req, "new"))
        layout_banner(&h, true, "Enrolled", "Now record the family's consent when you have it.");
    form_error_summary(&h, pr);
    form_start(&h,
               arena_sprintf(&req->arena, "%s/%s/%lld", home,
                             p->template_id ? "families" : "pupils", (long long)en->id),
               req->csrf);
#define VAL(name, dflt) (posted ? req_text(req, name) : (dflt))
    struct field fc = { .name = "consent",
                        .label = "Consent to take part",
                        .value = VAL("consent", consent_names[en->consent]),
                        .error = problems_for(pr, "consent") };
    form_radios(&h, &fc, consent_opts, 4, false);
    struct field fd = { .name = "consent_on",
                        .label = "Date of the reply (optional)",
                        .hint = "Today if you leave it blank. For example, 14/01/2025",
                        .value = VAL("consent_on", en->consent_on),
                        .error = problems_for(pr, "consent_on"),
                        .width = "10" };
    form_input(&h, &fd);
    if (t->hub_max) {
        struct field fh = { .name = "hub",
                            .label = "Hub",
                            .hint = arena_sprintf(&req->arena,
                                                  "The table group the family is in: hubs have %d "
                                                  "to %d families. Leave blank for none yet",
                                                  t->hub_min, t->hub_max),
                            .value = VAL("hub",
                                         en->hub ? arena_sprintf(&req->arena, "%d", en->hub) : ""),
                            .error = problems_for(pr, "hub"),
                            .width = "2",
                            .inputmode = "numeric" };
        form_input(&h, &fh);
    }
    if (n_c && p->template_id && t->counts_when != PT_COUNTS_CHILD) {
        struct option *co = arena_array(&req->arena, n_c, sizeof *co);
        for (size_t i = 0; co && i < n_c; i++)
            co[i] = (struct option){ arena_sprintf(&req->arena, "%lld", (long long)cs[i].carer.id),
                                     arena_sprintf(&req->arena, "%s (%s)",
                                                   carer_display_name(&req->arena, &cs[i].carer),
                                                   cs[i].link.relationship),
                                     NULL };
        struct field fp = { .name = "carer",
                            .label = "The parent or carer taking part",
                            .value =
                                VAL("carer", en->carer_id ? arena_sprintf(&req->arena, "%lld",
                                                                          (long long)en->carer_id)
                                                          : "") };
        if (co)
            form_radios(&h, &fp, co, n_c, false);
    }
    struct field fl = { .name = "left_on",
                        .label = "Stopped coming on (optional)",
                        .hint = "Only if the family has stopped taking part",
                        .value = VAL("left_on", en->left_on),
                        .error = problems_for(pr, "left_on"),
                        .width = "10" };
    form_input(&h, &fl);
    struct field fr = { .name = "left_reason",
                        .label = "Why they stopped (optional)",
                        .hint = "A few words, like \"moved to a different group\"",
                        .value = VAL("left_reason", en->left_reason ? en->left_reason : ""),
                        .error = problems_for(pr, "left_reason") };
    form_input(&h, &fr);
#undef VAL
    form_button(&h, "Save", false);
    form_end(&h);
    return page_finish(req, &h);
}

int page_enrolment_edit(struct request *req, struct response *res)
{
    struct provision p;
    struct progtemplate t;
    bool manage;
    const struct enrolment *en;
    int rc = enrolment_load(req, &p, &t, &manage);
    if (rc || (rc = find_enrolment(req, &p, &en)))
        return rc;
    if (!manage)
        return ERR_DENIED;
    /* The form names the child and their carers. */
    if ((rc = page_audit(req, "view", "pupil", en->pupil_id, en->pupil_id, "enrolment form")))
        return rc;
    return render_enrolment(req, res, &p, &t, en, NULL, false);
}

int page_enrolment_update(struct request *req, struct response *res)
{
    struct provision p;
    struct progtemplate t;
    bool manage;
    const struct enrolment *old;
    int rc = enrolment_load(req, &p, &t, &manage);
    if (rc || (rc = find_enrolment(req, &p, &old)))
        return rc;
    if (!manage)
        return ERR_DENIED;
    struct enrolment en = *old;
    struct problems pr;
    problems_init(&pr, &req->arena);
    enum consent c;
    if (provision_parse_consent(req_text(req, "consent"), &c))
        problems_add(&pr, "consent", "Choose whether consent is given");
    else {
        if (c != en.consent)
            en.consent_on[0] = '\0';
        en.consent = c;
    }
    if (*req_text(req, "consent_on"))
        progpage_date_field(req, "consent_on", en.consent_on, false, &pr, "the date of the reply");
    const char *hub = req_text(req, "hub");
    long long v;
    en.hub = 0;
    if (*hub) {
        if (str_to_int(hub, 1, 99, &v))
            problems_add(&pr, "hub", "Enter the hub as a number, like 1");
        else
            en.hub = (int)v;
    }
    const char *carer = req_text(req, "carer");
    if (*carer && str_to_int(carer, 1, INT64_MAX, &v) == 0)
        en.carer_id = v;
    progpage_date_field(req, "left_on", en.left_on, false, &pr, "the day they stopped coming");
    const char *why = req_text(req, "left_reason");
    en.left_reason = *why ? why : NULL;
    if (strlen(why) > 200)
        problems_add(&pr, "left_reason", "Keep the reason under 200 characters");
    else if (*why && !en.left_on[0])
        problems_add(&pr, "left_on",
                     "Enter the day they stopped coming, or leave the reason blank");
    if (!en.left_on[0])
        en.left_reason = NULL;
    if (!pr.n) {
        struct audit_entry who = progpage_who(req);
        rc = provision_enrol(req->db, &en, &who, &req->err);
        if (rc == ERR_INPUT)
            progpage_model_problem(req, &pr, "consent");
        else if (rc)
            return rc;
    }
    if (pr.n) {
        res->status = 422;
        return render_enrolment(req, res, &p, &t, old, &pr, true);
    }
    resp_redirect(res, arena_sprintf(&req->arena, "%s?saved=1#%s", enrolment_home(req, &p),
                                     p.template_id ? "families" : "pupils"));
    return 0;
}

static const char *signer(struct request *req, const struct provision *p)
{
    for (size_t i = 0; i < p->n_team; i++)
        if (p->team[i].staff_id)
            return arena_sprintf(&req->arena, "%s, for the %s team", p->team[i].name, p->name);
    return NULL;
}

int page_invitation_pdf(struct request *req, struct response *res)
{
    struct provision p;
    struct progtemplate t;
    bool manage;
    const struct enrolment *en;
    int rc = progpage_load(req, &p, &t, &manage);
    if (rc || (rc = find_enrolment(req, &p, &en)))
        return rc;
    struct prog_session *ss;
    size_t n;
    if ((rc = programme_sessions(req->db, &req->arena, p.id, &ss, &n, &req->err)))
        return rc;
    char today[11];
    date_iso(date_today(), today);
    const char *why = progdocs_invitation_problem(&p, ss, n, today);
    if (why) { /* a letter would mislead: say why instead (issue 13) */
        struct html h;
        res->status = 409;
        page_begin(req, res, &h,
                   &(struct page){ .title = "The invitation letter cannot be printed yet",
                                   .nav = "programmes",
                                   .back_href = arena_sprintf(&req->arena, "/programmes/%lld",
                                                              (long long)p.id) });
        html(&h, "<p class=\"govuk-body\">%s</p>\n", why);
        if (manage)
            html(&h,
                 "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/provisions/%lld/edit\">"
                 "Change the programme</a></p>\n",
                 (long long)p.id);
        return page_finish(req, &h);
    }
    struct buf b;
    buf_init(&b, PDF_MAX);
    if ((rc = progdocs_invitation(&b, &req->arena, progpage_school(req), &t, &p, en, ss, n,
                                  signer(req, &p), &req->err)) ||
        (rc = page_audit(req, "print invitation", "provision", p.id, en->pupil_id, NULL))) {
        buf_release(&b);
        return rc;
    }
    return progpage_send_pdf(req, res, &b, "invitation.pdf");
}
