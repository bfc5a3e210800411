#include "model/measures/screening.h"

#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "db/db.h"
#include "model/measures/measure.h"
#include "model/register/pupil.h"
#include "model/calendar/schoolyear.h"

static bool has_scheme(const struct instrument *in, const char *scheme)
{
    for (size_t s = 0; s < in->n_schemes; s++)
        if (!strcmp(in->schemes[s], scheme))
            return true;
    return false;
}

/* The banded scores of a measure, in its order: subscales, totals, impact. */
static size_t banded_scores(const struct instrument *in, const char **out)
{
    size_t k = 0;
    for (size_t i = 0; i < in->n_scales; i++)
        out[k++] = in->scales[i].name;
    for (size_t i = 0; i < in->n_totals; i++)
        if (!in->totals[i].unbanded)
            out[k++] = in->totals[i].name;
    if (in->impact)
        out[k++] = in->impact->name;
    return k;
}

static struct screening_band_count *band_slot(struct screening_score *s, const char *band,
                                              int level)
{
    for (size_t i = 0; i < s->n_bands; i++)
        if (!strcmp(s->bands[i].band, band))
            return &s->bands[i];
    if (s->n_bands >= sizeof s->bands / sizeof s->bands[0])
        return NULL;
    struct screening_band_count *b = &s->bands[s->n_bands++];
    *b = (struct screening_band_count){ .band = band, .level = level };
    return b;
}

int screening_summarise(struct arena *a, const struct instrument *in, const char *scheme,
                        const struct screening_row *rows, size_t n, struct screening_summary *out,
                        struct err *e)
{
    memset(out, 0, sizeof *out);
    if (!scheme)
        scheme = in->n_schemes ? in->schemes[0] : "";
    if (in->n_schemes && !has_scheme(in, scheme))
        return err_set(e, ERR_INPUT, "%s has no banding scheme called '%s'", in->title, scheme);
    out->in = in;
    out->scheme = scheme;
    const char *names[INSTRUMENT_MAX_SCORES];
    size_t n_names = banded_scores(in, names);
    for (size_t i = 0; i < n_names; i++) {
        /* Scores the scheme gives no bands for are left out (the teacher
         * SDQ's impact, say); with no schemes at all, every score stays. */
        const struct instrument_bands *t = measure_bands_for(in, scheme, names[i]);
        if (!t && in->n_schemes)
            continue;
        struct screening_score *s = &out->scores[out->n_scores++];
        s->score = names[i];
        /* The current table's bands first, in order, even when empty. */
        for (size_t b = 0; t && b < t->n_bands; b++)
            band_slot(s, t->bands[b].label, (int)b);
    }
    out->follow_up = arena_array(a, n + 1, sizeof *out->follow_up);
    if (!out->follow_up)
        return err_set(e, ERR_NOMEM, "out of memory");
    for (size_t r = 0; r < n; r++) {
        out->pupils++;
        const struct assessment *as = rows[r].as;
        if (!as)
            continue;
        out->assessed++;
        struct screening_follow_up *fu = &out->follow_up[out->n_follow_up];
        size_t cap = 0;
        memset(fu, 0, sizeof *fu);
        for (size_t i = 0; i < out->n_scores; i++) {
            struct screening_score *s = &out->scores[i];
            const struct assessment_band *b = assessment_band_of(as, scheme, s->score);
            if (!b || !b->band) {
                s->no_band++;
                continue;
            }
            const struct instrument_bands *t = measure_bands_for(in, scheme, s->score);
            int level = -1;
            for (size_t k = 0; t && k < t->n_bands; k++)
                if (!strcmp(t->bands[k].label, b->band))
                    level = (int)k;
            struct screening_band_count *c = band_slot(s, b->band, level);
            if (!c)
                return err_set(e, ERR_LIMIT, "too many different bands for %s", s->score);
            c->count++;
            s->n++;
            if (b->level >= MEASURE_FOLLOW_UP_LEVEL) {
                struct screening_flag *fl =
                    arena_push(a, &fu->flags, &fu->n_flags, &cap, sizeof *fl);
                if (!fl)
                    return err_set(e, ERR_NOMEM, "out of memory");
                const struct assessment_score *sc = assessment_score_of(as, s->score);
                *fl = (struct screening_flag){ .score = s->score,
                                               .value = sc ? sc->value : SCORE_MISSING,
                                               .band = b->band,
                                               .level = b->level };
            }
        }
        if (fu->n_flags) {
            fu->pupil_id = rows[r].pupil_id;
            fu->upn = rows[r].upn;
            fu->name = rows[r].name;
            fu->assessment_id = as->id;
            fu->assessed_on = as->assessed_on;
            out->n_follow_up++;
        }
    }
    for (size_t i = 0; i < out->n_scores; i++) {
        struct screening_score *s = &out->scores[i];
        for (size_t b = 0; b < s->n_bands; b++)
            s->bands[b].share = s->n ? (double)s->bands[b].count / (double)s->n : 0.0;
    }
    return 0;
}

int screening_build(struct db *db, struct arena *a, const struct pupil_filter *f,
                    const struct screening_query *q, struct screening_summary *out,
                    struct screening_row **rows, size_t *n_rows, struct err *e)
{
    *rows = NULL;
    *n_rows = 0;
    if (!q->nc_year || !*q->nc_year)
        return err_set(e, ERR_INPUT, "choose a year group");
    struct pupil_filter pf = { .school_id = f->school_id, .scope = f->scope, .fsm = -1 };
    pf.nc_year = q->nc_year;
    struct pupil *ps;
    size_t n;
    int rc = pupil_list(db, a, &pf, &ps, &n, NULL, e);
    if (rc)
        return rc;
    struct screening_row *rs = arena_array(a, n + 1, sizeof *rs);
    if (!rs)
        return err_set(e, ERR_NOMEM, "out of memory");
    char from[11], to[11];
    date_iso(schoolyear_start(q->school_year), from);
    date_iso(schoolyear_end(q->school_year), to);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (q->class_staff_id && ps[i].key_teacher_id != q->class_staff_id)
            continue;
        struct screening_row *r = &rs[k++];
        r->pupil_id = ps[i].id;
        r->upn = arena_strdup(a, ps[i].upn);
        r->name = pupil_display_name(a, &ps[i]);
        struct db_stmt *st;
        if ((rc = db_prepare(db, &st,
                             "SELECT id FROM assessment WHERE pupil_id = ?1 AND instrument = ?2"
                             " AND assessed_on BETWEEN ?3 AND ?4 ORDER BY assessed_on DESC, id DESC"
                             " LIMIT 1",
                             e)))
            return rc;
        db_bind_int(st, 1, ps[i].id);
        db_bind_text(st, 2, q->in->key);
        db_bind_text(st, 3, from);
        db_bind_text(st, 4, to);
        rc = db_step(st, e);
        int64_t id = rc == DB_ROW ? db_col_int(st, 0) : 0;
        db_finalize(st);
        if (rc < 0)
            return rc;
        if (!id)
            continue;
        struct assessment *as = arena_alloc(a, sizeof *as);
        if (!as)
            return err_set(e, ERR_NOMEM, "out of memory");
        if ((rc = assessment_get(db, a, id, as, e)))
            return rc;
        r->as = as;
    }
    *rows = rs;
    *n_rows = k;
    if ((rc = screening_summarise(a, q->in, q->scheme, rs, k, out, e)))
        return rc;
    for (size_t i = 0; i < out->n_scores; i++) {
        struct db_stmt *st;
        if ((rc = db_prepare(
                 db, &st, "SELECT outcome FROM score_outcome WHERE instrument = ?1 AND score = ?2",
                 e)))
            return rc;
        db_bind_text(st, 1, q->in->key);
        db_bind_text(st, 2, out->scores[i].score);
        rc = db_step(st, e);
        if (rc == DB_ROW)
            out->scores[i].outcome = arena_strdup(a, db_col_text(st, 0));
        db_finalize(st);
        if (rc < 0)
            return rc;
    }
    return 0;
}
