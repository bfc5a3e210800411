#include "model/provision/provmap.h"

/* provmap_load.c - the provision map's storage side: provmap_load reads
 * what provmap_compute needs (pupils, provisions, enrolments, flags,
 * framework components) into a provmap_input, and provmap_build loads,
 * computes and audits the view (model/provision/provmap.h). The pure
 * computation is in provmap.c. */

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
#include "model/measures/measure.h"
#include "model/programmes/programme.h"
#include "model/programmes/progtemplate.h"
#include "model/register/pupil.h"

/* ---- storage ------------------------------------------------------------ */

static int nomem(struct err *e)
{
    return err_set(e, ERR_NOMEM, "out of memory");
}

static int load_pupils(struct db *db, struct arena *a, struct provmap_input *in, struct err *e)
{
    struct pupil_on_roll *roll;
    size_t n;
    int rc = pupil_roll(db, a, in->school_id, in->as_of, &roll, &n, e);
    if (rc)
        return rc;
    struct provmap_in_pupil *list = arena_array(a, n + 1, sizeof *list);
    if (!list)
        return nomem(e);
    for (size_t i = 0; i < n; i++) {
        list[i].id = roll[i].id;
        list[i].name = roll[i].name;
        str_copy(list[i].nc_year, sizeof list[i].nc_year, roll[i].nc_year);
        str_copy(list[i].upn, sizeof list[i].upn, roll[i].upn);
    }
    in->pupils = list;
    in->n_pupils = n;
    return 0;
}

/* day + months, the day of the month kept where the month has it (else its
 * last day). */
static void add_months(const char *day, int months, char out[11])
{
    struct date d;
    out[0] = '\0';
    if (date_parse(day, &d))
        return;
    int m = d.m - 1 + months;
    d.y += m / 12;
    d.m = m % 12 + 1;
    while (d.d > 28 && !date_valid(d))
        d.d--;
    date_iso(d, out);
}

/* A programme with follow-on meetings (FAST's FASTworks: monthly for up to
 * 24 months after graduating): how long they run, and so how long the
 * cohort stays on the map. */
static int load_followon(struct db *db, struct arena *a, const struct provision *ps,
                         struct provmap_in_provision *p, struct err *e)
{
    if (!ps->template_id || !ps->end_date[0])
        return 0;
    struct progtemplate t;
    int rc = progtemplate_get(db, a, ps->template_id, &t, e);
    if (rc || !t.followon_months || !t.followon_for_months)
        return rc;
    add_months(ps->end_date, t.followon_for_months, p->followon_until);
    p->followon_every = t.followon_months;
    /* The name families know them by: FAST's are FASTworks. */
    p->followon_name = !strcmp(t.key, "fast") ? "FASTworks" : "follow-on meetings";
    return 0;
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
        p->programme = ps[i].template_key;
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
        if ((rc = load_followon(db, a, &ps[i], p, e)))
            return rc;
    }
    in->provisions = list;
    in->n_provisions = n;
    return 0;
}

/* Who completed (graduated from) a programme now in its follow-on, by the
 * template's rule (programme_dosage). */
static int load_completed(struct db *db, struct arena *a, const struct provmap_input *in,
                          struct provmap_in_enrolment *ens, size_t n_ens, struct err *e)
{
    for (size_t i = 0; i < in->n_provisions; i++) {
        const struct provmap_in_provision *p = &in->provisions[i];
        if (!p->followon_until[0] || strcmp(p->end_date, in->as_of) >= 0 ||
            strcmp(p->followon_until, in->as_of) < 0)
            continue;
        struct provision pr;
        struct progtemplate t;
        struct prog_session *ss;
        size_t n_ss;
        int rc = provision_read(db, a, p->id, in->school_id, &pr, e);
        if (rc || (rc = progtemplate_get(db, a, pr.template_id, &t, e)) ||
            (rc = programme_sessions(db, a, p->id, &ss, &n_ss, e)))
            return rc;
        int complete_at = pr.complete_at ? pr.complete_at : t.complete_at;
        int minutes = pr.session_minutes ? pr.session_minutes : t.session_minutes;
        for (size_t j = 0; j < n_ens; j++) {
            if (ens[j].provision_id != p->id)
                continue;
            int64_t enrolment_id = 0;
            for (size_t k = 0; k < pr.n_enrolments; k++)
                if (pr.enrolments[k].pupil_id == ens[j].pupil_id)
                    enrolment_id = pr.enrolments[k].id;
            struct prog_dosage d;
            programme_dosage(t.counts_when, complete_at, minutes, ss, n_ss, enrolment_id,
                             ens[j].left_on[0] != '\0', &d);
            ens[j].completed = d.status == PROG_COMPLETED;
        }
    }
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
    if (rc < 0 || (rc = load_completed(db, a, in, list, n, e)))
        return rc;
    in->enrolments = list;
    in->n_enrolments = n;
    return 0;
}

/* A flag's reason is said once per pupil and outcome, even when two band
 * schemes or two factors of one type give the same one. */
static bool flag_known(const struct provmap_in_flag *list, size_t n, int64_t pupil_id,
                       const char *outcome, const char *key)
{
    for (size_t i = n; i-- > 0 && list[i].pupil_id == pupil_id;)
        if (!strcmp(list[i].outcome, outcome) && !strcmp(list[i].detail, key))
            return true;
    return false;
}

static int load_flags(struct db *db, struct arena *a, struct provmap_input *in, struct err *e)
{
    struct provmap_in_flag *list = NULL;
    size_t n = 0, cap = 0;
    struct db_stmt *st;
    /* (a) bands at level 2 or above on the latest assessment of each
     * instrument and informant, on or before as_of; the reason names the
     * measure as people say it ("SDQ, teacher, emotional: high"), once for
     * each score whatever the banding scheme */
    int rc =
        db_prepare(db, &st,
                   "SELECT s.pupil_id, s.outcome, s.instrument, s.score, coalesce(s.band, '')"
                   " FROM screening_need s JOIN pupil p ON p.id = s.pupil_id"
                   " WHERE p.school_id = ?1 AND s.level >= 2 AND s.assessed_on <= ?2"
                   " AND s.assessment_id = (SELECT a2.id FROM assessment a2 WHERE a2.pupil_id ="
                   " s.pupil_id AND a2.instrument = s.instrument AND a2.informant = s.informant AND"
                   " a2.assessed_on <= ?2 ORDER BY a2.assessed_on DESC, a2.id DESC LIMIT 1)"
                   " ORDER BY s.pupil_id, s.outcome, s.instrument, s.score, s.scheme",
                   e);
    if (rc)
        return rc;
    db_bind_int(st, 1, in->school_id);
    db_bind_text(st, 2, in->as_of);
    const struct instrument *seen = NULL;
    const char *last = ""; /* pupil, outcome, instrument and score of the row before */
    while ((rc = db_step(st, e)) == DB_ROW) {
        int64_t pupil_id = db_col_int(st, 0);
        const char *outcome = db_col_text(st, 1);
        const char *instrument = db_col_text(st, 2), *score = db_col_text(st, 3);
        /* rows come in scheme order: the first scheme (four bands) says it */
        const char *this =
            arena_sprintf(a, "%lld %s %s %s", (long long)pupil_id, outcome, instrument, score);
        if (!this) {
            rc = nomem(e);
            break;
        }
        if (!strcmp(this, last))
            continue;
        last = this;
        if (!seen || strcmp(seen->key, instrument)) {
            /* a school's own measure by its title; otherwise its key */
            struct err ignore;
            err_clear(&ignore);
            if (measure_find(db, a, in->school_id, instrument, &seen, &ignore))
                seen = NULL;
        }
        struct provmap_in_flag *f = arena_push(a, &list, &n, &cap, sizeof *f);
        if (!f || !(f->outcome = arena_strdup(a, outcome)) ||
            !(f->detail =
                  arena_sprintf(a, "%s: %s", measure_spoken_name(a, seen, instrument, score),
                                db_col_text(st, 4)))) {
            rc = nomem(e);
            break;
        }
        f->pupil_id = pupil_id;
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
        int64_t pupil_id = db_col_int(st, 0);
        if (flag_known(list, n, pupil_id, db_col_text(st, 1), db_col_text(st, 2)))
            continue;
        struct provmap_in_flag *f = arena_push(a, &list, &n, &cap, sizeof *f);
        if (!f || !(f->outcome = arena_strdup(a, db_col_text(st, 1))) ||
            !(f->detail = arena_strdup(a, db_col_text(st, 2)))) {
            rc = nomem(e);
            break;
        }
        f->pupil_id = pupil_id;
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
