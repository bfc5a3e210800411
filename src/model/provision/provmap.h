/* provmap.h - the integrated provision map of one school: every provision at
 * its tier, mapped to the school's frameworks, costed, with gaps, overload
 * and unmet need (docs/provision-map.md has the definitions; each figure is
 * computed here once, and the pages, the PDF, the PNG, the JSON and the
 * command line only print it).
 *
 * Definitions, on a day `as_of` (default today):
 *   on roll             pupil_roll() (model/register/pupil.h): admitted on
 *                       or before as_of and not left by it
 *   current provision   start_date <= as_of and (no end_date or end_date >=
 *                       as_of); or, for a programme with follow-on
 *                       meetings (FAST's FASTworks), after its end_date and
 *                       up to followon_until: it is then "in its follow-on"
 *   taking part         a current enrolment: in a current provision,
 *                       consent not declined, begun (enrolled_on empty or on
 *                       or before as_of), not left (left_on empty or after
 *                       as_of), and, in a follow-on, completed (graduated)
 *   whole-school        a current universal provision with no enrolment
 *                       recorded at all: offered to every child, so it
 *                       reaches every pupil on roll
 *   pupils reached      by a provision: whole-school, every pupil on roll;
 *                       else the pupils on roll taking part in it. At a
 *                       tier: the pupils on roll reached by any current
 *                       provision of that tier (a pupil can be reached at
 *                       several tiers). pupils_reached: by any provision
 *   provisions at a tier  current provisions of that tier
 *   evidence-informed   a provision whose evidence rating is strong,
 *                       moderate or promising (limited and not recorded
 *                       are not)
 *   evidence_share      evidence-informed current provisions / current
 *                       provisions (0 when there are none)
 *   pupils_evidence_share  pupils reached by an evidence-informed provision
 *                       / pupils reached by any (0 when none)
 *   costs               each current provision's projected total
 *                       (provision_costs_compute), 0 in its follow-on (its
 *                       sessions are costed while they run); per tier the
 *                       sum, and per pupil provision_per_pupil(the tier's
 *                       cost, the pupils reached at the tier), -1 when none;
 *                       cost_total the sum of all
 *   overload (a pupil)  a pupil taking part in two or more provisions that
 *                       target the same outcome whose dates overlap: one
 *                       entry per (pupil, outcome), with those provisions.
 *                       An enrolment's dates run from the later of
 *                       enrolled_on and the provision's start to the
 *                       earlier of left_on and the provision's end (the
 *                       follow-on's end in a follow-on; open when neither
 *                       is set)
 *   several (the school)  for each outcome and tier, the separate current
 *                       provisions that target it (the cohorts of one
 *                       programme count once); PROVMAP_SEVERAL or more is
 *                       "several programmes for the same need at the same
 *                       tier", worth checking that they fit together
 *   flagged need        a pupil on roll is flagged on an outcome by (a) a
 *                       screening band at level 2 or above (high, very high,
 *                       abnormal, low/very low prosocial) on their latest
 *                       assessment of that instrument and informant, through
 *                       the screening_need view; or (b) a current risk
 *                       factor (ended_on empty) whose type names the outcome
 *   unmet need          per child: a pupil flagged on an outcome who takes
 *                       part in no current provision that targets it.
 *                       Whole-school provision alone does not meet a flag:
 *                       every child has it, and a flag says a child may need
 *                       more. Per outcome: those pupils, listed, and
 *                       whether any current provision targets it at all
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
    const char *programme;                /* a cohort's template key, or NULL: a programme's
                                             cohorts count once in "several" */
    char followon_until[11];              /* last day of its follow-on meetings, or "" */
    int followon_every;                   /* months between follow-on meetings */
    const char *followon_name;            /* "FASTworks" for FAST, else "follow-on meetings" */
};

struct provmap_in_enrolment {
    int64_t provision_id, pupil_id;
    enum consent consent;
    char enrolled_on[11], left_on[11]; /* left "" while taking part */
    bool completed;                    /* attended enough to complete (graduate); read for
                                          provisions with follow-on meetings */
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
    bool whole_school; /* reaches every pupil on roll */
    bool followon;     /* in its follow-on meetings: reaches those who completed */
    int pupils;        /* pupils reached */
    int64_t cost;      /* pence counted on the map: projected, 0 in a follow-on */
};

struct provmap_tier {
    const char *tier;       /* universal, selected, indicated */
    int pupils;             /* pupils reached at this tier */
    int provisions;         /* current provisions */
    int64_t cost;           /* pence, projected */
    int64_t cost_per_pupil; /* provision_per_pupil(cost, pupils): -1 when none */
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

/* A pupil with a need no provision they take part in targets. */
struct provmap_need_pupil {
    int64_t id;
    const char *name, *upn; /* upn "" when not given */
    const char *reasons;    /* the flags' details, "; " between them */
};

struct provmap_unmet {
    const char *outcome, *label;
    int flagged;                     /* pupils flagged on it */
    int pupils;                      /* of them, taking part in nothing that targets it */
    bool targeted;                   /* some current provision targets it */
    struct provmap_need_pupil *list; /* those pupils, by name */
};

/* The school's provisions for one outcome, tier by tier. */
#define PROVMAP_SEVERAL 2
struct provmap_outcome_row {
    const char *outcome, *label;
    int provisions[TIER_N];        /* separate provisions (a programme counts once) */
    size_t *provision_idx[TIER_N]; /* every current provision targeting it */
    size_t n_provision_idx[TIER_N];
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
    /* Outcomes some current provision targets, in the outcome list's order,
     * and how many (outcome, tier) cells have PROVMAP_SEVERAL or more. */
    struct provmap_outcome_row *by_outcome;
    size_t n_by_outcome, n_several;
    struct provmap_unmet *unmet; /* most pupils first, then outcome list order */
    size_t n_unmet;
    int children_flagged, children_unmet; /* each child counted once */
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
