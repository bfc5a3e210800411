/* Unit tests for model/schoolyear: the school year and term of a date at
 * every boundary, a school's own terms with breaks between them, parsing,
 * validation, and the planned conversations' states (model/scope). */
#include "testutil.h"

#include "core/arena.h"
#include "core/problems.h"
#include "model/calendar/schoolyear.h"
#include "model/conversations/scope.h"

static struct date D(int y, int m, int d) {
    return (struct date){ y, m, d };
}

static void
year_of(void **state)
{
    (void)state;
    assert_int_equal(schoolyear_of(D(2024, 9, 1)), 2024);
    assert_int_equal(schoolyear_of(D(2024, 8, 31)), 2023);
    assert_int_equal(schoolyear_of(D(2025, 1, 1)), 2024);
    assert_int_equal(schoolyear_of(D(2025, 7, 31)), 2024);
    assert_int_equal(schoolyear_of(D(2025, 8, 31)), 2024);
    assert_int_equal(date_cmp(schoolyear_start(2024), D(2024, 9, 1)), 0);
    assert_int_equal(date_cmp(schoolyear_end(2024), D(2025, 8, 31)), 0);
    char label[8];
    schoolyear_label(2024, label, sizeof label);
    assert_string_equal(label, "2024-25");
    schoolyear_label(2099, label, sizeof label);
    assert_string_equal(label, "2099-00");
}

static void default_terms(void **state)
{
    (void)state;
    /* meso's usual dates for England (test_calendar checks the rules). */
    struct term t[TERM_N];
    schoolyear_default_terms(2024, t);
    assert_int_equal(schoolyear_term_containing(t, D(2024, 9, 2)), -1);
    assert_int_equal(schoolyear_term_containing(t, D(2024, 9, 3)), TERM_AUTUMN);
    assert_int_equal(schoolyear_term_containing(t, D(2024, 12, 20)), TERM_AUTUMN);
    assert_int_equal(schoolyear_term_containing(t, D(2024, 12, 23)), -1);
    assert_int_equal(schoolyear_term_for(t, D(2024, 12, 23)), TERM_SPRING);
    assert_int_equal(schoolyear_term_containing(t, D(2025, 1, 6)), TERM_SPRING);
    assert_int_equal(schoolyear_term_containing(t, D(2025, 4, 11)), TERM_SPRING);
    assert_int_equal(schoolyear_term_containing(t, D(2025, 4, 28)), TERM_SUMMER);
    assert_int_equal(schoolyear_term_containing(t, D(2025, 7, 22)), TERM_SUMMER);
    assert_int_equal(schoolyear_term_containing(t, D(2025, 8, 1)), -1);
    assert_int_equal(schoolyear_term_for(t, D(2025, 8, 15)), TERM_SUMMER);
    assert_false(t[0].set);
}

static void own_terms_with_breaks(void **state)
{
    (void)state;
    struct term t[TERM_N] = {
        { 2024, TERM_AUTUMN, { 2024, 9, 4 }, { 2024, 12, 20 }, true },
        { 2024, TERM_SPRING, { 2025, 1, 6 }, { 2025, 4, 4 }, true },
        { 2024, TERM_SUMMER, { 2025, 4, 22 }, { 2025, 7, 22 }, true },
    };
    assert_int_equal(schoolyear_term_containing(t, D(2024, 9, 3)), -1);
    assert_int_equal(schoolyear_term_for(t, D(2024, 9, 3)), TERM_AUTUMN);
    assert_int_equal(schoolyear_term_containing(t, D(2024, 12, 27)), -1);
    assert_int_equal(schoolyear_term_for(t, D(2024, 12, 27)), TERM_SPRING);
    assert_int_equal(schoolyear_term_containing(t, D(2025, 4, 4)), TERM_SPRING);
    assert_int_equal(schoolyear_term_for(t, D(2025, 4, 10)), TERM_SUMMER);
    assert_int_equal(schoolyear_term_for(t, D(2025, 7, 23)), TERM_SUMMER);
    struct arena a;
    arena_init(&a, 0);
    struct problems pr;
    problems_init(&pr, &a);
    schoolyear_validate(t, &pr);
    assert_int_equal(pr.n, 0);
    /* Overlap, and a term outside its year. */
    t[1].start = D(2024, 12, 20);
    t[2].end = D(2025, 9, 2);
    schoolyear_validate(t, &pr);
    assert_int_equal(pr.n, 2);
    assert_non_null(problems_for(&pr, "spring"));
    assert_non_null(problems_for(&pr, "summer"));
    arena_release(&a);
}

static void parsing(void **state)
{
    (void)state;
    int y;
    assert_int_equal(schoolyear_parse_year("2024", &y), 0);
    assert_int_equal(y, 2024);
    assert_int_equal(schoolyear_parse_year(" 2024-25 ", &y), 0);
    assert_int_equal(y, 2024);
    assert_int_equal(schoolyear_parse_year("2024-26", &y), ERR_INPUT);
    assert_int_equal(schoolyear_parse_year("24", &y), ERR_INPUT);
    assert_int_equal(schoolyear_parse_year("20245", &y), ERR_INPUT);
    assert_int_equal(schoolyear_parse_year(NULL, &y), ERR_INPUT);
    struct date s, e;
    assert_int_equal(schoolyear_parse_range("2024-09-04..2024-12-20", &s, &e), 0);
    assert_int_equal(date_cmp(s, D(2024, 9, 4)), 0);
    assert_int_equal(date_cmp(e, D(2024, 12, 20)), 0);
    assert_int_equal(schoolyear_parse_range("04/09/2024..20/12/2024", &s, &e), 0);
    assert_int_equal(schoolyear_parse_range("2024-12-20..2024-09-04", &s, &e), ERR_INPUT);
    assert_int_equal(schoolyear_parse_range("2024-09-04", &s, &e), ERR_INPUT);
    enum term_name t;
    assert_int_equal(schoolyear_parse_term("Spring", &t), 0);
    assert_int_equal(t, TERM_SPRING);
    assert_int_equal(schoolyear_parse_term("winter", &t), ERR_INPUT);
}

static void holidays(void **state)
{
    (void)state;
    struct holiday hs[] = { { 1, { 2024, 10, 28 }, { 2024, 11, 1 }, "half term" } };
    assert_true(schoolyear_in_holiday(hs, 1, D(2024, 10, 28)));
    assert_true(schoolyear_in_holiday(hs, 1, D(2024, 11, 1)));
    assert_false(schoolyear_in_holiday(hs, 1, D(2024, 11, 2)));
}

static void default_plans(void **state)
{
    (void)state;
    enum term_name t[12];
    scope_default_plan(3, t);
    assert_int_equal(t[0], TERM_AUTUMN);
    assert_int_equal(t[1], TERM_SPRING);
    assert_int_equal(t[2], TERM_SUMMER);
    scope_default_plan(2, t);
    assert_int_equal(t[0], TERM_AUTUMN);
    assert_int_equal(t[1], TERM_SPRING);
    scope_default_plan(4, t);
    assert_int_equal(t[0], TERM_AUTUMN);
    assert_int_equal(t[1], TERM_AUTUMN);
    assert_int_equal(t[2], TERM_SPRING);
    assert_int_equal(t[3], TERM_SUMMER);
    scope_default_plan(1, t);
    assert_int_equal(t[0], TERM_AUTUMN);
}

static void slot_states(void **state)
{
    (void)state;
    struct term terms[TERM_N];
    schoolyear_default_terms(2024, terms);
    enum term_name due[3] = { TERM_AUTUMN, TERM_SPRING, TERM_SUMMER };
    enum slot_state s[3];
    const int none[TERM_N] = { 0 }, autumn[TERM_N] = { 1, 0, 0 }, two[TERM_N] = { 1, 1, 0 },
              three_in_autumn[TERM_N] = { 3, 0, 0 };
    /* 10 March: autumn has ended, spring is now. */
    scope_slot_states(terms, due, 3, none, D(2025, 3, 10), s);
    assert_int_equal(s[0], SLOT_OVERDUE);
    assert_int_equal(s[1], SLOT_DUE);
    assert_int_equal(s[2], SLOT_UPCOMING);
    /* One held fills the first. */
    assert_int_equal(scope_slot_states(terms, due, 3, autumn, D(2025, 3, 10), s), 1);
    assert_int_equal(s[0], SLOT_HELD);
    assert_int_equal(s[1], SLOT_DUE);
    /* Three in one term fill only that term's: not three a year. */
    assert_int_equal(scope_slot_states(terms, due, 3, three_in_autumn, D(2025, 3, 10), s), 1);
    assert_int_equal(s[0], SLOT_HELD);
    assert_int_equal(s[1], SLOT_DUE);
    assert_int_equal(s[2], SLOT_UPCOMING);
    /* Two held early in the year fill autumn and spring. */
    scope_slot_states(terms, due, 3, two, D(2024, 11, 1), s);
    assert_int_equal(s[1], SLOT_HELD);
    assert_int_equal(s[2], SLOT_UPCOMING);
    /* On the last day of autumn it is still due; the day after, overdue. */
    scope_slot_states(terms, due, 3, none, D(2024, 12, 20), s);
    assert_int_equal(s[0], SLOT_DUE);
    scope_slot_states(terms, due, 3, none, D(2024, 12, 21), s);
    assert_int_equal(s[0], SLOT_OVERDUE);
    /* In the summer holiday everything not held is overdue. */
    scope_slot_states(terms, due, 3, autumn, D(2025, 8, 10), s);
    assert_int_equal(s[1], SLOT_OVERDUE);
    assert_int_equal(s[2], SLOT_OVERDUE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(year_of),
        cmocka_unit_test(default_terms),
        cmocka_unit_test(own_terms_with_breaks),
        cmocka_unit_test(parsing),
        cmocka_unit_test(holidays),
        cmocka_unit_test(default_plans),
        cmocka_unit_test(slot_states),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
