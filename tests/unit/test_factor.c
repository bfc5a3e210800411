/* Unit tests for model/register/factor.h: the factor types from the
 * database, validation (unknown type, bad source, the source filled from
 * the type, dates missing, in the future or ending before they began),
 * adding and listing (risk before protective, then by date), and
 * factor_record writing its audit row in the same transaction. */
#include "testutil.h"
#include "testpeople.h"

#include "core/arena.h"
#include "core/problems.h"
#include "model/register/audit.h"
#include "model/register/factor.h"

struct fx {
    char *dir;
    struct db *db;
    struct arena a;
    int64_t school, pupil;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->db = test_db(f->dir, "t.db");
    arena_init(&f->a, 0);
    f->school = tp_school(f->db, "100001");
    f->pupil = tp_pupil(f->db, f->school, 1, "Okafor");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    arena_release(&f->a);
    db_close(f->db);
    test_rmdir(f->dir);
    free(f);
    return 0;
}

/* The code of the first type of the given kind. */
static const struct factor_type *type_of_kind(struct fx *f, const char *kind)
{
    struct factor_type *t;
    size_t n;
    struct err e;
    err_clear(&e);
    assert_int_equal(factor_types(f->db, &f->a, &t, &n, &e), 0);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(t[i].kind, kind))
            return &t[i];
    fail_msg("no %s factor type", kind);
    return NULL;
}

static void types(void **state)
{
    struct fx *f = *state;
    struct factor_type *t;
    size_t n;
    struct err e;
    err_clear(&e);
    assert_int_equal(factor_types(f->db, &f->a, &t, &n, &e), 0);
    assert_true(n > 2);
    /* Risk factors come first (kind DESC), every type has a label and a
     * known source. */
    assert_string_equal(t[0].kind, "risk");
    assert_string_equal(t[n - 1].kind, "protective");
    for (size_t i = 0; i < n; i++) {
        assert_non_null(t[i].label);
        bool known = false;
        for (const char *const *s = factor_sources; *s; s++)
            known |= !strcmp(*s, t[i].source);
        assert_true(known);
        if (i)
            assert_true(strcmp(t[i - 1].kind, t[i].kind) >= 0);
    }
}

static void validate(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    const struct factor_type *risk = type_of_kind(f, "risk");

    struct problems pr;
    problems_init(&pr, &f->a);
    struct factor ok = { .pupil_id = f->pupil, .type = risk->code, .identified_on = "2025-10-01" };
    assert_int_equal(factor_validate(f->db, &f->a, &ok, &pr, &e), 0);
    assert_int_equal(pr.n, 0);
    /* The source, kind and label come from the type. */
    assert_string_equal(ok.source, risk->source);
    assert_string_equal(ok.kind, "risk");
    assert_string_equal(ok.label, risk->label);

    problems_init(&pr, &f->a);
    struct factor bad = { .pupil_id = f->pupil,
                          .type = "no-such-type",
                          .source = "planet",
                          .identified_on = "2025-13-01" };
    assert_int_equal(factor_validate(f->db, &f->a, &bad, &pr, &e), 0);
    assert_non_null(strstr(problems_for(&pr, "type"), "'no-such-type' is not a known factor"));
    assert_non_null(strstr(problems_for(&pr, "source"), "individual, family, school"));
    assert_non_null(strstr(problems_for(&pr, "identified_on"), "YYYY-MM-DD"));

    problems_init(&pr, &f->a);
    struct factor future = { .pupil_id = f->pupil,
                             .type = risk->code,
                             .source = "community",
                             .identified_on = "2199-01-01",
                             .ended_on = "2198-01-01" };
    assert_int_equal(factor_validate(f->db, &f->a, &future, &pr, &e), 0);
    assert_string_equal(problems_for(&pr, "identified_on"), "the date is in the future");
    assert_non_null(strstr(problems_for(&pr, "ended_on"), "before the date it was identified"));
    /* A source given is kept. */
    assert_string_equal(future.source, "community");
    assert_null(problems_for(&pr, "source"));
}

static void add_list_record(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    const struct factor_type *risk = type_of_kind(f, "risk");
    const struct factor_type *prot = type_of_kind(f, "protective");

    struct factor p1 = { .pupil_id = f->pupil,
                         .type = prot->code,
                         .source = prot->source,
                         .identified_on = "2025-09-10",
                         .note = "Loves the football club",
                         .recorded_by = "test" };
    assert_int_equal(factor_add(f->db, &p1, &e), 0);
    assert_true(p1.id > 0);
    struct factor r2 = { .pupil_id = f->pupil,
                         .type = risk->code,
                         .source = risk->source,
                         .identified_on = "2025-11-01",
                         .ended_on = "2025-12-01",
                         .recorded_by = "test" };
    struct factor r1 = { .pupil_id = f->pupil,
                         .type = risk->code,
                         .source = risk->source,
                         .identified_on = "2025-10-01",
                         .recorded_by = "test" };
    int64_t before = test_count(f->db, "SELECT count(*) FROM audit");
    struct audit_entry who = { .actor = "cli:test" };
    assert_int_equal(factor_record(f->db, &r2, f->school, &who, &e), 0);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit"), before + 1);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE entity = 'factor'"
                                       " AND action = 'create'"),
                     1);
    assert_int_equal(factor_add(f->db, &r1, &e), 0);
    assert_true(r1.id != r2.id && r2.id != p1.id);

    struct factor *l;
    size_t n;
    assert_int_equal(factor_list(f->db, &f->a, f->pupil, &l, &n, &e), 0);
    assert_int_equal(n, 3);
    /* Risk first, by date; then protective. */
    assert_int_equal(l[0].id, r1.id);
    assert_int_equal(l[1].id, r2.id);
    assert_int_equal(l[2].id, p1.id);
    assert_string_equal(l[0].ended_on, "");
    assert_string_equal(l[1].ended_on, "2025-12-01");
    assert_string_equal(l[2].note, "Loves the football club");
    assert_null(l[0].note);
    assert_string_equal(l[2].kind, "protective");
    assert_string_equal(l[2].label, prot->label);

    /* Another pupil has none. */
    int64_t other = tp_pupil(f->db, f->school, 2, "Nowak");
    assert_int_equal(factor_list(f->db, &f->a, other, &l, &n, &e), 0);
    assert_int_equal(n, 0);

    /* An unknown type is refused by the database and leaves no audit row. */
    before = test_count(f->db, "SELECT count(*) FROM audit");
    struct factor bad = { .pupil_id = f->pupil,
                          .type = "no-such-type",
                          .source = "family",
                          .identified_on = "2025-10-01",
                          .recorded_by = "test" };
    assert_int_not_equal(factor_record(f->db, &bad, f->school, &who, &e), 0);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit"), before);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM factor"), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(types, setup, teardown),
        cmocka_unit_test_setup_teardown(validate, setup, teardown),
        cmocka_unit_test_setup_teardown(add_list_record, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
