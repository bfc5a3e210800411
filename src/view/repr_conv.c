#include "view/repr_conv.h"

#include "view/repr.h"

json_t *repr_share(double x)
{
    return x < 0 ? json_null() : json_real(x);
}

json_t *repr_target(const struct target *t)
{
    json_t *hist = json_array();
    for (size_t i = 0; i < t->n_reviews && hist; i++) {
        const struct target_review *r = &t->reviews[i];
        if (json_array_append_new(hist, json_pack("{s:I, s:s, s:s, s:o, s:b, s:o}", "id",
                                                  (json_int_t)r->id, "reviewed_on", r->reviewed_on,
                                                  "status", r->status, "note", repr_str(r->note),
                                                  "parent_took_part", r->parent_took_part,
                                                  "recorded_by", repr_str(r->recorded_by)))) {
            json_decref(hist);
            return NULL;
        }
    }
    return json_pack("{s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)t->id,
                     "conversation_id", (json_int_t)t->conversation_id, "what", repr_str(t->what),
                     "owner", repr_str(t->owner), "how_we_know", repr_str(t->how_we_know),
                     "review_date", repr_str(t->review_date), "status", repr_str(t->status),
                     "set_on", repr_str(t->set_on), "reviews", hist ? hist : json_null());
}

json_t *repr_parent_view(const struct parent_view *v)
{
    return json_pack("{s:I, s:I, s:o, s:s, s:o, s:o, s:o, s:o}", "id", (json_int_t)v->id,
                     "carer_id", (json_int_t)v->carer_id, "carer", repr_str(v->carer_name),
                     "given_on", v->given_on, "going_well", repr_str(v->going_well), "worries",
                     repr_str(v->worries), "to_talk_about", repr_str(v->to_talk_about),
                     "conversation_id",
                     v->conversation_id ? json_integer(v->conversation_id) : json_null());
}

json_t *repr_fidelity(const struct fidelity *f)
{
    json_t *items = json_array();
    for (int i = 0; i < FID_N && items; i++)
        if (json_array_append_new(items,
                                  json_pack("{s:s, s:s, s:b}", "code", fidelity_items[i].code,
                                            "label", fidelity_items[i].label, "met", f->met[i]))) {
            json_decref(items);
            return NULL;
        }
    return json_pack("{s:f, s:i, s:i, s:o}", "score", f->score, "met", f->n_met, "items", FID_N,
                     "checklist", items ? items : json_null());
}

static json_t *stage(const struct conversation *c, enum conv_stage s, json_t *o)
{
    if (!o)
        return NULL;
    if (json_object_set_new(o, "recorded", json_boolean(conversation_stage_recorded(c, s))) ||
        json_object_set_new(o, "order",
                            c->stage_seq[s] ? json_integer(c->stage_seq[s]) : json_null()) ||
        json_object_set_new(o, "first_saved_at", repr_str(c->stage_saved_at[s]))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *repr_conversation(const struct conversation *c)
{
    json_t *carers = json_array(), *targets = json_array(), *views = json_array();
    for (size_t i = 0; i < c->n_carers && carers; i++)
        json_array_append_new(
            carers, json_pack("{s:I, s:o, s:o, s:b, s:b}", "id", (json_int_t)c->carers[i].carer_id,
                              "name", repr_str(c->carers[i].name), "relationship",
                              repr_str(c->carers[i].relationship), "invited", c->carers[i].invited,
                              "attended", c->carers[i].attended));
    for (size_t i = 0; i < c->n_targets && targets; i++)
        json_array_append_new(targets, repr_target(&c->targets[i]));
    for (size_t i = 0; i < c->n_views && views; i++)
        json_array_append_new(views, repr_parent_view(&c->views[i]));
    struct fidelity f;
    fidelity_check(c, &f);
    json_t *explore =
        stage(c, STAGE_EXPLORE,
              json_pack("{s:o, s:o, s:o}", "going_well", repr_str(c->going_well), "concerns",
                        repr_str(c->concerns), "hopes", repr_str(c->hopes)));
    json_t *focus =
        stage(c, STAGE_FOCUS,
              json_pack("{s:o, s:o, s:b}", "priorities", repr_str(c->priorities), "area",
                        repr_str(c->focus_area), "agreed_together", c->agreed_together));
    json_t *plan = stage(c, STAGE_PLAN, json_pack("{s:o}", "targets", targets));
    json_t *review =
        stage(c, STAGE_REVIEW,
              json_pack("{s:o, s:o, s:o, s:o}", "summary", repr_str(c->summary), "next_steps",
                        repr_str(c->next_steps), "next_meeting", repr_str(c->next_meeting),
                        "keep_in_touch", repr_str(c->keep_in_touch)));
    json_t *o =
        json_pack("{s:I, s:I, s:s, s:s, s:o, s:o, s:o, s:b, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
                  "id", (json_int_t)c->id, "pupil_id", (json_int_t)c->pupil_id, "event_date",
                  c->event_date, "status", c->status, "key_teacher", repr_str(c->staff_name),
                  "key_teacher_id", c->staff_id ? json_integer(c->staff_id) : json_null(), "carers",
                  carers, "pupil_present", c->pupil_present, "others", repr_str(c->others),
                  "explore", explore, "focus", focus, "plan", plan, "review", review, "pupil_views",
                  repr_str(c->pupil_views), "views_not_sought", repr_str(c->views_not_sought));
    if (!o)
        return NULL;
    json_t *more = json_pack(
        "{s:b, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "shared", c->shared_on[0] != '\0', "shared_on",
        repr_str(c->shared_on), "shared_how", repr_str(c->shared_how), "parent_views", views,
        "fidelity", repr_fidelity(&f), "recorded_by", repr_str(c->recorded_by), "created_at",
        repr_str(c->created_at), "updated_at", repr_str(c->updated_at));
    json_t *held = json_pack("{s:o, s:b, s:b, s:o}", "way", repr_str(c->way), "did_not_come",
                             c->did_not_come, "held", conversation_held(c), "family_views_note",
                             repr_str(c->family_views_note));
    if (!more || !held || json_object_update(o, more) || json_object_update(o, held)) {
        json_decref(more);
        json_decref(held);
        json_decref(o);
        return NULL;
    }
    json_decref(more);
    json_decref(held);
    return o;
}

json_t *repr_agreement(const struct agreement *ag)
{
    json_t *carers = json_array(), *staff = json_array();
    for (size_t i = 0; i < ag->n_carers && carers; i++)
        json_array_append_new(carers,
                              json_pack("{s:I, s:o}", "id", (json_int_t)ag->carer_ids[i], "name",
                                        repr_str(ag->carer_names ? ag->carer_names[i] : NULL)));
    for (size_t i = 0; i < ag->n_staff && staff; i++)
        json_array_append_new(staff,
                              json_pack("{s:I, s:o}", "id", (json_int_t)ag->staff_ids[i], "name",
                                        repr_str(ag->staff_names ? ag->staff_names[i] : NULL)));
    return json_pack("{s:I, s:i, s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)ag->id,
                     "version", ag->version, "purpose", repr_str(ag->purpose), "expected_outcomes",
                     repr_str(ag->expected_outcomes), "agreed_on", ag->agreed_on, "review_note",
                     repr_str(ag->review_note), "carers", carers, "staff", staff, "recorded_by",
                     repr_str(ag->recorded_by), "recorded_at", repr_str(ag->recorded_at));
}

json_t *repr_contact(const struct contact *c)
{
    return json_pack("{s:I, s:s, s:o, s:s, s:o, s:s, s:s, s:b, s:s, s:o, s:o, s:o, s:o, s:o}", "id",
                     (json_int_t)c->id, "date", c->date, "time", repr_str(c->time), "method",
                     c->method, "method_label", repr_str(contact_method_label(c->method)),
                     "purpose", c->purpose, "started_by", c->started_by ? c->started_by : "school",
                     "interpreter", c->interpreter, "upn", c->upn, "pupil", repr_str(c->pupil_name),
                     "carers", repr_str(c->carer_names), "staff", repr_str(c->staff_name), "note",
                     repr_str(c->note), "recorded_by", repr_str(c->recorded_by));
}

json_t *repr_contact_summary(const struct contact_summary *s)
{
    return json_pack("{s:i, s:i, s:i, s:o, s:i, s:o, s:o, s:b, s:b}", "last_4_weeks",
                     s->last_4_weeks, "last_12_weeks", s->last_12_weeks, "positive_12_weeks",
                     s->positive_12_weeks, "positive_share", repr_share(s->positive_share),
                     "methods_12_weeks", s->methods_12_weeks, "last_contact",
                     repr_str(s->last_contact), "days_since_last",
                     s->days_since_last < 0 ? json_null() : json_integer(s->days_since_last),
                     "prompt_good_news", s->good_news, "prompt_quiet", s->quiet);
}

json_t *repr_family_prompt(const struct family_prompt *p)
{
    json_t *msgs = json_array();
    for (size_t i = 0; i < p->n_messages && msgs; i++)
        json_array_append_new(msgs, json_string(p->messages[i]));
    return json_pack("{s:s, s:o, s:o, s:o, s:o}", "upn", p->upn, "pupil", repr_str(p->name),
                     "key_teacher", repr_str(p->key_teacher), "summary",
                     repr_contact_summary(&p->summary), "prompts", msgs);
}

json_t *repr_scope_entry(const struct scope_entry *s)
{
    json_t *slots = json_array();
    for (size_t i = 0; i < s->n_slots && slots; i++)
        json_array_append_new(slots, json_pack("{s:i, s:s, s:s}", "number", s->slots[i].seq, "term",
                                               term_names[s->slots[i].term], "state",
                                               slot_state_names[s->slots[i].state]));
    json_t *o =
        json_pack("{s:s, s:o, s:o, s:s, s:o, s:b, s:o, s:i, s:i, s:i, s:i, s:i, s:i, s:i,"
                  " s:o, s:o, s:b, s:o}",
                  "upn", s->upn, "pupil", repr_str(s->name), "nc_year", repr_str(s->nc_year),
                  "sen_provision", s->sen, "key_teacher", repr_str(s->key_teacher), "added",
                  s->added, "reason", repr_str(s->reason), "planned", (int)s->n_slots, "held",
                  s->held, "drafts", s->drafts, "arranged", s->planned, "not_shared", s->not_shared,
                  "due", s->due, "overdue", s->overdue, "last_held", repr_str(s->last_held),
                  "next_arranged", repr_str(s->next_date), "plan_set", s->plan_set, "plan", slots);
    json_t *more = json_pack("{s:{s:i, s:i, s:i}, s:i, s:i}", "held_in_term", "autumn",
                             s->held_in_term[TERM_AUTUMN], "spring", s->held_in_term[TERM_SPRING],
                             "summer", s->held_in_term[TERM_SUMMER], "held_in_year", s->held_total,
                             "did_not_come", s->did_not_come);
    if (!o || !more || json_object_update(o, more)) {
        json_decref(o);
        json_decref(more);
        return NULL;
    }
    json_decref(more);
    return o;
}

json_t *repr_term(const struct term *t)
{
    char s[DATE_ISO_LEN], e[DATE_ISO_LEN];
    date_iso(t->start, s);
    date_iso(t->end, e);
    return json_pack("{s:s, s:s, s:s, s:b}", "name", term_names[t->name], "start", s, "end", e,
                     "set", t->set);
}

json_t *repr_figures(const struct cs_figures *f)
{
    json_t *methods = json_object();
    for (int i = 0; i < CONTACT_N_METHODS && methods; i++)
        json_object_set_new(methods, contact_methods[i], json_integer(f->methods_used[i]));
    json_t *o = json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:o, s:i, s:o}", "pupils_in_scope",
                          f->pupils_in_scope, "with_0", f->with[0], "with_1", f->with[1], "with_2",
                          f->with[2], "with_3_or_more", f->with[3], "conversations",
                          f->conversations, "mean_fidelity", repr_share(f->mean_fidelity),
                          "target_reviews", f->target_reviews, "targets_reviewed_with_parent_share",
                          repr_share(f->parent_review_share));
    json_t *more =
        json_pack("{s:i, s:o, s:o, s:o, s:i}", "contacts", f->contacts, "positive_contact_share",
                  repr_share(f->positive_contact_share), "mean_distinct_methods",
                  repr_share(f->mean_distinct_methods), "methods_used", methods,
                  "family_started_contacts", f->family_started_contacts);
    /* Achievement for All's own indicators, as AfA defined them
     * (docs/conversations.md), and the prompts. */
    json_t *afa =
        json_pack("{s:o, s:o, s:o, s:i, s:{s:i, s:i}}", "share_with_2_or_more",
                  repr_share(f->share_with_2_or_more), "target_reviews_with_parent_per_pupil",
                  repr_share(f->reviews_with_parent_per_pupil), "progress_methods_mean",
                  repr_share(f->progress_methods_mean), "did_not_attend", f->did_not_attend,
                  "prompts", "targets_past_review_date", f->targets_past_review,
                  "families_with_no_agreement_yet", f->no_agreement_yet);
    if (!o || !more || !afa || json_object_update(o, more) || json_object_update(o, afa)) {
        json_decref(o);
        json_decref(more);
        json_decref(afa);
        return NULL;
    }
    json_decref(more);
    json_decref(afa);
    return o;
}

json_t *repr_report(const struct convreport *r, const char *school_urn)
{
    char label[8];
    schoolyear_label(r->year, label, sizeof label);
    json_t *o = repr_figures(&r->all), *teachers = json_array();
    for (size_t i = 0; i < r->n_teachers && teachers; i++) {
        json_t *t = repr_figures(&r->teachers[i].figures);
        if (!t ||
            json_object_set_new(t, "staff_id",
                                r->teachers[i].staff_id ? json_integer(r->teachers[i].staff_id)
                                                        : json_null()) ||
            json_object_set_new(t, "key_teacher", repr_str(r->teachers[i].name)) ||
            json_array_append_new(teachers, t)) {
            json_decref(teachers);
            teachers = NULL;
        }
    }
    if (!o || !teachers || json_object_set_new(o, "school", repr_str(school_urn)) ||
        json_object_set_new(o, "year", json_integer(r->year)) ||
        json_object_set_new(o, "year_label", json_string(label)) ||
        json_object_set_new(o, "from", json_string(r->from)) ||
        json_object_set_new(o, "to", json_string(r->to)) ||
        json_object_set_new(o, "per_teacher", teachers)) {
        json_decref(o);
        return NULL;
    }
    return o;
}
