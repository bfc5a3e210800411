/* conversation.h - Structured Conversations with Parents (Achievement for
 * All, strand 2): the record of each conversation with its four stages,
 * the targets agreed in it (which outlive it, through their reviews), and
 * the parents' own views given ahead of the next conversation.
 *
 * The four stages:
 *   Explore  the parent's account, in the parent's words: what is going
 *            well, concerns, hopes;
 *   Focus    priorities, and the area of focus agreed together;
 *   Plan     targets: what, who does it (school, parent or pupil), how we
 *            will know, and when we will look at it again;
 *   Review   summary, next steps, the next meeting, and how we keep in
 *            touch in between.
 *
 * The record keeps when each stage was first saved and in which order
 * (conversation_stage), so fidelity can tell whether the parent's account
 * came before the focus was set. A save that records several stages at
 * once records them in the order the caller gives (the order of the form's
 * fields or the command's options); see docs/fidelity.md.
 *
 * Every function that reads or changes a child's record appends to the audit
 * trail as `who` (only who->actor and who->address are used). Functions that
 * can fail return 0 or a negative err_code and fill e; everything returned
 * lives in the arena given.
 */
#ifndef MESO_CONVERSATION_H
#define MESO_CONVERSATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;
struct audit_entry;
struct db;
struct problems;

enum conv_stage { STAGE_EXPLORE = 0, STAGE_FOCUS, STAGE_PLAN, STAGE_REVIEW, STAGE_N };

/* NULL-terminated lists of the codes the schema accepts. */
extern const char *const conv_stage_names[]; /* explore, focus, plan, review */
extern const char *const conv_statuses[];    /* planned, draft, complete */
extern const char *const target_owners[];    /* school, parent, pupil */
extern const char *const target_statuses[];  /* open, progressing, achieved, changed, stopped */
extern const char *const conv_ways[];        /* in_person, phone, video */

#define CONV_TEXT_MAX   4000 /* the longest text a field may hold, in bytes */
#define TARGET_WHAT_MAX 2000 /* a target's own text, in bytes (the schema's limit) */

struct target_review {
    int64_t id, target_id;
    int64_t conversation_id; /* the conversation it was reviewed in, or 0 */
    char reviewed_on[11];
    const char *status;
    const char *note; /* or NULL */
    bool parent_took_part;
    const char *recorded_by;
};

struct target {
    int64_t id, conversation_id, pupil_id;
    const char *what;
    const char *owner;             /* school, parent or pupil */
    const char *how_we_know;       /* or NULL */
    char review_date[11];          /* or "" */
    const char *status;            /* the latest; "open" until first reviewed */
    char set_on[11];               /* the conversation's date */
    struct target_review *reviews; /* oldest first */
    size_t n_reviews;
};

struct conv_carer {
    int64_t carer_id;
    const char *name;         /* filled on reading */
    const char *relationship; /* filled on reading */
    bool invited, attended;
};

struct parent_view {
    int64_t id, pupil_id, carer_id;
    const char *carer_name; /* filled on reading */
    char given_on[11];
    const char *going_well, *worries, *to_talk_about; /* any may be NULL */
    int64_t conversation_id; /* the conversation it opened, or 0 while pending */
};

struct conversation {
    int64_t id, pupil_id, school_id;
    int64_t staff_id;       /* the key teacher who held it, or 0 */
    const char *staff_name; /* filled on reading */
    char event_date[11];
    const char *status; /* planned, draft or complete */
    struct conv_carer *carers;
    size_t n_carers;
    bool pupil_present;
    const char *others; /* others present, free text */
    /* How it was held: "in_person", "phone", "video", or NULL (not said). */
    const char *way;
    /* Arranged, and the family did not come: kept as its own record (status
     * "planned"), never counted as held. */
    bool did_not_come;
    /* Why the family's views are not in the record, when they are not. */
    const char *family_views_note;
    /* Explore */
    const char *going_well, *concerns, *hopes;
    /* Focus */
    const char *priorities, *focus_area;
    bool agreed_together;
    /* Plan: on saving, targets with id 0 are added; others are left alone
     * (change them through target_review). */
    struct target *targets;
    size_t n_targets;
    /* Review */
    const char *summary, *next_steps, *keep_in_touch;
    char next_meeting[11]; /* or "" */
    /* The pupil's views, or the reason they were not sought. */
    const char *pupil_views, *views_not_sought;
    /* Shared with the family: shared_on is "" until it is. */
    char shared_on[11];
    const char *shared_how;
    /* Filled on reading: the order each stage was first saved in (1 = first,
     * 0 = not yet) and when. */
    int stage_seq[STAGE_N];
    const char *stage_saved_at[STAGE_N];
    const char *recorded_by, *created_at, *updated_at;
    /* Filled on reading: the parents' views that opened this conversation. */
    struct parent_view *views;
    size_t n_views;
};

/* True when the stage has something recorded: Explore any of going well,
 * concerns, hopes; Focus the priorities or the area of focus; Plan at least
 * one target; Review any of summary, next steps, next meeting, keeping in
 * touch. */
bool conversation_stage_recorded(const struct conversation *c, enum conv_stage s);

/* Held: complete, and a parent or carer took part (in person, by phone or
 * by video). A conversation the family did not come to, a draft, or one
 * with no carer marked as having come is not held. */
bool conversation_held(const struct conversation *c);

/* The prompt after a meeting the family did not come to: never blame,
 * offer another time or way. */
#define CONV_TRY_AGAIN                                                                       \
    "Try another time or another way: a phone or video call, a visit, or a time that suits " \
    "the family better."

/* The same rule as an SQL condition over a conversation aliased v, pasted
 * into the model's queries as a literal. */
#define CONV_HELD_SQL                                                         \
    "(v.status = 'complete' AND v.did_not_come = 0 AND EXISTS (SELECT 1 FROM" \
    " conversation_carer cc WHERE cc.conversation_id = v.id AND cc.attended = 1))"

/* What a record needs before it can be marked complete (and so shared):
 * a parent or carer who took part, at least one agreed target, and the
 * family's views (the Explore stage) or a note of why they are not there.
 * Adds a problem for each missing part: "carers", "target",
 * "family_views"; a record the family did not come to: "status". Pure. */
void conversation_minimum(const struct conversation *c, struct problems *pr);

/* Parse a code from its list (any case, spaces or hyphens for
 * underscores); *out points into the list. 0 or ERR_INPUT. */
int conversation_parse_stage(const char *s, enum conv_stage *out);
int conversation_parse_status(const char *s, const char **out);
int target_parse_owner(const char *s, const char **out);
int target_parse_status(const char *s, const char **out);
int conversation_parse_way(const char *s, const char **out);

/* Check a record before saving. Problems by field: "event_date", "status",
 * "carers", "next_meeting", "shared_on", "target" (with the target's
 * number in the message), "way", and each text field by its name when too
 * long. A complete record must not be dated in the future and must meet
 * conversation_minimum(); a record the family did not come to stays
 * "planned", with nobody marked as having come. Carers must be linked to
 * the pupil (checked in the database). */
int conversation_validate(struct db *db, const struct conversation *c, struct problems *pr,
                          struct err *e);

/* Add a conversation (and its carers, targets and stages) in one
 * transaction; sets c->id and the targets' ids. order lists the stages in
 * the order they were given (NULL: Explore, Focus, Plan, Review); stages
 * with something recorded are stamped in that order. The parent's views
 * still pending for the pupil, given on or before the event date, are
 * linked to it (they open its Explore stage). */
int conversation_create(struct db *db, struct conversation *c, const enum conv_stage *order,
                        size_t n_order, const struct audit_entry *who, struct err *e);

/* Save changes to a conversation read with conversation_get(): every field,
 * the carers (replaced), and new targets (id 0). Stages recorded for the
 * first time are stamped after those already recorded, in `order`. */
int conversation_update(struct db *db, struct conversation *c, const enum conv_stage *order,
                        size_t n_order, const struct audit_entry *who, struct err *e);

/* One conversation with everything it holds; ERR_NOTFOUND when there is
 * none. Audited as a view. */
int conversation_get(struct db *db, struct arena *a, int64_t id, const struct audit_entry *who,
                     struct conversation *out, struct err *e);

struct conv_filter {
    int64_t school_id;  /* required */
    int64_t pupil_id;   /* 0 = any */
    int64_t staff_id;   /* 0 = any: the teacher who held it */
    int year;           /* 0 = any; else the school year of the event date */
    const char *status; /* NULL = any */
};

/* Conversations matching f, newest first, each read in full. Audited once
 * as a list; with no who, not at all (the caller audits what it shows: the
 * LA view's figures, which name no child). */
int conversation_list(struct db *db, struct arena *a, const struct conv_filter *f,
                      const struct audit_entry *who, struct conversation **out, size_t *n,
                      struct err *e);

/* What the web layer needs to know about a conversation before reading it
 * (so a refusal is never audited as a view): whose it is, its status, and
 * whether it has been shared with the family. Not audited. */
struct conv_ref {
    int64_t id, pupil_id, school_id;
    const char *status; /* points into conv_statuses */
    bool shared;
};
/* ERR_NOTFOUND when there is no such conversation. */
int conversation_ref(struct db *db, int64_t id, struct conv_ref *out, struct err *e);

/* True when the family may see the record: it is complete and has been
 * shared with them (conversation_share). Drafts and planned conversations
 * are never shown to families, even if shared_on is set. */
bool conversation_family_may_see(const char *status, bool shared);

/* Record that the conversation's record was given to the family on `on`
 * (YYYY-MM-DD), and how ("printed copy", "email"); how may be NULL.
 * ERR_INPUT unless the record is complete (conversation_minimum). */
int conversation_share(struct db *db, int64_t id, const char *on, const char *how,
                       const struct audit_entry *who, struct err *e);

/* Check one new target, for a form that adds targets one at a time.
 * Problems by field: "what" (blank or too long), "owner" (not school,
 * parent or pupil), "how_we_know" (too long), "review_date" (not a date, or
 * before event_date when that is given). Messages are sentences for a
 * form, starting with a capital. */
void target_validate(const struct target *t, const char *event_date, struct problems *pr);

/* Add a target to a saved conversation (stamping its Plan stage); sets
 * t->id. Problems are the caller's (see conversation_validate). */
int target_add(struct db *db, struct target *t, const struct audit_entry *who, struct err *e);

/* Review a target: its status moves to r->status (the history keeps every
 * review). ERR_NOTFOUND for an unknown target, ERR_INPUT for an unknown
 * status or a date before the target was set. */
int target_review(struct db *db, struct target_review *r, const struct audit_entry *who,
                  struct err *e);

/* One target with its reviews, or all of a pupil's targets (newest first). */
int target_get(struct db *db, struct arena *a, int64_t id, struct target *out, struct err *e);
int target_list(struct db *db, struct arena *a, int64_t pupil_id, const struct audit_entry *who,
                struct target **out, size_t *n, struct err *e);

/* Record a parent's or carer's own views ahead of the next conversation.
 * ERR_INPUT when all three are blank or the carer is not linked to the
 * pupil. Sets v->id. */
int parent_view_add(struct db *db, struct parent_view *v, const struct audit_entry *who,
                    struct err *e);
/* The views not yet taken up by a conversation, oldest first: these open
 * the next conversation's Explore stage. */
int parent_view_pending(struct db *db, struct arena *a, int64_t pupil_id,
                        const struct audit_entry *who, struct parent_view **out, size_t *n,
                        struct err *e);
/* Every view a pupil's parents have given, newest first. */
int parent_view_list(struct db *db, struct arena *a, int64_t pupil_id,
                     const struct audit_entry *who, struct parent_view **out, size_t *n,
                     struct err *e);

#endif
