/* embed.h - files compiled into the binary by tools/embed.c at build time
 * (migrations, web assets). Each generated table ends with a zeroed entry. */
#ifndef MESO_EMBED_H
#define MESO_EMBED_H

#include <stddef.h>

struct embed_file {
    const char *name;          /* path relative to the embedded root */
    const unsigned char *data; /* NUL-terminated for convenience */
    size_t len;                /* excluding that NUL */
};

/* Find a file by name in a table; NULL when absent. */
const struct embed_file *embed_find(const struct embed_file *table, const char *name);

#endif
