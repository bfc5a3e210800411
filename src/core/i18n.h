/* i18n.h - meso's own words in the reader's language (docs/i18n.md).
 *
 * The catalogues are GNU gettext .mo files built by msgfmt from po/<lang>.po
 * and embedded in the binary (po_catalogues[], build/gen/po.c). They are read
 * in place by this small reader rather than through libc's gettext: a server
 * thread answers parents in many languages at once, and libc would need an
 * installed locale per language (newlocale + uselocale), which a fresh Debian
 * does not have. A request gets a struct tr (a "translator"), and pages call
 * tr_get() through the _() and T() macros of pages/common.h.
 *
 * Nothing here allocates except tr_fmt() (in the caller's arena). */
#ifndef MESO_I18N_H
#define MESO_I18N_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/embed.h"

struct arena;

/* The compiled catalogues: "pl.mo", and "pl.draft.mo" holding only the entries
 * no native speaker has checked yet (build/gen/po.c). */
extern const struct embed_file po_catalogues[];

/* One .mo catalogue, read in place (the bytes must outlive it). */
struct mo {
    const unsigned char *data;
    size_t len;
    uint32_t n;                  /* number of messages */
    uint32_t orig_off, tran_off; /* tables of (length, offset) pairs */
    bool swap;                   /* written in the other byte order */
    unsigned nplurals;           /* from the header's Plural-Forms; 2 when absent */
    const char *plural;          /* the plural expression (NUL-free span below) */
    size_t plural_len;
};

/* Check and open a .mo image. Returns 0, or ERR_INPUT when it is not a
 * well-formed catalogue (bad magic, offsets outside it, unsorted messages,
 * a Plural-Forms expression that does not parse). */
int mo_open(struct mo *m, const void *data, size_t len);
/* The translation of msgid (the singular for a plural entry), or NULL. *len
 * (when not NULL) gets its length: a plural entry's forms are separated by
 * NULs within it. */
const char *mo_find(const struct mo *m, const char *msgid, size_t *len);

/* The i-th message of m (0 <= i < m->n, in msgid order; message 0 is the
 * header, msgid ""): its msgid (the singular of a plural entry) and its
 * translation (a plural entry's forms separated by NULs, *plural set).
 * Returns 0, or ERR_INPUT when i is out of range. */
int mo_at(const struct mo *m, uint32_t i, const char **msgid, const char **msgstr, bool *plural);

/* Evaluate a C plural expression (as in Plural-Forms: "n%10==1 && n%100!=11
 * ? 0 : 1") for n. Returns the form index, or -1 when it does not parse or
 * divides by zero. */
long plural_eval(const char *expr, size_t len, unsigned long n);

/* A language meso speaks. */
struct lang {
    const char *code;   /* "pl": the catalogue's name, and BCP 47 for lang="" */
    const char *name;   /* its English name, as carers' records hold it: "Polish" */
    const char *native; /* its own name, for the language chooser: "Polski" */
    bool rtl;           /* written right to left (dir="rtl") */
};
extern const struct lang i18n_langs[];
extern const size_t i18n_n_langs;

/* The language with this code ("pl", "pl-PL", "PL" all match), else NULL. */
const struct lang *i18n_lang(const char *code);
/* A carer's recorded language as meso holds it (a code or an English or
 * native name: "Polish", "polski", "pl"), else NULL. */
const struct lang *i18n_lang_recorded(const char *recorded);
/* The best language of an Accept-Language header (q-values honoured,
 * "pl-PL" matches "pl"); English when nothing fits or the header is NULL. */
const struct lang *i18n_accept(const char *accept_language);
/* The language a page for a parent uses: the one they chose in the portal,
 * else the carer's recorded language, else the browser's, else English. */
const struct lang *i18n_choose(const char *chosen, const char *recorded,
                               const char *accept_language);

/* A school's correction of one message. */
struct tr_fix {
    const char *msgid;
    const char *msgstr;
};

/* What one request, letter or PDF speaks. English has no catalogue. */
struct tr {
    const struct lang *lang;
    struct mo cat, drafts;
    bool has_cat, has_drafts;
    const struct tr_fix *fixes; /* the school's corrections, sorted by msgid */
    size_t n_fixes;
};

/* Set up t for lang (NULL = English). Returns 0; a catalogue that does not
 * open leaves t speaking English for its messages (logged by the caller's
 * tests, never shown). */
int tr_init(struct tr *t, const struct lang *lang);
/* The message in t's language: the school's correction, else the catalogue's,
 * else msgid itself. t may be NULL (English). */
const char *tr_get(const struct tr *t, const char *msgid);
/* The plural form for n: singular when English n == 1. */
const char *tr_nget(const struct tr *t, const char *one, const char *many, unsigned long n);
/* True when the catalogue's translation of msgid is a draft no native speaker
 * has checked (and the school has not corrected it). */
bool tr_is_draft(const struct tr *t, const char *msgid);
/* The catalogue's own translation (no correction), or NULL. */
const char *tr_catalogue(const struct tr *t, const char *msgid);

/* Fill a message's placeholders: "%s" takes the next argument, "%2$s" the
 * second, "%%" is a percent sign; anything else is copied as it is. Only
 * strings are substituted (never printf), so a school's correction can never
 * be a format attack. NULL arguments print as "". Result in a (NULL on no
 * memory). */
char *tr_fmtv(struct arena *a, const char *tmpl, size_t n_args, const char *const *args);
#define tr_fmt(a, tmpl, ...)                                                             \
    tr_fmtv((a), (tmpl), sizeof((const char *[]){ __VA_ARGS__ }) / sizeof(const char *), \
            (const char *[]){ __VA_ARGS__ })
/* The number of placeholders a message takes (the highest %N$s or the count
 * of %s): a correction must take the same. */
size_t tr_n_placeholders(const char *tmpl);

/* A date in words in t's language: "7 December 2026", "7 grudnia 2026". An
 * ISO date that does not parse comes back as it is. Result in a. */
const char *i18n_date(struct arena *a, const struct tr *t, const char *iso);

/* The words to translate are string literals in these macros, which xgettext
 * finds (Makefile: XGETTEXT_KEYWORDS); t is a const struct tr * (a request's
 * req->tr) and a an arena. N_() marks a word in a static table, translated
 * where it is shown with tr_get(). */
#define _(t, s)                      tr_get((t), "" s)
#define _f(a, t, s, ...)             tr_fmt((a), tr_get((t), "" s), __VA_ARGS__)
#define _n(t, one, many, n)          tr_nget((t), "" one, "" many, (n))
#define _nf(a, t, one, many, n, ...) tr_fmt((a), tr_nget((t), "" one, "" many, (n)), __VA_ARGS__)
#define N_(s)                        "" s

#endif
