/* Unit tests for src/core/i18n: the .mo reader, plural expressions and each
 * language's plural forms, choosing a language, placeholders, a school's
 * corrections and the draft marking (docs/i18n.md). */
#include "testutil.h"

#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/i18n.h"

static void plural_expressions(void **state)
{
    (void)state;
    const char *pl = "(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)";
    long want_pl[][2] = { { 1, 0 },  { 2, 1 },  { 4, 1 },  { 5, 2 },   { 11, 2 },  { 12, 2 },
                          { 21, 2 }, { 22, 1 }, { 25, 2 }, { 112, 2 }, { 122, 1 }, { 0, 2 } };
    for (size_t i = 0; i < sizeof want_pl / sizeof want_pl[0]; i++)
        assert_int_equal(plural_eval(pl, strlen(pl), (unsigned long)want_pl[i][0]), want_pl[i][1]);
    const char *ar = "(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 "
                     "? 4 : 5)";
    long want_ar[][2] = { { 0, 0 },  { 1, 1 },  { 2, 2 },   { 3, 3 },   { 10, 3 },
                          { 11, 4 }, { 99, 4 }, { 100, 5 }, { 102, 5 }, { 103, 3 } };
    for (size_t i = 0; i < sizeof want_ar / sizeof want_ar[0]; i++)
        assert_int_equal(plural_eval(ar, strlen(ar), (unsigned long)want_ar[i][0]), want_ar[i][1]);
    const char *simple = "n != 1";
    assert_int_equal(plural_eval(simple, strlen(simple), 1), 0);
    assert_int_equal(plural_eval(simple, strlen(simple), 7), 1);
    assert_int_equal(plural_eval("n>1", 3, 1), 0); /* French and Brazilian Portuguese */
    assert_int_equal(plural_eval("!(n<=1)", 7, 2), 1);
    assert_int_equal(plural_eval("0", 1, 5), 0);
    /* What does not parse, or divides by zero, is refused. */
    const char *bad[] = { "", "n ==", "n ? 1", "(n", "n % 0", "m", "n = 1", "n 1", "n+" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(plural_eval(bad[i], strlen(bad[i]), 3), -1);
}

static void mo_reader(void **state)
{
    (void)state;
    const struct embed_file *f = embed_find(po_catalogues, "pl.mo");
    assert_non_null(f);
    struct mo m;
    assert_int_equal(mo_open(&m, f->data, f->len), 0);
    assert_true(m.n > 50);
    assert_int_equal(m.nplurals, 3);
    assert_string_equal(mo_find(&m, "Sign in", NULL), "Zaloguj się");
    assert_null(mo_find(&m, "no such message", NULL));
    assert_null(mo_find(&m, "", NULL));
    /* Damaged catalogues are refused, never read past their end. */
    unsigned char copy[4096];
    size_t n = f->len < sizeof copy ? f->len : sizeof copy;
    memcpy(copy, f->data, n);
    assert_int_equal(mo_open(&m, copy, 20), ERR_INPUT);
    copy[0] ^= 0xff;
    assert_int_equal(mo_open(&m, copy, n), ERR_INPUT);
    copy[0] ^= 0xff;
    copy[12] = 0xff, copy[13] = 0xff; /* the table of messages outside the file */
    assert_int_equal(mo_open(&m, copy, n), ERR_INPUT);
    /* Every language's catalogue opens, with its plural forms. */
    const char *langs[] = { "pl", "ro", "ur", "ar", "bn", "so", "pt", "es" };
    unsigned nplurals[] = { 3, 3, 2, 6, 2, 2, 2, 2 };
    for (size_t i = 0; i < 8; i++) {
        struct tr t;
        tr_init(&t, i18n_lang(langs[i]));
        assert_true(t.has_cat);
        assert_true(t.has_drafts);
        assert_int_equal(t.cat.nplurals, nplurals[i]);
        assert_string_not_equal(tr_get(&t, "Sign in"), "Sign in");
    }
}

static void plural_forms(void **state)
{
    (void)state;
    const char *one = "So far we have met %s time.", *many = "So far we have met %s times.";
    struct tr en, pl, ar;
    tr_init(&en, NULL);
    tr_init(&pl, i18n_lang("pl"));
    tr_init(&ar, i18n_lang("ar"));
    assert_string_equal(tr_nget(&en, one, many, 1), one);
    assert_string_equal(tr_nget(&en, one, many, 2), many);
    assert_string_equal(tr_nget(NULL, one, many, 0), many);
    assert_string_equal(tr_nget(&pl, one, many, 1), "Do tej pory spotkaliśmy się %s raz.");
    assert_string_equal(tr_nget(&pl, one, many, 3), "Do tej pory spotkaliśmy się %s razy.");
    assert_string_equal(tr_nget(&pl, one, many, 5), "Do tej pory spotkaliśmy się %s razy.");
    assert_string_equal(tr_nget(&ar, one, many, 2), "التقينا حتى الآن مرتين.");
    assert_string_equal(tr_nget(&ar, one, many, 1), "التقينا حتى الآن مرة واحدة.");
    assert_string_equal(tr_nget(&ar, one, many, 4), "التقينا حتى الآن %s مرات.");
    /* A message the catalogue lacks falls back to English. */
    assert_string_equal(tr_nget(&pl, "%s cat", "%s cats", 2), "%s cats");
}

static void choosing(void **state)
{
    (void)state;
    assert_string_equal(i18n_accept("pl-PL,pl;q=0.9,en;q=0.8")->code, "pl");
    assert_string_equal(i18n_accept("en-GB,en;q=0.9,ur;q=0.8")->code, "en");
    assert_string_equal(i18n_accept("de-DE, ar-SA;q=0.5, ro;q=0.7")->code, "ro");
    assert_string_equal(i18n_accept("fr, de")->code, "en");
    assert_string_equal(i18n_accept(NULL)->code, "en");
    assert_string_equal(i18n_accept("")->code, "en");
    assert_string_equal(i18n_accept("*")->code, "en");
    assert_string_equal(i18n_accept("BN;q=0.2")->code, "bn");
    assert_string_equal(i18n_lang_recorded("Polish")->code, "pl");
    assert_string_equal(i18n_lang_recorded(" urdu ")->code, "ur");
    assert_string_equal(i18n_lang_recorded("Bangla")->code, "bn");
    assert_string_equal(i18n_lang_recorded("Español")->code, "es");
    assert_string_equal(i18n_lang_recorded("so")->code, "so");
    assert_null(i18n_lang_recorded("Panjabi"));
    assert_null(i18n_lang_recorded(""));
    assert_null(i18n_lang_recorded(NULL));
    assert_true(i18n_lang("ar")->rtl);
    assert_true(i18n_lang("ur-PK")->rtl);
    assert_false(i18n_lang("bn")->rtl);
    /* The parent's choice, then the carer's recorded language, then the browser. */
    assert_string_equal(i18n_choose("ar", "Polish", "es")->code, "ar");
    assert_string_equal(i18n_choose(NULL, "Polish", "es")->code, "pl");
    assert_string_equal(i18n_choose("", "Panjabi", "es")->code, "es");
    assert_string_equal(i18n_choose(NULL, "English", "pl")->code, "en");
    assert_string_equal(i18n_choose(NULL, NULL, NULL)->code, "en");
}

static void placeholders(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 1 << 20);
    assert_string_equal(tr_fmt(&a, "Our meeting on %s", "7 May"), "Our meeting on 7 May");
    assert_string_equal(tr_fmt(&a, "%2$s, %1$s!", "a", "b"), "b, a!");
    assert_string_equal(tr_fmt(&a, "100%% %s %d %n", "x"), "100% x %d %n");
    assert_string_equal(tr_fmt(&a, "%s %s %s", "x"), "x  ");
    assert_string_equal(tr_fmt(&a, "%s", (const char *)NULL), "");
    assert_int_equal(tr_n_placeholders("Who: %s. Now: %s."), 2);
    assert_int_equal(tr_n_placeholders("%3$s %1$s"), 3);
    assert_int_equal(tr_n_placeholders("100%% sure"), 0);
    struct tr pl;
    tr_init(&pl, i18n_lang("pl"));
    assert_string_equal(i18n_date(&a, &pl, "2026-12-07"), "7 grudnia 2026");
    assert_string_equal(i18n_date(&a, NULL, "2026-05-01"), "1 May 2026");
    struct tr es;
    tr_init(&es, i18n_lang("es"));
    assert_string_equal(i18n_date(&a, &es, "2026-03-14"), "14 de marzo de 2026");
    assert_string_equal(i18n_date(&a, &es, "not a date"), "not a date");
    arena_release(&a);
}

static void corrections_and_drafts(void **state)
{
    (void)state;
    struct tr pl;
    tr_init(&pl, i18n_lang("pl"));
    assert_true(tr_is_draft(&pl, "Sign in"));
    assert_false(tr_is_draft(&pl, "no such message"));
    const struct tr_fix fixes[] = { { "Our plan", "Plan działania" }, { "Sign in", "Zaloguj" } };
    pl.fixes = fixes;
    pl.n_fixes = 2;
    assert_string_equal(tr_get(&pl, "Sign in"), "Zaloguj");
    assert_string_equal(tr_get(&pl, "Our plan"), "Plan działania");
    assert_string_equal(tr_catalogue(&pl, "Sign in"), "Zaloguj się");
    assert_false(tr_is_draft(&pl, "Sign in")); /* the school corrected it */
    assert_true(tr_is_draft(&pl, "Password"));
    struct tr en;
    tr_init(&en, NULL);
    assert_string_equal(tr_get(&en, "Sign in"), "Sign in");
    assert_false(tr_is_draft(&en, "Sign in"));
    assert_string_equal(tr_get(NULL, "Sign in"), "Sign in");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plural_expressions), cmocka_unit_test(mo_reader),
        cmocka_unit_test(plural_forms),       cmocka_unit_test(choosing),
        cmocka_unit_test(placeholders),       cmocka_unit_test(corrections_and_drafts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
