#include "model/register/audit.h"

#include "core/arena.h"
#include "core/date.h"
#include "db/db.h"
#include "model/register/auditw.h"

int audit_log(struct db *db, const struct audit_entry *a, struct err *e)
{
    /* Outside a transaction this row records a read (every change owns
     * its transaction and writes its row inside it): on a connection of
     * the web server it goes to the writer, which commits it with others
     * within the batch window (auditw.h). */
    struct audit_writer *w = db_context(db);
    bool in_tx = db_in_transaction(db);
    if (w && !in_tx)
        return auditw_push(w, a, e);
    int rc = audit_write(db, a, e);
    if (rc == 0 && in_tx)
        rc = audit_bump(db, a->school_id, a->pupil_id, e);
    return rc;
}

int audit_bump(struct db *db, int64_t school_id, int64_t pupil_id, struct err *e)
{
    if (!school_id && !pupil_id)
        return 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "UPDATE school SET data_version = data_version + 1"
                        " WHERE id = coalesce(?1, (SELECT school_id FROM pupil WHERE id = ?2))",
                        e);
    if (rc)
        return rc;
    db_bind_int_or_null(st, 1, school_id, school_id == 0);
    db_bind_int_or_null(st, 2, pupil_id, pupil_id == 0);
    rc = db_step(st, e);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int audit_write(struct db *db, const struct audit_entry *a, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "INSERT INTO audit (actor, action, entity, entity_id, pupil_id, school_id,"
                        " detail, address, at) VALUES (?1, ?2, ?3, ?4, ?5,"
                        " coalesce(?6, (SELECT school_id FROM pupil WHERE id = ?5)), ?7, ?8, ?9)",
                        e);
    if (rc)
        return rc;
    db_bind_text(st, 1, a->actor);
    db_bind_text(st, 2, a->action);
    db_bind_text(st, 3, a->entity);
    db_bind_int_or_null(st, 4, a->entity_id, a->entity_id == 0);
    db_bind_int_or_null(st, 5, a->pupil_id, a->pupil_id == 0);
    db_bind_int_or_null(st, 6, a->school_id, a->school_id == 0);
    db_bind_text(st, 7, a->detail);
    db_bind_text(st, 8, a->address);
    char now[DATE_TS_LEN];
    if (!a->at)
        date_timestamp(now);
    db_bind_text(st, 9, a->at ? a->at : now);
    rc = db_step(st, e);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

void audit_batch_init(struct audit_batch *b, struct db *db, const struct audit_entry *common)
{
    b->db = db;
    b->common = *common;
    b->n = 0;
}

/* A full batch in one statement: ?1-?6 the common part, then three for
 * each row (action, entity_id, pupil_id). */
static int write_full_batch(struct audit_batch *b, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(b->db, &st,
                        "INSERT INTO audit (actor, action, entity, entity_id, pupil_id, school_id,"
                        " detail, address, at) VALUES "
                        "(?1, ?7, ?2, ?8, ?9, ?3, ?4, ?5, ?6), "
                        "(?1, ?10, ?2, ?11, ?12, ?3, ?4, ?5, ?6), "
                        "(?1, ?13, ?2, ?14, ?15, ?3, ?4, ?5, ?6), "
                        "(?1, ?16, ?2, ?17, ?18, ?3, ?4, ?5, ?6), "
                        "(?1, ?19, ?2, ?20, ?21, ?3, ?4, ?5, ?6), "
                        "(?1, ?22, ?2, ?23, ?24, ?3, ?4, ?5, ?6), "
                        "(?1, ?25, ?2, ?26, ?27, ?3, ?4, ?5, ?6), "
                        "(?1, ?28, ?2, ?29, ?30, ?3, ?4, ?5, ?6), "
                        "(?1, ?31, ?2, ?32, ?33, ?3, ?4, ?5, ?6), "
                        "(?1, ?34, ?2, ?35, ?36, ?3, ?4, ?5, ?6), "
                        "(?1, ?37, ?2, ?38, ?39, ?3, ?4, ?5, ?6), "
                        "(?1, ?40, ?2, ?41, ?42, ?3, ?4, ?5, ?6), "
                        "(?1, ?43, ?2, ?44, ?45, ?3, ?4, ?5, ?6), "
                        "(?1, ?46, ?2, ?47, ?48, ?3, ?4, ?5, ?6), "
                        "(?1, ?49, ?2, ?50, ?51, ?3, ?4, ?5, ?6), "
                        "(?1, ?52, ?2, ?53, ?54, ?3, ?4, ?5, ?6)",
                        e);
    if (rc)
        return rc;
    const struct audit_entry *c = &b->common;
    db_bind_text(st, 1, c->actor);
    db_bind_text(st, 2, c->entity);
    db_bind_int_or_null(st, 3, c->school_id, c->school_id == 0);
    db_bind_text(st, 4, c->detail);
    db_bind_text(st, 5, c->address);
    db_bind_text(st, 6, c->at);
    for (int i = 0; i < AUDIT_BATCH; i++) {
        db_bind_text(st, 7 + 3 * i, b->rows[i].action);
        db_bind_int_or_null(st, 8 + 3 * i, b->rows[i].entity_id, b->rows[i].entity_id == 0);
        db_bind_int_or_null(st, 9 + 3 * i, b->rows[i].pupil_id, b->rows[i].pupil_id == 0);
    }
    rc = db_step(st, e);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int audit_batch_flush(struct audit_batch *b, struct err *e)
{
    int rc = 0;
    /* The school's data version, once for the batch (a batch's rows share
     * their school, or name pupils of one; audit_log bumps it per row). */
    if (b->n && db_in_transaction(b->db))
        rc = audit_bump(b->db, b->common.school_id, b->common.school_id ? 0 : b->rows[0].pupil_id,
                        e);
    if (rc) {
        b->n = 0;
        return rc;
    }
    if (b->n == AUDIT_BATCH && b->common.at && b->common.school_id) {
        rc = write_full_batch(b, e);
    } else {
        for (size_t i = 0; i < b->n && !rc; i++) {
            struct audit_entry a = b->common;
            a.action = b->rows[i].action;
            a.entity_id = b->rows[i].entity_id;
            a.pupil_id = b->rows[i].pupil_id;
            rc = audit_write(b->db, &a, e);
        }
    }
    b->n = 0;
    return rc;
}

int audit_batch_add(struct audit_batch *b, const char *action, int64_t entity_id, int64_t pupil_id,
                    struct err *e)
{
    b->rows[b->n].action = action;
    b->rows[b->n].entity_id = entity_id;
    b->rows[b->n].pupil_id = pupil_id;
    return ++b->n == AUDIT_BATCH ? audit_batch_flush(b, e) : 0;
}

int audit_list(struct db *db, struct arena *a, const struct audit_filter *f,
               struct audit_entry **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc;
    /* One child's trail uses the audit_pupil index; the rest scan from the
     * newest row backwards, which suits "the latest changes". */
    if (f->pupil_id)
        rc = db_prepare(db, &st,
                        "SELECT id, at, actor, action, entity, entity_id, pupil_id, school_id,"
                        " detail, address FROM audit"
                        " WHERE pupil_id = ?1"
                        "   AND (CAST(?2 AS TEXT) IS NULL OR actor = ?2)"
                        "   AND (CAST(?3 AS TEXT) IS NULL OR at >= ?3)"
                        "   AND (?4 = 0 OR school_id = ?4)"
                        " ORDER BY id DESC LIMIT ?5 OFFSET ?6",
                        e);
    else
        rc = db_prepare(db, &st,
                        "SELECT id, at, actor, action, entity, entity_id, pupil_id, school_id,"
                        " detail, address FROM audit"
                        " WHERE (CAST(?2 AS TEXT) IS NULL OR actor = ?2)"
                        "   AND (CAST(?3 AS TEXT) IS NULL OR at >= ?3)"
                        "   AND (?4 = 0 OR school_id = ?4)"
                        " ORDER BY id DESC LIMIT ?5 OFFSET ?6",
                        e);
    if (rc)
        return rc;
    if (f->pupil_id)
        db_bind_int(st, 1, f->pupil_id);
    db_bind_text(st, 2, f->actor);
    db_bind_text(st, 3, f->since);
    db_bind_int(st, 4, f->school_id);
    db_bind_int(st, 5, f->limit > 0 ? f->limit : INT64_MAX); /* no LIMIT -1 on PostgreSQL */
    db_bind_int(st, 6, f->offset);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct audit_entry *it = arena_push(a, out, n, &cap, sizeof *it);
        if (!it) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        it->id = db_col_int(st, 0);
        it->at = arena_strdup(a, db_col_text(st, 1));
        it->actor = arena_strdup(a, db_col_text(st, 2));
        it->action = arena_strdup(a, db_col_text(st, 3));
        it->entity = arena_strdup(a, db_col_text(st, 4));
        it->entity_id = db_col_int(st, 5);
        it->pupil_id = db_col_int(st, 6);
        it->school_id = db_col_int(st, 7);
        it->detail = arena_strdup(a, db_col_text(st, 8));
        it->address = arena_strdup(a, db_col_text(st, 9));
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int audit_as(struct db *db, const struct audit_entry *who, const char *action, const char *entity,
             int64_t entity_id, int64_t pupil_id, int64_t school_id, const char *detail,
             struct err *e)
{
    struct audit_entry au = { .actor = who && who->actor ? who->actor : "unknown",
                              .address = who ? who->address : NULL,
                              .action = action,
                              .entity = entity,
                              .entity_id = entity_id,
                              .pupil_id = pupil_id,
                              .school_id = school_id,
                              .detail = detail };
    return audit_log(db, &au, e);
}
