#include "io/csv.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/mem.h"
#include "core/str.h"

struct reader {
    const char *name;
    csv_record_fn fn;
    void *ctx;
    struct err *e;
    /* the record being built: fields packed NUL-separated in rec */
    struct buf rec;
    size_t offs[CSV_MAX_FIELDS];
    char *fields[CSV_MAX_FIELDS];
    size_t lens[CSV_MAX_FIELDS];
    size_t n;
    long line;      /* line now being fed */
    long rec_start; /* line on which the current record started */
    bool pending;   /* a record has started on an earlier line and not ended */
    bool ended;     /* a record ended during the current line */
    int rc;         /* the first error; stops everything */
    /* The header row (the first record), to name a column in messages. */
    struct buf hdr;
    size_t hdr_offs[CSV_MAX_FIELDS];
    size_t n_hdr;
    bool have_hdr;
};

/* "column 3" or the column's header, for a message about field i. */
static const char *column_name(const struct reader *r, size_t i, char *tmp, size_t cap)
{
    if (r->have_hdr && i < r->n_hdr && r->hdr.data[r->hdr_offs[i]])
        return r->hdr.data + r->hdr_offs[i];
    snprintf(tmp, cap, "column %zu", i + 1);
    return tmp;
}

static void clear_fields(struct reader *r)
{
    buf_reset(&r->rec);
    r->n = 0;
}

static void on_field(void *data, size_t len, void *vr)
{
    struct reader *r = vr;
    if (r->rc)
        return;
    if (r->n >= CSV_MAX_FIELDS) {
        r->rc = err_set(r->e, ERR_INPUT, "%s:%ld: more than %d columns", r->name, r->rec_start,
                        CSV_MAX_FIELDS);
        return;
    }
    if (len > CSV_MAX_FIELD_BYTES) {
        r->rc = err_set(r->e, ERR_INPUT, "%s:%ld: column %zu is longer than %d bytes", r->name,
                        r->rec_start, r->n + 1, CSV_MAX_FIELD_BYTES);
        return;
    }
    const char *s = data ? data : "";
    if (!str_utf8_valid(s, len)) {
        char tmp[32];
        r->rc = err_set(r->e, ERR_INPUT,
                        "%s:%ld: %s: this text is neither UTF-8 nor Windows-1252, so it cannot "
                        "be read; save the file from Excel as \"CSV UTF-8\"",
                        r->name, r->rec_start,
                        r->have_hdr ? column_name(r, r->n, tmp, sizeof tmp) : "the header row");
        return;
    }
    if (memchr(s, '\0', len)) {
        r->rc = err_set(r->e, ERR_INPUT, "%s:%ld: column %zu contains a NUL byte", r->name,
                        r->rec_start, r->n + 1);
        return;
    }
    r->offs[r->n] = r->rec.len;
    if (buf_add(&r->rec, s, len) != 0 || buf_addc(&r->rec, '\0') != 0) {
        r->rc = err_set(r->e, ERR_NOMEM, "out of memory");
        return;
    }
    r->lens[r->n] = len;
    r->n++;
}

static void on_record(int c, void *vr)
{
    struct reader *r = vr;
    (void)c;
    if (!r->rc && r->n > 0) {
        /* Point at the fields only now: the buffer may have moved while growing. */
        for (size_t i = 0; i < r->n; i++)
            r->fields[i] = r->rec.data + r->offs[i];
        if (!r->have_hdr) {
            for (size_t i = 0; i < r->n && !r->rc; i++) {
                r->hdr_offs[i] = r->hdr.len;
                if (buf_add(&r->hdr, r->fields[i], r->lens[i]) || buf_addc(&r->hdr, '\0'))
                    r->rc = err_set(r->e, ERR_NOMEM, "out of memory");
            }
            r->n_hdr = r->n;
            r->have_hdr = true;
        }
        if (!r->rc)
            r->rc = r->fn(r->ctx, r->rec_start, r->fields, r->lens, r->n);
    }
    clear_fields(r);
    r->ended = true;
}

static const char *csv_reason(int code)
{
    switch (code) {
    case CSV_EPARSE:
        return "a quoted field is not closed, or a quote is out of place";
    case CSV_ENOMEM:
        return "out of memory";
    case CSV_ETOOBIG:
        return "a field is too large";
    default:
        return "the file could not be read as CSV";
    }
}

static bool blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return false;
    return true;
}

/* Feed one physical line (with its terminator, if any) to the parser. A
 * record that spans lines (a quoted newline) keeps the line it started on. */
static int feed(struct reader *r, struct csv_parser *p, const char *s, size_t len)
{
    if (!r->pending)
        r->rec_start = r->line;
    r->ended = false;
    if (csv_parse(p, s, len, on_field, on_record, r) != len && !r->rc)
        r->rc = err_set(r->e, ERR_INPUT, "%s:%ld: %s", r->name, r->line, csv_reason(csv_error(p)));
    if (r->ended)
        r->pending = false;
    else if (!blank(s, len))
        r->pending = true;
    return r->rc;
}

/* Windows-1252 to UTF-8 through iconv; ERR_INPUT for a byte the encoding
 * does not define (0x81, 0x8D, 0x8F, 0x90, 0x9D). */
static int from_windows_1252(const char *data, size_t len, char **out, size_t *out_len)
{
    iconv_t cd = iconv_open("UTF-8", "WINDOWS-1252");
    if (cd == (iconv_t)-1)
        return ERR_INPUT;
    size_t cap = len * 3 + 1; /* every character is at most 3 bytes of UTF-8 */
    char *buf = mem_malloc(cap);
    if (!buf) {
        iconv_close(cd);
        return ERR_NOMEM;
    }
    char *in = (char *)(uintptr_t)data, *o = buf;
    size_t in_left = len, out_left = cap - 1;
    size_t r = iconv(cd, &in, &in_left, &o, &out_left);
    iconv_close(cd);
    if (r == (size_t)-1 || in_left) {
        mem_free(buf);
        return ERR_INPUT;
    }
    *o = '\0';
    *out = buf;
    *out_len = (size_t)(o - buf);
    return 0;
}

int csv_text_utf8(const char *data, size_t len, const char **out, size_t *out_len, bool *owned,
                  enum csv_encoding *enc)
{
    *owned = false;
    *enc = CSV_UTF8;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    *out = data;
    *out_len = len;
    if (str_utf8_valid(data, len))
        return 0;
    char *conv;
    size_t n;
    int rc = from_windows_1252(data, len, &conv, &n);
    if (rc)
        return rc;
    *out = conv;
    *out_len = n;
    *owned = true;
    *enc = CSV_WINDOWS_1252;
    return 0;
}

static int parse(const char *name, const char *data, size_t len, csv_record_fn fn, void *ctx,
                 struct err *e)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return err_set(e, ERR_NOMEM, "out of memory");
    csv_set_realloc_func(&p, mem_realloc);
    csv_set_free_func(&p, mem_free);
    struct reader r = { .name = name, .fn = fn, .ctx = ctx, .e = e, .line = 1 };
    buf_init(&r.rec, (size_t)CSV_MAX_FIELDS * (CSV_MAX_FIELD_BYTES + 1));
    buf_init(&r.hdr, (size_t)CSV_MAX_FIELDS * (CSV_MAX_FIELD_BYTES + 1));
    size_t i = 0;
    while (i < len && !r.rc) {
        /* A line ends at LF, CRLF, or a lone CR (old Mac files). */
        size_t j = i;
        while (j < len && data[j] != '\n' && data[j] != '\r')
            j++;
        if (j < len && data[j] == '\r' && j + 1 < len && data[j + 1] == '\n')
            j++;
        if (j < len)
            j++;
        feed(&r, &p, data + i, j - i);
        i = j;
        r.line++;
    }
    if (!r.rc && csv_fini(&p, on_field, on_record, &r) != 0 && !r.rc)
        r.rc = err_set(e, ERR_INPUT, "%s:%ld: a quoted field is not closed by the end of the file",
                       name, r.rec_start);
    buf_release(&r.rec);
    buf_release(&r.hdr);
    csv_free(&p);
    return r.rc;
}

int csv_read_mem_enc(const char *name, const char *data, size_t len, csv_record_fn fn, void *ctx,
                     enum csv_encoding *enc, struct err *e)
{
    enum csv_encoding got = CSV_UTF8;
    if (len >= 2 &&
        ((data[0] == '\xFF' && data[1] == '\xFE') || (data[0] == '\xFE' && data[1] == '\xFF')))
        return err_set(e, ERR_INPUT,
                       "%s: this file is UTF-16 (Excel's \"Unicode Text\"); save it from Excel "
                       "as \"CSV UTF-8\"",
                       name);
    const char *text;
    size_t n;
    bool owned;
    int rc = csv_text_utf8(data, len, &text, &n, &owned, &got);
    if (rc == ERR_NOMEM)
        return err_set(e, ERR_NOMEM, "out of memory");
    /* In neither encoding: the parser finds and names the first bad place. */
    rc = parse(name, text, n, fn, ctx, e);
    if (owned)
        mem_free((void *)(uintptr_t)text);
    if (enc)
        *enc = got;
    return rc;
}

int csv_read_mem(const char *name, const char *data, size_t len, csv_record_fn fn, void *ctx,
                 struct err *e)
{
    return csv_read_mem_enc(name, data, len, fn, ctx, NULL, e);
}

/* Files larger than this are refused rather than read into memory. */
#define CSV_MAX_FILE (1024L * 1024 * 1024)

int csv_read_file_enc(const char *path, csv_record_fn fn, void *ctx, enum csv_encoding *enc,
                      struct err *e)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return err_set(e, ERR_INPUT, "%s: cannot open: %s", path, strerror(errno));
    char *data = NULL;
    size_t len = 0, cap = 0;
    int rc = 0;
    for (;;) {
        if (cap - len < 65536) {
            if (cap >= CSV_MAX_FILE) {
                rc = err_set(e, ERR_INPUT, "%s: larger than 1 GiB; split it into smaller files",
                             path);
                break;
            }
            size_t ncap = cap ? cap * 2 : 1 << 20;
            char *nd = mem_realloc(data, ncap);
            if (!nd) {
                rc = err_set(e, ERR_NOMEM, "out of memory reading %s", path);
                break;
            }
            data = nd;
            cap = ncap;
        }
        size_t got = fread(data + len, 1, cap - len, f);
        len += got;
        if (got == 0) {
            if (ferror(f))
                rc = err_set(e, ERR_STORAGE, "%s: read error: %s", path, strerror(errno));
            break;
        }
    }
    fclose(f);
    if (rc == 0)
        rc = csv_read_mem_enc(path, data ? data : "", len, fn, ctx, enc, e);
    mem_free(data);
    return rc;
}

int csv_read_file(const char *path, csv_record_fn fn, void *ctx, struct err *e)
{
    return csv_read_file_enc(path, fn, ctx, NULL, e);
}
