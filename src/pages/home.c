#include "pages/home.h"

#include <string.h>

#include "model/access/access.h"
#include "model/access/account.h"
#include "core/arena.h"
#include "core/str.h"
#include "http/app.h"
#include "model/register/auditw.h"
#include "model/register/pupil.h"
#include "pages/access/langpage.h"
#include "pages/common.h"
#include "pages/conversations/conv_home.h"
#include "pages/provision/provmap.h"
#include "pages/setup/checklist.h"
#include "pages/programmes/stories.h"

int page_health(struct request *req, struct response *res)
{
    /* Audit rows of views not yet committed (auditw.h): a number that keeps
     * growing means the database cannot be written. */
    size_t waiting = req->app->auditw ? auditw_waiting(req->app->auditw) : 0;
    if (!waiting) {
        resp_text(res, 200, "text/plain; charset=utf-8", "ok\n");
        return 0;
    }
    resp_text(res, 200, "text/plain; charset=utf-8",
              arena_sprintf(&req->arena, "ok\naudit rows waiting: %zu\n", waiting));
    return 0;
}

static void stat(struct html *h, const char *label, int n, const char *href)
{
    html(h,
         "<div class=\"govuk-grid-column-one-quarter meso-stat\"><p class=\"govuk-body\">"
         "<span class=\"govuk-heading-l govuk-!-margin-bottom-0\">%d</span>",
         n);
    if (href)
        html(h, "<a class=\"govuk-link\" href=\"%s\">%s</a></p></div>\n", href, label);
    else
        html(h, "%s</p></div>\n", label);
}

/* The school at a glance, for leads: the pupils on roll today, counted
 * by the one definition the provision map uses (pupil_roll_counts). */
static int lead_summary(struct request *req, struct html *h)
{
    struct pupil_roll_counts c;
    int rc = pupil_roll_counts(req->db, &req->arena, req->who.school_id, NULL, &c, &req->err);
    if (rc)
        return rc;
    html_raw(h, "<h2 class=\"govuk-heading-m\">Your school</h2>\n<div class=\"govuk-grid-row\">\n");
    stat(h, "pupils on roll", c.on_roll, "/pupils");
    stat(h, "on SEN support", c.sen_support, "/pupils?sen=K");
    stat(h, "with an EHC plan", c.ehc_plan, "/pupils?sen=E");
    stat(h, "eligible for free school meals", c.fsm, "/pupils?fsm=yes");
    html_raw(h, "</div>\n");
    if (c.joining)
        html(h,
             "<p class=\"govuk-body\">%d more %s due to join later; they are in the register "
             "but not on roll yet.</p>\n",
             c.joining, c.joining == 1 ? "pupil is" : "pupils are");
    if (c.no_key_teacher)
        html(h,
             "<p class=\"govuk-body\">%d pupils do not have a key teacher yet. You can choose "
             "one from each pupil's page.</p>\n",
             c.no_key_teacher);
    return 0;
}

/* A child's school year in the family's words: "Year 3", "Reception". */
static const char *year_words(struct request *req, const char *nc_year)
{
    long long y;
    if (nc_year && str_to_int(nc_year, 1, 14, &y) == 0)
        return _f(&req->arena, req->tr, "Year %s", nc_year);
    return tr_get(req->tr, pupil_year_label(nc_year));
}

/* A parent's home: their children, the language of their pages, stories. */
static int parent_home(struct request *req, struct html *h, const struct pupil *ps, size_t n)
{
    const struct tr *tr = req->tr;
    html(h, "<h2 class=\"govuk-heading-m\">%s</h2>\n", _n(tr, "Your child", "Your children", n));
    if (n == 0)
        html(h, "<p class=\"govuk-body\">%s</p>\n", _(tr, "There is no one here yet."));
    html_raw(h, "<ul class=\"govuk-list\">\n");
    for (size_t i = 0; i < n; i++)
        html(h, "<li><a class=\"govuk-link\" href=\"/my/children/%lld\">%s</a>, %s</li>\n",
             (long long)ps[i].id, pupil_display_name(&req->arena, &ps[i]),
             year_words(req, ps[i].nc_year));
    html_raw(h, "</ul>\n");
    html(h, "<p class=\"govuk-body\">%s</p>\n<p class=\"govuk-body\">%s</p>\n",
         _(tr, "This is your space to work with your child's school. You know your child best, "
               "and the school wants to hear from you."),
         _(tr, "meso is the name of this website. Your child's school uses it to share notes "
               "from your meetings, and to hear from you."));
    int rc = stories_home_link(req, h);
    if (rc == 0)
        langpage_chooser(req, h);
    return rc;
}

int page_home(struct request *req, struct response *res)
{
    if (req->who.kind == PRINCIPAL_LA) { /* an LA officer's home is the LA view */
        resp_redirect(res, "/la");
        return 0;
    }
    struct html h;
    struct page p = { .title = _(req->tr, "Home"), .nav = "home", .no_h1 = true };
    page_begin(req, res, &h, &p);
    html(&h, "<h1 class=\"govuk-heading-l\">%s</h1>\n",
         _f(&req->arena, req->tr, "Hello, %s", req->who.name ? req->who.name : ""));
    int rc = 0;
    if (req->who.kind == PRINCIPAL_STAFF && (req->who.roles & ACCOUNT_LEAD))
        rc = checklist_home_lead(req, &h); /* until setup is done (pages/setup/checklist.h) */
    /* Structured conversations: each key teacher's, and the school's for
     * leads, which opens with the lead's to-do list. */
    if (rc == 0 && req->who.kind == PRINCIPAL_STAFF && (req->who.roles & ACCOUNT_TEACHER))
        rc = conv_home_teacher(req, &h);
    if (rc == 0 && req->who.kind == PRINCIPAL_STAFF && (req->who.roles & ACCOUNT_LEAD))
        rc = conv_home_lead(req, &h);
    if (rc == 0 && req->who.kind == PRINCIPAL_STAFF && (req->who.roles & ACCOUNT_LEAD))
        rc = lead_summary(req, &h);
    if (rc == 0 && req->who.kind == PRINCIPAL_STAFF && (req->who.roles & ACCOUNT_LEAD))
        rc = provmap_home_lead(req, &h);
    if (rc == 0 && (req->who.kind == PRINCIPAL_PARENT ||
                    (req->who.roles & (ACCOUNT_TEACHER | ACCOUNT_PRACTITIONER)))) {
        /* The children this person works with, or their own children. */
        struct pupil_filter f = { .fsm = -1 };
        access_pupil_filter(&req->who, &f);
        struct pupil *ps;
        size_t n;
        rc = pupil_list(req->db, &req->arena, &f, &ps, &n, NULL, &req->err);
        if (rc == 0)
            rc = page_audit(req, "list", "pupil", 0, 0,
                            arena_sprintf(&req->arena, "%zu pupils on the home page", n));
        if (rc == 0 && req->who.kind == PRINCIPAL_PARENT)
            rc = parent_home(req, &h, ps, n);
        else if (rc == 0) {
            html_raw(&h, "<h2 class=\"govuk-heading-m\">Children you work with</h2>\n");
            if (n == 0)
                html_raw(&h, "<p class=\"govuk-body\">There is no one here yet.</p>\n");
            html_raw(&h, "<ul class=\"govuk-list\">\n");
            for (size_t i = 0; i < n; i++)
                html(&h, "<li><a class=\"govuk-link\" href=\"/pupils/%lld\">%s</a>, %s</li>\n",
                     (long long)ps[i].id, pupil_display_name(&req->arena, &ps[i]),
                     pupil_year_label(ps[i].nc_year));
            html_raw(&h, "</ul>\n");
        }
    }
    if (rc == 0 && req->who.kind == PRINCIPAL_STAFF && (req->who.roles & ACCOUNT_ADMIN))
        rc = checklist_home_admin(req, &h);
    if (rc)
        return rc;
    return page_finish(req, &h);
}
