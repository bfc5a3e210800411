/* Unit tests for model/access: every role against own and other school, own
 * and other key teacher, assigned and unassigned family, parent of this
 * child or another, admin without lead, and API tokens; the same answers from
 * single checks and from scoped lists; key teacher and family worker rules
 * and their audit rows. */
#include "testpeople.h"

#include "model/access/access.h"
#include "model/access/api_token.h"
#include "model/access/family_worker.h"
#include "model/register/carer.h"
#include "model/register/staff.h"

enum { PA1, PA2, PA3, PB1, N_PUPILS };
enum { C1, C2, C3, CB, N_CARERS };

struct who_is {
    const char *label;
    int64_t account; /* 0: see token / nobody */
    bool token, nobody;
    int pupils[N_PUPILS]; /* 1 visible, 0 not */
    int carers[N_CARERS];
};

struct fx {
    char *dir;
    struct db *db;
    struct arena a;
    int64_t school_a, school_b;
    int64_t pupil[N_PUPILS], carer[N_CARERS];
    int64_t t1_staff, p1_staff, p2_staff, tp_staff, t2_staff, tb_staff, l_staff;
    struct who_is people[16];
    size_t n_people;
    int64_t token_id;
};

static void key(struct fx *f, int64_t pupil, int64_t staff)
{
    struct err e;
    err_clear(&e);
    int rc = pupil_set_key_teacher(f->db, &test_who, pupil, staff, &e);
    if (rc)
        fail_msg("pupil_set_key_teacher: %s", e.msg);
}

static void fw(struct fx *f, int64_t pupil, int64_t staff)
{
    struct err e;
    err_clear(&e);
    if (family_worker_assign(f->db, &test_who, pupil, staff, &e) != 0)
        fail_msg("family_worker_assign: %s", e.msg);
}

static void person(struct fx *f, const char *label, int64_t account, const int pupils[N_PUPILS],
                   const int carers[N_CARERS])
{
    struct who_is *w = &f->people[f->n_people++];
    w->label = label;
    w->account = account;
    memcpy(w->pupils, pupils, sizeof w->pupils);
    memcpy(w->carers, carers, sizeof w->carers);
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->db = test_db(f->dir, "a.db");
    arena_init(&f->a, 0);
    struct db *db = f->db;
    f->school_a = tp_school(db, "100001");
    f->school_b = tp_school(db, "100002");
    int64_t l = tp_staff(db, f->school_a, "lead@a.example.org", ACCOUNT_LEAD, &f->l_staff);
    int64_t ad = tp_staff(db, f->school_a, "admin@a.example.org", ACCOUNT_ADMIN, NULL);
    int64_t al =
        tp_staff(db, f->school_a, "headteacher@a.example.org", ACCOUNT_ADMIN | ACCOUNT_LEAD, NULL);
    int64_t t1 = tp_staff(db, f->school_a, "t1@a.example.org", ACCOUNT_TEACHER, &f->t1_staff);
    int64_t t2 = tp_staff(db, f->school_a, "t2@a.example.org", ACCOUNT_TEACHER, &f->t2_staff);
    int64_t p1 = tp_staff(db, f->school_a, "p1@a.example.org", ACCOUNT_PRACTITIONER, &f->p1_staff);
    int64_t p2 = tp_staff(db, f->school_a, "p2@a.example.org", ACCOUNT_PRACTITIONER, &f->p2_staff);
    int64_t tp = tp_staff(db, f->school_a, "tp@a.example.org",
                          ACCOUNT_TEACHER | ACCOUNT_PRACTITIONER, &f->tp_staff);
    int64_t lb = tp_staff(db, f->school_b, "lead@b.example.org", ACCOUNT_LEAD, NULL);
    int64_t tb = tp_staff(db, f->school_b, "t@b.example.org", ACCOUNT_TEACHER, &f->tb_staff);

    f->pupil[PA1] = tp_pupil(db, f->school_a, 1, "One");
    f->pupil[PA2] = tp_pupil(db, f->school_a, 2, "Two");
    f->pupil[PA3] = tp_pupil(db, f->school_a, 3, "One"); /* PA1's sibling */
    f->pupil[PB1] = tp_pupil(db, f->school_b, 4, "Bee");
    f->carer[C1] = tp_carer(db, f->school_a, "One", "c1@example.org");
    f->carer[C2] = tp_carer(db, f->school_a, "Two", "c2@example.org");
    f->carer[C3] = tp_carer(db, f->school_a, "Three", "c3@example.org");
    f->carer[CB] = tp_carer(db, f->school_b, "Bee", "cb@example.org");
    tp_link(db, f->pupil[PA1], f->carer[C1]);
    tp_link(db, f->pupil[PA2], f->carer[C2]);
    tp_link(db, f->pupil[PA3], f->carer[C1]);
    tp_link(db, f->pupil[PA3], f->carer[C3]);
    tp_link(db, f->pupil[PB1], f->carer[CB]);
    key(f, f->pupil[PA1], f->t1_staff);
    key(f, f->pupil[PA2], f->t2_staff);
    key(f, f->pupil[PA3], f->tp_staff);
    key(f, f->pupil[PB1], f->tb_staff);
    fw(f, f->pupil[PA1], f->p1_staff);
    fw(f, f->pupil[PA3], f->p2_staff);
    fw(f, f->pupil[PA2], f->tp_staff);
    int64_t pa1 = tp_parent(db, f->school_a, f->carer[C1], "c1@example.org");
    int64_t pa2 = tp_parent(db, f->school_a, f->carer[C2], "c2@example.org");
    int64_t pb = tp_parent(db, f->school_b, f->carer[CB], "cb@example.org");

    /*                                pupils: A1 A2 A3 B1    carers: C1 C2 C3 CB */
    person(f, "lead", l, (int[]){ 1, 1, 1, 0 }, (int[]){ 1, 1, 1, 0 });
    person(f, "admin only", ad, (int[]){ 0, 0, 0, 0 }, (int[]){ 0, 0, 0, 0 });
    person(f, "admin and lead", al, (int[]){ 1, 1, 1, 0 }, (int[]){ 1, 1, 1, 0 });
    person(f, "teacher 1", t1, (int[]){ 1, 0, 0, 0 }, (int[]){ 1, 0, 0, 0 });
    person(f, "teacher 2", t2, (int[]){ 0, 1, 0, 0 }, (int[]){ 0, 1, 0, 0 });
    person(f, "practitioner 1", p1, (int[]){ 1, 0, 0, 0 }, (int[]){ 1, 0, 0, 0 });
    person(f, "practitioner 2", p2, (int[]){ 0, 0, 1, 0 }, (int[]){ 1, 0, 1, 0 });
    person(f, "teacher and practitioner", tp, (int[]){ 0, 1, 1, 0 }, (int[]){ 1, 1, 1, 0 });
    person(f, "parent of A1 and A3", pa1, (int[]){ 1, 0, 1, 0 }, (int[]){ 1, 0, 0, 0 });
    person(f, "parent of A2", pa2, (int[]){ 0, 1, 0, 0 }, (int[]){ 0, 1, 0, 0 });
    person(f, "parent at school B", pb, (int[]){ 0, 0, 0, 1 }, (int[]){ 0, 0, 0, 1 });
    person(f, "lead at school B", lb, (int[]){ 0, 0, 0, 1 }, (int[]){ 0, 0, 0, 1 });
    person(f, "teacher at school B", tb, (int[]){ 0, 0, 0, 1 }, (int[]){ 0, 0, 0, 1 });
    person(f, "read token for school A", 0, (int[]){ 1, 1, 1, 0 }, (int[]){ 1, 1, 1, 0 });
    f->people[f->n_people - 1].token = true;
    person(f, "nobody", 0, (int[]){ 0, 0, 0, 0 }, (int[]){ 0, 0, 0, 0 });
    f->people[f->n_people - 1].nobody = true;

    char token[API_TOKEN_LEN];
    struct err e;
    err_clear(&e);
    assert_int_equal(api_token_add(db, &test_who, "sync", API_TOKEN_READ, f->school_a, TEST_NOW,
                                   token, &f->token_id, &e),
                     0);
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

static void principal_of(struct fx *f, const struct who_is *w, struct principal *p)
{
    struct err e;
    err_clear(&e);
    memset(p, 0, sizeof *p);
    if (w->nobody)
        return;
    if (w->token) {
        struct api_token t = {
            .id = f->token_id, .name = "sync", .scope = API_TOKEN_READ, .school_id = f->school_a
        };
        assert_int_equal(access_principal_for_token(&f->a, &t, p, &e), 0);
        assert_false(p->can_write);
        assert_string_equal(p->actor, "token:sync");
        return;
    }
    if (access_principal_for_account(f->db, &f->a, w->account, p, &e) != 0)
        fail_msg("principal for %s: %s", w->label, e.msg);
}

static void every_role_sees_only_its_own(void **state)
{
    struct fx *f = *state;
    for (size_t i = 0; i < f->n_people; i++) {
        const struct who_is *w = &f->people[i];
        struct principal p;
        principal_of(f, w, &p);
        for (int k = 0; k < N_PUPILS; k++) {
            struct err e;
            err_clear(&e);
            int rc = access_pupil_visible(f->db, &p, f->pupil[k], &e);
            if (rc != (w->pupils[k] ? 0 : ERR_NOTFOUND))
                fail_msg("%s, pupil %d: got %d, want %s", w->label, k, rc,
                         w->pupils[k] ? "visible" : "not visible");
            if (rc)
                assert_string_equal(e.msg, "no such pupil");
        }
        for (int k = 0; k < N_CARERS; k++) {
            struct err e;
            err_clear(&e);
            int rc = access_carer_visible(f->db, &p, f->carer[k], &e);
            if (rc != (w->carers[k] ? 0 : ERR_NOTFOUND))
                fail_msg("%s, carer %d: got %d, want %s", w->label, k, rc,
                         w->carers[k] ? "visible" : "not visible");
        }
    }
}

static void lists_match_single_checks(void **state)
{
    struct fx *f = *state;
    for (size_t i = 0; i < f->n_people; i++) {
        const struct who_is *w = &f->people[i];
        struct principal p;
        principal_of(f, w, &p);
        struct pupil_filter flt = { .fsm = -1, .school_id = 12345 };
        flt.scope.whole_school = true; /* must be overwritten */
        access_pupil_filter(&p, &flt);
        struct pupil *ps;
        size_t n, total;
        struct err e;
        err_clear(&e);
        assert_int_equal(pupil_list(f->db, &f->a, &flt, &ps, &n, &total, &e), 0);
        size_t want = 0;
        for (int k = 0; k < N_PUPILS; k++) {
            want += (size_t)w->pupils[k];
            bool listed = false;
            for (size_t j = 0; j < n; j++)
                listed |= ps[j].id == f->pupil[k];
            if (listed != (w->pupils[k] != 0))
                fail_msg("%s: pupil %d %s listed", w->label, k, listed ? "wrongly" : "not");
        }
        assert_int_equal(n, want);
    }
}

static void unknown_and_hidden_look_the_same(void **state)
{
    struct fx *f = *state;
    struct principal p;
    principal_of(f, &f->people[3], &p); /* teacher 1 */
    struct err e1, e2;
    err_clear(&e1);
    err_clear(&e2);
    assert_int_equal(access_pupil_visible(f->db, &p, 999999, &e1), ERR_NOTFOUND);
    assert_int_equal(access_pupil_visible(f->db, &p, f->pupil[PA2], &e2), ERR_NOTFOUND);
    assert_string_equal(e1.msg, e2.msg);
    /* A key teacher link to another school's pupil (which the model refuses
     * to make; forced here) still shows nothing across schools. */
    struct db_stmt *st;
    assert_int_equal(
        db_prepare(f->db, &st, "UPDATE pupil SET key_teacher_id = ?1 WHERE id = ?2", &e1), 0);
    db_bind_int(st, 1, f->t1_staff);
    db_bind_int(st, 2, f->pupil[PB1]);
    assert_int_equal(db_step(st, &e1), DB_DONE);
    db_finalize(st);
    assert_int_equal(access_pupil_visible(f->db, &p, f->pupil[PB1], &e1), ERR_NOTFOUND);
    /* A zeroed filter (someone forgot to scope) lists nobody. */
    struct pupil_filter flt = { .school_id = f->school_a, .fsm = -1 };
    struct pupil *ps;
    size_t n;
    assert_int_equal(pupil_list(f->db, &f->a, &flt, &ps, &n, NULL, &e1), 0);
    assert_int_equal(n, 0);
}

static void disabled_accounts_have_no_principal(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    int64_t id = f->people[3].account;
    assert_int_equal(account_set_disabled(f->db, &test_who, id, true, &e), 0);
    struct principal p;
    assert_int_equal(access_principal_for_account(f->db, &f->a, id, &p, &e), ERR_DENIED);
    assert_int_equal(p.kind, PRINCIPAL_NOBODY);
    assert_int_equal(access_principal_for_account(f->db, &f->a, 999999, &p, &e), ERR_NOTFOUND);
    principal_of(f, &f->people[0], &p);
    assert_true(access_has_role(&p, ACCOUNT_LEAD));
    assert_false(access_has_role(&p, ACCOUNT_ADMIN));
    assert_string_equal(p.actor, "user:lead@a.example.org");
}

static void key_teacher_rules(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    int64_t before = test_count(f->db, "SELECT count(*) FROM audit WHERE action = 'assign'");
    /* A practitioner, or a teacher at another school, cannot be key teacher. */
    assert_int_equal(pupil_set_key_teacher(f->db, &test_who, f->pupil[PA1], f->p1_staff, &e),
                     ERR_INPUT);
    assert_int_equal(pupil_set_key_teacher(f->db, &test_who, f->pupil[PA1], f->tb_staff, &e),
                     ERR_INPUT);
    assert_int_equal(pupil_set_key_teacher(f->db, &test_who, 999999, f->t1_staff, &e),
                     ERR_NOTFOUND);
    /* A lead can be. */
    assert_int_equal(pupil_set_key_teacher(f->db, &test_who, f->pupil[PA1], f->l_staff, &e), 0);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE action = 'assign'"),
                     before + 1);
    /* Teacher 1 no longer sees the child. */
    struct principal p;
    principal_of(f, &f->people[3], &p);
    assert_int_equal(access_pupil_visible(f->db, &p, f->pupil[PA1], &e), ERR_NOTFOUND);
    /* Clearing; clearing again changes (and logs) nothing. */
    assert_int_equal(pupil_set_key_teacher(f->db, &test_who, f->pupil[PA1], 0, &e), 0);
    assert_int_equal(pupil_set_key_teacher(f->db, &test_who, f->pupil[PA1], 0, &e), 0);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE action = 'assign'"),
                     before + 2);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE action = 'assign'"
                                       " AND detail = 'key teacher cleared' AND pupil_id > 0"),
                     1);
    struct pupil pu;
    assert_int_equal(pupil_by_id(f->db, &f->a, f->school_a, f->pupil[PA1], &pu, &e), 0);
    assert_int_equal(pu.key_teacher_id, 0);
    assert_int_equal(pupil_by_id(f->db, &f->a, f->school_a, f->pupil[PA2], &pu, &e), 0);
    assert_int_equal(pu.key_teacher_id, f->t2_staff);
}

static void family_worker_rules(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    /* A teacher-only member of staff cannot be a family worker. */
    assert_int_equal(family_worker_assign(f->db, &test_who, f->pupil[PA2], f->t1_staff, &e),
                     ERR_INPUT);
    assert_int_equal(family_worker_unassign(f->db, &test_who, f->pupil[PA2], f->p1_staff, &e),
                     ERR_NOTFOUND);
    struct staff *list;
    size_t n;
    assert_int_equal(family_worker_list(f->db, &f->a, f->pupil[PA1], &list, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].id, f->p1_staff);
    /* Assigning twice keeps one row. */
    fw(f, f->pupil[PA1], f->p1_staff);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM family_worker"), 3);
    assert_int_equal(family_worker_unassign(f->db, &test_who, f->pupil[PA1], f->p1_staff, &e), 0);
    struct principal p;
    principal_of(f, &f->people[5], &p); /* practitioner 1 */
    assert_int_equal(access_pupil_visible(f->db, &p, f->pupil[PA1], &e), ERR_NOTFOUND);
    assert_int_equal(access_carer_visible(f->db, &p, f->carer[C1], &e), ERR_NOTFOUND);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE action = 'unassign'"
                                       " AND entity = 'pupil' AND pupil_id IS NOT NULL"),
                     1);
}

/* Defence in depth: the model's reads by id take the school and find
 * nothing of another school, even if a route forgot to check. */
static void reads_by_id_stay_in_their_school(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    struct pupil pu;
    assert_int_equal(pupil_by_id(f->db, &f->a, f->school_a, f->pupil[PB1], &pu, &e), ERR_NOTFOUND);
    assert_int_equal(pupil_by_id(f->db, &f->a, f->school_b, f->pupil[PA1], &pu, &e), ERR_NOTFOUND);
    assert_int_equal(pupil_by_id(f->db, &f->a, f->school_b, f->pupil[PB1], &pu, &e), 0);
    assert_int_equal(pu.id, f->pupil[PB1]);
    struct carer c;
    assert_int_equal(carer_by_id(f->db, &f->a, f->school_a, f->carer[CB], &c, &e), ERR_NOTFOUND);
    assert_int_equal(carer_by_id(f->db, &f->a, f->school_b, f->carer[C1], &c, &e), ERR_NOTFOUND);
    assert_int_equal(carer_by_id(f->db, &f->a, f->school_b, f->carer[CB], &c, &e), 0);
    assert_int_equal(c.id, f->carer[CB]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(every_role_sees_only_its_own, setup, teardown),
        cmocka_unit_test_setup_teardown(lists_match_single_checks, setup, teardown),
        cmocka_unit_test_setup_teardown(unknown_and_hidden_look_the_same, setup, teardown),
        cmocka_unit_test_setup_teardown(disabled_accounts_have_no_principal, setup, teardown),
        cmocka_unit_test_setup_teardown(key_teacher_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(family_worker_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(reads_by_id_stay_in_their_school, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
