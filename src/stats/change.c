#include "stats/change.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

static int check_reliability(double sd, double r, struct err *e)
{
    if (!isfinite(sd) || !(sd > 0.0))
        return err_set(e, ERR_INPUT, "the reliable change index needs an SD above 0");
    if (!isfinite(r) || r < 0.0 || r >= 1.0)
        return err_set(e, ERR_INPUT,
                       "the reliable change index needs a test-retest r from 0 to below 1");
    return 0;
}

int stats_rci(double x1, double x2, double sd, double r, double *out, struct err *e)
{
    int rc = check_reliability(sd, r, e);
    if (rc)
        return rc;
    if (!isfinite(x1) || !isfinite(x2))
        return err_set(e, ERR_INPUT, "the scores must be finite numbers");
    double sem = sd * sqrt(1.0 - r);
    *out = (x2 - x1) / sqrt(2.0 * sem * sem);
    return 0;
}

enum stats_change stats_rci_classify(double rci, enum stats_better better)
{
    if (!(fabs(rci) > STATS_RCI_CRITICAL))
        return STATS_NO_RELIABLE_CHANGE;
    bool up = rci > 0;
    return up == (better == STATS_HIGHER_BETTER) ? STATS_IMPROVED : STATS_DETERIORATED;
}

int stats_rci_count(const double *pre, const double *post, size_t n, double sd, double r,
                    enum stats_better better, struct stats_rci_counts *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    int rc = check_reliability(sd, r, e);
    if (rc)
        return rc;
    for (size_t i = 0; i < n; i++) {
        double rci;
        if ((rc = stats_rci(pre[i], post[i], sd, r, &rci, e)))
            return err_wrap(e, "pair %zu", i + 1);
        switch (stats_rci_classify(rci, better)) {
        case STATS_IMPROVED:
            out->improved++;
            break;
        case STATS_DETERIORATED:
            out->deteriorated++;
            break;
        case STATS_NO_RELIABLE_CHANGE:
            out->unchanged++;
            break;
        }
    }
    return 0;
}
