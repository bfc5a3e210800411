/* formula.h - model formulas as lme4 writes them (docs/evaluation.md).
 *
 *   y ~ x1 + x2 + x1:x2 + a*b + (1 + x | g1) + (1 | g2)
 *
 * Supported: names (R identifiers, or any text in `backquotes`), `+`, `-`,
 * `:` (interaction), `*` (a*b = a + b + a:b), parentheses around sums
 * ((a + b):c), `1`/`0` and `- 1` for the intercept, and random-effects terms
 * `(expr | g)` at the top level, where g is a name, an interaction a:b or a
 * nesting a/b (= (expr | a) + (expr | a:b), named "b:a" as lme4 names it).
 * Refused with a reason: functions (log(x), I(x^2)), `.`, `||`, numbers
 * other than 0 and 1, a random term inside an interaction.
 *
 * Terms are ordered as R orders them: by the number of variables, then by
 * where they first appear; each term's variables are listed in the order the
 * variables first appear in that part of the formula (the fixed part, or the
 * left side of one bar), which is how R names interaction columns.
 *
 * Pure: everything is allocated from the caller's arena.
 */
#ifndef MESO_FORMULA_H
#define MESO_FORMULA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"

#define FORMULA_MAX_VARS  64 /* distinct names in one formula */
#define FORMULA_MAX_TERMS 64 /* terms in one part */
#define FORMULA_MAX_TEXT  4096

/* One term: a set of variables (an interaction; one variable for a main
 * effect). vars[] lists them in the part's order. */
struct formula_term {
    uint64_t bits; /* bit i = variable i of struct formula */
    size_t vars[FORMULA_MAX_VARS];
    size_t n_vars;
};

/* A part of a formula: the fixed effects, or the left side of one bar. */
struct formula_part {
    bool intercept;
    struct formula_term *terms; /* without the intercept */
    size_t n_terms;
};

/* One random-effects term (lhs | group); a nesting a/b gives two. */
struct formula_random {
    struct formula_part lhs;
    size_t group[FORMULA_MAX_VARS]; /* the grouping variables, as written */
    size_t n_group;
    const char *name; /* "g", or "b:a" for the inner level of a/b (lme4's name) */
};

struct formula {
    const char **vars; /* every name, in order of first appearance */
    size_t n_vars;
    size_t response; /* index into vars */
    struct formula_part fixed;
    struct formula_random *random;
    size_t n_random;
};

/* Parse text into f. Returns 0, or ERR_INPUT with a message that shows where
 * ("formula: at character 9: ...", then the formula and a caret under the
 * place), or ERR_NOMEM. */
int formula_parse(const char *text, struct arena *a, struct formula *f, struct err *e);

#endif
