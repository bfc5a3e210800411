/* pupil_glance.h - the summary that opens a pupil's page: the key teacher,
 * the next conversation, open targets and the provision the child has now
 * (model/conversations/pupilsummary.h has the definitions). */
#ifndef MESO_PAGES_PUPIL_GLANCE_H
#define MESO_PAGES_PUPIL_GLANCE_H

#include "html/html.h"
#include "http/request.h"
#include "model/conversations/pupilsummary.h"
#include "model/register/pupil.h"

/* Write the summary card for p from s (read with pupilsummary_read). */
void pupil_glance(struct request *req, struct html *h, const struct pupil *p,
                  const struct pupilsummary *s);

#endif
