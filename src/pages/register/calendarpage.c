#include "pages/register/calendarpage.h"

#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "html/form.h"
#include "model/calendar/calendar.h"
#include "model/register/audit.h"
#include "model/register/schoolcal.h"
#include "pages/common.h"

#define BLANK_ROWS 3

static const char *const term_titles[] = { "Autumn term", "Spring term", "Summer term" };

static const char *iso(struct request *req, struct date d)
{
    if (!date_valid(d))
        return "";
    char *s = arena_array(&req->arena, DATE_ISO_LEN, 1);
    if (s)
        date_iso(d, s);
    return s ? s : "";
}

static void date_pair(struct request *req, struct html *h, const char *name, const char *legend,
                      struct date start, struct date end, const char *error)
{
    html(h,
         "<div class=\"govuk-form-group%s\" id=\"%s\"><fieldset class=\"govuk-fieldset\">"
         "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">%s</legend>\n",
         error ? " govuk-form-group--error" : "", name, legend);
    if (error)
        html(h,
             "<p class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error: "
             "</span>%s</p>\n",
             error);
    const char *suffix[] = { "start", "end" };
    const char *labels[] = { "First day", "Last day" };
    struct date ds[] = { start, end };
    for (int i = 0; i < 2; i++)
        html(h,
             "<div class=\"govuk-form-group meso-inline-field\"><label class=\"govuk-label\" "
             "for=\"%s_%s\">%s</label><input class=\"govuk-input govuk-input--width-10\" "
             "id=\"%s_%s\" name=\"%s_%s\" type=\"date\" value=\"%s\"></div>\n",
             name, suffix[i], labels[i], name, suffix[i], name, suffix[i], iso(req, ds[i]));
    html_raw(h, "</fieldset></div>\n");
}

static void holiday_row(struct request *req, struct html *h, size_t n, const struct holiday *hol,
                        const char *error)
{
    html(h, "<tr class=\"govuk-table__row\" id=\"holiday_%zu\"><td class=\"govuk-table__cell\">",
         n);
    if (error)
        html(h,
             "<p class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error: "
             "</span>%s</p>",
             error);
    html(h,
         "<label class=\"govuk-visually-hidden\" for=\"holiday_%zu_name\">Holiday %zu: "
         "name</label><input class=\"govuk-input\" id=\"holiday_%zu_name\" "
         "name=\"holiday_%zu_name\" type=\"text\" value=\"%s\"></td>\n",
         n, n, n, n, hol ? hol->name : "");
    const char *suffix[] = { "start", "end" };
    const char *labels[] = { "first day", "last day" };
    for (int i = 0; i < 2; i++)
        html(h,
             "<td class=\"govuk-table__cell\"><label class=\"govuk-visually-hidden\" "
             "for=\"holiday_%zu_%s\">Holiday %zu: %s</label><input class=\"govuk-input "
             "govuk-input--width-10\" id=\"holiday_%zu_%s\" name=\"holiday_%zu_%s\" "
             "type=\"date\" value=\"%s\"></td>\n",
             n, suffix[i], n, labels[i], n, suffix[i], n, suffix[i],
             hol ? iso(req, i ? hol->end : hol->start) : "");
    html_raw(h, "</tr>\n");
}

static int render(struct request *req, struct response *res, const struct calendar_year *y,
                  bool usual, const struct problems *pr)
{
    char label[8];
    schoolyear_label(y->year, label, sizeof label);
    struct html h;
    struct page pg = { .title = arena_sprintf(&req->arena, "Term dates and holidays, %s", label),
                       .nav = "home",
                       .back_href = "/school" };
    page_begin(req, res, &h, &pg);
    if (req_query(req, "saved"))
        layout_banner(&h, true, "Success",
                      arena_sprintf(&req->arena,
                                    "The term dates and holidays for %s have been "
                                    "saved.",
                                    label));
    form_error_summary(&h, pr);
    html(&h,
         "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/school/calendar?year=%d\">"
         "Previous school year</a> | <a class=\"govuk-link\" "
         "href=\"/school/calendar?year=%d\">Next school year</a></p>\n",
         y->year - 1, y->year + 1);
    bool set = y->terms[0].set || y->terms[1].set || y->terms[2].set;
    if (usual || (!set && !y->own_holidays))
        html_raw(&h, "<div class=\"govuk-inset-text\">These are meso's usual dates for "
                     "England, worked out from the pattern most local authorities follow. Check "
                     "them against your local authority's or trust's published term dates, add "
                     "your INSET days, and save.</div>\n");
    html_raw(&h, "<p class=\"govuk-body\">meso plans programme sessions on school days only "
                 "(weekdays in term, outside holidays), and points out a date you choose that "
                 "is not one. Conversations count towards the term they fall in.</p>\n");
    form_start(&h, "/school/calendar", req->csrf);
    html(&h, "<input type=\"hidden\" name=\"year\" value=\"%d\">\n", y->year);
    html_raw(&h, "<h2 class=\"govuk-heading-m\">Terms</h2>\n");
    for (int i = 0; i < TERM_N; i++)
        date_pair(req, &h, term_names[i], term_titles[i], y->terms[i].start, y->terms[i].end,
                  problems_for(pr, term_names[i]));
    html_raw(&h, "<h2 class=\"govuk-heading-m\">Holidays in term time</h2>\n<p "
                 "class=\"govuk-body\">Half terms, bank holidays and INSET days. The Christmas, "
                 "Easter and summer holidays are the gaps between the terms above. To take a "
                 "holiday off the list, clear its name and dates.</p>\n");
    if (problems_for(pr, "holidays"))
        html(&h, "<p class=\"govuk-error-message\" id=\"holidays\">%s</p>\n",
             problems_for(pr, "holidays"));
    html_raw(&h,
             "<div class=\"meso-table-wrap\" role=\"region\" aria-label=\"Holidays\" "
             "tabindex=\"0\"><table class=\"govuk-table\"><thead class=\"govuk-table__head\"><tr "
             "class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">"
             "Name</th><th scope=\"col\" class=\"govuk-table__header\">First day</th><th "
             "scope=\"col\" class=\"govuk-table__header\">Last day</th></tr></thead><tbody "
             "class=\"govuk-table__body\">\n");
    size_t rows = y->n_holidays + BLANK_ROWS;
    for (size_t i = 0; i < rows; i++) {
        const char *field = arena_sprintf(&req->arena, "holiday_%zu", i + 1);
        holiday_row(req, &h, i + 1, i < y->n_holidays ? &y->holidays[i] : NULL,
                    field ? problems_for(pr, field) : NULL);
    }
    html_raw(&h, "</tbody></table></div>\n");
    html(&h, "<input type=\"hidden\" name=\"rows\" value=\"%zu\">\n", rows);
    form_button(&h, "Save term dates and holidays", false);
    form_end(&h);
    if (!usual)
        html(&h,
             "<p class=\"govuk-body\"><a class=\"govuk-link\" "
             "href=\"/school/calendar?year=%d&amp;usual=1\">Start again from meso's usual dates "
             "for England</a> (nothing changes until you save)</p>\n",
             y->year);
    return page_finish(req, &h);
}

static int year_asked(struct request *req, const char *v)
{
    int year = schoolyear_of(date_today());
    if (v && *v && schoolyear_parse_year(v, &year) != 0)
        return -1;
    return year;
}

int page_calendar(struct request *req, struct response *res)
{
    int year = year_asked(req, req_query(req, "year"));
    if (year < 2000 || year > 2100)
        return err_set(&req->err, ERR_NOTFOUND, "no such school year");
    struct calendar_year y;
    bool usual = req_query(req, "usual") != NULL;
    int rc = usual
                 ? calendar_year_usual(&req->arena, year, &y, &req->err)
                 : calendar_year_get(req->db, &req->arena, req->who.school_id, year, &y, &req->err);
    return rc ? rc : render(req, res, &y, usual, NULL);
}

/* A date field: blank gives an invalid date (the model says what is
 * missing); text that is not a date adds a problem. */
static struct date read_date(struct request *req, const char *name, const char *field,
                             const char *what, struct problems *pr)
{
    struct date d = { 0, 0, 0 };
    const char *v = req_text(req, name);
    if (*v && date_parse(v, &d) != 0) {
        problems_add(pr, field, "Enter %s as a date, like 03/09/2026", what);
        d = (struct date){ 0, 0, 0 };
    }
    return d;
}

int page_calendar_post(struct request *req, struct response *res)
{
    int year = year_asked(req, req_text(req, "year"));
    if (year < 2000 || year > 2100)
        return err_set(&req->err, ERR_INPUT, "year: not a school year");
    struct problems pr;
    problems_init(&pr, &req->arena);
    struct calendar_year y = { .year = year, .own_holidays = true };
    for (int i = 0; i < TERM_N; i++) {
        char a[24], b[24];
        snprintf(a, sizeof a, "%s_start", term_names[i]);
        snprintf(b, sizeof b, "%s_end", term_names[i]);
        const char *what = arena_sprintf(&req->arena, "the %s term's days", term_names[i]);
        y.terms[i] = (struct term){ .year = year, .name = (enum term_name)i, .set = true };
        y.terms[i].start = read_date(req, a, term_names[i], what, &pr);
        y.terms[i].end = read_date(req, b, term_names[i], what, &pr);
        if (!pr.n && (!date_valid(y.terms[i].start) || !date_valid(y.terms[i].end)))
            problems_add(&pr, term_names[i], "Enter the %s term's first and last days",
                         term_names[i]);
    }
    long long rows = 0;
    if (str_to_int(req_text(req, "rows"), 0, CALENDAR_MAX_HOLIDAYS + BLANK_ROWS, &rows) != 0)
        rows = 0;
    y.holidays = arena_array(&req->arena, (size_t)rows + 1, sizeof *y.holidays);
    if (!y.holidays)
        return err_set(&req->err, ERR_NOMEM, "out of memory");
    for (long long i = 1; i <= rows; i++) {
        const char *n = req_text(req, arena_sprintf(&req->arena, "holiday_%lld_name", i));
        const char *s = req_text(req, arena_sprintf(&req->arena, "holiday_%lld_start", i));
        const char *en = req_text(req, arena_sprintf(&req->arena, "holiday_%lld_end", i));
        if (!*n && !*s && !*en)
            continue;
        struct holiday *hol = &y.holidays[y.n_holidays++];
        const char *field = arena_sprintf(&req->arena, "holiday_%zu", y.n_holidays);
        const char *what = arena_sprintf(&req->arena, "holiday %zu's days", y.n_holidays);
        hol->name = n;
        hol->start =
            read_date(req, arena_sprintf(&req->arena, "holiday_%lld_start", i), field, what, &pr);
        hol->end =
            read_date(req, arena_sprintf(&req->arena, "holiday_%lld_end", i), field, what, &pr);
    }
    if (!pr.n) {
        struct audit_who who = { .actor = req->who.actor, .address = req->client };
        int rc = schoolcal_save_year(req->db, req->who.school_id, &y, &pr, &who, &req->err);
        if (rc && rc != ERR_INPUT)
            return rc;
    }
    if (pr.n) {
        page_sentences(req, &pr, 0);
        res->status = 422;
        return render(req, res, &y, false, &pr);
    }
    resp_redirect(res, arena_sprintf(&req->arena, "/school/calendar?year=%d&saved=1", year));
    return 0;
}
