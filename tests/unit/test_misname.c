/* Unit tests for model/register/misname (census words as an MIS writes
 * them), model/register/importcols (contact columns) and the carer name
 * splitter (model/register/carer). */
#include "testutil.h"

#include "core/arena.h"
#include "model/register/carer.h"
#include "model/register/carername.h"
#include "model/register/importcols.h"
#include "model/register/misname.h"

struct fx {
    char *dir;
    struct db *db;
    struct arena a;
    struct misnames m;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->db = test_db(f->dir, "m.db");
    arena_init(&f->a, 0);
    struct err e;
    assert_int_equal(misnames_load(f->db, &f->a, &f->m, &e), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    db_close(f->db);
    arena_release(&f->a);
    test_rmdir(f->dir);
    free(f);
    return 0;
}

static void needs_by_census_description(void **state)
{
    struct fx *f = *state;
    static const struct {
        const char *in, *code;
    } cases[] = {
        { "Social, Emotional and Mental Health", "SEMH" },
        { "social emotional & mental health", "SEMH" },
        { "Autistic Spectrum Disorder", "ASD" },
        { "Specific Learning Difficulty", "SPLD" },
        { "Profound & Multiple Learning Difficulty", "PMLD" },
        { "Speech, Language and Communication Needs", "SLCN" },
        { "Other Difficulty/Disability", "OTH" },
        { "Behaviour, Emotional & Social Difficulty", "SEMH" }, /* before 2014 */
        { "SEN support but no specialist assessment of type of need", "NSA" },
        { "Multi-Sensory Impairment", "MSI" },
        { "Hearing Impairment (HI)", "HI" },
        { "VI - Visual Impairment", "VI" },
        { "semh", "SEMH" },
        { "BESD", "SEMH" },
        { "", "" },
    };
    char out[5], why[300];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (misnames_need(&f->m, cases[i].in, out, why, sizeof why) != 0)
            fail_msg("%s: %s", cases[i].in, why);
        assert_string_equal(out, cases[i].code);
    }
    assert_int_equal(misnames_need(&f->m, "Dyslexia", out, why, sizeof why), ERR_INPUT);
    assert_non_null(strstr(why, "'Dyslexia' is not a census need"));
    assert_int_equal(misnames_need(&f->m, "Mental Health", out, why, sizeof why), ERR_INPUT);
}

static void sen_status_as_written(void **state)
{
    struct fx *f = *state;
    static const struct {
        const char *in, *code;
    } cases[] = {
        { "No Special Educational Need", "N" },
        { "SEN Support", "K" },
        { "Education, Health and Care Plan", "E" },
        { "EHC Plan", "E" },
        { "K", "K" },
        { "", "N" },
        { "Statement of SEN", "E" },
    };
    char out[2], why[300];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (misnames_sen(&f->m, cases[i].in, out, why, sizeof why) != 0)
            fail_msg("%s: %s", cases[i].in, why);
        assert_string_equal(out, cases[i].code);
    }
    assert_int_equal(misnames_sen(&f->m, "Maybe", out, why, sizeof why), ERR_INPUT);
    assert_non_null(strstr(why, "SEN Support"));
    /* The words are data: a school's own row is read too. */
    assert_int_equal(
        db_exec(f->db, "INSERT INTO mis_name (kind, name, code) VALUES ('sen', 'Monitoring', 'N')",
                NULL),
        0);
    struct misnames m2;
    struct err e;
    assert_int_equal(misnames_load(f->db, &f->a, &m2, &e), 0);
    assert_int_equal(misnames_sen(&m2, "monitoring", out, why, sizeof why), 0);
    assert_string_equal(out, "N");
}

static void contact_columns_recognised(void **state)
{
    (void)state;
    static const struct {
        const char *key;
        int num;
        enum contact_field field;
    } yes[] = {
        { "contact1name", 1, K_NAME },
        { "contact2relationship", 2, K_RELATIONSHIP },
        { "contact1emailaddress", 1, K_EMAIL },
        { "contact3mobilenumber", 3, K_MOBILE },
        { "contact1parentalresponsibility", 1, K_PR },
        { "guardian2telephone", 2, K_HOME },
        { "parent1surname", 1, K_SURNAME },
        { "contact1", 1, K_NAME },
    };
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        int n = 0;
        enum contact_field fl = K_N;
        if (!importcols_contact(yes[i].key, &n, &fl))
            fail_msg("%s not recognised", yes[i].key);
        assert_int_equal(n, yes[i].num);
        assert_int_equal(fl, yes[i].field);
    }
    int n;
    enum contact_field fl;
    for (const char *no[] = { "contactid", "contactsurname", "contact10name", "contact1shoesize",
                              "contact0name", NULL },
                    **k = no;
         *k; k++)
        if (importcols_contact(*k, &n, &fl))
            fail_msg("%s wrongly recognised", *k);
}

static void names_split(void **state)
{
    struct fx *f = *state;
    static const struct {
        const char *in, *title, *fore, *sur;
    } cases[] = {
        { "Mrs Amina Khan", "Mrs", "Amina", "Khan" },
        { "Khan, Amina (Mrs)", "Mrs", "Amina", "Khan" },
        { "Khan, Mrs Amina", "Mrs", "Amina", "Khan" },
        { "Dr Pieter van der Berg", "Dr", "Pieter", "van der Berg" },
        { "Mary Jane Smith", NULL, "Mary Jane", "Smith" },
        { "Mr. Tom O'Neill", "Mr", "Tom", "O'Neill" },
        { "Smith", NULL, NULL, "Smith" },
        { "  Ms   Jo   Lee  ", "Ms", "Jo", "Lee" },
        { "Mrs", NULL, NULL, "Mrs" },
        { "Fatima al Hassan", NULL, "Fatima", "al Hassan" },
        { "", NULL, NULL, NULL },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *t, *fo, *su;
        carer_split_name(&f->a, cases[i].in, &t, &fo, &su);
        const char *want[] = { cases[i].title, cases[i].fore, cases[i].sur },
                   *got[] = { t, fo, su };
        for (int k = 0; k < 3; k++)
            if ((want[k] == NULL) != (got[k] == NULL) || (want[k] && strcmp(want[k], got[k])))
                fail_msg("'%s' part %d: got '%s', want '%s'", cases[i].in, k,
                         got[k] ? got[k] : "(none)", want[k] ? want[k] : "(none)");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(needs_by_census_description, setup, teardown),
        cmocka_unit_test_setup_teardown(sen_status_as_written, setup, teardown),
        cmocka_unit_test_setup_teardown(contact_columns_recognised, setup, teardown),
        cmocka_unit_test_setup_teardown(names_split, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
