#include "model/conversations/conversation.h"

/* conv_rules.c - the rules of a conversation record: its codes, when a stage
 * counts as recorded, the minimum for a complete record, and validation
 * (model/conversations/conversation.h). Storing and reading records is in
 * conversation.c. */

#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "db/db.h"
#include "model/register/audit.h"
#include "model/register/carer.h"

const char *const conv_stage_names[] = { "explore", "focus", "plan", "review", NULL };
const char *const conv_statuses[] = { "planned", "draft", "complete", NULL };
const char *const target_owners[] = { "school", "parent", "pupil", NULL };
const char *const target_statuses[] = { "open",    "progressing", "achieved",
                                        "changed", "stopped",     NULL };
const char *const conv_ways[] = { "in_person", "phone", "video", NULL };

static bool has(const char *s)
{
    return !str_blank(s);
}

bool conversation_stage_recorded(const struct conversation *c, enum conv_stage s)
{
    switch (s) {
    case STAGE_EXPLORE:
        return has(c->going_well) || has(c->concerns) || has(c->hopes);
    case STAGE_FOCUS:
        return has(c->priorities) || has(c->focus_area);
    case STAGE_PLAN:
        return c->n_targets > 0;
    case STAGE_REVIEW:
        return has(c->summary) || has(c->next_steps) || has(c->keep_in_touch) || c->next_meeting[0];
    default:
        return false;
    }
}

static bool someone_came(const struct conversation *c)
{
    for (size_t i = 0; i < c->n_carers; i++)
        if (c->carers[i].attended)
            return true;
    return false;
}

bool conversation_held(const struct conversation *c)
{
    return c->status && !strcmp(c->status, "complete") && !c->did_not_come && someone_came(c);
}

void conversation_minimum(const struct conversation *c, struct problems *pr)
{
    if (c->did_not_come) {
        problems_add(pr, "status",
                     "the family did not come to this meeting, so it cannot be completed; "
                     "arrange another time or another way to talk");
        return;
    }
    if (!someone_came(c))
        problems_add(pr, "carers",
                     "say which parent or carer took part (in person, by phone or by video)");
    if (c->n_targets == 0)
        problems_add(pr, "target", "agree at least one target together before completing");
    if (!conversation_stage_recorded(c, STAGE_EXPLORE) && !has(c->family_views_note))
        problems_add(pr, "family_views",
                     "add the family's views (Explore), or a note of why they are not here");
}

static int parse_code(const char *s, const char *const *list, const char **out)
{
    int i = str_key_index(s, list);
    if (i < 0)
        return ERR_INPUT;
    *out = list[i];
    return 0;
}

int conversation_parse_stage(const char *s, enum conv_stage *out)
{
    const char *code;
    if (parse_code(s, conv_stage_names, &code) != 0)
        return ERR_INPUT;
    for (int i = 0; i < STAGE_N; i++)
        if (code == conv_stage_names[i])
            *out = (enum conv_stage)i;
    return 0;
}

int conversation_parse_status(const char *s, const char **out)
{
    return parse_code(s, conv_statuses, out);
}

int target_parse_owner(const char *s, const char **out)
{
    return parse_code(s, target_owners, out);
}

int conversation_parse_way(const char *s, const char **out)
{
    return parse_code(s, conv_ways, out);
}

int target_parse_status(const char *s, const char **out)
{
    return parse_code(s, target_statuses, out);
}

static bool in_list(const char *s, const char *const *list)
{
    for (const char *const *c = list; s && *c; c++)
        if (!strcmp(*c, s))
            return true;
    return false;
}

static void check_len(struct problems *pr, const char *field, const char *s)
{
    if (s && strlen(s) > CONV_TEXT_MAX)
        problems_add(pr, field, "this is longer than %d characters; please shorten it",
                     CONV_TEXT_MAX);
    else if (s && !str_utf8_valid(s, strlen(s)))
        problems_add(pr, field, "this is not valid UTF-8 text");
}

static void validate_target(const struct target *t, size_t i, const char *event_date,
                            struct problems *pr)
{
    if (str_blank(t->what))
        problems_add(pr, "target", "target %zu: say what the target is", i + 1);
    else if (strlen(t->what) > TARGET_WHAT_MAX)
        problems_add(pr, "target", "target %zu: the text is longer than %d characters", i + 1,
                     TARGET_WHAT_MAX);
    if (!in_list(t->owner, target_owners))
        problems_add(pr, "target", "target %zu: say who does it: school, parent or pupil", i + 1);
    struct date d;
    if (t->review_date[0] && date_parse(t->review_date, &d) != 0)
        problems_add(pr, "target", "target %zu: the review date is not a date (YYYY-MM-DD)", i + 1);
    else if (t->review_date[0] && event_date && strcmp(t->review_date, event_date) < 0)
        problems_add(pr, "target", "target %zu: the review date is before the conversation", i + 1);
    check_len(pr, "target", t->how_we_know);
}

void target_validate(const struct target *t, const char *event_date, struct problems *pr)
{
    if (str_blank(t->what))
        problems_add(pr, "what", "Say what the target is");
    else if (strlen(t->what) > TARGET_WHAT_MAX)
        problems_add(pr, "what", "Keep the target under %d characters", TARGET_WHAT_MAX);
    else if (!str_utf8_valid(t->what, strlen(t->what)))
        problems_add(pr, "what", "This is not valid UTF-8 text");
    if (!in_list(t->owner, target_owners))
        problems_add(pr, "owner", "Choose who does it: the school, the parent or the pupil");
    if (t->how_we_know && strlen(t->how_we_know) > CONV_TEXT_MAX)
        problems_add(pr, "how_we_know", "Keep this under %d characters", CONV_TEXT_MAX);
    else if (t->how_we_know && !str_utf8_valid(t->how_we_know, strlen(t->how_we_know)))
        problems_add(pr, "how_we_know", "This is not valid UTF-8 text");
    struct date d;
    if (t->review_date[0] && date_parse(t->review_date, &d) != 0)
        problems_add(pr, "review_date", "Enter the review date as a real date");
    else if (t->review_date[0] && event_date && strcmp(t->review_date, event_date) < 0)
        problems_add(pr, "review_date", "The review date should be after the conversation");
}

int conversation_validate(struct db *db, const struct conversation *c, struct problems *pr,
                          struct err *e)
{
    struct date ev, d;
    bool ev_ok = date_parse(c->event_date, &ev) == 0;
    if (!ev_ok)
        problems_add(pr, "event_date", "give the date of the conversation (YYYY-MM-DD)");
    if (!in_list(c->status, conv_statuses))
        problems_add(pr, "status", "the status must be planned, draft or complete");
    else if (ev_ok && !strcmp(c->status, "complete") && date_cmp(ev, date_today()) > 0)
        problems_add(pr, "event_date",
                     "a complete record cannot be dated in the future; save it as planned");
    if (c->way && !in_list(c->way, conv_ways))
        problems_add(pr, "way", "say how it was held: in person, by phone or by video");
    if (c->did_not_come && in_list(c->status, conv_statuses) && strcmp(c->status, "planned"))
        problems_add(pr, "status",
                     "the family did not come to this meeting, so it cannot be completed; "
                     "arrange another time or another way to talk");
    else if (c->did_not_come && someone_came(c))
        problems_add(pr, "carers", "nobody can have come to a meeting the family did not come to");
    else if (!c->did_not_come && in_list(c->status, conv_statuses) &&
             !strcmp(c->status, "complete"))
        conversation_minimum(c, pr);
    if (c->next_meeting[0] && date_parse(c->next_meeting, &d) != 0)
        problems_add(pr, "next_meeting", "the next meeting's date is not a date (YYYY-MM-DD)");
    else if (c->next_meeting[0] && ev_ok && date_cmp(d, ev) <= 0)
        problems_add(pr, "next_meeting", "the next meeting should be after this one");
    if (c->shared_on[0] && date_parse(c->shared_on, &d) != 0)
        problems_add(pr, "shared_on", "the date it was shared is not a date (YYYY-MM-DD)");
    else if (c->shared_on[0] && ev_ok && date_cmp(d, ev) < 0)
        problems_add(pr, "shared_on", "the record cannot be shared before the conversation");
    static const char *const names[] = { "others",      "going_well",       "concerns",
                                         "hopes",       "priorities",       "focus_area",
                                         "summary",     "next_steps",       "keep_in_touch",
                                         "pupil_views", "views_not_sought", "shared_how",
                                         "family_views" };
    const char *values[] = {
        c->others,           c->going_well, c->concerns,         c->hopes,         c->priorities,
        c->focus_area,       c->summary,    c->next_steps,       c->keep_in_touch, c->pupil_views,
        c->views_not_sought, c->shared_how, c->family_views_note
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        check_len(pr, names[i], values[i]);
    for (size_t i = 0; i < c->n_targets; i++)
        if (c->targets[i].id == 0)
            validate_target(&c->targets[i], i, ev_ok ? c->event_date : NULL, pr);
    for (size_t i = 0; i < c->n_carers; i++) {
        bool yes;
        int rc = carer_of_pupil(db, c->pupil_id, c->carers[i].carer_id, &yes, e);
        if (rc)
            return rc;
        if (!yes)
            problems_add(pr, "carers", "carer %lld is not one of this pupil's parents or carers",
                         (long long)c->carers[i].carer_id);
    }
    return 0;
}
