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
#include "core/date.h"
#include "model/access/throttle.h"
#include "model/access/totp.h"
#include "pages/common.h"

static struct audit_who audit_who_of(struct request *req)
{
    struct audit_who w = { .actor = req->who.actor, .address = req->client };
    return w;
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

/* The joining letter's own words, in the carer's language or English. */
struct join_letter {
    const char *name, *child, *url, *code;
};

static void join_letter(struct request *req, struct html *h, const struct tr *tr,
                        const struct join_letter *jl)
{
    struct arena *a = &req->arena;
    const struct lang *l = tr && tr->lang ? tr->lang : &i18n_langs[0];
    html(h,
         "<div class=\"govuk-inset-text meso-letter\" lang=\"%s\" dir=\"%s\">"
         "<p class=\"govuk-body\">%s</p><p class=\"govuk-body\">%s</p>"
         "<p class=\"govuk-body\">%s <strong dir=\"ltr\">%s/join</strong></p>"
         "<p class=\"govuk-body\"><code class=\"meso-secret\" dir=\"ltr\">%s</code></p>"
         "<p class=\"govuk-body\">%s</p></div>\n",
         strcmp(l->code, "en") ? l->code : "en-GB", l->rtl ? "rtl" : "ltr",
         _f(a, tr, "Dear %s,", jl->name),
         _f(a, tr,
            "We would love you to join meso, where we share how %s is getting on and plan "
            "together.",
            jl->child),
         _(tr, "Go to this address and type the code below:"), jl->url, jl->code,
         _(tr, "If you get stuck, just ask us. We are happy to help."));
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
         "until %s.</p>\n",
         carer_display_name(&req->arena, &c),
         page_date(req, arena_strndup(&req->arena, expires, 10)));
    /* The letter in the carer's recorded language beside the English one
     * (docs/i18n.md), so either can be read and the school can check it. */
    const struct tr *tr = page_doc_tr(req, c.id);
    bool two = tr && tr->lang && strcmp(tr->lang->code, "en") != 0;
    struct join_letter jl = {
        .name = c.forename ? c.forename : carer_display_name(&req->arena, &c),
        .child = p.preferred_forename ? p.preferred_forename : p.legal_forename,
        .url = req->app->base_url ? req->app->base_url : "",
        .code = code,
    };
    html_raw(&h, "<div class=\"meso-letter-pair\">\n");
    if (two)
        join_letter(req, &h, tr, &jl);
    join_letter(req, &h, NULL, &jl);
    html_raw(&h, "</div>\n");
    return page_finish(req, &h);
}

/* ---- joining with a code (parents and carers) ----------------------------- */

static void render_join(struct request *req, struct response *res, const char *code,
                        const char *email, const struct problems *pr)
{
    const struct tr *tr = req->tr;
    struct html h;
    struct page pg = { .title = _(tr, "Join meso") };
    const char *token = auth_form_token(req, res);
    page_begin(req, res, &h, &pg);
    form_error_summary(&h, pr);
    html(&h, "<p class=\"govuk-body\">%s</p>\n",
         _(tr, "Use the code the school gave you. You only need to do this once."));
    form_start(&h, "/join", token);
    struct field fs[] = {
        { .name = "code",
          .label = _(tr, "Your code"),
          .hint = _(tr, "It looks like ABCD-EFGH-JKLM"),
          .value = code,
          .width = "20",
          .spellcheck_off = true,
          .autocomplete = "off",
          .error = problems_for(pr, "code") },
        { .name = "email",
          .label = _(tr, "Your email address"),
          .value = email,
          .type = "email",
          .autocomplete = "email",
          .spellcheck_off = true,
          .error = problems_for(pr, "email") },
        { .name = "password",
          .label = _(tr, "Make a password"),
          .type = "password",
          .hint = _(tr, "Use three or more words you will remember, or at least 12 letters and "
                        "numbers"),
          .autocomplete = "new-password",
          .error = problems_for(pr, "password") },
    };
    for (size_t i = 0; i < sizeof fs / sizeof fs[0]; i++)
        form_input(&h, &fs[i]);
    form_button(&h, _(tr, "Join"), false);
    form_end(&h);
    page_finish(req, &h);
}

int page_join(struct request *req, struct response *res)
{
    /* A joining link carries the code (?code=), so only the email and the
     * password are left to type. */
    render_join(req, res, req_text(req, "code"), "", NULL);
    return 0;
}

int page_join_post(struct request *req, struct response *res)
{
    const char *code = req_text(req, "code"), *email = req_text(req, "email");
    const char *pw = req_form(req, "password");
    struct problems pr;
    problems_init(&pr, &req->arena);
    if (!*code)
        problems_add(&pr, "code", "%s", _(req->tr, "Enter the code from the school"));
    if (!*email)
        problems_add(&pr, "email", "%s", _(req->tr, "Enter your email address"));
    if (!pw || !*pw)
        problems_add(&pr, "password", "%s", _(req->tr, "Make a password"));
    int64_t now = (int64_t)time(NULL), account_id = 0, attempt = 0;
    int rc = 0;
    /* Codes are throttled by address (model/access/throttle.h), whatever
     * email is given: a wrong code costs a growing delay after a few, and
     * is counted before it is checked. */
    if (!pr.n && (rc = throttle_begin(req->db, THROTTLE_CODE, "join", req->client, date_now_ms(),
                                      &attempt, NULL, &req->err))) {
        if (rc != ERR_LIMIT)
            return rc;
        problems_add(&pr, "code", "%s", page_sentence(req, req->err.msg));
        res->status = 429;
        render_join(req, res, code, email, &pr);
        return 0;
    }
    if (!pr.n) {
        struct audit_who who = { .actor = arena_sprintf(&req->arena, "user:%s", email),
                                 .address = req->client };
        rc = invite_redeem(req->db, &req->app->gate, &who, code, email, pw, now, &account_id,
                           &req->err);
        struct err ignored;
        /* Only a wrong code counts: a right code with a weak password is
         * not a guess. */
        if (rc != ERR_NOTFOUND)
            throttle_ok(req->db, attempt, &ignored);
        if (rc == ERR_NOTFOUND) {
            problems_add(&pr, "code", "%s",
                         _(req->tr, "This code does not work. It may be used or too old. Ask "
                                    "the school for a new one."));
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
