/* transfer_record.h - meso's own record of a child, as sent to a school
 * that uses meso in the CTF's MesoTransfer block (io/ctf.h; docs/ctf.md,
 * "Sending meso's record"): the conversations shared with the family (not
 * the others), their targets, provision with its reviews, measures and
 * outcomes, and programme participation; never contacts, stories, notes
 * about other people or the audit trail. Gathered as the subject access
 * export is (view/sar.h), so the reads are audited. */
#ifndef MESO_VIEW_TRANSFER_RECORD_H
#define MESO_VIEW_TRANSFER_RECORD_H

#include "view/sar.h"

/* The record's JSON text into *out (in s->arena), with consent (the
 * family's agreement in words) inside it. */
int transfer_record_json(const struct sar_source *s, const char *consent, const char **out);

#endif
