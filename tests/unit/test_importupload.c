/* Unit tests for model/register/importupload: uploads kept as UTF-8 for
 * their school only, Windows-1252 converted, what is refused, the text
 * dropped once imported, and a school's column choices. */
#include "testpeople.h"

#include "model/register/importupload.h"

struct fx {
    char *dir;
    struct db *db;
    struct arena a;
    int64_t school, other, account;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->db = test_db(f->dir, "u.db");
    arena_init(&f->a, 0);
    f->school = tp_school(f->db, "100001");
    f->other = tp_school(f->db, "100002");
    f->account = tp_staff(f->db, f->school, "lead@example.org", ACCOUNT_LEAD, NULL);
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

static void uploads_kept_for_their_school(void **state)
{
    struct fx *f = *state;
    struct err e;
    int64_t id = 0;
    const char *text = "UPN,Surname\nA,Zo\xeb\n"; /* Windows-1252 */
    assert_int_equal(importupload_add(f->db, f->school, f->account, IMPORT_PUPILS,
                                      "C:\\exports\\pupils.csv", text, strlen(text), &id, &e),
                     0);
    struct import_upload u;
    assert_int_equal(importupload_get(f->db, &f->a, f->school, id, &u, &e), 0);
    assert_string_equal(u.filename, "pupils.csv");
    assert_string_equal(u.content, "UPN,Surname\nA,Zo\xc3\xab\n");
    assert_true(u.converted);
    assert_int_equal(u.kind, IMPORT_PUPILS);
    assert_null(u.imported_at);
    /* Another school cannot see it. */
    assert_int_equal(importupload_get(f->db, &f->a, f->other, id, &u, &e), ERR_NOTFOUND);
    /* Imported: its text is dropped, what was done kept. */
    assert_int_equal(importupload_done(f->db, id, "1 pupil added.", &e), 0);
    assert_int_equal(importupload_get(f->db, &f->a, f->school, id, &u, &e), 0);
    assert_null(u.content);
    assert_non_null(u.imported_at);
    assert_string_equal(u.summary, "1 pupil added.");
}

static void what_is_refused(void **state)
{
    struct fx *f = *state;
    struct err e;
    int64_t id = 0;
    assert_int_equal(
        importupload_add(f->db, f->school, f->account, IMPORT_CARERS, "a.csv", "", 0, &id, &e),
        ERR_INPUT);
    assert_int_equal(importupload_add(f->db, f->school, f->account, IMPORT_CARERS, "a.xlsx",
                                      "PK\x03\x04\0\0", 6, &id, &e),
                     ERR_INPUT);
    assert_non_null(strstr(e.msg, "not a CSV file"));
    assert_int_equal(importupload_add(f->db, f->school, f->account, IMPORT_CARERS, "a.csv",
                                      "UPN\n\x81\n", 6, &id, &e),
                     ERR_INPUT);
    size_t big = IMPORTUPLOAD_MAX_BYTES + 1;
    char *huge = calloc(1, big + 1);
    memset(huge, 'a', big);
    assert_int_equal(
        importupload_add(f->db, f->school, f->account, IMPORT_CARERS, "a.csv", huge, big, &id, &e),
        ERR_INPUT);
    free(huge);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM import_upload"), 0);
    /* Uploads never confirmed go after a day, when the school uploads again. */
    assert_int_equal(db_exec(f->db,
                             "INSERT INTO import_upload (school_id, account_id, kind, filename,"
                             " content, uploaded_at) VALUES (1, 1, 'pupils', 'old.csv', 'x',"
                             " '2000-01-01T00:00:00.000Z')",
                             &e),
                     0);
    assert_int_equal(
        importupload_add(f->db, f->school, f->account, IMPORT_CARERS, "n.csv", "UPN\n", 4, &id, &e),
        0);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM import_upload"), 1);
}

static void column_choices_per_school(void **state)
{
    struct fx *f = *state;
    struct err e;
    assert_int_equal(
        importupload_choose(f->db, f->school, IMPORT_PUPILS, "uniquepupilno", "upn", "test", &e),
        0);
    assert_int_equal(importupload_choose(f->db, f->school, IMPORT_PUPILS, "adno", "", "test", &e),
                     0);
    assert_int_equal(
        importupload_choose(f->db, f->school, IMPORT_PUPILS, "x", "shoe_size", "test", &e),
        ERR_INPUT);
    struct csvtable_choice *c;
    size_t n;
    assert_int_equal(importupload_choices(f->db, &f->a, f->school, IMPORT_PUPILS, &c, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_string_equal(c[0].header_key, "adno");
    assert_string_equal(c[0].column, "");
    assert_string_equal(c[1].column, "upn");
    /* Another school and the other kind have none; a choice can be undone. */
    assert_int_equal(importupload_choices(f->db, &f->a, f->other, IMPORT_PUPILS, &c, &n, &e), 0);
    assert_int_equal(n, 0);
    assert_int_equal(importupload_choices(f->db, &f->a, f->school, IMPORT_CARERS, &c, &n, &e), 0);
    assert_int_equal(n, 0);
    assert_int_equal(
        importupload_choose(f->db, f->school, IMPORT_PUPILS, "uniquepupilno", "upn", "test", &e),
        0); /* again: the same */
    assert_int_equal(importupload_choose(f->db, f->school, IMPORT_PUPILS, "adno", NULL, "test", &e),
                     0);
    assert_int_equal(importupload_choices(f->db, &f->a, f->school, IMPORT_PUPILS, &c, &n, &e), 0);
    assert_int_equal(n, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(uploads_kept_for_their_school, setup, teardown),
        cmocka_unit_test_setup_teardown(what_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(column_choices_per_school, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
