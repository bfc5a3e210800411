/* Unit tests for io/sealed: sealing and unsealing round trips at the chunk
 * edges; a cut-short, changed, reordered or lengthened file and a wrong key
 * each refused with its own message; key files. */
#include "testutil.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "io/sealed.h"

static unsigned char key[SEALED_KEY_BYTES], other[SEALED_KEY_BYTES];

static int fd_new(void)
{
    int fd = memfd_create("sealed-test", 0);
    assert_true(fd >= 0);
    return fd;
}

/* The whole content of fd. */
static unsigned char *fd_bytes(int fd, size_t *n)
{
    off_t end = lseek(fd, 0, SEEK_END);
    unsigned char *b = malloc((size_t)end + 1);
    assert_int_equal(pread(fd, b, (size_t)end, 0), end);
    *n = (size_t)end;
    return b;
}

static int fd_of(const unsigned char *b, size_t n)
{
    int fd = fd_new();
    assert_int_equal(write(fd, b, n), (ssize_t)n);
    lseek(fd, 0, SEEK_SET);
    return fd;
}

static unsigned char *plain_text(size_t n)
{
    unsigned char *p = malloc(n + 1);
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)("Amelia Hartley, Year 4, SEN support. "[i % 37]);
    return p;
}

/* Seal n bytes of plain text, in pieces of step bytes. */
static unsigned char *seal(const unsigned char *p, size_t n, size_t step, size_t *out_n)
{
    struct err e;
    struct sealed_writer w;
    int fd = fd_new();
    assert_int_equal(sealed_writer_init(&w, fd, key, &e), 0);
    for (size_t at = 0; at < n; at += step)
        assert_int_equal(sealed_writer_add(&w, p + at, n - at < step ? n - at : step, &e), 0);
    assert_int_equal(sealed_writer_finish(&w, &e), 0);
    sealed_writer_release(&w);
    unsigned char *b = fd_bytes(fd, out_n);
    close(fd);
    return b;
}

/* Unseal b; the result code, the message in e, the plain text in *plain. */
static int unseal(const unsigned char *b, size_t n, const unsigned char *k, struct err *e,
                  unsigned char **plain, size_t *plain_n)
{
    int in = fd_of(b, n), out = fd_new();
    err_clear(e);
    int rc = sealed_unseal(in, out, k, "b.sealed", e);
    *plain = fd_bytes(out, plain_n);
    close(in);
    close(out);
    return rc;
}

static void expect_refused(const unsigned char *b, size_t n, const unsigned char *k,
                           const char *msg)
{
    struct err e;
    unsigned char *p;
    size_t pn;
    assert_int_equal(unseal(b, n, k, &e, &p, &pn), ERR_INPUT);
    if (!strstr(e.msg, msg))
        fail_msg("wanted \"%s\" in \"%s\"", msg, e.msg);
    assert_non_null(strstr(e.msg, "b.sealed"));
    free(p);
}

static void round_trips(void **state)
{
    size_t sizes[] = {
        0, 1, SEALED_CHUNK - 1, SEALED_CHUNK, SEALED_CHUNK + 1, 3 * SEALED_CHUNK + 5
    };
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        size_t n = sizes[i], sn, pn;
        unsigned char *p = plain_text(n), *s = seal(p, n, 1000, &sn), *back;
        struct err e;
        assert_true(sealed_is_sealed(s, sn));
        assert_int_equal(unseal(s, sn, key, &e, &back, &pn), 0);
        assert_int_equal(pn, n);
        assert_memory_equal(back, p, n);
        /* Nothing of the plain text shows in the sealed file. */
        if (n > 100)
            assert_null(memmem(s, sn, "Hartley", 7));
        free(p);
        free(s);
        free(back);
    }
}

static void cut_short(void **state)
{
    size_t n = 2 * SEALED_CHUNK + 10, sn;
    unsigned char *p = plain_text(n), *s = seal(p, n, n, &sn);
    expect_refused(s, 5, key, "not an encrypted meso backup");
    expect_refused(s, 10, key, "ends before its first part");
    expect_refused(s, 30, key, "ends before its first part");
    expect_refused(s, 48, key, "its end is missing");
    expect_refused(s, 50, key, "cut short at byte 50");
    expect_refused(s, 48 + 4 + 100, key, "cut short in the part at byte 48");
    /* Exactly after a whole chunk that is not the last. */
    size_t one = 48 + 4 + SEALED_CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES;
    expect_refused(s, one, key, "its end is missing");
    expect_refused(s, sn - 1, key, "cut short");
    free(p);
    free(s);
}

static void changed(void **state)
{
    size_t n = 2 * SEALED_CHUNK + 10, sn;
    unsigned char *p = plain_text(n), *s = seal(p, n, 4096, &sn);
    size_t one = 48 + 4 + SEALED_CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES;
    /* A byte of a chunk's ciphertext. */
    s[one + 100] ^= 1;
    expect_refused(s, sn, key, "damaged or was changed in the part at byte");
    s[one + 100] ^= 1;
    /* The secretstream header. */
    s[30] ^= 0x80;
    expect_refused(s, sn, key, "damaged or was changed in the part at byte 48");
    s[30] ^= 0x80;
    /* The preamble's spare bytes are authenticated too. */
    s[10] = 7;
    expect_refused(s, sn, key, "damaged or was changed");
    s[10] = 0;
    s[8] = 2;
    expect_refused(s, sn, key, "encrypted by a newer meso");
    s[8] = 1;
    /* A length that no chunk has. */
    unsigned char keep = s[48];
    s[48] = 0xff;
    expect_refused(s, sn, key, "damaged or was changed at byte 48");
    s[48] = keep;
    /* The first two chunks swapped. */
    unsigned char *sw = malloc(sn);
    size_t c = 4 + SEALED_CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES;
    memcpy(sw, s, 48);
    memcpy(sw + 48, s + 48 + c, c);
    memcpy(sw + 48 + c, s + 48, c);
    memcpy(sw + 48 + 2 * c, s + 48 + 2 * c, sn - 48 - 2 * c);
    expect_refused(sw, sn, key, "damaged or was changed in the part at byte 48");
    /* Bytes after the end. */
    unsigned char *more = malloc(sn + 3);
    memcpy(more, s, sn);
    memcpy(more + sn, "abc", 3);
    expect_refused(more, sn + 3, key, "bytes after its end");
    /* Another key. */
    expect_refused(s, sn, other, "a different key");
    /* Unchanged, it still opens. */
    struct err e;
    unsigned char *back;
    size_t pn;
    assert_int_equal(unseal(s, sn, key, &e, &back, &pn), 0);
    assert_int_equal(pn, n);
    free(back);
    free(sw);
    free(more);
    free(p);
    free(s);
}

static void key_files(void **state)
{
    char *dir = test_tmpdir(), path[512], bad[512];
    unsigned char k[SEALED_KEY_BYTES], k2[SEALED_KEY_BYTES];
    struct err e;
    snprintf(path, sizeof path, "%s/backup.key", dir);
    assert_int_equal(sealed_key_new(path, &e), 0);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    assert_int_equal(sealed_key_new(path, &e), ERR_CONFLICT);
    assert_int_equal(sealed_key_load(path, k, &e), 0);
    assert_int_equal(sealed_key_load(path, k2, &e), 0);
    assert_memory_equal(k, k2, sizeof k);
    /* Readable by others: refused. */
    chmod(path, 0644);
    assert_int_equal(sealed_key_load(path, k, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "chmod 600"));
    /* Not a key. */
    snprintf(bad, sizeof bad, "%s/bad.key", dir);
    FILE *f = fopen(bad, "w");
    fputs("meso-backup-key-1 0011\n", f);
    fclose(f);
    chmod(bad, 0600);
    assert_int_equal(sealed_key_load(bad, k, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "is not a meso backup key"));
    snprintf(bad, sizeof bad, "%s/none.key", dir);
    assert_int_equal(sealed_key_load(bad, k, &e), ERR_STORAGE);
    test_rmdir(dir);
}

int main(void)
{
    assert_true(sodium_init() >= 0);
    crypto_secretstream_xchacha20poly1305_keygen(key);
    crypto_secretstream_xchacha20poly1305_keygen(other);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trips),
        cmocka_unit_test(cut_short),
        cmocka_unit_test(changed),
        cmocka_unit_test(key_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
