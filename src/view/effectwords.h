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

#endif
