#include "pages/plainhints.h"

#include "html/html.h"
#include "model/writing/plainwords.h"

int page_plain_hints(struct request *req, struct html *h, const struct plain_field *fields,
                     size_t n)
{
    struct plain_word *words;
    size_t n_words;
    int rc = plainwords_load(req->db, &req->arena, &words, &n_words, &req->err);
    if (rc)
        return rc;
    int total = 0;
    for (size_t i = 0; i < n; i++) {
        struct plain_hint *hs;
        size_t k = plainwords_check(&req->arena, fields[i].text, words, n_words, &hs);
        if (!k)
            continue;
        if (!total)
            html_raw(h, "<div class=\"meso-plain-hints\" id=\"plain-words\">\n"
                        "<h3 class=\"govuk-heading-s\">Before you share: is it easy to read?</h3>\n"
                        "<p class=\"govuk-body\">A family may not know some of these words, or "
                        "may find a long sentence hard to follow. This is only a help: change "
                        "what you think is best, then share.</p>\n"
                        "<dl class=\"govuk-summary-list\">\n");
        html(h,
             "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s</dt>"
             "<dd class=\"govuk-summary-list__value\"><ul class=\"govuk-list "
             "govuk-list--bullet\">",
             fields[i].label);
        for (size_t j = 0; j < k; j++)
            html(h, "<li>%s</li>", plainwords_advice(&req->arena, &hs[j]));
        html_raw(h, "</ul></dd>");
        if (fields[i].href)
            html(h,
                 "<dd class=\"govuk-summary-list__actions\"><a class=\"govuk-link\" "
                 "href=\"%s\">Change<span class=\"govuk-visually-hidden\"> %s</span></a></dd>",
                 fields[i].href, fields[i].label);
        html_raw(h, "</div>\n");
        total += (int)k;
    }
    if (total)
        html_raw(h, "</dl>\n</div>\n");
    return total;
}
