#include "model/calendar/calendar.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/problems.h"
#include "core/str.h"
#include "model/calendar/england.h"

#define CALENDAR_MAX_YEARS 10

int calendar_load(struct db *db, struct arena *a, int64_t school_id, struct date from,
                  struct date to, struct school_calendar *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    out->a = a;
    out->first_year = schoolyear_of(from);
    int last = schoolyear_of(to);
    if (last < out->first_year)
        last = out->first_year;
    if (last - out->first_year >= CALENDAR_MAX_YEARS)
        last = out->first_year + CALENDAR_MAX_YEARS - 1;
    out->n_years = last - out->first_year + 1;
    out->terms = arena_array(a, (size_t)out->n_years * TERM_N, sizeof *out->terms);
    if (!out->terms)
        return err_set(e, ERR_NOMEM, "out of memory");
    struct holiday *own;
    size_t n_own;
    int rc = schoolyear_holidays(db, a, school_id, schoolyear_start(out->first_year),
                                 schoolyear_end(last), &own, &n_own, e);
    if (rc)
        return rc;
    size_t cap = 0;
    for (int y = out->first_year; y <= last; y++) {
        if ((rc = schoolyear_terms(db, school_id, y, out->terms + (y - out->first_year) * TERM_N,
                                   e)))
            return rc;
        bool any = false;
        for (size_t i = 0; i < n_own; i++)
            if (schoolyear_of(own[i].start) == y) {
                any = true;
                struct holiday *h =
                    arena_push(a, &out->holidays, &out->n_holidays, &cap, sizeof *h);
                if (!h)
                    return err_set(e, ERR_NOMEM, "out of memory");
                *h = own[i];
            }
        if (any)
            continue;
        struct holiday usual[ENGLAND_HOLIDAYS];
        size_t n = england_holidays(y, usual);
        for (size_t i = 0; i < n; i++) {
            struct holiday *h = arena_push(a, &out->holidays, &out->n_holidays, &cap, sizeof *h);
            if (!h)
                return err_set(e, ERR_NOMEM, "out of memory");
            *h = usual[i];
        }
    }
    return 0;
}

const char *calendar_closed(const struct school_calendar *c, struct date d)
{
    int wd = date_weekday(d);
    if (wd == 5)
        return "a Saturday";
    if (wd == 6)
        return "a Sunday";
    for (size_t i = 0; i < c->n_holidays; i++)
        if (date_cmp(d, c->holidays[i].start) >= 0 && date_cmp(d, c->holidays[i].end) <= 0) {
            const char *w =
                c->a ? arena_sprintf(c->a, "a holiday (%s)", c->holidays[i].name) : NULL;
            return w ? w : "a holiday";
        }
    int y = schoolyear_of(d);
    if (y < c->first_year || y >= c->first_year + c->n_years)
        return "outside the school years loaded";
    const struct term *t = c->terms + (y - c->first_year) * TERM_N;
    if (schoolyear_term_containing(t, d) >= 0)
        return NULL;
    if (date_cmp(d, t[TERM_AUTUMN].start) < 0 || date_cmp(d, t[TERM_SUMMER].end) > 0)
        return "in the summer holidays";
    return date_cmp(d, t[TERM_SPRING].start) < 0 ? "in the Christmas holidays"
                                                 : "in the Easter holidays";
}

int calendar_next_open(const struct school_calendar *c, struct date d, struct date *out)
{
    struct date end = schoolyear_end(c->first_year + c->n_years - 1);
    for (long day = date_to_days(d); day <= date_to_days(end); day++) {
        struct date x = date_from_days(day);
        if (!calendar_closed(c, x)) {
            *out = x;
            return 0;
        }
    }
    return ERR_INPUT;
}

int calendar_date_note(struct db *db, struct arena *a, int64_t school_id, const char *iso,
                       const char **why, struct err *e)
{
    *why = NULL;
    struct date d;
    if (!iso || date_parse(iso, &d) != 0)
        return 0;
    struct school_calendar c;
    int rc = calendar_load(db, a, school_id, d, d, &c, e);
    if (rc)
        return rc;
    *why = calendar_closed(&c, d);
    return 0;
}

const char *calendar_note_sentence(struct arena *a, const char *iso, const char *why)
{
    return arena_sprintf(a, "%s is %s.", date_words(a, iso), why ? why : "a school day");
}

/* ---- a school year's calendar -------------------------------------------- */

int calendar_year_usual(struct arena *a, int year, struct calendar_year *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    out->year = year;
    england_terms(year, out->terms);
    out->holidays = arena_array(a, ENGLAND_HOLIDAYS, sizeof *out->holidays);
    if (!out->holidays)
        return err_set(e, ERR_NOMEM, "out of memory");
    out->n_holidays = england_holidays(year, out->holidays);
    return 0;
}

int calendar_year_get(struct db *db, struct arena *a, int64_t school_id, int year,
                      struct calendar_year *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    out->year = year;
    int rc = schoolyear_terms(db, school_id, year, out->terms, e);
    if (rc)
        return rc;
    struct holiday *hs;
    size_t n;
    if ((rc = schoolyear_holidays(db, a, school_id, schoolyear_start(year), schoolyear_end(year),
                                  &hs, &n, e)))
        return rc;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (schoolyear_of(hs[i].start) == year)
            hs[k++] = hs[i];
    if (k) {
        out->holidays = hs;
        out->n_holidays = k;
        out->own_holidays = true;
        return 0;
    }
    out->holidays = arena_array(a, ENGLAND_HOLIDAYS, sizeof *out->holidays);
    if (!out->holidays)
        return err_set(e, ERR_NOMEM, "out of memory");
    out->n_holidays = england_holidays(year, out->holidays);
    return 0;
}

void calendar_year_validate(const struct calendar_year *y, struct problems *pr)
{
    schoolyear_validate(y->terms, pr);
    struct date lo = schoolyear_start(y->year), hi = schoolyear_end(y->year);
    if (y->n_holidays > CALENDAR_MAX_HOLIDAYS)
        problems_add(pr, "holidays", "a school year has at most %d holidays",
                     CALENDAR_MAX_HOLIDAYS);
    for (size_t i = 0; i < y->n_holidays && i < CALENDAR_MAX_HOLIDAYS; i++) {
        const struct holiday *h = &y->holidays[i];
        const char *field = arena_sprintf(pr->arena, "holiday_%zu", i + 1);
        if (!field)
            field = "holidays";
        if (str_blank(h->name))
            problems_add(pr, field, "give holiday %zu a name, like \"INSET day\"", i + 1);
        else if (strlen(h->name) > 200)
            problems_add(pr, field, "holiday %zu's name is longer than 200 characters", i + 1);
        else if (!date_valid(h->start) || !date_valid(h->end))
            problems_add(pr, field, "give %s a first and a last day", h->name);
        else if (date_cmp(h->start, h->end) > 0)
            problems_add(pr, field, "%s ends before it starts", h->name);
        else if (date_cmp(h->start, lo) < 0 || date_cmp(h->end, hi) > 0)
            problems_add(pr, field,
                         "%s must fall inside the school year (1 September to 31 August)", h->name);
    }
}
