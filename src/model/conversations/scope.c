#include "model/conversations/scope.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "db/db.h"
#include "model/conversations/conversation.h"
#include "model/register/audit.h"
#include "model/register/leaver.h"

const char *const slot_state_names[] = { "held", "due", "overdue", "upcoming", NULL };

void scope_default_plan(int n, enum term_name *out)
{
    for (int i = 0; i < n; i++) {
        int t = n > 0 ? 3 * i / n : 0;
        out[i] = (enum term_name)(t > TERM_SUMMER ? TERM_SUMMER : t);
    }
}

int scope_slot_states(const struct term terms[TERM_N], const enum term_name *due, size_t n,
                      const int held_in_term[TERM_N], struct date today, enum slot_state *out)
{
    int current = schoolyear_term_for(terms, today);
    bool year_over = date_cmp(today, terms[TERM_SUMMER].end) > 0;
    int left[TERM_N], filled = 0;
    memcpy(left, held_in_term, sizeof left);
    for (size_t i = 0; i < n; i++) {
        if ((unsigned)due[i] < TERM_N && left[due[i]] > 0) {
            left[due[i]]--;
            filled++;
            out[i] = SLOT_HELD;
        } else if (date_cmp(today, terms[due[i]].end) > 0)
            out[i] = SLOT_OVERDUE;
        else if ((int)due[i] == current && !year_over)
            out[i] = SLOT_DUE;
        else
            out[i] = SLOT_UPCOMING;
    }
    return filled;
}

static int audit(struct db *db, const struct audit_entry *who, const char *action, int64_t pupil_id,
                 const char *detail, struct err *e)
{
    struct audit_entry au = { .actor = who && who->actor ? who->actor : "unknown",
                              .address = who ? who->address : NULL,
                              .action = action,
                              .entity = "conversation_scope",
                              .entity_id = pupil_id,
                              .pupil_id = pupil_id,
                              .detail = detail };
    return audit_log(db, &au, e);
}

static int decide(struct db *db, int64_t pupil_id, bool include, const char *reason,
                  const struct audit_entry *who, struct err *e)
{
    if (str_blank(reason))
        return err_set(e, ERR_INPUT, "reason: say why, in a few words");
    if (strlen(reason) > 500)
        return err_set(e, ERR_INPUT, "reason: keep it under 500 characters");
    char now[DATE_TS_LEN];
    date_timestamp(now);
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    struct db_stmt *st;
    rc = db_prepare(db, &st,
                    "INSERT INTO conversation_scope (pupil_id, included, reason, decided_by,"
                    " decided_at) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (pupil_id) DO UPDATE"
                    " SET included = excluded.included, reason = excluded.reason,"
                    " decided_by = excluded.decided_by, decided_at = excluded.decided_at",
                    e);
    if (rc == 0) {
        db_bind_int(st, 1, pupil_id);
        db_bind_int(st, 2, include);
        db_bind_text(st, 3, reason);
        db_bind_text(st, 4, who && who->actor ? who->actor : "unknown");
        db_bind_text(st, 5, now);
        rc = db_step(st, e);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0 && (rc = db_prepare(db, &st,
                                    "INSERT INTO scope_decision (pupil_id, included, reason,"
                                    " decided_on, decided_by, decided_at)"
                                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                    e)) == 0) {
        char on[DATE_ISO_LEN];
        date_iso(date_today(), on);
        db_bind_int(st, 1, pupil_id);
        db_bind_int(st, 2, include);
        db_bind_text(st, 3, reason);
        db_bind_text(st, 4, on);
        db_bind_text(st, 5, who && who->actor ? who->actor : "unknown");
        db_bind_text(st, 6, now);
        rc = db_step(st, e);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0)
        rc = audit(db, who, include ? "scope add" : "scope remove", pupil_id, reason, e);
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}

int scope_add(struct db *db, int64_t pupil_id, const char *reason, const struct audit_entry *who,
              struct err *e)
{
    int rc = leaver_guard(db, pupil_id, e);
    return rc ? rc : decide(db, pupil_id, true, reason, who, e);
}

int scope_remove(struct db *db, int64_t pupil_id, const char *reason, const struct audit_entry *who,
                 struct err *e)
{
    int rc = leaver_guard(db, pupil_id, e);
    return rc ? rc : decide(db, pupil_id, false, reason, who, e);
}

int scope_contains(struct db *db, int64_t pupil_id, bool *in, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT CASE WHEN " SCOPE_IN_SQL " THEN 1 ELSE 0 END"
                        " FROM pupil p LEFT JOIN conversation_scope s ON s.pupil_id = p.id"
                        " WHERE p.id = ?1",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, pupil_id);
    rc = db_step(st, e);
    *in = rc == DB_ROW && db_col_int(st, 0) != 0;
    db_finalize(st);
    if (rc == DB_DONE)
        return err_set(e, ERR_NOTFOUND, "there is no pupil %lld", (long long)pupil_id);
    return rc < 0 ? rc : 0;
}

int scope_counts(struct db *db, int64_t school_id, long *in_scope, long *no_key_teacher,
                 struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT count(*),"
                        " coalesce(sum(CASE WHEN p.key_teacher_id IS NULL THEN 1 ELSE 0 END), 0)"
                        " FROM pupil p LEFT JOIN conversation_scope s ON s.pupil_id = p.id"
                        " WHERE p.school_id = ?1 AND p.leaving_date IS NULL"
                        "   AND coalesce(s.included,"
                        "     CASE WHEN p.sen_provision IN ('K', 'E') THEN 1 ELSE 0 END) = 1",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    rc = db_step(st, e);
    *in_scope = rc == DB_ROW ? (long)db_col_int(st, 0) : 0;
    *no_key_teacher = rc == DB_ROW ? (long)db_col_int(st, 1) : 0;
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int scope_set_plan(struct db *db, int64_t pupil_id, int year, int n, const enum term_name *terms,
                   const struct audit_entry *who, struct err *e)
{
    int guard = leaver_guard(db, pupil_id, e);
    if (guard)
        return guard;
    if (n < 1 || n > SCOPE_MAX_PLANNED)
        return err_set(e, ERR_INPUT, "plan between 1 and %d conversations a year",
                       SCOPE_MAX_PLANNED);
    enum term_name spread[SCOPE_MAX_PLANNED];
    if (!terms) {
        scope_default_plan(n, spread);
        terms = spread;
    }
    for (int i = 0; i < n; i++) {
        if ((unsigned)terms[i] >= TERM_N)
            return err_set(e, ERR_INPUT, "terms: use autumn, spring or summer");
        if (i > 0 && terms[i] < terms[i - 1])
            return err_set(e, ERR_INPUT, "terms: list the terms in order through the year");
    }
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    struct db_stmt *st;
    rc = db_prepare(db, &st, "DELETE FROM conversation_plan WHERE pupil_id = ?1 AND year = ?2", e);
    if (rc == 0) {
        db_bind_int(st, 1, pupil_id);
        db_bind_int(st, 2, year);
        rc = db_step(st, e);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    for (int i = 0; i < n && rc == 0; i++) {
        if ((rc = db_prepare(db, &st,
                             "INSERT INTO conversation_plan (pupil_id, year, seq, term)"
                             " VALUES (?1, ?2, ?3, ?4)",
                             e)))
            break;
        db_bind_int(st, 1, pupil_id);
        db_bind_int(st, 2, year);
        db_bind_int(st, 3, i + 1);
        db_bind_text(st, 4, term_names[terms[i]]);
        rc = db_step(st, e);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0) {
        char detail[64];
        snprintf(detail, sizeof detail, "%d conversations in %d", n, year);
        rc = audit(db, who, "plan", pupil_id, detail, e);
    }
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}

int scope_plan(struct db *db, int64_t pupil_id, int year, enum term_name *out, size_t *n,
               bool *is_set, struct err *e)
{
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT term FROM conversation_plan WHERE pupil_id = ?1 AND year = ?2"
                        " ORDER BY seq",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, pupil_id);
    db_bind_int(st, 2, year);
    while ((rc = db_step(st, e)) == DB_ROW && *n < SCOPE_MAX_PLANNED) {
        enum term_name t;
        if (schoolyear_parse_term(db_col_text(st, 0), &t) == 0)
            out[(*n)++] = t;
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    *is_set = *n > 0;
    if (!*is_set) {
        *n = 3;
        scope_default_plan(3, out);
    }
    return 0;
}

int scope_key_teacher(struct db *db, int64_t pupil_id, int64_t *staff_id, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st, "SELECT key_teacher_id FROM pupil WHERE id = ?1", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, pupil_id);
    rc = db_step(st, e);
    *staff_id = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_finalize(st);
    if (rc == DB_DONE)
        return err_set(e, ERR_NOTFOUND, "there is no pupil %lld", (long long)pupil_id);
    return rc < 0 ? rc : 0;
}

int scope_set_key_teacher(struct db *db, int64_t pupil_id, int64_t staff_id,
                          const struct audit_entry *who, struct err *e)
{
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    struct db_stmt *st;
    rc = db_prepare(db, &st, "UPDATE pupil SET key_teacher_id = ?1 WHERE id = ?2", e);
    if (rc == 0) {
        db_bind_int_or_null(st, 1, staff_id, staff_id == 0);
        db_bind_int(st, 2, pupil_id);
        rc = db_step(st, e);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0) {
        struct audit_entry au = { .actor = who && who->actor ? who->actor : "unknown",
                                  .address = who ? who->address : NULL,
                                  .action = "update",
                                  .entity = "pupil",
                                  .entity_id = pupil_id,
                                  .pupil_id = pupil_id,
                                  .detail = "key teacher" };
        rc = audit_log(db, &au, e);
    }
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}

/* The scope as it was on ?6 (see scope_filter.as_of), over a pupil p: the
 * day is the pupil's last on roll up to ?6. */
#define SCOPE_REF_SQL                                                                   \
    "(CASE WHEN p.leaving_date IS NOT NULL AND p.leaving_date < ?6 THEN p.leaving_date" \
    " ELSE ?6 END)"
#define SCOPE_THEN_SQL                                                                         \
    "(coalesce((SELECT d.included FROM scope_decision d WHERE d.pupil_id = p.id"               \
    "   AND d.decided_on <= " SCOPE_REF_SQL " ORDER BY d.decided_on DESC, d.id DESC LIMIT 1)," \
    " CASE WHEN coalesce((SELECT h.provision FROM sen_history h WHERE h.pupil_id = p.id"       \
    "   AND h.effective_date <= " SCOPE_REF_SQL                                                \
    "   ORDER BY h.effective_date DESC, h.id DESC LIMIT 1),"                                   \
    "  (SELECT h.provision FROM sen_history h WHERE h.pupil_id = p.id"                         \
    "   ORDER BY h.effective_date, h.id LIMIT 1), 'N') IN ('K', 'E') THEN 1 ELSE 0 END) = 1)"

/* Conversations of one pupil in [from, to]: counts and dates; the held
 * ones by term. */
static int pupil_counts(struct db *db, struct scope_entry *s, const struct term terms[TERM_N],
                        const char *from, const char *to, const char *today, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT coalesce(sum(CASE WHEN v.status = 'draft' THEN 1 ELSE 0 END), 0),"
                        " coalesce(sum(CASE WHEN v.status = 'planned' AND v.did_not_come = 0"
                        "     THEN 1 ELSE 0 END), 0),"
                        " coalesce(sum(CASE WHEN " CONV_HELD_SQL " AND v.shared_on IS NULL"
                        "     THEN 1 ELSE 0 END), 0),"
                        " max(CASE WHEN " CONV_HELD_SQL " THEN v.event_date END),"
                        " min(CASE WHEN v.status = 'planned' AND v.did_not_come = 0"
                        "     AND v.event_date >= ?4 THEN v.event_date END),"
                        " coalesce(sum(v.did_not_come), 0)"
                        " FROM conversation v"
                        " WHERE v.pupil_id = ?1 AND v.event_date BETWEEN ?2 AND ?3",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, s->pupil_id);
    db_bind_text(st, 2, from);
    db_bind_text(st, 3, to);
    db_bind_text(st, 4, today);
    rc = db_step(st, e);
    if (rc == DB_ROW) {
        s->drafts = (int)db_col_int(st, 0);
        s->planned = (int)db_col_int(st, 1);
        s->not_shared = (int)db_col_int(st, 2);
        const char *d = db_col_text(st, 3);
        str_copy(s->last_held, sizeof s->last_held, d ? d : "");
        d = db_col_text(st, 4);
        str_copy(s->next_date, sizeof s->next_date, d ? d : "");
        s->did_not_come = (int)db_col_int(st, 5);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    if ((rc = db_prepare(db, &st,
                         "SELECT v.event_date FROM conversation v WHERE v.pupil_id = ?1"
                         " AND v.event_date BETWEEN ?2 AND ?3 AND " CONV_HELD_SQL,
                         e)))
        return rc;
    db_bind_int(st, 1, s->pupil_id);
    db_bind_text(st, 2, from);
    db_bind_text(st, 3, to);
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct date d;
        if (date_parse(db_col_text(st, 0), &d) == 0) {
            s->held_in_term[schoolyear_term_for(terms, d)]++;
            s->held_total++;
        }
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int scope_list(struct db *db, struct arena *a, const struct scope_filter *f,
               const struct audit_entry *who, struct scope_entry **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct term terms[TERM_N];
    int rc = schoolyear_terms(db, f->school_id, f->year, terms, e);
    if (rc)
        return rc;
    char ys[DATE_ISO_LEN], ye[DATE_ISO_LEN], from[DATE_ISO_LEN], to[DATE_ISO_LEN],
        today[DATE_ISO_LEN];
    date_iso(schoolyear_start(f->year), ys);
    date_iso(schoolyear_end(f->year), ye);
    date_iso(f->from.y ? f->from : schoolyear_start(f->year), from);
    date_iso(f->to.y ? f->to : schoolyear_end(f->year), to);
    date_iso(f->today, today);
    struct db_stmt *st;
    rc = db_prepare(db, &st,
                    "SELECT p.id, p.upn, coalesce(p.preferred_forename, p.legal_forename) || ' '"
                    " || coalesce(p.preferred_surname, p.legal_surname), coalesce(p.nc_year, ''),"
                    " p.sen_provision, p.key_teacher_id, t.name, s.included, s.reason"
                    " FROM pupil p LEFT JOIN conversation_scope s ON s.pupil_id = p.id"
                    " LEFT JOIN staff t ON t.id = p.key_teacher_id"
                    " WHERE p.school_id = ?1"
                    "   AND (p.admission_date IS NULL OR p.admission_date <= ?3)"
                    "   AND (p.leaving_date IS NULL OR p.leaving_date >= ?2)"
                    "   AND ((CAST(?6 AS TEXT) IS NULL AND " SCOPE_IN_SQL
                    ") OR (CAST(?6 AS TEXT) IS NOT NULL AND " SCOPE_THEN_SQL
                    "))   AND (?4 = 0 OR coalesce(p.key_teacher_id, -1) = ?4)"
                    "   AND (?5 = 0 OR p.id = ?5)"
                    " ORDER BY t.name IS NULL, t.name, length(p.nc_year), p.nc_year,"
                    " p.legal_surname, p.legal_forename, p.id",
                    e);
    if (rc)
        return rc;
    db_bind_int(st, 1, f->school_id);
    db_bind_text(st, 2, from);
    db_bind_text(st, 3, to);
    db_bind_int(st, 4, f->teacher_id);
    db_bind_int(st, 5, f->pupil_id);
    char as_of[DATE_ISO_LEN];
    if (f->as_of.y)
        date_iso(f->as_of, as_of);
    db_bind_text(st, 6, f->as_of.y ? as_of : NULL);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct scope_entry *s = arena_push(a, out, n, &cap, sizeof *s);
        if (!s) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        s->pupil_id = db_col_int(st, 0);
        str_copy(s->upn, sizeof s->upn, db_col_text(st, 1));
        s->name = arena_strdup(a, db_col_text(st, 2));
        str_copy(s->nc_year, sizeof s->nc_year, db_col_text(st, 3));
        str_copy(s->sen, sizeof s->sen, db_col_text(st, 4));
        s->key_teacher_id = db_col_int(st, 5);
        s->key_teacher = arena_strdup(a, db_col_text(st, 6));
        s->added = !db_col_is_null(st, 7) && db_col_int(st, 7) == 1 && strcmp(s->sen, "K") != 0 &&
                   strcmp(s->sen, "E") != 0;
        s->reason = s->added ? arena_strdup(a, db_col_text(st, 8)) : NULL;
    }
    db_finalize(st);
    for (size_t i = 0; i < *n && rc >= 0; i++) {
        struct scope_entry *s = &(*out)[i];
        enum term_name due[SCOPE_MAX_PLANNED];
        enum slot_state states[SCOPE_MAX_PLANNED];
        size_t k;
        if ((rc = scope_plan(db, s->pupil_id, f->year, due, &k, &s->plan_set, e)) ||
            (rc = pupil_counts(db, s, terms, ys, ye, today, e)))
            break;
        s->held = scope_slot_states(terms, due, k, s->held_in_term, f->today, states);
        s->n_slots = k;
        for (size_t j = 0; j < k; j++) {
            s->slots[j] = (struct plan_slot){ (int)j + 1, due[j], states[j] };
            s->due += states[j] == SLOT_DUE;
            s->overdue += states[j] == SLOT_OVERDUE;
        }
    }
    if (rc < 0 || !who)
        return rc < 0 ? rc : 0;
    struct audit_entry au = { .actor = who->actor ? who->actor : "unknown",
                              .address = who->address,
                              .action = "list",
                              .entity = "conversation_scope",
                              .pupil_id = f->pupil_id,
                              .school_id = f->school_id,
                              .detail = arena_sprintf(a, "%zu pupils listed", *n) };
    return audit_log(db, &au, e);
}

int scope_targets_past_review(struct db *db, int64_t school_id, struct date today, int *n,
                              struct err *e)
{
    *n = 0;
    char t[DATE_ISO_LEN];
    date_iso(today, t);
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT count(*) FROM target g JOIN pupil p ON p.id = g.pupil_id"
                        " WHERE p.school_id = ?1"
                        "   AND (p.leaving_date IS NULL OR p.leaving_date >= ?2)"
                        "   AND g.status IN ('open', 'progressing') AND g.review_date <> ''"
                        "   AND g.review_date < ?2",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, t);
    rc = db_step(st, e);
    if (rc == DB_ROW)
        *n = (int)db_col_int(st, 0);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int scope_pupil_flags(struct db *db, int64_t pupil_id, struct date today, bool *agreement,
                      int *targets_past_review, struct err *e)
{
    *agreement = false;
    *targets_past_review = 0;
    char t[DATE_ISO_LEN];
    date_iso(today, t);
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT EXISTS (SELECT 1 FROM parent_agreement g WHERE g.pupil_id = ?1),"
                        " (SELECT count(*) FROM target g WHERE g.pupil_id = ?1"
                        "   AND g.status IN ('open', 'progressing') AND g.review_date <> ''"
                        "   AND g.review_date < ?2)",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, pupil_id);
    db_bind_text(st, 2, t);
    rc = db_step(st, e);
    if (rc == DB_ROW) {
        *agreement = db_col_int(st, 0) != 0;
        *targets_past_review = (int)db_col_int(st, 1);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}
