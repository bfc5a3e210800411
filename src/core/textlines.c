#include "core/textlines.h"

#include <string.h>

void text_lines_init(struct text_lines *t, const char *text, size_t len)
{
    *t = (struct text_lines){ .text = text, .len = text ? len : 0 };
    if (t->len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        t->pos = 3; /* a UTF-8 byte order mark */
}

bool text_lines_next(struct text_lines *t, const char **s, size_t *n)
{
    if (t->pos >= t->len)
        return false;
    t->line++;
    const char *p = t->text + t->pos;
    const char *nl = memchr(p, '\n', t->len - t->pos);
    size_t k = nl ? (size_t)(nl - p) : t->len - t->pos;
    t->pos += k + (nl ? 1 : 0);
    if (k && p[k - 1] == '\r')
        k--;
    *s = p;
    *n = k;
    return true;
}

static bool blank(char c)
{
    return c == ' ' || c == '\t';
}

void text_trim(const char **s, size_t *n)
{
    while (*n && blank(**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n && blank((*s)[*n - 1]))
        (*n)--;
}
