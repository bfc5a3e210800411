#include "score/instrument_file.h"

/* Size: one unit. A line-by-line parser of the meso-measure format: tokens,
 * sections and key lines all work on the private struct parser (the
 * definition so far, its position for messages); a split would have to
 * publish it in a header. */

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/str.h"
#include "core/textlines.h"
#include "score/builtin.h"

#define FORMAT_NAME    "meso-measure"
#define FORMAT_VERSION 1
#define MAX_TOKENS     (INSTRUMENT_MAX_ITEMS + 8)
#define MAX_TABLES     (INSTRUMENT_MAX_SCHEMES * INSTRUMENT_MAX_SCORES)

enum section { SEC_HEADER, SEC_SCALE, SEC_TOTAL, SEC_IMPACT, SEC_BANDS, SEC_RELIABILITY };

/* The keys each section accepts, with the values they take (for messages). */
struct key_spec {
    const char *name;
    const char *usage;
    bool repeat; /* may appear more than once */
};

enum {
    H_FORMAT,
    H_KEY,
    H_TITLE,
    H_VERSION,
    H_INFORMANT,
    H_MIN_AGE,
    H_MAX_AGE,
    H_SOURCE,
    H_ITEMS,
    H_CODES,
    H_REVERSED,
    H_SCHEMES
};
static const struct key_spec header_keys[] = {
    [H_FORMAT] = { "format", FORMAT_NAME " 1", false },
    [H_KEY] = { "key", "NAME", false },
    [H_TITLE] = { "title", "TEXT", false },
    [H_VERSION] = { "version", "VERSION (one word)", false },
    [H_INFORMANT] = { "informant", "NAME (parent, teacher, self, ...)", false },
    [H_MIN_AGE] = { "min-age", "YEARS", false },
    [H_MAX_AGE] = { "max-age", "YEARS", false },
    [H_SOURCE] = { "source", "TEXT", false },
    [H_ITEMS] = { "items", "COUNT", false },
    [H_CODES] = { "codes", "LOWEST HIGHEST", false },
    [H_REVERSED] = { "reversed", "ITEM...", false },
    [H_SCHEMES] = { "schemes", "NAME...", false },
};

enum { S_ITEMS, S_MIN_ANSWERED };
static const struct key_spec scale_keys[] = {
    [S_ITEMS] = { "items", "ITEM...", false },
    [S_MIN_ANSWERED] = { "min-answered", "COUNT", false },
};

enum { T_SUM, T_BANDED };
static const struct key_spec total_keys[] = {
    [T_SUM] = { "sum", "SUBSCALE...", false },
    [T_BANDED] = { "banded", "yes or no", false },
};

enum { I_ITEMS, I_CODES, I_RECODE, I_GATE, I_SUM };
static const struct key_spec impact_keys[] = {
    [I_ITEMS] = { "items", "COUNT", false },      [I_CODES] = { "codes", "0 HIGHEST", false },
    [I_RECODE] = { "recode", "VALUE...", false }, [I_GATE] = { "gate", "ITEM NO-CODE", false },
    [I_SUM] = { "sum", "ITEM...", false },
};

enum { B_BAND };
static const struct key_spec bands_keys[] = {
    [B_BAND] = { "band", "LOW HIGH LABEL", true },
};

enum { R_RETEST, R_SD, R_SOURCE };
static const struct key_spec reliability_keys[] = {
    [R_RETEST] = { "retest-r", "R", false },
    [R_SD] = { "sd", "SD", false },
    [R_SOURCE] = { "source", "TEXT", false },
};

#define N_KEYS_MAX 12 /* the most keys any section has */

/* The sections: [NAME ARG...]. */
struct section_kind {
    const char *name;
    enum section sec;
    size_t n_args;
    const char *usage;
};
static const struct section_kind section_kinds[] = {
    { "scale", SEC_SCALE, 1, "[scale NAME]" },
    { "total", SEC_TOTAL, 1, "[total NAME]" },
    { "impact", SEC_IMPACT, 1, "[impact NAME]" },
    { "bands", SEC_BANDS, 2, "[bands SCHEME SCORE]" },
    { "reliability", SEC_RELIABILITY, 1, "[reliability SCORE]" },
    { 0 },
};

struct token {
    const char *s;
    size_t len;
};

struct parser {
    struct arena *a;
    const char *file;
    struct err *e;
    long line;
    struct instrument *in;
    /* The definition's parts, filled in place (fixed capacity: the limits
     * in instrument.h are small). in's pointers point at these. */
    struct instrument_scale *scales;
    struct instrument_total *totals;
    struct instrument_impact *impact;
    struct instrument_bands *tables;
    struct instrument_reliability *rel;
    const char **schemes;
    struct instrument_band *ranges; /* the open [bands] section's ranges */
    bool schemes_declared;
    bool has_format;
    /* The open section. */
    enum section sec;
    char sec_desc[2 * INSTRUMENT_NAME_MAX + 24]; /* "[scale mood]" */
    long sec_line;
    long key_line[N_KEYS_MAX]; /* where each key was given; 0 = not given */
    long header_line[N_KEYS_MAX];
};

static int fail_at(struct parser *p, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail_at(struct parser *p, long line, const char *fmt, ...)
{
    char why[ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    if (line > 0)
        return err_set(p->e, ERR_INPUT, "%s:%ld: %s", p->file, line, why);
    return err_set(p->e, ERR_INPUT, "%s: %s", p->file, why);
}

#define FAIL(p, ...) fail_at((p), (p)->line, __VA_ARGS__)

static int nomem(struct parser *p)
{
    return err_set(p->e, ERR_NOMEM, "out of memory");
}

/* ---- tokens ------------------------------------------------------------ */

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Split s[0..len) at blanks. Returns false when there are more than max. */
static bool tokenize(const char *s, size_t len, struct token *t, size_t max, size_t *n)
{
    *n = 0;
    size_t i = 0;
    while (i < len) {
        while (i < len && is_blank(s[i]))
            i++;
        if (i == len)
            break;
        size_t start = i;
        while (i < len && !is_blank(s[i]))
            i++;
        if (*n == max)
            return false;
        t[(*n)++] = (struct token){ s + start, i - start };
    }
    return true;
}

static bool tok_is(struct token t, const char *lit)
{
    return strlen(lit) == t.len && memcmp(t.s, lit, t.len) == 0;
}

/* A whole number of digits in [0, max]. */
static bool tok_uint(struct token t, int max, int *out)
{
    if (t.len == 0 || t.len > 9)
        return false;
    int v = 0;
    for (size_t i = 0; i < t.len; i++) {
        if (t.s[i] < '0' || t.s[i] > '9')
            return false;
        v = v * 10 + (t.s[i] - '0');
    }
    if (v > max)
        return false;
    *out = v;
    return true;
}

static bool tok_double(struct token t, double *out)
{
    char tmp[32];
    if (t.len == 0 || t.len >= sizeof tmp)
        return false;
    memcpy(tmp, t.s, t.len);
    tmp[t.len] = '\0';
    return str_to_double(tmp, out) == 0;
}

static char *tok_dup(struct parser *p, struct token t)
{
    return arena_strndup(p->a, t.s, t.len);
}

/* A name token: returns the copy, or NULL after reporting why. */
static const char *name_tok(struct parser *p, struct token t, const char *what, int *rc)
{
    char *s = tok_dup(p, t);
    if (!s) {
        *rc = nomem(p);
        return NULL;
    }
    if (!instrument_valid_name(s)) {
        *rc = FAIL(p,
                   "%s '%.*s' is not a valid name (1 to %d characters: a-z, 0-9, '-', '_', "
                   "starting with a letter)",
                   what, (int)(t.len > 60 ? 60 : t.len), t.s, INSTRUMENT_NAME_MAX);
        return NULL;
    }
    return s;
}

/* ---- the definition so far --------------------------------------------- */

static bool score_exists(const struct parser *p, const char *name)
{
    int lo, hi;
    return instrument_score_range(p->in, name, &lo, &hi);
}

static int new_score_name(struct parser *p, struct token t, const char *what, const char **out)
{
    int rc = 0;
    const char *name = name_tok(p, t, what, &rc);
    if (!name)
        return rc;
    if (strcmp(name, "instrument") == 0 || strcmp(name, "version") == 0 ||
        strcmp(name, "bands") == 0)
        return FAIL(p, "'%s' cannot name a score (it is reserved)", name);
    if (score_exists(p, name))
        return FAIL(p, "a score named '%s' is already defined", name);
    *out = name;
    return 0;
}

/* Parse tokens as 1-based positions in 1..max, none twice, into a new array. */
static int positions(struct parser *p, const struct token *t, size_t n, int max, const char *what,
                     const int **out)
{
    int *v = arena_array(p->a, n, sizeof *v);
    if (!v)
        return nomem(p);
    for (size_t i = 0; i < n; i++) {
        if (!tok_uint(t[i], max, &v[i]) || v[i] < 1)
            return FAIL(p, "%s: '%.*s' is not a number from 1 to %d", what,
                        (int)(t[i].len > 20 ? 20 : t[i].len), t[i].s, max);
        for (size_t j = 0; j < i; j++)
            if (v[j] == v[i])
                return FAIL(p, "%s: %d is listed twice", what, v[i]);
    }
    *out = v;
    return 0;
}

/* ---- sections ----------------------------------------------------------- */

static const struct key_spec *section_keys(enum section s, size_t *n)
{
    switch (s) {
    case SEC_HEADER:
        *n = sizeof header_keys / sizeof *header_keys;
        return header_keys;
    case SEC_SCALE:
        *n = sizeof scale_keys / sizeof *scale_keys;
        return scale_keys;
    case SEC_TOTAL:
        *n = sizeof total_keys / sizeof *total_keys;
        return total_keys;
    case SEC_IMPACT:
        *n = sizeof impact_keys / sizeof *impact_keys;
        return impact_keys;
    case SEC_BANDS:
        *n = sizeof bands_keys / sizeof *bands_keys;
        return bands_keys;
    case SEC_RELIABILITY:
        *n = sizeof reliability_keys / sizeof *reliability_keys;
        return reliability_keys;
    }
    *n = 0;
    return NULL;
}

/* Check that the section now ending is complete. */
static int close_section(struct parser *p)
{
    struct instrument *in = p->in;
    long *kl = p->key_line;
    switch (p->sec) {
    case SEC_HEADER: {
        static const int need[] = { H_KEY, H_VERSION, H_ITEMS, H_CODES };
        for (size_t i = 0; i < sizeof need / sizeof *need; i++)
            if (!kl[need[i]])
                return fail_at(p, p->line, "'%s' must be given before the first section",
                               header_keys[need[i]].name);
        memcpy(p->header_line, kl, sizeof p->header_line);
        return 0;
    }
    case SEC_SCALE: {
        struct instrument_scale *s = &p->scales[in->n_scales - 1];
        if (!kl[S_ITEMS])
            return fail_at(p, p->sec_line, "%s has no 'items' line", p->sec_desc);
        if (!kl[S_MIN_ANSWERED])
            s->min_answered = (int)s->n_items;
        else if ((size_t)s->min_answered > s->n_items)
            return fail_at(p, kl[S_MIN_ANSWERED],
                           "min-answered %d is more than the %zu items of %s", s->min_answered,
                           s->n_items, p->sec_desc);
        return 0;
    }
    case SEC_TOTAL:
        if (!kl[T_SUM])
            return fail_at(p, p->sec_line, "%s has no 'sum' line", p->sec_desc);
        return 0;
    case SEC_IMPACT: {
        static const int need[] = { I_ITEMS, I_CODES, I_RECODE, I_SUM };
        for (size_t i = 0; i < sizeof need / sizeof *need; i++)
            if (!kl[need[i]])
                return fail_at(p, p->sec_line, "%s has no '%s' line", p->sec_desc,
                               impact_keys[need[i]].name);
        for (size_t i = 0; i < p->impact->n_sum; i++)
            if (p->impact->sum[i] == p->impact->gate)
                return fail_at(p, kl[I_SUM], "the gate item %d cannot also be summed",
                               p->impact->gate);
        return 0;
    }
    case SEC_BANDS:
        if (!kl[B_BAND])
            return fail_at(p, p->sec_line, "%s has no 'band' line", p->sec_desc);
        return 0;
    case SEC_RELIABILITY:
        if (!kl[R_RETEST] || !kl[R_SD])
            return fail_at(p, p->sec_line, "%s needs both 'retest-r' and 'sd'", p->sec_desc);
        return 0;
    }
    return 0;
}

static int open_section(struct parser *p, const char *s, size_t len)
{
    struct instrument *in = p->in;
    if (s[len - 1] != ']')
        return FAIL(p, "a section header must end with ']'");
    struct token t[4];
    size_t n;
    if (!tokenize(s + 1, len - 2, t, 4, &n) || n < 1 || n > 3)
        return FAIL(p, "a section header is [scale NAME], [total NAME], [impact NAME], [bands "
                       "SCHEME SCORE] or [reliability SCORE]");
    int rc = close_section(p);
    if (rc)
        return rc;
    memset(p->key_line, 0, sizeof p->key_line);
    p->sec_line = p->line;
    snprintf(p->sec_desc, sizeof p->sec_desc, "[%.*s]", (int)(len > 80 ? 78 : len - 2), s + 1);
    const struct section_kind *kind = section_kinds;
    while (kind->name && !tok_is(t[0], kind->name))
        kind++;
    if (!kind->name)
        return FAIL(p, "unknown section '%.*s': use scale, total, impact, bands or reliability",
                    (int)(t[0].len > 40 ? 40 : t[0].len), t[0].s);
    if (n != kind->n_args + 1)
        return FAIL(p, "write this section header as %s", kind->usage);
    p->sec = kind->sec;
    switch (kind->sec) {
    case SEC_HEADER:
        break;
    case SEC_SCALE: {
        if (in->n_scales == INSTRUMENT_MAX_SCALES)
            return FAIL(p, "a measure may have at most %d subscales", INSTRUMENT_MAX_SCALES);
        struct instrument_scale *sc = &p->scales[in->n_scales];
        if ((rc = new_score_name(p, t[1], "subscale", &sc->name)))
            return rc;
        in->n_scales++;
        break;
    }
    case SEC_TOTAL: {
        if (in->n_totals == INSTRUMENT_MAX_TOTALS)
            return FAIL(p, "a measure may have at most %d totals", INSTRUMENT_MAX_TOTALS);
        struct instrument_total *tot = &p->totals[in->n_totals];
        if ((rc = new_score_name(p, t[1], "total", &tot->name)))
            return rc;
        in->n_totals++;
        break;
    }
    case SEC_IMPACT: {
        if (in->impact)
            return FAIL(p, "a measure may have only one [impact] section");
        const char *name;
        if ((rc = new_score_name(p, t[1], "impact score", &name)))
            return rc;
        p->impact->name = name;
        in->impact = p->impact;
        break;
    }
    case SEC_BANDS: {
        const char *scheme = name_tok(p, t[1], "scheme", &rc), *score;
        if (!scheme)
            return rc;
        if (!(score = name_tok(p, t[2], "score", &rc)))
            return rc;
        if (!score_exists(p, score))
            return FAIL(p, "'%s' is not a score defined above", score);
        for (size_t i = 0; i < in->n_totals; i++)
            if (p->totals[i].unbanded && strcmp(p->totals[i].name, score) == 0)
                return FAIL(p, "total %s is marked 'banded no'", score);
        size_t k = 0;
        while (k < in->n_schemes && strcmp(p->schemes[k], scheme) != 0)
            k++;
        if (k == in->n_schemes) {
            if (p->schemes_declared)
                return FAIL(p, "'%s' is not one of the schemes declared on line %ld", scheme,
                            p->header_line[H_SCHEMES]);
            if (in->n_schemes == INSTRUMENT_MAX_SCHEMES)
                return FAIL(p, "a measure may have at most %d banding schemes",
                            INSTRUMENT_MAX_SCHEMES);
            p->schemes[in->n_schemes++] = scheme;
        }
        for (size_t i = 0; i < in->n_bands; i++)
            if (strcmp(p->tables[i].scheme, scheme) == 0 && strcmp(p->tables[i].score, score) == 0)
                return FAIL(p, "bands for %s under %s are already given", score, scheme);
        if (NEVER(in->n_bands == MAX_TABLES))
            return FAIL(p, "too many band tables");
        p->ranges = arena_array(p->a, INSTRUMENT_MAX_BANDS, sizeof *p->ranges);
        if (!p->ranges)
            return nomem(p);
        p->tables[in->n_bands++] = (struct instrument_bands){ scheme, score, p->ranges, 0 };
        break;
    }
    case SEC_RELIABILITY: {
        const char *score = name_tok(p, t[1], "score", &rc);
        if (!score)
            return rc;
        if (!score_exists(p, score))
            return FAIL(p, "'%s' is not a score defined above", score);
        for (size_t i = 0; i < in->n_reliability; i++)
            if (strcmp(p->rel[i].score, score) == 0)
                return FAIL(p, "reliability for %s is already given", score);
        p->rel[in->n_reliability++] = (struct instrument_reliability){ .score = score };
        break;
    }
    }
    return 0;
}

/* ---- key lines ---------------------------------------------------------- */

static int usage(struct parser *p, const struct key_spec *k)
{
    return FAIL(p, "'%s' takes %s", k->name, k->usage);
}

static int text_value(struct parser *p, const char *rest, size_t len, const char **out)
{
    if (len == 0)
        return FAIL(p, "the value is empty");
    if (len > INSTRUMENT_TEXT_MAX)
        return FAIL(p, "the value is longer than %d characters", INSTRUMENT_TEXT_MAX);
    if (!(*out = arena_strndup(p->a, rest, len)))
        return nomem(p);
    return 0;
}

static int header_key(struct parser *p, int k, const struct token *t, size_t n, const char *rest,
                      size_t rest_len)
{
    struct instrument *in = p->in;
    const struct key_spec *ks = &header_keys[k];
    int rc = 0, v;
    switch (k) {
    case H_FORMAT:
        return 0; /* checked on the first line */
    case H_KEY:
        if (n != 1)
            return usage(p, ks);
        if (!(in->key = name_tok(p, t[0], "key", &rc)))
            return rc;
        if (instrument_builtin(in->key))
            return FAIL(p, "'%s' is the key of a built-in measure; choose another", in->key);
        return 0;
    case H_TITLE:
        return text_value(p, rest, rest_len, &in->title);
    case H_SOURCE:
        return text_value(p, rest, rest_len, &in->source);
    case H_VERSION:
        if (n != 1 || t[0].len > INSTRUMENT_NAME_MAX)
            return FAIL(p, "'version' takes one word of at most %d characters",
                        INSTRUMENT_NAME_MAX);
        return text_value(p, rest, rest_len, &in->version);
    case H_INFORMANT:
        if (n != 1)
            return usage(p, ks);
        return (in->informant = name_tok(p, t[0], "informant", &rc)) ? 0 : rc;
    case H_MIN_AGE:
    case H_MAX_AGE:
        if (n != 1 || !tok_uint(t[0], 150, &v))
            return FAIL(p, "'%s' takes a whole number of years from 0 to 150", ks->name);
        if (k == H_MIN_AGE)
            in->age_min = v;
        else
            in->age_max = v;
        if (in->age_min >= 0 && in->age_max >= 0 && in->age_min > in->age_max)
            return FAIL(p, "min-age %d is more than max-age %d", in->age_min, in->age_max);
        return 0;
    case H_ITEMS:
        if (n != 1 || !tok_uint(t[0], INSTRUMENT_MAX_ITEMS, &v) || v < 1)
            return FAIL(p, "'items' takes the number of items, from 1 to %d", INSTRUMENT_MAX_ITEMS);
        in->n_items = (size_t)v;
        return 0;
    case H_CODES:
        if (n != 2 || !tok_uint(t[0], INSTRUMENT_MAX_CODE, &in->code_min) ||
            !tok_uint(t[1], INSTRUMENT_MAX_CODE, &in->code_max) || in->code_min >= in->code_max)
            return FAIL(p,
                        "'codes' takes the lowest and highest response codes, e.g. 'codes 0 2' "
                        "(0 to %d, lowest first)",
                        INSTRUMENT_MAX_CODE);
        return 0;
    case H_REVERSED:
        if (!p->key_line[H_ITEMS])
            return FAIL(p, "give 'items' before 'reversed'");
        if (n < 1)
            return usage(p, ks);
        in->n_reversed = n;
        return positions(p, t, n, (int)in->n_items, "reversed", &in->reversed);
    case H_SCHEMES:
        if (n < 1 || n > INSTRUMENT_MAX_SCHEMES)
            return FAIL(p, "'schemes' takes 1 to %d scheme names", INSTRUMENT_MAX_SCHEMES);
        for (size_t i = 0; i < n; i++) {
            const char *s = name_tok(p, t[i], "scheme", &rc);
            if (!s)
                return rc;
            for (size_t j = 0; j < i; j++)
                if (strcmp(p->schemes[j], s) == 0)
                    return FAIL(p, "scheme '%s' is listed twice", s);
            p->schemes[i] = s;
        }
        in->n_schemes = n;
        p->schemes_declared = true;
        return 0;
    }
    return 0;
}

static int scale_key(struct parser *p, int k, const struct token *t, size_t n)
{
    struct instrument_scale *s = &p->scales[p->in->n_scales - 1];
    if (k == S_ITEMS) {
        if (n < 1)
            return usage(p, &scale_keys[k]);
        s->n_items = n;
        return positions(p, t, n, (int)p->in->n_items, "items", &s->items);
    }
    if (n != 1 || !tok_uint(t[0], INSTRUMENT_MAX_ITEMS, &s->min_answered) || s->min_answered < 1)
        return FAIL(p, "'min-answered' takes the number of items that must be answered (1 or "
                       "more)");
    return 0;
}

static int total_key(struct parser *p, int k, const struct token *t, size_t n)
{
    struct instrument_total *tot = &p->totals[p->in->n_totals - 1];
    if (k == T_BANDED) {
        if (n != 1 || !(tok_is(t[0], "yes") || tok_is(t[0], "no")))
            return usage(p, &total_keys[k]);
        tot->unbanded = tok_is(t[0], "no");
        return 0;
    }
    if (n < 1)
        return usage(p, &total_keys[T_SUM]);
    if (n > INSTRUMENT_MAX_SCALES)
        return FAIL(p, "a total sums at most %d subscales", INSTRUMENT_MAX_SCALES);
    const char **parts = arena_array(p->a, n, sizeof *parts);
    if (!parts)
        return nomem(p);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(parts[i] = name_tok(p, t[i], "subscale", &rc)))
            return rc;
        size_t j = 0;
        while (j < p->in->n_scales && strcmp(p->scales[j].name, parts[i]) != 0)
            j++;
        if (j == p->in->n_scales)
            return FAIL(p, "'%s' is not a subscale defined above", parts[i]);
        for (j = 0; j < i; j++)
            if (strcmp(parts[j], parts[i]) == 0)
                return FAIL(p, "subscale %s is listed twice", parts[i]);
    }
    tot->parts = parts;
    tot->n_parts = n;
    return 0;
}

static int impact_key(struct parser *p, int k, const struct token *t, size_t n)
{
    struct instrument_impact *im = p->impact;
    const struct key_spec *ks = &impact_keys[k];
    bool have_items = p->key_line[I_ITEMS] != 0, have_codes = p->key_line[I_CODES] != 0;
    int v;
    switch (k) {
    case I_ITEMS:
        if (n != 1 || !tok_uint(t[0], INSTRUMENT_MAX_IMPACT_ITEMS, &v) || v < 1)
            return FAIL(p, "'items' takes the number of impact items, from 1 to %d",
                        INSTRUMENT_MAX_IMPACT_ITEMS);
        im->n_items = (size_t)v;
        return 0;
    case I_CODES:
        if (n != 2 || !tok_is(t[0], "0") || !tok_uint(t[1], INSTRUMENT_MAX_CODE, &v) || v < 1)
            return FAIL(p,
                        "impact 'codes' takes 0 and the highest raw code (1 to %d), e.g. "
                        "'codes 0 3'",
                        INSTRUMENT_MAX_CODE);
        im->code_max = v;
        return 0;
    case I_RECODE: {
        if (!have_codes)
            return FAIL(p, "give 'codes' before 'recode'");
        if (n != (size_t)im->code_max + 1)
            return FAIL(p, "'recode' takes one value for each raw code 0 to %d (%d values)",
                        im->code_max, im->code_max + 1);
        int *r = arena_array(p->a, n, sizeof *r);
        if (!r)
            return nomem(p);
        for (size_t i = 0; i < n; i++)
            if (!tok_uint(t[i], INSTRUMENT_MAX_CODE, &r[i]))
                return FAIL(p, "'recode' values must be whole numbers from 0 to %d",
                            INSTRUMENT_MAX_CODE);
        im->recode = r;
        return 0;
    }
    case I_GATE:
        if (!have_items || !have_codes)
            return FAIL(p, "give 'items' and 'codes' before 'gate'");
        if (n != 2 || !tok_uint(t[0], (int)im->n_items, &im->gate) || im->gate < 1 ||
            !tok_uint(t[1], im->code_max, &im->gate_no))
            return FAIL(p,
                        "'gate' takes the item asking \"any difficulties?\" (1 to %zu) and its "
                        "raw code for No (0 to %d)",
                        im->n_items, im->code_max);
        return 0;
    case I_SUM:
        if (!have_items)
            return FAIL(p, "give 'items' before 'sum'");
        if (n < 1)
            return usage(p, ks);
        im->n_sum = n;
        return positions(p, t, n, (int)im->n_items, "sum", &im->sum);
    }
    return 0;
}

static int band_key(struct parser *p, const struct token *t, size_t n, const char *line, size_t len)
{
    struct instrument_bands *b = &p->tables[p->in->n_bands - 1];
    struct instrument_band *ranges = p->ranges;
    int lo, hi, min, max;
    if (n < 3 || !tok_uint(t[0], 1000000, &lo) || !tok_uint(t[1], 1000000, &hi))
        return FAIL(p, "'band' takes the lowest and highest score and a label, e.g. 'band 0 3 "
                       "close to average'");
    if (NEVER(!instrument_score_range(p->in, b->score, &min, &max)))
        return FAIL(p, "'%s' is not a score", b->score);
    if (lo > hi)
        return FAIL(p, "the band %d to %d runs backwards (lowest first)", lo, hi);
    if (lo < min || hi > max)
        return FAIL(p, "the band %d to %d is outside %s's range %d to %d", lo, hi, b->score, min,
                    max);
    for (size_t i = 0; i < b->n_bands; i++)
        if (lo <= ranges[i].hi && ranges[i].lo <= hi)
            return FAIL(p, "the band %d to %d overlaps the band %d to %d", lo, hi, ranges[i].lo,
                        ranges[i].hi);
    if (b->n_bands == INSTRUMENT_MAX_BANDS)
        return FAIL(p, "a score may have at most %d bands in one scheme", INSTRUMENT_MAX_BANDS);
    const char *label = t[2].s;
    int rc = text_value(p, label, (size_t)(line + len - label), &label);
    if (rc)
        return rc;
    ranges[b->n_bands++] = (struct instrument_band){ lo, hi, label };
    return 0;
}

static int reliability_key(struct parser *p, int k, const struct token *t, size_t n,
                           const char *rest, size_t rest_len)
{
    struct instrument_reliability *r = &p->rel[p->in->n_reliability - 1];
    if (k == R_SOURCE)
        return text_value(p, rest, rest_len, &r->source);
    double v;
    if (n != 1 || !tok_double(t[0], &v))
        return FAIL(p, "'%s' takes one number", reliability_keys[k].name);
    if (k == R_RETEST) {
        if (!(v >= 0.0 && v < 1.0))
            return FAIL(p, "'retest-r' must be from 0 to below 1");
        r->retest_r = v;
    } else {
        if (!(v > 0.0) || !isfinite(v))
            return FAIL(p, "'sd' must be more than 0");
        r->sd = v;
    }
    return 0;
}

static int key_line(struct parser *p, const char *s, size_t len)
{
    struct token t[MAX_TOKENS + 1];
    size_t n;
    if (!tokenize(s, len, t, MAX_TOKENS + 1, &n) || n > MAX_TOKENS)
        return FAIL(p, "too many values on one line (at most %d)", MAX_TOKENS - 1);
    size_t n_keys;
    const struct key_spec *keys = section_keys(p->sec, &n_keys);
    size_t k = 0;
    while (k < n_keys && !tok_is(t[0], keys[k].name))
        k++;
    int shown = (int)(t[0].len > 40 ? 40 : t[0].len);
    if (k == n_keys) {
        if (p->sec == SEC_HEADER)
            return FAIL(p, "unknown key '%.*s' before the first section", shown, t[0].s);
        return FAIL(p, "unknown key '%.*s' in %s", shown, t[0].s, p->sec_desc);
    }
    if (p->key_line[k] && !keys[k].repeat)
        return FAIL(p, "'%s' is already given on line %ld", keys[k].name, p->key_line[k]);
    p->key_line[k] = p->line;
    const char *rest = t[0].s + t[0].len;
    while (rest < s + len && is_blank(*rest))
        rest++;
    size_t rest_len = (size_t)(s + len - rest);
    switch (p->sec) {
    case SEC_HEADER:
        return header_key(p, (int)k, t + 1, n - 1, rest, rest_len);
    case SEC_SCALE:
        return scale_key(p, (int)k, t + 1, n - 1);
    case SEC_TOTAL:
        return total_key(p, (int)k, t + 1, n - 1);
    case SEC_IMPACT:
        return impact_key(p, (int)k, t + 1, n - 1);
    case SEC_BANDS:
        return band_key(p, t + 1, n - 1, s, len);
    case SEC_RELIABILITY:
        return reliability_key(p, (int)k, t + 1, n - 1, rest, rest_len);
    }
    return 0;
}

/* The first line that is not blank or a comment. */
static int format_line(struct parser *p, const char *s, size_t len)
{
    struct token t[4];
    size_t n;
    int v;
    if (!tokenize(s, len, t, 4, &n) || n != 3 || !tok_is(t[0], "format") ||
        !tok_is(t[1], FORMAT_NAME))
        return FAIL(p, "a measure file must start with 'format " FORMAT_NAME " %d'",
                    FORMAT_VERSION);
    if (!tok_uint(t[2], 1000000, &v) || v != FORMAT_VERSION)
        return FAIL(p, "format version '%.*s' is not supported (this meso reads version %d)",
                    (int)(t[2].len > 20 ? 20 : t[2].len), t[2].s, FORMAT_VERSION);
    p->has_format = true;
    p->key_line[H_FORMAT] = p->line;
    return 0;
}

static int check_line(struct parser *p, const char *s, size_t len)
{
    if (len > INSTRUMENT_LINE_MAX)
        return FAIL(p, "the line is longer than %d bytes", INSTRUMENT_LINE_MAX);
    if (memchr(s, '\0', len))
        return FAIL(p, "the line contains a NUL byte");
    if (!str_utf8_valid(s, len))
        return FAIL(p, "the line is not valid UTF-8");
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] < 0x20 && s[i] != '\t') || s[i] == 0x7f)
            return FAIL(p, "the line contains a control character (byte %zu)", i + 1);
    return 0;
}

static int setup(struct parser *p)
{
    struct arena *a = p->a;
    p->in = arena_alloc(a, sizeof *p->in);
    p->scales = arena_array(a, INSTRUMENT_MAX_SCALES, sizeof *p->scales);
    p->totals = arena_array(a, INSTRUMENT_MAX_TOTALS, sizeof *p->totals);
    p->impact = arena_alloc(a, sizeof *p->impact);
    p->tables = arena_array(a, MAX_TABLES, sizeof *p->tables);
    p->rel = arena_array(a, INSTRUMENT_MAX_SCORES, sizeof *p->rel);
    p->schemes = arena_array(a, INSTRUMENT_MAX_SCHEMES, sizeof *p->schemes);
    if (!p->in || !p->scales || !p->totals || !p->impact || !p->tables || !p->rel || !p->schemes)
        return nomem(p);
    struct instrument *in = p->in;
    in->age_min = in->age_max = -1;
    in->scales = p->scales;
    in->totals = p->totals;
    in->bands = p->tables;
    in->reliability = p->rel;
    in->schemes = p->schemes;
    return 0;
}

static int finish(struct parser *p)
{
    struct instrument *in = p->in;
    if (!p->has_format)
        return fail_at(p, 0,
                       "the file is empty (a measure file starts with 'format " FORMAT_NAME " %d')",
                       FORMAT_VERSION);
    if (p->sec == SEC_HEADER) {
        static const int need[] = { H_KEY, H_VERSION, H_ITEMS, H_CODES };
        for (size_t i = 0; i < sizeof need / sizeof *need; i++)
            if (!p->key_line[need[i]])
                return fail_at(p, 0, "'%s' is missing", header_keys[need[i]].name);
        return fail_at(p, 0, "the measure has no [scale NAME] section");
    }
    int rc = close_section(p);
    if (rc)
        return rc;
    if (!in->title)
        in->title = in->key;
    if (!in->informant)
        in->informant = "any";
    if (!in->source)
        in->source = p->file;
    if ((rc = instrument_check(in, p->e)))
        return err_wrap(p->e, "%s", p->file);
    return 0;
}

int instrument_parse(struct arena *a, const char *name, const char *text, size_t len,
                     const struct instrument **out, struct err *e)
{
    struct parser p = { .a = a, .file = name ? name : "(definition)", .e = e };
    if (len > INSTRUMENT_FILE_MAX)
        return fail_at(&p, 0, "the file is larger than %d KiB", INSTRUMENT_FILE_MAX / 1024);
    int rc = setup(&p);
    if (rc)
        return rc;
    struct text_lines lines;
    text_lines_init(&lines, text, len);
    const char *s;
    size_t n;
    while (text_lines_next(&lines, &s, &n)) {
        p.line = lines.line;
        if ((rc = check_line(&p, s, n)))
            return rc;
        text_trim(&s, &n);
        if (n == 0 || *s == '#')
            continue;
        if (!p.has_format)
            rc = format_line(&p, s, n);
        else if (*s == '[')
            rc = open_section(&p, s, n);
        else
            rc = key_line(&p, s, n);
        if (rc)
            return rc;
    }
    if ((rc = finish(&p)))
        return rc;
    *out = p.in;
    return 0;
}

int instrument_load(struct arena *a, const char *path, const struct instrument **out, struct err *e)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return err_set(e, ERR_NOTFOUND, "cannot read %s: %s", path, strerror(errno));
    struct buf b;
    buf_init(&b, INSTRUMENT_FILE_MAX);
    char chunk[4096];
    size_t got;
    int rc = 0;
    while (rc == 0 && (got = fread(chunk, 1, sizeof chunk, f)) > 0)
        rc = buf_add(&b, chunk, got);
    bool bad = ferror(f) != 0;
    fclose(f);
    if (rc == ERR_LIMIT)
        rc = err_set(e, ERR_INPUT, "%s: the file is larger than %d KiB", path,
                     INSTRUMENT_FILE_MAX / 1024);
    else if (rc)
        rc = err_set(e, ERR_NOMEM, "out of memory");
    else if (bad)
        rc = err_set(e, ERR_NOTFOUND, "cannot read %s", path);
    else
        rc = instrument_parse(a, path, buf_str(&b), b.len, out, e);
    buf_release(&b);
    return rc;
}
