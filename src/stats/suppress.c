#include "stats/suppress.h"

bool suppress_small(long n)
{
    return n > 0 && n < SUPPRESS_BELOW;
}

/* In the line of cells at first, first + step, ... (n of them): when exactly
 * one is suppressed, suppress the smallest other, non-zero if there is one.
 * True when it suppressed one. */
static bool complete_line(const long *counts, bool *out, size_t first, size_t step, size_t n)
{
    size_t marked = 0, best = (size_t)-1;
    for (size_t i = 0; i < n; i++)
        marked += out[first + i * step];
    if (marked != 1)
        return false;
    for (size_t i = 0; i < n; i++) {
        size_t k = first + i * step;
        if (out[k])
            continue;
        if (best == (size_t)-1) {
            best = k;
            continue;
        }
        bool zero_k = counts[k] == 0, zero_best = counts[best] == 0;
        if ((zero_best && !zero_k) || (zero_best == zero_k && counts[k] < counts[best]))
            best = k;
    }
    if (best == (size_t)-1)
        return false; /* a line of one cell: its total is the cell, suppressed by the caller */
    out[best] = true;
    return true;
}

size_t suppress_table(const long *counts, size_t rows, size_t cols, bool row_totals,
                      bool col_totals, bool *out)
{
    for (size_t i = 0; i < rows * cols; i++)
        out[i] = suppress_small(counts[i]);
    bool changed = true;
    while (changed) {
        changed = false;
        for (size_t r = 0; row_totals && r < rows; r++)
            changed |= complete_line(counts, out, r * cols, 1, cols);
        for (size_t c = 0; col_totals && c < cols; c++)
            changed |= complete_line(counts, out, c, cols, rows);
    }
    size_t n = 0;
    for (size_t i = 0; i < rows * cols; i++)
        n += out[i];
    return n;
}
