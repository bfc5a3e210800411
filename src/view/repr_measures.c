#include "view/repr_measures.h"

#include <math.h>
#include <string.h>

#include "view/repr.h"
#include "core/date.h"
#include "model/calendar/schoolyear.h"

/* Set key to v (consumed); remembers any failure in *bad. */
static void put(json_t *o, const char *key, json_t *v, int *bad)
{
    if (!o || !v || json_object_set_new(o, key, v))
        *bad = 1;
}

static void push(json_t *a, json_t *v, int *bad)
{
    if (!a || !v || json_array_append_new(a, v))
        *bad = 1;
}

static json_t *done(json_t *o, int bad)
{
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *int_or_null(int v)
{
    return v < 0 ? json_null() : json_integer(v);
}

static json_t *codes(const int *c, size_t n)
{
    json_t *a = json_array();
    int bad = 0;
    for (size_t i = 0; i < n; i++)
        push(a, c[i] == SCORE_MISSING ? json_null() : json_integer(c[i]), &bad);
    return done(a, bad);
}

/* A share rounded to 4 decimal places. */
static json_t *share(long count, long n)
{
    if (n <= 0)
        return json_null();
    return json_real(round(10000.0 * (double)count / (double)n) / 10000.0);
}

json_t *repr_assessment(const struct assessment *as)
{
    int bad = 0;
    json_t *o = json_object();
    put(o, "id", json_integer(as->id), &bad);
    put(o, "pupil_id", json_integer(as->pupil_id), &bad);
    put(o, "measure", json_string(as->instrument), &bad);
    put(o, "version", json_string(as->version), &bad);
    put(o, "informant", json_string(as->informant), &bad);
    put(o, "completed_by", repr_str(as->completed_by), &bad);
    put(o, "assessed_on", json_string(as->assessed_on), &bad);
    put(o, "age_years", json_integer(as->age_years), &bad);
    put(o, "responses", codes(as->responses, as->n_responses), &bad);
    put(o, "impact", as->n_impact ? codes(as->impact, as->n_impact) : json_null(), &bad);
    put(o, "source", repr_str(as->source), &bad);
    put(o, "recorded_by", repr_str(as->recorded_by), &bad);
    put(o, "recorded_at", repr_str(as->recorded_at), &bad);
    json_t *scores = json_object(), *bands = json_object(), *levels = json_object();
    for (size_t i = 0; i < as->n_scores; i++)
        put(scores, as->scores[i].score,
            as->scores[i].value == SCORE_MISSING ? json_null() : json_integer(as->scores[i].value),
            &bad);
    for (size_t i = 0; i < as->n_bands; i++) {
        const struct assessment_band *b = &as->bands[i];
        json_t *sb = json_object_get(bands, b->scheme), *sl = json_object_get(levels, b->scheme);
        if (!sb) {
            sb = json_object();
            sl = json_object();
            put(bands, b->scheme, sb, &bad);
            put(levels, b->scheme, sl, &bad);
        }
        put(sb, b->score, repr_str(b->band), &bad);
        put(sl, b->score, int_or_null(b->level), &bad);
    }
    put(o, "scores", scores, &bad);
    put(o, "bands", bands, &bad);
    put(o, "levels", levels, &bad);
    return done(o, bad);
}

static json_t *assessment_ref(const struct assessment *as)
{
    return json_pack("{s:I, s:s}", "id", (json_int_t)as->id, "assessed_on", as->assessed_on);
}

json_t *repr_change(const struct assessment *from, const struct assessment *to,
                    const struct assessment_change *c, size_t n)
{
    int bad = 0;
    /* assessment_compare orders them by date. */
    if (strcmp(from->assessed_on, to->assessed_on) > 0 ||
        (!strcmp(from->assessed_on, to->assessed_on) && from->id > to->id)) {
        const struct assessment *t = from;
        from = to;
        to = t;
    }
    json_t *o = json_object(), *scores = json_array();
    put(o, "measure", json_string(from->instrument), &bad);
    put(o, "informant", json_string(from->informant), &bad);
    put(o, "from", assessment_ref(from), &bad);
    put(o, "to", assessment_ref(to), &bad);
    put(o, "critical_value", json_real(1.96), &bad);
    for (size_t i = 0; i < n; i++) {
        const struct assessment_change *ch = &c[i];
        json_t *s = json_object();
        bool both = ch->from != SCORE_MISSING && ch->to != SCORE_MISSING;
        put(s, "score", json_string(ch->score), &bad);
        put(s, "from", int_or_null(ch->from), &bad);
        put(s, "to", int_or_null(ch->to), &bad);
        put(s, "change", both ? json_integer(ch->to - ch->from) : json_null(), &bad);
        put(s, "retest_r", ch->have_figures ? json_real(ch->retest_r) : json_null(), &bad);
        put(s, "sd", ch->have_figures ? json_real(ch->sd) : json_null(), &bad);
        put(s, "source", ch->have_figures ? repr_str(ch->source) : json_null(), &bad);
        put(s, "rci",
            ch->verdict != CHANGE_NOT_COMPUTED ? json_real(round(ch->rci * 1000.0) / 1000.0)
                                               : json_null(),
            &bad);
        put(s, "result", json_string(assessment_verdict_text(ch->verdict)), &bad);
        push(scores, s, &bad);
    }
    put(o, "scores", scores, &bad);
    return done(o, bad);
}

static json_t *pupil_ref(int64_t id, const char *upn, const char *name)
{
    return json_pack("{s:I, s:o, s:o}", "pupil_id", (json_int_t)id, "upn", repr_str(upn), "name",
                     repr_str(name));
}

json_t *repr_screening(const struct screening_meta *m, const struct screening_summary *s,
                       const struct screening_row *rows, size_t n_rows)
{
    int bad = 0;
    json_t *o = json_object();
    char label[8], from[11], to[11];
    schoolyear_label(m->school_year, label, sizeof label);
    date_iso(schoolyear_start(m->school_year), from);
    date_iso(schoolyear_end(m->school_year), to);
    put(o, "school", repr_str(m->school_urn), &bad);
    put(o, "year_group", repr_str(m->year_group), &bad);
    put(o, "class",
        m->class_staff_id ? json_pack("{s:I, s:o}", "staff_id", (json_int_t)m->class_staff_id,
                                      "name", repr_str(m->class_name))
                          : json_null(),
        &bad);
    put(o, "school_year", json_integer(m->school_year), &bad);
    put(o, "school_year_label", json_string(label), &bad);
    put(o, "from", json_string(from), &bad);
    put(o, "to", json_string(to), &bad);
    put(o, "measure", json_string(s->in->key), &bad);
    put(o, "measure_title", json_string(s->in->title), &bad);
    put(o, "version", json_string(s->in->version), &bad);
    put(o, "informant", json_string(s->in->informant), &bad);
    put(o, "scheme", json_string(s->scheme), &bad);
    put(o, "pupils", json_integer(s->pupils), &bad);
    put(o, "assessed", json_integer(s->assessed), &bad);
    put(o, "not_assessed", json_integer(s->pupils - s->assessed), &bad);
    put(o, "follow_up_level", json_integer(MEASURE_FOLLOW_UP_LEVEL), &bad);
    json_t *scores = json_array();
    for (size_t i = 0; i < s->n_scores; i++) {
        const struct screening_score *sc = &s->scores[i];
        json_t *js = json_object(), *bands = json_array();
        put(js, "score", json_string(sc->score), &bad);
        put(js, "label", json_string(measure_score_label(sc->score)), &bad);
        put(js, "outcome", repr_str(sc->outcome), &bad);
        put(js, "n", json_integer(sc->n), &bad);
        put(js, "no_band", json_integer(sc->no_band), &bad);
        for (size_t b = 0; b < sc->n_bands; b++)
            push(bands,
                 json_pack("{s:s, s:o, s:I, s:o}", "band", sc->bands[b].band, "level",
                           int_or_null(sc->bands[b].level), "count", (json_int_t)sc->bands[b].count,
                           "share", share(sc->bands[b].count, sc->n)),
                 &bad);
        put(js, "bands", bands, &bad);
        push(scores, js, &bad);
    }
    put(o, "scores", scores, &bad);
    json_t *fu = json_array();
    for (size_t i = 0; i < s->n_follow_up; i++) {
        const struct screening_follow_up *f = &s->follow_up[i];
        json_t *jf = pupil_ref(f->pupil_id, f->upn, f->name), *flags = json_array();
        put(jf, "assessment_id", json_integer(f->assessment_id), &bad);
        put(jf, "assessed_on", repr_str(f->assessed_on), &bad);
        for (size_t k = 0; k < f->n_flags; k++)
            push(flags,
                 json_pack("{s:s, s:o, s:s, s:i}", "score", f->flags[k].score, "value",
                           int_or_null(f->flags[k].value), "band", f->flags[k].band, "level",
                           f->flags[k].level),
                 &bad);
        put(jf, "scores", flags, &bad);
        push(fu, jf, &bad);
    }
    put(o, "follow_up", fu, &bad);
    json_t *na = json_array();
    for (size_t i = 0; i < n_rows; i++)
        if (!rows[i].as)
            push(na, pupil_ref(rows[i].pupil_id, rows[i].upn, rows[i].name), &bad);
    put(o, "not_assessed_pupils", na, &bad);
    return done(o, bad);
}

static json_t *meta(const char *source, const char *by, const char *at)
{
    return json_pack("{s:o, s:o, s:o}", "source", repr_str(source), "recorded_by", repr_str(by),
                     "recorded_at", repr_str(at));
}

/* o plus the fields of extra (consumed). */
static json_t *with(json_t *o, json_t *extra)
{
    if (!o || !extra || json_object_update(o, extra)) {
        json_decref(o);
        json_decref(extra);
        return NULL;
    }
    json_decref(extra);
    return o;
}

json_t *repr_outcomes(const struct pupil_outcomes *p, const struct outcome_codes *c)
{
    int bad = 0;
    json_t *o = json_object(), *a;
    a = json_array();
    for (size_t i = 0; i < p->n_attainment; i++) {
        const struct attainment *x = &p->attainment[i];
        push(a,
             with(json_pack("{s:I, s:i, s:s, s:o, s:o, s:o, s:o}", "id", (json_int_t)x->id,
                            "school_year", x->year, "term", x->term, "subject",
                            repr_str(x->subject), "outcome", repr_str(x->outcome), "result",
                            repr_str(x->result), "target", repr_str(x->target)),
                  meta(x->source, x->recorded_by, x->recorded_at)),
             &bad);
    }
    put(o, "attainment", a, &bad);
    a = json_array();
    for (size_t i = 0; i < p->n_attendance; i++) {
        const struct attendance *x = &p->attendance[i];
        push(a,
             with(json_pack("{s:I, s:i, s:s, s:f, s:o, s:o}", "id", (json_int_t)x->id,
                            "school_year", x->year, "term", x->term, "percent", x->percent,
                            "sessions_possible", int_or_null(x->sessions_possible),
                            "sessions_attended", int_or_null(x->sessions_attended)),
                  meta(x->source, x->recorded_by, x->recorded_at)),
             &bad);
    }
    put(o, "attendance", a, &bad);
    a = json_array();
    for (size_t i = 0; i < p->n_exclusions; i++) {
        const struct exclusion *x = &p->exclusions[i];
        const char *census = NULL;
        for (size_t k = 0; c && k < c->n_categories; k++)
            if (!strcmp(c->categories[k].code, x->category))
                census = c->categories[k].census;
        json_t *reasons = json_array();
        for (int r = 0; r < 3; r++)
            if (x->reasons[r][0])
                push(reasons, json_string(x->reasons[r]), &bad);
        push(
            a,
            with(json_pack("{s:I, s:s, s:o, s:s, s:o, s:o}", "id", (json_int_t)x->id, "category",
                           x->category, "census_category", repr_str(census), "start_date",
                           x->start_date, "sessions", int_or_null(x->sessions), "reasons", reasons),
                 meta(x->source, x->recorded_by, x->recorded_at)),
            &bad);
    }
    put(o, "exclusions", a, &bad);
    a = json_array();
    for (size_t i = 0; i < p->n_bullying; i++) {
        const struct bullying *x = &p->bullying[i];
        push(a,
             with(json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)x->id, "occurred_on",
                            x->occurred_on, "type", x->type, "reference", repr_str(x->reference)),
                  meta(x->source, x->recorded_by, x->recorded_at)),
             &bad);
    }
    put(o, "bullying", a, &bad);
    a = json_array();
    for (size_t i = 0; i < p->n_ratings; i++) {
        const struct relationship_rating *x = &p->ratings[i];
        push(a,
             with(json_pack("{s:I, s:s, s:s, s:i, s:s}", "id", (json_int_t)x->id, "rated_on",
                            x->rated_on, "rater", x->rater, "rating", x->rating, "words",
                            outcome_rating_label(x->rating)),
                  meta(x->source, x->recorded_by, x->recorded_at)),
             &bad);
    }
    put(o, "relationships", a, &bad);
    return done(o, bad);
}

json_t *repr_reliability(const struct measure_reliability *r)
{
    return json_pack("{s:s, s:s, s:f, s:f, s:o, s:o, s:o}", "measure", r->instrument, "score",
                     r->score, "retest_r", r->retest_r, "sd", r->sd, "source", repr_str(r->source),
                     "set_by", repr_str(r->set_by), "set_at", repr_str(r->set_at));
}
