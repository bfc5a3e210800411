/* sardoc.h - the documents of a subject access request (`meso sar`): the
 * JSON gathered by cli/cmd_sar.c laid out as a readable PDF.
 *
 * The PDF holds what the JSON holds: each section under a heading, each
 * record as rows of "Key  value", dates written in words ("3 March 2025"),
 * and the audit trail as a table of when, who, what and detail (the JSON
 * alone keeps each row's record number and client address). What a lead
 * held back (view/sar.c applies it) reads "[redacted]", and the list of
 * redactions follows the request: where, what, why, by whom and when.
 */
#ifndef MESO_SARDOC_H
#define MESO_SARDOC_H

#include <jansson.h>

#include "core/buf.h"
#include "core/err.h"

struct arena;

/* The audit rows the PDF lists, newest first (a block each, within
 * pdfdoc's limit); it says how many more the JSON holds. */
#define SARDOC_AUDIT_MAX 5000

/* Write the PDF of sar (the document cmd_sar builds: "request", "pupil",
 * then one key per section) to path, mode 0600. Returns 0, ERR_NOMEM,
 * ERR_LIMIT (too many records for one document) or ERR_STORAGE, with a
 * message in e. */
int sardoc_pdf_file(const char *path, struct arena *a, json_t *sar, struct err *e);

/* The same PDF into out (appended). */
int sardoc_pdf_buf(struct buf *out, struct arena *a, json_t *sar, struct err *e);

#endif
