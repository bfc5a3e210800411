/* account.h - sign-in accounts for staff and parents.
 *
 * A staff account belongs to one member of staff (the register's `staff`
 * row, made or linked when the account is added, with the same email, name
 * and - as its one "main" role - the most telling of the account's roles).
 * A staff account holds one or more roles: admin (manages accounts and
 * settings; sees no child's record unless also lead), lead (the SENCO or
 * wellbeing lead: every child at the school), teacher (the children they are
 * key teacher for), practitioner (the children whose families they are
 * assigned to). What each role may see is decided in model/access.h only.
 *
 * A parent account belongs to one carer and is made by redeeming an
 * invitation (model/invite.h); it has no roles.
 *
 * Passwords are hashed with argon2id through the gate in model/password.h,
 * always before a transaction opens (a hash takes tens of milliseconds and
 * must not hold the write lock). Changing a password or disabling an
 * account ends all of its sessions. Account changes are written to the
 * audit trail (entity "account"); no secret ever is.
 */
#ifndef MESO_ACCOUNT_H
#define MESO_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;
struct audit_who;
struct db;
struct password_gate;

enum account_role {
    ACCOUNT_ADMIN = 1 << 0,
    ACCOUNT_LEAD = 1 << 1,
    ACCOUNT_TEACHER = 1 << 2,
    ACCOUNT_PRACTITIONER = 1 << 3,
    ACCOUNT_ROLES_ALL = (1 << 4) - 1,
};

/* An LA account belongs to a local authority (la_code), not a school: it
 * sees the figures its LA's schools agreed to share, and no child. */
enum account_kind { ACCOUNT_STAFF = 1, ACCOUNT_PARENT = 2, ACCOUNT_LA = 3 };

struct account {
    int64_t id;
    const char *email; /* lower case */
    const char *name;  /* display name */
    enum account_kind kind;
    unsigned roles;      /* ACCOUNT_* bits; 0 for parents */
    int64_t school_id;   /* 0 for an LA account */
    const char *la_code; /* LA accounts: the authority's three digits; else NULL */
    int64_t staff_id;    /* staff accounts; else 0 */
    int64_t carer_id;    /* parent accounts; else 0 */
    bool has_password;
    bool totp_enabled;
    bool totp_exempt; /* demo accounts only: see account_requires_totp */
    bool disabled;
    const char *created_at;
    const char *password_changed_at; /* NULL when no password is set */
};

/* The name of one role bit ("admin"), or NULL. */
const char *account_role_name(unsigned role);
/* Parse "admin,lead" (commas or spaces; any case) into role bits. Returns 0,
 * or ERR_INPUT with a reason in why (an unknown role, or none). */
int account_parse_roles(const char *s, unsigned *out, char *why, size_t cap);
/* "admin,lead" (in the order of enum account_role), or "" for none. */
const char *account_roles_text(struct arena *a, unsigned roles);
/* The role kept in the register's staff.role for these roles: lead, then
 * teacher, then practitioner, then admin. */
const char *account_main_role(unsigned roles);

/* Write email trimmed and in lower case into out (truncated to cap). */
void account_normalise_email(const char *email, char *out, size_t cap);
/* A plausible email address: one @, something before it, a dot after it, no
 * spaces, at most 254 characters. */
bool account_email_valid(const char *email);

/* Admin and lead accounts must use a second factor (TOTP) unless exempt;
 * others may choose to. The web layer makes an account that requires it but
 * has not enrolled do so at its next sign-in. */
bool account_requires_totp(const struct account *acc);

struct account_new {
    const char *email;
    const char *name; /* NULL: the staff record's name, else one made from the email */
    unsigned roles;   /* at least one */
    int64_t school_id;
    /* An argon2id hash made already (password_hash(), outside any
     * transaction), used instead of a password when set. */
    const char *password_hash;
};

/* Add a staff account (`meso user add`). Makes the member of staff, or links
 * the existing one with this email (which must be at the same school; its
 * role, and its name when n->name is given, are brought in line). With
 * password non-NULL it is checked (password_check) and hashed; with NULL the
 * account has no password until account_set_password (and g may be NULL).
 * Sets *id.
 * Errors: ERR_INPUT (a field, named in the message: "email: ...",
 * "password: ..."), ERR_CONFLICT (an account with this email exists, or the
 * staff member is at another school), ERR_LIMIT (the gate is full). */
int account_add_staff(struct db *db, struct password_gate *g, const struct audit_who *who,
                      const struct account_new *n, const char *password, int64_t *id,
                      struct err *e);

/* Add a parent account for carer_id with an argon2id hash already made (for
 * model/invite.c, inside its transaction). ERR_CONFLICT when the email or
 * the carer already has an account. Sets *id. */
int account_add_parent(struct db *db, const char *email, const char *name, int64_t school_id,
                       int64_t carer_id, const char *password_hash, int64_t *id, struct err *e);

/* Add an LA account (`meso user add --role la --la CODE`) for the local
 * authority la_code (three digits), with its password checked and hashed
 * as account_add_staff does (NULL: none yet). Audited. ERR_INPUT (a field
 * named in the message), ERR_CONFLICT (the email is taken). */
int account_add_la(struct db *db, struct password_gate *g, const struct audit_who *who,
                   const char *email, const char *name, const char *la_code, const char *password,
                   int64_t *id, struct err *e);

/* Replace a staff account's roles (at least one); staff.role follows. */
int account_set_roles(struct db *db, const struct audit_who *who, int64_t id, unsigned roles,
                      struct err *e);

/* Check, hash and store a new password, and end every session of the
 * account. ERR_INPUT ("password: reason"), ERR_NOTFOUND, ERR_LIMIT. */
int account_set_password(struct db *db, struct password_gate *g, const struct audit_who *who,
                         int64_t id, const char *password, struct err *e);

/* The password step of signing in. Returns 0 and fills *out (strings in a)
 * when email names an enabled account whose password is pw; otherwise
 * ERR_DENIED with one message for every reason (no such account, disabled,
 * no password yet, wrong password), after the same argon2id work, so
 * neither the answer nor its timing tells whether the account exists.
 * ERR_LIMIT when the gate is full. A hash made with older limits is
 * replaced. The caller counts the attempt with throttle_begin() first. */
int account_verify_password(struct db *db, struct password_gate *g, struct arena *a,
                            const char *email, const char *pw, struct account *out, struct err *e);

/* Stop (disabled true) or allow again an account's sign-in. Disabling ends
 * its sessions. ERR_NOTFOUND when there is no such account. */
int account_set_disabled(struct db *db, const struct audit_who *who, int64_t id, bool disabled,
                         struct err *e);

/* Demo only: excuse an admin or lead account from enrolling in TOTP.
 * `meso demo` is the only caller; nothing in the web interface sets it. */
int account_set_totp_exempt(struct db *db, int64_t id, bool exempt, struct err *e);

/* Lookups; ERR_NOTFOUND when there is none. Strings live in a. */
int account_by_email(struct db *db, struct arena *a, const char *email, struct account *out,
                     struct err *e);
int account_by_id(struct db *db, struct arena *a, int64_t id, struct account *out, struct err *e);
/* The account of a member of staff (ERR_NOTFOUND when they have none). */
int account_by_staff(struct db *db, struct arena *a, int64_t staff_id, struct account *out,
                     struct err *e);

/* Accounts at school_id (0 = every school), staff first, then by email. */
int account_list(struct db *db, struct arena *a, int64_t school_id, struct account **out, size_t *n,
                 struct err *e);

#endif
