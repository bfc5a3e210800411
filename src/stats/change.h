/* change.h - reliable change for one person between two occasions
 * (Jacobson & Truax 1991).
 *
 *   SE_diff = sqrt(2 (SD sqrt(1 - r))^2) = SD sqrt(2 (1 - r))
 *   RCI     = (x2 - x1) / SE_diff
 *
 * where SD is the measure's standard deviation (normally from a reference
 * sample or the pre-test) and r its test-retest reliability. A change is
 * reliable when |RCI| > 1.96 (strictly; the fixed value Jacobson and Truax
 * give, i.e. p < .05 two-sided). Whether a reliable change is an improvement
 * depends on the measure: for SDQ difficulties lower is better, for
 * prosocial behaviour higher is better.
 *
 * Pure functions; every one returns 0 or ERR_INPUT with a reason in e, never
 * a NaN or an infinity.
 */
#ifndef MESO_CHANGE_H
#define MESO_CHANGE_H

#include <stddef.h>

#include "core/err.h"

#define STATS_RCI_CRITICAL 1.96

enum stats_better { STATS_LOWER_BETTER = -1, STATS_HIGHER_BETTER = 1 };

enum stats_change {
    STATS_DETERIORATED = -1,
    STATS_NO_RELIABLE_CHANGE = 0,
    STATS_IMPROVED = 1,
};

/* The RCI for a change from x1 to x2. sd must be above 0 and r in [0, 1)
 * (r = 1 would make every change reliable). */
int stats_rci(double x1, double x2, double sd, double r, double *out, struct err *e);

/* Classify an RCI: improved or deteriorated when |rci| > 1.96, in the
 * direction that `better` names. */
enum stats_change stats_rci_classify(double rci, enum stats_better better);

struct stats_rci_counts {
    size_t improved, deteriorated, unchanged;
};

/* Count reliable improvement and deterioration over n pairs (pre[i],
 * post[i]). Every score must be finite (leave out incomplete pairs first). */
int stats_rci_count(const double *pre, const double *post, size_t n, double sd, double r,
                    enum stats_better better, struct stats_rci_counts *out, struct err *e);

#endif
