/* pupilprov.h - each pupil's provision: every provision the child has had,
 * with its dates, tier and attendance or dosage, and their reviews; and the
 * involvement of services outside the school. It is the record a school
 * prints for a transfer to another school or for an EHC needs assessment
 * request: reviewed provision over time (docs/provision-map.md).
 *
 * Dosage: for a programme cohort (run from a template), the weekly sessions
 * attended by the template's rule out of those held, the hours, and the
 * status (completed, on track, not completing) from model/programme.h. For
 * other provision, the sessions planned and their length, as recorded on
 * the provision (attendance is not kept for it).
 */
#ifndef MESO_PUPILPROV_H
#define MESO_PUPILPROV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "model/provision/involvement.h"
#include "model/provision/provision.h"
#include "model/provision/review.h"

struct arena;
struct audit_entry;
struct db;

struct pupilprov_item {
    const struct provision *provision; /* name, tier, dates, evidence, outcomes, template_key */
    const struct enrolment *enrolment; /* enrolled_on, left_on, consent */
    const char **components;           /* "framework/component" */
    size_t n_components;
    bool current; /* the enrolment is current on as_of (provmap.h's definition) */
    /* Dosage (programme cohorts): */
    bool has_dosage;
    int attended, held, planned; /* weekly sessions */
    double hours;
    const char *dosage_status; /* completed, on_track, not_completing; or NULL */
    const char *complete_word; /* "graduated", "completed"; or NULL */
    /* Other provision: */
    int sessions, session_minutes; /* as planned on the provision */
    struct review *reviews;        /* oldest first */
    size_t n_reviews;
};

struct pupilprov {
    int64_t pupil_id, school_id;
    const char *pupil_name; /* preferred forename and surname */
    const char *legal_name; /* legal forename and surname */
    char upn[14], dob[11], nc_year[4];
    const char *school_name;
    char as_of[11];
    struct pupilprov_item *items; /* by enrolment date, oldest first */
    size_t n_items;
    struct involvement *involvements; /* open first, then newest referral */
    size_t n_involvements;
};

/* Everything above for pupil_id at school_id (0: any), on as_of (NULL:
 * today). ERR_NOTFOUND when there is no such pupil. Audited as one list view
 * of the pupil's provision (provision_for_pupil's row). */
int pupilprov_build(struct db *db, struct arena *a, int64_t pupil_id, int64_t school_id,
                    const char *as_of, const struct audit_entry *who, struct pupilprov *out,
                    struct err *e);

#endif
