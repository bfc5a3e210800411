/* Unit tests for leavers and retention: a leaver's record is read-only
 * (model/register/leaver), retention periods as data and the review of
 * leavers (model/retention/retention), and erasure (model/retention/erase):
 * what it refuses, what it removes, what it keeps, and its one audit row. */
#include "testpeople.h"

#include "core/date.h"
#include "model/conversations/scope.h"
#include "model/register/leaver.h"
#include "model/retention/erase.h"
#include "model/retention/retention.h"

struct fx {
    char *dir;
    struct db *db;
    struct arena a;
    int64_t school, pupil, sibling, carer, shared;
    char yesterday[DATE_ISO_LEN], tomorrow[DATE_ISO_LEN];
};

static void set_text(struct db *db, int64_t id, const char *leaving, const char *dob)
{
    struct db_stmt *st;
    struct err e;
    assert_int_equal(db_prepare(db, &st,
                                "UPDATE pupil SET leaving_date = ?2,"
                                " dob = coalesce(CAST(?3 AS TEXT), dob) WHERE id = ?1",
                                &e),
                     0);
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, leaving);
    db_bind_text(st, 3, dob);
    assert_int_equal(db_step(st, &e), DB_DONE);
    db_finalize(st);
}

static const char *one_text(struct fx *f, int64_t id)
{
    struct db_stmt *st;
    struct err e;
    assert_int_equal(db_prepare(f->db, &st,
                                "SELECT legal_forename || ' ' || legal_surname || ' ' || upn"
                                " FROM pupil WHERE id = ?1",
                                &e),
                     0);
    db_bind_int(st, 1, id);
    assert_int_equal(db_step(st, &e), DB_ROW);
    const char *s = arena_strdup(&f->a, db_col_text(st, 0));
    db_finalize(st);
    return s;
}

static int64_t count(struct fx *f, const char *what)
{
    struct db_stmt *st;
    struct err e;
    int64_t n = -1;
    if (strcmp(what, "erase") == 0)
        assert_int_equal(
            db_prepare(f->db, &st, "SELECT count(*) FROM audit WHERE action = 'erase'", &e), 0);
    else
        assert_int_equal(
            db_prepare(f->db, &st, "SELECT count(*) FROM carer WHERE surname = 'Erased'", &e), 0);
    if (db_step(st, &e) == DB_ROW)
        n = db_col_int(st, 0);
    db_finalize(st);
    return n;
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->db = test_db(f->dir, "t.db");
    arena_init(&f->a, 0);
    f->school = tp_school(f->db, "100001");
    f->pupil = tp_pupil(f->db, f->school, 1, "Zyxwardine");
    f->sibling = tp_pupil(f->db, f->school, 2, "Other");
    f->carer = tp_carer(f->db, f->school, "Zyxwardine", "mz@example.org");
    f->shared = tp_carer(f->db, f->school, "Shared", "sh@example.org");
    tp_link(f->db, f->pupil, f->carer);
    tp_link(f->db, f->pupil, f->shared);
    tp_link(f->db, f->sibling, f->shared);
    date_iso(date_from_days(date_to_days(date_today()) - 1), f->yesterday);
    date_iso(date_from_days(date_to_days(date_today()) + 1), f->tomorrow);
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

static void leavers_are_read_only(void **state)
{
    struct fx *f = *state;
    struct err e;
    struct audit_entry who = { .actor = "cli:test" };
    assert_int_equal(leaver_guard(f->db, f->pupil, &e), 0);
    set_text(f->db, f->pupil, f->tomorrow, NULL); /* leaving, not left yet */
    assert_int_equal(leaver_guard(f->db, f->pupil, &e), 0);
    set_text(f->db, f->pupil, f->yesterday, NULL);
    assert_int_equal(leaver_guard(f->db, f->pupil, &e), ERR_CONFLICT);
    assert_non_null(strstr(e.msg, "left on"));
    assert_int_equal(scope_add(f->db, f->pupil, "a reason", &who, &e), ERR_CONFLICT);
    assert_int_equal(scope_add(f->db, f->sibling, "a reason", &who, &e), 0);
    assert_int_equal(leaver_guard(f->db, 999999, &e), 0); /* for the caller to report */
}

static void periods_and_review(void **state)
{
    struct fx *f = *state;
    struct err e;
    struct audit_who who = { "cli:test", NULL };
    struct retention_kind *k;
    size_t n;
    assert_int_equal(retention_kinds(f->db, &f->a, f->school, &k, &n, &e), 0);
    assert_int_equal(n, 4);
    assert_string_equal(k[1].kind, "sen");
    assert_int_equal(k[1].years, 31);
    assert_false(k[1].own);
    assert_int_equal(retention_set(f->db, &who, f->school, "sen", 40, &e), 0);
    assert_int_equal(retention_set(f->db, &who, f->school, "nosuch", 4, &e), ERR_INPUT);
    assert_int_equal(retention_set(f->db, &who, f->school, "sen", 101, &e), ERR_INPUT);
    assert_int_equal(retention_kinds(f->db, &f->a, f->school, &k, &n, &e), 0);
    assert_int_equal(k[1].years, 40);
    assert_true(k[1].own);
    /* Left yesterday: nothing past. Left in 2015, born 1990: all past. */
    struct retention_due *d;
    set_text(f->db, f->pupil, f->yesterday, NULL);
    assert_int_equal(retention_review(f->db, &f->a, &who, f->school, f->tomorrow, &d, &n, &e), 0);
    assert_int_equal(n, 0);
    set_text(f->db, f->pupil, "2015-07-20", "1990-05-05");
    assert_int_equal(retention_review(f->db, &f->a, &who, f->school, "2026-12-01", &d, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_true(d[0].whole);
    assert_non_null(strstr(d[0].past, "pupil-record"));
    assert_non_null(strstr(d[0].past, "attendance"));
    assert_null(strstr(d[0].past, "sen")); /* no SEN history */
    /* In 2017 the record (25 from birth) is past, attendance (3 from
     * leaving) not yet: the whole record is past in July 2018. */
    assert_int_equal(retention_review(f->db, &f->a, &who, f->school, "2017-01-01", &d, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_false(d[0].whole);
    assert_string_equal(d[0].past, "pupil-record");
    assert_string_equal(d[0].until, "2018-07-20");
}

static void erasing(void **state)
{
    struct fx *f = *state;
    struct err e;
    struct audit_who who = { "cli:test", NULL };
    struct erase_result r;
    assert_int_equal(erase_pupil(f->db, &who, f->school, f->pupil, "a reason", &r, &e),
                     ERR_CONFLICT);
    assert_non_null(strstr(e.msg, "has not left"));
    set_text(f->db, f->pupil, f->yesterday, NULL);
    assert_int_equal(erase_pupil(f->db, &who, f->school, f->pupil, "  ", &r, &e), ERR_INPUT);
    assert_int_equal(erase_pupil(f->db, &who, f->school + 1, f->pupil, "x", &r, &e), ERR_NOTFOUND);
    assert_int_equal(count(f, "erase"), 0);
    assert_int_equal(erase_pupil(f->db, &who, f->school, f->pupil, "Past its period", &r, &e), 0);
    assert_int_equal(r.carers, 1); /* the shared carer stays: the sibling is on roll */
    assert_int_equal(count(f, "carers"), 1);
    assert_int_equal(count(f, "erase"), 1);
    const char *now = one_text(f, f->pupil);
    assert_null(strstr(now, "Zyxwardine"));
    assert_non_null(strstr(now, "Erased"));
    assert_int_equal(erase_pupil(f->db, &who, f->school, f->pupil, "again", &r, &e), ERR_CONFLICT);
    assert_int_equal(leaver_guard(f->db, f->pupil, &e), ERR_CONFLICT);
    assert_non_null(strstr(e.msg, "erased"));
    /* The shared carer, once their other child has left too. */
    assert_int_equal(erase_carer(f->db, &who, f->school, f->shared, "asked", &r, &e), ERR_CONFLICT);
    set_text(f->db, f->sibling, f->yesterday, NULL);
    assert_int_equal(erase_carer(f->db, &who, f->school, f->shared, "asked", &r, &e), 0);
    assert_int_equal(count(f, "carers"), 2);
    assert_int_equal(count(f, "erase"), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(leavers_are_read_only, setup, teardown),
        cmocka_unit_test_setup_teardown(periods_and_review, setup, teardown),
        cmocka_unit_test_setup_teardown(erasing, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
