#include "model/access/password.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/secret.h"
#include "core/str.h"

_Static_assert(PASSWORD_HASH_LEN == crypto_pwhash_STRBYTES, "argon2id string size");

#define OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE
#define MEMLIMIT crypto_pwhash_MEMLIMIT_INTERACTIVE

/* Made once with a random 64-character password that was then thrown away. */
const char password_dummy_hash[] =
    "$argon2id$v=19$m=65536,t=2,p=1$z8BinbhCmsjauI/pVwTPrw$mcEVxUIgJM95Z0jL2olWhp68iTNPp/UhHSoWUy1tY5M";

/* ---- the gate ----------------------------------------------------------- */

int password_gate_init(struct password_gate *g, int max_running, int max_waiting)
{
    memset(g, 0, sizeof *g);
    g->max_running = max_running > 0 ? max_running : 1;
    g->max_waiting = max_waiting > 0 ? max_waiting : 0;
    if (pthread_mutex_init(&g->mu, NULL) != 0)
        return ERR_NOMEM;
    if (pthread_cond_init(&g->cv, NULL) != 0) {
        pthread_mutex_destroy(&g->mu);
        return ERR_NOMEM;
    }
    return 0;
}

void password_gate_release(struct password_gate *g)
{
    pthread_cond_destroy(&g->cv);
    pthread_mutex_destroy(&g->mu);
}

int password_gate_enter(struct password_gate *g, struct err *e)
{
    pthread_mutex_lock(&g->mu);
    if (g->running >= g->max_running) {
        if (g->waiting >= g->max_waiting) {
            pthread_mutex_unlock(&g->mu);
            return err_set(e, ERR_LIMIT, "meso is busy signing other people in; try again");
        }
        g->waiting++;
        while (g->running >= g->max_running)
            pthread_cond_wait(&g->cv, &g->mu);
        g->waiting--;
    }
    g->running++;
    pthread_mutex_unlock(&g->mu);
    return 0;
}

void password_gate_leave(struct password_gate *g)
{
    pthread_mutex_lock(&g->mu);
    if (ALWAYS(g->running > 0))
        g->running--;
    pthread_cond_signal(&g->cv);
    pthread_mutex_unlock(&g->mu);
}

/* ---- rules -------------------------------------------------------------- */

/* The most common passwords, as letters only (see letters_of): checked
 * after case, digits, symbols and look-alike digits are taken away, so
 * "Passw0rd2024!" counts as "password". */
static const char *const common[] = {
    "password",         "passwort",  "qwerty",   "qwertyuiop",   "asdfghjkl",     "zxcvbnm",
    "letmein",          "welcome",   "iloveyou", "admin",        "administrator", "changeme",
    "monkey",           "dragon",    "football", "baseball",     "sunshine",      "princess",
    "trustno",          "abc",       "abcdef",   "abcdefghijkl", "secret",        "school",
    "teacher",          "student",   "meso",     "summer",       "winter",        "spring",
    "autumn",           "september", "january",  "liverpool",    "chelsea",       "arsenal",
    "manchesterunited", "superman",  "batman",   "master",       "shadow",        "hello",
    "helloworld",       "login",     "starwars", "whatever",     "freedom",       "computer",
    "default",
};

static bool is_sep(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '-' || c == '.' || c == '_' || c == ',';
}

static bool is_letter(unsigned char c)
{
    return isalpha(c) || c >= 0x80;
}

/* The lower-case letters of pw between its first and last letter, with
 * look-alike digits and symbols inside read as letters: "P@ssw0rd2024!"
 * gives "password". With leet false the look-alikes are dropped instead. */
static void letters_of(const char *pw, bool leet, char *out, size_t cap)
{
    const unsigned char *p = (const unsigned char *)pw, *end = p + strlen(pw);
    while (p < end && !is_letter(*p))
        p++;
    while (end > p && !is_letter(end[-1]))
        end--;
    size_t o = 0;
    for (; p < end && o + 1 < cap; p++) {
        int c = tolower(*p);
        if (leet) {
            static const char from[] = "013457@$", to[] = "oieastas";
            const char *k = strchr(from, c);
            if (c && k)
                c = to[k - from];
        }
        if (c >= 'a' && c <= 'z')
            out[o++] = (char)c;
    }
    out[o] = '\0';
}

static bool has_letter(const char *pw)
{
    for (const unsigned char *p = (const unsigned char *)pw; *p; p++)
        if (is_letter(*p))
            return true;
    return false;
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        n += (*p & 0xC0) != 0x80;
    return n;
}

static int long_words(const char *s)
{
    int words = 0;
    size_t run = 0;
    for (const unsigned char *p = (const unsigned char *)s;; p++) {
        if (!*p || is_sep(*p)) {
            words += run >= PASSWORD_WORD_CHARS;
            run = 0;
            if (!*p)
                break;
        } else {
            run++;
        }
    }
    return words;
}

/* Case-insensitive substring search. */
static bool contains_ci(const char *hay, const char *needle, size_t n)
{
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return true;
    return false;
}

int password_check(const char *pw, const char *email, char *why, size_t cap)
{
    if (!pw || !*pw) {
        str_copy(why, cap, "give a password");
        return ERR_INPUT;
    }
    size_t bytes = strlen(pw);
    if (bytes > PASSWORD_MAX_BYTES) {
        snprintf(why, cap, "use at most %d characters", PASSWORD_MAX_BYTES);
        return ERR_INPUT;
    }
    if (!str_utf8_valid(pw, bytes)) {
        str_copy(why, cap, "the password has characters that are not valid text");
        return ERR_INPUT;
    }
    size_t chars = utf8_chars(pw);
    if (chars < PASSWORD_MIN_CHARS && long_words(pw) < PASSWORD_MIN_WORDS) {
        snprintf(why, cap,
                 "use at least %d characters, or %d or more words (a short sentence is easy to "
                 "remember and hard to guess)",
                 PASSWORD_MIN_CHARS, PASSWORD_MIN_WORDS);
        return ERR_INPUT;
    }
    bool same = true;
    for (size_t i = 1; i < bytes; i++)
        same &= pw[i] == pw[0];
    if (same) {
        str_copy(why, cap, "use more than one character, repeated");
        return ERR_INPUT;
    }
    char leet[PASSWORD_MAX_BYTES + 1], plain[PASSWORD_MAX_BYTES + 1];
    letters_of(pw, true, leet, sizeof leet);
    letters_of(pw, false, plain, sizeof plain);
    bool weak = !has_letter(pw) && chars < 16; /* a short run of digits */
    for (size_t i = 0; !weak && i < sizeof common / sizeof common[0]; i++)
        weak = strcmp(leet, common[i]) == 0 || strcmp(plain, common[i]) == 0;
    if (weak) {
        str_copy(why, cap,
                 "this is one of the passwords people use most, so it is easy to guess; choose "
                 "another");
        return ERR_INPUT;
    }
    const char *at = email ? strchr(email, '@') : NULL;
    if (at && at - email >= 4 && contains_ci(pw, email, (size_t)(at - email))) {
        str_copy(why, cap, "do not use your email address in your password");
        return ERR_INPUT;
    }
    return 0;
}

void password_generate(char out[PASSWORD_GENERATED_LEN])
{
    static const char alphabet[] = SECRET_ALPHABET;
    char lower[sizeof alphabet];
    for (size_t i = 0; i < sizeof alphabet; i++)
        lower[i] = (char)tolower((unsigned char)alphabet[i]);
    char raw[21];
    secret_code(raw, 20, lower);
    size_t o = 0;
    for (size_t i = 0; i < 20; i++) {
        if (i && i % 5 == 0)
            out[o++] = '-';
        out[o++] = raw[i];
    }
    out[o] = '\0';
    secret_wipe(raw, sizeof raw);
}

/* ---- hashing ------------------------------------------------------------ */

int password_hash(struct password_gate *g, const char *pw, char out[PASSWORD_HASH_LEN],
                  struct err *e)
{
    size_t n = strlen(pw);
    if (n > PASSWORD_MAX_BYTES)
        return err_set(e, ERR_INPUT, "use at most %d characters", PASSWORD_MAX_BYTES);
    if (secret_init() != 0)
        return err_set(e, ERR_STORAGE, "the system has no source of randomness");
    int rc = password_gate_enter(g, e);
    if (rc)
        return rc;
    rc = crypto_pwhash_str(out, pw, n, OPSLIMIT, MEMLIMIT);
    password_gate_leave(g);
    if (rc != 0)
        return err_set(e, ERR_NOMEM, "out of memory while protecting the password");
    return 0;
}

int password_verify(struct password_gate *g, const char *hash, const char *pw, bool *ok,
                    struct err *e)
{
    *ok = false;
    size_t n = strlen(pw);
    /* Over-long input is refused without hashing, whether or not the account
     * exists, so this early return tells nothing. */
    if (n > PASSWORD_MAX_BYTES)
        return 0;
    if (secret_init() != 0)
        return err_set(e, ERR_STORAGE, "the system has no source of randomness");
    int rc = password_gate_enter(g, e);
    if (rc)
        return rc;
    bool real = hash && *hash;
    int v = crypto_pwhash_str_verify(real ? hash : password_dummy_hash, pw, n);
    password_gate_leave(g);
    *ok = real && v == 0;
    return 0;
}

bool password_needs_rehash(const char *hash)
{
    return crypto_pwhash_str_needs_rehash(hash, OPSLIMIT, MEMLIMIT) != 0;
}
