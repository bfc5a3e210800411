/* textlines.h - reading a definition file (a measure, a programme template,
 * a framework) line by line: an optional UTF-8 byte order mark is skipped,
 * lines end at LF (a CR before it is dropped), and line numbers count from
 * 1 for messages. Each format checks and parses the lines itself. */
#ifndef MESO_TEXTLINES_H
#define MESO_TEXTLINES_H

#include <stdbool.h>
#include <stddef.h>

struct text_lines {
    const char *text;
    size_t len, pos;
    int line; /* the number of the line last returned */
};

void text_lines_init(struct text_lines *t, const char *text, size_t len);

/* The next line (*s, *n: its bytes without the line end); false at the end. */
bool text_lines_next(struct text_lines *t, const char **s, size_t *n);

/* Blanks (spaces and tabs) off both ends of s[0..n). */
void text_trim(const char **s, size_t *n);

#endif
