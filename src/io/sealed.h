/* sealed.h - sealed (encrypted) files, for backups: libsodium's
 * crypto_secretstream_xchacha20poly1305 under a 32-byte key kept in a key
 * file. The caller must have called sodium_init().
 *
 * A sealed file is, in order:
 *   - a preamble of 24 bytes: "MESOSEAL", the format version (1), seven zero
 *     bytes, and the key's fingerprint (8 bytes of BLAKE2b over a fixed label
 *     and the key: it tells a wrong key from a damaged file and says nothing
 *     of the key);
 *   - the secretstream header (24 bytes);
 *   - chunks: a 4-byte big-endian length L, then L bytes of ciphertext
 *     (SEALED_CHUNK bytes of plain text or fewer, and its 17-byte tag). The
 *     last chunk is tagged FINAL and nothing follows it.
 * Every chunk is authenticated with the preamble as additional data, and the
 * stream's own tags chain the chunks in order, so a changed, moved, missing
 * or extra byte anywhere is refused with its own message. Nothing in a sealed
 * file is readable without the key.
 *
 * A key file is one line: "meso-backup-key-1 " and 64 hex digits, made with
 * mode 0600. One that others can read is refused.
 */
#ifndef MESO_SEALED_H
#define MESO_SEALED_H

#include <sodium.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

#define SEALED_KEY_BYTES 32
#define SEALED_CHUNK     (64 * 1024)
#define SEALED_PREAMBLE  24

/* Make a new random key and write it to path, which must not exist yet
 * (ERR_CONFLICT), with mode 0600. */
int sealed_key_new(const char *path, struct err *e);

/* Read the key in the key file at path: ERR_STORAGE when it cannot be read,
 * ERR_INPUT when it is not a key file or others can read it. */
int sealed_key_load(const char *path, unsigned char key[SEALED_KEY_BYTES], struct err *e);

/* True when the n bytes at head begin a sealed file. */
bool sealed_is_sealed(const void *head, size_t n);

/* Writes a sealed file to fd as the plain text arrives. init, then add any
 * number of times, then finish (which writes the FINAL chunk); release in
 * every case (it wipes the state). The writer never closes or syncs fd. */
struct sealed_writer {
    int fd;
    crypto_secretstream_xchacha20poly1305_state st;
    unsigned char ad[SEALED_PREAMBLE];
    unsigned char *plain; /* SEALED_CHUNK bytes, n of them used */
    size_t n;
    unsigned char *cipher; /* 4 + SEALED_CHUNK + ABYTES */
};
int sealed_writer_init(struct sealed_writer *w, int fd, const unsigned char key[SEALED_KEY_BYTES],
                       struct err *e);
int sealed_writer_add(struct sealed_writer *w, const void *data, size_t n, struct err *e);
int sealed_writer_finish(struct sealed_writer *w, struct err *e);
void sealed_writer_release(struct sealed_writer *w);

/* Read the sealed file on in_fd (named name in messages) and write its plain
 * text to out_fd. ERR_INPUT, naming the file, when it is not a sealed file,
 * was sealed with another key, is cut short, was changed or damaged (with the
 * byte offset), or has bytes after its end. Plain text from chunks that
 * passed may already be on out_fd when it fails: write to a temporary file
 * and throw it away on failure. */
int sealed_unseal(int in_fd, int out_fd, const unsigned char key[SEALED_KEY_BYTES],
                  const char *name, struct err *e);

#endif
