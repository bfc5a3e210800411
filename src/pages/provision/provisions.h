/* provisions.h - the pages of every provision a school runs (interventions,
 * strategies and programme cohorts alike): the list, adding one, its page
 * (details, the pupils taking part with links to review them, the
 * framework components it is mapped to), changing it, mapping it onto the
 * chosen frameworks' components, and enrolling a pupil.
 *
 * Who may use them: leads list, add, change, map and enrol; staff on a
 * provision's team see its page (model/access.h: access_provision_visible);
 * anyone else gets 404. A programme cohort links to its programme page,
 * where its sessions are run.
 */
#ifndef MESO_PAGES_PROVISIONS_H
#define MESO_PAGES_PROVISIONS_H

#include "http/request.h"
#include "http/response.h"

int page_provisions(struct request *req, struct response *res);
int page_provision_new(struct request *req, struct response *res);
int page_provision_create(struct request *req, struct response *res);
int page_provision_show(struct request *req, struct response *res);
int page_provision_edit(struct request *req, struct response *res);
int page_provision_update(struct request *req, struct response *res);
int page_provision_components(struct request *req, struct response *res);
int page_provision_enrol(struct request *req, struct response *res);
int page_provision_enrol_post(struct request *req, struct response *res);

#endif
