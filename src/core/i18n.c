#include "core/i18n.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/err.h"

/* ---- the .mo format (GNU gettext manual, "The Format of GNU MO Files") ---- */

#define MO_MAGIC         0x950412deu
#define MO_MAGIC_SWAPPED 0xde120495u

static uint32_t u32(const struct mo *m, size_t off)
{
    uint32_t v;
    memcpy(&v, m->data + off, 4);
    if (m->swap)
        v = (v >> 24) | ((v >> 8) & 0xff00u) | ((v << 8) & 0xff0000u) | (v << 24);
    return v;
}

/* The i-th string of a table (orig or tran): its bytes, or NULL when it lies
 * outside the file or is not NUL-terminated. */
static const char *mo_str(const struct mo *m, uint32_t table, uint32_t i, size_t *len)
{
    size_t at = (size_t)table + (size_t)i * 8;
    uint32_t n = u32(m, at), off = u32(m, at + 4);
    if ((size_t)off > m->len || (size_t)n >= m->len - off || m->data[off + n] != '\0')
        return NULL;
    if (len)
        *len = n;
    return (const char *)m->data + off;
}

/* The Plural-Forms header line: nplurals and the expression. */
static int mo_header(struct mo *m, const char *hdr)
{
    m->nplurals = 2;
    m->plural = "n != 1";
    m->plural_len = 6;
    const char *pf = strstr(hdr, "Plural-Forms:");
    if (!pf)
        return 0;
    const char *end = strchr(pf, '\n');
    if (!end)
        end = pf + strlen(pf);
    const char *np = strstr(pf, "nplurals=");
    const char *pl = strstr(pf, "plural=");
    if (!np || !pl || np > end || pl > end)
        return ERR_INPUT;
    long k = strtol(np + 9, NULL, 10);
    if (k < 1 || k > 6)
        return ERR_INPUT;
    m->nplurals = (unsigned)k;
    m->plural = pl + 7;
    const char *semi = memchr(m->plural, ';', (size_t)(end - m->plural));
    m->plural_len = (size_t)((semi ? semi : end) - m->plural);
    for (unsigned long n = 0; n < 200; n++)
        if (plural_eval(m->plural, m->plural_len, n) < 0)
            return ERR_INPUT;
    return 0;
}

int mo_open(struct mo *m, const void *data, size_t len)
{
    memset(m, 0, sizeof *m);
    m->data = data;
    m->len = len;
    if (len < 28 || len > 0x7fffffffu)
        return ERR_INPUT;
    uint32_t magic;
    memcpy(&magic, data, 4);
    if (magic != MO_MAGIC && magic != MO_MAGIC_SWAPPED)
        return ERR_INPUT;
    m->swap = magic == MO_MAGIC_SWAPPED;
    if (u32(m, 4) >> 16 != 0) /* major revision 0 only */
        return ERR_INPUT;
    m->n = u32(m, 8);
    m->orig_off = u32(m, 12);
    m->tran_off = u32(m, 16);
    if (m->n > len / 16 || m->orig_off > len - (size_t)m->n * 8 ||
        m->tran_off > len - (size_t)m->n * 8)
        return ERR_INPUT;
    const char *prev = NULL;
    for (uint32_t i = 0; i < m->n; i++) {
        const char *o = mo_str(m, m->orig_off, i, NULL);
        if (!o || !mo_str(m, m->tran_off, i, NULL))
            return ERR_INPUT;
        if (prev && strcmp(prev, o) >= 0) /* msgfmt sorts; a binary search needs it */
            return ERR_INPUT;
        prev = o;
    }
    if (m->n > 0 && !*mo_str(m, m->orig_off, 0, NULL))
        return mo_header(m, mo_str(m, m->tran_off, 0, NULL));
    return mo_header(m, "");
}

const char *mo_find(const struct mo *m, const char *msgid, size_t *len)
{
    if (!m || !m->data || !msgid || !*msgid)
        return NULL;
    uint32_t lo = 0, hi = m->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        int c = strcmp(msgid, mo_str(m, m->orig_off, mid, NULL));
        if (c == 0) {
            const char *t = mo_str(m, m->tran_off, mid, len);
            return t && *t ? t : NULL;
        }
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

int mo_at(const struct mo *m, uint32_t i, const char **msgid, const char **msgstr, bool *plural)
{
    if (!m || !m->data || i >= m->n)
        return ERR_INPUT;
    size_t len;
    *msgid = mo_str(m, m->orig_off, i, &len);
    *msgstr = mo_str(m, m->tran_off, i, NULL);
    *plural = strlen(*msgid) < len; /* "one\0many" */
    return 0;
}

/* ---- plural expressions: C's operators on unsigned long, no side effects ---- */

struct pe {
    const char *s, *end;
    unsigned long n;
    bool bad;
};

static void pe_space(struct pe *p)
{
    while (p->s < p->end && isspace((unsigned char)*p->s))
        p->s++;
}

static bool pe_eat(struct pe *p, const char *op)
{
    pe_space(p);
    size_t k = strlen(op);
    if ((size_t)(p->end - p->s) < k || memcmp(p->s, op, k) != 0)
        return false;
    /* "<" must not take the "<" of "<=", nor "!" of "!=", "=" alone is no operator */
    if (k == 1 && p->s + 1 < p->end && p->s[1] == '=' && strchr("<>!", op[0]))
        return false;
    p->s += k;
    return true;
}

static unsigned long pe_cond(struct pe *p);

static unsigned long pe_primary(struct pe *p)
{
    pe_space(p);
    if (p->s >= p->end) {
        p->bad = true;
        return 0;
    }
    if (*p->s == 'n') {
        p->s++;
        return p->n;
    }
    if (isdigit((unsigned char)*p->s)) {
        unsigned long v = 0;
        while (p->s < p->end && isdigit((unsigned char)*p->s) && v < 100000000ul)
            v = v * 10 + (unsigned long)(*p->s++ - '0');
        return v;
    }
    if (pe_eat(p, "(")) {
        unsigned long v = pe_cond(p);
        if (!pe_eat(p, ")"))
            p->bad = true;
        return v;
    }
    p->bad = true;
    return 0;
}

static unsigned long pe_unary(struct pe *p)
{
    if (pe_eat(p, "!"))
        return !pe_unary(p);
    return pe_primary(p);
}

static unsigned long pe_mul(struct pe *p)
{
    unsigned long v = pe_unary(p);
    for (;;) {
        int op = pe_eat(p, "*") ? '*' : pe_eat(p, "/") ? '/' : pe_eat(p, "%") ? '%' : 0;
        if (!op || p->bad)
            return v;
        unsigned long r = pe_unary(p);
        if (op != '*' && r == 0) {
            p->bad = true;
            return 0;
        }
        v = op == '*' ? v * r : op == '/' ? v / r : v % r;
    }
}

static unsigned long pe_add(struct pe *p)
{
    unsigned long v = pe_mul(p);
    for (;;) {
        if (pe_eat(p, "+"))
            v += pe_mul(p);
        else if (pe_eat(p, "-"))
            v -= pe_mul(p);
        else
            return v;
    }
}

static unsigned long pe_rel(struct pe *p)
{
    unsigned long v = pe_add(p);
    for (;;) {
        if (pe_eat(p, "<="))
            v = v <= pe_add(p);
        else if (pe_eat(p, ">="))
            v = v >= pe_add(p);
        else if (pe_eat(p, "<"))
            v = v < pe_add(p);
        else if (pe_eat(p, ">"))
            v = v > pe_add(p);
        else
            return v;
    }
}

static unsigned long pe_eq(struct pe *p)
{
    unsigned long v = pe_rel(p);
    for (;;) {
        if (pe_eat(p, "=="))
            v = v == pe_rel(p);
        else if (pe_eat(p, "!="))
            v = v != pe_rel(p);
        else
            return v;
    }
}

static unsigned long pe_and(struct pe *p)
{
    unsigned long v = pe_eq(p);
    while (pe_eat(p, "&&")) {
        unsigned long r = pe_eq(p);
        v = v && r;
    }
    return v;
}

static unsigned long pe_or(struct pe *p)
{
    unsigned long v = pe_and(p);
    while (pe_eat(p, "||")) {
        unsigned long r = pe_and(p);
        v = v || r;
    }
    return v;
}

static unsigned long pe_cond(struct pe *p)
{
    unsigned long c = pe_or(p);
    if (!pe_eat(p, "?"))
        return c;
    unsigned long a = pe_cond(p);
    if (!pe_eat(p, ":")) {
        p->bad = true;
        return 0;
    }
    unsigned long b = pe_cond(p);
    return c ? a : b;
}

long plural_eval(const char *expr, size_t len, unsigned long n)
{
    struct pe p = { .s = expr, .end = expr + len, .n = n };
    unsigned long v = pe_cond(&p);
    pe_space(&p);
    if (p.bad || p.s != p.end || v > 100)
        return -1;
    return (long)v;
}

/* ---- languages ---- */

const struct lang i18n_langs[] = {
    { "en", "English", "English", false }, { "pl", "Polish", "Polski", false },
    { "ro", "Romanian", "Română", false }, { "ur", "Urdu", "اردو", true },
    { "ar", "Arabic", "العربية", true },   { "bn", "Bengali", "বাংলা", false },
    { "so", "Somali", "Soomaali", false }, { "pt", "Portuguese", "Português", false },
    { "es", "Spanish", "Español", false },
};
const size_t i18n_n_langs = sizeof i18n_langs / sizeof i18n_langs[0];

const struct lang *i18n_lang(const char *code)
{
    if (!code)
        return NULL;
    size_t k = strcspn(code, "-_");
    for (size_t i = 0; i < i18n_n_langs; i++)
        if (k == strlen(i18n_langs[i].code) && strncasecmp(code, i18n_langs[i].code, k) == 0)
            return &i18n_langs[i];
    return NULL;
}

const struct lang *i18n_lang_recorded(const char *recorded)
{
    if (!recorded)
        return NULL;
    while (isspace((unsigned char)*recorded))
        recorded++;
    size_t k = strlen(recorded);
    while (k && isspace((unsigned char)recorded[k - 1]))
        k--;
    if (k == 0)
        return NULL;
    for (size_t i = 0; i < i18n_n_langs; i++) {
        const struct lang *l = &i18n_langs[i];
        if ((strlen(l->name) == k && strncasecmp(recorded, l->name, k) == 0) ||
            (strlen(l->native) == k && strncasecmp(recorded, l->native, k) == 0))
            return l;
    }
    /* "Bangla" and "Sylheti" are often recorded for Bengali readers. */
    if ((k == 6 && strncasecmp(recorded, "Bangla", 6) == 0) ||
        (k == 7 && strncasecmp(recorded, "Sylheti", 7) == 0))
        return i18n_lang("bn");
    if (k <= 5) {
        char code[6] = { 0 };
        memcpy(code, recorded, k);
        return i18n_lang(code);
    }
    return NULL;
}

const struct lang *i18n_accept(const char *h)
{
    const struct lang *best = NULL;
    double best_q = 0;
    while (h && *h) {
        while (*h == ' ' || *h == ',')
            h++;
        const char *tag = h;
        size_t k = strcspn(h, ";, ");
        h += k;
        double q = 1.0;
        while (*h == ' ')
            h++;
        if (*h == ';') {
            const char *qs = strstr(h, "q=");
            const char *next = strchr(h, ',');
            if (qs && (!next || qs < next))
                q = strtod(qs + 2, NULL);
            h = next ? next : h + strlen(h);
        }
        if (k == 0 || k > 15 || q <= best_q)
            continue;
        char code[16] = { 0 };
        memcpy(code, tag, k);
        const struct lang *l = i18n_lang(code);
        if (l) {
            best = l;
            best_q = q;
        }
    }
    return best ? best : &i18n_langs[0];
}

const struct lang *i18n_choose(const char *chosen, const char *recorded,
                               const char *accept_language)
{
    const struct lang *l = i18n_lang(chosen);
    if (!l)
        l = i18n_lang_recorded(recorded);
    if (!l)
        l = i18n_accept(accept_language);
    return l;
}

/* ---- a translator ---- */

static bool open_cat(struct mo *m, const char *name)
{
    const struct embed_file *f = embed_find(po_catalogues, name);
    return f && mo_open(m, f->data, f->len) == 0;
}

int tr_init(struct tr *t, const struct lang *lang)
{
    memset(t, 0, sizeof *t);
    t->lang = lang ? lang : &i18n_langs[0];
    if (strcmp(t->lang->code, "en") == 0)
        return 0;
    char name[32];
    snprintf(name, sizeof name, "%s.mo", t->lang->code);
    t->has_cat = open_cat(&t->cat, name);
    snprintf(name, sizeof name, "%s.draft.mo", t->lang->code);
    t->has_drafts = open_cat(&t->drafts, name);
    return 0;
}

static const struct tr_fix *fix_for(const struct tr *t, const char *msgid)
{
    size_t lo = 0, hi = t->n_fixes;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(msgid, t->fixes[mid].msgid);
        if (c == 0)
            return &t->fixes[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const char *tr_catalogue(const struct tr *t, const char *msgid)
{
    return t && t->has_cat ? mo_find(&t->cat, msgid, NULL) : NULL;
}

const char *tr_get(const struct tr *t, const char *msgid)
{
    if (!t || !msgid)
        return msgid;
    const struct tr_fix *f = fix_for(t, msgid);
    if (f)
        return f->msgstr;
    const char *s = tr_catalogue(t, msgid);
    return s ? s : msgid;
}

const char *tr_nget(const struct tr *t, const char *one, const char *many, unsigned long n)
{
    const char *english = n == 1 ? one : many;
    if (!t || !t->has_cat)
        return english;
    size_t len;
    const char *forms = mo_find(&t->cat, one, &len);
    if (!forms)
        return english;
    long k = plural_eval(t->cat.plural, t->cat.plural_len, n);
    if (k < 0 || (unsigned long)k >= t->cat.nplurals)
        k = 0;
    const char *s = forms, *end = forms + len;
    for (long i = 0; i < k; i++) {
        s += strlen(s) + 1;
        if (s > end)
            return english;
    }
    return *s ? s : english;
}

bool tr_is_draft(const struct tr *t, const char *msgid)
{
    return t && t->has_drafts && !fix_for(t, msgid) && mo_find(&t->drafts, msgid, NULL);
}

/* A placeholder at s ("%s" or "%N$s"): its length, and *pos (0 = next). */
static size_t placeholder(const char *s, unsigned *pos)
{
    *pos = 0;
    if (s[0] != '%')
        return 0;
    if (s[1] == 's')
        return 2;
    if (s[1] >= '1' && s[1] <= '9' && s[2] == '$' && s[3] == 's') {
        *pos = (unsigned)(s[1] - '0');
        return 4;
    }
    return 0;
}

char *tr_fmtv(struct arena *a, const char *tmpl, size_t n_args, const char *const *args)
{
    struct buf b;
    buf_init(&b, 1u << 20);
    size_t next = 0;
    for (const char *s = tmpl ? tmpl : ""; *s;) {
        unsigned pos;
        size_t k = placeholder(s, &pos);
        if (k) {
            size_t i = pos ? pos - 1 : next++;
            buf_adds(&b, i < n_args && args[i] ? args[i] : "");
            s += k;
        } else if (s[0] == '%' && s[1] == '%') {
            buf_addc(&b, '%');
            s += 2;
        } else {
            buf_addc(&b, *s++);
        }
    }
    char *out = arena_strndup(a, buf_str(&b), b.len);
    buf_release(&b);
    return out;
}

size_t tr_n_placeholders(const char *tmpl)
{
    size_t n = 0, highest = 0;
    for (const char *s = tmpl; s && *s; s++) {
        unsigned pos;
        size_t k = placeholder(s, &pos);
        if (k) {
            if (pos > highest)
                highest = pos;
            else if (!pos)
                n++;
            s += k - 1;
        } else if (s[0] == '%' && s[1] == '%') {
            s++;
        }
    }
    return highest > n ? highest : n;
}

/* TRANSLATORS: the months as a date writes them ("7 December 2026"): in
 * languages that decline them, the form a date takes (Polish: "grudnia"). */
static const char *const months[] = { N_("January"), N_("February"), N_("March"),
                                      N_("April"),   N_("May"),      N_("June"),
                                      N_("July"),    N_("August"),   N_("September"),
                                      N_("October"), N_("November"), N_("December") };

const char *i18n_date(struct arena *a, const struct tr *t, const char *iso)
{
    struct date d;
    if (!iso || date_parse(iso, &d) != 0)
        return iso ? iso : "";
    char day[8], year[8];
    snprintf(day, sizeof day, "%d", d.d);
    snprintf(year, sizeof year, "%d", d.y);
    /* TRANSLATORS: a date: %1$s the day, %2$s the month, %3$s the year. */
    const char *s = _f(a, t, "%1$s %2$s %3$s", day, tr_get(t, months[d.m - 1]), year);
    return s ? s : iso;
}
