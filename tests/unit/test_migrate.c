/* Unit tests for db/migrate: old databases move forward in one transaction,
 * newer ones are refused, a failing migration changes nothing, and files that
 * are not meso databases are left alone. */
#include "testutil.h"

#include "db/migrate.h"

static const unsigned char m1[] = "CREATE TABLE t (a INTEGER);";
static const unsigned char m2[] = "ALTER TABLE t ADD COLUMN b TEXT DEFAULT 'x';";
static const unsigned char m3[] = "CREATE TABLE u (c INTEGER); INSERT INTO u VALUES (7);";
static const unsigned char bad[] = "CREATE TABLE v (d INTEGER); THIS IS NOT SQL;";

#define F(name, data)               \
    {                               \
        name, data, sizeof data - 1 \
    }

static const struct embed_file v1[] = { F("0001_t.sql", m1), { 0 } };
static const struct embed_file v3[] = {
    F("0001_t.sql", m1), F("0002_b.sql", m2), F("0003_u.sql", m3), { 0 }
};
static const struct embed_file v3_bad[] = {
    F("0001_t.sql", m1), F("0002_b.sql", m2), F("0003_v.sql", bad), { 0 }
};
/* A driver's part of migration 2: SQLite applies its own and skips the
 * other driver's (which SQLite could not even parse). */
static const unsigned char m2_sqlite[] = "CREATE TABLE w (e INTEGER PRIMARY KEY) WITHOUT ROWID;"
                                         " INSERT INTO w VALUES (1);";
static const unsigned char m2_pg[] = "CREATE TABLE w (e integer GENERATED ALWAYS AS IDENTITY;";
static const struct embed_file parts[] = { F("0001_t.sql", m1),
                                           F("0002_b.sql", m2),
                                           F("0002_b.postgresql.sql", m2_pg),
                                           F("0002_b.sqlite.sql", m2_sqlite),
                                           { 0 } };
static const struct embed_file part_first[] = {
    F("0001_t.sql", m1), F("0002_b.sqlite.sql", m2_sqlite), F("0002_b.sql", m2), { 0 }
};
static const struct embed_file gap[] = { F("0001_t.sql", m1), F("0003_u.sql", m3), { 0 } };

struct fixture {
    char *dir;
    struct db *db;
};

/* A database opened without meso's own migrations, so the test lists apply. */
static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    f->dir = test_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/m.db", f->dir);
    struct err e;
    err_clear(&e);
    assert_int_equal(db_open(&f->db, path, DB_OPEN_CREATE | DB_OPEN_NO_MIGRATE, &e), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    db_close(f->db);
    test_rmdir(f->dir);
    free(f);
    return 0;
}

static int version(struct db *db)
{
    int v = -1;
    struct err e;
    assert_int_equal(db_schema_version(db, &v, &e), 0);
    return v;
}

static void old_to_new(void **state)
{
    struct fixture *f = *state;
    struct err e;
    err_clear(&e);
    assert_int_equal(migrate_with(f->db, v1, true, &e), 0);
    assert_int_equal(version(f->db), 1);
    assert_int_equal(db_exec(f->db, "INSERT INTO t (a) VALUES (1)", &e), 0);
    /* The database is now "old": a newer binary migrates it forward. */
    assert_int_equal(migrate_with(f->db, v3, true, &e), 0);
    assert_int_equal(version(f->db), 3);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM t WHERE a = 1 AND b = 'x'"), 1);
    assert_int_equal(test_count(f->db, "SELECT c FROM u"), 7);
    /* Running again changes nothing. */
    assert_int_equal(migrate_with(f->db, v3, true, &e), 0);
    assert_int_equal(version(f->db), 3);
}

static void newer_refused(void **state)
{
    struct fixture *f = *state;
    struct err e;
    err_clear(&e);
    assert_int_equal(migrate_with(f->db, v3, true, &e), 0);
    assert_int_equal(migrate_with(f->db, v1, true, &e), ERR_STORAGE);
    assert_non_null(strstr(e.msg, "newer version of meso"));
    assert_non_null(strstr(e.msg, "schema 3"));
    assert_int_equal(version(f->db), 3);
}

static void failed_migration_changes_nothing(void **state)
{
    struct fixture *f = *state;
    struct err e;
    err_clear(&e);
    assert_int_equal(migrate_with(f->db, v1, true, &e), 0);
    assert_int_equal(migrate_with(f->db, v3_bad, true, &e), ERR_STORAGE);
    assert_non_null(strstr(e.msg, "0003_v.sql"));
    /* Neither 0002 nor 0003 left anything behind. */
    assert_int_equal(version(f->db), 1);
    assert_int_equal(
        test_count(f->db, "SELECT count(*) FROM pragma_table_info('t') WHERE name = 'b'"), 0);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM sqlite_schema WHERE name = 'v'"), 0);
}

static void gap_in_numbering_refused(void **state)
{
    struct fixture *f = *state;
    struct err e;
    err_clear(&e);
    assert_int_equal(migrate_with(f->db, gap, true, &e), ERR_STORAGE);
    assert_non_null(strstr(e.msg, "out of sequence"));
    assert_int_equal(version(f->db), 0);
}

static void driver_parts(void **state)
{
    struct fixture *f = *state;
    struct err e;
    err_clear(&e);
    assert_string_equal(db_dialect(f->db), "sqlite");
    assert_int_equal(migrate_with(f->db, parts, true, &e), 0);
    /* Two migrations, whatever the number of parts. */
    assert_int_equal(version(f->db), 2);
    assert_int_equal(test_count(f->db, "SELECT e FROM w"), 1);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM t WHERE b = 'x'"), 0);
}

static void driver_part_out_of_sequence(void **state)
{
    struct fixture *f = *state;
    struct err e;
    err_clear(&e);
    assert_int_equal(migrate_with(f->db, part_first, true, &e), ERR_STORAGE);
    assert_non_null(strstr(e.msg, "0002_b.sqlite.sql is out of sequence"));
    assert_int_equal(version(f->db), 0);
}

static void real_migrations_apply(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    struct db *db = test_db(dir, "real.db");
    assert_int_equal(version(db), migrate_latest());
    assert_true(migrate_latest() >= 1);
    /* The audit trail refuses changes. */
    struct err e;
    err_clear(&e);
    assert_int_equal(
        db_exec(db, "INSERT INTO audit (actor, action, entity) VALUES ('t', 'view', 'pupil')", &e),
        0);
    assert_int_equal(db_exec(db, "UPDATE audit SET actor = 'x'", &e), ERR_CONFLICT);
    assert_int_equal(db_exec(db, "DELETE FROM audit", &e), ERR_CONFLICT);
    if (strcmp(db_dialect(db), "sqlite") == 0)
        assert_int_equal(db_exec(db,
                                 "INSERT OR REPLACE INTO audit (id, actor, action, entity)"
                                 " VALUES (1, 'x', 'view', 'pupil')",
                                 &e),
                         ERR_CONFLICT);
    else
        assert_int_equal(db_exec(db, "TRUNCATE audit", &e), ERR_CONFLICT);
    assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE actor = 't'"), 1);
    db_close(db);
    test_rmdir(dir);
}

static void not_a_meso_database(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    /* An SQLite file of someone else's, with a table in it. */
    struct db *other = NULL;
    char path[512];
    snprintf(path, sizeof path, "%s/other.db", dir);
    struct err e;
    err_clear(&e);
    assert_int_equal(db_open(&other, path, DB_OPEN_CREATE | DB_OPEN_NO_MIGRATE, &e), 0);
    db_close(other);
    /* db_open stamped it as ours; make a foreign one with a table and no stamp. */
    snprintf(path, sizeof path, "%s/foreign.db", dir);
    FILE *fp = fopen(path, "wb");
    fputs("this is not a database at all", fp);
    fclose(fp);
    assert_int_equal(db_open(&other, path, 0, &e), ERR_STORAGE);
    assert_non_null(strstr(e.msg, "not a meso database"));
    test_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(old_to_new, setup, teardown),
        cmocka_unit_test_setup_teardown(newer_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(failed_migration_changes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(gap_in_numbering_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(driver_parts, setup, teardown),
        cmocka_unit_test_setup_teardown(driver_part_out_of_sequence, setup, teardown),
        cmocka_unit_test(real_migrations_apply),
        cmocka_unit_test(not_a_meso_database),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
