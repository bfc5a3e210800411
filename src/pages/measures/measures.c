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

static const struct instrument *find_measure(struct request *req, const char *key)
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
        const struct instrument *in = find_measure(req, as[i].instrument);
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
        const struct instrument *in = find_measure(req, keys[k]);
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

static void table_start(struct html *h, const char *caption, const char *const *cols, size_t n)
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

static void table_end(struct html *h)
{
    html_raw(h, "</tbody></table></div>\n");
}

static void cell(struct html *h, const char *text)
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
        table_start(h, "Attainment", cols, 4);
        for (size_t i = 0; i < o.n_attainment; i++) {
            const struct attainment *x = &o.attainment[i];
            html_raw(h, "<tr class=\"govuk-table__row\">");
            cell(h, term_text(req, x->year, x->term));
            cell(h, x->subject);
            cell(h, x->result);
            cell(h, x->target ? x->target : "None set");
            html_raw(h, "</tr>\n");
        }
        table_end(h);
    }
    if (o.n_attendance) {
        static const char *const cols[] = { "Term", "Attendance", "Sessions attended" };
        table_start(h, "Attendance", cols, 3);
        for (size_t i = 0; i < o.n_attendance; i++) {
            const struct attendance *x = &o.attendance[i];
            html_raw(h, "<tr class=\"govuk-table__row\">");
            cell(h, term_text(req, x->year, x->term));
            cell(h, arena_sprintf(&req->arena, "%.1f%%", x->percent));
            cell(h, x->sessions_possible >= 0
                        ? arena_sprintf(&req->arena, "%d of %d", x->sessions_attended,
                                        x->sessions_possible)
                        : "Not given");
            html_raw(h, "</tr>\n");
        }
        table_end(h);
    }
    if (o.n_exclusions) {
        static const char *const cols[] = { "From", "What", "Sessions (half days)", "Reasons" };
        table_start(h, "Suspensions and exclusions", cols, 4);
        for (size_t i = 0; i < o.n_exclusions; i++) {
            const struct exclusion *x = &o.exclusions[i];
            struct buf r;
            buf_init(&r, 2048);
            for (int k = 0; k < 3 && x->reasons[k][0]; k++) {
                const char *l = outcome_code_label(codes.reasons, codes.n_reasons, x->reasons[k]);
                buf_addf(&r, "%s%s%s%s", k ? "; " : "", x->reasons[k], l ? ": " : "", l ? l : "");
            }
            html_raw(h, "<tr class=\"govuk-table__row\">");
            cell(h, page_date(req, x->start_date));
            cell(h, outcome_code_label(codes.categories, codes.n_categories, x->category));
            cell(h, x->sessions >= 0 ? arena_sprintf(&req->arena, "%d", x->sessions) : "");
            cell(h, arena_strdup(&req->arena, buf_str(&r)));
            html_raw(h, "</tr>\n");
            buf_release(&r);
        }
        table_end(h);
    }
    if (o.n_bullying) {
        static const char *const cols[] = { "Date", "Kind", "Reference" };
        table_start(h, "Bullying this child experienced", cols, 3);
        for (size_t i = 0; i < o.n_bullying; i++) {
            const struct bullying *x = &o.bullying[i];
            html_raw(h, "<tr class=\"govuk-table__row\">");
            cell(h, page_date(req, x->occurred_on));
            cell(h, outcome_code_label(codes.bullying, codes.n_bullying, x->type));
            cell(h, x->reference);
            html_raw(h, "</tr>\n");
        }
        table_end(h);
    }
    if (o.n_ratings) {
        static const char *const cols[] = { "Date", "Rated by", "Positive relationships" };
        table_start(h, "Positive relationships", cols, 3);
        for (size_t i = 0; i < o.n_ratings; i++) {
            const struct relationship_rating *x = &o.ratings[i];
            html_raw(h, "<tr class=\"govuk-table__row\">");
            cell(h, page_date(req, x->rated_on));
            cell(h, !strcmp(x->rater, "pupil") ? "The child"
                    : x->rater[0] == 'p'       ? "Parent or carer"
                                               : "Teacher");
            cell(h, arena_sprintf(&req->arena, "%d of 5: %s", x->rating,
                                  outcome_rating_label(x->rating)));
            html_raw(h, "</tr>\n");
        }
        table_end(h);
    }
    return 0;
}

/* ---- the questionnaire form ------------------------------------------------ */

struct form_choice {
    const char *form;      /* the form= value */
    const char *measure;   /* for measure_resolve */
    const char *informant; /* NULL: the definition's */
    const char *template;  /* the built-in whose items the page shows */
    const char *label, *hint;
};

static const struct form_choice choices[] = {
    { "sdq-teacher", "sdq", "teacher", "sdq-teacher-4-17", "SDQ: teacher",
      "The teacher's form, for ages 2 to 17" },
    { "sdq-parent", "sdq", "parent", "sdq-parent-4-17", "SDQ: parent or carer",
      "The parent's form, for ages 2 to 17" },
    { "sdq-self", "sdq", "self", "sdq-self-11-17", "SDQ: the child's own",
      "The self-report form, for ages 11 to 17" },
    { "mmf", "mmf", NULL, "mmf", "Me and My Feelings", "The child's own, for ages 8 and over" },
};
#define N_CHOICES (sizeof choices / sizeof choices[0])

/* What the numbers mean, read to screen readers after each code. */
static const char *const sdq_codes[] = { "not true", "somewhat true", "certainly true" };
static const char *const mmf_codes[] = { "never", "sometimes", "always" };
static const char *const sdq_gate_codes[] = { "no", "yes, minor difficulties",
                                              "yes, definite difficulties",
                                              "yes, severe difficulties" };
static const char *const sdq_impact_codes[] = { "not at all", "only a little", "quite a lot",
                                                "a great deal" };
static const char *const impact_parent[] = {
    "Difficulties overall", "Upset or distressed", "Home life",
    "Friendships",          "Classroom learning",  "Leisure activities"
};
static const char *const impact_teacher[] = { "Difficulties overall", "Upset or distressed",
                                              "Getting on with other children",
                                              "Classroom learning" };

struct form_spec {
    const struct form_choice *choice; /* NULL for a school's own measure */
    const char *form;
    const char *measure, *informant;
    const struct instrument *in; /* the items and impact the page shows */
    const char *title;
};

static bool form_spec(struct request *req, const char *form, struct form_spec *out)
{
    memset(out, 0, sizeof *out);
    out->form = form;
    for (size_t i = 0; i < N_CHOICES; i++)
        if (!strcmp(choices[i].form, form)) {
            out->choice = &choices[i];
            out->measure = choices[i].measure;
            out->in = instrument_builtin(choices[i].template);
            if (!out->in)
                return false;
            out->informant = choices[i].informant ? choices[i].informant : out->in->informant;
            out->title = choices[i].label;
            return true;
        }
    if (!instrument_valid_name(form) || instrument_builtin(form))
        return false;
    out->in = find_measure(req, form);
    if (!out->in)
        return false;
    out->measure = form;
    out->informant = strcmp(out->in->informant, "any") ? out->in->informant : NULL;
    out->title = out->in->title;
    return true;
}

static bool is_sdq(const struct form_spec *fs)
{
    return fs->choice && !strcmp(fs->choice->measure, "sdq");
}

static void code_radios(struct html *h, const char *name, const char *legend, int lo, int hi,
                        const char *const *meanings, size_t n_meanings, const char *value,
                        const char *error)
{
    html(h,
         "<div class=\"govuk-form-group meso-item%s\"><fieldset class=\"govuk-fieldset\" id=\"%s\"",
         error ? " govuk-form-group--error" : "", name);
    if (error)
        html(h, " aria-describedby=\"%s-error\"", name);
    html(h, "><legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">%s</legend>\n",
         legend);
    if (error)
        html(h,
             "<p id=\"%s-error\" class=\"govuk-error-message\"><span "
             "class=\"govuk-visually-hidden\">Error:</span> %s</p>\n",
             name, error);
    html_raw(h, "<div class=\"govuk-radios govuk-radios--small govuk-radios--inline\" "
                "data-module=\"govuk-radios\">\n");
    for (int c = lo; c <= hi; c++) {
        long long x;
        bool sel = value && *value && str_to_int(value, c, c, &x) == 0;
        const char *m = (size_t)(c - lo) < n_meanings ? meanings[c - lo] : NULL;
        html(h,
             "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" "
             "id=\"%s-%d\" name=\"%s\" type=\"radio\" value=\"%d\"%s><label class=\"govuk-label "
             "govuk-radios__label\" for=\"%s-%d\">%d",
             name, c, name, c, sel ? " checked" : "", name, c, c);
        /* What the number means, for screen readers. */
        if (m)
            html(h, "<span class=\"govuk-visually-hidden\"> (%s)</span>", m);
        html_raw(h, "</label></div>\n");
    }
    html(h,
         "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" id=\"%s-none\" "
         "name=\"%s\" type=\"radio\" value=\"\"><label class=\"govuk-label govuk-radios__label\" "
         "for=\"%s-none\">No answer</label></div>\n</div></fieldset></div>\n",
         name, name, name);
}

static void render_chooser(struct request *req, struct response *res, const struct pupil *p)
{
    struct html h;
    const char *back = arena_sprintf(&req->arena, "/pupils/%lld#wellbeing", (long long)p->id);
    struct page pg = { .title = "Record a questionnaire",
                       .caption = pupil_display_name(&req->arena, p),
                       .nav = "pupils",
                       .back_href = back };
    page_begin(req, res, &h, &pg);
    html_raw(&h, "<p class=\"govuk-body\">Have the completed paper form in front of you. You will "
                 "enter the box ticked for each item, by the item's number. meso never shows the "
                 "questions themselves.</p>\n");
    html(&h, "<form method=\"get\" action=\"/pupils/%lld/assessments/new\" novalidate>\n",
         (long long)p->id);
    struct option opts[N_CHOICES + 16];
    size_t n = 0;
    for (size_t i = 0; i < N_CHOICES; i++)
        opts[n++] = (struct option){ choices[i].form, choices[i].label, choices[i].hint };
    struct measure_definition_row *defs;
    size_t n_defs = 0;
    if (measure_list_definitions(req->db, &req->arena, req->who.school_id, &defs, &n_defs,
                                 &req->err) == 0)
        for (size_t i = 0; i < n_defs && n < sizeof opts / sizeof opts[0]; i++)
            if (i == 0 || strcmp(defs[i].key, defs[i - 1].key))
                opts[n++] =
                    (struct option){ defs[i].key, defs[i].title, "The school's own measure" };
    struct field f = { .name = "form", .label = "Which questionnaire?", .value = "sdq-teacher" };
    form_radios(&h, &f, opts, n, false);
    form_button(&h, "Continue", false);
    html_raw(&h, "</form>\n");
    page_finish(req, &h);
}

struct form_values {
    const char *assessed_on, *completed_by;
    const char *informant; /* a school's own measure answered by anyone */
    const char *items[INSTRUMENT_MAX_ITEMS + 1];
    const char *impact[INSTRUMENT_MAX_IMPACT_ITEMS + 1];
};

static void render_form(struct request *req, struct response *res, const struct pupil *p,
                        const struct form_spec *fs, const struct form_values *v,
                        const struct problems *pr)
{
    struct html h;
    const char *action = arena_sprintf(&req->arena, "/pupils/%lld/assessments/new?form=%s",
                                       (long long)p->id, fs->form);
    struct page pg = { .title = fs->title,
                       .caption = pupil_display_name(&req->arena, p),
                       .nav = "pupils",
                       .back_href = arena_sprintf(&req->arena, "/pupils/%lld/assessments/new",
                                                  (long long)p->id) };
    page_begin(req, res, &h, &pg);
    form_error_summary(&h, pr);
    const struct instrument *in = fs->in;
    bool sdq = is_sdq(fs), mmf = fs->choice && !strcmp(fs->choice->form, "mmf");
    if (sdq)
        html_raw(&h, "<div class=\"govuk-inset-text\">For each item, choose the number of the "
                     "box ticked on the paper form: 0 for not true, 1 for somewhat true, 2 for "
                     "certainly true. Do this for every item, even those that count the other "
                     "way round: meso turns them round when it scores. Leave an item with no "
                     "answer if it was not answered.</div>\n");
    else if (mmf)
        html_raw(&h, "<div class=\"govuk-inset-text\">For each item, choose the number of the "
                     "box ticked: 0 for never, 1 for sometimes, 2 for always. meso turns item 15 "
                     "round when it scores.</div>\n");
    else
        html(&h,
             "<div class=\"govuk-inset-text\">For each item, choose the code that was given, "
             "from %d to %d.</div>\n",
             in->code_min, in->code_max);
    /* The form posts to the same address; form= travels in the query. */
    form_start(&h, action, req->csrf);
#define ERR(f) problems_for(pr, f)
    struct field fd = { .name = "assessed_on",
                        .label = "Date the form was completed",
                        .hint = "For example, 14/03/2025",
                        .value = v->assessed_on,
                        .error = ERR("assessed_on"),
                        .width = "10" };
    form_input(&h, &fd);
    struct field fb = { .name = "completed_by",
                        .label = "Who completed it (optional)",
                        .hint = sdq && !strcmp(fs->informant, "parent")
                                    ? "For example, mother, or grandfather"
                                    : "For example, the class teacher's name",
                        .value = v->completed_by,
                        .error = ERR("completed_by"),
                        .width = "20" };
    form_input(&h, &fb);
    if (!fs->informant) {
        static const struct option who[] = { { "teacher", "A teacher", NULL },
                                             { "parent", "A parent or carer", NULL },
                                             { "self", "The child", NULL } };
        struct field fw = { .name = "informant",
                            .label = "Who answered",
                            .value = v->informant,
                            .error = ERR("informant") };
        form_radios(&h, &fw, who, 3, true);
    }
    html(&h, "<h2 class=\"govuk-heading-m\">Items 1 to %zu</h2>\n", in->n_items);
    for (size_t i = 1; i <= in->n_items; i++) {
        char name[16], legend[24];
        snprintf(name, sizeof name, "item%zu", i);
        snprintf(legend, sizeof legend, "Item %zu", i);
        code_radios(&h, name, legend, in->code_min, in->code_max,
                    sdq   ? sdq_codes
                    : mmf ? mmf_codes
                          : NULL,
                    sdq || mmf ? 3 : 0, v->items[i], ERR(name));
    }
    if (in->impact) {
        const struct instrument_impact *imp = in->impact;
        html_raw(&h, "<h2 class=\"govuk-heading-m\">Impact</h2>\n");
        if (sdq)
            html_raw(&h, "<p class=\"govuk-body\">The questions on the back of the form. Leave "
                         "them all with no answer if that part was not filled in.</p>\n");
        for (size_t i = 1; i <= imp->n_items; i++) {
            char name[16], legend[96];
            snprintf(name, sizeof name, "impact%zu", i);
            const char *area = NULL;
            if (sdq)
                area = !strcmp(fs->informant, "teacher") ? (i <= 4 ? impact_teacher[i - 1] : NULL)
                                                         : (i <= 6 ? impact_parent[i - 1] : NULL);
            snprintf(legend, sizeof legend, "Impact %zu%s%s", i, area ? ": " : "",
                     area ? area : "");
            code_radios(&h, name, legend, 0, imp->code_max,
                        sdq ? (i == 1 ? sdq_gate_codes : sdq_impact_codes) : NULL, sdq ? 4 : 0,
                        v->impact[i], ERR(name));
        }
    }
#undef ERR
    form_button(&h, "Save and score", false);
    form_end(&h);
    page_finish(req, &h);
}

static int editable_pupil(struct request *req, struct pupil *p)
{
    int rc = page_pupil(req, page_id(req, 0), p);
    if (rc)
        return rc;
    return page_can_edit(req) ? 0 : ERR_DENIED;
}

int page_assessment_new(struct request *req, struct response *res)
{
    struct pupil p;
    int rc = editable_pupil(req, &p);
    /* The chooser and the form name the child: a view. */
    if (rc || (rc = page_audit(req, "view", "pupil", p.id, p.id, "questionnaire form")))
        return rc;
    const char *form = req_text(req, "form");
    struct form_spec fs;
    if (!*form || !form_spec(req, form, &fs)) {
        render_chooser(req, res, &p);
        return 0;
    }
    struct date today = date_today();
    struct form_values v = {
        .assessed_on = arena_sprintf(&req->arena, "%02d/%02d/%d", today.d, today.m, today.y),
    };
    render_form(req, res, &p, &fs, &v, NULL);
    return 0;
}

/* An item's value from the form: SCORE_MISSING for no answer. */
static int read_code(struct request *req, const char *name, int lo, int hi, const char **raw,
                     struct problems *pr, const char *what)
{
    const char *v = req_form(req, name);
    *raw = v;
    long long x;
    if (!v || !*v)
        return SCORE_MISSING;
    if (str_to_int(v, lo, hi, &x) != 0) {
        problems_add(pr, arena_strdup(&req->arena, name), "Choose %d to %d for %s, or no answer",
                     lo, hi, what);
        return SCORE_MISSING;
    }
    return (int)x;
}

int page_assessment_create(struct request *req, struct response *res)
{
    struct pupil p;
    int rc = editable_pupil(req, &p);
    if (rc)
        return rc;
    struct form_spec fs;
    if (!form_spec(req, req_text(req, "form"), &fs))
        return ERR_NOTFOUND;
    struct problems pr;
    problems_init(&pr, &req->arena);
    struct form_values v = { .assessed_on = req_text(req, "assessed_on"),
                             .completed_by = req_text(req, "completed_by") };
    struct assessment_input *in = arena_alloc(&req->arena, sizeof *in);
    if (!in)
        return ERR_NOMEM;
    in->pupil_id = p.id;
    in->school_id = req->who.school_id;
    in->completed_by = v.completed_by;
    const char *informant = fs.informant;
    if (!informant) {
        v.informant = req_text(req, "informant");
        char whywho[200];
        if (!*v.informant)
            problems_add(&pr, "informant", "Choose who answered");
        else if (measure_parse_informant(v.informant, &informant, whywho, sizeof whywho) != 0)
            problems_add(&pr, "informant", "Choose a teacher, a parent or carer, or the child");
    }
    char why[300];
    bool dated = false;
    if (!*v.assessed_on)
        problems_add(&pr, "assessed_on", "Enter the date the form was completed");
    else if (pupil_parse_date(v.assessed_on, in->assessed_on, why, sizeof why) != 0)
        problems_add(&pr, "assessed_on", "Enter the date as a real date, like 14/03/2025");
    else if (strcmp(in->assessed_on, p.dob) < 0)
        problems_add(&pr, "assessed_on", "The date is before the child was born");
    else {
        struct date d;
        date_parse(in->assessed_on, &d);
        if (date_cmp(d, date_today()) > 0)
            problems_add(&pr, "assessed_on", "The date cannot be in the future");
        else
            dated = true;
    }
    if (strlen(v.completed_by) > ASSESSMENT_NAME_MAX)
        problems_add(&pr, "completed_by", "Who completed it must be %d characters or fewer",
                     ASSESSMENT_NAME_MAX);
    const struct instrument *tpl = fs.in;
    bool any = false;
    for (size_t i = 1; i <= tpl->n_items; i++) {
        char name[16], what[24];
        snprintf(name, sizeof name, "item%zu", i);
        snprintf(what, sizeof what, "item %zu", i);
        in->responses[i - 1] =
            read_code(req, name, tpl->code_min, tpl->code_max, &v.items[i], &pr, what);
        any |= in->responses[i - 1] != SCORE_MISSING;
    }
    in->n_responses = tpl->n_items;
    if (!any && !problems_for(&pr, "item1"))
        problems_add(&pr, "item1", "Choose an answer for at least one item");
    bool impact = false;
    for (size_t i = 1; tpl->impact && i <= tpl->impact->n_items; i++) {
        char name[16], what[24];
        snprintf(name, sizeof name, "impact%zu", i);
        snprintf(what, sizeof what, "impact %zu", i);
        in->impact[i - 1] = read_code(req, name, 0, tpl->impact->code_max, &v.impact[i], &pr, what);
        impact |= in->impact[i - 1] != SCORE_MISSING;
    }
    in->n_impact = impact ? tpl->impact->n_items : 0;
    /* The form for the child's age on that day (the SDQ's 2-4 or 4-17). */
    if (dated) {
        struct date dob, on;
        date_parse(p.dob, &dob);
        date_parse(in->assessed_on, &on);
        in->age_years = date_age_years(dob, on);
        const struct instrument *ins;
        if (measure_resolve(req->db, &req->arena, req->who.school_id, fs.measure, informant,
                            in->age_years, &ins, why, sizeof why) != 0) {
            why[0] = (char)(why[0] >= 'a' && why[0] <= 'z' ? why[0] - 32 : why[0]);
            problems_add(&pr, "assessed_on", "%s", why);
        } else {
            in->in = ins;
            in->informant = informant ? informant : ins->informant;
        }
    }
    /* One questionnaire per measure, informant, name and date. */
    if (in->in && !pr.n) {
        struct assessment *list;
        size_t n;
        if ((rc = assessment_list(req->db, &req->arena, p.id, &list, &n, &req->err)))
            return rc;
        for (size_t i = 0; i < n; i++)
            if (!strcmp(list[i].instrument, in->in->key) &&
                !strcmp(list[i].informant, in->informant) &&
                !strcmp(list[i].completed_by, in->completed_by) &&
                !strcmp(list[i].assessed_on, in->assessed_on))
                problems_add(&pr, "assessed_on",
                             "This questionnaire is already recorded for that date. Check the "
                             "date, or say who completed it");
    }
    if (pr.n) {
        res->status = 422;
        render_form(req, res, &p, &fs, &v, &pr);
        return 0;
    }
    struct audit_entry who = { .actor = req->who.actor, .address = req->client };
    enum assessment_save_result result;
    int64_t id;
    rc = assessment_save(req->db, &who, in, "web", &result, &id, &req->err);
    if (rc == ERR_INPUT) {
        problems_add(&pr, NULL, "%s", req->err.msg);
        res->status = 422;
        render_form(req, res, &p, &fs, &v, &pr);
        return 0;
    }
    if (rc)
        return rc;
    resp_redirect(res, arena_sprintf(&req->arena, "/pupils/%lld?recorded=%lld#wellbeing",
                                     (long long)p.id, (long long)id));
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
    const struct instrument *in = find_measure(req, as.instrument);
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
        cell(&h,
             s->value == SCORE_MISSING ? "not scored" : arena_sprintf(&req->arena, "%d", s->value));
        for (size_t k = 0; k < n_schemes; k++) {
            const char *b = s->banded ? band_text(&as, schemes[k], s->score) : NULL;
            cell(&h, b ? b : s->banded ? "none given" : "");
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
    const struct instrument *in = find_measure(req, x.instrument);
    html(&h,
         "<p class=\"govuk-body\">%s, answered by the %s, from %s to %s. A change counts as "
         "reliable when it is larger than the measure's own unreliability would explain: the "
         "reliable change index (RCI) is beyond 1.96 either way.</p>\n",
         in ? measure_short_name(&req->arena, in) : x.instrument, x.informant,
         page_date(req, x.assessed_on), page_date(req, y.assessed_on));
    static const char *const cols[] = { "Score", "Then",   "Now",         "Change",
                                        "RCI",   "Result", "Figures used" };
    table_start(&h, "Change in each score", cols, 7);
    bool missing = false;
    for (size_t i = 0; i < n; i++) {
        html(&h,
             "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%s"
             "</th>",
             measure_score_label(c[i].score));
        bool both = c[i].from != SCORE_MISSING && c[i].to != SCORE_MISSING;
        cell(&h, c[i].from == SCORE_MISSING ? "not scored"
                                            : arena_sprintf(&req->arena, "%d", c[i].from));
        cell(&h,
             c[i].to == SCORE_MISSING ? "not scored" : arena_sprintf(&req->arena, "%d", c[i].to));
        cell(&h, !both                  ? ""
                 : c[i].to == c[i].from ? "0"
                                        : arena_sprintf(&req->arena, "%+d", c[i].to - c[i].from));
        cell(&h, c[i].verdict != CHANGE_NOT_COMPUTED ? arena_sprintf(&req->arena, "%.2f", c[i].rci)
                                                     : "");
        cell(&h, c[i].have_figures ? assessment_verdict_text(c[i].verdict)
                                   : "not computed: no reliability figures");
        cell(&h, c[i].have_figures ? arena_sprintf(&req->arena, "r %.2f, SD %.2f (%s)",
                                                   c[i].retest_r, c[i].sd, c[i].source)
                                   : "");
        html_raw(&h, "</tr>\n");
        missing |= !c[i].have_figures;
    }
    table_end(&h);
    if (missing)
        html_raw(&h, "<p class=\"govuk-body\">meso has no published test-retest reliability "
                     "figures for some of these scores, so it does not guess. A lead can set the "
                     "figures the school uses, with their source, on the command line (meso "
                     "reliability set).</p>\n");
    return page_finish(req, &h);
}

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
                cell(h, "");
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
        q->in = find_measure(req, measure);
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
        table_start(&h, "Children for follow-up", cols, 3);
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
            cell(&h, page_date(req, f->assessed_on));
            cell(&h, arena_strdup(&req->arena, buf_str(&b)));
            html_raw(&h, "</tr>\n");
            buf_release(&b);
        }
        table_end(&h);
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
