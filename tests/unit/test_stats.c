/* Unit tests for stats/effect and stats/change against values worked by hand
 * (the arithmetic is in the comments), including small n and the degenerate
 * cases that must give a clear error rather than a NaN or an infinity.
 * z = the normal 0.975 quantile = 1.959964. */
#include "testutil.h"

#include <math.h>

#include "stats/change.h"
#include "stats/effect.h"

#define TOL 1e-6

static void assert_near(double got, double want, const char *what)
{
    if (!(fabs(got - want) <= TOL))
        fail_msg("%s = %.10f, expected %.10f", what, got, want);
}

static void assert_effect_finite(const struct stats_effect *s)
{
    const double v[] = { s->mean_diff, s->sd,   s->d,      s->se_d,   s->j,
                         s->g,         s->se_g, s->ci_low, s->ci_high };
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        assert_true(isfinite(v[i]));
}

static void mean_and_sd(void **state)
{
    (void)state;
    struct err e;
    err_clear(&e);
    /* 2 4 4 4 5 5 7 9: mean 40 / 8 = 5; squared deviations 9 1 1 1 0 0 4 16
     * = 32; sample variance 32 / 7 = 4.5714286; SD 2.1380899. */
    const double x[] = { 2, 4, 4, 4, 5, 5, 7, 9 };
    double m, s;
    assert_int_equal(stats_mean(x, 8, &m, &e), 0);
    assert_near(m, 5.0, "mean");
    assert_int_equal(stats_sd(x, 8, &s, &e), 0);
    assert_near(s, sqrt(32.0 / 7.0), "sd");
    assert_near(s, 2.1380899, "sd");
    /* one value: a mean but no SD */
    assert_int_equal(stats_mean(x, 1, &m, &e), 0);
    assert_near(m, 2.0, "mean of one");
    assert_int_equal(stats_sd(x, 1, &s, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "at least 2 values (got 1)"));
    assert_int_equal(stats_mean(x, 0, &m, &e), ERR_INPUT);
    const double bad[] = { 1, NAN, 3 };
    assert_int_equal(stats_mean(bad, 3, &m, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "value 2 is not a finite number"));
    assert_int_equal(stats_sd(bad, 3, &s, &e), ERR_INPUT);
}

static void hedges_j(void **state)
{
    (void)state;
    /* J = 1 - 3 / (4 df - 1): df 18 -> 1 - 3/71 = 68/71; df 9 -> 32/35;
     * df 2 -> 4/7. */
    assert_near(stats_hedges_j(18), 68.0 / 71.0, "J(18)");
    assert_near(stats_hedges_j(9), 32.0 / 35.0, "J(9)");
    assert_near(stats_hedges_j(2), 4.0 / 7.0, "J(2)");
}

static void groups_equal_n(void **state)
{
    (void)state;
    struct err e;
    err_clear(&e);
    struct stats_effect s;
    /* a: mean 10, SD 2, n 10; b: mean 8, SD 2, n 10.
     * s_pooled = sqrt((9 x 4 + 9 x 4) / 18) = 2; d = (10 - 8) / 2 = 1.
     * df = 18, J = 68/71 = 0.9577465; g = 0.9577465.
     * Var(d) = 20 / 100 + 1 / (2 x 20) = 0.2 + 0.025 = 0.225; se_d = 0.4743416.
     * se_g = J se_d = 0.4542990; CI = 0.9577465 -/+ 1.959964 x 0.4542990
     * = 0.0673367 to 1.8481562. */
    assert_int_equal(stats_effect_groups_summary(10, 2, 10, 8, 2, 10, &s, &e), 0);
    assert_int_equal(s.n, 20);
    assert_near(s.df, 18, "df");
    assert_near(s.mean_diff, 2, "mean_diff");
    assert_near(s.sd, 2, "sd");
    assert_near(s.d, 1, "d");
    assert_near(s.se_d, sqrt(0.225), "se_d");
    assert_near(s.j, 68.0 / 71.0, "j");
    assert_near(s.g, 0.9577465, "g");
    assert_near(s.se_g, 0.4542990, "se_g");
    assert_near(s.ci_low, 0.0673367, "ci_low");
    assert_near(s.ci_high, 1.8481562, "ci_high");
    assert_near(s.r, 0, "r");
    /* Swapping the groups flips the sign of everything but the SEs. */
    assert_int_equal(stats_effect_groups_summary(8, 2, 10, 10, 2, 10, &s, &e), 0);
    assert_near(s.g, -0.9577465, "g swapped");
    assert_near(s.ci_low, -1.8481562, "ci_low swapped");
    assert_near(s.se_g, 0.4542990, "se_g swapped");
}

static void groups_from_scores(void **state)
{
    (void)state;
    struct err e;
    err_clear(&e);
    struct stats_effect s;
    /* a = 3 5 7: mean 5, variance (4 + 0 + 4) / 2 = 4.
     * b = 1 2 3 4 5: mean 3, variance (4 + 1 + 0 + 1 + 4) / 4 = 2.5.
     * s_pooled = sqrt((2 x 4 + 4 x 2.5) / 6) = sqrt(3) = 1.7320508.
     * d = 2 / 1.7320508 = 1.1547005; df 6, J = 1 - 3/23 = 20/23 = 0.8695652;
     * g = 1.0040874. Var(d) = 8/15 + (4/3) / 16 = 0.5333333 + 0.0833333 =
     * 0.6166667; se_d = 0.7852813; se_g = 0.6828533; CI -0.3342804 to
     * 2.3424552 (it includes 0: three and five children are too few). */
    const double a[] = { 3, 5, 7 }, b[] = { 1, 2, 3, 4, 5 };
    assert_int_equal(stats_effect_groups(a, 3, b, 5, &s, &e), 0);
    assert_int_equal(s.n, 8);
    assert_near(s.sd, sqrt(3.0), "sd");
    assert_near(s.d, 1.1547005, "d");
    assert_near(s.j, 20.0 / 23.0, "j");
    assert_near(s.g, 1.0040874, "g");
    assert_near(s.se_d, 0.7852813, "se_d");
    assert_near(s.se_g, 0.6828533, "se_g");
    assert_near(s.ci_low, -0.3342804, "ci_low");
    assert_near(s.ci_high, 2.3424552, "ci_high");
}

static void groups_degenerate(void **state)
{
    (void)state;
    struct err e;
    err_clear(&e);
    struct stats_effect s;
    const double a[] = { 3, 5, 7 }, c[] = { 4, 4, 4 }, d[] = { 6, 6 };
    /* a group of one has no SD */
    assert_int_equal(stats_effect_groups(a, 1, a, 3, &s, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "at least 2 scores in each group (got 1 and 3)"));
    assert_int_equal(stats_effect_groups(a, 3, a, 0, &s, &e), ERR_INPUT);
    /* no variation in either group: the pooled SD is 0 */
    assert_int_equal(stats_effect_groups(c, 3, d, 2, &s, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "do not vary"));
    assert_true(isfinite(s.g) && s.g == 0);
    /* one group constant is fine: pooled over the other */
    assert_int_equal(stats_effect_groups(a, 3, c, 3, &s, &e), 0);
    assert_effect_finite(&s);
    /* non-finite input */
    const double bad[] = { 1, INFINITY };
    assert_int_equal(stats_effect_groups(a, 3, bad, 2, &s, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "group b score 2 is not a finite number"));
    assert_int_equal(stats_effect_groups_summary(1, -1, 5, 0, 1, 5, &s, &e), ERR_INPUT);
    assert_int_equal(stats_effect_groups_summary(NAN, 1, 5, 0, 1, 5, &s, &e), ERR_INPUT);
}

static void paired_summary(void **state)
{
    (void)state;
    struct err e;
    err_clear(&e);
    struct stats_effect s;
    /* Before: mean 20, SD 4; after: mean 17, SD 4; r = 0.5; n = 10.
     * s_av = sqrt((16 + 16) / 2) = 4; d = (17 - 20) / 4 = -0.75.
     * df 9, J = 32/35 = 0.9142857; g = -0.6857143.
     * Var(d) = 2 (1 - 0.5) / 10 + 0.5625 (1 + 0.25) / (4 x 9)
     *        = 0.1 + 0.703125 / 36 = 0.1 + 0.0195313 = 0.1195313;
     * se_d = 0.3457329; se_g = 0.3160987;
     * CI = -0.6857143 -/+ 1.959964 x 0.3160987 = -1.3052563 to -0.0661723. */
    assert_int_equal(stats_effect_paired_summary(20, 4, 17, 4, 0.5, 10, &s, &e), 0);
    assert_int_equal(s.n, 10);
    assert_near(s.df, 9, "df");
    assert_near(s.mean_diff, -3, "mean_diff");
    assert_near(s.sd, 4, "sd");
    assert_near(s.r, 0.5, "r");
    assert_near(s.d, -0.75, "d");
    assert_near(s.se_d, sqrt(0.11953125), "se_d");
    assert_near(s.g, -0.6857143, "g");
    assert_near(s.se_g, 0.3160987, "se_g");
    assert_near(s.ci_low, -1.3052563, "ci_low");
    assert_near(s.ci_high, -0.0661723, "ci_high");
    /* A higher pre-post correlation narrows the interval but leaves d alone
     * (d_av does not grow with r, unlike d_z). r = 0.9: Var(d) =
     * 2 x 0.1 / 10 + 0.5625 x 1.81 / 36 = 0.02 + 0.0282813 = 0.0482813. */
    assert_int_equal(stats_effect_paired_summary(20, 4, 17, 4, 0.9, 10, &s, &e), 0);
    assert_near(s.d, -0.75, "d at r 0.9");
    assert_near(s.se_d, sqrt(0.02 + 0.5625 * 1.81 / 36.0), "se_d at r 0.9");
}

static void paired_small_n(void **state)
{
    (void)state;
    struct err e;
    err_clear(&e);
    struct stats_effect s;
    /* Three pairs: before 10 12 14, after 8 11 11.
     * Before: mean 12, variance (4 + 0 + 4) / 2 = 4, SD 2.
     * After: mean 10, variance (4 + 1 + 1) / 2 = 3, SD 1.7320508.
     * Covariance ((-2)(-2) + 0(1) + 2(1)) / 2 = 3; r = 3 / (2 x 1.7320508) =
     * 0.8660254. s_av = sqrt((4 + 3) / 2) = 1.8708287; d = -2 / 1.8708287 =
     * -1.0690450. df 2, J = 1 - 3/7 = 4/7; g = -0.6108828.
     * Var(d) = 2 (1 - 0.8660254) / 3 + (4/3.5)(1 + 0.75) / 8 = 0.0893164 +
     * 0.25 = 0.3393164; se_d = 0.5825087; se_g = 0.3328621;
     * CI -1.2632806 to 0.0415149. */
    const double pre[] = { 10, 12, 14 }, post[] = { 8, 11, 11 };
    assert_int_equal(stats_effect_paired(pre, post, 3, &s, &e), 0);
    assert_near(s.mean_diff, -2, "mean_diff");
    assert_near(s.r, 0.8660254, "r");
    assert_near(s.sd, sqrt(3.5), "sd");
    assert_near(s.d, -1.0690450, "d");
    assert_near(s.j, 4.0 / 7.0, "j");
    assert_near(s.g, -0.6108828, "g");
    assert_near(s.se_d, 0.5825087, "se_d");
    assert_near(s.se_g, 0.3328621, "se_g");
    assert_near(s.ci_low, -1.2632806, "ci_low");
    assert_near(s.ci_high, 0.0415149, "ci_high");
}

static void paired_degenerate(void **state)
{
    (void)state;
    struct err e;
    err_clear(&e);
    struct stats_effect s;
    const double pre[] = { 10, 12, 14 }, post[] = { 8, 11, 11 };
    /* Two pairs: J would be 1 - 3/3 = 0, so g is refused. */
    assert_int_equal(stats_effect_paired(pre, post, 2, &s, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "at least 3 pairs (got 2)"));
    assert_int_equal(stats_effect_paired(pre, post, 0, &s, &e), ERR_INPUT);
    assert_int_equal(stats_effect_paired_summary(1, 1, 2, 1, 0.5, 1, &s, &e), ERR_INPUT);
    /* Nothing varies before or after. */
    const double c5[] = { 5, 5, 5 }, c4[] = { 4, 4, 4 };
    assert_int_equal(stats_effect_paired(c5, c4, 3, &s, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "do not vary"));
    /* Constant before, varying after: r is undefined and taken as 0.
     * 5 5 5 -> 4 5 6: s_av = sqrt((0 + 1) / 2) = 0.7071068; d = 0;
     * Var(d) = 2 / 3 + 0 -> se_d = 0.8164966; se_g = 4/7 x 0.8164966 =
     * 0.4665695; CI -0.9144594 to 0.9144594. */
    const double up[] = { 4, 5, 6 };
    assert_int_equal(stats_effect_paired(c5, up, 3, &s, &e), 0);
    assert_effect_finite(&s);
    assert_near(s.r, 0, "r");
    assert_near(s.d, 0, "d");
    assert_near(s.se_d, 0.8164966, "se_d");
    assert_near(s.ci_high, 0.9144594, "ci_high");
    /* Bad summaries. */
    assert_int_equal(stats_effect_paired_summary(1, 1, 2, 1, 1.5, 10, &s, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "between -1 and 1"));
    assert_int_equal(stats_effect_paired_summary(1, 1, 2, 1, NAN, 10, &s, &e), ERR_INPUT);
    assert_int_equal(stats_effect_paired_summary(1, -2, 2, 1, 0.5, 10, &s, &e), ERR_INPUT);
    const double bad[] = { 1, 2, NAN };
    assert_int_equal(stats_effect_paired(pre, bad, 3, &s, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "score after 3 is not a finite number"));
}

static void rci_values(void **state)
{
    (void)state;
    struct err e;
    err_clear(&e);
    double rci;
    /* SD 5, r 0.8: SEM = 5 sqrt(0.2) = 2.2360680; SE_diff = sqrt(2 x 2.2360680^2)
     * = sqrt(10) = 3.1622777.
     * 20 -> 14: -6 / 3.1622777 = -1.8973666, not reliable.
     * 20 -> 13: -7 / 3.1622777 = -2.2135944, reliable. */
    assert_int_equal(stats_rci(20, 14, 5, 0.8, &rci, &e), 0);
    assert_near(rci, -1.8973666, "rci 20->14");
    assert_int_equal(stats_rci_classify(rci, STATS_LOWER_BETTER), STATS_NO_RELIABLE_CHANGE);
    assert_int_equal(stats_rci(20, 13, 5, 0.8, &rci, &e), 0);
    assert_near(rci, -2.2135944, "rci 20->13");
    assert_int_equal(stats_rci_classify(rci, STATS_LOWER_BETTER), STATS_IMPROVED);
    assert_int_equal(stats_rci_classify(rci, STATS_HIGHER_BETTER), STATS_DETERIORATED);
    assert_int_equal(stats_rci(13, 20, 5, 0.8, &rci, &e), 0);
    assert_near(rci, 2.2135944, "rci 13->20");
    assert_int_equal(stats_rci_classify(rci, STATS_LOWER_BETTER), STATS_DETERIORATED);
    assert_int_equal(stats_rci_classify(rci, STATS_HIGHER_BETTER), STATS_IMPROVED);
    /* r = 0: SE_diff = 5 sqrt(2) = 7.0710678; 10 -> 0 gives -1.4142136. */
    assert_int_equal(stats_rci(10, 0, 5, 0, &rci, &e), 0);
    assert_near(rci, -sqrt(2.0), "rci r=0");
    /* |RCI| must exceed 1.96: exactly 1.96 is not reliable. */
    assert_int_equal(stats_rci_classify(1.96, STATS_HIGHER_BETTER), STATS_NO_RELIABLE_CHANGE);
    assert_int_equal(stats_rci_classify(-1.96, STATS_HIGHER_BETTER), STATS_NO_RELIABLE_CHANGE);
    assert_int_equal(stats_rci_classify(1.9600001, STATS_HIGHER_BETTER), STATS_IMPROVED);
    assert_int_equal(stats_rci_classify(0, STATS_LOWER_BETTER), STATS_NO_RELIABLE_CHANGE);
    assert_int_equal(stats_rci_classify(NAN, STATS_LOWER_BETTER), STATS_NO_RELIABLE_CHANGE);
}

static void rci_degenerate(void **state)
{
    (void)state;
    struct err e;
    err_clear(&e);
    double rci = 0;
    /* r = 1 would divide by 0 */
    assert_int_equal(stats_rci(1, 2, 5, 1.0, &rci, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "test-retest r from 0 to below 1"));
    assert_int_equal(stats_rci(1, 2, 5, -0.2, &rci, &e), ERR_INPUT);
    assert_int_equal(stats_rci(1, 2, 0, 0.8, &rci, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "SD above 0"));
    assert_int_equal(stats_rci(1, 2, -3, 0.8, &rci, &e), ERR_INPUT);
    assert_int_equal(stats_rci(1, 2, NAN, 0.8, &rci, &e), ERR_INPUT);
    assert_int_equal(stats_rci(NAN, 2, 5, 0.8, &rci, &e), ERR_INPUT);
    assert_int_equal(stats_rci(1, INFINITY, 5, 0.8, &rci, &e), ERR_INPUT);
    assert_near(rci, 0, "rci untouched");
}

static void rci_counts(void **state)
{
    (void)state;
    struct err e;
    err_clear(&e);
    struct stats_rci_counts c;
    /* SD 5, r 0.8, SE_diff sqrt(10): a change of 7 or more points is
     * reliable (7 / 3.162 = 2.21), 6 is not (1.90).
     * Changes: -7 (reliable down), -6, +7 (reliable up), 0, +7 (reliable up). */
    const double pre[] = { 20, 20, 20, 20, 10 }, post[] = { 13, 14, 27, 20, 17 };
    assert_int_equal(stats_rci_count(pre, post, 5, 5, 0.8, STATS_LOWER_BETTER, &c, &e), 0);
    assert_int_equal(c.improved, 1);
    assert_int_equal(c.deteriorated, 2);
    assert_int_equal(c.unchanged, 2);
    assert_int_equal(stats_rci_count(pre, post, 5, 5, 0.8, STATS_HIGHER_BETTER, &c, &e), 0);
    assert_int_equal(c.improved, 2);
    assert_int_equal(c.deteriorated, 1);
    assert_int_equal(c.unchanged, 2);
    /* none */
    assert_int_equal(stats_rci_count(pre, post, 0, 5, 0.8, STATS_HIGHER_BETTER, &c, &e), 0);
    assert_int_equal(c.improved + c.deteriorated + c.unchanged, 0);
    /* a bad pair is named */
    const double bad[] = { 13, NAN };
    assert_int_equal(stats_rci_count(pre, bad, 2, 5, 0.8, STATS_LOWER_BETTER, &c, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "pair 2: "));
    assert_int_equal(stats_rci_count(pre, post, 5, 5, 1.0, STATS_LOWER_BETTER, &c, &e), ERR_INPUT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mean_and_sd),       cmocka_unit_test(hedges_j),
        cmocka_unit_test(groups_equal_n),    cmocka_unit_test(groups_from_scores),
        cmocka_unit_test(groups_degenerate), cmocka_unit_test(paired_summary),
        cmocka_unit_test(paired_small_n),    cmocka_unit_test(paired_degenerate),
        cmocka_unit_test(rci_values),        cmocka_unit_test(rci_degenerate),
        cmocka_unit_test(rci_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
