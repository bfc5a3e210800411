#include "view/repr_la.h"

#include <math.h>

#include "stats/suppress.h"
#include "view/repr.h"

static json_t *count(const struct la_count *c)
{
    return c->hidden ? json_string(SUPPRESS_WORDS) : json_integer(c->n);
}

/* Shares and means to REPR_LA_DECIMALS places: no more is known of a
 * school's practice, and the API prints them so (api_la). */
static json_t *rounded(double v)
{
    double k = pow(10, REPR_LA_DECIMALS);
    return json_real(round(v * k) / k);
}

static json_t *mean(double v)
{
    return v < 0 ? json_null() : rounded(v);
}

static json_t *share(const struct la_count *part, const struct la_count *whole)
{
    if (part->hidden || whole->hidden || whole->n <= 0)
        return json_null();
    return rounded((double)part->n / (double)whole->n);
}

static json_t *bands(const struct la_figures *f, const struct la_school *s)
{
    json_t *o = json_object();
    for (size_t b = 0; o && b < LA_BANDS; b++)
        if (f->band_names[b] && json_object_set_new(o, f->band_names[b], count(&s->bands[b])))
            return json_decref(o), NULL;
    return o;
}

static json_t *gaps(const struct la_figures *f, const struct la_school *s)
{
    json_t *l = json_array();
    for (size_t i = 0; l && s->gap && i < f->n_components; i++)
        if (s->gap[i] == 1 && json_array_append_new(l, json_string(f->components[i].name)))
            return json_decref(l), NULL;
    return l;
}

static json_t *school(const struct la_figures *f, const struct la_school *s, bool total)
{
    json_t *o = json_pack(
        "{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "urn",
        repr_str(total ? NULL : s->urn), "name", repr_str(total ? "All schools sharing" : s->name),
        "pupils_in_scope", count(&s->in_scope), "held_0_or_1", count(&s->held[0]), "held_2",
        count(&s->held[1]), "held_3_or_more", count(&s->held[2]), "share_with_2",
        share(&s->held[1], &s->in_scope), "share_with_3_or_more", share(&s->held[2], &s->in_scope),
        "mean_fidelity", mean(s->mean_fidelity), "reviews_with_parent_per_pupil",
        mean(s->reviews_with_parent_per_pupil), "positive_contact_share",
        mean(s->positive_contact_share), "progress_methods_mean", mean(s->progress_methods_mean));
    if (!o)
        return NULL;
    json_t *more = json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "programme_cohorts",
                             (json_int_t)s->cohorts, "families_enrolled", count(&s->enrolled),
                             "families_completed", count(&s->completed), "completion_share",
                             share(&s->completed, &s->enrolled), "children_with_scores",
                             count(&s->with_scores), "children_improved", count(&s->improved),
                             "provision_gaps", total ? json_null() : json_integer(s->n_gaps),
                             "screened", count(&s->screened), "bands", bands(f, s));
    if (!more || json_object_update(o, more)) {
        json_decref(more);
        return json_decref(o), NULL;
    }
    json_decref(more);
    if (!total && json_object_set_new(o, "gap_components", gaps(f, s)))
        return json_decref(o), NULL;
    return o;
}

json_t *repr_la(const struct la_figures *f)
{
    json_t *list = json_array();
    for (size_t i = 0; list && i < f->n; i++)
        if (json_array_append_new(list, school(f, &f->schools[i], false)))
            return json_decref(list), NULL;
    if (!list)
        return NULL;
    return json_pack("{s:s, s:i, s:I, s:I, s:s, s:o, s:o}", "la", f->la_code, "school_year",
                     f->year, "schools_sharing", (json_int_t)f->n, "schools_not_sharing",
                     (json_int_t)f->not_sharing, "suppression",
                     "Counts of 1 to 4 show as \"fewer than 5\", and the next smallest count of "
                     "the same row or column is hidden too, so that totals cannot reveal them.",
                     "schools", list, "total", school(f, &f->total, true));
}
