/* Unit tests for model/i18n (docs/i18n.md): a parent's chosen language
 * beside the carer's recorded one, and a school's corrections of translated
 * messages: checked (language, message, placeholders), audited, per school,
 * sorted for tr_get(), removed by a blank correction. Runs on SQLite and,
 * under scripts/with-pg.sh, PostgreSQL. */
#include "testpeople.h"

#include "core/i18n.h"
#include "model/i18n/langpref.h"
#include "model/i18n/transfix.h"

struct fx {
    char *dir;
    struct db *db;
    struct arena a;
    int64_t school, school_b, carer, parent, staff;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->db = test_db(f->dir, "lang.db");
    arena_init(&f->a, 0);
    f->school = tp_school(f->db, "100001");
    f->school_b = tp_school(f->db, "100002");
    f->carer = tp_carer(f->db, f->school, "Nowak", "anna.nowak@example.org");
    f->parent = tp_parent(f->db, f->school, f->carer, "anna.nowak@example.org");
    f->staff = tp_staff(f->db, f->school, "lead@example.org", ACCOUNT_LEAD, NULL);
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

static void parent_language(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    const char *chosen, *recorded;
    assert_int_equal(langpref_get(f->db, &f->a, f->parent, &chosen, &recorded, &e), 0);
    assert_null(chosen);
    assert_null(recorded);
    assert_int_equal(langpref_set(f->db, &test_who, f->parent, "ur", &e), 0);
    assert_int_equal(langpref_get(f->db, &f->a, f->parent, &chosen, &recorded, &e), 0);
    assert_string_equal(chosen, "ur");
    assert_string_equal(i18n_choose(chosen, recorded, "pl")->code, "ur");
    /* A language meso has no words in is refused, naming the field. */
    assert_int_equal(langpref_set(f->db, &test_who, f->parent, "de", &e), ERR_INPUT);
    assert_true(strncmp(e.msg, "language:", 9) == 0);
    /* Staff accounts have no language to choose. */
    assert_int_equal(langpref_set(f->db, &test_who, f->staff, "pl", &e), ERR_NOTFOUND);
    assert_int_equal(langpref_set(f->db, &test_who, f->parent, "", &e), 0);
    assert_int_equal(langpref_get(f->db, &f->a, f->parent, &chosen, &recorded, &e), 0);
    assert_null(chosen);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE entity = 'account'"
                                       " AND action = 'update' AND detail = 'Urdu'"),
                     1);
}

static void corrections(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    assert_int_equal(transfix_set(f->db, &test_who, f->school, "pl", "Sign in", "Zaloguj", &e), 0);
    assert_int_equal(
        transfix_set(f->db, &test_who, f->school, "pl", "Our plan", "Plan działania", &e), 0);
    assert_int_equal(
        transfix_set(f->db, &test_who, f->school, "pl", "Our meeting on %s", "Spotkanie (%s)", &e),
        0);
    /* Saved again: replaced, not doubled. */
    assert_int_equal(transfix_set(f->db, &test_who, f->school, "pl", "Sign in", "Wejdź", &e), 0);
    /* Refused, each naming its field. */
    assert_int_equal(transfix_set(f->db, &test_who, f->school, "en", "Sign in", "x", &e),
                     ERR_INPUT);
    assert_true(strncmp(e.msg, "lang:", 5) == 0);
    assert_int_equal(transfix_set(f->db, &test_who, f->school, "pl", "Not a message", "x", &e),
                     ERR_INPUT);
    assert_true(strncmp(e.msg, "msgid:", 6) == 0);
    assert_int_equal(
        transfix_set(f->db, &test_who, f->school, "pl", "Our meeting on %s", "Spotkanie", &e),
        ERR_INPUT);
    assert_true(strncmp(e.msg, "msgstr: keep the 1 place", 24) == 0);
    assert_int_equal(transfix_set(f->db, &test_who, f->school, "pl", "Sign in", "two\nlines", &e),
                     ERR_INPUT);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM translation_fix"), 3);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE entity = 'translation'"),
                     4);

    /* Listed in strcmp order ("Our meeting..." < "Our plan" < "Sign in"), for this
     * school and language only. */
    struct tr_fix *fx;
    size_t n;
    assert_int_equal(transfix_list(f->db, &f->a, f->school, "pl", &fx, &n, &e), 0);
    assert_int_equal(n, 3);
    assert_string_equal(fx[0].msgid, "Our meeting on %s");
    assert_string_equal(fx[2].msgid, "Sign in");
    assert_string_equal(fx[2].msgstr, "Wejdź");
    struct tr t;
    tr_init(&t, i18n_lang("pl"));
    t.fixes = fx;
    t.n_fixes = n;
    assert_string_equal(tr_get(&t, "Sign in"), "Wejdź");
    assert_string_equal(tr_get(&t, "Password"), "Hasło");
    assert_int_equal(transfix_list(f->db, &f->a, f->school_b, "pl", &fx, &n, &e), 0);
    assert_int_equal(n, 0);
    assert_int_equal(transfix_list(f->db, &f->a, f->school, "ur", &fx, &n, &e), 0);
    assert_int_equal(n, 0);

    /* A blank correction goes back to meso's translation. */
    assert_int_equal(transfix_set(f->db, &test_who, f->school, "pl", "Sign in", "  ", &e), 0);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM translation_fix"), 2);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE entity = 'translation'"
                                       " AND action = 'delete'"),
                     1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(parent_language, setup, teardown),
        cmocka_unit_test_setup_teardown(corrections, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
