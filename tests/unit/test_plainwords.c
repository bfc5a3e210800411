/* Unit tests for model/writing/plainwords: the plain-writing hints on
 * planted sentences (jargon from the list, unknown initials, familiar ones
 * left alone, case, plurals, whole words, long sentences), then the list as
 * migration 0016 seeds it. */
#include "testutil.h"

#include "core/arena.h"
#include "model/writing/plainwords.h"

static const struct plain_word words[] = {
    { "SEMH", "feelings, friendships and behaviour", true },
    { "SEN", "special educational needs", true },
    { "TA", "teaching assistant", true },
    { "EHC plan", "a legal plan of help", false },
    { "dysregulated", "very upset", false },
    { "PE", NULL, true },
};
#define N_WORDS (sizeof words / sizeof words[0])

static void planted_sentence(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 1 << 20);
    struct plain_hint *h;
    size_t n = plainwords_check(&a,
                                "Sam was Dysregulated after PE. Mrs Ali (TA) and the SENCO "
                                "talked about his SEMH needs and his EHC plan.",
                                words, N_WORDS, &h);
    assert_int_equal(n, 5);
    /* In the order they occur. */
    assert_int_equal(h[0].kind, PLAIN_JARGON);
    assert_string_equal(h[0].found, "Dysregulated");
    assert_string_equal(h[0].plain, "very upset");
    assert_string_equal(h[1].found, "TA");
    assert_string_equal(h[1].plain, "teaching assistant");
    assert_int_equal(h[2].kind, PLAIN_INITIALS); /* not in the list */
    assert_string_equal(h[2].found, "SENCO");
    assert_null(h[2].plain);
    assert_string_equal(h[3].found, "SEMH");
    assert_string_equal(h[4].found, "EHC plan"); /* and not "EHC" as initials too */
    assert_string_equal(plainwords_advice(&a, &h[1]),
                        "\"TA\": a family may not know this. You could say \"teaching "
                        "assistant\".");
    assert_string_equal(plainwords_advice(&a, &h[2]),
                        "\"SENCO\": say what these letters stand for, or use plain words.");
    arena_release(&a);
}

static void whole_words_case_and_plurals(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 1 << 20);
    struct plain_hint *h;
    /* "ta" (thanks), "TAble" and "SENt" are not "TA" or "SEN"; "TAs" is a
     * plural; "SEND" is not "SEN"; PE is familiar; each term once. */
    size_t n = plainwords_check(&a, "Ta for the table. The TAs sent it. TA again. PE is fine.",
                                words, N_WORDS, &h);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].found, "TAs");
    n = plainwords_check(&a, "We went to the shop and it was a lovely day.", words, N_WORDS, &h);
    assert_int_equal(n, 0);
    assert_null(h);
    assert_int_equal(plainwords_check(&a, NULL, words, N_WORDS, &h), 0);
    assert_int_equal(plainwords_check(&a, "", words, N_WORDS, &h), 0);
    /* Unknown initials: two capitals or more, digits allowed, once each. */
    n = plainwords_check(&a, "In KS2 the OFSTED visit. OFSTED came. I am A OK.", words, N_WORDS,
                         &h);
    assert_int_equal(n, 3);
    assert_string_equal(h[0].found, "KS2");
    assert_string_equal(h[1].found, "OFSTED");
    assert_string_equal(h[2].found, "OK"); /* not in this small list */
    arena_release(&a);
}

static void long_sentences(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 1 << 20);
    struct plain_hint *h;
    /* 25 words is fine; 26 is pointed at, with its first eight words. */
    const char *ok = "one two three four five six seven eight nine ten eleven twelve thirteen "
                     "fourteen fifteen sixteen seventeen eighteen nineteen twenty a b c d e.";
    assert_int_equal(plainwords_check(&a, ok, words, N_WORDS, &h), 0);
    const char *text = "Short one. We agreed that we would keep working on the reading at home "
                       "and in school every day so that Sam can read the books he likes on his "
                       "own soon. Then a short one.";
    size_t n = plainwords_check(&a, text, words, N_WORDS, &h);
    assert_int_equal(n, 1);
    assert_int_equal(h[0].kind, PLAIN_LONG);
    assert_int_equal(h[0].words, 30);
    assert_string_equal(h[0].found, "We agreed that we would keep working on ...");
    assert_string_equal(plainwords_advice(&a, &h[0]),
                        "A sentence of 30 words (\"We agreed that we would keep working on "
                        "...\"): try two or three shorter ones.");
    /* A line break ends a sentence too; words come before long sentences. */
    n = plainwords_check(&a, "a b c d e f g h i j k l m n o p q r s t u v w x y z aa bb\nThe TA.",
                         words, N_WORDS, &h);
    assert_int_equal(n, 2);
    assert_string_equal(h[0].found, "TA");
    assert_int_equal(h[1].kind, PLAIN_LONG);
    assert_int_equal(h[1].words, 28);
    arena_release(&a);
}

static void seeded_list(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    struct db *db = test_db(dir, "p.db");
    struct arena a;
    arena_init(&a, 1 << 20);
    struct err e;
    err_clear(&e);
    struct plain_word *ws;
    size_t n;
    assert_int_equal(plainwords_load(db, &a, &ws, &n, &e), 0);
    assert_true(n >= 40);
    struct plain_hint *h;
    size_t k = plainwords_check(&a,
                                "Her SEMH needs are met through differentiation; the SENCO and "
                                "the EHCP review, and the GP.",
                                ws, n, &h);
    assert_int_equal(k, 4);
    assert_string_equal(h[0].found, "SEMH");
    assert_string_equal(h[1].found, "differentiation");
    assert_string_equal(h[1].plain, "work planned at the right level for your child");
    assert_string_equal(h[2].found, "SENCO");
    assert_int_equal(h[2].kind, PLAIN_JARGON);
    assert_string_equal(h[3].found, "EHCP");
    db_close(db);
    arena_release(&a);
    test_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(planted_sentence),
        cmocka_unit_test(whole_words_case_and_plurals),
        cmocka_unit_test(long_sentences),
        cmocka_unit_test(seeded_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
