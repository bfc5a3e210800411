#include "pages/access/signin.h"

#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/problems.h"
#include "http/app.h"
#include "http/auth.h"
#include "html/form.h"
#include "core/date.h"
#include "model/access/account.h"
#include "model/access/codelock.h"
#include "model/register/audit.h"
#include "model/access/signin.h"
#include "model/access/totp.h"
#include "pages/access/setup.h"
#include "pages/common.h"

/* Only local paths are followed after signing in. */
static const char *safe_next(struct request *req)
{
    const char *n = req_text(req, "next");
    if (n[0] != '/' || n[1] == '/' || n[1] == '\\')
        return "/";
    for (const char *c = n; *c; c++)
        if ((unsigned char)*c < 0x20)
            return "/";
    return n;
}

static void render_signin(struct request *req, struct response *res, const char *email,
                          const struct problems *pr, const char *notice)
{
    const struct tr *tr = req->tr;
    struct html h;
    struct page pg = { .title = _(tr, "Sign in") };
    const char *token = auth_form_token(req, res);
    page_begin(req, res, &h, &pg);
    if (notice)
        layout_banner(&h, true, _(tr, "Signed out"), notice);
    form_error_summary(&h, pr);
    html(&h, "<p class=\"govuk-body\">%s</p>\n",
         _(tr, "Use the email address your school has for you."));
    form_start(&h, "/sign-in", token);
    html(&h, "<input type=\"hidden\" name=\"next\" value=\"%s\">\n", safe_next(req));
    struct field fe = { .name = "email",
                        .label = _(tr, "Email address"),
                        .value = email,
                        .type = "email",
                        .autocomplete = "username",
                        .spellcheck_off = true,
                        .error = problems_for(pr, "email") };
    form_input(&h, &fe);
    struct field fp = { .name = "password",
                        .label = _(tr, "Password"),
                        .type = "password",
                        .autocomplete = "current-password",
                        .error = problems_for(pr, "password") };
    form_input(&h, &fp);
    form_button(&h, _(tr, "Sign in"), false);
    form_end(&h);
    html(&h,
         "<p class=\"govuk-body\">%s <a class=\"govuk-link\" href=\"/join\">%s</a></p>\n"
         "<p class=\"govuk-body\">%s</p>\n",
         _(tr, "Are you a parent or carer with a code from the school?"), _(tr, "Start here"),
         _(tr, "If you cannot sign in, ask the school office to help."));
    page_finish(req, &h);
}

int page_signin(struct request *req, struct response *res)
{
    if (req->who.kind == PRINCIPAL_STAFF || req->who.kind == PRINCIPAL_PARENT ||
        req->who.kind == PRINCIPAL_LA) {
        resp_redirect(res, safe_next(req));
        return 0;
    }
    if (setup_mode(req)) { /* no account yet: nobody can sign in; set up first */
        resp_redirect(res, "/setup");
        return 0;
    }
    render_signin(req, res, "", NULL,
                  req_query(req, "out")
                      ? _(req->tr, "You have signed out. Thank you for using meso.")
                      : NULL);
    return 0;
}

static void set_session_cookie(struct response *res, const char *token)
{
    resp_cookie(res, SESSION_COOKIE, token, 0, COOKIE_SESSION);
}

int page_signin_post(struct request *req, struct response *res)
{
    const char *email = req_text(req, "email"), *pw = req_form(req, "password");
    struct problems pr;
    problems_init(&pr, &req->arena);
    if (!*email)
        problems_add(&pr, "email", "%s", _(req->tr, "Enter your email address"));
    if (!pw || !*pw)
        problems_add(&pr, "password", "%s", _(req->tr, "Enter your password"));
    if (pr.n) {
        res->status = 422;
        render_signin(req, res, email, &pr, NULL);
        return 0;
    }
    struct signin_request sr = { .email = email,
                                 .password = pw,
                                 .address = req->client,
                                 .user_agent = req_header(req, "User-Agent"),
                                 .now = (int64_t)time(NULL),
                                 .now_ms = date_now_ms() };
    char token[SESSION_TOKEN_LEN];
    struct session s;
    int rc = signin_password(req->db, &req->app->gate, &req->arena, &req->app->sessions, &sr, token,
                             &s, &req->err);
    if (rc == ERR_DENIED || rc == ERR_LIMIT) {
        /* One message for a wrong email or password; the throttle says when to try again. */
        problems_add(&pr, "email", "%s",
                     rc == ERR_LIMIT
                         ? req->err.msg
                         : _(req->tr, "The email address or password is not right. Check "
                                      "them and try again."));
        res->status = rc == ERR_LIMIT ? 429 : 401;
        render_signin(req, res, email, &pr, NULL);
        return 0;
    }
    if (rc)
        return rc;
    set_session_cookie(res, token);
    resp_redirect(res, s.stage == SESSION_NEEDS_TOTP        ? "/sign-in/code"
                       : s.stage == SESSION_NEEDS_ENROLMENT ? "/account/two-factor"
                                                            : safe_next(req));
    return 0;
}

static void render_code(struct request *req, struct response *res, const struct problems *pr)
{
    struct html h;
    struct page pg = { .title = "Enter your sign-in code" };
    bool locked = false;
    struct err ignored;
    struct problems lp;
    if (!pr &&
        codelock_status(req->db, req->session.account_id, date_now_ms(), &locked, NULL, &ignored) ==
            0 &&
        locked) {
        /* Told at the next sign-in: the second step is locked. */
        problems_init(&lp, &req->arena);
        problems_add(&lp, "code",
                     "Two-step sign-in for your account is locked after %d wrong codes. Someone "
                     "may know your password. Ask a lead or your meso administrator to unlock it.",
                     CODELOCK_FAILURES);
        page_begin(req, res, &h, &pg);
        form_error_summary(&h, &lp);
        pr = &lp;
    } else {
        page_begin(req, res, &h, &pg);
        form_error_summary(&h, pr);
    }
    html_raw(&h, "<p class=\"govuk-body\">Open the authenticator app on your phone and enter the "
                 "6-digit code it shows for meso. If you do not have your phone, enter one of "
                 "your recovery codes.</p>\n");
    form_start(&h, "/sign-in/code", req->csrf);
    struct field fc = { .name = "code",
                        .label = "Code",
                        .autocomplete = "one-time-code",
                        .inputmode = "numeric",
                        .width = "10",
                        .spellcheck_off = true,
                        .error = problems_for(pr, "code") };
    form_input(&h, &fc);
    form_button(&h, "Continue", false);
    form_end(&h);
    page_finish(req, &h);
}

int page_code(struct request *req, struct response *res)
{
    if (!req->has_session || req->session.stage != SESSION_NEEDS_TOTP) {
        resp_redirect(res, "/");
        return 0;
    }
    render_code(req, res, NULL);
    return 0;
}

/* Signed in, after wrong codes were entered for the account: say so before
 * going on (issue 17: the holder is told at their next sign-in). */
static int render_untold(struct request *req, struct response *res, int n)
{
    struct html h;
    struct page pg = { .title = "Wrong codes were entered for your account" };
    page_begin(req, res, &h, &pg);
    html(&h,
         "<div class=\"govuk-warning-text\"><strong class=\"govuk-warning-text__text\">Since "
         "you last signed in, %d wrong sign-in code%s entered for your account after the "
         "right password.</strong></div>\n",
         n, n == 1 ? " was" : "s were");
    html_raw(&h,
             "<p class=\"govuk-body\">If that was not you, someone may know your password. "
             "Tell your meso administrator now.</p>\n"
             "<a class=\"govuk-button\" data-module=\"govuk-button\" href=\"/\">Continue</a>\n");
    return page_finish(req, &h);
}

int page_code_post(struct request *req, struct response *res)
{
    if (!req->has_session || req->session.stage != SESSION_NEEDS_TOTP) {
        resp_redirect(res, "/");
        return 0;
    }
    struct problems pr;
    problems_init(&pr, &req->arena);
    const char *code = req_text(req, "code");
    if (!*code) {
        problems_add(&pr, "code", "Enter the code from your app");
    } else {
        struct signin_request sr = { .email = req->session.account.email,
                                     .code = code,
                                     .address = req->client,
                                     .now = (int64_t)time(NULL),
                                     .now_ms = date_now_ms() };
        char token[SESSION_TOKEN_LEN];
        int untold = 0;
        int rc = signin_second_factor(req->db, &req->session, &sr, token, &untold, &req->err);
        if (rc == 0) {
            set_session_cookie(res, token);
            if (untold)
                return render_untold(req, res, untold);
            resp_redirect(res, "/");
            return 0;
        }
        if (rc != ERR_DENIED && rc != ERR_LIMIT)
            return rc;
        problems_add(&pr, "code", "%s",
                     rc == ERR_LIMIT ? page_sentence(req, req->err.msg)
                                     : "That code is not right. Try the newest code.");
        if (rc == ERR_LIMIT)
            res->status = 429;
    }
    if (res->status != 429)
        res->status = 422;
    render_code(req, res, &pr);
    return 0;
}

/* ---- setting up two-step sign-in ---------------------------------------- */

static int render_enrol(struct request *req, struct response *res, const struct problems *pr)
{
    struct totp_enrolment en;
    int rc = totp_enrol(req->db, &req->arena, req->session.account_id, &en, &req->err);
    if (rc == ERR_CONFLICT) {
        struct html h;
        struct page pg = { .title = "Two-step sign-in is on" };
        page_begin(req, res, &h, &pg);
        html_raw(&h, "<p class=\"govuk-body\">Your account already asks for a code from your "
                     "app when you sign in. If you have a new phone, ask your meso "
                     "administrator to reset it.</p>\n");
        return page_finish(req, &h);
    }
    if (rc)
        return rc;
    struct buf svg;
    buf_init(&svg, 1 << 20);
    if ((rc = totp_qr_svg(en.uri, &svg, &req->err))) {
        buf_release(&svg);
        return rc;
    }
    struct html h;
    struct page pg = { .title = "Set up two-step sign-in" };
    page_begin(req, res, &h, &pg);
    form_error_summary(&h, pr);
    html_raw(&h,
             "<p class=\"govuk-body\">Two-step sign-in keeps children's records safe even if "
             "someone learns your password. You will need a phone with an authenticator app, "
             "such as Microsoft Authenticator or Google Authenticator.</p>\n"
             "<ol class=\"govuk-list govuk-list--number\"><li>Open the app and add an account.</li>"
             "<li>Scan this picture with your phone's camera.</li>"
             "<li>Enter the 6-digit code the app shows.</li></ol>\n<div class=\"meso-qr\">");
    struct html_safe qr = { buf_str(&svg), svg.len }; /* built by model/totp from a bit matrix */
    html_safe(&h, &qr);
    buf_release(&svg);
    html(&h,
         "</div>\n<p class=\"govuk-body\">If you cannot scan it, type this key into the app: "
         "<code class=\"meso-secret\">%s</code></p>\n",
         en.secret);
    form_start(&h, "/account/two-factor", req->csrf);
    struct field fc = { .name = "code",
                        .label = "Code from the app",
                        .autocomplete = "one-time-code",
                        .inputmode = "numeric",
                        .width = "10",
                        .spellcheck_off = true,
                        .error = problems_for(pr, "code") };
    form_input(&h, &fc);
    form_button(&h, "Turn on two-step sign-in", false);
    form_end(&h);
    return page_finish(req, &h);
}

int page_two_factor(struct request *req, struct response *res)
{
    if (!req->has_session || req->session.stage == SESSION_NEEDS_TOTP) {
        resp_redirect(res, "/");
        return 0;
    }
    return render_enrol(req, res, NULL);
}

int page_two_factor_post(struct request *req, struct response *res)
{
    if (!req->has_session || req->session.stage == SESSION_NEEDS_TOTP) {
        resp_redirect(res, "/");
        return 0;
    }
    struct problems pr;
    problems_init(&pr, &req->arena);
    const char *code = req_text(req, "code");
    struct audit_who who = { .actor =
                                 arena_sprintf(&req->arena, "user:%s", req->session.account.email),
                             .address = req->client };
    int64_t now = (int64_t)time(NULL);
    int rc = *code ? totp_confirm(req->db, &who, req->session.account_id, code, now, &req->err)
                   : ERR_DENIED;
    if (rc == ERR_DENIED) {
        problems_add(&pr, "code",
                     *code ? "That code is not right. Check the app and try the newest code."
                           : "Enter the code from your app");
        res->status = 422;
        return render_enrol(req, res, &pr);
    }
    if (rc)
        return rc;
    char codes[TOTP_RECOVERY_CODES][TOTP_RECOVERY_LEN];
    if ((rc = totp_recovery_new(req->db, req->session.account_id, codes, now, &req->err)))
        return rc;
    if (req->session.stage == SESSION_NEEDS_ENROLMENT) {
        char token[SESSION_TOKEN_LEN];
        if ((rc = session_second_factor_done(req->db, &req->session, now, token, &req->err)))
            return rc;
        set_session_cookie(res, token);
    }
    struct html h;
    struct page pg = { .title = "Two-step sign-in is on" };
    page_begin(req, res, &h, &pg);
    html_raw(&h, "<p class=\"govuk-body\">Keep these recovery codes somewhere safe, such as a "
                 "locked drawer. Each one works once, if you ever cannot use your phone. This is "
                 "the only time meso shows them.</p>\n<ul class=\"govuk-list meso-codes\">\n");
    for (size_t i = 0; i < TOTP_RECOVERY_CODES; i++)
        html(&h, "<li><code>%s</code></li>\n", codes[i]);
    html_raw(
        &h,
        "</ul>\n<a class=\"govuk-button\" data-module=\"govuk-button\" href=\"/\">Continue</a>\n");
    return page_finish(req, &h);
}

int page_signout(struct request *req, struct response *res)
{
    if (req->has_session) {
        int rc = signin_out(req->db, &req->session, req->client, &req->err);
        if (rc)
            return rc;
    }
    resp_cookie(res, SESSION_COOKIE, "", -1, COOKIE_SESSION);
    resp_redirect(res, "/sign-in?out=1");
    return 0;
}
