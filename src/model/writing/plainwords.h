/* plainwords.h - plain writing, helped and never enforced (issue 18, part
 * 2): what a parent may not understand in a text staff are about to share.
 *
 * Three kinds of hint:
 *   PLAIN_JARGON    a word or set of initials from the list kept as data
 *                   (table plain_word, seeded by migration 0016), with its
 *                   plain alternative ("TA" -> "teaching assistant");
 *   PLAIN_INITIALS  capitals that look like initials (2 to 6 of them, as
 *                   "OFSTED" or "PSHE") but are not in the list: say what
 *                   they stand for. Initials the list marks as familiar (a
 *                   NULL plain: "PE", "GP") are never pointed at;
 *   PLAIN_LONG      a sentence of more than PLAIN_LONG_WORDS words.
 *
 * Words without match_case match whatever their case ("Dysregulated");
 * initials (match_case) only as written, so "TA" is pointed at and "ta" is
 * not. A term matches as a whole word, or with a plural "s" ("TAs"). Each
 * term is pointed at once per text, at its first use.
 *
 * plainwords_check() is pure (unit tested on planted sentences:
 * tests/unit/test_plainwords.c); plainwords_load() reads the list. Nothing
 * here refuses anything: the pages show the hints beside the text and the
 * member of staff decides.
 */
#ifndef MESO_PLAINWORDS_H
#define MESO_PLAINWORDS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

struct arena;
struct db;

#define PLAIN_LONG_WORDS 25 /* a sentence longer than this is pointed at */

struct plain_word {
    const char *term;  /* "SEMH", "dysregulated", "EHC plan" */
    const char *plain; /* the plain alternative; NULL: familiar, never pointed at */
    bool match_case;
};

enum plain_kind { PLAIN_JARGON, PLAIN_INITIALS, PLAIN_LONG };

struct plain_hint {
    enum plain_kind kind;
    const char *found; /* the word as written; for a long sentence its first words and "..." */
    const char *plain; /* the alternative (PLAIN_JARGON), else NULL */
    int words;         /* PLAIN_LONG: the sentence's length in words */
};

/* The hints for text (NULL or blank: none), in the order they occur in the
 * text, long sentences after words. Everything lives in a. Returns how many
 * (the array in *out), or 0 with *out NULL. */
size_t plainwords_check(struct arena *a, const char *text, const struct plain_word *words,
                        size_t n_words, struct plain_hint **out);

/* The same hint as one plain sentence for staff ("\"TA\": a family may not
 * know this. You could say \"teaching assistant\"."). */
const char *plainwords_advice(struct arena *a, const struct plain_hint *h);

/* The list, ordered by term, into a. Not audited: it holds no one's data.
 * 0 or a storage error. */
int plainwords_load(struct db *db, struct arena *a, struct plain_word **out, size_t *n,
                    struct err *e);

#endif
