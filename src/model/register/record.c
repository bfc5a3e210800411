#include "model/register/record.h"

#include "core/arena.h"
#include "db/db.h"

/* Run the change begun by db_begin: commit when rc is 0, else roll back. */
static int finish(struct db *db, int rc, struct err *e)
{
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}

int record_pupil_save(struct db *db, int64_t school_id, struct pupil *p, const struct pupil *old,
                      unsigned fields, const char *source, const struct audit_entry *who,
                      const char *detail, enum pupil_save_result *result, struct err *e)
{
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    struct pupil_batch b;
    pupil_batch_init(&b, db, school_id, source);
    rc = pupil_batch_save(&b, p, old, fields, result, e);
    if (rc == 0 && *result != PUPIL_UNCHANGED)
        rc = audit_as(db, who, old ? "update" : "create", "pupil", p->id, p->id, who->school_id,
                      detail, e);
    return finish(db, rc, e);
}

/* Read the rows of st (carer, pupil, upn, dob, relationship, parental
 * responsibility, lives with, priority) into *out; finalizes st. */
static int read_children(struct db_stmt *st, struct arena *a, struct carer_child **out, size_t *n,
                         struct err *e)
{
    int rc;
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct carer_child *k = arena_push(a, out, n, &cap, sizeof *k);
        if (!k) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        k->carer_id = db_col_int(st, 0);
        k->pupil_id = db_col_int(st, 1);
        k->upn = arena_strdup(a, db_col_text(st, 2));
        k->dob = arena_strdup(a, db_col_text(st, 3));
        k->relationship = arena_strdup(a, db_col_text(st, 4));
        k->parental_responsibility =
            db_col_is_null(st, 5) ? CARER_PR_NOT_RECORDED : (int)db_col_int(st, 5);
        k->lives_with = db_col_int(st, 6) != 0;
        k->contact_priority = (int)db_col_int(st, 7);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int record_carer_children_page(struct db *db, struct arena *a, int64_t school_id, int limit,
                               int offset, struct carer_child **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    /* The page as carer_list() reads it (model/register/carer.c). */
    int rc = db_prepare(db, &st,
                        "SELECT l.carer_id, p.id, p.upn, p.dob, l.relationship,"
                        " l.parental_responsibility, l.lives_with, l.contact_priority"
                        " FROM pupil_carer l JOIN pupil p ON p.id = l.pupil_id"
                        " WHERE l.carer_id IN (SELECT id FROM carer WHERE school_id = ?1"
                        " ORDER BY surname, forename, id LIMIT ?2 OFFSET ?3)"
                        " ORDER BY l.carer_id, p.id",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_int(st, 2, limit > 0 ? limit : INT64_MAX); /* no LIMIT -1 on PostgreSQL */
    db_bind_int(st, 3, offset > 0 ? offset : 0);
    return read_children(st, a, out, n, e);
}

int record_carer_children(struct db *db, struct arena *a, int64_t carer_id, bool youngest_first,
                          struct carer_child **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = youngest_first
                 ? db_prepare(db, &st,
                              "SELECT l.carer_id, p.id, p.upn, p.dob, l.relationship,"
                              " l.parental_responsibility, l.lives_with, l.contact_priority"
                              " FROM pupil_carer l JOIN pupil p ON p.id = l.pupil_id"
                              " WHERE l.carer_id = ?1 ORDER BY p.dob DESC, p.id",
                              e)
                 : db_prepare(db, &st,
                              "SELECT l.carer_id, p.id, p.upn, p.dob, l.relationship,"
                              " l.parental_responsibility, l.lives_with, l.contact_priority"
                              " FROM pupil_carer l JOIN pupil p ON p.id = l.pupil_id"
                              " WHERE l.carer_id = ?1 ORDER BY p.id",
                              e);
    if (rc)
        return rc;
    db_bind_int(st, 1, carer_id);
    return read_children(st, a, out, n, e);
}

int record_carer_by_key(struct db *db, int64_t school_id, const char *key, int64_t *id,
                        struct err *e)
{
    *id = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st, "SELECT id FROM carer WHERE school_id = ?1 AND match_key = ?2", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, key);
    rc = db_step(st, e);
    if (rc == DB_ROW)
        *id = db_col_int(st, 0);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* One row of action on the carer for each child they are linked to, or one
 * without a child when there is none. */
static int audit_children(struct db *db, int64_t carer_id, const struct audit_entry *who,
                          const char *action, const char *detail, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(
        db, &st, "SELECT pupil_id FROM pupil_carer WHERE carer_id = ?1 ORDER BY pupil_id", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, carer_id);
    int64_t kids[32];
    size_t n = 0;
    while ((rc = db_step(st, e)) == DB_ROW && n < 32)
        kids[n++] = db_col_int(st, 0);
    db_finalize(st);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < n; i++)
        if ((rc = audit_as(db, who, action, "carer", carer_id, kids[i], who->school_id, detail, e)))
            return rc;
    return n ? 0 : audit_as(db, who, action, "carer", carer_id, 0, who->school_id, detail, e);
}

int record_carer_update(struct db *db, struct arena *a, const struct carer *c,
                        const struct audit_entry *who, const char *detail, struct err *e)
{
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    rc = carer_update(db, a, c, e);
    if (rc == 0)
        rc = audit_children(db, c->id, who, "update", detail, e);
    return finish(db, rc, e);
}

int record_carer_add(struct db *db, int64_t school_id, struct carer *c, const char *key,
                     struct carer_link *l, const struct audit_entry *who,
                     enum carer_save_result *saved, struct err *e)
{
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    enum carer_save_result lr;
    rc = carer_save(db, school_id, c, key, saved, e);
    if (rc == 0) {
        l->carer_id = c->id;
        rc = carer_link(db, l, &lr, e);
    }
    /* Details changed on an existing record are a change for each child. */
    if (rc == 0 && *saved == CARER_UPDATED)
        rc = audit_children(db, c->id, who, "update", NULL, e);
    if (rc == 0)
        rc = audit_as(db, who, *saved == CARER_ADDED ? "create" : "link", "carer", c->id,
                      l->pupil_id, who->school_id, NULL, e);
    return finish(db, rc, e);
}

int record_carer_save_links(struct db *db, struct arena *a, int64_t school_id, struct carer *c,
                            bool is_new, const struct carer_link *links, size_t n_links,
                            const struct audit_entry *who, const char *detail, struct err *e)
{
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    if (is_new) {
        enum carer_save_result r;
        const char *key = carer_match_key(a, c, NULL);
        rc = carer_save(db, school_id, c, key, &r, e);
        if (rc == 0 && r != CARER_ADDED)
            rc = err_set(e, ERR_CONFLICT, "a carer with this name and contact details exists");
    } else {
        rc = carer_update(db, a, c, e);
    }
    for (size_t i = 0; rc == 0 && i < n_links; i++) {
        struct carer_link l = links[i];
        l.carer_id = c->id;
        enum carer_save_result lr;
        rc = carer_link(db, &l, &lr, e);
        if (rc == 0 && lr != CARER_UNCHANGED)
            rc = audit_as(db, who, "link", "carer", c->id, l.pupil_id, who->school_id, detail, e);
    }
    if (rc == 0 && is_new)
        rc = audit_as(db, who, "create", "carer", c->id, n_links ? links[0].pupil_id : 0,
                      who->school_id, detail, e);
    else if (rc == 0)
        rc = audit_children(db, c->id, who, "update", detail, e);
    return finish(db, rc, e);
}

int record_link_update(struct db *db, const struct carer_link *l, const struct audit_entry *who,
                       struct err *e)
{
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    enum carer_save_result r;
    rc = carer_link(db, l, &r, e);
    if (rc == 0 && r != CARER_UNCHANGED)
        rc = audit_as(db, who, "update", "link", l->carer_id, l->pupil_id, who->school_id,
                      l->relationship, e);
    return finish(db, rc, e);
}

int record_unlink(struct db *db, int64_t pupil_id, int64_t carer_id, const struct audit_entry *who,
                  struct err *e)
{
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    rc = carer_unlink(db, pupil_id, carer_id, e);
    if (rc == 0)
        rc = audit_as(db, who, "unlink", "carer", carer_id, pupil_id, who->school_id, NULL, e);
    return finish(db, rc, e);
}
