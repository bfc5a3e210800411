/* progoutcome.h - THE SEAM between programme reports and the measures
 * capability (issue 5: assessments stored per pupil).
 *
 * A programme report sets each enrolled child's score before the programme
 * beside their score after it, on one instrument and one score (by default
 * the template's: the SDQ parent form's total difficulties for FAST and
 * Story Links). The report takes those pre/post pairs through
 * progreport_opts (model/progreport.h), so whoever has the scores can give
 * them: the command line reads them from a CSV file (`meso report programme
 * ID --outcomes FILE`), the tests build them by hand, and, when none are
 * given, the report asks progoutcome_pairs() below for them from the
 * stored assessments.
 *
 * The rule progoutcome_pairs() applies, wherever the scores are stored:
 *   pre   the latest score dated from PROGOUTCOME_WINDOW_DAYS before the
 *         first weekly session up to that session's date;
 *   post  the earliest score dated from the last weekly session's date up
 *         to PROGOUTCOME_WINDOW_DAYS after it;
 * a child with only one of the two is left out (the report says how many
 * children had both).
 *
 * The scores are the measures capability's stored assessments
 * (model/assessment.h: table assessment and its assessment_score rows, as
 * the definition that produced them scored them): the score named on an
 * assessment of the instrument, any informant who used that form (the
 * instrument key names the form: sdq-parent-4-17 is the parent's). The one
 * query is in progoutcome_pairs(); nothing else in the programme code reads
 * assessments.
 */
#ifndef MESO_PROGOUTCOME_H
#define MESO_PROGOUTCOME_H

#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/err.h"

struct arena;
struct db;

#define PROGOUTCOME_WINDOW_DAYS 90

/* One child's scores before and after. */
struct prog_pair {
    int64_t pupil_id;
    double pre, post;
    char pre_on[11], post_on[11]; /* the dates, or "" when given without */
};

/* The pairs for these pupils on instrument/score around a programme whose
 * weekly sessions ran from first to last (see the rule above), in the
 * order of pupils. Returns 0 (possibly with *n = 0) or a storage error. */
int progoutcome_pairs(struct db *db, struct arena *a, const int64_t *pupils, size_t n_pupils,
                      const char *instrument, const char *score, struct date first,
                      struct date last, struct prog_pair **out, size_t *n, struct err *e);

/* The comparison group's rows and the programme's (model/progcompare.h):
 * the school's pupils with a score on instrument/score in the window
 * before first who have no place in the provision (no enrolment, or the
 * family declined), with their scores by the rule above; then, for them and
 * for the programme's children in `enrolled` (their pairs), free school
 * meals on the first session's day, SEN, year group and group (the key
 * teacher, else the class) from the register. *n_comparison says how many comparison pupils' scores
 * were read (for the audit row). Returns 0 or a storage error. */
struct progcompare_row;
int progoutcome_comparison(struct db *db, struct arena *a, int64_t school_id, int64_t provision_id,
                           const char *instrument, const char *score, struct date first,
                           struct date last, const struct prog_pair *enrolled, size_t n_enrolled,
                           struct progcompare_row **rows, size_t *n_rows, size_t *n_comparison,
                           struct err *e);

#endif
