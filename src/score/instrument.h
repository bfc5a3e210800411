/* instrument.h - questionnaire definitions as data, and scoring by them.
 *
 * An instrument (a measure such as the SDQ) is described entirely by data: how
 * many items it has and which response codes they take, which items are
 * reverse-scored, its subscales and the missing-item rule, derived totals, an
 * optional impact supplement, band tables under one or more banding schemes,
 * and test-retest reliability figures. No item wording is ever stored (the
 * questionnaires are copyright); responses are taken by item number.
 *
 * Definitions come from built-in tables (score/builtin.h) or from a school's
 * own definition file (score/instrument_file.h). Both are checked by
 * instrument_check(), so scoring can rely on a definition being consistent.
 *
 * The scoring rules, applied the same way to every instrument:
 *   - A reversed item scores (code_min + code_max) - x, i.e. max - x for codes
 *     starting at 0 (the SDQ's 2 - x).
 *   - A subscale is scored only when at least min_answered of its items are
 *     answered. Its score is the mean of the answered items times the number
 *     of items, rounded half up: floor(0.5 + x), computed in exact integer
 *     arithmetic, so 2.5 gives 3 (never banker's rounding). With every item
 *     answered this is just the sum.
 *   - A total is the sum of its subscales, and missing when any is missing.
 *   - The impact score sums the recoded values of its scored items, counting a
 *     missing item as 0. It is 0 when the gate item ("any difficulties?") is
 *     answered with its No code, whatever else was answered; otherwise it is
 *     missing when none of the scored items is answered. A missing gate does
 *     not stop the answered items being scored.
 *   - A band is the label of the range holding the score in the scheme's
 *     table for that score; NULL when the score is missing, the scheme has no
 *     table for the score, or no range holds it.
 */
#ifndef MESO_INSTRUMENT_H
#define MESO_INSTRUMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

/* A missing response or score. Every score is 0 or more. */
#define SCORE_MISSING (-1)

/* Limits on any definition, so a result fits in a fixed-size struct and a
 * hostile definition file cannot make scoring expensive. */
#define INSTRUMENT_MAX_ITEMS        200
#define INSTRUMENT_MAX_CODE         100 /* response codes lie in 0..100 */
#define INSTRUMENT_MAX_SCALES       16
#define INSTRUMENT_MAX_TOTALS       8
#define INSTRUMENT_MAX_SCORES       (INSTRUMENT_MAX_SCALES + INSTRUMENT_MAX_TOTALS + 1)
#define INSTRUMENT_MAX_SCHEMES      4
#define INSTRUMENT_MAX_BANDS        16 /* ranges in one band table */
#define INSTRUMENT_MAX_IMPACT_ITEMS 16
#define INSTRUMENT_NAME_MAX         40  /* keys, score and scheme names */
#define INSTRUMENT_TEXT_MAX         200 /* titles, labels, sources */

struct instrument_scale {
    const char *name; /* "emotional" */
    const int *items; /* 1-based item numbers */
    size_t n_items;
    int min_answered; /* scored only when at least this many are answered */
};

struct instrument_total {
    const char *name;         /* "total" */
    const char *const *parts; /* names of subscales summed */
    size_t n_parts;
    bool unbanded; /* no bands are published for it: band reports leave it out */
};

/* An impact supplement: its own list of raw responses, given in order. */
struct instrument_impact {
    const char *name;  /* the score's name: "impact" */
    size_t n_items;    /* raw responses expected */
    int code_max;      /* raw codes are 0..code_max */
    const int *recode; /* code_max + 1 entries: raw code -> value */
    int gate;          /* 1-based position of "any difficulties?", 0 = none */
    int gate_no;       /* the gate's raw code meaning No */
    const int *sum;    /* 1-based positions whose recoded values are summed */
    size_t n_sum;
};

struct instrument_band {
    int lo, hi; /* inclusive */
    const char *label;
};

/* The bands of one score under one scheme. */
struct instrument_bands {
    const char *scheme; /* "four_band" */
    const char *score;  /* "total" */
    const struct instrument_band *bands;
    size_t n_bands;
};

/* Test-retest reliability of one score, for the reliable change index. */
struct instrument_reliability {
    const char *score;
    double retest_r; /* test-retest correlation, in [0, 1) */
    double sd;       /* the standard deviation the RCI uses, > 0 */
    const char *source;
};

struct instrument {
    const char *key;       /* "sdq-parent-4-17" */
    const char *title;     /* "SDQ, parent form, ages 4-17" */
    const char *version;   /* stored with every score it produces */
    const char *informant; /* "parent", "teacher", "self", ... */
    int age_min, age_max;  /* inclusive; -1 = no limit */
    const char *source;    /* where the rules and bands come from */
    size_t n_items;
    int code_min, code_max; /* allowed response codes, inclusive */
    const int *reversed;    /* 1-based item numbers */
    size_t n_reversed;
    const struct instrument_scale *scales;
    size_t n_scales;
    const struct instrument_total *totals;
    size_t n_totals;
    const struct instrument_impact *impact; /* NULL when there is none */
    const char *const *schemes;             /* banding schemes, in report order */
    size_t n_schemes;
    const struct instrument_bands *bands;
    size_t n_bands;
    const struct instrument_reliability *reliability;
    size_t n_reliability;
};

/* The scores of one set of responses. Scores come in a fixed order: the
 * subscales, then the totals, then the impact score. The strings point into
 * the instrument, which must outlive the result. */
struct score_result {
    const struct instrument *instrument;
    size_t n_scores;
    const char *names[INSTRUMENT_MAX_SCORES];
    int values[INSTRUMENT_MAX_SCORES];  /* SCORE_MISSING when missing */
    bool banded[INSTRUMENT_MAX_SCORES]; /* reported with bands (even NULL ones) */
    size_t n_schemes;                   /* = instrument->n_schemes */
    /* bands[s][i]: the label of score i under scheme s, or NULL */
    const char *bands[INSTRUMENT_MAX_SCHEMES][INSTRUMENT_MAX_SCORES];
};

/* True for a valid key, score or scheme name: 1 to INSTRUMENT_NAME_MAX
 * characters of a-z, 0-9, '-' and '_', starting with a letter. */
bool instrument_valid_name(const char *s);

/* Check that a definition is consistent: limits, item numbers in range, no
 * item twice in a subscale, unique score names, totals and bands naming
 * existing scores, band ranges ordered, non-overlapping and within the
 * score's possible range, reliability in range. Returns 0 or ERR_INPUT with a
 * message naming the problem. */
int instrument_check(const struct instrument *in, struct err *e);

/* The possible range of a named score ([lo, hi]); false when there is no
 * such score. */
bool instrument_score_range(const struct instrument *in, const char *score, int *lo, int *hi);

/* Score one set of responses. responses holds n values in item order, each a
 * code in [code_min, code_max] or SCORE_MISSING; n must equal in->n_items.
 * impact holds n_impact raw impact codes (or SCORE_MISSING); pass NULL and 0
 * when none were collected (the impact score is then missing). age_years is
 * checked against the instrument's age range; pass -1 when it is not known.
 * Returns 0, or ERR_INPUT naming the wrong count, item or age (out is then
 * unspecified). */
int instrument_score(const struct instrument *in, const int *responses, size_t n, const int *impact,
                     size_t n_impact, int age_years, struct score_result *out, struct err *e);

/* The index of a named score in r, or -1. */
int score_index(const struct score_result *r, const char *name);
/* The value of a named score; SCORE_MISSING when missing or unknown. */
int score_value(const struct score_result *r, const char *name);
/* The band label of a named score under a scheme, or NULL. */
const char *score_band(const struct score_result *r, const char *scheme, const char *name);

/* The reliability figures for a score, or NULL when the definition has none. */
const struct instrument_reliability *instrument_reliability_for(const struct instrument *in,
                                                                const char *score);

/* Parse a comma-separated list of response codes, as typed on the command
 * line or sent by a form: "0,1,,2" gives 0, 1, SCORE_MISSING, 2. Each value
 * is empty (missing; white space around it is ignored) or a whole number of
 * digits in [min, max]. The list must hold exactly n values, stored in out.
 * what names one value in messages ("response", "impact response"). Returns
 * 0 or ERR_INPUT naming the count ("expected 25 responses, got 24") or the
 * position and value ("response 7: '3' is not allowed; ..."). */
int instrument_parse_codes(const char *text, int min, int max, int *out, size_t n, const char *what,
                           struct err *e);

#endif
