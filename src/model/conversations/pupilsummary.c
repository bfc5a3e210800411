#include "model/conversations/pupilsummary.h"

#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "db/db.h"
#include "model/register/audit.h"

static const char *dup_col(struct arena *a, struct db_stmt *st, int col)
{
    const char *s = db_col_text(st, col);
    return s ? arena_strdup(a, s) : NULL;
}

static int key_teacher(struct db *db, struct arena *a, int64_t pupil_id, int64_t school_id,
                       struct pupilsummary *out, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT s.id, s.name FROM pupil p JOIN staff s ON s.id = p.key_teacher_id"
                        " WHERE p.id = ?1 AND s.school_id = ?2",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, pupil_id);
    db_bind_int(st, 2, school_id);
    if ((rc = db_step(st, e)) == DB_ROW) {
        out->key_teacher_id = db_col_int(st, 0);
        out->key_teacher = dup_col(a, st, 1);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* The earliest arranged record on or after today; else the next meeting a
 * complete record agreed, on or after today. */
static int next_conversation(struct db *db, int64_t pupil_id, const char *today,
                             struct pupilsummary *out, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT v.id, v.event_date FROM conversation v WHERE v.pupil_id = ?1"
                        " AND v.status = 'planned' AND v.did_not_come = 0 AND v.event_date >= ?2"
                        " ORDER BY v.event_date, v.id LIMIT 1",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, pupil_id);
    db_bind_text(st, 2, today);
    if ((rc = db_step(st, e)) == DB_ROW) {
        out->next_conv_id = db_col_int(st, 0);
        str_copy(out->next_date, sizeof out->next_date, db_col_text(st, 1));
    }
    db_finalize(st);
    if (rc < 0 || out->next_conv_id)
        return rc < 0 ? rc : 0;
    if ((rc = db_prepare(db, &st,
                         "SELECT min(v.next_meeting) FROM conversation v WHERE v.pupil_id = ?1"
                         " AND v.status = 'complete' AND v.next_meeting >= ?2",
                         e)))
        return rc;
    db_bind_int(st, 1, pupil_id);
    db_bind_text(st, 2, today);
    if ((rc = db_step(st, e)) == DB_ROW && db_col_text(st, 0))
        str_copy(out->next_date, sizeof out->next_date, db_col_text(st, 0));
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static int open_targets(struct db *db, struct arena *a, int64_t pupil_id, struct pupilsummary *out,
                        struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT t.id, t.what, t.review_date FROM target t WHERE t.pupil_id = ?1"
                        " AND t.status IN ('open', 'progressing')"
                        " ORDER BY CASE WHEN t.review_date IS NULL OR t.review_date = ''"
                        "   THEN 1 ELSE 0 END, t.review_date, t.id DESC",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, pupil_id);
    while ((rc = db_step(st, e)) == DB_ROW) {
        if (out->n_targets < PUPILSUMMARY_TARGETS) {
            struct pupilsummary_target *t = &out->targets[out->n_targets++];
            t->id = db_col_int(st, 0);
            t->what = dup_col(a, st, 1);
            const char *d = db_col_text(st, 2);
            str_copy(t->review_date, sizeof t->review_date, d ? d : "");
        }
        out->n_open_targets++;
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static int current_provision(struct db *db, struct arena *a, int64_t pupil_id, int64_t school_id,
                             const char *today, struct pupilsummary *out, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT v.id, v.name, v.tier,"
                        " CASE WHEN v.template_id IS NULL THEN 0 ELSE 1 END"
                        " FROM enrolment n JOIN provision v ON v.id = n.provision_id"
                        " WHERE n.pupil_id = ?1 AND v.school_id = ?2"
                        "   AND v.start_date <= ?3 AND (v.end_date IS NULL OR v.end_date >= ?3)"
                        "   AND n.consent <> 'declined' AND n.enrolled_on <= ?3"
                        "   AND (n.left_on IS NULL OR n.left_on = '' OR n.left_on > ?3)"
                        " ORDER BY CASE v.tier WHEN 'indicated' THEN 0 WHEN 'selected' THEN 1"
                        "   ELSE 2 END, v.name, v.id",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, pupil_id);
    db_bind_int(st, 2, school_id);
    db_bind_text(st, 3, today);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct pupilsummary_provision *p =
            arena_push(a, &out->provisions, &out->n_provisions, &cap, sizeof *p);
        if (!p) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        p->id = db_col_int(st, 0);
        p->name = dup_col(a, st, 1);
        p->tier = dup_col(a, st, 2);
        p->is_programme = db_col_int(st, 3) != 0;
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    if ((rc = db_prepare(db, &st,
                         "SELECT count(*) FROM provision v WHERE v.school_id = ?1"
                         " AND v.tier = 'universal' AND v.start_date <= ?2"
                         " AND (v.end_date IS NULL OR v.end_date >= ?2)"
                         " AND NOT EXISTS (SELECT 1 FROM enrolment n WHERE n.provision_id = v.id)",
                         e)))
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, today);
    if ((rc = db_step(st, e)) == DB_ROW)
        out->n_whole_school = (int)db_col_int(st, 0);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int pupilsummary_read(struct db *db, struct arena *a, int64_t pupil_id, int64_t school_id,
                      const char *today, const struct audit_entry *who, struct pupilsummary *out,
                      struct err *e)
{
    memset(out, 0, sizeof *out);
    int rc;
    if ((rc = key_teacher(db, a, pupil_id, school_id, out, e)) ||
        (rc = next_conversation(db, pupil_id, today, out, e)) ||
        (rc = open_targets(db, a, pupil_id, out, e)) ||
        (rc = current_provision(db, a, pupil_id, school_id, today, out, e)))
        return rc;
    return audit_as(db, who, "view", "pupil", pupil_id, pupil_id, school_id, NULL, e);
}
