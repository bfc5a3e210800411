/* conv_home.h - the structured conversations part of the home page.
 *
 * For a key teacher: conversations due this term, those still to hold from
 * earlier terms, records not yet shared with the family, drafts, and gentle
 * prompts about contact with families. For a lead: the school year's
 * figures for the whole school and for each key teacher (pupils in scope
 * with 0, 1, 2 and 3 or more conversations, mean fidelity, how often
 * parents took part in target reviews, the share of positive contacts and
 * the ways families were contacted). The wording describes what to do
 * next; it never blames a family or a teacher. */
#ifndef MESO_PAGES_CONV_HOME_H
#define MESO_PAGES_CONV_HOME_H

#include "html/html.h"
#include "http/request.h"

/* Each writes its section into h; 0 or an error code. */
int conv_home_teacher(struct request *req, struct html *h);
int conv_home_lead(struct request *req, struct html *h);

#endif
