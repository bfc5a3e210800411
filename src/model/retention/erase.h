/* erase.h - erasing a pupil's or a carer's personal data (docs/retention.md).
 *
 * Erasing a pupil who has left removes their names, UPN, day of birth (the
 * month is kept, for ages), first language, and every word written about
 * them: notes, conversations, targets and reviews, agreements, the family's
 * views, contacts, reasons, involvements, stories (deleted) and uploaded
 * files that list them (deleted); the details of every carer linked to them
 * alone (erase_carer); and the words of the audit rows about them. It keeps
 * what the school's anonymous figures need: the rows themselves, year group,
 * sex, SEN history, FSM periods, dates, codes, scores and bands, attendance,
 * provision and its tiers. One audit row says what was erased, when, by whom
 * and why, and never what the erased record said. Then the database is
 * scrubbed (db_scrub) so the old words are not left in its file.
 *
 * Erasing a carer removes their names and contact details, the views they
 * gave, their parent account's email (the account is disabled, its sessions
 * ended) and the words of the audit rows about them.
 *
 * Records kept as recorded (the audit trail, agreements, target and
 * provision reviews) accept this one change: a text set to '(erased)'
 * (migration 0013).
 */
#ifndef MESO_ERASE_H
#define MESO_ERASE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

struct audit_who;
struct db;

#define ERASED_TEXT "(erased)"

struct erase_result {
    int carers;    /* carers erased with the pupil */
    int stories;   /* stories deleted */
    int uploads;   /* uploaded files deleted */
    bool scrubbed; /* the file was scrubbed (false: see the warning in scrub_note) */
    char scrub_note[256];
};

/* Erase pupil_id (of school_id) with reason (required). ERR_INPUT without a
 * reason; ERR_NOTFOUND for no such pupil at the school; ERR_CONFLICT when
 * the pupil has not left (no leaving date on or before today) or was erased
 * already. All or nothing; the scrub after is best effort (r->scrubbed). */
int erase_pupil(struct db *db, const struct audit_who *who, int64_t school_id, int64_t pupil_id,
                const char *reason, struct erase_result *r, struct err *e);

/* Erase carer_id (of school_id) with reason. ERR_CONFLICT when they are
 * linked to a pupil still on roll, or were erased already. */
int erase_carer(struct db *db, const struct audit_who *who, int64_t school_id, int64_t carer_id,
                const char *reason, struct erase_result *r, struct err *e);

#endif
