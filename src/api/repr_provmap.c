#include "api/repr_provmap.h"

#include <math.h>
#include <string.h>

#include "api/repr_prog.h"

/* Build objects key by key; the first failure sticks and the object is
 * dropped at the end. */
struct obj {
    json_t *o;
    bool bad;
};

static void set(struct obj *b, const char *key, json_t *v)
{
    if (!v || b->bad || !b->o || json_object_set_new(b->o, key, v)) {
        if (v && (b->bad || !b->o))
            json_decref(v);
        b->bad = true;
    }
}

static json_t *done(struct obj *b)
{
    if (b->bad || !b->o) {
        json_decref(b->o);
        return NULL;
    }
    return b->o;
}

static json_t *str_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
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

json_t *repr_provmap(const struct provmap *m, const char *school_urn)
{
    struct obj b = { json_object(), false };
    bool bad = false;
    set(&b, "school",
        json_pack("{s:o, s:o}", "urn", str_or_null(school_urn), "name",
                  str_or_null(m->school_name)));
    set(&b, "as_of", json_string(m->as_of));
    set(&b, "pupils_on_roll", json_integer(m->pupils_on_roll));
    json_t *tiers = json_object();
    for (int t = 0; t < TIER_N; t++) {
        const struct provmap_tier *tr = &m->tiers[t];
        struct obj tb = { json_object(), false };
        json_t *provs = json_array();
        for (size_t k = 0; k < tr->n_provision_idx; k++) {
            const struct provmap_provision *p = &m->provisions[tr->provision_idx[k]];
            append(provs,
                   json_pack("{s:I, s:s, s:o, s:b, s:i}", "id", (json_int_t)p->in->id, "name",
                             p->in->name ? p->in->name : "", "evidence_rating",
                             str_or_null(p->in->evidence_rating), "evidence_informed",
                             p->evidence_informed, "pupils", p->pupils),
                   &bad);
        }
        set(&tb, "label", json_string(provision_tier_labels[t]));
        set(&tb, "pupils", json_integer(tr->pupils));
        set(&tb, "enrolled", json_integer(tr->enrolled));
        set(&tb, "provisions", provs);
        set(&tb, "cost", json_integer((json_int_t)tr->cost));
        set(&tb, "cost_per_pupil", pence_or_null(tr->cost_per_pupil));
        json_t *o = done(&tb);
        if (!o || !tiers || json_object_set_new(tiers, provision_tiers[t], o))
            bad = true;
    }
    set(&b, "tiers", tiers);
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
    set(&b, "components", comps);
    set(&b, "gaps", json_integer((json_int_t)m->n_gaps));
    set(&b, "evidence_share", share(m->evidence_share));
    set(&b, "pupils_evidence_share", share(m->pupils_evidence_share));
    set(&b, "pupils_reached", json_integer(m->pupils_reached));
    set(&b, "pupils_reached_evidence", json_integer(m->pupils_reached_evidence));
    set(&b, "cost_total", json_integer((json_int_t)m->cost_total));
    json_t *ov = json_array();
    for (size_t i = 0; i < m->n_overload; i++) {
        const struct provmap_overload *o = &m->overload[i];
        json_t *provs = json_array();
        for (size_t k = 0; k < o->n; k++)
            append(provs, id_name(o->provision_ids[k], o->provision_names[k]), &bad);
        append(ov,
               json_pack("{s:{s:I, s:o, s:s}, s:s, s:s, s:o}", "pupil", "id",
                         (json_int_t)o->pupil_id, "upn", str_or_null(o->pupil_upn), "name",
                         o->pupil_name ? o->pupil_name : "", "outcome", o->outcome, "label",
                         o->outcome_label ? o->outcome_label : o->outcome, "provisions",
                         provs ? provs : json_null()),
               &bad);
    }
    set(&b, "overload", ov);
    json_t *un = json_array();
    for (size_t i = 0; i < m->n_unmet; i++)
        append(un,
               json_pack("{s:s, s:s, s:i}", "outcome", m->unmet[i].outcome, "label",
                         m->unmet[i].label ? m->unmet[i].label : m->unmet[i].outcome, "pupils",
                         m->unmet[i].pupils),
               &bad);
    set(&b, "unmet", un);
    set(&b, "involvements",
        json_pack("{s:i, s:i}", "open", m->involvements_open, "past_timescale",
                  m->involvements_overdue));
    b.bad |= bad;
    return done(&b);
}

json_t *repr_framework(const struct framework *fw)
{
    struct obj b = { json_object(), false };
    bool bad = false;
    set(&b, "key", json_string(fw->key));
    set(&b, "name", json_string(fw->name));
    set(&b, "description", str_or_null(fw->description));
    set(&b, "built_in", json_boolean(fw->school_id == 0));
    set(&b, "chosen", json_boolean(fw->chosen));
    json_t *c = json_array();
    for (size_t i = 0; i < fw->n_components; i++)
        append(c,
               json_pack("{s:s, s:s, s:i}", "key", fw->components[i].key, "name",
                         fw->components[i].name, "position", fw->components[i].position),
               &bad);
    set(&b, "components", c);
    b.bad |= bad;
    return done(&b);
}

json_t *repr_review(const struct review *r)
{
    struct obj b = { json_object(), false };
    set(&b, "id", json_integer((json_int_t)r->id));
    set(&b, "provision", id_name(r->provision_id, r->provision_name));
    set(&b, "pupil",
        json_pack("{s:I, s:o, s:o}", "id", (json_int_t)r->pupil_id, "upn", str_or_null(r->upn),
                  "name", str_or_null(r->pupil_name)));
    set(&b, "score", json_integer(r->score));
    set(&b, "score_label", json_string(review_score_label(r->score)));
    set(&b, "note", str_or_null(r->note));
    set(&b, "reviewer", str_or_null(r->reviewer));
    set(&b, "reviewed_on", json_string(r->reviewed_on));
    return done(&b);
}

json_t *repr_review_due(const struct review_due_item *d)
{
    return json_pack("{s:o, s:s, s:{s:I, s:s, s:s}, s:s, s:s, s:o, s:i}", "provision",
                     id_name(d->provision_id, d->provision_name), "tier", d->tier, "pupil", "id",
                     (json_int_t)d->pupil_id, "upn", d->upn, "name", d->pupil_name, "due_on",
                     d->due_on, "state", review_state_names[d->state], "latest_review",
                     str_or_null(d->latest), "days", d->days);
}

json_t *repr_review_summary(const struct review_summary *s)
{
    struct obj b = { json_object(), false };
    set(&b, "provision", id_name(s->provision_id, s->name));
    set(&b, "tier", json_string(s->tier));
    set(&b, "review_date", str_or_null(s->review_date));
    set(&b, "end_date", str_or_null(s->end_date));
    set(&b, "pupils", json_integer(s->pupils));
    set(&b, "reviewed", json_integer(s->reviewed));
    set(&b, "scores",
        json_pack("{s:i, s:i, s:i, s:i, s:i}", "-2", s->counts[0], "-1", s->counts[1], "0",
                  s->counts[2], "+1", s->counts[3], "+2", s->counts[4]));
    set(&b, "mean", s->reviewed ? json_real(round(s->mean * 100.0) / 100.0) : json_null());
    set(&b, "share_expected", s->reviewed ? share(s->share_expected) : json_null());
    set(&b, "due", json_integer(s->due));
    set(&b, "overdue", json_integer(s->overdue));
    return done(&b);
}

json_t *repr_involvement(const struct involvement *iv)
{
    struct obj b = { json_object(), false };
    bool bad = false;
    set(&b, "id", json_integer((json_int_t)iv->id));
    set(&b, "pupil",
        json_pack("{s:I, s:o, s:o}", "id", (json_int_t)iv->pupil_id, "upn", str_or_null(iv->upn),
                  "name", str_or_null(iv->pupil_name)));
    set(&b, "service", json_string(iv->service ? iv->service : ""));
    set(&b, "service_label", str_or_null(iv->service_label));
    set(&b, "service_name", str_or_null(iv->service_name));
    set(&b, "referred_on", json_string(iv->referred_on));
    set(&b, "asked", json_string(iv->asked ? iv->asked : ""));
    set(&b, "status", json_string(inv_status_names[iv->status]));
    set(&b, "status_on", str_or_null(iv->status_on));
    set(&b, "advice", str_or_null(iv->advice));
    set(&b, "advice_on", str_or_null(iv->advice_on));
    set(&b, "timescale_days", json_integer(iv->timescale_days));
    set(&b, "days_taken", json_integer(iv->days_taken));
    set(&b, "open", json_boolean(iv->open));
    set(&b, "waiting", json_boolean(iv->waiting));
    set(&b, "past_timescale", json_boolean(iv->past_timescale));
    set(&b, "late", json_boolean(iv->late));
    if (iv->n_history) {
        json_t *h = json_array();
        for (size_t i = 0; i < iv->n_history; i++)
            append(h,
                   json_pack("{s:s, s:s}", "status", inv_status_names[iv->history[i].status], "on",
                             iv->history[i].on),
                   &bad);
        set(&b, "history", h);
    }
    b.bad |= bad;
    return done(&b);
}

json_t *repr_pupilprov(const struct pupilprov *pp)
{
    struct obj b = { json_object(), false };
    bool bad = false;
    set(&b, "pupil",
        json_pack("{s:I, s:s, s:s, s:s, s:s, s:o}", "id", (json_int_t)pp->pupil_id, "upn", pp->upn,
                  "name", pp->pupil_name ? pp->pupil_name : "", "legal_name",
                  pp->legal_name ? pp->legal_name : "", "dob", pp->dob, "nc_year",
                  str_or_null(pp->nc_year)));
    set(&b, "school", str_or_null(pp->school_name));
    set(&b, "as_of", json_string(pp->as_of));
    json_t *items = json_array();
    for (size_t i = 0; i < pp->n_items; i++) {
        const struct pupilprov_item *it = &pp->items[i];
        const struct provision *p = it->provision;
        const struct enrolment *en = it->enrolment;
        struct obj ib = { json_object(), false };
        set(&ib, "provision", id_name(p->id, p->name));
        set(&ib, "tier", json_string(p->tier));
        set(&ib, "programme", str_or_null(p->template_key));
        set(&ib, "evidence_rating", str_or_null(p->evidence_rating));
        set(&ib, "outcomes", strings(p->outcomes, p->n_outcomes));
        set(&ib, "components", strings(it->components, it->n_components));
        set(&ib, "start_date", str_or_null(p->start_date));
        set(&ib, "end_date", str_or_null(p->end_date));
        set(&ib, "enrolled_on", str_or_null(en->enrolled_on));
        set(&ib, "left_on", str_or_null(en->left_on));
        set(&ib, "consent", json_string(consent_names[en->consent]));
        set(&ib, "current", json_boolean(it->current));
        if (it->has_dosage)
            set(&ib, "dosage",
                json_pack("{s:i, s:i, s:i, s:f, s:o, s:o}", "attended", it->attended, "held",
                          it->held, "planned", it->planned, "hours",
                          round(it->hours * 100.0) / 100.0, "status",
                          str_or_null(it->dosage_status), "complete_word",
                          str_or_null(it->complete_word)));
        else
            set(&ib, "dosage", json_null());
        set(&ib, "sessions", json_integer(it->sessions));
        set(&ib, "session_minutes", json_integer(it->session_minutes));
        json_t *rv = json_array();
        for (size_t r = 0; r < it->n_reviews; r++)
            append(rv,
                   json_pack("{s:s, s:i, s:s, s:o, s:o}", "reviewed_on", it->reviews[r].reviewed_on,
                             "score", it->reviews[r].score, "score_label",
                             review_score_label(it->reviews[r].score), "note",
                             str_or_null(it->reviews[r].note), "reviewer",
                             str_or_null(it->reviews[r].reviewer)),
                   &bad);
        set(&ib, "reviews", rv);
        append(items, done(&ib), &bad);
    }
    set(&b, "provisions", items);
    json_t *inv = json_array();
    for (size_t i = 0; i < pp->n_involvements; i++)
        append(inv, repr_involvement(&pp->involvements[i]), &bad);
    set(&b, "involvements", inv);
    b.bad |= bad;
    return done(&b);
}
