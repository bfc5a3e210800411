/* carer.h - parents and carers, and their links to pupils (many to many,
 * with the relationship, parental responsibility, "lives with" and a contact
 * priority on each link).
 *
 * A carer is recognised again on re-import by a match key: the MIS contact
 * id when the export has one, otherwise their name with their email, mobile,
 * home phone or postcode (the first one given). See docs/import.md.
 */
#ifndef MESO_CARER_H
#define MESO_CARER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;
struct db;
struct problems;

struct carer {
    int64_t id;
    int64_t school_id;
    const char *mis_id;
    const char *title;
    const char *forename;
    const char *surname;
    const char *phone_mobile, *phone_home, *phone_work;
    const char *email;
    const char *address_line1, *address_line2, *town, *postcode;
    const char *preferred_language;
    const char *preferred_contact; /* see carer_contact_methods, or NULL */
    bool interpreter_needed;
    const char *access_needs;
};

/* One carer's link to one pupil. */
struct carer_link {
    int64_t pupil_id, carer_id;
    const char *relationship;
    /* 1 yes, 0 no, CARER_PR_NOT_RECORDED when nobody has said: an export
     * without the column never makes it "no", and saving a link with it
     * not recorded keeps what staff confirmed earlier. */
    int parental_responsibility;
    bool lives_with;
    int contact_priority; /* 1 = contact first */
};
#define CARER_PR_NOT_RECORDED (-1)

/* "Yes", "No" or "Not recorded". */
const char *carer_pr_label(int parental_responsibility);

/* The ways a carer may prefer to be contacted, NULL-terminated. */
extern const char *const carer_contact_methods[];

int carer_parse_contact_method(const char *s, const char **out, char *why, size_t cap);
/* Normalise a relationship ("PAM", "Mum", "mother" all give "mother"). */
int carer_parse_relationship(const char *s, const char **out, char *why, size_t cap);

/* Field checks (email shape, phone characters, postcode shape); problems are
 * recorded by field name. */
void carer_validate(const struct carer *c, struct problems *pr);

/* The match key for c (see above), allocated in a. `fallback` is used when
 * the carer has no id and no contact detail (the importer passes the UPN, so
 * such a carer is not merged with anyone else). */
const char *carer_match_key(struct arena *a, const struct carer *c, const char *fallback);

enum carer_save_result { CARER_ADDED, CARER_UPDATED, CARER_UNCHANGED };

/* Which details a save changes (an import changes only the columns its file
 * has). */
enum carer_field {
    CF_MIS_ID = 1 << 0,
    CF_TITLE = 1 << 1,
    CF_FORENAME = 1 << 2,
    CF_SURNAME = 1 << 3,
    CF_MOBILE = 1 << 4,
    CF_HOME = 1 << 5,
    CF_WORK = 1 << 6,
    CF_EMAIL = 1 << 7,
    CF_ADDRESS = 1 << 8, /* both lines, town and postcode */
    CF_LANGUAGE = 1 << 9,
    CF_CONTACT = 1 << 10,
    CF_INTERPRETER = 1 << 11,
    CF_ACCESS = 1 << 12,
    CF_ALL = (1 << 13) - 1,
};

/* Add or update the carer with this match key at school_id; sets c->id. */
int carer_save(struct db *db, int64_t school_id, struct carer *c, const char *match_key,
               enum carer_save_result *result, struct err *e);
/* The same, changing only `fields` of a carer already there. A carer is
 * found by the match key or, failing that, as the same person: the same
 * forename and surname and at least one email, mobile, home phone or
 * postcode in common (so a contacts file with emails and a pupil export with
 * mobiles name one person once). */
int carer_save_fields(struct db *db, int64_t school_id, struct carer *c, const char *match_key,
                      unsigned fields, enum carer_save_result *result, struct err *e);

/* Create or update a link; *result says which (or that nothing changed). */
int carer_link(struct db *db, const struct carer_link *l, enum carer_save_result *result,
               struct err *e);

/* One carer by id, only at school_id (a wrong id from another school is
 * ERR_NOTFOUND even where a caller forgot to check). */
int carer_by_id(struct db *db, struct arena *a, int64_t school_id, int64_t id, struct carer *out,
                struct err *e);

/* Remove the link between a pupil and a carer (the carer stays). */
int carer_unlink(struct db *db, int64_t pupil_id, int64_t carer_id, struct err *e);

/* A school's carers by surname, a page at a time; *total counts them all. */
int carer_list(struct db *db, struct arena *a, int64_t school_id, int limit, int offset,
               struct carer **out, size_t *n, size_t *total, struct err *e);

/* Change a carer's details (c->id says which); the match key follows the
 * details (see carer_match_key). ERR_NOTFOUND when there is no such carer. */
int carer_update(struct db *db, struct arena *a, const struct carer *c, struct err *e);

/* A pupil's carers with their links, by contact priority. */
struct pupil_carer {
    struct carer carer;
    struct carer_link link;
};
int carer_list_for_pupil(struct db *db, struct arena *a, int64_t pupil_id, struct pupil_carer **out,
                         size_t *n, struct err *e);

/* The carer to contact first about pupil_id (the lowest contact priority,
 * then the lowest id), or *carer_id = 0 when they have none. */
/* *yes is true when the carer is one of the pupil's parents or carers (linked
 * to them). The one place this rule is written. */
int carer_of_pupil(struct db *db, int64_t pupil_id, int64_t carer_id, bool *yes, struct err *e);

int carer_first_contact(struct db *db, int64_t pupil_id, int64_t *carer_id, struct err *e);

/* "Ms Amina Khan" */
const char *carer_display_name(struct arena *a, const struct carer *c);

#endif
