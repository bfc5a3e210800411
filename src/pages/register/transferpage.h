/* transferpage.h - on the pupil's page, meso's record from the previous
 * school (model/register/transfer_meso.h; docs/ctf.md): shown as history,
 * clearly marked as the previous school's, read-only. */
#ifndef MESO_PAGES_TRANSFERPAGE_H
#define MESO_PAGES_TRANSFERPAGE_H

#include "http/request.h"

struct html;
struct pupil;

/* The section (nothing when no record came). Returns 0 or an error. */
int transferpage_pupil_section(struct request *req, struct html *h, const struct pupil *p);

#endif
