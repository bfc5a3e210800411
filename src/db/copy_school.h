/* copy_school.h - which rows of a database belong to one school, for
 * `meso db copy --school URN` (db_copy; src/db only).
 *
 * Tables are taken in the catalogue's foreign-key order. A table is the
 * school's business when it has a school_id or pupil_id column, or a
 * foreign key to a table that is (the audit trail has school_id and pupil_id
 * columns without declaring keys: they count). Of the table "school" only
 * the school with that URN is kept. Of every other such table a row is kept
 * when each of its references to such tables (foreign keys, school_id,
 * pupil_id) that is not NULL names a kept row; a row that names none is
 * kept only in a table migrations seed (the built-in frameworks and
 * programme templates), so an administrator's account or an audit entry
 * about no school stays behind. Tables that are no school's business
 * (codes and labels) are copied whole, except the sign-in throttle
 * (login_attempt), which belongs to the running service. References are to
 * the referenced table's integer id. */
#ifndef MESO_DB_COPY_SCHOOL_H
#define MESO_DB_COPY_SCHOOL_H

#include <stdbool.h>

#include "core/err.h"
#include "db/catalog.h"

struct db_stmt;
struct school_filter;

/* Plan the filter over c's tables (in c's order); seeded[i] says whether
 * migrations put rows in table i. On success free *out with
 * school_filter_free(). */
int school_filter_new(struct school_filter **out, const struct catalog *c, const bool *seeded,
                      const char *urn, struct err *e);
void school_filter_free(struct school_filter *f);

/* Whether the current row of st (the columns of table i, in order) is kept;
 * a kept row's id is remembered for the tables after. ERR_NOMEM when it
 * cannot be remembered. */
int school_filter_keep(struct school_filter *f, int i, struct db_stmt *st, bool *keep);

/* After the copy: ERR_USAGE when no school has the URN. */
int school_filter_found(const struct school_filter *f, struct err *e);

#endif
