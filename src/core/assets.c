#include "core/assets.h"

#include <string.h>

#include "core/str.h"

static const struct {
    const char *ext;
    const char *type;
} types[] = {
    { "css", "text/css; charset=utf-8" },
    { "js", "text/javascript; charset=utf-8" },
    { "mjs", "text/javascript; charset=utf-8" },
    { "svg", "image/svg+xml" },
    { "png", "image/png" },
    { "ico", "image/x-icon" },
    { "woff2", "font/woff2" },
    { "woff", "font/woff" },
    { "json", "application/json" },
    { "map", "application/json" },
    { "webmanifest", "application/manifest+json" },
    { "txt", "text/plain; charset=utf-8" },
};

const char *assets_content_type(const char *name)
{
    const char *dot = name ? strrchr(name, '.') : NULL;
    /* "a/b.c/file" has no extension: the last dot must follow the last slash. */
    if (dot && !strchr(dot, '/')) {
        for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
            if (str_ieq(dot + 1, types[i].ext))
                return types[i].type;
    }
    return "application/octet-stream";
}
