/* leaver.h - a pupil who has left is read-only (docs/retention.md).
 *
 * Once a pupil's leaving date has come (on or before today), or their record
 * was erased, their record is kept as it was: the model functions that add
 * to or change it (conversations, targets and their reviews, the family's
 * views, agreements, contacts, factors, outside services, provision reviews,
 * conversation scope and plans) call a guard first and refuse with
 * ERR_CONFLICT and a message that says why. What stays open: the MIS import
 * (which may re-admit a pupil or correct the leaving date itself), bulk
 * imports of results, closing a provision enrolment, a transfer, and the
 * retention actions (model/retention).
 */
#ifndef MESO_LEAVER_H
#define MESO_LEAVER_H

#include <stdint.h>

#include "core/err.h"

struct db;

/* 0 when the pupil's record may change (or there is no such pupil: the
 * caller reports that its own way); ERR_CONFLICT when they have left or were
 * erased. */
int leaver_guard(struct db *db, int64_t pupil_id, struct err *e);

/* The same for the pupil of a conversation, or of a target. */
int leaver_guard_conversation(struct db *db, int64_t conversation_id, struct err *e);
int leaver_guard_target(struct db *db, int64_t target_id, struct err *e);

#endif
