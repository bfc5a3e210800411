#include "pages/la/lapage.h"

#include <string.h>

#include "core/date.h"
#include "core/mem.h"
#include "model/calendar/schoolyear.h"
#include "http/app.h"
#include "model/la/lacache.h"
#include "model/la/lafigures.h"
#include "pages/common.h"
#include "stats/suppress.h"
#include "view/repr_la.h"
#include "view/xlsx_report.h"

/* The school year asked for (?year=2025), else this one. */
static int year_of(struct request *req, int *year)
{
    *year = schoolyear_of(date_today());
    const char *v = req_query(req, "year");
    int now = *year;
    if (v && *v && (schoolyear_parse_year(v, year) != 0 || *year > now || *year < now - 10))
        return ERR_INPUT;
    return 0;
}

static int build(struct request *req, struct la_figures *f)
{
    int year;
    bool cached;
    int rc = year_of(req, &year);
    if (rc == 0)
        rc = la_figures_get(req->db, &req->arena, req->app ? req->app->la_cache : NULL, &req->who,
                            year, req->client, f, &cached, NULL, &req->err);
    return rc;
}

static void count(struct html *h, const struct la_count *c)
{
    if (c->hidden)
        html(h, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>",
             SUPPRESS_WORDS);
    else
        html(h, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%ld</td>", c->n);
}

static void share(struct html *h, const struct la_count *part, const struct la_count *whole)
{
    if (part->hidden || whole->hidden || whole->n <= 0)
        html(h, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>",
             part->hidden || whole->hidden ? SUPPRESS_WORDS : "none");
    else
        html(h, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%.0f%%</td>",
             100.0 * (double)part->n / (double)whole->n);
}

static void mean(struct html *h, double v, bool percent)
{
    if (v < 0)
        html(h, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">none shown</td>");
    else if (percent)
        html(h, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%.0f%%</td>",
             100.0 * v);
    else
        html(h, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%.1f</td>", v);
}

/* A column heading that sorts by its key: descending first, then the other
 * way when it is already the order. */
static void heading(struct request *req, struct html *h, int year, const char *key,
                    const char *label)
{
    const char *by = req_query(req, "sort"), *dir = req_query(req, "dir");
    bool current = by && !strcmp(by, key), now_desc = dir && !strcmp(dir, "desc");
    /* Names A to Z first, figures largest first; a second click turns it. */
    bool first_desc = strcmp(key, "name") != 0;
    bool desc = current ? !now_desc : first_desc;
    if (current)
        html(h, "<th scope=\"col\" class=\"govuk-table__header\" aria-sort=\"%s\">",
             now_desc ? "descending" : "ascending");
    else
        html(h, "<th scope=\"col\" class=\"govuk-table__header\">");
    html(h, "<a class=\"govuk-link\" href=\"/la?year=%d&amp;sort=%U&amp;dir=%s\">%s</a></th>", year,
         key, desc ? "desc" : "asc", label);
}

static void row(struct html *h, const struct la_figures *f, const struct la_school *s, bool total)
{
    html(h,
         "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%s</th>",
         total ? "All schools sharing" : s->name);
    count(h, &s->in_scope);
    share(h, &s->held[1], &s->in_scope);
    share(h, &s->held[2], &s->in_scope);
    mean(h, s->mean_fidelity, true);
    mean(h, s->reviews_with_parent_per_pupil, false);
    mean(h, s->positive_contact_share, true);
    mean(h, s->progress_methods_mean, false);
    count(h, &s->enrolled);
    share(h, &s->completed, &s->enrolled);
    count(h, &s->improved);
    if (total) {
        html(h, "<td class=\"govuk-table__cell\"></td>");
    } else {
        html(h, "<td class=\"govuk-table__cell\">");
        int shown = 0;
        for (size_t i = 0; s->gap && i < f->n_components; i++)
            if (s->gap[i] == 1)
                html(h, "%s%s", shown++ ? "; " : "", f->components[i].name);
        if (!shown)
            html(h, "none");
        html(h, "</td>");
    }
    count(h, &s->screened);
    share(h, &s->bands[2], &s->screened);
    share(h, &s->bands[3], &s->screened);
    html(h, "</tr>\n");
}

static void table(struct request *req, struct html *h, const struct la_figures *f)
{
    html(h, "<div class=\"meso-table-wrap\" tabindex=\"0\" role=\"region\" "
            "aria-label=\"Schools side by side\">\n<table class=\"govuk-table meso-la-table\">\n"
            "<caption class=\"govuk-table__caption govuk-table__caption--m\">Schools side by side"
            "</caption>\n<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">");
    static const struct {
        const char *key, *label;
    } cols[] = {
        { "name", "School" },
        { "in_scope", "Pupils in conversation scope" },
        { "with_2", "With 2 conversations held" },
        { "with_3", "With 3 or more held" },
        { "fidelity", "Mean fidelity" },
        { "reviews", "Target reviews with parents, per pupil" },
        { "positive", "Positive contacts" },
        { "methods", "Range of methods (progress)" },
        { "reach", "Programme families" },
        { "complete", "Completed" },
        { "improved", "Children reliably improved" },
        { "gaps", "Provision gaps (framework components)" },
        { "screened", "Screened (teacher SDQ)" },
        { "high", "High" },
        { "very_high", "Very high" },
    };
    for (size_t i = 0; i < sizeof cols / sizeof *cols; i++) {
        if (!strcmp(cols[i].key, "very_high"))
            html(h, "<th scope=\"col\" class=\"govuk-table__header\">%s</th>", cols[i].label);
        else
            heading(req, h, f->year, cols[i].key, cols[i].label);
    }
    html(h, "</tr></thead>\n<tbody class=\"govuk-table__body\">\n");
    for (size_t i = 0; i < f->n; i++)
        row(h, f, &f->schools[i], false);
    html(h, "</tbody>\n<tfoot>\n");
    row(h, f, &f->total, true);
    html(h, "</tfoot>\n</table>\n</div>\n");
}

int page_la(struct request *req, struct response *res)
{
    struct la_figures f;
    int rc = build(req, &f);
    const char *dir = req_query(req, "dir");
    if (rc == 0)
        rc = la_figures_sort(&req->arena, &f, req_query(req, "sort"), dir && !strcmp(dir, "desc"));
    if (rc)
        return rc;
    struct html h;
    char label[16];
    schoolyear_label(f.year, label, sizeof label);
    struct page pg = { .title = "Schools in your local authority", .nav = "la" };
    page_begin(req, res, &h, &pg);
    html(&h,
         "<p class=\"govuk-body\">Local authority %s, school year %s: %zu %s sharing %s figures "
         "with you; %zu %s not (yet) agreed to share. Each school's lead decides.</p>\n",
         f.la_code, label, f.n, f.n == 1 ? "school is" : "schools are", f.n == 1 ? "its" : "their",
         f.not_sharing, f.not_sharing == 1 ? "school has" : "schools have");
    html(&h,
         "<div class=\"govuk-inset-text\">No child is named here. A count from 1 to 4 shows "
         "as \"%s\", and the next smallest count in the same row or column is hidden too, so "
         "that the totals cannot reveal it. Means are not shown for a school with fewer than "
         "5 pupils in scope. The figures include every change the schools have made.</div>\n",
         SUPPRESS_WORDS);
    if (f.n == 0)
        html(&h, "<p class=\"govuk-body\">No school of your local authority shares its figures "
                 "yet.</p>\n");
    else
        table(req, &h, &f);
    char before[16];
    schoolyear_label(f.year - 1, before, sizeof before);
    html(&h,
         "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/la?year=%d\">See the school year "
         "%s</a></p>\n",
         f.year - 1, before);
    if (f.year < schoolyear_of(date_today()))
        html(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/la\">See this school "
                 "year</a></p>\n");
    html(&h,
         "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/la.xlsx?year=%d\">Download "
         "these figures as a spreadsheet</a></p>\n"
         "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/la/evaluation\">How "
         "practice relates to outcomes across these schools</a></p>\n"
         "<p class=\"govuk-body\">Fidelity is how closely conversations followed the four "
         "stages. Positive contacts are celebrations, praise and progress updates. Programmes are "
         "those run from a template, such as FAST. A provision gap is a component of a framework "
         "the school chose with no current provision. High and very high are the shares of "
         "children screened in those bands of the teacher SDQ's total difficulties.</p>\n",
         f.year);
    return page_finish(req, &h);
}

int page_la_xlsx(struct request *req, struct response *res)
{
    struct la_figures f;
    int rc = build(req, &f);
    if (rc)
        return rc;
    json_t *doc = repr_la(&f);
    if (!doc)
        return ERR_NOMEM;
    char *data;
    size_t len;
    rc = xlsx_report_bytes(&data, &len, "Local authority", doc, false, &req->err);
    json_decref(doc);
    if (rc)
        return rc;
    res->status = 200;
    res->content_type = XLSX_CONTENT_TYPE;
    buf_reset(&res->body);
    rc = buf_add(&res->body, data, len);
    mem_free(data);
    if (rc)
        return rc;
    return resp_header(
        res, "Content-Disposition",
        arena_sprintf(&req->arena, "attachment; filename=\"la-%s-%d.xlsx\"", f.la_code, f.year));
}
