/* calendarpage.h - the school's calendar for one school year, as its lead
 * or administrator sets it: the three terms and the holidays inside them
 * (half terms, bank holidays, INSET days). A year the school has not set
 * shows meso's usual dates for England, ready to check and save
 * (docs/calendar.md). */
#ifndef MESO_PAGES_CALENDARPAGE_H
#define MESO_PAGES_CALENDARPAGE_H

#include "http/request.h"
#include "http/response.h"

int page_calendar(struct request *req, struct response *res);
int page_calendar_post(struct request *req, struct response *res);

#endif
