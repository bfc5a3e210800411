/* convpdf.h - the record of a structured conversation as a printable A4 PDF
 * for the family (io/pdfdoc.h): the school can hand it over or send it, and
 * a parent can download it from their page. Plain words, the parent's own
 * account first, then what was agreed, the plan, what happens next and the
 * child's own views. */
#ifndef MESO_VIEW_CONVPDF_H
#define MESO_VIEW_CONVPDF_H

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/i18n.h"
#include "model/conversations/conversation.h"
#include "model/register/pupil.h"

/* Write the PDF of conversation c with pupil p, from school (its name), into
 * out, meso's words in tr's language (NULL = English; what staff typed stays
 * as typed, under a "Written by the school" label); strings come from a.
 * Returns 0 or an error code with e filled. */
int convpdf_record(struct buf *out, struct arena *a, const struct tr *tr, const char *school,
                   const struct conversation *c, const struct pupil *p, struct err *e);

/* The file name for it: "meeting-NAME-DATE.pdf", NAME only the letters and
 * digits of the child's first name ("child" when none). In a. */
const char *convpdf_filename(struct arena *a, const struct conversation *c, const struct pupil *p);

#endif
