#include "io/csv.h"

#include <csv.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/mem.h"
#include "core/str.h"

struct reader {
    const char *name;
    csv_record_fn fn;
    void *ctx;
    struct err *e;
    /* the record being built */
    char *fields[CSV_MAX_FIELDS];
    size_t lens[CSV_MAX_FIELDS];
    size_t n;
    long line;      /* line now being fed */
    long rec_start; /* line on which the current record started */
    bool pending;   /* a record has started on an earlier line and not ended */
    bool ended;     /* a record ended during the current line */
    int rc;         /* the first error; stops everything */
};

static void clear_fields(struct reader *r)
{
    for (size_t i = 0; i < r->n; i++)
        mem_free(r->fields[i]);
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
        r->rc = err_set(r->e, ERR_INPUT,
                        "%s:%ld: column %zu is not valid UTF-8 (save the file as CSV UTF-8)",
                        r->name, r->rec_start, r->n + 1);
        return;
    }
    if (memchr(s, '\0', len)) {
        r->rc = err_set(r->e, ERR_INPUT, "%s:%ld: column %zu contains a NUL byte", r->name,
                        r->rec_start, r->n + 1);
        return;
    }
    char *copy = mem_strndup(s, len);
    if (!copy) {
        r->rc = err_set(r->e, ERR_NOMEM, "out of memory");
        return;
    }
    r->fields[r->n] = copy;
    r->lens[r->n] = len;
    r->n++;
}

static void on_record(int c, void *vr)
{
    struct reader *r = vr;
    (void)c;
    if (!r->rc && r->n > 0)
        r->rc = r->fn(r->ctx, r->rec_start, r->fields, r->lens, r->n);
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

int csv_read_mem(const char *name, const char *data, size_t len, csv_record_fn fn, void *ctx,
                 struct err *e)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return err_set(e, ERR_NOMEM, "out of memory");
    csv_set_realloc_func(&p, mem_realloc);
    csv_set_free_func(&p, mem_free);
    struct reader r = { .name = name, .fn = fn, .ctx = ctx, .e = e, .line = 1 };
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
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
    clear_fields(&r);
    csv_free(&p);
    return r.rc;
}

/* Files larger than this are refused rather than read into memory. */
#define CSV_MAX_FILE (1024L * 1024 * 1024)

int csv_read_file(const char *path, csv_record_fn fn, void *ctx, struct err *e)
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
        rc = csv_read_mem(path, data ? data : "", len, fn, ctx, e);
    mem_free(data);
    return rc;
}
