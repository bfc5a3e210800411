#include "model/access/staffacct.h"

#include <string.h>

#include "core/arena.h"
#include "core/problems.h"
#include "db/db.h"
#include "model/access/account.h"
#include "model/access/session.h"
#include "model/register/audit.h"

void staffacct_validate(const struct staffacct_new *n, struct problems *pr)
{
    char email[256];
    account_normalise_email(n->email, email, sizeof email);
    if (!n->name || !*n->name)
        problems_add(pr, "name", "enter their name");
    else if (strlen(n->name) > 200)
        problems_add(pr, "name", "the name is longer than 200 characters");
    if (!account_email_valid(email))
        problems_add(pr, "email", "enter a work email address, like name@school.org.uk");
    if (!n->roles || (n->roles & ~(unsigned)ACCOUNT_ROLES_ALL))
        problems_add(pr, "roles", "choose at least one thing they can do");
}

static struct audit_who who_of(const struct staffacct_by *by)
{
    return (struct audit_who){ .actor = by->actor, .address = by->address };
}

static int audit_by(struct db *db, const struct staffacct_by *by, const char *action,
                    const char *entity, int64_t id, const char *detail, struct err *e)
{
    struct audit_entry au = { .actor = by->actor ? by->actor : "unknown",
                              .action = action,
                              .entity = entity,
                              .entity_id = id,
                              .school_id = by->school_id,
                              .detail = detail,
                              .address = by->address };
    return audit_log(db, &au, e);
}

/* A staff account of by's school other than by's own; ERR_NOTFOUND else. */
static int load_target(struct db *db, struct arena *a, const struct staffacct_by *by,
                       int64_t account_id, struct account *acc, struct err *e)
{
    int rc = account_by_id(db, a, account_id, acc, e);
    if (rc == 0 && (acc->kind != ACCOUNT_STAFF || acc->school_id != by->school_id ||
                    acc->id == by->account_id))
        rc = err_set(e, ERR_NOTFOUND, "no such account");
    return rc;
}

int staffacct_leads(struct db *db, int64_t school_id, long *n, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT count(*) FROM account a JOIN account_role r"
                        " ON r.account_id = a.id AND r.role = 'lead'"
                        " WHERE a.school_id = ?1 AND a.disabled = 0",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    rc = db_step(st, e);
    *n = rc == DB_ROW ? (long)db_col_int(st, 0) : 0;
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* ERR_CONFLICT when taking the lead role from acc (disabling it, or
 * removing the role) would leave its school with no enabled lead. */
static int keeps_a_lead(struct db *db, const struct account *acc, struct err *e)
{
    if (!(acc->roles & ACCOUNT_LEAD) || acc->disabled)
        return 0;
    long n = 0;
    int rc = staffacct_leads(db, acc->school_id, &n, e);
    if (rc == 0 && n <= 1)
        rc = err_set(e, ERR_CONFLICT,
                     "roles: %s is the school's only lead; make someone else a lead first",
                     acc->name);
    return rc;
}

/* Record a lead request: waiting, or (approved) taking effect at once
 * because a lead asked. Sets *id. */
static int insert_request(struct db *db, struct arena *a, const struct staffacct_by *by,
                          int64_t account_id, const char *email, const char *name,
                          unsigned other_roles, bool approved, int64_t now, int64_t *id,
                          struct err *e)
{
    char at[DATE_TS_LEN];
    date_timestamp_at(now, at);
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "INSERT INTO lead_request (school_id, account_id, email, name, other_roles,"
                        " requested_by, requested_at, decision, decided_by, decided_at)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, by->school_id);
    if (account_id)
        db_bind_int(st, 2, account_id);
    else
        db_bind_null(st, 2);
    db_bind_text(st, 3, email);
    db_bind_text(st, 4, name);
    db_bind_text(st, 5, account_roles_text(a, other_roles));
    db_bind_text(st, 6, by->actor ? by->actor : "unknown");
    db_bind_text(st, 7, at);
    if (approved) {
        db_bind_text(st, 8, "approved");
        db_bind_text(st, 9, by->actor ? by->actor : "unknown");
        db_bind_text(st, 10, at);
    } else {
        db_bind_null(st, 8);
        db_bind_null(st, 9);
        db_bind_null(st, 10);
    }
    rc = db_step(st, e);
    *id = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_finalize(st);
    if (rc == ERR_CONFLICT)
        return err_set(e, ERR_CONFLICT,
                       "email: a lead role for %s is already waiting for a lead's approval", email);
    if (rc < 0)
        return rc;
    if (approved)
        return audit_by(
            db, by, "approve", "lead_request", *id,
            arena_sprintf(a, "lead role for %s, asked for and approved by a lead", email), e);
    return audit_by(
        db, by, "request", "lead_request", *id,
        arena_sprintf(a, "lead role for %s (with %s), waiting for a lead's approval", email,
                      *account_roles_text(a, other_roles) ? account_roles_text(a, other_roles)
                                                          : "no other role"),
        e);
}

/* ERR_CONFLICT when a lead request for email is waiting: the email is
 * spoken for until a lead decides. */
static int email_waiting(struct db *db, const char *email, struct err *e)
{
    struct db_stmt *st;
    int rc =
        db_prepare(db, &st, "SELECT 1 FROM lead_request WHERE email = ?1 AND decision IS NULL", e);
    if (rc)
        return rc;
    db_bind_text(st, 1, email);
    rc = db_step(st, e);
    db_finalize(st);
    if (rc == DB_ROW)
        return err_set(e, ERR_CONFLICT, "email: an account for %s is waiting for a lead's approval",
                       email);
    return rc < 0 ? rc : 0;
}

/* Finish a change begun with db_begin: commit, or roll back on rc. */
static int finish(struct db *db, int rc, struct err *e)
{
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}

int staffacct_add(struct db *db, const struct staffacct_by *by, const struct staffacct_new *n,
                  int64_t now, struct staffacct_result *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct arena a;
    arena_init(&a, 0);
    struct problems pr;
    problems_init(&pr, &a);
    staffacct_validate(n, &pr);
    char email[256];
    account_normalise_email(n->email, email, sizeof email);
    int rc = 0;
    struct account existing;
    if (pr.n)
        rc = err_set(e, ERR_INPUT, "%s: %s", pr.items[0].field, pr.items[0].msg);
    else if ((rc = account_by_email(db, &a, email, &existing, e)) == 0)
        rc =
            err_set(e, ERR_CONFLICT, "email: there is already an account with the email %s", email);
    else if (rc == ERR_NOTFOUND && (rc = email_waiting(db, email, e)) == 0)
        rc = db_begin(db, e);
    if (rc)
        goto out;
    bool lead = n->roles & ACCOUNT_LEAD;
    if (lead && !(by->roles & ACCOUNT_LEAD)) {
        rc = insert_request(db, &a, by, 0, email, n->name, n->roles & ~(unsigned)ACCOUNT_LEAD,
                            false, now, &out->request_id, e);
        out->waiting = rc == 0;
        rc = finish(db, rc, e);
        goto out;
    }
    struct audit_who who = who_of(by);
    struct account_new an = {
        .email = email, .name = n->name, .roles = n->roles, .school_id = by->school_id
    };
    rc = account_add_staff(db, NULL, &who, &an, NULL, &out->account_id, e);
    int64_t req = 0;
    if (rc == 0 && lead)
        rc = insert_request(db, &a, by, out->account_id, email, n->name,
                            n->roles & ~(unsigned)ACCOUNT_LEAD, true, now, &req, e);
    if (rc == 0)
        rc = invite_create_staff(db, &who, by->roles, out->account_id, now, out->code, out->expires,
                                 e);
    rc = finish(db, rc, e);
out:
    if (rc)
        out->code[0] = '\0';
    arena_release(&a);
    return rc;
}

/* Set roles now; a gained lead or admin role ends the account's sessions
 * (the next sign-in sets up two-step sign-in). Inside a transaction. */
static int apply_roles(struct db *db, const struct staffacct_by *by, const struct account *acc,
                       unsigned roles, struct err *e)
{
    struct audit_who who = who_of(by);
    int rc = account_set_roles(db, &who, acc->id, roles, e);
    if (rc == 0 && (roles & ~acc->roles & (ACCOUNT_LEAD | ACCOUNT_ADMIN)))
        rc = session_revoke_all(db, acc->id, 0, e);
    return rc;
}

int staffacct_set_roles(struct db *db, const struct staffacct_by *by, int64_t account_id,
                        unsigned roles, int64_t now, struct staffacct_result *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    out->account_id = account_id;
    if (!roles || (roles & ~(unsigned)ACCOUNT_ROLES_ALL))
        return err_set(e, ERR_INPUT, "roles: choose at least one thing they can do");
    struct arena a;
    arena_init(&a, 0);
    struct account acc;
    int rc = load_target(db, &a, by, account_id, &acc, e);
    if (rc || roles == acc.roles)
        goto out;
    bool had = acc.roles & ACCOUNT_LEAD, wants = roles & ACCOUNT_LEAD;
    if (had && !wants && (rc = keeps_a_lead(db, &acc, e)))
        goto out;
    struct lead_request waiting;
    if ((rc = staffacct_waiting_for(db, &a, acc.id, &waiting, e)))
        goto out;
    if (waiting.id) {
        rc = err_set(e, ERR_CONFLICT,
                     "roles: a change to %s's roles is waiting for a lead's approval; a lead "
                     "approves or refuses it first",
                     acc.name);
        goto out;
    }
    if ((rc = db_begin(db, e)))
        goto out;
    int64_t req = 0;
    if (wants && !had && !(by->roles & ACCOUNT_LEAD)) {
        rc = insert_request(db, &a, by, acc.id, acc.email, acc.name,
                            roles & ~(unsigned)ACCOUNT_LEAD, false, now, &out->request_id, e);
        out->waiting = rc == 0;
    } else {
        rc = apply_roles(db, by, &acc, roles, e);
        if (rc == 0 && wants && !had)
            rc = insert_request(db, &a, by, acc.id, acc.email, acc.name,
                                roles & ~(unsigned)ACCOUNT_LEAD, true, now, &req, e);
    }
    rc = finish(db, rc, e);
out:
    arena_release(&a);
    return rc;
}

int staffacct_set_disabled(struct db *db, const struct staffacct_by *by, int64_t account_id,
                           bool disabled, struct err *e)
{
    struct arena a;
    arena_init(&a, 0);
    struct account acc;
    int rc = load_target(db, &a, by, account_id, &acc, e);
    if (rc == 0 && disabled)
        rc = keeps_a_lead(db, &acc, e);
    struct audit_who who = who_of(by);
    if (rc == 0)
        rc = account_set_disabled(db, &who, account_id, disabled, e);
    arena_release(&a);
    return rc;
}

int staffacct_invite(struct db *db, const struct staffacct_by *by, int64_t account_id, int64_t now,
                     struct staffacct_result *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    out->account_id = account_id;
    struct arena a;
    arena_init(&a, 0);
    struct account acc;
    int rc = load_target(db, &a, by, account_id, &acc, e);
    struct audit_who who = who_of(by);
    if (rc == 0)
        rc = invite_create_staff(db, &who, by->roles, account_id, now, out->code, out->expires, e);
    arena_release(&a);
    return rc;
}

#define REQUEST_COLS                                                                           \
    "r.id, coalesce(r.account_id, 0), r.email, r.name, r.other_roles, r.requested_by,"         \
    " r.requested_at, CASE WHEN a.password_hash IS NULL THEN 0 ELSE 1 END FROM lead_request r" \
    " LEFT JOIN account a ON a.id = r.account_id"

static void read_request(struct db_stmt *st, struct arena *a, struct lead_request *r)
{
    memset(r, 0, sizeof *r);
    r->id = db_col_int(st, 0);
    r->account_id = db_col_int(st, 1);
    r->email = arena_strdup(a, db_col_text(st, 2));
    r->name = arena_strdup(a, db_col_text(st, 3));
    char why[128];
    const char *roles = db_col_text(st, 4);
    if (roles && *roles && account_parse_roles(roles, &r->other_roles, why, sizeof why) != 0)
        r->other_roles = 0;
    r->requested_by = arena_strdup(a, db_col_text(st, 5));
    r->requested_at = arena_strdup(a, db_col_text(st, 6));
    r->joined = db_col_int(st, 7) != 0;
}

int staffacct_waiting(struct db *db, struct arena *a, int64_t school_id, struct lead_request **out,
                      size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT " REQUEST_COLS " WHERE r.school_id = ?1 AND r.decision IS NULL"
                        " ORDER BY r.requested_at, r.id",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct lead_request *r = arena_push(a, out, n, &cap, sizeof *r);
        if (!r) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        read_request(st, a, r);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int staffacct_waiting_for(struct db *db, struct arena *a, int64_t account_id,
                          struct lead_request *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *st;
    int rc = db_prepare(
        db, &st, "SELECT " REQUEST_COLS " WHERE r.account_id = ?1 AND r.decision IS NULL", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, account_id);
    rc = db_step(st, e);
    if (rc == DB_ROW)
        read_request(st, a, out);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* Approving: make the new account, or give the existing one its roles; a
 * joining code when the account has not joined. Inside a transaction. */
static int approve(struct db *db, struct arena *a, const struct staffacct_by *by,
                   const struct lead_request *r, int64_t now, struct staffacct_result *out,
                   struct err *e)
{
    unsigned roles = r->other_roles | ACCOUNT_LEAD;
    struct audit_who who = who_of(by);
    bool joined = false;
    int rc;
    if (!r->account_id) {
        struct account_new an = {
            .email = r->email, .name = r->name, .roles = roles, .school_id = by->school_id
        };
        rc = account_add_staff(db, NULL, &who, &an, NULL, &out->account_id, e);
    } else {
        struct account acc;
        out->account_id = r->account_id;
        rc = account_by_id(db, a, r->account_id, &acc, e);
        if (rc == 0)
            rc = apply_roles(db, by, &acc, roles, e);
        joined = acc.has_password;
    }
    if (rc == 0 && !joined)
        rc = invite_create_staff(db, &who, by->roles, out->account_id, now, out->code, out->expires,
                                 e);
    return rc;
}

int staffacct_decide(struct db *db, const struct staffacct_by *by, int64_t request_id, bool yes,
                     int64_t now, struct staffacct_result *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    if (!(by->roles & ACCOUNT_LEAD))
        return err_set(e, ERR_DENIED, "only a lead can approve a lead");
    struct arena a;
    arena_init(&a, 0);
    struct db_stmt *st;
    struct lead_request r = { 0 };
    int rc = db_prepare(
        db, &st,
        "SELECT " REQUEST_COLS " WHERE r.id = ?1 AND r.school_id = ?2 AND r.decision IS NULL", e);
    if (rc == 0) {
        db_bind_int(st, 1, request_id);
        db_bind_int(st, 2, by->school_id);
        rc = db_step(st, e);
        if (rc == DB_ROW)
            read_request(st, &a, &r);
        db_finalize(st);
        rc = rc == DB_DONE ? err_set(e, ERR_NOTFOUND, "no such request is waiting")
             : rc < 0      ? rc
                           : 0;
    }
    if (rc == 0 && r.account_id && r.account_id == by->account_id)
        rc = err_set(e, ERR_DENIED, "another lead must approve your own lead role");
    if (rc || (rc = db_begin(db, e)))
        goto out;
    if (yes)
        rc = approve(db, &a, by, &r, now, out, e);
    char at[DATE_TS_LEN];
    date_timestamp_at(now, at);
    if (rc == 0 && (rc = db_prepare(db, &st,
                                    "UPDATE lead_request SET decision = ?2, decided_by = ?3,"
                                    " decided_at = ?4, account_id = ?5"
                                    " WHERE id = ?1 AND decision IS NULL",
                                    e)) == 0) {
        db_bind_int(st, 1, r.id);
        db_bind_text(st, 2, yes ? "approved" : "refused");
        db_bind_text(st, 3, by->actor ? by->actor : "unknown");
        db_bind_text(st, 4, at);
        if (out->account_id)
            db_bind_int(st, 5, out->account_id);
        else
            db_bind_null(st, 5);
        rc = db_step(st, e);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0)
        rc = audit_by(
            db, by, yes ? "approve" : "refuse", "lead_request", r.id,
            arena_sprintf(&a, "lead role for %s %s", r.email, yes ? "approved" : "refused"), e);
    rc = finish(db, rc, e);
out:
    if (rc)
        out->code[0] = '\0';
    arena_release(&a);
    return rc;
}
