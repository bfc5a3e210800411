/* sardoc.h - the documents of a subject access request (`meso sar`): the
 * JSON gathered by cli/cmd_sar.c laid out as a readable PDF.
 *
 * The PDF holds everything the JSON holds: each section under a heading,
 * each record as rows of "Key  value", dates written in words ("3 March
 * 2025"), and the audit trail as a table. Nothing is left out, so staff
 * redact by hand before release (docs/sar.md).
 */
#ifndef MESO_SARDOC_H
#define MESO_SARDOC_H

#include <jansson.h>

#include "core/buf.h"
#include "core/err.h"

struct arena;

/* Write the PDF of sar (the document cmd_sar builds: "request", "pupil",
 * then one key per section) to path, mode 0600. Returns 0, ERR_NOMEM,
 * ERR_LIMIT (too many records for one document) or ERR_STORAGE, with a
 * message in e. */
int sardoc_pdf_file(const char *path, struct arena *a, json_t *sar, struct err *e);

#endif
