/* Unit tests for model/password: the rules, generated passwords, the gate's
 * cap on hashes at once, and hashing and checking (a few argon2id hashes;
 * libsodium is not instrumented, so they stay quick under ASan). */
#include "testutil.h"

#include <pthread.h>
#include <stdatomic.h>

#include "core/secret.h"
#include "model/access/password.h"

static void rules(void **state)
{
    (void)state;
    char why[256];
    static const char *const good[] = {
        "correct horse battery staple",
        "a long enough one",       /* 17 characters */
        "tea cup saucer",          /* 14 */
        "sky owl elm",             /* 11 characters, but three words */
        "k7qx2-mnpr8-twa4c-9hjdz", /* generated */
        "1234567890123456",        /* 16 digits */
        "demo-password-1234",
        "ça ne fait rien", /* UTF-8 */
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        if (password_check(good[i], "priya.nair@school.example.org", why, sizeof why) != 0)
            fail_msg("'%s' refused: %s", good[i], why);
    static const struct {
        const char *pw, *why;
    } bad[] = {
        { "", "give a password" },          { "short", "at least 12" },
        { "elevenchars", "at least 12" },   { "two words!!", "at least 12" },
        { "aaaaaaaaaaaaaaaa", "repeated" }, { "Password1234", "most" },
        { "P@ssw0rd2024!", "most" },        { "123456789012", "most" },
        { "qwertyuiop123", "most" },        { "!!Welcome2025!!", "most" },
        { "Liverpool1892", "most" },        { "my name is priya.nair!", "email" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        why[0] = '\0';
        if (password_check(bad[i].pw, "priya.nair@school.example.org", why, sizeof why) !=
            ERR_INPUT)
            fail_msg("'%s' accepted", bad[i].pw);
        if (!strstr(why, bad[i].why))
            fail_msg("'%s': reason '%s' lacks '%s'", bad[i].pw, why, bad[i].why);
    }
    char big[PASSWORD_MAX_BYTES + 2];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    big[0] = 'y';
    assert_int_equal(password_check(big, NULL, why, sizeof why), ERR_INPUT);
    big[PASSWORD_MAX_BYTES] = '\0';
    assert_int_equal(password_check(big, NULL, why, sizeof why), 0);
    assert_int_equal(password_check("\xff\xfe invalid utf8 text", NULL, why, sizeof why),
                     ERR_INPUT);
}

static void generated(void **state)
{
    (void)state;
    char a[PASSWORD_GENERATED_LEN], b[PASSWORD_GENERATED_LEN], why[256];
    password_generate(a);
    password_generate(b);
    assert_int_equal(strlen(a), PASSWORD_GENERATED_LEN - 1);
    assert_string_not_equal(a, b);
    for (int i = 0; i < PASSWORD_GENERATED_LEN - 1; i++) {
        if (i % 6 == 5)
            assert_int_equal(a[i], '-');
        else
            assert_non_null(strchr("23456789abcdefghjkmnpqrstwxyz", a[i]));
    }
    assert_int_equal(password_check(a, "x@example.org", why, sizeof why), 0);
}

/* ---- the gate ---------------------------------------------------------- */

struct crowd {
    struct password_gate *g;
    atomic_int inside, most, refused;
};

static void *visitor(void *arg)
{
    struct crowd *c = arg;
    struct err e;
    for (int k = 0; k < 20; k++) {
        if (password_gate_enter(c->g, &e) != 0) {
            atomic_fetch_add(&c->refused, 1);
            continue;
        }
        int now = atomic_fetch_add(&c->inside, 1) + 1;
        int seen = atomic_load(&c->most);
        while (now > seen && !atomic_compare_exchange_weak(&c->most, &seen, now))
            ;
        for (volatile int spin = 0; spin < 20000; spin++)
            ;
        atomic_fetch_sub(&c->inside, 1);
        password_gate_leave(c->g);
    }
    return NULL;
}

static void gate_caps_work_at_once(void **state)
{
    (void)state;
    struct password_gate g;
    assert_int_equal(password_gate_init(&g, 2, 100), 0);
    struct crowd c = { .g = &g };
    pthread_t t[8];
    for (int i = 0; i < 8; i++)
        assert_int_equal(pthread_create(&t[i], NULL, visitor, &c), 0);
    for (int i = 0; i < 8; i++)
        pthread_join(t[i], NULL);
    /* Never more than two inside; with room to queue, nobody refused. */
    assert_true(atomic_load(&c.most) <= 2);
    assert_true(atomic_load(&c.most) >= 1);
    assert_int_equal(atomic_load(&c.refused), 0);
    assert_int_equal(g.running, 0);
    password_gate_release(&g);
}

static void gate_refuses_when_queue_full(void **state)
{
    (void)state;
    struct password_gate g;
    assert_int_equal(password_gate_init(&g, 1, 0), 0);
    struct err e;
    err_clear(&e);
    assert_int_equal(password_gate_enter(&g, &e), 0);
    /* Full, and no room to wait: refused at once, hashing included. */
    assert_int_equal(password_gate_enter(&g, &e), ERR_LIMIT);
    assert_non_null(strstr(e.msg, "try again"));
    char hash[PASSWORD_HASH_LEN];
    assert_int_equal(password_hash(&g, "correct horse battery staple", hash, &e), ERR_LIMIT);
    bool ok = true;
    assert_int_equal(password_verify(&g, NULL, "x", &ok, &e), ERR_LIMIT);
    assert_false(ok);
    password_gate_leave(&g);
    assert_int_equal(password_gate_enter(&g, &e), 0);
    password_gate_leave(&g);
    password_gate_release(&g);
}

static void hash_and_verify(void **state)
{
    (void)state;
    struct password_gate g;
    assert_int_equal(password_gate_init(&g, PASSWORD_GATE_RUNNING, PASSWORD_GATE_WAITING), 0);
    struct err e;
    err_clear(&e);
    char hash[PASSWORD_HASH_LEN];
    assert_int_equal(password_hash(&g, "correct horse battery staple", hash, &e), 0);
    assert_int_equal(strncmp(hash, "$argon2id$", 10), 0);
    assert_null(strstr(hash, "correct"));
    assert_false(password_needs_rehash(hash));
    bool ok = false;
    assert_int_equal(password_verify(&g, hash, "correct horse battery staple", &ok, &e), 0);
    assert_true(ok);
    assert_int_equal(password_verify(&g, hash, "correct horse battery stapler", &ok, &e), 0);
    assert_false(ok);
    /* No hash: the dummy is checked (same cost) and the answer is no, even
     * for the empty password. */
    assert_int_equal(password_verify(&g, NULL, "", &ok, &e), 0);
    assert_false(ok);
    assert_int_equal(password_verify(&g, "", "x", &ok, &e), 0);
    assert_false(ok);
    /* The dummy hash costs what a real one does. */
    assert_false(password_needs_rehash(password_dummy_hash));
    assert_true(password_needs_rehash("$argon2id$v=19$m=4096,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g"));
    assert_int_equal(g.running, 0);
    password_gate_release(&g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rules),
        cmocka_unit_test(generated),
        cmocka_unit_test(gate_caps_work_at_once),
        cmocka_unit_test(gate_refuses_when_queue_full),
        cmocka_unit_test(hash_and_verify),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
