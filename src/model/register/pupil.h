/* pupil.h - the pupil register: one record per child, with SEN history kept
 * as it changed and free school meals eligibility kept as periods.
 *
 * The field parsers here are shared by the CSV importer and the web forms,
 * so a value means the same thing whichever way it arrives. Each returns 0,
 * or ERR_INPUT after writing a plain reason into why.
 */
#ifndef MESO_PUPIL_H
#define MESO_PUPIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "model/register/upn.h"

struct arena;
struct audit_who;
struct db;
struct problems;

struct pupil {
    int64_t id;
    int64_t school_id;
    char upn[UPN_LEN + 1];
    bool upn_temporary;
    const char *former_upn; /* NULL when none */
    const char *legal_surname;
    const char *legal_forename;
    const char *preferred_surname;  /* NULL when none */
    const char *preferred_forename; /* NULL when none */
    char dob[11];                   /* YYYY-MM-DD */
    char sex[2];                    /* "M" or "F" */
    char nc_year[4];                /* "N1", "N2", "R", "1".."14", or "" */
    char sen[2];                    /* "N", "K" or "E" */
    char need1[5], need2[5];        /* census need codes, or "" */
    int eal;                        /* 1 yes, 0 no, -1 not known */
    const char *first_language;     /* NULL when not known */
    bool looked_after;
    bool fsm;                  /* eligible today (from the periods) */
    char fsm_since[11];        /* start of the eligibility to record, or "" = today */
    char admission_date[11];   /* or "" */
    char leaving_date[11];     /* or "" */
    int64_t key_teacher_id;    /* staff id; 0 when none (set by pupil_set_key_teacher) */
    bool key_teacher_by_class; /* the key teacher came from the class (regclass.h) */
    int64_t reg_group_id;      /* registration group (class), 0 when none */
    const char *reg_group;     /* its name, or NULL; an import names it, the id follows */
};

/* Which fields a save touches: an import only changes the columns its file
 * has. */
enum pupil_field {
    PF_FORMER_UPN = 1 << 0,
    PF_LEGAL_NAME = 1 << 1,
    PF_PREF_SURNAME = 1 << 2,
    PF_PREF_FORENAME = 1 << 3,
    PF_DOB = 1 << 4,
    PF_SEX = 1 << 5,
    PF_YEAR = 1 << 6,
    PF_SEN = 1 << 7, /* provision and both needs, together */
    PF_EAL = 1 << 8,
    PF_FIRST_LANGUAGE = 1 << 9,
    PF_CLA = 1 << 10,
    PF_FSM = 1 << 11,
    PF_ADMISSION = 1 << 12,
    PF_LEAVING = 1 << 13,
    PF_REG_GROUP = 1 << 14, /* reg_group_id */
    PF_ALL = (1 << 15) - 1,
};

/* The fields a save of `in` (changing `fields`) would change in old: PF_*
 * bits, 0 when it would change nothing. */
unsigned pupil_changes(const struct pupil *old, const struct pupil *in, unsigned fields);
/* Plain words for PF_* bits: "SEN, year group, class" (arena). */
const char *pupil_fields_words(struct arena *a, unsigned fields);

enum pupil_save_result { PUPIL_ADDED, PUPIL_UPDATED, PUPIL_UNCHANGED };

/* In conversation scope (model/conversations/scope.h names it SCOPE_IN_SQL):
 * SEN support or an EHC plan unless a lead took the pupil out, or added by a
 * lead. For the model's queries as a literal; needs p (pupil) and s
 * (conversation_scope, left joined). Classes (regclass.h) use it too. */
#define PUPIL_IN_SCOPE_SQL \
    "(s.included = 1 OR (s.included IS NULL AND p.sen_provision IN ('K', 'E')))"

/* Field parsers. */
int pupil_parse_sex(const char *s, char out[2], char *why, size_t cap);
int pupil_parse_year(const char *s, char out[4], char *why, size_t cap);
int pupil_parse_sen(const char *s, char out[2], char *why, size_t cap);
int pupil_parse_need(const char *s, char out[5], char *why, size_t cap);
int pupil_parse_date(const char *s, char out[11], char *why, size_t cap);

/* The NC year as people say it: "Reception", "Year 3", "Nursery 1". */
const char *pupil_year_label(const char *nc_year);
/* "No SEN", "SEN support", "EHC plan". */
const char *pupil_sen_label(const char *sen);

/* Checks that involve more than one field (needs against provision, dates in
 * order, a plausible age for the year). Problems are recorded against the
 * given column or field names (pass NULL to use the default names). */
void pupil_validate(const struct pupil *p, unsigned fields, struct problems *pr);

/* Add or update the pupil with p->upn at school_id, changing only `fields`
 * (a new pupil takes every field given). A change of SEN provision or need
 * is appended to the SEN history; FSM changes open or close a period. The
 * caller runs this inside a transaction. source names where the change came
 * from, for the history ("import pupils.csv", "web", "cli"). Sets p->id. */
int pupil_save(struct db *db, int64_t school_id, struct pupil *p, unsigned fields,
               const char *source, enum pupil_save_result *result, struct err *e);

/* For saving many pupils in one go (an import): the time stamps and source
 * are fixed once, and the caller supplies each pupil's current record (old)
 * or NULL when it knows there is none, having loaded the school's pupils in
 * one pass rather than looking each one up. */
struct pupil_batch {
    struct db *db;
    int64_t school_id;
    const char *source;
    char today[11];
    char now[25];
};
void pupil_batch_init(struct pupil_batch *b, struct db *db, int64_t school_id, const char *source);
int pupil_batch_save(struct pupil_batch *b, struct pupil *p, const struct pupil *old,
                     unsigned fields, enum pupil_save_result *result, struct err *e);

/* The rest of adding p, once its row is written (p->id set): its SEN
 * history and FSM period (model/register/pupilmany.c writes the rows). */
int pupil_batch_added(struct pupil_batch *b, const struct pupil *p, unsigned fields, struct err *e);

/* Every pupil of a school, leavers included, sorted by UPN (for lookups with
 * pupil_find_sorted). */
int pupil_all_by_upn(struct db *db, struct arena *a, int64_t school_id, struct pupil **out,
                     size_t *n, struct err *e);
const struct pupil *pupil_find_sorted(const struct pupil *sorted, size_t n, const char *upn);

/* Find one pupil by UPN at a school; ERR_NOTFOUND when there is none. */
int pupil_by_upn(struct db *db, struct arena *a, int64_t school_id, const char *upn,
                 struct pupil *out, struct err *e);
/* One pupil by id, only at school_id (defence in depth: a wrong id from
 * another school is ERR_NOTFOUND even where a caller forgot to check). */
int pupil_by_id(struct db *db, struct arena *a, int64_t school_id, int64_t id, struct pupil *out,
                struct err *e);

/* Which of a school's pupils a list may include: the whole school, or the
 * union of those matching any non-zero id. All zero (the default) matches
 * no pupil, so a list that forgets to scope shows nothing rather than
 * everything. Fill it with access_pupil_filter() (model/access.h) for a
 * signed-in person; only trusted callers (the command line, run by whoever
 * holds the database file) set whole_school themselves. */
struct pupil_scope {
    bool whole_school;
    int64_t key_teacher_id;   /* pupils whose key teacher is this staff id */
    int64_t family_worker_id; /* pupils whose family this staff id works with */
    int64_t carer_id;         /* pupils linked to this carer */
};

struct pupil_filter {
    int64_t school_id; /* required */
    struct pupil_scope scope;
    const char *nc_year; /* NULL = any */
    const char *sen;     /* NULL = any; "N", "K" or "E" */
    int fsm;             /* -1 any, 0 not eligible, 1 eligible */
    const char *search;  /* NULL = any; part of a name, or a UPN */
    bool include_leavers;
    int limit, offset; /* limit 0 = all */
};

/* Pupils matching f (within f->scope), by year then surname. *total is the count ignoring
 * limit and offset (may be NULL). */
int pupil_list(struct db *db, struct arena *a, const struct pupil_filter *f, struct pupil **out,
               size_t *n, size_t *total, struct err *e);

struct sen_change {
    char provision[2];
    char need1[5], need2[5];
    const char *effective_date;
    const char *source;
    const char *recorded_at;
};

/* The SEN history, oldest first. */
int pupil_sen_history(struct db *db, struct arena *a, int64_t pupil_id, struct sen_change **out,
                      size_t *n, struct err *e);

struct fsm_period {
    const char *start;
    const char *end; /* NULL when open */
};

int pupil_fsm_periods(struct db *db, struct arena *a, int64_t pupil_id, struct fsm_period **out,
                      size_t *n, struct err *e);

/* Make staff_id the pupil's key teacher (0 clears it). The member of staff
 * must be active, at the pupil's school, and a teacher or lead (by their
 * register role or an account role). Written to the audit trail as a change
 * of the child's record. ERR_NOTFOUND (no such pupil), ERR_INPUT (not a
 * teacher or lead there). */
int pupil_set_key_teacher(struct db *db, const struct audit_who *who, int64_t pupil_id,
                          int64_t staff_id, struct err *e);

/* ---- the roll ----------------------------------------------------------
 * THE definition of "on roll" (docs/provision-map.md, "One definition
 * each"): a pupil of the school is on roll on a day when they were admitted
 * on or before it (or have no admission date) and have not left (no leaving
 * date, or one after it). The home page, the provision map and its PDF and
 * JSON all count pupils with pupil_roll(), so they agree. */
struct pupil_on_roll {
    int64_t id;
    const char *name; /* preferred forename and surname (pupil_display_name) */
    char upn[UPN_LEN + 1];
    char nc_year[4];
    char sen[2];            /* "N", "K" or "E" */
    bool fsm;               /* an open free school meals period */
    int64_t key_teacher_id; /* 0 when none */
};

/* The pupils of school_id on roll on `on` (YYYY-MM-DD; NULL or "" for
 * today), by id, in a. ERR_INPUT for a malformed date. */
int pupil_roll(struct db *db, struct arena *a, int64_t school_id, const char *on,
               struct pupil_on_roll **out, size_t *n, struct err *e);

/* The school at a glance on a day, counted over pupil_roll(): on roll, and
 * of them on SEN support, with an EHC plan, eligible for free school meals
 * and without a key teacher; and `joining`, pupils not yet on roll whose
 * admission date is after the day (and who have not left). */
struct pupil_roll_counts {
    int on_roll, sen_support, ehc_plan, fsm, no_key_teacher, joining;
};
int pupil_roll_counts(struct db *db, struct arena *a, int64_t school_id, const char *on,
                      struct pupil_roll_counts *out, struct err *e);

/* The name to use day to day: preferred forename if any, and surname. */
const char *pupil_display_name(struct arena *a, const struct pupil *p);
/* The name the child goes by: the preferred forename, else the legal one. */
const char *pupil_first_name(const struct pupil *p);

#endif
