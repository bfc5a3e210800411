#include "model/provision/review.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "db/db.h"
#include "model/register/audit.h"
#include "model/provision/provision.h"
#include "model/register/leaver.h"

const char *const review_score_labels[] = {
    "Much less than expected", "Less than expected",      "As expected",
    "More than expected",      "Much more than expected", NULL,
};
const char *const review_state_names[] = { "none", "later", "due", "overdue", "done", NULL };

const char *review_score_label(int score)
{
    if (score < REVIEW_SCORE_MIN || score > REVIEW_SCORE_MAX)
        return "";
    return review_score_labels[score - REVIEW_SCORE_MIN];
}

int review_parse_score(const char *s, int *out)
{
    long long v;
    if (!s)
        return ERR_INPUT;
    if (*s == '+')
        s++;
    if (str_to_int(s, REVIEW_SCORE_MIN, REVIEW_SCORE_MAX, &v))
        return ERR_INPUT;
    *out = (int)v;
    return 0;
}

/* ---- pure --------------------------------------------------------------- */

static bool date_ok(const char *s)
{
    struct date d;
    return s && strlen(s) == 10 && date_parse(s, &d) == 0;
}

static long days_between(const char *from, const char *to)
{
    struct date a, b;
    if (date_parse(from, &a) || date_parse(to, &b))
        return 0;
    return date_to_days(b) - date_to_days(a);
}

static void add_days(const char *s, long n, char out[11])
{
    struct date d;
    if (date_parse(s, &d)) {
        out[0] = '\0';
        return;
    }
    date_iso(date_from_days(date_to_days(d) + n), out);
}

void review_due_on(const char *review_date, const char *end_date, char out[11])
{
    bool r = review_date && date_ok(review_date), en = end_date && date_ok(end_date);
    if (r && (!en || strcmp(review_date, end_date) <= 0))
        str_copy(out, 11, review_date);
    else if (en)
        str_copy(out, 11, end_date);
    else
        out[0] = '\0';
}

enum review_state review_state_of(const char *due_on, const char *latest, const char *today)
{
    if (!due_on || !date_ok(due_on))
        return REVIEW_NONE;
    char from[11];
    add_days(due_on, -REVIEW_WINDOW_BEFORE, from);
    if (latest && latest[0] && strcmp(latest, from) >= 0)
        return REVIEW_DONE;
    long d = days_between(today, due_on);
    if (d < 0)
        return REVIEW_OVERDUE;
    if (d <= REVIEW_DUE_AHEAD)
        return REVIEW_DUE;
    return REVIEW_LATER;
}

void review_summarise(const struct review *latest, size_t n, struct review_summary *out)
{
    memset(out->counts, 0, sizeof out->counts);
    out->reviewed = 0;
    out->mean = 0;
    out->share_expected = 0;
    int sum = 0, expected = 0;
    for (size_t i = 0; i < n; i++) {
        int s = latest[i].score;
        if (s < REVIEW_SCORE_MIN || s > REVIEW_SCORE_MAX)
            continue;
        out->counts[s - REVIEW_SCORE_MIN]++;
        out->reviewed++;
        sum += s;
        expected += s >= 0;
    }
    if (out->reviewed) {
        out->mean = (double)sum / out->reviewed;
        out->share_expected = (double)expected / out->reviewed;
    }
}

/* ---- helpers ------------------------------------------------------------ */

static const char *actor_of(const struct audit_entry *who)
{
    return who && who->actor ? who->actor : "unknown";
}

/* ---- validation and writing --------------------------------------------- */

int review_validate(struct db *db, const struct review *r, const char *today, struct problems *pr,
                    struct err *e)
{
    char t[11];
    date_iso_or_today(today, t);
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT p.school_id, e.consent, e.enrolled_on FROM provision p"
                        " LEFT JOIN enrolment e ON e.provision_id = p.id AND e.pupil_id = ?2"
                        " WHERE p.id = ?1",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, r->provision_id);
    db_bind_int(st, 2, r->pupil_id);
    rc = db_step(st, e);
    int64_t school = 0;
    char consent[20] = "", enrolled[11] = "";
    if (rc == DB_ROW) {
        school = db_col_int(st, 0);
        str_copy(consent, sizeof consent, db_col_text(st, 1) ? db_col_text(st, 1) : "");
        str_copy(enrolled, sizeof enrolled, db_col_text(st, 2) ? db_col_text(st, 2) : "");
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (rc == DB_DONE)
        problems_add(pr, "provision", "there is no such provision");
    else if (!consent[0])
        problems_add(pr, "pupil", "the pupil is not enrolled in this provision");
    else if (strcmp(consent, "given") != 0)
        problems_add(pr, "pupil", "the pupil's consent to this provision is not recorded as given");
    if (r->score < REVIEW_SCORE_MIN || r->score > REVIEW_SCORE_MAX)
        problems_add(pr, "score",
                     "give a score from -2 (much less than expected) to +2 (much more than "
                     "expected)");
    if (r->note && strlen(r->note) > REVIEW_NOTE_MAX)
        problems_add(pr, "note", "the note is longer than %d characters", REVIEW_NOTE_MAX);
    if (!r->reviewer_id && str_blank(r->reviewer))
        problems_add(pr, "reviewer", "say who reviewed it");
    else if (r->reviewer && strlen(r->reviewer) > 200)
        problems_add(pr, "reviewer", "the reviewer's name is longer than 200 characters");
    if (r->reviewer_id && school) {
        if ((rc = db_prepare(db, &st, "SELECT school_id FROM staff WHERE id = ?1", e)))
            return rc;
        db_bind_int(st, 1, r->reviewer_id);
        rc = db_step(st, e);
        bool ok = rc == DB_ROW && db_col_int(st, 0) == school;
        db_finalize(st);
        if (rc < 0)
            return rc;
        if (!ok)
            problems_add(pr, "reviewer", "the reviewer is not staff at this school");
    }
    if (!date_ok(r->reviewed_on))
        problems_add(pr, "reviewed_on", "give the date of the review as YYYY-MM-DD");
    else if (strcmp(r->reviewed_on, t) > 0)
        problems_add(pr, "reviewed_on", "the date of the review is after today");
    else if (enrolled[0] && strcmp(r->reviewed_on, enrolled) < 0)
        problems_add(pr, "reviewed_on", "the date is before the pupil was enrolled (%s)", enrolled);
    return 0;
}

int review_add(struct db *db, struct review *r, const char *today, struct problems *pr,
               const struct audit_entry *who, struct err *e)
{
    char t[11];
    date_iso_or_today(today, t);
    if (!r->reviewed_on[0])
        str_copy(r->reviewed_on, sizeof r->reviewed_on, t);
    struct db_stmt *st;
    int rc;
    size_t before = pr->n;
    if ((rc = leaver_guard(db, r->pupil_id, e)) || (rc = review_validate(db, r, t, pr, e)))
        return rc;
    if (pr->n > before)
        return err_set(e, ERR_INPUT, "%s: %s", pr->items[before].field, pr->items[before].msg);
    char now[DATE_TS_LEN];
    date_timestamp(now);
    if ((rc = db_begin(db, e)))
        return rc;
    if ((rc = db_prepare(db, &st,
                         "INSERT INTO provision_review (provision_id, pupil_id, reviewed_on,"
                         " score, note, reviewer_id, reviewer, recorded_by, recorded_at)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, coalesce(nullif(trim(?7), ''),"
                         " (SELECT name FROM staff WHERE id = ?6)), ?8, ?9) RETURNING id",
                         e)))
        goto fail;
    db_bind_int(st, 1, r->provision_id);
    db_bind_int(st, 2, r->pupil_id);
    db_bind_text(st, 3, r->reviewed_on);
    db_bind_int(st, 4, r->score);
    db_bind_text(st, 5, r->note && *r->note ? r->note : NULL);
    db_bind_int_or_null(st, 6, r->reviewer_id, r->reviewer_id == 0);
    db_bind_text(st, 7, r->reviewer);
    db_bind_text(st, 8, actor_of(who));
    db_bind_text(st, 9, now);
    rc = db_step_id(st, &r->id, e);
    db_finalize(st);
    if (rc < 0)
        goto fail;
    char detail[80];
    snprintf(detail, sizeof detail, "provision %lld: %+d on %s", (long long)r->provision_id,
             r->score, r->reviewed_on);
    if ((rc = audit_as(db, who, "create", "review", r->id, r->pupil_id, 0, detail, e)))
        goto fail;
    return db_commit(db, e);
fail:
    db_rollback(db);
    return rc;
}

/* ---- reading ------------------------------------------------------------ */

#define REVIEW_COLS                                                                  \
    "r.id, r.provision_id, r.pupil_id, r.score, r.note, coalesce(r.reviewer_id, 0)," \
    " r.reviewer, r.reviewed_on, r.recorded_by, r.recorded_at,"                      \
    " coalesce(nullif(p.preferred_forename, ''), p.legal_forename) || ' ' ||"        \
    " coalesce(nullif(p.preferred_surname, ''), p.legal_surname), p.upn, pr.name"

static int read_review(struct db_stmt *st, struct arena *a, struct review *r)
{
    memset(r, 0, sizeof *r);
    r->id = db_col_int(st, 0);
    r->provision_id = db_col_int(st, 1);
    r->pupil_id = db_col_int(st, 2);
    r->score = (int)db_col_int(st, 3);
    r->note = arena_strdup(a, db_col_text(st, 4));
    r->reviewer_id = db_col_int(st, 5);
    r->reviewer = arena_strdup(a, db_col_text(st, 6));
    str_copy(r->reviewed_on, sizeof r->reviewed_on, db_col_text(st, 7));
    r->recorded_by = arena_strdup(a, db_col_text(st, 8));
    r->recorded_at = arena_strdup(a, db_col_text(st, 9));
    r->pupil_name = arena_strdup(a, db_col_text(st, 10));
    str_copy(r->upn, sizeof r->upn, db_col_text(st, 11));
    r->provision_name = arena_strdup(a, db_col_text(st, 12));
    return r->reviewer && r->pupil_name && r->provision_name ? 0 : ERR_NOMEM;
}

int review_list_pupil(struct db *db, struct arena *a, int64_t pupil_id, int64_t provision_id,
                      const struct audit_entry *who, struct review **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT " REVIEW_COLS " FROM provision_review r JOIN pupil p ON p.id ="
                        " r.pupil_id JOIN provision pr ON pr.id = r.provision_id WHERE"
                        " r.pupil_id = ?1 AND (?2 = 0 OR r.provision_id = ?2)"
                        " ORDER BY r.reviewed_on, r.id",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, pupil_id);
    db_bind_int(st, 2, provision_id);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct review *r = arena_push(a, out, n, &cap, sizeof *r);
        if (!r || read_review(st, a, r)) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (!who)
        return 0;
    return audit_as(db, who, "list", "review", 0, pupil_id, 0, NULL, e);
}

/* Every enrolment with consent given at the school (left or not), with its
 * provision and the pupil's latest review in it. */
struct enrolled_row {
    int64_t provision_id, pupil_id;
    const char *provision_name, *tier, *pupil_name;
    char upn[14], review_date[11], end_date[11], left_on[11], latest[11];
    int latest_score; /* valid when latest[0] */
    bool on_roll;
};

static int load_enrolled(struct db *db, struct arena *a, int64_t school_id, const char *today,
                         struct enrolled_row **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(
        db, &st,
        "SELECT pr.id, pr.name, pr.tier, coalesce(pr.review_date, ''), coalesce(pr.end_date, ''),"
        " p.id, coalesce(nullif(p.preferred_forename, ''), p.legal_forename) || ' ' ||"
        " coalesce(nullif(p.preferred_surname, ''), p.legal_surname), p.upn,"
        " coalesce(e.left_on, ''),"
        " (SELECT r.reviewed_on FROM provision_review r WHERE r.provision_id = pr.id AND"
        " r.pupil_id = p.id ORDER BY r.reviewed_on DESC, r.id DESC LIMIT 1),"
        " (SELECT r.score FROM provision_review r WHERE r.provision_id = pr.id AND"
        " r.pupil_id = p.id ORDER BY r.reviewed_on DESC, r.id DESC LIMIT 1),"
        " (p.leaving_date IS NULL OR p.leaving_date = '' OR p.leaving_date > ?2)"
        " FROM enrolment e JOIN provision pr ON pr.id = e.provision_id JOIN pupil p ON"
        " p.id = e.pupil_id WHERE pr.school_id = ?1 AND e.consent = 'given'"
        " ORDER BY pr.tier = 'universal', pr.tier = 'selected', pr.name, pr.id, 7, p.id",
        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, today);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct enrolled_row *r = arena_push(a, out, n, &cap, sizeof *r);
        if (!r || !(r->provision_name = arena_strdup(a, db_col_text(st, 1))) ||
            !(r->pupil_name = arena_strdup(a, db_col_text(st, 6)))) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        r->provision_id = db_col_int(st, 0);
        const char *tier = db_col_text(st, 2);
        r->tier = provision_tiers[0];
        for (int i = 0; tier && provision_tiers[i]; i++)
            if (!strcmp(tier, provision_tiers[i]))
                r->tier = provision_tiers[i];
        str_copy(r->review_date, sizeof r->review_date, db_col_text(st, 3));
        str_copy(r->end_date, sizeof r->end_date, db_col_text(st, 4));
        r->pupil_id = db_col_int(st, 5);
        str_copy(r->upn, sizeof r->upn, db_col_text(st, 7));
        str_copy(r->left_on, sizeof r->left_on, db_col_text(st, 8));
        str_copy(r->latest, sizeof r->latest, db_col_text(st, 9) ? db_col_text(st, 9) : "");
        r->latest_score = (int)db_col_int(st, 10);
        r->on_roll = db_col_int(st, 11) != 0;
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* The state of a row on today: only enrolments not left, of pupils on
 * roll, are due. */
static enum review_state row_state(const struct enrolled_row *r, const char *today, char due[11])
{
    review_due_on(r->review_date, r->end_date, due);
    if (r->left_on[0] || !r->on_roll)
        return REVIEW_NONE;
    return review_state_of(due, r->latest, today);
}

static int cmp_due(const void *x, const void *y)
{
    const struct review_due_item *a = x, *b = y;
    if (a->days != b->days)
        return a->days < b->days ? -1 : 1;
    int c = strcmp(a->provision_name, b->provision_name);
    if (c)
        return c;
    return strcmp(a->pupil_name, b->pupil_name);
}

int review_due_list(struct db *db, struct arena *a, int64_t school_id, const char *today,
                    const struct audit_entry *who, struct review_due_item **out, size_t *n,
                    struct err *e)
{
    *out = NULL;
    *n = 0;
    char t[11];
    date_iso_or_today(today, t);
    struct enrolled_row *rows;
    size_t nr;
    int rc = load_enrolled(db, a, school_id, t, &rows, &nr, e);
    if (rc)
        return rc;
    size_t cap = 0;
    for (size_t i = 0; i < nr; i++) {
        char due[11];
        enum review_state s = row_state(&rows[i], t, due);
        if (s != REVIEW_DUE && s != REVIEW_OVERDUE)
            continue;
        struct review_due_item *it = arena_push(a, out, n, &cap, sizeof *it);
        if (!it)
            return err_set(e, ERR_NOMEM, "out of memory");
        it->provision_id = rows[i].provision_id;
        it->provision_name = rows[i].provision_name;
        it->tier = rows[i].tier;
        it->pupil_id = rows[i].pupil_id;
        it->pupil_name = rows[i].pupil_name;
        str_copy(it->upn, sizeof it->upn, rows[i].upn);
        str_copy(it->due_on, sizeof it->due_on, due);
        str_copy(it->latest, sizeof it->latest, rows[i].latest);
        it->state = s;
        it->days = (int)days_between(t, due);
    }
    if (*n > 1)
        qsort(*out, *n, sizeof **out, cmp_due);
    if (!who)
        return 0;
    return audit_as(db, who, "list", "review", 0, 0, school_id, "reviews due", e);
}

int review_report(struct db *db, struct arena *a, int64_t school_id, const char *today,
                  const struct audit_entry *who, struct review_summary **out, size_t *n,
                  struct err *e)
{
    *out = NULL;
    *n = 0;
    char t[11];
    date_iso_or_today(today, t);
    struct enrolled_row *rows;
    size_t nr;
    int rc = load_enrolled(db, a, school_id, t, &rows, &nr, e);
    if (rc)
        return rc;
    struct review *latest = arena_array(a, nr + 1, sizeof *latest);
    if (!latest)
        return err_set(e, ERR_NOMEM, "out of memory");
    size_t cap = 0;
    for (size_t i = 0; i < nr;) {
        size_t j = i, nl = 0;
        struct review_summary *s = arena_push(a, out, n, &cap, sizeof *s);
        if (!s)
            return err_set(e, ERR_NOMEM, "out of memory");
        s->provision_id = rows[i].provision_id;
        s->name = rows[i].provision_name;
        s->tier = rows[i].tier;
        str_copy(s->review_date, sizeof s->review_date, rows[i].review_date);
        str_copy(s->end_date, sizeof s->end_date, rows[i].end_date);
        for (; j < nr && rows[j].provision_id == rows[i].provision_id; j++) {
            s->pupils++;
            if (rows[j].latest[0]) {
                memset(&latest[nl], 0, sizeof latest[nl]);
                latest[nl].score = rows[j].latest_score;
                nl++;
            }
            char due[11];
            enum review_state st = row_state(&rows[j], t, due);
            s->due += st == REVIEW_DUE;
            s->overdue += st == REVIEW_OVERDUE;
        }
        review_summarise(latest, nl, s);
        i = j;
    }
    if (!who)
        return 0;
    return audit_as(db, who, "list", "review", 0, 0, school_id, "review outcomes", e);
}
