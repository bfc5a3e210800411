/* progreport_page.h - the programme report: the page (recruitment,
 * attendance, fidelity, before and after, stories, quotes, costs), the
 * report PDF for governors (it names no child) and each family's
 * attendance (PDF, for staff). */
#ifndef MESO_PAGES_PROGREPORT_PAGE_H
#define MESO_PAGES_PROGREPORT_PAGE_H

#include "http/request.h"
#include "http/response.h"

int page_programme_report(struct request *req, struct response *res);
int page_programme_report_pdf(struct request *req, struct response *res);
int page_programme_families_pdf(struct request *req, struct response *res);

#endif
