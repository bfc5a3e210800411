/* factor.h - risk and protective factors per child: typed, dated, and with
 * their source (individual, family, school or community), after the
 * determinants in the integrated model of provision. */
#ifndef MESO_FACTOR_H
#define MESO_FACTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;
struct db;
struct problems;

struct factor_type {
    const char *code;
    const char *kind;   /* risk or protective */
    const char *source; /* the usual source */
    const char *label;
    const char *outcome; /* the outcome it bears on, or NULL */
};

struct factor {
    int64_t id;
    int64_t pupil_id;
    const char *type;   /* factor_type code */
    const char *kind;   /* from the type */
    const char *label;  /* from the type */
    const char *source; /* individual, family, school, community */
    char identified_on[11];
    char ended_on[11]; /* "" while current */
    const char *note;
    const char *recorded_by;
};

extern const char *const factor_sources[];

int factor_types(struct db *db, struct arena *a, struct factor_type **out, size_t *n,
                 struct err *e);
/* Check the factor against the known types; fills a missing source from the
 * type. Problems by field: "type", "source", "identified_on", "ended_on". */
int factor_validate(struct db *db, struct arena *a, struct factor *f, struct problems *pr,
                    struct err *e);
int factor_add(struct db *db, struct factor *f, struct err *e);
/* factor_add and its audit row ("create" of the factor, detail: its type)
 * in one transaction; school_id is the pupil's school. */
struct audit_entry;
int factor_record(struct db *db, struct factor *f, int64_t school_id, const struct audit_entry *who,
                  struct err *e);
int factor_list(struct db *db, struct arena *a, int64_t pupil_id, struct factor **out, size_t *n,
                struct err *e);

#endif
