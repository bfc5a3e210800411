#include "api/api.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/problems.h"
#include "core/str.h"
#include "view/errors.h"

void api_error(struct response *res, int status, const char *code, const char *message)
{
    json_t *doc = json_pack("{s:{s:i, s:s, s:s}}", "error", "status", status, "code", code,
                            "message", message);
    char *s = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
    resp_text(res, status, "application/json", s ? s : "{\"error\":{\"status\":500}}");
    free(s);
    json_decref(doc);
}

void api_error_status(struct response *res, int status)
{
    const struct error_text *t = error_text_for(status);
    api_error(res, status, t->code, t->title);
}

int api_send(struct response *res, int status, json_t *doc)
{
    return api_send_flags(res, status, doc, 0);
}

int api_send_flags(struct response *res, int status, json_t *doc, size_t flags)
{
    if (!doc)
        return ERR_NOMEM;
    char *s = json_dumps(doc, JSON_COMPACT | JSON_ENSURE_ASCII | flags);
    json_decref(doc);
    if (!s)
        return ERR_NOMEM;
    resp_text(res, status, "application/json", s);
    free(s);
    return 0;
}

int api_invalid(struct response *res, const struct problems *pr)
{
    json_t *fields = json_object();
    for (size_t i = 0; i < pr->n && fields; i++)
        if (pr->items[i].field && !json_object_get(fields, pr->items[i].field))
            json_object_set_new(fields, pr->items[i].field, json_string(pr->items[i].msg));
    return api_send(res, 422,
                    json_pack("{s:{s:i, s:s, s:s, s:o}}", "error", "status", 422, "code", "invalid",
                              "message", "Some fields were not valid; nothing was saved.", "fields",
                              fields ? fields : json_object()));
}

json_t *api_body(struct request *req, struct response *res)
{
    const char *text = req_form(req, "_json");
    if (!text) {
        api_error(res, 400, "bad_request",
                  "Send a JSON object with Content-Type: application/json.");
        return NULL;
    }
    json_error_t je;
    json_t *doc = json_loads(text, JSON_REJECT_DUPLICATES, &je);
    if (!doc) {
        char msg[300];
        snprintf(msg, sizeof msg, "The body is not a JSON object (line %d, column %d: %s).",
                 je.line, je.column, je.text);
        api_error(res, 400, "bad_json", msg);
        return NULL;
    }
    if (!json_is_object(doc)) {
        /* Valid JSON, so jansson gives no position (line and column are -1):
         * point at the value itself, the first character after white space. */
        int line = 1, column = 1;
        for (const char *c = text; *c == ' ' || *c == '\t' || *c == '\n' || *c == '\r'; c++) {
            column++;
            if (*c == '\n') {
                line++;
                column = 1;
            }
        }
        char msg[300];
        /* Without JSON_DECODE_ANY the only other top-level value is an array. */
        snprintf(msg, sizeof msg,
                 "The body is not a JSON object (line %d, column %d: expected '{' but found an "
                 "array).",
                 line, column);
        json_decref(doc);
        api_error(res, 400, "bad_json", msg);
        return NULL;
    }
    return doc;
}

/* One paging value: absent gives dflt; anything but a whole number in
 * [1, max] is a problem named after the parameter. */
static int page_value(const struct request *req, const char *name, long long max, int dflt,
                      struct problems *pr)
{
    const char *v = req_query(req, name);
    long long x;
    if (!v)
        return dflt;
    if (str_to_int(v, 1, max, &x) != 0) {
        problems_add(pr, name, "should be a whole number from 1 to %lld", max);
        return dflt;
    }
    return (int)x;
}

void api_page(const struct request *req, int *page, int *per_page, struct problems *pr)
{
    *page = page_value(req, "page", API_PAGE_MAX, 1, pr);
    *per_page = page_value(req, "per_page", API_PER_PAGE_MAX, API_PER_PAGE_DEFAULT, pr);
}

/* Percent-encode s for a query string (RFC 3986 unreserved kept). */
static int add_encoded(struct buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    int rc = 0;
    for (const unsigned char *c = (const unsigned char *)s; *c && rc == 0; c++) {
        if ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
            *c == '-' || *c == '.' || *c == '_' || *c == '~')
            rc = buf_addc(b, (char)*c);
        else
            rc = buf_addf(b, "%%%c%c", hex[*c >> 4], hex[*c & 15]);
    }
    return rc;
}

/* The path of another page of the same list: every query parameter of this
 * request but page and per_page, in the order given, then those two. NULL
 * (JSON null) when out of memory. */
static json_t *page_link(struct request *req, int page, int per_page)
{
    struct buf b;
    buf_init(&b, 16384);
    int rc = buf_adds(&b, req->path);
    char sep = '?';
    for (size_t i = 0; i < req->n_query && rc == 0; i++) {
        const char *k = req->query[i].key;
        if (!strcmp(k, "page") || !strcmp(k, "per_page"))
            continue;
        rc = buf_addc(&b, sep) || add_encoded(&b, k) || buf_addc(&b, '=') ||
             add_encoded(&b, req->query[i].value ? req->query[i].value : "");
        sep = '&';
    }
    if (rc == 0)
        rc = buf_addf(&b, "%cpage=%d&per_page=%d", sep, page, per_page);
    char *s = rc == 0 ? buf_detach(&b, NULL) : NULL;
    buf_release(&b);
    json_t *j = s ? json_string(s) : json_null();
    free(s);
    return j;
}

json_t *api_list(struct request *req, json_t *items, int page, int per_page, size_t total)
{
    json_t *next = json_null(), *prev = json_null();
    if ((size_t)page * (size_t)per_page < total) {
        json_decref(next);
        next = page_link(req, page + 1, per_page);
    }
    if (page > 1) {
        /* Past the end, prev is the last page that has items. */
        size_t last = total ? (total + (size_t)per_page - 1) / (size_t)per_page : 1;
        json_decref(prev);
        prev = page_link(req, (size_t)page - 1 < last ? page - 1 : (int)last, per_page);
    }
    return json_pack("{s:o, s:i, s:i, s:I, s:o, s:o}", "items", items ? items : json_array(),
                     "page", page, "per_page", per_page, "total", (json_int_t)total, "next", next,
                     "prev", prev);
}

const char *api_actor(struct request *req)
{
    return req->who.actor ? req->who.actor : "token:?";
}
