#include "stats/formula.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"

enum tok {
    T_END,
    T_NAME,
    T_NUM,
    T_PLUS,
    T_MINUS,
    T_COLON,
    T_STAR,
    T_SLASH,
    T_LP,
    T_RP,
    T_BAR,
    T_TILDE
};

/* A set of terms while parsing; bits == 0 is the intercept "1". */
struct tset {
    uint64_t t[FORMULA_MAX_TERMS];
    size_t n;
    bool zero;   /* a "0" was added */
    bool no_one; /* a "1" was taken away */
    bool random; /* the value is a random-effects term */
};

/* The order in which variables first appear in one part of the formula. */
struct order {
    size_t rank[FORMULA_MAX_VARS];
    size_t next;
};

struct parser {
    const char *text;
    size_t pos; /* start of the current token */
    size_t end; /* just after it */
    enum tok tok;
    char name[256]; /* the current name */
    int num;
    struct formula *f;
    struct arena *a;
    struct err *e;
    struct order *ord; /* the part being read */
    struct formula_random random[FORMULA_MAX_TERMS];
    size_t n_random;
};

static int fail(struct parser *p, size_t at, const char *why)
{
    const char *t = p->text;
    size_t len = strlen(t);
    if (len <= 200 && !strpbrk(t, "\n\r\t"))
        return err_set(p->e, ERR_INPUT, "formula: at character %zu: %s\n  %s\n  %*s^", at + 1, why,
                       t, (int)at, "");
    return err_set(p->e, ERR_INPUT, "formula: at character %zu: %s", at + 1, why);
}

static bool name_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '_' ||
           (unsigned char)c >= 0x80;
}

static bool name_char(char c)
{
    return name_start(c) || (c >= '0' && c <= '9');
}

static int lex_name(struct parser *p, size_t i)
{
    const char *t = p->text;
    size_t n = 0;
    if (t[i] == '`') {
        size_t j = i + 1;
        while (t[j] && t[j] != '`')
            j++;
        if (!t[j])
            return fail(p, i, "a `quoted name` has no closing backquote");
        n = j - i - 1;
        if (n == 0)
            return fail(p, i, "an empty `quoted name`");
        if (n >= sizeof p->name)
            return fail(p, i, "a name is too long");
        memcpy(p->name, t + i + 1, n);
        p->end = j + 1;
    } else {
        size_t j = i;
        while (name_char(t[j]))
            j++;
        n = j - i;
        if (n >= sizeof p->name)
            return fail(p, i, "a name is too long");
        memcpy(p->name, t + i, n);
        p->end = j;
        if (n == 1 && t[i] == '.')
            return fail(p, i, "'.' (every other column) is not supported; name the columns");
    }
    p->name[n] = '\0';
    p->tok = T_NAME;
    return 0;
}

static int lex(struct parser *p)
{
    const char *t = p->text;
    size_t i = p->end;
    while (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r')
        i++;
    p->pos = i;
    p->end = i + 1;
    char c = t[i];
    switch (c) {
    case '\0':
        p->end = i;
        p->tok = T_END;
        return 0;
    case '+':
        p->tok = T_PLUS;
        return 0;
    case '-':
        p->tok = T_MINUS;
        return 0;
    case ':':
        p->tok = T_COLON;
        return 0;
    case '*':
        p->tok = T_STAR;
        return 0;
    case '/':
        p->tok = T_SLASH;
        return 0;
    case '(':
        p->tok = T_LP;
        return 0;
    case ')':
        p->tok = T_RP;
        return 0;
    case '~':
        p->tok = T_TILDE;
        return 0;
    case '|':
        if (t[i + 1] == '|')
            return fail(p, i, "'||' (uncorrelated random effects) is not supported; use '|'");
        p->tok = T_BAR;
        return 0;
    case '`':
        return lex_name(p, i);
    default:
        break;
    }
    if (c >= '0' && c <= '9') {
        size_t j = i;
        while ((t[j] >= '0' && t[j] <= '9') || t[j] == '.')
            j++;
        if (j - i != 1 || (c != '0' && c != '1'))
            return fail(p, i, "the only numbers a formula may hold are 0 and 1 (the intercept)");
        p->end = j;
        p->tok = T_NUM;
        p->num = c - '0';
        return 0;
    }
    if (name_start(c))
        return lex_name(p, i);
    if (c == '^')
        return fail(p, i, "'^' is not supported; write the interactions out with ':'");
    char why[64];
    snprintf(why, sizeof why, "unexpected character '%c'", c);
    return fail(p, i, why);
}

/* The index of a name, added when new; recorded in the current part's order. */
static int var_index(struct parser *p, size_t at, size_t *out)
{
    struct formula *f = p->f;
    size_t i = 0;
    while (i < f->n_vars && strcmp(f->vars[i], p->name) != 0)
        i++;
    if (i == f->n_vars) {
        if (f->n_vars == FORMULA_MAX_VARS)
            return fail(p, at, "too many names in one formula");
        f->vars[i] = arena_strdup(p->a, p->name);
        if (!f->vars[i])
            return err_set(p->e, ERR_NOMEM, "out of memory");
        f->n_vars++;
    }
    if (p->ord && p->ord->rank[i] == SIZE_MAX)
        p->ord->rank[i] = p->ord->next++;
    *out = i;
    return 0;
}

static int set_add(struct parser *p, struct tset *s, uint64_t bits, size_t at)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->t[i] == bits)
            return 0;
    if (s->n == FORMULA_MAX_TERMS)
        return fail(p, at, "too many terms");
    s->t[s->n++] = bits;
    return 0;
}

static int parse_sum(struct parser *p, struct tset *out, bool top);

static int parse_group(struct parser *p, struct formula_random *r0, size_t *n_levels)
{
    /* name ((':' | '/') name)* ; '/' starts a new, nested level */
    size_t groups[FORMULA_MAX_VARS], n = 0, at = p->pos, levels = 0;
    struct order *saved = p->ord;
    p->ord = NULL;
    int rc = 0;
    for (;;) {
        if (p->tok != T_NAME) {
            rc = fail(p, p->pos, "expected the name of a grouping column after '|'");
            goto out;
        }
        size_t v;
        if ((rc = var_index(p, p->pos, &v)) != 0 || (rc = lex(p)) != 0)
            goto out;
        if (p->tok == T_LP) {
            rc = fail(p, p->pos, "functions are not supported; make a column in the file");
            goto out;
        }
        groups[n++] = v;
        if (p->tok == T_SLASH || p->tok == T_RP) {
            if (p->n_random + levels >= FORMULA_MAX_TERMS) {
                rc = fail(p, at, "too many random-effects terms");
                goto out;
            }
            /* A nested level's own columns come first, then the level above's,
             * as lme4 labels its groups ("S001:L01" for school:la). */
            struct formula_random *r = &r0[levels];
            size_t from = levels == 0 ? 0 : r0[levels - 1].n_group;
            r->n_group = 0;
            for (size_t i = from; i < n; i++)
                r->group[r->n_group++] = groups[i];
            for (size_t i = 0; levels > 0 && i < r0[levels - 1].n_group; i++)
                r->group[r->n_group++] = r0[levels - 1].group[i];
            levels++;
        }
        if (p->tok == T_RP)
            break;
        if (p->tok != T_COLON && p->tok != T_SLASH) {
            rc = fail(p, p->pos, "expected ')' to close the random-effects term");
            goto out;
        }
        if (n == FORMULA_MAX_VARS) {
            rc = fail(p, p->pos, "too many grouping columns");
            goto out;
        }
        if ((rc = lex(p)) != 0)
            goto out;
    }
    *n_levels = levels;
out:
    p->ord = saved;
    return rc;
}

/* A name for a level as lme4 gives it: "g", "a:b"; a nested level is its
 * own names then the level above in parentheses when that has a ':'. */
static const char *group_name(struct parser *p, const struct formula_random *r, size_t own,
                              const char *outer)
{
    struct buf b;
    buf_init(&b, 4096);
    for (size_t i = 0; i < own; i++)
        buf_addf(&b, "%s%s", i ? ":" : "", p->f->vars[r->group[i]]);
    if (outer)
        buf_addf(&b, strchr(outer, ':') ? ":(%s)" : ":%s", outer);
    char *s = arena_strdup(p->a, buf_str(&b));
    buf_release(&b);
    return s;
}

static int finish_part(struct parser *p, const struct tset *s, const struct order *ord,
                       struct formula_part *part);

/* '(' already read. Either a sum in parentheses or a random term. */
static int parse_paren(struct parser *p, struct tset *out, bool top)
{
    size_t at = p->pos;
    struct order lhs_ord, *saved = p->ord;
    for (size_t i = 0; i < FORMULA_MAX_VARS; i++)
        lhs_ord.rank[i] = SIZE_MAX;
    lhs_ord.next = 0;
    /* Read as a sum; if a bar follows, it was the left side of a random term
     * and its names belong to that part. */
    p->ord = &lhs_ord;
    struct tset inner;
    int rc = lex(p);
    if (!rc)
        rc = parse_sum(p, &inner, false);
    p->ord = saved;
    if (rc)
        return rc;
    if (p->tok == T_RP) {
        /* A plain parenthesised sum: its names also belong to the outer part. */
        if (saved)
            for (size_t i = 0; i < FORMULA_MAX_VARS; i++)
                if (lhs_ord.rank[i] != SIZE_MAX && saved->rank[i] == SIZE_MAX)
                    saved->rank[i] = saved->next++;
        *out = inner;
        return lex(p);
    }
    if (p->tok != T_BAR)
        return fail(p, p->pos, "expected ')' or '|'");
    if (!top)
        return fail(p, at, "a random-effects term (... | g) must stand on its own, added with '+'");
    if (inner.random)
        return fail(p, at, "a random-effects term cannot hold another");
    if ((rc = lex(p)) != 0)
        return rc;
    struct formula_random *r0 = &p->random[p->n_random];
    size_t levels = 0;
    if ((rc = parse_group(p, r0, &levels)) != 0)
        return rc;
    const char *outer = NULL;
    for (size_t l = 0; l < levels; l++) {
        struct formula_random *r = &r0[l];
        size_t own = l == 0 ? r->n_group : r->n_group - r0[l - 1].n_group;
        r->name = group_name(p, r, own, l == 0 ? NULL : outer);
        if (!r->name)
            return err_set(p->e, ERR_NOMEM, "out of memory");
        outer = r->name;
        if ((rc = finish_part(p, &inner, &lhs_ord, &r->lhs)) != 0)
            return rc;
    }
    p->n_random += levels;
    memset(out, 0, sizeof *out);
    out->random = true;
    return lex(p);
}

static int parse_atom(struct parser *p, struct tset *out, bool top)
{
    memset(out, 0, sizeof *out);
    size_t at = p->pos;
    switch (p->tok) {
    case T_NAME: {
        size_t v;
        int rc = var_index(p, at, &v);
        if (!rc)
            rc = lex(p);
        if (rc)
            return rc;
        if (p->tok == T_LP)
            return fail(p, at,
                        "functions such as log() or I() are not supported; make a column "
                        "in the file");
        out->t[0] = (uint64_t)1 << v;
        out->n = 1;
        return 0;
    }
    case T_NUM:
        if (p->num == 1)
            out->t[out->n++] = 0;
        else
            out->zero = true;
        return lex(p);
    case T_LP:
        return parse_paren(p, out, top);
    case T_END:
        return fail(p, at, "the formula ends where a term should be");
    default:
        return fail(p, at, "expected a column name, 0, 1 or '('");
    }
}

/* A:B = every union of a term of A with a term of B. */
static int cross(struct parser *p, struct tset *a, const struct tset *b, size_t at)
{
    if (a->random || b->random)
        return fail(p, at, "a random-effects term cannot be part of an interaction");
    if (a->zero || b->zero)
        return fail(p, at, "0 cannot be part of an interaction");
    struct tset r;
    memset(&r, 0, sizeof r);
    for (size_t i = 0; i < a->n; i++)
        for (size_t j = 0; j < b->n; j++) {
            int rc = set_add(p, &r, a->t[i] | b->t[j], at);
            if (rc)
                return rc;
        }
    *a = r;
    return 0;
}

/* inter := atom (':' atom)* */
static int parse_inter(struct parser *p, struct tset *out, bool top)
{
    int rc = parse_atom(p, out, top);
    while (!rc && p->tok == T_COLON) {
        size_t at = p->pos;
        struct tset b;
        if ((rc = lex(p)) != 0 || (rc = parse_atom(p, &b, false)) != 0)
            break;
        rc = cross(p, out, &b, at);
    }
    return rc;
}

/* prod := inter ('*' inter)*; a*b = a + b + a:b */
static int parse_prod(struct parser *p, struct tset *out, bool top)
{
    int rc = parse_inter(p, out, top);
    while (!rc && p->tok == T_STAR) {
        size_t at = p->pos;
        struct tset b, ab;
        if ((rc = lex(p)) != 0 || (rc = parse_inter(p, &b, false)) != 0)
            break;
        ab = *out;
        if ((rc = cross(p, &ab, &b, at)) != 0)
            break;
        for (size_t i = 0; !rc && i < b.n; i++)
            rc = set_add(p, out, b.t[i], at);
        for (size_t i = 0; !rc && i < ab.n; i++)
            rc = set_add(p, out, ab.t[i], at);
    }
    if (!rc && p->tok == T_SLASH)
        return fail(p, p->pos, "'/' (nesting) is supported only after '|' in a random term");
    return rc;
}

/* sum := ['-'] prod (('+' | '-') prod)* */
static int parse_sum(struct parser *p, struct tset *out, bool top)
{
    memset(out, 0, sizeof *out);
    bool minus = false;
    if (p->tok == T_MINUS) {
        minus = true;
        if (lex(p) != 0)
            return p->e->code;
    } else if (p->tok == T_PLUS) {
        return fail(p, p->pos, "expected a term before '+'");
    }
    for (;;) {
        size_t at = p->pos;
        struct tset b;
        int rc = parse_prod(p, &b, top);
        if (rc)
            return rc;
        if (minus) {
            if (b.random)
                return fail(p, at, "a random-effects term cannot be taken away");
            for (size_t j = 0; j < b.n; j++) {
                if (b.t[j] == 0)
                    out->no_one = true;
                for (size_t i = 0; i < out->n; i++)
                    if (out->t[i] == b.t[j]) {
                        memmove(&out->t[i], &out->t[i + 1], (out->n - i - 1) * sizeof out->t[0]);
                        out->n--;
                        break;
                    }
            }
            if (b.zero)
                out->zero = false;
        } else if (!b.random) {
            for (size_t j = 0; j < b.n; j++) {
                if ((rc = set_add(p, out, b.t[j], at)) != 0)
                    return rc;
                if (b.t[j] == 0)
                    out->no_one = false;
            }
            out->zero |= b.zero;
            out->no_one |= b.no_one;
        }
        if (p->tok == T_PLUS)
            minus = false;
        else if (p->tok == T_MINUS)
            minus = true;
        else
            return 0;
        if ((rc = lex(p)) != 0)
            return rc;
    }
}

static int cmp_rank(const size_t *rank, size_t a, size_t b)
{
    return rank[a] < rank[b] ? -1 : rank[a] > rank[b];
}

/* A part from a parsed sum: the intercept, the terms in R's order. */
static int finish_part(struct parser *p, const struct tset *s, const struct order *ord,
                       struct formula_part *part)
{
    part->intercept = !s->zero && !s->no_one;
    part->terms = arena_array(p->a, s->n ? s->n : 1, sizeof *part->terms);
    if (!part->terms)
        return err_set(p->e, ERR_NOMEM, "out of memory");
    part->n_terms = 0;
    for (int order = 1; order <= FORMULA_MAX_VARS; order++)
        for (size_t i = 0; i < s->n; i++) {
            if (s->t[i] == 0 || __builtin_popcountll(s->t[i]) != order)
                continue;
            struct formula_term *t = &part->terms[part->n_terms++];
            t->bits = s->t[i];
            t->n_vars = 0;
            for (size_t v = 0; v < FORMULA_MAX_VARS; v++)
                if (t->bits >> v & 1)
                    t->vars[t->n_vars++] = v;
            /* insertion sort by the part's order of appearance */
            for (size_t a = 1; a < t->n_vars; a++)
                for (size_t b = a; b > 0 && cmp_rank(ord->rank, t->vars[b - 1], t->vars[b]) > 0;
                     b--) {
                    size_t tmp = t->vars[b];
                    t->vars[b] = t->vars[b - 1];
                    t->vars[b - 1] = tmp;
                }
        }
    return 0;
}

int formula_parse(const char *text, struct arena *a, struct formula *f, struct err *e)
{
    memset(f, 0, sizeof *f);
    if (strlen(text) > FORMULA_MAX_TEXT)
        return err_set(e, ERR_INPUT, "formula: longer than %d characters", FORMULA_MAX_TEXT);
    struct parser *p = arena_alloc(a, sizeof *p);
    f->vars = arena_array(a, FORMULA_MAX_VARS, sizeof *f->vars);
    if (!p || !f->vars)
        return err_set(e, ERR_NOMEM, "out of memory");
    struct order fixed_ord;
    for (size_t i = 0; i < FORMULA_MAX_VARS; i++)
        fixed_ord.rank[i] = SIZE_MAX;
    fixed_ord.next = 0;
    p->text = text;
    p->f = f;
    p->a = a;
    p->e = e;
    p->ord = &fixed_ord;
    int rc = lex(p);
    if (rc)
        return rc;
    if (p->tok != T_NAME)
        return fail(p, p->pos,
                    p->tok == T_TILDE ? "the formula needs a response before '~'"
                                      : "expected the response's column name");
    if ((rc = var_index(p, p->pos, &f->response)) != 0 || (rc = lex(p)) != 0)
        return rc;
    if (p->tok == T_LP)
        return fail(p, p->pos, "functions are not supported; make a column in the file");
    if (p->tok != T_TILDE)
        return fail(p, p->pos, "expected '~' after the response");
    if ((rc = lex(p)) != 0)
        return rc;
    struct tset s;
    if ((rc = parse_sum(p, &s, true)) != 0)
        return rc;
    if (p->tok != T_END)
        return fail(p, p->pos,
                    p->tok == T_RP ? "a ')' with no '(' before it"
                                   : "expected '+', '-' or the end of the formula");
    uint64_t resp = (uint64_t)1 << f->response;
    for (size_t i = 0; i < s.n; i++)
        if (s.t[i] & resp)
            return err_set(e, ERR_INPUT, "formula: the response %s cannot also be a term",
                           f->vars[f->response]);
    if ((rc = finish_part(p, &s, &fixed_ord, &f->fixed)) != 0)
        return rc;
    f->n_random = p->n_random;
    f->random = arena_array(a, p->n_random ? p->n_random : 1, sizeof *f->random);
    if (!f->random)
        return err_set(e, ERR_NOMEM, "out of memory");
    memcpy(f->random, p->random, p->n_random * sizeof *f->random);
    return 0;
}
