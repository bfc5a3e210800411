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
 * gets 404.
 *
 * The programme pages are split by what they do: this file has the list and
 * a cohort's page; prognew.h starting one, progforms.h the small forms on a
 * cohort's page, progenrol.h enrolments and invitations, progreport_page.h
 * the report, progsession.h a session, stories.h the stories. */
#ifndef MESO_PAGES_PROGRAMMES_H
#define MESO_PAGES_PROGRAMMES_H

#include <stdbool.h>

#include "http/request.h"
#include "http/response.h"
#include "core/problems.h"
#include "model/programmes/progtemplate.h"
#include "model/register/audit.h"
#include "model/provision/provision.h"

int page_programmes(struct request *req, struct response *res);
int page_programme_show(struct request *req, struct response *res);

/* For the session pages (pages/progsession.c): the cohort numbered by the
 * first {param}, if the signed-in person may see it (ERR_NOTFOUND
 * otherwise), with its template. *can_manage is true for leads. */
int progpage_load(struct request *req, struct provision *p, struct progtemplate *t,
                  bool *can_manage);
/* What a programme form handler starts from (progpage_form_begin). */
struct progpage_form {
    struct provision p;
    struct progtemplate t;
    bool manage;            /* a lead: may set the cohort up */
    struct problems pr;     /* empty, in the request's arena */
    struct audit_entry who; /* the signed-in person, for audit rows */
};
/* The opening of every programme form handler: the cohort of the first
 * {param} (progpage_load), ERR_DENIED when need_manage and the signed-in
 * person is not a lead, an empty problem list and the audit actor. Returns
 * 0 or the error to return. */
int progpage_form_begin(struct request *req, struct progpage_form *f, bool need_manage);
/* The school's name, for documents. */
const char *progpage_school(struct request *req);
/* Send a PDF built into b as the response (b is released). */
int progpage_send_pdf(struct request *req, struct response *res, struct buf *b,
                      const char *filename);

/* ---- shared by the programme pages (pages/programmes/prog*.c) ---- */
struct html;
struct problems;
/* The signed-in person as the actor of audit rows. */
struct audit_entry progpage_who(struct request *req);
/* A model error "field: message" (req->err) as a problem by field (else
 * under fallback). */
void progpage_model_problem(struct request *req, struct problems *pr, const char *fallback);
/* "families" or "pupils", as the template counts them (capitalised if asked). */
const char *progpage_people_word(const struct progtemplate *t, bool capital);
/* One row of a GOV.UK summary list ("Not recorded" when value is empty). */
void progpage_summary_row(struct html *h, const char *key, const char *value);
/* Pence as money ("£12.50"), in the request's arena. */
const char *progpage_money(struct request *req, int64_t pence);
/* The date typed into form field name, as ISO into out ("" when empty);
 * false, with a problem naming what, when it is missing but required or
 * not a real date. */
bool progpage_date_field(struct request *req, const char *name, char out[11], bool required,
                         struct problems *pr, const char *what);
/* A cohort's page, with the problems of a form on it (pr may be NULL). */
int progpage_show(struct request *req, struct response *res, struct provision *p,
                  const struct progtemplate *t, bool manage, const struct problems *pr);

#endif
