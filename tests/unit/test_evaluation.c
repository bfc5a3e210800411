/* Unit tests for model/evaluation/evaluation (pure: datasets built by hand)
 * and view/evalplot: the analysis fits and reports each indicator with its
 * interval and effect size; it declines below the minimum numbers and says
 * why; small counts are suppressed; the CSV is pseudonymised; the months of
 * progress follow the EEF's table; the plots draw and describe each point. */
#include <math.h>

#include "testutil.h"

#include "core/arena.h"
#include "core/buf.h"
#include "io/canvas_svg.h"
#include "model/evaluation/evaluation.h"
#include "view/evalplot.h"

static unsigned long long lcg = 12345;

static double unif(void)
{
    lcg = lcg * 6364136223846793005ull + 1442695040888963407ull;
    return (double)(lcg >> 11) / 9007199254740992.0;
}

static double gauss(void)
{
    double u = unif(), v = unif();
    return sqrt(-2 * log(u + 1e-300)) * cos(6.283185307179586 * v);
}

/* teachers x pupils rows; the outcome rises with fidelity (beta per unit). */
static void make_data(struct evaldata *d, struct arena *a, size_t teachers, size_t per, double beta)
{
    memset(d, 0, sizeof *d);
    d->outcome = evaldata_outcome("maths");
    d->year = 2025;
    d->n_conversations = 100;
    d->n_rows = d->n_in_scope = teachers * per;
    d->rows = arena_array(a, d->n_rows, sizeof *d->rows);
    assert_non_null(d->rows);
    for (size_t t = 0; t < teachers; t++) {
        double fid = 0.4 + 0.5 * unif(), rev = unif(), meth = 1 + 3 * unif(), two = unif();
        double u = 2 * gauss();
        for (size_t i = 0; i < per; i++) {
            struct evaldata_row *r = &d->rows[t * per + i];
            r->pupil_id = (int64_t)(1000 + t * per + i);
            r->teacher_id = (int64_t)(50 + t);
            r->fsm = unif() < 0.25;
            snprintf(r->sen, sizeof r->sen, "%s", unif() < 0.8 ? "K" : "E");
            r->eal = unif() < 0.2 ? "yes" : "no";
            snprintf(r->year_group, sizeof r->year_group, "%d", 3 + (int)(i % 4));
            snprintf(r->sex, sizeof r->sex, "%s", unif() < 0.5 ? "F" : "M");
            snprintf(r->birth_month, sizeof r->birth_month, "2016-0%d", 1 + (int)(i % 9));
            r->baseline = 100 + 10 * gauss();
            r->outcome = 20 + 0.8 * r->baseline - 2 * r->fsm + beta * fid + u + 5 * gauss();
            r->indicator[0] = fid;
            r->indicator[1] = rev;
            r->indicator[2] = meth;
            r->indicator[3] = two;
        }
    }
}

static void test_fits_and_reports(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct evaldata d;
    make_data(&d, &a, 16, 12, 20.0);
    struct eval_result r;
    struct err e;
    err_clear(&e);
    assert_int_equal(evaluation_run(&d, &a, &r, &e), 0);
    if (r.declined)
        fail_msg("declined: %s", r.reason);
    assert_int_equal(r.n_used, 16 * 12);
    assert_int_equal(r.n_groups, 16);
    assert_true(r.fit.converged);
    assert_non_null(strstr(r.formula, "outcome ~ baseline + fsm + sen + eal + year_group + sex + "
                                      "fidelity + parent_reviews + methods + two_or_more + "
                                      "(1 | key_teacher)"));
    const struct eval_indicator *f = &r.ind[0];
    assert_true(f->included);
    assert_string_equal(f->name, "fidelity");
    /* the interval holds the estimate; g per SD is beta * SD / total SD, J-corrected */
    assert_true(f->ci_low < f->estimate && f->estimate < f->ci_high);
    assert_true(f->g_low < f->g && f->g < f->g_high);
    assert_true(fabs(f->per_sd - f->estimate * f->sd) < 1e-9);
    assert_true(f->g > 0 && fabs(f->g) < fabs(f->per_sd / r.total_sd) + 1e-12);
    assert_true(r.total_sd > 0 && r.icc > 0 && r.icc < 1);
    assert_non_null(strstr(f->words, "progress (from "));
    assert_non_null(strstr(r.caveat, "not the effects of a trial"));
    /* df between key teachers: 16 - 1 - 4 indicators */
    assert_true(fabs(f->df - 11) < 1e-9);
    /* the caterpillar: every key teacher has 12 pupils */
    assert_int_equal(r.n_groups_shown, 16);
    assert_int_equal(r.n_groups_hidden, 0);
    for (size_t i = 1; i < r.n_groups_shown; i++)
        assert_true(r.group_mode[i - 1] <= r.group_mode[i]);
    /* the plots draw, each point described in words */
    struct buf svg;
    buf_init(&svg, 1 << 20);
    assert_int_equal(canvas_svg_render(&svg, EVALPLOT_WIDTH, evalplot_forest_height(&r), "Forest",
                                       "desc", "f", evalplot_forest, &r, &e),
                     0);
    assert_non_null(strstr(buf_str(&svg), "<title>mean fidelity of their conversations"));
    buf_reset(&svg);
    assert_int_equal(canvas_svg_render(&svg, EVALPLOT_WIDTH, EVALPLOT_CATERPILLAR_HEIGHT,
                                       "Caterpillar", "desc", "c", evalplot_caterpillar, &r, &e),
                     0);
    assert_non_null(strstr(buf_str(&svg), "key teacher 16 of 16"));
    buf_release(&svg);
    arena_release(&a);
}

static void test_declines(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct evaldata d;
    struct eval_result r;
    struct err e;
    make_data(&d, &a, 5, 12, 0); /* 60 pupils but 5 key teachers */
    assert_int_equal(evaluation_run(&d, &a, &r, &e), 0);
    assert_true(r.declined);
    assert_non_null(strstr(r.reason, "5 key teachers"));
    make_data(&d, &a, 8, 3, 0); /* 24 pupils */
    assert_int_equal(evaluation_run(&d, &a, &r, &e), 0);
    assert_true(r.declined);
    assert_non_null(strstr(r.reason, "Only 24 of the 24 pupils"));
    make_data(&d, &a, 8, 10, 0);
    d.n_conversations = 0;
    assert_int_equal(evaluation_run(&d, &a, &r, &e), 0);
    assert_true(r.declined);
    assert_non_null(strstr(r.reason, "No complete structured conversations"));
    /* an outcome that is the same for everyone (no incidents at all) */
    make_data(&d, &a, 8, 10, 0);
    for (size_t i = 0; i < d.n_rows; i++)
        d.rows[i].outcome = 0;
    assert_int_equal(evaluation_run(&d, &a, &r, &e), 0);
    assert_true(r.declined);
    assert_non_null(strstr(r.reason, "Every pupil in the analysis has the same"));
    /* Year group the same within each key teacher: with the indicators, too
     * many figures differ only between 8 key teachers, so no interval means
     * anything (J would be 0 and g 0.00); it declines and says why. */
    make_data(&d, &a, 8, 10, 0);
    for (size_t i = 0; i < d.n_rows; i++)
        snprintf(d.rows[i].year_group, sizeof d.rows[i].year_group, "%d", 3 + (int)(i / 10) % 4);
    assert_int_equal(evaluation_run(&d, &a, &r, &e), 0);
    if (!r.declined)
        fail_msg("fitted with df %g", r.ind[0].df);
    assert_non_null(strstr(r.reason, "8 key teachers, but the model has nearly as many figures"));
    assert_non_null(strstr(r.reason, "they need at least 2"));
    /* missing baselines leave pupils out */
    make_data(&d, &a, 8, 10, 0);
    for (size_t i = 0; i < 60; i++)
        d.rows[i].baseline = NAN;
    assert_int_equal(evaluation_run(&d, &a, &r, &e), 0);
    assert_true(r.declined);
    assert_non_null(strstr(r.reason, "Only 20 of the 80"));
    arena_release(&a);
}

static void test_small_cells(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct evaldata d;
    make_data(&d, &a, 8, 10, 5);
    for (size_t i = 0; i < d.n_rows; i++) {
        d.rows[i].fsm = i < 3; /* 3 eligible: suppressed, and so is "not eligible" */
        snprintf(d.rows[i].sen, 2, "%s", i < 40 ? "K" : "E");
    }
    struct eval_result r;
    struct err e;
    assert_int_equal(evaluation_run(&d, &a, &r, &e), 0);
    assert_false(r.declined);
    assert_string_equal(r.counts[0].label, "eligible");
    assert_true(r.counts[0].suppressed);
    assert_true(r.counts[1].suppressed);
    assert_false(r.counts[2].suppressed); /* EHC plan: 40 */
    assert_int_equal(r.counts[2].n, 40);
    arena_release(&a);
}

static void test_csv_pseudonymised(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct evaldata d;
    make_data(&d, &a, 6, 2, 0);
    d.rows[0].teacher_id = 0;
    d.rows[1].outcome = NAN;
    struct buf b;
    buf_init(&b, 1 << 20);
    struct err e;
    assert_int_equal(evaluation_csv(&d, &b, &e), 0);
    const char *s = buf_str(&b);
    const char *head = "pupil,key_teacher,outcome,baseline,fsm,sen,eal,year_group,sex,"
                       "birth_month,fidelity,parent_reviews,methods,two_or_more\n";
    assert_true(strncmp(s, head, strlen(head)) == 0);
    assert_non_null(strstr(s, "\nP0001,NA,"));
    assert_non_null(strstr(s, "\nP0002,K01,NA,"));
    assert_non_null(strstr(s, ",Y3,"));
    assert_non_null(strstr(s, ",2016-01,"));
    assert_null(strstr(s, "1000")); /* no pupil ids */
    assert_null(strstr(s, ",50,")); /* no staff ids */
    buf_release(&b);
    arena_release(&a);
}

static void test_months(void **state)
{
    (void)state;
    assert_int_equal(evaluation_months(0.0), 0);
    assert_int_equal(evaluation_months(0.05), 1);
    assert_int_equal(evaluation_months(0.18), 2);
    assert_int_equal(evaluation_months(0.19), 3);
    assert_int_equal(evaluation_months(0.44), 5);
    assert_int_equal(evaluation_months(0.70), 9);
    assert_int_equal(evaluation_months(1.2), 12);
    assert_int_equal(evaluation_months(-0.3), -4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fits_and_reports), cmocka_unit_test(test_declines),
        cmocka_unit_test(test_small_cells),      cmocka_unit_test(test_csv_pseudonymised),
        cmocka_unit_test(test_months),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
