/* Unit tests for model/calendar: meso's usual dates for England (Easter,
 * terms and half terms in known years), what is a school day and why not,
 * the next school day, loading a school's own holidays beside the usual ones
 * for other years, and saving a year from the browser (model/register/
 * schoolcal: validation writes nothing, a save replaces the year's holidays
 * and writes one audit row). */
#include "testutil.h"
#include "testpeople.h"

#include "core/arena.h"
#include "core/problems.h"
#include "model/calendar/calendar.h"
#include "model/calendar/england.h"
#include "model/register/audit.h"
#include "model/register/schoolcal.h"

static struct date D(int y, int m, int d) {
    return (struct date){ y, m, d };
}

static void
is_date(struct date got, int y, int m, int d)
{
    char a[11], b[11];
    date_iso(got, a);
    date_iso(D(y, m, d), b);
    assert_string_equal(a, b);
}

static void easter(void **state)
{
    (void)state;
    is_date(england_easter(2000), 2000, 4, 23);
    is_date(england_easter(2024), 2024, 3, 31);
    is_date(england_easter(2025), 2025, 4, 20);
    is_date(england_easter(2026), 2026, 4, 5);
    is_date(england_easter(2027), 2027, 3, 28);
    is_date(england_easter(2038), 2038, 4, 25);
    is_date(england_easter(2285), 2285, 3, 22);
}

static void usual_dates(void **state)
{
    (void)state;
    struct term t[TERM_N];
    england_terms(2024, t);
    is_date(t[0].start, 2024, 9, 3); /* Tuesday */
    is_date(t[0].end, 2024, 12, 20); /* Friday */
    is_date(t[1].start, 2025, 1, 6); /* 4 January is a Saturday */
    is_date(t[1].end, 2025, 4, 11);  /* the Friday before Holy Week */
    is_date(t[2].start, 2025, 4, 28);
    is_date(t[2].end, 2025, 7, 22);
    assert_false(t[0].set);
    england_terms(2026, t);
    is_date(t[0].start, 2026, 9, 3);
    is_date(t[0].end, 2026, 12, 18); /* 20 December is a Sunday */
    is_date(t[1].start, 2027, 1, 4);
    is_date(t[1].end, 2027, 3, 19);
    is_date(t[2].start, 2027, 4, 5);
    is_date(t[2].end, 2027, 7, 22);
    struct holiday h[ENGLAND_HOLIDAYS];
    assert_int_equal(england_holidays(2024, h), 4);
    is_date(h[0].start, 2024, 10, 28);
    is_date(h[0].end, 2024, 11, 1);
    is_date(h[1].start, 2025, 2, 17);
    is_date(h[2].start, 2025, 5, 5);
    is_date(h[2].end, 2025, 5, 5);
    is_date(h[3].start, 2025, 5, 26);
    is_date(h[3].end, 2025, 5, 30);
    england_holidays(2026, h);
    is_date(h[0].start, 2026, 10, 26);
    is_date(h[1].start, 2027, 2, 15);
    is_date(h[2].start, 2027, 5, 3);
    is_date(h[3].start, 2027, 5, 31);
    /* Every usual term is valid, for a century of years. */
    struct arena a;
    arena_init(&a, 0);
    struct problems pr;
    problems_init(&pr, &a);
    for (int y = 2000; y < 2100; y++) {
        england_terms(y, t);
        schoolyear_validate(t, &pr);
        england_holidays(y, h);
        for (int i = 0; i < ENGLAND_HOLIDAYS; i++)
            assert_true(schoolyear_term_containing(t, h[i].start) >= 0);
        assert_int_equal(date_weekday(t[0].start) < 5, 1);
        assert_int_equal(date_weekday(t[2].end) < 5, 1);
    }
    assert_int_equal(pr.n, 0);
    arena_release(&a);
}

/* The 2024-25 calendar with its usual terms and holidays, and an INSET day. */
static struct school_calendar cal_2024(struct arena *a)
{
    static struct term terms[TERM_N];
    static struct holiday hs[ENGLAND_HOLIDAYS + 1];
    england_terms(2024, terms);
    size_t n = england_holidays(2024, hs);
    hs[n++] = (struct holiday){ 9, D(2025, 1, 14), D(2025, 1, 14), "INSET day" };
    return (struct school_calendar){
        .first_year = 2024, .n_years = 1, .terms = terms, .holidays = hs, .n_holidays = n, .a = a
    };
}

static void school_days(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct school_calendar c = cal_2024(&a);
    assert_null(calendar_closed(&c, D(2024, 10, 1)));
    assert_string_equal(calendar_closed(&c, D(2024, 10, 5)), "a Saturday");
    assert_string_equal(calendar_closed(&c, D(2024, 10, 6)), "a Sunday");
    assert_string_equal(calendar_closed(&c, D(2024, 10, 29)), "a holiday (October half term)");
    assert_string_equal(calendar_closed(&c, D(2025, 1, 14)), "a holiday (INSET day)");
    assert_string_equal(calendar_closed(&c, D(2024, 12, 25)), "in the Christmas holidays");
    assert_string_equal(calendar_closed(&c, D(2025, 4, 15)), "in the Easter holidays");
    assert_string_equal(calendar_closed(&c, D(2025, 8, 11)), "in the summer holidays");
    assert_string_equal(calendar_closed(&c, D(2024, 9, 2)), "in the summer holidays");
    assert_string_equal(calendar_closed(&c, D(2025, 9, 10)), "outside the school years loaded");
    /* A Saturday in half term is a Saturday first. */
    assert_string_equal(calendar_closed(&c, D(2024, 10, 26)), "a Saturday");
    struct date d;
    assert_int_equal(calendar_next_open(&c, D(2024, 10, 26), &d), 0);
    is_date(d, 2024, 11, 4);
    assert_int_equal(calendar_next_open(&c, D(2024, 12, 21), &d), 0);
    is_date(d, 2025, 1, 6);
    assert_int_equal(calendar_next_open(&c, D(2024, 10, 1), &d), 0);
    is_date(d, 2024, 10, 1);
    assert_int_equal(calendar_next_open(&c, D(2025, 7, 23), &d), ERR_INPUT);
    assert_string_equal(calendar_note_sentence(&a, "2024-10-05", "a Saturday"),
                        "5 October 2024 is a Saturday.");
    arena_release(&a);
}

struct fx {
    char *dir;
    struct db *db;
    struct arena a;
    int64_t school;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->db = test_db(f->dir, "t.db");
    arena_init(&f->a, 0);
    f->school = tp_school(f->db, "100001");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    arena_release(&f->a);
    db_close(f->db);
    test_rmdir(f->dir);
    free(f);
    return 0;
}

static long count(struct fx *f, const char *what)
{
    struct err e = { 0 };
    struct db_stmt *st;
    long n = -1;
    if (!strcmp(what, "holiday"))
        assert_int_equal(db_prepare(f->db, &st, "SELECT count(*) FROM holiday", &e), 0);
    else if (!strcmp(what, "term"))
        assert_int_equal(db_prepare(f->db, &st, "SELECT count(*) FROM term", &e), 0);
    else
        assert_int_equal(db_prepare(f->db, &st,
                                    "SELECT count(*) FROM audit WHERE entity = 'school'"
                                    " AND detail LIKE 'calendar %'",
                                    &e),
                         0);
    if (db_step(st, &e) == DB_ROW)
        n = (long)db_col_int(st, 0);
    db_finalize(st);
    return n;
}

static void save_and_load(void **state)
{
    struct fx *f = *state;
    struct err e = { 0 };
    struct calendar_year y;
    /* Nothing set: the usual dates. */
    assert_int_equal(calendar_year_get(f->db, &f->a, f->school, 2025, &y, &e), 0);
    assert_false(y.own_holidays);
    assert_false(y.terms[0].set);
    assert_int_equal(y.n_holidays, ENGLAND_HOLIDAYS);
    /* A year with a problem writes nothing. */
    assert_int_equal(calendar_year_usual(&f->a, 2025, &y, &e), 0);
    struct holiday hs[6];
    for (size_t i = 0; i < y.n_holidays; i++)
        hs[i] = y.holidays[i];
    hs[y.n_holidays] = (struct holiday){ 0, D(2025, 11, 14), D(2025, 11, 13), "INSET day" };
    y.holidays = hs;
    y.n_holidays++;
    struct problems pr;
    problems_init(&pr, &f->a);
    struct audit_who who = { .actor = "user:lead@example.org", .address = "192.0.2.1" };
    assert_int_equal(schoolcal_save_year(f->db, f->school, &y, &pr, &who, &e), ERR_INPUT);
    assert_non_null(problems_for(&pr, "holiday_5"));
    assert_int_equal(count(f, "holiday"), 0);
    assert_int_equal(count(f, "audit"), 0);
    /* Mended and saved: terms set, five holidays, one audit row. */
    hs[4].end = D(2025, 11, 14);
    y.terms[TERM_AUTUMN].start = D(2025, 9, 4);
    problems_init(&pr, &f->a);
    assert_int_equal(schoolcal_save_year(f->db, f->school, &y, &pr, &who, &e), 0);
    assert_int_equal(count(f, "holiday"), 5);
    assert_int_equal(count(f, "term"), 3);
    assert_int_equal(count(f, "audit"), 1);
    struct calendar_year got;
    assert_int_equal(calendar_year_get(f->db, &f->a, f->school, 2025, &got, &e), 0);
    assert_true(got.own_holidays);
    assert_true(got.terms[0].set);
    is_date(got.terms[0].start, 2025, 9, 4);
    assert_int_equal(got.n_holidays, 5);
    /* Saving again replaces the year's holidays rather than adding to them. */
    y.n_holidays = 1;
    problems_init(&pr, &f->a);
    assert_int_equal(schoolcal_save_year(f->db, f->school, &y, &pr, &who, &e), 0);
    assert_int_equal(count(f, "holiday"), 1);
    assert_int_equal(count(f, "audit"), 2);
    /* The calendar over two years: the school's own holiday in 2025-26, the
     * usual ones in 2026-27; its own start date for autumn 2025. */
    struct school_calendar c;
    assert_int_equal(calendar_load(f->db, &f->a, f->school, D(2025, 9, 1), D(2027, 8, 31), &c, &e),
                     0);
    assert_int_equal(c.n_years, 2);
    assert_int_equal(c.n_holidays, 1 + ENGLAND_HOLIDAYS);
    assert_string_equal(calendar_closed(&c, D(2025, 9, 3)), "in the summer holidays");
    assert_null(calendar_closed(&c, D(2025, 9, 4)));
    assert_null(calendar_closed(&c, D(2026, 2, 17))); /* its own list has no February half */
    assert_string_equal(calendar_closed(&c, D(2027, 2, 16)), "a holiday (February half term)");
    const char *why;
    assert_int_equal(calendar_date_note(f->db, &f->a, f->school, "2025-10-27", &why, &e), 0);
    assert_string_equal(why, "a holiday (October half term)");
    assert_int_equal(calendar_date_note(f->db, &f->a, f->school, "2025-10-22", &why, &e), 0);
    assert_null(why);
    assert_int_equal(calendar_date_note(f->db, &f->a, f->school, "not a date", &why, &e), 0);
    assert_null(why);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(easter),
        cmocka_unit_test(usual_dates),
        cmocka_unit_test(school_days),
        cmocka_unit_test_setup_teardown(save_and_load, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
