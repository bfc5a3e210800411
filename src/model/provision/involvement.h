/* involvement.h - the involvement of services outside the school with a
 * pupil: educational psychology, CAMHS, children's social care, speech and
 * language therapy, early help, or another service (docs/provision-map.md).
 *
 * Each involvement records the referral (date, and what the school asked),
 * its status (referred, accepted, seen, advice_received, closed, declined,
 * with the date of each change kept in a history), and the advice received
 * (text and date).
 *
 * Timescales are local: each school sets, per service, the number of
 * calendar days within which it expects the advice after a referral, as
 * agreed with its local services. meso starts from defaults in the
 * external_service table (meso's choice, not national standards).
 *
 *   open          status is not closed or declined
 *   waiting       open and no advice received yet
 *   days taken    from the referral to the advice; while waiting, to today;
 *                 for one closed or declined without advice, to that date
 *   past timescale  waiting, and days taken is more than the timescale
 *                 (the alert); late: the advice came after the timescale
 *
 * Reads and changes of a child's record append to the audit trail as `who`,
 * in the same transaction. Functions that can fail return 0 or a negative
 * err_code and fill e; everything returned lives in the arena given.
 */
#ifndef MESO_INVOLVEMENT_H
#define MESO_INVOLVEMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;
struct audit_entry;
struct db;
struct problems;

#define INVOLVEMENT_TEXT_MAX   4000 /* what was asked */
#define INVOLVEMENT_ADVICE_MAX 8000
#define INVOLVEMENT_DAYS_MAX   730

enum inv_status {
    INV_REFERRED = 0,
    INV_ACCEPTED,
    INV_SEEN,
    INV_ADVICE_RECEIVED,
    INV_CLOSED,
    INV_DECLINED,
    INV_STATUS_N
};
/* referred, accepted, seen, advice_received, closed, declined (NULL-ended)
 * and labels for people in the same order ("Referred", ..., "Advice
 * received", ...). */
extern const char *const inv_status_names[];
extern const char *const inv_status_labels[];

/* Parse a status or a service code (any case; spaces and hyphens for
 * underscores). 0 or ERR_INPUT. Services are checked against the
 * external_service table by involvement_validate. */
int involvement_parse_status(const char *s, enum inv_status *out);
int involvement_parse_service(const char *s, const char **out); /* out in a static list */
/* The built-in service codes (NULL-ended), as seeded in migration 0006. */
extern const char *const inv_service_codes[];

struct inv_status_change {
    enum inv_status status;
    char on[11];
    const char *recorded_by;
};

struct involvement {
    int64_t id, pupil_id;
    const char *service;      /* a code of external_service */
    const char *service_name; /* the team or person, or NULL */
    char referred_on[11];
    const char *asked; /* what the school asked */
    enum inv_status status;
    char status_on[11]; /* since when */
    const char *advice; /* or NULL */
    char advice_on[11]; /* or "" */
    const char *recorded_by, *recorded_at, *updated_at;
    /* Filled on reading: */
    const char *service_label;
    const char *pupil_name;
    char upn[14];
    struct inv_status_change *history; /* oldest first (involvement_get only) */
    size_t n_history;
    /* Filled by involvement_timing: */
    int timescale_days;
    int days_taken;
    bool open, waiting, past_timescale, late;
};

/* ---- pure --------------------------------------------------------------- */

/* Fill iv's open, waiting, days_taken, past_timescale and late from its
 * dates and status, a timescale in days and today. */
void involvement_timing(struct involvement *iv, int timescale_days, const char *today);

/* ---- storage ------------------------------------------------------------ */

/* Check an involvement before saving: problems by field (pupil, service,
 * service_name, referred_on, asked, status, status_on, advice, advice_on).
 * Dates must not be after today; status_on and advice_on not before the
 * referral. */
int involvement_validate(struct db *db, const struct involvement *iv, const char *today,
                         struct problems *pr, struct err *e);

/* Validate (ERR_INPUT when there are problems, nothing written) and add an
 * involvement with its first status row; status defaults to referred on
 * the referral date when status_on is "". Sets iv->id. */
int involvement_add(struct db *db, struct involvement *iv, const char *today, struct problems *pr,
                    const struct audit_entry *who, struct err *e);

/* A change to an involvement: anything NULL is kept. */
struct inv_update {
    const enum inv_status *status;
    const char *status_on; /* the date of a status change; default today */
    const char *advice;    /* "" clears */
    const char *advice_on; /* default today when advice is given */
};

/* Change an involvement of a pupil at school_id (0: any). Recording advice
 * moves a status before advice_received to advice_received. A status change
 * appends to the history. ERR_NOTFOUND, or ERR_INPUT with problems (nothing
 * written). */
int involvement_update(struct db *db, int64_t id, int64_t school_id, const struct inv_update *u,
                       const char *today, struct problems *pr, const struct audit_entry *who,
                       struct err *e);

/* One involvement with its history and timing on today (NULL: today).
 * ERR_NOTFOUND when none at school_id (0: any). Audited as a view. */
int involvement_get(struct db *db, struct arena *a, int64_t id, int64_t school_id,
                    const char *today, const struct audit_entry *who, struct involvement *out,
                    struct err *e);

/* The involvements of a school (pupil_id 0) or of one pupil, with timing
 * on today (NULL: today): open ones first, then by referral date, newest
 * first. Audited as one list view (of the pupil when pupil_id is set); who
 * NULL is not audited, for callers that audit the whole view themselves. */
int involvement_list(struct db *db, struct arena *a, int64_t school_id, int64_t pupil_id,
                     const char *today, const struct audit_entry *who, struct involvement **out,
                     size_t *n, struct err *e);

/* Counts for the provision map: open involvements, and those past their
 * timescale on today (NULL: today). Not audited (no child is shown). */
int involvement_counts(struct db *db, int64_t school_id, const char *today, int *open,
                       int *past_timescale, struct err *e);

struct inv_timescale {
    const char *service, *label;
    int days;
    bool local; /* set by the school; else meso's default */
    int default_days;
};

/* Each service with the school's timescale, in the services' order. */
int involvement_timescales(struct db *db, struct arena *a, int64_t school_id,
                           struct inv_timescale **out, size_t *n, struct err *e);

/* Set the school's timescale for a service (1..INVOLVEMENT_DAYS_MAX days).
 * ERR_INPUT for an unknown service or days out of range. */
int involvement_timescale_set(struct db *db, int64_t school_id, const char *service, int days,
                              const char *actor, struct err *e);

#endif
