/* words.h - filling a value into a sentence kept whole, for the words a
 * page keeps in one place (so a translator sees the sentence, not pieces):
 * "{}" in the template stands for the value. Not a printf format, so a
 * template can come from a table (or a catalogue) without a format-string
 * risk; the result is text, escaped by the writer like any other. */
#ifndef MESO_PAGES_WORDS_H
#define MESO_PAGES_WORDS_H

struct arena;

/* tmpl with each "{}" replaced by value (NULL: ""), in a. */
const char *words_fill(struct arena *a, const char *tmpl, const char *value);

#endif
