#include "model/conversations/conversation.h"

#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "db/db.h"
#include "model/register/audit.h"
#include "model/register/carer.h"
#include "model/register/leaver.h"

/* Size: one unit, the storage of a record: records, their targets and the
 * parents' views are written and read together and share the loaders
 * (load_targets, load_views) and statement helpers. The rules of a record
 * (its codes, what it needs, validation) are in conv_rules.c. */

static bool has(const char *s)
{
    return !str_blank(s);
}

static bool in_list(const char *s, const char *const *list)
{
    for (const char *const *c = list; s && *c; c++)
        if (!strcmp(*c, s))
            return true;
    return false;
}

static const char *blank_null(const char *s)
{
    return has(s) ? s : NULL;
}

/* Stamp a stage: the first time it is saved it gets the next sequence
 * number; afterwards only its last-saved time moves. */
static int stage_touch(struct db *db, int64_t conv_id, enum conv_stage s, const char *now,
                       struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "UPDATE conversation_stage SET last_saved_at = ?3"
                        " WHERE conversation_id = ?1 AND stage = ?2",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, conv_id);
    db_bind_text(st, 2, conv_stage_names[s]);
    db_bind_text(st, 3, now);
    rc = db_step(st, e);
    db_finalize(st);
    if (rc < 0 || db_changes(db) > 0)
        return rc < 0 ? rc : 0;
    if ((rc = db_prepare(db, &st,
                         "INSERT INTO conversation_stage (conversation_id, stage, seq,"
                         " first_saved_at, last_saved_at)"
                         " SELECT ?1, ?2, 1 + count(*), ?3, ?3 FROM conversation_stage"
                         " WHERE conversation_id = ?1",
                         e)))
        return rc;
    db_bind_int(st, 1, conv_id);
    db_bind_text(st, 2, conv_stage_names[s]);
    db_bind_text(st, 3, now);
    rc = db_step(st, e);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static int stamp_stages(struct db *db, const struct conversation *c, const enum conv_stage *order,
                        size_t n_order, const char *now, struct err *e)
{
    bool done[STAGE_N] = { false };
    int rc = 0;
    for (size_t i = 0; i < n_order && order && rc == 0; i++) {
        enum conv_stage s = order[i];
        if ((unsigned)s >= STAGE_N || done[s] || !conversation_stage_recorded(c, s))
            continue;
        done[s] = true;
        rc = stage_touch(db, c->id, s, now, e);
    }
    /* Stages recorded but not named in order: in the usual order, and only
     * when first recorded (an unchanged stage keeps its time). */
    for (int s = 0; s < STAGE_N && rc == 0; s++) {
        if (done[s] || !conversation_stage_recorded(c, (enum conv_stage)s))
            continue;
        struct db_stmt *st;
        if ((rc = db_prepare(db, &st,
                             "SELECT 1 FROM conversation_stage WHERE conversation_id = ?1"
                             " AND stage = ?2",
                             e)))
            break;
        db_bind_int(st, 1, c->id);
        db_bind_text(st, 2, conv_stage_names[s]);
        rc = db_step(st, e);
        db_finalize(st);
        if (rc == DB_DONE)
            rc = stage_touch(db, c->id, (enum conv_stage)s, now, e);
        else if (rc == DB_ROW)
            rc = 0;
    }
    return rc;
}

static int insert_target(struct db *db, struct target *t, const char *now, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "INSERT INTO target (conversation_id, pupil_id, what, owner, how_we_know,"
                        " review_date, status, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
                        " 'open', ?7) RETURNING id",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, t->conversation_id);
    db_bind_int(st, 2, t->pupil_id);
    db_bind_text(st, 3, t->what);
    db_bind_text(st, 4, t->owner);
    db_bind_text(st, 5, blank_null(t->how_we_know));
    db_bind_text(st, 6, t->review_date[0] ? t->review_date : NULL);
    db_bind_text(st, 7, now);
    rc = db_step_id(st, &t->id, e);
    db_finalize(st);
    if (rc < 0)
        return rc;
    t->status = "open";
    return 0;
}

static int save_carers(struct db *db, const struct conversation *c, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st, "DELETE FROM conversation_carer WHERE conversation_id = ?1", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, c->id);
    rc = db_step(st, e);
    db_finalize(st);
    for (size_t i = 0; i < c->n_carers && rc >= 0; i++) {
        if ((rc = db_prepare(db, &st,
                             "INSERT INTO conversation_carer (conversation_id, carer_id, invited,"
                             " attended) VALUES (?1, ?2, ?3, ?4)"
                             " ON CONFLICT (conversation_id, carer_id) DO UPDATE SET"
                             " invited = CASE WHEN excluded.invited > conversation_carer.invited"
                             "   THEN excluded.invited ELSE conversation_carer.invited END,"
                             " attended = CASE WHEN excluded.attended > conversation_carer.attended"
                             "   THEN excluded.attended ELSE conversation_carer.attended END",
                             e)))
            return rc;
        db_bind_int(st, 1, c->id);
        db_bind_int(st, 2, c->carers[i].carer_id);
        db_bind_int(st, 3, c->carers[i].invited);
        db_bind_int(st, 4, c->carers[i].attended);
        rc = db_step(st, e);
        db_finalize(st);
    }
    return rc < 0 ? rc : 0;
}

/* Link the pupil's pending views given on or before the conversation. */
static int link_views(struct db *db, const struct conversation *c, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "UPDATE parent_view SET conversation_id = ?1"
                        " WHERE pupil_id = ?2 AND conversation_id IS NULL AND given_on <= ?3",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, c->id);
    db_bind_int(st, 2, c->pupil_id);
    db_bind_text(st, 3, c->event_date);
    rc = db_step(st, e);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* Binds ?1-?19 and, from `more` on, how it was held, whether the family
 * came and the note on the family's views. */
static void bind_fields(struct db_stmt *st, const struct conversation *c, int more)
{
    db_bind_int_or_null(st, 1, c->staff_id, c->staff_id == 0);
    db_bind_text(st, 2, c->event_date);
    db_bind_text(st, 3, c->status);
    db_bind_int(st, 4, c->pupil_present);
    db_bind_text(st, 5, blank_null(c->others));
    db_bind_text(st, 6, blank_null(c->going_well));
    db_bind_text(st, 7, blank_null(c->concerns));
    db_bind_text(st, 8, blank_null(c->hopes));
    db_bind_text(st, 9, blank_null(c->priorities));
    db_bind_text(st, 10, blank_null(c->focus_area));
    db_bind_int(st, 11, c->agreed_together);
    db_bind_text(st, 12, blank_null(c->summary));
    db_bind_text(st, 13, blank_null(c->next_steps));
    db_bind_text(st, 14, c->next_meeting[0] ? c->next_meeting : NULL);
    db_bind_text(st, 15, blank_null(c->keep_in_touch));
    db_bind_text(st, 16, blank_null(c->pupil_views));
    db_bind_text(st, 17, blank_null(c->views_not_sought));
    db_bind_text(st, 18, c->shared_on[0] ? c->shared_on : NULL);
    db_bind_text(st, 19, blank_null(c->shared_how));
    db_bind_text(st, more, c->way);
    db_bind_int(st, more + 1, c->did_not_come);
    db_bind_text(st, more + 2, blank_null(c->family_views_note));
}

static int save_children(struct db *db, struct conversation *c, const enum conv_stage *order,
                         size_t n_order, const char *now, bool take_views, struct err *e)
{
    int rc = save_carers(db, c, e);
    for (size_t i = 0; i < c->n_targets && rc == 0; i++) {
        struct target *t = &c->targets[i];
        if (t->id)
            continue;
        t->conversation_id = c->id;
        t->pupil_id = c->pupil_id;
        rc = insert_target(db, t, now, e);
    }
    if (rc == 0)
        rc = stamp_stages(db, c, order, n_order, now, e);
    if (rc == 0 && take_views)
        rc = link_views(db, c, e);
    return rc;
}

int conversation_create(struct db *db, struct conversation *c, const enum conv_stage *order,
                        size_t n_order, const struct audit_entry *who, struct err *e)
{
    char now[DATE_TS_LEN];
    date_timestamp(now);
    int rc = leaver_guard(db, c->pupil_id, e);
    if (rc || (rc = db_begin(db, e)))
        return rc;
    struct db_stmt *st;
    rc = db_prepare(db, &st,
                    "INSERT INTO conversation (staff_id, event_date, status, pupil_present,"
                    " others_present, going_well, concerns, hopes, priorities, focus_area,"
                    " agreed_together, summary, next_steps, next_meeting, keep_in_touch,"
                    " pupil_views, views_not_sought, shared_on, shared_how, pupil_id, school_id,"
                    " recorded_by, created_at, updated_at, way, did_not_come, family_views_note)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
                    " ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?23, ?24, ?25, ?26) RETURNING id",
                    e);
    if (rc == 0) {
        bind_fields(st, c, 24);
        db_bind_int(st, 20, c->pupil_id);
        db_bind_int(st, 21, c->school_id);
        db_bind_text(st, 22, who && who->actor ? who->actor : "unknown");
        db_bind_text(st, 23, now);
        rc = db_step_id(st, &c->id, e);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0) {
        rc = save_children(db, c, order, n_order, now, true, e);
    }
    if (rc == 0)
        rc = audit_as(db, who, "create", "conversation", c->id, c->pupil_id, c->school_id,
                      c->status, e);
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}

int conversation_update(struct db *db, struct conversation *c, const enum conv_stage *order,
                        size_t n_order, const struct audit_entry *who, struct err *e)
{
    char now[DATE_TS_LEN];
    date_timestamp(now);
    int rc = leaver_guard_conversation(db, c->id, e);
    if (rc || (rc = db_begin(db, e)))
        return rc;
    struct db_stmt *st;
    /* Views a parent gives once a record is complete are for the next
     * conversation: a later correction of this one must not take them. */
    bool was_complete = false;
    rc = db_prepare(db, &st, "SELECT status = 'complete' FROM conversation WHERE id = ?1", e);
    if (rc == 0) {
        db_bind_int(st, 1, c->id);
        rc = db_step(st, e);
        was_complete = rc == DB_ROW && db_col_int(st, 0);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0)
        rc = db_prepare(db, &st,
                        "UPDATE conversation SET staff_id = ?1, event_date = ?2, status = ?3,"
                        " pupil_present = ?4, others_present = ?5, going_well = ?6, concerns = ?7,"
                        " hopes = ?8, priorities = ?9, focus_area = ?10, agreed_together = ?11,"
                        " summary = ?12, next_steps = ?13, next_meeting = ?14, keep_in_touch = ?15,"
                        " pupil_views = ?16, views_not_sought = ?17, shared_on = ?18,"
                        " shared_how = ?19, updated_at = ?20, way = ?22, did_not_come = ?23,"
                        " family_views_note = ?24 WHERE id = ?21",
                        e);
    if (rc == 0) {
        bind_fields(st, c, 22);
        db_bind_text(st, 20, now);
        db_bind_int(st, 21, c->id);
        rc = db_step(st, e);
        db_finalize(st);
        if (rc >= 0 && db_changes(db) == 0)
            rc = err_set(e, ERR_NOTFOUND, "there is no conversation %lld", (long long)c->id);
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0)
        rc = save_children(db, c, order, n_order, now, !was_complete, e);
    if (rc == 0)
        rc = audit_as(db, who, "update", "conversation", c->id, c->pupil_id, c->school_id,
                      c->status, e);
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}

static const char *dup(struct arena *a, struct db_stmt *st, int col)
{
    return arena_strdup(a, db_col_text(st, col));
}

static void copy_date(char out[11], struct db_stmt *st, int col)
{
    const char *s = db_col_text(st, col);
    str_copy(out, 11, s ? s : "");
}

static int load_reviews(struct db *db, struct arena *a, struct target *t, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT id, conversation_id, reviewed_on, status, note, parent_took_part,"
                        " recorded_by FROM target_review WHERE target_id = ?1"
                        " ORDER BY reviewed_on, id",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, t->id);
    size_t cap = 0;
    t->reviews = NULL;
    t->n_reviews = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct target_review *r = arena_push(a, &t->reviews, &t->n_reviews, &cap, sizeof *r);
        if (!r) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        r->id = db_col_int(st, 0);
        r->target_id = t->id;
        r->conversation_id = db_col_int(st, 1);
        copy_date(r->reviewed_on, st, 2);
        r->status = dup(a, st, 3);
        r->note = dup(a, st, 4);
        r->parent_took_part = db_col_int(st, 5) != 0;
        r->recorded_by = dup(a, st, 6);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* Targets of one conversation (conv_id) or of one pupil (pupil_id). */
static int load_targets(struct db *db, struct arena *a, int64_t conv_id, int64_t pupil_id,
                        struct target **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    /* One statement for a conversation's targets and one for a pupil's, each
     * served by its index (target_conversation, target_pupil): a condition
     * like (?1 = 0 OR t.conversation_id = ?1) is served by none, and read
     * every target of the database for each conversation. */
    int rc = conv_id ? db_prepare(db, &st,
                                  "SELECT t.id, t.conversation_id, t.pupil_id, t.what, t.owner,"
                                  " t.how_we_know, t.review_date, t.status, c.event_date"
                                  " FROM target t JOIN conversation c ON c.id = t.conversation_id"
                                  " WHERE t.conversation_id = ?1 AND (?2 = 0 OR t.pupil_id = ?2)"
                                  " ORDER BY t.id",
                                  e)
                     : db_prepare(db, &st,
                                  "SELECT t.id, t.conversation_id, t.pupil_id, t.what, t.owner,"
                                  " t.how_we_know, t.review_date, t.status, c.event_date"
                                  " FROM target t JOIN conversation c ON c.id = t.conversation_id"
                                  " WHERE t.pupil_id = ?2 AND ?1 = 0"
                                  " ORDER BY c.event_date DESC, t.id",
                                  e);
    if (rc)
        return rc;
    db_bind_int(st, 1, conv_id);
    db_bind_int(st, 2, pupil_id);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct target *t = arena_push(a, out, n, &cap, sizeof *t);
        if (!t) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        t->id = db_col_int(st, 0);
        t->conversation_id = db_col_int(st, 1);
        t->pupil_id = db_col_int(st, 2);
        t->what = dup(a, st, 3);
        t->owner = dup(a, st, 4);
        t->how_we_know = dup(a, st, 5);
        copy_date(t->review_date, st, 6);
        t->status = dup(a, st, 7);
        copy_date(t->set_on, st, 8);
    }
    db_finalize(st);
    for (size_t i = 0; i < *n && rc >= 0; i++)
        rc = load_reviews(db, a, &(*out)[i], e);
    return rc < 0 ? rc : 0;
}

static int load_views(struct db *db, struct arena *a, int64_t pupil_id, int64_t conv_id,
                      bool pending, struct parent_view **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT v.id, v.pupil_id, v.carer_id, v.given_on, v.going_well, v.worries,"
                        " v.to_talk_about, v.conversation_id,"
                        " trim(coalesce(c.title || ' ', '') || coalesce(c.forename || ' ', '')"
                        " || c.surname)"
                        " FROM parent_view v JOIN carer c ON c.id = v.carer_id"
                        " WHERE (?1 = 0 OR v.pupil_id = ?1) AND (?2 = 0 OR v.conversation_id = ?2)"
                        "   AND (?3 = 0 OR v.conversation_id IS NULL)"
                        " ORDER BY CASE WHEN ?3 = 0 AND ?2 = 0 THEN v.given_on END DESC,"
                        " v.given_on, v.id",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, pupil_id);
    db_bind_int(st, 2, conv_id);
    db_bind_int(st, 3, pending);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct parent_view *v = arena_push(a, out, n, &cap, sizeof *v);
        if (!v) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        v->id = db_col_int(st, 0);
        v->pupil_id = db_col_int(st, 1);
        v->carer_id = db_col_int(st, 2);
        copy_date(v->given_on, st, 3);
        v->going_well = dup(a, st, 4);
        v->worries = dup(a, st, 5);
        v->to_talk_about = dup(a, st, 6);
        v->conversation_id = db_col_int(st, 7);
        v->carer_name = dup(a, st, 8);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static int load_details(struct db *db, struct arena *a, struct conversation *c, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT cc.carer_id, cc.invited, cc.attended,"
                        " trim(coalesce(c.title || ' ', '') || coalesce(c.forename || ' ', '')"
                        " || c.surname), pc.relationship"
                        " FROM conversation_carer cc JOIN carer c ON c.id = cc.carer_id"
                        " LEFT JOIN pupil_carer pc ON pc.carer_id = cc.carer_id"
                        "  AND pc.pupil_id = ?2"
                        " WHERE cc.conversation_id = ?1 ORDER BY pc.contact_priority, cc.carer_id",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, c->id);
    db_bind_int(st, 2, c->pupil_id);
    size_t cap = 0;
    c->carers = NULL;
    c->n_carers = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct conv_carer *k = arena_push(a, &c->carers, &c->n_carers, &cap, sizeof *k);
        if (!k) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        k->carer_id = db_col_int(st, 0);
        k->invited = db_col_int(st, 1) != 0;
        k->attended = db_col_int(st, 2) != 0;
        k->name = dup(a, st, 3);
        k->relationship = dup(a, st, 4);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    if ((rc = db_prepare(db, &st,
                         "SELECT stage, seq, first_saved_at FROM conversation_stage"
                         " WHERE conversation_id = ?1",
                         e)))
        return rc;
    db_bind_int(st, 1, c->id);
    for (int s = 0; s < STAGE_N; s++) {
        c->stage_seq[s] = 0;
        c->stage_saved_at[s] = NULL;
    }
    while ((rc = db_step(st, e)) == DB_ROW) {
        enum conv_stage s;
        if (conversation_parse_stage(db_col_text(st, 0), &s) == 0) {
            c->stage_seq[s] = (int)db_col_int(st, 1);
            c->stage_saved_at[s] = dup(a, st, 2);
        }
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    if ((rc = load_targets(db, a, c->id, 0, &c->targets, &c->n_targets, e)))
        return rc;
    return load_views(db, a, 0, c->id, false, &c->views, &c->n_views, e);
}

#define CONV_COLUMNS                                                                       \
    "SELECT v.id, v.pupil_id, v.school_id, v.staff_id, s.name, v.event_date, v.status,"    \
    " v.pupil_present, v.others_present, v.going_well, v.concerns, v.hopes, v.priorities," \
    " v.focus_area, v.agreed_together, v.summary, v.next_steps, v.next_meeting,"           \
    " v.keep_in_touch, v.pupil_views, v.views_not_sought, v.shared_on, v.shared_how,"      \
    " v.recorded_by, v.created_at, v.updated_at, v.way, v.did_not_come,"                   \
    " v.family_views_note"                                                                 \
    " FROM conversation v LEFT JOIN staff s ON s.id = v.staff_id"

static void read_conv(struct db_stmt *st, struct arena *a, struct conversation *c)
{
    memset(c, 0, sizeof *c);
    c->id = db_col_int(st, 0);
    c->pupil_id = db_col_int(st, 1);
    c->school_id = db_col_int(st, 2);
    c->staff_id = db_col_int(st, 3);
    c->staff_name = dup(a, st, 4);
    copy_date(c->event_date, st, 5);
    c->status = dup(a, st, 6);
    c->pupil_present = db_col_int(st, 7) != 0;
    c->others = dup(a, st, 8);
    c->going_well = dup(a, st, 9);
    c->concerns = dup(a, st, 10);
    c->hopes = dup(a, st, 11);
    c->priorities = dup(a, st, 12);
    c->focus_area = dup(a, st, 13);
    c->agreed_together = db_col_int(st, 14) != 0;
    c->summary = dup(a, st, 15);
    c->next_steps = dup(a, st, 16);
    copy_date(c->next_meeting, st, 17);
    c->keep_in_touch = dup(a, st, 18);
    c->pupil_views = dup(a, st, 19);
    c->views_not_sought = dup(a, st, 20);
    copy_date(c->shared_on, st, 21);
    c->shared_how = dup(a, st, 22);
    c->recorded_by = dup(a, st, 23);
    c->created_at = dup(a, st, 24);
    c->updated_at = dup(a, st, 25);
    const char *way = NULL;
    c->way = conversation_parse_way(db_col_text(st, 26), &way) == 0 ? way : NULL;
    c->did_not_come = db_col_int(st, 27) != 0;
    c->family_views_note = dup(a, st, 28);
}

int conversation_get(struct db *db, struct arena *a, int64_t id, const struct audit_entry *who,
                     struct conversation *out, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st, CONV_COLUMNS " WHERE v.id = ?1", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    rc = db_step(st, e);
    if (rc == DB_ROW)
        read_conv(st, a, out);
    db_finalize(st);
    if (rc == DB_DONE)
        return err_set(e, ERR_NOTFOUND, "there is no conversation %lld", (long long)id);
    if (rc < 0)
        return rc;
    if ((rc = load_details(db, a, out, e)))
        return rc;
    return audit_as(db, who, "view", "conversation", out->id, out->pupil_id, out->school_id, NULL,
                    e);
}

int conversation_list(struct db *db, struct arena *a, const struct conv_filter *f,
                      const struct audit_entry *who, struct conversation **out, size_t *n,
                      struct err *e)
{
    *out = NULL;
    *n = 0;
    char from[DATE_ISO_LEN] = "0000-00-00", to[DATE_ISO_LEN] = "9999-12-31";
    if (f->year) {
        date_iso((struct date){ f->year, 9, 1 }, from);
        date_iso((struct date){ f->year + 1, 8, 31 }, to);
    }
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        CONV_COLUMNS " WHERE v.school_id = ?1 AND (?2 = 0 OR v.pupil_id = ?2)"
                                     " AND (?3 = 0 OR v.staff_id = ?3)"
                                     " AND v.event_date BETWEEN ?4 AND ?5"
                                     " AND (CAST(?6 AS TEXT) IS NULL OR v.status = ?6)"
                                     " ORDER BY v.event_date DESC, v.id DESC",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, f->school_id);
    db_bind_int(st, 2, f->pupil_id);
    db_bind_int(st, 3, f->staff_id);
    db_bind_text(st, 4, from);
    db_bind_text(st, 5, to);
    db_bind_text(st, 6, f->status);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct conversation *c = arena_push(a, out, n, &cap, sizeof *c);
        if (!c) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        read_conv(st, a, c);
    }
    db_finalize(st);
    for (size_t i = 0; i < *n && rc >= 0; i++)
        rc = load_details(db, a, &(*out)[i], e);
    if (rc < 0 || !who)
        return rc < 0 ? rc : 0;
    return audit_as(db, who, "list", "conversation", 0, f->pupil_id, f->school_id,
                    arena_sprintf(a, "%zu conversations listed", *n), e);
}

int conversation_ref(struct db *db, int64_t id, struct conv_ref *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT pupil_id, school_id, status, shared_on IS NOT NULL"
                        " FROM conversation WHERE id = ?1",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    rc = db_step(st, e);
    if (rc == DB_ROW) {
        out->id = id;
        out->pupil_id = db_col_int(st, 0);
        out->school_id = db_col_int(st, 1);
        const char *status = NULL;
        out->status =
            conversation_parse_status(db_col_text(st, 2), &status) == 0 ? status : conv_statuses[0];
        out->shared = db_col_int(st, 3) != 0;
    }
    db_finalize(st);
    if (rc == DB_DONE)
        return err_set(e, ERR_NOTFOUND, "there is no conversation %lld", (long long)id);
    return rc < 0 ? rc : 0;
}

bool conversation_family_may_see(const char *status, bool shared)
{
    return shared && status && !strcmp(status, "complete");
}

int conversation_share(struct db *db, int64_t id, const char *on, const char *how,
                       const struct audit_entry *who, struct err *e)
{
    struct date d;
    if (date_parse(on, &d) != 0)
        return err_set(e, ERR_INPUT, "shared_on: '%s' is not a date (YYYY-MM-DD)", on ? on : "");
    char iso[DATE_ISO_LEN];
    date_iso(d, iso);
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    struct db_stmt *st;
    int64_t pupil_id = 0, school_id = 0;
    rc = db_prepare(db, &st,
                    "SELECT pupil_id, school_id, event_date, status FROM conversation"
                    " WHERE id = ?1",
                    e);
    if (rc == 0) {
        db_bind_int(st, 1, id);
        rc = db_step(st, e);
        if (rc == DB_DONE)
            rc = err_set(e, ERR_NOTFOUND, "there is no conversation %lld", (long long)id);
        else if (rc == DB_ROW && strcmp(iso, db_col_text(st, 2)) < 0)
            rc = err_set(e, ERR_INPUT,
                         "shared_on: the record cannot be shared before the "
                         "conversation took place");
        else if (rc == DB_ROW && !strcmp(db_col_text(st, 3), "planned"))
            rc = err_set(e, ERR_INPUT, "this conversation is only planned; record it first");
        else if (rc == DB_ROW && strcmp(db_col_text(st, 3), "complete") != 0)
            rc = err_set(e, ERR_INPUT,
                         "the record is not complete yet; complete it before sharing it");
        else if (rc == DB_ROW) {
            pupil_id = db_col_int(st, 0);
            school_id = db_col_int(st, 1);
            rc = 0;
        }
        db_finalize(st);
    }
    if (rc == 0 && (rc = db_prepare(db, &st,
                                    "UPDATE conversation SET shared_on = ?1, shared_how = ?2"
                                    " WHERE id = ?3",
                                    e)) == 0) {
        db_bind_text(st, 1, iso);
        db_bind_text(st, 2, blank_null(how));
        db_bind_int(st, 3, id);
        rc = db_step(st, e);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0)
        rc = audit_as(db, who, "share", "conversation", id, pupil_id, school_id, iso, e);
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}

int target_add(struct db *db, struct target *t, const struct audit_entry *who, struct err *e)
{
    char now[DATE_TS_LEN];
    date_timestamp(now);
    int rc = leaver_guard_conversation(db, t->conversation_id, e);
    if (rc || (rc = db_begin(db, e)))
        return rc;
    struct db_stmt *st;
    int64_t school_id = 0;
    rc = db_prepare(db, &st, "SELECT pupil_id, school_id FROM conversation WHERE id = ?1", e);
    if (rc == 0) {
        db_bind_int(st, 1, t->conversation_id);
        rc = db_step(st, e);
        if (rc == DB_ROW) {
            t->pupil_id = db_col_int(st, 0);
            school_id = db_col_int(st, 1);
            rc = 0;
        } else if (rc == DB_DONE) {
            rc = err_set(e, ERR_NOTFOUND, "there is no conversation %lld",
                         (long long)t->conversation_id);
        }
        db_finalize(st);
    }
    if (rc == 0)
        rc = insert_target(db, t, now, e);
    if (rc == 0)
        rc = stage_touch(db, t->conversation_id, STAGE_PLAN, now, e);
    if (rc == 0)
        rc = audit_as(db, who, "create", "target", t->id, t->pupil_id, school_id, NULL, e);
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}

int target_review(struct db *db, struct target_review *r, const struct audit_entry *who,
                  struct err *e)
{
    if (!in_list(r->status, target_statuses))
        return err_set(e, ERR_INPUT, "status: use open, progressing, achieved, changed or stopped");
    struct date d;
    if (date_parse(r->reviewed_on, &d) != 0)
        return err_set(e, ERR_INPUT, "date: '%s' is not a date (YYYY-MM-DD)", r->reviewed_on);
    if (date_cmp(d, date_today()) > 0)
        return err_set(e, ERR_INPUT, "date: a review cannot be recorded in the future");
    if (r->note && strlen(r->note) > CONV_TEXT_MAX)
        return err_set(e, ERR_INPUT, "note: longer than %d characters", CONV_TEXT_MAX);
    char now[DATE_TS_LEN];
    date_timestamp(now);
    int rc = leaver_guard_target(db, r->target_id, e);
    if (rc == 0)
        rc = db_begin(db, e);
    if (rc)
        return rc;
    struct db_stmt *st;
    int64_t pupil_id = 0, school_id = 0;
    rc = db_prepare(db, &st,
                    "SELECT t.pupil_id, c.school_id, c.event_date FROM target t"
                    " JOIN conversation c ON c.id = t.conversation_id WHERE t.id = ?1",
                    e);
    if (rc == 0) {
        db_bind_int(st, 1, r->target_id);
        rc = db_step(st, e);
        if (rc == DB_DONE)
            rc = err_set(e, ERR_NOTFOUND, "there is no target %lld", (long long)r->target_id);
        else if (rc == DB_ROW && strcmp(r->reviewed_on, db_col_text(st, 2)) < 0)
            rc = err_set(e, ERR_INPUT, "date: the review is dated before the target was set (%s)",
                         db_col_text(st, 2));
        else if (rc == DB_ROW) {
            pupil_id = db_col_int(st, 0);
            school_id = db_col_int(st, 1);
            rc = 0;
        }
        db_finalize(st);
    }
    if (rc == 0 &&
        (rc = db_prepare(db, &st,
                         "INSERT INTO target_review (target_id, reviewed_on, status, note,"
                         " parent_took_part, conversation_id, recorded_by, recorded_at)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
                         e)) == 0) {
        db_bind_int(st, 1, r->target_id);
        db_bind_text(st, 2, r->reviewed_on);
        db_bind_text(st, 3, r->status);
        db_bind_text(st, 4, blank_null(r->note));
        db_bind_int(st, 5, r->parent_took_part);
        db_bind_int_or_null(st, 6, r->conversation_id, r->conversation_id == 0);
        db_bind_text(st, 7, who && who->actor ? who->actor : "unknown");
        db_bind_text(st, 8, now);
        rc = db_step_id(st, &r->id, e);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    /* The target's status is its latest review's (by date, then entry). */
    if (rc == 0 &&
        (rc = db_prepare(db, &st,
                         "UPDATE target SET status = (SELECT status FROM target_review"
                         " WHERE target_id = ?1 ORDER BY reviewed_on DESC, id DESC LIMIT 1)"
                         " WHERE id = ?1",
                         e)) == 0) {
        db_bind_int(st, 1, r->target_id);
        rc = db_step(st, e);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0)
        rc = audit_as(db, who, "review", "target", r->target_id, pupil_id, school_id, r->status, e);
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}

int target_get(struct db *db, struct arena *a, int64_t id, struct target *out, struct err *e)
{
    struct target *ts = NULL;
    size_t n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st, "SELECT conversation_id FROM target WHERE id = ?1", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    rc = db_step(st, e);
    int64_t conv = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_finalize(st);
    if (rc == DB_DONE)
        return err_set(e, ERR_NOTFOUND, "there is no target %lld", (long long)id);
    if (rc < 0)
        return rc;
    if ((rc = load_targets(db, a, conv, 0, &ts, &n, e)))
        return rc;
    for (size_t i = 0; i < n; i++)
        if (ts[i].id == id) {
            *out = ts[i];
            return 0;
        }
    return err_set(e, ERR_NOTFOUND, "there is no target %lld", (long long)id);
}

int target_list(struct db *db, struct arena *a, int64_t pupil_id, const struct audit_entry *who,
                struct target **out, size_t *n, struct err *e)
{
    int rc = load_targets(db, a, 0, pupil_id, out, n, e);
    if (rc)
        return rc;
    return audit_as(db, who, "list", "target", 0, pupil_id, 0, NULL, e);
}

int parent_view_add(struct db *db, struct parent_view *v, const struct audit_entry *who,
                    struct err *e)
{
    int guard = leaver_guard(db, v->pupil_id, e);
    if (guard)
        return guard;
    if (!has(v->going_well) && !has(v->worries) && !has(v->to_talk_about))
        return err_set(e, ERR_INPUT,
                       "say something about what is going well, any worries, or what to talk "
                       "about");
    const char *texts[] = { v->going_well, v->worries, v->to_talk_about };
    for (int i = 0; i < 3; i++)
        if (texts[i] && strlen(texts[i]) > CONV_TEXT_MAX)
            return err_set(e, ERR_INPUT, "the text is longer than %d characters", CONV_TEXT_MAX);
    struct date d;
    if (date_parse(v->given_on, &d) != 0)
        return err_set(e, ERR_INPUT, "date: '%s' is not a date (YYYY-MM-DD)", v->given_on);
    bool linked;
    int rc = carer_of_pupil(db, v->pupil_id, v->carer_id, &linked, e);
    if (rc)
        return rc;
    if (!linked)
        return err_set(e, ERR_INPUT,
                       "carer: carer %lld is not one of this pupil's parents or "
                       "carers",
                       (long long)v->carer_id);
    char now[DATE_TS_LEN];
    date_timestamp(now);
    if ((rc = db_begin(db, e)))
        return rc;
    struct db_stmt *st;
    rc = db_prepare(db, &st,
                    "INSERT INTO parent_view (pupil_id, carer_id, given_on, going_well, worries,"
                    " to_talk_about, recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
                    " ?7, ?8) RETURNING id",
                    e);
    if (rc == 0) {
        db_bind_int(st, 1, v->pupil_id);
        db_bind_int(st, 2, v->carer_id);
        db_bind_text(st, 3, v->given_on);
        db_bind_text(st, 4, blank_null(v->going_well));
        db_bind_text(st, 5, blank_null(v->worries));
        db_bind_text(st, 6, blank_null(v->to_talk_about));
        db_bind_text(st, 7, who && who->actor ? who->actor : "unknown");
        db_bind_text(st, 8, now);
        rc = db_step_id(st, &v->id, e);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0) {
        rc = audit_as(db, who, "create", "parent_view", v->id, v->pupil_id, 0, NULL, e);
    }
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}

int parent_view_pending(struct db *db, struct arena *a, int64_t pupil_id,
                        const struct audit_entry *who, struct parent_view **out, size_t *n,
                        struct err *e)
{
    int rc = load_views(db, a, pupil_id, 0, true, out, n, e);
    if (rc)
        return rc;
    return audit_as(db, who, "list", "parent_view", 0, pupil_id, 0, "pending", e);
}

int parent_view_list(struct db *db, struct arena *a, int64_t pupil_id,
                     const struct audit_entry *who, struct parent_view **out, size_t *n,
                     struct err *e)
{
    int rc = load_views(db, a, pupil_id, 0, false, out, n, e);
    if (rc)
        return rc;
    return audit_as(db, who, "list", "parent_view", 0, pupil_id, 0, NULL, e);
}
