#include "model/register/importseen.h"

#include <string.h>

#include "core/err.h"
#include "core/mem.h"

void importseen_init(struct importseen *s, bool with_details)
{
    memset(s, 0, sizeof *s);
    s->with_details = with_details;
}

void importseen_release(struct importseen *s)
{
    mem_free(s->keys);
    mem_free(s->lines);
    mem_free(s->details);
    importseen_init(s, s->with_details);
}

/* A 64-bit mix (splitmix64's finaliser), so packed UPNs spread over slots. */
static uint64_t mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static size_t slot_of(const struct importseen *s, uint64_t key)
{
    size_t i = (size_t)mix(key) & (s->cap - 1);
    while (s->keys[i] && s->keys[i] != key)
        i = (i + 1) & (s->cap - 1);
    return i;
}

static int grow(struct importseen *s)
{
    size_t cap = s->cap ? s->cap * 2 : 1024;
    struct importseen t = { .with_details = s->with_details, .cap = cap, .n = s->n };
    t.keys = mem_calloc(cap, sizeof *t.keys);
    t.lines = mem_calloc(cap, sizeof *t.lines);
    t.details = s->with_details ? mem_calloc(cap, sizeof *t.details) : NULL;
    if (!t.keys || !t.lines || (s->with_details && !t.details)) {
        importseen_release(&t);
        return ERR_NOMEM;
    }
    for (size_t i = 0; i < s->cap; i++) {
        if (!s->keys[i])
            continue;
        size_t j = slot_of(&t, s->keys[i]);
        t.keys[j] = s->keys[i];
        t.lines[j] = s->lines[i];
        if (t.details)
            t.details[j] = s->details[i];
    }
    importseen_release(s);
    *s = t;
    return 0;
}

int importseen_add(struct importseen *s, uint64_t key, long line, uint64_t details,
                   long *first_line, uint64_t *first_details)
{
    if (!key)
        key = 1; /* 0 marks an empty slot */
    if ((s->n + 1) * 4 > s->cap * 3 && grow(s))
        return ERR_NOMEM;
    size_t i = slot_of(s, key);
    if (s->keys[i]) {
        if (first_line)
            *first_line = s->lines[i];
        if (first_details)
            *first_details = s->details ? s->details[i] : 0;
        return 0;
    }
    s->keys[i] = key;
    s->lines[i] = line > (long)UINT32_MAX ? UINT32_MAX : (uint32_t)line;
    if (s->details)
        s->details[i] = details;
    s->n++;
    return 1;
}

/* FNV-1a over the bytes, then mixed; a NUL separates the strings. */
static uint64_t hash_into(uint64_t h, const char *p)
{
    for (; p && *p; p++)
        h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
    return (h ^ 0xff) * 0x100000001b3ULL;
}

uint64_t importseen_hash_all(const char *const *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++)
        h = hash_into(h, s[i]);
    return mix(h) | (1ULL << 63);
}

uint64_t importseen_hash(const char *a, const char *b)
{
    const char *s[2] = { a, b };
    return importseen_hash_all(s, b ? 2 : 1);
}

uint64_t importseen_upn_key(const char *upn)
{
    /* A letter, 11 digits, then a digit or a letter: 5 + 37 (< 10^11 <
     * 2^37) + 6 bits, exact, with the top bit clear (hashes set it). */
    if (strlen(upn) != 13 || upn[0] < 'A' || upn[0] > 'Z')
        return importseen_hash(upn, NULL);
    uint64_t digits = 0;
    for (int i = 1; i < 12; i++) {
        if (upn[i] < '0' || upn[i] > '9')
            return importseen_hash(upn, NULL);
        digits = digits * 10 + (uint64_t)(upn[i] - '0');
    }
    char c = upn[12];
    uint64_t last;
    if (c >= '0' && c <= '9')
        last = (uint64_t)(c - '0');
    else if (c >= 'A' && c <= 'Z')
        last = 10 + (uint64_t)(c - 'A');
    else
        return importseen_hash(upn, NULL);
    return ((uint64_t)(upn[0] - 'A' + 1) << 43 | digits << 6 | last) + 1;
}
