#include "pages/access/setup.h"

#include <string.h>
#include <time.h>

#include "core/problems.h"
#include "core/secret.h"
#include "core/str.h"
#include "html/form.h"
#include "http/app.h"
#include "http/auth.h"
#include "model/access/firstrun.h"
#include "model/access/invite.h"
#include "model/access/session.h"
#include "core/date.h"
#include "model/access/throttle.h"
#include "model/register/audit.h"
#include "pages/access/staffaccounts.h"
#include "pages/common.h"
#include "pages/register/schoolpage.h"

/* Setup is there only while the database has no account; afterwards the
 * pages answer as if they did not exist. */
static int setup_open(struct request *req)
{
    bool needed = false;
    int rc = firstrun_needed(req->db, &needed, &req->err);
    if (rc)
        return rc;
    return needed && req->app->setup_hash[0] ? 0 : ERR_NOTFOUND;
}

bool setup_mode(struct request *req)
{
    return setup_open(req) == 0;
}

/* 0 when code is the setup code; ERR_DENIED (with a message for the page)
 * when it is not, or ERR_LIMIT after too many wrong ones. Setup codes are
 * throttled by address (model/access/throttle.h), so that guessing from one
 * place cannot lock out the person setting up from another. */
static int check_code(struct request *req, const char *code)
{
    int64_t attempt;
    int rc = throttle_begin(req->db, THROTTLE_CODE, "setup", req->client, date_now_ms(), &attempt,
                            NULL, &req->err);
    if (rc)
        return rc;
    char hash[SECRET_HASH_LEN];
    bool ok = invite_code_hash(code, hash) && secret_equal(hash, req->app->setup_hash);
    if (ok && (rc = throttle_ok(req->db, attempt, &req->err)))
        return rc;
    if (!ok)
        return err_set(&req->err, ERR_DENIED,
                       "that is not the setup code; copy the link meso printed when it started");
    return 0;
}

/* No code, or a wrong one: say where the link is, with a box for the code. */
static int render_ask(struct request *req, struct response *res, const char *error)
{
    struct html h;
    struct page pg = { .title = "Set up meso" };
    page_begin(req, res, &h, &pg);
    html_raw(&h, "<p class=\"govuk-body\">No one can sign in yet: this meso has no school set up. "
                 "When meso started, it printed a setup link in the window where it runs. Open "
                 "that link, or type the code from the end of it here.</p>\n");
    html_raw(&h, "<form method=\"get\" action=\"/setup\" novalidate>\n");
    struct field fc = { .name = "code",
                        .label = "Setup code",
                        .hint = "It looks like ABCD-EFGH-JKLM",
                        .width = "20",
                        .spellcheck_off = true,
                        .autocomplete = "off",
                        .error = error };
    form_input(&h, &fc);
    form_button(&h, "Continue", false);
    html_raw(&h, "</form>\n");
    return page_finish(req, &h);
}

static const struct option who_manages[] = {
    { "me", "I will", "You can add staff and give them their joining codes" },
    { "other", "Someone else, such as the school business manager",
      "They get an administrator's account: staff accounts only, no child's record" },
};

static void render_form(struct request *req, struct response *res, const struct firstrun *f,
                        const char *code, const struct problems *pr)
{
    struct html h;
    struct page pg = { .title = "Set up meso for your school" };
    const char *token = auth_form_token(req, res);
    page_begin(req, res, &h, &pg);
    form_error_summary(&h, pr);
    html_raw(&h, "<p class=\"govuk-body\">This takes a few minutes. You will be the school's "
                 "first lead, who can see every child's record, so you will also set up "
                 "two-step sign-in with your phone.</p>\n");
    form_start(&h, "/setup", token);
    html(&h, "<input type=\"hidden\" name=\"code\" value=\"%s\">\n", code);
    html_raw(&h, "<h2 class=\"govuk-heading-m\">Your school</h2>\n");
    schoolpage_fields(&h, &f->school, pr);
    html_raw(&h, "<h2 class=\"govuk-heading-m\">You, the lead</h2>\n");
    struct field fl[] = {
        { .name = "lead_name",
          .label = "Your name",
          .value = f->lead_name,
          .autocomplete = "name",
          .error = problems_for(pr, "lead_name") },
        { .name = "lead_email",
          .label = "Your work email",
          .hint = "You will sign in with it",
          .value = f->lead_email,
          .type = "email",
          .autocomplete = "username",
          .spellcheck_off = true,
          .error = problems_for(pr, "lead_email") },
        { .name = "lead_password",
          .label = "Make a password",
          .hint = "Three or more words you will remember, or at least 12 letters and numbers",
          .type = "password",
          .autocomplete = "new-password",
          .error = problems_for(pr, "lead_password") },
    };
    for (size_t i = 0; i < sizeof fl / sizeof fl[0]; i++)
        form_input(&h, &fl[i]);
    html_raw(&h, "<h2 class=\"govuk-heading-m\">Staff accounts</h2>\n");
    struct field fw = { .name = "admin",
                        .label = "Who will add staff and manage their accounts?",
                        .value = f->admin_is_lead ? "me" : "other",
                        .error = problems_for(pr, "admin") };
    form_radios(&h, &fw, who_manages, 2, false);
    struct field fa[] = {
        { .name = "admin_name",
          .label = "Their name (only if someone else)",
          .value = f->admin_name,
          .error = problems_for(pr, "admin_name") },
        { .name = "admin_email",
          .label = "Their work email (only if someone else)",
          .value = f->admin_email,
          .type = "email",
          .spellcheck_off = true,
          .error = problems_for(pr, "admin_email") },
    };
    for (size_t i = 0; i < sizeof fa / sizeof fa[0]; i++)
        form_input(&h, &fa[i]);
    form_button(&h, "Set up meso", false);
    form_end(&h);
    page_finish(req, &h);
}

int page_setup(struct request *req, struct response *res)
{
    int rc = setup_open(req);
    if (rc)
        return rc;
    const char *code = req_text(req, "code");
    if (!*code)
        return render_ask(req, res, NULL);
    if ((rc = check_code(req, code)) == ERR_DENIED || rc == ERR_LIMIT) {
        res->status = rc == ERR_LIMIT ? 429 : 403;
        return render_ask(req, res, page_sentence(req, req->err.msg));
    }
    if (rc)
        return rc;
    struct firstrun f = { .admin_is_lead = true };
    render_form(req, res, &f, code, NULL);
    return 0;
}

static void read_form(struct request *req, struct firstrun *f)
{
    f->school.urn = req_text(req, "urn");
    f->school.name = req_text(req, "name");
    f->school.la_code = req_text(req, "la");
    f->school.phase = req_text(req, "phase");
    f->lead_name = req_text(req, "lead_name");
    f->lead_email = req_text(req, "lead_email");
    f->lead_password = req_form(req, "lead_password");
    f->admin_is_lead = strcmp(req_text(req, "admin"), "other") != 0;
    f->admin_name = req_text(req, "admin_name");
    f->admin_email = req_text(req, "admin_email");
}

/* The school is set up: the lead is signed in, at the two-step sign-in
 * step; the administrator's code, when there is one, is shown once here. */
static int render_done(struct request *req, struct response *res, const struct firstrun *f,
                       const struct firstrun_result *r)
{
    struct html h;
    struct page pg = { .title = arena_sprintf(&req->arena, "%s is set up", f->school.name) };
    page_begin(req, res, &h, &pg);
    if (r->admin_account_id) {
        html(&h,
             "<h2 class=\"govuk-heading-m\">A code for %s</h2>\n<p class=\"govuk-body\">%s will "
             "manage staff accounts. They need this code to make their password.</p>\n",
             f->admin_name, f->admin_name);
        accounts_code_letter(req, &h, f->admin_name, f->admin_email, r->admin_code,
                             r->admin_expires);
    }
    html_raw(&h, "<h2 class=\"govuk-heading-m\">Next: two-step sign-in</h2>\n"
                 "<p class=\"govuk-body\">Leads see every child's record, so meso asks for a code "
                 "from your phone as well as your password. Have your phone ready.</p>\n"
                 "<a class=\"govuk-button\" data-module=\"govuk-button\" "
                 "href=\"/account/two-factor\">Set up two-step sign-in</a>\n");
    return page_finish(req, &h);
}

int page_setup_post(struct request *req, struct response *res)
{
    int rc = setup_open(req);
    if (rc)
        return rc;
    const char *code = req_text(req, "code");
    if ((rc = check_code(req, code)) == ERR_DENIED || rc == ERR_LIMIT) {
        res->status = rc == ERR_LIMIT ? 429 : 403;
        return render_ask(req, res, page_sentence(req, req->err.msg));
    }
    if (rc)
        return rc;
    struct firstrun f = { 0 };
    read_form(req, &f);
    struct problems pr;
    problems_init(&pr, &req->arena);
    firstrun_validate(&f, &pr);
    struct firstrun_result r;
    int64_t now = (int64_t)time(NULL);
    if (!pr.n) {
        struct audit_who who = { .actor = arena_sprintf(&req->arena, "user:%s", f.lead_email),
                                 .address = req->client };
        rc = firstrun_complete(req->db, &req->app->gate, &who, &f, now, &r, &req->err);
        if (rc == ERR_CONFLICT && !setup_mode(req))
            return ERR_NOTFOUND; /* set up meanwhile, by someone else */
        if (rc == ERR_INPUT || rc == ERR_CONFLICT) {
            /* The form was checked first, so this is about the school's URN
             * ("urn: ...") or an email the database already has. */
            const char *m = req->err.msg;
            bool urn = str_starts_with(m, "urn: ");
            problems_add(&pr, urn ? "urn" : "lead_email", "%s", urn ? m + 5 : m);
            rc = 0;
        }
        if (rc)
            return rc;
    }
    if (pr.n) {
        page_sentences(req, &pr, 0);
        res->status = 422;
        render_form(req, res, &f, code, &pr);
        return 0;
    }
    char token[SESSION_TOKEN_LEN];
    struct session s;
    if ((rc =
             session_create(req->db, &req->arena, &req->app->sessions, r.lead_account_id,
                            req->client, req_header(req, "User-Agent"), now, token, &s, &req->err)))
        return rc;
    resp_cookie(res, SESSION_COOKIE, token, 0, COOKIE_SESSION);
    secret_wipe(token, sizeof token);
    rc = render_done(req, res, &f, &r);
    secret_wipe(r.admin_code, sizeof r.admin_code);
    return rc;
}
