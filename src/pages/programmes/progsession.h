/* progsession.h - one session of a programme cohort, for staff: who came
 * (each family's child and parent, one hub at a time for FAST), the
 * session's fidelity checklist (the template's agenda), notes, moving or
 * cancelling it, and for Story Links the story written in it (typed, or
 * uploaded as a plain-text file); and a child's booklet of stories (PDF).
 * Access as pages/programmes.h: the team and leads. */
#ifndef MESO_PAGES_PROGSESSION_H
#define MESO_PAGES_PROGSESSION_H

#include "http/request.h"
#include "http/response.h"

int page_session(struct request *req, struct response *res);
int page_session_post(struct request *req, struct response *res);
int page_story_post(struct request *req, struct response *res);
int page_booklet_pdf(struct request *req, struct response *res);

#endif
