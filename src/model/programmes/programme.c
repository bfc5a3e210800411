#include "model/programmes/programme.h"

#include <string.h>

#include "core/arena.h"
#include "core/problems.h"
#include "core/str.h"
#include "db/db.h"
#include "model/register/audit.h"

const char *const session_kind_names[] = { "commitment", "weekly", "followon", NULL };
const char *const session_status_names[] = { "planned", "held", "cancelled", NULL };
const char *const quote_speakers[] = { "parent", "child", "staff", "partner", NULL };
const char *const prog_status_names[] = { "completed", "on_track", "not_completing", NULL };

/* ---- pure ---------------------------------------------------------------- */

int programme_schedule(struct date first, int n, int interval_days,
                       const struct school_calendar *cal, struct date *out)
{
    if (n < 1 || n > 200 || interval_days < 1 || interval_days > 31 || !date_valid(first))
        return ERR_INPUT;
    long day = date_to_days(first);
    int got = 0;
    /* A calendar covers at most ten years, so this ends; the bound guards
     * against one that is closed throughout. */
    for (int step = 0; got < n && step < n + 2000; step++, day += interval_days) {
        struct date d = date_from_days(day);
        const char *why = cal ? calendar_closed(cal, d) : NULL;
        if (why && str_starts_with(why, "outside"))
            break;
        if (!why)
            out[got++] = d;
    }
    return got == n ? 0 : ERR_INPUT;
}

bool programme_counts(enum pt_counts rule, bool child, bool parent)
{
    switch (rule) {
    case PT_COUNTS_BOTH:
        return child && parent;
    case PT_COUNTS_CHILD:
        return child;
    case PT_COUNTS_PARENT:
        return parent;
    case PT_COUNTS_EITHER:
        return child || parent;
    }
    return false;
}

static const struct prog_attendance *find_att(const struct prog_session *s, int64_t enrolment_id)
{
    for (size_t i = 0; i < s->n_attendance; i++)
        if (s->attendance[i].enrolment_id == enrolment_id)
            return &s->attendance[i];
    return NULL;
}

void programme_dosage(enum pt_counts rule, int complete_at, int session_minutes,
                      const struct prog_session *ss, size_t n_ss, int64_t enrolment_id, bool left,
                      struct prog_dosage *out)
{
    memset(out, 0, sizeof *out);
    out->enrolment_id = enrolment_id;
    for (size_t i = 0; i < n_ss; i++) {
        const struct prog_session *s = &ss[i];
        const struct prog_attendance *at =
            s->status == SESSION_HELD ? find_att(s, enrolment_id) : NULL;
        bool came = at && programme_counts(rule, at->child, at->parent);
        switch (s->kind) {
        case SESSION_COMMITMENT:
            out->commitment |= came;
            break;
        case SESSION_FOLLOWON:
            out->followon += came;
            break;
        case SESSION_WEEKLY:
            if (s->status == SESSION_HELD) {
                out->held++;
                out->attended += came;
                out->child_sessions += at && at->child;
                out->parent_sessions += at && at->parent;
            } else if (s->status == SESSION_PLANNED) {
                out->remaining++;
            }
            break;
        }
    }
    out->hours = out->attended * session_minutes / 60.0;
    if (complete_at > 0 && out->attended >= complete_at)
        out->status = PROG_COMPLETED;
    else if (!left && out->attended + out->remaining >= complete_at)
        out->status = PROG_ON_TRACK;
    else
        out->status = PROG_NOT_COMPLETING;
}

double programme_session_fidelity(const struct prog_session *s, size_t n_agenda)
{
    if (!s->fidelity_recorded || n_agenda == 0)
        return -1;
    size_t done = 0;
    for (size_t i = 0; i < n_agenda && i < PT_MAX_AGENDA; i++)
        done += s->done[i];
    return (double)done / (double)n_agenda;
}

static bool taking_part(const struct enrolment *en)
{
    return en->consent != CONSENT_DECLINED && !en->left_on[0];
}

static int warn(struct arena *a, struct prog_warning **out, size_t *n, size_t *cap,
                const char *code, const char *text)
{
    struct prog_warning *w = arena_push(a, out, n, cap, sizeof *w);
    if (!w || !text)
        return ERR_NOMEM;
    w->code = code;
    w->text = text;
    return 0;
}

static const char *count_words(int n)
{
    static const char *const words[] = { "none", "one", "two", "three", "four", "five" };
    return n >= 0 && n < 6 ? words[n] : NULL;
}

int programme_warnings(struct arena *a, const struct progtemplate *t, const struct provision *p,
                       struct date on, struct prog_warning **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    int rc;
    for (size_t r = 0; r < t->n_roles; r++) {
        const struct pt_role *role = &t->roles[r];
        int have = 0;
        for (size_t m = 0; m < p->n_team; m++)
            have += !strcmp(p->team[m].role, role->code);
        if (have >= role->min)
            continue;
        const char *label = role->label;
        char lower[120];
        str_copy(lower, sizeof lower, label);
        if (lower[0] >= 'A' && lower[0] <= 'Z')
            lower[0] = (char)(lower[0] + 32);
        const char *have_text =
            have == 0 ? "there are none yet"
                      : arena_sprintf(a, "there %s %s", have == 1 ? "is" : "are",
                                      count_words(have) ? count_words(have)
                                                        : arena_sprintf(a, "%d", have));
        if ((rc = warn(a, out, n, &cap, "team",
                       arena_sprintf(a, "%s needs at least %d %s%s on the team; %s.", t->name,
                                     role->min, lower, role->min == 1 ? "" : "s", have_text))))
            return rc;
    }
    int families = 0, hubless = 0, no_parent = 0;
    int hub_count[100] = { 0 };
    for (size_t i = 0; i < p->n_enrolments; i++) {
        const struct enrolment *en = &p->enrolments[i];
        if (!taking_part(en))
            continue;
        families++;
        /* Hubs are made of the families who have said yes. */
        if (en->consent != CONSENT_GIVEN)
            ;
        else if (en->hub > 0 && en->hub < 100)
            hub_count[en->hub]++;
        else
            hubless++;
        if (!en->carer_id && t->counts_when != PT_COUNTS_CHILD)
            no_parent++;
        struct date dob;
        if (t->age_min >= 0 && date_parse(en->dob, &dob) == 0) {
            int age = date_age_years(dob, on);
            if (age < t->age_min || age > t->age_max)
                if ((rc =
                         warn(a, out, n, &cap, "age",
                              arena_sprintf(a, "%s is for pupils aged %d to %d; %s is %d.", t->name,
                                            t->age_min, t->age_max, en->pupil_name, age))))
                    return rc;
        }
    }
    if (t->kind == PT_INDIVIDUAL && families > 1) {
        if ((rc = warn(a, out, n, &cap, "one_pupil",
                       arena_sprintf(a,
                                     "%s is for one pupil%s at a time; this has %d. Start a "
                                     "separate one for each.",
                                     t->name,
                                     t->counts_when == PT_COUNTS_CHILD ? "" : " and their parent",
                                     families))))
            return rc;
    } else if (t->max_families && families > t->max_families) {
        if ((rc = warn(a, out, n, &cap, "size",
                       arena_sprintf(a, "%s is for up to about %d %s; this has %d.", t->name,
                                     t->max_families, progtemplate_people(t), families))))
            return rc;
    }
    if (t->hub_max) {
        for (int h = 1; h < 100; h++) {
            if (!hub_count[h] || (hub_count[h] >= t->hub_min && hub_count[h] <= t->hub_max))
                continue;
            if ((rc = warn(a, out, n, &cap, "hub",
                           arena_sprintf(a, "Hub %d has %d %s; %s hubs have %d to %d.", h,
                                         hub_count[h], hub_count[h] == 1 ? "family" : "families",
                                         t->name, t->hub_min, t->hub_max))))
                return rc;
        }
        if (hubless)
            if ((rc = warn(a, out, n, &cap, "hubless",
                           arena_sprintf(a,
                                         "%d %s not in a hub yet: put each family in a hub "
                                         "of %d to %d.",
                                         hubless, hubless == 1 ? "family is" : "families are",
                                         t->hub_min, t->hub_max))))
                return rc;
    }
    if (no_parent)
        if ((rc = warn(a, out, n, &cap, "no_parent",
                       arena_sprintf(a, "%d %s no parent or carer chosen to take part.", no_parent,
                                     no_parent == 1 ? "family has" : "families have"))))
            return rc;
    return 0;
}

/* ---- helpers ------------------------------------------------------------- */

static int code_index(const char *const *list, const char *s)
{
    for (int i = 0; s && list[i]; i++)
        if (!strcmp(list[i], s))
            return i;
    return 0;
}

static bool date_ok(const char *s)
{
    struct date d;
    return s && strlen(s) == 10 && date_parse(s, &d) == 0;
}

/* ---- starting a cohort --------------------------------------------------- */

int programme_start(struct db *db, struct arena *a, const struct progtemplate *t,
                    struct provision *p, struct problems *pr, const struct audit_entry *who,
                    struct err *e)
{
    p->template_id = t->id;
    if (!p->sessions)
        p->sessions = t->sessions;
    if (!p->session_minutes)
        p->session_minutes = t->session_minutes;
    if (!p->complete_at)
        p->complete_at = t->complete_at < p->sessions ? t->complete_at : p->sessions;
    if (!p->tier)
        p->tier = t->tier;
    if (!p->name || !*p->name)
        p->name = t->name;
    if (!p->description)
        p->description = t->description;
    if (!p->n_outcomes) {
        p->outcomes = arena_array(a, t->n_outcomes + 1, sizeof *p->outcomes);
        if (!p->outcomes)
            return err_set(e, ERR_NOMEM, "out of memory");
        for (size_t i = 0; i < t->n_outcomes; i++)
            p->outcomes[i] = t->outcomes[i];
        p->n_outcomes = t->n_outcomes;
    }
    if (!p->measure_instrument && t->measure_instrument) {
        p->measure_instrument = t->measure_instrument;
        p->measure_score = t->measure_score;
    }
    size_t before = pr->n;
    int rc = provision_validate(db, p, pr, e);
    if (rc)
        return rc;
    if (p->sessions < 1 || p->sessions > PROGRAMME_MAX_SESSIONS - 1)
        problems_add(pr, "sessions", "a programme has from 1 to %d sessions",
                     PROGRAMME_MAX_SESSIONS - 1);
    if (pr->n > before)
        return err_set(e, ERR_INPUT, "the programme could not be started: %s: %s",
                       pr->items[before].field, pr->items[before].msg);
    struct date start;
    date_parse(p->start_date, &start);
    struct school_calendar cal;
    struct date until =
        date_from_days(date_to_days(start) + (long)t->interval_days * (p->sessions + 60) + 7);
    if ((rc = calendar_load(db, a, p->school_id, start, until, &cal, e)))
        return rc;
    if (calendar_next_open(&cal, start, &start))
        return err_set(e, ERR_INPUT, "start_date: no school day was found on or after it");
    struct date dates[PROGRAMME_MAX_SESSIONS];
    struct date commitment = start, first = start;
    if (t->commitment_session) {
        if (programme_schedule(start, 1, t->interval_days, &cal, &commitment))
            return err_set(e, ERR_INPUT,
                           "start_date: no school day was found for the first "
                           "meeting");
        first = date_from_days(date_to_days(commitment) + t->interval_days);
    }
    if (programme_schedule(first, p->sessions, t->interval_days, &cal, dates))
        return err_set(e, ERR_INPUT,
                       "start_date: there are not enough school days for the "
                       "sessions");
    if (t->commitment_session)
        date_iso(commitment, p->start_date);
    else
        date_iso(dates[0], p->start_date);
    if (!p->end_date[0] || strcmp(p->end_date, p->start_date) < 0)
        date_iso(dates[p->sessions - 1], p->end_date);
    if ((rc = db_begin(db, e)))
        return rc;
    if ((rc = provision_create(db, p, who, e)))
        goto fail;
    for (int i = -1; i < p->sessions; i++) {
        if (i < 0 && !t->commitment_session)
            continue;
        char iso[11];
        date_iso(i < 0 ? commitment : dates[i], iso);
        struct db_stmt *st;
        if ((rc = db_prepare(db, &st,
                             "INSERT INTO programme_session (provision_id, kind, seq, session_date)"
                             " VALUES (?1, ?2, ?3, ?4)",
                             e)))
            goto fail;
        db_bind_int(st, 1, p->id);
        db_bind_text(st, 2, i < 0 ? "commitment" : "weekly");
        db_bind_int(st, 3, i < 0 ? 1 : i + 1);
        db_bind_text(st, 4, iso);
        rc = db_step(st, e);
        db_finalize(st);
        if (rc < 0)
            goto fail;
    }
    return db_commit(db, e);
fail:
    db_rollback(db);
    return rc;
}

/* ---- reading sessions ---------------------------------------------------- */

#define SESSION_COLS "id, provision_id, kind, seq, session_date, status, notes"

static int read_session(struct db_stmt *st, struct arena *a, struct prog_session *s)
{
    memset(s, 0, sizeof *s);
    s->id = db_col_int(st, 0);
    s->provision_id = db_col_int(st, 1);
    s->kind = (enum session_kind)code_index(session_kind_names, db_col_text(st, 2));
    s->seq = (int)db_col_int(st, 3);
    str_copy(s->date, sizeof s->date, db_col_text(st, 4) ? db_col_text(st, 4) : "");
    s->status = (enum session_status)code_index(session_status_names, db_col_text(st, 5));
    s->notes = arena_strdup(a, db_col_text(st, 6));
    return 0;
}

/* Attendance and checklists for sessions ss (n of them, all of one cohort,
 * or a single session when session_id is set). */
static int load_details(struct db *db, struct arena *a, int64_t provision_id, int64_t session_id,
                        struct prog_session *ss, size_t n, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT a.session_id, a.enrolment_id, a.child, a.parent FROM"
                        " session_attendance a JOIN programme_session s ON s.id = a.session_id"
                        " WHERE s.provision_id = ?1 AND (?2 = 0 OR s.id = ?2)"
                        " ORDER BY a.session_id, a.enrolment_id",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, provision_id);
    db_bind_int(st, 2, session_id);
    size_t *caps = arena_array(a, n, sizeof *caps);
    if (!caps) {
        db_finalize(st);
        return err_set(e, ERR_NOMEM, "out of memory");
    }
    size_t j = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        int64_t sid = db_col_int(st, 0);
        if (j >= n || ss[j].id != sid)
            for (j = 0; j < n && ss[j].id != sid; j++)
                ;
        if (j >= n)
            continue;
        struct prog_attendance *at =
            arena_push(a, &ss[j].attendance, &ss[j].n_attendance, &caps[j], sizeof *at);
        if (!at) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        at->enrolment_id = db_col_int(st, 1);
        at->child = db_col_int(st, 2) != 0;
        at->parent = db_col_int(st, 3) != 0;
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    if ((rc = db_prepare(db, &st,
                         "SELECT f.session_id, f.item, f.done FROM session_fidelity f JOIN"
                         " programme_session s ON s.id = f.session_id WHERE s.provision_id = ?1"
                         " AND (?2 = 0 OR s.id = ?2)",
                         e)))
        return rc;
    db_bind_int(st, 1, provision_id);
    db_bind_int(st, 2, session_id);
    while ((rc = db_step(st, e)) == DB_ROW) {
        int64_t sid = db_col_int(st, 0);
        int item = (int)db_col_int(st, 1);
        for (size_t k = 0; k < n; k++) {
            if (ss[k].id != sid || item < 1 || item > PT_MAX_AGENDA)
                continue;
            ss[k].fidelity_recorded = true;
            ss[k].done[item - 1] = db_col_int(st, 2) != 0;
            if ((size_t)item > ss[k].n_items)
                ss[k].n_items = (size_t)item;
        }
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int programme_sessions(struct db *db, struct arena *a, int64_t provision_id,
                       struct prog_session **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT " SESSION_COLS " FROM programme_session WHERE provision_id = ?1"
                        " ORDER BY CASE kind WHEN 'commitment' THEN 0 WHEN 'weekly' THEN 1"
                        " ELSE 2 END, seq",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, provision_id);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct prog_session *s = arena_push(a, out, n, &cap, sizeof *s);
        if (!s) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        read_session(st, a, s);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    return *n ? load_details(db, a, provision_id, 0, *out, *n, e) : 0;
}

int programme_session_get(struct db *db, struct arena *a, int64_t provision_id, int64_t session_id,
                          struct prog_session *out, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT " SESSION_COLS " FROM programme_session WHERE id = ?1"
                        " AND provision_id = ?2",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, session_id);
    db_bind_int(st, 2, provision_id);
    rc = db_step(st, e);
    if (rc == DB_ROW)
        read_session(st, a, out);
    db_finalize(st);
    if (rc == DB_DONE)
        return err_set(e, ERR_NOTFOUND, "there is no such session in this programme");
    if (rc < 0)
        return rc;
    return load_details(db, a, provision_id, out->id, out, 1, e);
}

int programme_session_find(struct db *db, struct arena *a, int64_t provision_id,
                           enum session_kind kind, int seq, struct prog_session *out, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT id FROM programme_session WHERE provision_id = ?1 AND kind = ?2"
                        " AND seq = ?3",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, provision_id);
    db_bind_text(st, 2, session_kind_names[kind]);
    db_bind_int(st, 3, seq);
    rc = db_step(st, e);
    int64_t id = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (!id)
        return err_set(e, ERR_NOTFOUND, "there is no %s session %d in this programme",
                       kind == SESSION_FOLLOWON ? "follow-on" : session_kind_names[kind], seq);
    return programme_session_get(db, a, provision_id, id, out, e);
}

/* ---- recording ----------------------------------------------------------- */

static int cohort_facts(struct db *db, struct arena *a, int64_t provision_id, int64_t *school,
                        struct progtemplate *t, bool *has_template, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(
        db, &st, "SELECT school_id, coalesce(template_id, 0) FROM provision WHERE id = ?1", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, provision_id);
    rc = db_step(st, e);
    *school = rc == DB_ROW ? db_col_int(st, 0) : 0;
    int64_t tid = rc == DB_ROW ? db_col_int(st, 1) : 0;
    db_finalize(st);
    if (rc == DB_DONE)
        return err_set(e, ERR_NOTFOUND, "there is no such programme");
    *has_template = tid != 0;
    return rc < 0 ? rc : tid ? progtemplate_get(db, a, tid, t, e) : 0;
}

int programme_session_record(struct db *db, struct arena *a, int64_t provision_id,
                             int64_t session_id, const struct prog_session_record *r,
                             const struct audit_entry *who, struct err *e)
{
    struct prog_session s;
    int64_t school;
    struct progtemplate t;
    bool has_t;
    int rc = programme_session_get(db, a, provision_id, session_id, &s, e);
    if (rc || (rc = cohort_facts(db, a, provision_id, &school, &t, &has_t, e)))
        return rc;
    const char *date = s.date;
    if (r->date) {
        if (!date_ok(r->date))
            return err_set(e, ERR_INPUT, "date: give a real date (YYYY-MM-DD)");
        date = r->date;
    }
    enum session_status status = r->status ? *r->status : s.status;
    if (status == SESSION_PLANNED && (r->n_attendance || r->done) && !r->status)
        status = SESSION_HELD;
    char today[11];
    date_iso(date_today(), today);
    bool recording = r->n_attendance || r->done;
    if (recording && strcmp(date, today) > 0)
        return err_set(e, ERR_INPUT, "this session is on %s: record who came on or after the day",
                       date);
    if (recording && status == SESSION_CANCELLED)
        return err_set(e, ERR_INPUT, "this session was cancelled: nobody can have come to it");
    if (status == SESSION_HELD && strcmp(date, today) > 0)
        return err_set(e, ERR_INPUT, "this session is on %s, so it cannot have been held yet",
                       date);
    if (r->done && (!has_t || r->n_done != t.n_agenda))
        return err_set(e, ERR_INPUT, "the checklist has %zu items, not %zu",
                       has_t ? t.n_agenda : (size_t)0, r->n_done);
    if (r->notes && strlen(r->notes) > PROVISION_TEXT_MAX)
        return err_set(e, ERR_INPUT, "notes: keep them under %d characters", PROVISION_TEXT_MAX);
    if ((rc = db_begin(db, e)))
        return rc;
    struct db_stmt *st;
    for (size_t i = 0; i < r->n_attendance; i++) {
        const struct prog_attendance *at = &r->attendance[i];
        if ((rc = db_prepare(db, &st,
                             "SELECT consent, pupil_id FROM enrolment WHERE id = ?1 AND"
                             " provision_id = ?2",
                             e)))
            goto fail;
        db_bind_int(st, 1, at->enrolment_id);
        db_bind_int(st, 2, provision_id);
        rc = db_step(st, e);
        bool given = rc == DB_ROW && !strcmp(db_col_text(st, 0), "given");
        int64_t pupil = rc == DB_ROW ? db_col_int(st, 1) : 0;
        db_finalize(st);
        if (rc == DB_DONE) {
            rc = err_set(e, ERR_INPUT, "attendance: that family is not in this programme");
            goto fail;
        }
        if (rc < 0)
            goto fail;
        if (!given) {
            rc = err_set(e, ERR_INPUT,
                         "attendance: record the family's consent before their attendance");
            goto fail;
        }
        if ((rc = db_prepare(db, &st,
                             "INSERT INTO session_attendance (session_id, enrolment_id, child,"
                             " parent) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (session_id,"
                             " enrolment_id) DO UPDATE SET child = ?3, parent = ?4",
                             e)))
            goto fail;
        db_bind_int(st, 1, session_id);
        db_bind_int(st, 2, at->enrolment_id);
        db_bind_int(st, 3, at->child);
        db_bind_int(st, 4, at->parent);
        rc = db_step(st, e);
        db_finalize(st);
        if (rc < 0)
            goto fail;
        char detail[80];
        snprintf(detail, sizeof detail, "%s %d: child %s, parent %s", session_kind_names[s.kind],
                 s.seq, at->child ? "came" : "not there", at->parent ? "came" : "not there");
        if ((rc = audit_as(db, who, "attendance", "provision", provision_id, pupil, school, detail,
                           e)))
            goto fail;
    }
    if (r->done) {
        if ((rc = db_prepare(db, &st, "DELETE FROM session_fidelity WHERE session_id = ?1", e)))
            goto fail;
        db_bind_int(st, 1, session_id);
        rc = db_step(st, e);
        db_finalize(st);
        for (size_t i = 0; rc >= 0 && i < r->n_done; i++) {
            if ((rc = db_prepare(db, &st,
                                 "INSERT INTO session_fidelity (session_id, item, done) VALUES"
                                 " (?1, ?2, ?3)",
                                 e)))
                goto fail;
            db_bind_int(st, 1, session_id);
            db_bind_int(st, 2, (int64_t)i + 1);
            db_bind_int(st, 3, r->done[i]);
            rc = db_step(st, e);
            db_finalize(st);
        }
        if (rc < 0)
            goto fail;
    }
    char now[DATE_TS_LEN];
    date_timestamp(now);
    if ((rc = db_prepare(
             db, &st,
             "UPDATE programme_session SET session_date = ?2, status = ?3,"
             " notes = CASE WHEN CAST(?4 AS TEXT) IS NULL THEN notes ELSE nullif(?4, '') END,"
             " updated_by = ?5, updated_at = ?6 WHERE id = ?1",
             e)))
        goto fail;
    db_bind_int(st, 1, session_id);
    db_bind_text(st, 2, date);
    db_bind_text(st, 3, session_status_names[status]);
    db_bind_text(st, 4, r->notes);
    db_bind_text(st, 5, who && who->actor ? who->actor : "unknown");
    db_bind_text(st, 6, now);
    rc = db_step(st, e);
    db_finalize(st);
    if (rc < 0)
        goto fail;
    char detail[80];
    snprintf(detail, sizeof detail, "%s session %d on %s: %s", session_kind_names[s.kind], s.seq,
             date, session_status_names[status]);
    if ((rc = audit_as(db, who, "record session", "provision", provision_id, 0, school, detail, e)))
        goto fail;
    return db_commit(db, e);
fail:
    db_rollback(db);
    return rc;
}

int programme_followon_add(struct db *db, int64_t provision_id, const char *date, const char *notes,
                           const struct audit_entry *who, int64_t *session_id, struct err *e)
{
    struct arena a;
    arena_init(&a, 0);
    int64_t school;
    struct progtemplate t;
    bool has_t;
    int rc = cohort_facts(db, &a, provision_id, &school, &t, &has_t, e);
    bool followon = has_t && t.followon_months > 0;
    arena_release(&a);
    if (rc || !followon)
        return rc ? rc : err_set(e, ERR_INPUT, "this programme has no follow-on meetings");
    if (!date_ok(date))
        return err_set(e, ERR_INPUT, "date: give the date of the meeting (YYYY-MM-DD)");
    if (notes && strlen(notes) > PROVISION_TEXT_MAX)
        return err_set(e, ERR_INPUT, "notes: keep them under %d characters", PROVISION_TEXT_MAX);
    if ((rc = db_begin(db, e))) /* the meeting and its audit row, or neither */
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db, &st,
                         "INSERT INTO programme_session (provision_id, kind, seq, session_date,"
                         " notes) VALUES (?1, 'followon', (SELECT coalesce(max(seq), 0) + 1 FROM"
                         " programme_session WHERE provision_id = ?1 AND kind = 'followon'), ?2,"
                         " nullif(?3, '')) RETURNING id",
                         e)))
        goto fail;
    db_bind_int(st, 1, provision_id);
    db_bind_text(st, 2, date);
    db_bind_text(st, 3, notes);
    rc = db_step_id(st, session_id, e);
    db_finalize(st);
    if (rc < 0 ||
        (rc = audit_as(db, who, "add follow-on", "provision", provision_id, 0, school, date, e)))
        goto fail;
    return db_commit(db, e);
fail:
    db_rollback(db);
    return rc;
}

/* ---- quotes -------------------------------------------------------------- */

int programme_parse_speaker(const char *s, const char **out)
{
    char key[20];
    if (!s)
        return ERR_INPUT;
    str_key(key, sizeof key, s);
    for (int i = 0; quote_speakers[i]; i++)
        if (!strcmp(key, quote_speakers[i])) {
            *out = quote_speakers[i];
            return 0;
        }
    return ERR_INPUT;
}

int programme_quote_add(struct db *db, struct prog_quote *q, const struct audit_entry *who,
                        struct err *e)
{
    const char *sp;
    if (!q->speaker || programme_parse_speaker(q->speaker, &sp))
        return err_set(e, ERR_INPUT, "who: a parent, child, staff or partner");
    if (str_blank(q->text))
        return err_set(e, ERR_INPUT, "text: give what they said");
    if (strlen(q->text) > 2000)
        return err_set(e, ERR_INPUT, "text: keep a quote under 2000 characters");
    if (!q->consent_on[0])
        return err_set(e, ERR_INPUT,
                       "consent: keep a quote only when the person has agreed to be quoted");
    if (!date_ok(q->consent_on))
        return err_set(e, ERR_INPUT, "consent: give the date they agreed, as a real date");
    if (q->attribution && strlen(q->attribution) > 200)
        return err_set(e, ERR_INPUT, "attribution: keep it under 200 characters");
    struct db_stmt *st;
    int rc = db_prepare(db, &st, "SELECT school_id FROM provision WHERE id = ?1", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, q->provision_id);
    rc = db_step(st, e);
    int64_t school = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_finalize(st);
    if (rc == DB_DONE)
        return err_set(e, ERR_NOTFOUND, "there is no such programme");
    if (rc < 0)
        return rc;
    char now[DATE_TS_LEN];
    date_timestamp(now);
    if ((rc = db_prepare(db, &st,
                         "INSERT INTO programme_quote (provision_id, speaker, text, attribution,"
                         " consent_on, recorded_by, recorded_at) VALUES (?1, ?2, ?3, nullif(?4,"
                         " ''), ?5, ?6, ?7) RETURNING id",
                         e)))
        return rc;
    db_bind_int(st, 1, q->provision_id);
    db_bind_text(st, 2, sp);
    db_bind_text(st, 3, q->text);
    db_bind_text(st, 4, q->attribution);
    db_bind_text(st, 5, q->consent_on);
    db_bind_text(st, 6, who && who->actor ? who->actor : "unknown");
    db_bind_text(st, 7, now);
    rc = db_step_id(st, &q->id, e);
    db_finalize(st);
    if (rc < 0)
        return rc;
    q->speaker = sp;
    return audit_as(db, who, "add quote", "provision", q->provision_id, 0, school, sp, e);
}

int programme_quote_list(struct db *db, struct arena *a, int64_t provision_id,
                         struct prog_quote **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT id, speaker, text, attribution, consent_on FROM programme_quote"
                        " WHERE provision_id = ?1 ORDER BY CASE speaker WHEN 'parent' THEN 0 WHEN"
                        " 'child' THEN 1 ELSE 2 END, id",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, provision_id);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct prog_quote *q = arena_push(a, out, n, &cap, sizeof *q);
        if (!q) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        q->id = db_col_int(st, 0);
        q->provision_id = provision_id;
        q->speaker = quote_speakers[code_index(quote_speakers, db_col_text(st, 1))];
        q->text = arena_strdup(a, db_col_text(st, 2));
        q->attribution = arena_strdup(a, db_col_text(st, 3));
        str_copy(q->consent_on, sizeof q->consent_on, db_col_text(st, 4));
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}
