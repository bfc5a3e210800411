#include "model/conversations/convreport.h"

#include <string.h>

#include "core/arena.h"
#include "db/db.h"
#include "model/register/audit.h"
#include "model/conversations/fidelity.h"

/* Everything the figures need for a school's year. */
struct loaded {
    struct scope_entry *scope;
    size_t n_scope;
    struct conversation *convs; /* the year's conversations, any status */
    size_t n_convs;
    struct cs_input in;
};

static int load_reviews(struct db *db, struct arena *a, int64_t school_id, const char *from,
                        const char *to, struct cs_review **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT t.pupil_id, r.parent_took_part FROM target_review r"
                        " JOIN target t ON t.id = r.target_id JOIN pupil p ON p.id = t.pupil_id"
                        " WHERE p.school_id = ?1 AND r.reviewed_on BETWEEN ?2 AND ?3",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, from);
    db_bind_text(st, 3, to);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct cs_review *r = arena_push(a, out, n, &cap, sizeof *r);
        if (!r) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        r->pupil_id = db_col_int(st, 0);
        r->parent_took_part = db_col_int(st, 1) != 0;
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static int load_contacts(struct db *db, struct arena *a, int64_t school_id, const char *from,
                         const char *to, struct cs_contact **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT pupil_id, purpose, method,"
                        " CASE WHEN started_by = 'family' THEN 1 ELSE 0 END FROM contact"
                        " WHERE school_id = ?1 AND contact_date BETWEEN ?2 AND ?3",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, from);
    db_bind_text(st, 3, to);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct cs_contact *c = arena_push(a, out, n, &cap, sizeof *c);
        if (!c) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        c->pupil_id = db_col_int(st, 0);
        c->purpose = contact_purposes[contact_purpose_index(db_col_text(st, 1)) < 0
                                          ? 0
                                          : contact_purpose_index(db_col_text(st, 1))];
        c->method = contact_methods[contact_method_index(db_col_text(st, 2)) < 0
                                        ? 0
                                        : contact_method_index(db_col_text(st, 2))];
        c->by_family = db_col_int(st, 3) != 0;
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* Per pupil of the school: targets past their review date by `on` with no
 * review since, and whether an agreement was made by then. */
static int load_prompts(struct db *db, int64_t school_id, const char *on, struct cs_pupil *ps,
                        size_t n, struct err *e)
{
    struct db_stmt *st;
    int rc =
        db_prepare(db, &st,
                   "SELECT t.pupil_id, count(*) FROM target t JOIN pupil p ON p.id = t.pupil_id"
                   " WHERE p.school_id = ?1 AND t.status IN ('open', 'progressing')"
                   " AND t.review_date IS NOT NULL AND t.review_date < ?2"
                   " AND NOT EXISTS (SELECT 1 FROM target_review r WHERE r.target_id = t.id"
                   "   AND r.reviewed_on >= t.review_date)"
                   " GROUP BY t.pupil_id",
                   e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, on);
    while ((rc = db_step(st, e)) == DB_ROW)
        for (size_t i = 0; i < n; i++)
            if (ps[i].pupil_id == db_col_int(st, 0))
                ps[i].targets_past_review = (int)db_col_int(st, 1);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if ((rc = db_prepare(db, &st,
                         "SELECT DISTINCT a.pupil_id FROM parent_agreement a"
                         " JOIN pupil p ON p.id = a.pupil_id"
                         " WHERE p.school_id = ?1 AND a.agreed_on <= ?2",
                         e)))
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, on);
    while ((rc = db_step(st, e)) == DB_ROW)
        for (size_t i = 0; i < n; i++)
            if (ps[i].pupil_id == db_col_int(st, 0))
                ps[i].has_agreement = true;
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static int load(struct db *db, struct arena *a, int64_t school_id, int year, struct date today,
                struct date roll_from, struct date roll_to, const struct audit_entry *who,
                struct loaded *l, struct err *e)
{
    memset(l, 0, sizeof *l);
    char from[DATE_ISO_LEN], to[DATE_ISO_LEN], on[DATE_ISO_LEN];
    date_iso(schoolyear_start(year), from);
    date_iso(schoolyear_end(year), to);
    /* A past year: the scope as it was on its last day. */
    bool past = date_cmp(schoolyear_end(year), today) < 0;
    date_iso(past ? schoolyear_end(year) : today, on);
    struct scope_filter sf = { .school_id = school_id,
                               .year = year,
                               .today = today,
                               .from = roll_from,
                               .to = roll_to,
                               .as_of = past ? schoolyear_end(year) : (struct date){ 0 } };
    int rc = scope_list(db, a, &sf, who, &l->scope, &l->n_scope, e);
    if (rc)
        return rc;
    struct term terms[TERM_N];
    if ((rc = schoolyear_terms(db, school_id, year, terms, e)))
        return rc;
    struct conv_filter cf = { .school_id = school_id, .year = year };
    if ((rc = conversation_list(db, a, &cf, who, &l->convs, &l->n_convs, e)))
        return rc;
    struct cs_pupil *ps = arena_array(a, l->n_scope + 1, sizeof *ps);
    struct cs_conversation *cs = arena_array(a, l->n_convs + 1, sizeof *cs);
    int64_t *dnc = arena_array(a, l->n_convs + 1, sizeof *dnc);
    if (!ps || !cs || !dnc)
        return err_set(e, ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < l->n_scope; i++) {
        const struct scope_entry *s = &l->scope[i];
        ps[i] = (struct cs_pupil){ .pupil_id = s->pupil_id, .teacher_id = s->key_teacher_id };
        for (size_t k = 0; k < s->n_slots; k++)
            ps[i].planned[s->slots[k].term]++;
    }
    size_t nc = 0, nd = 0;
    for (size_t i = 0; i < l->n_convs; i++) {
        const struct conversation *c = &l->convs[i];
        struct date d;
        if (c->did_not_come)
            dnc[nd++] = c->pupil_id;
        else if (conversation_held(c) && date_parse(c->event_date, &d) == 0)
            cs[nc++] = (struct cs_conversation){ c->pupil_id, fidelity_score(c),
                                                 schoolyear_term_for(terms, d) };
    }
    struct cs_review *rv;
    struct cs_contact *ct;
    size_t nr, nt;
    if ((rc = load_reviews(db, a, school_id, from, to, &rv, &nr, e)) ||
        (rc = load_contacts(db, a, school_id, from, to, &ct, &nt, e)) ||
        (rc = load_prompts(db, school_id, on, ps, l->n_scope, e)))
        return rc;
    l->in = (struct cs_input){ ps, l->n_scope, cs, nc, rv, nr, ct, nt, dnc, nd };
    return 0;
}

static int audit(struct db *db, const struct audit_entry *who, int64_t school_id, const char *what,
                 struct err *e)
{
    if (!who)
        return 0; /* the caller audits (convreport.h) */
    struct audit_entry au = { .actor = who && who->actor ? who->actor : "unknown",
                              .address = who ? who->address : NULL,
                              .action = "report",
                              .entity = "conversation",
                              .school_id = school_id,
                              .detail = what };
    return audit_log(db, &au, e);
}

static int fill_report(struct arena *a, const struct loaded *l, int year, struct convreport *out,
                       struct err *e)
{
    memset(out, 0, sizeof *out);
    out->year = year;
    date_iso(schoolyear_start(year), out->from);
    date_iso(schoolyear_end(year), out->to);
    convstats_compute(&l->in, CONVSTATS_ALL, &out->all);
    /* The scope list is ordered by key teacher's name, no teacher last. */
    size_t cap = 0;
    for (size_t i = 0; i < l->n_scope; i++) {
        const struct scope_entry *s = &l->scope[i];
        if (out->n_teachers && out->teachers[out->n_teachers - 1].staff_id == s->key_teacher_id)
            continue;
        bool seen = false;
        for (size_t k = 0; k < out->n_teachers; k++)
            seen |= out->teachers[k].staff_id == s->key_teacher_id;
        if (seen)
            continue;
        struct convreport_teacher *t =
            arena_push(a, &out->teachers, &out->n_teachers, &cap, sizeof *t);
        if (!t)
            return err_set(e, ERR_NOMEM, "out of memory");
        t->staff_id = s->key_teacher_id;
        t->name = s->key_teacher;
        convstats_compute(&l->in, t->staff_id, &t->figures);
    }
    return 0;
}

int convreport_build(struct db *db, struct arena *a, int64_t school_id, int year,
                     const struct audit_entry *who, struct convreport *out, struct err *e)
{
    struct loaded l;
    struct date today = date_today();
    int rc =
        load(db, a, school_id, year, today, (struct date){ 0 }, (struct date){ 0 }, who, &l, e);
    if (rc == 0)
        rc = fill_report(a, &l, year, out, e);
    if (rc == 0)
        rc = audit(db, who, school_id, arena_sprintf(a, "conversations report %d", year), e);
    return rc;
}

static bool in_set(const struct scope_entry *ps, size_t n, int64_t pupil_id)
{
    for (size_t i = 0; i < n; i++)
        if (ps[i].pupil_id == pupil_id)
            return true;
    return false;
}

int convreport_teacher(struct db *db, struct arena *a, int64_t school_id, int64_t staff_id,
                       struct date today, const struct audit_entry *who,
                       struct teacher_dashboard *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    out->year = schoolyear_of(today);
    int rc = schoolyear_term_at(db, school_id, today, &out->term, e);
    if (rc)
        return rc;
    /* The year's figures, then this teacher's pupils on roll today. */
    struct loaded l;
    if ((rc = load(db, a, school_id, out->year, today, today, today, who, &l, e)))
        return rc;
    convstats_compute(&l.in, staff_id, &out->figures);
    size_t cap = 0;
    for (size_t i = 0; i < l.n_scope; i++) {
        if (l.scope[i].key_teacher_id != staff_id)
            continue;
        struct scope_entry *s = arena_push(a, &out->pupils, &out->n_pupils, &cap, sizeof *s);
        if (!s)
            return err_set(e, ERR_NOMEM, "out of memory");
        *s = l.scope[i];
        out->due_this_term += s->due;
        out->overdue += s->overdue;
    }
    size_t cap_ns = 0, cap_dr = 0;
    for (size_t i = 0; i < l.n_convs; i++) {
        const struct conversation *c = &l.convs[i];
        if (!in_set(out->pupils, out->n_pupils, c->pupil_id))
            continue;
        struct conversation *slot = NULL;
        if (!strcmp(c->status, "complete") && !c->shared_on[0])
            slot = arena_push(a, &out->not_shared, &out->n_not_shared, &cap_ns, sizeof *slot);
        else if (!strcmp(c->status, "draft"))
            slot = arena_push(a, &out->drafts, &out->n_drafts, &cap_dr, sizeof *slot);
        else
            continue;
        if (!slot)
            return err_set(e, ERR_NOMEM, "out of memory");
        *slot = *c;
    }
    struct prompt_filter pf = {
        .school_id = school_id, .teacher_id = staff_id, .with_prompts_only = true, .today = today
    };
    if ((rc = contact_prompts(db, a, &pf, who, &out->prompts, &out->n_prompts, e)))
        return rc;
    return audit(db, who, school_id, "teacher dashboard", e);
}

int convreport_lead(struct db *db, struct arena *a, int64_t school_id, struct date today,
                    const struct audit_entry *who, struct lead_dashboard *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    int year = schoolyear_of(today);
    struct loaded l;
    int rc =
        load(db, a, school_id, year, today, (struct date){ 0 }, (struct date){ 0 }, who, &l, e);
    if (rc == 0)
        rc = fill_report(a, &l, year, &out->report, e);
    if (rc)
        return rc;
    for (size_t i = 0; i < l.n_scope; i++) {
        out->due_this_term += l.scope[i].due;
        out->overdue += l.scope[i].overdue;
        out->not_shared += l.scope[i].not_shared;
    }
    struct prompt_filter pf = { .school_id = school_id, .with_prompts_only = true, .today = today };
    if ((rc = contact_prompts(db, a, &pf, who, &out->prompts, &out->n_prompts, e)))
        return rc;
    return audit(db, who, school_id, "lead dashboard", e);
}
