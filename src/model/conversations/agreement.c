#include "model/conversations/agreement.h"

#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "db/db.h"
#include "model/register/audit.h"
#include "model/register/carer.h"
#include "model/register/leaver.h"

int agreement_validate(struct db *db, const struct agreement *ag, struct problems *pr,
                       struct err *e)
{
    if (str_blank(ag->purpose))
        problems_add(pr, "purpose", "say what the conversations are for");
    else if (strlen(ag->purpose) > 4000)
        problems_add(pr, "purpose", "keep this under 4000 characters");
    if (str_blank(ag->expected_outcomes))
        problems_add(pr, "outcomes", "say what everyone hopes will come of them");
    else if (strlen(ag->expected_outcomes) > 4000)
        problems_add(pr, "outcomes", "keep this under 4000 characters");
    struct date d;
    if (date_parse(ag->agreed_on, &d) != 0)
        problems_add(pr, "date", "give the date it was agreed (YYYY-MM-DD)");
    else if (date_cmp(d, date_today()) > 0)
        problems_add(pr, "date", "the date is in the future");
    if (ag->n_carers == 0)
        problems_add(pr, "carers", "name at least one parent or carer who agreed it");
    for (size_t i = 0; i < ag->n_carers; i++) {
        bool linked;
        int rc = carer_of_pupil(db, ag->pupil_id, ag->carer_ids[i], &linked, e);
        if (rc)
            return rc;
        if (!linked)
            problems_add(pr, "carers", "carer %lld is not one of this pupil's parents or carers",
                         (long long)ag->carer_ids[i]);
    }
    for (size_t i = 0; i < ag->n_staff; i++) {
        struct db_stmt *st;
        int rc = db_prepare(db, &st,
                            "SELECT 1 FROM staff s JOIN pupil p ON p.school_id = s.school_id"
                            " WHERE s.id = ?1 AND p.id = ?2",
                            e);
        if (rc)
            return rc;
        db_bind_int(st, 1, ag->staff_ids[i]);
        db_bind_int(st, 2, ag->pupil_id);
        rc = db_step(st, e);
        db_finalize(st);
        if (rc < 0)
            return rc;
        if (rc == DB_DONE)
            problems_add(pr, "staff", "staff member %lld does not work at the pupil's school",
                         (long long)ag->staff_ids[i]);
    }
    return 0;
}

static int add_party(struct db *db, int64_t agreement_id, int64_t carer_id, int64_t staff_id,
                     struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "INSERT INTO parent_agreement_party (agreement_id, carer_id, staff_id)"
                        " VALUES (?1, ?2, ?3)",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, agreement_id);
    db_bind_int_or_null(st, 2, carer_id, carer_id == 0);
    db_bind_int_or_null(st, 3, staff_id, staff_id == 0);
    rc = db_step(st, e);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int agreement_save(struct db *db, struct agreement *ag, const struct audit_entry *who,
                   struct err *e)
{
    char now[DATE_TS_LEN];
    date_timestamp(now);
    int rc = leaver_guard(db, ag->pupil_id, e);
    if (rc || (rc = db_begin(db, e)))
        return rc;
    struct db_stmt *st;
    rc = db_prepare(db, &st,
                    "INSERT INTO parent_agreement (pupil_id, version, purpose, expected_outcomes,"
                    " agreed_on, review_note, recorded_by, recorded_at)"
                    " SELECT ?1, 1 + coalesce(max(version), 0), ?2, ?3, ?4, ?5, ?6, ?7"
                    " FROM parent_agreement WHERE pupil_id = ?1 RETURNING id",
                    e);
    if (rc == 0) {
        db_bind_int(st, 1, ag->pupil_id);
        db_bind_text(st, 2, ag->purpose);
        db_bind_text(st, 3, ag->expected_outcomes);
        db_bind_text(st, 4, ag->agreed_on);
        db_bind_text(st, 5, str_blank(ag->review_note) ? NULL : ag->review_note);
        db_bind_text(st, 6, who && who->actor ? who->actor : "unknown");
        db_bind_text(st, 7, now);
        rc = db_step_id(st, &ag->id, e);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0) {
        if ((rc = db_prepare(db, &st, "SELECT version FROM parent_agreement WHERE id = ?1", e)) ==
            0) {
            db_bind_int(st, 1, ag->id);
            rc = db_step(st, e);
            ag->version = rc == DB_ROW ? (int)db_col_int(st, 0) : 0;
            db_finalize(st);
            rc = rc < 0 ? rc : 0;
        }
    }
    for (size_t i = 0; i < ag->n_carers && rc == 0; i++)
        rc = add_party(db, ag->id, ag->carer_ids[i], 0, e);
    for (size_t i = 0; i < ag->n_staff && rc == 0; i++)
        rc = add_party(db, ag->id, 0, ag->staff_ids[i], e);
    if (rc == 0) {
        struct audit_entry au = { .actor = who && who->actor ? who->actor : "unknown",
                                  .address = who ? who->address : NULL,
                                  .action = ag->version > 1 ? "review" : "create",
                                  .entity = "parent_agreement",
                                  .entity_id = ag->id,
                                  .pupil_id = ag->pupil_id };
        rc = audit_log(db, &au, e);
    }
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}

static int load_parties(struct db *db, struct arena *a, struct agreement *ag, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT x.carer_id, x.staff_id, CASE WHEN x.carer_id IS NOT NULL THEN"
                        " trim(coalesce(c.title || ' ', '') || coalesce(c.forename || ' ', '')"
                        " || c.surname) ELSE s.name END"
                        " FROM parent_agreement_party x LEFT JOIN carer c ON c.id = x.carer_id"
                        " LEFT JOIN staff s ON s.id = x.staff_id"
                        " WHERE x.agreement_id = ?1 ORDER BY x.carer_id, x.staff_id",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, ag->id);
    size_t cc = 0, sc = 0, cn = 0, sn = 0, ncn = 0, nsn = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        bool carer = !db_col_is_null(st, 0);
        int64_t *id = carer ? arena_push(a, &ag->carer_ids, &ag->n_carers, &cc, sizeof *id)
                            : arena_push(a, &ag->staff_ids, &ag->n_staff, &sc, sizeof *id);
        const char **name = carer ? arena_push(a, &ag->carer_names, &ncn, &cn, sizeof *name)
                                  : arena_push(a, &ag->staff_names, &nsn, &sn, sizeof *name);
        if (!id || !name) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        *id = db_col_int(st, carer ? 0 : 1);
        *name = arena_strdup(a, db_col_text(st, 2));
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static int load(struct db *db, struct arena *a, int64_t pupil_id, bool latest,
                struct agreement **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT id, version, purpose, expected_outcomes, agreed_on, review_note,"
                        " recorded_by, recorded_at FROM parent_agreement WHERE pupil_id = ?1"
                        " ORDER BY version DESC LIMIT ?2",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, pupil_id);
    db_bind_int(st, 2, latest ? 1 : INT64_MAX); /* no LIMIT -1 on PostgreSQL */
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct agreement *ag = arena_push(a, out, n, &cap, sizeof *ag);
        if (!ag) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        ag->id = db_col_int(st, 0);
        ag->pupil_id = pupil_id;
        ag->version = (int)db_col_int(st, 1);
        ag->purpose = arena_strdup(a, db_col_text(st, 2));
        ag->expected_outcomes = arena_strdup(a, db_col_text(st, 3));
        str_copy(ag->agreed_on, sizeof ag->agreed_on, db_col_text(st, 4));
        ag->review_note = arena_strdup(a, db_col_text(st, 5));
        ag->recorded_by = arena_strdup(a, db_col_text(st, 6));
        ag->recorded_at = arena_strdup(a, db_col_text(st, 7));
    }
    db_finalize(st);
    for (size_t i = 0; i < *n && rc >= 0; i++)
        rc = load_parties(db, a, &(*out)[i], e);
    return rc < 0 ? rc : 0;
}

static int audit_view(struct db *db, const struct audit_entry *who, int64_t pupil_id, struct err *e)
{
    struct audit_entry au = { .actor = who && who->actor ? who->actor : "unknown",
                              .address = who ? who->address : NULL,
                              .action = "view",
                              .entity = "parent_agreement",
                              .pupil_id = pupil_id };
    return audit_log(db, &au, e);
}

int agreement_current(struct db *db, struct arena *a, int64_t pupil_id,
                      const struct audit_entry *who, struct agreement *out, bool *found,
                      struct err *e)
{
    struct agreement *all;
    size_t n;
    int rc = load(db, a, pupil_id, true, &all, &n, e);
    if (rc)
        return rc;
    *found = n > 0;
    if (n)
        *out = all[0];
    return audit_view(db, who, pupil_id, e);
}

int agreement_history(struct db *db, struct arena *a, int64_t pupil_id,
                      const struct audit_entry *who, struct agreement **out, size_t *n,
                      struct err *e)
{
    int rc = load(db, a, pupil_id, false, out, n, e);
    if (rc)
        return rc;
    return audit_view(db, who, pupil_id, e);
}
