/* sealed.c - sealed files (sealed.h): secretstream chunks after a preamble. */
#include "io/sealed.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/mem.h"

#define ABYTES     crypto_secretstream_xchacha20poly1305_ABYTES
#define HEADBYTES  crypto_secretstream_xchacha20poly1305_HEADERBYTES
#define MAX_CIPHER (SEALED_CHUNK + ABYTES)
#define KEY_PREFIX "meso-backup-key-1 "

static const unsigned char magic[8] = { 'M', 'E', 'S', 'O', 'S', 'E', 'A', 'L' };

static void fingerprint(const unsigned char key[SEALED_KEY_BYTES], unsigned char fp[8])
{
    static const char label[] = "meso sealed-file key fingerprint";
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, 8);
    crypto_generichash_update(&st, (const unsigned char *)label, sizeof label - 1);
    crypto_generichash_update(&st, key, SEALED_KEY_BYTES);
    crypto_generichash_final(&st, fp, 8);
}

static int write_all(int fd, const void *p, size_t n, struct err *e)
{
    const unsigned char *c = p;
    while (n > 0) {
        ssize_t w = write(fd, c, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return err_set(e, ERR_STORAGE, "cannot write: %s", strerror(errno));
        c += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Read up to n bytes, stopping early only at the end of the file. */
static ssize_t read_full(int fd, void *p, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, (unsigned char *)p + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

int sealed_key_new(const char *path, struct err *e)
{
    unsigned char key[SEALED_KEY_BYTES];
    char line[sizeof KEY_PREFIX + 2 * SEALED_KEY_BYTES + 2];
    crypto_secretstream_xchacha20poly1305_keygen(key);
    memcpy(line, KEY_PREFIX, sizeof KEY_PREFIX - 1);
    sodium_bin2hex(line + sizeof KEY_PREFIX - 1, 2 * SEALED_KEY_BYTES + 1, key, sizeof key);
    size_t len = strlen(line);
    line[len++] = '\n';
    sodium_memzero(key, sizeof key);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        sodium_memzero(line, sizeof line);
        if (errno == EEXIST)
            return err_set(e, ERR_CONFLICT, "%s exists already; a key is never written over", path);
        return err_set(e, ERR_STORAGE, "cannot make %s: %s", path, strerror(errno));
    }
    int rc = write_all(fd, line, len, e);
    sodium_memzero(line, sizeof line);
    if (rc == 0 && fsync(fd) != 0)
        rc = err_set(e, ERR_STORAGE, "cannot write %s: %s", path, strerror(errno));
    close(fd);
    if (rc) {
        unlink(path);
        return err_wrap(e, "%s", path);
    }
    return 0;
}

int sealed_key_load(const char *path, unsigned char key[SEALED_KEY_BYTES], struct err *e)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return err_set(e, ERR_STORAGE, "cannot read the key file %s: %s", path, strerror(errno));
    struct stat sb;
    char text[256];
    ssize_t n = fstat(fd, &sb) == 0 ? read_full(fd, text, sizeof text - 1) : -1;
    close(fd);
    if (n < 0)
        return err_set(e, ERR_STORAGE, "cannot read the key file %s", path);
    text[n] = '\0';
    int rc = 0;
    size_t hex_len = 0;
    const char *end = NULL;
    if (sb.st_mode & 077)
        rc = err_set(e, ERR_INPUT,
                     "the key file %s can be read by others; make it private first (chmod 600 %s)",
                     path, path);
    else if (strncmp(text, KEY_PREFIX, sizeof KEY_PREFIX - 1) != 0 ||
             sodium_hex2bin(key, SEALED_KEY_BYTES, text + sizeof KEY_PREFIX - 1,
                            strlen(text + sizeof KEY_PREFIX - 1), NULL, &hex_len, &end) != 0 ||
             hex_len != SEALED_KEY_BYTES || (*end != '\n' && *end != '\0'))
        rc = err_set(e, ERR_INPUT,
                     "%s is not a meso backup key (make one with `meso backup --new-key FILE`)",
                     path);
    sodium_memzero(text, sizeof text);
    if (rc)
        sodium_memzero(key, SEALED_KEY_BYTES);
    return rc;
}

bool sealed_is_sealed(const void *head, size_t n)
{
    return n >= sizeof magic && memcmp(head, magic, sizeof magic) == 0;
}

int sealed_writer_init(struct sealed_writer *w, int fd, const unsigned char key[SEALED_KEY_BYTES],
                       struct err *e)
{
    memset(w, 0, sizeof *w);
    w->fd = fd;
    w->plain = mem_malloc(SEALED_CHUNK);
    w->cipher = mem_malloc(4 + MAX_CIPHER);
    if (!w->plain || !w->cipher)
        return err_set(e, ERR_NOMEM, "out of memory");
    memcpy(w->ad, magic, sizeof magic);
    w->ad[8] = 1; /* the format's version */
    fingerprint(key, w->ad + 16);
    unsigned char head[HEADBYTES];
    crypto_secretstream_xchacha20poly1305_init_push(&w->st, head, key);
    int rc = write_all(fd, w->ad, sizeof w->ad, e);
    if (rc == 0)
        rc = write_all(fd, head, sizeof head, e);
    return rc;
}

static int put_chunk(struct sealed_writer *w, unsigned char tag, struct err *e)
{
    unsigned long long clen = 0;
    crypto_secretstream_xchacha20poly1305_push(&w->st, w->cipher + 4, &clen, w->plain, w->n, w->ad,
                                               sizeof w->ad, tag);
    w->cipher[0] = (unsigned char)(clen >> 24);
    w->cipher[1] = (unsigned char)(clen >> 16);
    w->cipher[2] = (unsigned char)(clen >> 8);
    w->cipher[3] = (unsigned char)clen;
    w->n = 0;
    return write_all(w->fd, w->cipher, 4 + (size_t)clen, e);
}

int sealed_writer_add(struct sealed_writer *w, const void *data, size_t n, struct err *e)
{
    const unsigned char *p = data;
    while (n > 0) {
        if (w->n == SEALED_CHUNK) {
            int rc = put_chunk(w, 0, e);
            if (rc)
                return rc;
        }
        size_t take = SEALED_CHUNK - w->n < n ? SEALED_CHUNK - w->n : n;
        memcpy(w->plain + w->n, p, take);
        w->n += take;
        p += take;
        n -= take;
    }
    return 0;
}

int sealed_writer_finish(struct sealed_writer *w, struct err *e)
{
    return put_chunk(w, crypto_secretstream_xchacha20poly1305_TAG_FINAL, e);
}

void sealed_writer_release(struct sealed_writer *w)
{
    if (w->plain)
        sodium_memzero(w->plain, SEALED_CHUNK);
    mem_free(w->plain);
    mem_free(w->cipher);
    sodium_memzero(&w->st, sizeof w->st);
    w->plain = w->cipher = NULL;
}

/* The preamble and header: is it ours, and is the key the one it was sealed
 * with? */
static int unseal_start(int in, crypto_secretstream_xchacha20poly1305_state *st,
                        unsigned char ad[SEALED_PREAMBLE],
                        const unsigned char key[SEALED_KEY_BYTES], const char *name, struct err *e)
{
    unsigned char head[HEADBYTES], fp[8];
    ssize_t n = read_full(in, ad, SEALED_PREAMBLE);
    if (n < 0)
        return err_set(e, ERR_STORAGE, "cannot read %s: %s", name, strerror(errno));
    if (!sealed_is_sealed(ad, (size_t)n))
        return err_set(e, ERR_INPUT, "%s is not an encrypted meso backup", name);
    if (n < SEALED_PREAMBLE || read_full(in, head, sizeof head) != (ssize_t)sizeof head)
        return err_set(e, ERR_INPUT, "%s is cut short: it ends before its first part", name);
    if (ad[8] != 1)
        return err_set(e, ERR_INPUT,
                       "%s was encrypted by a newer meso (format %d); upgrade meso to restore it",
                       name, ad[8]);
    fingerprint(key, fp);
    if (sodium_memcmp(fp, ad + 16, sizeof fp) != 0)
        return err_set(e, ERR_INPUT,
                       "%s was encrypted with a different key; give the key file it was made "
                       "with",
                       name);
    if (crypto_secretstream_xchacha20poly1305_init_pull(st, head, key) != 0)
        return err_set(e, ERR_INPUT, "%s is damaged: its header is not valid", name);
    return 0;
}

/* The next chunk's length: 0 with *len set, 1 at a clean end of file, or an
 * error. */
static int next_length(int in, size_t *len, long long at, const char *name, struct err *e)
{
    unsigned char b[4];
    ssize_t n = read_full(in, b, sizeof b);
    if (n < 0)
        return err_set(e, ERR_STORAGE, "cannot read %s: %s", name, strerror(errno));
    if (n == 0)
        return 1;
    if (n < 4)
        return err_set(e, ERR_INPUT, "%s is cut short at byte %lld", name, at + n);
    *len = (size_t)b[0] << 24 | (size_t)b[1] << 16 | (size_t)b[2] << 8 | b[3];
    if (*len < ABYTES || *len > MAX_CIPHER)
        return err_set(e, ERR_INPUT, "%s is damaged or was changed at byte %lld", name, at);
    return 0;
}

int sealed_unseal(int in, int out, const unsigned char key[SEALED_KEY_BYTES], const char *name,
                  struct err *e)
{
    crypto_secretstream_xchacha20poly1305_state st;
    unsigned char ad[SEALED_PREAMBLE];
    unsigned char *cipher = mem_malloc(MAX_CIPHER), *plain = mem_malloc(SEALED_CHUNK);
    int rc = cipher && plain ? unseal_start(in, &st, ad, key, name, e)
                             : err_set(e, ERR_NOMEM, "out of memory");
    long long at = SEALED_PREAMBLE + HEADBYTES;
    bool final = false;
    while (rc == 0 && !final) {
        size_t len = 0;
        unsigned long long plen = 0;
        unsigned char tag = 0;
        int r = next_length(in, &len, at, name, e);
        if (r == 1)
            rc = err_set(e, ERR_INPUT,
                         "%s is cut short: its end is missing (a backup that did not finish, or "
                         "a copy that stopped early)",
                         name);
        else if (r < 0)
            rc = r;
        else if (read_full(in, cipher, len) != (ssize_t)len)
            rc = err_set(e, ERR_INPUT, "%s is cut short in the part at byte %lld", name, at);
        else if (crypto_secretstream_xchacha20poly1305_pull(&st, plain, &plen, &tag, cipher, len,
                                                            ad, sizeof ad) != 0)
            rc = err_set(e, ERR_INPUT,
                         "%s is damaged or was changed in the part at byte %lld; nothing in it "
                         "can be trusted",
                         name, at);
        else
            rc = write_all(out, plain, (size_t)plen, e);
        final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
        at += 4 + (long long)len;
    }
    if (rc == 0 && read_full(in, ad, 1) != 0)
        rc = err_set(e, ERR_INPUT, "%s has bytes after its end (at byte %lld); it was changed",
                     name, at);
    if (plain)
        sodium_memzero(plain, SEALED_CHUNK);
    mem_free(plain);
    mem_free(cipher);
    sodium_memzero(&st, sizeof st);
    return rc;
}
