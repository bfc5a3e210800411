/* progtemplate.c - Size: one file for the one meso-programme format: its key
 * table, each key's checks, the whole-template checks, and storing and
 * reading templates; it reads as one format, split by key kind inside. */
#include "model/programmes/progtemplate.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/str.h"
#include "core/textlines.h"
#include "db/db.h"

#define FORMAT_NAME    "meso-programme"
#define FORMAT_VERSION 1

const char *const pt_kind_names[] = { "group", "individual", NULL };
const char *const pt_counts_names[] = { "both", "child", "parent", "either", NULL };
const char *const pt_invite_fields[] = { "child",     "parent",     "school",
                                         "programme", "first_date", NULL };
static const char *const tiers[] = { "universal", "selected", "indicated", NULL };

enum key_id {
    K_KEY,
    K_NAME,
    K_DESCRIPTION,
    K_SOURCE,
    K_KIND,
    K_SESSIONS,
    K_SESSION_MINUTES,
    K_WRITEUP_MINUTES,
    K_INTERVAL_DAYS,
    K_COMPLETE_AT,
    K_COMPLETE_WORD,
    K_COUNTS_WHEN,
    K_COMMITMENT,
    K_STORIES,
    K_HUB_SIZE,
    K_MAX_FAMILIES,
    K_AGES,
    K_FOLLOW_ON,
    K_READING,
    K_TURN_ORDER,
    K_TURN_ROUNDS,
    K_TIER,
    K_OUTCOME,
    K_MEASURE,
    K_RELIABILITY,
    K_AGENDA,
    K_ROLE,
    K_INVITE_TITLE,
    K_INVITE,
    K_N
};

struct key_spec {
    const char *name;
    const char *usage;
    bool repeat;
};

static const struct key_spec keys[K_N] = {
    [K_KEY] = { "key", "NAME", false },
    [K_NAME] = { "name", "TEXT", false },
    [K_DESCRIPTION] = { "description", "TEXT", false },
    [K_SOURCE] = { "source", "TEXT", false },
    [K_KIND] = { "kind", "group or individual", false },
    [K_SESSIONS] = { "sessions", "COUNT (1-52)", false },
    [K_SESSION_MINUTES] = { "session-minutes", "MINUTES (1-600)", false },
    [K_WRITEUP_MINUTES] = { "writeup-minutes", "MINUTES (0-600)", false },
    [K_INTERVAL_DAYS] = { "interval-days", "DAYS (1-31)", false },
    [K_COMPLETE_AT] = { "complete-at", "SESSIONS", false },
    [K_COMPLETE_WORD] = { "complete-word", "WORD (completed, graduated)", false },
    [K_COUNTS_WHEN] = { "counts-when", "both, child, parent or either", false },
    [K_COMMITMENT] = { "commitment-session", "yes or no", false },
    [K_STORIES] = { "stories", "yes or no", false },
    [K_HUB_SIZE] = { "hub-size", "MIN MAX (families per hub)", false },
    [K_MAX_FAMILIES] = { "max-families", "COUNT", false },
    [K_AGES] = { "ages", "MIN MAX (years)", false },
    [K_FOLLOW_ON] = { "follow-on", "EVERY-MONTHS FOR-MONTHS", false },
    [K_READING] = { "reading", "PER-WEEK MINUTES", false },
    [K_TURN_ORDER] = { "turn-order", "TEXT", false },
    [K_TURN_ROUNDS] = { "turn-rounds", "MIN MAX", false },
    [K_TIER] = { "tier", "universal, selected or indicated", false },
    [K_OUTCOME] = { "outcome", "CODE", true },
    [K_MEASURE] = { "measure", "INSTRUMENT SCORE lower|higher", false },
    [K_RELIABILITY] = { "reliability", "RETEST-R SD [SOURCE]", false },
    [K_AGENDA] = { "agenda", "MINUTES LABEL", true },
    [K_ROLE] = { "role", "CODE MIN LABEL", true },
    [K_INVITE_TITLE] = { "invite-title", "TEXT", false },
    [K_INVITE] = { "invite", "TEXT", true },
};

struct parser {
    struct arena *a;
    const char *file;
    struct err *e;
    long line;
    struct progtemplate *t;
    bool has_format;
    long seen[K_N]; /* the line each key was first given on; 0 = not given */
};

struct tok {
    const char *s;
    size_t len;
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

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static bool tok_is(struct tok t, const char *s)
{
    return strlen(s) == t.len && memcmp(t.s, s, t.len) == 0;
}

/* Split s[0..len) at blanks into at most cap tokens; false when there are
 * more. */
static bool tokenize(const char *s, size_t len, struct tok *t, size_t cap, size_t *n)
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
        if (*n == cap)
            return false;
        t[(*n)++] = (struct tok){ s + start, i - start };
    }
    return true;
}

/* Split off the first k words of s[0..len) into t; *tail is what follows
 * (trimmed). False when there are fewer than k words. */
static bool first_words(const char *s, size_t len, struct tok *t, size_t k, const char **tail,
                        size_t *tail_len)
{
    size_t i = 0;
    for (size_t w = 0; w < k; w++) {
        while (i < len && is_blank(s[i]))
            i++;
        if (i == len)
            return false;
        size_t start = i;
        while (i < len && !is_blank(s[i]))
            i++;
        t[w] = (struct tok){ s + start, i - start };
    }
    while (i < len && is_blank(s[i]))
        i++;
    *tail = s + i;
    *tail_len = len - i;
    return true;
}

static bool tok_int(struct tok t, int lo, int hi, int *out)
{
    if (t.len == 0 || t.len > 9)
        return false;
    long v = 0;
    for (size_t i = 0; i < t.len; i++) {
        if (t.s[i] < '0' || t.s[i] > '9')
            return false;
        v = v * 10 + (t.s[i] - '0');
    }
    if (v < lo || v > hi)
        return false;
    *out = (int)v;
    return true;
}

static bool tok_double(struct tok t, double *out)
{
    char tmp[32];
    if (t.len == 0 || t.len >= sizeof tmp)
        return false;
    memcpy(tmp, t.s, t.len);
    tmp[t.len] = '\0';
    return str_to_double(tmp, out) == 0;
}

/* A name: 1 to PT_NAME_MAX characters of a-z 0-9 - _, starting with a
 * letter. */
static bool valid_name(const char *s, size_t len)
{
    if (len == 0 || len > PT_NAME_MAX || s[0] < 'a' || s[0] > 'z')
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    }
    return true;
}

static int pick(const char *const *list, struct tok t)
{
    for (int i = 0; list[i]; i++)
        if (tok_is(t, list[i]))
            return i;
    return -1;
}

static const char *dup_tok(struct parser *p, struct tok t)
{
    return arena_strndup(p->a, t.s, t.len);
}

/* Check an invitation paragraph's {placeholders}. */
static int check_invite(struct parser *p, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '}')
            return FAIL(p, "a '}' without its '{'");
        if (s[i] != '{')
            continue;
        const char *end = memchr(s + i, '}', len - i);
        if (!end)
            return FAIL(p, "a '{' without its '}'");
        size_t n = (size_t)(end - (s + i)) - 1;
        bool known = false;
        for (int k = 0; pt_invite_fields[k]; k++)
            if (strlen(pt_invite_fields[k]) == n && memcmp(pt_invite_fields[k], s + i + 1, n) == 0)
                known = true;
        if (!known)
            return FAIL(p,
                        "'{%.*s}' is not something meso can fill in (use {child}, {parent}, "
                        "{school}, {programme} or {first_date})",
                        (int)(n > 40 ? 40 : n), s + i + 1);
        i += n + 1;
    }
    return 0;
}

/* The keys whose value is words and free text (reliability, agenda, role,
 * invitation): rest is the whole value. */
static int text_key(struct parser *p, int id, const char *rest, size_t rest_len)
{
    struct progtemplate *tp = p->t;
#define USAGE() FAIL(p, "expected: %s %s", keys[id].name, keys[id].usage)
    switch ((enum key_id)id) {
    case K_RELIABILITY: {
        struct tok w[2];
        const char *src;
        size_t src_len;
        if (!first_words(rest, rest_len, w, 2, &src, &src_len) ||
            !tok_double(w[0], &tp->retest_r) || !tok_double(w[1], &tp->sd))
            return USAGE();
        if (!(tp->retest_r >= 0 && tp->retest_r < 1))
            return FAIL(p, "the test-retest r must be at least 0 and below 1");
        if (!(tp->sd > 0 && tp->sd < 1e6))
            return FAIL(p, "the SD must be above 0");
        tp->has_reliability = true;
        tp->reliability_source = src_len ? arena_strndup(p->a, src, src_len) : NULL;
        return 0;
    }
    case K_AGENDA: {
        struct tok w[1];
        const char *label;
        size_t label_len;
        int minutes;
        if (!first_words(rest, rest_len, w, 1, &label, &label_len) ||
            !tok_int(w[0], 0, 600, &minutes) || label_len == 0)
            return USAGE();
        if (tp->n_agenda == PT_MAX_AGENDA)
            return FAIL(p, "more than %d agenda items", PT_MAX_AGENDA);
        if (label_len > 300)
            return FAIL(p, "the agenda item is longer than 300 bytes");
        tp->agenda[tp->n_agenda++] =
            (struct pt_agenda_item){ minutes, arena_strndup(p->a, label, label_len) };
        return 0;
    }
    case K_ROLE: {
        struct tok w[2];
        const char *label;
        size_t label_len;
        int min;
        if (!first_words(rest, rest_len, w, 2, &label, &label_len) ||
            !valid_name(w[0].s, w[0].len) || !tok_int(w[1], 0, 20, &min) || label_len == 0 ||
            label_len > 100)
            return USAGE();
        if (tp->n_roles == PT_MAX_ROLES)
            return FAIL(p, "more than %d roles", PT_MAX_ROLES);
        for (size_t i = 0; i < tp->n_roles; i++)
            if (tok_is(w[0], tp->roles[i].code))
                return FAIL(p, "the role '%s' is given twice", tp->roles[i].code);
        tp->roles[tp->n_roles++] =
            (struct pt_role){ dup_tok(p, w[0]), min, arena_strndup(p->a, label, label_len) };
        return 0;
    }
    case K_INVITE_TITLE:
    case K_INVITE: {
        int rc = check_invite(p, rest, rest_len);
        if (rc)
            return rc;
        const char *v = arena_strndup(p->a, rest, rest_len);
        if (id == K_INVITE_TITLE) {
            tp->invite_title = v;
        } else {
            if (tp->n_invite == PT_MAX_INVITE)
                return FAIL(p, "more than %d invitation paragraphs", PT_MAX_INVITE);
            tp->invite[tp->n_invite++] = v;
        }
        return 0;
    }
    default:
        break;
    }
#undef USAGE
    return 0;
}

/* The keys whose value is one or two numbers (hub sizes, families, ages,
 * follow-on, reading). */
static int sizes_key(struct parser *p, int id, const struct tok *t, size_t n)
{
    struct progtemplate *tp = p->t;
#define USAGE() FAIL(p, "expected: %s %s", keys[id].name, keys[id].usage)
    switch ((enum key_id)id) {
    case K_HUB_SIZE:
        if (n != 2 || !tok_int(t[0], 1, 100, &tp->hub_min) || !tok_int(t[1], 1, 100, &tp->hub_max))
            return USAGE();
        if (tp->hub_min > tp->hub_max)
            return FAIL(p, "the smallest hub (%d) is larger than the largest (%d)", tp->hub_min,
                        tp->hub_max);
        return 0;
    case K_MAX_FAMILIES:
        if (n != 1 || !tok_int(t[0], 1, 1000, &tp->max_families))
            return USAGE();
        return 0;
    case K_AGES:
        if (n != 2 || !tok_int(t[0], 0, 25, &tp->age_min) || !tok_int(t[1], 0, 25, &tp->age_max))
            return USAGE();
        if (tp->age_min > tp->age_max)
            return FAIL(p, "the youngest age (%d) is above the oldest (%d)", tp->age_min,
                        tp->age_max);
        return 0;
    case K_FOLLOW_ON:
        if (n != 2 || !tok_int(t[0], 1, 12, &tp->followon_months) ||
            !tok_int(t[1], 1, 60, &tp->followon_for_months))
            return USAGE();
        return 0;
    case K_READING:
        if (n != 2 || !tok_int(t[0], 1, 7, &tp->reading_per_week) ||
            !tok_int(t[1], 1, 120, &tp->reading_minutes))
            return USAGE();
        return 0;
    default:
        break;
    }
#undef USAGE
    return 0;
}

/* The keys whose value is one word from a list (kind, counting, yes or no,
 * tier). */
static int choice_key(struct parser *p, int id, const struct tok *t, size_t n)
{
    struct progtemplate *tp = p->t;
#define USAGE() FAIL(p, "expected: %s %s", keys[id].name, keys[id].usage)
    switch ((enum key_id)id) {
    case K_KIND: {
        int v = n == 1 ? pick(pt_kind_names, t[0]) : -1;
        if (v < 0)
            return USAGE();
        tp->kind = (enum pt_kind)v;
        return 0;
    }
    case K_COUNTS_WHEN: {
        int v = n == 1 ? pick(pt_counts_names, t[0]) : -1;
        if (v < 0)
            return USAGE();
        tp->counts_when = (enum pt_counts)v;
        return 0;
    }
    case K_COMMITMENT:
    case K_STORIES: {
        bool v;
        if (n == 1 && tok_is(t[0], "yes"))
            v = true;
        else if (n == 1 && tok_is(t[0], "no"))
            v = false;
        else
            return USAGE();
        if (id == K_COMMITMENT)
            tp->commitment_session = v;
        else
            tp->stories = v;
        return 0;
    }
    case K_TIER: {
        int v = n == 1 ? pick(tiers, t[0]) : -1;
        if (v < 0)
            return USAGE();
        tp->tier = tiers[v];
        return 0;
    }
    default:
        break;
    }
#undef USAGE
    return 0;
}

static int key_line(struct parser *p, const char *s, size_t len)
{
    struct tok t[8];
    size_t n;
    size_t klen = 0;
    while (klen < len && !is_blank(s[klen]))
        klen++;
    const char *rest = s + klen;
    size_t rest_len = len - klen;
    while (rest_len && is_blank(*rest)) {
        rest++;
        rest_len--;
    }
    struct tok k = { s, klen };
    int id = -1;
    for (int i = 0; i < K_N; i++)
        if (tok_is(k, keys[i].name))
            id = i;
    if (id < 0) {
        if (tok_is(k, "format"))
            return FAIL(p, "'format' must be the first line");
        return FAIL(p, "unknown key '%.*s'", (int)(klen > 40 ? 40 : klen), s);
    }
    if (!keys[id].repeat && p->seen[id])
        return FAIL(p, "'%s' is given twice (first on line %ld)", keys[id].name, p->seen[id]);
    if (!p->seen[id])
        p->seen[id] = p->line;
    if (rest_len == 0)
        return FAIL(p, "'%s' needs a value: %s %s", keys[id].name, keys[id].name, keys[id].usage);
    bool tokens_ok = tokenize(rest, rest_len, t, 8, &n);
    struct progtemplate *tp = p->t;
#define USAGE() FAIL(p, "expected: %s %s", keys[id].name, keys[id].usage)
    switch ((enum key_id)id) {
    case K_KEY:
        if (n != 1 || !valid_name(t[0].s, t[0].len))
            return FAIL(p,
                        "the key must be 1 to %d characters of a-z, 0-9, - and _, starting "
                        "with a letter",
                        PT_NAME_MAX);
        tp->key = dup_tok(p, t[0]);
        break;
    case K_NAME:
        if (rest_len > 200)
            return FAIL(p, "the name is longer than 200 bytes");
        tp->name = arena_strndup(p->a, rest, rest_len);
        return 0;
    case K_DESCRIPTION:
        tp->description = arena_strndup(p->a, rest, rest_len);
        return 0;
    case K_SOURCE:
        tp->source = arena_strndup(p->a, rest, rest_len);
        return 0;
    case K_KIND:
    case K_COUNTS_WHEN:
    case K_COMMITMENT:
    case K_STORIES:
    case K_TIER: {
        int rc = choice_key(p, id, t, n);
        if (rc)
            return rc;
        break;
    }
    case K_SESSIONS:
        if (n != 1 || !tok_int(t[0], 1, 52, &tp->sessions))
            return USAGE();
        break;
    case K_SESSION_MINUTES:
        if (n != 1 || !tok_int(t[0], 1, 600, &tp->session_minutes))
            return USAGE();
        break;
    case K_WRITEUP_MINUTES:
        if (n != 1 || !tok_int(t[0], 0, 600, &tp->writeup_minutes))
            return USAGE();
        break;
    case K_INTERVAL_DAYS:
        if (n != 1 || !tok_int(t[0], 1, 31, &tp->interval_days))
            return USAGE();
        break;
    case K_COMPLETE_AT:
        if (n != 1 || !tok_int(t[0], 1, 52, &tp->complete_at))
            return USAGE();
        break;
    case K_COMPLETE_WORD:
        if (n != 1 || t[0].len > 20 || !valid_name(t[0].s, t[0].len))
            return USAGE();
        tp->complete_word = dup_tok(p, t[0]);
        break;
    case K_HUB_SIZE:
    case K_MAX_FAMILIES:
    case K_AGES:
    case K_FOLLOW_ON:
    case K_READING: {
        int rc = sizes_key(p, id, t, n);
        if (rc)
            return rc;
        break;
    }
    case K_TURN_ORDER:
        tp->turn_order = arena_strndup(p->a, rest, rest_len);
        return 0;
    case K_TURN_ROUNDS:
        if (n != 2 || !tok_int(t[0], 1, 10, &tp->turn_rounds_min) ||
            !tok_int(t[1], 1, 10, &tp->turn_rounds_max) ||
            tp->turn_rounds_min > tp->turn_rounds_max)
            return USAGE();
        break;
    case K_OUTCOME:
        if (n != 1 || !valid_name(t[0].s, t[0].len))
            return FAIL(p, "expected one outcome code, like family_relationships");
        if (tp->n_outcomes == PT_MAX_OUTCOME)
            return FAIL(p, "more than %d outcomes", PT_MAX_OUTCOME);
        for (size_t i = 0; i < tp->n_outcomes; i++)
            if (tok_is(t[0], tp->outcomes[i]))
                return FAIL(p, "the outcome '%s' is given twice", tp->outcomes[i]);
        tp->outcomes[tp->n_outcomes++] = dup_tok(p, t[0]);
        break;
    case K_MEASURE:
        if (n != 3 || !valid_name(t[0].s, t[0].len) || !valid_name(t[1].s, t[1].len) ||
            !(tok_is(t[2], "lower") || tok_is(t[2], "higher")))
            return USAGE();
        tp->measure_instrument = dup_tok(p, t[0]);
        tp->measure_score = dup_tok(p, t[1]);
        tp->measure_better = tok_is(t[2], "lower") ? -1 : 1;
        break;
    case K_RELIABILITY:
    case K_AGENDA:
    case K_ROLE:
    case K_INVITE_TITLE:
    case K_INVITE:
        return text_key(p, id, rest, rest_len);
    case K_N:
        break;
    }
#undef USAGE
    if (!tokens_ok)
        return FAIL(p, "too many values for '%s'", keys[id].name);
    return 0;
}

static int format_line(struct parser *p, const char *s, size_t len)
{
    struct tok t[4];
    size_t n;
    int v;
    if (!tokenize(s, len, t, 4, &n) || n != 3 || !tok_is(t[0], "format") ||
        !tok_is(t[1], FORMAT_NAME))
        return FAIL(p, "a programme template must start with 'format " FORMAT_NAME " %d'",
                    FORMAT_VERSION);
    if (!tok_int(t[2], 0, 1000000, &v) || v != FORMAT_VERSION)
        return FAIL(p, "format version '%.*s' is not supported (this meso reads version %d)",
                    (int)(t[2].len > 20 ? 20 : t[2].len), t[2].s, FORMAT_VERSION);
    p->has_format = true;
    return 0;
}

static int check_line(struct parser *p, const char *s, size_t len)
{
    if (len > PT_LINE_MAX)
        return FAIL(p, "the line is longer than %d bytes", PT_LINE_MAX);
    if (memchr(s, '\0', len))
        return FAIL(p, "the line contains a NUL byte");
    if (!str_utf8_valid(s, len))
        return FAIL(p, "the line is not valid UTF-8");
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] < 0x20 && s[i] != '\t') || s[i] == 0x7f)
            return FAIL(p, "the line contains a control character (byte %zu)", i + 1);
    return 0;
}

static int finish(struct parser *p)
{
    struct progtemplate *t = p->t;
    if (!p->has_format)
        return fail_at(p, 0,
                       "the file is empty (a programme template starts with 'format " FORMAT_NAME
                       " %d')",
                       FORMAT_VERSION);
    static const enum key_id need[] = { K_KEY,        K_NAME, K_KIND, K_SESSIONS, K_SESSION_MINUTES,
                                        K_COMPLETE_AT };
    for (size_t i = 0; i < sizeof need / sizeof *need; i++)
        if (!p->seen[need[i]])
            return fail_at(p, 0, "'%s' is missing", keys[need[i]].name);
    if (t->n_agenda == 0)
        return fail_at(p, 0,
                       "the template has no agenda (give each part of a session as "
                       "'agenda MINUTES LABEL'; it is the fidelity checklist)");
    if (t->complete_at > t->sessions)
        return fail_at(p, p->seen[K_COMPLETE_AT],
                       "complete-at is %d, but there are only %d sessions", t->complete_at,
                       t->sessions);
    if (t->kind == PT_INDIVIDUAL && t->hub_max)
        return fail_at(p, p->seen[K_HUB_SIZE], "an individual programme has no hubs");
    if (t->hub_max && t->max_families && t->hub_min > t->max_families)
        return fail_at(p, p->seen[K_HUB_SIZE], "a hub is larger than max-families allows");
    if (p->seen[K_TURN_ROUNDS] && !t->turn_order)
        return fail_at(p, p->seen[K_TURN_ROUNDS], "turn-rounds needs a turn-order");
    if (!p->seen[K_INTERVAL_DAYS])
        t->interval_days = 7;
    if (!t->complete_word)
        t->complete_word = "completed";
    if (!t->tier)
        t->tier = "selected";
    if (!p->seen[K_AGES])
        t->age_min = t->age_max = -1;
    if (!t->invite_title)
        t->invite_title = "An invitation for {child}";
    if (t->n_invite == 0)
        t->invite[t->n_invite++] = "We would like to invite {child} to take part in {programme} "
                                   "at {school}. The first session is on {first_date}.";
    if (!t->source)
        t->source = p->file;
    return 0;
}

int progtemplate_parse(struct arena *a, const char *name, const char *text, size_t len,
                       struct progtemplate *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct parser p = { .a = a, .file = name ? name : "(template)", .e = e, .t = out };
    if (len > PT_FILE_MAX)
        return fail_at(&p, 0, "the file is larger than %d KiB", PT_FILE_MAX / 1024);
    struct text_lines lines;
    text_lines_init(&lines, text, len);
    int rc;
    const char *s;
    size_t n;
    while (text_lines_next(&lines, &s, &n)) {
        p.line = lines.line;
        if ((rc = check_line(&p, s, n)))
            return rc;
        text_trim(&s, &n);
        if (n == 0 || *s == '#')
            continue;
        rc = p.has_format ? key_line(&p, s, n) : format_line(&p, s, n);
        if (rc)
            return rc;
    }
    if ((rc = finish(&p)))
        return rc;
    out->definition = arena_strndup(a, text, len);
    if (!out->definition || !out->key)
        return nomem(&p);
    return 0;
}

int progtemplate_load(struct arena *a, const char *path, struct progtemplate *out, struct err *e)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return err_set(e, ERR_NOTFOUND, "cannot read %s: %s", path, strerror(errno));
    struct buf b;
    buf_init(&b, PT_FILE_MAX);
    char chunk[4096];
    size_t got;
    int rc = 0;
    while (rc == 0 && (got = fread(chunk, 1, sizeof chunk, f)) > 0)
        rc = buf_add(&b, chunk, got);
    bool bad = ferror(f) != 0;
    fclose(f);
    if (rc == ERR_LIMIT)
        rc = err_set(e, ERR_INPUT, "%s: the file is larger than %d KiB", path, PT_FILE_MAX / 1024);
    else if (rc)
        rc = err_set(e, ERR_NOMEM, "out of memory");
    else if (bad)
        rc = err_set(e, ERR_NOTFOUND, "cannot read %s", path);
    else
        rc = progtemplate_parse(a, path, buf_str(&b), b.len, out, e);
    buf_release(&b);
    return rc;
}

const char *progtemplate_role_label(const struct progtemplate *t, const char *code)
{
    for (size_t i = 0; t && code && i < t->n_roles; i++)
        if (!strcmp(t->roles[i].code, code))
            return t->roles[i].label;
    return code ? code : "";
}

const char *progtemplate_people(const struct progtemplate *t)
{
    return t && t->counts_when == PT_COUNTS_CHILD ? "pupils" : "families";
}

/* ---- storage --------------------------------------------------------- */

static int read_row(struct db_stmt *st, struct arena *a, struct progtemplate *out, struct err *e)
{
    int64_t id = db_col_int(st, 0), school = db_col_int(st, 1);
    const char *key = db_col_text(st, 2), *def = db_col_text(st, 3);
    char name[64];
    snprintf(name, sizeof name, "template %s", key ? key : "?");
    int rc = progtemplate_parse(a, name, def ? def : "", def ? strlen(def) : 0, out, e);
    if (rc)
        return rc;
    out->id = id;
    out->school_id = school;
    return 0;
}

int progtemplate_get(struct db *db, struct arena *a, int64_t id, struct progtemplate *out,
                     struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT id, coalesce(school_id, 0), key, definition FROM programme_template"
                        " WHERE id = ?1",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    rc = db_step(st, e);
    if (rc == DB_ROW)
        rc = read_row(st, a, out, e);
    else if (rc == DB_DONE)
        rc = err_set(e, ERR_NOTFOUND, "no programme template has the number %lld", (long long)id);
    db_finalize(st);
    return rc;
}

int progtemplate_by_key(struct db *db, struct arena *a, int64_t school_id, const char *key,
                        struct progtemplate *out, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT id, coalesce(school_id, 0), key, definition FROM programme_template"
                        " WHERE key = ?2 AND (school_id = ?1 OR school_id IS NULL)"
                        " ORDER BY school_id IS NULL LIMIT 1",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, key);
    rc = db_step(st, e);
    if (rc == DB_ROW)
        rc = read_row(st, a, out, e);
    else if (rc == DB_DONE)
        rc = err_set(e, ERR_NOTFOUND,
                     "there is no programme template '%s' (see `meso template list`)", key);
    db_finalize(st);
    return rc;
}

int progtemplate_list(struct db *db, struct arena *a, int64_t school_id, struct progtemplate **out,
                      size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT id, coalesce(school_id, 0), key, definition FROM programme_template"
                        " WHERE school_id = ?1 OR school_id IS NULL"
                        " ORDER BY school_id IS NOT NULL, id",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct progtemplate *t = arena_push(a, out, n, &cap, sizeof *t);
        if (!t) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        if ((rc = read_row(st, a, t, e)))
            break;
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int progtemplate_add(struct db *db, struct arena *a, int64_t school_id, const char *name,
                     const char *text, size_t len, const char *actor, struct progtemplate *out,
                     struct err *e)
{
    struct progtemplate t;
    int rc = progtemplate_parse(a, name, text, len, &t, e);
    if (rc)
        return rc;
    struct db_stmt *st;
    for (size_t i = 0; i < t.n_outcomes; i++) {
        if ((rc = db_prepare(db, &st, "SELECT 1 FROM outcome WHERE code = ?1", e)))
            return rc;
        db_bind_text(st, 1, t.outcomes[i]);
        rc = db_step(st, e);
        db_finalize(st);
        if (rc == DB_DONE)
            return err_set(e, ERR_INPUT,
                           "%s: the outcome '%s' is not in meso's list (see docs/programmes.md)",
                           name ? name : "(template)", t.outcomes[i]);
        if (rc < 0)
            return rc;
    }
    struct progtemplate existing;
    struct arena tmp;
    arena_init(&tmp, 0);
    rc = progtemplate_by_key(db, &tmp, school_id, t.key, &existing, e);
    arena_release(&tmp);
    if (rc == 0)
        return err_set(e, ERR_CONFLICT,
                       "there is already a programme template with the key '%s'; give a changed "
                       "programme a new key",
                       t.key);
    if (rc != ERR_NOTFOUND)
        return rc;
    err_clear(e);
    char now[DATE_TS_LEN];
    date_timestamp(now);
    if ((rc = db_prepare(db, &st,
                         "INSERT INTO programme_template (school_id, key, definition, added_by,"
                         " added_at) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
                         e)))
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, t.key);
    db_bind_text(st, 3, t.definition);
    db_bind_text(st, 4, actor ? actor : "unknown");
    db_bind_text(st, 5, now);
    rc = db_step_id(st, &t.id, e);
    db_finalize(st);
    if (rc < 0)
        return rc;
    t.school_id = school_id;
    if (out)
        *out = t;
    return 0;
}
