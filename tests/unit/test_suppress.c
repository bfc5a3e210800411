/* Unit tests for stats/suppress: primary suppression of counts of 1 to 4,
 * and secondary suppression along rows and columns whose totals are shown,
 * so that no suppressed count can be worked out by subtraction. */
#include "testutil.h"

#include "stats/suppress.h"

static void primary(void **state)
{
    (void)state;
    assert_false(suppress_small(0));
    for (long n = 1; n <= 4; n++)
        assert_true(suppress_small(n));
    assert_false(suppress_small(5));
    assert_false(suppress_small(120));
    const long row[] = { 0, 3, 7, 12 };
    bool out[4];
    /* No total shown: only the small count goes. */
    assert_int_equal(suppress_table(row, 1, 4, false, false, out), 1);
    assert_false(out[0]);
    assert_true(out[1]);
    assert_false(out[2]);
    assert_false(out[3]);
}

static void secondary_in_a_row(void **state)
{
    (void)state;
    /* The total (22) is shown: 3 alone could be found as 22 - 0 - 7 - 12,
     * so the next smallest non-zero cell (7) goes too, not the 0. */
    const long row[] = { 0, 3, 7, 12 };
    bool out[4];
    assert_int_equal(suppress_table(row, 1, 4, true, false, out), 2);
    assert_false(out[0]);
    assert_true(out[1]);
    assert_true(out[2]);
    assert_false(out[3]);
    /* Two small cells already hide each other. */
    const long two[] = { 2, 3, 40 };
    bool o2[3];
    assert_int_equal(suppress_table(two, 1, 3, true, false, o2), 2);
    assert_false(o2[2]);
    /* Nothing small: nothing goes. */
    const long big[] = { 5, 9, 40 };
    assert_int_equal(suppress_table(big, 1, 3, true, true, o2), 0);
}

static void secondary_in_columns_and_rows(void **state)
{
    (void)state;
    /* Three schools by two bands, with row and column totals shown.
     *          band A  band B
     *   s1        4      20
     *   s2       30      10
     *   s3       25      50
     * 4 is primary. Row s1 needs another: 20. Column A needs another: 25
     * (the smallest of 30 and 25). Then column B has 20 suppressed alone:
     * its smallest other, 10. Row s2 now has 10 alone: 30. Row s3 has 25
     * alone: 50. Every row and column then has two or none. */
    const long t[] = { 4, 20, 30, 10, 25, 50 };
    bool out[6];
    size_t n = suppress_table(t, 3, 2, true, true, out);
    for (size_t r = 0; r < 3; r++)
        assert_int_not_equal(out[r * 2] + out[r * 2 + 1], 1);
    for (size_t c = 0; c < 2; c++)
        assert_int_not_equal(out[c] + out[2 + c] + out[4 + c], 1);
    assert_true(out[0]);
    assert_true(out[1]);
    assert_int_equal(n, 6);
    /* Columns only: 4 and the next smallest of its column, 25. */
    n = suppress_table(t, 3, 2, false, true, out);
    assert_int_equal(n, 2);
    assert_true(out[0]);
    assert_true(out[4]);
}

static void a_zero_when_nothing_else(void **state)
{
    (void)state;
    /* Row total 3: the 3 and its only companion, a 0, both go. */
    const long row[] = { 3, 0 };
    bool out[2];
    assert_int_equal(suppress_table(row, 1, 2, true, false, out), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(primary),
        cmocka_unit_test(secondary_in_a_row),
        cmocka_unit_test(secondary_in_columns_and_rows),
        cmocka_unit_test(a_zero_when_nothing_else),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
