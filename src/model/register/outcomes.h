/* outcomes.h - the other outcomes the Achievement for All evaluation
 * tracked, per pupil: attainment (subject, term, a score or level, and the
 * target), attendance per term, suspensions and exclusions (census category,
 * sessions, up to three reason codes), bullying incidents (recorded against
 * the child affected), and a rating of positive relationships.
 *
 * Code lists are data in the database (0004_measures.sql): exclusion
 * categories with their census codes, exclusion reason codes (DOMAIN.md
 * section 5, marked "to verify"; labels only where not in doubt) and
 * bullying types. Load them once with outcome_codes_load() and pass them to
 * the parsers.
 *
 * Each record has a natural key (a pupil's attainment per year, term and
 * subject; attendance per year and term; an exclusion per start date and
 * category; a bullying incident per date, type and reference; a rating per
 * date and rater). Saving the same again changes nothing; saving new values
 * for the same key updates them. Changes are audited here as `who`, in the
 * same transaction. Parsers write a plain reason into why and return 0 or
 * ERR_INPUT.
 */
#ifndef MESO_OUTCOMES_H
#define MESO_OUTCOMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;
struct audit_entry;
struct db;

enum outcome_save_result { OUTCOME_ADDED, OUTCOME_UPDATED, OUTCOME_UNCHANGED };

/* ---- code lists ---------------------------------------------------------- */

struct outcome_code {
    const char *code;
    const char *label;  /* NULL when not yet verified (exclusion reasons) */
    const char *census; /* exclusion categories only */
};

struct outcome_codes {
    struct outcome_code *categories; /* suspension, permanent */
    size_t n_categories;
    struct outcome_code *reasons; /* PP, PA, ... */
    size_t n_reasons;
    struct outcome_code *bullying; /* physical, verbal, ... */
    size_t n_bullying;
};

int outcome_codes_load(struct db *db, struct arena *a, struct outcome_codes *out, struct err *e);
/* The label of a code in a list, or NULL. */
const char *outcome_code_label(const struct outcome_code *list, size_t n, const char *code);

/* ---- terms --------------------------------------------------------------- */

/* The school year and term a row is for. term is "autumn", "spring" or
 * "summer" (also "Autumn term", "Aut", "Spr", "Sum"), optionally with the
 * year: "Autumn 2024", "Spring 2025" (both school year 2024), "Autumn
 * 2024-25" or "2024-25 Autumn". year is "2024" or "2024-25" or "" (then the
 * term must carry it). When both give a year they must agree. Sets
 * *school_year and *term_out (a static string). */
int outcome_parse_term(const char *term, const char *year, int *school_year, const char **term_out,
                       char *why, size_t cap);

/* ---- attainment ---------------------------------------------------------- */

struct attainment {
    int64_t id, pupil_id;
    int year;         /* school year */
    const char *term; /* autumn, spring, summer */
    const char *subject;
    const char *outcome; /* reading, writing or maths when the subject is one; else NULL */
    const char *result;  /* a score or level as recorded: "104", "EXS", "6b" */
    const char *target;  /* or NULL */
    const char *source, *recorded_by, *recorded_at;
};

/* The outcome code for a subject: reading, writing, maths, or NULL. */
const char *outcome_for_subject(const char *subject);
/* Checks the lengths of subject (1-60), result (1-40) and target (<= 40)
 * and fills a->outcome. Problems by field: "subject", "result", "target". */
struct problems;
void attainment_validate(struct attainment *a, struct problems *pr);

/* ---- attendance ---------------------------------------------------------- */

struct attendance {
    int64_t id, pupil_id;
    int year;
    const char *term;
    double percent;        /* 0-100, as given */
    int sessions_possible; /* -1 when not given */
    int sessions_attended; /* -1 when not given */
    const char *source, *recorded_by, *recorded_at;
};

/* A percentage: "94.5", "94.5%", "0.945" is NOT accepted (a fraction would
 * be ambiguous); 0 to 100. */
int outcome_parse_percent(const char *s, double *out, char *why, size_t cap);

/* ---- suspensions and exclusions ---------------------------------------- */

struct exclusion {
    int64_t id, pupil_id;
    const char *category; /* suspension or permanent */
    char start_date[11];
    int sessions;       /* half days; -1 when not given (permanent only) */
    char reasons[3][3]; /* up to three codes, "" when unused */
    const char *source, *recorded_by, *recorded_at;
};

/* A category: the code (suspension, permanent), its census code (FIXD,
 * PERM) or the words ("fixed period", "suspended", "permanent exclusion"). */
int outcome_parse_category(const struct outcome_codes *c, const char *s, const char **out,
                           char *why, size_t cap);
/* A reason code from the list (any case); "" stays "". */
int outcome_parse_reason(const struct outcome_codes *c, const char *s, char out[3], char *why,
                         size_t cap);

/* ---- bullying ------------------------------------------------------------ */

struct bullying {
    int64_t id, pupil_id; /* the child affected */
    char occurred_on[11];
    const char *type;      /* a bullying_type code */
    const char *reference; /* the school's own incident reference, or "" */
    const char *source, *recorded_by, *recorded_at;
};

/* A type by code or label (any case; "cyber" is online, "racist",
 * "homophobic" and "disablist" are prejudice); blank gives "other". */
int outcome_parse_bullying_type(const struct outcome_codes *c, const char *s, const char **out,
                                char *why, size_t cap);

/* ---- positive relationships --------------------------------------------- */

struct relationship_rating {
    int64_t id, pupil_id;
    char rated_on[11];
    const char *rater; /* teacher, parent, pupil */
    int rating;        /* 1-5 */
    const char *source, *recorded_by, *recorded_at;
};

/* The words for a rating, 1 to 5 (NULL outside): 1 "not yet", 2 "a few",
 * 3 "some", 4 "good", 5 "very good" positive relationships. */
const char *outcome_rating_label(int rating);
/* teacher (also T, staff, school), parent (carer, P), pupil (child, self). */
int outcome_parse_rater(const char *s, const char **out, char *why, size_t cap);

/* ---- saving and reading -------------------------------------------------- */

int attainment_save(struct db *db, const struct audit_entry *who, int64_t school_id,
                    struct attainment *x, const char *source, enum outcome_save_result *res,
                    struct err *e);
int attendance_save(struct db *db, const struct audit_entry *who, int64_t school_id,
                    struct attendance *x, const char *source, enum outcome_save_result *res,
                    struct err *e);
int exclusion_save(struct db *db, const struct audit_entry *who, int64_t school_id,
                   struct exclusion *x, const char *source, enum outcome_save_result *res,
                   struct err *e);
int bullying_save(struct db *db, const struct audit_entry *who, int64_t school_id,
                  struct bullying *x, const char *source, enum outcome_save_result *res,
                  struct err *e);
int relationship_save(struct db *db, const struct audit_entry *who, int64_t school_id,
                      struct relationship_rating *x, const char *source,
                      enum outcome_save_result *res, struct err *e);

/* Everything recorded for a pupil, oldest first; in a. */
struct pupil_outcomes {
    struct attainment *attainment;
    size_t n_attainment;
    struct attendance *attendance;
    size_t n_attendance;
    struct exclusion *exclusions;
    size_t n_exclusions;
    struct bullying *bullying;
    size_t n_bullying;
    struct relationship_rating *ratings;
    size_t n_ratings;
};

int outcome_list(struct db *db, struct arena *a, int64_t pupil_id, struct pupil_outcomes *out,
                 struct err *e);

#endif
