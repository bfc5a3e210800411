/* Unit tests for src/core: bounded buffer, arena, strings, dates, problems,
 * and allocation-failure handling through the mem hooks. */
#include "testutil.h"

#include "core/arena.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/mem.h"
#include "core/problems.h"
#include "core/secret.h"
#include "core/str.h"
#include "core/textlines.h"

static void buf_bounded(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 10);
    assert_string_equal(buf_str(&b), "");
    assert_int_equal(buf_adds(&b, "hello"), 0);
    assert_int_equal(buf_addf(&b, "%d", 1234), 0);
    assert_string_equal(buf_str(&b), "hello1234");
    /* 10 bytes is the most; 11 is refused and the contents stay as they were. */
    assert_int_equal(buf_adds(&b, "xy"), ERR_LIMIT);
    assert_string_equal(buf_str(&b), "hello1234");
    assert_int_equal(buf_addc(&b, '!'), 0);
    assert_int_equal(b.len, 10);
    size_t n;
    char *s = buf_detach(&b, &n);
    assert_int_equal(n, 10);
    assert_string_equal(s, "hello1234!");
    mem_free(s);
    assert_null(b.data);
    /* A long formatted string grows the buffer. */
    buf_init(&b, 1 << 20);
    char big[600];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(buf_addf(&b, "<%s>", big), 0);
    assert_int_equal(b.len, 601);
    buf_release(&b);
}

static void arena_basics(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    char *s = arena_sprintf(&a, "%s-%d", "x", 42);
    assert_string_equal(s, "x-42");
    assert_null(arena_strdup(&a, NULL));
    void *big = arena_alloc(&a, 100000); /* larger than a block */
    assert_non_null(big);
    int *xs = NULL;
    size_t n = 0, cap = 0;
    for (int i = 0; i < 1000; i++) {
        int *slot = arena_push(&a, &xs, &n, &cap, sizeof *xs);
        assert_non_null(slot);
        *slot = i;
    }
    assert_int_equal(n, 1000);
    assert_int_equal(xs[999], 999);
    assert_null(arena_array(&a, SIZE_MAX / 2, 4)); /* overflow is refused */
    arena_release(&a);
    /* A limit is enforced. */
    arena_init(&a, 1024);
    assert_non_null(arena_alloc(&a, 512));
    assert_null(arena_alloc(&a, 1024));
    arena_release(&a);
}

static void strings(void **state)
{
    (void)state;
    char k[32];
    str_key(k, sizeof k, " Legal_Sur-name. ");
    assert_string_equal(k, "legalsurname");
    struct text_lines tl;
    static const char file[] = "\xEF\xBB\xBF  a \r\n\nb";
    text_lines_init(&tl, file, sizeof file - 1);
    const char *ls;
    size_t ln;
    assert_true(text_lines_next(&tl, &ls, &ln));
    assert_int_equal(tl.line, 1);
    assert_int_equal(ln, 4); /* "  a " without the CR */
    text_trim(&ls, &ln);
    assert_int_equal(ln, 1);
    assert_int_equal(ls[0], 'a');
    assert_true(text_lines_next(&tl, &ls, &ln));
    assert_int_equal(ln, 0);
    assert_true(text_lines_next(&tl, &ls, &ln));
    assert_int_equal(tl.line, 3);
    assert_int_equal(ln, 1);
    assert_false(text_lines_next(&tl, &ls, &ln));
    static const char *const consent[] = { "not_requested", "awaiting", "given", NULL };
    assert_int_equal(str_key_index("Not requested", consent), 0);
    assert_int_equal(str_key_index("GIVEN", consent), 2);
    assert_int_equal(str_key_index("declined", consent), -1);
    assert_int_equal(str_key_index(" - ", consent), -1);
    assert_int_equal(str_key_index(NULL, consent), -1);
    assert_true(str_ieq("UPN", "upn"));
    assert_false(str_ieq("UPN", "upns"));
    long long v;
    assert_int_equal(str_to_int(" 42 ", 0, 100, &v), 0);
    assert_int_equal(v, 42);
    assert_int_equal(str_to_int("42x", 0, 100, &v), ERR_INPUT);
    assert_int_equal(str_to_int("101", 0, 100, &v), ERR_INPUT);
    assert_int_equal(str_to_int("", 0, 100, &v), ERR_INPUT);
    assert_int_equal(str_yes_no("Yes"), 1);
    assert_int_equal(str_yes_no("n"), 0);
    assert_int_equal(str_yes_no("TRUE"), 1);
    assert_int_equal(str_yes_no("maybe"), -1);
    assert_true(str_utf8_valid("Zo\xc3\xab", 4));
    assert_false(str_utf8_valid("\xc0\x80", 2));     /* overlong NUL */
    assert_false(str_utf8_valid("\xed\xa0\x80", 3)); /* surrogate */
    assert_false(str_utf8_valid("\xe2\x82", 2));     /* truncated */
    char t[] = "  padded \t";
    assert_string_equal(str_trim(t), "padded");
    char small[4];
    assert_int_equal(str_copy(small, sizeof small, "abcdef"), 6);
    assert_string_equal(small, "abc");
}

static void dates(void **state)
{
    (void)state;
    struct date d;
    assert_int_equal(date_parse("2024-02-29", &d), 0);
    assert_int_equal(d.y, 2024);
    assert_int_equal(date_parse("2023-02-29", &d), ERR_INPUT); /* not a leap year */
    assert_int_equal(date_parse("29/02/2024", &d), 0);
    assert_int_equal(d.m, 2);
    assert_int_equal(date_parse("1/9/2019", &d), 0);
    assert_int_equal(d.d, 1);
    assert_int_equal(d.m, 9);
    assert_int_equal(date_parse("2019-9-1", &d), ERR_INPUT);
    assert_int_equal(date_parse("31/04/2020", &d), ERR_INPUT);
    assert_int_equal(date_parse("01/01/20", &d), ERR_INPUT);
    char iso[DATE_ISO_LEN];
    date_iso((struct date){ 2025, 9, 1 }, iso);
    assert_string_equal(iso, "2025-09-01");
    assert_int_equal(date_to_days((struct date){ 1970, 1, 1 }), 0);
    struct date back = date_from_days(date_to_days((struct date){ 2000, 2, 29 }) + 366);
    assert_int_equal(back.y, 2001);
    assert_int_equal(back.m, 3);
    assert_int_equal(back.d, 1);
    assert_int_equal(date_weekday((struct date){ 2026, 11, 23 }), 0); /* a Monday */
    assert_int_equal(date_age_years((struct date){ 2015, 9, 1 }, (struct date){ 2025, 8, 31 }), 9);
    assert_int_equal(date_age_years((struct date){ 2015, 9, 1 }, (struct date){ 2025, 9, 1 }), 10);
}

static void timestamps(void **state)
{
    (void)state;
    char ts[DATE_TS_LEN];
    date_timestamp_at(0, ts);
    assert_string_equal(ts, "1970-01-01T00:00:00.000Z");
    date_timestamp_at(1709210096, ts); /* 2024-02-29 12:34:56 UTC */
    assert_string_equal(ts, "2024-02-29T12:34:56.000Z");
    int64_t t;
    assert_int_equal(date_timestamp_parse(ts, &t), 0);
    assert_int_equal(t, 1709210096);
    assert_int_equal(date_timestamp_parse("2024-02-29T12:34:56Z", &t), 0);
    assert_int_equal(t, 1709210096);
    /* The clock's own form reads back to within a second of now. */
    date_timestamp(ts);
    assert_int_equal(date_timestamp_parse(ts, &t), 0);
    assert_true(t > 1700000000);
    assert_int_equal(date_timestamp_parse("2024-02-30T00:00:00Z", &t), ERR_INPUT);
    assert_int_equal(date_timestamp_parse("2024-02-29T24:00:00Z", &t), ERR_INPUT);
    assert_int_equal(date_timestamp_parse("2024-02-29T12:34:56", &t), ERR_INPUT);
    assert_int_equal(date_timestamp_parse("2024-02-29 12:34:56Z", &t), ERR_INPUT);
    assert_int_equal(date_timestamp_parse("2024-02-29T12:34:56.1Z", &t), ERR_INPUT);
    assert_int_equal(date_timestamp_parse(NULL, &t), ERR_INPUT);
    /* Computed and clock timestamps order correctly as text. */
    char a[DATE_TS_LEN], b[DATE_TS_LEN];
    date_timestamp_at(1709210096, a);
    date_timestamp_at(1709210097, b);
    assert_true(strcmp(a, b) < 0);
}

static void secrets(void **state)
{
    (void)state;
    assert_int_equal(secret_init(), 0);
    assert_int_equal(secret_init(), 0); /* idempotent */
    char a[SECRET_TOKEN_LEN], b[SECRET_TOKEN_LEN];
    secret_token(a);
    secret_token(b);
    assert_int_equal(strlen(a), 43);
    assert_int_equal(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
                     43);
    assert_string_not_equal(a, b);
    char code[13];
    secret_code(code, 12, SECRET_ALPHABET);
    assert_int_equal(strlen(code), 12);
    assert_int_equal(strspn(code, SECRET_ALPHABET), 12);
    assert_null(strpbrk(SECRET_ALPHABET, "01OIL"));
    /* BLAKE2b-256 of "abc" (RFC 7693's test input, 32-byte output). */
    char h[SECRET_HASH_LEN];
    secret_hash("abc", h);
    assert_string_equal(h, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
    assert_true(secret_equal("same", "same"));
    assert_false(secret_equal("same", "sane"));
    assert_false(secret_equal("same", "same!"));
    assert_false(secret_equal(NULL, "x"));
    assert_false(secret_equal("x", NULL));
    for (int i = 0; i < 1000; i++)
        assert_true(secret_uniform(7) < 7);
    secret_wipe(a, sizeof a);
    assert_int_equal(a[0], 0);
}

static void problems_list(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct problems p;
    problems_init(&p, &a);
    p.line = 3;
    problems_add(&p, "DOB", "not a date");
    p.line = 0;
    problems_add(&p, "name", "missing");
    assert_int_equal(p.n, 2);
    assert_string_equal(problems_for(&p, "name"), "missing");
    assert_null(problems_for(&p, "email"));
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    problems_print(&p, "f.csv", f);
    fclose(f);
    assert_string_equal(out, "f.csv:3: DOB: not a date\nf.csv: name: missing\n");
    free(out);
    arena_release(&a);
}

/* Every allocation failing in turn: the buffer and arena report it cleanly. */
static void allocation_failures(void **state)
{
    (void)state;
    for (long k = 0; k < 8; k++) {
        struct buf b;
        buf_init(&b, 1 << 20);
        mem_fail_after(k);
        int rc = 0;
        for (int i = 0; i < 200 && rc == 0; i++)
            rc = buf_adds(&b, "0123456789");
        long failed = mem_fail_after(-1);
        if (failed)
            assert_int_equal(rc, ERR_NOMEM);
        buf_release(&b);
        struct arena a;
        arena_init(&a, 0);
        mem_fail_after(k);
        void *p = NULL;
        for (int i = 0; i < 50; i++)
            p = arena_alloc(&a, 4000);
        failed = mem_fail_after(-1);
        if (failed)
            assert_null(p);
        arena_release(&a);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(buf_bounded),   cmocka_unit_test(arena_basics),
        cmocka_unit_test(strings),       cmocka_unit_test(dates),
        cmocka_unit_test(timestamps),    cmocka_unit_test(secrets),
        cmocka_unit_test(problems_list), cmocka_unit_test(allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
