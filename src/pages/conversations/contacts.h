/* contacts.h - the home-school contact log in the web pages: a quick
 * "Record a contact" form on the pupil's page (three required fields:
 * the date, already today; how; and what it was about. Who started it
 * defaults to the school and the carer to the first contact), the form on
 * its own page (for messages beside the fields), and the family's contact
 * history with its figures and gentle prompts. Staff only; pupils the
 * person may not see are 404. */
#ifndef MESO_PAGES_CONTACTS_H
#define MESO_PAGES_CONTACTS_H

#include "html/html.h"
#include "http/request.h"
#include "http/response.h"
#include "model/register/pupil.h"

int page_contacts(struct request *req, struct response *res);
int page_contact_new(struct request *req, struct response *res);
int page_contact_create(struct request *req, struct response *res);

/* The pupil page's section: the family's figures and prompts, the quick
 * form, and links to the history and the conversations. Returns 0 or an
 * error code (reading the contacts is audited). */
int contacts_pupil_section(struct request *req, struct html *h, const struct pupil *p);

#endif
