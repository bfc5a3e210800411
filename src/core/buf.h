/* buf.h - a growable byte buffer with a mandatory maximum size (after curl's
 * dynbuf). The contents are always NUL-terminated, so b->data can be used as a
 * C string when no NULs were added.
 *
 * Lifecycle: buf_init() then any adds, then buf_release() (frees) or
 * buf_detach() (hands the memory to the caller, who frees it with free()).
 */
#ifndef MESO_BUF_H
#define MESO_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
    char *data; /* NULL until the first add */
    size_t len; /* bytes used, excluding the terminating NUL */
    size_t cap; /* bytes allocated */
    size_t max; /* the most len may ever become */
};

void buf_init(struct buf *b, size_t max);
void buf_release(struct buf *b);
/* Forget the contents but keep the memory. */
void buf_reset(struct buf *b);
/* Return the data (never NULL: an empty buffer gives an allocated "") and
 * leave b empty and initialised. Returns NULL only on allocation failure. */
char *buf_detach(struct buf *b, size_t *len);

/* Each add returns 0, or ERR_LIMIT when the result would exceed max, or
 * ERR_NOMEM. On failure the buffer is unchanged. */
int buf_add(struct buf *b, const void *p, size_t n);
int buf_adds(struct buf *b, const char *s);
int buf_addc(struct buf *b, char c);
int buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vaddf(struct buf *b, const char *fmt, va_list ap);

/* The contents as a C string ("" when empty). */
const char *buf_str(const struct buf *b);

#endif
