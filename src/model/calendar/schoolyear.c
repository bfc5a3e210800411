#include "model/calendar/schoolyear.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/problems.h"
#include "core/str.h"
#include "db/db.h"
#include "model/calendar/england.h"

const char *const term_names[] = { "autumn", "spring", "summer", NULL };

int schoolyear_of(struct date d)
{
    return d.m >= 9 ? d.y : d.y - 1;
}

struct date schoolyear_start(int year)
{
    return (struct date){ year, 9, 1 };
}

struct date schoolyear_end(int year)
{
    return (struct date){ year + 1, 8, 31 };
}

void schoolyear_label(int year, char *out, size_t cap)
{
    snprintf(out, cap, "%d-%02d", year, (year + 1) % 100);
}

int schoolyear_parse_term(const char *s, enum term_name *out)
{
    for (int i = 0; i < TERM_N; i++)
        if (s && str_ieq(s, term_names[i])) {
            *out = (enum term_name)i;
            return 0;
        }
    return ERR_INPUT;
}

int schoolyear_parse_year(const char *s, int *out)
{
    if (!s)
        return ERR_INPUT;
    char buf[16];
    if (str_copy(buf, sizeof buf, s) >= sizeof buf)
        return ERR_INPUT;
    str_trim(buf);
    long long y, next;
    char *dash = strchr(buf, '-');
    if (dash) {
        *dash = '\0';
        if (str_to_int(dash + 1, 0, 99, &next) != 0 || strlen(dash + 1) != 2)
            return ERR_INPUT;
    }
    if (strlen(buf) != 4 || str_to_int(buf, 1900, 2199, &y) != 0)
        return ERR_INPUT;
    if (dash && next != (y + 1) % 100)
        return ERR_INPUT;
    *out = (int)y;
    return 0;
}

int schoolyear_parse_range(const char *s, struct date *start, struct date *end)
{
    const char *dots = s ? strstr(s, "..") : NULL;
    if (!dots || dots - s >= 16)
        return ERR_INPUT;
    char first[16];
    str_copy(first, sizeof first, s);
    first[dots - s] = '\0';
    if (date_parse(first, start) != 0 || date_parse(dots + 2, end) != 0)
        return ERR_INPUT;
    return date_cmp(*start, *end) <= 0 ? 0 : ERR_INPUT;
}

void schoolyear_default_terms(int year, struct term out[TERM_N])
{
    england_terms(year, out);
}

int schoolyear_term_containing(const struct term terms[TERM_N], struct date d)
{
    for (int i = 0; i < TERM_N; i++)
        if (date_cmp(d, terms[i].start) >= 0 && date_cmp(d, terms[i].end) <= 0)
            return i;
    return -1;
}

int schoolyear_term_for(const struct term terms[TERM_N], struct date d)
{
    for (int i = 0; i < TERM_N; i++)
        if (date_cmp(d, terms[i].end) <= 0)
            return i; /* in term i, or in the break before it */
    return TERM_SUMMER;
}

void schoolyear_validate(const struct term terms[TERM_N], struct problems *pr)
{
    struct date lo = schoolyear_start(terms[0].year), hi = schoolyear_end(terms[0].year);
    char label[8];
    schoolyear_label(terms[0].year, label, sizeof label);
    for (int i = 0; i < TERM_N; i++) {
        const struct term *t = &terms[i];
        if (date_cmp(t->start, t->end) > 0)
            problems_add(pr, term_names[i], "the %s term ends before it starts", term_names[i]);
        else if (date_cmp(t->start, lo) < 0 || date_cmp(t->end, hi) > 0)
            problems_add(pr, term_names[i],
                         "the %s term must fall inside the school year %s (1 September to 31 "
                         "August)",
                         term_names[i], label);
        else if (i > 0 && date_cmp(t->start, terms[i - 1].end) <= 0)
            problems_add(pr, term_names[i], "the %s term must start after the %s term ends",
                         term_names[i], term_names[i - 1]);
    }
}

int schoolyear_terms(struct db *db, int64_t school_id, int year, struct term out[TERM_N],
                     struct err *e)
{
    schoolyear_default_terms(year, out);
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT name, start_date, end_date FROM term"
                        " WHERE school_id = ?1 AND year = ?2",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_int(st, 2, year);
    while ((rc = db_step(st, e)) == DB_ROW) {
        enum term_name n;
        struct date s, en;
        if (schoolyear_parse_term(db_col_text(st, 0), &n) != 0 ||
            date_parse(db_col_text(st, 1), &s) != 0 || date_parse(db_col_text(st, 2), &en) != 0)
            continue; /* the schema's checks make this unreachable */
        out[n].start = s;
        out[n].end = en;
        out[n].set = true;
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int schoolyear_term_at(struct db *db, int64_t school_id, struct date d, struct term *out,
                       struct err *e)
{
    struct term terms[TERM_N];
    int rc = schoolyear_terms(db, school_id, schoolyear_of(d), terms, e);
    if (rc)
        return rc;
    *out = terms[schoolyear_term_for(terms, d)];
    return 0;
}

int schoolyear_set_term(struct db *db, int64_t school_id, const struct term *t, struct err *e)
{
    char s[DATE_ISO_LEN], en[DATE_ISO_LEN];
    date_iso(t->start, s);
    date_iso(t->end, en);
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "INSERT INTO term (school_id, year, name, start_date, end_date)"
                        " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (school_id, year, name)"
                        " DO UPDATE SET start_date = excluded.start_date,"
                        " end_date = excluded.end_date",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_int(st, 2, t->year);
    db_bind_text(st, 3, term_names[t->name]);
    db_bind_text(st, 4, s);
    db_bind_text(st, 5, en);
    rc = db_step(st, e);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int schoolyear_add_holiday(struct db *db, int64_t school_id, struct holiday *h, struct err *e)
{
    if (str_blank(h->name))
        return err_set(e, ERR_INPUT, "name: give the holiday a name");
    if (date_cmp(h->start, h->end) > 0)
        return err_set(e, ERR_INPUT, "the holiday ends before it starts");
    char s[DATE_ISO_LEN], en[DATE_ISO_LEN];
    date_iso(h->start, s);
    date_iso(h->end, en);
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "INSERT INTO holiday (school_id, start_date, end_date, name)"
                        " VALUES (?1, ?2, ?3, ?4) RETURNING id",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, s);
    db_bind_text(st, 3, en);
    db_bind_text(st, 4, h->name);
    rc = db_step_id(st, &h->id, e);
    db_finalize(st);
    if (rc < 0)
        return rc;
    return 0;
}

int schoolyear_holidays(struct db *db, struct arena *a, int64_t school_id, struct date from,
                        struct date to, struct holiday **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    char f[DATE_ISO_LEN], t[DATE_ISO_LEN];
    date_iso(from, f);
    date_iso(to, t);
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT id, start_date, end_date, name FROM holiday"
                        " WHERE school_id = ?1 AND end_date >= ?2 AND start_date <= ?3"
                        " ORDER BY start_date, id",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, f);
    db_bind_text(st, 3, t);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct holiday *h = arena_push(a, out, n, &cap, sizeof *h);
        if (!h) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        h->id = db_col_int(st, 0);
        date_parse(db_col_text(st, 1), &h->start);
        date_parse(db_col_text(st, 2), &h->end);
        h->name = arena_strdup(a, db_col_text(st, 3));
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

bool schoolyear_in_holiday(const struct holiday *hs, size_t n, struct date d)
{
    for (size_t i = 0; i < n; i++)
        if (date_cmp(d, hs[i].start) >= 0 && date_cmp(d, hs[i].end) <= 0)
            return true;
    return false;
}
