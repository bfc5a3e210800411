#include "view/repr_prog.h"

#include "core/arena.h"
#include "view/effectwords.h"

#include <math.h>
#include <string.h>

#include "core/arena.h"
#include "view/effectwords.h"

#include "view/repr.h"
#include "view/repr_conv.h"

static json_t *strings(const char *const *s, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n && a; i++)
        if (json_array_append_new(a, json_string(s[i]))) {
            json_decref(a);
            return NULL;
        }
    return a;
}

static void append(json_t *a, json_t *v, bool *bad)
{
    if (!a) {
        json_decref(v);
        *bad = true;
    } else if (!v || json_array_append_new(a, v)) {
        *bad = true;
    }
}

json_t *repr_progtemplate(const struct progtemplate *t)
{
    struct repr_obj b = { json_object(), false };
    repr_set(&b, "key", json_string(t->key));
    repr_set(&b, "name", json_string(t->name));
    repr_set(&b, "built_in", json_boolean(t->school_id == 0));
    repr_set(&b, "description", repr_str(t->description));
    repr_set(&b, "source", repr_str(t->source));
    repr_set(&b, "kind", json_string(pt_kind_names[t->kind]));
    repr_set(&b, "sessions", json_integer(t->sessions));
    repr_set(&b, "session_minutes", json_integer(t->session_minutes));
    repr_set(&b, "writeup_minutes", json_integer(t->writeup_minutes));
    repr_set(&b, "interval_days", json_integer(t->interval_days));
    repr_set(&b, "commitment_session", json_boolean(t->commitment_session));
    repr_set(&b, "complete_at", json_integer(t->complete_at));
    repr_set(&b, "complete_word", json_string(t->complete_word));
    repr_set(&b, "counts_when", json_string(pt_counts_names[t->counts_when]));
    repr_set(&b, "hub_size",
             t->hub_max ? json_pack("{s:i, s:i}", "min", t->hub_min, "max", t->hub_max)
                        : json_null());
    repr_set(&b, "max_families", t->max_families ? json_integer(t->max_families) : json_null());
    repr_set(&b, "ages",
             t->age_min >= 0 ? json_pack("{s:i, s:i}", "min", t->age_min, "max", t->age_max)
                             : json_null());
    repr_set(&b, "follow_on",
             t->followon_months ? json_pack("{s:i, s:i}", "every_months", t->followon_months,
                                            "for_months", t->followon_for_months)
                                : json_null());
    repr_set(&b, "stories", json_boolean(t->stories));
    repr_set(&b, "turn_order", repr_str(t->turn_order));
    repr_set(&b, "turn_rounds",
             t->turn_order && t->turn_rounds_max
                 ? json_pack("{s:i, s:i}", "min", t->turn_rounds_min, "max", t->turn_rounds_max)
                 : json_null());
    repr_set(&b, "reading",
             t->reading_per_week ? json_pack("{s:i, s:i}", "per_week", t->reading_per_week,
                                             "minutes", t->reading_minutes)
                                 : json_null());
    repr_set(&b, "tier", json_string(t->tier));
    repr_set(&b, "outcomes", strings(t->outcomes, t->n_outcomes));
    repr_set(&b, "measure",
             t->measure_instrument
                 ? json_pack("{s:s, s:s, s:s}", "instrument", t->measure_instrument, "score",
                             t->measure_score, "better", t->measure_better < 0 ? "lower" : "higher")
                 : json_null());
    repr_set(&b, "reliability",
             t->has_reliability ? json_pack("{s:f, s:f, s:o}", "retest_r", t->retest_r, "sd", t->sd,
                                            "source", repr_str(t->reliability_source))
                                : json_null());
    json_t *agenda = json_array(), *roles = json_array(), *invite = json_array();
    bool bad = false;
    for (size_t i = 0; i < t->n_agenda; i++)
        append(agenda,
               json_pack("{s:i, s:i, s:s}", "item", (int)i + 1, "minutes", t->agenda[i].minutes,
                         "label", t->agenda[i].label),
               &bad);
    for (size_t i = 0; i < t->n_roles; i++)
        append(roles,
               json_pack("{s:s, s:i, s:s}", "code", t->roles[i].code, "min", t->roles[i].min,
                         "label", t->roles[i].label),
               &bad);
    for (size_t i = 0; i < t->n_invite; i++)
        append(invite, json_string(t->invite[i]), &bad);
    repr_set(&b, "agenda", agenda);
    repr_set(&b, "roles", roles);
    repr_set(&b, "invite_title", json_string(t->invite_title));
    repr_set(&b, "invite", invite);
    b.bad |= bad;
    return repr_done(&b);
}

json_t *repr_costs(const struct provision_costs *c)
{
    return json_pack(
        "{s:I, s:I, s:I, s:I, s:I, s:I, s:i, s:o, s:o}", "staff_to_date_pence",
        (json_int_t)c->staff_to_date, "staff_projected_pence", (json_int_t)c->staff_projected,
        "other_to_date_pence", (json_int_t)c->other_to_date, "other_projected_pence",
        (json_int_t)c->other_projected, "total_to_date_pence", (json_int_t)c->total_to_date,
        "total_projected_pence", (json_int_t)c->total_projected, "pupils", c->pupils,
        "per_pupil_to_date_pence",
        c->per_pupil_to_date < 0 ? json_null() : json_integer((json_int_t)c->per_pupil_to_date),
        "per_pupil_projected_pence",
        c->per_pupil_projected < 0 ? json_null()
                                   : json_integer((json_int_t)c->per_pupil_projected));
}

json_t *repr_enrolment(const struct enrolment *en)
{
    struct repr_obj b = { json_object(), false };
    repr_set(&b, "id", json_integer(en->id));
    repr_set(&b, "pupil_id", json_integer(en->pupil_id));
    repr_set(&b, "upn", json_string(en->upn));
    repr_set(&b, "name", repr_str(en->pupil_name));
    repr_set(&b, "year", repr_str(en->nc_year));
    repr_set(&b, "carer_id", en->carer_id ? json_integer(en->carer_id) : json_null());
    repr_set(&b, "carer", repr_str(en->carer_name));
    repr_set(&b, "consent", json_string(consent_names[en->consent]));
    repr_set(&b, "consent_on", repr_str(en->consent_on));
    repr_set(&b, "hub", en->hub ? json_integer(en->hub) : json_null());
    repr_set(&b, "enrolled_on", json_string(en->enrolled_on));
    repr_set(&b, "left_on", repr_str(en->left_on));
    repr_set(&b, "left_reason", repr_str(en->left_reason));
    return repr_done(&b);
}

json_t *repr_provision(const struct provision *p, bool with_enrolments)
{
    struct repr_obj b = { json_object(), false };
    repr_set(&b, "id", json_integer(p->id));
    repr_set(&b, "name", json_string(p->name));
    repr_set(&b, "template", repr_str(p->template_key));
    repr_set(&b, "tier", json_string(p->tier));
    repr_set(&b, "description", repr_str(p->description));
    repr_set(&b, "outcomes", strings(p->outcomes, p->n_outcomes));
    repr_set(&b, "evidence",
             json_pack("{s:o, s:o}", "rating", repr_str(p->evidence_rating), "reference",
                       repr_str(p->evidence_reference)));
    repr_set(&b, "sessions", json_integer(p->sessions));
    repr_set(&b, "sessions_held", json_integer(p->sessions_held));
    repr_set(&b, "session_minutes", json_integer(p->session_minutes));
    repr_set(&b, "complete_at", json_integer(p->complete_at));
    repr_set(&b, "session_time", repr_str(p->session_time));
    repr_set(&b, "venue", repr_str(p->venue));
    repr_set(&b, "start_date", json_string(p->start_date));
    repr_set(&b, "end_date", repr_str(p->end_date));
    repr_set(&b, "review_date", repr_str(p->review_date));
    repr_set(&b, "measure",
             p->measure_instrument ? json_pack("{s:s, s:s?}", "instrument", p->measure_instrument,
                                               "score", p->measure_score)
                                   : json_null());
    repr_set(&b, "staff_hours_per_session", json_real(p->staff_hours_per_session));
    repr_set(&b, "hourly_rate_pence", json_integer(p->hourly_rate_pence));
    json_t *items = json_array(), *team = json_array();
    bool bad = false;
    for (size_t i = 0; i < p->n_costs; i++)
        append(items,
               json_pack("{s:I, s:s, s:I, s:b}", "id", (json_int_t)p->costs[i].id, "what",
                         p->costs[i].what, "amount_pence", (json_int_t)p->costs[i].pence,
                         "per_session", p->costs[i].per_session),
               &bad);
    for (size_t i = 0; i < p->n_team; i++)
        append(team,
               json_pack("{s:I, s:o, s:s, s:s}", "id", (json_int_t)p->team[i].id, "staff_id",
                         p->team[i].staff_id ? json_integer(p->team[i].staff_id) : json_null(),
                         "name", p->team[i].name, "role", p->team[i].role),
               &bad);
    repr_set(&b, "cost_items", items);
    struct provision_costs c;
    provision_costs_of(p, &c);
    repr_set(&b, "costs", repr_costs(&c));
    repr_set(&b, "team", team);
    repr_set(&b, "pupils_consented", json_integer(p->pupils_consented));
    if (with_enrolments) {
        json_t *ens = json_array();
        for (size_t i = 0; i < p->n_enrolments; i++)
            append(ens, repr_enrolment(&p->enrolments[i]), &bad);
        repr_set(&b, "enrolments", ens);
    }
    b.bad |= bad;
    return repr_done(&b);
}

json_t *repr_prog_session(const struct prog_session *s, size_t n_agenda)
{
    struct repr_obj b = { json_object(), false };
    repr_set(&b, "id", json_integer(s->id));
    repr_set(&b, "kind", json_string(session_kind_names[s->kind]));
    repr_set(&b, "seq", json_integer(s->seq));
    repr_set(&b, "date", json_string(s->date));
    repr_set(&b, "status", json_string(session_status_names[s->status]));
    repr_set(&b, "notes", repr_str(s->notes));
    json_t *att = json_array();
    bool bad = false;
    for (size_t i = 0; i < s->n_attendance; i++)
        append(att,
               json_pack("{s:I, s:b, s:b}", "enrolment_id",
                         (json_int_t)s->attendance[i].enrolment_id, "child", s->attendance[i].child,
                         "parent", s->attendance[i].parent),
               &bad);
    repr_set(&b, "attendance", att);
    if (s->fidelity_recorded) {
        json_t *done_items = json_array();
        for (size_t i = 0; i < n_agenda && i < PT_MAX_AGENDA; i++)
            append(done_items, json_boolean(s->done[i]), &bad);
        repr_set(&b, "checklist", done_items);
    } else {
        repr_set(&b, "checklist", json_null());
    }
    repr_set(&b, "fidelity", repr_share(programme_session_fidelity(s, n_agenda)));
    b.bad |= bad;
    return repr_done(&b);
}

json_t *repr_story(const struct story *s)
{
    struct repr_obj b = { json_object(), false };
    repr_set(&b, "id", json_integer(s->id));
    repr_set(&b, "session", json_integer(s->session_seq));
    repr_set(&b, "date", json_string(s->session_date));
    repr_set(&b, "title", json_string(s->title));
    repr_set(&b, "coauthors", repr_str(s->coauthors));
    repr_set(&b, "text", json_string(s->body));
    repr_set(&b, "reading_level", repr_str(s->reading_level));
    repr_set(&b, "source", json_string(s->uploaded ? "uploaded" : "typed"));
    repr_set(&b, "filename", repr_str(s->filename));
    return repr_done(&b);
}

static json_t *real_or_null(double x)
{
    return isfinite(x) ? json_real(x) : json_null();
}

static json_t *count(const struct progcompare_count *c)
{
    return c->suppressed ? json_null() : json_integer((json_int_t)c->n);
}

/* The comparison group (model/progcompare.h); null when none was tried. */
static json_t *comparison(struct arena *a, const struct progreport_outcome *o)
{
    const struct progcompare *c = &o->comparison;
    if (!o->instrument || !c->attempted)
        return json_null();
    struct repr_obj b = { json_object(), false };
    bool fit = !c->declined;
    repr_set(&b, "n_programme", json_integer((json_int_t)c->n_enrolled));
    repr_set(&b, "n_comparison", json_integer((json_int_t)c->n_comparison));
    repr_set(&b, "declined", json_boolean(c->declined));
    repr_set(&b, "reason", c->declined ? repr_str(c->reason) : json_null());
    repr_set(&b, "kind", fit ? repr_str(effectwords_kind(a, o, true)) : json_null());
    repr_set(&b, "method", fit ? json_string(c->multilevel ? "lmm" : "ols") : json_null());
    repr_set(&b, "formula", fit ? repr_str(c->formula) : json_null());
    repr_set(&b, "groups", fit ? json_integer((json_int_t)c->n_groups) : json_null());
    repr_set(&b, "difference", fit ? json_real(c->estimate) : json_null());
    repr_set(&b, "se", fit ? json_real(c->se) : json_null());
    repr_set(&b, "df", fit ? json_real(c->df) : json_null());
    repr_set(&b, "ci_low", fit ? json_real(c->ci_low) : json_null());
    repr_set(&b, "ci_high", fit ? json_real(c->ci_high) : json_null());
    repr_set(&b, "total_sd", fit ? json_real(c->total_sd) : json_null());
    repr_set(&b, "icc", fit ? json_real(c->icc) : json_null());
    repr_set(&b, "hedges_g", fit ? json_real(c->g) : json_null());
    repr_set(&b, "g_ci_low", fit ? json_real(c->g_low) : json_null());
    repr_set(&b, "g_ci_high", fit ? json_real(c->g_high) : json_null());
    repr_set(&b, "converged", fit ? json_boolean(c->converged) : json_null());
    repr_set(&b, "mean_pre_programme", real_or_null(c->mean_pre[1]));
    repr_set(&b, "mean_post_programme", real_or_null(c->mean_post[1]));
    repr_set(&b, "mean_pre_comparison", real_or_null(c->mean_pre[0]));
    repr_set(&b, "mean_post_comparison", real_or_null(c->mean_post[0]));
    repr_set(&b, "fsm_programme", count(&c->fsm[1]));
    repr_set(&b, "fsm_comparison", count(&c->fsm[0]));
    repr_set(&b, "sen_programme", count(&c->sen[1]));
    repr_set(&b, "sen_comparison", count(&c->sen[0]));
    repr_set(&b, "in_words", repr_str(effectwords_comparison(a, o)));
    repr_set(&b, "method_in_words", repr_str(effectwords_comparison_method(a, o)));
    repr_set(&b, "reliability_in_words", repr_str(effectwords_comparison_reliability(a, o)));
    return repr_done(&b);
}

static json_t *outcome(struct arena *a, const struct progreport_outcome *o)
{
    struct repr_obj b = { json_object(), false };
    repr_set(&b, "instrument", repr_str(o->instrument));
    repr_set(&b, "score", repr_str(o->score));
    repr_set(&b, "measure", repr_str(effectwords_measure(a, o->instrument, o->score)));
    repr_set(&b, "better",
             o->instrument ? json_string(o->better < 0 ? "lower" : "higher") : json_null());
    repr_set(&b, "children", json_integer((json_int_t)o->children));
    repr_set(&b, "n", json_integer((json_int_t)o->n));
    repr_set(&b, "mean_pre", o->n ? json_real(o->mean_pre) : json_null());
    repr_set(&b, "mean_post", o->n ? json_real(o->mean_post) : json_null());
    repr_set(&b, "mean_change", o->n ? json_real(o->mean_change) : json_null());
    repr_set(&b, "r", o->has_effect ? json_real(o->effect.r) : json_null());
    repr_set(&b, "cohens_d", o->has_effect ? json_real(o->effect.d) : json_null());
    repr_set(&b, "hedges_g", o->has_effect ? json_real(o->effect.g) : json_null());
    repr_set(&b, "se_g", o->has_effect ? json_real(o->effect.se_g) : json_null());
    repr_set(&b, "ci_low", o->has_effect ? json_real(o->effect.ci_low) : json_null());
    repr_set(&b, "ci_high", o->has_effect ? json_real(o->effect.ci_high) : json_null());
    repr_set(&b, "effect_note", o->has_effect ? json_null() : repr_str(o->effect_note));
    repr_set(&b, "reliable_improvement",
             o->has_rci ? json_integer((json_int_t)o->rci.improved) : json_null());
    repr_set(&b, "reliable_deterioration",
             o->has_rci ? json_integer((json_int_t)o->rci.deteriorated) : json_null());
    repr_set(&b, "no_reliable_change",
             o->has_rci ? json_integer((json_int_t)o->rci.unchanged) : json_null());
    repr_set(&b, "rci_sd", o->has_rci ? json_real(o->rci_sd) : json_null());
    repr_set(&b, "rci_r", o->has_rci ? json_real(o->rci_r) : json_null());
    repr_set(&b, "rci_source", o->has_rci ? repr_str(o->rci_source) : json_null());
    repr_set(&b, "rci_note", o->has_rci ? json_null() : repr_str(o->rci_note));
    repr_set(&b, "effect_kind",
             o->has_effect ? repr_str(effectwords_kind(a, o, false)) : json_null());
    repr_set(&b, "effect_in_words", repr_str(effectwords_effect(a, o)));
    repr_set(&b, "reliability_in_words", repr_str(effectwords_reliability(a, o)));
    repr_set(&b, "comparison", comparison(a, o));
    return repr_done(&b);
}

json_t *repr_progreport(const struct progreport *r, const char *school_urn)
{
    const struct provision *p = &r->prov;
    const struct progtemplate *t = r->has_template ? &r->tmpl : NULL;
    struct repr_obj b = { json_object(), false };
    bool bad = false;
    repr_set(&b, "id", json_integer(p->id));
    repr_set(&b, "name", json_string(p->name));
    repr_set(&b, "school", repr_str(school_urn));
    repr_set(&b, "template", t ? json_string(t->key) : json_null());
    repr_set(&b, "template_name", t ? json_string(t->name) : json_null());
    repr_set(&b, "tier", json_string(p->tier));
    repr_set(&b, "outcomes", strings(p->outcomes, p->n_outcomes));
    repr_set(&b, "evidence",
             json_pack("{s:o, s:o}", "rating", repr_str(p->evidence_rating), "reference",
                       repr_str(p->evidence_reference)));
    repr_set(&b, "start_date", json_string(p->start_date));
    repr_set(&b, "end_date", repr_str(p->end_date));
    repr_set(&b, "review_date", repr_str(p->review_date));
    /* Recruitment and retention. */
    repr_set(&b, "families_invited", json_integer(r->invited));
    repr_set(&b, "consent",
             json_pack("{s:i, s:i, s:i, s:i}", "not_requested", r->not_requested, "awaiting",
                       r->awaiting, "given", r->consent_given, "declined", r->declined));
    repr_set(&b, "families_enrolled", json_integer(r->families_enrolled));
    repr_set(&b, "families_started", json_integer(r->families_started));
    repr_set(&b, "families_completed", json_integer(r->families_completed));
    repr_set(&b, "completion_word", json_string(t ? t->complete_word : "completed"));
    repr_set(&b, "complete_at", json_integer(p->complete_at));
    repr_set(&b, "families_left", json_integer(r->families_left));
    repr_set(&b, "retention", repr_share(r->retention));
    repr_set(&b, "completion_rate", repr_share(r->completion_rate));
    repr_set(&b, "mean_sessions_attended", repr_share(r->mean_sessions_attended));
    repr_set(&b, "mean_hours", repr_share(r->mean_hours));
    /* Reach. */
    repr_set(&b, "reach",
             json_pack("{s:i, s:i, s:i, s:i, s:i}", "children", r->children_reached, "parents",
                       r->parents_reached, "fsm", r->reach_fsm, "sen", r->reach_sen, "eal",
                       r->reach_eal));
    /* Sessions and attendance. */
    repr_set(&b, "sessions_planned", json_integer(r->sessions_planned));
    repr_set(&b, "sessions_held", json_integer(r->sessions_held));
    repr_set(&b, "sessions_cancelled", json_integer(r->sessions_cancelled));
    json_t *by = json_array();
    for (size_t i = 0; i < r->n_sessions; i++) {
        const struct progreport_session *s = &r->sessions[i];
        bool held = s->status == SESSION_HELD;
        append(by,
               json_pack("{s:s, s:i, s:s, s:s, s:o, s:o, s:o, s:o}", "kind",
                         session_kind_names[s->kind], "seq", s->seq, "date", s->date, "status",
                         session_status_names[s->status], "families",
                         held ? json_integer(s->families) : json_null(), "children",
                         held ? json_integer(s->children) : json_null(), "parents",
                         held ? json_integer(s->parents) : json_null(), "fidelity",
                         repr_share(s->fidelity)),
               &bad);
    }
    repr_set(&b, "attendance_by_session", by);
    /* Fidelity. */
    repr_set(&b, "mean_fidelity", repr_share(r->mean_fidelity));
    repr_set(&b, "fidelity_sessions", json_integer(r->fidelity_sessions));
    json_t *items = json_array();
    for (size_t k = 0; t && k < t->n_agenda; k++)
        append(items,
               json_pack("{s:i, s:s, s:i, s:i}", "item", (int)k + 1, "label", t->agenda[k].label,
                         "done", r->item_done[k], "of", r->fidelity_sessions),
               &bad);
    repr_set(&b, "fidelity_by_item", items);
    repr_set(&b, "followon",
             json_pack("{s:i, s:i}", "meetings", r->followon_meetings, "families",
                       r->followon_families));
    repr_set(&b, "stories", json_integer(r->stories));
    repr_set(&b, "reading",
             json_pack("{s:i, s:i, s:o, s:o}", "sessions", r->reading_sessions, "minutes",
                       r->reading_minutes, "per_week", repr_share(r->reading_per_week),
                       "aim_per_week",
                       t && t->reading_per_week ? json_integer(t->reading_per_week) : json_null()));
    /* The words are built in an arena of their own: JSON copies them. */
    struct arena words;
    arena_init(&words, 0);
    repr_set(&b, "outcome", outcome(&words, &r->outcome));
    arena_release(&words);
    json_t *quotes = json_array();
    for (size_t i = 0; i < r->n_quotes; i++)
        append(quotes,
               json_pack("{s:s, s:s, s:o}", "speaker", r->quotes[i].speaker, "text",
                         r->quotes[i].text, "attribution", repr_str(r->quotes[i].attribution)),
               &bad);
    repr_set(&b, "quotes", quotes);
    repr_set(&b, "costs", repr_costs(&r->costs));
    json_t *fams = json_array();
    for (size_t i = 0; i < r->n_families; i++) {
        const struct progreport_family *f = &r->families[i];
        append(fams,
               json_pack("{s:s, s:s, s:o, s:i, s:i, s:f, s:s, s:b, s:i, s:i, s:i, s:i}", "upn",
                         f->en->upn, "name", f->en->pupil_name, "hub",
                         f->en->hub ? json_integer(f->en->hub) : json_null(), "sessions_attended",
                         f->dosage.attended, "sessions_held", f->dosage.held, "hours",
                         f->dosage.hours, "status", prog_status_names[f->dosage.status],
                         "commitment", f->dosage.commitment, "followon", f->dosage.followon,
                         "stories", f->stories, "reading_sessions", f->reading_sessions,
                         "reading_minutes", f->reading_minutes),
               &bad);
    }
    repr_set(&b, "families", fams);
    json_t *warnings = json_array();
    for (size_t i = 0; i < r->n_warnings; i++)
        append(warnings,
               json_pack("{s:s, s:s}", "code", r->warnings[i].code, "text", r->warnings[i].text),
               &bad);
    repr_set(&b, "warnings", warnings);
    b.bad |= bad;
    return repr_done(&b);
}
