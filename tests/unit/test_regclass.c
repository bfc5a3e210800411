/* Unit tests for model/register/regclass: classes made once per name, a
 * class's key teacher given to its pupils in conversation scope, pupils who
 * join later following, a key teacher chosen for one pupil kept, clearing,
 * and the audit rows. */
#include "testpeople.h"

#include "model/register/regclass.h"

struct fx {
    char *dir;
    struct db *db;
    struct arena a;
    int64_t school, other, teacher, teacher2, practitioner, other_teacher;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->db = test_db(f->dir, "r.db");
    arena_init(&f->a, 0);
    f->school = tp_school(f->db, "100001");
    f->other = tp_school(f->db, "100002");
    tp_staff(f->db, f->school, "t1@example.org", ACCOUNT_TEACHER, &f->teacher);
    tp_staff(f->db, f->school, "t2@example.org", ACCOUNT_TEACHER, &f->teacher2);
    tp_staff(f->db, f->school, "p1@example.org", ACCOUNT_PRACTITIONER, &f->practitioner);
    tp_staff(f->db, f->other, "t3@example.org", ACCOUNT_TEACHER, &f->other_teacher);
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

static const struct audit_entry who = { .actor = "test" };

/* A pupil in class g with SEN provision sen (K or E: in scope). */
static int64_t pupil_in(struct fx *f, int serial, int64_t g, const char *sen)
{
    int64_t id = tp_pupil(f->db, f->school, serial, "Pupil");
    struct db_stmt *st;
    struct err e;
    assert_int_equal(
        db_prepare(f->db, &st,
                   "UPDATE pupil SET reg_group_id = ?2, sen_provision = ?3 WHERE id = ?1", &e),
        0);
    db_bind_int(st, 1, id);
    db_bind_int_or_null(st, 2, g, g == 0);
    db_bind_text(st, 3, sen);
    assert_int_equal(db_step(st, &e), DB_DONE);
    db_finalize(st);
    return id;
}

static int64_t key_teacher_of(struct fx *f, int64_t pupil)
{
    struct pupil p;
    struct err e;
    assert_int_equal(pupil_by_id(f->db, &f->a, f->school, pupil, &p, &e), 0);
    return p.key_teacher_id;
}

static void classes_are_made_once(void **state)
{
    struct fx *f = *state;
    int64_t a, b, c;
    bool created;
    struct err e;
    assert_int_equal(regclass_ensure(f->db, f->school, " 3B ", &a, &created, &e), 0);
    assert_true(created);
    assert_int_equal(regclass_ensure(f->db, f->school, "3B", &b, &created, &e), 0);
    assert_false(created);
    assert_int_equal(a, b);
    assert_int_equal(regclass_ensure(f->db, f->other, "3B", &c, &created, &e), 0);
    assert_true(created);
    assert_true(c != a);
    assert_int_equal(regclass_ensure(f->db, f->school, "   ", &c, &created, &e), ERR_INPUT);
    assert_int_equal(regclass_ensure(f->db, f->school,
                                     "a class name that is far too long to be one", &c, &created,
                                     &e),
                     ERR_INPUT);
}

static void a_class_key_teacher_reaches_pupils_in_scope(void **state)
{
    struct fx *f = *state;
    int64_t g, g2;
    bool created;
    struct err e;
    assert_int_equal(regclass_ensure(f->db, f->school, "3B", &g, &created, &e), 0);
    assert_int_equal(regclass_ensure(f->db, f->school, "10A", &g2, &created, &e), 0);
    int64_t k1 = pupil_in(f, 1, g, "K"), k2 = pupil_in(f, 2, g, "E"), n = pupil_in(f, 3, g, "N");
    int64_t chosen = pupil_in(f, 4, g, "K"), elsewhere = pupil_in(f, 5, g2, "K");
    assert_int_equal(pupil_set_key_teacher(f->db, &test_who, chosen, f->teacher2, &e), 0);

    /* The list: natural order, counts. */
    struct reg_group *gs;
    size_t ng;
    assert_int_equal(regclass_list(f->db, &f->a, f->school, &gs, &ng, &e), 0);
    assert_int_equal(ng, 2);
    assert_string_equal(gs[0].name, "3B");
    assert_string_equal(gs[1].name, "10A");
    assert_int_equal(gs[0].pupils, 4);
    assert_int_equal(gs[0].in_scope, 3);
    assert_int_equal(gs[0].without_teacher, 2);
    assert_int_equal(gs[0].chosen_other, 1);

    /* A practitioner, or another school's teacher, cannot be a key teacher. */
    int changed = -1;
    assert_int_equal(regclass_set_key_teacher(f->db, &who, g, f->practitioner, false, &changed, &e),
                     ERR_INPUT);
    assert_int_equal(
        regclass_set_key_teacher(f->db, &who, g, f->other_teacher, false, &changed, &e), ERR_INPUT);
    assert_int_equal(regclass_set_key_teacher(f->db, &who, g, f->teacher, false, &changed, &e), 0);
    assert_int_equal(changed, 2);
    assert_int_equal(key_teacher_of(f, k1), f->teacher);
    assert_int_equal(key_teacher_of(f, k2), f->teacher);
    assert_int_equal(key_teacher_of(f, n), 0);                /* not in scope */
    assert_int_equal(key_teacher_of(f, chosen), f->teacher2); /* chosen for them: kept */
    assert_int_equal(key_teacher_of(f, elsewhere), 0);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE action = 'assign' AND"
                                       " entity = 'pupil'"),
                     3); /* the individual choice, then two from the class */
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE entity = 'reg_group'"), 1);

    /* Replacing the individual choice when asked. */
    assert_int_equal(regclass_set_key_teacher(f->db, &who, g, f->teacher, true, &changed, &e), 0);
    assert_int_equal(changed, 1);
    assert_int_equal(key_teacher_of(f, chosen), f->teacher);

    /* Pupils who join later, or come into scope, follow. */
    int64_t joiner = pupil_in(f, 6, g, "K");
    assert_int_equal(key_teacher_of(f, joiner), 0);
    int followed = -1;
    assert_int_equal(regclass_follow(f->db, &who, f->school, &followed, &e), 0);
    assert_int_equal(followed, 1);
    assert_int_equal(key_teacher_of(f, joiner), f->teacher);
    assert_int_equal(regclass_follow(f->db, &who, f->school, &followed, &e), 0);
    assert_int_equal(followed, 0);

    /* A pupil who moves to a class with another key teacher follows it. */
    assert_int_equal(regclass_set_key_teacher(f->db, &who, g2, f->teacher2, false, &changed, &e),
                     0);
    assert_int_equal(key_teacher_of(f, elsewhere), f->teacher2);
    pupil_in(f, 7, g2, "N"); /* (not in scope: nobody) */
    struct db_stmt *st;
    assert_int_equal(db_prepare(f->db, &st, "UPDATE pupil SET reg_group_id = ?2 WHERE id = ?1", &e),
                     0);
    db_bind_int(st, 1, k1);
    db_bind_int(st, 2, g2);
    assert_int_equal(db_step(st, &e), DB_DONE);
    db_finalize(st);
    assert_int_equal(regclass_follow(f->db, &who, f->school, &followed, &e), 0);
    assert_int_equal(followed, 1);
    assert_int_equal(key_teacher_of(f, k1), f->teacher2);

    /* Clearing the class's key teacher takes it from those who had it from
     * the class. */
    assert_int_equal(regclass_set_key_teacher(f->db, &who, g, 0, false, &changed, &e), 0);
    assert_int_equal(key_teacher_of(f, k2), 0);
    assert_int_equal(key_teacher_of(f, joiner), 0);

    /* The class page's list is audited once per child shown. */
    struct regclass_pupil *ps;
    size_t np;
    int64_t before = test_count(f->db, "SELECT count(*) FROM audit");
    assert_int_equal(regclass_pupils(f->db, &f->a, g, &who, &ps, &np, &e), 0);
    assert_int_equal(np, 3);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit"), before + 3);
    assert_int_equal(regclass_get(f->db, &f->a, f->other, g, gs, &e), ERR_NOTFOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(classes_are_made_once, setup, teardown),
        cmocka_unit_test_setup_teardown(a_class_key_teacher_reaches_pupils_in_scope, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
