/* programme.h - running a programme cohort: a provision run from a template
 * (model/progtemplate.h), with its sessions (an optional commitment session,
 * the weekly sessions dated weekly around the school's holidays, and
 * follow-on meetings), attendance per person (the child and the parent) at
 * each session, each session's fidelity checklist (the template's agenda)
 * and notes, the dosage and completion (graduation) of each family, the
 * warnings when the team or the families break the template's rules, and
 * quotes from parents and staff, kept with their consent.
 *
 * The pure functions (schedule, counting, dosage, warnings) are what the
 * tests and the report rely on; the rest reads and writes through db.h and
 * appends to the audit trail as `who`. Functions that can fail return 0 or
 * a negative err_code and fill e; everything returned lives in the arena.
 */
#ifndef MESO_PROGRAMME_H
#define MESO_PROGRAMME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/err.h"
#include "model/programmes/progtemplate.h"
#include "model/provision/provision.h"
#include "model/calendar/calendar.h"

struct arena;
struct audit_entry;
struct db;
struct problems;

enum session_kind { SESSION_COMMITMENT = 0, SESSION_WEEKLY, SESSION_FOLLOWON };
enum session_status { SESSION_PLANNED = 0, SESSION_HELD, SESSION_CANCELLED };

extern const char *const session_kind_names[];   /* commitment, weekly, followon */
extern const char *const session_status_names[]; /* planned, held, cancelled */
extern const char *const quote_speakers[];       /* parent, child, staff, partner */

#define PROGRAMME_MAX_SESSIONS 60 /* commitment + weekly; follow-on meetings are extra */

struct prog_attendance {
    int64_t enrolment_id;
    bool child, parent;
};

struct prog_session {
    int64_t id, provision_id;
    enum session_kind kind;
    int seq; /* 1.. within its kind */
    char date[11];
    enum session_status status;
    const char *notes;                  /* or NULL */
    struct prog_attendance *attendance; /* recorded rows, by enrolment */
    size_t n_attendance;
    bool fidelity_recorded;
    bool done[PT_MAX_AGENDA]; /* per agenda item, when recorded */
    size_t n_items;           /* items recorded */
};

/* ---- pure ------------------------------------------------------------- */

/* The dates of n sessions, the first on `first` (or, if that is not a
 * school day, the first date interval_days on that is), each interval_days
 * after the one before, skipping any date that is not a school day in cal
 * (a weekend, a holiday, a break between terms; model/calendar/calendar.h).
 * cal NULL: every day is open. Returns 0, or ERR_INPUT when n is not 1..200,
 * the interval not 1..31, or the calendar runs out first. */
int programme_schedule(struct date first, int n, int interval_days,
                       const struct school_calendar *cal, struct date *out);

/* True when a family with these people present counts as attending. */
bool programme_counts(enum pt_counts rule, bool child, bool parent);

enum prog_status {
    PROG_COMPLETED = 0,  /* attended at least complete_at (graduated, for FAST) */
    PROG_ON_TRACK,       /* can still get there with the sessions left */
    PROG_NOT_COMPLETING, /* cannot any more, or has left */
};
extern const char *const prog_status_names[]; /* completed, on_track, not_completing */

struct prog_dosage {
    int64_t enrolment_id;
    int attended;        /* weekly sessions attended, by the template's rule */
    int child_sessions;  /* weekly sessions the child came to */
    int parent_sessions; /* weekly sessions a parent came to */
    int held;            /* weekly sessions held */
    int remaining;       /* weekly sessions still planned */
    double hours;        /* attended x the session length */
    bool commitment;     /* came to the commitment session */
    int followon;        /* follow-on meetings attended */
    enum prog_status status;
};

/* One family's dosage from the cohort's sessions. left: the family has
 * stopped taking part. */
void programme_dosage(enum pt_counts rule, int complete_at, int session_minutes,
                      const struct prog_session *ss, size_t n_ss, int64_t enrolment_id, bool left,
                      struct prog_dosage *out);

/* The share (0-1) of a session's checklist done, or -1 when not recorded.
 * n_agenda is the template's number of items. */
double programme_session_fidelity(const struct prog_session *s, size_t n_agenda);

struct prog_warning {
    const char *code; /* team, hub, hubless, size, one_pupil, age, no_parent */
    const char *text; /* a plain sentence saying what to do */
};

/* What breaks the template's rules, as of `on` (for ages): each role with
 * fewer members than its minimum ("FAST needs at least 1 parent partner on
 * the team; there are none yet"), hubs smaller or larger than the
 * template's hub size, families not yet in a hub (both counting the
 * families whose consent is given), more families than the template allows (or more than one pupil
 * in an individual programme), pupils outside the template's ages, and families with no parent
 * chosen when parents take part. Families who declined or left are not counted. Warnings live in a;
 * ERR_NOMEM only. */
int programme_warnings(struct arena *a, const struct progtemplate *t, const struct provision *p,
                       struct date on, struct prog_warning **out, size_t *n);

/* ---- storage ------------------------------------------------------------ */

/* Start a cohort: p (validated here; problems by field as
 * provision_validate, ERR_INPUT when any) becomes a provision run from t,
 * with t's defaults for what p leaves at 0 or NULL (sessions, session
 * length, complete-at, tier, outcomes, measure), and its sessions: the
 * commitment session on the start date (when t has one) and the weekly
 * sessions from the start date (a week later when there is a commitment
 * session), on school days only (programme_schedule with the school's
 * calendar). A start date that is not a school day moves to the next one
 * (p->start_date says where; calendar_date_note() says why the first
 * was not). The end date is the last session's. Sets p->id. */
int programme_start(struct db *db, struct arena *a, const struct progtemplate *t,
                    struct provision *p, struct problems *pr, const struct audit_entry *who,
                    struct err *e);

/* A cohort's sessions (commitment, weekly, follow-on, each by seq) with
 * their attendance and checklists. */
int programme_sessions(struct db *db, struct arena *a, int64_t provision_id,
                       struct prog_session **out, size_t *n, struct err *e);

/* One session by id (checked to belong to provision_id), or by kind and seq.
 * ERR_NOTFOUND when there is none. */
int programme_session_get(struct db *db, struct arena *a, int64_t provision_id, int64_t session_id,
                          struct prog_session *out, struct err *e);
int programme_session_find(struct db *db, struct arena *a, int64_t provision_id,
                           enum session_kind kind, int seq, struct prog_session *out,
                           struct err *e);

/* What to record about a session; anything left NULL is kept. */
struct prog_session_record {
    /* Attendance: rows for these enrolments are set (others kept); each
     * must be in the cohort, with consent given. Recording attendance marks
     * the session held. */
    const struct prog_attendance *attendance;
    size_t n_attendance;
    /* The checklist: one per agenda item (n_done must be the template's
     * number of items). */
    const bool *done;
    size_t n_done;
    const char *notes;                 /* "" clears */
    const enum session_status *status; /* planned, held or cancelled */
    const char *date;                  /* move the session (YYYY-MM-DD) */
};

/* Record a session. ERR_INPUT for attendance or a checklist on a date after
 * today or on a cancelled session, an enrolment not in the cohort or
 * without consent, or a checklist of the wrong length. */
int programme_session_record(struct db *db, struct arena *a, int64_t provision_id,
                             int64_t session_id, const struct prog_session_record *r,
                             const struct audit_entry *who, struct err *e);

/* Log a follow-on meeting (FASTworks) on date: a new session of kind
 * followon, next in order; *session_id is set. ERR_INPUT when the template
 * has no follow-on meetings. */
int programme_followon_add(struct db *db, int64_t provision_id, const char *date, const char *notes,
                           const struct audit_entry *who, int64_t *session_id, struct err *e);

struct prog_quote {
    int64_t id, provision_id;
    const char *speaker; /* parent, child, staff or partner */
    const char *text;
    const char *attribution; /* how they are named: "a parent", "John's mum"; or NULL */
    char consent_on[11];     /* when they agreed to be quoted (required) */
};

/* Keep a quote. ERR_INPUT without consent, or a blank or long text. */
int programme_quote_add(struct db *db, struct prog_quote *q, const struct audit_entry *who,
                        struct err *e);
int programme_quote_list(struct db *db, struct arena *a, int64_t provision_id,
                         struct prog_quote **out, size_t *n, struct err *e);

/* The parse of a speaker (parent, child, staff or partner); 0 or ERR_INPUT. */
int programme_parse_speaker(const char *s, const char **out);

#endif
