#include "score/instrument.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Names appear as JSON keys beside these, so a score may not take them. */
static const char *const reserved_names[] = { "instrument", "version", "bands" };

bool instrument_valid_name(const char *s)
{
    if (!s || !(*s >= 'a' && *s <= 'z'))
        return false;
    size_t n = 0;
    for (; s[n]; n++) {
        char c = s[n];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return false;
    }
    return n <= INSTRUMENT_NAME_MAX;
}

static bool valid_text(const char *s)
{
    return s && *s && strlen(s) <= INSTRUMENT_TEXT_MAX;
}

static int find_scale(const struct instrument *in, const char *name)
{
    for (size_t i = 0; i < in->n_scales; i++)
        if (strcmp(in->scales[i].name, name) == 0)
            return (int)i;
    return -1;
}

static void scale_range(const struct instrument *in, const struct instrument_scale *s, int *lo,
                        int *hi)
{
    *lo = (int)s->n_items * in->code_min;
    *hi = (int)s->n_items * in->code_max;
}

bool instrument_score_range(const struct instrument *in, const char *score, int *lo, int *hi)
{
    int i = find_scale(in, score);
    if (i >= 0) {
        scale_range(in, &in->scales[i], lo, hi);
        return true;
    }
    for (size_t t = 0; t < in->n_totals; t++) {
        const struct instrument_total *tot = &in->totals[t];
        if (strcmp(tot->name, score) != 0)
            continue;
        *lo = *hi = 0;
        for (size_t p = 0; p < tot->n_parts; p++) {
            int s = find_scale(in, tot->parts[p]), plo = 0, phi = 0;
            if (s >= 0)
                scale_range(in, &in->scales[s], &plo, &phi);
            *lo += plo;
            *hi += phi;
        }
        return true;
    }
    const struct instrument_impact *im = in->impact;
    if (im && strcmp(im->name, score) == 0) {
        int top = 0;
        for (int c = 0; c <= im->code_max; c++)
            if (im->recode[c] > top)
                top = im->recode[c];
        *lo = 0; /* missing items count 0, and the gate gives 0 */
        *hi = top * (int)im->n_sum;
        return true;
    }
    return false;
}

/* Checks that a list of 1-based positions lies in 1..max with no repeats. */
static int check_positions(const int *pos, size_t n, size_t max, const char *what, struct err *e)
{
    for (size_t i = 0; i < n; i++) {
        if (pos[i] < 1 || (size_t)pos[i] > max)
            return err_set(e, ERR_INPUT, "%s: %d is not between 1 and %zu", what, pos[i], max);
        for (size_t j = 0; j < i; j++)
            if (pos[j] == pos[i])
                return err_set(e, ERR_INPUT, "%s: %d is listed twice", what, pos[i]);
    }
    return 0;
}

static int check_scales(const struct instrument *in, struct err *e)
{
    if (in->n_scales < 1 || in->n_scales > INSTRUMENT_MAX_SCALES || !in->scales)
        return err_set(e, ERR_INPUT, "a measure needs 1 to %d subscales (has %zu)",
                       INSTRUMENT_MAX_SCALES, in->n_scales);
    for (size_t i = 0; i < in->n_scales; i++) {
        const struct instrument_scale *s = &in->scales[i];
        if (!instrument_valid_name(s->name))
            return err_set(e, ERR_INPUT, "subscale %zu has no valid name", i + 1);
        if (s->n_items < 1 || s->n_items > in->n_items || !s->items)
            return err_set(e, ERR_INPUT, "subscale %s needs 1 to %zu items", s->name, in->n_items);
        char what[INSTRUMENT_NAME_MAX + 32];
        snprintf(what, sizeof what, "subscale %s", s->name);
        int rc = check_positions(s->items, s->n_items, in->n_items, what, e);
        if (rc)
            return rc;
        if (s->min_answered < 1 || (size_t)s->min_answered > s->n_items)
            return err_set(e, ERR_INPUT, "subscale %s: the minimum answered must be 1 to %zu",
                           s->name, s->n_items);
    }
    return 0;
}

static int check_totals(const struct instrument *in, struct err *e)
{
    if (in->n_totals > INSTRUMENT_MAX_TOTALS || (in->n_totals && !in->totals))
        return err_set(e, ERR_INPUT, "a measure may have at most %d totals", INSTRUMENT_MAX_TOTALS);
    for (size_t i = 0; i < in->n_totals; i++) {
        const struct instrument_total *t = &in->totals[i];
        if (!instrument_valid_name(t->name))
            return err_set(e, ERR_INPUT, "total %zu has no valid name", i + 1);
        if (t->n_parts < 1 || t->n_parts > in->n_scales || !t->parts)
            return err_set(e, ERR_INPUT, "total %s must sum 1 to %zu subscales", t->name,
                           in->n_scales);
        for (size_t p = 0; p < t->n_parts; p++) {
            if (!t->parts[p] || find_scale(in, t->parts[p]) < 0)
                return err_set(e, ERR_INPUT, "total %s: '%s' is not a subscale", t->name,
                               t->parts[p] ? t->parts[p] : "");
            for (size_t q = 0; q < p; q++)
                if (strcmp(t->parts[p], t->parts[q]) == 0)
                    return err_set(e, ERR_INPUT, "total %s: %s is listed twice", t->name,
                                   t->parts[p]);
        }
    }
    return 0;
}

static int check_impact(const struct instrument_impact *im, struct err *e)
{
    if (!instrument_valid_name(im->name))
        return err_set(e, ERR_INPUT, "the impact score has no valid name");
    if (im->n_items < 1 || im->n_items > INSTRUMENT_MAX_IMPACT_ITEMS)
        return err_set(e, ERR_INPUT, "impact %s needs 1 to %d items", im->name,
                       INSTRUMENT_MAX_IMPACT_ITEMS);
    if (im->code_max < 1 || im->code_max > INSTRUMENT_MAX_CODE || !im->recode)
        return err_set(e, ERR_INPUT, "impact %s: codes must run from 0 to 1..%d", im->name,
                       INSTRUMENT_MAX_CODE);
    for (int c = 0; c <= im->code_max; c++)
        if (im->recode[c] < 0 || im->recode[c] > INSTRUMENT_MAX_CODE)
            return err_set(e, ERR_INPUT, "impact %s: code %d recodes to %d, outside 0 to %d",
                           im->name, c, im->recode[c], INSTRUMENT_MAX_CODE);
    if (im->gate < 0 || (size_t)im->gate > im->n_items)
        return err_set(e, ERR_INPUT, "impact %s: the gate item must be 1 to %zu", im->name,
                       im->n_items);
    if (im->gate && (im->gate_no < 0 || im->gate_no > im->code_max))
        return err_set(e, ERR_INPUT, "impact %s: the gate's No code must be 0 to %d", im->name,
                       im->code_max);
    if (im->n_sum < 1 || im->n_sum > im->n_items || !im->sum)
        return err_set(e, ERR_INPUT, "impact %s must sum 1 to %zu items", im->name, im->n_items);
    char what[INSTRUMENT_NAME_MAX + 32];
    snprintf(what, sizeof what, "impact %s", im->name);
    int rc = check_positions(im->sum, im->n_sum, im->n_items, what, e);
    if (rc)
        return rc;
    for (size_t i = 0; i < im->n_sum; i++)
        if (im->sum[i] == im->gate)
            return err_set(e, ERR_INPUT, "impact %s: the gate item %d cannot also be summed",
                           im->name, im->gate);
    return 0;
}

/* Every score name, in result order; returns the count. */
static size_t score_names(const struct instrument *in, const char **names)
{
    size_t n = 0;
    for (size_t i = 0; i < in->n_scales; i++)
        names[n++] = in->scales[i].name;
    for (size_t i = 0; i < in->n_totals; i++)
        names[n++] = in->totals[i].name;
    if (in->impact)
        names[n++] = in->impact->name;
    return n;
}

static int check_names(const struct instrument *in, struct err *e)
{
    const char *names[INSTRUMENT_MAX_SCORES];
    size_t n = score_names(in, names);
    for (size_t i = 0; i < n; i++) {
        for (size_t r = 0; r < sizeof reserved_names / sizeof *reserved_names; r++)
            if (strcmp(names[i], reserved_names[r]) == 0)
                return err_set(e, ERR_INPUT, "'%s' cannot name a score (it is reserved)", names[i]);
        for (size_t j = 0; j < i; j++)
            if (strcmp(names[i], names[j]) == 0)
                return err_set(e, ERR_INPUT, "two scores are named '%s'", names[i]);
    }
    return 0;
}

static int find_scheme(const struct instrument *in, const char *scheme)
{
    for (size_t i = 0; i < in->n_schemes; i++)
        if (strcmp(in->schemes[i], scheme) == 0)
            return (int)i;
    return -1;
}

static int check_bands(const struct instrument *in, struct err *e)
{
    if (in->n_schemes > INSTRUMENT_MAX_SCHEMES || (in->n_schemes && !in->schemes))
        return err_set(e, ERR_INPUT, "a measure may have at most %d banding schemes",
                       INSTRUMENT_MAX_SCHEMES);
    for (size_t i = 0; i < in->n_schemes; i++) {
        if (!instrument_valid_name(in->schemes[i]))
            return err_set(e, ERR_INPUT, "banding scheme %zu has no valid name", i + 1);
        if (find_scheme(in, in->schemes[i]) != (int)i)
            return err_set(e, ERR_INPUT, "banding scheme %s is listed twice", in->schemes[i]);
    }
    if (in->n_bands && !in->bands)
        return err_set(e, ERR_INPUT, "band tables are missing");
    for (size_t t = 0; t < in->n_bands; t++) {
        const struct instrument_bands *b = &in->bands[t];
        if (!b->scheme || find_scheme(in, b->scheme) < 0)
            return err_set(e, ERR_INPUT, "bands: '%s' is not a banding scheme of %s",
                           b->scheme ? b->scheme : "", in->key);
        int lo, hi;
        if (!b->score || !instrument_score_range(in, b->score, &lo, &hi))
            return err_set(e, ERR_INPUT, "bands %s: '%s' is not a score of %s", b->scheme,
                           b->score ? b->score : "", in->key);
        for (size_t i = 0; i < in->n_totals; i++)
            if (in->totals[i].unbanded && strcmp(in->totals[i].name, b->score) == 0)
                return err_set(e, ERR_INPUT, "bands %s: total %s is marked as having no bands",
                               b->scheme, b->score);
        for (size_t u = 0; u < t; u++)
            if (strcmp(in->bands[u].scheme, b->scheme) == 0 &&
                strcmp(in->bands[u].score, b->score) == 0)
                return err_set(e, ERR_INPUT, "bands %s %s are given twice", b->scheme, b->score);
        if (b->n_bands < 1 || b->n_bands > INSTRUMENT_MAX_BANDS || !b->bands)
            return err_set(e, ERR_INPUT, "bands %s %s need 1 to %d ranges", b->scheme, b->score,
                           INSTRUMENT_MAX_BANDS);
        for (size_t i = 0; i < b->n_bands; i++) {
            const struct instrument_band *r = &b->bands[i];
            if (r->lo > r->hi || r->lo < lo || r->hi > hi)
                return err_set(e, ERR_INPUT,
                               "bands %s %s: the range %d to %d is not within %s's range %d "
                               "to %d",
                               b->scheme, b->score, r->lo, r->hi, b->score, lo, hi);
            if (!valid_text(r->label))
                return err_set(e, ERR_INPUT, "bands %s %s: the range %d to %d has no label",
                               b->scheme, b->score, r->lo, r->hi);
            for (size_t j = 0; j < i; j++)
                if (r->lo <= b->bands[j].hi && b->bands[j].lo <= r->hi)
                    return err_set(
                        e, ERR_INPUT, "bands %s %s: the ranges %d to %d and %d to %d overlap",
                        b->scheme, b->score, b->bands[j].lo, b->bands[j].hi, r->lo, r->hi);
        }
    }
    return 0;
}

static int check_reliability(const struct instrument *in, struct err *e)
{
    if (in->n_reliability && !in->reliability)
        return err_set(e, ERR_INPUT, "reliability figures are missing");
    for (size_t i = 0; i < in->n_reliability; i++) {
        const struct instrument_reliability *r = &in->reliability[i];
        int lo, hi;
        if (!r->score || !instrument_score_range(in, r->score, &lo, &hi))
            return err_set(e, ERR_INPUT, "reliability: '%s' is not a score of %s",
                           r->score ? r->score : "", in->key);
        if (!isfinite(r->retest_r) || r->retest_r < 0.0 || r->retest_r >= 1.0)
            return err_set(e, ERR_INPUT,
                           "reliability %s: the test-retest r must be from 0 to below 1", r->score);
        if (!isfinite(r->sd) || r->sd <= 0.0)
            return err_set(e, ERR_INPUT, "reliability %s: the SD must be more than 0", r->score);
        for (size_t j = 0; j < i; j++)
            if (strcmp(in->reliability[j].score, r->score) == 0)
                return err_set(e, ERR_INPUT, "reliability %s is given twice", r->score);
    }
    return 0;
}

int instrument_check(const struct instrument *in, struct err *e)
{
    if (!in)
        return err_set(e, ERR_INPUT, "no measure definition");
    if (!instrument_valid_name(in->key))
        return err_set(e, ERR_INPUT,
                       "a measure's key must be 1 to %d lower-case letters, digits, '-' or '_', "
                       "starting with a letter",
                       INSTRUMENT_NAME_MAX);
    if (!valid_text(in->title) || !valid_text(in->version) || !valid_text(in->informant))
        return err_set(e, ERR_INPUT, "%s needs a title, a version and an informant", in->key);
    if (in->age_min < -1 || in->age_max < -1 || in->age_min > 150 || in->age_max > 150 ||
        (in->age_min >= 0 && in->age_max >= 0 && in->age_min > in->age_max))
        return err_set(e, ERR_INPUT, "%s: the age range %d to %d is not valid", in->key,
                       in->age_min, in->age_max);
    if (in->n_items < 1 || in->n_items > INSTRUMENT_MAX_ITEMS)
        return err_set(e, ERR_INPUT, "%s: a measure has 1 to %d items", in->key,
                       INSTRUMENT_MAX_ITEMS);
    if (in->code_min < 0 || in->code_min >= in->code_max || in->code_max > INSTRUMENT_MAX_CODE)
        return err_set(e, ERR_INPUT,
                       "%s: response codes must run from a lower to a higher code "
                       "within 0 to %d",
                       in->key, INSTRUMENT_MAX_CODE);
    int rc = check_positions(in->reversed, in->n_reversed, in->n_items, "reversed items", e);
    if (rc || (rc = check_scales(in, e)) || (rc = check_totals(in, e)))
        return rc;
    if (in->impact && (rc = check_impact(in->impact, e)))
        return rc;
    if ((rc = check_names(in, e)) || (rc = check_bands(in, e)) || (rc = check_reliability(in, e)))
        return rc;
    return 0;
}

static bool is_reversed(const struct instrument *in, size_t item)
{
    for (size_t i = 0; i < in->n_reversed; i++)
        if ((size_t)in->reversed[i] == item)
            return true;
    return false;
}

/* Half up in exact arithmetic: floor(0.5 + sum * n / k) for sum, n >= 0 and
 * k > 0 is floor((2 * sum * n + k) / (2 * k)). */
static int prorate(int sum, int n_items, int n_answered)
{
    return (2 * sum * n_items + n_answered) / (2 * n_answered);
}

static int score_scale(const struct instrument *in, const struct instrument_scale *s,
                       const int *item_scores)
{
    int sum = 0, answered = 0;
    for (size_t i = 0; i < s->n_items; i++) {
        int v = item_scores[s->items[i]];
        if (v != SCORE_MISSING) {
            sum += v;
            answered++;
        }
    }
    if (answered < s->min_answered)
        return SCORE_MISSING;
    return prorate(sum, (int)s->n_items, answered);
}

static int score_impact(const struct instrument_impact *im, const int *raw)
{
    if (im->gate && raw[im->gate - 1] == im->gate_no)
        return 0;
    int sum = 0, answered = 0;
    for (size_t i = 0; i < im->n_sum; i++) {
        int v = raw[im->sum[i] - 1];
        if (v != SCORE_MISSING) {
            sum += im->recode[v];
            answered++;
        }
    }
    return answered ? sum : SCORE_MISSING;
}

static int check_age(const struct instrument *in, int age, struct err *e)
{
    if (age == -1)
        return 0;
    if (age < 0)
        return err_set(e, ERR_INPUT, "an age cannot be negative (got %d)", age);
    if ((in->age_min >= 0 && age < in->age_min) || (in->age_max >= 0 && age > in->age_max)) {
        if (in->age_max < 0)
            return err_set(e, ERR_INPUT, "%s is for ages %d and over (got %d)", in->title,
                           in->age_min, age);
        return err_set(e, ERR_INPUT, "%s is for ages %d to %d (got %d)", in->title,
                       in->age_min < 0 ? 0 : in->age_min, in->age_max, age);
    }
    return 0;
}

static void set_bands(const struct instrument *in, struct score_result *out)
{
    for (size_t t = 0; t < in->n_bands; t++) {
        const struct instrument_bands *b = &in->bands[t];
        int s = find_scheme(in, b->scheme), i = score_index(out, b->score);
        if (NEVER(s < 0 || i < 0) || out->values[i] == SCORE_MISSING)
            continue;
        for (size_t r = 0; r < b->n_bands; r++)
            if (out->values[i] >= b->bands[r].lo && out->values[i] <= b->bands[r].hi)
                out->bands[s][i] = b->bands[r].label;
    }
}

int instrument_score(const struct instrument *in, const int *responses, size_t n, const int *impact,
                     size_t n_impact, int age_years, struct score_result *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    if (n != in->n_items)
        return err_set(e, ERR_INPUT, "%s takes %zu responses, got %zu", in->title, in->n_items, n);
    int rc = check_age(in, age_years, e);
    if (rc)
        return rc;
    int item_scores[INSTRUMENT_MAX_ITEMS + 1]; /* by 1-based item number */
    for (size_t i = 0; i < n; i++) {
        int v = responses[i];
        if (v != SCORE_MISSING && (v < in->code_min || v > in->code_max))
            return err_set(e, ERR_INPUT,
                           "item %zu: %d is not an allowed response (%d to %d, or missing)", i + 1,
                           v, in->code_min, in->code_max);
        if (v != SCORE_MISSING && is_reversed(in, i + 1))
            v = in->code_min + in->code_max - v;
        item_scores[i + 1] = v;
    }
    const struct instrument_impact *im = in->impact;
    if (n_impact && !im)
        return err_set(e, ERR_INPUT, "%s has no impact supplement", in->title);
    if (n_impact && n_impact != im->n_items)
        return err_set(e, ERR_INPUT, "the impact supplement of %s takes %zu responses, got %zu",
                       in->title, im->n_items, n_impact);
    for (size_t i = 0; i < n_impact; i++)
        if (impact[i] != SCORE_MISSING && (impact[i] < 0 || impact[i] > im->code_max))
            return err_set(e, ERR_INPUT,
                           "impact item %zu: %d is not an allowed response (0 to %d, or missing)",
                           i + 1, impact[i], im->code_max);

    out->instrument = in;
    out->n_scores = score_names(in, out->names);
    out->n_schemes = in->n_schemes;
    for (size_t i = 0; i < out->n_scores; i++)
        out->banded[i] = true;
    for (size_t t = 0; t < in->n_totals; t++)
        out->banded[in->n_scales + t] = !in->totals[t].unbanded;
    size_t k = 0;
    for (size_t i = 0; i < in->n_scales; i++)
        out->values[k++] = score_scale(in, &in->scales[i], item_scores);
    for (size_t t = 0; t < in->n_totals; t++) {
        const struct instrument_total *tot = &in->totals[t];
        int sum = 0;
        for (size_t p = 0; p < tot->n_parts && sum != SCORE_MISSING; p++) {
            int s = find_scale(in, tot->parts[p]);
            int v = NEVER(s < 0) ? SCORE_MISSING : out->values[s];
            sum = v == SCORE_MISSING ? SCORE_MISSING : sum + v;
        }
        out->values[k++] = sum;
    }
    if (im)
        out->values[k++] = n_impact ? score_impact(im, impact) : SCORE_MISSING;
    set_bands(in, out);
    return 0;
}

int score_index(const struct score_result *r, const char *name)
{
    for (size_t i = 0; i < r->n_scores; i++)
        if (strcmp(r->names[i], name) == 0)
            return (int)i;
    return -1;
}

int score_value(const struct score_result *r, const char *name)
{
    int i = score_index(r, name);
    return i < 0 ? SCORE_MISSING : r->values[i];
}

const char *score_band(const struct score_result *r, const char *scheme, const char *name)
{
    int i = score_index(r, name);
    if (i < 0 || !r->instrument)
        return NULL;
    int s = find_scheme(r->instrument, scheme);
    return s < 0 ? NULL : r->bands[s][i];
}

const struct instrument_reliability *instrument_reliability_for(const struct instrument *in,
                                                                const char *score)
{
    for (size_t i = 0; i < in->n_reliability; i++)
        if (strcmp(in->reliability[i].score, score) == 0)
            return &in->reliability[i];
    return NULL;
}

static bool printable(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
            return false;
    return true;
}

int instrument_parse_codes(const char *text, int min, int max, int *out, size_t n, const char *what,
                           struct err *e)
{
    if (!text)
        return err_set(e, ERR_INPUT, "no %ss were given", what);
    size_t count = 1;
    for (const char *p = text; *p; p++)
        count += *p == ',';
    if (count != n)
        return err_set(e, ERR_INPUT, "expected %zu %ss, got %zu", n, what, count);
    const char *p = text;
    for (size_t i = 0; i < n; i++) {
        const char *end = strchr(p, ',');
        if (!end)
            end = p + strlen(p);
        const char *s = p, *t = end;
        while (s < t && (*s == ' ' || *s == '\t'))
            s++;
        while (t > s && (t[-1] == ' ' || t[-1] == '\t'))
            t--;
        size_t len = (size_t)(t - s);
        int v = 0;
        bool ok = len > 0 && len <= 9;
        for (size_t j = 0; ok && j < len; j++) {
            ok = s[j] >= '0' && s[j] <= '9';
            v = v * 10 + (s[j] - '0');
        }
        if (len == 0) {
            out[i] = SCORE_MISSING;
        } else if (!ok || v < min || v > max) {
            if (!printable(s, len) || len > 20)
                return err_set(e, ERR_INPUT,
                               "%s %zu is not allowed (%d to %d, or empty when missing)", what,
                               i + 1, min, max);
            return err_set(e, ERR_INPUT,
                           "%s %zu: '%.*s' is not allowed (%d to %d, or empty when missing)", what,
                           i + 1, (int)len, s, min, max);
        } else {
            out[i] = v;
        }
        p = *end ? end + 1 : end;
    }
    return 0;
}
