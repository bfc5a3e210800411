/* checklist.h - how far a school has got with setting meso up, for the
 * checklist on a lead's home page (issue 11). Five steps, each done when:
 *
 *   pupils         at least one pupil is on roll;
 *   carers         at least one pupil on roll has a parent or carer linked;
 *   staff          at least one account holds the teacher or practitioner
 *                  role (invited: they need not have joined yet);
 *   key teachers   some pupils are in conversation scope and every one of
 *                  them has a key teacher;
 *   conversation   at least one structured conversation is recorded
 *                  (arranged, in draft or complete).
 *
 * Once all five are done the checklist is not shown again. It reads
 * counts only: no child's record, so it writes no audit row.
 */
#ifndef MESO_CHECKLIST_H
#define MESO_CHECKLIST_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

struct db;

enum checklist_step {
    CHECK_PUPILS,
    CHECK_CARERS,
    CHECK_STAFF,
    CHECK_KEY_TEACHERS,
    CHECK_CONVERSATION,
    CHECK_N
};

struct checklist {
    long pupils;         /* on roll */
    long with_carer;     /* of them, with a parent or carer linked */
    long staff;          /* accounts with the teacher or practitioner role */
    long staff_joined;   /* of them, those who have made their password */
    long in_scope;       /* pupils in conversation scope */
    long no_key_teacher; /* of them, without a key teacher */
    long conversations;  /* records of any status */
    bool done[CHECK_N];
    bool complete; /* every step done */
};

/* Count and decide each step for school_id. */
int checklist_load(struct db *db, int64_t school_id, struct checklist *out, struct err *e);

#endif
