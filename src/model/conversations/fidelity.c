#include "model/conversations/fidelity.h"

#include "core/str.h"

const struct fidelity_item_info fidelity_items[FID_N] = {
    { "four_stages", "All four stages recorded: Explore, Focus, Plan and Review",
      "record each of the four stages" },
    { "parent_first", "The parent's account was recorded before the focus was set",
      "start with the parent's account: what is going well, concerns and hopes" },
    { "focus_agreed", "The area of focus was agreed together",
      "agree the area of focus together with the parent" },
    { "target", "At least one target says who does it and when it will be reviewed",
      "give a target an owner (school, parent or pupil) and a review date" },
    { "pupil_views", "The pupil's views were recorded, or why they were not sought",
      "record the pupil's views, or the reason they were not sought" },
    { "next_meeting", "The next meeting was arranged", "arrange the date of the next meeting" },
};

void fidelity_check(const struct conversation *c, struct fidelity *out)
{
    bool all = true;
    for (int s = 0; s < STAGE_N; s++)
        all &= conversation_stage_recorded(c, (enum conv_stage)s);
    out->met[FID_FOUR_STAGES] = all;

    int ex = c->stage_seq[STAGE_EXPLORE], fo = c->stage_seq[STAGE_FOCUS];
    out->met[FID_PARENT_FIRST] = conversation_stage_recorded(c, STAGE_EXPLORE) &&
                                 conversation_stage_recorded(c, STAGE_FOCUS) && ex > 0 && fo > 0 &&
                                 ex < fo;

    out->met[FID_FOCUS_AGREED] = !str_blank(c->focus_area) && c->agreed_together;

    bool target = false;
    for (size_t i = 0; i < c->n_targets; i++) {
        const struct target *t = &c->targets[i];
        target |= !str_blank(t->what) && !str_blank(t->owner) && t->review_date[0] != '\0';
    }
    out->met[FID_TARGET] = target;

    out->met[FID_PUPIL_VIEWS] = !str_blank(c->pupil_views) || !str_blank(c->views_not_sought);
    out->met[FID_NEXT_MEETING] = c->next_meeting[0] != '\0';

    out->n_met = 0;
    for (int i = 0; i < FID_N; i++)
        out->n_met += out->met[i];
    out->score = (double)out->n_met / FID_N;
}

double fidelity_score(const struct conversation *c)
{
    struct fidelity f;
    fidelity_check(c, &f);
    return f.score;
}
