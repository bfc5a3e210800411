/* html.h - the only way meso writes HTML. Escaping is the default: every
 * value passes through html() as a %s argument and comes out escaped, so a
 * name like <script> shows as text. The format itself must be a string
 * literal (the macro pastes "" in front), so no run-time data can ever be
 * taken as markup. Raw markup is html_raw(), which takes literals only, and
 * html_safe(), which takes a struct html_safe that only trusted producers
 * (this writer, the SVG canvas) create.
 *
 * Format directives (a deliberately small set):
 *   %s   text, escaped for text and quoted-attribute context (& < > " ')
 *   %U   text percent-encoded for a URL query value or path segment
 *   %d %u %ld %lld %zu   integers, as printf
 *   %.Nf %f              a double, as printf (N from 0 to 3)
 *   %%   a percent sign
 * Attribute values must always be quoted: class="%s" (lint L6 checks).
 */
#ifndef MESO_HTML_H
#define MESO_HTML_H

#include <stddef.h>

struct buf;

struct tr;
struct html {
    struct buf *out;
    int err; /* first error (ERR_LIMIT, ERR_NOMEM, ERR_INPUT for a bad directive) */
    /* The page's language, for the words the writer's helpers add themselves
     * (form.c: "There is a problem"); NULL = English (docs/i18n.md). */
    const struct tr *tr;
};

/* Markup from a trusted producer (see above). */
struct html_safe {
    const char *html;
    size_t len;
};

void html_init(struct html *h, struct buf *out);

#define html(h, fmt, ...) html_fmt_((h), "" fmt, ##__VA_ARGS__)
#ifdef MESO_FORMAT_CHECK
/* scripts/check-format.sh compiles every caller with this defined, after
 * rewriting %U as %s, so the compiler checks each format against its
 * arguments as printf's; the directive set itself it checks on its own. */
void html_fmt_(struct html *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#else
void html_fmt_(struct html *h, const char *fmt, ...);
#endif

#define html_raw(h, lit) html_raw_((h), "" lit)
void html_raw_(struct html *h, const char *lit);

/* Escaped text. */
void html_text(struct html *h, const char *s);
void html_safe(struct html *h, const struct html_safe *s);

/* Escape s into out (for callers that must build attribute values).
 * Returns 0 or the buffer's error (ERR_LIMIT, ERR_NOMEM). */
int html_escape(struct buf *out, const char *s);
/* Percent-encode s for a URL component (RFC 3986 unreserved kept). */
int html_urlencode(struct buf *out, const char *s);

#endif
