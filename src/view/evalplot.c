#include "view/evalplot.h"

#include <math.h>
#include <stdio.h>

#define ROW_H 44.0
#define TOP   34.0

static const struct canvas_font small = { .size = 11, .color = CANVAS_INK };

double evalplot_forest_height(const struct eval_result *r)
{
    size_t n = 0;
    for (size_t k = 0; k < EVALDATA_N_INDICATORS; k++)
        n += r->ind[k].included;
    return TOP + ROW_H * (double)(n ? n : 1) + 40.0;
}

/* A horizontal axis from lo to hi over [x0, x1] at y, with ticks. */
static void axis(struct canvas *c, double lo, double hi, double x0, double x1, double y,
                 double step)
{
    struct canvas_style ink = { .stroke = CANVAS_GREY_DARK, .stroke_width = 1 };
    canvas_line(c, x0, y, x1, y, &ink);
    struct canvas_font f = small;
    f.anchor = CANVAS_MIDDLE;
    for (double t = ceil(lo / step) * step; t <= hi + 1e-9; t += step) {
        double x = x0 + (t - lo) / (hi - lo) * (x1 - x0);
        char label[32];
        snprintf(label, sizeof label, "%.2f", fabs(t) < 1e-12 ? 0.0 : t);
        canvas_line(c, x, y, x, y + 4, &ink);
        canvas_text(c, x, y + 16, label, &f);
    }
}

int evalplot_forest(struct canvas *c, void *ctx)
{
    const struct eval_result *r = ctx;
    double lo = -0.5, hi = 0.5;
    for (size_t k = 0; k < EVALDATA_N_INDICATORS; k++)
        if (r->ind[k].included) {
            lo = fmin(lo, r->ind[k].g_low);
            hi = fmax(hi, r->ind[k].g_high);
        }
    lo = floor(lo * 4) / 4;
    hi = ceil(hi * 4) / 4;
    double x0 = 230, x1 = 500, h = canvas_height(c);
#define X(v) (x0 + ((v)-lo) / (hi - lo) * (x1 - x0))
    struct canvas_font head = { .size = 12, .bold = true, .color = CANVAS_INK };
    canvas_text(c, 0, 16, "Indicator (per SD across key teachers)", &head);
    struct canvas_font right = head;
    right.anchor = CANVAS_MIDDLE;
    canvas_text(c, (x0 + x1) / 2, 16, "Effect size g, 95% CI", &right);
    struct canvas_style zero = { .stroke = CANVAS_GREY_DARK, .stroke_width = 1, .dash = 4 };
    canvas_line(c, X(0), TOP - 6, X(0), h - 34, &zero);
    struct canvas_style ink = { .stroke = CANVAS_INK, .stroke_width = 2 };
    struct canvas_style box = { .fill = CANVAS_INK, .stroke = CANVAS_INK };
    double y = TOP + ROW_H / 2;
    for (size_t k = 0; k < EVALDATA_N_INDICATORS; k++) {
        const struct eval_indicator *x = &r->ind[k];
        if (!x->included)
            continue;
        char title[300], nums[80];
        snprintf(nums, sizeof nums, "%.2f (%.2f to %.2f)", x->g, x->g_low, x->g_high);
        snprintf(title, sizeof title, "%s: g = %s", x->label, nums);
        canvas_group_begin(c, title, NULL);
        canvas_text(c, 0, y + 4, evaldata_indicator_short[k], &small);
        canvas_line(c, X(x->g_low), y, X(x->g_high), y, &ink);
        canvas_line(c, X(x->g_low), y - 6, X(x->g_low), y + 6, &ink);
        canvas_line(c, X(x->g_high), y - 6, X(x->g_high), y + 6, &ink);
        canvas_rect(c, X(x->g) - 5, y - 5, 10, 10, &box);
        canvas_text(c, x1 + 12, y + 4, nums, &small);
        canvas_group_end(c);
        y += ROW_H;
    }
    axis(c, lo, hi, x0, x1, h - 34, (hi - lo) > 2.0 ? 0.5 : 0.25);
    struct canvas_font note = small;
    note.color = CANVAS_GREY;
    canvas_text(c, x0, h - 4, "worse outcomes", &note);
    note.anchor = CANVAS_END;
    canvas_text(c, x1, h - 4, "better outcomes", &note);
#undef X
    return canvas_status(c);
}

/* 1, 2, 2.5 or 5 times a power of ten, near x. */
static double nice_step(double x)
{
    double p = pow(10, floor(log10(x))), m = x / p;
    return p * (m < 1.5 ? 1 : m < 2.25 ? 2 : m < 3.5 ? 2.5 : m < 7.5 ? 5 : 10);
}

int evalplot_caterpillar(struct canvas *c, void *ctx)
{
    const struct eval_result *r = ctx;
    size_t n = r->n_groups_shown;
    double lo = 0, hi = 0;
    for (size_t i = 0; i < n; i++) {
        lo = fmin(lo, r->group_mode[i] - 1.96 * r->group_se[i]);
        hi = fmax(hi, r->group_mode[i] + 1.96 * r->group_se[i]);
    }
    if (hi - lo < 1e-9) {
        lo = -1;
        hi = 1;
    }
    double pad = (hi - lo) * 0.05;
    lo -= pad;
    hi += pad;
    double x0 = 60, x1 = canvas_width(c) - 10, y0 = 20, y1 = canvas_height(c) - 40;
#define Y(v) (y1 - ((v)-lo) / (hi - lo) * (y1 - y0))
    struct canvas_style axis_s = { .stroke = CANVAS_GREY_DARK, .stroke_width = 1 };
    canvas_line(c, x0, y0, x0, y1, &axis_s);
    struct canvas_font f = small;
    f.anchor = CANVAS_END;
    f.valign = CANVAS_CAP_MIDDLE;
    double step = nice_step((hi - lo) / 4);
    for (double v = ceil(lo / step) * step; v <= hi + 1e-9; v += step) {
        char label[32];
        snprintf(label, sizeof label, "%g", fabs(v) < step * 1e-9 ? 0.0 : v);
        canvas_line(c, x0 - 4, Y(v), x0, Y(v), &axis_s);
        canvas_text(c, x0 - 6, Y(v), label, &f);
    }
    struct canvas_style zero = { .stroke = CANVAS_GREY_DARK, .stroke_width = 1, .dash = 4 };
    canvas_line(c, x0, Y(0), x1, Y(0), &zero);
    struct canvas_style ink = { .stroke = CANVAS_INK, .stroke_width = 1.5 };
    struct canvas_style dot = { .fill = CANVAS_INK, .stroke = CANVAS_INK };
    double dx = n ? (x1 - x0) / (double)n : 1;
    for (size_t i = 0; i < n; i++) {
        double x = x0 + dx * ((double)i + 0.5), m = r->group_mode[i], s = r->group_se[i];
        char title[160];
        snprintf(title, sizeof title,
                 "key teacher %zu of %zu, from the lowest: %.3g (95%% CI %.3g to %.3g)", i + 1, n,
                 m, m - 1.96 * s, m + 1.96 * s);
        canvas_group_begin(c, title, NULL);
        canvas_line(c, x, Y(m - 1.96 * s), x, Y(m + 1.96 * s), &ink);
        canvas_circle(c, x, Y(m), 4, &dot);
        canvas_group_end(c);
    }
    struct canvas_font cap = small;
    cap.anchor = CANVAS_MIDDLE;
    canvas_text(c, (x0 + x1) / 2, y1 + 24,
                "key teachers, sorted by estimated difference from the average (not named)", &cap);
#undef Y
    return canvas_status(c);
}
