#include "model/provision/provmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/str.h"

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

static bool provision_running(const struct provmap_in_provision *p, const char *as_of)
{
    return p->start_date[0] && strcmp(p->start_date, as_of) <= 0 &&
           (!p->end_date[0] || strcmp(p->end_date, as_of) >= 0);
}

/* After its last session, within its follow-on meetings (FASTworks). */
static bool provision_in_followon(const struct provmap_in_provision *p, const char *as_of)
{
    return p->end_date[0] && p->followon_until[0] && strcmp(p->end_date, as_of) < 0 &&
           strcmp(p->followon_until, as_of) >= 0;
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
 * (its follow-on's end when in one; "" when open). */
static void enrolment_span(const struct provmap_in_enrolment *en,
                           const struct provmap_provision *pp, const char **from, const char **to)
{
    const struct provmap_in_provision *p = pp->in;
    *from = strcmp(en->enrolled_on, p->start_date) > 0 ? en->enrolled_on : p->start_date;
    const char *end = pp->followon ? p->followon_until : p->end_date;
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

static const char *outcome_label(const struct provmap_input *in, const char *code)
{
    size_t i = outcome_pos(in, code);
    return i < in->n_outcomes && in->outcome_labels ? in->outcome_labels[i] : code;
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

static int cmp_need_pupil(const void *x, const void *y)
{
    const struct provmap_need_pupil *a = x, *b = y;
    int c = strcmp(a->name ? a->name : "", b->name ? b->name : "");
    if (c)
        return c;
    return a->id < b->id ? -1 : a->id > b->id;
}

/* The index of pupil id in in->pupils, or n_pupils. */
static size_t pupil_pos(const struct provmap_input *in, int64_t id)
{
    for (size_t i = 0; i < in->n_pupils; i++)
        if (in->pupils[i].id == id)
            return i;
    return in->n_pupils;
}

/* What compute works with: the current enrolments of pupils on roll. */
struct reach {
    size_t n;
    size_t *prov;  /* index into out->provisions */
    size_t *pupil; /* index into in->pupils */
    size_t *src;   /* index into in->enrolments */
};

/* Current provisions, tier then name; each marked whole-school, in its
 * follow-on, and evidence-informed. */
static int current_provisions(const struct provmap_input *in, struct arena *a, struct provmap *out,
                              size_t **cur_out, struct err *e)
{
    const char *as_of = in->as_of;
    size_t np = 0;
    out->provisions = arena_array(a, in->n_provisions + 1, sizeof *out->provisions);
    /* provision index in `in` -> index in out->provisions, or SIZE_MAX */
    size_t *cur = arena_array(a, in->n_provisions + 1, sizeof *cur);
    if (!out->provisions || !cur)
        return err_set(e, ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < in->n_provisions; i++) {
        const struct provmap_in_provision *p = &in->provisions[i];
        bool followon = provision_in_followon(p, as_of);
        if (!followon && !provision_running(p, as_of))
            continue;
        struct provmap_provision *pp = &out->provisions[np++];
        pp->in = p;
        pp->followon = followon;
        pp->evidence_informed = is_evidence_informed(p->evidence_rating);
        pp->cost = followon ? 0 : p->cost_projected;
        pp->whole_school = tier_index(p->tier) == TIER_UNIVERSAL;
        for (size_t j = 0; j < in->n_enrolments && pp->whole_school; j++)
            if (in->enrolments[j].provision_id == p->id)
                pp->whole_school = false;
    }
    qsort(out->provisions, np, sizeof *out->provisions, cmp_provision);
    out->n_provisions = np;
    for (size_t i = 0; i < in->n_provisions; i++)
        cur[i] = SIZE_MAX;
    for (size_t k = 0; k < np; k++)
        cur[(size_t)(out->provisions[k].in - in->provisions)] = k;
    *cur_out = cur;
    return 0;
}

/* Who takes part in what, and who is reached at each tier. */
static int reach_tiers(const struct provmap_input *in, struct arena *a, const size_t *cur,
                       struct provmap *out, struct reach *r, struct err *e)
{
    size_t np = out->n_provisions, n_pupils = in->n_pupils;
    r->n = 0;
    r->prov = arena_array(a, in->n_enrolments + 1, sizeof *r->prov);
    r->pupil = arena_array(a, in->n_enrolments + 1, sizeof *r->pupil);
    r->src = arena_array(a, in->n_enrolments + 1, sizeof *r->src);
    unsigned char *at_tier = arena_array(a, (n_pupils + 1) * TIER_N, 1);
    unsigned char *reached_ev = arena_array(a, n_pupils + 1, 1);
    if (!r->prov || !r->pupil || !r->src || !at_tier || !reached_ev)
        return err_set(e, ERR_NOMEM, "out of memory");
    for (size_t j = 0; j < in->n_enrolments; j++) {
        const struct provmap_in_enrolment *en = &in->enrolments[j];
        if (!enrolment_current(en, in->as_of))
            continue;
        size_t pi = SIZE_MAX;
        for (size_t i = 0; i < in->n_provisions; i++)
            if (in->provisions[i].id == en->provision_id) {
                pi = cur[i];
                break;
            }
        if (pi == SIZE_MAX || (out->provisions[pi].followon && !en->completed))
            continue;
        size_t pu = pupil_pos(in, en->pupil_id);
        if (pu == n_pupils)
            continue;
        r->prov[r->n] = pi;
        r->pupil[r->n] = pu;
        r->src[r->n] = j;
        r->n++;
        struct provmap_provision *pp = &out->provisions[pi];
        pp->pupils++;
        at_tier[pu * TIER_N + (size_t)tier_index(pp->in->tier)] = 1;
        if (pp->evidence_informed)
            reached_ev[pu] = 1;
    }
    /* Whole-school provision reaches every pupil on roll. */
    bool whole = false, whole_ev = false;
    for (size_t k = 0; k < np; k++) {
        struct provmap_provision *pp = &out->provisions[k];
        if (!pp->whole_school)
            continue;
        pp->pupils = (int)n_pupils;
        whole = true;
        whole_ev |= pp->evidence_informed;
    }
    for (size_t i = 0; i < n_pupils; i++) {
        if (whole)
            at_tier[i * TIER_N + TIER_UNIVERSAL] = 1;
        bool any = false;
        for (int t = 0; t < TIER_N; t++)
            if (at_tier[i * TIER_N + (size_t)t]) {
                out->tiers[t].pupils++;
                any = true;
            }
        out->pupils_reached += any;
        out->pupils_reached_evidence += reached_ev[i] || whole_ev;
    }
    return 0;
}

static int several_per_outcome(const struct provmap_input *in, struct arena *a, struct provmap *out,
                               struct err *e)
{
    size_t np = out->n_provisions;
    /* The outcomes: the shared list, then any other code a provision names. */
    size_t cap = in->n_outcomes + 1;
    for (size_t k = 0; k < np; k++)
        cap += out->provisions[k].in->n_outcomes;
    const char **codes = arena_array(a, cap, sizeof *codes);
    out->by_outcome = arena_array(a, cap, sizeof *out->by_outcome);
    if (!codes || !out->by_outcome)
        return err_set(e, ERR_NOMEM, "out of memory");
    size_t n_codes = 0;
    for (size_t i = 0; i < in->n_outcomes; i++)
        codes[n_codes++] = in->outcome_codes[i];
    for (size_t k = 0; k < np; k++) {
        const struct provmap_in_provision *p = out->provisions[k].in;
        for (size_t o = 0; o < p->n_outcomes; o++) {
            bool known = !p->outcomes[o];
            for (size_t i = 0; i < n_codes && !known; i++)
                known = !strcmp(codes[i], p->outcomes[o]);
            if (!known)
                codes[n_codes++] = p->outcomes[o];
        }
    }
    for (size_t c = 0; c < n_codes; c++) {
        struct provmap_outcome_row *row = &out->by_outcome[out->n_by_outcome];
        memset(row, 0, sizeof *row);
        bool any = false;
        for (int t = 0; t < TIER_N; t++) {
            row->provision_idx[t] = arena_array(a, np + 1, sizeof *row->provision_idx[t]);
            if (!row->provision_idx[t])
                return err_set(e, ERR_NOMEM, "out of memory");
        }
        for (size_t k = 0; k < np; k++) {
            const struct provmap_in_provision *p = out->provisions[k].in;
            if (!targets(p, codes[c]))
                continue;
            int t = tier_index(p->tier);
            /* A programme's cohorts are one programme. */
            bool again = false;
            for (size_t j = 0; j < row->n_provision_idx[t] && !again; j++) {
                const struct provmap_in_provision *q = out->provisions[row->provision_idx[t][j]].in;
                again = p->programme && q->programme && !strcmp(p->programme, q->programme);
            }
            row->provision_idx[t][row->n_provision_idx[t]++] = k;
            row->provisions[t] += !again;
            any = true;
        }
        if (!any)
            continue;
        row->outcome = codes[c];
        row->label = outcome_label(in, codes[c]);
        for (int t = 0; t < TIER_N; t++)
            out->n_several += row->provisions[t] >= PROVMAP_SEVERAL;
        out->n_by_outcome++;
    }
    return 0;
}

/* Per pupil and outcome, enrolments in provisions that target it whose
 * spans overlap another's. */
static int overload_per_pupil(const struct provmap_input *in, struct arena *a,
                              const struct reach *r, struct provmap *out, struct err *e)
{
    struct ov_sort *ovs = NULL;
    size_t n_ov = 0, cap_ov = 0, ne = r->n;
    size_t *group = arena_array(a, ne + 1, sizeof *group);
    if (!group)
        return err_set(e, ERR_NOMEM, "out of memory");
    for (size_t pu = 0; pu < in->n_pupils; pu++) {
        /* outcomes this pupil's current provisions target */
        for (size_t j = 0; j < ne; j++) {
            if (r->pupil[j] != pu)
                continue;
            const struct provmap_in_provision *pj = out->provisions[r->prov[j]].in;
            for (size_t o = 0; o < pj->n_outcomes; o++) {
                const char *outcome = pj->outcomes[o];
                if (!outcome)
                    continue;
                /* handle each outcome once, at the first enrolment naming it */
                bool seen = false;
                for (size_t k = 0; k < j && !seen; k++)
                    if (r->pupil[k] == pu && targets(out->provisions[r->prov[k]].in, outcome))
                        seen = true;
                for (size_t oo = 0; oo < o && !seen; oo++)
                    if (pj->outcomes[oo] && !strcmp(pj->outcomes[oo], outcome))
                        seen = true;
                if (seen)
                    continue;
                size_t ng = 0;
                for (size_t k = j; k < ne; k++)
                    if (r->pupil[k] == pu && targets(out->provisions[r->prov[k]].in, outcome))
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
                    enrolment_span(&in->enrolments[r->src[ex]], &out->provisions[r->prov[ex]], &fx,
                                   &tx);
                    for (size_t y = 0; y < ng; y++) {
                        if (y == x || r->prov[group[y]] == r->prov[ex])
                            continue;
                        const char *fy, *ty;
                        size_t ey = group[y];
                        enrolment_span(&in->enrolments[r->src[ey]], &out->provisions[r->prov[ey]],
                                       &fy, &ty);
                        if (spans_overlap(fx, tx, fy, ty)) {
                            keep[nk++] = r->prov[ex];
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
                os->ov.outcome_label = outcome_label(in, outcome);
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
    return 0;
}

/* Unmet need, child by child: flagged pupils on roll taking part in no
 * current provision that targets the outcome. The shared list's outcomes
 * first, then any other code. */
static int unmet_per_child(const struct provmap_input *in, struct arena *a, const struct reach *r,
                           struct provmap *out, struct err *e)
{
    const char **codes = arena_array(a, in->n_outcomes + in->n_flags + 1, sizeof *codes);
    size_t *flagged = arena_array(a, in->n_flags + 1, sizeof *flagged); /* pupil index */
    unsigned char *any_flag = arena_array(a, in->n_pupils + 1, 1);
    unsigned char *any_unmet = arena_array(a, in->n_pupils + 1, 1);
    if (!codes || !flagged || !any_flag || !any_unmet)
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
    if (!uns)
        return err_set(e, ERR_NOMEM, "out of memory");
    size_t n_un = 0;
    for (size_t c = 0; c < n_codes; c++) {
        /* the pupils flagged on it, each once */
        size_t n_fl = 0;
        for (size_t f = 0; f < in->n_flags; f++) {
            const struct provmap_in_flag *fl = &in->flags[f];
            if (!fl->outcome || strcmp(fl->outcome, codes[c]))
                continue;
            size_t pu = pupil_pos(in, fl->pupil_id);
            if (pu == in->n_pupils)
                continue;
            bool dup = false;
            for (size_t i = 0; i < n_fl && !dup; i++)
                dup = flagged[i] == pu;
            if (!dup)
                flagged[n_fl++] = pu;
            any_flag[pu] = 1;
        }
        if (!n_fl)
            continue;
        struct provmap_need_pupil *list = arena_array(a, n_fl, sizeof *list);
        if (!list)
            return err_set(e, ERR_NOMEM, "out of memory");
        size_t n_list = 0;
        for (size_t i = 0; i < n_fl; i++) {
            size_t pu = flagged[i];
            bool met = false;
            for (size_t j = 0; j < r->n && !met; j++)
                met = r->pupil[j] == pu && targets(out->provisions[r->prov[j]].in, codes[c]);
            if (met)
                continue;
            any_unmet[pu] = 1;
            struct provmap_need_pupil *np = &list[n_list++];
            np->id = in->pupils[pu].id;
            np->name = in->pupils[pu].name;
            np->upn = in->pupils[pu].upn;
            const char *why = "";
            for (size_t f = 0; f < in->n_flags; f++) {
                const struct provmap_in_flag *fl = &in->flags[f];
                if (fl->pupil_id != np->id || !fl->outcome || strcmp(fl->outcome, codes[c]))
                    continue;
                const char *d = fl->detail ? fl->detail : "";
                why = *why ? arena_sprintf(a, "%s; %s", why, d) : d;
                if (!why)
                    return err_set(e, ERR_NOMEM, "out of memory");
            }
            np->reasons = why;
        }
        if (!n_list)
            continue;
        qsort(list, n_list, sizeof *list, cmp_need_pupil);
        struct un_sort *u = &uns[n_un++];
        u->pos = c;
        u->un.outcome = codes[c];
        u->un.label = outcome_label(in, codes[c]);
        u->un.flagged = (int)n_fl;
        u->un.pupils = (int)n_list;
        u->un.list = list;
        for (size_t k = 0; k < out->n_provisions && !u->un.targeted; k++)
            u->un.targeted = targets(out->provisions[k].in, codes[c]);
    }
    qsort(uns, n_un, sizeof *uns, cmp_unmet);
    out->unmet = arena_array(a, n_un + 1, sizeof *out->unmet);
    if (!out->unmet)
        return err_set(e, ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n_un; i++)
        out->unmet[i] = uns[i].un;
    out->n_unmet = n_un;
    for (size_t i = 0; i < in->n_pupils; i++) {
        out->children_flagged += any_flag[i];
        out->children_unmet += any_unmet[i];
    }
    return 0;
}

int provmap_compute(const struct provmap_input *in, struct arena *a, struct provmap *out,
                    struct err *e)
{
    memset(out, 0, sizeof *out);
    out->school_id = in->school_id;
    out->school_name = in->school_name;
    str_copy(out->as_of, sizeof out->as_of, in->as_of);
    out->pupils_on_roll = (int)in->n_pupils;
    for (int t = 0; t < TIER_N; t++)
        out->tiers[t].tier = provision_tiers[t];
    size_t *cur = NULL;
    struct reach r = { 0 };
    int rc = current_provisions(in, a, out, &cur, e);
    if (rc || (rc = reach_tiers(in, a, cur, out, &r, e)))
        return rc;

    /* Tiers: provisions and costs. */
    size_t np = out->n_provisions;
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
        tr->cost += out->provisions[k].cost;
        out->cost_total += out->provisions[k].cost;
        n_evidence += out->provisions[k].evidence_informed;
    }
    for (int t = 0; t < TIER_N; t++)
        out->tiers[t].cost_per_pupil =
            provision_per_pupil(out->tiers[t].cost, out->tiers[t].pupils);
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
    if ((rc = several_per_outcome(in, a, out, e)) || (rc = overload_per_pupil(in, a, &r, out, e)))
        return rc;
    return unmet_per_child(in, a, &r, out, e);
}
