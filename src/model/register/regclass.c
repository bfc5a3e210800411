#include "model/register/regclass.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/str.h"
#include "db/db.h"
#include "model/register/audit.h"

/* In conversation scope today (model/conversations/scope.h): on roll, and
 * SEN support or an EHC plan unless a lead took them out, or added by a
 * lead. Needs p (pupil), s (conversation_scope, left joined) and ?2 today. */
#define IN_SCOPE                                       \
    "((p.leaving_date IS NULL OR p.leaving_date > ?2)" \
    " AND (s.included = 1 OR (s.included IS NULL AND p.sen_provision IN ('K', 'E'))))"

int regclass_ensure(struct db *db, int64_t school_id, const char *name, int64_t *id, bool *created,
                    struct err *e)
{
    char nm[64];
    if (str_copy(nm, sizeof nm, name ? name : "") >= sizeof nm)
        return err_set(e, ERR_INPUT, "a class name is longer than 40 characters");
    str_trim(nm);
    if (!*nm || strlen(nm) > 40)
        return err_set(e, ERR_INPUT, "a class name must have 1 to 40 characters");
    *created = false;
    struct db_stmt *st;
    int rc = db_prepare(db, &st, "SELECT id FROM reg_group WHERE school_id = ?1 AND name = ?2", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, nm);
    rc = db_step(st, e);
    if (rc == DB_ROW)
        *id = db_col_int(st, 0);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (rc == DB_ROW)
        return 0;
    rc = db_prepare(db, &st, "INSERT INTO reg_group (school_id, name) VALUES (?1, ?2) RETURNING id",
                    e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, nm);
    rc = db_step(st, e);
    if (rc == DB_ROW)
        *id = db_col_int(st, 0);
    db_finalize(st);
    if (rc < 0)
        return rc;
    *created = true;
    return 0;
}

static void today_iso(char out[DATE_ISO_LEN])
{
    date_iso(date_today(), out);
}

static int cmp_group(const void *a, const void *b)
{
    return strverscmp(((const struct reg_group *)a)->name, ((const struct reg_group *)b)->name);
}

static int list_groups(struct db *db, struct arena *a, int64_t school_id, int64_t only,
                       struct reg_group **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    char today[DATE_ISO_LEN];
    today_iso(today);
    struct db_stmt *st;
    int rc = db_prepare(
        db, &st,
        "SELECT g.id, g.name, g.key_teacher_id, t.name, count(m.id), coalesce(sum(m.in_scope), 0),"
        " coalesce(sum(CASE WHEN m.in_scope = 1 AND m.key_teacher_id = g.key_teacher_id"
        "   THEN 1 ELSE 0 END), 0),"
        " coalesce(sum(CASE WHEN m.in_scope = 1 AND m.key_teacher_id IS NULL THEN 1 ELSE 0 END),"
        "   0),"
        " coalesce(sum(CASE WHEN m.in_scope = 1 AND m.key_teacher_by_class = 0"
        "   AND m.key_teacher_id IS NOT NULL"
        "   AND m.key_teacher_id <> coalesce(g.key_teacher_id, 0) THEN 1 ELSE 0 END), 0)"
        " FROM reg_group g LEFT JOIN staff t ON t.id = g.key_teacher_id"
        " LEFT JOIN (SELECT p.id, p.reg_group_id, p.key_teacher_id, p.key_teacher_by_class,"
        "   CASE WHEN " IN_SCOPE " THEN 1 ELSE 0 END AS in_scope"
        "   FROM pupil p LEFT JOIN conversation_scope s ON s.pupil_id = p.id"
        "   WHERE p.school_id = ?1 AND (p.leaving_date IS NULL OR p.leaving_date > ?2)) m"
        "   ON m.reg_group_id = g.id"
        " WHERE g.school_id = ?1 AND (?3 = 0 OR g.id = ?3)"
        " GROUP BY g.id, g.name, g.key_teacher_id, t.name"
        " HAVING ?3 <> 0 OR count(m.id) > 0 OR g.key_teacher_id IS NOT NULL",
        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, today);
    db_bind_int(st, 3, only);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct reg_group *g = arena_push(a, out, n, &cap, sizeof *g);
        if (!g) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        g->id = db_col_int(st, 0);
        g->school_id = school_id;
        g->name = arena_strdup(a, db_col_text(st, 1));
        g->key_teacher_id = db_col_int(st, 2);
        g->key_teacher = arena_strdup(a, db_col_text(st, 3));
        g->pupils = (int)db_col_int(st, 4);
        g->in_scope = (int)db_col_int(st, 5);
        g->with_class_teacher = (int)db_col_int(st, 6);
        g->without_teacher = (int)db_col_int(st, 7);
        g->chosen_other = (int)db_col_int(st, 8);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (*n > 1)
        qsort(*out, *n, sizeof **out, cmp_group);
    return 0;
}

int regclass_list(struct db *db, struct arena *a, int64_t school_id, struct reg_group **out,
                  size_t *n, struct err *e)
{
    return list_groups(db, a, school_id, 0, out, n, e);
}

int regclass_get(struct db *db, struct arena *a, int64_t school_id, int64_t id,
                 struct reg_group *out, struct err *e)
{
    struct reg_group *g;
    size_t n;
    int rc = id > 0 ? list_groups(db, a, school_id, id, &g, &n, e) : 0;
    if (rc)
        return rc;
    if (id <= 0 || n == 0)
        return err_set(e, ERR_NOTFOUND, "no such class");
    *out = g[0];
    return 0;
}

int regclass_pupils(struct db *db, struct arena *a, int64_t group_id, const struct audit_entry *who,
                    struct regclass_pupil **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    char today[DATE_ISO_LEN];
    today_iso(today);
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT p.id, coalesce(p.preferred_forename, p.legal_forename) || ' ' ||"
                        " coalesce(p.preferred_surname, p.legal_surname), coalesce(p.nc_year, ''),"
                        " p.sen_provision, p.key_teacher_id, t.name, p.key_teacher_by_class,"
                        " p.school_id"
                        " FROM pupil p LEFT JOIN conversation_scope s ON s.pupil_id = p.id"
                        " LEFT JOIN staff t ON t.id = p.key_teacher_id"
                        " WHERE p.reg_group_id = ?1 AND " IN_SCOPE
                        " ORDER BY p.legal_surname, p.legal_forename, p.id",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, group_id);
    db_bind_text(st, 2, today);
    size_t cap = 0;
    int64_t school_id = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct regclass_pupil *p = arena_push(a, out, n, &cap, sizeof *p);
        if (!p) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        p->id = db_col_int(st, 0);
        p->name = arena_strdup(a, db_col_text(st, 1));
        str_copy(p->nc_year, sizeof p->nc_year, db_col_text(st, 2) ? db_col_text(st, 2) : "");
        str_copy(p->sen, sizeof p->sen, db_col_text(st, 3) ? db_col_text(st, 3) : "N");
        p->key_teacher_id = db_col_int(st, 4);
        p->key_teacher = arena_strdup(a, db_col_text(st, 5));
        p->by_class = db_col_int(st, 6) != 0;
        school_id = db_col_int(st, 7);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    /* The page names each child: one row in each child's trail. */
    for (size_t i = 0; who && i < *n; i++)
        if ((rc = audit_as(db, who, "view", "reg_group", group_id, (*out)[i].id, school_id,
                           "class key teacher page", e)))
            return rc;
    return 0;
}

/* The name of staff_id when they may be a key teacher at school_id (active,
 * teacher or lead by register role or account role), else NULL. */
static int key_teacher_name(struct db *db, struct arena *a, int64_t school_id, int64_t staff_id,
                            const char **name, struct err *e)
{
    *name = NULL;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT s.name FROM staff s WHERE s.id = ?1 AND s.school_id = ?2"
                        " AND s.active = 1 AND (s.role IN ('teacher', 'lead')"
                        "  OR EXISTS (SELECT 1 FROM account c JOIN account_role r"
                        "   ON r.account_id = c.id WHERE c.staff_id = s.id"
                        "   AND r.role IN ('teacher', 'lead')))",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, staff_id);
    db_bind_int(st, 2, school_id);
    rc = db_step(st, e);
    if (rc == DB_ROW)
        *name = arena_strdup(a, db_col_text(st, 0));
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* Give one pupil a key teacher from their class (staff_id 0: clear). */
static int assign(struct db *db, const struct audit_entry *who, int64_t school_id, int64_t pupil_id,
                  int64_t staff_id, const char *detail, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "UPDATE pupil SET key_teacher_id = ?2, key_teacher_by_class = ?3"
                        " WHERE id = ?1",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, pupil_id);
    db_bind_int_or_null(st, 2, staff_id, staff_id == 0);
    db_bind_int(st, 3, staff_id != 0);
    rc = db_step(st, e);
    db_finalize(st);
    if (rc < 0)
        return rc;
    return audit_as(db, who, "assign", "pupil", pupil_id, pupil_id, school_id, detail, e);
}

struct change {
    int64_t pupil_id;
    int64_t staff_id;
    const char *detail;
};

/* The pupils to change (read first, written after: one statement at a
 * time on the connection). */
static int pupils_to_follow(struct db *db, struct arena *a, int64_t school_id, int64_t group_id,
                            bool replace_chosen, struct change **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    char today[DATE_ISO_LEN];
    today_iso(today);
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT p.id, g.key_teacher_id, t.name, g.name"
                        " FROM pupil p JOIN reg_group g ON g.id = p.reg_group_id"
                        " JOIN staff t ON t.id = g.key_teacher_id AND t.active = 1"
                        " LEFT JOIN conversation_scope s ON s.pupil_id = p.id"
                        " WHERE p.school_id = ?1 AND (?3 = 0 OR g.id = ?3) AND " IN_SCOPE
                        " AND (p.key_teacher_id IS NULL"
                        "  OR ((p.key_teacher_by_class = 1 OR ?4 = 1)"
                        "   AND p.key_teacher_id <> g.key_teacher_id))"
                        " ORDER BY p.id",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, today);
    db_bind_int(st, 3, group_id);
    db_bind_int(st, 4, replace_chosen);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct change *c = arena_push(a, out, n, &cap, sizeof *c);
        if (!c) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        c->pupil_id = db_col_int(st, 0);
        c->staff_id = db_col_int(st, 1);
        c->detail = arena_sprintf(a, "key teacher set to %s (key teacher of class %s)",
                                  db_col_text(st, 2), db_col_text(st, 3));
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static int apply(struct db *db, const struct audit_entry *who, int64_t school_id,
                 const struct change *c, size_t n, struct err *e)
{
    for (size_t i = 0; i < n; i++) {
        int rc = assign(db, who, school_id, c[i].pupil_id, c[i].staff_id, c[i].detail, e);
        if (rc)
            return rc;
    }
    return 0;
}

int regclass_follow(struct db *db, const struct audit_entry *who, int64_t school_id, int *changed,
                    struct err *e)
{
    struct arena a;
    arena_init(&a, 0);
    struct change *c;
    size_t n = 0;
    int rc = pupils_to_follow(db, &a, school_id, 0, false, &c, &n, e);
    if (rc == 0 && n) {
        if ((rc = db_begin(db, e)) == 0) {
            rc = apply(db, who, school_id, c, n, e);
            rc = rc ? (db_rollback(db), rc) : db_commit(db, e);
        }
    }
    if (changed)
        *changed = rc ? 0 : (int)n;
    arena_release(&a);
    return rc;
}

int regclass_set_key_teacher(struct db *db, const struct audit_entry *who, int64_t group_id,
                             int64_t staff_id, bool replace_chosen, int *changed, struct err *e)
{
    *changed = 0;
    struct arena a;
    arena_init(&a, 0);
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT school_id, name, coalesce(key_teacher_id, 0) FROM reg_group"
                        " WHERE id = ?1",
                        e);
    if (rc)
        goto out;
    db_bind_int(st, 1, group_id);
    rc = db_step(st, e);
    int64_t school_id = 0, old = 0;
    const char *name = NULL;
    if (rc == DB_ROW) {
        school_id = db_col_int(st, 0);
        name = arena_strdup(&a, db_col_text(st, 1));
        old = db_col_int(st, 2);
    }
    db_finalize(st);
    if (rc < 0)
        goto out;
    if (rc == DB_DONE) {
        rc = err_set(e, ERR_NOTFOUND, "no such class");
        goto out;
    }
    const char *teacher = NULL;
    if (staff_id && (rc = key_teacher_name(db, &a, school_id, staff_id, &teacher, e)))
        goto out;
    if (staff_id && !teacher) {
        rc = err_set(e, ERR_INPUT,
                     "a key teacher must be a teacher or lead on the staff of the school");
        goto out;
    }
    if ((rc = db_begin(db, e)))
        goto out;
    rc = db_prepare(db, &st, "UPDATE reg_group SET key_teacher_id = ?2 WHERE id = ?1", e);
    if (rc == 0) {
        db_bind_int(st, 1, group_id);
        db_bind_int_or_null(st, 2, staff_id, staff_id == 0);
        rc = db_step(st, e);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0 && old != staff_id)
        rc = audit_as(db, who, "assign", "reg_group", group_id, 0, school_id,
                      staff_id ? arena_sprintf(&a, "class %s: key teacher %s", name, teacher)
                               : arena_sprintf(&a, "class %s: no key teacher", name),
                      e);
    struct change *c = NULL;
    size_t n = 0;
    if (rc == 0 && staff_id) {
        if ((rc = pupils_to_follow(db, &a, school_id, group_id, replace_chosen, &c, &n, e)) == 0)
            rc = apply(db, who, school_id, c, n, e);
    } else if (rc == 0 && old) {
        /* Pupils who had the key teacher from this class no longer do. */
        rc = db_prepare(db, &st,
                        "SELECT id FROM pupil WHERE reg_group_id = ?1 AND key_teacher_by_class = 1"
                        " AND key_teacher_id = ?2 ORDER BY id",
                        e);
        size_t cap = 0;
        if (rc == 0) {
            db_bind_int(st, 1, group_id);
            db_bind_int(st, 2, old);
            while ((rc = db_step(st, e)) == DB_ROW) {
                struct change *ch = arena_push(&a, &c, &n, &cap, sizeof *ch);
                if (!ch) {
                    rc = err_set(e, ERR_NOMEM, "out of memory");
                    break;
                }
                ch->pupil_id = db_col_int(st, 0);
                ch->detail = arena_sprintf(&a, "key teacher cleared (class %s has none)", name);
            }
            db_finalize(st);
            rc = rc < 0 ? rc : 0;
        }
        if (rc == 0)
            rc = apply(db, who, school_id, c, n, e);
    }
    if (rc) {
        db_rollback(db);
        goto out;
    }
    if ((rc = db_commit(db, e)) == 0)
        *changed = (int)n;
out:
    arena_release(&a);
    return rc < 0 ? rc : 0;
}
