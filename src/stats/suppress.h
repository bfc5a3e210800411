/* suppress.h - small numbers kept out of published tables (the LA view,
 * issue 16), as the Department for Education's statistical practice does:
 *
 *   primary     a count of 1 to 4 is not shown ("fewer than 5"); 0 is shown;
 *   secondary   where a total is shown, a row (or column) with exactly one
 *               suppressed cell would give that cell away by subtraction,
 *               so the next smallest cell of that row (or column) is
 *               suppressed too: a non-zero one where there is one. Repeated
 *               until no row or column has a single suppressed cell, since
 *               each new one may leave a column (or row) with one.
 *
 * Pure: no allocation, no database. */
#ifndef MESO_SUPPRESS_H
#define MESO_SUPPRESS_H

#include <stdbool.h>
#include <stddef.h>

#define SUPPRESS_BELOW 5
#define SUPPRESS_WORDS "fewer than 5"

/* True when n alone must not be shown (1 to SUPPRESS_BELOW - 1). */
bool suppress_small(long n);

/* Mark the cells of a rows x cols table of counts (row-major) that must not
 * be shown: out[r * cols + c] true. row_totals: each row's total is shown
 * (so rows get secondary suppression); col_totals likewise for columns.
 * Returns how many cells are suppressed. */
size_t suppress_table(const long *counts, size_t rows, size_t cols, bool row_totals,
                      bool col_totals, bool *out);

#endif
