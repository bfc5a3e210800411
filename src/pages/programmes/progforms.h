/* progforms.h - the small forms on a cohort's page (pages/programmes/
 * programmes.c): the team (add, remove), costs, quotes, follow-on meetings
 * and follow-up reading. Each goes back to the page, or shows it again with
 * the problem. */
#ifndef MESO_PAGES_PROGFORMS_H
#define MESO_PAGES_PROGFORMS_H

#include "http/request.h"
#include "http/response.h"

int page_programme_team(struct request *req, struct response *res);
int page_programme_team_remove_confirm(struct request *req, struct response *res);
int page_programme_team_remove(struct request *req, struct response *res);
int page_programme_cost(struct request *req, struct response *res);
int page_programme_quote(struct request *req, struct response *res);
int page_programme_followon(struct request *req, struct response *res);
int page_programme_reading(struct request *req, struct response *res);

#endif
