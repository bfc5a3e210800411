/* Unit tests for frameworks (model/framework.h): the file format (a good
 * file, and each error with its line number), component references, and
 * through the database: the built-in frameworks, a school's choice, a
 * school's own framework (and a taken key), and mapping a provision. */
#include "testutil.h"

#include "core/arena.h"
#include "core/str.h"
#include "model/register/audit.h"
#include "model/provision/framework.h"
#include "model/provision/provision.h"
#include "model/register/school.h"

static const char good[] = "meso-framework 1\n"
                           "# the six principles, shortened\n"
                           "key: nurture\n"
                           "name: Nurture principles\n"
                           "\n"
                           "description: How a nurturing school works\n"
                           "component learning: Learning is understood developmentally\n"
                           "component  safe-base :  The classroom offers a safe base  \r\n";

static void parses_a_good_file(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct err e;
    err_clear(&e);
    struct framework fw;
    assert_int_equal(framework_parse(&a, "n.txt", good, strlen(good), &fw, &e), 0);
    assert_string_equal(fw.key, "nurture");
    assert_string_equal(fw.name, "Nurture principles");
    assert_string_equal(fw.description, "How a nurturing school works");
    assert_int_equal(fw.n_components, 2);
    assert_string_equal(fw.components[1].key, "safe-base");
    assert_string_equal(fw.components[1].name, "The classroom offers a safe base");
    assert_int_equal(fw.components[1].position, 2);
    arena_release(&a);
}

static void errors_name_the_line(void **state)
{
    (void)state;
    static const struct {
        const char *text, *want;
    } cases[] = {
        { "", "f.txt: the file is empty" },
        { "key: x\n", "f.txt:1: the first line should be 'meso-framework 1'" },
        { "meso-framework 2\n", "f.txt:1: this meso reads framework files of version 1" },
        { "meso-framework 1\nkey: x\nname: X\n", "f.txt: give at least one component" },
        { "meso-framework 1\nname: X\ncomponent a: A\n", "f.txt: give the framework a key" },
        { "meso-framework 1\nkey: x\ncomponent a: A\n", "f.txt: give the framework a name" },
        { "meso-framework 1\nkey: Big Key\n", "f.txt:2: a framework key is 1 to 40" },
        { "meso-framework 1\nkey: x\nkey: y\n", "f.txt:3: 'key' is given twice (first on line 2)" },
        { "meso-framework 1\nkey: x\nname:\n", "f.txt:3: give the name after the colon" },
        { "meso-framework 1\n\n\ncomponent a A\n", "f.txt:4: write a component as" },
        { "meso-framework 1\ncomponent A: x\n", "f.txt:2: a component key is 1 to 40" },
        { "meso-framework 1\ncomponent a: x\ncomponent a: y\n",
          "f.txt:3: the component 'a' is given twice" },
        { "meso-framework 1\ncomponent a:\n", "f.txt:2: give the component's name" },
        { "meso-framework 1\nstrand a: x\n", "f.txt:2: 'strand' is not part of a framework" },
        { "meso-framework 1\nname: \xff\n", "f.txt:2: the line is not valid UTF-8" },
        { "meso-framework 1\nname: a\x01z\n", "f.txt:2: the line holds a control character" },
    };
    struct arena a;
    arena_init(&a, 0);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct err e;
        err_clear(&e);
        struct framework fw;
        int rc = framework_parse(&a, "f.txt", cases[i].text, strlen(cases[i].text), &fw, &e);
        if (rc != ERR_INPUT || strncmp(e.msg, cases[i].want, strlen(cases[i].want)) != 0)
            fail_msg("case %zu: rc %d, message '%s', expected '%s'", i, rc, e.msg, cases[i].want);
    }
    /* a NUL byte */
    struct err e;
    struct framework fw;
    const char nul[] = "meso-framework 1\nkey: a\0b\n";
    assert_int_equal(framework_parse(&a, "f.txt", nul, sizeof nul - 1, &fw, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "f.txt:2: the line holds a NUL byte"));
    /* too many components */
    char big[8000] = "meso-framework 1\nkey: x\nname: X\n";
    for (int i = 0; i <= FW_MAX_COMPONENTS; i++)
        snprintf(big + strlen(big), sizeof big - strlen(big), "component c%d: C\n", i);
    assert_int_equal(framework_parse(&a, "f.txt", big, strlen(big), &fw, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "f.txt:54: a framework has at most 50 components"));
    arena_release(&a);
}

static void refs(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct err e;
    const char *f, *c;
    assert_int_equal(framework_split_ref(&a, "afa/conversations", &f, &c, &e), 0);
    assert_string_equal(f, "afa");
    assert_string_equal(c, "conversations");
    assert_int_equal(framework_split_ref(&a, "afa", &f, &c, &e), ERR_INPUT);
    assert_int_equal(framework_split_ref(&a, "/x", &f, &c, &e), ERR_INPUT);
    assert_int_equal(framework_split_ref(&a, "afa/", &f, &c, &e), ERR_INPUT);
    assert_int_equal(framework_split_ref(&a, "afa/a/b", &f, &c, &e), ERR_INPUT);
    assert_true(framework_key_valid("wider-outcomes"));
    assert_false(framework_key_valid("Wider"));
    assert_false(framework_key_valid(""));
    arena_release(&a);
}

static void storage(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    struct db *db = test_db(dir, "f.db");
    struct arena a;
    arena_init(&a, 0);
    struct err e;
    err_clear(&e);
    struct school sc = { .urn = "123456", .name = "Hillside" };
    assert_int_equal(school_add(db, &sc, &e), 0);
    struct school sc2 = { .urn = "654321", .name = "Elsewhere" };
    assert_int_equal(school_add(db, &sc2, &e), 0);
    struct framework *fws;
    size_t n;
    assert_int_equal(framework_list(db, &a, sc.id, &fws, &n, &e), 0);
    assert_int_equal(n, 3);
    assert_string_equal(fws[0].key, "afa");
    assert_int_equal(fws[0].n_components, 3);
    assert_string_equal(fws[1].key, "kidsmatter");
    assert_int_equal(fws[1].n_components, 4);
    assert_string_equal(fws[2].key, "tamhs");
    assert_string_equal(fws[2].components[2].key, "staff");
    assert_false(fws[0].chosen);
    /* a school's own */
    struct framework own;
    assert_int_equal(framework_add(db, &a, sc.id, "n.txt", good, strlen(good), "t", &own, &e), 0);
    assert_int_equal(framework_add(db, &a, sc.id, "n.txt", good, strlen(good), "t", &own, &e),
                     ERR_CONFLICT);
    const char dup[] = "meso-framework 1\nkey: afa\nname: Mine\ncomponent a: A\n";
    assert_int_equal(framework_add(db, &a, sc.id, "d.txt", dup, strlen(dup), "t", &own, &e),
                     ERR_CONFLICT);
    assert_int_equal(framework_add_file(db, &a, sc.id, "/nonexistent/x", "t", &own, &e),
                     ERR_NOTFOUND);
    /* the other school does not see it */
    assert_int_equal(framework_list(db, &a, sc2.id, &fws, &n, &e), 0);
    assert_int_equal(n, 3);
    const char *mine[] = { "nurture" };
    assert_int_equal(framework_choose(db, sc2.id, mine, 1, "t", &e), ERR_INPUT);
    /* choosing replaces; an unknown key changes nothing */
    const char *keys[] = { "afa", "nurture" };
    assert_int_equal(framework_choose(db, sc.id, keys, 2, "t", &e), 0);
    const char *bad[] = { "tamhs", "nope" };
    assert_int_equal(framework_choose(db, sc.id, bad, 2, "t", &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "'nope'"));
    assert_int_equal(framework_chosen(db, &a, sc.id, &fws, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_string_equal(fws[0].key, "afa");
    assert_string_equal(fws[1].key, "nurture");
    assert_int_equal(framework_choose(db, sc.id, NULL, 0, "t", &e), ERR_INPUT);
    /* mapping: replaces the mapping to the frameworks named, keeps others */
    struct audit_entry who = { .actor = "test" };
    struct provision p = { .school_id = sc.id, .name = "Nurture group", .tier = "selected" };
    str_copy(p.start_date, sizeof p.start_date, "2026-01-05");
    assert_int_equal(provision_create(db, &p, &who, &e), 0);
    const char *r1[] = { "afa/assessment", "nurture/safe-base" };
    assert_int_equal(framework_map_provision(db, &a, sc.id, p.id, r1, 2, &who, &e), 0);
    const char *r2[] = { "afa/wider-outcomes" };
    assert_int_equal(framework_map_provision(db, &a, sc.id, p.id, r2, 1, &who, &e), 0);
    const char **got;
    assert_int_equal(framework_provision_components(db, &a, p.id, &got, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_string_equal(got[0], "afa/wider-outcomes");
    assert_string_equal(got[1], "nurture/safe-base");
    const char *r3[] = { "kidsmatter/sel", "afa/nothing" };
    assert_int_equal(framework_map_provision(db, &a, sc.id, p.id, r3, 2, &who, &e), ERR_INPUT);
    assert_int_equal(framework_map_provision(db, &a, sc2.id, p.id, r2, 1, &who, &e), ERR_NOTFOUND);
    assert_int_equal(test_count(db, "SELECT count(*) FROM provision_component"), 2);
    /* "afa/" clears a framework (the page sends it for each framework shown,
     * so unticking every box of one clears it); others are kept */
    const char *r4[] = { "afa/" };
    assert_int_equal(framework_map_provision(db, &a, sc.id, p.id, r4, 1, &who, &e), 0);
    assert_int_equal(framework_provision_components(db, &a, p.id, &got, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_string_equal(got[0], "nurture/safe-base");
    const char *r5[] = { "afa/", "afa/conversations", "nurture/" };
    assert_int_equal(framework_map_provision(db, &a, sc.id, p.id, r5, 3, &who, &e), 0);
    assert_int_equal(framework_provision_components(db, &a, p.id, &got, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_string_equal(got[0], "afa/conversations");
    const char *r6[] = { "nosuch/" };
    assert_int_equal(framework_map_provision(db, &a, sc.id, p.id, r6, 1, &who, &e), ERR_INPUT);
    arena_release(&a);
    db_close(db);
    test_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_a_good_file),
        cmocka_unit_test(errors_name_the_line),
        cmocka_unit_test(refs),
        cmocka_unit_test(storage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
