#include "model/access/account.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/secret.h"
#include "core/str.h"
#include "db/db.h"
#include "model/register/audit.h"
#include "model/access/password.h"
#include "model/access/session.h"

static const struct {
    unsigned bit;
    const char *name;
} roles[] = {
    { ACCOUNT_ADMIN, "admin" },
    { ACCOUNT_LEAD, "lead" },
    { ACCOUNT_TEACHER, "teacher" },
    { ACCOUNT_PRACTITIONER, "practitioner" },
};
#define N_ROLES (sizeof roles / sizeof roles[0])

const char *account_role_name(unsigned role)
{
    for (size_t i = 0; i < N_ROLES; i++)
        if (roles[i].bit == role)
            return roles[i].name;
    return NULL;
}

int account_parse_roles(const char *s, unsigned *out, char *why, size_t cap)
{
    *out = 0;
    const char *p = s ? s : "";
    while (*p) {
        while (*p == ',' || *p == ' ')
            p++;
        size_t n = strcspn(p, ", ");
        if (!n)
            break;
        bool found = false;
        for (size_t i = 0; i < N_ROLES; i++)
            if (strlen(roles[i].name) == n && strncasecmp(roles[i].name, p, n) == 0) {
                *out |= roles[i].bit;
                found = true;
            }
        if (!found) {
            snprintf(why, cap, "'%.*s' is not a role; use admin, lead, teacher or practitioner",
                     (int)(n > 40 ? 40 : n), p);
            return ERR_INPUT;
        }
        p += n;
    }
    if (!*out) {
        snprintf(why, cap, "give at least one role: admin, lead, teacher or practitioner");
        return ERR_INPUT;
    }
    return 0;
}

const char *account_roles_text(struct arena *a, unsigned r)
{
    char text[64] = "";
    size_t o = 0;
    for (size_t i = 0; i < N_ROLES; i++)
        if (r & roles[i].bit)
            o += (size_t)snprintf(text + o, sizeof text - o, "%s%s", o ? "," : "", roles[i].name);
    return arena_strdup(a, text);
}

const char *account_main_role(unsigned r)
{
    if (r & ACCOUNT_LEAD)
        return "lead";
    if (r & ACCOUNT_TEACHER)
        return "teacher";
    if (r & ACCOUNT_PRACTITIONER)
        return "practitioner";
    return "admin";
}

void account_normalise_email(const char *email, char *out, size_t cap)
{
    if (!cap)
        return;
    const char *p = email ? email : "";
    while (isspace((unsigned char)*p))
        p++;
    size_t n = strlen(p);
    while (n && isspace((unsigned char)p[n - 1]))
        n--;
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < cap; i++)
        out[o++] = (char)tolower((unsigned char)p[i]);
    out[o] = '\0';
}

bool account_email_valid(const char *email)
{
    if (!email)
        return false;
    size_t n = strlen(email);
    const char *at = strchr(email, '@');
    if (n < 3 || n > 254 || !at || at == email || strchr(at + 1, '@') || !strchr(at, '.'))
        return false;
    if (at[1] == '.' || email[n - 1] == '.')
        return false;
    for (const unsigned char *p = (const unsigned char *)email; *p; p++)
        if (*p <= ' ' || *p == 0x7f || *p == '<' || *p == '>' || *p == '"' || *p == ',')
            return false;
    return true;
}

bool account_requires_totp(const struct account *acc)
{
    return acc->kind == ACCOUNT_STAFF && (acc->roles & (ACCOUNT_ADMIN | ACCOUNT_LEAD)) &&
           !acc->totp_exempt;
}

/* ---- reading ------------------------------------------------------------ */

#define ACCOUNT_COLS                                                                         \
    "a.id, a.email, a.display_name, a.kind, a.school_id, a.staff_id, a.carer_id,"            \
    " a.password_hash IS NOT NULL, a.totp_enabled, a.totp_exempt, a.disabled, a.created_at," \
    " a.password_changed_at, (SELECT coalesce(sum(CASE r.role WHEN 'admin' THEN 1"           \
    " WHEN 'lead' THEN 2 WHEN 'teacher' THEN 4 WHEN 'practitioner' THEN 8 ELSE 0 END), 0)"   \
    " FROM account_role r WHERE r.account_id = a.id), a.la_code"

_Static_assert(ACCOUNT_ADMIN == 1 && ACCOUNT_LEAD == 2 && ACCOUNT_TEACHER == 4 &&
                   ACCOUNT_PRACTITIONER == 8,
               "ACCOUNT_COLS spells the role bits");

static void read_account(struct db_stmt *st, struct arena *a, struct account *out)
{
    memset(out, 0, sizeof *out);
    out->id = db_col_int(st, 0);
    out->email = arena_strdup(a, db_col_text(st, 1));
    out->name = arena_strdup(a, db_col_text(st, 2));
    const char *kind = db_col_text(st, 3);
    out->kind = kind && !strcmp(kind, "parent") ? ACCOUNT_PARENT
                : kind && !strcmp(kind, "la")   ? ACCOUNT_LA
                                                : ACCOUNT_STAFF;
    out->la_code = arena_strdup(a, db_col_text(st, 14));
    out->school_id = db_col_int(st, 4);
    out->staff_id = db_col_int(st, 5);
    out->carer_id = db_col_int(st, 6);
    out->has_password = db_col_int(st, 7) != 0;
    out->totp_enabled = db_col_int(st, 8) != 0;
    out->totp_exempt = db_col_int(st, 9) != 0;
    out->disabled = db_col_int(st, 10) != 0;
    out->created_at = arena_strdup(a, db_col_text(st, 11));
    out->password_changed_at = arena_strdup(a, db_col_text(st, 12));
    /* Column 13 is the roles as a bit set (the CASE in ACCOUNT_COLS follows enum
     * account_role), summed in SQL that SQLite and PostgreSQL both speak. */
    unsigned r = (unsigned)db_col_int(st, 13) & ACCOUNT_ROLES_ALL;
    out->roles = out->kind == ACCOUNT_STAFF ? r : 0;
}

static int one_account(struct db_stmt *st, struct arena *a, struct account *out,
                       const char *missing, struct err *e)
{
    int rc = db_step(st, e);
    if (rc == DB_ROW)
        read_account(st, a, out);
    db_finalize(st);
    if (rc == DB_DONE)
        return err_set(e, ERR_NOTFOUND, "%s", missing);
    return rc < 0 ? rc : 0;
}

int account_by_email(struct db *db, struct arena *a, const char *email, struct account *out,
                     struct err *e)
{
    char norm[256];
    account_normalise_email(email, norm, sizeof norm);
    struct db_stmt *st;
    int rc = db_prepare(db, &st, "SELECT " ACCOUNT_COLS " FROM account a WHERE a.email = ?1", e);
    if (rc)
        return rc;
    db_bind_text(st, 1, norm);
    char msg[320];
    snprintf(msg, sizeof msg, "no account with email %s (see `meso user list`)", norm);
    return one_account(st, a, out, msg, e);
}

int account_by_id(struct db *db, struct arena *a, int64_t id, struct account *out, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st, "SELECT " ACCOUNT_COLS " FROM account a WHERE a.id = ?1", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    return one_account(st, a, out, "no such account", e);
}

int account_by_staff(struct db *db, struct arena *a, int64_t staff_id, struct account *out,
                     struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st, "SELECT " ACCOUNT_COLS " FROM account a WHERE a.staff_id = ?1", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, staff_id);
    return one_account(st, a, out, "this member of staff has no account", e);
}

int account_list(struct db *db, struct arena *a, int64_t school_id, struct account **out, size_t *n,
                 struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT " ACCOUNT_COLS " FROM account a"
                        " WHERE ?1 = 0 OR a.school_id = ?1 ORDER BY a.kind DESC, a.email",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct account *it = arena_push(a, out, n, &cap, sizeof *it);
        if (!it) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        read_account(st, a, it);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* ---- changing ----------------------------------------------------------- */

static int log_account(struct db *db, const struct audit_who *who, const char *action, int64_t id,
                       int64_t school_id, const char *detail, struct err *e)
{
    struct audit_entry au = { .actor = who && who->actor ? who->actor : "unknown",
                              .action = action,
                              .entity = "account",
                              .entity_id = id,
                              .school_id = school_id,
                              .detail = detail,
                              .address = who ? who->address : NULL };
    return audit_log(db, &au, e);
}

/* "priya.nair@x" gives "Priya Nair". */
static void name_from_email(const char *email, char *out, size_t cap)
{
    size_t o = 0;
    bool start = true;
    for (const char *p = email; *p && *p != '@' && o + 1 < cap; p++) {
        if (*p == '.' || *p == '_' || *p == '-' || *p == '+') {
            if (o && out[o - 1] != ' ')
                out[o++] = ' ';
            start = true;
            continue;
        }
        out[o++] = start ? (char)toupper((unsigned char)*p) : *p;
        start = false;
    }
    while (o && out[o - 1] == ' ')
        o--;
    out[o] = '\0';
    if (!o)
        str_copy(out, cap, "Staff member");
}

static int insert_roles(struct db *db, int64_t id, unsigned r, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st, "DELETE FROM account_role WHERE account_id = ?1", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    rc = db_step(st, e);
    db_finalize(st);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < N_ROLES; i++) {
        if (!(r & roles[i].bit))
            continue;
        if ((rc = db_prepare(db, &st, "INSERT INTO account_role (account_id, role) VALUES (?1, ?2)",
                             e)))
            return rc;
        db_bind_int(st, 1, id);
        db_bind_text(st, 2, roles[i].name);
        rc = db_step(st, e);
        db_finalize(st);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* Find the staff row with this email, or make it; bring role (and name, when
 * given) in line. Sets *staff_id and *name_out (in a). */
static int staff_for_account(struct db *db, struct arena *a, const struct account_new *n,
                             const char *email, int64_t *staff_id, const char **name_out,
                             struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st, "SELECT id, school_id, name FROM staff WHERE email = ?1", e);
    if (rc)
        return rc;
    db_bind_text(st, 1, email);
    rc = db_step(st, e);
    int64_t found = 0, found_school = 0;
    const char *found_name = NULL;
    if (rc == DB_ROW) {
        found = db_col_int(st, 0);
        found_school = db_col_int(st, 1);
        found_name = arena_strdup(a, db_col_text(st, 2));
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    const char *role = account_main_role(n->roles);
    if (found) {
        if (found_school != n->school_id)
            return err_set(e, ERR_CONFLICT, "%s is on the staff of another school in this database",
                           email);
        const char *name = n->name && *n->name ? n->name : found_name;
        if ((rc = db_prepare(db, &st, "UPDATE staff SET role = ?2, name = ?3 WHERE id = ?1", e)))
            return rc;
        db_bind_int(st, 1, found);
        db_bind_text(st, 2, role);
        db_bind_text(st, 3, name);
        rc = db_step(st, e);
        db_finalize(st);
        *staff_id = found;
        *name_out = name;
        return rc < 0 ? rc : 0;
    }
    char made[201];
    const char *name = n->name && *n->name ? n->name : NULL;
    if (!name) {
        name_from_email(email, made, sizeof made);
        name = arena_strdup(a, made);
        if (!name)
            return err_set(e, ERR_NOMEM, "out of memory");
    }
    if ((rc = db_prepare(
             db, &st,
             "INSERT INTO staff (school_id, name, email, role) VALUES (?1, ?2, ?3, ?4) RETURNING id",
             e)))
        return rc;
    db_bind_int(st, 1, n->school_id);
    db_bind_text(st, 2, name);
    db_bind_text(st, 3, email);
    db_bind_text(st, 4, role);
    rc = db_step_id(st, staff_id, e);
    db_finalize(st);
    if (rc < 0)
        return rc;
    *name_out = name;
    return 0;
}

int account_add_staff(struct db *db, struct password_gate *g, const struct audit_who *who,
                      const struct account_new *n, const char *password, int64_t *id, struct err *e)
{
    char email[256], why[256];
    account_normalise_email(n->email, email, sizeof email);
    if (!account_email_valid(email))
        return err_set(e, ERR_INPUT, "email: give an email address, like name@school.org.uk");
    if (!n->roles || (n->roles & ~(unsigned)ACCOUNT_ROLES_ALL))
        return err_set(e, ERR_INPUT,
                       "role: give at least one role: admin, lead, teacher or practitioner");
    if (n->name && strlen(n->name) > 200)
        return err_set(e, ERR_INPUT, "name: the name is longer than 200 characters");
    char hash[PASSWORD_HASH_LEN] = "";
    int rc;
    if (NEVER(password && !g))
        return err_set(e, ERR_STORAGE, "internal error: no password gate");
    if (password) {
        if (password_check(password, email, why, sizeof why) != 0)
            return err_set(e, ERR_INPUT, "password: %s", why);
        if ((rc = password_hash(g, password, hash, e)))
            return rc;
    }
    struct arena a;
    arena_init(&a, 0);
    char now[DATE_TS_LEN];
    date_timestamp(now);
    if ((rc = db_begin(db, e)))
        goto out;
    int64_t staff_id = 0;
    const char *name = NULL;
    rc = staff_for_account(db, &a, n, email, &staff_id, &name, e);
    struct db_stmt *st;
    if (rc == 0)
        rc = db_prepare(db, &st,
                        "INSERT INTO account (email, display_name, kind, school_id, staff_id,"
                        " password_hash, created_at, password_changed_at)"
                        " VALUES (?1, ?2, 'staff', ?3, ?4, ?5, ?6, ?7) RETURNING id",
                        e);
    if (rc == 0) {
        db_bind_text(st, 1, email);
        db_bind_text(st, 2, name);
        db_bind_int(st, 3, n->school_id);
        db_bind_int(st, 4, staff_id);
        const char *h = password ? hash : n->password_hash;
        db_bind_text(st, 5, h);
        db_bind_text(st, 6, now);
        db_bind_text(st, 7, h ? now : NULL);
        rc = db_step_id(st, id, e);
        db_finalize(st);
        if (rc == ERR_CONFLICT)
            rc = err_set(e, ERR_CONFLICT, "there is already an account with the email %s", email);
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0) {
        rc = insert_roles(db, *id, n->roles, e);
    }
    if (rc == 0)
        rc = log_account(db, who, "create", *id, n->school_id,
                         arena_sprintf(&a, "staff account %s with roles %s", email,
                                       account_roles_text(&a, n->roles)),
                         e);
    if (rc) {
        db_rollback(db);
        goto out;
    }
    rc = db_commit(db, e);
out:
    secret_wipe(hash, sizeof hash);
    arena_release(&a);
    return rc;
}

int account_add_parent(struct db *db, const char *email, const char *name, int64_t school_id,
                       int64_t carer_id, const char *password_hash, int64_t *id, struct err *e)
{
    char norm[256];
    account_normalise_email(email, norm, sizeof norm);
    if (!account_email_valid(norm))
        return err_set(e, ERR_INPUT, "email: give an email address, like name@example.org");
    char now[DATE_TS_LEN];
    date_timestamp(now);
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "INSERT INTO account (email, display_name, kind, school_id, carer_id,"
                        " password_hash, created_at, password_changed_at)"
                        " VALUES (?1, ?2, 'parent', ?3, ?4, ?5, ?6, ?6) RETURNING id",
                        e);
    if (rc)
        return rc;
    db_bind_text(st, 1, norm);
    db_bind_text(st, 2, name && *name ? name : "Parent");
    db_bind_int(st, 3, school_id);
    db_bind_int(st, 4, carer_id);
    db_bind_text(st, 5, password_hash);
    db_bind_text(st, 6, now);
    rc = db_step_id(st, id, e);
    db_finalize(st);
    if (rc == ERR_CONFLICT)
        return err_set(e, ERR_CONFLICT,
                       "there is already an account with this email address, or for this "
                       "parent; sign in instead");
    if (rc < 0)
        return rc;
    return 0;
}

int account_add_la(struct db *db, struct password_gate *g, const struct audit_who *who,
                   const char *email_in, const char *name, const char *la_code,
                   const char *password, int64_t *id, struct err *e)
{
    char email[256], why[256], made[201];
    account_normalise_email(email_in, email, sizeof email);
    if (!account_email_valid(email))
        return err_set(e, ERR_INPUT, "email: give an email address, like name@council.gov.uk");
    if (!la_code || strlen(la_code) != 3 || strspn(la_code, "0123456789") != 3)
        return err_set(e, ERR_INPUT, "la: a local authority's code is three digits, like 931");
    if (name && strlen(name) > 200)
        return err_set(e, ERR_INPUT, "name: the name is longer than 200 characters");
    if (!name || !*name) {
        name_from_email(email, made, sizeof made);
        name = made;
    }
    char hash[PASSWORD_HASH_LEN] = "";
    int rc;
    if (NEVER(password && !g))
        return err_set(e, ERR_STORAGE, "internal error: no password gate");
    if (password) {
        if (password_check(password, email, why, sizeof why) != 0)
            return err_set(e, ERR_INPUT, "password: %s", why);
        if ((rc = password_hash(g, password, hash, e)))
            return rc;
    }
    char now[DATE_TS_LEN], detail[320];
    date_timestamp(now);
    if ((rc = db_begin(db, e)))
        goto out;
    struct db_stmt *st;
    rc = db_prepare(db, &st,
                    "INSERT INTO account (email, display_name, kind, la_code, password_hash,"
                    " created_at, password_changed_at) VALUES (?1, ?2, 'la', ?3, ?4, ?5, ?6)"
                    " RETURNING id",
                    e);
    if (rc == 0) {
        db_bind_text(st, 1, email);
        db_bind_text(st, 2, name);
        db_bind_text(st, 3, la_code);
        db_bind_text(st, 4, password ? hash : NULL);
        db_bind_text(st, 5, now);
        db_bind_text(st, 6, password ? now : NULL);
        rc = db_step_id(st, id, e);
        db_finalize(st);
        if (rc == ERR_CONFLICT)
            rc = err_set(e, ERR_CONFLICT, "there is already an account with the email %s", email);
        rc = rc < 0 ? rc : 0;
    }
    snprintf(detail, sizeof detail, "LA account %s for local authority %s", email, la_code);
    if (rc == 0)
        rc = log_account(db, who, "create", *id, 0, detail, e);
    if (rc) {
        db_rollback(db);
        goto out;
    }
    rc = db_commit(db, e);
out:
    secret_wipe(hash, sizeof hash);
    return rc;
}

int account_set_roles(struct db *db, const struct audit_who *who, int64_t id, unsigned r,
                      struct err *e)
{
    if (!r || (r & ~(unsigned)ACCOUNT_ROLES_ALL))
        return err_set(e, ERR_INPUT,
                       "role: give at least one role: admin, lead, teacher or practitioner");
    struct arena a;
    arena_init(&a, 0);
    struct account acc;
    int rc = account_by_id(db, &a, id, &acc, e);
    if (rc == 0 && acc.kind != ACCOUNT_STAFF)
        rc = err_set(e, ERR_INPUT, "role: parent accounts have no roles");
    if (rc == 0)
        rc = db_begin(db, e);
    if (rc)
        goto out;
    rc = insert_roles(db, id, r, e);
    struct db_stmt *st;
    if (rc == 0 && (rc = db_prepare(db, &st, "UPDATE staff SET role = ?2 WHERE id = ?1", e)) == 0) {
        db_bind_int(st, 1, acc.staff_id);
        db_bind_text(st, 2, account_main_role(r));
        rc = db_step(st, e);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0)
        rc =
            log_account(db, who, "update", id, acc.school_id,
                        arena_sprintf(&a, "roles of %s set to %s (were %s)", acc.email,
                                      account_roles_text(&a, r), account_roles_text(&a, acc.roles)),
                        e);
    if (rc) {
        db_rollback(db);
        goto out;
    }
    rc = db_commit(db, e);
out:
    arena_release(&a);
    return rc;
}

int account_set_password(struct db *db, struct password_gate *g, const struct audit_who *who,
                         int64_t id, const char *password, struct err *e)
{
    struct arena a;
    arena_init(&a, 0);
    struct account acc;
    char why[256], hash[PASSWORD_HASH_LEN] = "", now[DATE_TS_LEN];
    int rc = account_by_id(db, &a, id, &acc, e);
    if (rc)
        goto out;
    if (password_check(password, acc.email, why, sizeof why) != 0) {
        rc = err_set(e, ERR_INPUT, "password: %s", why);
        goto out;
    }
    if ((rc = password_hash(g, password, hash, e)))
        goto out;
    date_timestamp(now);
    if ((rc = db_begin(db, e)))
        goto out;
    struct db_stmt *st;
    rc = db_prepare(db, &st,
                    "UPDATE account SET password_hash = ?2, password_changed_at = ?3 WHERE id = ?1",
                    e);
    if (rc == 0) {
        db_bind_int(st, 1, id);
        db_bind_text(st, 2, hash);
        db_bind_text(st, 3, now);
        rc = db_step(st, e);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0)
        rc = session_revoke_all(db, id, 0, e);
    if (rc == 0)
        rc = log_account(db, who, "password", id, acc.school_id,
                         arena_sprintf(&a, "password of %s changed; sessions ended", acc.email), e);
    if (rc) {
        db_rollback(db);
        goto out;
    }
    rc = db_commit(db, e);
out:
    secret_wipe(hash, sizeof hash);
    arena_release(&a);
    return rc;
}

int account_verify_password(struct db *db, struct password_gate *g, struct arena *a,
                            const char *email, const char *pw, struct account *out, struct err *e)
{
    char norm[256];
    account_normalise_email(email, norm, sizeof norm);
    struct db_stmt *st;
    int rc = db_prepare(
        db, &st, "SELECT " ACCOUNT_COLS ", a.password_hash FROM account a WHERE a.email = ?1", e);
    if (rc)
        return rc;
    db_bind_text(st, 1, norm);
    rc = db_step(st, e);
    char hash[PASSWORD_HASH_LEN] = "";
    bool found = rc == DB_ROW;
    if (found) {
        read_account(st, a, out);
        str_copy(hash, sizeof hash, db_col_text(st, 15) ? db_col_text(st, 15) : "");
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    bool ok = false;
    /* An empty hash (no account, or no password yet) is checked against the
     * dummy hash, at the same cost. */
    rc = password_verify(g, hash[0] ? hash : NULL, pw, &ok, e);
    bool rehash = ok && password_needs_rehash(hash);
    secret_wipe(hash, sizeof hash);
    if (rc)
        return rc;
    if (!found || !ok || out->disabled) {
        memset(out, 0, sizeof *out);
        return err_set(e, ERR_DENIED, "the email address or password is not right");
    }
    if (rehash) {
        char fresh[PASSWORD_HASH_LEN];
        struct err ignored;
        if (password_hash(g, pw, fresh, &ignored) == 0 &&
            db_prepare(db, &st, "UPDATE account SET password_hash = ?2 WHERE id = ?1", &ignored) ==
                0) {
            db_bind_int(st, 1, out->id);
            db_bind_text(st, 2, fresh);
            db_step(st, &ignored);
            db_finalize(st);
        }
        secret_wipe(fresh, sizeof fresh);
    }
    return 0;
}

int account_set_disabled(struct db *db, const struct audit_who *who, int64_t id, bool disabled,
                         struct err *e)
{
    struct arena a;
    arena_init(&a, 0);
    struct account acc;
    int rc = account_by_id(db, &a, id, &acc, e);
    if (rc == 0)
        rc = db_begin(db, e);
    if (rc)
        goto out;
    struct db_stmt *st;
    rc = db_prepare(db, &st, "UPDATE account SET disabled = ?2 WHERE id = ?1", e);
    if (rc == 0) {
        db_bind_int(st, 1, id);
        db_bind_int(st, 2, disabled);
        rc = db_step(st, e);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0 && disabled)
        rc = session_revoke_all(db, id, 0, e);
    if (rc == 0)
        rc = log_account(db, who, disabled ? "disable" : "enable", id, acc.school_id,
                         arena_sprintf(&a, "%s %s", acc.email,
                                       disabled ? "disabled; sessions ended" : "enabled again"),
                         e);
    if (rc) {
        db_rollback(db);
        goto out;
    }
    rc = db_commit(db, e);
out:
    arena_release(&a);
    return rc;
}

int account_set_totp_exempt(struct db *db, int64_t id, bool exempt, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st, "UPDATE account SET totp_exempt = ?2 WHERE id = ?1", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, exempt);
    rc = db_step(st, e);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}
