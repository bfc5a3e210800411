/* Unit tests for model/totp: enrolment and its URI, codes made by liboath
 * for fixed times (the window of one step either side, no code used twice),
 * the QR code's SVG, recovery codes, and resetting. */
#include "testpeople.h"

#include <ctype.h>
#include <liboath/oath.h>

#include "core/str.h"

#include "core/buf.h"
#include "model/access/totp.h"

struct fx {
    char *dir;
    struct db *db;
    struct arena a;
    int64_t school, lead;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->db = test_db(f->dir, "t.db");
    arena_init(&f->a, 0);
    f->school = tp_school(f->db, "100001");
    f->lead = tp_staff(f->db, f->school, "helen.price+sen@school.example.org", ACCOUNT_LEAD, NULL);
    assert_int_equal(oath_init(), OATH_OK);
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

/* The code an authenticator app shows at time t for a base32 secret. */
static void code_at(const char *secret, int64_t t, char out[7])
{
    char *raw = NULL;
    size_t n = 0;
    assert_int_equal(oath_base32_decode(secret, strlen(secret), &raw, &n), OATH_OK);
    assert_int_equal(n, TOTP_SECRET_BYTES);
    assert_int_equal(oath_totp_generate(raw, n, (time_t)t, TOTP_STEP, 0, TOTP_DIGITS, out),
                     OATH_OK);
    free(raw);
}

static void enrol(struct fx *f, struct totp_enrolment *en)
{
    struct err e;
    err_clear(&e);
    if (totp_enrol(f->db, &f->a, f->lead, en, &e) != 0)
        fail_msg("totp_enrol: %s", e.msg);
}

static void enrolment(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    struct totp_enrolment en, again;
    enrol(f, &en);
    assert_int_equal(strlen(en.secret), 32);
    assert_int_equal(strspn(en.secret, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), 32);
    char want[256];
    snprintf(want, sizeof want,
             "otpauth://totp/meso:helen.price%%2Bsen%%40school.example.org?secret=%s&issuer=meso",
             en.secret);
    assert_string_equal(en.uri, want);
    /* Not on until confirmed; enrolling again (a reload, or the form shown
     * again after a mistyped code) shows the same secret, so an app that has
     * scanned it stays right; after a reset it is a new one. */
    assert_int_equal(test_count(f->db, "SELECT totp_enabled FROM account"), 0);
    enrol(f, &again);
    assert_string_equal(en.secret, again.secret);
    assert_int_equal(totp_reset(f->db, &test_who, f->lead, &e), 0);
    enrol(f, &again);
    assert_string_not_equal(en.secret, again.secret);
    char code[7];
    code_at(en.secret, TEST_NOW, code);
    char other[7];
    code_at(again.secret, TEST_NOW, other);
    if (strcmp(code, other) != 0) /* (one chance in a million they agree) */
        assert_int_equal(totp_confirm(f->db, &test_who, f->lead, code, TEST_NOW, &e), ERR_DENIED);
    assert_int_equal(totp_verify(f->db, f->lead, other, TEST_NOW, &e), ERR_DENIED); /* not on */
    assert_int_equal(totp_confirm(f->db, &test_who, f->lead, other, TEST_NOW, &e), 0);
    assert_int_equal(test_count(f->db, "SELECT totp_enabled FROM account"), 1);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE action = 'totp-on'"), 1);
    /* The secret never reaches the audit trail. */
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit a, account c"
                                       " WHERE a.detail LIKE '%' || c.totp_secret || '%'"),
                     0);
    /* On already: no second enrolment, no second confirmation. */
    assert_int_equal(totp_enrol(f->db, &f->a, f->lead, &en, &e), ERR_CONFLICT);
    assert_int_equal(totp_confirm(f->db, &test_who, f->lead, other, TEST_NOW + 30, &e),
                     ERR_CONFLICT);
    assert_int_equal(totp_enrol(f->db, &f->a, 999999, &en, &e), ERR_NOTFOUND);
}

static void codes_once_within_the_window(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    struct totp_enrolment en;
    enrol(f, &en);
    int64_t t0 = TEST_NOW - 600;
    char code[7];
    code_at(en.secret, t0, code);
    assert_int_equal(totp_confirm(f->db, &test_who, f->lead, code, t0, &e), 0);
    /* The code used to confirm cannot sign in. */
    assert_int_equal(totp_verify(f->db, f->lead, code, t0 + 5, &e), ERR_DENIED);
    /* Now's code works once, with spaces as apps show it. */
    code_at(en.secret, TEST_NOW, code);
    char spaced[9];
    snprintf(spaced, sizeof spaced, "%.3s %.3s", code, code + 3);
    assert_int_equal(totp_verify(f->db, f->lead, spaced, TEST_NOW, &e), 0);
    assert_int_equal(totp_verify(f->db, f->lead, code, TEST_NOW + 1, &e), ERR_DENIED);
    assert_non_null(strstr(e.msg, "used already"));
    /* The previous step's code, after this one was used: refused. */
    char prev[7];
    code_at(en.secret, TEST_NOW - TOTP_STEP, prev);
    if (strcmp(prev, code) != 0)
        assert_int_equal(totp_verify(f->db, f->lead, prev, TEST_NOW, &e), ERR_DENIED);
    /* The next step's code, a little early (a phone's clock ahead): accepted. */
    char next[7];
    code_at(en.secret, TEST_NOW + TOTP_STEP, next);
    assert_int_equal(totp_verify(f->db, f->lead, next, TEST_NOW, &e), 0);
    /* Two steps ahead or behind: outside the window. */
    char far[7];
    code_at(en.secret, TEST_NOW + 5 * TOTP_STEP, far);
    assert_int_equal(totp_verify(f->db, f->lead, far, TEST_NOW + 2 * TOTP_STEP, &e), ERR_DENIED);
    code_at(en.secret, TEST_NOW + 2 * TOTP_STEP, far);
    assert_int_equal(totp_verify(f->db, f->lead, far, TEST_NOW + 4 * TOTP_STEP + 1, &e),
                     ERR_DENIED);
    /* A step later than any used, one step back from now: accepted. */
    code_at(en.secret, TEST_NOW + 9 * TOTP_STEP, code);
    assert_int_equal(totp_verify(f->db, f->lead, code, TEST_NOW + 10 * TOTP_STEP, &e), 0);
    /* Malformed codes. */
    assert_int_equal(totp_verify(f->db, f->lead, "12345", TEST_NOW, &e), ERR_DENIED);
    assert_int_equal(totp_verify(f->db, f->lead, "1234567", TEST_NOW, &e), ERR_DENIED);
    assert_int_equal(totp_verify(f->db, f->lead, "12a456", TEST_NOW, &e), ERR_DENIED);
    assert_int_equal(totp_verify(f->db, f->lead, NULL, TEST_NOW, &e), ERR_DENIED);
}

static void qr_code_svg(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    struct totp_enrolment en;
    enrol(f, &en);
    struct buf b;
    buf_init(&b, 1 << 20);
    assert_int_equal(totp_qr_svg(en.uri, &b, &e), 0);
    const char *svg = buf_str(&b);
    assert_true(str_starts_with(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert_non_null(strstr(svg, "<title id=\"totp-qr-title\">"));
    assert_null(strstr(svg, "script"));
    assert_null(strstr(svg, en.secret));
    assert_null(strstr(svg, "otpauth"));
    assert_non_null(strstr(svg, "</svg>"));
    /* Only our own elements: svg, title, g and rect. */
    size_t rects = 0;
    for (const char *p = strchr(svg, '<'); p; p = strchr(p + 1, '<')) {
        if (str_starts_with(p, "<rect "))
            rects++;
        else if (!str_starts_with(p, "<svg ") && !str_starts_with(p, "<title ") &&
                 !str_starts_with(p, "</") && !str_starts_with(p, "<g "))
            fail_msg("unexpected element at: %.20s", p);
    }
    assert_true(rects > 100);
    /* The same text gives the same picture; other text another. */
    struct buf c;
    buf_init(&c, 1 << 20);
    assert_int_equal(totp_qr_svg(en.uri, &c, &e), 0);
    assert_string_equal(buf_str(&b), buf_str(&c));
    buf_reset(&c);
    assert_int_equal(totp_qr_svg("otpauth://totp/meso:other", &c, &e), 0);
    assert_string_not_equal(buf_str(&b), buf_str(&c));
    /* Too long for any QR code. */
    char *huge = calloc(1, 8000);
    memset(huge, 'x', 7999);
    buf_reset(&c);
    assert_int_equal(totp_qr_svg(huge, &c, &e), ERR_INPUT);
    free(huge);
    /* A buffer too small is a limit, not a crash. */
    struct buf small;
    buf_init(&small, 100);
    assert_int_equal(totp_qr_svg(en.uri, &small, &e), ERR_LIMIT);
    buf_release(&small);
    buf_release(&b);
    buf_release(&c);
}

static void recovery_codes(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    char codes[TOTP_RECOVERY_CODES][TOTP_RECOVERY_LEN];
    assert_int_equal(totp_recovery_new(f->db, f->lead, codes, TEST_NOW, &e), 0);
    for (int i = 0; i < TOTP_RECOVERY_CODES; i++) {
        assert_int_equal(strlen(codes[i]), 19);
        assert_int_equal(codes[i][4], '-');
        assert_int_equal(codes[i][14], '-');
        for (int k = 0; k < i; k++)
            assert_string_not_equal(codes[i], codes[k]);
    }
    /* Stored as hashes only. */
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM recovery_code"), 10);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM recovery_code"
                                       " WHERE length(code_hash) = 64"),
                     10);
    int left;
    assert_int_equal(totp_recovery_use(f->db, f->lead, codes[0], TEST_NOW, &e), 0);
    assert_int_equal(totp_recovery_use(f->db, f->lead, codes[0], TEST_NOW, &e), ERR_DENIED);
    /* Case, spaces and hyphens do not matter. */
    char loose[40];
    snprintf(loose, sizeof loose, " %.4s %.4s%.4s %.4s ", codes[1], codes[1] + 5, codes[1] + 10,
             codes[1] + 15);
    for (char *p = loose; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    assert_int_equal(totp_recovery_use(f->db, f->lead, loose, TEST_NOW, &e), 0);
    assert_int_equal(totp_recovery_left(f->db, f->lead, &left, &e), 0);
    assert_int_equal(left, 8);
    /* Another account cannot use them. */
    int64_t other = tp_staff(f->db, f->school, "o@school.example.org", ACCOUNT_LEAD, NULL);
    assert_int_equal(totp_recovery_use(f->db, other, codes[2], TEST_NOW, &e), ERR_DENIED);
    assert_int_equal(totp_recovery_use(f->db, f->lead, "not a code", TEST_NOW, &e), ERR_DENIED);
    assert_int_equal(totp_recovery_use(f->db, f->lead, NULL, TEST_NOW, &e), ERR_DENIED);
    /* A new set replaces the old. */
    char fresh[TOTP_RECOVERY_CODES][TOTP_RECOVERY_LEN];
    assert_int_equal(totp_recovery_new(f->db, f->lead, fresh, TEST_NOW, &e), 0);
    assert_int_equal(totp_recovery_use(f->db, f->lead, codes[2], TEST_NOW, &e), ERR_DENIED);
    assert_int_equal(totp_recovery_use(f->db, f->lead, fresh[9], TEST_NOW, &e), 0);
}

static void reset(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    struct totp_enrolment en;
    enrol(f, &en);
    char code[7];
    code_at(en.secret, TEST_NOW, code);
    assert_int_equal(totp_confirm(f->db, &test_who, f->lead, code, TEST_NOW, &e), 0);
    char codes[TOTP_RECOVERY_CODES][TOTP_RECOVERY_LEN];
    assert_int_equal(totp_recovery_new(f->db, f->lead, codes, TEST_NOW, &e), 0);
    assert_int_equal(totp_reset(f->db, &test_who, f->lead, &e), 0);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM account WHERE totp_secret IS NULL"
                                       " AND totp_enabled = 0"),
                     1);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM recovery_code"), 0);
    code_at(en.secret, TEST_NOW + 60, code);
    assert_int_equal(totp_verify(f->db, f->lead, code, TEST_NOW + 60, &e), ERR_DENIED);
    assert_int_equal(totp_recovery_use(f->db, f->lead, codes[3], TEST_NOW, &e), ERR_DENIED);
    assert_int_equal(totp_reset(f->db, &test_who, 999999, &e), ERR_NOTFOUND);
    /* Enrolling again works after a reset. */
    enrol(f, &en);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(enrolment, setup, teardown),
        cmocka_unit_test_setup_teardown(codes_once_within_the_window, setup, teardown),
        cmocka_unit_test_setup_teardown(qr_code_svg, setup, teardown),
        cmocka_unit_test_setup_teardown(recovery_codes, setup, teardown),
        cmocka_unit_test_setup_teardown(reset, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
