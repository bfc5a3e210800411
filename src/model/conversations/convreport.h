/* convreport.h - the structured conversations report and the dashboards the
 * web pages show, built from the records (the figures themselves are
 * computed by model/convstats.h, whose header defines each one).
 *
 * The report covers one school year (1 September to 31 August). Pupils in
 * scope are those in scope now (model/scope.h) who were on roll at some
 * time in that year. Conversations count when complete and dated in the
 * year; reviews and contacts when dated in the year.
 *
 * Results live in the arena given; each call is audited once as `who`. */
#ifndef MESO_CONVREPORT_H
#define MESO_CONVREPORT_H

#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/err.h"
#include "model/conversations/contact.h"
#include "model/conversations/conversation.h"
#include "model/conversations/convstats.h"
#include "model/calendar/schoolyear.h"
#include "model/conversations/scope.h"

struct arena;
struct audit_entry;
struct db;

struct convreport_teacher {
    int64_t staff_id; /* 0: pupils with no key teacher yet */
    const char *name; /* NULL for staff_id 0 */
    struct cs_figures figures;
};

struct convreport {
    int year;
    char from[11], to[11]; /* the school year's first and last days */
    struct cs_figures all;
    struct convreport_teacher *teachers; /* by name; "no key teacher" last */
    size_t n_teachers;
};

/* The report for a school's year. Audited as a report, with the lists it
 * reads; with no who, not at all (the caller audits what it shows: the LA
 * view, one row for all its schools). */
int convreport_build(struct db *db, struct arena *a, int64_t school_id, int year,
                     const struct audit_entry *who, struct convreport *out, struct err *e);

/* What a key teacher sees: their pupils in scope with the conversations due
 * this term and overdue, records not yet shared, drafts, and the contact
 * prompts for their families. */
struct teacher_dashboard {
    int year;
    struct term term; /* the current term (schoolyear_term_for today) */
    struct scope_entry *pupils;
    size_t n_pupils;
    int due_this_term;               /* planned conversations due this term, not yet held */
    int overdue;                     /* planned conversations whose term has ended */
    struct conversation *not_shared; /* complete this year, not yet shared */
    size_t n_not_shared;
    struct conversation *drafts; /* this year's records still in draft */
    size_t n_drafts;
    struct family_prompt *prompts; /* only families with a prompt */
    size_t n_prompts;
    struct cs_figures figures; /* this teacher's figures for the year so far */
};

int convreport_teacher(struct db *db, struct arena *a, int64_t school_id, int64_t staff_id,
                       struct date today, const struct audit_entry *who,
                       struct teacher_dashboard *out, struct err *e);

/* What a lead sees: the year's report (whole school and per teacher, with
 * the methods used) and the contact prompts across the school. */
struct lead_dashboard {
    struct convreport report;
    int due_this_term, overdue, not_shared;
    struct family_prompt *prompts;
    size_t n_prompts;
};

int convreport_lead(struct db *db, struct arena *a, int64_t school_id, struct date today,
                    const struct audit_entry *who, struct lead_dashboard *out, struct err *e);

#endif
