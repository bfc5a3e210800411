/* reply.h - a parent's reply to a shared record (issue 18, part 3).
 *
 * From a record shared with them (conversation_family_may_see), a parent or
 * carer can reply, or say that something in it is not right. A reply is:
 *   - a parent_reply row (migration 0016) kept with the record, shown in its
 *     history on the staff page and the family's page;
 *   - a contact started by the family (contact.h: method app_message,
 *     purpose information for a reply and concern for "not right", with the
 *     carer, the pupil's key teacher as the member of staff, and the text as
 *     the note), so the contact log and the conversations report
 *     (family_started_contacts, convstats.h) count it;
 *   - waiting on the key teacher's home page until a member of staff who may
 *     see the pupil marks it read.
 * All in one transaction, audited (create parent_reply; the contact's own
 * row). Access is the caller's: the pages ask model/access before calling.
 */
#ifndef MESO_REPLY_H
#define MESO_REPLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/err.h"

struct arena;
struct audit_entry;
struct db;
struct problems;

#define REPLY_MAX 2000 /* bytes: the same as a contact's note */

struct parent_reply {
    int64_t id, conversation_id, pupil_id, school_id, carer_id, contact_id;
    const char *kind; /* "reply" or "not_right" */
    const char *body;
    char sent_at[DATE_TS_LEN];
    const char *read_at; /* NULL while waiting */
    /* Filled on reading: */
    const char *carer_name, *pupil_name;
    char event_date[11]; /* the record's meeting date */
};

/* Problems by field: "kind" (reply or not_right), "body" (required, at most
 * REPLY_MAX bytes, UTF-8). Plain words for a parent. */
void reply_validate(const char *kind, const char *body, struct problems *pr);

/* Add r (conversation_id, pupil_id, school_id, carer_id, kind, body; sent
 * now) with its contact, in one transaction; sets r->id and r->contact_id.
 * ERR_INPUT when it does not validate (nothing written). */
int reply_add(struct db *db, struct parent_reply *r, const struct audit_entry *who, struct err *e);

/* The replies to one record, oldest first (not audited: the page that
 * shows the record audits its view). carer_id 0: everyone's; else only that
 * carer's (what a parent sees of their own). */
int reply_list(struct db *db, struct arena *a, int64_t conversation_id, int64_t carer_id,
               struct parent_reply **out, size_t *n, struct err *e);

/* Replies waiting to be read, newest first, for the pupils whose key teacher
 * is staff_id at school_id. Audited once as a list when there are any. */
int reply_waiting(struct db *db, struct arena *a, int64_t school_id, int64_t staff_id,
                  const struct audit_entry *who, struct parent_reply **out, size_t *n,
                  struct err *e);

/* Which record and pupil a reply belongs to (not audited, for access checks
 * before a change). ERR_NOTFOUND when there is none at school_id. */
int reply_ref(struct db *db, int64_t school_id, int64_t id, int64_t *conversation_id,
              int64_t *pupil_id, struct err *e);

/* Mark a reply read by staff_id now. Audited. */
int reply_mark_read(struct db *db, int64_t id, int64_t staff_id, const struct audit_entry *who,
                    struct err *e);

#endif
