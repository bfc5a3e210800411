#include "model/register/check.h"

#include <string.h>

#include "db/db.h"
#include "model/register/upn.h"

static int count(struct db *db, struct db_stmt *st, long *out, struct err *e)
{
    (void)db;
    int rc = db_step(st, e);
    *out = rc == DB_ROW ? (long)db_col_int(st, 0) : 0;
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* Run a query whose rows are (label, detail) findings; add each to the
 * report as a problem or a warning. */
static int findings(struct db_stmt *st, struct check_report *r, bool problem, const char *what,
                    struct err *e)
{
    int rc;
    while ((rc = db_step(st, e)) == DB_ROW) {
        const char *who = db_col_text(st, 0);
        buf_addf(&r->text, "%s: %s: %s\n", problem ? "problem" : "warning", who ? who : "?", what);
        if (problem)
            r->problems++;
        else
            r->warnings++;
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int check_run(struct db *db, struct check_report *r, struct err *e)
{
    r->problems = r->warnings = 0;
    int found = 0;
    int rc = db_integrity(db, &r->text, &found, e);
    if (rc)
        return rc;
    r->problems += found;
    if ((rc = db_schema_version(db, &r->schema, e)))
        return rc;

    struct db_stmt *st;
#define COUNT(var, sql)                                                            \
    do {                                                                           \
        if ((rc = db_prepare(db, &st, sql, e)) || (rc = count(db, st, &(var), e))) \
            return rc;                                                             \
    } while (0)
    COUNT(r->schools, "SELECT count(*) FROM school");
    COUNT(r->staff, "SELECT count(*) FROM staff");
    COUNT(r->pupils, "SELECT count(*) FROM pupil");
    COUNT(r->carers, "SELECT count(*) FROM carer");
#undef COUNT

    /* UPNs must carry a valid check letter. */
    if ((rc = db_prepare(db, &st, "SELECT upn FROM pupil WHERE erased_at IS NULL", e)))
        return rc;
    while ((rc = db_step(st, e)) == DB_ROW) {
        const char *upn = db_col_text(st, 0);
        char norm[UPN_LEN + 1], why[128];
        bool temp;
        if (upn_check(upn ? upn : "", norm, &temp, why, sizeof why) != 0) {
            buf_addf(&r->text, "problem: pupil %s: invalid UPN: %s\n", upn ? upn : "?", why);
            r->problems++;
        }
    }
    db_finalize(st);
    if (rc < 0)
        return rc;

#define FIND(problem, what, sql)                                                            \
    do {                                                                                    \
        if ((rc = db_prepare(db, &st, sql, e)) || (rc = findings(st, r, problem, what, e))) \
            return rc;                                                                      \
    } while (0)
    FIND(
        true, "the current SEN record does not match the latest entry in its SEN history",
        "SELECT 'pupil ' || p.upn FROM pupil p"
        " LEFT JOIN sen_history h ON h.id = (SELECT max(id) FROM sen_history WHERE pupil_id = p.id)"
        " WHERE p.sen_provision IS DISTINCT FROM coalesce(h.provision, 'N')"
        "    OR p.sen_primary_need IS DISTINCT FROM h.primary_need"
        "    OR p.sen_secondary_need IS DISTINCT FROM h.secondary_need");
    FIND(true, "free school meals periods overlap",
         "SELECT DISTINCT 'pupil ' || p.upn FROM fsm_period a"
         " JOIN fsm_period b ON b.pupil_id = a.pupil_id AND b.id > a.id"
         " JOIN pupil p ON p.id = a.pupil_id"
         " WHERE a.start_date <= coalesce(b.end_date, '9999-12-31')"
         "   AND b.start_date <= coalesce(a.end_date, '9999-12-31')");
    FIND(true, "SEN needs are recorded but the provision is N",
         "SELECT 'pupil ' || upn FROM pupil WHERE sen_provision = 'N'"
         " AND (sen_primary_need IS NOT NULL OR sen_secondary_need IS NOT NULL)");
    FIND(true, "is linked to a pupil at another school",
         "SELECT 'carer ' || c.id FROM pupil_carer l JOIN carer c ON c.id = l.carer_id"
         " JOIN pupil p ON p.id = l.pupil_id WHERE p.school_id <> c.school_id");
    FIND(false, "on SEN support or with an EHC plan but no primary need is recorded",
         "SELECT 'pupil ' || upn FROM pupil WHERE sen_provision IN ('K', 'E')"
         " AND sen_primary_need IS NULL");
    FIND(false, "is not linked to any pupil",
         "SELECT 'carer ' || id FROM carer c"
         " WHERE NOT EXISTS (SELECT 1 FROM pupil_carer l WHERE l.carer_id = c.id)");
    FIND(false, "is a placeholder; set its details with `meso school add --urn URN --name NAME`",
         "SELECT 'school ' || urn FROM school WHERE placeholder = 1");
#undef FIND
    return 0;
}
