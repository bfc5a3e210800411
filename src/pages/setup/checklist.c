#include "pages/setup/checklist.h"

#include "model/access/account.h"
#include "core/date.h"
#include "model/access/codelock.h"
#include "model/access/staffacct.h"
#include "model/setup/checklist.h"
#include "pages/common.h"

/* Where each step is done: the carers come from the same export as the
 * pupils (its contact columns) or a contacts file, both through /import;
 * key teachers a class at a time on /classes. */
static const struct {
    const char *name, *href;
} steps[CHECK_N] = {
    [CHECK_PUPILS] = { "Import your pupils", "/import" },
    [CHECK_CARERS] = { "Link parents and carers", "/import" },
    [CHECK_STAFF] = { "Invite your staff", "/accounts/new" },
    [CHECK_KEY_TEACHERS] = { "Choose key teachers", "/classes" },
    [CHECK_CONVERSATION] = { "Arrange the first conversation", "/conversations" },
};

static const char *hint(struct request *req, const struct checklist *c, int i)
{
    struct arena *a = &req->arena;
    switch (i) {
    case CHECK_PUPILS:
        return c->pupils ? arena_sprintf(a, "%ld pupils on roll", c->pupils)
                         : "From your MIS export (SIMS, Arbor and others)";
    case CHECK_CARERS:
        return c->pupils ? arena_sprintf(a, "%ld of %ld pupils have a parent or carer linked",
                                         c->with_carer, c->pupils)
                         : "Usually from the same export as your pupils";
    case CHECK_STAFF:
        if (!(req->who.roles & ACCOUNT_ADMIN))
            return c->staff ? arena_sprintf(a, "%ld invited, %ld joined", c->staff, c->staff_joined)
                            : "Ask your meso administrator to add your teachers";
        return c->staff ? arena_sprintf(a, "%ld invited, %ld joined", c->staff, c->staff_joined)
                        : "Each teacher gets their own joining code";
    case CHECK_KEY_TEACHERS:
        return c->in_scope ? arena_sprintf(a, "%ld of %ld pupils in conversation scope have one",
                                           c->in_scope - c->no_key_teacher, c->in_scope)
                           : "Pupils with SEN support or an EHC plan are in scope";
    default:
        return c->conversations ? "Done" : "A key teacher records it with the family";
    }
}

static int waiting_notice(struct request *req, struct html *h)
{
    struct lead_request *w;
    size_t n;
    int rc = staffacct_waiting(req->db, &req->arena, req->who.school_id, &w, &n, &req->err);
    if (rc || !n)
        return rc;
    html(h,
         "<div class=\"govuk-inset-text\"><p class=\"govuk-body\">%s waiting for a lead's "
         "approval. <a class=\"govuk-link\" href=\"/accounts/approvals\">Approve or refuse</a>"
         "</p></div>\n",
         n == 1 ? "A new lead is" : arena_sprintf(&req->arena, "%zu new leads are", n));
    return 0;
}

/* Colleagues whose two-step sign-in is locked after wrong codes
 * (model/access/codelock.h): a lead may unlock it, having checked with them. */
static int locked_notice(struct request *req, struct html *h)
{
    struct codelock_holder *l;
    size_t n;
    int rc =
        codelock_locked(req->db, &req->arena, req->who.school_id, date_now_ms(), &l, &n, &req->err);
    if (rc || !n)
        return rc;
    html(h,
         "<div class=\"govuk-inset-text\" id=\"locked-sign-in\"><p class=\"govuk-body\">"
         "Two-step sign-in is locked after %d wrong codes for:</p><ul class=\"govuk-list\">\n",
         CODELOCK_FAILURES);
    for (size_t i = 0; i < n; i++) {
        if (l[i].id == req->who.account_id) {
            html(h, "<li>%s (you: another lead or the administrator can unlock it)</li>\n",
                 l[i].name);
            continue;
        }
        html(h,
             "<li>%s <form method=\"post\" action=\"/accounts/%lld/unlock-2fa\" "
             "class=\"meso-inline-form\"><input type=\"hidden\" name=\"csrf\" value=\"%s\">"
             "<button type=\"submit\" class=\"govuk-button govuk-button--secondary "
             "govuk-!-margin-bottom-1\" data-module=\"govuk-button\">Unlock<span "
             "class=\"govuk-visually-hidden\"> two-step sign-in for %s</span></button></form>"
             "</li>\n",
             l[i].name, (long long)l[i].id, req->csrf, l[i].name);
    }
    html_raw(h, "</ul><p class=\"govuk-body\">Check with them first: someone else who knows "
                "their password may have tried the codes.</p></div>\n");
    return 0;
}

int checklist_home_lead(struct request *req, struct html *h)
{
    int rc = waiting_notice(req, h);
    if (rc == 0)
        rc = locked_notice(req, h);
    struct checklist c;
    if (rc || (rc = checklist_load(req->db, req->who.school_id, &c, &req->err)))
        return rc;
    if (c.complete)
        return 0;
    html_raw(h, "<h2 class=\"govuk-heading-m\">Setting up meso</h2>\n<p class=\"govuk-body\">A "
                "few steps before your first conversation with a family. This list goes away "
                "when they are all done.</p>\n<ul class=\"govuk-task-list\">\n");
    for (int i = 0; i < CHECK_N; i++) {
        bool link = !(i == CHECK_STAFF && !(req->who.roles & ACCOUNT_ADMIN));
        html_raw(h, "<li class=\"govuk-task-list__item govuk-task-list__item--with-link\">"
                    "<div class=\"govuk-task-list__name-and-hint\">");
        if (link)
            html(h,
                 "<a class=\"govuk-link govuk-task-list__link\" href=\"%s\" "
                 "aria-describedby=\"setup-%d-hint setup-%d-status\">%s</a>",
                 steps[i].href, i, i, steps[i].name);
        else
            html(h, "<span>%s</span>", steps[i].name);
        html(h, "<div id=\"setup-%d-hint\" class=\"govuk-task-list__hint\">%s</div></div>", i,
             hint(req, &c, i));
        if (c.done[i])
            html(h, "<div class=\"govuk-task-list__status\" id=\"setup-%d-status\">Done</div>", i);
        else
            html(h,
                 "<div class=\"govuk-task-list__status\" id=\"setup-%d-status\"><strong "
                 "class=\"govuk-tag govuk-tag--blue\">To do</strong></div>",
                 i);
        html_raw(h, "</li>\n");
    }
    html_raw(h, "</ul>\n<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/school\">School "
                "details and term dates</a></p>\n");
    return 0;
}

int checklist_home_admin(struct request *req, struct html *h)
{
    struct lead_request *w;
    size_t n;
    int rc = staffacct_waiting(req->db, &req->arena, req->who.school_id, &w, &n, &req->err);
    if (rc)
        return rc;
    html_raw(h,
             "<h2 class=\"govuk-heading-m\">Accounts and settings</h2>\n<ul class=\"govuk-list\">"
             "<li><a class=\"govuk-link\" href=\"/accounts\">Add or change staff accounts</a>"
             "</li>\n<li><a class=\"govuk-link\" href=\"/school\">School details and term "
             "dates</a></li></ul>\n");
    if (n)
        html(h, "<p class=\"govuk-body\">%zu new lead%s waiting for a lead's approval.</p>\n", n,
             n == 1 ? " is" : "s are");
    return 0;
}
