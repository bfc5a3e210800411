#include "pages/register/audit.h"

#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "html/form.h"
#include "model/register/audit.h"
#include "model/register/pupil.h"
#include "pages/common.h"

#define AUDIT_PAGE 100

int page_audit_trail(struct request *req, struct response *res)
{
    const char *user = req_text(req, "user"), *since = req_text(req, "since");
    long page = req_query_long(req, "page", 1, 100000, 1);
    int64_t pupil_id = (int64_t)req_query_long(req, "pupil", 1, INT32_MAX, 0);
    char since_iso[DATE_ISO_LEN] = "";
    struct date d;
    bool bad_since = *since && date_parse(since, &d) != 0;
    if (*since && !bad_since)
        date_iso(d, since_iso);
    struct audit_filter f = {
        .pupil_id = pupil_id,
        .actor = *user ? arena_sprintf(&req->arena, "user:%s", user) : NULL,
        .since = since_iso[0] ? since_iso : NULL,
        .school_id = req->who.school_id,
        .limit = AUDIT_PAGE + 1,
        .offset = (int)((page - 1) * AUDIT_PAGE),
    };
    struct audit_entry *es;
    size_t n;
    int rc = audit_list(req->db, &req->arena, &f, &es, &n, &req->err);
    if (rc)
        return rc;
    bool more = n > AUDIT_PAGE;
    if (more)
        n = AUDIT_PAGE;
    struct pupil who_pupil;
    bool have_pupil = pupil_id && page_pupil(req, pupil_id, &who_pupil) == 0;

    struct html h;
    struct page pg = { .title = "Audit trail", .nav = "audit", .wide = true };
    page_begin(req, res, &h, &pg);
    html_raw(&h,
             "<p class=\"govuk-body\">Every time someone looks at or changes a child's or "
             "family's record, meso writes it here. Nobody can change or delete these rows.</p>\n");
    html_raw(&h, "<form method=\"get\" action=\"/audit\" class=\"meso-filters\">\n");
    if (pupil_id)
        html(&h, "<input type=\"hidden\" name=\"pupil\" value=\"%lld\">\n", (long long)pupil_id);
    struct field fu = { .name = "user",
                        .label = "Email of the person",
                        .value = user,
                        .type = "email",
                        .spellcheck_off = true,
                        .width = "20" };
    form_input(&h, &fu);
    struct field fs = { .name = "since",
                        .label = "Since",
                        .hint = "For example, 01/09/2026",
                        .value = since,
                        .width = "10",
                        .error = bad_since ? "Enter a real date, like 01/09/2026" : NULL };
    form_input(&h, &fs);
    html_raw(
        &h,
        "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Show</button>\n</form>\n");
    if (have_pupil)
        html(
            &h,
            "<p class=\"govuk-body\">Showing the trail for <a class=\"govuk-link\" "
            "href=\"/pupils/%lld\">%s</a>. <a class=\"govuk-link\" href=\"/audit\">Show everyone</a></p>\n",
            (long long)pupil_id, pupil_display_name(&req->arena, &who_pupil));
    if (n == 0) {
        html_raw(&h, "<p class=\"govuk-body\">Nothing matches.</p>\n");
        return page_finish(req, &h);
    }
    html_raw(
        &h,
        "<div class=\"meso-table-wrap\" role=\"region\" aria-label=\"Audit trail\" tabindex=\"0\">"
        "<table class=\"govuk-table meso-table\"><caption class=\"govuk-visually-hidden\">"
        "Audit trail</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
        "<th scope=\"col\" class=\"govuk-table__header\">When (UTC)</th>"
        "<th scope=\"col\" class=\"govuk-table__header\">Who</th>"
        "<th scope=\"col\" class=\"govuk-table__header\">What</th>"
        "<th scope=\"col\" class=\"govuk-table__header\">Record</th>"
        "<th scope=\"col\" class=\"govuk-table__header\">Child</th>"
        "<th scope=\"col\" class=\"govuk-table__header\">From</th></tr></thead>"
        "<tbody class=\"govuk-table__body\">\n");
    for (size_t i = 0; i < n; i++) {
        const struct audit_entry *a = &es[i];
        char when[20] = "";
        if (a->at)
            snprintf(when, sizeof when, "%.10s %.5s", a->at, strlen(a->at) > 11 ? a->at + 11 : "");
        html(&h,
             "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td>"
             "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s%s%s</td>"
             "<td class=\"govuk-table__cell\">%s%s%s</td><td class=\"govuk-table__cell\">",
             when, a->actor, a->action, a->detail ? ": " : "", a->detail ? a->detail : "",
             a->entity, a->entity_id ? " " : "",
             a->entity_id ? arena_sprintf(&req->arena, "%lld", (long long)a->entity_id) : "");
        if (a->pupil_id)
            html(&h, "<a class=\"govuk-link\" href=\"/audit?pupil=%lld\">%lld</a>",
                 (long long)a->pupil_id, (long long)a->pupil_id);
        html(&h, "</td><td class=\"govuk-table__cell\">%s</td></tr>\n",
             a->address ? a->address : "command line");
    }
    html_raw(&h, "</tbody></table></div>\n");
    if (page > 1 || more) {
        html_raw(&h, "<nav class=\"govuk-pagination\" aria-label=\"Pages of the audit trail\">\n");
        if (page > 1)
            html(
                &h,
                "<div class=\"govuk-pagination__prev\"><a class=\"govuk-link govuk-pagination__link\" "
                "href=\"/audit?user=%U&amp;since=%U&amp;pupil=%lld&amp;page=%ld\" rel=\"prev\">Newer</a></div>\n",
                user, since, (long long)pupil_id, page - 1);
        if (more)
            html(
                &h,
                "<div class=\"govuk-pagination__next\"><a class=\"govuk-link govuk-pagination__link\" "
                "href=\"/audit?user=%U&amp;since=%U&amp;pupil=%lld&amp;page=%ld\" rel=\"next\">Older</a></div>\n",
                user, since, (long long)pupil_id, page + 1);
        html_raw(&h, "</nav>\n");
    }
    return page_finish(req, &h);
}
