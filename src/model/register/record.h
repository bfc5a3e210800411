/* record.h - changes to a child's register record, each one transaction with
 * its audit rows (the one convention of the model: a change owns its
 * transaction and its audit trail, so no page, API call or command begins,
 * audits or commits on its own).
 *
 * who is the actor and address (audit_entry: actor, address, school_id; the
 * web and the API fill school_id with the signed-in school, the command line
 * leaves it 0 and the child's school is taken). detail goes into each audit
 * row ("by the API", or NULL). Every function returns 0 or a negative
 * err_code with e filled, and then nothing was changed. */
#ifndef MESO_RECORD_H
#define MESO_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "model/register/audit.h"
#include "model/register/carer.h"
#include "model/register/pupil.h"

struct arena;
struct db;

/* Add (old NULL) or change pupil p at school_id, the fields in `fields`
 * (PF_*), through pupil_batch_save (SEN history, FSM periods); source names
 * the change in the SEN history ("web ACTOR", "api NAME"). When anything
 * changed, one audit row: "create" or "update" of the pupil. */
int record_pupil_save(struct db *db, int64_t school_id, struct pupil *p, const struct pupil *old,
                      unsigned fields, const char *source, const struct audit_entry *who,
                      const char *detail, enum pupil_save_result *result, struct err *e);

/* One child a carer is linked to, as the carer's pages show it. */
struct carer_child {
    int64_t carer_id;
    int64_t pupil_id;
    const char *upn;
    const char *dob;
    const char *relationship;
    int parental_responsibility; /* 1, 0 or CARER_PR_NOT_RECORDED */
    bool lives_with;
    int contact_priority;
};
/* The children carer_id is linked to, by pupil id (youngest first when
 * youngest_first). Strings live in a. */
/* The children of every carer on one page of carer_list(school_id, limit,
 * offset), in one query: by carer id, then pupil id. A carer that changed
 * places on the list between the two reads may be missing here: look such
 * a one up with record_carer_children. */
int record_carer_children_page(struct db *db, struct arena *a, int64_t school_id, int limit,
                               int offset, struct carer_child **out, size_t *n, struct err *e);
int record_carer_children(struct db *db, struct arena *a, int64_t carer_id, bool youngest_first,
                          struct carer_child **out, size_t *n, struct err *e);

/* The carer at school_id with this match key (carer_match_key), or 0. */
int record_carer_by_key(struct db *db, int64_t school_id, const char *key, int64_t *id,
                        struct err *e);

/* Change a carer's details: one "update" row for each child they are linked
 * to (one row without a child when none). ERR_CONFLICT when someone with the
 * same name and contact details is already recorded. */
int record_carer_update(struct db *db, struct arena *a, const struct carer *c,
                        const struct audit_entry *who, const char *detail, struct err *e);

/* Add a carer for pupil l->pupil_id (or, when key matches someone already
 * recorded, update and link them): carer_save, the link, "update" rows for
 * each child when an existing record changed, then one "create" (new) or
 * "link" row. *saved says which. */
int record_carer_add(struct db *db, int64_t school_id, struct carer *c, const char *key,
                     struct carer_link *l, const struct audit_entry *who,
                     enum carer_save_result *saved, struct err *e);

/* The API's whole-carer save: add (is_new; ERR_CONFLICT when the key matches
 * someone already recorded) or change c, then create or change each of its
 * links (one "link" row for each that changed), then a "create" row (with
 * the first child) or the "update" rows of record_carer_update. */
int record_carer_save_links(struct db *db, struct arena *a, int64_t school_id, struct carer *c,
                            bool is_new, const struct carer_link *links, size_t n_links,
                            const struct audit_entry *who, const char *detail, struct err *e);

/* Change how a carer is linked to a pupil: one "update" row of the link
 * (detail: the relationship) when anything changed. */
int record_link_update(struct db *db, const struct carer_link *l, const struct audit_entry *who,
                       struct err *e);

/* Remove the link between a pupil and a carer: one "unlink" row. */
int record_unlink(struct db *db, int64_t pupil_id, int64_t carer_id, const struct audit_entry *who,
                  struct err *e);

#endif
