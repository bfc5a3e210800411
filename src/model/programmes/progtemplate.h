/* progtemplate.h - programme templates, kept as data: what a programme is
 * (its sessions and their length, the agenda that is its fidelity
 * checklist, the team roles with their minimums, hubs, the rule for
 * completing or graduating, follow-on meetings, Story Links' stories, turn
 * order and follow-up reading, the outcomes it targets and the measure it is
 * evaluated with, and the invitation sent to families).
 *
 * A template is text in the format "format meso-programme 1", one
 * `key value` per line (docs/programmes.md). The built-in ones (FAST, Story
 * Links, a generic group and a generic individual programme) are rows of
 * migration 0005; a school adds its own with `meso template add FILE`. The
 * same parser reads both, so a built-in one exported with
 * `meso template show KEY --definition` is a school's starting point.
 *
 * Parsing is pure; every problem is "FILE:LINE: reason" (or "FILE: reason"
 * for the whole file). Everything returned lives in the arena given.
 * Functions that can fail return 0 or a negative err_code and fill e.
 */
#ifndef MESO_PROGTEMPLATE_H
#define MESO_PROGTEMPLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;
struct buf;
struct db;

#define PT_FILE_MAX    (64 * 1024) /* bytes in a definition */
#define PT_LINE_MAX    1000        /* bytes in one line */
#define PT_NAME_MAX    40          /* keys, role codes, outcome codes */
#define PT_MAX_AGENDA  20
#define PT_MAX_ROLES   12
#define PT_MAX_OUTCOME 16
#define PT_MAX_INVITE  8

enum pt_kind {
    PT_GROUP = 0,  /* families (or pupils) together, in hubs when set */
    PT_INDIVIDUAL, /* one pupil (and their parent) at a time */
};

/* Who must come for a family to count as attending a session. */
enum pt_counts {
    PT_COUNTS_BOTH = 0, /* the child and a parent */
    PT_COUNTS_CHILD,
    PT_COUNTS_PARENT,
    PT_COUNTS_EITHER,
};

/* "group", "individual"; "both", "child", "parent", "either" (NULL-ended). */
extern const char *const pt_kind_names[];
extern const char *const pt_counts_names[];

/* The placeholders an invitation paragraph may use. */
extern const char *const pt_invite_fields[]; /* child, parent, school, programme, first_date */

struct pt_agenda_item {
    int minutes;
    const char *label;
};

struct pt_role {
    const char *code; /* "parent-partner" */
    int min;          /* at least this many on the team (0: optional) */
    const char *label;
};

struct progtemplate {
    int64_t id;        /* 0 until stored */
    int64_t school_id; /* 0: built in */
    const char *key, *name, *description, *source;
    enum pt_kind kind;
    int sessions;              /* weekly sessions */
    int session_minutes;       /* each */
    int writeup_minutes;       /* staff time after each session (Story Links' write-up) */
    int interval_days;         /* between sessions: 7 */
    int complete_at;           /* sessions attended to complete (graduate) */
    const char *complete_word; /* "graduated" or "completed" */
    enum pt_counts counts_when;
    bool commitment_session; /* an initial session before the weekly ones */
    bool stories;            /* a story is written in each session */
    int hub_min, hub_max;    /* families per hub; 0 when there are no hubs */
    int max_families;        /* 0: no limit */
    int age_min, age_max;    /* -1: no limit */
    int followon_months;     /* months between follow-on meetings; 0: none */
    int followon_for_months; /* for how long after the programme */
    int reading_per_week;    /* follow-up reading sessions a week; 0: none */
    int reading_minutes;
    const char *turn_order; /* "teacher, pupil, parent, ..." or NULL */
    int turn_rounds_min, turn_rounds_max;
    const char *tier; /* the default tier: universal, selected or indicated */
    const char *outcomes[PT_MAX_OUTCOME];
    size_t n_outcomes;
    /* The measure the programme is evaluated with before and after. */
    const char *measure_instrument, *measure_score; /* or NULL */
    int measure_better;                             /* -1 lower is better, +1 higher */
    bool has_reliability;                           /* test-retest r and SD for reliable change */
    double retest_r, sd;
    const char *reliability_source;
    struct pt_agenda_item agenda[PT_MAX_AGENDA];
    size_t n_agenda;
    struct pt_role roles[PT_MAX_ROLES];
    size_t n_roles;
    const char *invite_title;
    const char *invite[PT_MAX_INVITE];
    size_t n_invite;
    const char *definition; /* the text it was read from */
};

/* Parse a definition of len bytes (name is used in messages). ERR_INPUT
 * with "name:LINE: reason", or ERR_NOMEM. Outcome codes are checked only for
 * their form here; progtemplate_add() checks them against the shared list. */
int progtemplate_parse(struct arena *a, const char *name, const char *text, size_t len,
                       struct progtemplate *out, struct err *e);

/* Read and parse a file (ERR_NOTFOUND when it cannot be read). */
int progtemplate_load(struct arena *a, const char *path, struct progtemplate *out, struct err *e);

/* The label of a role code, or the code itself when the template has none. */
const char *progtemplate_role_label(const struct progtemplate *t, const char *code);
/* "families" when parents take part, else "pupils". */
const char *progtemplate_people(const struct progtemplate *t);

/* Add a school's own template from its definition text. ERR_INPUT for a
 * malformed definition or an outcome not in the shared list; ERR_CONFLICT
 * when the key is taken (by a built-in template or the school's own). Sets
 * out (when not NULL). */
int progtemplate_add(struct db *db, struct arena *a, int64_t school_id, const char *name,
                     const char *text, size_t len, const char *actor, struct progtemplate *out,
                     struct err *e);

/* One template by id, or by key (the school's own, else a built-in one).
 * ERR_NOTFOUND when there is none. */
int progtemplate_get(struct db *db, struct arena *a, int64_t id, struct progtemplate *out,
                     struct err *e);
int progtemplate_by_key(struct db *db, struct arena *a, int64_t school_id, const char *key,
                        struct progtemplate *out, struct err *e);

/* The templates a school can use: built-in ones first, then its own, by key. */
int progtemplate_list(struct db *db, struct arena *a, int64_t school_id, struct progtemplate **out,
                      size_t *n, struct err *e);

#endif
