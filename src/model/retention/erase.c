/* erase.c - erasing a pupil's or a carer's personal data (erase.h). */
#include "model/retention/erase.h"

#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/str.h"
#include "db/db.h"
#include "model/register/audit.h"

#define MAX_CARERS 64

/* Run one statement whose one parameter ?1 is id, while rc is 0. */
#define RUN_ID(sql)                                                \
    do {                                                           \
        struct db_stmt *st_;                                       \
        if (rc == 0 && (rc = db_prepare(db, &st_, sql, e)) == 0) { \
            db_bind_int(st_, 1, id);                               \
            rc = db_step(st_, e);                                  \
            db_finalize(st_);                                      \
        }                                                          \
    } while (0)

/* A text column blanked: NULL stays NULL, anything else says it was erased. */
#define ERASED(col) col " = CASE WHEN " col " IS NULL THEN NULL ELSE '(erased)' END"

/* Every word written about pupil id, in the records that are kept. */
static int erase_pupil_words(struct db *db, int64_t id, struct err *e)
{
    int rc = 0;
    RUN_ID("UPDATE factor SET " ERASED("note") " WHERE pupil_id = ?1");
    RUN_ID("UPDATE conversation SET " ERASED("others_present") ", " ERASED("going_well") ", " ERASED("concerns") ", " ERASED("hopes") ", " ERASED("priorities") ", " ERASED("focus_area") ", " ERASED(
        "summary") ", " ERASED("next_steps") ", " ERASED("keep_in_touch") ", " ERASED("pupil_views") ", " ERASED("views_not_sought") ", " ERASED("shared_how") ", " ERASED("family_views_note") " WHERE pupil_id = ?1");
    RUN_ID("UPDATE target SET what = '(erased)', " ERASED("how_we_know") " WHERE pupil_id = ?1");
    RUN_ID("UPDATE target_review SET " ERASED(
        "note") " WHERE target_id IN (SELECT id FROM target WHERE pupil_id = ?1)");
    RUN_ID("UPDATE parent_agreement SET " ERASED("purpose") ", " ERASED(
        "expected_outcomes") ", " ERASED("review_note") " WHERE pupil_id = ?1");
    RUN_ID("UPDATE parent_view SET " ERASED("going_well") ", " ERASED("worries") ", " ERASED(
        "to_talk_about") " WHERE pupil_id = ?1");
    RUN_ID("UPDATE contact SET " ERASED("note") " WHERE pupil_id = ?1");
    RUN_ID("UPDATE conversation_scope SET " ERASED("reason") " WHERE pupil_id = ?1");
    RUN_ID("UPDATE scope_decision SET " ERASED("reason") " WHERE pupil_id = ?1");
    /* Part of a unique key: each becomes its own marker. */
    RUN_ID("UPDATE assessment SET completed_by = CASE WHEN completed_by = '' THEN '' ELSE"
           " 'erased-' || CAST(id AS TEXT) END WHERE pupil_id = ?1");
    RUN_ID("UPDATE bullying_incident SET reference = CASE WHEN reference = '' THEN '' ELSE"
           " 'erased-' || CAST(id AS TEXT) END WHERE pupil_id = ?1");
    RUN_ID("UPDATE enrolment SET " ERASED("left_reason") " WHERE pupil_id = ?1");
    RUN_ID("UPDATE reading_session SET story_id = NULL, " ERASED(
        "notes") " WHERE enrolment_id IN (SELECT id FROM enrolment WHERE pupil_id = ?1)");
    RUN_ID(
        "DELETE FROM story WHERE enrolment_id IN (SELECT id FROM enrolment WHERE pupil_id = ?1)");
    RUN_ID("UPDATE provision_review SET " ERASED("note") " WHERE pupil_id = ?1");
    RUN_ID("UPDATE involvement SET " ERASED("service_name") ", " ERASED("asked") ", " ERASED(
        "advice") " WHERE pupil_id = ?1");
    RUN_ID("DELETE FROM parent_invite WHERE pupil_id = ?1");
    /* A redaction keeps the words it holds back (migration 0017). */
    RUN_ID("DELETE FROM sar_redaction WHERE pupil_id = ?1");
    RUN_ID("UPDATE audit SET detail = '(erased)' WHERE (pupil_id = ?1"
           " OR (entity = 'pupil' AND entity_id = ?1)) AND detail IS NOT NULL"
           " AND detail <> '(erased)'");
    return rc;
}

/* The carer's names and contact details, their views, their parent account
 * and the words of the audit rows about them. */
static int erase_carer_details(struct db *db, int64_t id, const char *now, struct err *e)
{
    char key[48], gone[80], email[256] = "";
    int64_t account = 0;
    struct db_stmt *st;
    snprintf(key, sizeof key, "erased-%lld", (long long)id);
    snprintf(gone, sizeof gone, "erased-carer-%lld@erased.invalid", (long long)id);
    int rc = db_prepare(db, &st, "SELECT id, email FROM account WHERE carer_id = ?1", e);
    if (rc == 0) {
        db_bind_int(st, 1, id);
        if ((rc = db_step(st, e)) == DB_ROW) {
            account = db_col_int(st, 0);
            snprintf(email, sizeof email, "%s", db_col_text(st, 1));
        }
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0 && (rc = db_prepare(db, &st,
                                    "UPDATE carer SET match_key = ?2, mis_id = NULL, title = NULL,"
                                    " forename = NULL, surname = 'Erased', phone_mobile = NULL,"
                                    " phone_home = NULL, phone_work = NULL, email = NULL,"
                                    " address_line1 = NULL, address_line2 = NULL, town = NULL,"
                                    " postcode = NULL, preferred_language = NULL,"
                                    " access_needs = NULL, erased_at = ?3, updated_at = ?3"
                                    " WHERE id = ?1",
                                    e)) == 0) {
        db_bind_int(st, 1, id);
        db_bind_text(st, 2, key);
        db_bind_text(st, 3, now);
        rc = db_step(st, e);
        db_finalize(st);
    }
    RUN_ID("UPDATE parent_view SET " ERASED("going_well") ", " ERASED("worries") ", " ERASED(
        "to_talk_about") " WHERE carer_id = ?1");
    RUN_ID("DELETE FROM parent_invite WHERE carer_id = ?1");
    RUN_ID("DELETE FROM session WHERE account_id IN (SELECT id FROM account WHERE carer_id = ?1)");
    RUN_ID("DELETE FROM recovery_code WHERE account_id IN"
           " (SELECT id FROM account WHERE carer_id = ?1)");
    RUN_ID("UPDATE audit SET detail = '(erased)' WHERE entity = 'carer' AND entity_id = ?1"
           " AND detail IS NOT NULL AND detail <> '(erased)'");
    if (rc == 0 && email[0] &&
        (rc = db_prepare(db, &st,
                         "UPDATE audit SET actor = '(erased)' WHERE actor = 'user:' || CAST(?1 AS "
                         "TEXT) OR (entity = 'account' AND entity_id = ?2 AND detail IS NOT NULL"
                         " AND detail <> '(erased)')",
                         e)) == 0) {
        db_bind_text(st, 1, email);
        db_bind_int(st, 2, account);
        rc = db_step(st, e);
        db_finalize(st);
    }
    if (rc == 0 && account &&
        (rc = db_prepare(db, &st,
                         "UPDATE audit SET detail = '(erased)' WHERE entity = 'account'"
                         " AND entity_id = ?1 AND detail IS NOT NULL AND detail <> '(erased)'",
                         e)) == 0) {
        db_bind_int(st, 1, account);
        rc = db_step(st, e);
        db_finalize(st);
    }
    if (rc == 0 && email[0] &&
        (rc = db_prepare(db, &st, "DELETE FROM login_attempt WHERE lower(email) = lower(?1)", e)) ==
            0) {
        db_bind_text(st, 1, email);
        rc = db_step(st, e);
        db_finalize(st);
    }
    if (rc == 0 && account &&
        (rc = db_prepare(db, &st,
                         "UPDATE account SET email = ?2, display_name = 'Erased',"
                         " password_hash = NULL, totp_secret = NULL, totp_enabled = 0,"
                         " disabled = 1 WHERE id = ?1",
                         e)) == 0) {
        db_bind_int(st, 1, account);
        db_bind_text(st, 2, gone);
        rc = db_step(st, e);
        db_finalize(st);
    }
    return rc;
}

static int check_reason(const char *reason, struct err *e)
{
    if (str_blank(reason))
        return err_set(e, ERR_INPUT,
                       "reason: say why the record is erased (a retention review, a request to "
                       "erase, ...)");
    if (strlen(reason) > 500)
        return err_set(e, ERR_INPUT, "reason: at most 500 characters");
    return 0;
}

/* Best effort: the erasure stands whatever the scrub does. */
static void scrub(struct db *db, struct erase_result *r)
{
    struct err e;
    err_clear(&e);
    r->scrubbed = db_scrub(db, &e) == 0;
    if (!r->scrubbed)
        snprintf(r->scrub_note, sizeof r->scrub_note, "%.200s", e.msg);
}

/* The carers linked to pupil id alone (no other pupil who is not erased). */
static int lone_carers(struct db *db, int64_t id, int64_t *v, int *n, struct err *e)
{
    struct db_stmt *st;
    *n = 0;
    int rc = db_prepare(db, &st,
                        "SELECT pc.carer_id FROM pupil_carer pc WHERE pc.pupil_id = ?1"
                        " AND NOT EXISTS (SELECT 1 FROM pupil_carer o JOIN pupil q"
                        "   ON q.id = o.pupil_id WHERE o.carer_id = pc.carer_id"
                        "   AND o.pupil_id <> ?1 AND q.erased_at IS NULL)"
                        " ORDER BY pc.carer_id",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    while ((rc = db_step(st, e)) == DB_ROW && *n < MAX_CARERS)
        v[(*n)++] = db_col_int(st, 0);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* The pupil's upn and day of birth; ERR_CONFLICT unless they have left and
 * are not erased. */
static int pupil_erasable(struct db *db, int64_t school_id, int64_t id, char upn[16],
                          char dob[DATE_ISO_LEN], struct err *e)
{
    struct db_stmt *st;
    char today[DATE_ISO_LEN];
    date_iso(date_today(), today);
    int rc = db_prepare(db, &st,
                        "SELECT upn, dob, leaving_date, erased_at FROM pupil"
                        " WHERE id = ?1 AND school_id = ?2",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, school_id);
    rc = db_step(st, e);
    if (rc == DB_DONE)
        rc = err_set(e, ERR_NOTFOUND, "there is no such pupil at this school");
    else if (rc == DB_ROW && !db_col_is_null(st, 3))
        rc = err_set(e, ERR_CONFLICT, "this pupil's record was erased already");
    else if (rc == DB_ROW && (db_col_is_null(st, 2) || strcmp(db_col_text(st, 2), today) > 0))
        rc = err_set(e, ERR_CONFLICT,
                     "this pupil has not left: only a leaver's record can be erased (record "
                     "their leaving date first)");
    else if (rc == DB_ROW) {
        snprintf(upn, 16, "%s", db_col_text(st, 0));
        snprintf(dob, DATE_ISO_LEN, "%.7s-01", db_col_text(st, 1));
        rc = 0;
    }
    db_finalize(st);
    return rc;
}

static int erase_pupil_identity(struct db *db, int64_t id, const char *dob, const char *now,
                                struct err *e)
{
    char upn[16];
    struct db_stmt *st;
    snprintf(upn, sizeof upn, "ERASED%07lld", (long long)(id % 10000000));
    int rc = db_prepare(db, &st,
                        "UPDATE pupil SET upn = ?2, upn_temporary = 1, former_upn = NULL,"
                        " legal_surname = 'Erased', legal_forename = 'Pupil',"
                        " preferred_surname = NULL, preferred_forename = NULL, dob = ?3,"
                        " first_language = NULL, erased_at = ?4, updated_at = ?4 WHERE id = ?1",
                        e);
    if (rc == 0) {
        db_bind_int(st, 1, id);
        db_bind_text(st, 2, upn);
        db_bind_text(st, 3, dob);
        db_bind_text(st, 4, now);
        rc = db_step(st, e);
        db_finalize(st);
    }
    return rc;
}

/* Stories deleted and uploads that list the pupil (by UPN). */
static int erase_documents(struct db *db, int64_t school_id, int64_t id, const char *upn,
                           struct erase_result *r, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT count(*) FROM story WHERE enrolment_id IN"
                        " (SELECT id FROM enrolment WHERE pupil_id = ?1)",
                        e);
    if (rc == 0) {
        db_bind_int(st, 1, id);
        if ((rc = db_step(st, e)) == DB_ROW)
            r->stories = (int)db_col_int(st, 0);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0 && (rc = db_prepare(db, &st,
                                    "DELETE FROM import_upload WHERE school_id = ?1"
                                    " AND content LIKE '%' || CAST(?2 AS TEXT) || '%'",
                                    e)) == 0) {
        db_bind_int(st, 1, school_id);
        db_bind_text(st, 2, upn);
        rc = db_step(st, e);
        r->uploads = db_changes(db);
        db_finalize(st);
    }
    return rc;
}

int erase_pupil(struct db *db, const struct audit_who *who, int64_t school_id, int64_t pupil_id,
                const char *reason, struct erase_result *r, struct err *e)
{
    char upn[16], dob[DATE_ISO_LEN], now[DATE_TS_LEN], detail[700];
    int64_t carers[MAX_CARERS];
    int n_carers = 0;
    *r = (struct erase_result){ 0 };
    date_timestamp(now);
    int rc = check_reason(reason, e);
    if (rc || (rc = db_begin(db, e)))
        return rc;
    rc = pupil_erasable(db, school_id, pupil_id, upn, dob, e);
    if (rc == 0)
        rc = lone_carers(db, pupil_id, carers, &n_carers, e);
    if (rc == 0)
        rc = erase_documents(db, school_id, pupil_id, upn, r, e);
    if (rc == 0)
        rc = erase_pupil_words(db, pupil_id, e);
    if (rc == 0)
        rc = erase_pupil_identity(db, pupil_id, dob, now, e);
    for (int i = 0; rc == 0 && i < n_carers; i++)
        rc = erase_carer_details(db, carers[i], now, e);
    r->carers = n_carers;
    snprintf(detail, sizeof detail,
             "erased this pupil's names, UPN, day of birth and written records, %d carer%s "
             "linked to them alone, %d stor%s and %d uploaded file%s; reason: %s",
             n_carers, n_carers == 1 ? "" : "s", r->stories, r->stories == 1 ? "y" : "ies",
             r->uploads, r->uploads == 1 ? "" : "s", reason);
    struct audit_entry as = { .actor = who ? who->actor : NULL,
                              .address = who ? who->address : NULL };
    if (rc == 0)
        rc = audit_as(db, &as, "erase", "pupil", pupil_id, pupil_id, school_id, detail, e);
    if (rc == 0)
        rc = db_commit(db, e);
    else
        db_rollback(db);
    if (rc == 0)
        scrub(db, r);
    return rc;
}

int erase_carer(struct db *db, const struct audit_who *who, int64_t school_id, int64_t carer_id,
                const char *reason, struct erase_result *r, struct err *e)
{
    char now[DATE_TS_LEN], today[DATE_ISO_LEN], detail[700];
    struct db_stmt *st;
    *r = (struct erase_result){ 0 };
    date_timestamp(now);
    date_iso(date_today(), today);
    int rc = check_reason(reason, e);
    if (rc || (rc = db_begin(db, e)))
        return rc;
    rc = db_prepare(db, &st,
                    "SELECT c.erased_at, (SELECT count(*) FROM pupil_carer pc JOIN pupil p"
                    "   ON p.id = pc.pupil_id WHERE pc.carer_id = c.id AND p.erased_at IS NULL"
                    "   AND (p.leaving_date IS NULL OR p.leaving_date > ?3))"
                    " FROM carer c WHERE c.id = ?1 AND c.school_id = ?2",
                    e);
    if (rc == 0) {
        db_bind_int(st, 1, carer_id);
        db_bind_int(st, 2, school_id);
        db_bind_text(st, 3, today);
        rc = db_step(st, e);
        if (rc == DB_DONE)
            rc = err_set(e, ERR_NOTFOUND, "there is no such carer at this school");
        else if (rc == DB_ROW && !db_col_is_null(st, 0))
            rc = err_set(e, ERR_CONFLICT, "this carer's details were erased already");
        else if (rc == DB_ROW && db_col_int(st, 1) > 0)
            rc = err_set(e, ERR_CONFLICT,
                         "this carer is linked to a pupil still on roll: their details are "
                         "still needed");
        else if (rc == DB_ROW)
            rc = 0;
        db_finalize(st);
    }
    if (rc == 0)
        rc = erase_carer_details(db, carer_id, now, e);
    snprintf(detail, sizeof detail,
             "erased this carer's names, contact details, views and account; reason: %s", reason);
    struct audit_entry as = { .actor = who ? who->actor : NULL,
                              .address = who ? who->address : NULL };
    if (rc == 0)
        rc = audit_as(db, &as, "erase", "carer", carer_id, 0, school_id, detail, e);
    if (rc == 0)
        rc = db_commit(db, e);
    else
        db_rollback(db);
    if (rc == 0) {
        r->carers = 1;
        scrub(db, r);
    }
    return rc;
}
