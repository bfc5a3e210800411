/* school.h - schools. One database may hold several; most hold one. */
#ifndef MESO_SCHOOL_H
#define MESO_SCHOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;
struct db;
struct problems;

struct school {
    int64_t id;
    const char *urn; /* 6 digits, or P-n for a placeholder */
    const char *name;
    const char *la_code; /* 3 digits, or NULL */
    const char *phase;   /* see school_phases, or NULL */
    bool placeholder;
    bool la_share; /* the lead agreed to share the school's figures with its LA */
};

/* The phases a school may have, NULL-terminated. */
extern const char *const school_phases[];

/* Check the fields of s (URN, name, LA code, phase); problems are recorded by
 * field name ("urn", "name", "la", "phase"). */
void school_validate(const struct school *s, struct problems *pr);

/* Add a school; sets s->id. ERR_CONFLICT when the URN is taken. */
int school_add(struct db *db, struct school *s, struct err *e);

/* When the database's only school is a placeholder (made by an import before
 * any school was named), give it s's details instead of adding a second
 * school. Sets *claimed and s->id when it did. */
int school_claim_placeholder(struct db *db, struct school *s, bool *claimed, struct err *e);
/* Give the placeholder school s's details when there is one (*claimed),
 * else add s: one transaction. */
int school_create(struct db *db, struct school *s, bool *claimed, struct err *e);

/* Change a school's URN, name, LA code and phase (s->id says which; after
 * school_validate found nothing), and write the audit trail as who, in one
 * transaction. A placeholder given a URN stops being one. ERR_CONFLICT when
 * another school has the URN, ERR_NOTFOUND when there is no such school. */
struct audit_who;
int school_update(struct db *db, const struct audit_who *who, const struct school *s,
                  struct err *e);

/* Turn sharing the school's figures with its local authority on or off
 * (a lead's choice; pages/register/schoolpage), with its audit row, in one
 * transaction. ERR_NOTFOUND when there is no such school. */
int school_set_la_share(struct db *db, const struct audit_who *who, int64_t school_id, bool share,
                        struct err *e);

/* All schools, ordered by name. Strings live in the arena. */
int school_list(struct db *db, struct arena *a, struct school **out, size_t *n, struct err *e);

/* Find by URN; ERR_NOTFOUND when there is none. */
int school_by_urn(struct db *db, struct arena *a, const char *urn, struct school *out,
                  struct err *e);
int school_by_id(struct db *db, struct arena *a, int64_t id, struct school *out, struct err *e);

/* Decide which school a command acts on. With urn, that school. Without: the
 * only school, if there is exactly one; with several, ERR_USAGE asking for
 * --school; with none, ERR_NOTFOUND unless create_placeholder, in which case
 * a placeholder school is made and *created set. */
int school_resolve(struct db *db, struct arena *a, const char *urn, bool create_placeholder,
                   struct school *out, bool *created, struct err *e);

#endif
