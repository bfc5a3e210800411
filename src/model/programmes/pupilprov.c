#include "model/programmes/pupilprov.h"

#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/str.h"
#include "db/db.h"
#include "model/provision/framework.h"
#include "model/programmes/programme.h"
#include "model/programmes/progtemplate.h"

static int nomem(struct err *e)
{
    return err_set(e, ERR_NOMEM, "out of memory");
}

static int fill_dosage(struct db *db, struct arena *a, struct pupilprov_item *it, struct err *e)
{
    const struct provision *p = it->provision;
    if (!p->template_id)
        return 0;
    struct progtemplate t;
    int rc = progtemplate_get(db, a, p->template_id, &t, e);
    if (rc)
        return rc;
    struct prog_session *ss;
    size_t n_ss;
    if ((rc = programme_sessions(db, a, p->id, &ss, &n_ss, e)))
        return rc;
    struct prog_dosage d;
    int complete_at = p->complete_at ? p->complete_at : t.complete_at;
    int minutes = p->session_minutes ? p->session_minutes : t.session_minutes;
    programme_dosage(t.counts_when, complete_at, minutes, ss, n_ss, it->enrolment->id,
                     it->enrolment->left_on[0] != '\0', &d);
    it->has_dosage = true;
    it->attended = d.attended;
    it->held = d.held;
    it->planned = d.held + d.remaining;
    it->hours = d.hours;
    it->dosage_status = prog_status_names[d.status];
    it->complete_word = t.complete_word;
    return 0;
}

int pupilprov_build(struct db *db, struct arena *a, int64_t pupil_id, int64_t school_id,
                    const char *as_of, const struct audit_entry *who, struct pupilprov *out,
                    struct err *e)
{
    memset(out, 0, sizeof *out);
    if (as_of && *as_of) {
        struct date d;
        if (strlen(as_of) != 10 || date_parse(as_of, &d))
            return err_set(e, ERR_INPUT, "as_of: give the date as YYYY-MM-DD");
        str_copy(out->as_of, sizeof out->as_of, as_of);
    } else {
        date_iso(date_today(), out->as_of);
    }
    struct db_stmt *st;
    int rc = db_prepare(
        db, &st,
        "SELECT p.id, p.school_id, coalesce(nullif(p.preferred_forename, ''), p.legal_forename)"
        " || ' ' || coalesce(nullif(p.preferred_surname, ''), p.legal_surname),"
        " p.legal_forename || ' ' || p.legal_surname, p.upn, p.dob, coalesce(p.nc_year, ''),"
        " s.name FROM pupil p JOIN school s ON s.id = p.school_id WHERE p.id = ?1"
        " AND (?2 = 0 OR p.school_id = ?2)",
        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, pupil_id);
    db_bind_int(st, 2, school_id);
    rc = db_step(st, e);
    if (rc == DB_ROW) {
        out->pupil_id = db_col_int(st, 0);
        out->school_id = db_col_int(st, 1);
        out->pupil_name = arena_strdup(a, db_col_text(st, 2));
        out->legal_name = arena_strdup(a, db_col_text(st, 3));
        str_copy(out->upn, sizeof out->upn, db_col_text(st, 4));
        str_copy(out->dob, sizeof out->dob, db_col_text(st, 5));
        str_copy(out->nc_year, sizeof out->nc_year, db_col_text(st, 6));
        out->school_name = arena_strdup(a, db_col_text(st, 7));
        if (!out->pupil_name || !out->legal_name || !out->school_name)
            rc = nomem(e);
    } else if (rc == DB_DONE) {
        rc = err_set(e, ERR_NOTFOUND, "there is no such pupil");
    }
    db_finalize(st);
    if (rc < 0)
        return rc;

    /* Every enrolment with its provision (one audit row: the list view). */
    struct enrolment *ens;
    struct provision *provs;
    size_t n;
    if ((rc = provision_for_pupil(db, a, pupil_id, who, &ens, &provs, &n, e)))
        return rc;
    out->items = arena_array(a, n + 1, sizeof *out->items);
    if (!out->items)
        return nomem(e);
    struct review *reviews;
    size_t n_reviews;
    if ((rc = review_list_pupil(db, a, pupil_id, 0, NULL, &reviews, &n_reviews, e)))
        return rc;
    /* provision_for_pupil gives newest start first; the record reads oldest
     * enrolment first. */
    size_t *order = arena_array(a, n + 1, sizeof *order);
    if (!order)
        return nomem(e);
    for (size_t i = 0; i < n; i++) {
        size_t j = i;
        for (; j > 0; j--) {
            const struct enrolment *prev = &ens[order[j - 1]];
            int c = strcmp(prev->enrolled_on, ens[i].enrolled_on);
            if (c < 0 || (c == 0 && prev->id < ens[i].id))
                break;
            order[j] = order[j - 1];
        }
        order[j] = i;
    }
    for (size_t k = 0; k < n; k++) {
        size_t i = order[k];
        struct pupilprov_item *it = &out->items[k];
        it->provision = &provs[i];
        it->enrolment = &ens[i];
        it->sessions = provs[i].sessions;
        it->session_minutes = provs[i].session_minutes;
        const struct provision *p = &provs[i];
        bool prov_current = strcmp(p->start_date, out->as_of) <= 0 &&
                            (!p->end_date[0] || strcmp(p->end_date, out->as_of) >= 0);
        it->current = prov_current && ens[i].consent != CONSENT_DECLINED &&
                      (!ens[i].left_on[0] || strcmp(ens[i].left_on, out->as_of) > 0);
        if ((rc = framework_provision_components(db, a, p->id, &it->components, &it->n_components,
                                                 e)) ||
            (rc = fill_dosage(db, a, it, e)))
            return rc;
        size_t nr = 0;
        for (size_t r = 0; r < n_reviews; r++)
            nr += reviews[r].provision_id == p->id;
        it->reviews = arena_array(a, nr + 1, sizeof *it->reviews);
        if (!it->reviews)
            return nomem(e);
        for (size_t r = 0; r < n_reviews; r++)
            if (reviews[r].provision_id == p->id)
                it->reviews[it->n_reviews++] = reviews[r];
    }
    out->n_items = n;
    return involvement_list(db, a, out->school_id, pupil_id, out->as_of, NULL, &out->involvements,
                            &out->n_involvements, e);
}
