#include "view/chart_score.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/err.h"

/* Layout, in user units. The picture is drawn about as wide as it shows in
 * a half-width column at 1280 px (465 px), so a unit is about a pixel there
 * and no text is under 12 px (issue 13). */
#define LEFT       30.0  /* y tick labels */
#define RIGHT      168.0 /* band labels */
#define TOP        32.0  /* the score's name */
#define BOTTOM     32.0  /* dates */
#define LABEL_SIZE 12.5
#define LABEL_LINE 15.0 /* one line of a band label, with its leading */
#define LABEL_GAP  2.0  /* between two band labels */

/* The look of a band by its level: light tints, and light hatching that
 * grows denser as the level rises, so the bands differ in black and white
 * too without hiding the line drawn over them. */
static struct canvas_style band_style(size_t level)
{
    static const uint32_t tints[] = { CANVAS_TINT_GREEN, CANVAS_TINT_YELLOW, CANVAS_TINT_ORANGE,
                                      CANVAS_TINT_RED };
    static const enum canvas_hatch hatches[] = { CANVAS_HATCH_NONE, CANVAS_HATCH_DOTS,
                                                 CANVAS_HATCH_DIAG, CANVAS_HATCH_CROSS };
    static const uint32_t inks[] = { CANVAS_NONE, CANVAS_RGB(0xC9BE7A), CANVAS_RGB(0xE0B58A),
                                     CANVAS_RGB(0xDDAA9C) };
    if (level < 4)
        return (struct canvas_style){ .fill = tints[level],
                                      .hatch = hatches[level],
                                      .hatch_color = inks[level] };
    return (struct canvas_style){ .fill = CANVAS_TINT_GREY,
                                  .hatch = CANVAS_HATCH_DIAG,
                                  .hatch_color = CANVAS_GREY_LIGHT };
}

static void range_text(char *out, size_t cap, int lo, int hi)
{
    if (lo == hi)
        snprintf(out, cap, "%d", lo);
    else
        snprintf(out, cap, "%d to %d", lo, hi);
}

/* Labels beside the bands, one or two lines each, moved apart so that no
 * two overlap and all stay inside [lo, hi]: want[] holds the wanted
 * centres, height[] each label's height; top[] gets each label's top. */
static void place_labels(const double *want, const double *height, double *top, size_t n, double lo,
                         double hi)
{
    size_t order[64];
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    for (size_t i = 1; i < n; i++) /* top to bottom by wanted centre */
        for (size_t j = i; j > 0 && want[order[j]] < want[order[j - 1]]; j--) {
            size_t t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    double next = lo; /* down: each below the one above it */
    for (size_t k = 0; k < n; k++) {
        size_t i = order[k];
        top[i] = want[i] - height[i] / 2;
        if (top[i] < next)
            top[i] = next;
        next = top[i] + height[i] + LABEL_GAP;
    }
    double limit = hi; /* up: the lowest back inside, the others above it */
    for (size_t k = n; k-- > 0;) {
        size_t i = order[k];
        if (top[i] + height[i] > limit)
            top[i] = limit - height[i];
        limit = top[i] - LABEL_GAP;
    }
}

/* The bands, with labels beside them: the label and its range on one line
 * when it fits, else the range on a second line. Returns how many. */
static size_t draw_bands(struct canvas *c, const struct score_chart *ch, double px, double pw,
                         double py, double unit)
{
    double h = canvas_height(c);
#define YV(v) (py + ((double)ch->hi + 0.5 - (v)) * unit)
    double want[64], height[64], top[64];
    bool two_lines[64];
    size_t nb = ch->n_bands < 64 ? ch->n_bands : 64;
    struct canvas_font lf = { .size = LABEL_SIZE, .valign = CANVAS_CAP_MIDDLE };
    for (size_t i = 0; i < nb; i++) {
        const struct score_chart_band *b = &ch->bands[i];
        double btop = YV(b->hi + 0.5), bottom = YV(b->lo - 0.5);
        char range[32], title[300];
        range_text(range, sizeof range, b->lo, b->hi);
        snprintf(title, sizeof title, "%s: %s", b->label ? b->label : "", range);
        canvas_group_begin(c, title, NULL);
        struct canvas_style s = band_style(i);
        canvas_rect(c, px, btop, pw, bottom - btop, &s);
        canvas_group_end(c);
        snprintf(title, sizeof title, "%s (%s)", b->label ? b->label : "", range);
        two_lines[i] = canvas_text_width(c, title, &lf) > RIGHT - 10;
        want[i] = (btop + bottom) / 2;
        height[i] = two_lines[i] ? 2 * LABEL_LINE : LABEL_LINE;
    }
    place_labels(want, height, top, nb, 2, h - 2);
    for (size_t i = 0; i < nb; i++) {
        char text[300], range[32];
        const char *label = ch->bands[i].label ? ch->bands[i].label : "";
        range_text(range, sizeof range, ch->bands[i].lo, ch->bands[i].hi);
        if (two_lines[i]) {
            canvas_text(c, px + pw + 6, top[i] + LABEL_LINE / 2, label, &lf);
            snprintf(text, sizeof text, "(%s)", range);
            canvas_text(c, px + pw + 6, top[i] + LABEL_LINE * 1.5, text, &lf);
        } else {
            snprintf(text, sizeof text, "%s (%s)", label, range);
            canvas_text(c, px + pw + 6, top[i] + LABEL_LINE / 2, text, &lf);
        }
    }
#undef YV
    return nb;
}

int score_chart_draw(struct canvas *c, void *ctx)
{
    const struct score_chart *ch = ctx;
    if (ch->hi < ch->lo || ch->hi - ch->lo > 200 || ch->n_points > SCORE_CHART_MAX_POINTS)
        return canvas_fail(c, ERR_INPUT);
    for (size_t i = 0; i < ch->n_bands; i++)
        if (ch->bands[i].lo > ch->bands[i].hi || ch->bands[i].lo < ch->lo ||
            ch->bands[i].hi > ch->hi)
            return canvas_fail(c, ERR_INPUT);
    double w = canvas_width(c), h = canvas_height(c);
    double px = LEFT, pw = w - LEFT - RIGHT, py = TOP, ph = h - TOP - BOTTOM;
    double unit = ph / (double)(ch->hi - ch->lo + 1);
#define YV(v) (py + ((double)ch->hi + 0.5 - (v)) * unit)

    canvas_text(c, 0, 13, ch->name,
                &(struct canvas_font){ .size = 14, .bold = true, .valign = CANVAS_CAP_MIDDLE });

    size_t nb = draw_bands(c, ch, px, pw, py, unit);
    if (nb == 0)
        canvas_rect(c, px, py, pw, ph,
                    &(struct canvas_style){ .fill = CANVAS_NONE, .stroke = CANVAS_GREY_LIGHT });

    /* The y axis: the range's ends and a few ticks between. */
    int span = ch->hi - ch->lo;
    int step = span <= 12 ? 2 : span <= 30 ? 5 : 10;
    static const int steps[] = { 1, 2, 5, 10, 20, 50, 100 };
    for (size_t i = 0; i < sizeof steps / sizeof steps[0] && steps[i] * unit < 18; i++)
        step = steps[i + 1 < sizeof steps / sizeof steps[0] ? i + 1 : i];
    canvas_line(c, px, py, px, py + ph, &(struct canvas_style){ .stroke = CANVAS_GREY_DARK });
    canvas_line(c, px, py + ph, px + pw, py + ph,
                &(struct canvas_style){ .stroke = CANVAS_GREY_DARK });
    for (int v = ch->lo; v <= ch->hi; v += step) {
        canvas_line(c, px - 4, YV(v), px, YV(v),
                    &(struct canvas_style){ .stroke = CANVAS_GREY_DARK });
        char t[16];
        snprintf(t, sizeof t, "%d", v);
        canvas_text(c, px - 7, YV(v), t,
                    &(struct canvas_font){ .size = 12,
                                           .anchor = CANVAS_END,
                                           .valign = CANVAS_CAP_MIDDLE,
                                           .color = CANVAS_GREY_DARK });
    }

    /* The points: equally spaced, oldest on the left. */
    size_t n = ch->n_points;
    if (n == 0) {
        canvas_text(c, px + pw / 2, py + ph / 2, "No scores yet",
                    &(struct canvas_font){ .size = 12,
                                           .anchor = CANVAS_MIDDLE,
                                           .valign = CANVAS_CAP_MIDDLE,
                                           .halo = CANVAS_WHITE });
        return 0;
    }
    double slot = pw / (double)n;
    /* Date labels, and values over the points, as often as they fit side by
     * side (the last always): every point's value is also in its title and
     * in the table under the charts. */
    size_t every = (size_t)ceil(62.0 / slot), every_value = (size_t)ceil(24.0 / slot);
    if (every < 1)
        every = 1;
    if (every_value < 1)
        every_value = 1;
    struct canvas_point line[SCORE_CHART_MAX_POINTS];
    size_t run = 0;
    struct canvas_style ls = { .stroke = CANVAS_BLUE, .stroke_width = 2 };
    for (size_t i = 0; i < n; i++) {
        const struct score_chart_point *p = &ch->points[i];
        double x = px + slot * ((double)i + 0.5);
        if (p->value < 0 || p->value < ch->lo || p->value > ch->hi) {
            if (run >= 2)
                canvas_polyline(c, line, run, &ls);
            run = 0;
        } else {
            line[run++] = (struct canvas_point){ x, YV(p->value) };
        }
        if ((n - 1 - i) % every == 0)
            canvas_text(c, x, py + ph + 14, p->date_short,
                        &(struct canvas_font){ .size = 12,
                                               .anchor = CANVAS_MIDDLE,
                                               .valign = CANVAS_CAP_MIDDLE,
                                               .color = CANVAS_INK });
    }
    if (run >= 2)
        canvas_polyline(c, line, run, &ls);
    for (size_t i = 0; i < n; i++) {
        const struct score_chart_point *p = &ch->points[i];
        double x = px + slot * ((double)i + 0.5);
        char title[300], v[16];
        if (p->value < 0 || p->value < ch->lo || p->value > ch->hi) {
            snprintf(title, sizeof title, "%s: no score (not answered, or too many items missing)",
                     p->date_long ? p->date_long : "");
            canvas_group_begin(c, title, NULL);
            if ((n - 1 - i) % every == 0)
                canvas_text(c, x, py + ph - 8, "no score",
                            &(struct canvas_font){ .size = 12,
                                                   .anchor = CANVAS_MIDDLE,
                                                   .color = CANVAS_GREY_DARK,
                                                   .halo = CANVAS_WHITE });
            canvas_group_end(c);
            continue;
        }
        double y = YV(p->value);
        if (p->band)
            snprintf(title, sizeof title, "%s: %d, %s", p->date_long ? p->date_long : "", p->value,
                     p->band);
        else
            snprintf(title, sizeof title, "%s: %d", p->date_long ? p->date_long : "", p->value);
        snprintf(v, sizeof v, "%d", p->value);
        canvas_group_begin(c, title, NULL);
        canvas_marker(c, x, y, 10, canvas_series_marker(0),
                      &(struct canvas_style){
                          .fill = CANVAS_BLUE, .stroke = CANVAS_WHITE, .stroke_width = 1.5 });
        /* The value above the marker, or below it at the very top. */
        double ty = y - 9 < py + 6 ? y + 16 : y - 9;
        if ((n - 1 - i) % every_value == 0)
            canvas_text(
                c, x, ty, v,
                &(struct canvas_font){
                    .size = 12, .bold = true, .anchor = CANVAS_MIDDLE, .halo = CANVAS_WHITE });
        canvas_group_end(c);
    }
#undef YV
    return 0;
}

int score_chart_describe(struct buf *out, const struct score_chart *ch)
{
    int rc = 0;
#define ADD(x)        \
    do {              \
        int r_ = (x); \
        if (!rc)      \
            rc = r_;  \
    } while (0)
    if (ch->n_points == 0)
        ADD(buf_adds(out, "No scores yet."));
    for (size_t i = 0; i < ch->n_points; i++) {
        const struct score_chart_point *p = &ch->points[i];
        ADD(buf_adds(out, i ? "; " : "Scores: "));
        if (p->value < 0)
            ADD(buf_addf(out, "no score on %s", p->date_long ? p->date_long : ""));
        else if (p->band)
            ADD(buf_addf(out, "%d (%s) on %s", p->value, p->band,
                         p->date_long ? p->date_long : ""));
        else
            ADD(buf_addf(out, "%d on %s", p->value, p->date_long ? p->date_long : ""));
        if (i + 1 == ch->n_points)
            ADD(buf_adds(out, "."));
    }
    if (ch->n_bands) {
        ADD(buf_addf(out, " Shaded bands, from %d to %d: ", ch->lo, ch->hi));
        for (size_t i = 0; i < ch->n_bands; i++) {
            char range[32];
            range_text(range, sizeof range, ch->bands[i].lo, ch->bands[i].hi);
            ADD(buf_addf(out, "%s%s %s", i ? "; " : "", range,
                         ch->bands[i].label ? ch->bands[i].label : ""));
        }
        ADD(buf_adds(out, "."));
    } else {
        ADD(buf_addf(out, " Scores run from %d to %d; no bands are given for this score.", ch->lo,
                     ch->hi));
    }
#undef ADD
    return rc;
}
