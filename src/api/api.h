/* api.h - the JSON API under /api/v1/: bearer tokens (see `meso token add`),
 * one error object for every failure, paginated lists. Documented in
 * docs/openapi.yaml. Tokens belong to one school; everything an API call
 * sees or changes is in that school, and every read or change of a child's
 * record is written to the audit trail as "token:NAME". */
#ifndef MESO_API_H
#define MESO_API_H

#include <jansson.h>

#include "http/request.h"
#include "http/response.h"

struct problems;

/* The API's error object: {"error": {"status", "code", "message"}}; res
 * takes the JSON. */
void api_error(struct response *res, int status, const char *code, const char *message);
/* The same with the code and words meso uses for an HTTP status
 * (view/errors.h): 401 "unauthorised", 404 "not_found", ... */
void api_error_status(struct response *res, int status);

/* Send a JSON document (consumed) with a status. */
int api_send(struct response *res, int status, json_t *doc);
/* The same with more json_dumps flags (e.g. JSON_REAL_PRECISION). */
int api_send_flags(struct response *res, int status, json_t *doc, size_t flags);
/* 422 with {"error": {..., "fields": {name: message}}} from problems. */
int api_invalid(struct response *res, const struct problems *pr);
/* Parse the request's JSON body into an object; on failure res holds 400. */
json_t *api_body(struct request *req, struct response *res);
/* The paging limits docs/openapi.yaml documents. */
#define API_PAGE_MAX         1000000
#define API_PER_PAGE_MAX     500
#define API_PER_PAGE_DEFAULT 50
/* Page and page size from ?page=&per_page= (default 1 and 50). A value that
 * is not a whole number in range adds a problem under its name to pr, for a
 * 422, and the default is used. */
void api_page(const struct request *req, int *page, int *per_page, struct problems *pr);
/* {"items": [...], "page", "per_page", "total", "next", "prev"} (items
 * consumed): next and prev are the paths of the pages either side, with
 * every other query parameter of the request kept, or null. */
json_t *api_list(struct request *req, json_t *items, int page, int per_page, size_t total);
/* "token:NAME", the audit trail's name for the caller. */
const char *api_actor(struct request *req);

/* Handlers (see routes.c). */
int api_pupils_list(struct request *req, struct response *res);
int api_pupils_get(struct request *req, struct response *res);
int api_pupils_create(struct request *req, struct response *res);
int api_pupils_update(struct request *req, struct response *res);
int api_carers_list(struct request *req, struct response *res);
int api_carers_get(struct request *req, struct response *res);
int api_carers_create(struct request *req, struct response *res);
int api_carers_update(struct request *req, struct response *res);
/* Structured conversations, contacts and the conversations report
 * (api_conv.c). */
int api_conversations_list(struct request *req, struct response *res);
int api_conversations_get(struct request *req, struct response *res);
int api_contacts_list(struct request *req, struct response *res);
int api_contacts_create(struct request *req, struct response *res);
int api_report_conversations(struct request *req, struct response *res);

#endif
