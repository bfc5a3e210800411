/* Unit tests for stats/formula, stats/frame, stats/design and stats/lmm:
 * every case of tests/lmm/reference.json (lme4's best optimum over several
 * optimisers, made by tests/lmm/reference.R on committed synthetic data) is
 * refitted and compared number for number, plus the formula parser's
 * expansions and refusals and the design's R naming. */
#include <jansson.h>
#include <math.h>

#include "testutil.h"

#include "core/arena.h"
#include "io/csvframe.h"
#include "stats/design.h"
#include "stats/formula.h"
#include "stats/frame.h"
#include "stats/lmm.h"

/* Accuracy demanded (issue 14; docs/evaluation.md, "Accuracy"). */
#define TOL_LOGLIK 1e-4 /* absolute */
#define TOL_FIXED  1e-5 /* relative to max(|estimate|, SE) */
#define TOL_SE     1e-4 /* relative */
#define TOL_VC     1e-3 /* relative; 1e-2 for a level with about 10 groups */
#define TOL_CORR   1e-3 /* absolute */

static const char *data_of(const char *name)
{
    static const char *const map[][2] = {
        { "intercept", "two" },   { "slopes", "two" },       { "slopes_ml", "two" },
        { "factors", "two" },     { "interactions", "two" }, { "no_intercept", "two" },
        { "three", "three" },     { "three_ml", "three" },   { "nested", "three" },
        { "missing", "missing" }, { "raw_scale", "raw" },
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i][0], name) == 0)
            return map[i][1];
    fail_msg("no data file for case %s", name);
    return NULL;
}

static void near_rel(double got, double want, double scale, double tol, const char *what,
                     const char *cname)
{
    if (!(fabs(got - want) <= tol * scale))
        fail_msg("%s: %s = %.12g, lme4 %.12g (|diff| %.3g > %.3g)", cname, what, got, want,
                 fabs(got - want), tol * scale);
}

static const struct lmm_level *find_level(const struct lmm_fit *fit, const char *name)
{
    for (size_t k = 0; k < fit->n_levels; k++)
        if (strcmp(fit->levels[k].name, name) == 0)
            return &fit->levels[k];
    fail_msg("no level %s", name);
    return NULL;
}

static size_t find_name(const char **names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    fail_msg("no column %s", name);
    return 0;
}

static void check_random(const char *cname, const struct lmm_fit *fit, json_t *random)
{
    const char *g;
    json_t *lv;
    json_object_foreach(random, g, lv)
    {
        const struct lmm_level *l = find_level(fit, g);
        double tol = l->n_groups <= 12 ? 1e-2 : TOL_VC;
        const char *zn;
        json_t *sd;
        json_object_foreach(json_object_get(lv, "sd"), zn, sd)
        {
            size_t i = find_name(l->z_names, l->q, zn);
            near_rel(l->sd[i], json_number_value(sd), json_number_value(sd), tol, "sd", cname);
        }
        const char *pair;
        json_t *r;
        json_object_foreach(json_object_get(lv, "corr"), pair, r)
        {
            char a[128], b[128];
            const char *colon = strchr(pair, ':');
            snprintf(a, sizeof a, "%.*s", (int)(colon - pair), pair);
            snprintf(b, sizeof b, "%s", colon + 1);
            size_t i = find_name(l->z_names, l->q, a), j = find_name(l->z_names, l->q, b);
            near_rel(l->corr[j * l->q + i], json_number_value(r), 1.0, TOL_CORR, "corr", cname);
        }
    }
}

/* R's JSON writes a one-element vector as a number. */
static double elem(json_t *v, size_t j)
{
    return json_is_array(v) ? json_number_value(json_array_get(v, j)) : json_number_value(v);
}

static void check_modes(const char *cname, const struct lmm_fit *fit, json_t *modes)
{
    const char *g;
    json_t *list;
    json_object_foreach(modes, g, list)
    {
        const struct lmm_level *l = find_level(fit, g);
        size_t i;
        json_t *m;
        json_array_foreach(list, i, m)
        {
            size_t grp = find_name(l->group_names, l->n_groups,
                                   json_string_value(json_object_get(m, "group")));
            for (size_t j = 0; j < l->q; j++) {
                double want = elem(json_object_get(m, "mode"), j);
                double se = elem(json_object_get(m, "se"), j);
                near_rel(l->mode[grp * l->q + j], want, fabs(want) + se, 1e-3, "mode", cname);
                near_rel(l->mode_se[grp * l->q + j], se, se, 1e-3, "mode SE", cname);
            }
        }
    }
}

static void check_case(json_t *c)
{
    const char *cname = json_string_value(json_object_get(c, "name"));
    const char *formula = json_string_value(json_object_get(c, "formula"));
    char path[256];
    snprintf(path, sizeof path, "tests/lmm/data/%s.csv", data_of(cname));
    struct arena a;
    arena_init(&a, 0);
    struct err e;
    err_clear(&e);
    struct formula f;
    struct frame fr;
    struct design d;
    struct lmm_fit fit;
    assert_int_equal(formula_parse(formula, &a, &f, &e), 0);
    if (csvframe_read(path, &f, &fr, &e) != 0)
        fail_msg("%s: %s", cname, e.msg);
    bool reml = json_is_true(json_object_get(c, "reml"));
    if (design_build(&f, &fr, path, reml, &a, &d, &e) != 0 || lmm_fit(&d.in, &a, &fit, &e) != 0)
        fail_msg("%s: %s", cname, e.msg);
    assert_true(fit.converged);
    assert_int_equal(fit.n, json_integer_value(json_object_get(c, "n")));
    near_rel(fit.loglik, json_number_value(json_object_get(c, "loglik")), 1.0, TOL_LOGLIK, "logLik",
             cname);
    /* never below lme4's default optimiser */
    assert_true(fit.loglik > json_number_value(json_object_get(c, "loglik_default")) - TOL_LOGLIK);
    near_rel(fit.aic, json_number_value(json_object_get(c, "aic")), 1.0, 2 * TOL_LOGLIK, "AIC",
             cname);
    near_rel(fit.bic, json_number_value(json_object_get(c, "bic")), 1.0, 2 * TOL_LOGLIK, "BIC",
             cname);
    double sigma = json_number_value(json_object_get(c, "sigma"));
    near_rel(fit.sigma, sigma, sigma, TOL_VC, "sigma", cname);
    const char *name;
    json_t *fe;
    size_t n_fixed = 0;
    json_object_foreach(json_object_get(c, "fixed"), name, fe)
    {
        size_t j = n_fixed++;
        assert_string_equal(fit.fixed[j].name, name); /* R's names, in R's order */
        double est = json_number_value(json_object_get(fe, "estimate"));
        double se = json_number_value(json_object_get(fe, "se"));
        near_rel(fit.fixed[j].estimate, est, fmax(fabs(est), se), TOL_FIXED, name, cname);
        near_rel(fit.fixed[j].se, se, se, TOL_SE, "SE", cname);
    }
    assert_int_equal(n_fixed, fit.p);
    json_t *n;
    json_object_foreach(json_object_get(c, "groups"), name, n)
    {
        assert_int_equal(find_level(&fit, name)->n_groups, json_integer_value(n));
    }
    check_random(cname, &fit, json_object_get(c, "random"));
    check_modes(cname, &fit, json_object_get(c, "modes"));
    if (strcmp(cname, "raw_scale") == 0) /* lme4's default stops short here; meso does not */
        assert_true(fit.loglik > json_number_value(json_object_get(c, "loglik_default")) + 1e-3);
    if (strcmp(cname, "missing") == 0)
        assert_int_equal(d.n_dropped, 1000 - 926);
    frame_release(&fr);
    arena_release(&a);
}

static void test_against_lme4(void **state)
{
    (void)state;
    json_error_t je;
    json_t *all = json_load_file("tests/lmm/reference.json", 0, &je);
    if (!all)
        fail_msg("tests/lmm/reference.json: %s", je.text);
    assert_true(json_array_size(all) >= 11);
    size_t i;
    json_t *c;
    json_array_foreach(all, i, c)
    {
        check_case(c);
    }
    json_decref(all);
}

/* The fixed part's term labels, joined with spaces, and the intercept. */
static char *labels(const char *text, struct arena *a)
{
    struct formula f;
    struct err e;
    err_clear(&e);
    if (formula_parse(text, a, &f, &e) != 0)
        return arena_sprintf(a, "error: %s", e.msg);
    char *s = arena_strdup(a, f.fixed.intercept ? "1" : "0");
    for (size_t t = 0; t < f.fixed.n_terms; t++) {
        s = arena_sprintf(a, "%s ", s);
        for (size_t v = 0; v < f.fixed.terms[t].n_vars; v++)
            s = arena_sprintf(a, "%s%s%s", s, v ? ":" : "", f.vars[f.fixed.terms[t].vars[v]]);
    }
    for (size_t r = 0; r < f.n_random; r++)
        s = arena_sprintf(a, "%s |%s", s, f.random[r].name);
    return s;
}

static void test_formula(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    assert_string_equal(labels("y ~ x", &a), "1 x");
    assert_string_equal(labels("y ~ a*b + c", &a), "1 a b c a:b");
    assert_string_equal(labels("y ~ b:a + a", &a), "1 a b:a");
    assert_string_equal(labels("y ~ 0 + x", &a), "0 x");
    assert_string_equal(labels("y ~ x - 1", &a), "0 x");
    assert_string_equal(labels("y ~ -1 + x", &a), "0 x");
    assert_string_equal(labels("y ~ x + 1", &a), "1 x");
    assert_string_equal(labels("y ~ (x + f):g", &a), "1 x:g f:g");
    assert_string_equal(labels("y ~ a*b - a:b", &a), "1 a b");
    assert_string_equal(labels("y ~ x + x + x:x", &a), "1 x");
    assert_string_equal(labels("y ~ `pre score` + (1|g)", &a), "1 pre score |g");
    assert_string_equal(labels("y ~ x + (1 + x | la/school)", &a), "1 x |la |school:la");
    assert_string_equal(labels("y ~ 1 + (1 | a/b/c)", &a), "1 |a |b:a |c:(b:a)");
    assert_string_equal(labels("y ~ (1 | a:b)", &a), "1 |a:b");
    /* a random term's own intercept and order */
    struct formula f;
    struct err e;
    err_clear(&e);
    assert_int_equal(formula_parse("y ~ x + (0 + b + a | g)", &a, &f, &e), 0);
    assert_false(f.random[0].lhs.intercept);
    assert_int_equal(f.random[0].lhs.n_terms, 2);
    assert_string_equal(f.vars[f.random[0].lhs.terms[0].vars[0]], "b");
    /* refusals, each saying where */
    static const char *const bad[][2] = {
        { "y ~ log(x)", "character 5: functions" },
        { "y ~ x +", "character 8: the formula ends" },
        { "y ~ x + + z", "character 9" },
        { "~ x", "needs a response" },
        { "y ~ x^2", "'^'" },
        { "y ~ x + 2", "only numbers" },
        { "y ~ (1 || g)", "'||'" },
        { "y ~ x:(1|g)", "must stand on its own" },
        { "y ~ x + (1 | )", "grouping column" },
        { "y ~ x)", "')' with no '('" },
        { "y ~ (x", "expected ')'" },
        { "y ~ .", "'.'" },
        { "y ~ y", "response y cannot also be a term" },
        { "y ~ a/b", "nesting" },
        { "y ~ x + (1 | g", "expected ')'" },
        { "y ~ `x", "backquote" },
        { "y x", "expected '~'" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err_clear(&e);
        assert_int_equal(formula_parse(bad[i][0], &a, &f, &e), ERR_INPUT);
        if (!strstr(e.msg, bad[i][1]))
            fail_msg("%s: message '%s' lacks '%s'", bad[i][0], e.msg, bad[i][1]);
    }
    /* the caret sits under the place */
    err_clear(&e);
    formula_parse("y ~ x + + z", &a, &f, &e);
    assert_non_null(strstr(e.msg, "\n  y ~ x + + z\n          ^"));
    arena_release(&a);
}

/* A small table for the design's naming rules: x numeric, f (A, B, C),
 * g (X, Y) text, grp with 3 groups. */
static void small_frame(struct frame *fr)
{
    static const char *const names[] = { "y", "x", "f", "g", "grp" };
    struct err e;
    assert_int_equal(frame_init(fr, names, 5, &e), 0);
    static const char *const fs[] = { "B", "A", "C" }, *const gs[] = { "Y", "X" };
    for (int i = 0; i < 30; i++) {
        char y[32], x[32], grp[8];
        snprintf(y, sizeof y, "%d.%d", (i * 7) % 11, i % 3);
        snprintf(x, sizeof x, "%d", (i * 5) % 13);
        snprintf(grp, sizeof grp, "%d", i % 3 + 1);
        const char *cells[] = { y, x, fs[i % 3], gs[(i / 3) % 2], grp };
        assert_int_equal(frame_add_row(fr, cells, i + 2, &e), 0);
    }
}

static char *columns(const char *text, struct arena *a)
{
    struct formula f;
    struct frame fr;
    struct design d;
    struct err e;
    err_clear(&e);
    small_frame(&fr);
    char *s;
    if (formula_parse(text, a, &f, &e) || design_build(&f, &fr, "t.csv", true, a, &d, &e)) {
        s = arena_sprintf(a, "error: %s", e.msg);
    } else {
        s = arena_strdup(a, "");
        for (size_t j = 0; j < d.in.p; j++)
            s = arena_sprintf(a, "%s%s%s", s, j ? " " : "", d.in.x_names[j]);
    }
    frame_release(&fr);
    return s;
}

static void test_design_names(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    /* each expectation is R's colnames(model.matrix(...)) for the same formula */
    assert_string_equal(columns("y ~ x + f + (1|grp)", &a), "(Intercept) x fB fC");
    assert_string_equal(columns("y ~ 0 + x + f + (1|grp)", &a), "x fA fB fC");
    assert_string_equal(columns("y ~ 0 + x:f + (1|grp)", &a), "x:fA x:fB x:fC");
    assert_string_equal(columns("y ~ f:g + f + (1|grp)", &a),
                        "(Intercept) fB fC fA:gY fB:gY fC:gY");
    assert_string_equal(columns("y ~ 0 + x + f + g + (1|grp)", &a), "x fA fB fC gY");
    assert_string_equal(columns("y ~ x + x:f:g + (1|grp)", &a),
                        "(Intercept) x x:fA:gX x:fB:gX x:fC:gX x:fA:gY x:fB:gY x:fC:gY");
    assert_string_equal(columns("y ~ (x + f):g + (1|grp)", &a),
                        "(Intercept) x:gX x:gY fB:gX fC:gX fB:gY fC:gY");
    assert_string_equal(columns("y ~ 0 + g:x + f + (1|grp)", &a), "fA fB fC gX:x gY:x");
    assert_string_equal(columns("y ~ x*f + (1|grp)", &a), "(Intercept) x fB fC x:fB x:fC");
    arena_release(&a);
}

/* Each refusal of the design and the fit names what is wrong. */
static void test_bad_input(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    assert_non_null(strstr(columns("y ~ z + (1|grp)", &a), "column z, which is not in t.csv"));
    assert_non_null(strstr(columns("y ~ x + (1|grp)", &a), "(Intercept) x"));
    assert_non_null(strstr(columns("f ~ x + (1|grp)", &a), "response f holds text"));
    assert_non_null(strstr(columns("y ~ x", &a), "no random-effects term"));
    assert_non_null(strstr(columns("y ~ grp + (1|grp)", &a), "both to group and as an effect"));

    /* text in a number column: FILE:LINE: COLUMN: reason */
    struct frame fr;
    struct formula f;
    struct design d;
    struct lmm_fit fit;
    struct err e;
    small_frame(&fr);
    const char *cells[] = { "1", "oops", "A", "X", "1" };
    assert_int_equal(frame_add_row(&fr, cells, 99, &e), 0);
    assert_int_equal(formula_parse("y ~ x + (1|grp)", &a, &f, &e), 0);
    assert_int_equal(design_build(&f, &fr, "t.csv", true, &a, &d, &e), ERR_INPUT);
    assert_string_equal(e.msg, "t.csv:99: x: 'oops' is not a number (the column holds numbers; "
                               "leave the cell empty or write NA when the value is missing)");
    frame_release(&fr);

    /* collinear: x2 = 2 x; one group; crossed */
    static const char *const names[] = { "y", "x", "x2", "one", "g1", "g2", "k" };
    assert_int_equal(frame_init(&fr, names, 7, &e), 0);
    for (int i = 0; i < 40; i++) {
        char y[16], x[16], x2[16], g1[8], g2[8], k[8];
        snprintf(y, sizeof y, "%d", (i * 7) % 11);
        snprintf(x, sizeof x, "%d", i % 5);
        snprintf(x2, sizeof x2, "%d", 2 * (i % 5) + 3);
        snprintf(g1, sizeof g1, "a%d", i % 4);
        snprintf(g2, sizeof g2, "b%d", i % 3);
        snprintf(k, sizeof k, "%d", (i * 3) % 7);
        const char *c2[] = { y, x, x2, "same", g1, g2, k };
        assert_int_equal(frame_add_row(&fr, c2, i + 2, &e), 0);
    }
    static const char *const cases[][2] = {
        { "y ~ x + x2 + (1|g1)",
          "collinear fixed effects: x2 is a linear combination of x in the rows used" },
        { "y ~ x + (1|one)", "grouping factor one has 1 level" },
        { "y ~ x + (1|g1) + (1|g2)", "crossed, not nested" },
        { "y ~ k + (1|g1)", "" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        err_clear(&e);
        assert_int_equal(formula_parse(cases[i][0], &a, &f, &e), 0);
        assert_int_equal(design_build(&f, &fr, "t.csv", true, &a, &d, &e), 0);
        int rc = lmm_fit(&d.in, &a, &fit, &e);
        if (cases[i][1][0] == '\0') {
            assert_int_equal(rc, 0);
            continue;
        }
        assert_int_equal(rc, ERR_INPUT);
        if (!strstr(e.msg, cases[i][1]))
            fail_msg("%s: '%s' lacks '%s'", cases[i][0], e.msg, cases[i][1]);
    }
    frame_release(&fr);
    arena_release(&a);
}

static void test_frame_numbers(void **state)
{
    (void)state;
    double v;
    assert_true(frame_parse_number("1.5", &v) && v == 1.5);
    assert_true(frame_parse_number(" -2e3 ", &v) && v == -2000);
    assert_true(frame_parse_number(".5", &v) && v == 0.5);
    assert_false(frame_parse_number("0x10", &v));
    assert_false(frame_parse_number("inf", &v));
    assert_false(frame_parse_number("nan", &v));
    assert_false(frame_parse_number("1e999", &v));
    assert_false(frame_parse_number("12abc", &v));
    assert_false(frame_parse_number("", &v));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_against_lme4),  cmocka_unit_test(test_formula),
        cmocka_unit_test(test_design_names),  cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_frame_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
