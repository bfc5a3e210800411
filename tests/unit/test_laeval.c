/* Unit tests for the local authority's analysis across schools
 * (model/la/laeval.h, pure) and its pseudonyms (model/la/lakey.h):
 *
 * - against R on committed synthetic data (tests/lmm/laeval.R wrote the
 *   CSVs and tests/lmm/laeval.json; no R needed here): 12 schools, pupils
 *   in key teachers in schools (lme4's lmer with (1 | school/key_teacher),
 *   REML, nlme's between-within degrees of freedom), and 4 schools, where it
 *   falls back to school as a fixed effect;
 * - declining with too few key teachers, and saying which model and why;
 * - small counts suppressed, primary and secondary;
 * - pseudonyms stable under one key, different under another, of each
 *   kind apart, holding nothing of the UPN; the key made once per LA,
 *   audited without the key, never the same for two LAs. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "testutil.h"

#include "core/arena.h"
#include "core/buf.h"
#include "db/db.h"
#include "model/la/laeval.h"
#include "model/la/lakey.h"
#include "model/register/audit.h"

/* Read tests/lmm/data/NAME.csv (the extract's columns). */
static size_t read_rows(const char *name, struct arena *a, struct la_eval_row **out,
                        size_t *n_schools)
{
    char path[128], line[512];
    snprintf(path, sizeof path, "tests/lmm/data/%s.csv", name);
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot open %s", path);
    size_t n = 0, cap = 0;
    *out = NULL;
    *n_schools = 0;
    char last[LA_PSEUDONYM_LEN] = "";
    assert_non_null(fgets(line, sizeof line, f));
    while (fgets(line, sizeof line, f)) {
        struct la_eval_row *r = arena_push(a, out, &n, &cap, sizeof *r);
        assert_non_null(r);
        char eal[16];
        int fsm;
        if (sscanf(
                line,
                "%19[^,],%19[^,],%19[^,],%lf,%lf,%d,%1[^,],%15[^,],%3[^,],%1[^,],%lf,%lf,%lf,%lf",
                r->pupil, r->school, r->teacher, &r->outcome, &r->baseline, &fsm, r->sen, eal,
                r->year_group, r->sex, &r->indicator[0], &r->indicator[1], &r->indicator[2],
                &r->indicator[3]) != 14)
            fail_msg("%s: a line I cannot read: %s", path, line);
        r->fsm = fsm != 0;
        r->eal = arena_strdup(a, eal);
        if (strcmp(last, r->school) != 0) {
            (*n_schools)++;
            snprintf(last, sizeof last, "%s", r->school);
        }
    }
    fclose(f);
    return n;
}

static double num(json_t *c, const char *key)
{
    json_t *v = json_object_get(c, key);
    if (!json_is_number(v))
        fail_msg("laeval.json: no number %s", key);
    return json_number_value(v);
}

static void near(double got, double want, double rel, const char *what)
{
    double tol = rel * fmax(1.0, fabs(want));
    if (!(fabs(got - want) <= tol))
        fail_msg("%s: meso %.10g, R %.10g (tolerance %.1e)", what, got, want, tol);
}

static void against_r(const char *csv, const char *key, enum la_eval_model model)
{
    struct arena a;
    arena_init(&a, 64u << 20);
    struct la_eval_data d = { .outcome = evaldata_outcome("sdq-teacher"),
                              .year = 2025,
                              .la_code = "999",
                              .n_conversations = 100 };
    d.n_rows = read_rows(csv, &a, &d.rows, &d.n_schools);
    d.n_in_scope = d.n_rows;
    struct la_eval_result r;
    struct err e;
    err_clear(&e);
    assert_int_equal(la_eval_run(&d, &a, &r, &e), 0);
    if (r.declined)
        fail_msg("declined: %s", r.reason);
    json_error_t je;
    json_t *all = json_load_file("tests/lmm/laeval.json", 0, &je);
    if (!all)
        fail_msg("tests/lmm/laeval.json: %s", je.text);
    json_t *ref = json_object_get(all, key);
    assert_int_equal(r.model, model);
    assert_string_equal(r.formula, json_string_value(json_object_get(ref, "formula")));
    assert_int_equal(r.n_used, (size_t)num(ref, "n"));
    assert_int_equal(r.n_schools, (size_t)num(ref, "schools"));
    assert_int_equal(r.n_teachers, (size_t)num(ref, "key_teachers"));
    assert_true(r.fit.converged);
    near(r.fit.loglik, num(ref, "loglik"), 1e-6, "logLik");
    near(r.fit.sigma, num(ref, "sigma"), 1e-4, "sigma");
    near(r.total_sd, num(ref, "total_sd"), 1e-4, "total SD");
    near(r.icc, num(ref, "icc"), 1e-3, "ICC");
    json_t *sd = json_object_get(ref, "sd");
    for (size_t l = 0; l < r.fit.n_levels; l++)
        near(r.fit.levels[l].sd[0], num(sd, r.fit.levels[l].name), 1e-3, r.fit.levels[l].name);
    json_t *inds = json_object_get(ref, "indicators");
    for (size_t k = 0; k < EVALDATA_N_INDICATORS; k++) {
        const struct eval_indicator *x = &r.ind[k];
        json_t *w = json_object_get(inds, x->name);
        assert_true(x->included);
        near(x->estimate, num(w, "estimate"), 1e-5, x->name);
        near(x->se, num(w, "se"), 1e-4, "SE");
        assert_true(x->df == num(w, "df"));
        near(x->ci_low, num(w, "ci_low"), 1e-4, "CI low");
        near(x->ci_high, num(w, "ci_high"), 1e-4, "CI high");
        near(x->sd, num(w, "sd"), 1e-9, "indicator SD");
        near(x->g, num(w, "g"), 1e-3, "g");
        near(x->g_low, num(w, "g_low"), 1e-3, "g low");
        near(x->g_high, num(w, "g_high"), 1e-3, "g high");
        assert_non_null(strstr(x->words, "95% confidence interval"));
    }
    json_decref(all);
    arena_release(&a);
}

static void test_three_levels_against_r(void **state)
{
    (void)state;
    against_r("laeval_three", "three", LA_MODEL_THREE);
}

static void test_few_schools_against_r(void **state)
{
    (void)state;
    against_r("laeval_few", "few", LA_MODEL_SCHOOL_FIXED);
}

static void test_falls_back_and_declines(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 64u << 20);
    struct la_eval_data d = { .outcome = evaldata_outcome("sdq-teacher"),
                              .year = 2025,
                              .la_code = "999",
                              .n_conversations = 100 };
    d.n_rows = read_rows("laeval_few", &a, &d.rows, &d.n_schools);
    struct la_eval_result r;
    struct err e;
    err_clear(&e);
    assert_int_equal(la_eval_run(&d, &a, &r, &e), 0);
    assert_non_null(strstr(r.model_words, "Only 4 schools"));
    assert_non_null(strstr(r.model_words, "within schools"));
    /* The first school alone: one school's model. */
    size_t n1 = 0;
    while (n1 < d.n_rows && !strcmp(d.rows[n1].school, d.rows[0].school))
        n1++;
    struct la_eval_data one = d;
    one.n_rows = n1;
    assert_int_equal(la_eval_run(&one, &a, &r, &e), 0);
    assert_int_equal(r.model, LA_MODEL_ONE);
    assert_non_null(strstr(r.model_words, "Only one school"));
    /* 6 key teachers, whose year groups and four indicators are collinear
     * between them: it declines, and says why. */
    assert_true(r.declined);
    assert_non_null(strstr(r.reason, "could not be fitted: collinear"));
    /* No conversations: declines and says so. */
    struct la_eval_data none = d;
    none.n_conversations = 0;
    assert_int_equal(la_eval_run(&none, &a, &r, &e), 0);
    assert_true(r.declined);
    assert_non_null(strstr(r.reason, "No complete structured conversations"));
    /* Too few pupils: declines, and a count of 1 to 4 is not in the words. */
    struct la_eval_data few = d;
    few.n_rows = 3;
    few.n_in_scope = 3;
    assert_int_equal(la_eval_run(&few, &a, &r, &e), 0);
    assert_true(r.declined);
    assert_non_null(
        strstr(r.reason, "Fewer than 5 pupils are in scope in 2025-26, and fewer have"));
    assert_null(strstr(r.reason, " 3 "));
    few.n_in_scope = 40;
    assert_int_equal(la_eval_run(&few, &a, &r, &e), 0);
    assert_non_null(strstr(r.reason, "Fewer than 5 of the 40 pupils in scope in 2025-26 have"));
    /* No school sharing. */
    struct la_eval_data empty = { .outcome = d.outcome, .year = 2025, .la_code = "999" };
    assert_int_equal(la_eval_run(&empty, &a, &r, &e), 0);
    assert_true(r.declined);
    assert_non_null(strstr(r.reason, "agreed to share"));
    arena_release(&a);
}

static void test_small_counts_suppressed(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 64u << 20);
    struct la_eval_data d = { .outcome = evaldata_outcome("sdq-teacher"),
                              .year = 2025,
                              .la_code = "999",
                              .n_conversations = 100 };
    d.n_rows = read_rows("laeval_three", &a, &d.rows, &d.n_schools);
    /* Three EHC plans only: primary suppression, and the next smallest SEN
     * count too (secondary), so the total cannot give them away. */
    size_t ehc = 0;
    for (size_t i = 0; i < d.n_rows; i++)
        if (d.rows[i].sen[0] == 'E' && ehc++ >= 3)
            d.rows[i].sen[0] = 'K';
    struct la_eval_result r;
    struct err e;
    err_clear(&e);
    assert_int_equal(la_eval_run(&d, &a, &r, &e), 0);
    assert_false(r.declined);
    size_t hidden_sen = 0;
    for (size_t i = 0; i < r.n_counts; i++) {
        if (!strcmp(r.counts[i].group, "SEN") && !strcmp(r.counts[i].label, "EHC plan")) {
            assert_int_equal(r.counts[i].n, 3);
            assert_true(r.counts[i].suppressed);
        }
        if (!strcmp(r.counts[i].group, "SEN"))
            hidden_sen += r.counts[i].suppressed;
        if (!strcmp(r.counts[i].group, "FSM"))
            assert_false(r.counts[i].suppressed);
    }
    assert_int_equal(hidden_sen, 2);
    arena_release(&a);
}

static void test_csv_holds_pseudonyms_only(void **state)
{
    (void)state;
    unsigned char key[LA_KEY_BYTES];
    memset(key, 7, sizeof key);
    struct la_eval_row row = { .outcome = 12,
                               .baseline = NAN,
                               .eal = "no",
                               .sen = "K",
                               .year_group = "3",
                               .sex = "F",
                               .indicator = { 0.5, 1, 2, NAN } };
    la_pseudonym(key, LA_PUPIL, "A123456789012", row.pupil);
    la_pseudonym(key, LA_SCHOOL, "999001", row.school);
    la_pseudonym(key, LA_TEACHER, "999001:4", row.teacher);
    struct la_eval_data d = { .rows = &row, .n_rows = 1 };
    struct buf b;
    buf_init(&b, 1 << 16);
    struct err e;
    err_clear(&e);
    assert_int_equal(la_eval_csv(&d, &b, &e), 0);
    const char *s = buf_str(&b);
    assert_non_null(strstr(s, "pupil,school,key_teacher,outcome,baseline,fsm,sen,eal,year_group,"
                              "sex,fidelity,parent_reviews,methods,two_or_more\n"));
    assert_non_null(strstr(s, row.pupil));
    assert_non_null(strstr(s, ",12,NA,0,K,no,Y3,F,0.5,1,2,NA\n"));
    assert_null(strstr(s, "A123456789012"));
    assert_null(strstr(s, "999001"));
    buf_release(&b);
}

static bool is_hex(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strchr("0123456789abcdef", s[i]))
            return false;
    return s[n] == '\0';
}

static void test_pseudonyms(void **state)
{
    (void)state;
    unsigned char k1[LA_KEY_BYTES], k2[LA_KEY_BYTES];
    memset(k1, 1, sizeof k1);
    memset(k2, 1, sizeof k2);
    k2[31] = 2; /* one bit of the key */
    char a[LA_PSEUDONYM_LEN], b[LA_PSEUDONYM_LEN], c[LA_PSEUDONYM_LEN], t[LA_PSEUDONYM_LEN],
        s[LA_PSEUDONYM_LEN];
    la_pseudonym(k1, LA_PUPIL, "A123456789012", a);
    la_pseudonym(k1, LA_PUPIL, "A123456789012", b);
    assert_string_equal(a, b); /* stable */
    assert_true(a[0] == 'P' && is_hex(a + 1, 16));
    la_pseudonym(k2, LA_PUPIL, "A123456789012", c);
    assert_string_not_equal(a, c); /* another LA's key: another pseudonym */
    la_pseudonym(k1, LA_PUPIL, "A123456789013", c);
    assert_string_not_equal(a, c);
    la_pseudonym(k1, LA_TEACHER, "A123456789012", t);
    la_pseudonym(k1, LA_SCHOOL, "A123456789012", s);
    assert_true(t[0] == 'K' && is_hex(t + 1, 12));
    assert_true(s[0] == 'S' && is_hex(s + 1, 8));
    assert_memory_not_equal(a + 1, t + 1, 12); /* kinds kept apart */
    assert_memory_not_equal(a + 1, s + 1, 8);
    /* Nothing of the UPN shows: not its digits in a row. */
    assert_null(strstr(a, "1234"));
    assert_null(strstr(a, "9012"));
}

static void test_key_made_once_per_la(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    struct db *db = test_db(dir, "lakey");
    struct audit_entry who = { .actor = "cli:test" };
    unsigned char k1[LA_KEY_BYTES], k2[LA_KEY_BYTES], k3[LA_KEY_BYTES];
    struct err e;
    err_clear(&e);
    assert_int_equal(la_key_get(db, "999", &who, k1, &e), 0);
    assert_int_equal(la_key_get(db, "999", &who, k2, &e), 0);
    assert_memory_equal(k1, k2, LA_KEY_BYTES);
    assert_int_equal(la_key_get(db, "998", &who, k3, &e), 0);
    assert_memory_not_equal(k1, k3, LA_KEY_BYTES);
    assert_int_equal(test_count(db, "SELECT count(*) FROM la_key"), 2);
    assert_int_equal(
        test_count(db, "SELECT count(*) FROM audit WHERE entity = 'la_key' AND action = 'create'"),
        2);
    /* The key is never in the trail. */
    assert_int_equal(test_count(db, "SELECT count(*) FROM audit a JOIN la_key k"
                                    " ON a.detail LIKE '%' || k.secret || '%'"),
                     0);
    assert_int_equal(la_key_get(db, "99", &who, k3, &e), ERR_INPUT);
    assert_int_equal(la_key_get(db, "9a9", &who, k3, &e), ERR_INPUT);
    db_close(db);
    test_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_three_levels_against_r),
        cmocka_unit_test(test_few_schools_against_r),
        cmocka_unit_test(test_falls_back_and_declines),
        cmocka_unit_test(test_small_counts_suppressed),
        cmocka_unit_test(test_csv_holds_pseudonyms_only),
        cmocka_unit_test(test_pseudonyms),
        cmocka_unit_test(test_key_made_once_per_la),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
