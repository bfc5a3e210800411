/* transfer_meso.h - meso's own record of a child, sent with their CTF to a
 * school that also uses meso (docs/ctf.md, "Sending meso's record"): the
 * family's agreement, checked before the record is sent, and the record
 * received, kept as history from the previous school (read-only). */
#ifndef MESO_TRANSFER_MESO_H
#define MESO_TRANSFER_MESO_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

struct arena;
struct db;
struct audit_entry;

struct transfer_consent {
    int64_t id, pupil_id, carer_id; /* carer_id 0: the child, or not a carer */
    const char *given_on, *how, *recorded_by, *recorded_at;
    const char *who; /* the carer's name, or NULL */
};

/* Record the family's agreement for pupil_id: given_on an ISO date not in
 * the future, how (1..300 characters: "signed form", "at the review
 * meeting"), carer_id 0 or one of the pupil's carers. One transaction with
 * its audit row ("consent", "transfer"). ERR_INPUT with "given_on: ",
 * "how: " or "carer: " in e. */
int transfer_consent_add(struct db *db, const struct audit_entry *who, int64_t school_id,
                         int64_t pupil_id, int64_t carer_id, const char *given_on, const char *how,
                         int64_t *id, struct err *e);

/* The latest standing agreement for pupil_id into *out (strings in a);
 * ERR_NOTFOUND when there is none. */
int transfer_consent_find(struct db *db, struct arena *a, int64_t pupil_id,
                          struct transfer_consent *out, struct err *e);

/* The agreement in words, for the record sent: "Agreed by Ann Lee (mother)
 * on 2026-11-02: signed form; recorded by cli:helen". */
const char *transfer_consent_words(struct arena *a, const struct transfer_consent *c);

struct transfer_history {
    int64_t id, pupil_id;
    const char *from_urn, *from_name, *sent_at, *consent, *record, *received_by, *received_at;
};

/* Keep a record received for pupil_id (inside the caller's transaction, with
 * an audit row "receive", "transfer_history"). record is JSON text. The same
 * record from the same school is kept once (a file read twice). */
int transfer_history_add(struct db *db, const struct audit_entry *who, int64_t school_id,
                         int64_t pupil_id, const struct transfer_history *h, struct err *e);

/* pupil_id's records from previous schools, oldest first, in a. */
int transfer_history_list(struct db *db, struct arena *a, int64_t pupil_id,
                          struct transfer_history **out, size_t *n, struct err *e);

#endif
