#include "core/str.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"

static int lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

bool str_ieq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    while (*a && lower((unsigned char)*a) == lower((unsigned char)*b)) {
        a++;
        b++;
    }
    return *a == '\0' && *b == '\0';
}

bool str_starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool str_blank(const char *s)
{
    if (!s)
        return true;
    for (; *s; s++)
        if (!is_space((unsigned char)*s))
            return false;
    return true;
}

char *str_trim(char *s)
{
    size_t n = strlen(s);
    while (n && is_space((unsigned char)s[n - 1]))
        n--;
    s[n] = '\0';
    size_t i = 0;
    while (is_space((unsigned char)s[i]))
        i++;
    if (i)
        memmove(s, s + i, n - i + 1);
    return s;
}

void str_key(char *out, size_t cap, const char *in)
{
    size_t o = 0;
    for (; *in && o + 1 < cap; in++) {
        int c = (unsigned char)*in;
        if (is_space(c) || c == '_' || c == '-' || c == '.')
            continue;
        out[o++] = (char)lower(c);
    }
    out[o] = '\0';
}

int str_key_index(const char *s, const char *const *list)
{
    char key[64], want[64];
    if (!s)
        return -1;
    str_key(key, sizeof key, s);
    if (!key[0])
        return -1;
    for (int i = 0; list[i]; i++) {
        str_key(want, sizeof want, list[i]);
        if (!strcmp(key, want))
            return i;
    }
    return -1;
}

int str_to_int(const char *s, long long min, long long max, long long *out)
{
    if (!s)
        return ERR_INPUT;
    while (is_space((unsigned char)*s))
        s++;
    if (!*s)
        return ERR_INPUT;
    errno = 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s)
        return ERR_INPUT;
    while (is_space((unsigned char)*end))
        end++;
    if (*end || v < min || v > max)
        return ERR_INPUT;
    *out = v;
    return 0;
}

int str_to_double(const char *s, double *out)
{
    if (!s)
        return ERR_INPUT;
    while (is_space((unsigned char)*s))
        s++;
    if (!*s)
        return ERR_INPUT;
    errno = 0;
    char *end;
    double v = strtod(s, &end);
    if (errno || end == s)
        return ERR_INPUT;
    while (is_space((unsigned char)*end))
        end++;
    if (*end || !isfinite(v))
        return ERR_INPUT;
    *out = v;
    return 0;
}

int str_yes_no(const char *s)
{
    static const char *const yes[] = { "y", "yes", "t", "true", "1" };
    static const char *const no[] = { "n", "no", "f", "false", "0" };
    char k[16];
    if (!s)
        return -1;
    str_key(k, sizeof k, s);
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (strcmp(k, yes[i]) == 0)
            return 1;
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (strcmp(k, no[i]) == 0)
            return 0;
    return -1;
}

bool str_utf8_valid(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t len;
        unsigned cp;
        if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + len > n)
            return false;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += len;
    }
    return true;
}

size_t str_copy(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (cap) {
        size_t k = n < cap - 1 ? n : cap - 1;
        memcpy(dst, src, k);
        dst[k] = '\0';
    }
    return n;
}
