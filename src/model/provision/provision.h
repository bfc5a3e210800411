/* provision.h - the record of every provision a school runs (an
 * intervention, programme or strategy): the record programmes need, and the
 * one the provision map reads.
 *
 * A provision has:
 *   - a tier: universal (every child), selected (groups at raised risk) or
 *     indicated (individuals with emerging or identified difficulties);
 *   - the needs and outcomes it targets, codes from the shared `outcome`
 *     list (emotional, conduct, reading, family_relationships, ...);
 *   - its evidence: a rating (strong, moderate, promising, limited, or not
 *     recorded) and a reference;
 *   - staff (the team, with roles), the number of sessions and their length;
 *   - costs: staff hours per session x an hourly rate, plus other costs,
 *     one-off or per session (provision_costs_compute gives the totals and
 *     the cost per pupil, to date and projected);
 *   - start, end and review dates;
 *   - the pupils (or families, through the pupil and the parent taking part)
 *     enrolled, each with a consent status: not requested, awaiting, given
 *     or declined.
 * A provision run from a programme template (template_id set) is a
 * programme cohort; model/programme.h runs it.
 *
 * Every function that reads or changes a child's record appends to the
 * audit trail as `who` (actor and address). Functions that can fail return 0
 * or a negative err_code and fill e; everything returned lives in the arena
 * given.
 */
#ifndef MESO_PROVISION_H
#define MESO_PROVISION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;
struct audit_entry;
struct db;
struct problems;

enum provision_tier { TIER_UNIVERSAL = 0, TIER_SELECTED, TIER_INDICATED, TIER_N };
enum consent {
    CONSENT_NOT_REQUESTED = 0,
    CONSENT_AWAITING,
    CONSENT_GIVEN,
    CONSENT_DECLINED,
    CONSENT_N
};

/* Codes as stored, NULL-ended, and labels for people, in the same order. */
extern const char *const provision_tiers[];       /* universal, selected, indicated */
extern const char *const provision_tier_labels[]; /* "Universal: every child", ... */
extern const char *const provision_evidence[];    /* strong, moderate, promising, limited */
extern const char *const provision_evidence_labels[];
extern const char *const consent_names[];  /* not_requested, awaiting, given, declined */
extern const char *const consent_labels[]; /* "Not asked yet", "Waiting for a reply", ... */

#define PROVISION_TEXT_MAX 4000

/* A cost other than staff time. */
struct provision_cost_item {
    int64_t id;
    const char *what;
    int64_t pence;
    bool per_session; /* per session held (a meal); else once (training) */
};

/* A member of the facilitator team: staff (staff_id) or not (0). */
struct team_member {
    int64_t id, staff_id;
    const char *name;
    const char *role; /* a role code of the template ("parent-partner") or any */
};

struct enrolment {
    int64_t id, provision_id, pupil_id;
    int64_t carer_id; /* the parent or carer taking part, or 0 */
    enum consent consent;
    char consent_on[11]; /* or "" */
    int hub;             /* 1.., or 0 when not in a hub */
    char enrolled_on[11];
    char left_on[11];        /* "" while taking part */
    const char *left_reason; /* or NULL */
    /* Filled on reading: */
    const char *pupil_name; /* preferred forename and surname */
    const char *forename;   /* preferred forename, for letters */
    char upn[14];
    char nc_year[4];
    char dob[11];
    char sen[2];
    bool fsm;                     /* eligible for free school meals now */
    int eal;                      /* 1, 0, -1 not known */
    const char *carer_name;       /* "Ms A Khan", or NULL */
    const char *carer_salutation; /* "Ms Khan", for letters; or NULL */
};

struct provision {
    int64_t id, school_id;
    const char *name;
    const char *tier; /* universal, selected or indicated */
    const char *description;
    int64_t template_id;                              /* 0 when not run from a template */
    const char *template_key;                         /* filled on reading, or NULL */
    const char *evidence_rating, *evidence_reference; /* NULL when not recorded */
    int sessions;                                     /* planned */
    int session_minutes;                              /* each */
    int complete_at;      /* sessions attended to complete; 0 when not set */
    char session_time[6]; /* "15:30" or "" */
    const char *venue;
    double staff_hours_per_session;
    int64_t hourly_rate_pence;
    char start_date[11], end_date[11], review_date[11]; /* end and review may be "" */
    const char *measure_instrument, *measure_score;     /* the before-and-after measure, or NULL */
    const char **outcomes;                              /* outcome codes */
    size_t n_outcomes;
    struct provision_cost_item *costs;
    size_t n_costs;
    struct team_member *team;
    size_t n_team;
    struct enrolment *enrolments; /* by hub, then name (provision_get only) */
    size_t n_enrolments;
    /* Filled on reading: */
    int sessions_held;    /* weekly sessions marked held */
    int pupils_consented; /* enrolments with consent given */
    const char *created_by, *created_at, *updated_at;
};

/* ---- costs (pure) ------------------------------------------------------ */

struct provision_costs {
    int64_t staff_to_date, staff_projected; /* pence: hours x rate x sessions */
    int64_t other_to_date, other_projected; /* one-off items in full; per-session x sessions */
    int64_t total_to_date, total_projected;
    int pupils;                                     /* the divisor */
    int64_t per_pupil_to_date, per_pupil_projected; /* -1 when there are no pupils */
};

/* THE cost per pupil (docs/provision-map.md, "One definition each"): pence
 * divided by pupils, rounded to the nearest penny (halves away from zero);
 * -1 when there are no pupils. A provision's own figure divides by the
 * pupils enrolled with consent given; the map's per tier divides the tier's
 * cost by the pupils it reaches (model/provision/provmap.h). */
int64_t provision_per_pupil(int64_t pence, int pupils);

/* The costs of a provision that has held sessions_held of sessions_planned
 * sessions (if more were held than planned, the projection uses those
 * held), for pupils pupils (enrolled with consent given). Each amount is
 * rounded to the nearest penny, halves away from zero. */
void provision_costs_compute(double staff_hours_per_session, int64_t hourly_rate_pence,
                             int sessions_planned, int sessions_held,
                             const struct provision_cost_item *items, size_t n_items, int pupils,
                             struct provision_costs *out);
/* The same from a provision read with provision_get(). */
void provision_costs_of(const struct provision *p, struct provision_costs *out);

/* "£1,234.50" into out (at least 24 bytes). */
void provision_money(int64_t pence, char *out, size_t cap);
/* Parse "12.50", "£12.50", "1,200" or "12" (pounds) into pence. 0 or
 * ERR_INPUT. */
int provision_parse_money(const char *s, int64_t *out);

/* ---- codes ---------------------------------------------------------- */

/* Parse a code from its list (any case; spaces and hyphens for
 * underscores): 0 or ERR_INPUT. *out points into the list. */
int provision_parse_tier(const char *s, const char **out);
int provision_parse_evidence(const char *s, const char **out);
int provision_parse_consent(const char *s, enum consent *out);
/* The label of a tier or evidence code ("" for NULL). */
const char *provision_tier_label(const char *tier);
const char *provision_evidence_label(const char *rating);

/* ---- storage ---------------------------------------------------------- */

/* The shared list of needs and outcomes (code and label, in list order). */
int provision_outcome_list(struct db *db, struct arena *a, const char ***codes,
                           const char ***labels, size_t *n, struct err *e);
/* One outcome's label (in a), or the code itself when unknown. */
const char *provision_outcome_label(struct db *db, struct arena *a, const char *code);

/* Check a provision before saving. Problems by field: name, tier,
 * evidence_rating, sessions, session_minutes, complete_at, session_time,
 * staff_hours, hourly_rate, start_date, end_date, review_date, outcomes,
 * description, evidence_reference, venue. Outcomes are checked against the
 * shared list. */
int provision_validate(struct db *db, const struct provision *p, struct problems *pr,
                       struct err *e);

/* Add a provision with its outcomes and costs (team and enrolments are
 * added separately); sets p->id. */
int provision_create(struct db *db, struct provision *p, const struct audit_entry *who,
                     struct err *e);
/* Save a provision's own fields and replace its outcomes. */
int provision_update(struct db *db, const struct provision *p, const struct audit_entry *who,
                     struct err *e);

/* One provision with its outcomes, costs, team and enrolments.
 * ERR_NOTFOUND when there is none at school_id (0: any school). Audited as
 * a view of each enrolled child's record (one row a child). */
int provision_get(struct db *db, struct arena *a, int64_t id, int64_t school_id,
                  const struct audit_entry *who, struct provision *out, struct err *e);
/* The same without the audit rows, for a caller that has just written them
 * (the programme report, after its page read the cohort). */
int provision_read(struct db *db, struct arena *a, int64_t id, int64_t school_id,
                   struct provision *out, struct err *e);

struct provision_filter {
    int64_t school_id;    /* required */
    int64_t staff_id;     /* 0: all; else only those with this member of staff on the team */
    bool programmes_only; /* only those run from a template */
};

/* Provisions matching f, newest start first: every field, outcomes, costs
 * and team, and the counts, but not the enrolments. */
int provision_list(struct db *db, struct arena *a, const struct provision_filter *f,
                   struct provision **out, size_t *n, struct err *e);

/* True when the member of staff is on the provision's team. */
int provision_on_team(struct db *db, int64_t provision_id, int64_t staff_id, bool *out,
                      struct err *e);

/* Add a cost item (sets item->id). ERR_INPUT for a blank name. */
int provision_cost_add(struct db *db, int64_t provision_id, struct provision_cost_item *item,
                       const struct audit_entry *who, struct err *e);

/* Add a team member (sets m->id); a member of staff's name is taken from
 * their record when m->name is NULL. ERR_INPUT for a blank role or name, or
 * staff from another school. */
int provision_team_add(struct db *db, int64_t provision_id, struct team_member *m,
                       const struct audit_entry *who, struct err *e);
/* Take a member off the team. ERR_NOTFOUND when not on it. */
int provision_team_remove(struct db *db, int64_t provision_id, int64_t member_id,
                          const struct audit_entry *who, struct err *e);

/* Enrol a pupil, or change an enrolment (matched by provision and pupil):
 * the parent taking part (a carer linked to the pupil, or 0), consent (with
 * its date: today when consent changes and none is given), hub, and
 * leaving. Sets en->id. ERR_INPUT for a pupil at another school or a carer
 * not linked to the pupil. */
int provision_enrol(struct db *db, struct enrolment *en, const struct audit_entry *who,
                    struct err *e);

/* One enrolment (with the pupil's and carer's details). */
int provision_enrolment_get(struct db *db, struct arena *a, int64_t enrolment_id,
                            struct enrolment *out, struct err *e);

/* Every provision a pupil is enrolled in (for the pupil's page and the
 * provision map): each enrolment with its provision's name, tier and dates
 * in *provs (parallel to *ens). Audited as a list. */
int provision_for_pupil(struct db *db, struct arena *a, int64_t pupil_id,
                        const struct audit_entry *who, struct enrolment **ens,
                        struct provision **provs, size_t *n, struct err *e);

#endif
