/* progcompare.h - a programme's comparison group (issue 14 part 5): pupils
 * screened at the same times on the same measure who were not in the
 * programme, and the covariate-adjusted difference between them and the
 * programme's children (docs/evaluation.md, "The programme report's
 * comparison group").
 *
 * Who: the programme's children are its enrolled children (consent given)
 * with a score before and after (model/progoutcome.h's rule); the
 * comparison pupils are the school's other pupils with a score on the same
 * measure and score in the same two windows (before the first weekly
 * session, after the last) who have no place in the programme (no
 * enrolment in it, or their family declined).
 *
 * The model, for pupil i with key teacher j (a pupil with none is grouped
 * by class; with neither, in one group of their own):
 *   post ~ enrolled + pre + fsm + sen + year + (1 | key_teacher)
 * fitted by REML (stats/lmm.h) when the pupils are in PROGCOMPARE_MIN_GROUPS
 * groups or more; else ordinary least squares on the same columns (the
 * same design matrix, stats/design.h), since a variance between a handful
 * of groups cannot be estimated. A covariate that is the same for every
 * pupil is left out, with a note. The effect size is Hedges' g: the
 * coefficient of enrolled over the total SD of the model without covariates
 * (post ~ 1 + (1 | key_teacher): sqrt(sigma_group^2 + sigma^2); for OLS the
 * SD of the scores after), with the small-sample correction J and the Hedges
 * (2007) interval (stats_hedges2007_b).
 *
 * It declines, with the reason, with fewer than PROGCOMPARE_MIN_PUPILS
 * pupils with both scores in either group, with too few pupils for the
 * columns, or when the model cannot be fitted. A count of some of a group
 * (FSM, SEN) is suppressed when it, or the rest of the group, is 1 to
 * PROGCOMPARE_SMALL_CELL - 1 pupils.
 *
 * progcompare_run is pure: no database. Results live in the arena given.
 */
#ifndef MESO_PROGCOMPARE_H
#define MESO_PROGCOMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;

#define PROGCOMPARE_MIN_PUPILS 10 /* in each group, with scores before and after */
#define PROGCOMPARE_MIN_GROUPS 6  /* groups, for a random intercept per group */
#define PROGCOMPARE_SMALL_CELL 5  /* counts below this (and above 0) are not shown */

struct progcompare_row {
    int64_t pupil_id;
    bool enrolled;     /* in the programme; false: a comparison pupil */
    double pre, post;  /* the scores before and after */
    bool fsm;          /* eligible for free school meals when the programme began */
    char sen[2];       /* N, K or E */
    const char *year;  /* the year group as the register holds it ("R", "1"); "" */
    const char *group; /* "K<staff id>" the key teacher, else "C<id>" the class; "" */
};

/* A count for the table of who is compared; suppressed when it, or the rest
 * of its group, is 1 to 4 pupils. */
struct progcompare_count {
    size_t n;
    bool suppressed;
};

struct progcompare {
    bool attempted;                  /* there was a measure and pupils to look for */
    size_t n_enrolled, n_comparison; /* pupils with both scores, in each group */
    bool declined;
    const char *reason;  /* why, in plain words, when declined */
    bool multilevel;     /* a random intercept per group; false: OLS */
    size_t n_groups;     /* key teachers (or classes) */
    const char *formula; /* as lme4 (or lm) writes it */
    const char **notes;  /* covariates left out, and why */
    size_t n_notes;
    /* The adjusted difference, programme minus comparison, in score points. */
    double estimate, se, df, ci_low, ci_high;
    double total_sd, icc;    /* from the model without covariates (icc 0 for OLS) */
    double g, g_low, g_high; /* Hedges' g, same sign as the difference */
    bool converged;
    const char *warning; /* the mixed model's, when it did not converge */
    /* Who is compared: [0] comparison pupils, [1] the programme's. */
    double mean_pre[2], mean_post[2];
    struct progcompare_count fsm[2], sen[2]; /* FSM; SEN support or EHC plan */
};

/* Compare the rows (both groups). Returns 0, also when it declines
 * (declined and reason set), or ERR_NOMEM. */
int progcompare_run(const struct progcompare_row *rows, size_t n, struct arena *a,
                    struct progcompare *out, struct err *e);

#endif
