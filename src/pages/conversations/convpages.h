/* convpages.h - what the structured conversation, contact and parent
 * pages share: the audit identity handed to the model, finding a
 * conversation the signed-in person may see (404 otherwise, and no "view"
 * in the audit trail for a refusal), plain labels, and text written with
 * its line breaks kept. */
#ifndef MESO_PAGES_CONVPAGES_H
#define MESO_PAGES_CONVPAGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "html/html.h"
#include "http/request.h"
#include "model/register/audit.h"
#include "model/conversations/conversation.h"
#include "model/register/pupil.h"

struct problems;

/* The signed-in person as the model's audit identity (actor and address). */
struct audit_entry conv_who(const struct request *req);

/* A conversation of a pupil the signed-in staff member may see, read in
 * full (the model audits the view), with its pupil. ERR_NOTFOUND when the
 * conversation does not exist or its pupil is not visible; nothing is read
 * or audited then. */
int conv_load_staff(struct request *req, int64_t id, struct conversation *c, struct pupil *p);

/* The same for a parent: only a record of their own child that is complete
 * and shared with the family (conversation_family_may_see). */
int conv_load_family(struct request *req, int64_t id, struct conversation *c, struct pupil *p);

/* Answer with the conversation's record as a PDF download (view/convpdf.h),
 * from the pupil's school. */
struct response;
int conv_pdf_send(struct request *req, struct response *res, const struct conversation *c,
                  const struct pupil *p);

/* The pupil's first name as the family uses it. */
const char *conv_first_name(const struct pupil *p);

/* Text with its line breaks kept, as a paragraph (class meso-multiline);
 * "Not recorded" (in grey) when blank. */
void conv_para(struct html *h, const char *text);

/* A summary-list row whose value keeps its line breaks. */
void conv_row(struct html *h, const char *key, const char *value);

/* Plain labels. */
const char *conv_status_label(const char *status);        /* "Draft", "Complete", "Arranged" */
const char *conv_target_status_label(const char *status); /* "Making progress" ... */
const char *conv_owner_label(const char *owner);          /* "School", "Parent or carer", "Pupil" */

/* Messages from a model validator, from index `from` on, made into
 * sentences (a capital first letter) for a form. */
void conv_sentences(struct request *req, struct problems *pr, size_t from);

/* Keep only the first problem for each field (a form's own check and the
 * model's may both complain about the same field). */
void conv_dedupe(struct problems *pr);

/* Today as YYYY-MM-DD (MESO_TODAY when set) into out[11]. */
void conv_today(char out[11]);

/* True when the form field (a checkbox) was sent as "yes". */
bool conv_checked(struct request *req, const char *name);

/* "/conversations/{id}" followed by rest (may be NULL), in the request's arena. */
const char *conv_href(struct request *req, int64_t id, const char *rest);
/* The views a parent gave before the meeting, one inset box each. */
void conv_views_box(struct request *req, struct html *h, const struct parent_view *vs, size_t n);
/* A conversation's targets as a table; with review_links, each has a link
 * to review it. */
void conv_target_table(struct request *req, struct html *h, const struct conversation *c,
                       bool review_links);

#endif
