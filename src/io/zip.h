/* zip.h - writing a small ZIP archive into a buffer (PKWARE's APPNOTE:
 * local headers, deflated data, the central directory). Enough for a
 * download of a few files (a subject access request's sar.pdf and
 * sar.json); no ZIP64, so each file and the archive stay under 4 GiB and
 * there are at most ZIP_MAX_FILES files. Names are UTF-8 (flag bit 11).
 *
 *   struct zipw z;
 *   zip_init(&z, &out);
 *   zip_add(&z, "sar.json", json, strlen(json), e);
 *   zip_finish(&z, e);
 */
#ifndef MESO_ZIP_H
#define MESO_ZIP_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

#define ZIP_MAX_FILES 8
#define ZIP_NAME_MAX  64

struct zipw {
    struct buf *out; /* the caller's; the archive is appended */
    struct {
        char name[ZIP_NAME_MAX];
        uint32_t crc, csize, usize, offset;
    } files[ZIP_MAX_FILES];
    size_t n_files;
    uint16_t dos_time, dos_date; /* every file's modification time: now */
};

void zip_init(struct zipw *z, struct buf *out);
/* Add one file, deflated. Returns 0, ERR_LIMIT (too many files, a name too
 * long, or over 4 GiB), ERR_NOMEM. */
int zip_add(struct zipw *z, const char *name, const void *data, size_t len, struct err *e);
/* Write the central directory: the archive is complete. */
int zip_finish(struct zipw *z, struct err *e);

#endif
