#include "pages/access/langpage.h"

#include <string.h>

#include "core/i18n.h"
#include "core/str.h"
#include "html/form.h"
#include "model/i18n/langpref.h"
#include "model/i18n/transfix.h"
#include "pages/common.h"

static struct audit_who audit_who_of(struct request *req)
{
    struct audit_who w = { .actor = req->who.actor, .address = req->client };
    return w;
}

void langpage_chooser(struct request *req, struct html *h)
{
    const struct tr *tr = req->tr;
    const char *chosen = NULL, *recorded = NULL;
    struct err ignored;
    if (langpref_get(req->db, &req->arena, req->who.account_id, &chosen, &recorded, &ignored))
        chosen = NULL;
    html(h,
         "<h2 class=\"govuk-heading-m\">%s</h2>\n"
         "<form method=\"post\" action=\"/my/language\" class=\"meso-language\">"
         "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
         "<div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"language\">%s</label>"
         "<select class=\"govuk-select\" id=\"language\" name=\"language\">"
         "<option value=\"\">%s</option>",
         _(tr, "Language"), req->csrf ? req->csrf : "", _(tr, "The language of your meso pages"),
         _(tr, "The language the school has for you"));
    const struct lang *now = i18n_lang(chosen);
    for (size_t i = 0; i < i18n_n_langs; i++) {
        const struct lang *l = &i18n_langs[i];
        html(h, "<option value=\"%s\" lang=\"%s\"%s>%s</option>", l->code, l->code,
             now == l ? " selected" : "", l->native);
    }
    html(h,
         "</select></div><button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
         "data-module=\"govuk-button\">%s</button></form>\n",
         _(tr, "Change language"));
}

int page_my_language_post(struct request *req, struct response *res)
{
    struct audit_who who = audit_who_of(req);
    int rc = langpref_set(req->db, &who, req->who.account_id, req_text(req, "language"), &req->err);
    if (rc == ERR_INPUT)
        return ERR_INPUT;
    if (rc)
        return rc;
    resp_redirect(res, "/");
    return 0;
}

/* The catalogue and the school's corrections of one language. */
static int load(struct request *req, const struct lang *l, struct tr *t)
{
    tr_init(t, l);
    struct tr_fix *fixes;
    size_t n;
    int rc =
        transfix_list(req->db, &req->arena, req->who.school_id, l->code, &fixes, &n, &req->err);
    t->fixes = fixes;
    t->n_fixes = n;
    return rc;
}

int page_translations(struct request *req, struct response *res)
{
    struct html h;
    struct page pg = { .title = "Translations for families",
                       .nav = "home",
                       .back_href = "/school" };
    page_begin(req, res, &h, &pg);
    html_raw(&h, "<p class=\"govuk-body\">Families read meso's own words in their language: the "
                 "language they choose, or the one their record has. What staff write is shown "
                 "as typed, marked as the school's words.</p>\n"
                 "<div class=\"govuk-warning-text\"><strong class=\"govuk-warning-text__text\">"
                 "No native speaker has checked these translations yet. They are drafts. If "
                 "someone at school speaks the language, ask them to read it and correct what "
                 "is wrong.</strong></div>\n"
                 "<table class=\"govuk-table\"><thead class=\"govuk-table__head\"><tr "
                 "class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">"
                 "Language</th><th scope=\"col\" class=\"govuk-table__header\">Drafts</th>"
                 "<th scope=\"col\" class=\"govuk-table__header\">Corrected by the school</th>"
                 "</tr></thead><tbody class=\"govuk-table__body\">\n");
    for (size_t i = 1; i < i18n_n_langs; i++) {
        const struct lang *l = &i18n_langs[i];
        struct tr t;
        int rc = load(req, l, &t);
        if (rc)
            return rc;
        size_t drafts = 0;
        for (uint32_t k = 1; t.has_cat && k < t.cat.n; k++) {
            const char *id, *str;
            bool plural;
            if (mo_at(&t.cat, k, &id, &str, &plural) == 0 && tr_is_draft(&t, id))
                drafts++;
        }
        html(&h,
             "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a "
             "class=\"govuk-link\" href=\"/translations/%s\">%s</a> (<span lang=\"%s\">%s</span>)"
             "</td><td class=\"govuk-table__cell\">%zu of %u</td>"
             "<td class=\"govuk-table__cell\">%zu</td></tr>\n",
             l->code, l->name, l->code, l->native, drafts, t.has_cat ? t.cat.n - 1 : 0, t.n_fixes);
    }
    html_raw(&h, "</tbody></table>\n");
    return page_finish(req, &h);
}

static void message_row(struct request *req, struct html *h, const struct tr *t, const char *id,
                        const char *str, bool plural)
{
    const struct lang *l = t->lang;
    const char *now = plural ? str : tr_get(t, id);
    bool fixed = !plural && strcmp(now, str) != 0;
    html(h,
         "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
         "<h2 class=\"govuk-summary-card__title\" lang=\"en\">%s</h2>",
         id);
    if (fixed)
        html_raw(h,
                 "<strong class=\"govuk-tag govuk-tag--green\">Corrected by the school</strong>");
    else if (tr_is_draft(t, id))
        html_raw(h, "<strong class=\"govuk-tag govuk-tag--yellow\">Draft: not yet checked by a "
                    "native speaker</strong>");
    html(h,
         "</div><div class=\"govuk-summary-card__content\"><p class=\"govuk-body\" lang=\"%s\" "
         "dir=\"%s\">%s</p>",
         l->code, l->rtl ? "rtl" : "ltr", now);
    if (plural) {
        html_raw(h, "<p class=\"govuk-body-s\">This message changes with a number; meso's "
                    "developers correct it in the catalogue.</p></div></div>\n");
        return;
    }
    html(h,
         "<details class=\"govuk-details\"><summary class=\"govuk-details__summary\">"
         "<span class=\"govuk-details__summary-text\">Correct this</span></summary>"
         "<div class=\"govuk-details__text\"><form method=\"post\" action=\"/translations/%s\">"
         "<input type=\"hidden\" name=\"csrf\" value=\"%s\"><input type=\"hidden\" "
         "name=\"msgid\" value=\"%s\"><div class=\"govuk-form-group\"><label "
         "class=\"govuk-label\" for=\"m-%U\">In %s</label><textarea class=\"govuk-textarea\" "
         "id=\"m-%U\" name=\"msgstr\" rows=\"2\" lang=\"%s\" dir=\"%s\">%s</textarea></div>"
         "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
         "data-module=\"govuk-button\">Save the correction</button></form></div></details>"
         "</div></div>\n",
         l->code, req->csrf ? req->csrf : "", id, id, l->name, id, l->code, l->rtl ? "rtl" : "ltr",
         now);
}

int page_translations_lang(struct request *req, struct response *res)
{
    const struct lang *l = i18n_lang(req_param(req, 0));
    if (!l || strcmp(l->code, "en") == 0 || strcmp(l->code, req_param(req, 0)) != 0)
        return ERR_NOTFOUND;
    struct tr t;
    int rc = load(req, l, &t);
    if (rc)
        return rc;
    struct html h;
    struct page pg = { .title = arena_sprintf(&req->arena, "%s: meso's words", l->name),
                       .nav = "home",
                       .back_href = "/translations" };
    page_begin(req, res, &h, &pg);
    if (req_query(req, "saved"))
        layout_banner(&h, true, "Saved", "Families now see your words for this message.");
    html_raw(&h, "<p class=\"govuk-body\">Each of meso's messages in English, then in this "
                 "language as families see it. Correct a message and families of this school "
                 "see your words from now on, also after meso is updated. Leave the box empty "
                 "to go back to meso's translation. Keep each %s: meso puts a name, a date or "
                 "a number there.</p>\n");
    for (uint32_t k = 1; t.has_cat && k < t.cat.n; k++) {
        const char *id, *str;
        bool plural;
        if (mo_at(&t.cat, k, &id, &str, &plural) == 0)
            message_row(req, &h, &t, id, str, plural);
    }
    return page_finish(req, &h);
}

int page_translations_post(struct request *req, struct response *res)
{
    const struct lang *l = i18n_lang(req_param(req, 0));
    if (!l || strcmp(l->code, "en") == 0 || strcmp(l->code, req_param(req, 0)) != 0)
        return ERR_NOTFOUND;
    struct audit_who who = audit_who_of(req);
    const char *msgid = req_form(req, "msgid");
    int rc = transfix_set(req->db, &who, req->who.school_id, l->code, msgid,
                          req_text(req, "msgstr"), &req->err);
    if (rc == ERR_INPUT) {
        struct html h;
        struct page pg = { .title = "The correction was not saved",
                           .back_href = arena_sprintf(&req->arena, "/translations/%s", l->code) };
        res->status = 422;
        page_begin(req, res, &h, &pg);
        html(&h, "<p class=\"govuk-body\">%s</p>\n", page_sentence(req, req->err.msg));
        return page_finish(req, &h);
    }
    if (rc)
        return rc;
    resp_redirect(res, arena_sprintf(&req->arena, "/translations/%s?saved=1", l->code));
    return 0;
}
