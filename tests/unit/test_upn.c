/* Unit tests for model/upn: valid, wrong check letter, I/O/S letters, wrong
 * length, temporary UPNs. */
#include "testutil.h"

#include "model/register/upn.h"

/* Work the check letter by hand for "801200100001": weights 2..13.
 * 8*2 + 0*3 + 1*4 + 2*5 + 0*6 + 0*7 + 1*8 + 0*9 + 0*10 + 0*11 + 0*12 + 1*13
 * = 16 + 4 + 10 + 8 + 13 = 51; 51 mod 23 = 5 -> F. */
static void check_letter_by_hand(void **state)
{
    (void)state;
    assert_int_equal(upn_check_letter("801200100001"), 'F');
}

static void valid_upn(void **state)
{
    (void)state;
    char out[UPN_LEN + 1], why[128];
    bool temp = true;
    assert_int_equal(upn_check("F801200100001", out, &temp, why, sizeof why), 0);
    assert_string_equal(out, "F801200100001");
    assert_false(temp);
    /* Lower case and surrounding spaces are accepted and normalised. */
    assert_int_equal(upn_check("  f801200100001 ", out, &temp, why, sizeof why), 0);
    assert_string_equal(out, "F801200100001");
}

static void wrong_check_letter(void **state)
{
    (void)state;
    char out[UPN_LEN + 1], why[128];
    bool temp;
    assert_int_equal(upn_check("G801200100001", out, &temp, why, sizeof why), ERR_INPUT);
    assert_non_null(strstr(why, "should be F"));
}

static void forbidden_letters(void **state)
{
    (void)state;
    char out[UPN_LEN + 1], why[128];
    bool temp;
    assert_int_equal(upn_check("I801200100001", out, &temp, why, sizeof why), ERR_INPUT);
    assert_non_null(strstr(why, "I, O or S"));
    assert_int_equal(upn_check("O801200100001", out, &temp, why, sizeof why), ERR_INPUT);
    assert_int_equal(upn_check("S801200100001", out, &temp, why, sizeof why), ERR_INPUT);
    /* A temporary UPN's last letter may not be I, O or S either. */
    assert_int_equal(upn_check("A80120010000O", out, &temp, why, sizeof why), ERR_INPUT);
    assert_non_null(strstr(why, "I, O or S"));
}

static void wrong_length(void **state)
{
    (void)state;
    char out[UPN_LEN + 1], why[128];
    bool temp;
    assert_int_equal(upn_check("F80120010000", out, &temp, why, sizeof why), ERR_INPUT);
    assert_non_null(strstr(why, "13 characters"));
    assert_int_equal(upn_check("F8012001000011", out, &temp, why, sizeof why), ERR_INPUT);
    assert_int_equal(upn_check("", out, &temp, why, sizeof why), ERR_INPUT);
    assert_int_equal(upn_check("F8012001X0001", out, &temp, why, sizeof why), ERR_INPUT);
    assert_non_null(strstr(why, "digit"));
}

static void temporary_upn(void **state)
{
    (void)state;
    char out[UPN_LEN + 1], why[128];
    bool temp = false;
    /* Last character A counts as 0 (its index), so the check letter is the
     * same as for ...0: 801200100000 -> 51 - 13 = 38 mod 23 = 15 -> R. */
    assert_int_equal(upn_check_letter("80120010000A"), 'R');
    assert_int_equal(upn_check("R80120010000A", out, &temp, why, sizeof why), 0);
    assert_true(temp);
    /* B counts as 1: 38 + 13 = 51 -> F. */
    assert_int_equal(upn_check("F80120010000B", out, &temp, why, sizeof why), 0);
    assert_true(temp);
    assert_int_equal(upn_check("G80120010000B", out, &temp, why, sizeof why), ERR_INPUT);
}

static void make_round_trips(void **state)
{
    (void)state;
    char upn[UPN_LEN + 1], out[UPN_LEN + 1], why[128];
    bool temp;
    for (int serial = 0; serial < 1000; serial += 7) {
        assert_int_equal(upn_make(upn, 999, 2001, 23, serial), 0);
        assert_int_equal(upn_check(upn, out, &temp, why, sizeof why), 0);
    }
    assert_int_equal(upn_make(upn, 1000, 2001, 23, 1), ERR_INPUT);
    assert_int_equal(upn_make(upn, 999, 2001, 23, 1000), ERR_INPUT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(check_letter_by_hand), cmocka_unit_test(valid_upn),
        cmocka_unit_test(wrong_check_letter),   cmocka_unit_test(forbidden_letters),
        cmocka_unit_test(wrong_length),         cmocka_unit_test(temporary_upn),
        cmocka_unit_test(make_round_trips),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
