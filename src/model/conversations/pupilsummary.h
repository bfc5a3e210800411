/* pupilsummary.h - what the top of a pupil's page says at a glance: the key
 * teacher, the next conversation, the open targets and the provision the
 * child has now, read together as one view of the child's record (one audit
 * row, the page view's own: "view pupil").
 *
 * Definitions, on a day `today`:
 *   next conversation  the earliest conversation arranged (status planned,
 *                      not one the family did not come to) on or after
 *                      today; else the next meeting agreed at the Review
 *                      stage of a complete record, when it is on or after
 *                      today (conv_id 0: there is no record yet)
 *   open targets       status open or progressing (conversation.h), the
 *                      soonest review date first, then the newest
 *   current provision  provmap.h's "taking part" without the follow-on
 *                      case: a provision running today (start_date <=
 *                      today, no end_date or end_date >= today) in which
 *                      the child's enrolment has begun, has not ended and
 *                      was not declined; indicated first, then selected,
 *                      then universal, then by name. Universal provision
 *                      with no enrolments reaches every child and is
 *                      counted apart (n_whole_school).
 */
#ifndef MESO_PUPILSUMMARY_H
#define MESO_PUPILSUMMARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;
struct audit_entry;
struct db;

#define PUPILSUMMARY_TARGETS 3 /* open targets listed (all are counted) */

struct pupilsummary_target {
    int64_t id;
    const char *what;
    char review_date[11]; /* or "" */
};

struct pupilsummary_provision {
    int64_t id;
    const char *name;
    const char *tier;  /* universal, selected or indicated */
    bool is_programme; /* run from a template: its page is /programmes/{id} */
};

struct pupilsummary {
    int64_t key_teacher_id;  /* 0: none chosen */
    const char *key_teacher; /* the name, or NULL */
    char next_date[11];      /* "" when none is planned */
    int64_t next_conv_id;    /* the arranged record, or 0 */
    int n_open_targets;
    struct pupilsummary_target targets[PUPILSUMMARY_TARGETS];
    size_t n_targets; /* listed: at most PUPILSUMMARY_TARGETS */
    struct pupilsummary_provision *provisions;
    size_t n_provisions;
    int n_whole_school; /* current universal provision with no enrolments */
};

/* The summary of pupil_id (at school_id) on today (ISO), into out; strings
 * live in a. Writes the view's one audit row as who (action "view", entity
 * "pupil", no detail): the caller's page view is this read. */
int pupilsummary_read(struct db *db, struct arena *a, int64_t pupil_id, int64_t school_id,
                      const char *today, const struct audit_entry *who, struct pupilsummary *out,
                      struct err *e);

#endif
