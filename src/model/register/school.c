#include "model/register/school.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/problems.h"
#include "core/str.h"
#include "db/db.h"
#include "model/register/audit.h"

const char *const school_phases[] = {
    "nursery", "primary",     "middle",  "secondary", "all-through",
    "special", "alternative", "16-plus", NULL,
};

static bool all_digits(const char *s, size_t n)
{
    if (strlen(s) != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

void school_validate(const struct school *s, struct problems *pr)
{
    if (!s->placeholder && (!s->urn || !all_digits(s->urn, 6)))
        problems_add(pr, "urn", "a URN has 6 digits, like 100123");
    if (str_blank(s->name))
        problems_add(pr, "name", "give the school's name");
    else if (strlen(s->name) > 200)
        problems_add(pr, "name", "the name is longer than 200 characters");
    if (s->la_code && *s->la_code && !all_digits(s->la_code, 3))
        problems_add(pr, "la", "an LA code has 3 digits, like 201");
    if (s->phase && *s->phase) {
        bool ok = false;
        for (const char *const *p = school_phases; *p; p++)
            ok |= strcmp(*p, s->phase) == 0;
        if (!ok)
            problems_add(pr, "phase",
                         "the phase must be one of nursery, primary, middle, secondary, "
                         "all-through, special, alternative, 16-plus");
    }
}

int school_add(struct db *db, struct school *s, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "INSERT INTO school (urn, name, la_code, phase, placeholder)"
                        " VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
                        e);
    if (rc)
        return rc;
    db_bind_text(st, 1, s->urn);
    db_bind_text(st, 2, s->name);
    db_bind_text(st, 3, s->la_code && *s->la_code ? s->la_code : NULL);
    db_bind_text(st, 4, s->phase && *s->phase ? s->phase : NULL);
    db_bind_int(st, 5, s->placeholder);
    rc = db_step_id(st, &s->id, e);
    db_finalize(st);
    if (rc == ERR_CONFLICT)
        return err_set(e, ERR_CONFLICT, "a school with URN %s already exists", s->urn);
    if (rc < 0)
        return rc;
    return 0;
}

int school_claim_placeholder(struct db *db, struct school *s, bool *claimed, struct err *e)
{
    *claimed = false;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "UPDATE school SET urn = ?1, name = ?2, la_code = ?3, phase = ?4,"
                        " placeholder = 0 WHERE placeholder = 1"
                        " AND (SELECT count(*) FROM school) = 1 RETURNING id",
                        e);
    if (rc)
        return rc;
    db_bind_text(st, 1, s->urn);
    db_bind_text(st, 2, s->name);
    db_bind_text(st, 3, s->la_code && *s->la_code ? s->la_code : NULL);
    db_bind_text(st, 4, s->phase && *s->phase ? s->phase : NULL);
    rc = db_step(st, e);
    if (rc == DB_ROW) {
        s->id = db_col_int(st, 0);
        *claimed = true;
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int school_update(struct db *db, const struct audit_who *who, const struct school *s, struct err *e)
{
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db, &st,
                         "UPDATE school SET urn = ?2, name = ?3, la_code = ?4, phase = ?5,"
                         " placeholder = 0 WHERE id = ?1",
                         e)) == 0) {
        db_bind_int(st, 1, s->id);
        db_bind_text(st, 2, s->urn);
        db_bind_text(st, 3, s->name);
        db_bind_text(st, 4, s->la_code && *s->la_code ? s->la_code : NULL);
        db_bind_text(st, 5, s->phase && *s->phase ? s->phase : NULL);
        rc = db_step(st, e);
        db_finalize(st);
        if (rc == ERR_CONFLICT)
            rc =
                err_set(e, ERR_CONFLICT, "urn: another school in this database has URN %s", s->urn);
        else if (rc >= 0 && db_changes(db) != 1)
            rc = err_set(e, ERR_NOTFOUND, "no such school");
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0) {
        char detail[320];
        snprintf(detail, sizeof detail, "school details: URN %s, %s, LA %s, %s", s->urn, s->name,
                 s->la_code && *s->la_code ? s->la_code : "none",
                 s->phase && *s->phase ? s->phase : "no phase");
        struct audit_entry au = { .actor = who && who->actor ? who->actor : "unknown",
                                  .action = "update",
                                  .entity = "school",
                                  .entity_id = s->id,
                                  .school_id = s->id,
                                  .detail = detail,
                                  .address = who ? who->address : NULL };
        rc = audit_log(db, &au, e);
    }
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}

int school_set_la_share(struct db *db, const struct audit_who *who, int64_t school_id, bool share,
                        struct err *e)
{
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db, &st, "UPDATE school SET la_share = ?2 WHERE id = ?1", e)) == 0) {
        db_bind_int(st, 1, school_id);
        db_bind_int(st, 2, share ? 1 : 0);
        rc = db_step(st, e);
        db_finalize(st);
        if (rc >= 0 && db_changes(db) != 1)
            rc = err_set(e, ERR_NOTFOUND, "no such school");
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0) {
        struct audit_entry au = {
            .actor = who && who->actor ? who->actor : "unknown",
            .action = "update",
            .entity = "school",
            .entity_id = school_id,
            .school_id = school_id,
            .detail = share ? "sharing with the local authority: on (the school's figures, "
                              "counts only, no child named)"
                            : "sharing with the local authority: off",
            .address = who ? who->address : NULL
        };
        rc = audit_log(db, &au, e);
    }
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}

static void read_row(struct db_stmt *st, struct arena *a, struct school *s)
{
    s->id = db_col_int(st, 0);
    s->urn = arena_strdup(a, db_col_text(st, 1));
    s->name = arena_strdup(a, db_col_text(st, 2));
    s->la_code = arena_strdup(a, db_col_text(st, 3));
    s->phase = arena_strdup(a, db_col_text(st, 4));
    s->placeholder = db_col_int(st, 5) != 0;
    s->la_share = db_col_int(st, 6) != 0;
}

int school_list(struct db *db, struct arena *a, struct school **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT id, urn, name, la_code, phase, placeholder, la_share FROM school"
                        " ORDER BY name, urn",
                        e);
    if (rc)
        return rc;
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct school *s = arena_push(a, out, n, &cap, sizeof *s);
        if (!s) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        read_row(st, a, s);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int school_by_urn(struct db *db, struct arena *a, const char *urn, struct school *out,
                  struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT id, urn, name, la_code, phase, placeholder, la_share FROM school"
                        " WHERE urn = ?1",
                        e);
    if (rc)
        return rc;
    db_bind_text(st, 1, urn);
    rc = db_step(st, e);
    if (rc == DB_ROW)
        read_row(st, a, out);
    db_finalize(st);
    if (rc == DB_DONE)
        return err_set(e, ERR_NOTFOUND, "no school with URN %s (see `meso school list`)", urn);
    return rc < 0 ? rc : 0;
}

int school_by_id(struct db *db, struct arena *a, int64_t id, struct school *out, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT id, urn, name, la_code, phase, placeholder, la_share FROM school"
                        " WHERE id = ?1",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    rc = db_step(st, e);
    if (rc == DB_ROW)
        read_row(st, a, out);
    db_finalize(st);
    if (rc == DB_DONE)
        return err_set(e, ERR_NOTFOUND, "no such school");
    return rc < 0 ? rc : 0;
}

int school_resolve(struct db *db, struct arena *a, const char *urn, bool create_placeholder,
                   struct school *out, bool *created, struct err *e)
{
    if (created)
        *created = false;
    if (urn)
        return school_by_urn(db, a, urn, out, e);
    struct school *all;
    size_t n;
    int rc = school_list(db, a, &all, &n, e);
    if (rc)
        return rc;
    if (n == 1) {
        *out = all[0];
        return 0;
    }
    if (n > 1)
        return err_set(e, ERR_USAGE,
                       "this database holds %zu schools; choose one with --school URN "
                       "(see `meso school list`)",
                       n);
    if (!create_placeholder)
        return err_set(
            e, ERR_NOTFOUND,
            "there is no school yet; add one with `meso school add --urn URN --name NAME`");
    struct school s = { .urn = "P-1",
                        .name = "My school (details to follow)",
                        .placeholder = true };
    rc = school_add(db, &s, e);
    if (rc)
        return rc;
    *out = s;
    out->urn = arena_strdup(a, s.urn);
    out->name = arena_strdup(a, s.name);
    if (created)
        *created = true;
    return 0;
}

int school_create(struct db *db, struct school *s, bool *claimed, struct err *e)
{
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    rc = school_claim_placeholder(db, s, claimed, e);
    if (rc == 0 && !*claimed)
        rc = school_add(db, s, e);
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}
