/* password.h - password rules, generated passwords, and argon2id hashing
 * with a cap on how many hashes run at once.
 *
 * Hashes are libsodium's crypto_pwhash_str (argon2id) at the INTERACTIVE
 * limits: 2 passes over 64 MiB, about 50 ms on a laptop core. Memory is
 * the cost that matters: each hash in flight holds 64 MiB, so a burst of
 * sign-ins could otherwise exhaust the server. The gate below allows
 * PASSWORD_GATE_RUNNING hashes at once (128 MiB) and lets at most
 * PASSWORD_GATE_WAITING more queue; beyond that a request is refused at once
 * with ERR_LIMIT ("busy, try again") rather than piling up threads.
 *
 * Why the gate is an object passed in rather than a hidden global: the cap
 * is process-wide by nature, but meso keeps no mutable globals
 * (ENGINEERING.md). The web server creates one gate at start-up, keeps it in
 * its server context for its whole life and passes it to every call; a CLI
 * command creates one for its own run. Tests make small gates to prove the
 * cap holds. A gate is thread-safe (a mutex and a condition variable).
 */
#ifndef MESO_PASSWORD_H
#define MESO_PASSWORD_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

/* Password rules (password_check): */
#define PASSWORD_MIN_CHARS  12  /* characters, not bytes */
#define PASSWORD_MIN_WORDS  3   /* ... or a passphrase of this many words */
#define PASSWORD_WORD_CHARS 3   /* ... each at least this long */
#define PASSWORD_MAX_BYTES  256 /* longer input is refused before hashing */

/* An argon2id hash string, with its NUL (crypto_pwhash_STRBYTES). */
#define PASSWORD_HASH_LEN 128

/* A generated password: 20 random characters from SECRET_ALPHABET in lower
 * case, in groups of five ("k7qx2-mnpr8-twa4c-9hjdz"), about 97 bits. */
#define PASSWORD_GENERATED_LEN 24

#define PASSWORD_GATE_RUNNING 2
#define PASSWORD_GATE_WAITING 16

struct password_gate {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int running, max_running;
    int waiting, max_waiting;
};

/* Set up a gate allowing max_running hashes at once (>= 1) and max_waiting
 * callers queued behind them (>= 0). Returns 0 or ERR_NOMEM. Release with
 * password_gate_release() once no thread uses it. */
int password_gate_init(struct password_gate *g, int max_running, int max_waiting);
void password_gate_release(struct password_gate *g);

/* Take a place (waiting if all are taken); ERR_LIMIT when the queue is
 * already full. Every successful enter must be paired with one leave.
 * password_hash/password_verify do this themselves. */
int password_gate_enter(struct password_gate *g, struct err *e);
void password_gate_leave(struct password_gate *g);

/* Check a new password against the rules: at least PASSWORD_MIN_CHARS
 * characters, or a passphrase of PASSWORD_MIN_WORDS words of
 * PASSWORD_WORD_CHARS letters or more; not one of the most common passwords
 * (ignoring case, digits and symbols, and look-alike digits such as 0 for o);
 * not one character repeated; not containing the local part of email (may be
 * NULL). No rules about mixing digits and symbols. Returns 0, or ERR_INPUT
 * with a plain reason in why. */
int password_check(const char *pw, const char *email, char *why, size_t cap);

/* Make a random password (see PASSWORD_GENERATED_LEN). */
void password_generate(char out[PASSWORD_GENERATED_LEN]);

/* Hash pw into out (an argon2id string). Waits for the gate. Returns 0,
 * ERR_LIMIT (gate full), ERR_INPUT (longer than PASSWORD_MAX_BYTES) or
 * ERR_NOMEM (argon2id could not get its memory). */
int password_hash(struct password_gate *g, const char *pw, char out[PASSWORD_HASH_LEN],
                  struct err *e);

/* Check pw against hash and set *ok. With hash NULL (no such account, or no
 * password set yet) the check runs against a fixed dummy hash of the same
 * cost and *ok is false, so the time taken does not tell whether an account
 * exists. The comparison itself is libsodium's, in constant time. Returns 0
 * (whatever *ok), or ERR_LIMIT when the gate is full. */
int password_verify(struct password_gate *g, const char *hash, const char *pw, bool *ok,
                    struct err *e);

/* The dummy hash password_verify checks against when there is no hash: a
 * random password, long forgotten, hashed at today's limits. Exposed so a
 * test can prove its cost matches (password_needs_rehash is false). */
extern const char password_dummy_hash[];

/* True when hash was made with other limits than today's (rehash it on the
 * next successful sign-in). */
bool password_needs_rehash(const char *hash);

#endif
