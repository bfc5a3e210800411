/* story.h - Story Links: the story written in each session (its title, its
 * co-authors, its text, typed or uploaded as a plain-text file, and notes on
 * its reading level), a child's stories together (for the booklet and for
 * the parent's own page), and the teaching assistant's follow-up reading
 * sessions (two of 20 minutes a week).
 *
 * Only programmes whose template has stories take them. A parent sees the
 * stories of their own children whose consent was given
 * (story_list_for_pupil). Every function appends to the audit trail as
 * `who`. Functions that can fail return 0 or a negative err_code and fill
 * e; everything returned lives in the arena given.
 */
#ifndef MESO_STORY_H
#define MESO_STORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;
struct audit_entry;
struct db;
struct problems;

#define STORY_TITLE_MAX  200
#define STORY_TEXT_MAX   20000 /* bytes: about two A4 pages is 5,000-6,000 */
#define STORY_UPLOAD_MAX (64 * 1024)

struct story {
    int64_t id, session_id, enrolment_id;
    const char *title;
    const char *coauthors;     /* "Mrs Price, Jayden, Mum, Mr Ali"; or NULL */
    const char *body;          /* the story's text; paragraphs split by blank lines */
    const char *reading_level; /* notes on the reading level; or NULL */
    bool uploaded;             /* from a file rather than typed */
    const char *filename;      /* the uploaded file's name, or NULL */
    /* Filled on reading: */
    int64_t provision_id, pupil_id;
    int session_seq;
    char session_date[11];
    const char *programme; /* the programme's name */
};

/* Check a story before saving. Problems by field: title, body,
 * coauthors, reading_level. */
void story_validate(const struct story *s, struct problems *pr);

/* Text from an uploaded file for a story's body: plain UTF-8 text (a byte
 * order mark and CRLF line endings are fine) of at most STORY_UPLOAD_MAX
 * bytes, with no NUL or control characters other than tab and newline.
 * Returns 0 with *out in the arena, or ERR_INPUT with a reason in e ("the
 * file is not plain text: save it as .txt"). */
int story_text_from_upload(struct arena *a, const char *data, size_t len, const char **out,
                           struct err *e);

/* Save a session's story for an enrolment: added, or replacing the one
 * there. The session must be in the enrolment's programme, and the
 * programme's template must have stories. Sets s->id. */
int story_save(struct db *db, struct story *s, const struct audit_entry *who, struct err *e);

/* One story. ERR_NOTFOUND when there is none. Audited as a view. */
int story_get(struct db *db, struct arena *a, int64_t id, const struct audit_entry *who,
              struct story *out, struct err *e);

/* A child's stories in one enrolment (by session), or in every programme
 * they are enrolled in with consent given (by programme, then session).
 * Audited as a list. */
int story_list_for_enrolment(struct db *db, struct arena *a, int64_t enrolment_id,
                             const struct audit_entry *who, struct story **out, size_t *n,
                             struct err *e);
int story_list_for_pupil(struct db *db, struct arena *a, int64_t pupil_id,
                         const struct audit_entry *who, struct story **out, size_t *n,
                         struct err *e);
/* How many stories story_list_for_pupil would list (not audited: it says
 * only whether there are any, for a link). */
int story_count_for_pupil(struct db *db, int64_t pupil_id, long *n, struct err *e);

struct reading_session {
    int64_t id, enrolment_id;
    char read_on[11];
    int minutes;
    int64_t staff_id;       /* who read with the child, or 0 */
    const char *staff_name; /* filled on reading */
    int64_t story_id;       /* the story read, or 0 */
    const char *notes;
};

/* Log a follow-up reading session. ERR_INPUT for a date after today,
 * minutes outside 1-240, or staff from another school. Sets r->id. */
int reading_add(struct db *db, struct reading_session *r, const struct audit_entry *who,
                struct err *e);
/* An enrolment's reading sessions, oldest first. */
int reading_list(struct db *db, struct arena *a, int64_t enrolment_id, struct reading_session **out,
                 size_t *n, struct err *e);

#endif
