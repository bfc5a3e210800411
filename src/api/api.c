#include "api/api.h"

#include <stdlib.h>
#include <string.h>

#include "core/problems.h"
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
    if (!doc)
        return ERR_NOMEM;
    char *s = json_dumps(doc, JSON_COMPACT | JSON_ENSURE_ASCII);
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

void api_page(const struct request *req, int *page, int *per_page)
{
    *page = (int)req_query_long(req, "page", 1, 1000000, 1);
    *per_page = (int)req_query_long(req, "per_page", 1, 500, 50);
}

json_t *api_list(struct request *req, json_t *items, int page, int per_page, size_t total)
{
    json_t *next = json_null();
    if ((size_t)page * (size_t)per_page < total) {
        char *u =
            arena_sprintf(&req->arena, "%s?page=%d&per_page=%d", req->path, page + 1, per_page);
        next = u ? json_string(u) : json_null();
    }
    return json_pack("{s:o, s:i, s:i, s:I, s:o}", "items", items ? items : json_array(), "page",
                     page, "per_page", per_page, "total", (json_int_t)total, "next", next);
}

const char *api_actor(struct request *req)
{
    return req->who.actor ? req->who.actor : "token:?";
}
