#include "model/provision/provision.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "db/db.h"
#include "model/register/audit.h"
#include "model/register/carer.h"

/* The codes, costs, outcome list and validation of a provision are in
 * provision_rules.c; this file stores and reads provisions, their teams and
 * enrolments. */

static int consent_index(const char *s)
{
    for (int i = 0; s && consent_names[i]; i++)
        if (!strcmp(s, consent_names[i]))
            return i;
    return CONSENT_NOT_REQUESTED;
}

/* ---- helpers ------------------------------------------------------------- */

static const char *actor_of(const struct audit_entry *who)
{
    return who && who->actor ? who->actor : "unknown";
}

static void copy_date(char out[11], const char *s)
{
    str_copy(out, 11, s ? s : "");
}

static const char *blank_null(const char *s)
{
    return s && *s ? s : NULL;
}

static bool date_ok(const char *s)
{
    struct date d;
    return s && strlen(s) == 10 && date_parse(s, &d) == 0;
}

/* ---- writing ------------------------------------------------------------- */

static int save_outcomes(struct db *db, const struct provision *p, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st, "DELETE FROM provision_outcome WHERE provision_id = ?1", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, p->id);
    rc = db_step(st, e);
    db_finalize(st);
    for (size_t i = 0; rc >= 0 && i < p->n_outcomes; i++) {
        if ((rc = db_prepare(db, &st,
                             "INSERT INTO provision_outcome (provision_id, outcome)"
                             " VALUES (?1, ?2) ON CONFLICT (provision_id, outcome) DO NOTHING",
                             e)))
            return rc;
        db_bind_int(st, 1, p->id);
        db_bind_text(st, 2, p->outcomes[i]);
        rc = db_step(st, e);
        db_finalize(st);
    }
    return rc < 0 ? rc : 0;
}

static void bind_fields(struct db_stmt *st, const struct provision *p, const char *now)
{
    db_bind_text(st, 2, p->name);
    db_bind_text(st, 3, p->tier);
    db_bind_text(st, 4, blank_null(p->description));
    db_bind_int_or_null(st, 5, p->template_id, p->template_id == 0);
    db_bind_text(st, 6, blank_null(p->evidence_rating));
    db_bind_text(st, 7, blank_null(p->evidence_reference));
    db_bind_int(st, 8, p->sessions);
    db_bind_int(st, 9, p->session_minutes);
    db_bind_int(st, 10, p->complete_at);
    db_bind_text(st, 11, blank_null(p->session_time));
    db_bind_text(st, 12, blank_null(p->venue));
    db_bind_double(st, 13, p->staff_hours_per_session);
    db_bind_int(st, 14, p->hourly_rate_pence);
    db_bind_text(st, 15, p->start_date);
    db_bind_text(st, 16, blank_null(p->end_date));
    db_bind_text(st, 17, blank_null(p->review_date));
    db_bind_text(st, 18, blank_null(p->measure_instrument));
    db_bind_text(st, 19, blank_null(p->measure_score));
    db_bind_text(st, 20, now);
}

int provision_create(struct db *db, struct provision *p, const struct audit_entry *who,
                     struct err *e)
{
    char now[DATE_TS_LEN];
    date_timestamp(now);
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(
             db, &st,
             "INSERT INTO provision (school_id, name, tier, description, template_id,"
             " evidence_rating, evidence_reference, sessions, session_minutes, complete_at,"
             " session_time, venue, staff_hours_per_session, hourly_rate_pence, start_date,"
             " end_date, review_date, measure_instrument, measure_score, created_at, updated_at,"
             " created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
             " ?15, ?16, ?17, ?18, ?19, ?20, ?20, ?21) RETURNING id",
             e)))
        goto fail;
    db_bind_int(st, 1, p->school_id);
    bind_fields(st, p, now);
    db_bind_text(st, 21, actor_of(who));
    rc = db_step_id(st, &p->id, e);
    db_finalize(st);
    if (rc < 0)
        goto fail;
    if ((rc = save_outcomes(db, p, e)))
        goto fail;
    for (size_t i = 0; i < p->n_costs; i++)
        if ((rc = provision_cost_add(db, p->id, &p->costs[i], who, e)))
            goto fail;
    if ((rc = audit_as(db, who, "create", "provision", p->id, 0, p->school_id, p->name, e)))
        goto fail;
    return db_commit(db, e);
fail:
    db_rollback(db);
    return rc;
}

int provision_update(struct db *db, const struct provision *p, const struct audit_entry *who,
                     struct err *e)
{
    char now[DATE_TS_LEN];
    date_timestamp(now);
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db, &st,
                         "UPDATE provision SET name = ?2, tier = ?3, description = ?4,"
                         " template_id = ?5, evidence_rating = ?6, evidence_reference = ?7,"
                         " sessions = ?8, session_minutes = ?9, complete_at = ?10,"
                         " session_time = ?11, venue = ?12, staff_hours_per_session = ?13,"
                         " hourly_rate_pence = ?14, start_date = ?15, end_date = ?16,"
                         " review_date = ?17, measure_instrument = ?18, measure_score = ?19,"
                         " updated_at = ?20 WHERE id = ?1",
                         e)))
        goto fail;
    db_bind_int(st, 1, p->id);
    bind_fields(st, p, now);
    rc = db_step(st, e);
    db_finalize(st);
    if (rc < 0)
        goto fail;
    if (db_changes(db) == 0) {
        rc = err_set(e, ERR_NOTFOUND, "no such provision");
        goto fail;
    }
    if ((rc = save_outcomes(db, p, e)) ||
        (rc = audit_as(db, who, "update", "provision", p->id, 0, p->school_id, p->name, e)))
        goto fail;
    return db_commit(db, e);
fail:
    db_rollback(db);
    return rc;
}

static int school_of(struct db *db, int64_t provision_id, int64_t *out, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st, "SELECT school_id FROM provision WHERE id = ?1", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, provision_id);
    rc = db_step(st, e);
    *out = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_finalize(st);
    if (rc == DB_DONE)
        return err_set(e, ERR_NOTFOUND, "no such provision");
    return rc < 0 ? rc : 0;
}

int provision_cost_add(struct db *db, int64_t provision_id, struct provision_cost_item *item,
                       const struct audit_entry *who, struct err *e)
{
    if (str_blank(item->what))
        return err_set(e, ERR_INPUT, "what: say what the cost is for");
    if (strlen(item->what) > 200)
        return err_set(e, ERR_INPUT, "what: keep it under 200 characters");
    if (item->pence < 0 || item->pence > 100000000)
        return err_set(e, ERR_INPUT, "amount: give an amount from £0 to £1,000,000");
    int64_t school;
    int rc = school_of(db, provision_id, &school, e);
    if (rc)
        return rc;
    char now[DATE_TS_LEN];
    date_timestamp(now);
    struct db_stmt *st;
    if ((rc =
             db_prepare(db, &st,
                        "INSERT INTO provision_cost (provision_id, what, amount_pence, per_session,"
                        " recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
                        e)))
        return rc;
    db_bind_int(st, 1, provision_id);
    db_bind_text(st, 2, item->what);
    db_bind_int(st, 3, item->pence);
    db_bind_int(st, 4, item->per_session);
    db_bind_text(st, 5, actor_of(who));
    db_bind_text(st, 6, now);
    rc = db_step_id(st, &item->id, e);
    db_finalize(st);
    if (rc < 0)
        return rc;
    return audit_as(db, who, "add cost", "provision", provision_id, 0, school, item->what, e);
}

int provision_team_add(struct db *db, int64_t provision_id, struct team_member *m,
                       const struct audit_entry *who, struct err *e)
{
    if (str_blank(m->role) || strlen(m->role) > 40)
        return err_set(e, ERR_INPUT, "role: give the person's role on the team");
    int64_t school;
    int rc = school_of(db, provision_id, &school, e);
    if (rc)
        return rc;
    struct db_stmt *st;
    char staff_name[256] = "";
    if (m->staff_id) {
        if ((rc = db_prepare(db, &st, "SELECT name, school_id FROM staff WHERE id = ?1", e)))
            return rc;
        db_bind_int(st, 1, m->staff_id);
        rc = db_step(st, e);
        bool ok = rc == DB_ROW && db_col_int(st, 1) == school;
        if (ok)
            str_copy(staff_name, sizeof staff_name, db_col_text(st, 0));
        db_finalize(st);
        if (rc < 0)
            return rc;
        if (!ok)
            return err_set(e, ERR_INPUT, "staff: no such member of staff at this school");
    }
    const char *name = !str_blank(m->name) ? m->name : staff_name;
    if (str_blank(name) || strlen(name) > 200)
        return err_set(e, ERR_INPUT, "name: give the team member's name");
    char now[DATE_TS_LEN];
    date_timestamp(now);
    if ((rc = db_prepare(db, &st,
                         "INSERT INTO provision_team (provision_id, staff_id, name, role, added_by,"
                         " added_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
                         e)))
        return rc;
    db_bind_int(st, 1, provision_id);
    db_bind_int_or_null(st, 2, m->staff_id, m->staff_id == 0);
    db_bind_text(st, 3, name);
    db_bind_text(st, 4, m->role);
    db_bind_text(st, 5, actor_of(who));
    db_bind_text(st, 6, now);
    rc = db_step_id(st, &m->id, e);
    db_finalize(st);
    if (rc < 0)
        return rc;
    char detail[300];
    snprintf(detail, sizeof detail, "%s as %s", name, m->role);
    return audit_as(db, who, "add to team", "provision", provision_id, 0, school, detail, e);
}

int provision_team_remove(struct db *db, int64_t provision_id, int64_t member_id,
                          const struct audit_entry *who, struct err *e)
{
    int64_t school;
    int rc = school_of(db, provision_id, &school, e);
    if (rc)
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db, &st, "DELETE FROM provision_team WHERE id = ?2 AND provision_id = ?1",
                         e)))
        return rc;
    db_bind_int(st, 1, provision_id);
    db_bind_int(st, 2, member_id);
    rc = db_step(st, e);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (db_changes(db) == 0)
        return err_set(e, ERR_NOTFOUND, "that person is not on the team");
    return audit_as(db, who, "remove from team", "provision", provision_id, 0, school, NULL, e);
}

int provision_on_team(struct db *db, int64_t provision_id, int64_t staff_id, bool *out,
                      struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(
        db, &st, "SELECT 1 FROM provision_team WHERE provision_id = ?1 AND staff_id = ?2", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, provision_id);
    db_bind_int(st, 2, staff_id);
    rc = db_step(st, e);
    db_finalize(st);
    *out = rc == DB_ROW;
    return rc < 0 ? rc : 0;
}

/* ---- enrolments ---------------------------------------------------------- */

#define ENROLMENT_COLS                                                                      \
    "e.id, e.provision_id, e.pupil_id, coalesce(e.carer_id, 0), e.consent, e.consent_on,"   \
    " coalesce(e.hub, 0), e.enrolled_on, e.left_on, e.left_reason,"                         \
    " coalesce(nullif(p.preferred_forename, ''), p.legal_forename),"                        \
    " coalesce(nullif(p.preferred_surname, ''), p.legal_surname), p.upn, p.nc_year, p.dob," \
    " p.sen_provision, EXISTS (SELECT 1 FROM fsm_period f WHERE f.pupil_id = p.id AND"      \
    " f.end_date IS NULL), coalesce(p.eal, -1), c.title, c.forename, c.surname"

static int read_enrolment(struct db_stmt *st, struct arena *a, struct enrolment *en)
{
    memset(en, 0, sizeof *en);
    en->id = db_col_int(st, 0);
    en->provision_id = db_col_int(st, 1);
    en->pupil_id = db_col_int(st, 2);
    en->carer_id = db_col_int(st, 3);
    en->consent = (enum consent)consent_index(db_col_text(st, 4));
    copy_date(en->consent_on, db_col_text(st, 5));
    en->hub = (int)db_col_int(st, 6);
    copy_date(en->enrolled_on, db_col_text(st, 7));
    copy_date(en->left_on, db_col_text(st, 8));
    en->left_reason = arena_strdup(a, db_col_text(st, 9));
    const char *fore = db_col_text(st, 10), *sur = db_col_text(st, 11);
    en->forename = arena_strdup(a, fore ? fore : "");
    en->pupil_name = arena_sprintf(a, "%s %s", fore ? fore : "", sur ? sur : "");
    str_copy(en->upn, sizeof en->upn, db_col_text(st, 12) ? db_col_text(st, 12) : "");
    str_copy(en->nc_year, sizeof en->nc_year, db_col_text(st, 13) ? db_col_text(st, 13) : "");
    copy_date(en->dob, db_col_text(st, 14));
    str_copy(en->sen, sizeof en->sen, db_col_text(st, 15) ? db_col_text(st, 15) : "N");
    en->fsm = db_col_int(st, 16) != 0;
    en->eal = (int)db_col_int(st, 17);
    if (en->carer_id) {
        const char *title = db_col_text(st, 18), *cf = db_col_text(st, 19),
                   *cs = db_col_text(st, 20);
        bool has_title = title && *title, has_fore = cf && *cf;
        en->carer_name =
            arena_sprintf(a, "%s%s%s%s%s", has_title ? title : "", has_title ? " " : "",
                          has_fore ? cf : "", has_fore ? " " : "", cs ? cs : "");
        en->carer_salutation = has_title ? arena_sprintf(a, "%s %s", title, cs ? cs : "")
                                         : arena_sprintf(a, "%s%s%s", has_fore ? cf : "",
                                                         has_fore ? " " : "", cs ? cs : "");
    }
    return en->pupil_name && en->forename ? 0 : ERR_NOMEM;
}

static int load_enrolments(struct db *db, struct arena *a, struct provision *p, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT " ENROLMENT_COLS " FROM enrolment e JOIN pupil p ON p.id ="
                        " e.pupil_id LEFT JOIN carer c ON c.id = e.carer_id"
                        " WHERE e.provision_id = ?1 ORDER BY coalesce(e.hub, 999), 11, 12, e.id",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, p->id);
    size_t cap = 0;
    p->enrolments = NULL;
    p->n_enrolments = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct enrolment *en = arena_push(a, &p->enrolments, &p->n_enrolments, &cap, sizeof *en);
        if (!en || read_enrolment(st, a, en)) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int provision_enrolment_get(struct db *db, struct arena *a, int64_t enrolment_id,
                            struct enrolment *out, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT " ENROLMENT_COLS " FROM enrolment e JOIN pupil p ON p.id ="
                        " e.pupil_id LEFT JOIN carer c ON c.id = e.carer_id WHERE e.id = ?1",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, enrolment_id);
    rc = db_step(st, e);
    if (rc == DB_ROW)
        rc = read_enrolment(st, a, out) ? err_set(e, ERR_NOMEM, "out of memory") : 0;
    else if (rc == DB_DONE)
        rc = err_set(e, ERR_NOTFOUND, "no such enrolment");
    db_finalize(st);
    return rc;
}

int provision_enrol(struct db *db, struct enrolment *en, const struct audit_entry *who,
                    struct err *e)
{
    int64_t school;
    int rc = school_of(db, en->provision_id, &school, e);
    if (rc)
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db, &st, "SELECT school_id FROM pupil WHERE id = ?1", e)))
        return rc;
    db_bind_int(st, 1, en->pupil_id);
    rc = db_step(st, e);
    bool same = rc == DB_ROW && db_col_int(st, 0) == school;
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (!same)
        return err_set(e, ERR_INPUT, "pupil: no such pupil at this school");
    if (en->carer_id) {
        bool linked;
        if ((rc = carer_of_pupil(db, en->pupil_id, en->carer_id, &linked, e)))
            return rc;
        if (!linked)
            return err_set(e, ERR_INPUT, "carer: this parent or carer is not linked to the pupil");
    }
    if (en->consent < 0 || en->consent >= CONSENT_N)
        return err_set(e, ERR_INPUT, "consent: choose not asked yet, awaiting, given or declined");
    if (en->hub < 0 || en->hub > 99)
        return err_set(e, ERR_INPUT, "hub: give a hub number from 1 to 99");
    char today[11];
    date_iso(date_today(), today);
    if (!en->enrolled_on[0])
        copy_date(en->enrolled_on, today);
    if (!date_ok(en->enrolled_on))
        return err_set(e, ERR_INPUT, "enrolled_on: give a real date");
    if ((en->consent == CONSENT_GIVEN || en->consent == CONSENT_DECLINED) && !en->consent_on[0])
        copy_date(en->consent_on, today);
    if (en->consent_on[0] && !date_ok(en->consent_on))
        return err_set(e, ERR_INPUT, "consent_on: give a real date");
    if (en->left_on[0] && !date_ok(en->left_on))
        return err_set(e, ERR_INPUT, "left_on: give a real date");
    if (en->left_on[0] && strcmp(en->left_on, en->enrolled_on) < 0)
        return err_set(e, ERR_INPUT, "left_on: the date they left is before they were enrolled");
    char now[DATE_TS_LEN];
    date_timestamp(now);
    if ((rc = db_prepare(db, &st,
                         "INSERT INTO enrolment (provision_id, pupil_id, carer_id, consent,"
                         " consent_on, hub, enrolled_on, left_on, left_reason, recorded_by,"
                         " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
                         " ON CONFLICT (provision_id, pupil_id) DO UPDATE SET carer_id = ?3,"
                         " consent = ?4, consent_on = ?5, hub = ?6, enrolled_on = ?7,"
                         " left_on = ?8, left_reason = ?9, updated_at = ?11",
                         e)))
        return rc;
    db_bind_int(st, 1, en->provision_id);
    db_bind_int(st, 2, en->pupil_id);
    db_bind_int_or_null(st, 3, en->carer_id, en->carer_id == 0);
    db_bind_text(st, 4, consent_names[en->consent]);
    db_bind_text(st, 5, blank_null(en->consent_on));
    db_bind_int_or_null(st, 6, en->hub, en->hub == 0);
    db_bind_text(st, 7, en->enrolled_on);
    db_bind_text(st, 8, blank_null(en->left_on));
    db_bind_text(st, 9, en->left_on[0] ? blank_null(en->left_reason) : NULL);
    db_bind_text(st, 10, actor_of(who));
    db_bind_text(st, 11, now);
    rc = db_step(st, e);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if ((rc = db_prepare(db, &st,
                         "SELECT id FROM enrolment WHERE provision_id = ?1 AND pupil_id = ?2", e)))
        return rc;
    db_bind_int(st, 1, en->provision_id);
    db_bind_int(st, 2, en->pupil_id);
    rc = db_step(st, e);
    en->id = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_finalize(st);
    if (rc < 0)
        return rc;
    char detail[120];
    snprintf(detail, sizeof detail, "consent %s%s%s", consent_names[en->consent],
             en->left_on[0] ? ", left " : "", en->left_on);
    return audit_as(db, who, "enrol", "provision", en->provision_id, en->pupil_id, school, detail,
                    e);
}

/* ---- reading ------------------------------------------------------------- */

#define PROVISION_COLS                                                                       \
    "p.id, p.school_id, p.name, p.tier, p.description, coalesce(p.template_id, 0),"          \
    " (SELECT key FROM programme_template t WHERE t.id = p.template_id), p.evidence_rating," \
    " p.evidence_reference, p.sessions, p.session_minutes, p.complete_at, p.session_time,"   \
    " p.venue, p.staff_hours_per_session, p.hourly_rate_pence, p.start_date, p.end_date,"    \
    " p.review_date, p.measure_instrument, p.measure_score, p.created_by, p.created_at,"     \
    " p.updated_at, (SELECT count(*) FROM programme_session s WHERE s.provision_id = p.id"   \
    " AND s.kind = 'weekly' AND s.status = 'held'), (SELECT count(*) FROM enrolment e WHERE" \
    " e.provision_id = p.id AND e.consent = 'given')"

static int read_provision(struct db_stmt *st, struct arena *a, struct provision *p)
{
    memset(p, 0, sizeof *p);
    p->id = db_col_int(st, 0);
    p->school_id = db_col_int(st, 1);
    p->name = arena_strdup(a, db_col_text(st, 2));
    const char *tier = db_col_text(st, 3);
    p->tier = provision_tiers[0];
    for (int i = 0; tier && provision_tiers[i]; i++)
        if (!strcmp(tier, provision_tiers[i]))
            p->tier = provision_tiers[i];
    p->description = arena_strdup(a, db_col_text(st, 4));
    p->template_id = db_col_int(st, 5);
    p->template_key = arena_strdup(a, db_col_text(st, 6));
    p->evidence_rating = arena_strdup(a, db_col_text(st, 7));
    p->evidence_reference = arena_strdup(a, db_col_text(st, 8));
    p->sessions = (int)db_col_int(st, 9);
    p->session_minutes = (int)db_col_int(st, 10);
    p->complete_at = (int)db_col_int(st, 11);
    str_copy(p->session_time, sizeof p->session_time,
             db_col_text(st, 12) ? db_col_text(st, 12) : "");
    p->venue = arena_strdup(a, db_col_text(st, 13));
    p->staff_hours_per_session = db_col_double(st, 14);
    p->hourly_rate_pence = db_col_int(st, 15);
    copy_date(p->start_date, db_col_text(st, 16));
    copy_date(p->end_date, db_col_text(st, 17));
    copy_date(p->review_date, db_col_text(st, 18));
    p->measure_instrument = arena_strdup(a, db_col_text(st, 19));
    p->measure_score = arena_strdup(a, db_col_text(st, 20));
    p->created_by = arena_strdup(a, db_col_text(st, 21));
    p->created_at = arena_strdup(a, db_col_text(st, 22));
    p->updated_at = arena_strdup(a, db_col_text(st, 23));
    p->sessions_held = (int)db_col_int(st, 24);
    p->pupils_consented = (int)db_col_int(st, 25);
    return p->name ? 0 : ERR_NOMEM;
}

/* Outcomes, costs and team. */
static int load_parts(struct db *db, struct arena *a, struct provision *p, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT outcome FROM provision_outcome WHERE provision_id = ?1 ORDER BY"
                        " (SELECT o.position FROM outcome o WHERE o.code = outcome), outcome",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, p->id);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        const char **o = arena_push(a, &p->outcomes, &p->n_outcomes, &cap, sizeof *o);
        if (!o || !(*o = arena_strdup(a, db_col_text(st, 0)))) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    if ((rc = db_prepare(db, &st,
                         "SELECT id, what, amount_pence, per_session FROM provision_cost"
                         " WHERE provision_id = ?1 ORDER BY id",
                         e)))
        return rc;
    db_bind_int(st, 1, p->id);
    cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct provision_cost_item *c = arena_push(a, &p->costs, &p->n_costs, &cap, sizeof *c);
        if (!c || !(c->what = arena_strdup(a, db_col_text(st, 1)))) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        c->id = db_col_int(st, 0);
        c->pence = db_col_int(st, 2);
        c->per_session = db_col_int(st, 3) != 0;
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    if ((rc = db_prepare(db, &st,
                         "SELECT id, coalesce(staff_id, 0), name, role FROM provision_team"
                         " WHERE provision_id = ?1 ORDER BY id",
                         e)))
        return rc;
    db_bind_int(st, 1, p->id);
    cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct team_member *m = arena_push(a, &p->team, &p->n_team, &cap, sizeof *m);
        if (!m || !(m->name = arena_strdup(a, db_col_text(st, 2))) ||
            !(m->role = arena_strdup(a, db_col_text(st, 3)))) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        m->id = db_col_int(st, 0);
        m->staff_id = db_col_int(st, 1);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int provision_read(struct db *db, struct arena *a, int64_t id, int64_t school_id,
                   struct provision *out, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT " PROVISION_COLS " FROM provision p WHERE p.id = ?1"
                        " AND (?2 = 0 OR p.school_id = ?2)",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, school_id);
    rc = db_step(st, e);
    if (rc == DB_ROW)
        rc = read_provision(st, a, out) ? err_set(e, ERR_NOMEM, "out of memory") : 0;
    else if (rc == DB_DONE)
        rc = err_set(e, ERR_NOTFOUND, "there is no programme or provision number %lld",
                     (long long)id);
    db_finalize(st);
    if (rc)
        return rc;
    if ((rc = load_parts(db, a, out, e)) || (rc = load_enrolments(db, a, out, e)))
        return rc;
    return 0;
}

int provision_get(struct db *db, struct arena *a, int64_t id, int64_t school_id,
                  const struct audit_entry *who, struct provision *out, struct err *e)
{
    int rc = provision_read(db, a, id, school_id, out, e);
    /* Its page shows each family enrolled: a row for each child, so that
     * the child's trail shows who saw it. */
    for (size_t i = 0; rc == 0 && i < out->n_enrolments; i++)
        rc = audit_as(db, who, "view", "provision", out->id, out->enrolments[i].pupil_id,
                      out->school_id, NULL, e);
    return rc;
}

int provision_list(struct db *db, struct arena *a, const struct provision_filter *f,
                   struct provision **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT " PROVISION_COLS " FROM provision p WHERE p.school_id = ?1"
                        " AND (?2 = 0 OR EXISTS (SELECT 1 FROM provision_team m WHERE"
                        " m.provision_id = p.id AND m.staff_id = ?2))"
                        " AND (?3 = 0 OR p.template_id IS NOT NULL)"
                        " ORDER BY p.start_date DESC, p.id DESC",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, f->school_id);
    db_bind_int(st, 2, f->staff_id);
    db_bind_int(st, 3, f->programmes_only);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct provision *p = arena_push(a, out, n, &cap, sizeof *p);
        if (!p || read_provision(st, a, p)) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < *n; i++)
        if ((rc = load_parts(db, a, &(*out)[i], e)))
            return rc;
    return 0;
}

int provision_for_pupil(struct db *db, struct arena *a, int64_t pupil_id,
                        const struct audit_entry *who, struct enrolment **ens,
                        struct provision **provs, size_t *n, struct err *e)
{
    *ens = NULL;
    *provs = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT e.id, e.provision_id FROM enrolment e JOIN provision pr ON pr.id ="
                        " e.provision_id WHERE e.pupil_id = ?1 ORDER BY pr.start_date DESC, e.id",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, pupil_id);
    int64_t *ids = NULL, *pids = NULL;
    size_t n_ids = 0, cap = 0, n_p = 0, cap_p = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        int64_t *x = arena_push(a, &ids, &n_ids, &cap, sizeof *x);
        int64_t *y = arena_push(a, &pids, &n_p, &cap_p, sizeof *y);
        if (!x || !y) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        *x = db_col_int(st, 0);
        *y = db_col_int(st, 1);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    *ens = arena_array(a, n_ids ? n_ids : 1, sizeof **ens);
    *provs = arena_array(a, n_ids ? n_ids : 1, sizeof **provs);
    if (!*ens || !*provs)
        return err_set(e, ERR_NOMEM, "out of memory");
    int64_t school = 0;
    for (size_t i = 0; i < n_ids; i++) {
        if ((rc = provision_enrolment_get(db, a, ids[i], &(*ens)[i], e)))
            return rc;
        if ((rc = db_prepare(db, &st, "SELECT " PROVISION_COLS " FROM provision p WHERE p.id = ?1",
                             e)))
            return rc;
        db_bind_int(st, 1, pids[i]);
        rc = db_step(st, e);
        if (rc == DB_ROW && read_provision(st, a, &(*provs)[i]))
            rc = err_set(e, ERR_NOMEM, "out of memory");
        db_finalize(st);
        if (rc < 0)
            return rc;
        if ((rc = load_parts(db, a, &(*provs)[i], e)))
            return rc;
        school = (*provs)[i].school_id;
    }
    *n = n_ids;
    return audit_as(db, who, "list", "provision", 0, pupil_id, school, NULL, e);
}
