/* pupilprov.h (pages) - each pupil's provision: the page and the PDF (every
 * provision the child has had, with dates, tier, attendance or dosage and
 * reviews; and the services outside the school), the form to review the
 * pupil's outcome in a provision, and adding and updating the involvement
 * of an outside service. Also the "Provision and outside services" section
 * of the pupil's own page.
 *
 * Who may use them: staff who may see the pupil (model/access.h, through
 * page_pupil); 404 otherwise, exactly as for a pupil who does not exist. The
 * reviewer is the signed-in member of staff. Reads and changes are audited
 * by the model (pupilprov_build, provision_for_pupil, review_add,
 * involvement_*).
 */
#ifndef MESO_PAGES_PUPILPROV_H
#define MESO_PAGES_PUPILPROV_H

#include "html/html.h"
#include "http/request.h"
#include "http/response.h"

struct pupil;

int page_pupil_provision(struct request *req, struct response *res);
int page_pupil_provision_pdf(struct request *req, struct response *res);
int page_review_new(struct request *req, struct response *res);
int page_review_create(struct request *req, struct response *res);
int page_involvement_new(struct request *req, struct response *res);
int page_involvement_create(struct request *req, struct response *res);
int page_involvement_edit(struct request *req, struct response *res);
int page_involvement_update(struct request *req, struct response *res);

/* The pupil page's section (not audited: the pupil page's own view row
 * covers it). */
int pupilprov_pupil_section(struct request *req, struct html *h, const struct pupil *p);

#endif
