/* checklist.h - the setting-up part of the home page (model/register/
 * checklist.h): for a lead, new leads waiting for approval and, until every
 * step is done, the setup checklist, each step a link to the page that does
 * it; for an administrator, the accounts and school details. Kept apart from
 * home.c so the home page's own layout can change without touching it. */
#ifndef MESO_PAGES_CHECKLIST_H
#define MESO_PAGES_CHECKLIST_H

#include "html/html.h"
#include "http/request.h"

int checklist_home_lead(struct request *req, struct html *h);
int checklist_home_admin(struct request *req, struct html *h);

#endif
