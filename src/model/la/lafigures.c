#include "model/la/lafigures.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
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

/* The schools of the LA, and whether each shares (the only SQL here: the
 * figures come from each room's own functions). */
struct la_row {
    int64_t id;
    const char *urn, *name, *la_code;
    bool share;
};

static int la_schools(struct db *db, struct arena *a, const char *la_code, struct la_row **out,
                      size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT id, urn, name, la_code, la_share FROM school WHERE la_code = ?1"
                        " ORDER BY name, urn",
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
                           const struct audit_entry *who, struct la_school *s, struct err *e)
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
        if ((rc = progreport_build(db, a, ps[i].id, school_id, &o, who, &r, e)))
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
                          int year, struct la_figures *f, struct la_school *s, struct err *e)
{
    static const char *const years[] = { "R", "1", "2", "3", "4", "5", "6" };
    const struct instrument *in = instrument_builtin(LA_SDQ);
    if (!in)
        return 0;
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
                if (!f->band_names[bc->level])
                    f->band_names[bc->level] = arena_strdup(keep, bc->band);
            }
        }
    }
    return 0;
}

static int component_index(struct arena *a, struct la_figures *f,
                           const struct provmap_in_component *c, size_t *cap)
{
    for (size_t i = 0; i < f->n_components; i++)
        if (!strcmp(f->components[i].framework, c->framework_key) &&
            !strcmp(f->components[i].key, c->key))
            return (int)i;
    struct la_component *nc = arena_push(a, &f->components, &f->n_components, cap, sizeof *nc);
    if (!nc)
        return -1;
    nc->framework = arena_strdup(a, c->framework_key);
    nc->key = arena_strdup(a, c->key);
    nc->name = arena_strdup(a, c->name);
    if (!nc->framework || !nc->key || !nc->name)
        return -1;
    return (int)(f->n_components - 1);
}

/* Gaps are gathered as (component, gap) pairs first, since the list of
 * components grows as schools are read; la_gaps_place() spreads them. */
struct la_gapnote {
    size_t school;
    int component;
    bool gap;
};

static int provmap_into(struct db *db, struct arena *a, struct arena *tmp, int64_t school_id,
                        const struct audit_entry *who, struct la_figures *f, size_t *cap,
                        size_t school, struct la_gapnote **notes, size_t *n_notes,
                        size_t *notes_cap, struct err *e)
{
    struct provmap pm;
    int rc = provmap_build(db, tmp, school_id, NULL, who, &pm, e);
    for (size_t i = 0; rc == 0 && i < pm.n_components; i++) {
        int k = component_index(a, f, pm.components[i].in, cap);
        struct la_gapnote *g = k < 0 ? NULL : arena_push(a, notes, n_notes, notes_cap, sizeof *g);
        if (!g)
            return err_set(e, ERR_NOMEM, "out of memory");
        *g = (struct la_gapnote){ school, k, pm.components[i].n_provision_idx == 0 };
    }
    return rc;
}

static int one_school(struct db *db, struct arena *a, const struct la_row *row, int year,
                      const struct audit_entry *who, struct la_figures *f, size_t *cap,
                      struct la_gapnote **notes, size_t *n_notes, size_t *notes_cap, struct err *e)
{
    struct la_school *s = &f->schools[f->n];
    memset(s, 0, sizeof *s);
    s->id = row->id;
    s->urn = row->urn;
    s->name = row->name;
    struct audit_entry w = *who;
    w.school_id = row->id;
    /* Each school's reports in an arena of their own, released once its
     * figures are taken: a request's arena would not hold 100 schools'. */
    struct arena tmp;
    arena_init(&tmp, 0);
    struct convreport cr;
    int rc = convreport_build(db, &tmp, row->id, year, &w, &cr, e);
    if (rc == 0)
        conversations_into(&cr.all, s);
    if (rc == 0)
        rc = programmes_into(db, &tmp, row->id, year, &w, s, e);
    if (rc == 0)
        rc = provmap_into(db, a, &tmp, row->id, &w, f, cap, f->n, notes, n_notes, notes_cap, e);
    if (rc == 0)
        rc = screening_into(db, &tmp, a, row->id, year, f, s, e);
    arena_release(&tmp);
    if (rc == 0)
        f->n++;
    return rc;
}

static int place_gaps(struct arena *a, struct la_figures *f, const struct la_gapnote *notes,
                      size_t n_notes, struct err *e)
{
    for (size_t i = 0; i < f->n; i++) {
        f->schools[i].gap = arena_alloc(a, f->n_components ? f->n_components : 1);
        if (!f->schools[i].gap)
            return err_set(e, ERR_NOMEM, "out of memory");
        memset(f->schools[i].gap, -1, f->n_components);
    }
    for (size_t i = 0; i < n_notes; i++) {
        struct la_school *s = &f->schools[notes[i].school];
        s->gap[notes[i].component] = notes[i].gap ? 1 : 0;
        s->n_gaps += notes[i].gap;
    }
    return 0;
}

int la_sharing_ids(struct db *db, struct arena *a, const struct principal *p, int64_t **ids,
                   size_t *n, struct err *e)
{
    *ids = NULL;
    *n = 0;
    if (p->kind != PRINCIPAL_LA || !p->la_code)
        return err_set(e, ERR_DENIED, "only a local authority's account sees the LA view");
    struct la_row *rows;
    size_t n_rows;
    int rc = la_schools(db, a, p->la_code, &rows, &n_rows, e);
    *ids = rc ? NULL : arena_alloc(a, (n_rows ? n_rows : 1) * sizeof **ids);
    if (!rc && !*ids)
        return err_set(e, ERR_NOMEM, "out of memory");
    for (size_t i = 0; rc == 0 && i < n_rows; i++)
        if (access_la_sees_school(p, rows[i].la_code, rows[i].share))
            (*ids)[(*n)++] = rows[i].id;
    return rc;
}

int la_figures_build(struct db *db, struct arena *a, const struct principal *p, int year,
                     const char *address, struct la_figures *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    if (p->kind != PRINCIPAL_LA || !p->la_code)
        return err_set(e, ERR_DENIED, "only a local authority's account sees the LA view");
    out->la_code = p->la_code;
    out->year = year;
    struct la_row *rows;
    size_t n_rows;
    int rc = la_schools(db, a, p->la_code, &rows, &n_rows, e);
    if (rc)
        return rc;
    out->schools = arena_alloc(a, (n_rows ? n_rows : 1) * sizeof *out->schools);
    if (!out->schools)
        return err_set(e, ERR_NOMEM, "out of memory");
    struct audit_entry who = { .actor = p->actor, .address = address };
    size_t cap = 0, n_notes = 0, notes_cap = 0;
    struct la_gapnote *notes = NULL;
    for (size_t i = 0; rc == 0 && i < n_rows; i++) {
        if (!access_la_sees_school(p, rows[i].la_code, rows[i].share)) {
            out->not_sharing++;
            continue;
        }
        rc = one_school(db, a, &rows[i], year, &who, out, &cap, &notes, &n_notes, &notes_cap, e);
    }
    if (rc == 0)
        rc = place_gaps(a, out, notes, n_notes, e);
    if (rc == 0)
        rc = la_figures_suppress(a, out);
    if (rc == ERR_NOMEM)
        err_set(e, ERR_NOMEM, "out of memory");
    return rc;
}
