#include "model/programmes/progoutcome.h"

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
        /* The one query that reads the stored assessments. */
        struct db_stmt *st;
        int rc = db_prepare(
            db, &st,
            "SELECT (SELECT s.value FROM assessment a JOIN assessment_score s ON"
            " s.assessment_id = a.id WHERE a.pupil_id = ?1 AND a.instrument = ?2 AND s.score = ?3"
            " AND s.value IS NOT NULL AND a.assessed_on BETWEEN ?4 AND ?5 ORDER BY a.assessed_on"
            " DESC, a.id DESC LIMIT 1), (SELECT a.assessed_on FROM assessment a JOIN"
            " assessment_score s ON s.assessment_id = a.id WHERE a.pupil_id = ?1 AND"
            " a.instrument = ?2 AND s.score = ?3 AND s.value IS NOT NULL AND a.assessed_on"
            " BETWEEN ?4 AND ?5 ORDER BY a.assessed_on DESC, a.id DESC LIMIT 1), (SELECT s.value"
            " FROM assessment a JOIN assessment_score s ON s.assessment_id = a.id WHERE"
            " a.pupil_id = ?1 AND a.instrument = ?2 AND s.score = ?3 AND s.value IS NOT NULL AND"
            " a.assessed_on BETWEEN ?6 AND ?7 ORDER BY a.assessed_on, a.id LIMIT 1), (SELECT"
            " a.assessed_on FROM assessment a JOIN assessment_score s ON s.assessment_id = a.id"
            " WHERE a.pupil_id = ?1 AND a.instrument = ?2 AND s.score = ?3 AND s.value IS NOT"
            " NULL AND a.assessed_on BETWEEN ?6 AND ?7 ORDER BY a.assessed_on, a.id LIMIT 1)",
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
