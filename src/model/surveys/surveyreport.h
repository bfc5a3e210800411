/* surveyreport.h - the results of the parents' survey (survey.h), per school
 * and over time, with small numbers kept out (stats/suppress.h, the rule the
 * LA view uses).
 *
 * For one round:
 *   responses      families who answered (a number below 5 is not shown:
 *                  "fewer than 5", and then nothing else of the round is);
 *   per statement  how many chose each answer, a table of 5 statements by 4
 *                  answers whose row totals are shown: a count of 1 to 4 is
 *                  suppressed, and the next smallest of its row too where one
 *                  alone would give it away (suppress_table());
 *                  agree_share: the share answering "Mostly" or "Yes" of
 *                  those who answered it (-1: not shown, fewer than 5
 *                  answered it);
 *   mean_score     the mean score (0-100) of the responses that have one
 *                  (-1 when fewer than 5 do).
 * Over time: the school's rounds, oldest first, each with its responses and
 * mean score, suppressed the same way.
 *
 * surveyreport_compute() is pure (tests/unit/test_survey.c);
 * surveyreport_load() reads a round's responses; surveyreport_build() does
 * both for every round of the school and writes one audit row.
 */
#ifndef MESO_SURVEYREPORT_H
#define MESO_SURVEYREPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "model/surveys/survey.h"

struct arena;
struct audit_entry;
struct db;

struct survey_answers {
    int a[SURVEY_N_ITEMS]; /* 0 = left out, else 1..4 */
    double score;          /* -1 when none */
};

struct survey_result {
    struct survey_round round;
    int responses;
    bool suppressed; /* fewer than 5 responses: nothing else is shown */
    long counts[SURVEY_N_ITEMS][SURVEY_N_ANSWERS];
    bool hidden[SURVEY_N_ITEMS][SURVEY_N_ANSWERS]; /* a count not to show */
    long answered[SURVEY_N_ITEMS];                 /* row totals (shown) */
    double agree_share[SURVEY_N_ITEMS];            /* -1: not shown */
    double mean_score;                             /* -1: not shown */
};

/* The result of one round's responses. Pure. */
void surveyreport_compute(const struct survey_round *round, const struct survey_answers *rs,
                          size_t n, struct survey_result *out);

/* A round's responses, into a. Not audited (surveyreport_build is). */
int surveyreport_load(struct db *db, struct arena *a, int64_t round_id, struct survey_answers **out,
                      size_t *n, struct err *e);

/* Every round of the school, oldest first, computed; one audit row as who. */
int surveyreport_build(struct db *db, struct arena *a, int64_t school_id,
                       const struct audit_entry *who, struct survey_result **out, size_t *n,
                       struct err *e);

#endif
