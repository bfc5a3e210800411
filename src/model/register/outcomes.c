#include "model/register/outcomes.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "db/db.h"
#include "model/register/audit.h"
#include "model/calendar/schoolyear.h"

/* ---- code lists ---------------------------------------------------------- */

static int load_list(struct db *db, struct arena *a, struct db_stmt *st, struct outcome_code **out,
                     size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    int rc;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct outcome_code *c = arena_push(a, out, n, &cap, sizeof *c);
        if (!c) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        c->code = arena_strdup(a, db_col_text(st, 0));
        c->label = db_col_is_null(st, 1) ? NULL : arena_strdup(a, db_col_text(st, 1));
        c->census = db_col_is_null(st, 2) ? NULL : arena_strdup(a, db_col_text(st, 2));
    }
    db_finalize(st);
    (void)db;
    return rc < 0 ? rc : 0;
}

int outcome_codes_load(struct db *db, struct arena *a, struct outcome_codes *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *st;
    int rc = db_prepare(
        db, &st, "SELECT code, label, census FROM exclusion_category ORDER BY position, code", e);
    if (rc || (rc = load_list(db, a, st, &out->categories, &out->n_categories, e)))
        return rc;
    if ((rc = db_prepare(db, &st,
                         "SELECT code, label, NULL FROM exclusion_reason ORDER BY position, code",
                         e)) ||
        (rc = load_list(db, a, st, &out->reasons, &out->n_reasons, e)))
        return rc;
    if ((rc = db_prepare(
             db, &st, "SELECT code, label, NULL FROM bullying_type ORDER BY position, code", e)) ||
        (rc = load_list(db, a, st, &out->bullying, &out->n_bullying, e)))
        return rc;
    return 0;
}

const char *outcome_code_label(const struct outcome_code *list, size_t n, const char *code)
{
    for (size_t i = 0; code && i < n; i++)
        if (!strcmp(list[i].code, code))
            return list[i].label;
    return NULL;
}

/* ---- terms --------------------------------------------------------------- */

static int term_word(const char *w)
{
    static const char *const names[][4] = {
        { "autumn", "aut", "autumnterm", "fall" },
        { "spring", "spr", "springterm", NULL },
        { "summer", "sum", "summerterm", NULL },
    };
    char k[24];
    str_key(k, sizeof k, w);
    for (int t = 0; t < 3; t++)
        for (int j = 0; j < 4 && names[t][j]; j++)
            if (!strcmp(k, names[t][j]))
                return t;
    return -1;
}

/* "2024", "2024-25", "2024/25" as a school year; or for a calendar year given
 * with a term, the school year that term falls in. */
static int year_word(const char *w, int term, int *out)
{
    char buf[16];
    if (str_copy(buf, sizeof buf, w) >= sizeof buf)
        return ERR_INPUT;
    for (char *p = buf; *p; p++)
        if (*p == '/')
            *p = '-';
    int y;
    if (schoolyear_parse_year(buf, &y) != 0)
        return ERR_INPUT;
    /* A bare calendar year with spring or summer is the second half of the
     * school year that began the September before. */
    if (!strchr(buf, '-') && term > 0)
        y--;
    *out = y;
    return 0;
}

int outcome_parse_term(const char *term, const char *year, int *school_year, const char **term_out,
                       char *why, size_t cap)
{
    char buf[64];
    if (!term || str_blank(term)) {
        snprintf(why, cap, "the term is missing (autumn, spring or summer)");
        return ERR_INPUT;
    }
    if (str_copy(buf, sizeof buf, term) >= sizeof buf) {
        snprintf(why, cap, "'%.40s...' is not a term", term);
        return ERR_INPUT;
    }
    /* Split "Autumn 2024" or "2024-25 Autumn" into two words. */
    char *words[3] = { 0 };
    int nw = 0;
    for (char *p = buf; *p && nw < 3;) {
        while (*p == ' ' || *p == '\t')
            *p++ = '\0';
        if (!*p)
            break;
        words[nw++] = p;
        while (*p && *p != ' ' && *p != '\t')
            p++;
    }
    int t = -1, y = -1, ty = -1;
    const char *yword = NULL;
    for (int i = 0; i < nw; i++) {
        int w = term_word(words[i]);
        if (w >= 0 && t < 0)
            t = w;
        else if (!yword && words[i][0] >= '0' && words[i][0] <= '9')
            yword = words[i];
        else if (!strcmp(words[i], "term") || !strcmp(words[i], "Term"))
            continue;
        else
            t = -2;
    }
    if (t < 0) {
        snprintf(why, cap, "'%.40s' is not a term; use autumn, spring or summer", term);
        return ERR_INPUT;
    }
    if (yword && year_word(yword, t, &ty) != 0) {
        snprintf(why, cap, "'%.40s' does not give a year like 2024 or 2024-25", term);
        return ERR_INPUT;
    }
    if (year && !str_blank(year)) {
        char yb[16];
        str_copy(yb, sizeof yb, year);
        str_trim(yb);
        for (char *p = yb; *p; p++)
            if (*p == '/')
                *p = '-';
        if (schoolyear_parse_year(yb, &y) != 0) {
            snprintf(why, cap, "'%.20s' is not a school year; use 2024 or 2024-25", year);
            return ERR_INPUT;
        }
        if (ty >= 0 && ty != y) {
            char a[8], b[8];
            schoolyear_label(ty, a, sizeof a);
            schoolyear_label(y, b, sizeof b);
            snprintf(why, cap, "'%.40s' is in %s, but the school year given is %s", term, a, b);
            return ERR_INPUT;
        }
    } else {
        y = ty;
    }
    if (y < 0) {
        snprintf(why, cap,
                 "say which school year: add a School Year column, or write the term as "
                 "'Autumn 2024'");
        return ERR_INPUT;
    }
    *school_year = y;
    *term_out = term_names[t];
    return 0;
}

/* ---- parsers ------------------------------------------------------------- */

const char *outcome_for_subject(const char *subject)
{
    char k[64];
    str_key(k, sizeof k, subject ? subject : "");
    if (strstr(k, "read"))
        return "reading";
    if (strstr(k, "writ"))
        return "writing";
    if (strstr(k, "math") || strstr(k, "numeracy"))
        return "maths";
    return NULL;
}

void attainment_validate(struct attainment *a, struct problems *pr)
{
    size_t n = a->subject ? strlen(a->subject) : 0;
    if (n == 0)
        problems_add(pr, "subject", "the subject is missing");
    else if (n > 60)
        problems_add(pr, "subject", "the subject is longer than 60 characters");
    n = a->result ? strlen(a->result) : 0;
    if (n == 0)
        problems_add(pr, "result", "the result (a score or level) is missing");
    else if (n > 40)
        problems_add(pr, "result", "the result is longer than 40 characters");
    if (a->target && strlen(a->target) > 40)
        problems_add(pr, "target", "the target is longer than 40 characters");
    a->outcome = outcome_for_subject(a->subject);
}

int outcome_parse_percent(const char *s, double *out, char *why, size_t cap)
{
    char buf[32];
    if (!s || str_copy(buf, sizeof buf, s) >= sizeof buf) {
        snprintf(why, cap, "'%.20s' is not a percentage", s ? s : "");
        return ERR_INPUT;
    }
    str_trim(buf);
    size_t n = strlen(buf);
    if (n && buf[n - 1] == '%')
        buf[--n] = '\0';
    double v;
    if (!n || str_to_double(buf, &v) != 0 || v < 0 || v > 100) {
        snprintf(why, cap, "'%.20s' is not a percentage from 0 to 100", s);
        return ERR_INPUT;
    }
    *out = v;
    return 0;
}

int outcome_parse_category(const struct outcome_codes *c, const char *s, const char **out,
                           char *why, size_t cap)
{
    static const struct {
        const char *word, *code;
    } words[] = {
        { "fixedperiod", "suspension" },
        { "fixedterm", "suspension" },
        { "fixedperiodexclusion", "suspension" },
        { "suspended", "suspension" },
        { "fixed", "suspension" },
        { "permanentexclusion", "permanent" },
        { "permanentlyexcluded", "permanent" },
        { "excluded", "permanent" },
    };
    char k[40];
    str_key(k, sizeof k, s ? s : "");
    const char *code = NULL;
    for (size_t i = 0; *k && !code && i < c->n_categories; i++) {
        char ck[40], cen[16];
        str_key(ck, sizeof ck, c->categories[i].code);
        str_key(cen, sizeof cen, c->categories[i].census ? c->categories[i].census : "");
        if (!strcmp(k, ck) || !strcmp(k, cen))
            code = c->categories[i].code;
    }
    for (size_t i = 0; *k && !code && i < sizeof words / sizeof words[0]; i++)
        if (!strcmp(k, words[i].word))
            code = words[i].code;
    /* The words must name a category the database knows. */
    for (size_t i = 0; code && i < c->n_categories; i++)
        if (!strcmp(c->categories[i].code, code)) {
            *out = c->categories[i].code;
            return 0;
        }
    snprintf(why, cap, "'%.40s' is not a category; use suspension (FIXD) or permanent (PERM)",
             s ? s : "");
    return ERR_INPUT;
}

int outcome_parse_reason(const struct outcome_codes *c, const char *s, char out[3], char *why,
                         size_t cap)
{
    out[0] = '\0';
    if (!s || str_blank(s))
        return 0;
    char k[8];
    str_key(k, sizeof k, s);
    for (size_t i = 0; i < c->n_reasons; i++)
        if (str_ieq(k, c->reasons[i].code)) {
            str_copy(out, 3, c->reasons[i].code);
            return 0;
        }
    snprintf(why, cap, "'%.20s' is not a reason code (see meso outcome codes)", s);
    return ERR_INPUT;
}

int outcome_parse_bullying_type(const struct outcome_codes *c, const char *s, const char **out,
                                char *why, size_t cap)
{
    static const struct {
        const char *word, *code;
    } words[] = {
        { "cyber", "online" },         { "cyberbullying", "online" },  { "racist", "prejudice" },
        { "homophobic", "prejudice" }, { "transphobic", "prejudice" }, { "disablist", "prejudice" },
        { "sexist", "prejudice" },     { "emotional", "social" },      { "relational", "social" },
        { "exclusion", "social" },
    };
    char k[64];
    str_key(k, sizeof k, s ? s : "");
    const char *code = *k ? NULL : "other";
    for (size_t i = 0; !code && i < c->n_bullying; i++) {
        char ck[64], lk[64];
        str_key(ck, sizeof ck, c->bullying[i].code);
        str_key(lk, sizeof lk, c->bullying[i].label ? c->bullying[i].label : "");
        if (!strcmp(k, ck) || !strcmp(k, lk))
            code = c->bullying[i].code;
    }
    for (size_t i = 0; !code && i < sizeof words / sizeof words[0]; i++)
        if (!strcmp(k, words[i].word))
            code = words[i].code;
    for (size_t i = 0; code && i < c->n_bullying; i++)
        if (!strcmp(c->bullying[i].code, code)) {
            *out = c->bullying[i].code;
            return 0;
        }
    snprintf(why, cap, "'%.40s' is not a kind of bullying meso knows (see meso outcome codes)",
             s ? s : "");
    return ERR_INPUT;
}

const char *outcome_rating_label(int rating)
{
    static const char *const labels[] = { "not yet", "a few", "some", "good", "very good" };
    return rating >= 1 && rating <= 5 ? labels[rating - 1] : NULL;
}

int outcome_parse_rater(const char *s, const char **out, char *why, size_t cap)
{
    static const struct {
        const char *word, *rater;
    } words[] = {
        { "teacher", "teacher" },    { "t", "teacher" },           { "staff", "teacher" },
        { "school", "teacher" },     { "parent", "parent" },       { "carer", "parent" },
        { "parentcarer", "parent" }, { "parent/carer", "parent" }, { "p", "parent" },
        { "pupil", "pupil" },        { "child", "pupil" },         { "self", "pupil" },
    };
    char k[32];
    str_key(k, sizeof k, s ? s : "");
    for (size_t i = 0; *k && i < sizeof words / sizeof words[0]; i++)
        if (!strcmp(k, words[i].word)) {
            *out = words[i].rater;
            return 0;
        }
    snprintf(why, cap, "'%.40s' is not a rater; use teacher, parent or pupil", s ? s : "");
    return ERR_INPUT;
}

/* ---- saving -------------------------------------------------------------- */

struct saver {
    struct db *db;
    const struct audit_entry *who;
    int64_t school_id, pupil_id;
    const char *entity;
    char now[DATE_TS_LEN];
};

static const char *actor(const struct saver *s)
{
    return s->who && s->who->actor ? s->who->actor : "unknown";
}

/* After the caller found (or not) the existing row and wrote the change:
 * audit it. */
static int audited(struct saver *s, int64_t id, bool added, const char *detail, struct err *e)
{
    struct audit_entry au = { .actor = actor(s),
                              .address = s->who ? s->who->address : NULL,
                              .action = added ? "create" : "update",
                              .entity = s->entity,
                              .entity_id = id,
                              .pupil_id = s->pupil_id,
                              .school_id = s->school_id,
                              .detail = detail };
    return audit_log(s->db, &au, e);
}

static bool eq(const char *a, const char *b)
{
    return !strcmp(a ? a : "", b ? b : "");
}

/* Run st (already bound) to the end; 0 or the error. */
/* Run an INSERT ... RETURNING id (or an UPDATE: *id is then 0) and
 * finalize it. */
static int step_id(struct db_stmt *st, int64_t *id, struct err *e)
{
    int rc = db_step_id(st, id, e);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* Who saves what, and when: one time stamp for the change. */
#define SAVE_BEGIN(s, db_, who_, school_, pupil_, entity_) \
    struct saver s = { .db = (db_),                        \
                       .who = (who_),                      \
                       .school_id = (school_),             \
                       .pupil_id = (pupil_),               \
                       .entity = (entity_) };              \
    date_timestamp(s.now)

int attainment_save(struct db *db, const struct audit_entry *who, int64_t school_id,
                    struct attainment *x, const char *source, enum outcome_save_result *res,
                    struct err *e)
{
    SAVE_BEGIN(s, db, who, school_id, x->pupil_id, "attainment");
    x->outcome = outcome_for_subject(x->subject);
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db, &st,
                         "SELECT id, result, target, subject FROM attainment WHERE pupil_id = ?1"
                         " AND year = ?2 AND term = ?3 AND subject = ?4",
                         e)))
        goto fail;
    db_bind_int(st, 1, x->pupil_id);
    db_bind_int(st, 2, x->year);
    db_bind_text(st, 3, x->term);
    db_bind_text(st, 4, x->subject);
    rc = db_step(st, e);
    int64_t old = rc == DB_ROW ? db_col_int(st, 0) : 0;
    bool same = rc == DB_ROW && eq(db_col_text(st, 1), x->result) &&
                eq(db_col_text(st, 2), x->target) && eq(db_col_text(st, 3), x->subject);
    db_finalize(st);
    if (rc < 0)
        goto fail;
    if (same) {
        x->id = old;
        *res = OUTCOME_UNCHANGED;
        db_rollback(db);
        return 0;
    }
    if (old)
        rc = db_prepare(db, &st,
                        "UPDATE attainment SET subject = ?4, outcome = ?5, result = ?6,"
                        " target = ?7, source = ?8, recorded_by = ?9, recorded_at = ?10"
                        " WHERE id = ?11",
                        e);
    else
        rc = db_prepare(db, &st,
                        "INSERT INTO attainment (pupil_id, year, term, subject, outcome, result,"
                        " target, source, recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5,"
                        " ?6, ?7, ?8, ?9, ?10) RETURNING id",
                        e);
    if (rc)
        goto fail;
    db_bind_int(st, 1, x->pupil_id);
    db_bind_int(st, 2, x->year);
    db_bind_text(st, 3, x->term);
    db_bind_text(st, 4, x->subject);
    db_bind_text(st, 5, x->outcome);
    db_bind_text(st, 6, x->result);
    db_bind_text(st, 7, x->target && *x->target ? x->target : NULL);
    db_bind_text(st, 8, source);
    db_bind_text(st, 9, actor(&s));
    db_bind_text(st, 10, s.now);
    if (old)
        db_bind_int(st, 11, old);
    int64_t new_id;
    if ((rc = step_id(st, &new_id, e)))
        goto fail;
    x->id = old ? old : new_id;
    char detail[160];
    snprintf(detail, sizeof detail, "%s %s %d: %.60s", x->subject, x->term, x->year, source);
    if ((rc = audited(&s, x->id, !old, detail, e)))
        goto fail;
    *res = old ? OUTCOME_UPDATED : OUTCOME_ADDED;
    return db_commit(db, e);
fail:
    db_rollback(db);
    return rc;
}

int attendance_save(struct db *db, const struct audit_entry *who, int64_t school_id,
                    struct attendance *x, const char *source, enum outcome_save_result *res,
                    struct err *e)
{
    SAVE_BEGIN(s, db, who, school_id, x->pupil_id, "attendance");
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db, &st,
                         "SELECT id, percent, coalesce(sessions_possible, -1),"
                         " coalesce(sessions_attended, -1) FROM attendance WHERE pupil_id = ?1"
                         " AND year = ?2 AND term = ?3",
                         e)))
        goto fail;
    db_bind_int(st, 1, x->pupil_id);
    db_bind_int(st, 2, x->year);
    db_bind_text(st, 3, x->term);
    rc = db_step(st, e);
    int64_t old = rc == DB_ROW ? db_col_int(st, 0) : 0;
    bool same = rc == DB_ROW && fabs(db_col_double(st, 1) - x->percent) < 1e-9 &&
                db_col_int(st, 2) == x->sessions_possible &&
                db_col_int(st, 3) == x->sessions_attended;
    db_finalize(st);
    if (rc < 0)
        goto fail;
    if (same) {
        x->id = old;
        *res = OUTCOME_UNCHANGED;
        db_rollback(db);
        return 0;
    }
    if (old)
        rc = db_prepare(db, &st,
                        "UPDATE attendance SET percent = ?4, sessions_possible = ?5,"
                        " sessions_attended = ?6, source = ?7, recorded_by = ?8, recorded_at = ?9"
                        " WHERE id = ?10",
                        e);
    else
        rc = db_prepare(db, &st,
                        "INSERT INTO attendance (pupil_id, year, term, percent, sessions_possible,"
                        " sessions_attended, source, recorded_by, recorded_at) VALUES (?1, ?2, ?3,"
                        " ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
                        e);
    if (rc)
        goto fail;
    db_bind_int(st, 1, x->pupil_id);
    db_bind_int(st, 2, x->year);
    db_bind_text(st, 3, x->term);
    db_bind_double(st, 4, x->percent);
    db_bind_int_or_null(st, 5, x->sessions_possible, x->sessions_possible < 0);
    db_bind_int_or_null(st, 6, x->sessions_attended, x->sessions_attended < 0);
    db_bind_text(st, 7, source);
    db_bind_text(st, 8, actor(&s));
    db_bind_text(st, 9, s.now);
    if (old)
        db_bind_int(st, 10, old);
    int64_t new_id;
    if ((rc = step_id(st, &new_id, e)))
        goto fail;
    x->id = old ? old : new_id;
    char detail[160];
    snprintf(detail, sizeof detail, "%s %d: %.60s", x->term, x->year, source);
    if ((rc = audited(&s, x->id, !old, detail, e)))
        goto fail;
    *res = old ? OUTCOME_UPDATED : OUTCOME_ADDED;
    return db_commit(db, e);
fail:
    db_rollback(db);
    return rc;
}

int exclusion_save(struct db *db, const struct audit_entry *who, int64_t school_id,
                   struct exclusion *x, const char *source, enum outcome_save_result *res,
                   struct err *e)
{
    SAVE_BEGIN(s, db, who, school_id, x->pupil_id, "exclusion");
    if (!strcmp(x->category, "suspension") && x->sessions < 1)
        return err_set(e, ERR_INPUT, "a suspension needs the number of sessions (half days)");
    if (!x->reasons[0][0])
        return err_set(e, ERR_INPUT, "at least one reason code is needed");
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db, &st,
                         "SELECT id, coalesce(sessions, -1), reason1, coalesce(reason2, ''),"
                         " coalesce(reason3, '') FROM exclusion WHERE pupil_id = ?1"
                         " AND start_date = ?2 AND category = ?3",
                         e)))
        goto fail;
    db_bind_int(st, 1, x->pupil_id);
    db_bind_text(st, 2, x->start_date);
    db_bind_text(st, 3, x->category);
    rc = db_step(st, e);
    int64_t old = rc == DB_ROW ? db_col_int(st, 0) : 0;
    bool same = rc == DB_ROW && db_col_int(st, 1) == x->sessions &&
                eq(db_col_text(st, 2), x->reasons[0]) && eq(db_col_text(st, 3), x->reasons[1]) &&
                eq(db_col_text(st, 4), x->reasons[2]);
    db_finalize(st);
    if (rc < 0)
        goto fail;
    if (same) {
        x->id = old;
        *res = OUTCOME_UNCHANGED;
        db_rollback(db);
        return 0;
    }
    if (old)
        rc = db_prepare(db, &st,
                        "UPDATE exclusion SET sessions = ?4, reason1 = ?5, reason2 = ?6,"
                        " reason3 = ?7, source = ?8, recorded_by = ?9, recorded_at = ?10"
                        " WHERE id = ?11",
                        e);
    else
        rc = db_prepare(db, &st,
                        "INSERT INTO exclusion (pupil_id, start_date, category, sessions, reason1,"
                        " reason2, reason3, source, recorded_by, recorded_at) VALUES (?1, ?2, ?3,"
                        " ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
                        e);
    if (rc)
        goto fail;
    db_bind_int(st, 1, x->pupil_id);
    db_bind_text(st, 2, x->start_date);
    db_bind_text(st, 3, x->category);
    db_bind_int_or_null(st, 4, x->sessions, x->sessions < 0);
    db_bind_text(st, 5, x->reasons[0]);
    db_bind_text(st, 6, x->reasons[1][0] ? x->reasons[1] : NULL);
    db_bind_text(st, 7, x->reasons[2][0] ? x->reasons[2] : NULL);
    db_bind_text(st, 8, source);
    db_bind_text(st, 9, actor(&s));
    db_bind_text(st, 10, s.now);
    if (old)
        db_bind_int(st, 11, old);
    int64_t new_id;
    if ((rc = step_id(st, &new_id, e)))
        goto fail;
    x->id = old ? old : new_id;
    char detail[160];
    snprintf(detail, sizeof detail, "%s from %s: %.60s", x->category, x->start_date, source);
    if ((rc = audited(&s, x->id, !old, detail, e)))
        goto fail;
    *res = old ? OUTCOME_UPDATED : OUTCOME_ADDED;
    return db_commit(db, e);
fail:
    db_rollback(db);
    return rc;
}

int bullying_save(struct db *db, const struct audit_entry *who, int64_t school_id,
                  struct bullying *x, const char *source, enum outcome_save_result *res,
                  struct err *e)
{
    SAVE_BEGIN(s, db, who, school_id, x->pupil_id, "bullying");
    const char *ref = x->reference ? x->reference : "";
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db, &st,
                         "SELECT id FROM bullying_incident WHERE pupil_id = ?1 AND occurred_on = ?2"
                         " AND type = ?3 AND reference = ?4",
                         e)))
        goto fail;
    db_bind_int(st, 1, x->pupil_id);
    db_bind_text(st, 2, x->occurred_on);
    db_bind_text(st, 3, x->type);
    db_bind_text(st, 4, ref);
    rc = db_step(st, e);
    int64_t old = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_finalize(st);
    if (rc < 0)
        goto fail;
    if (old) { /* every field is in the key */
        x->id = old;
        *res = OUTCOME_UNCHANGED;
        db_rollback(db);
        return 0;
    }
    if ((rc = db_prepare(
             db, &st,
             "INSERT INTO bullying_incident (pupil_id, occurred_on, type, reference,"
             " source, recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
             e)))
        goto fail;
    db_bind_int(st, 1, x->pupil_id);
    db_bind_text(st, 2, x->occurred_on);
    db_bind_text(st, 3, x->type);
    db_bind_text(st, 4, ref);
    db_bind_text(st, 5, source);
    db_bind_text(st, 6, actor(&s));
    db_bind_text(st, 7, s.now);
    if ((rc = step_id(st, &x->id, e)))
        goto fail;
    char detail[160];
    snprintf(detail, sizeof detail, "%s on %s: %.60s", x->type, x->occurred_on, source);
    if ((rc = audited(&s, x->id, true, detail, e)))
        goto fail;
    *res = OUTCOME_ADDED;
    return db_commit(db, e);
fail:
    db_rollback(db);
    return rc;
}

int relationship_save(struct db *db, const struct audit_entry *who, int64_t school_id,
                      struct relationship_rating *x, const char *source,
                      enum outcome_save_result *res, struct err *e)
{
    SAVE_BEGIN(s, db, who, school_id, x->pupil_id, "relationships");
    if (x->rating < 1 || x->rating > 5)
        return err_set(e, ERR_INPUT, "a rating is from 1 to 5");
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db, &st,
                         "SELECT id, rating FROM relationship_rating WHERE pupil_id = ?1"
                         " AND rated_on = ?2 AND rater = ?3",
                         e)))
        goto fail;
    db_bind_int(st, 1, x->pupil_id);
    db_bind_text(st, 2, x->rated_on);
    db_bind_text(st, 3, x->rater);
    rc = db_step(st, e);
    int64_t old = rc == DB_ROW ? db_col_int(st, 0) : 0;
    bool same = rc == DB_ROW && db_col_int(st, 1) == x->rating;
    db_finalize(st);
    if (rc < 0)
        goto fail;
    if (same) {
        x->id = old;
        *res = OUTCOME_UNCHANGED;
        db_rollback(db);
        return 0;
    }
    if (old)
        rc = db_prepare(db, &st,
                        "UPDATE relationship_rating SET rating = ?4, source = ?5, recorded_by = ?6,"
                        " recorded_at = ?7 WHERE id = ?8",
                        e);
    else
        rc = db_prepare(
            db, &st,
            "INSERT INTO relationship_rating (pupil_id, rated_on, rater, rating,"
            " source, recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
            e);
    if (rc)
        goto fail;
    db_bind_int(st, 1, x->pupil_id);
    db_bind_text(st, 2, x->rated_on);
    db_bind_text(st, 3, x->rater);
    db_bind_int(st, 4, x->rating);
    db_bind_text(st, 5, source);
    db_bind_text(st, 6, actor(&s));
    db_bind_text(st, 7, s.now);
    if (old)
        db_bind_int(st, 8, old);
    int64_t new_id;
    if ((rc = step_id(st, &new_id, e)))
        goto fail;
    x->id = old ? old : new_id;
    char detail[160];
    snprintf(detail, sizeof detail, "%s on %s: %.60s", x->rater, x->rated_on, source);
    if ((rc = audited(&s, x->id, !old, detail, e)))
        goto fail;
    *res = old ? OUTCOME_UPDATED : OUTCOME_ADDED;
    return db_commit(db, e);
fail:
    db_rollback(db);
    return rc;
}

/* ---- reading ------------------------------------------------------------- */

#define PUSH(a, arr, n, cap) arena_push((a), &(arr), &(n), &(cap), sizeof *(arr))

static const char *dup(struct arena *a, struct db_stmt *st, int col)
{
    return db_col_is_null(st, col) ? NULL : arena_strdup(a, db_col_text(st, col));
}

static const char *term_static(const char *t)
{
    for (int i = 0; term_names[i]; i++)
        if (t && !strcmp(t, term_names[i]))
            return term_names[i];
    return "autumn";
}

int outcome_list(struct db *db, struct arena *a, int64_t pupil_id, struct pupil_outcomes *out,
                 struct err *e)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *st;
    size_t cap;
    int rc = db_prepare(db, &st,
                        "SELECT id, year, term, subject, outcome, result, target, source,"
                        " recorded_by, recorded_at FROM attainment WHERE pupil_id = ?1"
                        " ORDER BY year, CASE term WHEN 'autumn' THEN 0 WHEN 'spring' THEN 1"
                        " ELSE 2 END, subject",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, pupil_id);
    cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct attainment *x = PUSH(a, out->attainment, out->n_attainment, cap);
        if (!x) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        *x = (struct attainment){ .id = db_col_int(st, 0),
                                  .pupil_id = pupil_id,
                                  .year = (int)db_col_int(st, 1),
                                  .term = term_static(db_col_text(st, 2)),
                                  .subject = dup(a, st, 3),
                                  .outcome = dup(a, st, 4),
                                  .result = dup(a, st, 5),
                                  .target = dup(a, st, 6),
                                  .source = dup(a, st, 7),
                                  .recorded_by = dup(a, st, 8),
                                  .recorded_at = dup(a, st, 9) };
    }
    db_finalize(st);
    if (rc < 0)
        return rc;

    if ((rc = db_prepare(db, &st,
                         "SELECT id, year, term, percent, coalesce(sessions_possible, -1),"
                         " coalesce(sessions_attended, -1), source, recorded_by, recorded_at"
                         " FROM attendance WHERE pupil_id = ?1 ORDER BY year, CASE term WHEN"
                         " 'autumn' THEN 0 WHEN 'spring' THEN 1 ELSE 2 END",
                         e)))
        return rc;
    db_bind_int(st, 1, pupil_id);
    cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct attendance *x = PUSH(a, out->attendance, out->n_attendance, cap);
        if (!x) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        *x = (struct attendance){ .id = db_col_int(st, 0),
                                  .pupil_id = pupil_id,
                                  .year = (int)db_col_int(st, 1),
                                  .term = term_static(db_col_text(st, 2)),
                                  .percent = db_col_double(st, 3),
                                  .sessions_possible = (int)db_col_int(st, 4),
                                  .sessions_attended = (int)db_col_int(st, 5),
                                  .source = dup(a, st, 6),
                                  .recorded_by = dup(a, st, 7),
                                  .recorded_at = dup(a, st, 8) };
    }
    db_finalize(st);
    if (rc < 0)
        return rc;

    if ((rc = db_prepare(db, &st,
                         "SELECT id, category, start_date, coalesce(sessions, -1), reason1,"
                         " coalesce(reason2, ''), coalesce(reason3, ''), source, recorded_by,"
                         " recorded_at FROM exclusion WHERE pupil_id = ?1 ORDER BY start_date, id",
                         e)))
        return rc;
    db_bind_int(st, 1, pupil_id);
    cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct exclusion *x = PUSH(a, out->exclusions, out->n_exclusions, cap);
        if (!x) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        x->id = db_col_int(st, 0);
        x->pupil_id = pupil_id;
        x->category = dup(a, st, 1);
        str_copy(x->start_date, sizeof x->start_date, db_col_text(st, 2));
        x->sessions = (int)db_col_int(st, 3);
        for (int r = 0; r < 3; r++)
            str_copy(x->reasons[r], sizeof x->reasons[r], db_col_text(st, 4 + r));
        x->source = dup(a, st, 7);
        x->recorded_by = dup(a, st, 8);
        x->recorded_at = dup(a, st, 9);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;

    if ((rc = db_prepare(db, &st,
                         "SELECT id, occurred_on, type, reference, source, recorded_by, recorded_at"
                         " FROM bullying_incident WHERE pupil_id = ?1 ORDER BY occurred_on, id",
                         e)))
        return rc;
    db_bind_int(st, 1, pupil_id);
    cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct bullying *x = PUSH(a, out->bullying, out->n_bullying, cap);
        if (!x) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        x->id = db_col_int(st, 0);
        x->pupil_id = pupil_id;
        str_copy(x->occurred_on, sizeof x->occurred_on, db_col_text(st, 1));
        x->type = dup(a, st, 2);
        x->reference = dup(a, st, 3);
        x->source = dup(a, st, 4);
        x->recorded_by = dup(a, st, 5);
        x->recorded_at = dup(a, st, 6);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;

    if ((rc = db_prepare(db, &st,
                         "SELECT id, rated_on, rater, rating, source, recorded_by, recorded_at"
                         " FROM relationship_rating WHERE pupil_id = ?1 ORDER BY rated_on, id",
                         e)))
        return rc;
    db_bind_int(st, 1, pupil_id);
    cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct relationship_rating *x = PUSH(a, out->ratings, out->n_ratings, cap);
        if (!x) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        x->id = db_col_int(st, 0);
        x->pupil_id = pupil_id;
        str_copy(x->rated_on, sizeof x->rated_on, db_col_text(st, 1));
        x->rater = dup(a, st, 2);
        x->rating = (int)db_col_int(st, 3);
        x->source = dup(a, st, 4);
        x->recorded_by = dup(a, st, 5);
        x->recorded_at = dup(a, st, 6);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}
