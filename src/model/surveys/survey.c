#include "model/surveys/survey.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/problems.h"
#include "core/secret.h"
#include "core/str.h"
#include "db/db.h"
#include "model/register/audit.h"
#include "model/register/pupil.h"

/* meso's own statements: short, plain, each about one thing. */
const struct survey_item survey_items[SURVEY_N_ITEMS] = {
    { "listened", "When I talk to the school, I feel listened to.", "Feeling listened to" },
    { "informed", "I know what is happening for my child at school.", "Knowing what is happening" },
    { "targets", "The school and I agree together what my child will work on.",
      "Targets agreed together" },
    { "at_home", "I feel sure I can help my child at home.", "Confidence to help at home" },
    { "contact", "It is easy to get in touch with the school.", "Ease of contact" },
};
const char *const survey_answer_labels[SURVEY_N_ANSWERS] = { "No", "Not really", "Mostly", "Yes" };

double survey_score(const int answers[SURVEY_N_ITEMS])
{
    int n = 0, sum = 0;
    for (int i = 0; i < SURVEY_N_ITEMS; i++)
        if (answers[i] >= 1 && answers[i] <= SURVEY_N_ANSWERS) {
            n++;
            sum += answers[i];
        }
    if (n < SURVEY_MIN_ANSWERS)
        return -1;
    return ((double)sum / n - 1) / (SURVEY_N_ANSWERS - 1) * 100;
}

void survey_round_validate(const struct survey_round *r, struct problems *pr)
{
    if (str_blank(r->name))
        problems_add(pr, "name", "give the round a name, like \"Autumn 2026\"");
    else if (strlen(r->name) > 200 || !str_utf8_valid(r->name, strlen(r->name)))
        problems_add(pr, "name", "keep the name short (under 200 characters)");
    struct date o, c;
    bool ok_o = date_parse(r->opens_on, &o) == 0, ok_c = date_parse(r->closes_on, &c) == 0;
    if (!ok_o)
        problems_add(pr, "opens_on", "give the day it opens, like 2026-11-02");
    if (!ok_c)
        problems_add(pr, "closes_on", "give the day it closes, like 2026-11-20");
    if (ok_o && ok_c && date_cmp(c, o) < 0)
        problems_add(pr, "closes_on", "the round closes before it opens");
    else if (ok_o && ok_c && date_to_days(c) - date_to_days(o) > 366)
        problems_add(pr, "closes_on", "a round is open for a year at most");
}

int survey_round_add(struct db *db, struct survey_round *r, const struct audit_entry *who,
                     struct err *e)
{
    struct arena a;
    arena_init(&a, 1 << 16);
    struct problems pr;
    problems_init(&pr, &a);
    survey_round_validate(r, &pr);
    int rc = pr.n ? err_set(e, ERR_INPUT, "%s: %s", pr.items[0].field, pr.items[0].msg) : 0;
    arena_release(&a);
    if (rc || (rc = db_begin(db, e)))
        return rc;
    struct date o, c;
    date_parse(r->opens_on, &o);
    date_parse(r->closes_on, &c);
    date_iso(o, r->opens_on);
    date_iso(c, r->closes_on);
    char now[DATE_TS_LEN];
    date_timestamp(now);
    struct db_stmt *st;
    if ((rc = db_prepare(db, &st,
                         "INSERT INTO survey_round (school_id, name, opens_on, closes_on,"
                         " created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
                         e)) == 0) {
        db_bind_int(st, 1, r->school_id);
        db_bind_text(st, 2, r->name);
        db_bind_text(st, 3, r->opens_on);
        db_bind_text(st, 4, r->closes_on);
        db_bind_text(st, 5, who && who->actor ? who->actor : "unknown");
        db_bind_text(st, 6, now);
        rc = db_step_id(st, &r->id, e);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0)
        rc = audit_as(db, who, "create", "survey_round", r->id, 0, r->school_id, r->name, e);
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}

#define ROUND_COLS                                               \
    "SELECT r.id, r.school_id, r.name, r.opens_on, r.closes_on," \
    " (SELECT count(*) FROM survey_response s WHERE s.round_id = r.id) FROM survey_round r"

static int read_rounds(struct db_stmt *st, struct arena *a, struct survey_round **out, size_t *n,
                       struct err *e)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    int rc;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct survey_round *r = arena_push(a, out, n, &cap, sizeof *r);
        if (!r) {
            rc = err_set(e, ERR_NOMEM, "out of memory reading survey rounds");
            break;
        }
        r->id = db_col_int(st, 0);
        r->school_id = db_col_int(st, 1);
        r->name = arena_strdup(a, db_col_text(st, 2));
        str_copy(r->opens_on, sizeof r->opens_on, db_col_text(st, 3));
        str_copy(r->closes_on, sizeof r->closes_on, db_col_text(st, 4));
        r->responses = (int)db_col_int(st, 5);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int survey_rounds(struct db *db, struct arena *a, int64_t school_id, struct survey_round **out,
                  size_t *n, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(
        db, &st, ROUND_COLS " WHERE r.school_id = ?1 ORDER BY r.opens_on DESC, r.id DESC", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    return read_rounds(st, a, out, n, e);
}

static int one_round(struct db_stmt *st, struct arena *a, struct survey_round *out, struct err *e)
{
    struct survey_round *rs;
    size_t n;
    int rc = read_rounds(st, a, &rs, &n, e);
    if (rc)
        return rc;
    if (!n)
        return err_set(e, ERR_NOTFOUND, "no such survey round");
    *out = rs[0];
    return 0;
}

int survey_round_get(struct db *db, struct arena *a, int64_t school_id, int64_t id,
                     struct survey_round *out, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st, ROUND_COLS " WHERE r.id = ?1 AND r.school_id = ?2", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, school_id);
    return one_round(st, a, out, e);
}

int survey_round_open(struct db *db, struct arena *a, int64_t school_id, const char *on,
                      struct survey_round *out, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        ROUND_COLS " WHERE r.school_id = ?1 AND r.opens_on <= ?2"
                                   " AND r.closes_on >= ?2 ORDER BY r.opens_on DESC, r.id DESC",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, on);
    return one_round(st, a, out, e);
}

void survey_answers_validate(const int answers[SURVEY_N_ITEMS], struct problems *pr)
{
    static const char *const fields[SURVEY_N_ITEMS] = { "a1", "a2", "a3", "a4", "a5" };
    int n = 0;
    for (int i = 0; i < SURVEY_N_ITEMS; i++) {
        if (answers[i] < 0 || answers[i] > SURVEY_N_ANSWERS)
            problems_add(pr, fields[i], "Choose one of the answers");
        n += answers[i] > 0;
    }
    if (!n && !pr->n)
        problems_add(pr, "a1", "Choose an answer for at least one question");
}

static int check_answers(const int answers[SURVEY_N_ITEMS], struct err *e)
{
    struct arena a;
    arena_init(&a, 1 << 14);
    struct problems pr;
    problems_init(&pr, &a);
    survey_answers_validate(answers, &pr);
    int rc = pr.n ? err_set(e, ERR_INPUT, "%s: %s", pr.items[0].field, pr.items[0].msg) : 0;
    arena_release(&a);
    return rc;
}

static void bind_answers(struct db_stmt *st, int first, const int answers[SURVEY_N_ITEMS])
{
    for (int i = 0; i < SURVEY_N_ITEMS; i++)
        db_bind_int_or_null(st, first + i, answers[i], answers[i] == 0);
    double s = survey_score(answers);
    if (s < 0)
        db_bind_null(st, first + SURVEY_N_ITEMS);
    else
        db_bind_double(st, first + SURVEY_N_ITEMS, s);
}

int survey_answer_portal(struct db *db, int64_t round_id, int64_t school_id, int64_t pupil_id,
                         int64_t carer_id, const int answers[SURVEY_N_ITEMS],
                         const struct audit_entry *who, struct err *e)
{
    int rc = check_answers(answers, e);
    if (rc || (rc = db_begin(db, e)))
        return rc;
    char now[DATE_TS_LEN];
    date_timestamp(now);
    struct db_stmt *st;
    int64_t id = 0;
    if ((rc =
             db_prepare(db, &st,
                        "INSERT INTO survey_response (round_id, school_id, pupil_id, carer_id, via,"
                        " a1, a2, a3, a4, a5, score, answered_at)"
                        " VALUES (?1, ?2, ?3, ?4, 'portal', ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
                        " ON CONFLICT (round_id, pupil_id, carer_id) DO UPDATE SET"
                        " a1 = excluded.a1, a2 = excluded.a2, a3 = excluded.a3, a4 = excluded.a4,"
                        " a5 = excluded.a5, score = excluded.score,"
                        " answered_at = excluded.answered_at RETURNING id",
                        e)) == 0) {
        db_bind_int(st, 1, round_id);
        db_bind_int(st, 2, school_id);
        db_bind_int(st, 3, pupil_id);
        db_bind_int(st, 4, carer_id);
        bind_answers(st, 5, answers);
        db_bind_text(st, 11, now);
        rc = db_step_id(st, &id, e);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0)
        rc = audit_as(db, who, "create", "survey_response", id, pupil_id, school_id,
                      "answered the survey (portal)", e);
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}

int survey_answered(struct db *db, int64_t round_id, int64_t pupil_id, int64_t carer_id, bool *out,
                    struct err *e)
{
    *out = false;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT count(*) FROM survey_response"
                        " WHERE round_id = ?1 AND pupil_id = ?2 AND carer_id = ?3",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, round_id);
    db_bind_int(st, 2, pupil_id);
    db_bind_int(st, 3, carer_id);
    if ((rc = db_step(st, e)) == DB_ROW)
        *out = db_col_int(st, 0) > 0;
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* The code as typed, tidied: spaces and dashes dropped, upper case. */
static void tidy_code(const char *in, char *out, size_t cap)
{
    size_t k = 0;
    for (const char *p = in ? in : ""; *p && k + 1 < cap; p++) {
        char c = *p;
        if (c == ' ' || c == '-' || c == '\t')
            continue;
        out[k++] = (c >= 'a' && c <= 'z') ? (char)(c - 32) : c;
    }
    out[k] = '\0';
}

int survey_answer_code(struct db *db, const char *code, const char *today,
                       const int answers[SURVEY_N_ITEMS], const struct audit_entry *who,
                       struct err *e)
{
    int rc = check_answers(answers, e);
    if (rc)
        return rc;
    char tidy[64], hash[SECRET_HASH_LEN];
    tidy_code(code, tidy, sizeof tidy);
    secret_hash(tidy, hash);
    if ((rc = db_begin(db, e)))
        return rc;
    char now[DATE_TS_LEN];
    date_timestamp(now);
    struct db_stmt *st;
    int64_t code_id = 0, round_id = 0, pupil_id = 0, school_id = 0, id = 0;
    /* Used at once, so two answers sent together with one code give one. */
    if ((rc = db_prepare(db, &st,
                         "UPDATE survey_code SET used_at = ?2 WHERE code_hash = ?1"
                         " AND used_at IS NULL AND round_id IN (SELECT r.id FROM survey_round r"
                         " WHERE r.opens_on <= ?3 AND r.closes_on >= ?3)"
                         " RETURNING id, round_id, pupil_id",
                         e)) == 0) {
        db_bind_text(st, 1, hash);
        db_bind_text(st, 2, now);
        db_bind_text(st, 3, today);
        rc = db_step(st, e);
        if (rc == DB_ROW) {
            code_id = db_col_int(st, 0);
            round_id = db_col_int(st, 1);
            pupil_id = db_col_int(st, 2);
        }
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0 && !code_id)
        rc = err_set(e, ERR_NOTFOUND, "this code does not work");
    if (rc == 0 && (rc = db_prepare(db, &st,
                                    "INSERT INTO survey_response (round_id, school_id, pupil_id,"
                                    " carer_id, via, a1, a2, a3, a4, a5, score, answered_at)"
                                    " SELECT ?1, r.school_id, ?2, NULL, 'paper', ?3, ?4, ?5, ?6,"
                                    " ?7, ?8, ?9 FROM survey_round r WHERE r.id = ?1"
                                    " RETURNING id, school_id",
                                    e)) == 0) {
        db_bind_int(st, 1, round_id);
        db_bind_int(st, 2, pupil_id);
        bind_answers(st, 3, answers);
        db_bind_text(st, 9, now);
        rc = db_step(st, e);
        if (rc == DB_ROW) {
            id = db_col_int(st, 0);
            school_id = db_col_int(st, 1);
        }
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0)
        rc = audit_as(db, who, "create", "survey_response", id, pupil_id, school_id,
                      "answered the survey (paper code)", e);
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}

static int by_year_and_name(const void *x, const void *y)
{
    const struct survey_slip *a = x, *b = y;
    int c = strcmp(a->nc_year, b->nc_year);
    return c ? c : strcmp(a->name ? a->name : "", b->name ? b->name : "");
}

int survey_codes_make(struct db *db, struct arena *a, int64_t school_id, int64_t round_id,
                      const struct audit_entry *who, struct survey_slip **out, size_t *n,
                      struct err *e)
{
    *out = NULL;
    *n = 0;
    struct survey_round r;
    struct pupil_on_roll *ps;
    size_t n_ps;
    int rc = survey_round_get(db, a, school_id, round_id, &r, e);
    if (rc || (rc = pupil_roll(db, a, school_id, NULL, &ps, &n_ps, e)) || (rc = db_begin(db, e)))
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db, &st, "DELETE FROM survey_code WHERE round_id = ?1 AND used_at IS NULL",
                         e)) == 0) {
        db_bind_int(st, 1, round_id);
        rc = db_step(st, e);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    struct survey_slip *slips = n_ps ? arena_array(a, n_ps, sizeof *slips) : NULL;
    if (rc == 0 && n_ps && !slips)
        rc = err_set(e, ERR_NOMEM, "out of memory making codes");
    for (size_t i = 0; rc == 0 && i < n_ps; i++) {
        /* A family that answered on paper already keeps its used code. */
        if ((rc = db_prepare(
                 db, &st, "SELECT count(*) FROM survey_code WHERE round_id = ?1 AND pupil_id = ?2",
                 e)))
            break;
        db_bind_int(st, 1, round_id);
        db_bind_int(st, 2, ps[i].id);
        bool used = (rc = db_step(st, e)) == DB_ROW && db_col_int(st, 0) > 0;
        db_finalize(st);
        if (rc < 0)
            break;
        rc = 0;
        if (used)
            continue;
        struct survey_slip *s = &slips[(*n)++];
        s->pupil_id = ps[i].id;
        s->name = ps[i].name;
        str_copy(s->nc_year, sizeof s->nc_year, ps[i].nc_year);
        secret_code(s->code, SURVEY_CODE_LEN, SECRET_ALPHABET);
        char hash[SECRET_HASH_LEN];
        secret_hash(s->code, hash);
        if ((rc = db_prepare(db, &st,
                             "INSERT INTO survey_code (round_id, pupil_id, code_hash)"
                             " VALUES (?1, ?2, ?3)",
                             e)))
            break;
        db_bind_int(st, 1, round_id);
        db_bind_int(st, 2, ps[i].id);
        db_bind_text(st, 3, hash);
        rc = db_step(st, e);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0)
        rc = audit_as(db, who, "create", "survey_code", round_id, 0, school_id,
                      arena_sprintf(a, "%zu paper codes for %s", *n, r.name), e);
    if (rc) {
        db_rollback(db);
        *n = 0;
        return rc;
    }
    if (*n > 1)
        qsort(slips, *n, sizeof *slips, by_year_and_name);
    *out = slips;
    return db_commit(db, e);
}
