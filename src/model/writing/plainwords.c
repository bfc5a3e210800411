#include "model/writing/plainwords.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "db/db.h"

/* A byte that is part of a word: ASCII letters and digits, and any byte of
 * a UTF-8 sequence (so "café" is one word). */
static bool word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

struct found {
    size_t at, len;
    struct plain_hint hint;
};

/* Where term first occurs in text as a whole word (or with a plural "s"),
 * or SIZE_MAX; *len gets the length as written. */
static size_t find_term(const char *text, const struct plain_word *w, size_t *len)
{
    size_t tl = strlen(w->term);
    if (!tl)
        return SIZE_MAX;
    for (const char *p = text; *p; p++) {
        if (p > text && word_byte((unsigned char)p[-1]))
            continue;
        if (w->match_case ? strncmp(p, w->term, tl) != 0 : strncasecmp(p, w->term, tl) != 0)
            continue;
        size_t l = tl;
        if (p[l] == 's' && !word_byte((unsigned char)p[l + 1]))
            l++;
        if (word_byte((unsigned char)p[l]))
            continue;
        *len = l;
        return (size_t)(p - text);
    }
    return SIZE_MAX;
}

/* Capitals that look like initials: 2 to 6 capital letters and digits, at
 * least two capitals, perhaps with a plural "s". *core_len excludes the "s". */
static bool looks_like_initials(const char *w, size_t len, size_t *core_len)
{
    if (len > 1 && w[len - 1] == 's')
        len--;
    if (len < 2 || len > 6)
        return false;
    int caps = 0;
    for (size_t i = 0; i < len; i++) {
        if (w[i] >= 'A' && w[i] <= 'Z')
            caps++;
        else if (!(w[i] >= '0' && w[i] <= '9'))
            return false;
    }
    *core_len = len;
    return caps >= 2;
}

static bool in_list(const char *w, size_t len, const struct plain_word *words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(words[i].term) == len && !strncmp(words[i].term, w, len))
            return true;
    return false;
}

/* Initials already pointed at, or inside a listed term's match ("EHC" of
 * "EHC plan"). */
static bool already(const struct found *fs, size_t n, size_t at, const char *s, size_t len)
{
    for (size_t i = 0; i < n; i++) {
        if (fs[i].hint.kind == PLAIN_JARGON && at >= fs[i].at && at < fs[i].at + fs[i].len)
            return true;
        if (fs[i].hint.kind == PLAIN_INITIALS && strlen(fs[i].hint.found) == len &&
            !strncmp(fs[i].hint.found, s, len))
            return true;
    }
    return false;
}

static int by_position(const void *x, const void *y)
{
    size_t a = ((const struct found *)x)->at, b = ((const struct found *)y)->at;
    return a < b ? -1 : a > b;
}

static void words_and_initials(struct arena *a, const char *text, const struct plain_word *words,
                               size_t n_words, struct found **fs, size_t *n, size_t *cap)
{
    for (size_t i = 0; i < n_words; i++) {
        size_t len = 0, at;
        if (!words[i].plain || (at = find_term(text, &words[i], &len)) == SIZE_MAX)
            continue;
        struct found *f = arena_push(a, fs, n, cap, sizeof *f);
        if (!f)
            return;
        f->at = at;
        f->len = len;
        f->hint = (struct plain_hint){ .kind = PLAIN_JARGON,
                                       .found = arena_strndup(a, text + at, len),
                                       .plain = words[i].plain };
    }
    for (const char *p = text; *p;) {
        if (!word_byte((unsigned char)*p)) {
            p++;
            continue;
        }
        const char *s = p;
        while (word_byte((unsigned char)*p))
            p++;
        size_t core;
        if (!looks_like_initials(s, (size_t)(p - s), &core) || in_list(s, core, words, n_words) ||
            already(*fs, *n, (size_t)(s - text), s, core))
            continue;
        struct found *f = arena_push(a, fs, n, cap, sizeof *f);
        if (!f)
            return;
        f->at = (size_t)(s - text);
        f->hint = (struct plain_hint){ .kind = PLAIN_INITIALS, .found = arena_strndup(a, s, core) };
    }
}

/* The end of the sentence starting at p: just after ". ", "!", "?" or at a
 * line break or the end. */
static const char *sentence_end(const char *p)
{
    for (; *p; p++) {
        if (*p == '\n')
            return p;
        if ((*p == '.' || *p == '!' || *p == '?') &&
            (p[1] == '\0' || p[1] == ' ' || p[1] == '\n' || p[1] == '\t' || p[1] == '\r'))
            return p + 1;
    }
    return p;
}

static void long_sentences(struct arena *a, const char *text, struct found **fs, size_t *n,
                           size_t *cap)
{
    for (const char *p = text; *p;) {
        const char *end = sentence_end(p);
        int nw = 0;
        const char *cut = NULL; /* the end of the eighth word */
        for (const char *q = p; q < end;) {
            while (q < end && !word_byte((unsigned char)*q))
                q++;
            if (q >= end)
                break;
            nw++;
            while (q < end && (word_byte((unsigned char)*q) || *q == '\'' || *q == '-'))
                q++;
            if (nw == 8)
                cut = q;
        }
        if (nw > PLAIN_LONG_WORDS) {
            while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
                p++;
            struct found *f = arena_push(a, fs, n, cap, sizeof *f);
            if (!f)
                return;
            f->at = SIZE_MAX; /* after every word */
            f->hint = (struct plain_hint){
                .kind = PLAIN_LONG,
                .found = arena_sprintf(a, "%.*s ...", (int)(cut - p), p),
                .words = nw,
            };
        }
        p = *end ? end + 1 : end;
    }
}

size_t plainwords_check(struct arena *a, const char *text, const struct plain_word *words,
                        size_t n_words, struct plain_hint **out)
{
    *out = NULL;
    if (!text || !*text)
        return 0;
    struct found *fs = NULL;
    size_t n = 0, cap = 0;
    words_and_initials(a, text, words, n_words, &fs, &n, &cap);
    if (n > 1)
        qsort(fs, n, sizeof *fs, by_position); /* long sentences come after, in order */
    long_sentences(a, text, &fs, &n, &cap);
    if (!n)
        return 0;
    struct plain_hint *hs = arena_array(a, n, sizeof *hs);
    if (!hs)
        return 0;
    for (size_t i = 0; i < n; i++)
        hs[i] = fs[i].hint;
    *out = hs;
    return n;
}

const char *plainwords_advice(struct arena *a, const struct plain_hint *h)
{
    switch (h->kind) {
    case PLAIN_JARGON:
        return arena_sprintf(a, "\"%s\": a family may not know this. You could say \"%s\".",
                             h->found, h->plain);
    case PLAIN_INITIALS:
        return arena_sprintf(a, "\"%s\": say what these letters stand for, or use plain words.",
                             h->found);
    case PLAIN_LONG:
        return arena_sprintf(a, "A sentence of %d words (\"%s\"): try two or three shorter ones.",
                             h->words, h->found);
    }
    return "";
}

int plainwords_load(struct db *db, struct arena *a, struct plain_word **out, size_t *n,
                    struct err *e)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st, "SELECT term, plain, match_case FROM plain_word ORDER BY term", e);
    if (rc)
        return rc;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct plain_word *w = arena_push(a, out, n, &cap, sizeof *w);
        if (!w) {
            rc = err_set(e, ERR_NOMEM, "out of memory reading the plain words");
            break;
        }
        w->term = arena_strdup(a, db_col_text(st, 0));
        w->plain = arena_strdup(a, db_col_text(st, 1));
        w->match_case = db_col_int(st, 2) != 0;
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}
