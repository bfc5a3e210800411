#include "pages/access/staffaccounts.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/problems.h"
#include "core/secret.h"
#include "core/str.h"
#include "html/form.h"
#include "http/app.h"
#include "core/date.h"
#include "model/access/account.h"
#include "model/access/codelock.h"
#include "model/access/staffacct.h"
#include "model/access/totp.h"
#include "model/register/audit.h"
#include "pages/common.h"
#include "pages/confirm.h"

static struct staffacct_by by_of(struct request *req)
{
    return (struct staffacct_by){ .actor = req->who.actor,
                                  .address = req->client,
                                  .account_id = req->who.account_id,
                                  .roles = req->who.roles,
                                  .school_id = req->who.school_id };
}

static const char *roles_words(struct request *req, unsigned roles)
{
    static const struct {
        unsigned bit;
        const char *word;
    } words[] = { { ACCOUNT_LEAD, "lead" },
                  { ACCOUNT_TEACHER, "teacher" },
                  { ACCOUNT_PRACTITIONER, "practitioner" },
                  { ACCOUNT_ADMIN, "administrator" } };
    const char *out = "";
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (roles & words[i].bit)
            out = arena_sprintf(&req->arena, "%s%s%s", out, *out ? ", " : "", words[i].word);
    return *out ? out : "none";
}

void accounts_code_letter(struct request *req, struct html *h, const char *name, const char *email,
                          const char *code, const char *expires)
{
    const char *base = req->app->base_url ? req->app->base_url : "";
    html(h,
         "<p class=\"govuk-body\">Give this to %s by hand, or read it to them. It works once, "
         "until %s. meso will not show it again, and no one else will know their "
         "password.</p>\n<div class=\"govuk-inset-text meso-letter\">"
         "<p class=\"govuk-body\">Dear %s,</p>"
         "<p class=\"govuk-body\">You have an account on meso, where we work with families "
         "on children's wellbeing. To make your password, open this link:</p>"
         "<p class=\"govuk-body\"><strong class=\"meso-link-text\">%s/join?code=%s</strong></p>"
         "<p class=\"govuk-body\">or go to <strong>%s/join</strong> and type this code:</p>"
         "<p class=\"govuk-body\"><code class=\"meso-secret\">%s</code></p>"
         "<p class=\"govuk-body\">Use your work email, %s.</p></div>\n",
         name, page_date(req, arena_strndup(&req->arena, expires, 10)), name, base, code, base,
         code, email);
}

/* ---- the list ------------------------------------------------------------ */

static void waiting_table(struct request *req, struct html *h, const struct lead_request *w,
                          size_t n)
{
    html_raw(h, "<h2 class=\"govuk-heading-m\">Waiting for a lead's approval</h2>\n"
                "<p class=\"govuk-body\">Leads see every child's record, so a lead approves "
                "each new lead. The approving lead gives the new lead their joining "
                "code.</p>\n<ul class=\"govuk-list govuk-list--bullet\">\n");
    for (size_t i = 0; i < n; i++)
        html(h, "<li>%s (%s): lead%s%s, asked for on %s</li>\n", w[i].name, w[i].email,
             w[i].other_roles ? " and " : "",
             w[i].other_roles ? roles_words(req, w[i].other_roles) : "",
             page_date(req, arena_strndup(&req->arena, w[i].requested_at, 10)));
    html_raw(h, "</ul>\n");
}

int page_accounts(struct request *req, struct response *res)
{
    struct account *as;
    struct lead_request *w;
    size_t n, n_w;
    int rc = account_list(req->db, &req->arena, req->who.school_id, &as, &n, &req->err);
    if (rc == 0)
        rc = staffacct_waiting(req->db, &req->arena, req->who.school_id, &w, &n_w, &req->err);
    if (rc)
        return rc;
    struct html h;
    struct page pg = { .title = "Accounts", .nav = "accounts", .wide = true };
    page_begin(req, res, &h, &pg);
    if (req_query(req, "saved"))
        layout_banner(&h, true, "Success", "The account has been changed.");
    html_raw(&h,
             "<a href=\"/accounts/new\" role=\"button\" draggable=\"false\" class=\"govuk-button\" "
             "data-module=\"govuk-button\">Add a staff account</a>\n"
             "<p class=\"govuk-body\">Each new person gets a joining code to make their own "
             "password. Parents and carers join with a code that a lead gives them from their "
             "child's page.</p>\n");
    if (n_w)
        waiting_table(req, &h, w, n_w);
    html_raw(
        &h, "<div class=\"meso-table-wrap\" role=\"region\" aria-label=\"Accounts\" tabindex=\"0\">"
            "<table class=\"govuk-table\"><caption class=\"govuk-visually-hidden\">"
            "Accounts</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
            "<th scope=\"col\" class=\"govuk-table__header\">Name</th>"
            "<th scope=\"col\" class=\"govuk-table__header\">Email</th>"
            "<th scope=\"col\" class=\"govuk-table__header\">Roles</th>"
            "<th scope=\"col\" class=\"govuk-table__header\">Joined</th>"
            "<th scope=\"col\" class=\"govuk-table__header\">Two-step sign-in</th></tr></thead>"
            "<tbody class=\"govuk-table__body\">\n");
    for (size_t i = 0; i < n; i++) {
        const struct account *a = &as[i];
        bool mine = a->id == req->who.account_id, staff = a->kind == ACCOUNT_STAFF;
        html_raw(&h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">");
        if (staff && !mine)
            html(&h, "<a class=\"govuk-link\" href=\"/accounts/%lld\">%s</a>", (long long)a->id,
                 a->name);
        else
            html(&h, "%s%s", a->name, mine ? " (you)" : "");
        html(
            &h,
            "%s</td><td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>"
            "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td></tr>\n",
            a->disabled ? " (disabled)" : "", a->email,
            staff ? roles_words(req, a->roles) : "parent or carer",
            a->has_password ? "Yes" : "Not yet", a->totp_enabled ? "On" : "Off");
    }
    html_raw(&h, "</tbody></table></div>\n");
    return page_finish(req, &h);
}

/* ---- adding an account ------------------------------------------------------ */

static const struct option role_opts[] = {
    { "lead", "Lead (SENCO or wellbeing lead): every child in the school. A lead must approve.",
      NULL },
    { "teacher", "Teacher: the pupils they are key teacher for", NULL },
    { "practitioner", "Practitioner (mentor, family worker): the families they work with", NULL },
    { "admin", "Administrator: accounts and settings only", NULL },
};
#define N_ROLE_OPTS (sizeof role_opts / sizeof role_opts[0])

static unsigned roles_from_form(struct request *req)
{
    unsigned roles = 0;
    for (size_t i = 0; i < N_ROLE_OPTS; i++) {
        char key[32], why[64];
        unsigned bit = 0;
        snprintf(key, sizeof key, "role-%s", role_opts[i].value);
        if (!strcmp(req_text(req, key), "yes") &&
            account_parse_roles(role_opts[i].value, &bit, why, sizeof why) == 0)
            roles |= bit;
    }
    return roles;
}

static void role_boxes(struct html *h, unsigned roles, const struct problems *pr)
{
    const char *err = problems_for(pr, "roles");
    html(
        h,
        "<div class=\"govuk-form-group%s\"><fieldset class=\"govuk-fieldset\" id=\"roles\">"
        "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">What can they do?</legend>",
        err ? " govuk-form-group--error" : "");
    if (err)
        html(
            h,
            "<p class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> %s</p>",
            err);
    html_raw(
        h,
        "<div class=\"govuk-checkboxes govuk-checkboxes--small\" data-module=\"govuk-checkboxes\">");
    for (size_t i = 0; i < N_ROLE_OPTS; i++) {
        unsigned bit = 0;
        char why[64];
        account_parse_roles(role_opts[i].value, &bit, why, sizeof why);
        html(
            h,
            "<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" "
            "id=\"role-%s\" name=\"role-%s\" type=\"checkbox\" value=\"yes\"%s>"
            "<label class=\"govuk-label govuk-checkboxes__label\" for=\"role-%s\">%s</label></div>",
            role_opts[i].value, role_opts[i].value, (roles & bit) ? " checked" : "",
            role_opts[i].value, role_opts[i].label);
    }
    html_raw(h, "</div></fieldset></div>\n");
}

static void render_account_form(struct request *req, struct response *res,
                                const struct staffacct_new *n, const struct problems *pr)
{
    struct html h;
    struct page pg = { .title = "Add a staff account",
                       .nav = "accounts",
                       .back_href = "/accounts" };
    page_begin(req, res, &h, &pg);
    form_error_summary(&h, pr);
    html_raw(&h, "<p class=\"govuk-body\">meso makes a joining code for them. They use it once to "
                 "make their own password.</p>\n");
    form_start(&h, "/accounts/new", req->csrf);
    struct field fn = { .name = "name",
                        .label = "Name",
                        .value = n->name,
                        .width = "20",
                        .error = problems_for(pr, "name") };
    form_input(&h, &fn);
    struct field fe = { .name = "email",
                        .label = "Work email",
                        .value = n->email,
                        .type = "email",
                        .spellcheck_off = true,
                        .error = problems_for(pr, "email") };
    form_input(&h, &fe);
    role_boxes(&h, n->roles, pr);
    form_button(&h, "Add account", false);
    form_end(&h);
    page_finish(req, &h);
}

int page_account_new(struct request *req, struct response *res)
{
    struct staffacct_new n = { .name = "", .email = "", .roles = ACCOUNT_TEACHER };
    render_account_form(req, res, &n, NULL);
    return 0;
}

/* A model message "field: reason" as a problem for that field (or dflt). */
static void add_problem(struct request *req, struct problems *pr, const char *dflt)
{
    const char *m = req->err.msg, *colon = strchr(m, ':');
    bool named = colon && colon[1] == ' ' && colon - m < 16;
    problems_add(pr, named ? arena_strndup(&req->arena, m, (size_t)(colon - m)) : dflt, "%s",
                 page_sentence(req, named ? colon + 2 : m));
}

/* After a change: the joining code to hand over, or that it waits for a
 * lead, on a page of its own. */
static int render_result(struct request *req, struct response *res, const char *title,
                         const char *name, const char *email, const struct staffacct_result *r)
{
    struct html h;
    struct page pg = { .title = title, .nav = "accounts" };
    page_begin(req, res, &h, &pg);
    if (r->waiting)
        html(&h,
             "<p class=\"govuk-body\">Leads see every child's record, so a lead must approve "
             "this first. Ask a lead to open meso: they will see it on their home page. When "
             "they approve it, they give %s the joining code.</p>\n",
             name);
    else if (r->code[0])
        accounts_code_letter(req, &h, name, email, r->code, r->expires);
    html_raw(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/accounts\">Back to "
                 "accounts</a></p>\n");
    return page_finish(req, &h);
}

int page_account_create(struct request *req, struct response *res)
{
    struct staffacct_new n = { .name = req_text(req, "name"),
                               .email = req_text(req, "email"),
                               .roles = roles_from_form(req) };
    struct problems pr;
    problems_init(&pr, &req->arena);
    staffacct_validate(&n, &pr);
    page_sentences(req, &pr, 0);
    struct staffacct_result r;
    if (!pr.n) {
        struct staffacct_by by = by_of(req);
        int rc = staffacct_add(req->db, &by, &n, (int64_t)time(NULL), &r, &req->err);
        if (rc == ERR_CONFLICT || rc == ERR_INPUT)
            add_problem(req, &pr, "email");
        else if (rc)
            return rc;
    }
    if (pr.n) {
        res->status = 422;
        render_account_form(req, res, &n, &pr);
        return 0;
    }
    int rc = render_result(req, res, r.waiting ? "Waiting for a lead's approval" : "Account added",
                           n.name, n.email, &r);
    secret_wipe(r.code, sizeof r.code);
    return rc;
}

/* ---- one account ------------------------------------------------------------ */

/* A staff account at the admin's school, never their own (404 otherwise). */
static int load_account(struct request *req, struct account *a)
{
    int64_t id = page_id(req, 0);
    int rc = id ? account_by_id(req->db, &req->arena, id, a, &req->err) : ERR_NOTFOUND;
    if (rc == 0 && (a->school_id != req->who.school_id || a->id == req->who.account_id ||
                    a->kind != ACCOUNT_STAFF))
        rc = ERR_NOTFOUND;
    return rc;
}

static void row(struct html *h, const char *key, const char *value)
{
    html(h,
         "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s</dt>"
         "<dd class=\"govuk-summary-list__value\">%s</dd></div>\n",
         key, value);
}

int page_account_show(struct request *req, struct response *res)
{
    struct account a;
    struct lead_request w;
    int rc = load_account(req, &a);
    if (rc == 0)
        rc = staffacct_waiting_for(req->db, &req->arena, a.id, &w, &req->err);
    if (rc)
        return rc;
    struct html h;
    struct page pg = { .title = a.name, .nav = "accounts", .back_href = "/accounts" };
    page_begin(req, res, &h, &pg);
    if (req_query(req, "saved"))
        layout_banner(&h, true, "Success", "The account has been changed.");
    html_raw(&h, "<dl class=\"govuk-summary-list\">\n");
    row(&h, "Email", a.email);
    row(&h, "Roles", roles_words(req, a.roles));
    row(&h, "Joined", a.has_password ? "Yes: they have made their password" : "Not yet");
    row(&h, "Two-step sign-in", a.totp_enabled ? "On" : "Off");
    row(&h, "Account", a.disabled ? "Disabled: they cannot sign in" : "Enabled");
    html_raw(&h, "</dl>\n");
    if (w.id)
        html(&h,
             "<p class=\"govuk-inset-text\">A change to lead%s%s is waiting for a lead's "
             "approval.</p>\n",
             w.other_roles ? " and " : "", w.other_roles ? roles_words(req, w.other_roles) : "");
    html_raw(&h, "<h2 class=\"govuk-heading-m\">What you can do</h2>\n<ul class=\"govuk-list\">\n");
    html(&h, "<li><a class=\"govuk-link\" href=\"/accounts/%lld/roles\">Change roles</a></li>\n",
         (long long)a.id);
    bool lead = (a.roles & ACCOUNT_LEAD) || w.id;
    if (!a.has_password && !a.disabled && !lead)
        html(
            &h,
            "<li><form method=\"post\" action=\"/accounts/%lld/invite\" class=\"meso-inline-form\">"
            "<input type=\"hidden\" name=\"csrf\" value=\"%s\"><button type=\"submit\" "
            "class=\"govuk-button govuk-button--secondary govuk-!-margin-bottom-1\" "
            "data-module=\"govuk-button\">Make a new joining code</button></form> (the old one "
            "stops working)</li>\n",
            (long long)a.id, req->csrf);
    else if (!a.has_password && lead)
        html_raw(&h, "<li>A lead gives a new lead their joining code.</li>\n");
    if (a.totp_enabled)
        html(&h,
             "<li><a class=\"govuk-link\" href=\"/accounts/%lld/reset-2fa\">Reset two-step "
             "sign-in</a> (for a lost or new phone)</li>\n",
             (long long)a.id);
    bool locked = false;
    struct err ignored;
    if (a.totp_enabled &&
        codelock_status(req->db, a.id, date_now_ms(), &locked, NULL, &ignored) == 0 && locked)
        html(&h,
             "<li><form method=\"post\" action=\"/accounts/%lld/unlock-2fa\" "
             "class=\"meso-inline-form\"><input type=\"hidden\" name=\"csrf\" value=\"%s\">"
             "<button type=\"submit\" class=\"govuk-button govuk-button--secondary "
             "govuk-!-margin-bottom-1\" data-module=\"govuk-button\">Unlock two-step "
             "sign-in</button></form> (locked after %d wrong codes: check with them first)</li>\n",
             (long long)a.id, req->csrf, CODELOCK_FAILURES);
    if (a.disabled)
        html(
            &h,
            "<li><form method=\"post\" action=\"/accounts/%lld/enable\" class=\"meso-inline-form\">"
            "<input type=\"hidden\" name=\"csrf\" value=\"%s\"><button type=\"submit\" "
            "class=\"govuk-button govuk-button--secondary govuk-!-margin-bottom-1\" "
            "data-module=\"govuk-button\">Enable account</button></form></li>\n",
            (long long)a.id, req->csrf);
    else
        html(&h,
             "<li><a class=\"govuk-link\" href=\"/accounts/%lld/disable\">Disable account</a>"
             "</li>\n",
             (long long)a.id);
    html_raw(&h, "</ul>\n");
    return page_finish(req, &h);
}

/* A refusal the person can act on (the last lead, a request waiting): the
 * account's page with the reason. */
static int render_refusal(struct request *req, struct response *res, const struct account *a)
{
    struct html h;
    struct page pg = { .title = a->name,
                       .nav = "accounts",
                       .back_href =
                           arena_sprintf(&req->arena, "/accounts/%lld", (long long)a->id) };
    res->status = 422;
    page_begin(req, res, &h, &pg);
    const char *m = req->err.msg, *colon = strchr(m, ':');
    html(&h,
         "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\"><div "
         "role=\"alert\"><h2 class=\"govuk-error-summary__title\">This cannot be done</h2>"
         "<div class=\"govuk-error-summary__body\"><p class=\"govuk-body\">%s</p></div></div>"
         "</div>\n",
         page_sentence(req, colon && colon[1] == ' ' && colon - m < 16 ? colon + 2 : m));
    html(&h,
         "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/accounts/%lld\">Back to %s's "
         "account</a></p>\n",
         (long long)a->id, a->name);
    return page_finish(req, &h);
}

/* ---- roles ------------------------------------------------------------------- */

static void render_roles(struct request *req, struct response *res, const struct account *a,
                         unsigned roles, const struct problems *pr)
{
    struct html h;
    struct page pg = { .title = "Change roles",
                       .caption = a->name,
                       .nav = "accounts",
                       .back_href =
                           arena_sprintf(&req->arena, "/accounts/%lld", (long long)a->id) };
    page_begin(req, res, &h, &pg);
    form_error_summary(&h, pr);
    form_start(&h, arena_sprintf(&req->arena, "/accounts/%lld/roles", (long long)a->id), req->csrf);
    role_boxes(&h, roles, pr);
    form_button(&h, "Save roles", false);
    form_end(&h);
    page_finish(req, &h);
}

int page_account_roles(struct request *req, struct response *res)
{
    struct account a;
    int rc = load_account(req, &a);
    if (rc)
        return rc;
    render_roles(req, res, &a, a.roles, NULL);
    return 0;
}

int page_account_roles_post(struct request *req, struct response *res)
{
    struct account a;
    int rc = load_account(req, &a);
    if (rc)
        return rc;
    unsigned roles = roles_from_form(req);
    if (!roles) {
        struct problems pr;
        problems_init(&pr, &req->arena);
        problems_add(&pr, "roles", "Choose at least one thing they can do");
        res->status = 422;
        render_roles(req, res, &a, roles, &pr);
        return 0;
    }
    unsigned removed = a.roles & ~roles;
    if (removed && strcmp(req_text(req, "confirm"), "yes") != 0) {
        /* Taking a role away is destructive: confirm it first. */
        const char *(*fields)[2] = arena_array(&req->arena, N_ROLE_OPTS + 1, sizeof *fields);
        if (!fields)
            return ERR_NOMEM;
        size_t k = 0;
        for (size_t i = 0; i < N_ROLE_OPTS; i++) {
            unsigned bit = 0;
            char why[64];
            account_parse_roles(role_opts[i].value, &bit, why, sizeof why);
            if (roles & bit) {
                fields[k][0] = arena_sprintf(&req->arena, "role-%s", role_opts[i].value);
                fields[k++][1] = "yes";
            }
        }
        fields[k][0] = "confirm";
        fields[k++][1] = "yes";
        struct confirm c = {
            .title =
                arena_sprintf(&req->arena, "Remove %s from %s?", roles_words(req, removed), a.name),
            .nav = "accounts",
            .what = arena_sprintf(&req->arena,
                                  "%s will no longer be able to do what the %s role allows.",
                                  a.name, roles_words(req, removed)),
            .kept = "Nothing they have recorded is deleted.",
            .action = arena_sprintf(&req->arena, "/accounts/%lld/roles", (long long)a.id),
            .button = "Remove role",
            .cancel_href = arena_sprintf(&req->arena, "/accounts/%lld", (long long)a.id),
            .fields = (const char *const(*)[2])fields,
            .n_fields = k,
        };
        return page_confirm(req, res, &c);
    }
    struct staffacct_by by = by_of(req);
    struct staffacct_result r;
    rc = staffacct_set_roles(req->db, &by, a.id, roles, (int64_t)time(NULL), &r, &req->err);
    if (rc == ERR_CONFLICT || rc == ERR_INPUT)
        return render_refusal(req, res, &a);
    if (rc)
        return rc;
    if (r.waiting)
        return render_result(req, res, "Waiting for a lead's approval", a.name, a.email, &r);
    resp_redirect(res, arena_sprintf(&req->arena, "/accounts/%lld?saved=1", (long long)a.id));
    return 0;
}

/* ---- disabling, enabling, two-step sign-in, joining codes ------------------- */

int page_account_disable_confirm(struct request *req, struct response *res)
{
    struct account a;
    int rc = load_account(req, &a);
    if (rc)
        return rc;
    struct confirm c = {
        .title = arena_sprintf(&req->arena, "Disable %s's account?", a.name),
        .nav = "accounts",
        .what = arena_sprintf(&req->arena,
                              "%s will be signed out and will not be able to sign in until an "
                              "administrator enables the account again.",
                              a.name),
        .kept = "Nothing they have recorded is deleted, and the children's records stay as "
                "they are.",
        .action = arena_sprintf(&req->arena, "/accounts/%lld/disable", (long long)a.id),
        .button = "Disable account",
        .cancel_href = arena_sprintf(&req->arena, "/accounts/%lld", (long long)a.id),
    };
    return page_confirm(req, res, &c);
}

static int set_disabled(struct request *req, struct response *res, bool disabled)
{
    struct account a;
    int rc = load_account(req, &a);
    if (rc)
        return rc;
    struct staffacct_by by = by_of(req);
    rc = staffacct_set_disabled(req->db, &by, a.id, disabled, &req->err);
    if (rc == ERR_CONFLICT)
        return render_refusal(req, res, &a);
    if (rc)
        return rc;
    resp_redirect(res, arena_sprintf(&req->arena, "/accounts/%lld?saved=1", (long long)a.id));
    return 0;
}

int page_account_disable(struct request *req, struct response *res)
{
    return set_disabled(req, res, true);
}

int page_account_enable(struct request *req, struct response *res)
{
    return set_disabled(req, res, false);
}

int page_account_reset_2fa_confirm(struct request *req, struct response *res)
{
    struct account a;
    int rc = load_account(req, &a);
    if (rc)
        return rc;
    struct confirm c = {
        .title = arena_sprintf(&req->arena, "Reset %s's two-step sign-in?", a.name),
        .nav = "accounts",
        .what = arena_sprintf(&req->arena,
                              "%s's phone app and recovery codes will stop working. They will "
                              "set up two-step sign-in again the next time they sign in.",
                              a.name),
        .kept = "Do this when they have lost their phone or have a new one.",
        .action = arena_sprintf(&req->arena, "/accounts/%lld/reset-2fa", (long long)a.id),
        .button = "Reset two-step sign-in",
        .cancel_href = arena_sprintf(&req->arena, "/accounts/%lld", (long long)a.id),
    };
    return page_confirm(req, res, &c);
}

int page_account_reset_2fa(struct request *req, struct response *res)
{
    struct account a;
    int rc = load_account(req, &a);
    if (rc)
        return rc;
    struct audit_who who = { .actor = req->who.actor, .address = req->client };
    if ((rc = totp_reset(req->db, &who, a.id, &req->err)))
        return rc;
    resp_redirect(res, arena_sprintf(&req->arena, "/accounts/%lld?saved=1", (long long)a.id));
    return 0;
}

int page_account_unlock_2fa(struct request *req, struct response *res)
{
    /* A colleague's staff account at the same school, for a lead or an
     * administrator (not their own: someone else must). */
    int64_t id = page_id(req, 0);
    struct account a;
    int rc = id ? account_by_id(req->db, &req->arena, id, &a, &req->err) : ERR_NOTFOUND;
    if (rc == 0 && (a.school_id != req->who.school_id || a.id == req->who.account_id ||
                    a.kind != ACCOUNT_STAFF))
        rc = ERR_NOTFOUND;
    if (rc)
        return rc;
    struct audit_who who = { .actor = req->who.actor, .address = req->client };
    if ((rc = codelock_unlock(req->db, &who, a.id, &req->err)))
        return rc;
    resp_redirect(res, "/?unlocked=1");
    return 0;
}

int page_account_invite(struct request *req, struct response *res)
{
    /* Leads reach this for leads' accounts from the approvals page, so the
     * account is looked up for either role; the model decides who may. */
    int64_t id = page_id(req, 0);
    struct account a;
    int rc = id ? account_by_id(req->db, &req->arena, id, &a, &req->err) : ERR_NOTFOUND;
    if (rc == 0 && (a.school_id != req->who.school_id || a.id == req->who.account_id ||
                    a.kind != ACCOUNT_STAFF))
        rc = ERR_NOTFOUND;
    if (rc)
        return rc;
    struct staffacct_by by = by_of(req);
    struct staffacct_result r;
    rc = staffacct_invite(req->db, &by, a.id, (int64_t)time(NULL), &r, &req->err);
    if (rc == ERR_CONFLICT)
        return render_refusal(req, res, &a);
    if (rc)
        return rc;
    rc = render_result(req, res, "New joining code", a.name, a.email, &r);
    secret_wipe(r.code, sizeof r.code);
    return rc;
}

/* ---- approving leads (leads) ------------------------------------------------ */

int page_approvals(struct request *req, struct response *res)
{
    struct lead_request *w;
    struct account *as;
    size_t n_w, n;
    int rc = staffacct_waiting(req->db, &req->arena, req->who.school_id, &w, &n_w, &req->err);
    if (rc == 0)
        rc = account_list(req->db, &req->arena, req->who.school_id, &as, &n, &req->err);
    if (rc)
        return rc;
    struct html h;
    struct page pg = { .title = "Approve new leads", .nav = "home", .back_href = "/" };
    page_begin(req, res, &h, &pg);
    html_raw(&h, "<p class=\"govuk-body\">A lead can see every child's record. An administrator "
                 "can ask for someone to be a lead, but it takes effect only when a lead "
                 "approves it. Approve only people you know should be a lead.</p>\n");
    if (!n_w)
        html_raw(&h, "<p class=\"govuk-body\">Nothing is waiting for approval.</p>\n");
    for (size_t i = 0; i < n_w; i++) {
        html(&h,
             "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
             "<h2 class=\"govuk-summary-card__title\">%s</h2></div>"
             "<div class=\"govuk-summary-card__content\"><dl class=\"govuk-summary-list\">\n",
             w[i].name);
        row(&h, "Email", w[i].email);
        row(&h, "Asked for",
            arena_sprintf(&req->arena, "lead%s%s", w[i].other_roles ? ", " : "",
                          w[i].other_roles ? roles_words(req, w[i].other_roles) : ""));
        row(&h, "Asked by",
            arena_sprintf(&req->arena, "%s on %s",
                          str_starts_with(w[i].requested_by, "user:") ? w[i].requested_by + 5
                                                                      : w[i].requested_by,
                          page_date(req, arena_strndup(&req->arena, w[i].requested_at, 10))));
        row(&h, "Account", w[i].account_id ? "An existing account" : "A new account");
        html(&h,
             "</dl><div class=\"govuk-button-group\">"
             "<form method=\"post\" action=\"/accounts/approvals/%lld/approve\" "
             "class=\"meso-inline-form\"><input type=\"hidden\" name=\"csrf\" value=\"%s\">"
             "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
             "Approve<span class=\"govuk-visually-hidden\"> %s as a lead</span></button></form>"
             "<form method=\"post\" action=\"/accounts/approvals/%lld/refuse\" "
             "class=\"meso-inline-form\"><input type=\"hidden\" name=\"csrf\" value=\"%s\">"
             "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
             "data-module=\"govuk-button\">Refuse<span class=\"govuk-visually-hidden\"> %s as a "
             "lead</span></button></form></div></div></div>\n",
             (long long)w[i].id, req->csrf, w[i].name, (long long)w[i].id, req->csrf, w[i].name);
    }
    /* Leads who have not joined yet: only a lead can give them a new code. */
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        const struct account *a = &as[i];
        if (a->kind != ACCOUNT_STAFF || !(a->roles & ACCOUNT_LEAD) || a->has_password ||
            a->disabled || a->id == req->who.account_id)
            continue;
        if (!any)
            html_raw(&h, "<h2 class=\"govuk-heading-m\">Leads who have not joined yet</h2>\n"
                         "<ul class=\"govuk-list\">\n");
        any = true;
        html(&h,
             "<li>%s (%s) <form method=\"post\" action=\"/accounts/%lld/invite\" "
             "class=\"meso-inline-form\"><input type=\"hidden\" name=\"csrf\" value=\"%s\">"
             "<button type=\"submit\" class=\"govuk-button govuk-button--secondary "
             "govuk-!-margin-bottom-1\" data-module=\"govuk-button\">Make a new joining code"
             "<span class=\"govuk-visually-hidden\"> for %s</span></button></form></li>\n",
             a->name, a->email, (long long)a->id, req->csrf, a->name);
    }
    if (any)
        html_raw(&h, "</ul>\n");
    return page_finish(req, &h);
}

static int decide(struct request *req, struct response *res, bool approve)
{
    int64_t id = page_id(req, 0);
    if (!id)
        return ERR_NOTFOUND;
    struct lead_request *w;
    size_t n_w;
    int rc = staffacct_waiting(req->db, &req->arena, req->who.school_id, &w, &n_w, &req->err);
    if (rc)
        return rc;
    const struct lead_request *it = NULL;
    for (size_t i = 0; i < n_w; i++)
        if (w[i].id == id)
            it = &w[i];
    if (!it)
        return ERR_NOTFOUND;
    struct staffacct_by by = by_of(req);
    struct staffacct_result r;
    rc = staffacct_decide(req->db, &by, id, approve, (int64_t)time(NULL), &r, &req->err);
    if (rc == ERR_DENIED || rc == ERR_CONFLICT) {
        struct html h;
        struct page pg = { .title = "This cannot be done", .back_href = "/accounts/approvals" };
        res->status = 422;
        page_begin(req, res, &h, &pg);
        const char *m = req->err.msg, *colon = strchr(m, ':');
        html(&h, "<p class=\"govuk-body\">%s</p>\n",
             page_sentence(req, colon && colon[1] == ' ' && colon - m < 16 ? colon + 2 : m));
        return page_finish(req, &h);
    }
    if (rc)
        return rc;
    if (!approve) {
        resp_redirect(res, "/accounts/approvals");
        return 0;
    }
    struct html h;
    struct page pg = { .title = arena_sprintf(&req->arena, "%s is a lead", it->name),
                       .back_href = "/accounts/approvals" };
    page_begin(req, res, &h, &pg);
    if (r.code[0])
        accounts_code_letter(req, &h, it->name, it->email, r.code, r.expires);
    else
        html(&h,
             "<p class=\"govuk-body\">%s will set up two-step sign-in the next time they sign "
             "in.</p>\n",
             it->name);
    secret_wipe(r.code, sizeof r.code);
    return page_finish(req, &h);
}

int page_approval_approve(struct request *req, struct response *res)
{
    return decide(req, res, true);
}

int page_approval_refuse(struct request *req, struct response *res)
{
    return decide(req, res, false);
}
