/* progenrol.h - enrolling pupils in a cohort (finding them, enrolling),
 * changing an enrolment (consent, hub, parent, leaving), and each family's
 * invitation letter (PDF). */
#ifndef MESO_PAGES_PROGENROL_H
#define MESO_PAGES_PROGENROL_H

#include "html/html.h"
#include "http/request.h"
#include "http/response.h"
#include "model/provision/provision.h"

/* The pupils matching q (within the person's scope), each with an Enrol
 * button posting to BASE/{id}/enrol (with consent, when not NULL), or
 * marked as enrolled in p. Audited as a list of pupils. */
int progpage_enrol_results(struct request *req, struct html *h, const struct provision *p,
                           const char *q, const char *base, const char *consent);
int page_programme_enrol(struct request *req, struct response *res);
int page_programme_enrol_post(struct request *req, struct response *res);
int page_enrolment_edit(struct request *req, struct response *res);
int page_enrolment_update(struct request *req, struct response *res);
int page_invitation_pdf(struct request *req, struct response *res);

#endif
