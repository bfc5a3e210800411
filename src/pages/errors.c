#include "pages/errors.h"

#include "html/layout.h"
#include "pages/common.h"
#include "view/errors.h"

void page_error(struct request *req, struct response *res, int status)
{
    const struct error_text *t = error_text_for(status);
    res->status = status;
    res->content_type = "text/html; charset=utf-8";
    buf_reset(&res->body);
    struct html h;
    struct page p = { .title = t->title };
    page_begin(req, res, &h, &p);
    html(&h,
         "<p class=\"govuk-body\">%s</p>\n<p class=\"govuk-body\"><a class=\"govuk-link\" "
         "href=\"/\">Go to the home page</a></p>\n",
         t->body);
    page_finish(req, &h);
}
