#include "html/html.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"

void html_init(struct html *h, struct buf *out)
{
    h->out = out;
    h->err = 0;
    h->tr = NULL;
}

static void put(struct html *h, const char *s, size_t n)
{
    if (h->err)
        return;
    int rc = buf_add(h->out, s, n);
    if (rc)
        h->err = rc;
}

int html_escape(struct buf *out, const char *s)
{
    int rc = 0;
    if (!s)
        return 0;
    const char *run = s;
    for (; *s; s++) {
        const char *rep;
        switch (*s) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        default:
            continue;
        }
        if (!rc)
            rc = buf_add(out, run, (size_t)(s - run));
        if (!rc)
            rc = buf_adds(out, rep);
        run = s + 1;
    }
    if (!rc)
        rc = buf_add(out, run, (size_t)(s - run));
    return rc;
}

int html_urlencode(struct buf *out, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    int rc = 0;
    for (; s && *s && !rc; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~') {
            rc = buf_addc(out, (char)c);
        } else {
            char enc[3] = { '%', hex[c >> 4], hex[c & 15] };
            rc = buf_add(out, enc, 3);
        }
    }
    return rc;
}

void html_text(struct html *h, const char *s)
{
    if (!h->err)
        h->err = html_escape(h->out, s);
}

void html_raw_(struct html *h, const char *lit)
{
    put(h, lit, strlen(lit));
}

void html_safe(struct html *h, const struct html_safe *s)
{
    if (s && s->html)
        put(h, s->html, s->len);
}

void html_fmt_(struct html *h, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *run = fmt;
    for (const char *p = fmt; *p; p++) {
        if (*p != '%')
            continue;
        put(h, run, (size_t)(p - run));
        char num[64];
        p++;
        if (*p == '%') {
            put(h, "%", 1);
        } else if (*p == 's') {
            html_text(h, va_arg(ap, const char *));
        } else if (*p == 'U') {
            const char *v = va_arg(ap, const char *);
            if (!h->err)
                h->err = html_urlencode(h->out, v);
        } else if (*p == 'd') {
            snprintf(num, sizeof num, "%d", va_arg(ap, int));
            put(h, num, strlen(num));
        } else if (*p == 'u') {
            snprintf(num, sizeof num, "%u", va_arg(ap, unsigned));
            put(h, num, strlen(num));
        } else if (*p == 'z' && p[1] == 'u') {
            p++;
            snprintf(num, sizeof num, "%zu", va_arg(ap, size_t));
            put(h, num, strlen(num));
        } else if (*p == 'l' && p[1] == 'd') {
            p++;
            snprintf(num, sizeof num, "%ld", va_arg(ap, long));
            put(h, num, strlen(num));
        } else if (*p == 'l' && p[1] == 'l' && p[2] == 'd') {
            p += 2;
            snprintf(num, sizeof num, "%lld", va_arg(ap, long long));
            put(h, num, strlen(num));
        } else if (*p == 'f') {
            snprintf(num, sizeof num, "%f", va_arg(ap, double));
            put(h, num, strlen(num));
        } else if (*p == '.' && p[1] >= '0' && p[1] <= '3' && p[2] == 'f') {
            double v = va_arg(ap, double);
            if (p[1] == '0')
                snprintf(num, sizeof num, "%.0f", v);
            else if (p[1] == '1')
                snprintf(num, sizeof num, "%.1f", v);
            else if (p[1] == '2')
                snprintf(num, sizeof num, "%.2f", v);
            else
                snprintf(num, sizeof num, "%.3f", v);
            p += 2;
            put(h, num, strlen(num));
        } else {
            /* An unknown directive is a programming error: write nothing more. */
            h->err = ERR_INPUT;
            break;
        }
        run = p + 1;
    }
    if (!h->err)
        put(h, run, strlen(run));
    va_end(ap);
}
