/* review.h - reviews of each pupil's outcome in a provision, the reviews
 * that are due, and the outcomes per provision (docs/provision-map.md).
 *
 * A review scores a pupil's outcome in a provision from -2 to +2:
 *   -2 much less than expected, -1 less than expected, 0 as expected,
 *   +1 more than expected, +2 much more than expected,
 * with a note, the reviewer (a member of staff) and the date. A pupil may be
 * reviewed more than once; reviews are never changed.
 *
 * When a review is due. For each enrolment with consent given and not left,
 * in a provision of the school whose review date or end date is set:
 *   due on        the provision's review date, or its end date when that is
 *                 earlier or there is no review date
 *   reviewed      a review of that pupil in that provision exists on or
 *                 after (due on - REVIEW_WINDOW_BEFORE days)
 *   due           not reviewed, and due on is today or within the next
 *                 REVIEW_DUE_AHEAD days
 *   overdue       not reviewed, and due on has passed (so an ended
 *                 provision with a pupil not reviewed is overdue)
 * A provision with neither date has no review scheduled.
 *
 * The outcomes of a provision (review_summarise): the latest review of each
 * pupil enrolled with consent given (left or not), their mean, the count at
 * each score, and the share at 0 or above (as expected or better).
 *
 * Reads and changes of a child's record append to the audit trail as `who`,
 * in the same transaction. Functions that can fail return 0 or a negative
 * err_code and fill e; everything returned lives in the arena given.
 */
#ifndef MESO_REVIEW_H
#define MESO_REVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;
struct audit_entry;
struct db;
struct problems;

#define REVIEW_SCORE_MIN     (-2)
#define REVIEW_SCORE_MAX     2
#define REVIEW_N_SCORES      5
#define REVIEW_WINDOW_BEFORE 28 /* days before the due date a review counts */
#define REVIEW_DUE_AHEAD     14 /* days ahead a review shows as due */
#define REVIEW_NOTE_MAX      4000

/* "Much less than expected" ... "Much more than expected", indexed by
 * score - REVIEW_SCORE_MIN. */
extern const char *const review_score_labels[];
/* The label of a score ("" when out of range). */
const char *review_score_label(int score);
/* Parse "-2".."2" or "+1"; 0 or ERR_INPUT. */
int review_parse_score(const char *s, int *out);

struct review {
    int64_t id, provision_id, pupil_id;
    int score;            /* -2..2 */
    const char *note;     /* or NULL */
    int64_t reviewer_id;  /* staff, or 0 */
    const char *reviewer; /* their name (required) */
    char reviewed_on[11];
    const char *recorded_by, *recorded_at;
    /* Filled on reading: */
    const char *pupil_name;
    char upn[14];
    const char *provision_name;
};

/* ---- pure --------------------------------------------------------------- */

enum review_state {
    REVIEW_NONE = 0, /* no review date or end date: nothing scheduled */
    REVIEW_LATER,    /* not reviewed, due on more than REVIEW_DUE_AHEAD days ahead */
    REVIEW_DUE,
    REVIEW_OVERDUE,
    REVIEW_DONE, /* reviewed (see above) */
    REVIEW_STATE_N
};
extern const char *const review_state_names[]; /* none, later, due, overdue, done */

/* The due date of a provision with these dates ("" when not set) into out
 * (11 bytes; "" when neither is set). */
void review_due_on(const char *review_date, const char *end_date, char out[11]);

/* The state of one pupil's review: due_on from review_due_on, latest the
 * date of their latest review in the provision ("" when none), today. */
enum review_state review_state_of(const char *due_on, const char *latest, const char *today);

struct review_summary {
    int64_t provision_id;
    const char *name, *tier;
    char review_date[11], end_date[11];
    int pupils;                  /* enrolled with consent given (left or not) */
    int reviewed;                /* of those, with a review */
    int counts[REVIEW_N_SCORES]; /* latest reviews at each score, -2 first */
    double mean;                 /* of the latest reviews; 0 when none */
    double share_expected;       /* at 0 or above, 0-1; 0 when none */
    int due, overdue;            /* pupils whose review is due or overdue */
};

/* Count the latest reviews given (one per pupil) into out's counts, mean,
 * share_expected and reviewed (other fields are left as they are). */
void review_summarise(const struct review *latest, size_t n, struct review_summary *out);

/* ---- storage ------------------------------------------------------------ */

/* Check a review before saving: problems by field (provision, pupil,
 * score, note, reviewer, reviewed_on). The pupil must be enrolled in the
 * provision with consent given; the date not before their enrolment nor
 * after today; the reviewer staff at the provision's school when set. */
int review_validate(struct db *db, const struct review *r, const char *today, struct problems *pr,
                    struct err *e);

/* Validate (ERR_INPUT when there are problems, nothing written) and add a
 * review; sets r->id. Audited as a change of the pupil's record. */
int review_add(struct db *db, struct review *r, const char *today, struct problems *pr,
               const struct audit_entry *who, struct err *e);

/* The reviews of a pupil (provision_id 0: in every provision), oldest
 * first. Audited as a view of the pupil's record (who NULL: not audited,
 * for callers that audit the whole view themselves). */
int review_list_pupil(struct db *db, struct arena *a, int64_t pupil_id, int64_t provision_id,
                      const struct audit_entry *who, struct review **out, size_t *n, struct err *e);

/* A review due or overdue. */
struct review_due_item {
    int64_t provision_id;
    const char *provision_name, *tier;
    int64_t pupil_id;
    const char *pupil_name;
    char upn[14];
    char due_on[11];
    char latest[11];         /* the pupil's latest review in it, or "" */
    enum review_state state; /* REVIEW_DUE or REVIEW_OVERDUE */
    int days;                /* until due_on (0 today), negative when past */
};

/* The reviews due or overdue at school_id on today (NULL: today), most
 * overdue first, then by provision and pupil name. Audited as one list
 * view. */
int review_due_list(struct db *db, struct arena *a, int64_t school_id, const char *today,
                    const struct audit_entry *who, struct review_due_item **out, size_t *n,
                    struct err *e);

/* The outcomes per provision of school_id (every provision with a pupil
 * enrolled with consent given), by tier then name; due and overdue counted
 * on today (NULL: today). Audited as one list view. */
int review_report(struct db *db, struct arena *a, int64_t school_id, const char *today,
                  const struct audit_entry *who, struct review_summary **out, size_t *n,
                  struct err *e);

#endif
