#include "model/register/factor.h"

#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "db/db.h"
#include "model/register/audit.h"
#include "model/register/leaver.h"

const char *const factor_sources[] = { "individual", "family", "school", "community", NULL };

int factor_types(struct db *db, struct arena *a, struct factor_type **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT code, kind, source, label, outcome FROM factor_type"
                        " ORDER BY kind DESC, source, label",
                        e);
    if (rc)
        return rc;
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct factor_type *t = arena_push(a, out, n, &cap, sizeof *t);
        if (!t) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        t->code = arena_strdup(a, db_col_text(st, 0));
        t->kind = arena_strdup(a, db_col_text(st, 1));
        t->source = arena_strdup(a, db_col_text(st, 2));
        t->label = arena_strdup(a, db_col_text(st, 3));
        t->outcome = arena_strdup(a, db_col_text(st, 4));
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int factor_validate(struct db *db, struct arena *a, struct factor *f, struct problems *pr,
                    struct err *e)
{
    struct factor_type *types;
    size_t n;
    int rc = factor_types(db, a, &types, &n, e);
    if (rc)
        return rc;
    const struct factor_type *t = NULL;
    for (size_t i = 0; i < n && f->type; i++)
        if (!strcmp(types[i].code, f->type))
            t = &types[i];
    if (!t)
        problems_add(pr, "type", "'%s' is not a known factor type (see `meso factor types`)",
                     f->type ? f->type : "");
    else {
        f->kind = t->kind;
        f->label = t->label;
        if (!f->source || !*f->source)
            f->source = t->source;
    }
    bool ok = false;
    for (const char *const *s = factor_sources; *s && f->source; s++)
        ok |= !strcmp(*s, f->source);
    if (!ok)
        problems_add(pr, "source", "the source must be individual, family, school or community");
    struct date d;
    if (date_parse(f->identified_on, &d) != 0)
        problems_add(pr, "identified_on", "give the date it was identified (YYYY-MM-DD)");
    else if (date_cmp(d, date_today()) > 0)
        problems_add(pr, "identified_on", "the date is in the future");
    if (f->ended_on[0] && strcmp(f->ended_on, f->identified_on) < 0)
        problems_add(pr, "ended_on", "the end date is before the date it was identified");
    return 0;
}

int factor_add(struct db *db, struct factor *f, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "INSERT INTO factor (pupil_id, type, source, identified_on, ended_on, note,"
                        " recorded_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, f->pupil_id);
    db_bind_text(st, 2, f->type);
    db_bind_text(st, 3, f->source);
    db_bind_text(st, 4, f->identified_on);
    db_bind_text(st, 5, f->ended_on[0] ? f->ended_on : NULL);
    db_bind_text(st, 6, f->note && *f->note ? f->note : NULL);
    db_bind_text(st, 7, f->recorded_by);
    rc = db_step_id(st, &f->id, e);
    db_finalize(st);
    if (rc < 0)
        return rc;
    return 0;
}

int factor_list(struct db *db, struct arena *a, int64_t pupil_id, struct factor **out, size_t *n,
                struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT f.id, f.type, t.kind, t.label, f.source, f.identified_on,"
                        " f.ended_on, f.note, f.recorded_by"
                        " FROM factor f JOIN factor_type t ON t.code = f.type"
                        " WHERE f.pupil_id = ?1 ORDER BY t.kind DESC, f.identified_on, f.id",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, pupil_id);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct factor *f = arena_push(a, out, n, &cap, sizeof *f);
        if (!f) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        f->id = db_col_int(st, 0);
        f->pupil_id = pupil_id;
        f->type = arena_strdup(a, db_col_text(st, 1));
        f->kind = arena_strdup(a, db_col_text(st, 2));
        f->label = arena_strdup(a, db_col_text(st, 3));
        f->source = arena_strdup(a, db_col_text(st, 4));
        str_copy(f->identified_on, sizeof f->identified_on, db_col_text(st, 5));
        const char *end = db_col_text(st, 6);
        str_copy(f->ended_on, sizeof f->ended_on, end ? end : "");
        f->note = arena_strdup(a, db_col_text(st, 7));
        f->recorded_by = arena_strdup(a, db_col_text(st, 8));
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int factor_record(struct db *db, struct factor *f, int64_t school_id, const struct audit_entry *who,
                  struct err *e)
{
    int rc = leaver_guard(db, f->pupil_id, e);
    if (rc || (rc = db_begin(db, e)))
        return rc;
    if ((rc = factor_add(db, f, e)) == 0)
        rc = audit_as(db, who, "create", "factor", f->id, f->pupil_id, school_id, f->type, e);
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}
