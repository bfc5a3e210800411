#include "pages/calnote.h"

#include "html/html.h"
#include "model/calendar/calendar.h"

int page_date_note(struct request *req, struct html *h, const char *iso, const char *then)
{
    const char *why;
    int rc = calendar_date_note(req->db, &req->arena, req->who.school_id, iso, &why, &req->err);
    if (rc || !why)
        return rc;
    html(h,
         "<div class=\"govuk-warning-text\" data-calendar-note=\"1\"><span "
         "class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span><strong "
         "class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Please "
         "check: </span>%s %s</strong></div>\n",
         calendar_note_sentence(&req->arena, iso, why),
         then ? then : "If that is the right date, there is nothing to change.");
    return 0;
}
