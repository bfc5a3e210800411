#include "model/conversations/reply.h"

#include <string.h>

#include "core/arena.h"
#include "core/problems.h"
#include "core/str.h"
#include "db/db.h"
#include "model/conversations/contact.h"
#include "model/register/audit.h"
#include "model/register/leaver.h"

void reply_validate(const char *kind, const char *body, struct problems *pr)
{
    if (!kind || (strcmp(kind, "reply") != 0 && strcmp(kind, "not_right") != 0))
        problems_add(pr, "kind", "Choose if this is a reply or something that is not right");
    if (str_blank(body))
        problems_add(pr, "body", "Write your message to the school");
    else if (strlen(body) > REPLY_MAX)
        problems_add(pr, "body", "Your message is too long. Please make it shorter");
    else if (!str_utf8_valid(body, strlen(body)))
        problems_add(pr, "body", "Some of this text could not be read. Please type it again");
}

/* The pupil's key teacher (0 when none). */
static int key_teacher(struct db *db, int64_t pupil_id, int64_t *out, struct err *e)
{
    *out = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st, "SELECT key_teacher_id FROM pupil WHERE id = ?1", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, pupil_id);
    if ((rc = db_step(st, e)) == DB_ROW)
        *out = db_col_int(st, 0);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int reply_add(struct db *db, struct parent_reply *r, const struct audit_entry *who, struct err *e)
{
    struct problems pr;
    struct arena a;
    arena_init(&a, 1 << 16);
    problems_init(&pr, &a);
    reply_validate(r->kind, r->body, &pr);
    int rc = 0;
    if (pr.n)
        rc = err_set(e, ERR_INPUT, "%s: %s", pr.items[0].field, pr.items[0].msg);
    arena_release(&a);
    if (rc)
        return rc;
    int64_t staff = 0;
    if ((rc = leaver_guard(db, r->pupil_id, e)) || (rc = key_teacher(db, r->pupil_id, &staff, e)) ||
        (rc = db_begin(db, e)))
        return rc;
    date_timestamp(r->sent_at);
    struct contact c = { .pupil_id = r->pupil_id,
                         .school_id = r->school_id,
                         .method = "app_message",
                         .purpose = strcmp(r->kind, "not_right") == 0 ? "concern" : "information",
                         .started_by = "family",
                         .note = r->body,
                         .staff_id = staff,
                         .carer_ids = &r->carer_id,
                         .n_carers = 1 };
    memcpy(c.date, r->sent_at, 10);
    c.date[10] = '\0';
    rc = contact_add(db, &c, who, e);
    struct db_stmt *st;
    if (rc == 0 &&
        (rc = db_prepare(db, &st,
                         "INSERT INTO parent_reply (conversation_id, pupil_id, school_id, carer_id,"
                         " kind, body, contact_id, sent_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                         " RETURNING id",
                         e)) == 0) {
        db_bind_int(st, 1, r->conversation_id);
        db_bind_int(st, 2, r->pupil_id);
        db_bind_int(st, 3, r->school_id);
        db_bind_int(st, 4, r->carer_id);
        db_bind_text(st, 5, r->kind);
        db_bind_text(st, 6, r->body);
        db_bind_int(st, 7, c.id);
        db_bind_text(st, 8, r->sent_at);
        rc = db_step_id(st, &r->id, e);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    r->contact_id = c.id;
    if (rc == 0)
        rc = audit_as(db, who, "create", "parent_reply", r->id, r->pupil_id, r->school_id,
                      strcmp(r->kind, "not_right") == 0 ? "something is not right" : "a reply", e);
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}

#define REPLY_COLS                                                                             \
    "SELECT r.id, r.conversation_id, r.pupil_id, r.school_id, r.carer_id, r.contact_id,"       \
    " r.kind, r.body, r.sent_at, r.read_at,"                                                   \
    " trim(coalesce(k.title || ' ', '') || coalesce(k.forename || ' ', '') || k.surname),"     \
    " coalesce(p.preferred_forename, p.legal_forename) || ' '"                                 \
    " || coalesce(p.preferred_surname, p.legal_surname), c.event_date"                         \
    " FROM parent_reply r JOIN carer k ON k.id = r.carer_id JOIN pupil p ON p.id = r.pupil_id" \
    " JOIN conversation c ON c.id = r.conversation_id"

static int read_rows(struct db_stmt *st, struct arena *a, struct parent_reply **out, size_t *n,
                     struct err *e)
{
    int rc;
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct parent_reply *r = arena_push(a, out, n, &cap, sizeof *r);
        if (!r) {
            rc = err_set(e, ERR_NOMEM, "out of memory reading replies");
            break;
        }
        r->id = db_col_int(st, 0);
        r->conversation_id = db_col_int(st, 1);
        r->pupil_id = db_col_int(st, 2);
        r->school_id = db_col_int(st, 3);
        r->carer_id = db_col_int(st, 4);
        r->contact_id = db_col_int(st, 5);
        r->kind = strcmp(db_col_text(st, 6) ? db_col_text(st, 6) : "", "not_right") == 0
                      ? "not_right"
                      : "reply";
        r->body = arena_strdup(a, db_col_text(st, 7));
        str_copy(r->sent_at, sizeof r->sent_at, db_col_text(st, 8));
        r->read_at = arena_strdup(a, db_col_text(st, 9));
        r->carer_name = arena_strdup(a, db_col_text(st, 10));
        r->pupil_name = arena_strdup(a, db_col_text(st, 11));
        str_copy(r->event_date, sizeof r->event_date, db_col_text(st, 12));
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int reply_list(struct db *db, struct arena *a, int64_t conversation_id, int64_t carer_id,
               struct parent_reply **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        REPLY_COLS " WHERE r.conversation_id = ?1"
                                   " AND (?2 = 0 OR r.carer_id = ?2) ORDER BY r.id",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, conversation_id);
    db_bind_int(st, 2, carer_id);
    return read_rows(st, a, out, n, e);
}

int reply_waiting(struct db *db, struct arena *a, int64_t school_id, int64_t staff_id,
                  const struct audit_entry *who, struct parent_reply **out, size_t *n,
                  struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        REPLY_COLS " WHERE r.school_id = ?1 AND p.key_teacher_id = ?2"
                                   " AND r.read_at IS NULL ORDER BY r.id DESC",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_int(st, 2, staff_id);
    if ((rc = read_rows(st, a, out, n, e)) || !*n)
        return rc;
    return audit_as(db, who, "list", "parent_reply", 0, 0, school_id,
                    arena_sprintf(a, "%zu replies waiting", *n), e);
}

int reply_ref(struct db *db, int64_t school_id, int64_t id, int64_t *conversation_id,
              int64_t *pupil_id, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT conversation_id, pupil_id FROM parent_reply"
                        " WHERE id = ?1 AND school_id = ?2",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, school_id);
    rc = db_step(st, e);
    if (rc == DB_ROW) {
        *conversation_id = db_col_int(st, 0);
        *pupil_id = db_col_int(st, 1);
    }
    db_finalize(st);
    if (rc == DB_DONE)
        return err_set(e, ERR_NOTFOUND, "reply %lld not found", (long long)id);
    return rc < 0 ? rc : 0;
}

int reply_mark_read(struct db *db, int64_t id, int64_t staff_id, const struct audit_entry *who,
                    struct err *e)
{
    char now[DATE_TS_LEN];
    date_timestamp(now);
    int64_t pupil_id = 0, school_id = 0;
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db, &st,
                         "UPDATE parent_reply SET read_at = ?2, read_by = ?3"
                         " WHERE id = ?1 AND read_at IS NULL RETURNING pupil_id, school_id",
                         e)) == 0) {
        db_bind_int(st, 1, id);
        db_bind_text(st, 2, now);
        db_bind_int_or_null(st, 3, staff_id, staff_id == 0);
        rc = db_step(st, e);
        if (rc == DB_ROW) {
            pupil_id = db_col_int(st, 0);
            school_id = db_col_int(st, 1);
        }
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    /* Already read: nothing to change, and nothing to log. */
    if (rc == 0 && pupil_id)
        rc = audit_as(db, who, "update", "parent_reply", id, pupil_id, school_id, "read", e);
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}
