/* Unit tests for model/api_token: tokens shown once and stored as hashes,
 * verification, names, revocation and listing. */
#include "testpeople.h"

#include "core/secret.h"
#include "core/str.h"
#include "model/access/api_token.h"

struct fx {
    char *dir;
    struct db *db;
    struct arena a;
    int64_t school;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->db = test_db(f->dir, "tok.db");
    arena_init(&f->a, 0);
    f->school = tp_school(f->db, "100001");
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

static void add_verify_revoke(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    char token[API_TOKEN_LEN], other[API_TOKEN_LEN];
    int64_t id;
    assert_int_equal(api_token_add(f->db, &test_who, "mis-sync", API_TOKEN_WRITE, f->school,
                                   TEST_NOW, token, &id, &e),
                     0);
    assert_int_equal(strlen(token), 48);
    assert_true(str_starts_with(token, "meso_"));
    /* Only the hash is kept. */
    struct db_stmt *st;
    assert_int_equal(db_prepare(f->db, &st,
                                "SELECT count(*) FROM api_token WHERE token_hash = ?1"
                                " OR token_hash LIKE '%' || ?2 || '%'",
                                &e),
                     0);
    db_bind_text(st, 1, token);
    db_bind_text(st, 2, token + 5);
    assert_int_equal(db_step(st, &e), DB_ROW);
    assert_int_equal(db_col_int(st, 0), 0);
    db_finalize(st);
    struct api_token t;
    assert_int_equal(api_token_verify(f->db, &f->a, token, TEST_NOW + 5, &t, &e), 0);
    assert_int_equal(t.id, id);
    assert_string_equal(t.name, "mis-sync");
    assert_int_equal(t.scope, API_TOKEN_WRITE);
    assert_int_equal(t.school_id, f->school);
    assert_string_equal(t.created_by, "test");
    assert_non_null(t.last_used_at);
    /* Wrong, truncated, unprefixed, empty. */
    memcpy(other, token, sizeof other);
    other[20] = other[20] == 'A' ? 'B' : 'A';
    assert_int_equal(api_token_verify(f->db, &f->a, other, TEST_NOW, &t, &e), ERR_DENIED);
    assert_int_equal(t.id, 0);
    assert_int_equal(api_token_verify(f->db, &f->a, token + 5, TEST_NOW, &t, &e), ERR_DENIED);
    other[47] = '\0';
    assert_int_equal(api_token_verify(f->db, &f->a, other, TEST_NOW, &t, &e), ERR_DENIED);
    assert_int_equal(api_token_verify(f->db, &f->a, "", TEST_NOW, &t, &e), ERR_DENIED);
    assert_int_equal(api_token_verify(f->db, &f->a, NULL, TEST_NOW, &t, &e), ERR_DENIED);
    /* A name in use cannot be taken; bad names are refused. */
    assert_int_equal(api_token_add(f->db, &test_who, "mis-sync", API_TOKEN_READ, f->school,
                                   TEST_NOW, other, NULL, &e),
                     ERR_CONFLICT);
    assert_int_equal(api_token_add(f->db, &test_who, "two words", API_TOKEN_READ, f->school,
                                   TEST_NOW, other, NULL, &e),
                     ERR_INPUT);
    assert_int_equal(
        api_token_add(f->db, &test_who, "", API_TOKEN_READ, f->school, TEST_NOW, other, NULL, &e),
        ERR_INPUT);
    /* Revoked: refused, and the name is free again. */
    assert_int_equal(api_token_revoke(f->db, &test_who, "mis-sync", &e), 0);
    assert_int_equal(api_token_verify(f->db, &f->a, token, TEST_NOW + 5, &t, &e), ERR_DENIED);
    assert_int_equal(api_token_revoke(f->db, &test_who, "mis-sync", &e), ERR_NOTFOUND);
    assert_int_equal(api_token_add(f->db, &test_who, "mis-sync", API_TOKEN_READ, f->school,
                                   TEST_NOW, other, NULL, &e),
                     0);
    assert_string_not_equal(token, other);
    struct api_token *list;
    size_t n;
    assert_int_equal(api_token_list(f->db, &f->a, &list, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_false(list[0].revoked);
    assert_int_equal(list[0].scope, API_TOKEN_READ);
    assert_null(list[0].last_used_at);
    assert_true(list[1].revoked);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE entity = 'api_token'"), 3);
}

static void scopes(void **state)
{
    (void)state;
    enum api_token_scope s;
    char why[64];
    assert_int_equal(api_token_parse_scope("read", &s, why, sizeof why), 0);
    assert_int_equal(s, API_TOKEN_READ);
    assert_int_equal(api_token_parse_scope("write", &s, why, sizeof why), 0);
    assert_int_equal(s, API_TOKEN_WRITE);
    assert_int_equal(api_token_parse_scope("admin", &s, why, sizeof why), ERR_INPUT);
    assert_int_equal(api_token_parse_scope(NULL, &s, why, sizeof why), ERR_INPUT);
    assert_string_equal(api_token_scope_name(API_TOKEN_WRITE), "write");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(add_verify_revoke, setup, teardown),
        cmocka_unit_test(scopes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
