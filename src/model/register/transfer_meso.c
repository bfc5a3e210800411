/* transfer_meso.c - the family's agreement and the history received
 * (transfer_meso.h). */
#include "model/register/transfer_meso.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "db/db.h"
#include "model/register/audit.h"
#include "model/register/carer.h"

int transfer_consent_add(struct db *db, const struct audit_entry *who, int64_t school_id,
                         int64_t pupil_id, int64_t carer_id, const char *given_on, const char *how,
                         int64_t *id, struct err *e)
{
    struct date d;
    if (!given_on || date_parse(given_on, &d) != 0)
        return err_set(e, ERR_INPUT, "given_on: give the day the family agreed, as YYYY-MM-DD");
    if (date_cmp(d, date_today()) > 0)
        return err_set(e, ERR_INPUT, "given_on: the day is in the future");
    if (!how || !*how || strlen(how) > 300)
        return err_set(e, ERR_INPUT,
                       "how: say how the family agreed (a signed form, at a meeting), in at most "
                       "300 characters");
    int rc;
    if (carer_id) {
        bool theirs = false;
        if ((rc = carer_of_pupil(db, pupil_id, carer_id, &theirs, e)))
            return rc;
        if (!theirs)
            return err_set(e, ERR_INPUT, "carer: %lld is not one of the child's carers",
                           (long long)carer_id);
    }
    char now[DATE_TS_LEN], iso[11];
    date_timestamp(now);
    date_iso(d, iso);
    if ((rc = db_begin(db, e)))
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db, &st,
                         "INSERT INTO transfer_consent (school_id, pupil_id, carer_id, given_on,"
                         " how, recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                         " RETURNING id",
                         e)))
        goto fail;
    db_bind_int(st, 1, school_id);
    db_bind_int(st, 2, pupil_id);
    db_bind_int_or_null(st, 3, carer_id, carer_id == 0);
    db_bind_text(st, 4, iso);
    db_bind_text(st, 5, how);
    db_bind_text(st, 6, who && who->actor ? who->actor : "unknown");
    db_bind_text(st, 7, now);
    rc = db_step_id(st, id, e);
    db_finalize(st);
    if (rc < 0)
        goto fail;
    char detail[64];
    snprintf(detail, sizeof detail, "the family agreed on %s", iso);
    if ((rc = audit_as(db, who, "consent", "transfer", *id, pupil_id, school_id, detail, e)))
        goto fail;
    return db_commit(db, e);
fail:
    db_rollback(db);
    return rc;
}

int transfer_consent_find(struct db *db, struct arena *a, int64_t pupil_id,
                          struct transfer_consent *out, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT t.id, t.carer_id, t.given_on, t.how, t.recorded_by, t.recorded_at,"
                        " c.title, c.forename, c.surname, pc.relationship"
                        " FROM transfer_consent t LEFT JOIN carer c ON c.id = t.carer_id"
                        " LEFT JOIN pupil_carer pc ON pc.carer_id = t.carer_id"
                        " AND pc.pupil_id = t.pupil_id"
                        " WHERE t.pupil_id = ?1 AND t.withdrawn_at IS NULL ORDER BY t.id DESC",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, pupil_id);
    rc = db_step(st, e);
    if (rc == DB_ROW) {
        const char *fn = db_col_text(st, 7), *sn = db_col_text(st, 8), *rel = db_col_text(st, 9);
        *out = (struct transfer_consent){
            .id = db_col_int(st, 0),
            .pupil_id = pupil_id,
            .carer_id = db_col_int(st, 1),
            .given_on = arena_strdup(a, db_col_text(st, 2)),
            .how = arena_strdup(a, db_col_text(st, 3)),
            .recorded_by = arena_strdup(a, db_col_text(st, 4)),
            .recorded_at = arena_strdup(a, db_col_text(st, 5)),
            .who = sn ? arena_sprintf(a, "%s %s%s%s%s", fn ? fn : "", sn, rel ? " (" : "",
                                      rel ? rel : "", rel ? ")" : "")
                      : NULL,
        };
        rc = 0;
    } else if (rc == DB_DONE) {
        rc = ERR_NOTFOUND;
    }
    db_finalize(st);
    return rc;
}

const char *transfer_consent_words(struct arena *a, const struct transfer_consent *c)
{
    return arena_sprintf(a, "Agreed by %s on %s: %s; recorded by %s",
                         c->who ? c->who : "the family", c->given_on, c->how, c->recorded_by);
}

int transfer_history_add(struct db *db, const struct audit_entry *who, int64_t school_id,
                         int64_t pupil_id, const struct transfer_history *h, struct err *e)
{
    /* The same record from the same school (a file read twice): kept once. */
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT count(*) FROM transfer_history WHERE pupil_id = ?1"
                        " AND record = ?2 AND CASE WHEN from_urn IS NULL THEN '' ELSE from_urn"
                        " END = CASE WHEN CAST(?3 AS TEXT) IS NULL THEN '' ELSE ?3 END",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, pupil_id);
    db_bind_text(st, 2, h->record);
    db_bind_text(st, 3, h->from_urn);
    rc = db_step(st, e);
    int64_t seen = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (seen)
        return 0;
    char now[DATE_TS_LEN];
    date_timestamp(now);
    rc = db_prepare(db, &st,
                    "INSERT INTO transfer_history (school_id, pupil_id, from_urn, from_name,"
                    " sent_at, consent, record, received_by, received_at)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
                    e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_int(st, 2, pupil_id);
    db_bind_text(st, 3, h->from_urn);
    db_bind_text(st, 4, h->from_name);
    db_bind_text(st, 5, h->sent_at);
    db_bind_text(st, 6, h->consent);
    db_bind_text(st, 7, h->record);
    db_bind_text(st, 8, who && who->actor ? who->actor : "unknown");
    db_bind_text(st, 9, now);
    int64_t id = 0;
    rc = db_step_id(st, &id, e);
    db_finalize(st);
    if (rc < 0)
        return rc;
    char detail[96];
    snprintf(detail, sizeof detail, "meso's record from school %.12s",
             h->from_urn ? h->from_urn : "(not given)");
    return audit_as(db, who, "receive", "transfer_history", id, pupil_id, school_id, detail, e);
}

int transfer_history_list(struct db *db, struct arena *a, int64_t pupil_id,
                          struct transfer_history **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT id, from_urn, from_name, sent_at, consent, record, received_by,"
                        " received_at FROM transfer_history WHERE pupil_id = ?1 ORDER BY id",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, pupil_id);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct transfer_history *h = arena_push(a, out, n, &cap, sizeof *h);
        if (!h) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        h->id = db_col_int(st, 0);
        h->pupil_id = pupil_id;
        h->from_urn = arena_strdup(a, db_col_text(st, 1));
        h->from_name = arena_strdup(a, db_col_text(st, 2));
        h->sent_at = arena_strdup(a, db_col_text(st, 3));
        h->consent = arena_strdup(a, db_col_text(st, 4));
        h->record = arena_strdup(a, db_col_text(st, 5));
        h->received_by = arena_strdup(a, db_col_text(st, 6));
        h->received_at = arena_strdup(a, db_col_text(st, 7));
    }
    db_finalize(st);
    return rc == DB_DONE ? 0 : rc;
}
