/* Unit tests for db_copy (src/db/copy.c) and the catalogue it reads
 * (src/db/catalog.c), on SQLite or (under make unit-pg) PostgreSQL: tables
 * come in foreign-key order; doubles, NULLs and empty strings arrive exactly
 * as they left; a target that is not empty is refused; --school keeps one
 * school's rows. */
#include "testutil.h"

#include "db/catalog.h"
#include "db/copy.h"

static void exec_ok(struct db *db, struct db_stmt *st)
{
    struct err e;
    err_clear(&e);
    int rc = db_step(st, &e);
    db_finalize(st);
    if (rc != DB_DONE)
        fail_msg("%s", e.msg);
}

/* A school (id) with one carer whose forename is forename (NULL allowed) and
 * one reliability row with the given doubles. */
static void add_school(struct db *db, int id, const char *urn, const char *forename, double r,
                       double sd)
{
    struct db_stmt *st;
    struct err e;
    err_clear(&e);
    assert_int_equal(
        db_prepare(db, &st, "INSERT INTO school (id, urn, name) VALUES (?1, ?2, 'S')", &e), 0);
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, urn);
    exec_ok(db, st);
    assert_int_equal(db_prepare(db, &st,
                                "INSERT INTO carer (school_id, match_key, forename, surname)"
                                " VALUES (?1, ?2, ?3, 'Smith')",
                                &e),
                     0);
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, urn);
    db_bind_text(st, 3, forename);
    exec_ok(db, st);
    assert_int_equal(db_prepare(db, &st,
                                "INSERT INTO measure_reliability (school_id, instrument, score,"
                                " retest_r, sd, source, set_by, set_at)"
                                " VALUES (?1, 'sdq', 'total', ?2, ?3, 'test', 'cli:test', 'now')",
                                &e),
                     0);
    db_bind_int(st, 1, id);
    db_bind_double(st, 2, r);
    db_bind_double(st, 3, sd);
    exec_ok(db, st);
}

static void tables_in_key_order(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    struct db *db = test_db(dir, "order.db");
    struct catalog c;
    struct err e;
    err_clear(&e);
    assert_int_equal(catalog_read(db, &c, &e), 0);
    assert_true(c.n_tables > 50);
    int school = -1, pupil = -1, audit = -1;
    for (int i = 0; i < c.n_tables; i++) {
        const struct cat_table *t = &c.tables[i];
        school = strcmp(t->name, "school") == 0 ? i : school;
        pupil = strcmp(t->name, "pupil") == 0 ? i : pupil;
        audit = strcmp(t->name, "audit") == 0 ? i : audit;
        assert_null(strstr(t->name, "sqlite_"));
        assert_string_not_equal(t->name, "schema_version");
        for (int r = 0; r < t->n_refs; r++)
            for (int j = i + 1; j < c.n_tables; j++)
                if (strcmp(c.tables[j].name, t->refs[r]) == 0)
                    fail_msg("%s comes before %s, which it refers to", t->name, t->refs[r]);
    }
    /* The audit trail's school_id and pupil_id declare no key but count. */
    assert_true(school >= 0 && pupil > school && audit > pupil);
    const struct cat_table *mr = catalog_find(&c, "measure_reliability");
    assert_non_null(mr);
    assert_int_equal(mr->cols[catalog_column(mr, "sd")].kind, CAT_REAL);
    assert_int_equal(mr->cols[catalog_column(mr, "school_id")].kind, CAT_INT);
    assert_int_equal(mr->cols[catalog_column(mr, "source")].kind, CAT_TEXT);
    catalog_release(&c);
    char q[16];
    assert_int_equal(catalog_quote(q, sizeof q, "a\"b"), 0);
    assert_string_equal(q, "\"a\"\"b\"");
    assert_int_not_equal(catalog_quote(q, 6, "abcdef"), 0);
    db_close(db);
    test_rmdir(dir);
}

static void copies_exactly_and_refuses_a_full_target(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    struct db *src = test_db(dir, "src.db"), *dst = test_db(dir, "dst.db");
    add_school(src, 1, "100001", NULL, 0.1, 1.0 / 3.0);
    add_school(src, 2, "100002", "", 0.7, 1e-300);
    struct db_copy_report r;
    struct err e;
    err_clear(&e);
    assert_int_equal(db_copy(src, dst, NULL, &r, &e), 0);
    assert_int_equal(r.mismatches, 0);
    assert_true(r.rows > 100); /* the seed rows are copied too */
    db_copy_report_release(&r);
    assert_int_equal(test_count(dst, "SELECT count(*) FROM carer WHERE forename IS NULL"), 1);
    assert_int_equal(test_count(dst, "SELECT count(*) FROM carer WHERE forename = ''"), 1);
    struct db_stmt *st;
    assert_int_equal(
        db_prepare(dst, &st, "SELECT retest_r, sd FROM measure_reliability ORDER BY school_id", &e),
        0);
    assert_int_equal(db_step(st, &e), DB_ROW);
    assert_true(db_col_double(st, 0) == 0.1 && db_col_double(st, 1) == 1.0 / 3.0);
    assert_int_equal(db_step(st, &e), DB_ROW);
    assert_true(db_col_double(st, 0) == 0.7 && db_col_double(st, 1) == 1e-300);
    db_finalize(st);

    /* Again into the same target: refused, and nothing added. */
    err_clear(&e);
    assert_int_equal(db_copy(src, dst, NULL, &r, &e), ERR_USAGE);
    assert_non_null(strstr(e.msg, "is not empty"));
    db_copy_report_release(&r);
    assert_int_equal(test_count(dst, "SELECT count(*) FROM carer"), 2);
    db_close(dst);
    db_close(src);
    test_rmdir(dir);
}

static void school_keeps_its_own_rows(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    struct db *src = test_db(dir, "two.db"), *dst = test_db(dir, "one.db");
    add_school(src, 1, "100001", "A", 0.1, 1.0);
    add_school(src, 2, "100002", "B", 0.2, 2.0);
    struct db_copy_opts o = { .school_urn = "100002" };
    struct db_copy_report r;
    struct err e;
    err_clear(&e);
    assert_int_equal(db_copy(src, dst, &o, &r, &e), 0);
    assert_int_equal(r.mismatches, 0);
    db_copy_report_release(&r);
    assert_int_equal(test_count(dst, "SELECT count(*) FROM school"), 1);
    assert_int_equal(test_count(dst, "SELECT count(*) FROM school WHERE urn = '100002'"), 1);
    assert_int_equal(test_count(dst, "SELECT count(*) FROM carer WHERE forename = 'B'"), 1);
    assert_int_equal(test_count(dst, "SELECT count(*) FROM carer"), 1);
    assert_int_equal(test_count(dst, "SELECT count(*) FROM measure_reliability"), 1);
    assert_int_equal(test_count(dst, "SELECT count(*) FROM sen_need"), 13);

    struct db *none = test_db(dir, "none.db");
    o.school_urn = "999999";
    err_clear(&e);
    assert_int_equal(db_copy(src, none, &o, &r, &e), ERR_USAGE);
    assert_non_null(strstr(e.msg, "no school with URN 999999"));
    db_copy_report_release(&r);
    assert_int_equal(test_count(none, "SELECT count(*) FROM school"), 0);
    db_close(none);
    db_close(dst);
    db_close(src);
    test_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tables_in_key_order),
        cmocka_unit_test(copies_exactly_and_refuses_a_full_target),
        cmocka_unit_test(school_keeps_its_own_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
