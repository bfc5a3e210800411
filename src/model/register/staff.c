#include "model/register/staff.h"

#include <string.h>

#include "core/arena.h"
#include "core/problems.h"
#include "core/str.h"
#include "db/db.h"

const char *const staff_roles[] = { "admin", "lead", "teacher", "practitioner", NULL };

void staff_validate(const struct staff *s, struct problems *pr)
{
    if (str_blank(s->name))
        problems_add(pr, "name", "give the person's name");
    else if (strlen(s->name) > 200)
        problems_add(pr, "name", "the name is longer than 200 characters");
    const char *at = s->email ? strchr(s->email, '@') : NULL;
    if (!at || at == s->email || !strchr(at, '.') || strchr(s->email, ' '))
        problems_add(pr, "email", "give an email address, like name@school.org.uk");
    bool ok = false;
    for (const char *const *r = staff_roles; *r && s->role; r++)
        ok |= strcmp(*r, s->role) == 0;
    if (!ok)
        problems_add(pr, "role", "the role must be admin, lead, teacher or practitioner");
}

int staff_add(struct db *db, struct staff *s, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(
        db, &st,
        "INSERT INTO staff (school_id, name, email, role) VALUES (?1, ?2, ?3, ?4) RETURNING id", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, s->school_id);
    db_bind_text(st, 2, s->name);
    db_bind_text(st, 3, s->email);
    db_bind_text(st, 4, s->role);
    rc = db_step_id(st, &s->id, e);
    db_finalize(st);
    if (rc == ERR_CONFLICT)
        return err_set(e, ERR_CONFLICT, "someone with the email %s is already registered",
                       s->email);
    if (rc < 0)
        return rc;
    s->active = true;
    return 0;
}

static void read_staff(struct db_stmt *st, struct arena *a, struct staff *s)
{
    s->id = db_col_int(st, 0);
    s->school_id = db_col_int(st, 1);
    s->name = arena_strdup(a, db_col_text(st, 2));
    s->email = arena_strdup(a, db_col_text(st, 3));
    s->role = arena_strdup(a, db_col_text(st, 4));
    s->active = db_col_int(st, 5) != 0;
}

int staff_list(struct db *db, struct arena *a, int64_t school_id, struct staff **out, size_t *n,
               struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT id, school_id, name, email, role, active FROM staff"
                        " WHERE school_id = ?1 ORDER BY role, name",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct staff *s = arena_push(a, out, n, &cap, sizeof *s);
        if (!s) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        read_staff(st, a, s);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int staff_by_email(struct db *db, struct arena *a, const char *email, struct staff *out,
                   struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT id, school_id, name, email, role, active FROM staff"
                        " WHERE email = ?1",
                        e);
    if (rc)
        return rc;
    db_bind_text(st, 1, email);
    rc = db_step(st, e);
    if (rc == DB_ROW)
        read_staff(st, a, out);
    db_finalize(st);
    if (rc == DB_DONE)
        return err_set(e, ERR_NOTFOUND, "no member of staff with email %s", email);
    return rc < 0 ? rc : 0;
}

int staff_name(struct db *db, struct arena *a, int64_t school_id, int64_t id, const char **out,
               struct err *e)
{
    *out = NULL;
    struct db_stmt *st;
    int rc = db_prepare(db, &st, "SELECT name FROM staff WHERE id = ?1 AND school_id = ?2", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, school_id);
    rc = db_step(st, e);
    if (rc == DB_ROW)
        *out = arena_strdup(a, db_col_text(st, 0));
    db_finalize(st);
    return rc < 0 ? rc : 0;
}
