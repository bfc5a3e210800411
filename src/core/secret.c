#include "core/secret.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "core/err.h"
#include "core/log.h"

/* The one piece of process-wide state: whether libsodium started. It is
 * written once, inside pthread_once, and only read afterwards. */
static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static int init_result;

static void init_libs(void)
{
    if (sodium_init() < 0) {
        log_msg(LOG_ERROR, "libsodium could not start (no system randomness?)");
        init_result = ERR_STORAGE;
    }
}

int secret_init(void)
{
    pthread_once(&init_once, init_libs);
    return init_result;
}

void secret_random(void *buf, size_t n)
{
    secret_init();
    randombytes_buf(buf, n);
}

uint32_t secret_uniform(uint32_t upper)
{
    secret_init();
    return randombytes_uniform(upper);
}

void secret_token(char out[SECRET_TOKEN_LEN])
{
    unsigned char raw[32];
    secret_random(raw, sizeof raw);
    sodium_bin2base64(out, SECRET_TOKEN_LEN, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
}

void secret_code(char *out, size_t n, const char *alphabet)
{
    uint32_t k = (uint32_t)strlen(alphabet);
    for (size_t i = 0; i < n; i++)
        out[i] = alphabet[secret_uniform(k)];
    out[n] = '\0';
}

void secret_hash(const char *text, char out[SECRET_HASH_LEN])
{
    unsigned char h[32];
    secret_init();
    crypto_generichash(h, sizeof h, (const unsigned char *)text, strlen(text), NULL, 0);
    sodium_bin2hex(out, SECRET_HASH_LEN, h, sizeof h);
}

bool secret_equal(const char *a, const char *b)
{
    if (!a || !b)
        return false;
    size_t n = strlen(a);
    if (n != strlen(b))
        return false;
    return sodium_memcmp(a, b, n) == 0;
}

void secret_wipe(void *p, size_t n)
{
    sodium_memzero(p, n);
}
