#include "pages/measures/measures.h"

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

#define CHART_POINTS 12 /* the latest assessments a chart shows */

/* ---- small helpers -------------------------------------------------------- */

static const char *date_short(struct request *req, const char *iso)
{
    static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    struct date d;
    if (!iso || date_parse(iso, &d) != 0)
        return iso ? iso : "";
    const char *s = arena_sprintf(&req->arena, "%s %d", months[d.m - 1], d.y);
    return s ? s : iso;
}

static const char *who_answered(const struct assessment *as)
{
    return measure_informant_label(as->informant);
}

const struct instrument *measures_find(struct request *req, const char *key)
{
    const struct instrument *in = NULL;
    struct err e;
    err_clear(&e);
    if (measure_find(req->db, &req->arena, req->who.school_id, key, &in, &e) != 0)
        return NULL;
    return in;
}

/* The first banding scheme of a measure, or NULL. */
static const char *first_scheme(const struct instrument *in)
{
    return in && in->n_schemes ? in->schemes[0] : NULL;
}

/* The banded scores in the order the pupil page shows them: banded totals
 * first, then the subscales, then impact. */
static size_t shown_scores(const struct instrument *in, const char **out)
{
    size_t k = 0;
    for (size_t i = 0; i < in->n_totals; i++)
        if (!in->totals[i].unbanded)
            out[k++] = in->totals[i].name;
    for (size_t i = 0; i < in->n_scales; i++)
        out[k++] = in->scales[i].name;
    if (in->impact)
        out[k++] = in->impact->name;
    return k;
}

static const char *band_text(const struct assessment *as, const char *scheme, const char *score)
{
    const struct assessment_band *b = assessment_band_of(as, scheme, score);
    return b && b->band ? b->band : NULL;
}

/* "18 (high)" or "18" or "not scored". */
static const char *value_text(struct request *req, const struct assessment *as, const char *scheme,
                              const char *score)
{
    const struct assessment_score *s = assessment_score_of(as, score);
    if ((!s || s->value == SCORE_MISSING) && as->n_impact == 0 && !strcmp(score, "impact"))
        return "not filled in";
    if (!s || s->value == SCORE_MISSING)
        return "not scored";
    const char *b = band_text(as, scheme, score);
    return b ? arena_sprintf(&req->arena, "%d, %s", s->value, b)
             : arena_sprintf(&req->arena, "%d", s->value);
}

/* ---- the chart ------------------------------------------------------------ */

static int chart(struct request *req, struct html *h, const struct instrument *in,
                 const char *scheme, const char *score, struct assessment *const *as, size_t n,
                 const char *group_name, size_t group)
{
    int lo, hi;
    if (!instrument_score_range(in, score, &lo, &hi))
        return 0;
    struct score_chart ch = { .name = measure_score_label(score), .lo = lo, .hi = hi };
    const struct instrument_bands *t = measure_bands_for(in, scheme, score);
    struct score_chart_band bands[INSTRUMENT_MAX_BANDS];
    for (size_t i = 0; t && i < t->n_bands && i < INSTRUMENT_MAX_BANDS; i++)
        bands[ch.n_bands++] =
            (struct score_chart_band){ t->bands[i].lo, t->bands[i].hi, t->bands[i].label };
    ch.bands = bands;
    struct score_chart_point pts[CHART_POINTS];
    size_t first = n > CHART_POINTS ? n - CHART_POINTS : 0;
    for (size_t i = first; i < n; i++) {
        const struct assessment_score *s = assessment_score_of(as[i], score);
        pts[ch.n_points++] = (struct score_chart_point){
            .date_short = date_short(req, as[i]->assessed_on),
            .date_long = page_date(req, as[i]->assessed_on),
            .value = s ? s->value : SCORE_MISSING,
            .band = band_text(as[i], scheme, score),
        };
    }
    ch.points = pts;
    struct buf desc, svg;
    buf_init(&desc, 16 * 1024);
    buf_init(&svg, 1 << 20);
    int rc = score_chart_describe(&desc, &ch);
    const char *title =
        arena_sprintf(&req->arena, "%s: %s over time", group_name, measure_score_label(score));
    const char *prefix = arena_sprintf(&req->arena, "g%zu-%s", group, score);
    struct err e;
    err_clear(&e);
    if (rc == 0)
        rc = canvas_svg_render(&svg, SCORE_CHART_WIDTH, SCORE_CHART_HEIGHT, title, buf_str(&desc),
                               prefix, score_chart_draw, &ch, &e);
    if (rc == 0) {
        html_raw(h, "<figure class=\"meso-chart\">\n");
        struct html_safe pic = { buf_str(&svg), svg.len }; /* built by io/canvas_svg */
        html_safe(h, &pic);
        html_raw(h, "</figure>\n");
    }
    buf_release(&desc);
    buf_release(&svg);
    return rc;
}

/* ---- the pupil page ------------------------------------------------------- */

static void saved_banner(struct request *req, struct html *h, const struct pupil *p,
                         const struct assessment *as, size_t n)
{
    long long id;
    const char *v = req_query(req, "recorded");
    if (!v || str_to_int(v, 1, INT64_MAX, &id) != 0)
        return;
    for (size_t i = 0; i < n; i++) {
        if (as[i].id != id)
            continue;
        const struct instrument *in = measures_find(req, as[i].instrument);
        const char *scheme = first_scheme(in);
        const char *what = in ? measure_short_name(&req->arena, in) : as[i].instrument;
        const char *lead = in && in->n_totals && !in->totals[0].unbanded ? in->totals[0].name
                           : in && in->n_scales                          ? in->scales[0].name
                                                                         : NULL;
        const char *text =
            lead ? arena_sprintf(&req->arena, "%s on %s is saved. %s: %s.", what,
                                 page_date(req, as[i].assessed_on), measure_score_label(lead),
                                 value_text(req, &as[i], scheme, lead))
                 : arena_sprintf(&req->arena, "%s on %s is saved.", what,
                                 page_date(req, as[i].assessed_on));
        layout_banner(h, true, "Questionnaire saved", text ? text : "Saved.");
    }
    (void)p;
}

int measures_pupil_section(struct request *req, struct html *h, const struct pupil *p)
{
    struct assessment *as;
    size_t n;
    int rc = assessment_list(req->db, &req->arena, p->id, &as, &n, &req->err);
    if (rc)
        return rc;
    html_raw(h, "<h2 class=\"govuk-heading-m\" id=\"wellbeing\">Wellbeing</h2>\n");
    saved_banner(req, h, p, as, n);
    if (page_can_edit(req))
        html(
            h,
            "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/pupils/%lld/assessments/new\">"
            "Record a questionnaire<span class=\"govuk-visually-hidden\"> for %s</span></a></p>\n",
            (long long)p->id, pupil_display_name(&req->arena, p));
    if (n == 0) {
        html_raw(h, "<p class=\"govuk-body\">No questionnaires are recorded yet.</p>\n");
        return 0;
    }
    /* One group per measure, in the order each was first used. */
    const char *keys[32];
    size_t n_keys = 0;
    for (size_t i = 0; i < n && n_keys < 32; i++) {
        bool seen = false;
        for (size_t k = 0; k < n_keys; k++)
            seen |= !strcmp(keys[k], as[i].instrument);
        if (!seen)
            keys[n_keys++] = as[i].instrument;
    }
    struct assessment **grp = arena_array(&req->arena, n + 1, sizeof *grp);
    if (!grp)
        return ERR_NOMEM;
    for (size_t k = 0; k < n_keys; k++) {
        size_t g = 0;
        for (size_t i = 0; i < n; i++)
            if (!strcmp(as[i].instrument, keys[k]))
                grp[g++] = &as[i];
        const struct instrument *in = measures_find(req, keys[k]);
        if (!in) {
            html(h,
                 "<h3 class=\"govuk-heading-s\">%s</h3><p class=\"govuk-body\">meso no longer "
                 "has this measure's definition, so its scores cannot be shown.</p>\n",
                 keys[k]);
            continue;
        }
        const char *name = measure_short_name(&req->arena, in);
        const char *scheme = first_scheme(in);
        const struct assessment *last = grp[g - 1];
        const char *scores[INSTRUMENT_MAX_SCORES];
        size_t ns = shown_scores(in, scores);
        html(h, "<h3 class=\"govuk-heading-s\">%s</h3>\n", name);
        html(h,
             "<p class=\"govuk-body govuk-!-margin-bottom-2\">Latest, %s (%s):</p>\n"
             "<ul class=\"govuk-list govuk-list--bullet meso-latest\">\n",
             page_date(req, last->assessed_on), who_answered(last));
        for (size_t i = 0; i < ns; i++)
            html(h, "<li>%s: %s</li>\n", measure_score_label(scores[i]),
                 value_text(req, last, scheme, scores[i]));
        html_raw(h, "</ul>\n<div class=\"meso-charts\">\n");
        for (size_t i = 0; i < ns; i++) {
            bool any = false;
            for (size_t j = 0; j < g; j++) {
                const struct assessment_score *s = assessment_score_of(grp[j], scores[i]);
                any |= s && s->value != SCORE_MISSING;
            }
            /* Impact is often not collected: chart it only when it was. */
            if (!any && in->impact && !strcmp(scores[i], in->impact->name))
                continue;
            if ((rc = chart(req, h, in, scheme, scores[i], grp, g, name, k)))
                return rc;
        }
        html_raw(h, "</div>\n");
        /* The same figures as a table. */
        html(
            h,
            "<div class=\"meso-table-wrap\" role=\"region\" aria-label=\"%s scores\" "
            "tabindex=\"0\"><table class=\"govuk-table\"><caption class=\"govuk-table__caption "
            "govuk-table__caption--s\">%s: every score</caption><thead class=\"govuk-table__head\">"
            "<tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Date"
            "</th><th scope=\"col\" class=\"govuk-table__header\">Who answered</th>",
            name, name);
        for (size_t i = 0; i < ns; i++)
            html(h, "<th scope=\"col\" class=\"govuk-table__header\">%s</th>",
                 measure_score_label(scores[i]));
        html_raw(h, "</tr></thead><tbody class=\"govuk-table__body\">\n");
        for (size_t j = g; j-- > 0;) {
            html(h,
                 "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">"
                 "<a class=\"govuk-link\" href=\"/pupils/%lld/assessments/%lld\">%s</a></th>"
                 "<td class=\"govuk-table__cell\">%s%s%s%s</td>",
                 (long long)p->id, (long long)grp[j]->id, page_date(req, grp[j]->assessed_on),
                 who_answered(grp[j]), grp[j]->completed_by[0] ? " (" : "", grp[j]->completed_by,
                 grp[j]->completed_by[0] ? ")" : "");
            for (size_t i = 0; i < ns; i++)
                html(h, "<td class=\"govuk-table__cell\">%s</td>",
                     value_text(req, grp[j], scheme, scores[i]));
            html_raw(h, "</tr>\n");
        }
        html_raw(h, "</tbody></table></div>\n");
        if (g >= 2) {
            html(h,
                 "<form method=\"get\" action=\"/pupils/%lld/change\" class=\"meso-filters\">\n"
                 "<fieldset class=\"govuk-fieldset\"><legend class=\"govuk-fieldset__legend "
                 "govuk-fieldset__legend--s\">Has %s changed reliably?</legend>\n",
                 (long long)p->id, name);
            for (int w = 0; w < 2; w++) {
                html(h,
                     "<div class=\"govuk-form-group\"><label class=\"govuk-label\" "
                     "for=\"%s-%zu\">%s</label><select class=\"govuk-select\" id=\"%s-%zu\" "
                     "name=\"%s\">\n",
                     w ? "to" : "from", k, w ? "Compare with" : "From", w ? "to" : "from", k,
                     w ? "to" : "from");
                for (size_t j = 0; j < g; j++)
                    html(h, "<option value=\"%lld\"%s>%s</option>\n", (long long)grp[j]->id,
                         (w ? j == g - 1 : j == 0) ? " selected" : "",
                         page_date(req, grp[j]->assessed_on));
                html_raw(h, "</select></div>\n");
            }
            html_raw(h, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
                        "data-module=\"govuk-button\">Check for reliable change</button>\n"
                        "</fieldset></form>\n");
        }
    }
    return 0;
}

static const char *term_text(struct request *req, int year, const char *term)
{
    char label[8];
    schoolyear_label(year, label, sizeof label);
    const char *s = arena_sprintf(&req->arena, "%c%s %s", term[0] - 32, term + 1, label);
    return s ? s : term;
}

void measures_table_start(struct html *h, const char *caption, const char *const *cols, size_t n)
{
    html(h,
         "<div class=\"meso-table-wrap\" role=\"region\" aria-label=\"%s\" tabindex=\"0\">"
         "<table class=\"govuk-table\"><caption class=\"govuk-table__caption "
         "govuk-table__caption--s\">%s</caption><thead class=\"govuk-table__head\">"
         "<tr class=\"govuk-table__row\">",
         caption, caption);
    for (size_t i = 0; i < n; i++)
        html(h, "<th scope=\"col\" class=\"govuk-table__header\">%s</th>", cols[i]);
    html_raw(h, "</tr></thead><tbody class=\"govuk-table__body\">\n");
}

void measures_table_end(struct html *h)
{
    html_raw(h, "</tbody></table></div>\n");
}

void measures_cell(struct html *h, const char *text)
{
    html(h, "<td class=\"govuk-table__cell\">%s</td>", text ? text : "");
}

int measures_outcomes_section(struct request *req, struct html *h, const struct pupil *p)
{
    struct pupil_outcomes o;
    struct outcome_codes codes;
    int rc = outcome_list(req->db, &req->arena, p->id, &o, &req->err);
    if (rc || (rc = outcome_codes_load(req->db, &req->arena, &codes, &req->err)))
        return rc;
    html_raw(h, "<h2 class=\"govuk-heading-m\" id=\"outcomes\">Other outcomes</h2>\n");
    if (!o.n_attainment && !o.n_attendance && !o.n_exclusions && !o.n_bullying && !o.n_ratings) {
        html_raw(h, "<p class=\"govuk-body\">None recorded yet. Attainment, attendance, "
                    "suspensions, bullying and ratings of positive relationships come from the "
                    "school's own records.</p>\n");
        return 0;
    }
    if (o.n_attainment) {
        static const char *const cols[] = { "Term", "Subject", "Result", "Target" };
        measures_table_start(h, "Attainment", cols, 4);
        for (size_t i = 0; i < o.n_attainment; i++) {
            const struct attainment *x = &o.attainment[i];
            html_raw(h, "<tr class=\"govuk-table__row\">");
            measures_cell(h, term_text(req, x->year, x->term));
            measures_cell(h, x->subject);
            measures_cell(h, x->result);
            measures_cell(h, x->target ? x->target : "None set");
            html_raw(h, "</tr>\n");
        }
        measures_table_end(h);
    }
    if (o.n_attendance) {
        static const char *const cols[] = { "Term", "Attendance", "Sessions attended" };
        measures_table_start(h, "Attendance", cols, 3);
        for (size_t i = 0; i < o.n_attendance; i++) {
            const struct attendance *x = &o.attendance[i];
            html_raw(h, "<tr class=\"govuk-table__row\">");
            measures_cell(h, term_text(req, x->year, x->term));
            measures_cell(h, arena_sprintf(&req->arena, "%.1f%%", x->percent));
            measures_cell(h, x->sessions_possible >= 0
                                 ? arena_sprintf(&req->arena, "%d of %d", x->sessions_attended,
                                                 x->sessions_possible)
                                 : "Not given");
            html_raw(h, "</tr>\n");
        }
        measures_table_end(h);
    }
    if (o.n_exclusions) {
        static const char *const cols[] = { "From", "What", "Sessions (half days)", "Reasons" };
        measures_table_start(h, "Suspensions and exclusions", cols, 4);
        for (size_t i = 0; i < o.n_exclusions; i++) {
            const struct exclusion *x = &o.exclusions[i];
            struct buf r;
            buf_init(&r, 2048);
            for (int k = 0; k < 3 && x->reasons[k][0]; k++) {
                const char *l = outcome_code_label(codes.reasons, codes.n_reasons, x->reasons[k]);
                buf_addf(&r, "%s%s%s%s", k ? "; " : "", x->reasons[k], l ? ": " : "", l ? l : "");
            }
            html_raw(h, "<tr class=\"govuk-table__row\">");
            measures_cell(h, page_date(req, x->start_date));
            measures_cell(h, outcome_code_label(codes.categories, codes.n_categories, x->category));
            measures_cell(h, x->sessions >= 0 ? arena_sprintf(&req->arena, "%d", x->sessions) : "");
            measures_cell(h, arena_strdup(&req->arena, buf_str(&r)));
            html_raw(h, "</tr>\n");
            buf_release(&r);
        }
        measures_table_end(h);
    }
    if (o.n_bullying) {
        static const char *const cols[] = { "Date", "Kind", "Reference" };
        measures_table_start(h, "Bullying this child experienced", cols, 3);
        for (size_t i = 0; i < o.n_bullying; i++) {
            const struct bullying *x = &o.bullying[i];
            html_raw(h, "<tr class=\"govuk-table__row\">");
            measures_cell(h, page_date(req, x->occurred_on));
            measures_cell(h, outcome_code_label(codes.bullying, codes.n_bullying, x->type));
            measures_cell(h, x->reference);
            html_raw(h, "</tr>\n");
        }
        measures_table_end(h);
    }
    if (o.n_ratings) {
        static const char *const cols[] = { "Date", "Rated by", "Positive relationships" };
        measures_table_start(h, "Positive relationships", cols, 3);
        for (size_t i = 0; i < o.n_ratings; i++) {
            const struct relationship_rating *x = &o.ratings[i];
            html_raw(h, "<tr class=\"govuk-table__row\">");
            measures_cell(h, page_date(req, x->rated_on));
            measures_cell(h, !strcmp(x->rater, "pupil") ? "The child"
                             : x->rater[0] == 'p'       ? "Parent or carer"
                                                        : "Teacher");
            measures_cell(h, arena_sprintf(&req->arena, "%d of 5: %s", x->rating,
                                           outcome_rating_label(x->rating)));
            html_raw(h, "</tr>\n");
        }
        measures_table_end(h);
    }
    return 0;
}

/* ---- one questionnaire ----------------------------------------------------- */

static int pupil_assessment(struct request *req, struct pupil *p, int64_t id, struct assessment *as)
{
    int rc = page_pupil(req, page_id(req, 0), p);
    if (rc)
        return rc;
    if (id <= 0)
        return ERR_NOTFOUND;
    rc = assessment_get(req->db, &req->arena, id, as, &req->err);
    if (rc == 0 && as->pupil_id != p->id)
        rc = ERR_NOTFOUND;
    return rc;
}

int page_assessment_show(struct request *req, struct response *res)
{
    struct pupil p;
    struct assessment as;
    int rc = pupil_assessment(req, &p, page_id(req, 1), &as);
    if (rc || (rc = page_audit(req, "view", "assessment", as.id, p.id, NULL)))
        return rc;
    const struct instrument *in = measures_find(req, as.instrument);
    const char *name = in ? measure_short_name(&req->arena, in) : as.instrument;
    struct html h;
    struct page pg = {
        .title = arena_sprintf(&req->arena, "%s, %s", name, page_date(req, as.assessed_on)),
        .caption = pupil_display_name(&req->arena, &p),
        .nav = "pupils",
        .back_href = arena_sprintf(&req->arena, "/pupils/%lld#wellbeing", (long long)p.id),
    };
    page_begin(req, res, &h, &pg);
    html_raw(&h, "<dl class=\"govuk-summary-list\">\n");
#define ROW(k, v)                                                                               \
    html(&h,                                                                                    \
         "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s</dt>" \
         "<dd class=\"govuk-summary-list__value\">%s</dd></div>\n",                             \
         k, v)
    ROW("Who answered", who_answered(&as));
    if (as.completed_by[0])
        ROW("Completed by", as.completed_by);
    ROW("Date", page_date(req, as.assessed_on));
    ROW("Age then", arena_sprintf(&req->arena, "%d", as.age_years));
    ROW("Scored with", arena_sprintf(&req->arena, "%s (%s), version %s",
                                     in ? in->title : as.instrument, as.instrument, as.version));
    ROW("Recorded",
        arena_sprintf(&req->arena, "%s by %s (%s)", as.recorded_at, as.recorded_by, as.source));
#undef ROW
    html_raw(&h, "</dl>\n");
    /* The scores, with a column per banding scheme. */
    const char *schemes[INSTRUMENT_MAX_SCHEMES];
    size_t n_schemes = 0;
    for (size_t i = 0; i < as.n_bands && n_schemes < INSTRUMENT_MAX_SCHEMES; i++) {
        bool seen = false;
        for (size_t s = 0; s < n_schemes; s++)
            seen |= !strcmp(schemes[s], as.bands[i].scheme);
        if (!seen)
            schemes[n_schemes++] = as.bands[i].scheme;
    }
    html_raw(&h,
             "<div class=\"meso-table-wrap\" role=\"region\" aria-label=\"Scores\" tabindex=\"0\">"
             "<table class=\"govuk-table\"><caption class=\"govuk-table__caption "
             "govuk-table__caption--m\">Scores</caption><thead class=\"govuk-table__head\">"
             "<tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">"
             "Score</th><th scope=\"col\" class=\"govuk-table__header\">Value</th>");
    for (size_t s = 0; s < n_schemes; s++)
        html(&h, "<th scope=\"col\" class=\"govuk-table__header\">Band (%s)</th>",
             !strcmp(schemes[s], "four_band")    ? "four bands"
             : !strcmp(schemes[s], "three_band") ? "three bands"
                                                 : schemes[s]);
    html_raw(&h, "</tr></thead><tbody class=\"govuk-table__body\">\n");
    for (size_t i = 0; i < as.n_scores; i++) {
        const struct assessment_score *s = &as.scores[i];
        html(&h,
             "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%s"
             "</th>",
             measure_score_label(s->score));
        measures_cell(&h, s->value == SCORE_MISSING ? "not scored"
                                                    : arena_sprintf(&req->arena, "%d", s->value));
        for (size_t k = 0; k < n_schemes; k++) {
            const char *b = s->banded ? band_text(&as, schemes[k], s->score) : NULL;
            measures_cell(&h, b ? b : s->banded ? "none given" : "");
        }
        html_raw(&h, "</tr>\n");
    }
    html_raw(&h, "</tbody></table></div>\n");
    /* The answers by item number. */
    html_raw(&h, "<h2 class=\"govuk-heading-m\">Answers by item number</h2>\n"
                 "<ul class=\"govuk-list meso-answers\">\n");
    for (size_t i = 0; i < as.n_responses; i++)
        html(&h, "<li>Item %zu: %s</li>\n", i + 1,
             as.responses[i] == SCORE_MISSING ? "no answer"
                                              : arena_sprintf(&req->arena, "%d", as.responses[i]));
    html_raw(&h, "</ul>\n");
    if (as.n_impact) {
        html_raw(&h, "<h2 class=\"govuk-heading-m\">Impact answers</h2>\n"
                     "<ul class=\"govuk-list meso-answers\">\n");
        for (size_t i = 0; i < as.n_impact; i++)
            html(&h, "<li>Impact %zu: %s</li>\n", i + 1,
                 as.impact[i] == SCORE_MISSING ? "no answer"
                                               : arena_sprintf(&req->arena, "%d", as.impact[i]));
        html_raw(&h, "</ul>\n");
    } else if (in && in->impact) {
        html_raw(&h, "<p class=\"govuk-body\">The impact questions were not filled in.</p>\n");
    }
    return page_finish(req, &h);
}

/* ---- reliable change -------------------------------------------------------- */

int page_assessment_change(struct request *req, struct response *res)
{
    struct pupil p;
    struct assessment x, y;
    int64_t from = (int64_t)req_query_long(req, "from", 1, INT32_MAX, 0),
            to = (int64_t)req_query_long(req, "to", 1, INT32_MAX, 0);
    int rc = pupil_assessment(req, &p, from, &x);
    if (rc || (rc = pupil_assessment(req, &p, to, &y)))
        return rc;
    struct assessment_change *c = NULL;
    size_t n = 0;
    struct err e;
    err_clear(&e);
    int cmp = assessment_compare(req->db, &req->arena, req->who.school_id, &x, &y, &c, &n, &e);
    if (cmp && cmp != ERR_INPUT)
        return cmp;
    if ((rc = page_audit(req, "view", "assessment", 0, p.id,
                         arena_sprintf(&req->arena, "reliable change %lld to %lld", (long long)x.id,
                                       (long long)y.id))))
        return rc;
    if (strcmp(x.assessed_on, y.assessed_on) > 0) {
        struct assessment t = x;
        x = y;
        y = t;
    }
    struct html h;
    struct page pg = { .title = "Reliable change",
                       .caption = pupil_display_name(&req->arena, &p),
                       .nav = "pupils",
                       .back_href =
                           arena_sprintf(&req->arena, "/pupils/%lld#wellbeing", (long long)p.id) };
    page_begin(req, res, &h, &pg);
    if (cmp) {
        char *m = arena_strdup(&req->arena, e.msg);
        if (m && m[0] >= 'a' && m[0] <= 'z')
            m[0] = (char)(m[0] - 32);
        html(&h,
             "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" "
             "aria-hidden=\"true\">!</span><strong class=\"govuk-warning-text__text\">"
             "<span class=\"govuk-visually-hidden\">Warning</span> %s.</strong></div>\n",
             m ? m : e.msg);
        return page_finish(req, &h);
    }
    const struct instrument *in = measures_find(req, x.instrument);
    html(&h,
         "<p class=\"govuk-body\">%s, answered by the %s, from %s to %s. A change counts as "
         "reliable when it is larger than the measure's own unreliability would explain: the "
         "reliable change index (RCI) is beyond 1.96 either way.</p>\n",
         in ? measure_short_name(&req->arena, in) : x.instrument, x.informant,
         page_date(req, x.assessed_on), page_date(req, y.assessed_on));
    static const char *const cols[] = { "Score", "Then",   "Now",         "Change",
                                        "RCI",   "Result", "Figures used" };
    measures_table_start(&h, "Change in each score", cols, 7);
    bool missing = false;
    for (size_t i = 0; i < n; i++) {
        html(&h,
             "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%s"
             "</th>",
             measure_score_label(c[i].score));
        bool both = c[i].from != SCORE_MISSING && c[i].to != SCORE_MISSING;
        measures_cell(&h, c[i].from == SCORE_MISSING ? "not scored"
                                                     : arena_sprintf(&req->arena, "%d", c[i].from));
        measures_cell(&h, c[i].to == SCORE_MISSING ? "not scored"
                                                   : arena_sprintf(&req->arena, "%d", c[i].to));
        measures_cell(&h, !both ? ""
                          : c[i].to == c[i].from
                              ? "0"
                              : arena_sprintf(&req->arena, "%+d", c[i].to - c[i].from));
        measures_cell(&h, c[i].verdict != CHANGE_NOT_COMPUTED
                              ? arena_sprintf(&req->arena, "%.2f", c[i].rci)
                              : "");
        measures_cell(&h, c[i].have_figures ? assessment_verdict_text(c[i].verdict)
                                            : "not computed: no reliability figures");
        measures_cell(&h, c[i].have_figures ? arena_sprintf(&req->arena, "r %.2f, SD %.2f (%s)",
                                                            c[i].retest_r, c[i].sd, c[i].source)
                                            : "");
        html_raw(&h, "</tr>\n");
        missing |= !c[i].have_figures;
    }
    measures_table_end(&h);
    if (missing)
        html_raw(&h, "<p class=\"govuk-body\">meso has no published test-retest reliability "
                     "figures for some of these scores, so it does not guess. A lead can set the "
                     "figures the school uses, with their source, on the command line (meso "
                     "reliability set).</p>\n");
    return page_finish(req, &h);
}
