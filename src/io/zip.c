#include "io/zip.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

static int put16(struct buf *b, uint16_t v)
{
    unsigned char c[2] = { (unsigned char)(v & 0xff), (unsigned char)(v >> 8) };
    return buf_add(b, c, 2);
}

static int put32(struct buf *b, uint32_t v)
{
    unsigned char c[4] = { (unsigned char)(v & 0xff), (unsigned char)((v >> 8) & 0xff),
                           (unsigned char)((v >> 16) & 0xff), (unsigned char)(v >> 24) };
    return buf_add(b, c, 4);
}

void zip_init(struct zipw *z, struct buf *out)
{
    memset(z, 0, sizeof *z);
    z->out = out;
    time_t now = time(NULL);
    struct tm tm;
    if (localtime_r(&now, &tm) && tm.tm_year >= 80) {
        z->dos_time = (uint16_t)((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
        z->dos_date = (uint16_t)(((tm.tm_year - 80) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday);
    } else {
        z->dos_date = (1 << 5) | 1; /* 1 January 1980 */
    }
}

/* The header fields a local header and a central entry share, from
 * "version needed" to the name's length. */
static int put_common(struct zipw *z, size_t i)
{
    struct buf *b = z->out;
    int rc = put16(b, 20);           /* version needed: 2.0 (deflate) */
    rc = rc ? rc : put16(b, 0x0800); /* flags: the name is UTF-8 */
    rc = rc ? rc : put16(b, 8);      /* method: deflate */
    rc = rc ? rc : put16(b, z->dos_time);
    rc = rc ? rc : put16(b, z->dos_date);
    rc = rc ? rc : put32(b, z->files[i].crc);
    rc = rc ? rc : put32(b, z->files[i].csize);
    rc = rc ? rc : put32(b, z->files[i].usize);
    return rc ? rc : put16(b, (uint16_t)strlen(z->files[i].name));
}

int zip_add(struct zipw *z, const char *name, const void *data, size_t len, struct err *e)
{
    size_t nlen = strlen(name);
    if (z->n_files >= ZIP_MAX_FILES || nlen == 0 || nlen >= ZIP_NAME_MAX || len > UINT32_MAX / 2 ||
        z->out->len > UINT32_MAX / 2)
        return err_set(e, ERR_LIMIT, "%s: too big for a ZIP file", name);
    uLong bound = compressBound((uLong)len);
    unsigned char *tmp = malloc(bound);
    if (!tmp)
        return err_set(e, ERR_NOMEM, "out of memory");
    z_stream s = { 0 };
    int zrc =
        deflateInit2(&s, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    if (zrc != Z_OK) {
        free(tmp);
        return err_set(e, ERR_NOMEM, "out of memory");
    }
    s.next_in = (Bytef *)(uintptr_t)data;
    s.avail_in = (uInt)len;
    s.next_out = tmp;
    s.avail_out = (uInt)bound;
    zrc = deflate(&s, Z_FINISH);
    size_t clen = s.total_out;
    deflateEnd(&s);
    if (zrc != Z_STREAM_END) {
        free(tmp);
        return err_set(e, ERR_NOMEM, "%s: could not be compressed", name);
    }
    size_t i = z->n_files;
    memcpy(z->files[i].name, name, nlen + 1);
    z->files[i].crc = (uint32_t)crc32(crc32(0L, Z_NULL, 0), (const Bytef *)data, (uInt)len);
    z->files[i].csize = (uint32_t)clen;
    z->files[i].usize = (uint32_t)len;
    z->files[i].offset = (uint32_t)z->out->len;
    int rc = put32(z->out, 0x04034b50);
    rc = rc ? rc : put_common(z, i);
    rc = rc ? rc : put16(z->out, 0); /* no extra field */
    rc = rc ? rc : buf_add(z->out, name, nlen);
    rc = rc ? rc : buf_add(z->out, tmp, clen);
    free(tmp);
    if (rc)
        return err_set(e, rc, "the ZIP file is too big");
    z->n_files++;
    return 0;
}

int zip_finish(struct zipw *z, struct err *e)
{
    struct buf *b = z->out;
    uint32_t cd_start = (uint32_t)b->len;
    int rc = 0;
    for (size_t i = 0; i < z->n_files && rc == 0; i++) {
        rc = put32(b, 0x02014b50);
        rc = rc ? rc : put16(b, (3 << 8) | 20); /* made by: Unix, 2.0 */
        rc = rc ? rc : put_common(z, i);
        rc = rc ? rc : put16(b, 0);                       /* extra */
        rc = rc ? rc : put16(b, 0);                       /* comment */
        rc = rc ? rc : put16(b, 0);                       /* disk */
        rc = rc ? rc : put16(b, 0);                       /* internal attributes */
        rc = rc ? rc : put32(b, (uint32_t)0100600 << 16); /* a file, rw------- */
        rc = rc ? rc : put32(b, z->files[i].offset);
        rc = rc ? rc : buf_add(b, z->files[i].name, strlen(z->files[i].name));
    }
    uint32_t cd_size = (uint32_t)b->len - cd_start;
    rc = rc ? rc : put32(b, 0x06054b50);
    rc = rc ? rc : put16(b, 0);
    rc = rc ? rc : put16(b, 0);
    rc = rc ? rc : put16(b, (uint16_t)z->n_files);
    rc = rc ? rc : put16(b, (uint16_t)z->n_files);
    rc = rc ? rc : put32(b, cd_size);
    rc = rc ? rc : put32(b, cd_start);
    rc = rc ? rc : put16(b, 0); /* no comment */
    return rc ? err_set(e, rc, "the ZIP file is too big") : 0;
}
