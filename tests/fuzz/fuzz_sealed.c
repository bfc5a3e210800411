/* Fuzz harness for the sealed-file reader (io/sealed.h). Any byte string read
 * as a sealed file under a fixed key gives its plain text or a clean ERR_INPUT
 * with a message, never a crash or leak. Then the input is sealed as plain
 * text: unsealed whole it comes back the same, and with any one byte changed
 * (the byte chosen by the input) or the last byte cut off it is refused. */
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/err.h"
#include "io/sealed.h"

int fuzz_one(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const unsigned char key[SEALED_KEY_BYTES] = { 1, 2, 3 };

static int fd_with(const void *p, size_t n)
{
    int fd = memfd_create("fuzz-sealed", 0);
    if (fd < 0 || (n && write(fd, p, n) != (ssize_t)n))
        __builtin_trap();
    lseek(fd, 0, SEEK_SET);
    return fd;
}

/* Unseal n bytes at p; the result code, and the plain text's length. */
static int unseal(const void *p, size_t n, int *out, struct err *e)
{
    int in = fd_with(p, n);
    *out = memfd_create("fuzz-plain", 0);
    err_clear(e);
    int rc = sealed_unseal(in, *out, key, "fuzz.sealed", e);
    close(in);
    if (rc != 0 && (rc != ERR_INPUT || e->msg[0] == '\0'))
        __builtin_trap(); /* every refusal explains itself */
    return rc;
}

int fuzz_one(const uint8_t *data, size_t size)
{
    struct err e;
    int out;
    if (sodium_init() < 0)
        __builtin_trap();
    unseal(data, size, &out, &e);
    close(out);
    /* The input as plain text, sealed. */
    int sealed = memfd_create("fuzz-seal", 0);
    struct sealed_writer w;
    if (sealed_writer_init(&w, sealed, key, &e) || sealed_writer_add(&w, data, size, &e) ||
        sealed_writer_finish(&w, &e))
        __builtin_trap();
    sealed_writer_release(&w);
    off_t n = lseek(sealed, 0, SEEK_END);
    unsigned char *s = malloc((size_t)n);
    if (!s || pread(sealed, s, (size_t)n, 0) != n)
        __builtin_trap();
    close(sealed);
    if (unseal(s, (size_t)n, &out, &e) != 0 || lseek(out, 0, SEEK_END) != (off_t)size)
        __builtin_trap();
    unsigned char *back = malloc(size + 1);
    if (!back || pread(out, back, size, 0) != (ssize_t)size || memcmp(back, data, size) != 0)
        __builtin_trap();
    close(out);
    size_t at = size >= 2 ? ((size_t)data[0] << 8 | data[1]) % (size_t)n : 0;
    s[at] ^= (unsigned char)(size ? data[size - 1] | 1 : 1);
    if (unseal(s, (size_t)n, &out, &e) == 0)
        __builtin_trap(); /* a changed byte went unnoticed */
    close(out);
    s[at] ^= (unsigned char)(size ? data[size - 1] | 1 : 1);
    if (unseal(s, (size_t)n - 1, &out, &e) == 0)
        __builtin_trap(); /* a cut-short file went unnoticed */
    close(out);
    free(back);
    free(s);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_one(data, size);
}
