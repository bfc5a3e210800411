/* retention.c - retention periods and the review of leavers (retention.h). */
#include "model/retention/retention.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/date.h"
#include "db/db.h"
#include "model/register/audit.h"

int retention_kinds(struct db *db, struct arena *a, int64_t school_id, struct retention_kind **out,
                    size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT d.kind, d.label, d.counted_from, d.applies_to, d.source, d.years,"
                        " d.unsure, p.years FROM retention_default d"
                        " LEFT JOIN retention_period p ON p.kind = d.kind AND p.school_id = ?1"
                        " ORDER BY d.position",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    struct retention_kind *v = arena_array(a, 16, sizeof *v);
    if (!v) {
        db_finalize(st);
        return err_set(e, ERR_NOMEM, "out of memory");
    }
    while (*n < 16 && (rc = db_step(st, e)) == DB_ROW) {
        struct retention_kind *k = &v[(*n)++];
        k->kind = arena_strdup(a, db_col_text(st, 0));
        k->label = arena_strdup(a, db_col_text(st, 1));
        k->counted_from = arena_strdup(a, db_col_text(st, 2));
        k->applies_to = arena_strdup(a, db_col_text(st, 3));
        k->source = arena_strdup(a, db_col_text(st, 4));
        k->default_years = (int)db_col_int(st, 5);
        k->unsure = db_col_int(st, 6) != 0;
        k->own = !db_col_is_null(st, 7);
        k->years = k->own ? (int)db_col_int(st, 7) : k->default_years;
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    *out = v;
    return 0;
}

int retention_set(struct db *db, const struct audit_who *who, int64_t school_id, const char *kind,
                  int years, struct err *e)
{
    if (years < 0 || years > 100)
        return err_set(e, ERR_INPUT, "years: a period is 0 to 100 years");
    struct db_stmt *st;
    char now[DATE_TS_LEN], detail[160];
    date_timestamp(now);
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    rc = db_prepare(db, &st, "SELECT years FROM retention_default WHERE kind = ?1", e);
    int default_years = -1;
    if (rc == 0) {
        db_bind_text(st, 1, kind);
        if ((rc = db_step(st, e)) == DB_ROW)
            default_years = (int)db_col_int(st, 0);
        db_finalize(st);
    }
    if (rc >= 0 && default_years < 0)
        rc = err_set(e, ERR_INPUT, "kind: there is no kind of record called %s", kind);
    if (rc >= 0)
        rc = db_prepare(db, &st,
                        "INSERT INTO retention_period (school_id, kind, years, set_by, set_at)"
                        " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (school_id, kind) DO UPDATE"
                        " SET years = excluded.years, set_by = excluded.set_by,"
                        " set_at = excluded.set_at",
                        e);
    if (rc == 0) {
        db_bind_int(st, 1, school_id);
        db_bind_text(st, 2, kind);
        db_bind_int(st, 3, years);
        db_bind_text(st, 4, who && who->actor ? who->actor : "unknown");
        db_bind_text(st, 5, now);
        rc = db_step(st, e);
        db_finalize(st);
    }
    snprintf(detail, sizeof detail, "retention of %s set to %d years (meso's default %d)", kind,
             years, default_years);
    struct audit_entry as = { .actor = who ? who->actor : NULL,
                              .address = who ? who->address : NULL };
    if (rc == 0)
        rc = audit_as(db, &as, "retention", "school", school_id, 0, school_id, detail, e);
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}

/* from + years, as ISO text (29 February becomes 28 February). */
static void add_years(const char *from, int years, char out[DATE_ISO_LEN])
{
    struct date d;
    if (date_parse(from, &d) != 0) {
        snprintf(out, DATE_ISO_LEN, "%s", "9999-12-31");
        return;
    }
    d.y += years;
    if (!date_valid(d))
        d.d = 28;
    date_iso(d, out);
}

/* The kinds past their period for one leaver: the list into past, the latest
 * due date into until; true when every kind that applies is past. */
static bool judge(const struct retention_kind *k, size_t nk, const char *dob, const char *left,
                  bool sen, bool programme, const char *today, struct buf *past,
                  char until[DATE_ISO_LEN])
{
    bool whole = true;
    until[0] = '\0';
    for (size_t i = 0; i < nk; i++) {
        if ((!strcmp(k[i].applies_to, "sen") && !sen) ||
            (!strcmp(k[i].applies_to, "programme") && !programme))
            continue;
        char due[DATE_ISO_LEN];
        add_years(strcmp(k[i].counted_from, "birth") ? left : dob, k[i].years, due);
        if (strcmp(due, until) > 0)
            memcpy(until, due, DATE_ISO_LEN);
        if (strcmp(due, today) <= 0)
            buf_addf(past, "%s%s", past->len ? ", " : "", k[i].kind);
        else
            whole = false;
    }
    return whole;
}

int retention_review(struct db *db, struct arena *a, const struct audit_who *who, int64_t school_id,
                     const char *today, struct retention_due **out, size_t *n, struct err *e)
{
    struct retention_kind *k;
    size_t nk, cap = 64;
    *out = NULL;
    *n = 0;
    int rc = retention_kinds(db, a, school_id, &k, &nk, e);
    if (rc)
        return rc;
    struct db_stmt *st;
    rc = db_prepare(db, &st,
                    "SELECT p.id, p.upn, p.legal_forename || ' ' || p.legal_surname, p.dob,"
                    " p.leaving_date,"
                    " CASE WHEN p.sen_provision <> 'N' OR EXISTS (SELECT 1 FROM sen_history h"
                    "   WHERE h.pupil_id = p.id AND h.provision <> 'N') THEN 1 ELSE 0 END,"
                    " CASE WHEN EXISTS (SELECT 1 FROM enrolment r WHERE r.pupil_id = p.id)"
                    "   THEN 1 ELSE 0 END"
                    " FROM pupil p WHERE p.school_id = ?1 AND p.erased_at IS NULL"
                    " AND p.leaving_date IS NOT NULL AND p.leaving_date <= ?2"
                    " ORDER BY p.leaving_date, p.id",
                    e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, today);
    struct retention_due *v = arena_array(a, cap, sizeof *v);
    struct buf past;
    buf_init(&past, 4096);
    while (v && (rc = db_step(st, e)) == DB_ROW) {
        char until[DATE_ISO_LEN];
        buf_reset(&past);
        bool whole = judge(k, nk, db_col_text(st, 3), db_col_text(st, 4), db_col_int(st, 5) != 0,
                           db_col_int(st, 6) != 0, today, &past, until);
        if (past.len == 0)
            continue;
        if (*n == cap) {
            struct retention_due *w = arena_array(a, cap * 2, sizeof *w);
            if (w)
                memcpy(w, v, cap * sizeof *v);
            v = w;
            cap *= 2;
            if (!v)
                break;
        }
        v[*n] = (struct retention_due){ .pupil_id = db_col_int(st, 0),
                                        .upn = arena_strdup(a, db_col_text(st, 1)),
                                        .name = arena_strdup(a, db_col_text(st, 2)),
                                        .dob = arena_strdup(a, db_col_text(st, 3)),
                                        .leaving_date = arena_strdup(a, db_col_text(st, 4)),
                                        .past = arena_strdup(a, buf_str(&past)),
                                        .until = arena_strdup(a, until),
                                        .whole = whole };
        (*n)++;
    }
    db_finalize(st);
    buf_release(&past);
    if (!v)
        return err_set(e, ERR_NOMEM, "out of memory");
    if (rc < 0)
        return rc;
    /* The whole records first (in leaving order, as read). */
    size_t w = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = w; i < *n; i++)
            if (v[i].whole == (pass == 0)) {
                struct retention_due t = v[w];
                v[w++] = v[i];
                v[i] = t;
            }
    *out = v;
    char detail[96];
    snprintf(detail, sizeof detail, "retention review: %zu leavers with records past their period",
             *n);
    struct audit_entry as = { .actor = who ? who->actor : NULL,
                              .address = who ? who->address : NULL };
    return audit_as(db, &as, "list", "pupil", 0, 0, school_id, detail, e);
}
