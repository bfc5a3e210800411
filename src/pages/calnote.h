/* calnote.h - the note a page shows beside a date a person chose (a
 * conversation's, a reading session's, a moved session's) when it is not a
 * school day at the school: a weekend, a holiday or a break between terms
 * (model/calendar/calendar.h). meso keeps the date: the note only asks the
 * person to check it. */
#ifndef MESO_PAGES_CALNOTE_H
#define MESO_PAGES_CALNOTE_H

#include "http/request.h"

struct html;

/* Write the note for iso (YYYY-MM-DD) at the signed-in person's school, or
 * nothing when it is a school day or not a date: "12 December 2026 is a
 * Saturday." and then the sentence `then` (NULL: "If that is the right
 * date, there is nothing to change."). Returns 0 or an error code. */
int page_date_note(struct request *req, struct html *h, const char *iso, const char *then);

#endif
