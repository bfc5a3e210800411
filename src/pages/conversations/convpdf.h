/* convpdf.h - the record of a structured conversation as a printable A4 PDF
 * for the family (io/pdfdoc.h): the school can hand it over or send it, and
 * a parent can download it from their page. Plain words, the parent's own
 * account first, then what was agreed, the plan, what happens next and the
 * child's own views. */
#ifndef MESO_PAGES_CONVPDF_H
#define MESO_PAGES_CONVPDF_H

#include "http/request.h"
#include "http/response.h"
#include "model/conversations/conversation.h"
#include "model/register/pupil.h"

/* Fill res with the PDF (application/pdf, as an attachment named after the
 * child and the date). Returns 0 or an error code. */
int conv_pdf_send(struct request *req, struct response *res, const struct conversation *c,
                  const struct pupil *p);

#endif
