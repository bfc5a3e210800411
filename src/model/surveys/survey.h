/* survey.h - a parent's voice (issue 18, part 4): a short survey of how a
 * family experiences working with the school.
 *
 * Five statements in meso's own words (not a published questionnaire), one
 * for each thing the partnership is about: being listened to, knowing what
 * is happening, targets agreed together, confidence to help at home, and
 * ease of contact. Each is answered 1 "No", 2 "Not really", 3 "Mostly" or
 * 4 "Yes"; a statement may be left out.
 *
 * Score: the mean of the answered statements on 0-100, (mean - 1) / 3 *
 * 100, when at least SURVEY_MIN_ANSWERS are answered; otherwise none.
 *
 * A school sends the survey in rounds (once or twice a year): through the
 * portal to every parent with an account while the round is open, and on
 * paper with a short code per child's family (made by a lead, shown once,
 * stored hashed, used once; entered at /survey, throttled by address as
 * /join is). A response is kept with the child (the evaluation reads it as
 * an outcome, evaldata.h "parent-voice"); results are counts, suppressed
 * below 5 (surveyreport.h). Every change is audited in its transaction.
 */
#ifndef MESO_SURVEY_H
#define MESO_SURVEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/err.h"

struct arena;
struct audit_entry;
struct db;
struct problems;

#define SURVEY_N_ITEMS     5
#define SURVEY_N_ANSWERS   4
#define SURVEY_MIN_ANSWERS 3
#define SURVEY_CODE_LEN    8 /* characters of SECRET_ALPHABET: about 39 bits */

/* The statements and the answers, in the words a parent reads (kept here,
 * in one place, to be translated with the portal). */
struct survey_item {
    const char *code;      /* "listened", "informed", "targets", "at_home", "contact" */
    const char *statement; /* "When I talk to the school, I feel listened to." */
    const char *topic;     /* a short name for staff's tables: "Feeling listened to" */
};
extern const struct survey_item survey_items[SURVEY_N_ITEMS];
extern const char *const survey_answer_labels[SURVEY_N_ANSWERS]; /* for 1..4 */

/* The score (0-100) of answers[SURVEY_N_ITEMS] (0 = left out), or -1 with
 * fewer than SURVEY_MIN_ANSWERS. Pure. */
double survey_score(const int answers[SURVEY_N_ITEMS]);

struct survey_round {
    int64_t id, school_id;
    const char *name;
    char opens_on[11], closes_on[11];
    int responses; /* filled by survey_rounds() */
};

/* Problems by field: "name" (required, at most 200 bytes), "opens_on" and
 * "closes_on" (dates; closes on or after it opens; open for at most a year). */
void survey_round_validate(const struct survey_round *r, struct problems *pr);
/* Add a round (validated: ERR_INPUT otherwise); sets r->id. Audited. */
int survey_round_add(struct db *db, struct survey_round *r, const struct audit_entry *who,
                     struct err *e);
/* A school's rounds, newest first, with their response counts. */
int survey_rounds(struct db *db, struct arena *a, int64_t school_id, struct survey_round **out,
                  size_t *n, struct err *e);
/* One round of the school. ERR_NOTFOUND when there is none. */
int survey_round_get(struct db *db, struct arena *a, int64_t school_id, int64_t id,
                     struct survey_round *out, struct err *e);
/* The round open at school_id on `on` (the latest to open, when several
 * are), or ERR_NOTFOUND. */
int survey_round_open(struct db *db, struct arena *a, int64_t school_id, const char *on,
                      struct survey_round *out, struct err *e);

/* Answers: 0 for a statement left out, else 1..4. Problems by field ("a1"
 * .. "a5"): a value out of range; and on "a1" when nothing is answered. */
void survey_answers_validate(const int answers[SURVEY_N_ITEMS], struct problems *pr);

/* A parent's answers through the portal for their child in round_id;
 * replaces their earlier answers in the round. Audited (with the child). */
int survey_answer_portal(struct db *db, int64_t round_id, int64_t school_id, int64_t pupil_id,
                         int64_t carer_id, const int answers[SURVEY_N_ITEMS],
                         const struct audit_entry *who, struct err *e);
/* Whether this carer has answered for this child in the round. */
int survey_answered(struct db *db, int64_t round_id, int64_t pupil_id, int64_t carer_id, bool *out,
                    struct err *e);

/* Answers given on paper with a code: the code must be one of an open
 * round's, unused; it is then used, in the same transaction. ERR_NOTFOUND
 * for a code that does not work (wrong, used, or its round is not open);
 * the caller throttles attempts. Audited. */
int survey_answer_code(struct db *db, const char *code, const char *today,
                       const int answers[SURVEY_N_ITEMS], const struct audit_entry *who,
                       struct err *e);

/* A code for each child on roll at the school in round_id who has no
 * answered paper response in it yet; codes not yet used for the round are
 * replaced. In the arena, by year group and name, shown once. Audited. */
struct survey_slip {
    int64_t pupil_id;
    const char *name;
    char nc_year[4];
    char code[SURVEY_CODE_LEN + 1];
};
int survey_codes_make(struct db *db, struct arena *a, int64_t school_id, int64_t round_id,
                      const struct audit_entry *who, struct survey_slip **out, size_t *n,
                      struct err *e);

#endif
