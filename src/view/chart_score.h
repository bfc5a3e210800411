/* chart_score.h - one score over time with its bands shaded: the chart on
 * the pupil page (docs/measures.md, "The chart").
 *
 * The y axis is the score's whole range; each band of the banding scheme is
 * a horizontal stripe with a light tint, a light hatch pattern that grows
 * denser with the band's level (none, dots, diagonal lines, cross-hatching)
 * and its label and range written beside it (on two lines when long; moved
 * apart so no two overlap), so the bands read without colour. Text is at
 * least 12 units, and the picture about 460 units wide, so it is at least
 * 12 px where it is shown at 1280 px. The
 * assessments are markers joined by a line, equally spaced in date order,
 * each with its value written above it and its date below; a missing score
 * leaves a gap. Every band and every point is a group whose title states it
 * in words ("12 September 2024: 5, high"), and score_chart_describe() gives
 * the whole chart in words for the SVG's description.
 *
 * Draw it with canvas_svg_render(out, SCORE_CHART_WIDTH, SCORE_CHART_HEIGHT,
 * title, desc, prefix, score_chart_draw, &chart, e), or into a PDF or PNG.
 */
#ifndef MESO_CHART_SCORE_H
#define MESO_CHART_SCORE_H

#include <stddef.h>

#include "core/buf.h"
#include "io/canvas.h"

#define SCORE_CHART_WIDTH      460.0
#define SCORE_CHART_HEIGHT     240.0
#define SCORE_CHART_MAX_POINTS 24

struct score_chart_band {
    int lo, hi; /* inclusive */
    const char *label;
};

struct score_chart_point {
    const char *date_short; /* under the axis: "Sep 2024" */
    const char *date_long;  /* in words: "12 September 2024" */
    int value;              /* < 0 when missing */
    const char *band;       /* the band stored with the score, or NULL */
};

struct score_chart {
    const char *name;                     /* written at the top left: "Emotional" */
    int lo, hi;                           /* the score's possible range */
    const struct score_chart_band *bands; /* in table order (level 0 first); may be none */
    size_t n_bands;
    const struct score_chart_point *points; /* oldest first, at most SCORE_CHART_MAX_POINTS */
    size_t n_points;
};

/* A canvas_draw_fn; ctx is a struct score_chart. ERR_INPUT for a range
 * that is empty or too large (over 200), bands outside it, or too many
 * points. */
int score_chart_draw(struct canvas *c, void *ctx);

/* The chart in words, for the SVG's <desc> and for screen readers: "Scores:
 * 5 (high) on 12 September 2024; 3 (close to average) on 20 March 2025.
 * Shaded bands: 0 to 3 close to average; 4 slightly raised; ...". Returns 0
 * or the buffer's error. */
int score_chart_describe(struct buf *out, const struct score_chart *ch);

#endif
