/* problems.h - a list of validation problems, each tied to a place: a line
 * and column of a file, or a field of a form. Validators append to it rather
 * than stopping at the first problem, so people see everything at once.
 * Memory comes from the arena given to problems_init().
 */
#ifndef MESO_PROBLEMS_H
#define MESO_PROBLEMS_H

#include <stddef.h>
#include <stdio.h>

struct arena;

struct problem {
    long line;         /* 0 when not from a file */
    const char *field; /* a column header or form field name */
    const char *msg;
    size_t order; /* the order it was found in (for stable sorting) */
};

struct problems {
    struct arena *arena;
    struct problem *items;
    size_t n, cap;
    long line; /* the line that new problems are recorded against */
    int nomem; /* set when a problem could not be recorded */
};

void problems_init(struct problems *p, struct arena *a);
/* Record a problem for field at the current line. */
void problems_add(struct problems *p, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The first message recorded for field, or NULL (also when p is NULL). */
const char *problems_for(const struct problems *p, const char *field);
/* Sort by line, keeping the order found within a line. */
void problems_sort(struct problems *p);
/* Write each as "file:LINE: FIELD: message" (or "FIELD: message" when there
 * is no file), one per line. */
void problems_print(const struct problems *p, const char *file, FILE *out);

#endif
