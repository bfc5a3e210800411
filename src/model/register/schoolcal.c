#include "model/register/schoolcal.h"

#include <stdbool.h>
#include <stdio.h>

#include "core/problems.h"
#include "db/db.h"
#include "model/register/audit.h"

static int replace_holidays(struct db *db, int64_t school_id, const struct calendar_year *y,
                            struct err *e)
{
    char from[DATE_ISO_LEN], to[DATE_ISO_LEN];
    date_iso(schoolyear_start(y->year), from);
    date_iso(schoolyear_end(y->year), to);
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "DELETE FROM holiday WHERE school_id = ?1 AND start_date >= ?2"
                        " AND start_date <= ?3",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, from);
    db_bind_text(st, 3, to);
    rc = db_step(st, e);
    db_finalize(st);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < y->n_holidays; i++) {
        struct holiday h = y->holidays[i];
        if ((rc = schoolyear_add_holiday(db, school_id, &h, e)))
            return rc;
    }
    return 0;
}

static int audit_school(struct db *db, int64_t school_id, const char *detail,
                        const struct audit_who *who, struct err *e)
{
    struct audit_entry au = { .actor = who && who->actor ? who->actor : "unknown",
                              .action = "update",
                              .entity = "school",
                              .entity_id = school_id,
                              .school_id = school_id,
                              .detail = detail,
                              .address = who ? who->address : NULL };
    return audit_log(db, &au, e);
}

int schoolcal_set_terms(struct db *db, int64_t school_id, const struct term *terms, const bool *set,
                        const struct audit_who *who, struct err *e)
{
    char label[8], detail[64];
    schoolyear_label(terms[0].year, label, sizeof label);
    size_t len = (size_t)snprintf(detail, sizeof detail, "terms %s:", label);
    bool first = true;
    for (int i = 0; i < TERM_N && len < sizeof detail; i++)
        if (set[i]) {
            len += (size_t)snprintf(detail + len, sizeof detail - len, "%s %s", first ? "" : ",",
                                    term_names[i]);
            first = false;
        }
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    for (int i = 0; i < TERM_N && rc == 0; i++)
        if (set[i])
            rc = schoolyear_set_term(db, school_id, &terms[i], e);
    if (rc == 0)
        rc = audit_school(db, school_id, detail, who, e);
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}

int schoolcal_add_holiday(struct db *db, int64_t school_id, struct holiday *h,
                          const struct audit_who *who, struct err *e)
{
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    if ((rc = schoolyear_add_holiday(db, school_id, h, e)) == 0) {
        char s[DATE_ISO_LEN], en[DATE_ISO_LEN];
        date_iso(h->start, s);
        date_iso(h->end, en);
        char detail[280];
        snprintf(detail, sizeof detail, "holiday %s to %s: %s", s, en, h->name);
        rc = audit_school(db, school_id, detail, who, e);
    }
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}

int schoolcal_save_year(struct db *db, int64_t school_id, const struct calendar_year *y,
                        struct problems *pr, const struct audit_who *who, struct err *e)
{
    size_t before = pr->n;
    calendar_year_validate(y, pr);
    if (pr->n > before)
        return err_set(e, ERR_INPUT, "%s: %s", pr->items[before].field, pr->items[before].msg);
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    for (int i = 0; i < TERM_N && rc == 0; i++) {
        struct term t = y->terms[i];
        t.year = y->year;
        t.name = (enum term_name)i;
        rc = schoolyear_set_term(db, school_id, &t, e);
    }
    if (rc == 0)
        rc = replace_holidays(db, school_id, y, e);
    if (rc == 0) {
        char label[8], detail[96];
        schoolyear_label(y->year, label, sizeof label);
        snprintf(detail, sizeof detail, "calendar %s: 3 terms, %zu holiday%s", label, y->n_holidays,
                 y->n_holidays == 1 ? "" : "s");
        rc = audit_school(db, school_id, detail, who, e);
    }
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}
