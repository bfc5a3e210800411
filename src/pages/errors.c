#include "pages/errors.h"

#include <jansson.h>
#include <stdlib.h>

#include "html/layout.h"

struct error_text {
    int status;
    const char *code;  /* for the API */
    const char *title; /* for people */
    const char *body;
};

static const struct error_text texts[] = {
    { 400, "bad_request", "Sorry, we could not read that",
      "Something in the request was not in the form we expected. Go back and try again." },
    { 401, "unauthorised", "Please sign in", "You need to sign in to see this." },
    { 403, "forbidden", "You cannot do this",
      "You do not have access to this, or the form you sent was too old. Go back, refresh the "
      "page and try again. If you think you should have access, ask your school's meso lead." },
    { 404, "not_found", "Page not found",
      "We could not find this page. Check the address, or go back to the home page." },
    { 405, "method_not_allowed", "Sorry, that did not work",
      "This page cannot be used in that way. Go back and try again." },
    { 413, "too_large", "That was too much to send",
      "What you sent was larger than meso accepts. Try a smaller file or shorter text." },
    { 500, "server_error", "Sorry, something went wrong",
      "We could not finish this. Nothing was changed. Please try again in a few minutes." },
    { 503, "unavailable", "Sorry, meso is busy", "Please try again in a few minutes." },
};

void api_error(struct response *res, int status, const char *code, const char *message)
{
    json_t *doc = json_pack("{s:{s:i, s:s, s:s}}", "error", "status", status, "code", code,
                            "message", message);
    char *s = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
    resp_text(res, status, "application/json", s ? s : "{\"error\":{\"status\":500}}");
    free(s);
    json_decref(doc);
}

void page_error(struct request *req, struct response *res, int status, bool api)
{
    const struct error_text *t = &texts[6]; /* 500 */
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (texts[i].status == status)
            t = &texts[i];
    if (api) {
        api_error(res, status, t->code, t->title);
        return;
    }
    res->status = status;
    res->content_type = "text/html; charset=utf-8";
    buf_reset(&res->body);
    struct html h;
    html_init(&h, &res->body);
    struct page p = { .title = t->title };
    layout_start(&h, req, &p);
    html(&h,
         "<p class=\"govuk-body\">%s</p>\n<p class=\"govuk-body\"><a class=\"govuk-link\" "
         "href=\"/\">Go to the home page</a></p>\n",
         t->body);
    layout_end(&h, req);
}
