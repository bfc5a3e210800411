/* scope.h - who has structured conversations, and how many are planned.
 *
 * In scope: every pupil on roll with SEN support (K) or an EHC plan (E),
 * plus any pupil a lead adds; a lead may also take a pupil out. Both need a
 * reason. The latest decision per pupil is kept in conversation_scope and
 * every decision in the audit trail.
 *
 * Each pupil in scope has a plan for each school year: a number of
 * conversations, each due in a term. With no plan set, the default is
 * three, one each term (autumn, spring, summer). A plan of n conversations
 * set without terms spreads them: conversation i (0-based) is due in term
 * min(2, 3i/n), so 2 gives autumn and spring, 4 gives autumn, autumn,
 * spring, summer.
 *
 * A conversation is held only when it is complete and a parent or carer
 * took part (conversation_held(); a meeting the family did not come to is
 * counted apart). Conversations held fill the planned ones term by term: a
 * conversation held in a term (schoolyear_term_for) fills the first unfilled
 * planned conversation due in that term, so three held in one term fill
 * only that term's (three in one term are not three a year). An unfilled
 * planned conversation is overdue once its term has ended, due while its
 * term is the current term (schoolyear_term_for: in a break, the next
 * term), and upcoming otherwise. Drafts and planned records are not held.
 *
 * The scope of a past year is the scope as it was then: scope decisions are
 * kept as a history (scope_decision) and SEN provision in sen_history (see
 * scope_filter.as_of).
 *
 * The pupil's key teacher (pupil.key_teacher_id) holds the conversations.
 */
#ifndef MESO_SCOPE_H
#define MESO_SCOPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/err.h"
#include "model/calendar/schoolyear.h"
#include "model/register/pupil.h"

struct arena;
struct audit_entry;
struct db;

#define SCOPE_MAX_PLANNED 12

enum slot_state { SLOT_HELD = 0, SLOT_DUE, SLOT_OVERDUE, SLOT_UPCOMING };
/* "held", "due", "overdue", "upcoming" */
extern const char *const slot_state_names[];

struct plan_slot {
    int seq; /* 1-based */
    enum term_name term;
    enum slot_state state;
};

struct scope_entry {
    int64_t pupil_id;
    char upn[14];
    const char *name; /* preferred or legal forename, and surname */
    char nc_year[4];
    char sen[2];
    int64_t key_teacher_id; /* 0 when none yet */
    const char *key_teacher;
    bool added;              /* added by a lead rather than through SEN */
    const char *reason;      /* the lead's reason when added, else NULL */
    bool agreement;          /* a parent agreement is recorded (any version) */
    int targets_past_review; /* open or progressing targets whose review date has passed */
    /* For the school year asked about: */
    bool plan_set; /* false: the default plan */
    struct plan_slot slots[SCOPE_MAX_PLANNED];
    size_t n_slots;
    int held;                 /* planned conversations held, each in its own term */
    int held_in_term[TERM_N]; /* conversations held in each term */
    int held_total;           /* every conversation held in the year */
    int did_not_come;         /* arranged, and the family did not come */
    int drafts;               /* records still in draft */
    int planned;              /* conversations arranged (status planned) */
    int not_shared;           /* complete records not yet shared with the family */
    int due, overdue;         /* planned conversations due this term / overdue */
    char last_held[11];       /* the latest complete conversation, or "" */
    char next_date[11];       /* the next arranged conversation on or after today, or "" */
};

/* The default terms for n planned conversations (see above), into out[n]. */
void scope_default_plan(int n, enum term_name *out);

/* The state of each planned conversation given the year's terms, the terms
 * they are due in (in order), how many were held in each term, and today
 * (pure). Returns how many planned conversations were held. */
int scope_slot_states(const struct term terms[TERM_N], const enum term_name *due, size_t n,
                      const int held_in_term[TERM_N], struct date today, enum slot_state *out);

/* Add a pupil to the scope, or take one out, with a reason (required).
 * Audited. ERR_INPUT when the reason is blank. */
int scope_add(struct db *db, int64_t pupil_id, const char *reason, const struct audit_entry *who,
              struct err *e);
int scope_remove(struct db *db, int64_t pupil_id, const char *reason, const struct audit_entry *who,
                 struct err *e);
/* The in-scope rule, written once, as an SQL condition over a pupil p
 * LEFT JOIN conversation_scope s ON s.pupil_id = p.id: the latest decision
 * when there is one, else SEN support (K) or an EHC plan (E). Pasted into
 * the model's queries as a literal ("... WHERE " SCOPE_IN_SQL " ..."). */
#define SCOPE_IN_SQL PUPIL_IN_SCOPE_SQL /* model/register/pupil.h: classes use it too */

/* Whether a pupil is in scope now. */
int scope_contains(struct db *db, int64_t pupil_id, bool *in, struct err *e);

/* How many pupils on roll at school_id are in scope now, and how many of
 * them have no key teacher yet (the lead's setup checklist). */
int scope_counts(struct db *db, int64_t school_id, long *in_scope, long *no_key_teacher,
                 struct err *e);

/* Set a pupil's plan for year: n conversations due in the terms given (NULL:
 * spread as above). n from 1 to SCOPE_MAX_PLANNED, terms in order. */
int scope_set_plan(struct db *db, int64_t pupil_id, int year, int n, const enum term_name *terms,
                   const struct audit_entry *who, struct err *e);
/* A pupil's plan for year into out[SCOPE_MAX_PLANNED]; *is_set false means
 * the default. */
int scope_plan(struct db *db, int64_t pupil_id, int year, enum term_name *out, size_t *n,
               bool *is_set, struct err *e);

/* The pupil's key teacher, or 0. */
int scope_key_teacher(struct db *db, int64_t pupil_id, int64_t *staff_id, struct err *e);
/* Set the pupil's key teacher (staff_id 0 clears it). The accounts work
 * owns key teachers; this exists for the demo and tests until it lands. */
int scope_set_key_teacher(struct db *db, int64_t pupil_id, int64_t staff_id,
                          const struct audit_entry *who, struct err *e);

struct scope_filter {
    int64_t school_id;  /* required */
    int64_t teacher_id; /* 0 = everyone; -1 = pupils with no key teacher */
    int64_t pupil_id;   /* 0 = every pupil; else only this one (if in scope) */
    int year;           /* the school year for the plan and counts */
    struct date today;  /* for due and overdue */
    /* On roll at some time in [from, to]; zero dates mean the whole year. */
    struct date from, to;
    /* Zero: in scope now. Else the scope as it was on this day (for a past
     * year, its last day): for each pupil, on the last day they were on roll
     * up to as_of, the latest scope decision made by then; with none, SEN
     * support or an EHC plan by their SEN history then. Before meso's first
     * record of a pupil's SEN, the first record stands (what the school first
     * told meso). */
    struct date as_of;
};

/* The pupils in scope with their plan and conversations for the year, by
 * key teacher, year group and name. Audited once as a list; with no who,
 * not at all (the caller audits what it shows: the LA view's figures). */
int scope_list(struct db *db, struct arena *a, const struct scope_filter *f,
               const struct audit_entry *who, struct scope_entry **out, size_t *n, struct err *e);

/* How many open or progressing targets of the school's pupils on roll are
 * past their review date on today (a count: not audited). */
int scope_targets_past_review(struct db *db, int64_t school_id, struct date today, int *n,
                              struct err *e);

/* For lists of pupils (flags, not audited): whether the pupil has a parent
 * agreement (any version), and how many of their open or progressing
 * targets are past their review date on today. */
int scope_pupil_flags(struct db *db, int64_t pupil_id, struct date today, bool *agreement,
                      int *targets_past_review, struct err *e);

#endif
