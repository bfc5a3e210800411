#include "pages/access/accounts.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/problems.h"
#include "core/secret.h"
#include "core/str.h"
#include "html/form.h"
#include "http/app.h"
#include "http/auth.h"
#include "model/access/access.h"
#include "model/access/account.h"
#include "model/register/audit.h"
#include "model/register/carer.h"
#include "model/access/family_worker.h"
#include "model/access/invite.h"
#include "model/access/password.h"
#include "model/register/pupil.h"
#include "model/access/signin.h"
#include "model/register/staff.h"
#include "model/access/totp.h"
#include "pages/common.h"

static struct audit_who audit_who_of(struct request *req)
{
    struct audit_who w = { .actor = req->who.actor, .address = req->client };
    return w;
}

/* ---- accounts (admin) ----------------------------------------------------- */

int page_accounts(struct request *req, struct response *res)
{
    struct account *as;
    size_t n;
    int rc = account_list(req->db, &req->arena, req->who.school_id, &as, &n, &req->err);
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
             "<p class=\"govuk-body\">Parents and carers join with a code that a lead gives "
             "them from their child's page.</p>\n");
    html_raw(
        &h,
        "<div class=\"meso-table-wrap\"><table class=\"govuk-table\"><caption class=\"govuk-visually-hidden\">"
        "Accounts</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
        "<th scope=\"col\" class=\"govuk-table__header\">Name</th>"
        "<th scope=\"col\" class=\"govuk-table__header\">Email</th>"
        "<th scope=\"col\" class=\"govuk-table__header\">Roles</th>"
        "<th scope=\"col\" class=\"govuk-table__header\">Two-step sign-in</th>"
        "<th scope=\"col\" class=\"govuk-table__header\">Actions</th></tr></thead>"
        "<tbody class=\"govuk-table__body\">\n");
    for (size_t i = 0; i < n; i++) {
        const struct account *a = &as[i];
        html(&h,
             "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s%s</td>"
             "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>"
             "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">",
             a->name, a->disabled ? " (turned off)" : "", a->email,
             a->kind == ACCOUNT_PARENT ? "parent or carer"
                                       : account_roles_text(&req->arena, a->roles),
             a->totp_enabled ? "On" : "Off");
        if (a->id != req->who.account_id) {
            html(
                &h,
                "<form method=\"post\" action=\"/accounts/%lld/%s\" class=\"meso-inline-form\">"
                "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
                "<button type=\"submit\" class=\"govuk-button govuk-button--secondary govuk-!-margin-bottom-1\" "
                "data-module=\"govuk-button\">%s<span class=\"govuk-visually-hidden\"> %s</span></button></form>",
                (long long)a->id, a->disabled ? "enable" : "disable", req->csrf,
                a->disabled ? "Turn on" : "Turn off", a->email);
            if (a->totp_enabled)
                html(
                    &h,
                    "<form method=\"post\" action=\"/accounts/%lld/reset-2fa\" class=\"meso-inline-form\">"
                    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
                    "<button type=\"submit\" class=\"govuk-button govuk-button--secondary govuk-!-margin-bottom-1\" "
                    "data-module=\"govuk-button\">Reset two-step<span class=\"govuk-visually-hidden\"> for %s</span></button></form>",
                    (long long)a->id, req->csrf, a->email);
        }
        html_raw(&h, "</td></tr>\n");
    }
    html_raw(&h, "</tbody></table></div>\n");
    return page_finish(req, &h);
}

static const struct option role_opts[] = {
    { "lead", "Lead (SENCO or wellbeing lead): everything in the school", NULL },
    { "teacher", "Teacher: the pupils they are key teacher for", NULL },
    { "practitioner", "Practitioner (mentor, family worker): the families they work with", NULL },
    { "admin", "Administrator: accounts and settings only", NULL },
};

static void render_account_form(struct request *req, struct response *res, const char *name,
                                const char *email, unsigned roles, const struct problems *pr)
{
    struct html h;
    struct page pg = { .title = "Add a staff account",
                       .nav = "accounts",
                       .back_href = "/accounts" };
    page_begin(req, res, &h, &pg);
    form_error_summary(&h, pr);
    form_start(&h, "/accounts/new", req->csrf);
    struct field fn = { .name = "name",
                        .label = "Name",
                        .value = name,
                        .width = "20",
                        .error = problems_for(pr, "name") };
    form_input(&h, &fn);
    struct field fe = { .name = "email",
                        .label = "Work email",
                        .value = email,
                        .type = "email",
                        .spellcheck_off = true,
                        .error = problems_for(pr, "email") };
    form_input(&h, &fe);
    html(
        &h,
        "<div class=\"govuk-form-group%s\"><fieldset class=\"govuk-fieldset\" id=\"roles\">"
        "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">What can they do?</legend>",
        problems_for(pr, "roles") ? " govuk-form-group--error" : "");
    if (problems_for(pr, "roles"))
        html(
            &h,
            "<p class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> %s</p>",
            problems_for(pr, "roles"));
    html_raw(
        &h,
        "<div class=\"govuk-checkboxes govuk-checkboxes--small\" data-module=\"govuk-checkboxes\">");
    for (size_t i = 0; i < sizeof role_opts / sizeof role_opts[0]; i++) {
        unsigned bit = 0;
        char why[64];
        account_parse_roles(role_opts[i].value, &bit, why, sizeof why);
        html(
            &h,
            "<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" "
            "id=\"role-%s\" name=\"role-%s\" type=\"checkbox\" value=\"yes\"%s>"
            "<label class=\"govuk-label govuk-checkboxes__label\" for=\"role-%s\">%s</label></div>",
            role_opts[i].value, role_opts[i].value, (roles & bit) ? " checked" : "",
            role_opts[i].value, role_opts[i].label);
    }
    html_raw(&h, "</div></fieldset></div>\n");
    form_button(&h, "Add account", false);
    form_end(&h);
    page_finish(req, &h);
}

int page_account_new(struct request *req, struct response *res)
{
    render_account_form(req, res, "", "", ACCOUNT_TEACHER, NULL);
    return 0;
}

int page_account_create(struct request *req, struct response *res)
{
    const char *name = req_text(req, "name"), *email = req_text(req, "email");
    unsigned roles = 0;
    for (size_t i = 0; i < sizeof role_opts / sizeof role_opts[0]; i++) {
        char key[32], why[64];
        unsigned bit = 0;
        snprintf(key, sizeof key, "role-%s", role_opts[i].value);
        if (!strcmp(req_text(req, key), "yes") &&
            account_parse_roles(role_opts[i].value, &bit, why, sizeof why) == 0)
            roles |= bit;
    }
    struct problems pr;
    problems_init(&pr, &req->arena);
    if (!*name)
        problems_add(&pr, "name", "Enter their name");
    if (!account_email_valid(email))
        problems_add(&pr, "email", "Enter a work email address, like name@school.org.uk");
    if (!roles)
        problems_add(&pr, "roles", "Choose at least one thing they can do");
    char password[PASSWORD_GENERATED_LEN];
    int64_t id = 0;
    int rc = 0;
    if (!pr.n) {
        password_generate(password);
        struct audit_who who = audit_who_of(req);
        struct account_new n = {
            .email = email, .name = name, .roles = roles, .school_id = req->who.school_id
        };
        rc = account_add_staff(req->db, &req->app->gate, &who, &n, password, &id, &req->err);
        if (rc == ERR_CONFLICT || rc == ERR_INPUT) {
            problems_add(&pr, "email", "%s", page_sentence(req, req->err.msg));
            rc = 0;
        }
    }
    if (rc)
        return rc;
    if (pr.n) {
        res->status = 422;
        render_account_form(req, res, name, email, roles, &pr);
        return 0;
    }
    struct html h;
    struct page pg = { .title = "Account added", .nav = "accounts" };
    page_begin(req, res, &h, &pg);
    html(&h,
         "<p class=\"govuk-body\">Give %s this password in person or by phone. It is shown "
         "only once. They can change it after signing in.</p>\n"
         "<p class=\"govuk-body\"><code class=\"meso-secret\">%s</code></p>\n",
         name, password);
    if (roles & (ACCOUNT_ADMIN | ACCOUNT_LEAD))
        html_raw(&h, "<p class=\"govuk-body\">Because they can see every child's record, they will "
                     "set up two-step sign-in the first time they sign in.</p>\n");
    html_raw(&h, "<a class=\"govuk-link\" href=\"/accounts\">Back to accounts</a>\n");
    secret_wipe(password, sizeof password);
    return page_finish(req, &h);
}

static int change_account(struct request *req, struct response *res, int what)
{
    int64_t id = page_id(req, 0);
    struct account a;
    int rc = account_by_id(req->db, &req->arena, id, &a, &req->err);
    /* Admins manage their own school's accounts only; never their own here. */
    if (rc == 0 && (a.school_id != req->who.school_id || a.id == req->who.account_id))
        rc = ERR_NOTFOUND;
    if (rc)
        return rc;
    struct audit_who who = audit_who_of(req);
    if (what == 2)
        rc = totp_reset(req->db, &who, id, &req->err);
    else
        rc = account_set_disabled(req->db, &who, id, what == 0, &req->err);
    if (rc)
        return rc;
    resp_redirect(res, "/accounts?saved=1");
    return 0;
}

int page_account_disable(struct request *req, struct response *res)
{
    return change_account(req, res, 0);
}

int page_account_enable(struct request *req, struct response *res)
{
    return change_account(req, res, 1);
}

int page_account_reset_2fa(struct request *req, struct response *res)
{
    return change_account(req, res, 2);
}

/* ---- inviting a parent or carer (leads) ---------------------------------- */

int page_invite(struct request *req, struct response *res)
{
    struct pupil p;
    int rc = page_pupil(req, page_id(req, 0), &p);
    if (rc)
        return rc;
    struct pupil_carer *cs;
    size_t n;
    if ((rc = carer_list_for_pupil(req->db, &req->arena, p.id, &cs, &n, &req->err)) ||
        (rc = page_audit(req, "view", "pupil", p.id, p.id, "invitation form")))
        return rc;
    struct html h;
    struct page pg = { .title = "Invite a parent or carer to meso",
                       .caption = pupil_display_name(&req->arena, &p),
                       .nav = "pupils",
                       .back_href = arena_sprintf(&req->arena, "/pupils/%lld", (long long)p.id) };
    page_begin(req, res, &h, &pg);
    html_raw(&h, "<p class=\"govuk-body\">meso makes a code for the person you choose. They use it "
                 "once to make their own sign-in. They will see only their own children.</p>\n");
    if (n == 0)
        html_raw(&h, "<p class=\"govuk-body\">Add a parent or carer to this pupil first.</p>\n");
    for (size_t i = 0; i < n; i++) {
        html(
            &h,
            "<form method=\"post\" action=\"/pupils/%lld/invite\"><input type=\"hidden\" "
            "name=\"csrf\" value=\"%s\"><input type=\"hidden\" name=\"carer\" value=\"%lld\">"
            "<p class=\"govuk-body\">%s (%s) "
            "<button type=\"submit\" class=\"govuk-button govuk-button--secondary govuk-!-margin-bottom-0\" "
            "data-module=\"govuk-button\">Make a code<span class=\"govuk-visually-hidden\"> for %s</span></button></p></form>\n",
            (long long)p.id, req->csrf, (long long)cs[i].carer.id,
            carer_display_name(&req->arena, &cs[i].carer), cs[i].link.relationship,
            carer_display_name(&req->arena, &cs[i].carer));
    }
    return page_finish(req, &h);
}

int page_invite_post(struct request *req, struct response *res)
{
    struct pupil p;
    int rc = page_pupil(req, page_id(req, 0), &p);
    if (rc)
        return rc;
    long long carer_id;
    if (str_to_int(req_text(req, "carer"), 1, INT64_MAX, &carer_id))
        return ERR_NOTFOUND;
    struct carer c;
    if ((rc = page_carer(req, carer_id, &c)))
        return rc;
    char code[INVITE_CODE_LEN], expires[DATE_TS_LEN];
    struct audit_who who = audit_who_of(req);
    rc = invite_create(req->db, &who, p.id, c.id, (int64_t)time(NULL), code, expires, &req->err);
    struct html h;
    struct page pg = { .title = "Code for joining meso",
                       .caption = carer_display_name(&req->arena, &c),
                       .nav = "pupils",
                       .back_href = arena_sprintf(&req->arena, "/pupils/%lld", (long long)p.id) };
    if (rc == ERR_CONFLICT) {
        page_begin(req, res, &h, &pg);
        html(&h, "<p class=\"govuk-body\">%s already has a meso sign-in.</p>\n",
             carer_display_name(&req->arena, &c));
        return page_finish(req, &h);
    }
    if (rc)
        return rc;
    page_begin(req, res, &h, &pg);
    html(&h,
         "<p class=\"govuk-body\">Give this to %s by hand, or read it to them. It works once, "
         "until %s.</p>\n<div class=\"govuk-inset-text meso-letter\">"
         "<p class=\"govuk-body\">Dear %s,</p>"
         "<p class=\"govuk-body\">We would love you to join meso, where we share how %s is "
         "getting on and plan together.</p>"
         "<p class=\"govuk-body\">Go to <strong>%s/join</strong> and type this code:</p>"
         "<p class=\"govuk-body\"><code class=\"meso-secret\">%s</code></p>"
         "<p class=\"govuk-body\">If you get stuck, just ask us. We are happy to help.</p></div>\n",
         carer_display_name(&req->arena, &c),
         page_date(req, arena_strndup(&req->arena, expires, 10)),
         c.forename ? c.forename : carer_display_name(&req->arena, &c),
         p.preferred_forename ? p.preferred_forename : p.legal_forename,
         req->app->base_url ? req->app->base_url : "", code);
    return page_finish(req, &h);
}

/* ---- joining with a code (parents and carers) ----------------------------- */

static void render_join(struct request *req, struct response *res, const char *code,
                        const char *email, const struct problems *pr)
{
    struct html h;
    struct page pg = { .title = "Join meso" };
    const char *token = auth_form_token(req, res);
    page_begin(req, res, &h, &pg);
    form_error_summary(&h, pr);
    html_raw(&h, "<p class=\"govuk-body\">Use the code the school gave you. You only need to do "
                 "this once.</p>\n");
    form_start(&h, "/join", token);
    struct field fs[] = {
        { .name = "code",
          .label = "Your code",
          .hint = "It looks like ABCD-EFGH-JKLM",
          .value = code,
          .width = "20",
          .spellcheck_off = true,
          .autocomplete = "off",
          .error = problems_for(pr, "code") },
        { .name = "email",
          .label = "Your email address",
          .value = email,
          .type = "email",
          .autocomplete = "email",
          .spellcheck_off = true,
          .error = problems_for(pr, "email") },
        { .name = "password",
          .label = "Make a password",
          .type = "password",
          .hint = "Use three or more words you will remember, or at least 12 letters and numbers",
          .autocomplete = "new-password",
          .error = problems_for(pr, "password") },
    };
    for (size_t i = 0; i < sizeof fs / sizeof fs[0]; i++)
        form_input(&h, &fs[i]);
    form_button(&h, "Join", false);
    form_end(&h);
    page_finish(req, &h);
}

int page_join(struct request *req, struct response *res)
{
    render_join(req, res, "", "", NULL);
    return 0;
}

int page_join_post(struct request *req, struct response *res)
{
    const char *code = req_text(req, "code"), *email = req_text(req, "email");
    const char *pw = req_form(req, "password");
    struct problems pr;
    problems_init(&pr, &req->arena);
    if (!*code)
        problems_add(&pr, "code", "Enter the code from the school");
    if (!*email)
        problems_add(&pr, "email", "Enter your email address");
    if (!pw || !*pw)
        problems_add(&pr, "password", "Make a password");
    int64_t now = (int64_t)time(NULL), account_id = 0;
    int rc = 0;
    if (!pr.n) {
        struct audit_who who = { .actor = arena_sprintf(&req->arena, "user:%s", email),
                                 .address = req->client };
        rc = invite_redeem(req->db, &req->app->gate, &who, code, email, pw, now, &account_id,
                           &req->err);
        if (rc == ERR_NOTFOUND) {
            problems_add(&pr, "code",
                         "This code does not work. It may be used or too old. Ask the "
                         "school for a new one.");
        } else if (rc == ERR_INPUT || rc == ERR_CONFLICT) {
            const char *m = req->err.msg;
            const char *field = str_starts_with(m, "password") ? "password" : "email";
            const char *colon = strchr(m, ':');
            problems_add(&pr, field, "%s",
                         page_sentence(req, colon && colon[1] == ' ' ? colon + 2 : m));
        } else if (rc) {
            return rc;
        }
    }
    if (pr.n) {
        res->status = 422;
        render_join(req, res, code, email, &pr);
        return 0;
    }
    /* Signed straight in with the new password. */
    struct signin_request sr = { .email = email,
                                 .password = pw,
                                 .address = req->client,
                                 .user_agent = req_header(req, "User-Agent"),
                                 .now = now };
    char token[SESSION_TOKEN_LEN];
    struct session s;
    if ((rc = signin_password(req->db, &req->app->gate, &req->arena, &req->app->sessions, &sr,
                              token, &s, &req->err)))
        return rc;
    resp_cookie(res, SESSION_COOKIE, token, 0, COOKIE_SESSION);
    resp_redirect(res, "/");
    return 0;
}

/* ---- key teacher and family workers (leads) ------------------------------- */

/* The pupil, the school's staff and the pupil's family workers. */
struct key_people {
    struct pupil p;
    struct staff *st, *fw;
    size_t n, n_fw;
};

static int load_key_people(struct request *req, struct key_people *k)
{
    int rc = page_pupil(req, page_id(req, 0), &k->p);
    if (rc == 0)
        rc = staff_list(req->db, &req->arena, k->p.school_id, &k->st, &k->n, &req->err);
    if (rc == 0)
        rc = family_worker_list(req->db, &req->arena, k->p.id, &k->fw, &k->n_fw, &req->err);
    return rc;
}

int page_key_teacher(struct request *req, struct response *res)
{
    struct key_people kp;
    int rc = load_key_people(req, &kp);
    if (rc)
        return rc;
    struct pupil p = kp.p;
    struct staff *st = kp.st, *fw = kp.fw;
    size_t n = kp.n, n_fw = kp.n_fw;
    if ((rc = page_audit(req, "view", "pupil", p.id, p.id, "key teacher form")))
        return rc;
    struct option *opts = arena_array(&req->arena, n + 1, sizeof *opts);
    size_t k = 0;
    if (!opts)
        return ERR_NOMEM;
    opts[k++] = (struct option){ "", "No key teacher", NULL };
    for (size_t i = 0; i < n; i++)
        if (st[i].active && (!strcmp(st[i].role, "teacher") || !strcmp(st[i].role, "lead")))
            opts[k++] = (struct option){ arena_sprintf(&req->arena, "%lld", (long long)st[i].id),
                                         st[i].name, NULL };
    struct html h;
    struct page pg = { .title = "Key teacher and family worker",
                       .caption = pupil_display_name(&req->arena, &p),
                       .nav = "pupils",
                       .back_href = arena_sprintf(&req->arena, "/pupils/%lld", (long long)p.id) };
    page_begin(req, res, &h, &pg);
    form_start(&h, arena_sprintf(&req->arena, "/pupils/%lld/key-teacher", (long long)p.id),
               req->csrf);
    struct field fk = { .name = "key_teacher",
                        .label = "Key teacher",
                        .hint = "The teacher who holds conversations with the family",
                        .value = p.key_teacher_id ? arena_sprintf(&req->arena, "%lld",
                                                                  (long long)p.key_teacher_id)
                                                  : "" };
    form_select(&h, &fk, opts, k);
    html_raw(
        &h,
        "<div class=\"govuk-form-group\"><fieldset class=\"govuk-fieldset\">"
        "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">Family workers</legend>"
        "<div class=\"govuk-checkboxes govuk-checkboxes--small\" data-module=\"govuk-checkboxes\">");
    for (size_t i = 0; i < n; i++) {
        if (!st[i].active || strcmp(st[i].role, "practitioner"))
            continue;
        bool on = false;
        for (size_t j = 0; j < n_fw; j++)
            on |= fw[j].id == st[i].id;
        html(
            &h,
            "<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" "
            "id=\"fw-%lld\" name=\"fw-%lld\" type=\"checkbox\" value=\"yes\"%s>"
            "<label class=\"govuk-label govuk-checkboxes__label\" for=\"fw-%lld\">%s</label></div>",
            (long long)st[i].id, (long long)st[i].id, on ? " checked" : "", (long long)st[i].id,
            st[i].name);
    }
    html_raw(&h, "</div></fieldset></div>\n");
    form_button(&h, "Save", false);
    form_end(&h);
    return page_finish(req, &h);
}

int page_key_teacher_post(struct request *req, struct response *res)
{
    struct key_people kp;
    int rc = load_key_people(req, &kp);
    if (rc)
        return rc;
    struct pupil p = kp.p;
    struct staff *st = kp.st;
    size_t n = kp.n;
    long long kt = 0;
    const char *v = req_text(req, "key_teacher");
    if (*v && str_to_int(v, 1, INT64_MAX, &kt))
        return ERR_INPUT;
    struct audit_who who = audit_who_of(req);
    struct team_choice *team = arena_array(&req->arena, n + 1, sizeof *team);
    if (!team)
        return ERR_NOMEM;
    size_t n_team = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(st[i].role, "practitioner"))
            continue;
        char key[40];
        snprintf(key, sizeof key, "fw-%lld", (long long)st[i].id);
        team[n_team++] = (struct team_choice){ st[i].id, !strcmp(req_text(req, key), "yes") };
    }
    if ((rc = family_worker_set_team(req->db, &who, p.id, p.key_teacher_id, kt, team, n_team,
                                     &req->err)))
        return rc;
    resp_redirect(res, arena_sprintf(&req->arena, "/pupils/%lld?saved=1", (long long)p.id));
    return 0;
}
