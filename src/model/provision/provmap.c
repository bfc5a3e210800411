#include "model/provision/provmap.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/str.h"
#include "db/db.h"
#include "model/register/audit.h"
#include "model/provision/framework.h"
#include "model/provision/involvement.h"

/* ---- pure --------------------------------------------------------------- */

static int tier_index(const char *tier)
{
    for (int i = 0; tier && i < TIER_N; i++)
        if (!strcmp(tier, provision_tiers[i]))
            return i;
    return TIER_UNIVERSAL;
}

static bool is_evidence_informed(const char *rating)
{
    return rating && (!strcmp(rating, "strong") || !strcmp(rating, "moderate") ||
                      !strcmp(rating, "promising"));
}

static bool provision_current(const struct provmap_in_provision *p, const char *as_of)
{
    return p->start_date[0] && strcmp(p->start_date, as_of) <= 0 &&
           (!p->end_date[0] || strcmp(p->end_date, as_of) >= 0);
}

static bool enrolment_current(const struct provmap_in_enrolment *en, const char *as_of)
{
    return en->consent != CONSENT_DECLINED &&
           (!en->enrolled_on[0] || strcmp(en->enrolled_on, as_of) <= 0) &&
           (!en->left_on[0] || strcmp(en->left_on, as_of) > 0);
}

static bool targets(const struct provmap_in_provision *p, const char *outcome)
{
    for (size_t i = 0; i < p->n_outcomes; i++)
        if (p->outcomes[i] && !strcmp(p->outcomes[i], outcome))
            return true;
    return false;
}

/* The dates an enrolment runs over: from the later of the enrolment and
 * the provision's start, to the earlier of leaving and the provision's end
 * ("" when open). */
static void enrolment_span(const struct provmap_in_enrolment *en,
                           const struct provmap_in_provision *p, const char **from, const char **to)
{
    *from = strcmp(en->enrolled_on, p->start_date) > 0 ? en->enrolled_on : p->start_date;
    const char *end = p->end_date;
    if (en->left_on[0] && (!end[0] || strcmp(en->left_on, end) < 0))
        end = en->left_on;
    *to = end;
}

static bool spans_overlap(const char *f1, const char *t1, const char *f2, const char *t2)
{
    /* [f1, t1] and [f2, t2], "" an open end */
    bool a = !t2[0] || strcmp(f1, t2) <= 0;
    bool b = !t1[0] || strcmp(f2, t1) <= 0;
    return a && b;
}

static int cmp_provision(const void *x, const void *y)
{
    const struct provmap_provision *a = x, *b = y;
    int ta = tier_index(a->in->tier), tb = tier_index(b->in->tier);
    if (ta != tb)
        return ta - tb;
    int c = strcmp(a->in->name ? a->in->name : "", b->in->name ? b->in->name : "");
    if (c)
        return c;
    return a->in->id < b->in->id ? -1 : a->in->id > b->in->id;
}

static size_t outcome_pos(const struct provmap_input *in, const char *code)
{
    for (size_t i = 0; i < in->n_outcomes; i++)
        if (!strcmp(in->outcome_codes[i], code))
            return i;
    return in->n_outcomes;
}

struct ov_sort {
    struct provmap_overload ov;
    size_t outcome_pos;
};

static int cmp_overload(const void *x, const void *y)
{
    const struct ov_sort *a = x, *b = y;
    int c =
        strcmp(a->ov.pupil_name ? a->ov.pupil_name : "", b->ov.pupil_name ? b->ov.pupil_name : "");
    if (c)
        return c;
    if (a->ov.pupil_id != b->ov.pupil_id)
        return a->ov.pupil_id < b->ov.pupil_id ? -1 : 1;
    if (a->outcome_pos != b->outcome_pos)
        return a->outcome_pos < b->outcome_pos ? -1 : 1;
    return strcmp(a->ov.outcome, b->ov.outcome);
}

struct un_sort {
    struct provmap_unmet un;
    size_t pos;
};

static int cmp_unmet(const void *x, const void *y)
{
    const struct un_sort *a = x, *b = y;
    if (a->un.pupils != b->un.pupils)
        return b->un.pupils - a->un.pupils;
    if (a->pos != b->pos)
        return a->pos < b->pos ? -1 : 1;
    return strcmp(a->un.outcome, b->un.outcome);
}

static int64_t per_pupil(int64_t cost, int pupils)
{
    if (pupils <= 0)
        return -1;
    return (int64_t)llround((double)cost / pupils);
}

/* The index of pupil id in in->pupils, or n_pupils. */
static size_t pupil_pos(const struct provmap_input *in, int64_t id)
{
    for (size_t i = 0; i < in->n_pupils; i++)
        if (in->pupils[i].id == id)
            return i;
    return in->n_pupils;
}

int provmap_compute(const struct provmap_input *in, struct arena *a, struct provmap *out,
                    struct err *e)
{
    memset(out, 0, sizeof *out);
    out->school_id = in->school_id;
    out->school_name = in->school_name;
    str_copy(out->as_of, sizeof out->as_of, in->as_of);
    out->pupils_on_roll = (int)in->n_pupils;
    const char *as_of = in->as_of;
    for (int t = 0; t < TIER_N; t++) {
        out->tiers[t].tier = provision_tiers[t];
        out->tiers[t].cost_per_pupil = -1;
    }

    /* Current provisions, tier then name. */
    size_t np = 0;
    out->provisions = arena_array(a, in->n_provisions + 1, sizeof *out->provisions);
    /* provision index in `in` -> index in out->provisions, or SIZE_MAX */
    size_t *cur = arena_array(a, in->n_provisions + 1, sizeof *cur);
    if (!out->provisions || !cur)
        return err_set(e, ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < in->n_provisions; i++)
        if (provision_current(&in->provisions[i], as_of)) {
            out->provisions[np].in = &in->provisions[i];
            out->provisions[np].evidence_informed =
                is_evidence_informed(in->provisions[i].evidence_rating);
            np++;
        }
    qsort(out->provisions, np, sizeof *out->provisions, cmp_provision);
    out->n_provisions = np;
    for (size_t i = 0; i < in->n_provisions; i++)
        cur[i] = SIZE_MAX;
    for (size_t k = 0; k < np; k++)
        cur[(size_t)(out->provisions[k].in - in->provisions)] = k;

    /* Enrolments that are current, of pupils on roll: provision (out index)
     * and pupil (in index). */
    size_t ne = 0;
    size_t *en_prov = arena_array(a, in->n_enrolments + 1, sizeof *en_prov);
    size_t *en_pupil = arena_array(a, in->n_enrolments + 1, sizeof *en_pupil);
    size_t *en_src = arena_array(a, in->n_enrolments + 1, sizeof *en_src);
    int *highest = arena_array(a, in->n_pupils + 1, sizeof *highest);
    unsigned char *at_tier = arena_array(a, (in->n_pupils + 1) * TIER_N, 1);
    unsigned char *reached = arena_array(a, in->n_pupils + 1, 1);
    unsigned char *reached_ev = arena_array(a, in->n_pupils + 1, 1);
    if (!en_prov || !en_pupil || !en_src || !highest || !at_tier || !reached || !reached_ev)
        return err_set(e, ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < in->n_pupils; i++)
        highest[i] = -1;
    for (size_t j = 0; j < in->n_enrolments; j++) {
        const struct provmap_in_enrolment *en = &in->enrolments[j];
        if (!enrolment_current(en, as_of))
            continue;
        size_t pi = SIZE_MAX;
        for (size_t i = 0; i < in->n_provisions; i++)
            if (in->provisions[i].id == en->provision_id) {
                pi = cur[i];
                break;
            }
        if (pi == SIZE_MAX)
            continue;
        size_t pu = pupil_pos(in, en->pupil_id);
        if (pu == in->n_pupils)
            continue;
        en_prov[ne] = pi;
        en_pupil[ne] = pu;
        en_src[ne] = j;
        ne++;
        struct provmap_provision *pp = &out->provisions[pi];
        pp->pupils++;
        int t = tier_index(pp->in->tier);
        if (t > highest[pu])
            highest[pu] = t;
        at_tier[pu * TIER_N + (size_t)t] = 1;
        reached[pu] = 1;
        if (pp->evidence_informed)
            reached_ev[pu] = 1;
    }

    /* Tiers. */
    for (size_t i = 0; i < in->n_pupils; i++) {
        int t = highest[i] < 0 ? TIER_UNIVERSAL : highest[i];
        out->tiers[t].pupils++;
        for (int k = 0; k < TIER_N; k++)
            if (at_tier[i * TIER_N + (size_t)k])
                out->tiers[k].enrolled++;
        out->pupils_reached += reached[i];
        out->pupils_reached_evidence += reached_ev[i];
    }
    int n_evidence = 0;
    for (int t = 0; t < TIER_N; t++) {
        struct provmap_tier *tr = &out->tiers[t];
        tr->provision_idx = arena_array(a, np + 1, sizeof *tr->provision_idx);
        if (!tr->provision_idx)
            return err_set(e, ERR_NOMEM, "out of memory");
    }
    for (size_t k = 0; k < np; k++) {
        struct provmap_tier *tr = &out->tiers[tier_index(out->provisions[k].in->tier)];
        tr->provision_idx[tr->n_provision_idx++] = k;
        tr->provisions++;
        tr->cost += out->provisions[k].in->cost_projected;
        out->cost_total += out->provisions[k].in->cost_projected;
        n_evidence += out->provisions[k].evidence_informed;
    }
    for (int t = 0; t < TIER_N; t++)
        out->tiers[t].cost_per_pupil = per_pupil(out->tiers[t].cost, out->tiers[t].enrolled);
    out->evidence_share = np ? (double)n_evidence / (double)np : 0;
    out->pupils_evidence_share =
        out->pupils_reached ? (double)out->pupils_reached_evidence / out->pupils_reached : 0;

    /* Components and gaps. */
    out->components = arena_array(a, in->n_components + 1, sizeof *out->components);
    if (!out->components)
        return err_set(e, ERR_NOMEM, "out of memory");
    out->n_components = in->n_components;
    for (size_t c = 0; c < in->n_components; c++) {
        const struct provmap_in_component *ic = &in->components[c];
        struct provmap_component *oc = &out->components[c];
        oc->in = ic;
        oc->provision_idx = arena_array(a, np + 1, sizeof *oc->provision_idx);
        char *ref = arena_sprintf(a, "%s/%s", ic->framework_key ? ic->framework_key : "",
                                  ic->key ? ic->key : "");
        if (!oc->provision_idx || !ref)
            return err_set(e, ERR_NOMEM, "out of memory");
        for (size_t k = 0; k < np; k++) {
            const struct provmap_in_provision *p = out->provisions[k].in;
            for (size_t j = 0; j < p->n_components; j++)
                if (p->components[j] && !strcmp(p->components[j], ref)) {
                    oc->provision_idx[oc->n_provision_idx++] = k;
                    break;
                }
        }
        if (!oc->n_provision_idx)
            out->n_gaps++;
    }

    /* Overload: per pupil and outcome, current enrolments in provisions that
     * target it whose spans overlap another's. */
    struct ov_sort *ovs = NULL;
    size_t n_ov = 0, cap_ov = 0;
    size_t *group = arena_array(a, ne + 1, sizeof *group);
    if (!group)
        return err_set(e, ERR_NOMEM, "out of memory");
    for (size_t pu = 0; pu < in->n_pupils; pu++) {
        /* outcomes this pupil's current provisions target */
        for (size_t j = 0; j < ne; j++) {
            if (en_pupil[j] != pu)
                continue;
            const struct provmap_in_provision *pj = out->provisions[en_prov[j]].in;
            for (size_t o = 0; o < pj->n_outcomes; o++) {
                const char *outcome = pj->outcomes[o];
                if (!outcome)
                    continue;
                /* handle each outcome once, at the first enrolment naming it */
                bool seen = false;
                for (size_t k = 0; k < j && !seen; k++)
                    if (en_pupil[k] == pu && targets(out->provisions[en_prov[k]].in, outcome))
                        seen = true;
                for (size_t oo = 0; oo < o && !seen; oo++)
                    if (pj->outcomes[oo] && !strcmp(pj->outcomes[oo], outcome))
                        seen = true;
                if (seen)
                    continue;
                size_t ng = 0;
                for (size_t k = j; k < ne; k++)
                    if (en_pupil[k] == pu && targets(out->provisions[en_prov[k]].in, outcome))
                        group[ng++] = k;
                if (ng < 2)
                    continue;
                /* keep those overlapping at least one other */
                size_t *keep = arena_array(a, ng, sizeof *keep);
                if (!keep)
                    return err_set(e, ERR_NOMEM, "out of memory");
                size_t nk = 0;
                for (size_t x = 0; x < ng; x++) {
                    const char *fx, *tx;
                    size_t ex = group[x];
                    enrolment_span(&in->enrolments[en_src[ex]], out->provisions[en_prov[ex]].in,
                                   &fx, &tx);
                    for (size_t y = 0; y < ng; y++) {
                        if (y == x || en_prov[group[y]] == en_prov[ex])
                            continue;
                        const char *fy, *ty;
                        size_t ey = group[y];
                        enrolment_span(&in->enrolments[en_src[ey]], out->provisions[en_prov[ey]].in,
                                       &fy, &ty);
                        if (spans_overlap(fx, tx, fy, ty)) {
                            keep[nk++] = en_prov[ex];
                            break;
                        }
                    }
                }
                if (nk < 2)
                    continue;
                /* in map order, each provision once */
                for (size_t x = 1; x < nk; x++)
                    for (size_t y = x; y > 0 && keep[y - 1] > keep[y]; y--) {
                        size_t tmp = keep[y];
                        keep[y] = keep[y - 1];
                        keep[y - 1] = tmp;
                    }
                struct ov_sort *os = arena_push(a, &ovs, &n_ov, &cap_ov, sizeof *os);
                if (!os)
                    return err_set(e, ERR_NOMEM, "out of memory");
                os->ov.pupil_id = in->pupils[pu].id;
                os->ov.pupil_name = in->pupils[pu].name;
                os->ov.pupil_upn = in->pupils[pu].upn;
                os->ov.outcome = outcome;
                os->outcome_pos = outcome_pos(in, outcome);
                os->ov.outcome_label = os->outcome_pos < in->n_outcomes && in->outcome_labels
                                           ? in->outcome_labels[os->outcome_pos]
                                           : outcome;
                os->ov.provision_ids = arena_array(a, nk, sizeof *os->ov.provision_ids);
                os->ov.provision_names = arena_array(a, nk, sizeof *os->ov.provision_names);
                if (!os->ov.provision_ids || !os->ov.provision_names)
                    return err_set(e, ERR_NOMEM, "out of memory");
                for (size_t x = 0; x < nk; x++) {
                    if (x && keep[x] == keep[x - 1])
                        continue;
                    os->ov.provision_ids[os->ov.n] = out->provisions[keep[x]].in->id;
                    os->ov.provision_names[os->ov.n] = out->provisions[keep[x]].in->name;
                    os->ov.n++;
                }
                if (os->ov.n < 2)
                    n_ov--;
            }
        }
    }
    if (n_ov)
        qsort(ovs, n_ov, sizeof *ovs, cmp_overload);
    out->overload = arena_array(a, n_ov + 1, sizeof *out->overload);
    if (!out->overload)
        return err_set(e, ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n_ov; i++)
        out->overload[i] = ovs[i].ov;
    out->n_overload = n_ov;

    /* Unmet need: outcomes with flagged pupils that no current provision
     * targets. The shared list's outcomes first, then any other code. */
    const char **codes = arena_array(a, in->n_outcomes + in->n_flags + 1, sizeof *codes);
    if (!codes)
        return err_set(e, ERR_NOMEM, "out of memory");
    size_t n_codes = 0;
    for (size_t i = 0; i < in->n_outcomes; i++)
        codes[n_codes++] = in->outcome_codes[i];
    for (size_t f = 0; f < in->n_flags; f++) {
        const char *o = in->flags[f].outcome;
        if (!o)
            continue;
        bool known = false;
        for (size_t i = 0; i < n_codes && !known; i++)
            known = !strcmp(codes[i], o);
        if (!known)
            codes[n_codes++] = o;
    }
    struct un_sort *uns = arena_array(a, n_codes + 1, sizeof *uns);
    int64_t *ids = arena_array(a, in->n_flags + 1, sizeof *ids);
    if (!uns || !ids)
        return err_set(e, ERR_NOMEM, "out of memory");
    size_t n_un = 0;
    for (size_t c = 0; c < n_codes; c++) {
        bool covered = false;
        for (size_t k = 0; k < np && !covered; k++)
            covered = targets(out->provisions[k].in, codes[c]);
        if (covered)
            continue;
        size_t n_ids = 0;
        for (size_t f = 0; f < in->n_flags; f++) {
            const struct provmap_in_flag *fl = &in->flags[f];
            if (!fl->outcome || strcmp(fl->outcome, codes[c]))
                continue;
            if (pupil_pos(in, fl->pupil_id) == in->n_pupils)
                continue;
            bool dup = false;
            for (size_t i = 0; i < n_ids && !dup; i++)
                dup = ids[i] == fl->pupil_id;
            if (!dup)
                ids[n_ids++] = fl->pupil_id;
        }
        if (!n_ids)
            continue;
        struct un_sort *u = &uns[n_un++];
        u->pos = c;
        u->un.outcome = codes[c];
        u->un.label = c < in->n_outcomes && in->outcome_labels ? in->outcome_labels[c] : codes[c];
        u->un.pupils = (int)n_ids;
        u->un.pupil_ids = arena_array(a, n_ids, sizeof *u->un.pupil_ids);
        if (!u->un.pupil_ids)
            return err_set(e, ERR_NOMEM, "out of memory");
        memcpy(u->un.pupil_ids, ids, n_ids * sizeof *ids);
    }
    qsort(uns, n_un, sizeof *uns, cmp_unmet);
    out->unmet = arena_array(a, n_un + 1, sizeof *out->unmet);
    if (!out->unmet)
        return err_set(e, ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n_un; i++)
        out->unmet[i] = uns[i].un;
    out->n_unmet = n_un;
    return 0;
}

/* ---- storage ------------------------------------------------------------ */

static int nomem(struct err *e)
{
    return err_set(e, ERR_NOMEM, "out of memory");
}

static int load_pupils(struct db *db, struct arena *a, struct provmap_input *in, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT p.id, coalesce(nullif(p.preferred_forename, ''), p.legal_forename)"
                        " || ' ' || coalesce(nullif(p.preferred_surname, ''), p.legal_surname),"
                        " coalesce(p.nc_year, ''), p.upn FROM pupil p WHERE p.school_id = ?1"
                        " AND (p.admission_date IS NULL OR p.admission_date <= ?2)"
                        " AND (p.leaving_date IS NULL OR p.leaving_date = '' OR"
                        " p.leaving_date > ?2) ORDER BY p.id",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, in->school_id);
    db_bind_text(st, 2, in->as_of);
    struct provmap_in_pupil *list = NULL;
    size_t n = 0, cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct provmap_in_pupil *p = arena_push(a, &list, &n, &cap, sizeof *p);
        if (!p || !(p->name = arena_strdup(a, db_col_text(st, 1)))) {
            rc = nomem(e);
            break;
        }
        p->id = db_col_int(st, 0);
        str_copy(p->nc_year, sizeof p->nc_year, db_col_text(st, 2));
        str_copy(p->upn, sizeof p->upn, db_col_text(st, 3));
    }
    db_finalize(st);
    in->pupils = list;
    in->n_pupils = n;
    return rc < 0 ? rc : 0;
}

static int load_provisions(struct db *db, struct arena *a, struct provmap_input *in, struct err *e)
{
    struct provision_filter f = { .school_id = in->school_id };
    struct provision *ps;
    size_t n;
    int rc = provision_list(db, a, &f, &ps, &n, e);
    if (rc)
        return rc;
    struct provmap_in_provision *list = arena_array(a, n + 1, sizeof *list);
    if (!list)
        return nomem(e);
    for (size_t i = 0; i < n; i++) {
        struct provmap_in_provision *p = &list[i];
        p->id = ps[i].id;
        p->name = ps[i].name;
        p->tier = ps[i].tier;
        p->evidence_rating = ps[i].evidence_rating;
        str_copy(p->start_date, sizeof p->start_date, ps[i].start_date);
        str_copy(p->end_date, sizeof p->end_date, ps[i].end_date);
        p->outcomes = ps[i].outcomes;
        p->n_outcomes = ps[i].n_outcomes;
        if ((rc =
                 framework_provision_components(db, a, p->id, &p->components, &p->n_components, e)))
            return rc;
        struct provision_costs c;
        provision_costs_of(&ps[i], &c);
        p->cost_projected = c.total_projected;
        p->cost_to_date = c.total_to_date;
    }
    in->provisions = list;
    in->n_provisions = n;
    return 0;
}

static int load_enrolments(struct db *db, struct arena *a, struct provmap_input *in, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT e.provision_id, e.pupil_id, e.consent, e.enrolled_on,"
                        " coalesce(e.left_on, '') FROM enrolment e JOIN provision p ON"
                        " p.id = e.provision_id WHERE p.school_id = ?1 ORDER BY e.id",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, in->school_id);
    struct provmap_in_enrolment *list = NULL;
    size_t n = 0, cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct provmap_in_enrolment *en = arena_push(a, &list, &n, &cap, sizeof *en);
        if (!en) {
            rc = nomem(e);
            break;
        }
        en->provision_id = db_col_int(st, 0);
        en->pupil_id = db_col_int(st, 1);
        if (provision_parse_consent(db_col_text(st, 2), &en->consent))
            en->consent = CONSENT_NOT_REQUESTED;
        str_copy(en->enrolled_on, sizeof en->enrolled_on, db_col_text(st, 3));
        str_copy(en->left_on, sizeof en->left_on, db_col_text(st, 4));
    }
    db_finalize(st);
    in->enrolments = list;
    in->n_enrolments = n;
    return rc < 0 ? rc : 0;
}

static int load_flags(struct db *db, struct arena *a, struct provmap_input *in, struct err *e)
{
    struct provmap_in_flag *list = NULL;
    size_t n = 0, cap = 0;
    struct db_stmt *st;
    /* (a) bands at level 2 or above on the latest assessment of each
     * instrument and informant, on or before as_of */
    int rc =
        db_prepare(db, &st,
                   "SELECT s.pupil_id, s.outcome, s.instrument || ' ' || s.score || ': ' ||"
                   " coalesce(s.band, '') FROM screening_need s JOIN pupil p ON p.id = s.pupil_id"
                   " WHERE p.school_id = ?1 AND s.level >= 2 AND s.assessed_on <= ?2"
                   " AND s.assessment_id = (SELECT a2.id FROM assessment a2 WHERE a2.pupil_id ="
                   " s.pupil_id AND a2.instrument = s.instrument AND a2.informant = s.informant AND"
                   " a2.assessed_on <= ?2 ORDER BY a2.assessed_on DESC, a2.id DESC LIMIT 1)"
                   " ORDER BY s.pupil_id, s.outcome",
                   e);
    if (rc)
        return rc;
    db_bind_int(st, 1, in->school_id);
    db_bind_text(st, 2, in->as_of);
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct provmap_in_flag *f = arena_push(a, &list, &n, &cap, sizeof *f);
        if (!f || !(f->outcome = arena_strdup(a, db_col_text(st, 1))) ||
            !(f->detail = arena_strdup(a, db_col_text(st, 2)))) {
            rc = nomem(e);
            break;
        }
        f->pupil_id = db_col_int(st, 0);
        f->source = "screening";
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    /* (b) current risk factors whose type names an outcome */
    if ((rc = db_prepare(db, &st,
                         "SELECT f.pupil_id, t.outcome, t.label FROM factor f JOIN factor_type t"
                         " ON t.code = f.type JOIN pupil p ON p.id = f.pupil_id"
                         " WHERE p.school_id = ?1 AND t.kind = 'risk' AND t.outcome IS NOT NULL"
                         " AND f.identified_on <= ?2 AND (f.ended_on IS NULL OR f.ended_on = ''"
                         " OR f.ended_on > ?2) ORDER BY f.pupil_id, f.id",
                         e)))
        return rc;
    db_bind_int(st, 1, in->school_id);
    db_bind_text(st, 2, in->as_of);
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct provmap_in_flag *f = arena_push(a, &list, &n, &cap, sizeof *f);
        if (!f || !(f->outcome = arena_strdup(a, db_col_text(st, 1))) ||
            !(f->detail = arena_strdup(a, db_col_text(st, 2)))) {
            rc = nomem(e);
            break;
        }
        f->pupil_id = db_col_int(st, 0);
        f->source = "factor";
    }
    db_finalize(st);
    in->flags = list;
    in->n_flags = n;
    return rc < 0 ? rc : 0;
}

static int load_components(struct db *db, struct arena *a, struct provmap_input *in, struct err *e)
{
    struct framework *fws;
    size_t n;
    int rc = framework_chosen(db, a, in->school_id, &fws, &n, e);
    if (rc)
        return rc;
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += fws[i].n_components;
    struct provmap_in_component *list = arena_array(a, total + 1, sizeof *list);
    if (!list)
        return nomem(e);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < fws[i].n_components; j++) {
            list[k].framework_key = fws[i].key;
            list[k].framework_name = fws[i].name;
            list[k].key = fws[i].components[j].key;
            list[k].name = fws[i].components[j].name;
            k++;
        }
    in->components = list;
    in->n_components = k;
    return 0;
}

int provmap_load(struct db *db, struct arena *a, int64_t school_id, const char *as_of,
                 struct provmap_input *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    out->school_id = school_id;
    if (as_of && *as_of) {
        struct date d;
        if (strlen(as_of) != 10 || date_parse(as_of, &d))
            return err_set(e, ERR_INPUT, "as_of: give the date as YYYY-MM-DD");
        str_copy(out->as_of, sizeof out->as_of, as_of);
    } else {
        date_iso(date_today(), out->as_of);
    }
    struct db_stmt *st;
    int rc = db_prepare(db, &st, "SELECT name FROM school WHERE id = ?1", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    rc = db_step(st, e);
    if (rc == DB_ROW && !(out->school_name = arena_strdup(a, db_col_text(st, 0))))
        rc = nomem(e);
    db_finalize(st);
    if (rc == DB_DONE)
        return err_set(e, ERR_NOTFOUND, "there is no such school");
    if (rc < 0)
        return rc;
    if ((rc = load_pupils(db, a, out, e)) || (rc = load_provisions(db, a, out, e)) ||
        (rc = load_enrolments(db, a, out, e)) || (rc = load_flags(db, a, out, e)) ||
        (rc = load_components(db, a, out, e)))
        return rc;
    return provision_outcome_list(db, a, &out->outcome_codes, &out->outcome_labels,
                                  &out->n_outcomes, e);
}

int provmap_build(struct db *db, struct arena *a, int64_t school_id, const char *as_of,
                  const struct audit_entry *who, struct provmap *out, struct err *e)
{
    struct provmap_input *in = arena_alloc(a, sizeof *in);
    if (!in)
        return nomem(e);
    int rc = provmap_load(db, a, school_id, as_of, in, e);
    if (rc || (rc = provmap_compute(in, a, out, e)))
        return rc;
    if ((rc = involvement_counts(db, school_id, in->as_of, &out->involvements_open,
                                 &out->involvements_overdue, e)))
        return rc;
    if (!who)
        return 0;
    char detail[64];
    snprintf(detail, sizeof detail, "provision map on %s", in->as_of);
    return audit_log(db,
                     &(struct audit_entry){ .actor = who->actor ? who->actor : "unknown",
                                            .address = who->address,
                                            .action = "list",
                                            .entity = "provision",
                                            .school_id = school_id,
                                            .detail = detail },
                     e);
}
