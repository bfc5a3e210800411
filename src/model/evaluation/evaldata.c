#include "model/evaluation/evaldata.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/mem.h"
#include "db/db.h"
#include "model/calendar/schoolyear.h"
#include "model/conversations/convreport.h"
#include "model/conversations/scope.h"
#include "model/register/audit.h"

const struct evaldata_outcome evaldata_outcomes[] = {
    { "sdq-teacher", "SDQ total difficulties (teacher)", EK_SDQ, "teacher", false, false },
    { "sdq-parent", "SDQ total difficulties (parent)", EK_SDQ, "parent", false, false },
    { "attendance", "attendance (%)", EK_ATTENDANCE, NULL, true, false },
    { "reading", "reading score", EK_ATTAINMENT, "reading", true, true },
    { "writing", "writing score", EK_ATTAINMENT, "writing", true, true },
    { "maths", "maths score", EK_ATTAINMENT, "maths", true, true },
    { "relationships", "positive relationships rating (teacher, 1-5)", EK_RELATIONSHIPS, "teacher",
      true, false },
    { "bullying", "bullying incidents", EK_BULLYING, NULL, false, false },
    { "parent-voice", "the family's score in the parents' survey (0-100)", EK_SURVEY, NULL, true,
      false },
};
const size_t evaldata_n_outcomes = sizeof evaldata_outcomes / sizeof evaldata_outcomes[0];

const char *const evaldata_indicator_names[EVALDATA_N_INDICATORS] = { "fidelity", "parent_reviews",
                                                                      "methods", "two_or_more" };
const char *const evaldata_indicator_labels[EVALDATA_N_INDICATORS] = {
    "mean fidelity of their conversations",
    "number of target reviews a parent took part in, per pupil",
    "range of methods used to tell families about progress",
    "share of their pupils with two or more conversations held",
};
const char *const evaldata_indicator_short[EVALDATA_N_INDICATORS] = {
    "Fidelity",
    "Reviews with a parent",
    "Ways of telling progress",
    "Two or more conversations",
};

const struct evaldata_outcome *evaldata_outcome(const char *name)
{
    for (size_t i = 0; name && i < evaldata_n_outcomes; i++)
        if (strcmp(evaldata_outcomes[i].name, name) == 0)
            return &evaldata_outcomes[i];
    return NULL;
}

static int cmp_row(const void *a, const void *b)
{
    int64_t x = ((const struct evaldata_row *)a)->pupil_id,
            y = ((const struct evaldata_row *)b)->pupil_id;
    return x < y ? -1 : x > y;
}

static struct evaldata_row *find(struct evaldata *d, int64_t pupil_id)
{
    struct evaldata_row key = { .pupil_id = pupil_id };
    return bsearch(&key, d->rows, d->n_rows, sizeof *d->rows, cmp_row);
}

/* The pupils' covariates. */
static int load_pupils(struct db *db, int64_t school_id, const char *from, const char *to,
                       struct evaldata *d, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT p.id, p.sex, coalesce(p.nc_year, ''), p.sen_provision, p.eal,"
                        " p.dob, EXISTS (SELECT 1 FROM fsm_period f WHERE f.pupil_id = p.id"
                        " AND f.start_date <= ?3 AND (f.end_date IS NULL OR f.end_date >= ?2))"
                        " FROM pupil p WHERE p.school_id = ?1",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, from);
    db_bind_text(st, 3, to);
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct evaldata_row *r = find(d, db_col_int(st, 0));
        if (!r)
            continue;
        snprintf(r->sex, sizeof r->sex, "%s", db_col_text(st, 1));
        snprintf(r->year_group, sizeof r->year_group, "%s", db_col_text(st, 2));
        snprintf(r->sen, sizeof r->sen, "%s", db_col_text(st, 3));
        r->eal = db_col_is_null(st, 4) ? "unknown" : db_col_int(st, 4) ? "yes" : "no";
        snprintf(r->birth_month, sizeof r->birth_month, "%.7s", db_col_text(st, 5));
        r->fsm = db_col_int(st, 6) != 0;
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static int term_rank(const char *t)
{
    return !strcmp(t, "summer") ? 3 : !strcmp(t, "spring") ? 2 : 1;
}

/* Attainment: each year's latest numeric result. */
static int load_attainment(struct db *db, int64_t school_id, int year, const char *subject,
                           struct evaldata *d, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT a.pupil_id, a.year, a.term, a.result FROM attainment a"
                        " JOIN pupil p ON p.id = a.pupil_id WHERE p.school_id = ?1"
                        " AND a.outcome = ?2 AND a.year IN (?3, ?4)",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, subject);
    db_bind_int(st, 3, year - 1);
    db_bind_int(st, 4, year);
    int *best = mem_calloc(2 * (d->n_rows + 1), sizeof *best);
    if (!best) {
        db_finalize(st);
        return err_set(e, ERR_NOMEM, "out of memory");
    }
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct evaldata_row *r = find(d, db_col_int(st, 0));
        const char *res = db_col_text(st, 3);
        char *end;
        double v = strtod(res, &end);
        if (!r || end == res || *end || !isfinite(v))
            continue; /* levels (EXS, 6b) are not scores */
        size_t i = (size_t)(r - d->rows);
        int cur = db_col_int(st, 1) == year, rank = term_rank(db_col_text(st, 2));
        if (rank > best[2 * i + cur]) {
            best[2 * i + cur] = rank;
            if (cur)
                r->outcome = v;
            else
                r->baseline = v;
        }
    }
    mem_free(best);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* Attendance: each year's mean percentage. */
static int load_attendance(struct db *db, int64_t school_id, int year, struct evaldata *d,
                           struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT a.pupil_id, a.year, avg(a.percent) FROM attendance a"
                        " JOIN pupil p ON p.id = a.pupil_id WHERE p.school_id = ?1"
                        " AND a.year IN (?2, ?3) GROUP BY a.pupil_id, a.year",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_int(st, 2, year - 1);
    db_bind_int(st, 3, year);
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct evaldata_row *r = find(d, db_col_int(st, 0));
        if (!r)
            continue;
        if (db_col_int(st, 1) == year)
            r->outcome = db_col_double(st, 2);
        else
            r->baseline = db_col_double(st, 2);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* Dated scores (SDQ totals, relationship ratings), oldest first per pupil:
 * the outcome is the latest in the year; the baseline the latest before the
 * year began, else the earliest in the year before the outcome. */
static int load_dated(struct db *db, struct db_stmt *st, const char *start, struct evaldata *d,
                      struct err *e)
{
    int rc;
    (void)db;
    struct evaldata_row *prev = NULL;
    double before = NAN, first_in = NAN;
    char first_on[11] = "", last_on[11] = "";
    for (;;) {
        rc = db_step(st, e);
        struct evaldata_row *r = rc == DB_ROW ? find(d, db_col_int(st, 0)) : NULL;
        if (rc != DB_ROW || r != prev) {
            if (prev && !isnan(prev->outcome)) {
                if (!isnan(before))
                    prev->baseline = before;
                else if (!isnan(first_in) && strcmp(first_on, last_on) < 0)
                    prev->baseline = first_in;
            }
            prev = r;
            before = first_in = NAN;
            first_on[0] = last_on[0] = '\0';
        }
        if (rc != DB_ROW)
            break;
        if (!r)
            continue;
        const char *on = db_col_text(st, 1);
        double v = db_col_double(st, 2);
        if (strcmp(on, start) < 0) {
            before = v;
        } else {
            if (isnan(first_in)) {
                first_in = v;
                snprintf(first_on, sizeof first_on, "%s", on);
            }
            r->outcome = v;
            snprintf(last_on, sizeof last_on, "%s", on);
        }
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static int load_sdq(struct db *db, int64_t school_id, const char *from, const char *start,
                    const char *to, const char *informant, struct evaldata *d, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT a.pupil_id, a.assessed_on, s.value FROM assessment a"
                        " JOIN assessment_score s ON s.assessment_id = a.id"
                        " JOIN pupil p ON p.id = a.pupil_id WHERE p.school_id = ?1"
                        " AND substr(a.instrument, 1, 4) = 'sdq-' AND a.informant = ?2"
                        " AND s.score = 'total' AND s.value IS NOT NULL"
                        " AND a.assessed_on BETWEEN ?3 AND ?4 ORDER BY a.pupil_id, a.assessed_on",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, informant);
    db_bind_text(st, 3, from);
    db_bind_text(st, 4, to);
    return load_dated(db, st, start, d, e);
}

static int load_relationships(struct db *db, int64_t school_id, const char *from, const char *start,
                              const char *to, const char *rater, struct evaldata *d, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT r.pupil_id, r.rated_on, r.rating FROM relationship_rating r"
                        " JOIN pupil p ON p.id = r.pupil_id WHERE p.school_id = ?1"
                        " AND r.rater = ?2 AND r.rated_on BETWEEN ?3 AND ?4"
                        " ORDER BY r.pupil_id, r.rated_on",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, rater);
    db_bind_text(st, 3, from);
    db_bind_text(st, 4, to);
    return load_dated(db, st, start, d, e);
}

/* The parents' survey: each answer's score (0-100) with the day it was
 * given, dated like the other scores (survey.h). Several carers of one child
 * in a round each give one; the latest counts, as for any dated score. */
static int load_survey(struct db *db, int64_t school_id, const char *from, const char *start,
                       const char *to, struct evaldata *d, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT pupil_id, substr(answered_at, 1, 10), score FROM survey_response"
                        " WHERE school_id = ?1 AND score IS NOT NULL"
                        " AND substr(answered_at, 1, 10) BETWEEN ?2 AND ?3"
                        " ORDER BY pupil_id, answered_at, id",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, from);
    db_bind_text(st, 3, to);
    return load_dated(db, st, start, d, e);
}

/* Bullying: incidents against each pupil in the year and the year before
 * (none recorded counts 0). */
static int load_bullying(struct db *db, int64_t school_id, const char *from, const char *start,
                         const char *to, struct evaldata *d, struct err *e)
{
    for (size_t i = 0; i < d->n_rows; i++)
        d->rows[i].outcome = d->rows[i].baseline = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT b.pupil_id, b.occurred_on FROM bullying_incident b"
                        " JOIN pupil p ON p.id = b.pupil_id WHERE p.school_id = ?1"
                        " AND b.occurred_on BETWEEN ?2 AND ?3",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, from);
    db_bind_text(st, 3, to);
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct evaldata_row *r = find(d, db_col_int(st, 0));
        if (r) {
            if (strcmp(db_col_text(st, 1), start) < 0)
                r->baseline += 1;
            else
                r->outcome += 1;
        }
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* The key teachers' indicators from the conversations report. */
static void set_indicators(struct evaldata *d, const struct convreport *rep)
{
    d->n_conversations = (size_t)(rep->all.conversations > 0 ? rep->all.conversations : 0);
    for (size_t i = 0; i < d->n_rows; i++) {
        struct evaldata_row *r = &d->rows[i];
        for (size_t k = 0; k < EVALDATA_N_INDICATORS; k++)
            r->indicator[k] = NAN;
        for (size_t t = 0; r->teacher_id && t < rep->n_teachers; t++) {
            const struct cs_figures *f = &rep->teachers[t].figures;
            if (rep->teachers[t].staff_id != r->teacher_id || f->pupils_in_scope <= 0)
                continue;
            r->indicator[0] = f->mean_fidelity >= 0 ? f->mean_fidelity : NAN;
            r->indicator[1] =
                f->reviews_with_parent_per_pupil >= 0 ? f->reviews_with_parent_per_pupil : NAN;
            r->indicator[2] = f->progress_methods_mean >= 0 ? f->progress_methods_mean : NAN;
            r->indicator[3] = f->share_with_2_or_more >= 0 ? f->share_with_2_or_more : NAN;
        }
    }
}

int evaldata_load(struct db *db, struct arena *a, int64_t school_id, int year,
                  const struct evaldata_outcome *outcome, const struct audit_entry *who,
                  struct evaldata *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    if (!outcome)
        return err_set(e, ERR_INPUT, "unknown outcome");
    out->outcome = outcome;
    out->year = year;
    char from[11], start[11], to[11];
    date_iso(schoolyear_start(year - 1), from);
    date_iso(schoolyear_start(year), start);
    date_iso(schoolyear_end(year), to);
    struct convreport rep;
    int rc = convreport_build(db, a, school_id, year, who, &rep, e);
    if (rc)
        return rc;
    struct scope_filter sf = { .school_id = school_id, .year = year, .today = date_today() };
    struct scope_entry *sc;
    size_t n_sc;
    if ((rc = scope_list(db, a, &sf, who, &sc, &n_sc, e)))
        return rc;
    out->n_in_scope = n_sc;
    out->rows = arena_array(a, n_sc ? n_sc : 1, sizeof *out->rows);
    if (!out->rows)
        return err_set(e, ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n_sc; i++) {
        struct evaldata_row *r = &out->rows[out->n_rows++];
        r->pupil_id = sc[i].pupil_id;
        r->teacher_id = sc[i].key_teacher_id;
        r->outcome = r->baseline = NAN;
        r->eal = "unknown";
    }
    qsort(out->rows, out->n_rows, sizeof *out->rows, cmp_row);
    set_indicators(out, &rep);
    if ((rc = load_pupils(db, school_id, start, to, out, e)))
        return rc;
    switch (outcome->kind) {
    case EK_ATTAINMENT:
        rc = load_attainment(db, school_id, year, outcome->detail, out, e);
        break;
    case EK_ATTENDANCE:
        rc = load_attendance(db, school_id, year, out, e);
        break;
    case EK_SDQ:
        rc = load_sdq(db, school_id, from, start, to, outcome->detail, out, e);
        break;
    case EK_RELATIONSHIPS:
        rc = load_relationships(db, school_id, from, start, to, outcome->detail, out, e);
        break;
    case EK_BULLYING:
        rc = load_bullying(db, school_id, from, start, to, out, e);
        break;
    case EK_SURVEY:
        rc = load_survey(db, school_id, from, start, to, out, e);
        break;
    }
    if (rc)
        return rc;
    return audit_as(db, who, "report", "evaluation", 0, 0, school_id,
                    arena_sprintf(a, "implementation analysis %d %s", year, outcome->name), e);
}
