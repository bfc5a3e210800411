#include "html/layout.h"

#include <string.h>

#include "http/request.h"
#include "http/router.h"

struct nav_item {
    const char *key, *href, *label;
    unsigned roles; /* who sees it (router R_* bits); R_PARENT for parents */
};

static const struct nav_item nav_items[] = {
    { "home", "/", "Home", R_ANYONE_SIGNED_IN },
    { "pupils", "/pupils", "Pupils", R_STAFF },
    { "audit", "/audit", "Audit trail", R_LEAD },
    { "accounts", "/accounts", "Accounts", R_ADMIN },
};

static bool sees(const struct who *w, unsigned roles)
{
    if (!w->account_id || w->second_factor_pending)
        return false;
    if (w->parent)
        return (roles & R_PARENT) != 0;
    return (roles & w->roles) != 0;
}

void layout_start(struct html *h, const struct request *req, const struct page *p)
{
    const struct who *w = &req->who;
    html(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\" class=\"govuk-template\">\n<head>\n"
        "<meta charset=\"utf-8\">\n<title>%s – meso</title>\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1, viewport-fit=cover\">\n"
        "<meta name=\"theme-color\" content=\"#0b4f5c\">\n"
        "<link rel=\"icon\" href=\"/assets/favicon.svg\" type=\"image/svg+xml\">\n"
        "<link rel=\"stylesheet\" href=\"/assets/meso.css\">\n</head>\n"
        "<body class=\"govuk-template__body\">\n"
        "<a href=\"#main-content\" class=\"govuk-skip-link\" data-module=\"govuk-skip-link\">Skip to main content</a>\n"
        "<header class=\"govuk-header meso-header\" data-module=\"govuk-header\">\n"
        "<div class=\"govuk-header__container govuk-width-container\">\n"
        "<div class=\"govuk-header__logo\"><a href=\"/\" class=\"govuk-header__link govuk-header__link--homepage meso-wordmark\">meso</a></div>\n",
        p->title);
    if (w->account_id && !w->second_factor_pending) {
        html(
            h,
            "<div class=\"govuk-header__content meso-header__account\">"
            "<span class=\"meso-header__name\">%s</span>"
            "<form method=\"post\" action=\"/sign-out\" class=\"meso-sign-out\">"
            "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
            "<button type=\"submit\" class=\"govuk-header__link meso-link-button\">Sign out</button>"
            "</form></div>\n",
            w->name ? w->name : "", req->csrf ? req->csrf : "");
    }
    html_raw(h, "</div>\n</header>\n");
    bool any = false;
    for (size_t i = 0; i < sizeof nav_items / sizeof nav_items[0]; i++)
        any |= sees(w, nav_items[i].roles);
    if (any) {
        html_raw(
            h,
            "<nav class=\"govuk-service-navigation meso-nav\" aria-label=\"Menu\">"
            "<div class=\"govuk-width-container\"><ul class=\"govuk-service-navigation__list\">");
        for (size_t i = 0; i < sizeof nav_items / sizeof nav_items[0]; i++) {
            const struct nav_item *n = &nav_items[i];
            if (!sees(w, n->roles))
                continue;
            bool current = p->nav && strcmp(p->nav, n->key) == 0;
            html(h,
                 "<li class=\"govuk-service-navigation__item%s\">"
                 "<a class=\"govuk-service-navigation__link\" href=\"%s\"%s>%s</a></li>",
                 current ? " govuk-service-navigation__item--active" : "", n->href,
                 current ? " aria-current=\"page\"" : "", n->label);
        }
        html_raw(h, "</ul></div></nav>\n");
    }
    html_raw(h, "<div class=\"govuk-width-container\">\n");
    if (p->back_href)
        html(h, "<a href=\"%s\" class=\"govuk-back-link\">Back</a>\n", p->back_href);
    html_raw(h, "<main class=\"govuk-main-wrapper\" id=\"main-content\">\n");
    if (!p->no_h1) {
        if (p->caption)
            html(h, "<span class=\"govuk-caption-l\">%s</span>\n", p->caption);
        html(h, "<h1 class=\"govuk-heading-l\">%s</h1>\n", p->title);
    }
}

void layout_end(struct html *h, const struct request *req)
{
    (void)req;
    html_raw(
        h,
        "</main>\n</div>\n"
        "<footer class=\"govuk-footer\"><div class=\"govuk-width-container\">"
        "<div class=\"govuk-footer__meta\"><div class=\"govuk-footer__meta-item govuk-footer__meta-item--grow\">"
        "<p class=\"govuk-body-s\">meso keeps one record for each child, shared by home and school. "
        "Everything you see here is private to the people who work with your child.</p>"
        "</div></div></div></footer>\n"
        "<script type=\"module\" src=\"/assets/app.js\"></script>\n</body>\n</html>\n");
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
