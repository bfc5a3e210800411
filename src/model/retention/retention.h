/* retention.h - how long a school keeps each kind of record after a pupil
 * leaves, and which leavers' records are past it (docs/retention.md).
 *
 * The periods are data: meso's defaults (migration 0013, with their source
 * in the IRMS toolkit for schools, marked where we are unsure), and a
 * school's own, set by a lead, which win. A period is counted from the
 * pupil's leaving date or their date of birth. It applies to every leaver,
 * to those who ever had SEN support or an EHC plan, or to those who took
 * part in a family programme.
 */
#ifndef MESO_RETENTION_H
#define MESO_RETENTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;
struct audit_who;
struct db;

struct retention_kind {
    const char *kind;         /* "pupil-record", "sen", ... */
    const char *label;        /* what it covers, in words */
    const char *counted_from; /* "leaving" or "birth" */
    const char *applies_to;   /* "every", "sen" or "programme" */
    const char *source;       /* where the default comes from */
    int years;                /* the school's period, else the default */
    int default_years;
    bool unsure; /* the default is our best reading, to check */
    bool own;    /* the school set its own */
};

/* Every kind, in order, with the school's periods. Strings in a. */
int retention_kinds(struct db *db, struct arena *a, int64_t school_id, struct retention_kind **out,
                    size_t *n, struct err *e);

/* Set the school's period for kind (0 to 100 years), with an audit row.
 * ERR_INPUT for an unknown kind or years out of range. */
int retention_set(struct db *db, const struct audit_who *who, int64_t school_id, const char *kind,
                  int years, struct err *e);

/* A leaver with at least one kind of record past its period on the day. */
struct retention_due {
    int64_t pupil_id;
    const char *upn, *name, *dob, *leaving_date;
    const char *past;  /* the kinds past their period, with commas */
    const char *until; /* when the last kind that applies is past */
    bool whole;        /* every kind that applies is past: erase */
};

/* The leavers of school_id (not erased) with any record past its period on
 * today (ISO), the whole records first, then by leaving date. Appends one
 * audit row for the list (it names children). */
int retention_review(struct db *db, struct arena *a, const struct audit_who *who, int64_t school_id,
                     const char *today, struct retention_due **out, size_t *n, struct err *e);

#endif
