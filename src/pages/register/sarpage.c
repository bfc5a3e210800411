/* sarpage.c - a subject access request from the pupil's page (docs/sar.md). */
#include "pages/register/sarpage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/problems.h"
#include "html/form.h"
#include "io/zip.h"
#include "model/register/audit.h"
#include "model/register/pupil.h"
#include "model/register/school.h"
#include "model/sar/redaction.h"
#include "pages/common.h"
#include "view/sar.h"

/* The most values the review lists (a record as large as this is rare; the
 * rest can still be held back by path from `meso sar redact`). */
#define REVIEW_MAX_ROWS 4000
#define ZIP_MAX         (64u * 1024 * 1024)

/* The export as it stands (redactions applied), its standing redactions. */
struct loaded {
    struct school school;
    json_t *sar;
    struct sar_redaction *rs;
    size_t n_rs;
};

static int load(struct request *req, const struct pupil *p, int64_t carer_id, struct loaded *l)
{
    memset(l, 0, sizeof *l);
    struct audit_entry who = page_actor(req);
    int rc = school_by_id(req->db, &req->arena, req->who.school_id, &l->school, &req->err);
    if (rc)
        return rc;
    struct sar_source src = { req->db, &req->arena, &l->school, p, carer_id, &who, &req->err };
    if ((rc =
             sar_redaction_list(req->db, &req->arena, p->id, false, &l->rs, &l->n_rs, &req->err)) ||
        (rc = sar_gather(&src, &l->sar)))
        return rc;
    if (sar_apply_redactions(l->sar, l->rs, l->n_rs) < 0) {
        json_decref(l->sar);
        l->sar = NULL;
        return err_set(&req->err, ERR_NOMEM, "out of memory");
    }
    return 0;
}

/* "conversations/#6/explore/concerns" -> "Conversations, record 6, explore,
 * concerns" (from the segment after skip). */
static const char *plain_path(struct arena *a, const char *path, size_t skip)
{
    if (strcmp(path, SAR_PATH_EVERYWHERE) == 0)
        return "Everywhere in the export";
    struct buf b;
    buf_init(&b, 4096);
    size_t seg = 0;
    for (const char *s = path; *s;) {
        const char *slash = strchr(s, '/');
        size_t len = slash ? (size_t)(slash - s) : strlen(s);
        if (seg++ >= skip) {
            if (b.len)
                buf_adds(&b, ", ");
            if (s[0] == '#')
                buf_adds(&b, "record "), buf_add(&b, s + 1, len - 1);
            else
                for (size_t i = 0; i < len; i++)
                    buf_addc(&b, s[i] == '_' ? ' ' : s[i]);
        }
        s += len + (slash != NULL);
    }
    if (b.len && b.data[0] >= 'a' && b.data[0] <= 'z')
        b.data[0] = (char)(b.data[0] - 'a' + 'A');
    const char *out = arena_strdup(a, b.len ? buf_str(&b) : "The whole section");
    buf_release(&b);
    return out;
}

/* Worth a lead's look: text with words in it, or a person's details; not a
 * date, a code or a number. */
static bool reviewable(const char *key, const char *v)
{
    if (!v || !*v || (strlen(v) >= 10 && v[4] == '-' && v[7] == '-' && v[0] >= '0' && v[0] <= '9'))
        return false;
    static const char *const personal[] = { "name", "phone", "address",  "email",  "postcode",
                                            "town", "title", "forename", "surname" };
    for (size_t i = 0; key && i < sizeof personal / sizeof personal[0]; i++)
        if (strstr(key, personal[i]))
            return true;
    return strchr(v, ' ') != NULL;
}

struct review {
    struct request *req;
    struct html *h;
    int64_t pupil_id;
    bool open; /* a summary list is open */
    size_t rows;
};

static void review_row(struct review *r, const char *path, const char *label, const char *value,
                       const char *action)
{
    r->rows++;
    html(r->h,
         "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s</dt>",
         label);
    if (strcmp(value, SAR_REDACTED) == 0)
        html_raw(r->h, "<dd class=\"govuk-summary-list__value\"><strong class=\"govuk-tag "
                       "govuk-tag--grey\">Held back</strong></dd><dd "
                       "class=\"govuk-summary-list__actions\"></dd></div>\n");
    else
        html(r->h,
             "<dd class=\"govuk-summary-list__value\">%s</dd><dd "
             "class=\"govuk-summary-list__actions\"><a class=\"govuk-link\" "
             "href=\"/pupils/%lld/sar/redact?path=%U\">%s<span class=\"govuk-visually-hidden\">: "
             "%s</span></a></dd></div>\n",
             value, (long long)r->pupil_id, path, action, label);
}

static int review_visit(const char *path, const char *key, json_t *v, int depth, void *ctx)
{
    struct review *r = ctx;
    struct arena *a = &r->req->arena;
    if (depth == 0) {
        if (r->open)
            html_raw(r->h, "</dl>\n");
        html(r->h, "<h3 class=\"govuk-heading-s\">%s</h3>\n<dl class=\"govuk-summary-list\">\n",
             plain_path(a, path, 0));
        r->open = true;
        if (json_is_string(v) && strcmp(json_string_value(v), SAR_REDACTED) == 0)
            review_row(r, path, "All of it", SAR_REDACTED, "");
        return 0;
    }
    if (r->rows >= REVIEW_MAX_ROWS)
        return 0;
    if (!key && json_is_object(v) && json_is_integer(json_object_get(v, "id")))
        review_row(r, path, plain_path(a, path, 1), "The whole record", "Hold back");
    else if (json_is_string(v) && (strcmp(json_string_value(v), SAR_REDACTED) == 0 ||
                                   reviewable(key, json_string_value(v))))
        review_row(r, path, plain_path(a, path, 1), json_string_value(v), "Redact");
    return 0;
}

/* The standing redactions, each with its withdraw button. */
static void held_back(struct request *req, struct html *h, const struct pupil *p,
                      const struct loaded *l)
{
    html_raw(h, "<h2 class=\"govuk-heading-m\">What is held back</h2>\n");
    if (l->n_rs == 0) {
        html_raw(h, "<p class=\"govuk-body\">Nothing yet. Everything below goes to the family as "
                    "it is.</p>\n");
        return;
    }
    json_t *list = json_object_get(l->sar, "redactions");
    html_raw(h, "<ul class=\"govuk-list\">\n");
    for (size_t i = 0; i < l->n_rs; i++) {
        const struct sar_redaction *r = &l->rs[i];
        bool found = json_is_true(json_object_get(json_array_get(list, i), "found"));
        html(h,
             "<li><p class=\"govuk-body govuk-!-margin-bottom-1\"><strong>%s</strong>: %s%s. "
             "Why: %s. By %s on %s.</p>",
             plain_path(&req->arena, r->path, 0), r->passage ? "some words" : "all of it",
             found ? "" : " (not found: the record may have changed)", r->reason, r->created_by,
             page_date(req, arena_strndup(&req->arena, r->created_at, 10)));
        char action[96];
        snprintf(action, sizeof action, "/pupils/%lld/sar/redactions/%lld/withdraw",
                 (long long)p->id, (long long)r->id);
        form_start(h, action, req->csrf);
        html(h,
             "<button type=\"submit\" class=\"govuk-button govuk-button--secondary "
             "govuk-!-margin-bottom-3\" data-module=\"govuk-button\">Withdraw<span "
             "class=\"govuk-visually-hidden\"> the redaction of %s</span></button>",
             plain_path(&req->arena, r->path, 0));
        form_end(h);
        html_raw(h, "</li>\n");
    }
    html_raw(h, "</ul>\n");
}

/* The export form: who asked, then the button. */
static void export_form(struct request *req, struct html *h, const struct pupil *p,
                        const struct loaded *l)
{
    char action[64];
    snprintf(action, sizeof action, "/pupils/%lld/sar", (long long)p->id);
    html_raw(h, "<h2 class=\"govuk-heading-m\">Make the export</h2>\n<p class=\"govuk-body\">You "
                "get one ZIP file with two files in it: <code>sar.pdf</code> to read and send, and "
                "<code>sar.json</code>, the same record for a computer. What you hold back reads "
                "[redacted] in both, and both list what was held back, why and by whom.</p>\n");
    form_start(h, action, req->csrf);
    json_t *carers = json_object_get(json_object_get(l->sar, "pupil"), "carers");
    size_t n = json_array_size(carers);
    struct option *opts = arena_alloc(&req->arena, (n + 1) * sizeof *opts);
    size_t k = 0;
    if (opts) {
        opts[k++] = (struct option){ "0", "The child, or someone on the child's behalf", NULL };
        for (size_t i = 0; i < n; i++) {
            json_t *c = json_array_get(carers, i);
            json_t *jid = json_object_get(c, "id");
            if (!json_is_integer(jid))
                continue; /* a carer held back whole */
            const char *fn = json_string_value(json_object_get(c, "forename"));
            const char *sn = json_string_value(json_object_get(c, "surname"));
            opts[k++] = (struct option){
                arena_sprintf(&req->arena, "%lld", (long long)json_integer_value(jid)),
                arena_sprintf(&req->arena, "%s %s", fn ? fn : "", sn ? sn : ""),
                "Adds the details held about them, and the contacts they took part in"
            };
        }
        struct field f = { .name = "carer", .label = "Who asked?", .value = "0" };
        form_radios(h, &f, opts, k, false);
    }
    form_button(h, "Make the export", false);
    form_end(h);
}

int page_sar(struct request *req, struct response *res)
{
    struct pupil p;
    int rc = page_pupil(req, page_id(req, 0), &p);
    if (rc)
        return rc;
    struct loaded l;
    if ((rc = load(req, &p, 0, &l)))
        return rc;
    if ((rc = page_audit(req, "review", "sar", p.id, p.id, "subject access request review"))) {
        json_decref(l.sar);
        return rc;
    }
    char back[48];
    snprintf(back, sizeof back, "/pupils/%lld", (long long)p.id);
    struct html h;
    struct page pg = { .title = "Subject access request",
                       .caption = pupil_display_name(&req->arena, &p),
                       .nav = "pupils",
                       .back_href = back };
    page_begin(req, res, &h, &pg);
    if (req_query(req, "held"))
        layout_banner(&h, true, "Held back", "The next export shows [redacted] there.");
    if (req_query(req, "withdrawn"))
        layout_banner(&h, true, "Withdrawn", "The next export shows those words again.");
    html_raw(&h, "<p class=\"govuk-body\">A family may ask for everything the school holds about "
                 "their child. The school must answer within one calendar month. Before you send "
                 "it, read it here and hold back other people's details: another child named in "
                 "a note, or an adult who did not ask. Ask your data protection officer if you "
                 "are unsure.</p>\n");
    held_back(req, &h, &p, &l);
    export_form(req, &h, &p, &l);

    html_raw(&h, "<h2 class=\"govuk-heading-m\">Hold back a name everywhere</h2>\n<p "
                 "class=\"govuk-body\">For a name that comes up in many notes. Every place it "
                 "appears reads [redacted].</p>\n");
    char action[64];
    snprintf(action, sizeof action, "/pupils/%lld/sar/redact", (long long)p.id);
    form_start(&h, action, req->csrf);
    html_raw(&h, "<input type=\"hidden\" name=\"path\" value=\"*\">"
                 "<input type=\"hidden\" name=\"scope\" value=\"passage\">\n");
    struct field fp = { .name = "passage", .label = "The words to hold back", .width = "20" };
    form_input(&h, &fp);
    struct field fr = { .name = "reason",
                        .label = "Why?",
                        .hint = "For example: another child. Please do not write names here." };
    form_input(&h, &fr);
    form_button(&h, "Hold back everywhere", true);
    form_end(&h);

    html_raw(&h, "<h2 class=\"govuk-heading-m\">Read it through</h2>\n<p class=\"govuk-body\">Each "
                 "piece of writing and each record, as the family will get it.</p>\n");
    struct review r = { req, &h, p.id, false, 0 };
    rc = sar_walk(l.sar, &req->arena, review_visit, &r);
    if (r.open)
        html_raw(&h, "</dl>\n");
    if (r.rows >= REVIEW_MAX_ROWS)
        html(&h,
             "<p class=\"govuk-body\">This page shows the first %d. Read the rest in the "
             "export.</p>\n",
             REVIEW_MAX_ROWS);
    json_decref(l.sar);
    return rc ? rc : page_finish(req, &h);
}

int page_sar_post(struct request *req, struct response *res)
{
    struct pupil p;
    int rc = page_pupil(req, page_id(req, 0), &p);
    if (rc)
        return rc;
    const char *c = req_form(req, "carer");
    char *end = NULL;
    long long carer = c && *c ? strtoll(c, &end, 10) : 0;
    if (carer < 0 || (end && *end))
        carer = 0;
    struct school school;
    if ((rc = school_by_id(req->db, &req->arena, req->who.school_id, &school, &req->err)))
        return rc;
    struct audit_entry who = page_actor(req);
    struct sar_source src = { req->db, &req->arena, &school, &p, carer, &who, &req->err };
    json_t *sar = NULL;
    struct buf pdf, zip;
    buf_init(&pdf, ZIP_MAX);
    buf_init(&zip, ZIP_MAX);
    char *text = NULL;
    struct zipw z;
    if ((rc = sar_make(&src, &sar, &pdf, NULL)))
        goto done;
    if (!(text = json_dumps(sar, JSON_INDENT(2)))) {
        rc = err_set(&req->err, ERR_NOMEM, "out of memory");
        goto done;
    }
    zip_init(&z, &zip);
    if ((rc = zip_add(&z, "sar.pdf", pdf.data, pdf.len, &req->err)) ||
        (rc = zip_add(&z, "sar.json", text, strlen(text), &req->err)) ||
        (rc = zip_finish(&z, &req->err)))
        goto done;
    rc = page_send_document(req, res, &zip, "application/zip", true,
                            arena_sprintf(&req->arena, "subject-access-request-%s.zip", p.upn));
done:
    if (rc == ERR_INPUT) /* a carer who is not this child's */
        res->status = 422;
    free(text);
    buf_release(&pdf);
    buf_release(&zip);
    json_decref(sar);
    return rc;
}

static int render_redact(struct request *req, struct response *res, const struct pupil *p,
                         const char *path, const char *value, const struct problems *pr)
{
    char back[48], action[64];
    snprintf(back, sizeof back, "/pupils/%lld/sar", (long long)p->id);
    snprintf(action, sizeof action, "/pupils/%lld/sar/redact", (long long)p->id);
    struct html h;
    struct page pg = { .title = "Hold back from the export",
                       .caption = plain_path(&req->arena, path, 0),
                       .nav = "pupils",
                       .back_href = back };
    page_begin(req, res, &h, &pg);
    form_error_summary(&h, pr);
    if (value)
        html(&h, "<div class=\"govuk-inset-text\">%s</div>\n", value);
    else
        html_raw(&h, "<p class=\"govuk-body\">The whole record, and everything in it.</p>\n");
    form_start(&h, action, req->csrf);
    html(&h, "<input type=\"hidden\" name=\"path\" value=\"%s\">\n", path);
    if (value) {
        static const struct option scope[] = {
            { "all", "All of it", NULL },
            { "passage", "Only some words", "Type or paste them below, exactly as written" },
        };
        const char *sv = req_text(req, "scope");
        struct field fs = { .name = "scope",
                            .label = "What should the family not see?",
                            .value = sv && *sv ? sv : "all",
                            .error = problems_for(pr, "scope") };
        form_radios(&h, &fs, scope, 2, false);
        struct field fp = { .name = "passage",
                            .label = "The words to hold back",
                            .value = req_text(req, "passage"),
                            .error = problems_for(pr, "passage") };
        form_input(&h, &fp);
    } else {
        html_raw(&h, "<input type=\"hidden\" name=\"scope\" value=\"all\">\n");
    }
    struct field fr = { .name = "reason",
                        .label = "Why?",
                        .hint = "For example: another child, or a carer who did not ask. Please "
                                "do not write names here.",
                        .value = req_text(req, "reason"),
                        .error = problems_for(pr, "reason") };
    form_textarea(&h, &fr, 2);
    html(&h,
         "<div class=\"govuk-button-group\"><button type=\"submit\" class=\"govuk-button\" "
         "data-module=\"govuk-button\">Hold back</button><a class=\"govuk-link\" "
         "href=\"%s\">Go back</a></div>\n",
         back);
    form_end(&h);
    return page_finish(req, &h);
}

/* The value at path in the export as it stands; ERR_NOTFOUND if none. */
static int value_at(struct request *req, const struct pupil *p, const char *path, bool *is_text,
                    const char **text)
{
    struct loaded l;
    int rc = load(req, p, 0, &l);
    if (rc)
        return rc;
    json_t *v = path && sar_path_valid(path) ? sar_at(l.sar, path) : NULL;
    *is_text = json_is_string(v);
    *text = *is_text ? arena_strdup(&req->arena, json_string_value(v)) : NULL;
    json_decref(l.sar);
    return v ? 0 : ERR_NOTFOUND;
}

int page_sar_redact(struct request *req, struct response *res)
{
    struct pupil p;
    int rc = page_pupil(req, page_id(req, 0), &p);
    if (rc)
        return rc;
    const char *path = req_query(req, "path");
    bool is_text;
    const char *text;
    if ((rc = value_at(req, &p, path, &is_text, &text)))
        return rc;
    return render_redact(req, res, &p, path, text, NULL);
}

int page_sar_redact_post(struct request *req, struct response *res)
{
    struct pupil p;
    int rc = page_pupil(req, page_id(req, 0), &p);
    if (rc)
        return rc;
    const char *path = req_text(req, "path");
    const char *scope = req_text(req, "scope");
    const char *passage = req_text(req, "passage");
    bool everywhere = path && strcmp(path, SAR_PATH_EVERYWHERE) == 0;
    bool is_text = true;
    const char *text = NULL;
    if (!everywhere && (rc = value_at(req, &p, path, &is_text, &text)))
        return rc;
    struct problems pr;
    problems_init(&pr, &req->arena);
    bool words = scope && strcmp(scope, "passage") == 0;
    if (!words && !(scope && strcmp(scope, "all") == 0))
        problems_add(&pr, "scope", "Choose all of it, or only some words");
    else if (words && (!passage || !*passage))
        problems_add(&pr, "passage", "Type the words to hold back");
    else if (words && text && !strstr(text, passage))
        problems_add(&pr, "passage", "These words are not in the text; copy them exactly");
    if (pr.n == 0) {
        int64_t id;
        struct audit_entry who = page_actor(req);
        rc = sar_redaction_add(req->db, &who, req->who.school_id, p.id, path,
                               words ? passage : NULL, req_text(req, "reason"), &id, &req->err);
        if (rc == ERR_INPUT) {
            const char *m = req->err.msg, *colon = strchr(m, ':');
            const char *fld = colon ? arena_strndup(&req->arena, m, (size_t)(colon - m)) : "reason";
            problems_add(&pr, fld, "%s", page_sentence(req, colon ? colon + 2 : m));
        } else if (rc) {
            return rc;
        }
    }
    if (pr.n) {
        res->status = 422;
        if (everywhere) /* the form is on the review page: show it there */
            return render_redact(req, res, &p, path, NULL, &pr);
        return render_redact(req, res, &p, path, is_text ? text : NULL, &pr);
    }
    resp_redirect(res, arena_sprintf(&req->arena, "/pupils/%lld/sar?held=1", (long long)p.id));
    return 0;
}

int page_sar_withdraw(struct request *req, struct response *res)
{
    struct pupil p;
    int rc = page_pupil(req, page_id(req, 0), &p);
    if (rc)
        return rc;
    struct audit_entry who = page_actor(req);
    if ((rc = sar_redaction_withdraw(req->db, &who, req->who.school_id, p.id, page_id(req, 1),
                                     &req->err)))
        return rc;
    resp_redirect(res, arena_sprintf(&req->arena, "/pupils/%lld/sar?withdrawn=1", (long long)p.id));
    return 0;
}

void sarpage_pupil_link(struct request *req, struct html *h, const struct pupil *p)
{
    if (!page_is_lead(req))
        return;
    html(h,
         "<h2 class=\"govuk-heading-m\">Subject access request</h2>\n<p class=\"govuk-body "
         "meso-no-print\">If the family asks for everything the school holds about this child, "
         "<a class=\"govuk-link\" href=\"/pupils/%lld/sar\">read it through, hold back other "
         "people's details and make the export</a>.</p>\n",
         (long long)p->id);
}
