/* convform.h - a conversation record as "key: value" fields, the one form
 * shared by the command line (options and standard input) and, later, any
 * import. Text looks like this:
 *
 *     # lines starting with # are ignored, as are blank lines
 *     date: 2025-01-15
 *     carers: 12, 13
 *     going well: Sam has made a friend in class and talks about her
 *     concerns: mornings are hard; Sam is often upset at the door
 *       (a line starting with a space or tab continues the one before)
 *     focus: settling in the mornings
 *     agreed together: yes
 *     target: a calm start: Sam hangs her coat and feeds the fish | school | fewer upset mornings |
 * 2025-03-01 next meeting: 2025-03-20
 *
 * Keys ignore case, spaces, hyphens and underscores. The keys, by stage:
 *   record:   date, status, teacher (email), carers (ids that came),
 *             invited (ids invited who did not come), pupil present,
 *             others
 *   Explore:  going well, concerns, hopes
 *   Focus:    priorities, focus (or area of focus), agreed together
 *   Plan:     target (repeat for each): WHAT | OWNER | HOW WE WILL KNOW |
 *             REVIEW DATE, with OWNER school, parent or pupil
 *   Review:   summary, next steps, next meeting, keep in touch
 *   pupil:    pupil views, views not sought (the reason)
 *   sharing:  shared on, shared how
 * The stages are recorded in the order their first field appears.
 */
#ifndef MESO_CONVFORM_H
#define MESO_CONVFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/conversations/conversation.h"

struct arena;
struct problems;

struct convform_field {
    const char *key;   /* as written */
    const char *value; /* trimmed; continuation lines joined with "\n" */
    long line;         /* 0 when not from text */
    const char *place; /* the field name for problems ("--going-well"), or NULL: the key */
};

/* Split text into fields. Problems (by line, field "form") for a line that
 * is not "key: value". Fields and values live in the arena. Returns 0, or
 * ERR_NOMEM. */
int convform_parse(struct arena *a, const char *text, size_t len, struct convform_field **out,
                   size_t *n, struct problems *pr);

/* What the form says beyond the record itself (for the caller to resolve). */
struct convform_extra {
    const char *teacher_email; /* NULL when not given */
    int64_t *came;             /* carers who came */
    size_t n_came;
    bool came_given;
    int64_t *invited; /* invited, did not come */
    size_t n_invited;
    bool invited_given;
};

/* Apply fields to c in order: text fields are set (replacing what was
 * there), targets are added, and each stage is appended to order[] (room
 * for STAGE_N) when its first field with a value is seen. Problems by the
 * field's place (or key) and line. */
int convform_apply(struct arena *a, const struct convform_field *fs, size_t n,
                   struct conversation *c, struct convform_extra *x, enum conv_stage *order,
                   size_t *n_order, struct problems *pr);

#endif
