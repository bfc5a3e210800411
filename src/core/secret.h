/* secret.h - random tokens and codes, and their stored hashes, over
 * libsodium.
 *
 * Every secret meso hands out (session tokens, API tokens, invitation and
 * recovery codes) is made here from libsodium's randomness and stored only as
 * secret_hash() of its text. Nothing here allocates; nothing here logs.
 */
#ifndef MESO_SECRET_H
#define MESO_SECRET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Initialise libsodium. Idempotent and thread-safe (the work is
 * done once, under pthread_once); every function below calls it, so callers
 * need not, but a server should call it at start-up to fail early. Returns 0,
 * or ERR_STORAGE when the libraries cannot start (no system randomness). */
int secret_init(void);

/* Fill buf with n random bytes. */
void secret_random(void *buf, size_t n);

/* A uniformly random integer in [0, upper) (upper > 0). */
uint32_t secret_uniform(uint32_t upper);

/* A 256-bit random token as URL-safe base64 without padding: 43 characters
 * plus the NUL. */
#define SECRET_TOKEN_LEN 44
void secret_token(char out[SECRET_TOKEN_LEN]);

/* n characters drawn uniformly from alphabet, then a NUL (out has n + 1
 * bytes). */
void secret_code(char *out, size_t n, const char *alphabet);

/* Characters that cannot be mistaken for one another when read aloud or
 * copied from paper (no 0/O, 1/I/L, U/V): 29 symbols, 4.86 bits each. */
#define SECRET_ALPHABET "23456789ABCDEFGHJKMNPQRSTWXYZ"

/* The stored form of a token or code: BLAKE2b-256 of its text, as 64 hex
 * digits and a NUL. A token has 256 random bits, so a fast hash is enough:
 * unlike a password it cannot be guessed from its hash. */
#define SECRET_HASH_LEN 65
void secret_hash(const char *text, char out[SECRET_HASH_LEN]);

/* Constant-time equality of two NUL-terminated strings (sodium_memcmp);
 * the time depends only on the lengths. NULL equals nothing. */
bool secret_equal(const char *a, const char *b);

/* Overwrite n bytes so the compiler cannot skip it (sodium_memzero). */
void secret_wipe(void *p, size_t n);

#endif
