/* exports.h - spreadsheets (.xlsx) for leads: the pupil list with its
 * filters, the conversations report, screening, the provision map's tables
 * and a programme's attendance. Each is the JSON the API and `--json` give,
 * laid out by view/xlsx_report.h; the same comes from the command line with
 * `--xlsx FILE`. */
#ifndef MESO_PAGES_EXPORTS_H
#define MESO_PAGES_EXPORTS_H

#include "http/request.h"
#include "http/response.h"

int page_pupils_xlsx(struct request *req, struct response *res);
int page_conversations_xlsx(struct request *req, struct response *res);
int page_screening_xlsx(struct request *req, struct response *res);
int page_provmap_xlsx(struct request *req, struct response *res);
int page_programme_xlsx(struct request *req, struct response *res);

#endif
