#include "view/repr_provmap.h"

#include <math.h>
#include <string.h>

#include "view/repr.h"
#include "view/repr_prog.h"

static void append(json_t *a, json_t *v, bool *bad)
{
    if (!a) {
        json_decref(v);
        *bad = true;
    } else if (!v || json_array_append_new(a, v)) {
        *bad = true;
    }
}

static json_t *strings(const char *const *s, size_t n)
{
    json_t *a = json_array();
    bool bad = false;
    for (size_t i = 0; i < n; i++)
        append(a, json_string(s[i] ? s[i] : ""), &bad);
    if (bad) {
        json_decref(a);
        return NULL;
    }
    return a;
}

/* A share rounded to 4 decimal places, so the same map always prints the
 * same number. */
static json_t *share(double x)
{
    return json_real(round(x * 10000.0) / 10000.0);
}

static json_t *pence_or_null(int64_t p)
{
    return p < 0 ? json_null() : json_integer((json_int_t)p);
}

static json_t *id_name(int64_t id, const char *name)
{
    return json_pack("{s:I, s:s}", "id", (json_int_t)id, "name", name ? name : "");
}

static json_t *provision_json(const struct provmap_provision *p)
{
    struct repr_obj b = { json_object(), false };
    repr_set(&b, "id", json_integer((json_int_t)p->in->id));
    repr_set(&b, "name", json_string(p->in->name ? p->in->name : ""));
    repr_set(&b, "evidence_rating", repr_str(p->in->evidence_rating));
    repr_set(&b, "evidence_informed", json_boolean(p->evidence_informed));
    repr_set(&b, "pupils", json_integer(p->pupils));
    repr_set(&b, "whole_school", json_boolean(p->whole_school));
    repr_set(&b, "followon",
             p->followon ? json_pack("{s:s, s:s, s:i}", "name",
                                     p->in->followon_name ? p->in->followon_name : "", "until",
                                     p->in->followon_until, "every_months", p->in->followon_every)
                         : json_null());
    repr_set(&b, "cost", json_integer((json_int_t)p->cost));
    return repr_done(&b);
}

/* Each outcome a current provision targets, with the separate provisions
 * at each tier and whether they are several. */
static json_t *by_outcome_json(const struct provmap *m, bool *bad)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < m->n_by_outcome; i++) {
        const struct provmap_outcome_row *row = &m->by_outcome[i];
        struct repr_obj rb = { json_object(), false };
        repr_set(&rb, "outcome", json_string(row->outcome));
        repr_set(&rb, "label", json_string(row->label ? row->label : row->outcome));
        for (int t = 0; t < TIER_N; t++) {
            json_t *provs = json_array();
            for (size_t k = 0; k < row->n_provision_idx[t]; k++) {
                const struct provmap_provision *p = &m->provisions[row->provision_idx[t][k]];
                append(provs, id_name(p->in->id, p->in->name), bad);
            }
            repr_set(&rb, provision_tiers[t],
                     json_pack("{s:i, s:b, s:o}", "count", row->provisions[t], "several",
                               row->provisions[t] >= PROVMAP_SEVERAL, "provisions",
                               provs ? provs : json_null()));
        }
        append(rows, repr_done(&rb), bad);
    }
    return rows;
}

static json_t *unmet_json(const struct provmap_unmet *u, bool *bad)
{
    json_t *kids = json_array();
    for (int k = 0; k < u->pupils; k++)
        append(kids,
               json_pack("{s:I, s:o, s:s, s:s}", "id", (json_int_t)u->list[k].id, "upn",
                         repr_str(u->list[k].upn), "name", u->list[k].name ? u->list[k].name : "",
                         "reasons", u->list[k].reasons ? u->list[k].reasons : ""),
               bad);
    return json_pack("{s:s, s:s, s:i, s:i, s:b, s:o}", "outcome", u->outcome, "label",
                     u->label ? u->label : u->outcome, "flagged", u->flagged, "pupils", u->pupils,
                     "targeted", u->targeted, "children", kids ? kids : json_null());
}

json_t *repr_provmap(const struct provmap *m, const char *school_urn)
{
    struct repr_obj b = { json_object(), false };
    bool bad = false;
    repr_set(
        &b, "school",
        json_pack("{s:o, s:o}", "urn", repr_str(school_urn), "name", repr_str(m->school_name)));
    repr_set(&b, "as_of", json_string(m->as_of));
    repr_set(&b, "pupils_on_roll", json_integer(m->pupils_on_roll));
    json_t *tiers = json_object();
    for (int t = 0; t < TIER_N; t++) {
        const struct provmap_tier *tr = &m->tiers[t];
        struct repr_obj tb = { json_object(), false };
        json_t *provs = json_array();
        for (size_t k = 0; k < tr->n_provision_idx; k++)
            append(provs, provision_json(&m->provisions[tr->provision_idx[k]]), &bad);
        repr_set(&tb, "label", json_string(provision_tier_labels[t]));
        repr_set(&tb, "pupils", json_integer(tr->pupils));
        repr_set(&tb, "provisions", provs);
        repr_set(&tb, "cost", json_integer((json_int_t)tr->cost));
        repr_set(&tb, "cost_per_pupil", pence_or_null(tr->cost_per_pupil));
        json_t *o = repr_done(&tb);
        if (!o || !tiers || json_object_set_new(tiers, provision_tiers[t], o))
            bad = true;
    }
    repr_set(&b, "tiers", tiers);
    json_t *comps = json_array();
    for (size_t c = 0; c < m->n_components; c++) {
        const struct provmap_component *pc = &m->components[c];
        json_t *provs = json_array();
        for (size_t k = 0; k < pc->n_provision_idx; k++) {
            const struct provmap_provision *p = &m->provisions[pc->provision_idx[k]];
            append(provs, id_name(p->in->id, p->in->name), &bad);
        }
        append(comps,
               json_pack("{s:s, s:s, s:s, s:s, s:o, s:b}", "framework",
                         pc->in->framework_key ? pc->in->framework_key : "", "framework_name",
                         pc->in->framework_name ? pc->in->framework_name : "", "key",
                         pc->in->key ? pc->in->key : "", "name", pc->in->name ? pc->in->name : "",
                         "provisions", provs ? provs : json_null(), "gap",
                         pc->n_provision_idx == 0),
               &bad);
    }
    repr_set(&b, "components", comps);
    repr_set(&b, "gaps", json_integer((json_int_t)m->n_gaps));
    repr_set(&b, "evidence_share", share(m->evidence_share));
    repr_set(&b, "pupils_evidence_share", share(m->pupils_evidence_share));
    repr_set(&b, "pupils_reached", json_integer(m->pupils_reached));
    repr_set(&b, "pupils_reached_evidence", json_integer(m->pupils_reached_evidence));
    repr_set(&b, "cost_total", json_integer((json_int_t)m->cost_total));
    json_t *ov = json_array();
    for (size_t i = 0; i < m->n_overload; i++) {
        const struct provmap_overload *o = &m->overload[i];
        json_t *provs = json_array();
        for (size_t k = 0; k < o->n; k++)
            append(provs, id_name(o->provision_ids[k], o->provision_names[k]), &bad);
        append(ov,
               json_pack("{s:{s:I, s:o, s:s}, s:s, s:s, s:o}", "pupil", "id",
                         (json_int_t)o->pupil_id, "upn", repr_str(o->pupil_upn), "name",
                         o->pupil_name ? o->pupil_name : "", "outcome", o->outcome, "label",
                         o->outcome_label ? o->outcome_label : o->outcome, "provisions",
                         provs ? provs : json_null()),
               &bad);
    }
    repr_set(&b, "overload", ov);
    repr_set(&b, "outcomes", by_outcome_json(m, &bad));
    repr_set(&b, "several", json_integer((json_int_t)m->n_several));
    json_t *un = json_array();
    for (size_t i = 0; i < m->n_unmet; i++)
        append(un, unmet_json(&m->unmet[i], &bad), &bad);
    repr_set(&b, "unmet", un);
    repr_set(&b, "children_flagged", json_integer(m->children_flagged));
    repr_set(&b, "children_unmet", json_integer(m->children_unmet));
    repr_set(&b, "involvements",
             json_pack("{s:i, s:i}", "open", m->involvements_open, "past_timescale",
                       m->involvements_overdue));
    b.bad |= bad;
    return repr_done(&b);
}

json_t *repr_framework(const struct framework *fw)
{
    struct repr_obj b = { json_object(), false };
    bool bad = false;
    repr_set(&b, "key", json_string(fw->key));
    repr_set(&b, "name", json_string(fw->name));
    repr_set(&b, "description", repr_str(fw->description));
    repr_set(&b, "built_in", json_boolean(fw->school_id == 0));
    repr_set(&b, "chosen", json_boolean(fw->chosen));
    json_t *c = json_array();
    for (size_t i = 0; i < fw->n_components; i++)
        append(c,
               json_pack("{s:s, s:s, s:i}", "key", fw->components[i].key, "name",
                         fw->components[i].name, "position", fw->components[i].position),
               &bad);
    repr_set(&b, "components", c);
    b.bad |= bad;
    return repr_done(&b);
}

json_t *repr_review(const struct review *r)
{
    struct repr_obj b = { json_object(), false };
    repr_set(&b, "id", json_integer((json_int_t)r->id));
    repr_set(&b, "provision", id_name(r->provision_id, r->provision_name));
    repr_set(&b, "pupil",
             json_pack("{s:I, s:o, s:o}", "id", (json_int_t)r->pupil_id, "upn", repr_str(r->upn),
                       "name", repr_str(r->pupil_name)));
    repr_set(&b, "score", json_integer(r->score));
    repr_set(&b, "score_label", json_string(review_score_label(r->score)));
    repr_set(&b, "note", repr_str(r->note));
    repr_set(&b, "reviewer", repr_str(r->reviewer));
    repr_set(&b, "reviewed_on", json_string(r->reviewed_on));
    return repr_done(&b);
}

json_t *repr_review_due(const struct review_due_item *d)
{
    return json_pack("{s:o, s:s, s:{s:I, s:s, s:s}, s:s, s:s, s:o, s:i}", "provision",
                     id_name(d->provision_id, d->provision_name), "tier", d->tier, "pupil", "id",
                     (json_int_t)d->pupil_id, "upn", d->upn, "name", d->pupil_name, "due_on",
                     d->due_on, "state", review_state_names[d->state], "latest_review",
                     repr_str(d->latest), "days", d->days);
}

json_t *repr_review_summary(const struct review_summary *s)
{
    struct repr_obj b = { json_object(), false };
    repr_set(&b, "provision", id_name(s->provision_id, s->name));
    repr_set(&b, "tier", json_string(s->tier));
    repr_set(&b, "review_date", repr_str(s->review_date));
    repr_set(&b, "end_date", repr_str(s->end_date));
    repr_set(&b, "pupils", json_integer(s->pupils));
    repr_set(&b, "reviewed", json_integer(s->reviewed));
    repr_set(&b, "scores",
             json_pack("{s:i, s:i, s:i, s:i, s:i}", "-2", s->counts[0], "-1", s->counts[1], "0",
                       s->counts[2], "+1", s->counts[3], "+2", s->counts[4]));
    repr_set(&b, "mean", s->reviewed ? json_real(round(s->mean * 100.0) / 100.0) : json_null());
    repr_set(&b, "share_expected", s->reviewed ? share(s->share_expected) : json_null());
    repr_set(&b, "due", json_integer(s->due));
    repr_set(&b, "overdue", json_integer(s->overdue));
    return repr_done(&b);
}

json_t *repr_involvement(const struct involvement *iv)
{
    struct repr_obj b = { json_object(), false };
    bool bad = false;
    repr_set(&b, "id", json_integer((json_int_t)iv->id));
    repr_set(&b, "pupil",
             json_pack("{s:I, s:o, s:o}", "id", (json_int_t)iv->pupil_id, "upn", repr_str(iv->upn),
                       "name", repr_str(iv->pupil_name)));
    repr_set(&b, "service", json_string(iv->service ? iv->service : ""));
    repr_set(&b, "service_label", repr_str(iv->service_label));
    repr_set(&b, "service_name", repr_str(iv->service_name));
    repr_set(&b, "referred_on", json_string(iv->referred_on));
    repr_set(&b, "asked", json_string(iv->asked ? iv->asked : ""));
    repr_set(&b, "status", json_string(inv_status_names[iv->status]));
    repr_set(&b, "status_on", repr_str(iv->status_on));
    repr_set(&b, "advice", repr_str(iv->advice));
    repr_set(&b, "advice_on", repr_str(iv->advice_on));
    repr_set(&b, "timescale_days", json_integer(iv->timescale_days));
    repr_set(&b, "days_taken", json_integer(iv->days_taken));
    repr_set(&b, "open", json_boolean(iv->open));
    repr_set(&b, "waiting", json_boolean(iv->waiting));
    repr_set(&b, "past_timescale", json_boolean(iv->past_timescale));
    repr_set(&b, "late", json_boolean(iv->late));
    if (iv->n_history) {
        json_t *h = json_array();
        for (size_t i = 0; i < iv->n_history; i++)
            append(h,
                   json_pack("{s:s, s:s}", "status", inv_status_names[iv->history[i].status], "on",
                             iv->history[i].on),
                   &bad);
        repr_set(&b, "history", h);
    }
    b.bad |= bad;
    return repr_done(&b);
}

json_t *repr_pupilprov(const struct pupilprov *pp)
{
    struct repr_obj b = { json_object(), false };
    bool bad = false;
    repr_set(&b, "pupil",
             json_pack("{s:I, s:s, s:s, s:s, s:s, s:o}", "id", (json_int_t)pp->pupil_id, "upn",
                       pp->upn, "name", pp->pupil_name ? pp->pupil_name : "", "legal_name",
                       pp->legal_name ? pp->legal_name : "", "dob", pp->dob, "nc_year",
                       repr_str(pp->nc_year)));
    repr_set(&b, "school", repr_str(pp->school_name));
    repr_set(&b, "as_of", json_string(pp->as_of));
    json_t *items = json_array();
    for (size_t i = 0; i < pp->n_items; i++) {
        const struct pupilprov_item *it = &pp->items[i];
        const struct provision *p = it->provision;
        const struct enrolment *en = it->enrolment;
        struct repr_obj ib = { json_object(), false };
        repr_set(&ib, "provision", id_name(p->id, p->name));
        repr_set(&ib, "tier", json_string(p->tier));
        repr_set(&ib, "programme", repr_str(p->template_key));
        repr_set(&ib, "evidence_rating", repr_str(p->evidence_rating));
        repr_set(&ib, "outcomes", strings(p->outcomes, p->n_outcomes));
        repr_set(&ib, "components", strings(it->components, it->n_components));
        repr_set(&ib, "start_date", repr_str(p->start_date));
        repr_set(&ib, "end_date", repr_str(p->end_date));
        repr_set(&ib, "enrolled_on", repr_str(en->enrolled_on));
        repr_set(&ib, "left_on", repr_str(en->left_on));
        repr_set(&ib, "consent", json_string(consent_names[en->consent]));
        repr_set(&ib, "current", json_boolean(it->current));
        if (it->has_dosage)
            repr_set(&ib, "dosage",
                     json_pack("{s:i, s:i, s:i, s:f, s:o, s:o}", "attended", it->attended, "held",
                               it->held, "planned", it->planned, "hours",
                               round(it->hours * 100.0) / 100.0, "status",
                               repr_str(it->dosage_status), "complete_word",
                               repr_str(it->complete_word)));
        else
            repr_set(&ib, "dosage", json_null());
        repr_set(&ib, "sessions", json_integer(it->sessions));
        repr_set(&ib, "session_minutes", json_integer(it->session_minutes));
        json_t *rv = json_array();
        for (size_t r = 0; r < it->n_reviews; r++)
            append(rv,
                   json_pack("{s:s, s:i, s:s, s:o, s:o}", "reviewed_on", it->reviews[r].reviewed_on,
                             "score", it->reviews[r].score, "score_label",
                             review_score_label(it->reviews[r].score), "note",
                             repr_str(it->reviews[r].note), "reviewer",
                             repr_str(it->reviews[r].reviewer)),
                   &bad);
        repr_set(&ib, "reviews", rv);
        append(items, repr_done(&ib), &bad);
    }
    repr_set(&b, "provisions", items);
    json_t *inv = json_array();
    for (size_t i = 0; i < pp->n_involvements; i++)
        append(inv, repr_involvement(&pp->involvements[i]), &bad);
    repr_set(&b, "involvements", inv);
    b.bad |= bad;
    return repr_done(&b);
}
