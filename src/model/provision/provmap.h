/* provmap.h - the integrated provision map of one school: every provision at
 * its tier, mapped to the school's frameworks, costed, with gaps, overload
 * and unmet need (docs/provision-map.md has the definitions).
 *
 * Definitions, on a day `as_of` (default today):
 *   current provision   start_date <= as_of and (no end_date or end_date >=
 *                       as_of)
 *   current enrolment   in a current provision, consent not declined,
 *                       begun (enrolled_on empty or on or before as_of) and
 *                       not left (left_on empty or after as_of)
 *   pupils at a tier    each pupil on roll is counted once, at the highest
 *                       tier of their current enrolments; a pupil with none
 *                       is at universal (universal provision reaches every
 *                       child). `enrolled` counts pupils with a current
 *                       enrolment in a provision of that tier.
 *   provisions at a tier  current provisions of that tier
 *   evidence-informed   a provision whose evidence rating is strong,
 *                       moderate or promising (limited and not recorded
 *                       are not)
 *   evidence_share      evidence-informed current provisions / current
 *                       provisions (0 when there are none)
 *   pupils_evidence_share  pupils with a current enrolment in an
 *                       evidence-informed provision / pupils with any
 *                       current enrolment (0 when none)
 *   costs               each current provision's projected total
 *                       (provision_costs_compute); per tier the sum, and
 *                       per pupil the tier's cost / pupils enrolled at that
 *                       tier (-1 when none); cost_total the sum of all
 *   overload            a pupil with current enrolments in two or more
 *                       provisions that target the same outcome whose
 *                       dates overlap: one entry per (pupil, outcome), with
 *                       those provisions. An enrolment's dates run from the
 *                       later of enrolled_on and the provision's start to
 *                       the earlier of left_on and the provision's end
 *                       (open when neither is set)
 *   flagged need        a pupil on roll is flagged on an outcome by (a) a
 *                       screening band at level 2 or above (high, very high,
 *                       abnormal, low/very low prosocial) on their latest
 *                       assessment of that instrument and informant, through
 *                       the screening_need view; or (b) a current risk
 *                       factor (ended_on empty) whose type names the outcome
 *   unmet need          an outcome on which at least one pupil is flagged
 *                       and which no current provision targets, with the
 *                       number of flagged pupils
 *   gap                 a component of a chosen framework that no current
 *                       provision is mapped to
 *
 * provmap_compute is pure (everything comes in provmap_input); provmap_load
 * reads a school into an input and provmap_build does both. Everything lives
 * in the arena given.
 */
#ifndef MESO_PROVMAP_H
#define MESO_PROVMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "model/provision/provision.h"

struct arena;
struct audit_entry;
struct db;

/* ---- input (what provmap_load reads; unit tests build it by hand) ------- */

struct provmap_in_provision {
    int64_t id;
    const char *name;
    const char *tier;                  /* universal, selected, indicated */
    const char *evidence_rating;       /* or NULL */
    char start_date[11], end_date[11]; /* end may be "" */
    const char **outcomes;             /* outcome codes */
    size_t n_outcomes;
    const char **components; /* "framework_key/component_key" */
    size_t n_components;
    int64_t cost_projected, cost_to_date; /* pence, from provision_costs_of */
};

struct provmap_in_enrolment {
    int64_t provision_id, pupil_id;
    enum consent consent;
    char enrolled_on[11], left_on[11]; /* left "" while taking part */
};

struct provmap_in_pupil {
    int64_t id;
    const char *name; /* preferred forename and surname */
    char nc_year[4];
    char upn[14]; /* may be "" in hand-built input */
};

struct provmap_in_flag { /* one reason a pupil is flagged on an outcome */
    int64_t pupil_id;
    const char *outcome;
    const char *source; /* "screening" or "factor" */
    const char *detail; /* "SDQ emotional: high" or the factor's label */
};

struct provmap_in_component {
    const char *framework_key, *framework_name;
    const char *key, *name; /* the component */
};

struct provmap_input {
    int64_t school_id;
    const char *school_name;
    char as_of[11];
    const struct provmap_in_pupil *pupils; /* on roll on as_of */
    size_t n_pupils;
    const struct provmap_in_provision *provisions; /* every provision of the school */
    size_t n_provisions;
    const struct provmap_in_enrolment *enrolments;
    size_t n_enrolments;
    const struct provmap_in_flag *flags;
    size_t n_flags;
    const struct provmap_in_component *components; /* of the chosen frameworks, in order */
    size_t n_components;
    const char **outcome_codes, **outcome_labels; /* the shared list, in order */
    size_t n_outcomes;
};

/* ---- output ------------------------------------------------------------- */

struct provmap_provision {
    const struct provmap_in_provision *in;
    bool evidence_informed;
    int pupils; /* current enrolments */
};

struct provmap_tier {
    const char *tier; /* universal, selected, indicated */
    int pupils;       /* counted once, at their highest tier */
    int enrolled;     /* with a current enrolment at this tier */
    int provisions;
    int64_t cost;           /* pence, projected */
    int64_t cost_per_pupil; /* cost / enrolled, -1 when none enrolled */
    size_t *provision_idx;  /* into provmap.provisions */
    size_t n_provision_idx;
};

struct provmap_component {
    const struct provmap_in_component *in;
    size_t *provision_idx; /* current provisions mapped to it; none = a gap */
    size_t n_provision_idx;
};

struct provmap_overload {
    int64_t pupil_id;
    const char *pupil_name;
    const char *pupil_upn; /* "" when not given */
    const char *outcome;
    const char *outcome_label; /* from the outcome list, else the code */
    int64_t *provision_ids;
    const char **provision_names;
    size_t n;
};

struct provmap_unmet {
    const char *outcome, *label;
    int pupils; /* flagged on it */
    int64_t *pupil_ids;
};

struct provmap {
    int64_t school_id;
    const char *school_name;
    char as_of[11];
    int pupils_on_roll;
    struct provmap_tier tiers[TIER_N];
    struct provmap_provision *provisions; /* current ones: tier, then name */
    size_t n_provisions;
    struct provmap_component *components;
    size_t n_components, n_gaps;
    double evidence_share;        /* 0-1 */
    double pupils_evidence_share; /* 0-1 */
    int pupils_reached, pupils_reached_evidence;
    int64_t cost_total;                /* pence, projected */
    struct provmap_overload *overload; /* by pupil name, then outcome */
    size_t n_overload;
    struct provmap_unmet *unmet; /* most pupils first, then outcome list order */
    size_t n_unmet;
    /* External involvements (model/involvement.h), open, and past the local
     * timescale. */
    int involvements_open, involvements_overdue;
};

/* Compute the map from in (pure). 0, or ERR_NOMEM. */
int provmap_compute(const struct provmap_input *in, struct arena *a, struct provmap *out,
                    struct err *e);

/* Read school_id's provisions, enrolments, pupils on roll, flags and chosen
 * frameworks' components on as_of (NULL: today). */
int provmap_load(struct db *db, struct arena *a, int64_t school_id, const char *as_of,
                 struct provmap_input *out, struct err *e);

/* Load and compute, and fill the involvement counts. Audited as one list
 * view of the school's provision (who may be NULL for the command line's
 * own audit). */
int provmap_build(struct db *db, struct arena *a, int64_t school_id, const char *as_of,
                  const struct audit_entry *who, struct provmap *out, struct err *e);

#endif
