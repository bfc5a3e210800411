/* pupil_roll.c - the roll: the pupils on a school's roll on a day, and the
 * counts the lead's home page shows. Answers to pupil.h (the record is pupil.c). */
#include "model/register/pupil.h"

#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/str.h"
#include "db/db.h"

static int roll_day(const char *on, char out[11], struct err *e)
{
    if (!on || !*on) {
        date_iso(date_today(), out);
        return 0;
    }
    struct date d;
    if (strlen(on) != 10 || date_parse(on, &d))
        return err_set(e, ERR_INPUT, "give the date as YYYY-MM-DD");
    str_copy(out, 11, on);
    return 0;
}

int pupil_roll(struct db *db, struct arena *a, int64_t school_id, const char *on,
               struct pupil_on_roll **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    char day[11];
    int rc = roll_day(on, day, e);
    if (rc)
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db, &st,
                         "SELECT p.id, coalesce(nullif(p.preferred_forename, ''), p.legal_forename)"
                         " || ' ' || coalesce(nullif(p.preferred_surname, ''), p.legal_surname),"
                         " p.upn, coalesce(p.nc_year, ''), p.sen_provision,"
                         " EXISTS (SELECT 1 FROM fsm_period f WHERE f.pupil_id = p.id"
                         " AND f.end_date IS NULL), coalesce(p.key_teacher_id, 0)"
                         " FROM pupil p WHERE p.school_id = ?1"
                         " AND (p.admission_date IS NULL OR p.admission_date = ''"
                         " OR p.admission_date <= ?2)"
                         " AND (p.leaving_date IS NULL OR p.leaving_date = ''"
                         " OR p.leaving_date > ?2) ORDER BY p.id",
                         e)))
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, day);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct pupil_on_roll *p = arena_push(a, out, n, &cap, sizeof *p);
        if (!p || !(p->name = arena_strdup(a, db_col_text(st, 1)))) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        p->id = db_col_int(st, 0);
        str_copy(p->upn, sizeof p->upn, db_col_text(st, 2));
        str_copy(p->nc_year, sizeof p->nc_year, db_col_text(st, 3));
        str_copy(p->sen, sizeof p->sen, db_col_text(st, 4));
        p->fsm = db_col_int(st, 5) != 0;
        p->key_teacher_id = db_col_int(st, 6);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int pupil_roll_counts(struct db *db, struct arena *a, int64_t school_id, const char *on,
                      struct pupil_roll_counts *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct pupil_on_roll *ps;
    size_t n;
    int rc = pupil_roll(db, a, school_id, on, &ps, &n, e);
    if (rc)
        return rc;
    out->on_roll = (int)n;
    for (size_t i = 0; i < n; i++) {
        out->sen_support += !strcmp(ps[i].sen, "K");
        out->ehc_plan += !strcmp(ps[i].sen, "E");
        out->fsm += ps[i].fsm;
        out->no_key_teacher += ps[i].key_teacher_id == 0;
    }
    char day[11];
    if ((rc = roll_day(on, day, e)))
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db, &st,
                         "SELECT count(*) FROM pupil p WHERE p.school_id = ?1"
                         " AND p.admission_date > ?2 AND (p.leaving_date IS NULL"
                         " OR p.leaving_date = '' OR p.leaving_date > ?2)",
                         e)))
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, day);
    if ((rc = db_step(st, e)) == DB_ROW)
        out->joining = (int)db_col_int(st, 0);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}
