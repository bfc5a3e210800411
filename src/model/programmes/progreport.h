/* progreport.h - the programme report, after the structure of a FAST UK
 * evaluation report: recruitment and retention, reach, attendance by
 * session, graduation or completion, fidelity per session and overall,
 * before-and-after measures for the enrolled children, and quotes given
 * with consent; with each family's dosage, the costs and the warnings.
 *
 * Definitions (docs/programmes.md has the same table):
 *   invited              every family (pupil) on the programme's list
 *   families_enrolled    those whose consent is given (the denominators
 *                        below are these families)
 *   families_started     enrolled families who came to at least one weekly
 *                        session (by the template's rule: the child and a
 *                        parent, for FAST and Story Links)
 *   families_completed   enrolled families who came to at least complete_at
 *                        weekly sessions (FAST: graduated, 6 of 8)
 *   retention            completed / started (null when none started)
 *   completion_rate      completed / enrolled (null when none enrolled)
 *   mean_sessions_attended  the mean, over enrolled families, of weekly
 *                        sessions attended (a family that never came counts
 *                        0); null when none enrolled
 *   reach                children and parents who came at least once, and
 *                        how many enrolled children are eligible for free
 *                        school meals, have SEN (K or E) or EAL
 *   attendance by session  per commitment and weekly session: families
 *                        counted as attending, children, parents
 *   fidelity             per held session with its checklist recorded, the
 *                        share of agenda items done; mean_fidelity is their
 *                        mean (0-1, null when none recorded); per item, the
 *                        sessions in which it was done
 *   outcome              over children with scores before and after (see
 *                        model/progoutcome.h): mean before, after and
 *                        change (after - before), Hedges' g for paired
 *                        scores with its 95% CI (src/stats/effect.h; needs
 *                        3 or more children), and the counts of reliable
 *                        improvement and deterioration (src/stats/change.h),
 *                        given the measure's test-retest r and SD;
 *                        and, where pupils screened at the same times were
 *                        not in the programme, the covariate-adjusted
 *                        difference from them (model/progcompare.h).
 *
 * progreport_compute and progreport_outcome are pure; progreport_build
 * loads a cohort and calls them. Results live in the arena given.
 */
#ifndef MESO_PROGREPORT_H
#define MESO_PROGREPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "model/programmes/programme.h"
#include "model/programmes/progcompare.h"
#include "model/programmes/progoutcome.h"
#include "model/programmes/progtemplate.h"
#include "model/provision/provision.h"
#include "model/programmes/story.h"
#include "stats/change.h"
#include "stats/effect.h"

struct arena;
struct audit_entry;
struct db;

struct progreport_outcome {
    const char *instrument, *score;          /* NULL when the programme has no measure */
    int better;                              /* -1 lower is better, +1 higher */
    size_t children;                         /* enrolled children (consent given) */
    size_t n;                                /* children with scores before and after */
    double mean_pre, mean_post, mean_change; /* valid when n >= 1 */
    bool has_effect;                         /* n >= 3 and the scores vary */
    struct stats_effect effect;              /* g, se_g, ci_low, ci_high, ... */
    const char *effect_note;                 /* why there is no effect size */
    bool has_rci;                            /* the RCI figures were known */
    double rci_sd, rci_r;
    const char *rci_source;
    struct stats_rci_counts rci; /* valid when has_rci */
    const char *rci_note;        /* why there are no counts */
    /* The comparison with pupils screened at the same times who were not
     * in the programme (model/progcompare.h); attempted false when the
     * scores were given with the report or there was no measure. */
    struct progcompare comparison;
};

struct progreport_session {
    enum session_kind kind;
    int seq;
    char date[11];
    enum session_status status;
    int families, children, parents; /* counted when held */
    double fidelity;                 /* 0-1, or -1 when not recorded */
};

struct progreport_family {
    const struct enrolment *en;
    struct prog_dosage dosage;
    int reading_sessions, reading_minutes;
    int stories;
};

struct progreport {
    struct provision prov;
    struct progtemplate tmpl;
    bool has_template;
    /* Recruitment and retention. */
    int invited, not_requested, awaiting, consent_given, declined;
    int families_enrolled, families_started, families_completed, families_left;
    double retention;              /* -1: null */
    double completion_rate;        /* -1: null */
    double mean_sessions_attended; /* -1: null */
    double mean_hours;             /* -1: null */
    /* Reach. */
    int children_reached, parents_reached;
    int reach_fsm, reach_sen, reach_eal;
    /* Sessions. */
    int sessions_planned, sessions_held, sessions_cancelled;
    struct progreport_session *sessions; /* commitment and weekly */
    size_t n_sessions;
    /* Fidelity. */
    double mean_fidelity; /* -1: null */
    int fidelity_sessions;
    int item_done[PT_MAX_AGENDA]; /* sessions in which each item was done */
    /* Follow-on meetings. */
    int followon_meetings, followon_families;
    /* Story Links. */
    int stories, reading_sessions, reading_minutes;
    double reading_per_week; /* per family, while the programme ran; -1: null */
    /* Families, quotes, costs, warnings, outcome. */
    struct progreport_family *families; /* enrolled (consent given) families */
    size_t n_families;
    struct prog_quote *quotes;
    size_t n_quotes;
    struct provision_costs costs;
    struct prog_warning *warnings;
    size_t n_warnings;
    struct progreport_outcome outcome;
};

/* The figures from a cohort's parts (everything but the outcome, quotes and
 * reading, which the caller adds): t may be NULL for a provision not run
 * from a template. ERR_NOMEM only. */
int progreport_compute(struct arena *a, const struct progtemplate *t, const struct provision *p,
                       const struct prog_session *ss, size_t n_ss, struct progreport *out);

/* The outcome section from pairs. better: -1 lower is better, +1 higher.
 * has_rci with sd and r: count reliable change. children: the enrolled
 * children, for the note on how many had both scores. */
void progreport_outcome(struct arena *a, const struct prog_pair *pairs, size_t n, size_t children,
                        int better, bool has_rci, double sd, double r,
                        struct progreport_outcome *out);

struct progreport_opts {
    /* The measure: NULL takes the programme's (or its template's). */
    const char *instrument, *score;
    int better; /* 0: the template's when it is the same measure; else lower,
                   but higher for a score named prosocial */
    /* The pre/post pairs, when the caller has them (pairs_given); else
     * progoutcome_pairs() reads the stored assessments. */
    bool pairs_given;
    const struct prog_pair *pairs;
    size_t n_pairs;
    /* The RCI's SD and test-retest r, when the caller gives them; else the
     * instrument's definition, else the template's `reliability`. */
    bool has_rci;
    double rci_sd, rci_r;
    /* The caller has just read the cohort with provision_get() (which
     * audits the view of each child): only the report's row is added. */
    bool viewed;
};

/* The report for one provision (at school_id). ERR_NOTFOUND when there is
 * none. Audited as a view of each child (unless o->viewed) and a report;
 * with o->viewed and no who, not at all (the caller audits what it shows:
 * the LA view's figures). */
int progreport_build(struct db *db, struct arena *a, int64_t provision_id, int64_t school_id,
                     const struct progreport_opts *o, const struct audit_entry *who,
                     struct progreport *out, struct err *e);

#endif
