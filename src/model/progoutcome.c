#include "model/progoutcome.h"

#include <math.h>
#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "db/db.h"

int progoutcome_pairs(struct db *db, struct arena *a, const int64_t *pupils, size_t n_pupils,
                      const char *instrument, const char *score, struct date first,
                      struct date last, struct prog_pair **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    if (!n_pupils || !instrument || !score)
        return 0;
    char from[11], first_iso[11], last_iso[11], to[11];
    date_iso(date_from_days(date_to_days(first) - PROGOUTCOME_WINDOW_DAYS), from);
    date_iso(first, first_iso);
    date_iso(last, last_iso);
    date_iso(date_from_days(date_to_days(last) + PROGOUTCOME_WINDOW_DAYS), to);
    size_t cap = 0;
    for (size_t i = 0; i < n_pupils; i++) {
        /* The one query to point at issue 5's stored assessments. */
        struct db_stmt *st;
        int rc = db_prepare(
            db, &st,
            "SELECT (SELECT value FROM assessment_score WHERE pupil_id = ?1 AND instrument = ?2"
            " AND score = ?3 AND taken_on BETWEEN ?4 AND ?5 ORDER BY taken_on DESC, id DESC"
            " LIMIT 1), (SELECT taken_on FROM assessment_score WHERE pupil_id = ?1 AND"
            " instrument = ?2 AND score = ?3 AND taken_on BETWEEN ?4 AND ?5 ORDER BY taken_on"
            " DESC, id DESC LIMIT 1), (SELECT value FROM assessment_score WHERE pupil_id = ?1"
            " AND instrument = ?2 AND score = ?3 AND taken_on BETWEEN ?6 AND ?7 ORDER BY"
            " taken_on, id LIMIT 1), (SELECT taken_on FROM assessment_score WHERE pupil_id = ?1"
            " AND instrument = ?2 AND score = ?3 AND taken_on BETWEEN ?6 AND ?7 ORDER BY"
            " taken_on, id LIMIT 1)",
            e);
        if (rc)
            return rc;
        db_bind_int(st, 1, pupils[i]);
        db_bind_text(st, 2, instrument);
        db_bind_text(st, 3, score);
        db_bind_text(st, 4, from);
        db_bind_text(st, 5, first_iso);
        db_bind_text(st, 6, last_iso);
        db_bind_text(st, 7, to);
        rc = db_step(st, e);
        if (rc == DB_ROW && !db_col_is_null(st, 0) && !db_col_is_null(st, 2)) {
            struct prog_pair *p = arena_push(a, out, n, &cap, sizeof *p);
            if (!p) {
                db_finalize(st);
                return err_set(e, ERR_NOMEM, "out of memory");
            }
            p->pupil_id = pupils[i];
            p->pre = db_col_double(st, 0);
            str_copy(p->pre_on, sizeof p->pre_on, db_col_text(st, 1));
            p->post = db_col_double(st, 2);
            str_copy(p->post_on, sizeof p->post_on, db_col_text(st, 3));
        }
        db_finalize(st);
        if (rc < 0)
            return rc;
    }
    return 0;
}

int progoutcome_placeholder_add(struct db *db, int64_t pupil_id, const char *instrument,
                                const char *score, double value, const char *taken_on,
                                const char *actor, struct err *e)
{
    struct date d;
    if (!taken_on || strlen(taken_on) != 10 || date_parse(taken_on, &d))
        return err_set(e, ERR_INPUT, "taken_on: give a real date");
    if (!isfinite(value) || str_blank(instrument) || str_blank(score))
        return err_set(e, ERR_INPUT, "a score needs an instrument, a score name and a value");
    struct db_stmt *st;
    int rc =
        db_prepare(db, &st,
                   "INSERT INTO assessment_score (pupil_id, instrument, score, value, taken_on,"
                   " recorded_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                   e);
    if (rc)
        return rc;
    db_bind_int(st, 1, pupil_id);
    db_bind_text(st, 2, instrument);
    db_bind_text(st, 3, score);
    db_bind_double(st, 4, value);
    db_bind_text(st, 5, taken_on);
    db_bind_text(st, 6, actor ? actor : "unknown");
    rc = db_step(st, e);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}
