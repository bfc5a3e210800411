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

/* Feed every complete physical line of data to the parser (all of it when
 * last); returns how many bytes were used. A line ends at LF, CRLF, or a
 * lone CR (old Mac files); a CR at the end of data that is not the last may
 * be the first half of a CRLF, so it waits for the next piece. */
static size_t feed_lines(struct reader *r, struct csv_parser *p, const char *data, size_t len,
                         bool last)
{
    size_t i = 0;
    while (i < len && !r->rc) {
        size_t j = i;
        while (j < len && data[j] != '\n' && data[j] != '\r')
            j++;
        if (!last && (j == len || (data[j] == '\r' && j + 1 == len)))
            break; /* an unfinished line */
        if (j < len && data[j] == '\r' && j + 1 < len && data[j + 1] == '\n')
            j++;
        if (j < len)
            j++;
        feed(r, p, data + i, j - i);
        i = j;
        r->line++;
    }
    return i;
}

static int parser_open(struct csv_parser *p, struct reader *r, const char *name, csv_record_fn fn,
                       void *ctx, struct err *e)
{
    if (csv_init(p, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return err_set(e, ERR_NOMEM, "out of memory");
    csv_set_realloc_func(p, mem_realloc);
    csv_set_free_func(p, mem_free);
    *r = (struct reader){ .name = name, .fn = fn, .ctx = ctx, .e = e, .line = 1 };
    buf_init(&r->rec, (size_t)CSV_MAX_FIELDS * (CSV_MAX_FIELD_BYTES + 1));
    buf_init(&r->hdr, (size_t)CSV_MAX_FIELDS * (CSV_MAX_FIELD_BYTES + 1));
    return 0;
}

static int parser_close(struct csv_parser *p, struct reader *r)
{
    if (!r->rc && csv_fini(p, on_field, on_record, r) != 0 && !r->rc)
        r->rc =
            err_set(r->e, ERR_INPUT, "%s:%ld: a quoted field is not closed by the end of the file",
                    r->name, r->rec_start);
    buf_release(&r->rec);
    buf_release(&r->hdr);
    csv_free(p);
    return r->rc;
}

static int parse(const char *name, const char *data, size_t len, csv_record_fn fn, void *ctx,
                 struct err *e)
{
    struct csv_parser p;
    struct reader r;
    int rc = parser_open(&p, &r, name, fn, ctx, e);
    if (rc)
        return rc;
    feed_lines(&r, &p, data, len, true);
    return parser_close(&p, &r);
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

/* Reading a file: in pieces, so that memory stays the same whatever its
 * size. A first pass decides the encoding (the whole file must be UTF-8 to
 * be read as UTF-8, as for a buffer); the second converts and parses. */
#define CSV_PIECE (256 * 1024)

/* Bytes Windows-1252 leaves undefined (iconv refuses them). */
static bool undefined_1252(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D)
            return true;
    }
    return false;
}

/* How much of buf[0..n) to check now: all but an unfinished UTF-8 sequence
 * at its end (which waits for the next piece). */
static size_t utf8_cut(const char *buf, size_t n)
{
    size_t i = n;
    while (i > 0 && n - i < 3 && ((unsigned char)buf[i - 1] & 0xC0) == 0x80)
        i--;
    if (i > 0 && (unsigned char)buf[i - 1] >= 0xC0)
        i--;
    return i;
}

/* The file's encoding, from its bytes after start (past a byte order mark):
 * UTF-8, else Windows-1252, else neither (*neither: parsed as it is, so the
 * parser names the first place that cannot be read). */
static int file_encoding(FILE *f, const char *path, char *buf, long start, enum csv_encoding *enc,
                         bool *neither, struct err *e)
{
    *enc = CSV_UTF8;
    *neither = false;
    size_t carry = 0, got;
    bool utf8 = true;
    while (utf8 && (got = fread(buf + carry, 1, CSV_PIECE, f)) > 0) {
        size_t n = carry + got, cut = feof(f) ? n : utf8_cut(buf, n);
        utf8 = str_utf8_valid(buf, cut);
        carry = n - cut;
        memmove(buf, buf + cut, carry);
    }
    if (utf8 && carry)
        utf8 = str_utf8_valid(buf, carry);
    if (!utf8) {
        *enc = CSV_WINDOWS_1252;
        if (fseek(f, start, SEEK_SET) != 0)
            return err_set(e, ERR_STORAGE, "%s: cannot read: %s", path, strerror(errno));
        while (!*neither && (got = fread(buf, 1, CSV_PIECE, f)) > 0)
            *neither = undefined_1252(buf, got);
    }
    if (ferror(f))
        return err_set(e, ERR_STORAGE, "%s: read error: %s", path, strerror(errno));
    return fseek(f, start, SEEK_SET) == 0
               ? 0
               : err_set(e, ERR_STORAGE, "%s: cannot read: %s", path, strerror(errno));
}

/* Convert one piece from Windows-1252 (a single-byte encoding, so any piece
 * converts on its own) and append it to line. */
static int add_1252(iconv_t cd, struct buf *line, char *conv, const char *in, size_t n)
{
    char *ip = (char *)(uintptr_t)in, *op = conv;
    size_t in_left = n, out_left = (size_t)CSV_PIECE * 3;
    if (iconv(cd, &ip, &in_left, &op, &out_left) == (size_t)-1 || in_left)
        return ERR_INPUT;
    return buf_add(line, conv, (size_t)(op - conv)) ? ERR_NOMEM : 0;
}

static int parse_file(FILE *f, const char *path, char *buf, enum csv_encoding enc, bool neither,
                      csv_record_fn fn, void *ctx, struct err *e)
{
    iconv_t cd = (iconv_t)-1;
    char *conv = NULL;
    if (enc == CSV_WINDOWS_1252 && !neither) {
        cd = iconv_open("UTF-8", "WINDOWS-1252");
        conv = mem_malloc((size_t)CSV_PIECE * 3);
        if (cd == (iconv_t)-1 || !conv) {
            if (cd != (iconv_t)-1)
                iconv_close(cd);
            mem_free(conv);
            return err_set(e, ERR_NOMEM, "out of memory");
        }
    }
    struct csv_parser p;
    struct reader r;
    int rc = parser_open(&p, &r, path, fn, ctx, e);
    if (rc)
        goto out;
    /* The unparsed rest: at most one physical line plus a piece. */
    struct buf line;
    buf_init(&line, (size_t)CSV_MAX_FIELDS * (CSV_MAX_FIELD_BYTES + 3) + CSV_PIECE * 3);
    size_t got;
    while (!r.rc && (got = fread(buf, 1, CSV_PIECE, f)) > 0) {
        int arc = conv ? add_1252(cd, &line, conv, buf, got) : buf_add(&line, buf, got);
        if (arc) {
            r.rc = arc == ERR_NOMEM ? err_set(e, ERR_NOMEM, "out of memory")
                                    : err_set(e, ERR_INPUT, "%s: cannot be read", path);
            break;
        }
        size_t used = feed_lines(&r, &p, line.data, line.len, false);
        if (used) {
            memmove(line.data, line.data + used, line.len - used);
            line.len -= used;
        }
    }
    if (!r.rc && ferror(f))
        r.rc = err_set(e, ERR_STORAGE, "%s: read error: %s", path, strerror(errno));
    if (!r.rc && line.len)
        feed_lines(&r, &p, line.data, line.len, true);
    buf_release(&line);
    rc = parser_close(&p, &r);
out:
    if (conv) {
        iconv_close(cd);
        mem_free(conv);
    }
    return rc;
}

int csv_read_file_enc(const char *path, csv_record_fn fn, void *ctx, enum csv_encoding *enc,
                      struct err *e)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return err_set(e, ERR_INPUT, "%s: cannot open: %s", path, strerror(errno));
    char *buf = mem_malloc(CSV_PIECE + 4);
    if (!buf) {
        fclose(f);
        return err_set(e, ERR_NOMEM, "out of memory reading %s", path);
    }
    /* Refuse UTF-16 and step over a UTF-8 byte order mark, as for a buffer. */
    size_t head = fread(buf, 1, 3, f);
    long start = head == 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    int rc = 0;
    enum csv_encoding got = CSV_UTF8;
    bool neither = false;
    if (head >= 2 &&
        ((buf[0] == '\xFF' && buf[1] == '\xFE') || (buf[0] == '\xFE' && buf[1] == '\xFF')))
        rc = err_set(e, ERR_INPUT,
                     "%s: this file is UTF-16 (Excel's \"Unicode Text\"); save it from Excel "
                     "as \"CSV UTF-8\"",
                     path);
    else if (fseek(f, start, SEEK_SET) != 0)
        rc = err_set(e, ERR_STORAGE, "%s: cannot read: %s", path, strerror(errno));
    if (rc == 0)
        rc = file_encoding(f, path, buf, start, &got, &neither, e);
    if (rc == 0)
        rc = parse_file(f, path, buf, got, neither, fn, ctx, e);
    if (enc)
        *enc = neither ? CSV_UTF8 : got;
    mem_free(buf);
    fclose(f);
    return rc;
}

int csv_read_file(const char *path, csv_record_fn fn, void *ctx, struct err *e)
{
    return csv_read_file_enc(path, fn, ctx, NULL, e);
}
