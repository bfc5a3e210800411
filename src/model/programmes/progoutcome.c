#include "model/programmes/progoutcome.h"

#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "db/db.h"
#include "model/programmes/progcompare.h"

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

/* The pupils screened before the programme who have no place in it. */
static int screened(struct db *db, struct arena *a, int64_t school_id, int64_t provision_id,
                    const char *instrument, const char *score, struct date first, int64_t **ids,
                    size_t *n, struct err *e)
{
    char from[11], first_iso[11];
    date_iso(date_from_days(date_to_days(first) - PROGOUTCOME_WINDOW_DAYS), from);
    date_iso(first, first_iso);
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT p.id FROM pupil p WHERE p.school_id = ?1"
                        " AND EXISTS (SELECT 1 FROM assessment a JOIN assessment_score s"
                        "   ON s.assessment_id = a.id WHERE a.pupil_id = p.id"
                        "   AND a.instrument = ?2 AND s.score = ?3 AND s.value IS NOT NULL"
                        "   AND a.assessed_on BETWEEN ?4 AND ?5)"
                        " AND NOT EXISTS (SELECT 1 FROM enrolment n WHERE n.pupil_id = p.id"
                        "   AND n.provision_id = ?6 AND n.consent <> 'declined')"
                        " ORDER BY p.id",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, instrument);
    db_bind_text(st, 3, score);
    db_bind_text(st, 4, from);
    db_bind_text(st, 5, first_iso);
    db_bind_int(st, 6, provision_id);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        int64_t *id = arena_push(a, ids, n, &cap, sizeof *id);
        if (!id) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        *id = db_col_int(st, 0);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* A row's covariates from the register. */
static int covariates(struct db *db, struct arena *a, const char *on, struct progcompare_row *r,
                      struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT CASE WHEN EXISTS (SELECT 1 FROM fsm_period f WHERE"
                        "   f.pupil_id = p.id AND f.start_date <= ?2 AND (f.end_date IS NULL"
                        "   OR f.end_date >= ?2)) THEN 1 ELSE 0 END,"
                        " p.sen_provision, coalesce(p.nc_year, ''),"
                        " coalesce('K' || CAST(p.key_teacher_id AS TEXT),"
                        "   'C' || CAST(p.reg_group_id AS TEXT), '')"
                        " FROM pupil p WHERE p.id = ?1",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, r->pupil_id);
    db_bind_text(st, 2, on);
    if ((rc = db_step(st, e)) == DB_ROW) {
        r->fsm = db_col_int(st, 0) != 0;
        str_copy(r->sen, sizeof r->sen, db_col_text(st, 1));
        r->year = arena_strdup(a, db_col_text(st, 2));
        r->group = arena_strdup(a, db_col_text(st, 3));
        if (!r->year || !r->group)
            rc = err_set(e, ERR_NOMEM, "out of memory");
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int progoutcome_comparison(struct db *db, struct arena *a, int64_t school_id, int64_t provision_id,
                           const char *instrument, const char *score, struct date first,
                           struct date last, const struct prog_pair *enrolled, size_t n_enrolled,
                           struct progcompare_row **rows, size_t *n_rows, size_t *n_comparison,
                           struct err *e)
{
    *rows = NULL;
    *n_rows = *n_comparison = 0;
    int64_t *ids = NULL;
    size_t n_ids = 0, n_pairs = 0;
    struct prog_pair *pairs = NULL;
    int rc = screened(db, a, school_id, provision_id, instrument, score, first, &ids, &n_ids, e);
    if (!rc && n_ids)
        rc = progoutcome_pairs(db, a, ids, n_ids, instrument, score, first, last, &pairs, &n_pairs,
                               e);
    if (rc)
        return rc;
    *n_comparison = n_pairs;
    *rows = arena_array(a, n_enrolled + n_pairs + 1, sizeof **rows);
    if (!*rows)
        return err_set(e, ERR_NOMEM, "out of memory");
    char on[11];
    date_iso(first, on);
    for (size_t i = 0; i < n_enrolled + n_pairs && !rc; i++) {
        const struct prog_pair *p = i < n_enrolled ? &enrolled[i] : &pairs[i - n_enrolled];
        struct progcompare_row *r = &(*rows)[(*n_rows)++];
        r->pupil_id = p->pupil_id;
        r->enrolled = i < n_enrolled;
        r->pre = p->pre;
        r->post = p->post;
        rc = covariates(db, a, on, r, e);
    }
    return rc;
}
