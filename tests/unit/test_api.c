/* Unit tests for api/api.c's paging: page and per_page in range or named as
 * problems, and the next and prev links, which keep every other query
 * parameter (escaped) in the order given. */
#include "testutil.h"

#include <jansson.h>

#include "api/api.h"
#include "core/problems.h"

struct fx {
    struct request req;
    struct kv query[8];
};

static void with_query(struct fx *f, const char *path, const char *const *kv)
{
    memset(f, 0, sizeof *f);
    arena_init(&f->req.arena, 0);
    f->req.path = path;
    f->req.query = f->query;
    for (size_t i = 0; kv[i] && i < 16; i += 2)
        f->query[f->req.n_query++] =
            (struct kv){ .key = kv[i], .value = kv[i + 1], .len = strlen(kv[i + 1]) };
}

/* The page and per_page read from kv, and the field of the first problem
 * (NULL when none). */
static const char *paging(const char *const *kv, int *page, int *per_page)
{
    static struct fx f;
    with_query(&f, "/api/v1/pupils", kv);
    struct problems pr;
    problems_init(&pr, &f.req.arena);
    api_page(&f.req, page, per_page, &pr);
    static char field[32];
    snprintf(field, sizeof field, "%s", pr.n ? pr.items[0].field : "");
    arena_release(&f.req.arena);
    return pr.n ? field : NULL;
}

static void defaults_and_limits(void **state)
{
    (void)state;
    int page, per_page;
    assert_null(paging((const char *[]){ NULL }, &page, &per_page));
    assert_int_equal(page, 1);
    assert_int_equal(per_page, 50);
    assert_null(
        paging((const char *[]){ "page", "1000000", "per_page", "500", NULL }, &page, &per_page));
    assert_int_equal(page, 1000000);
    assert_int_equal(per_page, 500);
    assert_null(paging((const char *[]){ "per_page", "1", NULL }, &page, &per_page));
    assert_int_equal(per_page, 1);
}

static void out_of_range_is_named(void **state)
{
    (void)state;
    int page, per_page;
    static const char *const bad_per_page[] = { "0", "501", "-1", "abc", "1.5", "", "50x" };
    for (size_t i = 0; i < sizeof bad_per_page / sizeof bad_per_page[0]; i++) {
        const char *field =
            paging((const char *[]){ "per_page", bad_per_page[i], NULL }, &page, &per_page);
        assert_non_null(field);
        assert_string_equal(field, "per_page");
    }
    static const char *const bad_page[] = { "0", "-3", "1000001", "two", "" };
    for (size_t i = 0; i < sizeof bad_page / sizeof bad_page[0]; i++) {
        const char *field = paging((const char *[]){ "page", bad_page[i], NULL }, &page, &per_page);
        assert_non_null(field);
        assert_string_equal(field, "page");
    }
}

/* The list document's next and prev for a request with kv at page/per_page
 * of total records, as strings ("null" for null). */
static void links(const char *const *kv, int page, int per_page, size_t total, char *next,
                  char *prev, size_t cap)
{
    struct fx f;
    with_query(&f, "/api/v1/contacts", kv);
    json_t *doc = api_list(&f.req, json_array(), page, per_page, total);
    assert_non_null(doc);
    json_t *n = json_object_get(doc, "next"), *p = json_object_get(doc, "prev");
    snprintf(next, cap, "%s", json_is_string(n) ? json_string_value(n) : "null");
    snprintf(prev, cap, "%s", json_is_string(p) ? json_string_value(p) : "null");
    assert_int_equal(json_integer_value(json_object_get(doc, "total")), (json_int_t)total);
    json_decref(doc);
    arena_release(&f.req.arena);
}

static void links_keep_every_filter(void **state)
{
    (void)state;
    char next[256], prev[256];
    links((const char *[]){ "pupil_id", "7", "page", "2", "from", "2025-01-01", "per_page", "10",
                            "to", "2025-12-31", NULL },
          2, 10, 35, next, prev, sizeof next);
    assert_string_equal(
        next, "/api/v1/contacts?pupil_id=7&from=2025-01-01&to=2025-12-31&page=3&per_page=10");
    assert_string_equal(
        prev, "/api/v1/contacts?pupil_id=7&from=2025-01-01&to=2025-12-31&page=1&per_page=10");
    /* The first page has no prev, the last no next. */
    links((const char *[]){ NULL }, 1, 50, 35, next, prev, sizeof next);
    assert_string_equal(next, "null");
    assert_string_equal(prev, "null");
    links((const char *[]){ NULL }, 1, 10, 35, next, prev, sizeof next);
    assert_string_equal(next, "/api/v1/contacts?page=2&per_page=10");
    /* Past the end, prev is the last page that has records. */
    links((const char *[]){ "sen", "K", NULL }, 9, 10, 35, next, prev, sizeof next);
    assert_string_equal(next, "null");
    assert_string_equal(prev, "/api/v1/contacts?sen=K&page=4&per_page=10");
    links((const char *[]){ NULL }, 3, 10, 0, next, prev, sizeof next);
    assert_string_equal(prev, "/api/v1/contacts?page=1&per_page=10");
}

static void links_escape_values(void **state)
{
    (void)state;
    char next[256], prev[256];
    links((const char *[]){ "upn", "a b&c=d/é", "leavers", "", NULL }, 1, 1, 5, next, prev,
          sizeof next);
    assert_string_equal(next,
                        "/api/v1/contacts?upn=a%20b%26c%3Dd%2F%C3%A9&leavers=&page=2&per_page=1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(defaults_and_limits),
        cmocka_unit_test(out_of_range_is_named),
        cmocka_unit_test(links_keep_every_filter),
        cmocka_unit_test(links_escape_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
