#include "model/register/carername.h"

#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"

/* Titles as MISs write them (without a full stop). */
static const char *const titles[] = {
    "Mr",  "Mrs",  "Ms",   "Miss", "Mx", "Dr", "Prof", "Professor", "Rev",    "Revd",   "Reverend",
    "Sir", "Dame", "Lady", "Lord", "Fr", "Sr", "Imam", "Rabbi",     "Sheikh", "Master", NULL,
};

/* Lower-case particles that belong to the surname that follows them. */
static const char *const particles[] = {
    "van", "von", "de", "der", "den", "da",   "das", "dos", "del", "della", "di", "du",
    "la",  "le",  "al", "el",  "bin", "bint", "ibn", "ter", "ten", "st",    NULL,
};

static bool word_in(const char *w, size_t n, const char *const *list, bool ignore_case)
{
    for (int i = 0; list[i]; i++)
        if (strlen(list[i]) == n &&
            (ignore_case ? strncasecmp(list[i], w, n) == 0 : strncmp(list[i], w, n) == 0))
            return true;
    return false;
}

/* The title a word is ("Mrs", "Mrs.", "(Mrs)"), or NULL. */
static const char *title_of(struct arena *a, const char *w, size_t n)
{
    while (n && (*w == '(' || *w == '[')) {
        w++;
        n--;
    }
    while (n && strchr(").]", w[n - 1]))
        n--;
    if (!n || !word_in(w, n, titles, true))
        return NULL;
    for (int i = 0; titles[i]; i++)
        if (strlen(titles[i]) == n && strncasecmp(titles[i], w, n) == 0)
            return arena_strdup(a, titles[i]);
    return NULL;
}

struct words {
    const char *w[32];
    size_t n[32];
    size_t count;
};

static void split_words(const char *s, size_t len, struct words *ws)
{
    ws->count = 0;
    size_t i = 0;
    while (i < len && ws->count < 32) {
        while (i < len && isspace((unsigned char)s[i]))
            i++;
        size_t j = i;
        while (j < len && !isspace((unsigned char)s[j]))
            j++;
        if (j > i) {
            ws->w[ws->count] = s + i;
            ws->n[ws->count++] = j - i;
        }
        i = j;
    }
}

static const char *join_words(struct arena *a, const struct words *ws, size_t from, size_t to)
{
    if (from >= to)
        return NULL;
    const char *start = ws->w[from], *end = ws->w[to - 1] + ws->n[to - 1];
    return arena_strndup(a, start, (size_t)(end - start));
}

void carer_split_name(struct arena *a, const char *name, const char **title, const char **forename,
                      const char **surname)
{
    *title = *forename = *surname = NULL;
    if (!name)
        return;
    struct words ws;
    const char *comma = strchr(name, ',');
    if (comma) {
        /* "Khan, Amina (Mrs)" or "Khan, Mrs Amina" */
        split_words(name, (size_t)(comma - name), &ws);
        *surname = join_words(a, &ws, 0, ws.count);
        split_words(comma + 1, strlen(comma + 1), &ws);
        size_t from = 0, to = ws.count;
        if (to && (*title = title_of(a, ws.w[0], ws.n[0])))
            from = 1;
        else if (to && (*title = title_of(a, ws.w[to - 1], ws.n[to - 1])))
            to--;
        *forename = join_words(a, &ws, from, to);
        if (!*surname) {
            *surname = *forename;
            *forename = NULL;
        }
        return;
    }
    split_words(name, strlen(name), &ws);
    size_t from = 0, to = ws.count;
    if (to > 1 && (*title = title_of(a, ws.w[0], ws.n[0])))
        from = 1;
    if (to <= from)
        return;
    if (to - from == 1) {
        *surname = join_words(a, &ws, from, to);
        return;
    }
    /* The surname is the last word, with any particles before it. */
    size_t s = to - 1;
    while (s > from + 1 && word_in(ws.w[s - 1], ws.n[s - 1], particles, false))
        s--;
    *forename = join_words(a, &ws, from, s);
    *surname = join_words(a, &ws, s, to);
}
