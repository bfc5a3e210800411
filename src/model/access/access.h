/* access.h - who may see which child's and family's record: the one place
 * that decides. Every page, API call and list asks here; nothing else
 * decides visibility.
 *
 * A principal is whoever is acting: a signed-in staff member or parent
 * (access_principal_for_account), or a program with an API token
 * (access_principal_for_token). The rules, all within the principal's own
 * school (another school's records are never visible):
 *
 *   lead          every pupil and carer at the school
 *   teacher       the pupils they are key teacher for, and those pupils' carers
 *   practitioner  the pupils whose families they are assigned to
 *                 (family_worker), and those pupils' carers
 *   parent        the pupils linked to their own carer record; of carers,
 *                 only themselves
 *   admin         no pupil or carer (accounts and settings only), unless the
 *                 account also holds another role
 *   API token     every pupil and carer at its school (read or write scope)
 *   la            no pupil or carer: only counts, suppressed, from the schools
 *                 of its LA that agreed to share them (model/la/lafigures.h)
 *
 * Roles add up: a teacher who is also a practitioner sees both sets.
 *
 * Not visible and not existing are the same answer (ERR_NOTFOUND with the
 * same message), so a caller that returns 404 for both reveals nothing.
 */
#ifndef MESO_ACCESS_H
#define MESO_ACCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

struct api_token;
struct arena;
struct db;
struct pupil_filter;

enum principal_kind {
    PRINCIPAL_NOBODY = 0, /* not signed in: sees nothing */
    PRINCIPAL_STAFF,
    PRINCIPAL_PARENT,
    PRINCIPAL_TOKEN,
    PRINCIPAL_LA, /* a local authority's officer: no school, no child (model/la/) */
};

struct principal {
    enum principal_kind kind;
    int64_t account_id;  /* accounts; 0 for a token */
    int64_t token_id;    /* tokens; 0 for an account */
    unsigned roles;      /* ACCOUNT_* bits (model/account.h); 0 for parents and tokens */
    int64_t school_id;   /* 0 for an LA officer */
    const char *la_code; /* an LA officer's authority; else NULL */
    int64_t staff_id;    /* staff; else 0 */
    int64_t carer_id;    /* parents; else 0 */
    bool can_write;      /* false only for a read-scope token */
    const char *name;    /* for page headers: the account's display name, or the token's name */
    const char *actor;   /* for the audit trail: "user:EMAIL" or "token:NAME" */
};

/* The principal for a signed-in account (strings in a). ERR_DENIED when the
 * account is disabled, ERR_NOTFOUND when there is none. */
int access_principal_for_account(struct db *db, struct arena *a, int64_t account_id,
                                 struct principal *out, struct err *e);

/* The principal for a verified API token (strings in a; see
 * api_token_verify). Returns 0, or ERR_NOMEM. */
int access_principal_for_token(struct arena *a, const struct api_token *t, struct principal *out,
                               struct err *e);

/* True when the principal holds role (an ACCOUNT_* bit). */
bool access_has_role(const struct principal *p, unsigned role);

/* May the principal see pupil_id? 0 when visible; ERR_NOTFOUND ("no such
 * pupil") when not visible or not there; another negative code only for a
 * storage error. */
int access_pupil_visible(struct db *db, const struct principal *p, int64_t pupil_id, struct err *e);

/* May the principal see carer_id? As access_pupil_visible ("no such parent
 * or carer"). */
int access_carer_visible(struct db *db, const struct principal *p, int64_t carer_id, struct err *e);

/* May the principal see a provision (a programme cohort) with the children
 * enrolled in it? Within the school: those who see the whole school (leads,
 * API tokens), and the members of staff on its team (a facilitator sees the
 * families of the programme they run, even those who are not otherwise
 * theirs). As access_pupil_visible ("no such programme"). Parents see only
 * their own children's stories, through access_pupil_visible. */
int access_provision_visible(struct db *db, const struct principal *p, int64_t provision_id,
                             struct err *e);

/* May an LA officer see a school's figures? Only an LA principal, only a
 * school of its own LA (school_la_code), and only when the school's lead
 * has agreed to share them (shared: school.la_share). Nothing else decides
 * what the LA view shows. */
bool access_la_sees_school(const struct principal *p, const char *school_la_code, bool shared);

/* Scope a pupil list to what the principal may see: sets f->school_id and
 * f->scope (other fields are left as they are). A principal who may see no
 * pupil gets a scope that matches none. */
void access_pupil_filter(const struct principal *p, struct pupil_filter *f);

#endif
