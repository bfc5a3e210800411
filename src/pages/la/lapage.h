/* lapage.h - the local authority's view (issue 16): /la, its schools side
 * by side (model/la/lafigures.h), sortable by any column through links, and
 * /la.xlsx, the same figures as a spreadsheet. For LA accounts only (R_LA);
 * no child is named and small counts are suppressed in the model, so
 * nothing here can show one. */
#ifndef MESO_PAGES_LAPAGE_H
#define MESO_PAGES_LAPAGE_H

#include "http/request.h"
#include "http/response.h"

int page_la(struct request *req, struct response *res);
int page_la_xlsx(struct request *req, struct response *res);

#endif
