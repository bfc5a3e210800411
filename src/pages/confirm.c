#include "pages/confirm.h"

#include "html/form.h"
#include "pages/common.h"

int page_confirm(struct request *req, struct response *res, const struct confirm *c)
{
    struct html h;
    struct page pg = {
        .title = c->title, .caption = c->caption, .nav = c->nav, .back_href = c->cancel_href
    };
    page_begin(req, res, &h, &pg);
    html(&h,
         "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" "
         "aria-hidden=\"true\">!</span><strong class=\"govuk-warning-text__text\">"
         "<span class=\"govuk-visually-hidden\">Warning</span> %s</strong></div>\n",
         c->what);
    if (c->kept)
        html(&h, "<p class=\"govuk-body\">%s</p>\n", c->kept);
    form_start(&h, c->action, req->csrf);
    for (size_t i = 0; i < c->n_fields; i++)
        html(&h, "<input type=\"hidden\" name=\"%s\" value=\"%s\">\n", c->fields[i][0],
             c->fields[i][1]);
    html(&h,
         "<div class=\"govuk-button-group\"><button type=\"submit\" class=\"govuk-button "
         "govuk-button--warning\" data-module=\"govuk-button\">%s</button>"
         "<a class=\"govuk-link\" href=\"%s\">No, go back</a></div>\n",
         c->button, c->cancel_href);
    form_end(&h);
    return page_finish(req, &h);
}
