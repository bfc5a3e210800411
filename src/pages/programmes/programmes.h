/* programmes.h - the pages of family programmes for staff: the list of
 * cohorts, starting one from a template, a cohort's page (its details,
 * warnings, team, families with their dosage, sessions, costs, quotes,
 * follow-on meetings and follow-up reading), enrolling a pupil and changing
 * an enrolment (consent, hub, parent, leaving), each family's invitation
 * letter (PDF), and the programme report (page and PDF).
 *
 * Who may use them: leads see every cohort and set them up (start, team,
 * enrolments, costs); teachers and practitioners see the cohorts whose team
 * they are on (model/access.h: access_provision_visible) and record
 * sessions, stories, reading, follow-on meetings and quotes. Anyone else
 * gets 404. */
#ifndef MESO_PAGES_PROGRAMMES_H
#define MESO_PAGES_PROGRAMMES_H

#include <stdbool.h>

#include "http/request.h"
#include "http/response.h"
#include "model/programmes/progtemplate.h"
#include "model/provision/provision.h"

int page_programmes(struct request *req, struct response *res);
int page_programme_new(struct request *req, struct response *res);
int page_programme_create(struct request *req, struct response *res);
int page_programme_show(struct request *req, struct response *res);
int page_programme_team(struct request *req, struct response *res);
int page_programme_team_remove_confirm(struct request *req, struct response *res);
int page_programme_team_remove(struct request *req, struct response *res);
int page_programme_enrol(struct request *req, struct response *res);
int page_programme_enrol_post(struct request *req, struct response *res);
int page_enrolment_edit(struct request *req, struct response *res);
int page_enrolment_update(struct request *req, struct response *res);
int page_invitation_pdf(struct request *req, struct response *res);
int page_programme_cost(struct request *req, struct response *res);
int page_programme_quote(struct request *req, struct response *res);
int page_programme_followon(struct request *req, struct response *res);
int page_programme_reading(struct request *req, struct response *res);
int page_programme_report(struct request *req, struct response *res);
int page_programme_report_pdf(struct request *req, struct response *res);
int page_programme_families_pdf(struct request *req, struct response *res);

/* For the session pages (pages/progsession.c): the cohort numbered by the
 * first {param}, if the signed-in person may see it (ERR_NOTFOUND
 * otherwise), with its template. *can_manage is true for leads. */
int progpage_load(struct request *req, struct provision *p, struct progtemplate *t,
                  bool *can_manage);
/* The school's name, for documents. */
/* The pupils matching q (within the person's scope), each with an Enrol
 * button posting to BASE/{id}/enrol (with consent, when not NULL), or
 * marked as enrolled in p. Audited as a list of pupils. */
struct html;
int progpage_enrol_results(struct request *req, struct html *h, const struct provision *p,
                           const char *q, const char *base, const char *consent);
const char *progpage_school(struct request *req);
/* Send a PDF built into b as the response (b is released). */
int progpage_send_pdf(struct request *req, struct response *res, struct buf *b,
                      const char *filename);

#endif
