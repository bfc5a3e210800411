/* staff.h - the people who work with children and families at a school:
 * key teachers, SENCOs and wellbeing leads, mentors and family workers,
 * programme facilitators, and administrators. */
#ifndef MESO_STAFF_H
#define MESO_STAFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;
struct db;
struct problems;

struct staff {
    int64_t id;
    int64_t school_id;
    const char *name;
    const char *email;
    const char *role; /* admin, lead, teacher, practitioner */
    bool active;
};

extern const char *const staff_roles[];

/* Problems by field: "name", "email", "role". */
void staff_validate(const struct staff *s, struct problems *pr);
/* Add a member of staff; ERR_CONFLICT when the email is taken. Sets s->id. */
int staff_add(struct db *db, struct staff *s, struct err *e);
int staff_list(struct db *db, struct arena *a, int64_t school_id, struct staff **out, size_t *n,
               struct err *e);
int staff_by_email(struct db *db, struct arena *a, const char *email, struct staff *out,
                   struct err *e);
/* The name of member of staff id at school_id, in a; *out is NULL when the
 * school has no such member of staff (not an error). */
int staff_name(struct db *db, struct arena *a, int64_t school_id, int64_t id, const char **out,
               struct err *e);

#endif
