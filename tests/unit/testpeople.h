/* testpeople.h - making schools, staff accounts, pupils and carers for the
 * unit tests of accounts, sessions and access. Header-only, like testutil.h.
 * Accounts are made without passwords (no argon2id work) unless a test
 * needs one. */
#ifndef MESO_TESTPEOPLE_H
#define MESO_TESTPEOPLE_H

#include "testutil.h"

#include "core/arena.h"
#include "model/access/account.h"
#include "model/register/audit.h"
#include "model/register/carer.h"
#include "model/access/password.h"
#include "model/register/pupil.h"
#include "model/register/school.h"
#include "model/register/upn.h"

/* 2026-01-01T00:00:00Z: a fixed "now" for tests that pass the time in. */
#define TEST_NOW ((int64_t)1767225600)

static const struct audit_who test_who = { "test", NULL };

static inline int64_t tp_school(struct db *db, const char *urn)
{
    struct school s = { .urn = urn, .name = "Test School" };
    struct err e;
    err_clear(&e);
    if (school_add(db, &s, &e) != 0)
        fail_msg("school_add: %s", e.msg);
    return s.id;
}

/* A staff account (no password) with roles; returns the account id and
 * sets *staff_id (may be NULL). */
static inline int64_t tp_staff(struct db *db, int64_t school, const char *email, unsigned roles,
                               int64_t *staff_id)
{
    struct account_new n = { .email = email, .roles = roles, .school_id = school };
    struct err e;
    err_clear(&e);
    int64_t id = 0;
    if (account_add_staff(db, NULL, &test_who, &n, NULL, &id, &e) != 0)
        fail_msg("account_add_staff %s: %s", email, e.msg);
    if (staff_id) {
        struct arena a;
        arena_init(&a, 0);
        struct account acc;
        if (account_by_id(db, &a, id, &acc, &e) != 0)
            fail_msg("account_by_id: %s", e.msg);
        *staff_id = acc.staff_id;
        arena_release(&a);
    }
    return id;
}

/* A pupil at school with a valid UPN made from serial. */
static inline int64_t tp_pupil(struct db *db, int64_t school, int serial, const char *surname)
{
    struct pupil p;
    memset(&p, 0, sizeof p);
    if (upn_make(p.upn, 999, 2001, 20, serial) != 0)
        fail_msg("upn_make %d", serial);
    p.legal_surname = surname;
    p.legal_forename = "Sam";
    memcpy(p.dob, "2018-03-04", 11);
    memcpy(p.sex, "F", 2);
    memcpy(p.nc_year, "2", 2);
    memcpy(p.sen, "N", 2);
    p.eal = -1;
    struct err e;
    err_clear(&e);
    enum pupil_save_result res;
    if (pupil_save(db, school, &p, PF_ALL, "test", &res, &e) != 0)
        fail_msg("pupil_save: %s", e.msg);
    return p.id;
}

static inline int64_t tp_carer(struct db *db, int64_t school, const char *surname,
                               const char *email)
{
    struct arena a;
    arena_init(&a, 0);
    struct carer c = { .forename = "Alex", .surname = surname, .email = email, .title = "Ms" };
    struct err e;
    err_clear(&e);
    enum carer_save_result res;
    if (carer_save(db, school, &c, carer_match_key(&a, &c, surname), &res, &e) != 0)
        fail_msg("carer_save: %s", e.msg);
    arena_release(&a);
    return c.id;
}

static inline void tp_link(struct db *db, int64_t pupil, int64_t carer)
{
    struct carer_link l = { .pupil_id = pupil,
                            .carer_id = carer,
                            .relationship = "mother",
                            .parental_responsibility = true,
                            .lives_with = true,
                            .contact_priority = 1 };
    struct err e;
    err_clear(&e);
    enum carer_save_result res;
    if (carer_link(db, &l, &res, &e) != 0)
        fail_msg("carer_link: %s", e.msg);
}

/* A parent account for carer (its password hash is the dummy one, which no
 * password matches). */
static inline int64_t tp_parent(struct db *db, int64_t school, int64_t carer, const char *email)
{
    struct err e;
    err_clear(&e);
    int64_t id = 0;
    if (account_add_parent(db, email, "A Parent", school, carer, password_dummy_hash, &id, &e) != 0)
        fail_msg("account_add_parent: %s", e.msg);
    return id;
}

#endif
