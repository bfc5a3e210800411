#include "pages/home.h"

#include "html/layout.h"

int page_health(struct request *req, struct response *res)
{
    (void)req;
    resp_text(res, 200, "text/plain; charset=utf-8", "ok\n");
    return 0;
}

int page_home(struct request *req, struct response *res)
{
    struct html h;
    html_init(&h, &res->body);
    struct page p = { .title = "Home", .nav = "home" };
    layout_start(&h, req, &p);
    html(&h, "<p class=\"govuk-body\">Welcome, %s.</p>\n", req->who.name ? req->who.name : "");
    layout_end(&h, req);
    return h.err;
}
