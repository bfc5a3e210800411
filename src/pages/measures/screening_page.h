/* screening_page.h - the screening summary for a year group or class: the
 * pupils screened with each measure, how many are in each band, and the
 * children for follow-up (model/measures/screening.h). */
#ifndef MESO_PAGES_SCREENING_PAGE_H
#define MESO_PAGES_SCREENING_PAGE_H

#include "http/request.h"
#include "http/response.h"

int page_screening(struct request *req, struct response *res);
/* The screening page's query (year, measure, class, school_year) from the
 * request, as the page reads it; yg receives the year group ("" for none). */
struct screening_query;
void measures_screening_query(struct request *req, struct screening_query *q, char yg[4]);

#endif
