#include "model/programmes/progreport.h"

#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "db/db.h"
#include "model/register/audit.h"
#include "model/measures/measure.h"
#include "score/instrument.h"

static const struct prog_attendance *att_of(const struct prog_session *s, int64_t enrolment_id)
{
    for (size_t i = 0; i < s->n_attendance; i++)
        if (s->attendance[i].enrolment_id == enrolment_id)
            return &s->attendance[i];
    return NULL;
}

static bool enrolled(const struct enrolment *en)
{
    return en->consent == CONSENT_GIVEN;
}

int progreport_compute(struct arena *a, const struct progtemplate *t, const struct provision *p,
                       const struct prog_session *ss, size_t n_ss, struct progreport *out)
{
    memset(out, 0, sizeof *out);
    out->prov = *p;
    if (t) {
        out->tmpl = *t;
        out->has_template = true;
    }
    enum pt_counts rule = t ? t->counts_when : PT_COUNTS_CHILD;
    int complete_at = p->complete_at ? p->complete_at : (t ? t->complete_at : p->sessions);
    size_t n_agenda = t ? t->n_agenda : 0;
    out->retention = out->completion_rate = out->mean_sessions_attended = out->mean_hours = -1;
    out->mean_fidelity = out->reading_per_week = -1;

    /* Recruitment, retention, reach, dosage. */
    out->invited = (int)p->n_enrolments;
    out->families = arena_array(a, p->n_enrolments ? p->n_enrolments : 1, sizeof *out->families);
    if (!out->families)
        return ERR_NOMEM;
    long attended_sum = 0;
    double hours_sum = 0;
    for (size_t i = 0; i < p->n_enrolments; i++) {
        const struct enrolment *en = &p->enrolments[i];
        switch (en->consent) {
        case CONSENT_NOT_REQUESTED:
            out->not_requested++;
            break;
        case CONSENT_AWAITING:
            out->awaiting++;
            break;
        case CONSENT_GIVEN:
            out->consent_given++;
            break;
        case CONSENT_DECLINED:
        case CONSENT_N:
            out->declined++;
            break;
        }
        if (!enrolled(en))
            continue;
        struct progreport_family *f = &out->families[out->n_families++];
        f->en = en;
        programme_dosage(rule, complete_at, p->session_minutes, ss, n_ss, en->id,
                         en->left_on[0] != '\0', &f->dosage);
        out->families_enrolled++;
        out->families_started += f->dosage.attended > 0;
        out->families_completed += f->dosage.status == PROG_COMPLETED;
        out->families_left += en->left_on[0] != '\0';
        attended_sum += f->dosage.attended;
        hours_sum += f->dosage.hours;
        out->reach_fsm += en->fsm;
        out->reach_sen += en->sen[0] == 'K' || en->sen[0] == 'E';
        out->reach_eal += en->eal == 1;
        bool child = false, parent = false;
        for (size_t s = 0; s < n_ss; s++) {
            if (ss[s].status != SESSION_HELD || ss[s].kind == SESSION_FOLLOWON)
                continue;
            const struct prog_attendance *at = att_of(&ss[s], en->id);
            child |= at && at->child;
            parent |= at && at->parent;
        }
        out->children_reached += child;
        out->parents_reached += parent;
    }
    if (out->families_enrolled) {
        out->mean_sessions_attended = (double)attended_sum / out->families_enrolled;
        out->mean_hours = hours_sum / out->families_enrolled;
        out->completion_rate = (double)out->families_completed / out->families_enrolled;
    }
    if (out->families_started)
        out->retention = (double)out->families_completed / out->families_started;

    /* Sessions, attendance by session, fidelity, follow-on meetings. */
    out->sessions_planned = p->sessions;
    out->sessions = arena_array(a, n_ss ? n_ss : 1, sizeof *out->sessions);
    if (!out->sessions)
        return ERR_NOMEM;
    double fid_sum = 0;
    bool *followon_came = arena_array(a, out->n_families ? out->n_families : 1, sizeof(bool));
    if (!followon_came)
        return ERR_NOMEM;
    for (size_t s = 0; s < n_ss; s++) {
        const struct prog_session *x = &ss[s];
        if (x->kind == SESSION_FOLLOWON) {
            if (x->status != SESSION_HELD)
                continue;
            out->followon_meetings++;
            for (size_t f = 0; f < out->n_families; f++) {
                const struct prog_attendance *at = att_of(x, out->families[f].en->id);
                if (at && programme_counts(rule, at->child, at->parent))
                    followon_came[f] = true;
            }
            continue;
        }
        if (x->kind == SESSION_WEEKLY) {
            out->sessions_held += x->status == SESSION_HELD;
            out->sessions_cancelled += x->status == SESSION_CANCELLED;
        }
        struct progreport_session *r = &out->sessions[out->n_sessions++];
        r->kind = x->kind;
        r->seq = x->seq;
        memcpy(r->date, x->date, sizeof r->date);
        r->status = x->status;
        r->fidelity = -1;
        if (x->status != SESSION_HELD)
            continue;
        for (size_t f = 0; f < out->n_families; f++) {
            const struct prog_attendance *at = att_of(x, out->families[f].en->id);
            if (!at)
                continue;
            r->children += at->child;
            r->parents += at->parent;
            r->families += programme_counts(rule, at->child, at->parent);
        }
        r->fidelity = programme_session_fidelity(x, n_agenda);
        if (r->fidelity >= 0) {
            fid_sum += r->fidelity;
            out->fidelity_sessions++;
            for (size_t k = 0; k < n_agenda && k < PT_MAX_AGENDA; k++)
                out->item_done[k] += x->done[k];
        }
    }
    if (out->fidelity_sessions)
        out->mean_fidelity = fid_sum / out->fidelity_sessions;
    for (size_t f = 0; f < out->n_families; f++)
        out->followon_families += followon_came[f];

    provision_costs_of(p, &out->costs);
    if (t)
        return programme_warnings(a, t, p, date_today(), &out->warnings, &out->n_warnings);
    return 0;
}

void progreport_outcome(struct arena *a, const struct prog_pair *pairs, size_t n, size_t children,
                        int better, bool has_rci, double sd, double r,
                        struct progreport_outcome *out)
{
    out->better = better < 0 ? -1 : 1;
    out->children = children;
    out->n = n;
    out->has_effect = false;
    out->has_rci = false;
    if (n == 0) {
        out->effect_note = "No child has scores both before and after yet.";
        out->rci_note = out->effect_note;
        return;
    }
    double *pre = arena_array(a, n, sizeof *pre), *post = arena_array(a, n, sizeof *post);
    if (!pre || !post) {
        out->effect_note = out->rci_note = "Out of memory.";
        return;
    }
    double sum_pre = 0, sum_post = 0;
    for (size_t i = 0; i < n; i++) {
        pre[i] = pairs[i].pre;
        post[i] = pairs[i].post;
        sum_pre += pre[i];
        sum_post += post[i];
    }
    out->mean_pre = sum_pre / (double)n;
    out->mean_post = sum_post / (double)n;
    out->mean_change = out->mean_post - out->mean_pre;
    struct err e;
    err_clear(&e);
    if (n < 3) {
        out->effect_note = "An effect size needs at least 3 children with scores before and after.";
    } else if (stats_effect_paired(pre, post, n, &out->effect, &e) == 0) {
        out->has_effect = true;
    } else {
        out->effect_note = arena_sprintf(a, "No effect size: %s.", e.msg);
    }
    if (!has_rci) {
        out->rci_note = "Reliable change needs the measure's test-retest r and SD.";
        return;
    }
    out->rci_sd = sd;
    out->rci_r = r;
    err_clear(&e);
    if (stats_rci_count(pre, post, n, sd, r, better < 0 ? STATS_LOWER_BETTER : STATS_HIGHER_BETTER,
                        &out->rci, &e) == 0)
        out->has_rci = true;
    else
        out->rci_note = arena_sprintf(a, "No reliable change: %s.", e.msg);
}

static int count_stories_reading(struct db *db, struct progreport *r, struct err *e)
{
    for (size_t i = 0; i < r->n_families; i++) {
        struct progreport_family *f = &r->families[i];
        struct db_stmt *st;
        int rc = db_prepare(db, &st,
                            "SELECT (SELECT count(*) FROM story WHERE enrolment_id = ?1),"
                            " (SELECT count(*) FROM reading_session WHERE enrolment_id = ?1),"
                            " (SELECT coalesce(sum(minutes), 0) FROM reading_session WHERE"
                            " enrolment_id = ?1)",
                            e);
        if (rc)
            return rc;
        db_bind_int(st, 1, f->en->id);
        rc = db_step(st, e);
        if (rc == DB_ROW) {
            f->stories = (int)db_col_int(st, 0);
            f->reading_sessions = (int)db_col_int(st, 1);
            f->reading_minutes = (int)db_col_int(st, 2);
        }
        db_finalize(st);
        if (rc < 0)
            return rc;
        r->stories += f->stories;
        r->reading_sessions += f->reading_sessions;
        r->reading_minutes += f->reading_minutes;
    }
    return 0;
}

/* The first and last weekly sessions' dates; false when there are none. */
static bool weekly_span(const struct prog_session *ss, size_t n, struct date *first,
                        struct date *last)
{
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        struct date d;
        if (ss[i].kind != SESSION_WEEKLY || ss[i].status == SESSION_CANCELLED ||
            date_parse(ss[i].date, &d))
            continue;
        if (!any || date_cmp(d, *first) < 0)
            *first = d;
        if (!any || date_cmp(d, *last) > 0)
            *last = d;
        any = true;
    }
    return any;
}

int progreport_build(struct db *db, struct arena *a, int64_t provision_id, int64_t school_id,
                     const struct progreport_opts *o, const struct audit_entry *who,
                     struct progreport *out, struct err *e)
{
    static const struct progreport_opts none = { 0 };
    if (!o)
        o = &none;
    struct provision p;
    struct progtemplate t;
    struct prog_session *ss;
    size_t n_ss;
    int rc = o->viewed ? provision_read(db, a, provision_id, school_id, &p, e)
                       : provision_get(db, a, provision_id, school_id, who, &p, e);
    if (rc)
        return rc;
    if (p.template_id && (rc = progtemplate_get(db, a, p.template_id, &t, e)))
        return rc;
    if ((rc = programme_sessions(db, a, p.id, &ss, &n_ss, e)))
        return rc;
    if ((rc = progreport_compute(a, p.template_id ? &t : NULL, &p, ss, n_ss, out)))
        return err_set(e, rc, "out of memory");
    if ((rc = programme_quote_list(db, a, p.id, &out->quotes, &out->n_quotes, e)) ||
        (rc = count_stories_reading(db, out, e)))
        return rc;
    struct date first, last;
    bool span = weekly_span(ss, n_ss, &first, &last);
    if (span && out->has_template && t.reading_per_week && out->n_families) {
        struct date today = date_today(), end = date_cmp(last, today) < 0 ? last : today;
        long weeks = (date_to_days(end) - date_to_days(first)) / 7 + 1;
        if (weeks >= 1)
            out->reading_per_week =
                (double)out->reading_sessions / (double)(weeks * (long)out->n_families);
    }

    /* The outcome. */
    struct progreport_outcome *oc = &out->outcome;
    oc->instrument = o->instrument ? o->instrument : p.measure_instrument;
    oc->score = o->score ? o->score : p.measure_score;
    if (!oc->instrument && out->has_template) {
        oc->instrument = t.measure_instrument;
        oc->score = t.measure_score;
    }
    oc->children = out->n_families;
    if (!oc->instrument || !oc->score) {
        oc->instrument = oc->score = NULL;
        oc->effect_note = oc->rci_note = "This programme has no before-and-after measure.";
        if (!who)
            return 0; /* the caller audits (progreport.h) */
        return audit_log(db,
                         &(struct audit_entry){ .actor = who && who->actor ? who->actor : "unknown",
                                                .address = who ? who->address : NULL,
                                                .action = "report",
                                                .entity = "provision",
                                                .entity_id = p.id,
                                                .school_id = p.school_id },
                         e);
    }
    bool template_measure = out->has_template && t.measure_instrument &&
                            !strcmp(t.measure_instrument, oc->instrument) && t.measure_score &&
                            !strcmp(t.measure_score, oc->score);
    /* The measure's definition (built in, or the school's own). */
    const struct instrument *in = NULL;
    rc = measure_find(db, a, p.school_id, oc->instrument, &in, e);
    if (rc == ERR_NOTFOUND) {
        in = NULL;
        err_clear(e);
    } else if (rc) {
        return rc;
    }
    enum measure_better known = in ? measure_better_for(in, oc->score) : MEASURE_UNKNOWN;
    int better = o->better                         ? o->better
                 : template_measure                ? t.measure_better
                 : known != MEASURE_UNKNOWN        ? (int)known
                 : !strcmp(oc->score, "prosocial") ? 1
                                                   : -1;
    const struct prog_pair *pairs = o->pairs;
    size_t n_pairs = o->n_pairs;
    if (!o->pairs_given) {
        int64_t *pupils = arena_array(a, out->n_families ? out->n_families : 1, sizeof *pupils);
        if (!pupils)
            return err_set(e, ERR_NOMEM, "out of memory");
        for (size_t i = 0; i < out->n_families; i++)
            pupils[i] = out->families[i].en->pupil_id;
        struct prog_pair *got = NULL;
        n_pairs = 0;
        if (span && (rc = progoutcome_pairs(db, a, pupils, out->n_families, oc->instrument,
                                            oc->score, first, last, &got, &n_pairs, e)))
            return rc;
        pairs = got;
    }
    /* Reliable change: figures given with the report, else the school's own
     * or the definition's (model/measure.h), else the template's. */
    bool has_rci = o->has_rci;
    double sd = o->rci_sd, r = o->rci_r;
    const char *source = has_rci ? "given with the report" : NULL;
    if (!has_rci && in) {
        struct measure_reliability mr;
        bool found = false;
        if ((rc = measure_reliability_get(db, a, p.school_id, in, oc->score, &mr, &found, e)))
            return rc;
        if (found) {
            has_rci = true;
            sd = mr.sd;
            r = mr.retest_r;
            source = mr.source;
        }
    }
    if (!has_rci && template_measure && t.has_reliability) {
        has_rci = true;
        sd = t.sd;
        r = t.retest_r;
        source = t.reliability_source ? t.reliability_source : t.name;
    }
    const char *instrument = oc->instrument, *score = oc->score;
    progreport_outcome(a, pairs, n_pairs, out->n_families, better, has_rci, sd, r, oc);
    oc->instrument = instrument;
    oc->score = score;
    oc->rci_source = has_rci ? source : NULL;
    /* The comparison group, from the stored assessments. */
    size_t n_compared = 0;
    if (!o->pairs_given && span) {
        struct progcompare_row *rows;
        size_t n_rows;
        if ((rc = progoutcome_comparison(db, a, p.school_id, p.id, instrument, score, first, last,
                                         pairs, n_pairs, &rows, &n_rows, &n_compared, e)) ||
            (rc = progcompare_run(rows, n_rows, a, &oc->comparison, e)))
            return rc;
    }
    if (!who)
        return 0; /* the caller audits (progreport.h) */
    return audit_log(
        db,
        &(struct audit_entry){
            .actor = who && who->actor ? who->actor : "unknown",
            .address = who ? who->address : NULL,
            .action = "report",
            .entity = "provision",
            .entity_id = p.id,
            .school_id = p.school_id,
            /* The comparison pupils' scores were read too (no names). */
            .detail = n_compared ? arena_sprintf(a, "compared with %zu pupils not in the programme",
                                                 n_compared)
                                 : NULL },
        e);
}
