#include "html/layout.h"

#include <string.h>

struct nav_item {
    const char *key, *href, *label;
    unsigned roles; /* who sees it (LAYOUT_* bits) */
};

static const struct nav_item nav_items[] = {
    { "home", "/", N_("Home"), LAYOUT_SIGNED_IN & ~LAYOUT_LA },
    { "la", "/la", "Schools", LAYOUT_LA },
    { "pupils", "/pupils", "Pupils", LAYOUT_STAFF },
    { "screening", "/screening", "Screening", LAYOUT_STAFF },
    { "conversations", "/conversations", "Conversations", LAYOUT_STAFF },
    { "programmes", "/programmes", "Programmes", LAYOUT_STAFF },
    { "provision", "/provision", "Provision map", LAYOUT_LEAD },
    { "stories", "/stories", N_("Stories"), LAYOUT_PARENT },
    { "audit", "/audit", "Audit trail", LAYOUT_LEAD },
    { "accounts", "/accounts", "Accounts", LAYOUT_ADMIN },
};

static bool sees(const struct layout_who *who, unsigned roles)
{
    return (roles & who->roles & LAYOUT_SIGNED_IN) != 0;
}

void layout_start(struct html *h, const struct layout_who *who, const struct page *p)
{
    const struct tr *tr = who->tr;
    const struct lang *lang = tr && tr->lang ? tr->lang : &i18n_langs[0];
    html(
        h,
        "<!DOCTYPE html>\n<html lang=\"%s\" dir=\"%s\" class=\"govuk-template govuk-template--rebranded\">\n"
        "<head>\n<meta charset=\"utf-8\">\n<title>%s – meso</title>\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1, viewport-fit=cover\">\n"
        "<meta name=\"theme-color\" content=\"#0b4f4a\">\n"
        "<link rel=\"icon\" href=\"/assets/favicon.svg\" type=\"image/svg+xml\">\n"
        "<link rel=\"stylesheet\" href=\"/assets/meso.css\">\n"
        "<script type=\"module\" src=\"/assets/app.js\"></script>\n</head>\n"
        "<body class=\"govuk-template__body\">\n"
        "<a href=\"#main-content\" class=\"govuk-skip-link\" data-module=\"govuk-skip-link\">%s</a>\n"
        "<header class=\"meso-header\">\n<div class=\"govuk-width-container meso-header__container\">\n"
        "<a class=\"meso-header__wordmark\" href=\"/\" lang=\"en\" dir=\"ltr\">meso</a>\n",
        strcmp(lang->code, "en") == 0 ? "en-GB" : lang->code, lang->rtl ? "rtl" : "ltr", p->title,
        _(tr, "Skip to main content"));
    if (who->signed_in) {
        html(h,
             "<div class=\"meso-header__account\"><span class=\"meso-header__user\">%s</span>"
             "<form class=\"meso-header__form\" method=\"post\" action=\"/sign-out\">"
             "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
             "<button class=\"meso-header__button\" type=\"submit\">%s</button>"
             "</form></div>\n",
             who->name ? who->name : "", who->csrf ? who->csrf : "", _(tr, "Sign out"));
    }
    html_raw(h, "</div>\n</header>\n");
    bool any = false;
    for (size_t i = 0; i < sizeof nav_items / sizeof nav_items[0]; i++)
        any |= sees(who, nav_items[i].roles);
    if (any) {
        html(
            h,
            "<div class=\"govuk-service-navigation\" data-module=\"govuk-service-navigation\">"
            "<div class=\"govuk-width-container\"><div class=\"govuk-service-navigation__container\">"
            "<nav aria-label=\"%s\" class=\"govuk-service-navigation__wrapper\">"
            "<button type=\"button\" class=\"govuk-service-navigation__toggle "
            "govuk-js-service-navigation-toggle\" aria-controls=\"navigation\" hidden "
            "aria-hidden=\"true\">%s</button>"
            "<ul class=\"govuk-service-navigation__list\" id=\"navigation\">\n",
            _(tr, "Menu"), _(tr, "Menu"));
        for (size_t i = 0; i < sizeof nav_items / sizeof nav_items[0]; i++) {
            const struct nav_item *n = &nav_items[i];
            if (!sees(who, n->roles))
                continue;
            bool current = p->nav && strcmp(p->nav, n->key) == 0;
            if (current)
                html(
                    h,
                    "<li class=\"govuk-service-navigation__item govuk-service-navigation__item--active\">"
                    "<a class=\"govuk-service-navigation__link\" href=\"%s\" aria-current=\"true\">"
                    "<strong class=\"govuk-service-navigation__active-fallback\">%s</strong></a></li>\n",
                    n->href, tr_get(tr, n->label));
            else
                html(
                    h,
                    "<li class=\"govuk-service-navigation__item\"><a class=\"govuk-service-navigation__link\" "
                    "href=\"%s\">%s</a></li>\n",
                    n->href, tr_get(tr, n->label));
        }
        html_raw(h, "</ul></nav></div></div></div>\n");
    }
    html_raw(h, "<div class=\"govuk-width-container\">\n");
    /* Before <main>, as GOV.UK places it, but inside a landmark of its own so that
     * nothing on the page sits outside one. */
    if (p->back_href)
        html(h, "<nav aria-label=\"%s\"><a href=\"%s\" class=\"govuk-back-link\">%s</a></nav>\n",
             _(tr, "Back"), p->back_href, _(tr, "Back"));
    html(h,
         "<main class=\"govuk-main-wrapper\" id=\"main-content\">\n"
         "<p class=\"meso-print-only govuk-body-s\">%s</p>\n",
         _(tr, "Printed from meso. This page is about a child: keep it safe."));
    if (!p->no_h1) {
        if (p->caption)
            html(h, "<span class=\"govuk-caption-l\">%s</span>\n", p->caption);
        html(h, "<h1 class=\"govuk-heading-l\">%s</h1>\n", p->title);
    }
}

void layout_end(struct html *h, const struct tr *tr)
{
    html(h,
         "</main>\n</div>\n"
         "<footer class=\"meso-footer\"><div class=\"govuk-width-container\">"
         "<p class=\"meso-footer__meta\">%s</p>"
         "</div></footer>\n</body>\n</html>\n",
         _(tr, "meso keeps one record for each child, shared by home and school. What you see "
               "here is private to the people who work with the child."));
}

void layout_banner(struct html *h, bool success, const char *title, const char *text)
{
    html(
        h,
        "<div class=\"govuk-notification-banner%s\" role=\"%s\" aria-labelledby=\"banner-title\" "
        "data-module=\"govuk-notification-banner\"><div class=\"govuk-notification-banner__header\">"
        "<h2 class=\"govuk-notification-banner__title\" id=\"banner-title\">%s</h2></div>"
        "<div class=\"govuk-notification-banner__content\"><p class=\"govuk-notification-banner__heading\">%s</p>"
        "</div></div>\n",
        success ? " govuk-notification-banner--success" : "", success ? "alert" : "region", title,
        text);
}
