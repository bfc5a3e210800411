/* sarpage.h - a subject access request from the pupil's page, for leads
 * (issue 18 part 5; docs/sar.md): the review page, where a lead holds back
 * other people's details (a passage, a whole value or record, or a name
 * wherever it occurs), each with a reason; and the export, downloaded as one
 * ZIP file holding sar.pdf and sar.json with the redactions applied. */
#ifndef MESO_PAGES_SARPAGE_H
#define MESO_PAGES_SARPAGE_H

#include "http/request.h"
#include "http/response.h"

/* GET /pupils/{id}/sar: the review, what is held back, the export form. */
int page_sar(struct request *req, struct response *res);
/* POST /pupils/{id}/sar: the export as sar-UPN.zip (an attachment). */
int page_sar_post(struct request *req, struct response *res);
/* GET /pupils/{id}/sar/redact?path=P: the form to hold back one value. */
int page_sar_redact(struct request *req, struct response *res);
/* POST /pupils/{id}/sar/redact: record the redaction. */
int page_sar_redact_post(struct request *req, struct response *res);
/* POST /pupils/{id}/sar/redactions/{rid}/withdraw: it no longer applies. */
int page_sar_withdraw(struct request *req, struct response *res);

/* The lead's way in, on the pupil's page (nothing for anyone else). */
struct html;
struct pupil;
void sarpage_pupil_link(struct request *req, struct html *h, const struct pupil *p);

#endif
