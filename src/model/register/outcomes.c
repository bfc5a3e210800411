/* outcomes.c - saving and listing a pupil's outcomes (attainment, attendance,
 * exclusions, bullying, relationships), each change with its audit row; the code
 * lists and parsers are in outcome_codes.c. */
#include "model/register/outcomes.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "db/db.h"
#include "model/register/audit.h"
#include "model/calendar/schoolyear.h"

/* ---- saving -------------------------------------------------------------- */

struct saver {
    struct db *db;
    const struct audit_entry *who;
    int64_t school_id, pupil_id;
    const char *entity;
    char now[DATE_TS_LEN];
};

static const char *actor(const struct saver *s)
{
    return s->who && s->who->actor ? s->who->actor : "unknown";
}

/* After the caller found (or not) the existing row and wrote the change:
 * audit it. */
static int audited(struct saver *s, int64_t id, bool added, const char *detail, struct err *e)
{
    struct audit_entry au = { .actor = actor(s),
                              .address = s->who ? s->who->address : NULL,
                              .action = added ? "create" : "update",
                              .entity = s->entity,
                              .entity_id = id,
                              .pupil_id = s->pupil_id,
                              .school_id = s->school_id,
                              .detail = detail };
    return audit_log(s->db, &au, e);
}

static bool eq(const char *a, const char *b)
{
    return !strcmp(a ? a : "", b ? b : "");
}

/* Run st (already bound) to the end; 0 or the error. */
/* Run an INSERT ... RETURNING id (or an UPDATE: *id is then 0) and
 * finalize it. */
static int step_id(struct db_stmt *st, int64_t *id, struct err *e)
{
    int rc = db_step_id(st, id, e);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* Who saves what, and when: one time stamp for the change. */
#define SAVE_BEGIN(s, db_, who_, school_, pupil_, entity_) \
    struct saver s = { .db = (db_),                        \
                       .who = (who_),                      \
                       .school_id = (school_),             \
                       .pupil_id = (pupil_),               \
                       .entity = (entity_) };              \
    date_timestamp(s.now)

int attainment_save(struct db *db, const struct audit_entry *who, int64_t school_id,
                    struct attainment *x, const char *source, enum outcome_save_result *res,
                    struct err *e)
{
    SAVE_BEGIN(s, db, who, school_id, x->pupil_id, "attainment");
    x->outcome = outcome_for_subject(x->subject);
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db, &st,
                         "SELECT id, result, target, subject FROM attainment WHERE pupil_id = ?1"
                         " AND year = ?2 AND term = ?3 AND subject = ?4",
                         e)))
        goto fail;
    db_bind_int(st, 1, x->pupil_id);
    db_bind_int(st, 2, x->year);
    db_bind_text(st, 3, x->term);
    db_bind_text(st, 4, x->subject);
    rc = db_step(st, e);
    int64_t old = rc == DB_ROW ? db_col_int(st, 0) : 0;
    bool same = rc == DB_ROW && eq(db_col_text(st, 1), x->result) &&
                eq(db_col_text(st, 2), x->target) && eq(db_col_text(st, 3), x->subject);
    db_finalize(st);
    if (rc < 0)
        goto fail;
    if (same) {
        x->id = old;
        *res = OUTCOME_UNCHANGED;
        db_rollback(db);
        return 0;
    }
    if (old)
        rc = db_prepare(db, &st,
                        "UPDATE attainment SET subject = ?4, outcome = ?5, result = ?6,"
                        " target = ?7, source = ?8, recorded_by = ?9, recorded_at = ?10"
                        " WHERE id = ?11",
                        e);
    else
        rc = db_prepare(db, &st,
                        "INSERT INTO attainment (pupil_id, year, term, subject, outcome, result,"
                        " target, source, recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5,"
                        " ?6, ?7, ?8, ?9, ?10) RETURNING id",
                        e);
    if (rc)
        goto fail;
    db_bind_int(st, 1, x->pupil_id);
    db_bind_int(st, 2, x->year);
    db_bind_text(st, 3, x->term);
    db_bind_text(st, 4, x->subject);
    db_bind_text(st, 5, x->outcome);
    db_bind_text(st, 6, x->result);
    db_bind_text(st, 7, x->target && *x->target ? x->target : NULL);
    db_bind_text(st, 8, source);
    db_bind_text(st, 9, actor(&s));
    db_bind_text(st, 10, s.now);
    if (old)
        db_bind_int(st, 11, old);
    int64_t new_id;
    if ((rc = step_id(st, &new_id, e)))
        goto fail;
    x->id = old ? old : new_id;
    char detail[160];
    snprintf(detail, sizeof detail, "%s %s %d: %.60s", x->subject, x->term, x->year, source);
    if ((rc = audited(&s, x->id, !old, detail, e)))
        goto fail;
    *res = old ? OUTCOME_UPDATED : OUTCOME_ADDED;
    return db_commit(db, e);
fail:
    db_rollback(db);
    return rc;
}

int attendance_save(struct db *db, const struct audit_entry *who, int64_t school_id,
                    struct attendance *x, const char *source, enum outcome_save_result *res,
                    struct err *e)
{
    SAVE_BEGIN(s, db, who, school_id, x->pupil_id, "attendance");
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db, &st,
                         "SELECT id, percent, coalesce(sessions_possible, -1),"
                         " coalesce(sessions_attended, -1) FROM attendance WHERE pupil_id = ?1"
                         " AND year = ?2 AND term = ?3",
                         e)))
        goto fail;
    db_bind_int(st, 1, x->pupil_id);
    db_bind_int(st, 2, x->year);
    db_bind_text(st, 3, x->term);
    rc = db_step(st, e);
    int64_t old = rc == DB_ROW ? db_col_int(st, 0) : 0;
    bool same = rc == DB_ROW && fabs(db_col_double(st, 1) - x->percent) < 1e-9 &&
                db_col_int(st, 2) == x->sessions_possible &&
                db_col_int(st, 3) == x->sessions_attended;
    db_finalize(st);
    if (rc < 0)
        goto fail;
    if (same) {
        x->id = old;
        *res = OUTCOME_UNCHANGED;
        db_rollback(db);
        return 0;
    }
    if (old)
        rc = db_prepare(db, &st,
                        "UPDATE attendance SET percent = ?4, sessions_possible = ?5,"
                        " sessions_attended = ?6, source = ?7, recorded_by = ?8, recorded_at = ?9"
                        " WHERE id = ?10",
                        e);
    else
        rc = db_prepare(db, &st,
                        "INSERT INTO attendance (pupil_id, year, term, percent, sessions_possible,"
                        " sessions_attended, source, recorded_by, recorded_at) VALUES (?1, ?2, ?3,"
                        " ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
                        e);
    if (rc)
        goto fail;
    db_bind_int(st, 1, x->pupil_id);
    db_bind_int(st, 2, x->year);
    db_bind_text(st, 3, x->term);
    db_bind_double(st, 4, x->percent);
    db_bind_int_or_null(st, 5, x->sessions_possible, x->sessions_possible < 0);
    db_bind_int_or_null(st, 6, x->sessions_attended, x->sessions_attended < 0);
    db_bind_text(st, 7, source);
    db_bind_text(st, 8, actor(&s));
    db_bind_text(st, 9, s.now);
    if (old)
        db_bind_int(st, 10, old);
    int64_t new_id;
    if ((rc = step_id(st, &new_id, e)))
        goto fail;
    x->id = old ? old : new_id;
    char detail[160];
    snprintf(detail, sizeof detail, "%s %d: %.60s", x->term, x->year, source);
    if ((rc = audited(&s, x->id, !old, detail, e)))
        goto fail;
    *res = old ? OUTCOME_UPDATED : OUTCOME_ADDED;
    return db_commit(db, e);
fail:
    db_rollback(db);
    return rc;
}

int exclusion_save(struct db *db, const struct audit_entry *who, int64_t school_id,
                   struct exclusion *x, const char *source, enum outcome_save_result *res,
                   struct err *e)
{
    SAVE_BEGIN(s, db, who, school_id, x->pupil_id, "exclusion");
    if (!strcmp(x->category, "suspension") && x->sessions < 1)
        return err_set(e, ERR_INPUT, "a suspension needs the number of sessions (half days)");
    if (!x->reasons[0][0])
        return err_set(e, ERR_INPUT, "at least one reason code is needed");
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db, &st,
                         "SELECT id, coalesce(sessions, -1), reason1, coalesce(reason2, ''),"
                         " coalesce(reason3, '') FROM exclusion WHERE pupil_id = ?1"
                         " AND start_date = ?2 AND category = ?3",
                         e)))
        goto fail;
    db_bind_int(st, 1, x->pupil_id);
    db_bind_text(st, 2, x->start_date);
    db_bind_text(st, 3, x->category);
    rc = db_step(st, e);
    int64_t old = rc == DB_ROW ? db_col_int(st, 0) : 0;
    bool same = rc == DB_ROW && db_col_int(st, 1) == x->sessions &&
                eq(db_col_text(st, 2), x->reasons[0]) && eq(db_col_text(st, 3), x->reasons[1]) &&
                eq(db_col_text(st, 4), x->reasons[2]);
    db_finalize(st);
    if (rc < 0)
        goto fail;
    if (same) {
        x->id = old;
        *res = OUTCOME_UNCHANGED;
        db_rollback(db);
        return 0;
    }
    if (old)
        rc = db_prepare(db, &st,
                        "UPDATE exclusion SET sessions = ?4, reason1 = ?5, reason2 = ?6,"
                        " reason3 = ?7, source = ?8, recorded_by = ?9, recorded_at = ?10"
                        " WHERE id = ?11",
                        e);
    else
        rc = db_prepare(db, &st,
                        "INSERT INTO exclusion (pupil_id, start_date, category, sessions, reason1,"
                        " reason2, reason3, source, recorded_by, recorded_at) VALUES (?1, ?2, ?3,"
                        " ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
                        e);
    if (rc)
        goto fail;
    db_bind_int(st, 1, x->pupil_id);
    db_bind_text(st, 2, x->start_date);
    db_bind_text(st, 3, x->category);
    db_bind_int_or_null(st, 4, x->sessions, x->sessions < 0);
    db_bind_text(st, 5, x->reasons[0]);
    db_bind_text(st, 6, x->reasons[1][0] ? x->reasons[1] : NULL);
    db_bind_text(st, 7, x->reasons[2][0] ? x->reasons[2] : NULL);
    db_bind_text(st, 8, source);
    db_bind_text(st, 9, actor(&s));
    db_bind_text(st, 10, s.now);
    if (old)
        db_bind_int(st, 11, old);
    int64_t new_id;
    if ((rc = step_id(st, &new_id, e)))
        goto fail;
    x->id = old ? old : new_id;
    char detail[160];
    snprintf(detail, sizeof detail, "%s from %s: %.60s", x->category, x->start_date, source);
    if ((rc = audited(&s, x->id, !old, detail, e)))
        goto fail;
    *res = old ? OUTCOME_UPDATED : OUTCOME_ADDED;
    return db_commit(db, e);
fail:
    db_rollback(db);
    return rc;
}

int bullying_save(struct db *db, const struct audit_entry *who, int64_t school_id,
                  struct bullying *x, const char *source, enum outcome_save_result *res,
                  struct err *e)
{
    SAVE_BEGIN(s, db, who, school_id, x->pupil_id, "bullying");
    const char *ref = x->reference ? x->reference : "";
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db, &st,
                         "SELECT id FROM bullying_incident WHERE pupil_id = ?1 AND occurred_on = ?2"
                         " AND type = ?3 AND reference = ?4",
                         e)))
        goto fail;
    db_bind_int(st, 1, x->pupil_id);
    db_bind_text(st, 2, x->occurred_on);
    db_bind_text(st, 3, x->type);
    db_bind_text(st, 4, ref);
    rc = db_step(st, e);
    int64_t old = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_finalize(st);
    if (rc < 0)
        goto fail;
    if (old) { /* every field is in the key */
        x->id = old;
        *res = OUTCOME_UNCHANGED;
        db_rollback(db);
        return 0;
    }
    if ((rc = db_prepare(
             db, &st,
             "INSERT INTO bullying_incident (pupil_id, occurred_on, type, reference,"
             " source, recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
             e)))
        goto fail;
    db_bind_int(st, 1, x->pupil_id);
    db_bind_text(st, 2, x->occurred_on);
    db_bind_text(st, 3, x->type);
    db_bind_text(st, 4, ref);
    db_bind_text(st, 5, source);
    db_bind_text(st, 6, actor(&s));
    db_bind_text(st, 7, s.now);
    if ((rc = step_id(st, &x->id, e)))
        goto fail;
    char detail[160];
    snprintf(detail, sizeof detail, "%s on %s: %.60s", x->type, x->occurred_on, source);
    if ((rc = audited(&s, x->id, true, detail, e)))
        goto fail;
    *res = OUTCOME_ADDED;
    return db_commit(db, e);
fail:
    db_rollback(db);
    return rc;
}

int relationship_save(struct db *db, const struct audit_entry *who, int64_t school_id,
                      struct relationship_rating *x, const char *source,
                      enum outcome_save_result *res, struct err *e)
{
    SAVE_BEGIN(s, db, who, school_id, x->pupil_id, "relationships");
    if (x->rating < 1 || x->rating > 5)
        return err_set(e, ERR_INPUT, "a rating is from 1 to 5");
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db, &st,
                         "SELECT id, rating FROM relationship_rating WHERE pupil_id = ?1"
                         " AND rated_on = ?2 AND rater = ?3",
                         e)))
        goto fail;
    db_bind_int(st, 1, x->pupil_id);
    db_bind_text(st, 2, x->rated_on);
    db_bind_text(st, 3, x->rater);
    rc = db_step(st, e);
    int64_t old = rc == DB_ROW ? db_col_int(st, 0) : 0;
    bool same = rc == DB_ROW && db_col_int(st, 1) == x->rating;
    db_finalize(st);
    if (rc < 0)
        goto fail;
    if (same) {
        x->id = old;
        *res = OUTCOME_UNCHANGED;
        db_rollback(db);
        return 0;
    }
    if (old)
        rc = db_prepare(db, &st,
                        "UPDATE relationship_rating SET rating = ?4, source = ?5, recorded_by = ?6,"
                        " recorded_at = ?7 WHERE id = ?8",
                        e);
    else
        rc = db_prepare(
            db, &st,
            "INSERT INTO relationship_rating (pupil_id, rated_on, rater, rating,"
            " source, recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
            e);
    if (rc)
        goto fail;
    db_bind_int(st, 1, x->pupil_id);
    db_bind_text(st, 2, x->rated_on);
    db_bind_text(st, 3, x->rater);
    db_bind_int(st, 4, x->rating);
    db_bind_text(st, 5, source);
    db_bind_text(st, 6, actor(&s));
    db_bind_text(st, 7, s.now);
    if (old)
        db_bind_int(st, 8, old);
    int64_t new_id;
    if ((rc = step_id(st, &new_id, e)))
        goto fail;
    x->id = old ? old : new_id;
    char detail[160];
    snprintf(detail, sizeof detail, "%s on %s: %.60s", x->rater, x->rated_on, source);
    if ((rc = audited(&s, x->id, !old, detail, e)))
        goto fail;
    *res = old ? OUTCOME_UPDATED : OUTCOME_ADDED;
    return db_commit(db, e);
fail:
    db_rollback(db);
    return rc;
}

/* ---- reading ------------------------------------------------------------- */

#define PUSH(a, arr, n, cap) arena_push((a), &(arr), &(n), &(cap), sizeof *(arr))

static const char *dup(struct arena *a, struct db_stmt *st, int col)
{
    return db_col_is_null(st, col) ? NULL : arena_strdup(a, db_col_text(st, col));
}

static const char *term_static(const char *t)
{
    for (int i = 0; term_names[i]; i++)
        if (t && !strcmp(t, term_names[i]))
            return term_names[i];
    return "autumn";
}

int outcome_list(struct db *db, struct arena *a, int64_t pupil_id, struct pupil_outcomes *out,
                 struct err *e)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *st;
    size_t cap;
    int rc = db_prepare(db, &st,
                        "SELECT id, year, term, subject, outcome, result, target, source,"
                        " recorded_by, recorded_at FROM attainment WHERE pupil_id = ?1"
                        " ORDER BY year, CASE term WHEN 'autumn' THEN 0 WHEN 'spring' THEN 1"
                        " ELSE 2 END, subject",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, pupil_id);
    cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct attainment *x = PUSH(a, out->attainment, out->n_attainment, cap);
        if (!x) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        *x = (struct attainment){ .id = db_col_int(st, 0),
                                  .pupil_id = pupil_id,
                                  .year = (int)db_col_int(st, 1),
                                  .term = term_static(db_col_text(st, 2)),
                                  .subject = dup(a, st, 3),
                                  .outcome = dup(a, st, 4),
                                  .result = dup(a, st, 5),
                                  .target = dup(a, st, 6),
                                  .source = dup(a, st, 7),
                                  .recorded_by = dup(a, st, 8),
                                  .recorded_at = dup(a, st, 9) };
    }
    db_finalize(st);
    if (rc < 0)
        return rc;

    if ((rc = db_prepare(db, &st,
                         "SELECT id, year, term, percent, coalesce(sessions_possible, -1),"
                         " coalesce(sessions_attended, -1), source, recorded_by, recorded_at"
                         " FROM attendance WHERE pupil_id = ?1 ORDER BY year, CASE term WHEN"
                         " 'autumn' THEN 0 WHEN 'spring' THEN 1 ELSE 2 END",
                         e)))
        return rc;
    db_bind_int(st, 1, pupil_id);
    cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct attendance *x = PUSH(a, out->attendance, out->n_attendance, cap);
        if (!x) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        *x = (struct attendance){ .id = db_col_int(st, 0),
                                  .pupil_id = pupil_id,
                                  .year = (int)db_col_int(st, 1),
                                  .term = term_static(db_col_text(st, 2)),
                                  .percent = db_col_double(st, 3),
                                  .sessions_possible = (int)db_col_int(st, 4),
                                  .sessions_attended = (int)db_col_int(st, 5),
                                  .source = dup(a, st, 6),
                                  .recorded_by = dup(a, st, 7),
                                  .recorded_at = dup(a, st, 8) };
    }
    db_finalize(st);
    if (rc < 0)
        return rc;

    if ((rc = db_prepare(db, &st,
                         "SELECT id, category, start_date, coalesce(sessions, -1), reason1,"
                         " coalesce(reason2, ''), coalesce(reason3, ''), source, recorded_by,"
                         " recorded_at FROM exclusion WHERE pupil_id = ?1 ORDER BY start_date, id",
                         e)))
        return rc;
    db_bind_int(st, 1, pupil_id);
    cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct exclusion *x = PUSH(a, out->exclusions, out->n_exclusions, cap);
        if (!x) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        x->id = db_col_int(st, 0);
        x->pupil_id = pupil_id;
        x->category = dup(a, st, 1);
        str_copy(x->start_date, sizeof x->start_date, db_col_text(st, 2));
        x->sessions = (int)db_col_int(st, 3);
        for (int r = 0; r < 3; r++)
            str_copy(x->reasons[r], sizeof x->reasons[r], db_col_text(st, 4 + r));
        x->source = dup(a, st, 7);
        x->recorded_by = dup(a, st, 8);
        x->recorded_at = dup(a, st, 9);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;

    if ((rc = db_prepare(db, &st,
                         "SELECT id, occurred_on, type, reference, source, recorded_by, recorded_at"
                         " FROM bullying_incident WHERE pupil_id = ?1 ORDER BY occurred_on, id",
                         e)))
        return rc;
    db_bind_int(st, 1, pupil_id);
    cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct bullying *x = PUSH(a, out->bullying, out->n_bullying, cap);
        if (!x) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        x->id = db_col_int(st, 0);
        x->pupil_id = pupil_id;
        str_copy(x->occurred_on, sizeof x->occurred_on, db_col_text(st, 1));
        x->type = dup(a, st, 2);
        x->reference = dup(a, st, 3);
        x->source = dup(a, st, 4);
        x->recorded_by = dup(a, st, 5);
        x->recorded_at = dup(a, st, 6);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;

    if ((rc = db_prepare(db, &st,
                         "SELECT id, rated_on, rater, rating, source, recorded_by, recorded_at"
                         " FROM relationship_rating WHERE pupil_id = ?1 ORDER BY rated_on, id",
                         e)))
        return rc;
    db_bind_int(st, 1, pupil_id);
    cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct relationship_rating *x = PUSH(a, out->ratings, out->n_ratings, cap);
        if (!x) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        x->id = db_col_int(st, 0);
        x->pupil_id = pupil_id;
        str_copy(x->rated_on, sizeof x->rated_on, db_col_text(st, 1));
        x->rater = dup(a, st, 2);
        x->rating = (int)db_col_int(st, 3);
        x->source = dup(a, st, 4);
        x->recorded_by = dup(a, st, 5);
        x->recorded_at = dup(a, st, 6);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}
