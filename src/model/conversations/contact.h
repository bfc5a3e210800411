/* contact.h - the home-school contact log, and gentle, solution-focused
 * prompts drawn from it.
 *
 * A contact needs only the pupil, the method and the purpose; the date
 * defaults to today and who started it to the school.
 *
 * Methods:  phone, text, email, letter, meeting, home_visit, school_gate,
 *           app_message.
 * Purposes: celebration (celebration or praise), progress (a progress
 *           update), invitation, information, concern, support (support and
 *           advocacy). Celebration and progress count as positive.
 *
 * Prompts (contact_summarise), for one pupil's family on a given day, with
 * "the last N weeks" meaning the 7N days up to and including today:
 *   - good news: the last three contacts were all about a concern:
 *     "Time to share some good news?";
 *   - quiet: no contact in the last 6 weeks (or none recorded at all).
 * The summary also counts contacts in the last 4 and 12 weeks, and, over
 * the last 12 weeks, the share that were positive and the number of
 * different methods used.
 */
#ifndef MESO_CONTACT_H
#define MESO_CONTACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/err.h"

struct arena;
struct audit_entry;
struct db;
struct problems;

#define CONTACT_N_METHODS  8
#define CONTACT_N_PURPOSES 6

/* Codes (as stored) and plain labels, in the same order, NULL-terminated. */
extern const char *const contact_methods[];
extern const char *const contact_method_labels[];
extern const char *const contact_purposes[];
extern const char *const contact_purpose_labels[];

/* Parse a method or purpose from its code or a common way of saying it
 * ("home visit", "gate", "praise", "advocacy"); *out points into the code
 * list. 0 or ERR_INPUT. */
int contact_parse_method(const char *s, const char **out);
int contact_parse_purpose(const char *s, const char **out);
/* The index of a code in its list, or -1. */
int contact_method_index(const char *code);
int contact_purpose_index(const char *code);
const char *contact_method_label(const char *code);
const char *contact_purpose_label(const char *code);
/* Celebration or praise, or a progress update. */
bool contact_is_positive(const char *purpose);

struct contact {
    int64_t id, pupil_id, school_id;
    char date[11];
    char time[6]; /* "HH:MM" or "" */
    const char *method, *purpose;
    const char *started_by; /* "school" or "family" */
    bool interpreter;
    const char *note;   /* or NULL */
    int64_t staff_id;   /* or 0 */
    int64_t *carer_ids; /* the carers it was with (also on reading); may be none */
    size_t n_carers;
    /* Filled on reading: */
    const char *staff_name;
    const char *carer_names; /* "Ms Amina Khan, Mr Omar Khan", or NULL */
    char upn[14];
    const char *pupil_name;
    const char *recorded_by, *recorded_at;
};

/* Check a contact before saving: date (not in the future), time, method,
 * purpose, who started it, the note's length, and that the carers are the
 * pupil's. Problems by field: "date", "time", "method", "purpose",
 * "started_by", "note", "carers". */
int contact_validate(struct db *db, const struct contact *c, struct problems *pr, struct err *e);
/* Add a contact and its carers in one transaction; sets c->id. Audited. */
int contact_add(struct db *db, struct contact *c, const struct audit_entry *who, struct err *e);

struct contact_filter {
    int64_t school_id; /* required */
    int64_t pupil_id;  /* 0 = any */
    const char *from;  /* YYYY-MM-DD or NULL */
    const char *to;    /* YYYY-MM-DD or NULL */
    int limit;         /* 0 = all */
};

/* Contacts matching f, newest first. Audited once as a list. */
int contact_list(struct db *db, struct arena *a, const struct contact_filter *f,
                 const struct audit_entry *who, struct contact **out, size_t *n, struct err *e);

/* One contact by id at school_id, read as contact_list reads it (names and
 * all). Not audited: contact_add audits its creation, and a page or call
 * that shows an existing contact audits that view. ERR_NOTFOUND when there
 * is no such contact at the school. */
int contact_get(struct db *db, struct arena *a, int64_t school_id, int64_t id, struct contact *out,
                struct err *e);

/* What the summary needs of each contact. */
struct contact_brief {
    char date[11];
    const char *method;
    const char *purpose;
};

struct contact_summary {
    int last_4_weeks, last_12_weeks;
    int positive_12_weeks;
    double positive_share; /* of the last 12 weeks' contacts; -1 when none */
    int methods_12_weeks;  /* different methods used in the last 12 weeks */
    char last_contact[11]; /* "" when none */
    int days_since_last;   /* -1 when none */
    bool good_news;        /* prompt: the last three were all about a concern */
    bool quiet;            /* prompt: no contact in the last 6 weeks */
};

/* Summarise one family's contacts, given newest first (ties by time, then
 * by entry); contacts dated after today are ignored. Pure. */
void contact_summarise(const struct contact_brief *cs, size_t n, struct date today,
                       struct contact_summary *out);

/* The prompt sentences for a summary, about the family of `name` (the
 * pupil's name), into msgs[2]; returns how many (0-2). Strings live in a. */
size_t contact_prompt_text(struct arena *a, const struct contact_summary *s, const char *name,
                           const char **msgs);

struct family_prompt {
    int64_t pupil_id;
    char upn[14];
    const char *name;
    int64_t key_teacher_id;
    const char *key_teacher;
    struct contact_summary summary;
    const char *messages[2];
    size_t n_messages;
};

struct prompt_filter {
    int64_t school_id;  /* required */
    int64_t teacher_id; /* 0 = everyone; else only this key teacher's pupils */
    bool whole_roll;    /* false: pupils in conversation scope only */
    bool with_prompts_only;
    struct date today;
};

/* Each family's summary and prompts, pupils on roll today. Audited once. */
int contact_prompts(struct db *db, struct arena *a, const struct prompt_filter *f,
                    const struct audit_entry *who, struct family_prompt **out, size_t *n,
                    struct err *e);

#endif
