/* common.h - what every page handler shares: starting and finishing a page
 * through the layout, reading ids from the path, finding a pupil or carer
 * the signed-in person may see (404 otherwise), the audit trail, and dates
 * written the way people read them. */
#ifndef MESO_PAGES_COMMON_H
#define MESO_PAGES_COMMON_H

#include <stdbool.h>
#include <stdint.h>

#include "html/html.h"
#include "html/layout.h"
#include "http/request.h"
#include "http/response.h"
#include "model/register/audit.h"

struct pupil;
struct carer;

/* Who the layout draws the page for: the signed-in person's name, the
 * sign-out form's token and the navigation their roles open. */
struct layout_who page_who(const struct request *req);

/* Start a page: h writes into res->body; the layout's header is written. */
void page_begin(struct request *req, struct response *res, struct html *h, const struct page *p);
/* Finish it: the footer; returns h's error (0 when all went well). */
int page_finish(struct request *req, struct html *h);

/* The n-th {param} as a positive id, or 0. */
int64_t page_id(const struct request *req, size_t n);

/* The pupil with this id if the signed-in person may see it; ERR_NOTFOUND
 * otherwise (the same answer as for a pupil that does not exist). */
int page_pupil(struct request *req, int64_t id, struct pupil *out);
/* The same for a carer (seen through one of their children). */
int page_carer(struct request *req, int64_t id, struct carer *out);

/* The signed-in person as the model's audit identity: actor, address and
 * school, for model functions that write the audit trail themselves. */
struct audit_entry page_actor(const struct request *req);

/* Append to the audit trail as the signed-in person, from their address. */
int page_audit(struct request *req, const char *action, const char *entity, int64_t entity_id,
               int64_t pupil_id, const char *detail);

/* A model message as a sentence for the page: its first letter capitalised
 * (models write "the surname is missing" to fit after "FILE:LINE: COLUMN: "). */
const char *page_sentence(struct request *req, const char *msg);
/* The same for every problem from index from on. */
struct problems;
void page_sentences(struct request *req, struct problems *pr, size_t from);

/* The language of a letter or PDF (docs/i18n.md): ?lang= when given, else the
 * parent's own when a parent asks, else the carer's recorded language, else
 * English. In the request's arena; NULL (English) on no memory. */
const struct tr *page_doc_tr(struct request *req, int64_t carer_id);
/* "14 March 2017" from "2017-03-14" (the input itself when it is not a date),
 * in the request's language. */
const char *page_date(struct request *req, const char *iso);

/* Answer 200 with a document (a PDF, a picture, a CSV) built in b, which is
 * released: shown in the browser (inline) or saved (attachment) under
 * filename. Returns 0 or an error code. */
struct buf;
int page_send_document(struct request *req, struct response *res, struct buf *b, const char *type,
                       bool attachment, const char *filename);

/* True when the person may change pupil records (leads, and the key teacher
 * or family worker who can see them). */
bool page_can_edit(const struct request *req);
bool page_is_lead(const struct request *req);

#endif
