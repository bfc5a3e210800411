#include "view/repr_laeval.h"

#include <math.h>

#include "stats/suppress.h"
#include "view/repr_lmm.h"

static json_t *num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *pair(double a, double b)
{
    return json_pack("[oo]", num(a), num(b));
}

static json_t *str(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* A count of pupils: null when 1 to 4. */
static json_t *pupils(size_t n)
{
    return suppress_small((long)n) ? json_null() : json_integer((json_int_t)n);
}

const char *repr_laeval_model(enum la_eval_model m)
{
    switch (m) {
    case LA_MODEL_THREE:
        return "three-level";
    case LA_MODEL_SCHOOL_FIXED:
        return "school-fixed";
    case LA_MODEL_ONE:
        return "one-school";
    case LA_MODEL_NONE:
        break;
    }
    return "none";
}

static json_t *indicator(const struct eval_indicator *x, bool attainment)
{
    json_t *o = json_object();
    int bad = !o;
    bad |= json_object_set_new(o, "name", json_string(x->name));
    bad |= json_object_set_new(o, "label", json_string(x->label));
    bad |= json_object_set_new(o, "included", json_boolean(x->included));
    if (x->included && x->words) {
        bad |= json_object_set_new(o, "sd_across_key_teachers", num(x->sd));
        bad |= json_object_set_new(o, "estimate", num(x->estimate));
        bad |= json_object_set_new(o, "se", num(x->se));
        bad |= json_object_set_new(o, "df", num(x->df));
        bad |= json_object_set_new(o, "p", num(x->p));
        bad |= json_object_set_new(o, "ci", pair(x->ci_low, x->ci_high));
        bad |= json_object_set_new(o, "per_sd", num(x->per_sd));
        bad |= json_object_set_new(o, "per_sd_ci", pair(x->per_sd_low, x->per_sd_high));
        bad |= json_object_set_new(o, "g", num(x->g));
        bad |= json_object_set_new(o, "g_ci", pair(x->g_low, x->g_high));
        if (attainment) {
            bad |= json_object_set_new(o, "months", json_integer(x->months));
            bad |= json_object_set_new(o, "months_ci",
                                       json_pack("[ii]", x->months_low, x->months_high));
        }
        bad |= json_object_set_new(o, "words", str(x->words));
    }
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *repr_laeval(const struct la_eval_result *r)
{
    json_t *o = json_object(), *notes = json_array(), *inds = json_array(), *counts = json_array();
    int bad = !o || !notes || !inds || !counts;
    bad |= json_object_set_new(o, "la_code", str(r->la_code));
    bad |= json_object_set_new(o, "outcome", json_string(r->outcome->name));
    bad |= json_object_set_new(o, "outcome_label", json_string(r->outcome->label));
    bad |= json_object_set_new(o, "year", json_integer(r->year));
    bad |= json_object_set_new(o, "declined", json_boolean(r->declined));
    bad |= json_object_set_new(o, "reason", str(r->reason));
    bad |= json_object_set_new(o, "model_kind", json_string(repr_laeval_model(r->model)));
    bad |= json_object_set_new(o, "model_words", str(r->model_words));
    bad |= json_object_set_new(o, "caveat", str(r->caveat));
    bad |=
        json_object_set_new(o, "schools_sharing", json_integer((json_int_t)r->n_schools_sharing));
    bad |=
        json_object_set_new(o, "schools_not_sharing", json_integer((json_int_t)r->n_not_sharing));
    bad |= json_object_set_new(o, "pupils_in_scope", pupils(r->n_in_scope));
    bad |= json_object_set_new(o, "pupils_in_analysis", pupils(r->n_used));
    bad |= json_object_set_new(o, "schools", json_integer((json_int_t)r->n_schools));
    bad |= json_object_set_new(o, "key_teachers", json_integer((json_int_t)r->n_teachers));
    bad |= json_object_set_new(o, "conversations", json_integer((json_int_t)r->n_conversations));
    bad |= json_object_set_new(o, "formula", str(r->formula));
    for (size_t i = 0; i < r->n_notes; i++)
        bad |= json_array_append_new(notes, json_string(r->notes[i]));
    bad |= json_object_set_new(o, "notes", notes);
    if (!r->declined) {
        bad |= json_object_set_new(o, "total_sd", num(r->total_sd));
        bad |= json_object_set_new(o, "share_between_schools", num(r->share_school));
        bad |= json_object_set_new(o, "share_between_key_teachers", num(r->share_teacher));
        for (size_t k = 0; k < EVALDATA_N_INDICATORS; k++)
            bad |= json_array_append_new(inds, indicator(&r->ind[k], r->outcome->attainment));
        for (size_t i = 0; i < r->n_counts; i++) {
            const struct eval_count *c = &r->counts[i];
            bad |= json_array_append_new(
                counts, json_pack("{ssssso}", "group", c->group, "label", c->label, "n",
                                  c->suppressed ? json_null() : json_integer((json_int_t)c->n)));
        }
        bad |= json_object_set_new(o, "model", repr_lmm(&r->fit));
    }
    bad |= json_object_set_new(o, "indicators", inds);
    bad |= json_object_set_new(o, "counts", counts);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}
