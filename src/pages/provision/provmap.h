/* provmap.h (pages) - the school's provision map for leads: the page (the
 * pyramid, the framework grid and the cost bar as inline SVG, with tables of
 * provisions, gaps, overload, unmet need and outside services past their
 * timescale), the map as a PDF and as a PNG, the review outcomes per
 * provision, choosing the school's frameworks, and the lead's dashboard
 * section (reviews due or past their date, involvements past their
 * timescale).
 *
 * Who may use them: leads only (the map lists pupils' names under overload
 * and outside services). Every page accepts ?as_of=YYYY-MM-DD; a malformed
 * date is a message beside the date field (400). Reads are audited by the
 * model (provmap_build, review_report, involvement_list).
 */
#ifndef MESO_PAGES_PROVMAP_H
#define MESO_PAGES_PROVMAP_H

#include "html/html.h"
#include "http/request.h"
#include "http/response.h"

int page_provmap(struct request *req, struct response *res);
int page_provmap_pdf(struct request *req, struct response *res);
int page_provmap_png(struct request *req, struct response *res);
int page_provmap_reviews(struct request *req, struct response *res);
int page_frameworks(struct request *req, struct response *res);
int page_frameworks_post(struct request *req, struct response *res);

/* The lead's dashboard section (home.c): reviews due or past their date and
 * outside services past their timescale. */
int provmap_home_lead(struct request *req, struct html *h);

#endif
