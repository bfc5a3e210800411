#include "model/access/family_worker.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/str.h"
#include "db/db.h"
#include "model/register/audit.h"
#include "model/register/pupil.h"
#include "model/register/staff.h"

static int log_change(struct db *db, const struct audit_who *who, const char *action,
                      int64_t pupil_id, int64_t school_id, const char *detail, struct err *e)
{
    struct audit_entry au = { .actor = who && who->actor ? who->actor : "unknown",
                              .action = action,
                              .entity = "pupil",
                              .entity_id = pupil_id,
                              .pupil_id = pupil_id,
                              .school_id = school_id,
                              .detail = detail,
                              .address = who ? who->address : NULL };
    return audit_log(db, &au, e);
}

int family_worker_assign(struct db *db, const struct audit_who *who, int64_t pupil_id,
                         int64_t staff_id, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT p.school_id,"
                        " (SELECT s.name FROM staff s WHERE s.id = ?2 AND s.school_id = p.school_id"
                        "  AND s.active = 1 AND (s.role IN ('practitioner', 'lead')"
                        "   OR EXISTS (SELECT 1 FROM account a JOIN account_role r"
                        "    ON r.account_id = a.id WHERE a.staff_id = s.id"
                        "    AND r.role IN ('practitioner', 'lead')))),"
                        " EXISTS (SELECT 1 FROM family_worker w WHERE w.pupil_id = p.id"
                        "  AND w.staff_id = ?2)"
                        " FROM pupil p WHERE p.id = ?1",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, pupil_id);
    db_bind_int(st, 2, staff_id);
    rc = db_step(st, e);
    int64_t school_id = 0;
    char name[201] = "";
    bool ok = false, already = false;
    if (rc == DB_ROW) {
        school_id = db_col_int(st, 0);
        ok = !db_col_is_null(st, 1);
        str_copy(name, sizeof name, ok ? db_col_text(st, 1) : "");
        already = db_col_int(st, 2) != 0;
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (rc == DB_DONE)
        return err_set(e, ERR_NOTFOUND, "no such pupil");
    if (!ok)
        return err_set(e, ERR_INPUT,
                       "a family worker must be a practitioner or lead on the staff of the "
                       "pupil's school");
    if (already)
        return 0;
    char now[DATE_TS_LEN], detail[300];
    date_timestamp(now);
    if ((rc = db_begin(db, e)))
        return rc;
    rc = db_prepare(db, &st,
                    "INSERT INTO family_worker (pupil_id, staff_id, assigned_at, assigned_by)"
                    " VALUES (?1, ?2, ?3, ?4)",
                    e);
    if (rc == 0) {
        db_bind_int(st, 1, pupil_id);
        db_bind_int(st, 2, staff_id);
        db_bind_text(st, 3, now);
        db_bind_text(st, 4, who && who->actor ? who->actor : "unknown");
        rc = db_step(st, e);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0) {
        snprintf(detail, sizeof detail, "%s assigned to work with the family", name);
        rc = log_change(db, who, "assign", pupil_id, school_id, detail, e);
    }
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}

int family_worker_unassign(struct db *db, const struct audit_who *who, int64_t pupil_id,
                           int64_t staff_id, struct err *e)
{
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    struct db_stmt *st;
    char name[201] = "";
    int64_t school_id = 0;
    rc = db_prepare(db, &st,
                    "SELECT s.name, p.school_id FROM family_worker w"
                    " JOIN staff s ON s.id = w.staff_id JOIN pupil p ON p.id = w.pupil_id"
                    " WHERE w.pupil_id = ?1 AND w.staff_id = ?2",
                    e);
    if (rc == 0) {
        db_bind_int(st, 1, pupil_id);
        db_bind_int(st, 2, staff_id);
        rc = db_step(st, e);
        if (rc == DB_ROW) {
            str_copy(name, sizeof name, db_col_text(st, 0));
            school_id = db_col_int(st, 1);
        }
        db_finalize(st);
        if (rc == DB_DONE)
            rc = err_set(e, ERR_NOTFOUND, "that member of staff is not assigned to this family");
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0 &&
        (rc = db_prepare(db, &st, "DELETE FROM family_worker WHERE pupil_id = ?1 AND staff_id = ?2",
                         e)) == 0) {
        db_bind_int(st, 1, pupil_id);
        db_bind_int(st, 2, staff_id);
        rc = db_step(st, e);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0) {
        char detail[300];
        snprintf(detail, sizeof detail, "%s no longer assigned to work with the family", name);
        rc = log_change(db, who, "unassign", pupil_id, school_id, detail, e);
    }
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}

int family_worker_list(struct db *db, struct arena *a, int64_t pupil_id, struct staff **out,
                       size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT s.id, s.school_id, s.name, s.email, s.role, s.active"
                        " FROM family_worker w JOIN staff s ON s.id = w.staff_id"
                        " WHERE w.pupil_id = ?1 ORDER BY s.name",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, pupil_id);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct staff *s = arena_push(a, out, n, &cap, sizeof *s);
        if (!s) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        s->id = db_col_int(st, 0);
        s->school_id = db_col_int(st, 1);
        s->name = arena_strdup(a, db_col_text(st, 2));
        s->email = arena_strdup(a, db_col_text(st, 3));
        s->role = arena_strdup(a, db_col_text(st, 4));
        s->active = db_col_int(st, 5) != 0;
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int family_worker_set_team(struct db *db, const struct audit_who *who, int64_t pupil_id,
                           int64_t old_key_teacher_id, int64_t key_teacher_id,
                           const struct team_choice *choices, size_t n, struct err *e)
{
    struct arena a;
    arena_init(&a, 1u << 20);
    struct staff *fw;
    size_t n_fw;
    int rc = family_worker_list(db, &a, pupil_id, &fw, &n_fw, e);
    if (rc == 0)
        rc = db_begin(db, e);
    if (rc) {
        arena_release(&a);
        return rc;
    }
    if (key_teacher_id != old_key_teacher_id)
        rc = pupil_set_key_teacher(db, who, pupil_id, key_teacher_id, e);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        bool have = false;
        for (size_t j = 0; j < n_fw; j++)
            have |= fw[j].id == choices[i].staff_id;
        if (choices[i].family_worker && !have)
            rc = family_worker_assign(db, who, pupil_id, choices[i].staff_id, e);
        else if (!choices[i].family_worker && have)
            rc = family_worker_unassign(db, who, pupil_id, choices[i].staff_id, e);
    }
    arena_release(&a);
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}
