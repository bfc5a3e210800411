#include "pages/provision/provwords.h"

#include <string.h>

#include "core/buf.h"
#include "core/date.h"
#include "pages/common.h"

int provwords_as_of(struct request *req, char out[11], const char **problem)
{
    const char *v = req_text(req, "as_of");
    out[0] = '\0';
    *problem = NULL;
    if (!*v)
        return 0;
    struct date d;
    if (strlen(v) != 10 || v[4] != '-' || v[7] != '-' || date_parse(v, &d) != 0) {
        *problem = "Enter the date as year-month-day, like 2026-01-15";
        return ERR_INPUT;
    }
    date_iso(d, out);
    return 0;
}

void provwords_table_start(struct html *h, const char *caption, const char *const *cols, size_t n)
{
    html(h,
         "<div class=\"meso-table-wrap\" role=\"region\" aria-label=\"%s\" tabindex=\"0\">"
         "<table class=\"govuk-table\"><caption class=\"govuk-table__caption "
         "govuk-table__caption--s\">%s</caption><thead class=\"govuk-table__head\">"
         "<tr class=\"govuk-table__row\">",
         caption, caption);
    /* A column of links ("Review", "Change") has no visible heading; it still
     * gets one for screen readers. */
    for (size_t i = 0; i < n; i++)
        if (cols[i][0])
            html(h, "<th scope=\"col\" class=\"govuk-table__header\">%s</th>", cols[i]);
        else
            html_raw(h, "<th scope=\"col\" class=\"govuk-table__header\"><span "
                        "class=\"govuk-visually-hidden\">Actions</span></th>");
    html_raw(h, "</tr></thead><tbody class=\"govuk-table__body\">\n");
}

void provwords_table_end(struct html *h)
{
    html_raw(h, "</tbody></table></div>\n");
}

const char *provwords_tier(const char *tier)
{
    if (tier && !strcmp(tier, "selected"))
        return "Selected";
    if (tier && !strcmp(tier, "indicated"))
        return "Indicated";
    return "Universal";
}

int provwords_send(struct request *req, struct response *res, struct buf *b, const char *type,
                   const char *filename)
{
    return page_send_document(req, res, b, type, false, filename);
}
