#include "pages/measures/screening_page.h"

#include <string.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "html/form.h"
#include "io/canvas_svg.h"
#include "view/chart_score.h"
#include "model/access/access.h"
#include "model/access/account.h"
#include "model/measures/assessment.h"
#include "model/register/audit.h"
#include "model/measures/measure.h"
#include "model/register/outcomes.h"
#include "model/register/pupil.h"
#include "model/calendar/schoolyear.h"
#include "model/measures/screening.h"
#include "model/register/staff.h"
#include "pages/common.h"
#include "score/builtin.h"
#include "pages/measures/measures.h"

/* ---- the screening summary --------------------------------------------------- */

static const struct option year_groups[] = {
    { "N1", "Nursery 1", NULL }, { "N2", "Nursery 2", NULL }, { "R", "Reception", NULL },
    { "1", "Year 1", NULL },     { "2", "Year 2", NULL },     { "3", "Year 3", NULL },
    { "4", "Year 4", NULL },     { "5", "Year 5", NULL },     { "6", "Year 6", NULL },
    { "7", "Year 7", NULL },     { "8", "Year 8", NULL },     { "9", "Year 9", NULL },
    { "10", "Year 10", NULL },   { "11", "Year 11", NULL },   { "12", "Year 12", NULL },
    { "13", "Year 13", NULL },   { "14", "Year 14", NULL },
};
#define N_YEAR_GROUPS (sizeof year_groups / sizeof year_groups[0])

static const struct option screening_measures[] = {
    { "sdq-teacher-4-17", "SDQ: teacher", NULL },
    { "sdq-parent-4-17", "SDQ: parent or carer", NULL },
    { "sdq-self-11-17", "SDQ: the child's own", NULL },
    { "mmf", "Me and My Feelings", NULL },
};

/* The key teachers of the year group's pupils the person may see. */
static int class_options(struct request *req, const struct pupil_filter *scope, const char *year,
                         struct option **out, size_t *n)
{
    struct pupil_filter f = { .school_id = scope->school_id, .scope = scope->scope, .fsm = -1 };
    f.nc_year = year;
    struct pupil *ps;
    size_t np;
    int rc = pupil_list(req->db, &req->arena, &f, &ps, &np, NULL, &req->err);
    if (rc)
        return rc;
    *out = arena_array(&req->arena, np + 2, sizeof **out);
    if (!*out)
        return ERR_NOMEM;
    (*out)[0] = (struct option){ "", "The whole year group", NULL };
    *n = 1;
    for (size_t i = 0; i < np; i++) {
        if (!ps[i].key_teacher_id)
            continue;
        const char *id = arena_sprintf(&req->arena, "%lld", (long long)ps[i].key_teacher_id);
        bool seen = false;
        for (size_t k = 1; k < *n; k++)
            seen |= !strcmp((*out)[k].value, id);
        if (seen)
            continue;
        const char *name;
        if ((rc = staff_name(req->db, &req->arena, ps[i].school_id, ps[i].key_teacher_id, &name,
                             &req->err)))
            return rc;
        (*out)[(*n)++] = (struct option){
            id, arena_sprintf(&req->arena, "%s's class", name ? name : "A key teacher"), NULL
        };
    }
    return 0;
}

static void screening_table(struct request *req, struct html *h, const struct screening_summary *s)
{
    /* Columns by band level, named from the first score's table. */
    size_t levels = 0;
    for (size_t i = 0; i < s->n_scores; i++)
        for (size_t b = 0; b < s->scores[i].n_bands; b++)
            if (s->scores[i].bands[b].level >= 0 &&
                (size_t)s->scores[i].bands[b].level + 1 > levels)
                levels = (size_t)s->scores[i].bands[b].level + 1;
    html(h, "<div class=\"meso-table-wrap\" role=\"region\" aria-label=\"Children in each band\" "
            "tabindex=\"0\"><table class=\"govuk-table meso-screening\"><caption "
            "class=\"govuk-table__caption govuk-table__caption--m\">Children in each band</caption>"
            "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" "
            "class=\"govuk-table__header\">Score</th><th scope=\"col\" "
            "class=\"govuk-table__header govuk-table__header--numeric\">Children</th>");
    for (size_t l = 0; l < levels; l++) {
        const char *label = NULL;
        for (size_t i = 0; !label && i < s->n_scores; i++)
            for (size_t b = 0; b < s->scores[i].n_bands; b++)
                if (s->scores[i].bands[b].level == (int)l) {
                    label = s->scores[i].bands[b].band;
                    break;
                }
        html(h, "<th scope=\"col\" class=\"govuk-table__header\">%s</th>", label ? label : "");
    }
    html_raw(h, "</tr></thead><tbody class=\"govuk-table__body\">\n");
    for (size_t i = 0; i < s->n_scores; i++) {
        const struct screening_score *sc = &s->scores[i];
        html(h,
             "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%s"
             "</th><td class=\"govuk-table__cell govuk-table__cell--numeric\">%ld</td>",
             measure_score_label(sc->score), sc->n);
        for (size_t l = 0; l < levels; l++) {
            const struct screening_band_count *bc = NULL;
            for (size_t b = 0; b < sc->n_bands; b++)
                if (sc->bands[b].level == (int)l)
                    bc = &sc->bands[b];
            if (!bc) {
                measures_cell(h, "");
                continue;
            }
            bool differs = i > 0 && l < s->scores[0].n_bands &&
                           strcmp(bc->band, s->scores[0].bands[l].band) != 0;
            html(h, "<td class=\"govuk-table__cell\">%ld (%.0f%%)%s%s%s</td>", bc->count,
                 sc->n ? 100.0 * bc->share : 0.0, differs ? ", " : "", differs ? bc->band : "", "");
        }
        html_raw(h, "</tr>\n");
    }
    html_raw(h, "</tbody></table></div>\n");
    (void)req;
}

void measures_screening_query(struct request *req, struct screening_query *q, char yg[4])
{
    const char *year = req_text(req, "year"), *measure = req_text(req, "measure"),
               *cls = req_text(req, "class"), *sy = req_text(req, "school_year");
    char why[200];
    yg[0] = '\0';
    if (*year && pupil_parse_year(year, yg, why, sizeof why) != 0)
        yg[0] = '\0';
    *q = (struct screening_query){ .nc_year = yg };
    q->in = instrument_builtin(*measure ? measure : "sdq-teacher-4-17");
    if (!q->in && *measure)
        q->in = measures_find(req, measure);
    if (!q->in)
        q->in = instrument_builtin("sdq-teacher-4-17");
    int this_year = schoolyear_of(date_today());
    q->school_year = this_year;
    int y;
    if (*sy && schoolyear_parse_year(sy, &y) == 0 && y >= this_year - 10 && y <= this_year)
        q->school_year = y;
    long long cid;
    if (*cls && str_to_int(cls, 1, INT64_MAX, &cid) == 0)
        q->class_staff_id = cid;
}

/* The year groups of the pupils this person may see, in order. */
static int own_year_groups(struct request *req, const struct pupil_filter *scope,
                           struct option years[N_YEAR_GROUPS], size_t *n_years)
{
    struct pupil *ps;
    size_t n_ps;
    int rc = pupil_list(req->db, &req->arena, scope, &ps, &n_ps, NULL, &req->err);
    if (rc)
        return rc;
    for (size_t i = 0; i < N_YEAR_GROUPS; i++)
        for (size_t k = 0; k < n_ps; k++)
            if (!strcmp(ps[k].nc_year, year_groups[i].value)) {
                years[(*n_years)++] = year_groups[i];
                break;
            }
    return 0;
}

int page_screening(struct request *req, struct response *res)
{
    char yg[4];
    struct screening_query q;
    measures_screening_query(req, &q, yg);
    int this_year = schoolyear_of(date_today());
    struct pupil_filter scope = { .fsm = -1 };
    access_pupil_filter(&req->who, &scope);

    /* The school's own year groups (those of the pupils this person may
     * see), not every year group there is (issue 13); with none chosen, the
     * first of them, and the latest school year with questionnaires in it. */
    struct option years[N_YEAR_GROUPS];
    size_t n_years = 0;
    int rc = own_year_groups(req, &scope, years, &n_years);
    if (rc)
        return rc;
    bool chosen_year = *req_text(req, "school_year") != '\0';
    if (!yg[0] && n_years)
        str_copy(yg, 4, years[0].value);
    struct screening_summary s;
    struct screening_row *rows;
    size_t n_rows;
    if (yg[0]) {
        if ((rc = screening_build(req->db, &req->arena, &scope, &q, &s, &rows, &n_rows, &req->err)))
            return rc;
        for (int back = 1; !chosen_year && !s.assessed && back < 3; back++) {
            struct screening_query earlier = q;
            earlier.school_year = this_year - back;
            struct screening_summary s2;
            struct screening_row *rows2;
            size_t n2;
            if ((rc = screening_build(req->db, &req->arena, &scope, &earlier, &s2, &rows2, &n2,
                                      &req->err)))
                return rc;
            if (s2.assessed) {
                q = earlier, s = s2, rows = rows2, n_rows = n2;
                break;
            }
        }
    }

    struct html h;
    struct page pg = { .title = "Screening", .nav = "screening", .wide = true };
    page_begin(req, res, &h, &pg);
    html_raw(&h, "<p class=\"govuk-body\">How many children are in each band of a wellbeing "
                 "measure, by each child's latest questionnaire this school year, and who may "
                 "need a closer look.</p>\n");
    html_raw(&h, "<form method=\"get\" action=\"/screening\" class=\"meso-filters\">\n");
    struct field fy = { .name = "year", .label = "Year group", .value = yg };
    form_select(&h, &fy, n_years ? years : year_groups, n_years ? n_years : N_YEAR_GROUPS);
    struct field fm = { .name = "measure", .label = "Questionnaire", .value = q.in->key };
    form_select(&h, &fm, screening_measures,
                sizeof screening_measures / sizeof screening_measures[0]);
    if (yg[0]) {
        struct option *copts;
        size_t nc;
        if ((rc = class_options(req, &scope, yg, &copts, &nc)))
            return rc;
        const char *cv =
            q.class_staff_id ? arena_sprintf(&req->arena, "%lld", (long long)q.class_staff_id) : "";
        struct field fc = { .name = "class", .label = "Class", .value = cv };
        if (nc > 1)
            form_select(&h, &fc, copts, nc);
    }
    struct option yopts[3];
    for (int i = 0; i < 3; i++) {
        char label[8];
        schoolyear_label(this_year - i, label, sizeof label);
        yopts[i] = (struct option){ arena_sprintf(&req->arena, "%d", this_year - i),
                                    arena_strdup(&req->arena, label), NULL };
    }
    struct field fs = { .name = "school_year",
                        .label = "School year",
                        .value = arena_sprintf(&req->arena, "%d", q.school_year) };
    form_select(&h, &fs, yopts, 3);
    html_raw(&h, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                 "Show</button>\n</form>\n");
    if (!yg[0]) {
        html_raw(&h, "<p class=\"govuk-body\">Choose a year group to see its summary.</p>\n");
        return page_finish(req, &h);
    }
    char label[8];
    schoolyear_label(q.school_year, label, sizeof label);
    if ((rc = page_audit(req, "view", "screening", 0, 0,
                         arena_sprintf(&req->arena, "%s, %s, %s: %ld assessed, %zu for follow-up",
                                       q.in->key, pupil_year_label(yg), label, s.assessed,
                                       s.n_follow_up))))
        return rc;
    html(&h, "<h2 class=\"govuk-heading-m\">%s, %s: %s</h2>\n", pupil_year_label(yg), label,
         measure_short_name(&req->arena, q.in));
    html(&h,
         "<p class=\"govuk-body\" id=\"screening-count\">%ld of %ld children have a "
         "questionnaire this school year.</p>\n",
         s.assessed, s.pupils);
    if (s.assessed)
        screening_table(req, &h, &s);
    if (page_is_lead(req))
        html(&h,
             "<p class=\"govuk-body meso-no-print\"><a class=\"govuk-link\" "
             "href=\"/screening.xlsx?year=%U&amp;measure=%U&amp;class=%lld&amp;school_year=%d\">"
             "Download as a spreadsheet (.xlsx)</a></p>\n",
             yg, q.in->key, (long long)q.class_staff_id, q.school_year);
    html_raw(&h, "<h2 class=\"govuk-heading-m\">For follow-up</h2>\n");
    if (s.n_follow_up == 0) {
        html_raw(&h, "<p class=\"govuk-body\">No child's latest questionnaire has a score in a "
                     "high or very high band.</p>\n");
    } else {
        html(&h,
             "<p class=\"govuk-body\">%zu %s a score in a high or very high band (for kind and "
             "helpful: low or very low). A band is a reason to talk and look closer, not a "
             "diagnosis.</p>\n",
             s.n_follow_up, s.n_follow_up == 1 ? "child has" : "children have");
        static const char *const cols[] = { "Child", "Date", "Scores to look at" };
        measures_table_start(&h, "Children for follow-up", cols, 3);
        for (size_t i = 0; i < s.n_follow_up; i++) {
            const struct screening_follow_up *f = &s.follow_up[i];
            struct buf b;
            buf_init(&b, 4096);
            for (size_t k = 0; k < f->n_flags; k++)
                buf_addf(&b, "%s%s %d, %s", k ? "; " : "", measure_score_label(f->flags[k].score),
                         f->flags[k].value, f->flags[k].band);
            html(&h,
                 "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a "
                 "class=\"govuk-link\" href=\"/pupils/%lld#wellbeing\">%s</a></td>",
                 (long long)f->pupil_id, f->name);
            measures_cell(&h, page_date(req, f->assessed_on));
            measures_cell(&h, arena_strdup(&req->arena, buf_str(&b)));
            html_raw(&h, "</tr>\n");
            buf_release(&b);
        }
        measures_table_end(&h);
    }
    if (s.assessed < s.pupils) {
        html(&h,
             "<details class=\"govuk-details\"><summary class=\"govuk-details__summary\"><span "
             "class=\"govuk-details__summary-text\">%ld %s no questionnaire this school year"
             "</span></summary><div class=\"govuk-details__text\"><ul class=\"govuk-list\">\n",
             s.pupils - s.assessed, s.pupils - s.assessed == 1 ? "child has" : "children have");
        for (size_t i = 0; i < n_rows; i++)
            if (!rows[i].as)
                html(&h, "<li><a class=\"govuk-link\" href=\"/pupils/%lld\">%s</a></li>\n",
                     (long long)rows[i].pupil_id, rows[i].name);
        html_raw(&h, "</ul></div></details>\n");
    }
    return page_finish(req, &h);
}
