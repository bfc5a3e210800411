/* fidelity.h - how closely a structured conversation followed the AfA
 * four-stage model, scored on a checklist of six items (docs/fidelity.md):
 *
 *   1 four_stages   all four stages recorded (Explore, Focus, Plan, Review);
 *   2 parent_first  the parent's account (Explore) was saved before the
 *                   focus was set (Focus), by the order the stages were
 *                   first saved;
 *   3 focus_agreed  an area of focus was recorded and agreed together;
 *   4 target        at least one target says who does it and when it will
 *                   be reviewed;
 *   5 pupil_views   the pupil's views, or the reason they were not sought;
 *   6 next_meeting  the date of the next meeting is arranged.
 *
 * Fidelity is the share of items met, from 0 to 1. Pure functions: they
 * read only the record given (its stages' order comes from
 * conversation_get or conversation_list). */
#ifndef MESO_FIDELITY_H
#define MESO_FIDELITY_H

#include <stdbool.h>

#include "model/conversations/conversation.h"

enum fidelity_item {
    FID_FOUR_STAGES = 0,
    FID_PARENT_FIRST,
    FID_FOCUS_AGREED,
    FID_TARGET,
    FID_PUPIL_VIEWS,
    FID_NEXT_MEETING,
    FID_N
};

struct fidelity_item_info {
    const char *code;  /* "four_stages" */
    const char *label; /* a plain sentence for screens and letters */
    const char *todo;  /* what to do when it is not met */
};

extern const struct fidelity_item_info fidelity_items[FID_N];

struct fidelity {
    bool met[FID_N];
    int n_met;
    double score; /* n_met / FID_N */
};

void fidelity_check(const struct conversation *c, struct fidelity *out);
double fidelity_score(const struct conversation *c);

#endif
