#include "model/access/access.h"

#include <string.h>

#include "core/arena.h"
#include "db/db.h"
#include "model/access/account.h"
#include "model/access/api_token.h"
#include "model/register/pupil.h"

int access_principal_for_account(struct db *db, struct arena *a, int64_t account_id,
                                 struct principal *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct account acc;
    int rc = account_by_id(db, a, account_id, &acc, e);
    if (rc)
        return rc;
    if (acc.disabled)
        return err_set(e, ERR_DENIED, "this account cannot sign in");
    out->kind = acc.kind == ACCOUNT_PARENT ? PRINCIPAL_PARENT
                : acc.kind == ACCOUNT_LA   ? PRINCIPAL_LA
                                           : PRINCIPAL_STAFF;
    out->la_code = acc.kind == ACCOUNT_LA ? acc.la_code : NULL;
    out->account_id = acc.id;
    out->roles = acc.kind == ACCOUNT_STAFF ? acc.roles : 0;
    out->school_id = acc.school_id;
    out->staff_id = acc.kind == ACCOUNT_STAFF ? acc.staff_id : 0;
    out->carer_id = acc.kind == ACCOUNT_PARENT ? acc.carer_id : 0;
    out->can_write = true;
    out->name = acc.name;
    out->actor = arena_sprintf(a, "user:%s", acc.email);
    if (!out->actor) {
        memset(out, 0, sizeof *out);
        return err_set(e, ERR_NOMEM, "out of memory");
    }
    return 0;
}

int access_principal_for_token(struct arena *a, const struct api_token *t, struct principal *out,
                               struct err *e)
{
    memset(out, 0, sizeof *out);
    out->kind = t->la_code ? PRINCIPAL_LA : PRINCIPAL_TOKEN;
    out->token_id = t->id;
    out->school_id = t->la_code ? 0 : t->school_id;
    out->la_code = t->la_code ? arena_strdup(a, t->la_code) : NULL;
    out->can_write = !t->la_code && t->scope == API_TOKEN_WRITE;
    out->name = arena_strdup(a, t->name);
    out->actor = arena_sprintf(a, "token:%s", t->name);
    if (!out->name || !out->actor) {
        memset(out, 0, sizeof *out);
        return err_set(e, ERR_NOMEM, "out of memory");
    }
    return 0;
}

bool access_has_role(const struct principal *p, unsigned role)
{
    return p->kind == PRINCIPAL_STAFF && (p->roles & role) == role && role != 0;
}

/* The rules, as a scope. Everything else in this file applies it. */
static struct pupil_scope scope_of(const struct principal *p)
{
    struct pupil_scope s = { 0 };
    if (p->school_id <= 0)
        return s;
    switch (p->kind) {
    case PRINCIPAL_STAFF:
        s.whole_school = (p->roles & ACCOUNT_LEAD) != 0;
        s.key_teacher_id = (p->roles & ACCOUNT_TEACHER) ? p->staff_id : 0;
        s.family_worker_id = (p->roles & ACCOUNT_PRACTITIONER) ? p->staff_id : 0;
        break;
    case PRINCIPAL_PARENT:
        s.carer_id = p->carer_id;
        break;
    case PRINCIPAL_TOKEN:
        s.whole_school = true;
        break;
    case PRINCIPAL_LA: /* no child, ever */
    case PRINCIPAL_NOBODY:
        break;
    }
    return s;
}

bool access_la_sees_school(const struct principal *p, const char *school_la_code, bool shared)
{
    return p->kind == PRINCIPAL_LA && p->la_code && school_la_code && shared &&
           strcmp(p->la_code, school_la_code) == 0;
}

void access_pupil_filter(const struct principal *p, struct pupil_filter *f)
{
    f->scope = scope_of(p);
    f->school_id = p->school_id > 0 ? p->school_id : 0;
}

static int answer(int rc, const char *missing, struct err *e)
{
    if (rc == DB_ROW)
        return 0;
    if (rc == DB_DONE)
        return err_set(e, ERR_NOTFOUND, "%s", missing);
    return rc;
}

int access_pupil_visible(struct db *db, const struct principal *p, int64_t pupil_id, struct err *e)
{
    static const char missing[] = "no such pupil";
    struct pupil_scope s = scope_of(p);
    if (!s.whole_school && !s.key_teacher_id && !s.family_worker_id && !s.carer_id)
        return err_set(e, ERR_NOTFOUND, "%s", missing);
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT 1 FROM pupil p WHERE p.id = ?1 AND p.school_id = ?2"
                        " AND (?3 OR (?4 <> 0 AND p.key_teacher_id = ?4)"
                        "  OR (?5 <> 0 AND EXISTS (SELECT 1 FROM family_worker w"
                        "      WHERE w.pupil_id = p.id AND w.staff_id = ?5))"
                        "  OR (?6 <> 0 AND EXISTS (SELECT 1 FROM pupil_carer pc"
                        "      WHERE pc.pupil_id = p.id AND pc.carer_id = ?6)))",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, pupil_id);
    db_bind_int(st, 2, p->school_id);
    db_bind_int(st, 3, s.whole_school);
    db_bind_int(st, 4, s.key_teacher_id);
    db_bind_int(st, 5, s.family_worker_id);
    db_bind_int(st, 6, s.carer_id);
    rc = db_step(st, e);
    db_finalize(st);
    return answer(rc, missing, e);
}

int access_carer_visible(struct db *db, const struct principal *p, int64_t carer_id, struct err *e)
{
    static const char missing[] = "no such parent or carer";
    struct pupil_scope s = scope_of(p);
    if (!s.whole_school && !s.key_teacher_id && !s.family_worker_id && !s.carer_id)
        return err_set(e, ERR_NOTFOUND, "%s", missing);
    struct db_stmt *st;
    int rc =
        db_prepare(db, &st,
                   "SELECT 1 FROM carer c WHERE c.id = ?1 AND c.school_id = ?2"
                   " AND (?3 OR (?6 <> 0 AND c.id = ?6)"
                   "  OR EXISTS (SELECT 1 FROM pupil_carer pc JOIN pupil p ON p.id = pc.pupil_id"
                   "      WHERE pc.carer_id = c.id AND p.school_id = ?2"
                   "      AND ((?4 <> 0 AND p.key_teacher_id = ?4)"
                   "       OR (?5 <> 0 AND EXISTS (SELECT 1 FROM family_worker w"
                   "           WHERE w.pupil_id = p.id AND w.staff_id = ?5)))))",
                   e);
    if (rc)
        return rc;
    db_bind_int(st, 1, carer_id);
    db_bind_int(st, 2, p->school_id);
    db_bind_int(st, 3, s.whole_school);
    db_bind_int(st, 4, s.key_teacher_id);
    db_bind_int(st, 5, s.family_worker_id);
    db_bind_int(st, 6, s.carer_id);
    rc = db_step(st, e);
    db_finalize(st);
    return answer(rc, missing, e);
}

int access_provision_visible(struct db *db, const struct principal *p, int64_t provision_id,
                             struct err *e)
{
    static const char missing[] = "no such programme";
    struct pupil_scope s = scope_of(p);
    int64_t staff =
        p->kind == PRINCIPAL_STAFF && (p->roles & (ACCOUNT_TEACHER | ACCOUNT_PRACTITIONER))
            ? p->staff_id
            : 0;
    if (!s.whole_school && !staff)
        return err_set(e, ERR_NOTFOUND, "%s", missing);
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT 1 FROM provision v WHERE v.id = ?1 AND v.school_id = ?2"
                        " AND (?3 OR (?4 <> 0 AND EXISTS (SELECT 1 FROM provision_team m"
                        "      WHERE m.provision_id = v.id AND m.staff_id = ?4)))",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, provision_id);
    db_bind_int(st, 2, p->school_id);
    db_bind_int(st, 3, s.whole_school);
    db_bind_int(st, 4, staff);
    rc = db_step(st, e);
    db_finalize(st);
    return answer(rc, missing, e);
}
