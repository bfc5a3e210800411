#include "model/la/lafigures.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/date.h"
#include "db/db.h"
#include "model/access/access.h"
#include "model/calendar/schoolyear.h"
#include "model/conversations/convreport.h"
#include "model/measures/screening.h"
#include "model/programmes/progreport.h"
#include "model/provision/provision.h"
#include "model/provision/provmap.h"
#include "model/register/audit.h"
#include "model/register/pupil.h"
#include "score/builtin.h"
#include "stats/suppress.h"

#define LA_SDQ       "sdq-teacher-4-17"
#define LA_SDQ_SCORE "total"

/* The schools of the LA, whether each shares, and its data version (the
 * only SQL here: the figures come from each room's own functions). */
static int la_schools(struct db *db, struct arena *a, const char *la_code, struct la_row **out,
                      size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT id, urn, name, la_code, la_share, data_version FROM school"
                        " WHERE la_code = ?1 ORDER BY name, urn",
                        e);
    if (rc)
        return rc;
    db_bind_text(st, 1, la_code);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct la_row *r = arena_push(a, out, n, &cap, sizeof *r);
        if (!r) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        r->id = db_col_int(st, 0);
        r->urn = arena_strdup(a, db_col_text(st, 1));
        r->name = arena_strdup(a, db_col_text(st, 2));
        r->la_code = arena_strdup(a, db_col_text(st, 3));
        r->share = db_col_int(st, 4) != 0;
        r->version = db_col_int(st, 5);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static void conversations_into(const struct cs_figures *f, struct la_school *s)
{
    s->in_scope.n = f->pupils_in_scope;
    s->held[0].n = f->with[0] + f->with[1];
    s->held[1].n = f->with[2];
    s->held[2].n = f->with[3];
    s->mean_fidelity = f->mean_fidelity;
    s->reviews_with_parent_per_pupil = f->reviews_with_parent_per_pupil;
    s->positive_contact_share = f->positive_contact_share;
    s->progress_methods_mean = f->progress_methods_mean;
}

static int programmes_into(struct db *db, struct arena *a, int64_t school_id, int year,
                           struct la_school *s, struct err *e)
{
    struct provision_filter pf = { .school_id = school_id, .programmes_only = true };
    struct provision *ps;
    size_t n;
    int rc = provision_list(db, a, &pf, &ps, &n, e);
    char from[DATE_ISO_LEN], to[DATE_ISO_LEN];
    date_iso(schoolyear_start(year), from);
    date_iso(schoolyear_end(year), to);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (strcmp(ps[i].start_date, to) > 0 ||
            (ps[i].end_date[0] && strcmp(ps[i].end_date, from) < 0))
            continue; /* not running in the year */
        struct progreport r;
        struct progreport_opts o = { .viewed = true };
        if ((rc = progreport_build(db, a, ps[i].id, school_id, &o, NULL, &r, e)))
            break;
        s->cohorts++;
        s->enrolled.n += r.families_enrolled;
        s->completed.n += r.families_completed;
        s->with_scores.n += (long)r.outcome.n;
        if (r.outcome.has_rci)
            s->improved.n += (long)r.outcome.rci.improved;
    }
    return rc;
}

static int screening_into(struct db *db, struct arena *a, struct arena *keep, int64_t school_id,
                          int year, struct la_school_raw *out, struct err *e)
{
    static const char *const years[] = { "R", "1", "2", "3", "4", "5", "6" };
    const struct instrument *in = instrument_builtin(LA_SDQ);
    if (!in)
        return 0;
    struct la_school *s = &out->s;
    struct pupil_filter pf = { .school_id = school_id, .fsm = -1 };
    pf.scope.whole_school = true;
    for (size_t y = 0; y < sizeof years / sizeof *years; y++) {
        struct screening_query q = { .nc_year = years[y], .in = in, .school_year = year };
        struct screening_summary sum;
        struct screening_row *rows;
        size_t n_rows;
        int rc = screening_build(db, a, &pf, &q, &sum, &rows, &n_rows, e);
        if (rc)
            return rc;
        for (size_t k = 0; k < sum.n_scores; k++) {
            if (strcmp(sum.scores[k].score, LA_SDQ_SCORE) != 0)
                continue;
            for (size_t b = 0; b < sum.scores[k].n_bands; b++) {
                const struct screening_band_count *bc = &sum.scores[k].bands[b];
                if (bc->level < 0 || bc->level >= LA_BANDS)
                    continue;
                s->bands[bc->level].n += bc->count;
                s->screened.n += bc->count;
                if (!out->band_names[bc->level] &&
                    !(out->band_names[bc->level] = arena_strdup(keep, bc->band)))
                    return err_set(e, ERR_NOMEM, "out of memory");
            }
        }
    }
    return 0;
}

static int provmap_into(struct db *db, struct arena *a, struct arena *tmp, int64_t school_id,
                        struct la_school_raw *out, struct err *e)
{
    struct provmap pm;
    int rc = provmap_build(db, tmp, school_id, NULL, NULL, &pm, e);
    if (rc)
        return rc;
    out->comps = arena_alloc(a, (pm.n_components ? pm.n_components : 1) * sizeof *out->comps);
    if (!out->comps)
        return err_set(e, ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < pm.n_components; i++) {
        const struct provmap_in_component *c = pm.components[i].in;
        struct la_school_comp *k = &out->comps[out->n_comps++];
        k->framework = arena_strdup(a, c->framework_key);
        k->key = arena_strdup(a, c->key);
        k->name = arena_strdup(a, c->name);
        k->gap = pm.components[i].n_provision_idx == 0;
        if (!k->framework || !k->key || !k->name)
            return err_set(e, ERR_NOMEM, "out of memory");
    }
    return 0;
}

int la_school_build(struct db *db, struct arena *a, const struct la_row *row, int year,
                    struct la_school_raw *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct la_school *s = &out->s;
    s->id = row->id;
    s->urn = arena_strdup(a, row->urn);
    s->name = arena_strdup(a, row->name);
    if (!s->urn || !s->name)
        return err_set(e, ERR_NOMEM, "out of memory");
    /* The school's reports in an arena of their own, released once its
     * figures are taken: a request's arena would not hold 100 schools'. */
    struct arena tmp;
    arena_init(&tmp, 0);
    struct convreport cr;
    int rc = convreport_build(db, &tmp, row->id, year, NULL, &cr, e);
    if (rc == 0)
        conversations_into(&cr.all, s);
    if (rc == 0)
        rc = programmes_into(db, &tmp, row->id, year, s, e);
    if (rc == 0)
        rc = provmap_into(db, a, &tmp, row->id, out, e);
    if (rc == 0)
        rc = screening_into(db, &tmp, a, row->id, year, out, e);
    arena_release(&tmp);
    return rc;
}

static int component_index(struct arena *a, struct la_figures *f, const struct la_school_comp *c,
                           size_t *cap)
{
    for (size_t i = 0; i < f->n_components; i++)
        if (!strcmp(f->components[i].framework, c->framework) &&
            !strcmp(f->components[i].key, c->key))
            return (int)i;
    struct la_component *nc = arena_push(a, &f->components, &f->n_components, cap, sizeof *nc);
    if (!nc)
        return -1;
    *nc = (struct la_component){ c->framework, c->key, c->name };
    return (int)(f->n_components - 1);
}

/* Every component any school chose (in the order the schools name them),
 * then each school's gaps against that list. */
static int place_gaps(struct arena *a, struct la_figures *f,
                      const struct la_school_raw *const *raws, struct err *e)
{
    size_t cap = 0;
    for (size_t i = 0; i < f->n; i++)
        for (size_t k = 0; k < raws[i]->n_comps; k++)
            if (component_index(a, f, &raws[i]->comps[k], &cap) < 0)
                return err_set(e, ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < f->n; i++) {
        struct la_school *s = &f->schools[i];
        s->gap = arena_alloc(a, f->n_components ? f->n_components : 1);
        if (!s->gap)
            return err_set(e, ERR_NOMEM, "out of memory");
        memset(s->gap, -1, f->n_components);
        s->n_gaps = 0;
        for (size_t k = 0; k < raws[i]->n_comps; k++) {
            int c = component_index(a, f, &raws[i]->comps[k], &cap);
            s->gap[c] = raws[i]->comps[k].gap ? 1 : 0;
            s->n_gaps += raws[i]->comps[k].gap;
        }
    }
    return 0;
}

bool la_row_seen(const struct principal *p, const struct la_row *row)
{
    return access_la_sees_school(p, row->la_code, row->share);
}

int la_school_rows(struct db *db, struct arena *a, const struct principal *p, struct la_row **rows,
                   size_t *n, struct err *e)
{
    *rows = NULL;
    *n = 0;
    if (p->kind != PRINCIPAL_LA || !p->la_code)
        return err_set(e, ERR_DENIED, "only a local authority's account sees the LA view");
    return la_schools(db, a, p->la_code, rows, n, e);
}

int la_figures_assemble(struct arena *a, const struct principal *p, int year,
                        const struct la_row *rows, size_t n_rows,
                        const struct la_school_raw *const *raws, struct la_figures *out,
                        struct err *e)
{
    memset(out, 0, sizeof *out);
    out->la_code = p->la_code;
    out->year = year;
    out->schools = arena_alloc(a, (n_rows ? n_rows : 1) * sizeof *out->schools);
    if (!out->schools)
        return err_set(e, ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n_rows; i++) {
        if (!la_row_seen(p, &rows[i])) {
            out->not_sharing++;
            continue;
        }
        const struct la_school_raw *r = raws[out->n];
        out->schools[out->n++] = r->s;
        for (size_t b = 0; b < LA_BANDS; b++)
            if (!out->band_names[b])
                out->band_names[b] = r->band_names[b];
    }
    int rc = place_gaps(a, out, raws, e);
    if (rc == 0 && la_figures_suppress(a, out) != 0)
        rc = err_set(e, ERR_NOMEM, "out of memory");
    return rc;
}

int la_figures_audit(struct db *db, const struct principal *p, const char *address,
                     const struct la_figures *f, struct err *e)
{
    struct buf b;
    buf_init(&b, 256 + 16 * f->n);
    int rc = buf_addf(&b, "the LA view of LA %s, %d: %zu %s", f->la_code, f->year, f->n,
                      f->n == 1 ? "school" : "schools");
    for (size_t i = 0; rc == 0 && i < f->n; i++)
        rc = buf_addf(&b, "%s%s", i ? ", " : " (URN ", f->schools[i].urn);
    if (rc == 0 && f->n)
        rc = buf_addf(&b, ")");
    struct audit_entry au = { .actor = p->actor ? p->actor : "unknown",
                              .action = "report",
                              .entity = "la",
                              .detail = buf_str(&b),
                              .address = address };
    if (rc == 0)
        rc = audit_log(db, &au, e);
    else
        rc = err_set(e, ERR_NOMEM, "out of memory");
    buf_release(&b);
    return rc;
}

int la_figures_build(struct db *db, struct arena *a, const struct principal *p, int year,
                     const char *address, struct la_figures *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct la_row *rows;
    size_t n_rows;
    int rc = la_school_rows(db, a, p, &rows, &n_rows, e);
    if (rc)
        return rc;
    const struct la_school_raw **raws = arena_alloc(a, (n_rows ? n_rows : 1) * sizeof *raws);
    if (!raws)
        return err_set(e, ERR_NOMEM, "out of memory");
    size_t k = 0;
    for (size_t i = 0; rc == 0 && i < n_rows; i++) {
        if (!la_row_seen(p, &rows[i]))
            continue;
        struct la_school_raw *r = arena_alloc(a, sizeof *r);
        if (!r)
            return err_set(e, ERR_NOMEM, "out of memory");
        rc = la_school_build(db, a, &rows[i], year, r, e);
        raws[k++] = r;
    }
    if (rc == 0)
        rc = la_figures_assemble(a, p, year, rows, n_rows, raws, out, e);
    if (rc == 0)
        rc = la_figures_audit(db, p, address, out, e);
    return rc;
}
