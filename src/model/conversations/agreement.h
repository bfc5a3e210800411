/* agreement.h - the agreement made with a pupil's parents or carers at the
 * first structured conversation: what the conversations are for and what
 * everyone hopes will come of them, when it was agreed and by whom (carers
 * and staff). Reviewing it adds a new version; earlier versions are kept
 * unchanged, so the history shows how it developed.
 *
 * Functions return 0 or a negative err_code and fill e; results live in the
 * arena given. Every read and change is audited as `who`. */
#ifndef MESO_AGREEMENT_H
#define MESO_AGREEMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;
struct audit_entry;
struct db;
struct problems;

struct agreement {
    int64_t id, pupil_id;
    int version; /* 1 for the first; set on saving */
    const char *purpose;
    const char *expected_outcomes;
    char agreed_on[11];
    const char *review_note; /* for a review: what changed, or NULL */
    int64_t *carer_ids;      /* who agreed it */
    size_t n_carers;
    int64_t *staff_ids;
    size_t n_staff;
    /* Filled on reading: names, in the order of the ids. */
    const char **carer_names, **staff_names;
    const char *recorded_by, *recorded_at;
};

/* Check before saving. Problems by field: "purpose", "outcomes", "date",
 * "carers" (at least one, each the pupil's), "staff". */
int agreement_validate(struct db *db, const struct agreement *ag, struct problems *pr,
                       struct err *e);
/* Save a new version (the first agreement, or a review of the current
 * one); sets ag->id and ag->version. */
int agreement_save(struct db *db, struct agreement *ag, const struct audit_entry *who,
                   struct err *e);
/* The current version; *found is false when there is none yet. */
int agreement_current(struct db *db, struct arena *a, int64_t pupil_id,
                      const struct audit_entry *who, struct agreement *out, bool *found,
                      struct err *e);
/* Every version, newest first. */
int agreement_history(struct db *db, struct arena *a, int64_t pupil_id,
                      const struct audit_entry *who, struct agreement **out, size_t *n,
                      struct err *e);

#endif
