#include "pages/words.h"

#include <string.h>

#include "core/arena.h"
#include "core/buf.h"

const char *words_fill(struct arena *a, const char *tmpl, const char *value)
{
    if (!tmpl)
        return "";
    struct buf b;
    buf_init(&b, 64 * 1024);
    for (const char *p = tmpl; *p;) {
        const char *at = strstr(p, "{}");
        if (!at) {
            buf_add(&b, p, strlen(p));
            break;
        }
        buf_add(&b, p, (size_t)(at - p));
        if (value)
            buf_add(&b, value, strlen(value));
        p = at + 2;
    }
    const char *s = arena_strdup(a, buf_str(&b));
    buf_release(&b);
    return s ? s : "";
}
