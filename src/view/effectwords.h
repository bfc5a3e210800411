/* effectwords.h - what an effect size and a measure are, in plain words,
 * for every place that shows a programme's before-and-after figures (the
 * report page, its PDF for governors, the command line and the JSON), so
 * they all say the same (issue 12, docs/programmes.md "Saying what an effect
 * size is").
 *
 * Everything returned lives in the arena given (NULL only when out of
 * memory, or as stated).
 */
#ifndef MESO_EFFECTWORDS_H
#define MESO_EFFECTWORDS_H

#include "model/programmes/progreport.h"

struct arena;

/* A measure's score as people say it: "SDQ, parent, total difficulties",
 * "SDQ, teacher (ages 2-4), emotional symptoms", "Me and My Feelings,
 * emotional difficulties". A school's own measure: its key, then the score
 * with underscores as spaces. */
const char *effectwords_measure(struct arena *a, const char *instrument, const char *score);

/* What the effect size says, in sentences: which way and how far the
 * children's scores moved in standard deviations, whether that is better or
 * worse on this measure, that there was no comparison group (so some of the
 * change might have happened anyway) and that it is not a trial's effect
 * size, then the figure itself with its 95% confidence interval. NULL when
 * the outcome has no effect size (o->effect_note says why). */
const char *effectwords_effect(struct arena *a, const struct progreport_outcome *o);

/* The reliability figures used, and their source: the effect size uses
 * none; reliable change uses the test-retest r and SD named here, from
 * o->rci_source. With no figures, says that reliable change was not worked
 * out and why. NULL when the programme has no measure. */
const char *effectwords_reliability(struct arena *a, const struct progreport_outcome *o);

/* x with `digits` decimals, or more (up to 4) when that would show a value
 * that is not zero as 0.0 or -0.0 (an interval's end just below zero). */
const char *effectwords_number(struct arena *a, double x, int digits);

/* Which kind an effect size is, in words every place shows beside it:
 * "Change from before to after, with no comparison group" (compared
 * false), or "Compared with N similar pupils who were not in the
 * programme" (compared true: o->comparison). */
const char *effectwords_kind(struct arena *a, const struct progreport_outcome *o, bool compared);

/* What the comparison found, in sentences: the adjusted difference in
 * points with its interval, whether that is better or worse on this
 * measure, Hedges' g with its interval, and that it is an estimate from
 * observational data, not a trial. The reason when it declined; NULL when
 * no comparison was attempted. */
const char *effectwords_comparison(struct arena *a, const struct progreport_outcome *o);

/* How the comparison was worked out: the model (mixed or OLS, and why), what
 * it allows for, and what it left out. NULL unless it was worked out. */
const char *effectwords_comparison_method(struct arena *a, const struct progreport_outcome *o);

/* The reliability figure the comparison relies on, and its source: the
 * scores before are measured with error (test-retest r from
 * o->rci_source), so the allowance for where pupils started is incomplete;
 * or that no figure is recorded. NULL unless it was worked out. */
const char *effectwords_comparison_reliability(struct arena *a, const struct progreport_outcome *o);

#endif
