/* family_worker.h - practitioners (family workers, mentors) assigned to work
 * with a child's family. An assignment lets the practitioner see that child's
 * record and carers (model/access.h). Assigning and unassigning are changes
 * of the child's record, written to the audit trail. */
#ifndef MESO_FAMILY_WORKER_H
#define MESO_FAMILY_WORKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;
struct audit_who;
struct db;
struct staff;

/* Assign staff_id to pupil_id's family. The member of staff must be active,
 * at the pupil's school, and a practitioner or lead (by register role or an
 * account role). Assigning again is not an error. ERR_NOTFOUND (no such
 * pupil), ERR_INPUT (not a practitioner there). */
int family_worker_assign(struct db *db, const struct audit_who *who, int64_t pupil_id,
                         int64_t staff_id, struct err *e);

/* End an assignment. ERR_NOTFOUND when there was none. */
int family_worker_unassign(struct db *db, const struct audit_who *who, int64_t pupil_id,
                           int64_t staff_id, struct err *e);

/* One member of staff's place in a pupil's team: a family worker or not. */
struct team_choice {
    int64_t staff_id;
    bool family_worker;
};
/* Set a pupil's key teacher (when it differs from old_key_teacher_id) and,
 * in the order given, assign or unassign each family worker whose choice
 * differs from today: one transaction, each change audited as by
 * pupil_set_key_teacher, family_worker_assign and family_worker_unassign.
 * Their errors; nothing is changed then. */
int family_worker_set_team(struct db *db, const struct audit_who *who, int64_t pupil_id,
                           int64_t old_key_teacher_id, int64_t key_teacher_id,
                           const struct team_choice *choices, size_t n, struct err *e);

/* The practitioners assigned to a pupil's family, by name (in a). */
int family_worker_list(struct db *db, struct arena *a, int64_t pupil_id, struct staff **out,
                       size_t *n, struct err *e);

#endif
