#include "model/demo/demo_days.h"

#include "core/arena.h"
#include "core/problems.h"
#include "model/calendar/calendar.h"
#include "model/register/audit.h"
#include "model/register/schoolcal.h"

static int list_days(struct db *db, struct arena *a, int64_t school_id, int year,
                     struct demo_days *out, struct err *e)
{
    struct school_calendar cal;
    struct date from = schoolyear_start(year - 1), to = schoolyear_end(year + 1);
    int rc = calendar_load(db, a, school_id, from, to, &cal, e);
    if (rc)
        return rc;
    long lo = date_to_days(from), hi = date_to_days(to);
    out->days = arena_array(a, (size_t)(hi - lo + 1), sizeof *out->days);
    if (!out->days)
        return err_set(e, ERR_NOMEM, "out of memory");
    out->n = 0;
    for (long d = lo; d <= hi; d++)
        if (!calendar_closed(&cal, date_from_days(d)))
            out->days[out->n++] = d;
    return out->n ? 0 : err_set(e, ERR_INPUT, "demo: the calendar has no school days");
}

int demo_days_init(struct db *db, struct arena *a, int64_t school_id, const char *actor, int year,
                   struct demo_days *out, long *holidays, struct err *e)
{
    struct audit_who who = { .actor = actor ? actor : "demo" };
    for (int y = year - 1; y <= year + 1; y++) {
        struct calendar_year cy;
        int rc = calendar_year_usual(a, y, &cy, e);
        if (rc)
            return rc;
        struct problems pr;
        problems_init(&pr, a);
        if ((rc = schoolcal_save_year(db, school_id, &cy, &pr, &who, e)))
            return rc;
        if (holidays)
            *holidays += (long)cy.n_holidays;
    }
    return list_days(db, a, school_id, year, out, e);
}

int demo_days_load(struct db *db, struct arena *a, int64_t school_id, int year,
                   struct demo_days *out, struct err *e)
{
    return list_days(db, a, school_id, year, out, e);
}

/* The index of the first school day >= day (n when none). */
static size_t lower(const struct demo_days *dd, long day)
{
    size_t lo = 0, hi = dd->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (dd->days[mid] < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

struct date demo_day(const struct demo_days *dd, struct date d)
{
    long day = date_to_days(d);
    size_t i = lower(dd, day);
    if (i < dd->n && dd->days[i] == day)
        return d;
    return date_from_days(i > 0 ? dd->days[i - 1] : dd->days[0]);
}

struct date demo_day_after(const struct demo_days *dd, struct date d)
{
    size_t i = lower(dd, date_to_days(d));
    return date_from_days(i < dd->n ? dd->days[i] : dd->days[dd->n - 1]);
}

bool demo_is_school_day(const struct demo_days *dd, struct date d)
{
    long day = date_to_days(d);
    size_t i = lower(dd, day);
    return i < dd->n && dd->days[i] == day;
}

struct date demo_day_between(const struct demo_days *dd, gsl_rng *rng, struct date lo,
                             struct date hi)
{
    size_t a = lower(dd, date_to_days(lo)), b = lower(dd, date_to_days(hi) + 1);
    if (b <= a)
        return demo_day(dd, hi);
    return date_from_days(dd->days[a + gsl_rng_uniform_int(rng, (unsigned long)(b - a))]);
}
