#include "io/xlsx.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "core/mem.h"
#include "core/str.h"

#define MAX_SHEETS  64
#define MAX_COLUMNS 256
#define CELL_MAX    32767 /* Excel's limit of characters in a cell */

struct xlsx {
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *bold, *real;
    char path[256];
    bool temp;
    char names[MAX_SHEETS][32];
    int n_sheets;
    lxw_row_t row;
    lxw_col_t col;
    int width[MAX_COLUMNS]; /* widest text per column of the sheet, for its widths */
    lxw_error err;
};

static int start(struct xlsx **out, const char *path, bool temp, struct err *e)
{
    struct xlsx *x = mem_calloc(1, sizeof *x);
    if (!x)
        return err_set(e, ERR_NOMEM, "out of memory");
    str_copy(x->path, sizeof x->path, path);
    x->temp = temp;
    x->wb = workbook_new(path);
    if (!x->wb) {
        if (temp)
            unlink(path);
        mem_free(x);
        return err_set(e, ERR_STORAGE, "%s: cannot write the spreadsheet", path);
    }
    x->bold = workbook_add_format(x->wb);
    format_set_bold(x->bold);
    x->real = workbook_add_format(x->wb);
    format_set_num_format(x->real, "0.00");
    *out = x;
    return 0;
}

int xlsx_open(struct xlsx **out, const char *path, struct err *e)
{
    return start(out, path, false, e);
}

int xlsx_open_temp(struct xlsx **out, struct err *e)
{
    const char *dir = getenv("TMPDIR");
    char path[256];
    snprintf(path, sizeof path, "%s/meso-xlsx-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return err_set(e, ERR_STORAGE, "cannot make a temporary file: %s", strerror(errno));
    close(fd);
    return start(out, path, true, e);
}

/* A valid, unique sheet name from name. */
static void sheet_name(struct xlsx *x, const char *name, char out[32])
{
    char base[32];
    size_t o = 0;
    for (const char *s = name && *name ? name : "Sheet"; *s && o < 28; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x80) /* keep the names plain; UTF-8 could be cut mid-character */
            continue;
        base[o++] = strchr("[]:*?/\\'", c) ? ' ' : (char)c;
    }
    base[o] = '\0';
    str_trim(base);
    if (!*base)
        str_copy(base, sizeof base, "Sheet");
    str_copy(out, 32, base);
    for (int k = 2;; k++) {
        bool taken = false;
        for (int i = 0; i < x->n_sheets; i++)
            taken |= strcasecmp(x->names[i], out) == 0;
        if (!taken)
            break;
        char tmp[64];
        snprintf(tmp, sizeof tmp, "%.24s %d", base, k % 1000);
        str_copy(out, 32, tmp);
    }
}

/* Column widths from the widest text seen, before the sheet is written. */
static void set_widths(struct xlsx *x, lxw_worksheet *ws, const int *width)
{
    for (int c = 0; c < MAX_COLUMNS; c++)
        if (width[c])
            worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, width[c] + 2.0, NULL);
    (void)x;
}

void xlsx_sheet(struct xlsx *x, const char *name)
{
    if (x->err || x->n_sheets >= MAX_SHEETS) {
        x->err = x->err ? x->err : LXW_ERROR_PARAMETER_VALIDATION;
        return;
    }
    if (x->ws)
        set_widths(x, x->ws, x->width);
    char nm[32];
    sheet_name(x, name, nm);
    str_copy(x->names[x->n_sheets++], 32, nm);
    x->ws = workbook_add_worksheet(x->wb, nm);
    if (!x->ws)
        x->err = LXW_ERROR_MEMORY_MALLOC_FAILED;
    x->row = 0;
    x->col = 0;
    memset(x->width, 0, sizeof x->width);
}

static bool usable(struct xlsx *x)
{
    if (!x->ws && !x->err)
        xlsx_sheet(x, "Sheet");
    return !x->err && x->col < MAX_COLUMNS;
}

static void note_width(struct xlsx *x, size_t chars)
{
    if (x->col < MAX_COLUMNS && (int)chars > x->width[x->col])
        x->width[x->col] = (int)(chars > 60 ? 60 : chars);
}

/* Count UTF-8 characters, and find the byte length of the first max. */
static size_t utf8_prefix(const char *s, size_t max_chars, size_t *chars)
{
    size_t i = 0, n = 0;
    while (s[i]) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (n == max_chars)
                break;
            n++;
        }
        i++;
    }
    *chars = n;
    return i;
}

static void write_text(struct xlsx *x, const char *s, lxw_format *f)
{
    if (!usable(x))
        return;
    if (s && *s) {
        size_t chars, bytes = utf8_prefix(s, CELL_MAX, &chars);
        lxw_error r;
        if (s[bytes]) {
            char *cut = mem_strndup(s, bytes);
            r = cut ? worksheet_write_string(x->ws, x->row, x->col, cut, f)
                    : LXW_ERROR_MEMORY_MALLOC_FAILED;
            mem_free(cut);
        } else {
            r = worksheet_write_string(x->ws, x->row, x->col, s, f);
        }
        if (r)
            x->err = r;
        note_width(x, chars);
    }
    x->col++;
}

void xlsx_text(struct xlsx *x, const char *s)
{
    write_text(x, s, NULL);
}

void xlsx_number(struct xlsx *x, double v)
{
    if (!usable(x))
        return;
    lxw_error r = worksheet_write_number(x->ws, x->row, x->col, v, x->real);
    if (r)
        x->err = r;
    note_width(x, 8);
    x->col++;
}

void xlsx_integer(struct xlsx *x, long long v)
{
    if (!usable(x))
        return;
    lxw_error r = worksheet_write_number(x->ws, x->row, x->col, (double)v, NULL);
    if (r)
        x->err = r;
    note_width(x, 6);
    x->col++;
}

void xlsx_blank(struct xlsx *x)
{
    if (usable(x))
        x->col++;
}

void xlsx_row_end(struct xlsx *x)
{
    x->row++;
    x->col = 0;
}

void xlsx_header(struct xlsx *x, const char *const *labels, size_t n)
{
    for (size_t i = 0; i < n; i++)
        write_text(x, labels[i], x->bold);
    if (x->ws && !x->err)
        worksheet_freeze_panes(x->ws, x->row + 1, 0);
    xlsx_row_end(x);
}

static int finish(struct xlsx *x, struct err *e)
{
    if (x->ws)
        set_widths(x, x->ws, x->width);
    lxw_error r = workbook_close(x->wb);
    int rc = 0;
    if (x->err || r)
        rc = err_set(e, ERR_STORAGE, "%s: the spreadsheet could not be written (%s)", x->path,
                     lxw_strerror(x->err ? x->err : r));
    return rc;
}

int xlsx_close(struct xlsx *x, struct err *e)
{
    int rc = finish(x, e);
    if (rc && x->temp)
        unlink(x->path);
    mem_free(x);
    return rc;
}

int xlsx_finish_bytes(struct xlsx *x, char **data, size_t *len, struct err *e)
{
    *data = NULL;
    *len = 0;
    int rc = finish(x, e);
    FILE *f = rc ? NULL : fopen(x->path, "rb");
    if (!rc && !f)
        rc = err_set(e, ERR_STORAGE, "cannot read the spreadsheet back: %s", strerror(errno));
    if (f) {
        size_t cap = 1 << 16, n = 0;
        char *buf = mem_malloc(cap);
        size_t got;
        while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
            n += got;
            if (n == cap) {
                char *nb = cap < (64u << 20) ? mem_realloc(buf, cap * 2) : NULL;
                if (!nb) {
                    mem_free(buf);
                    buf = NULL;
                    break;
                }
                buf = nb;
                cap *= 2;
            }
        }
        fclose(f);
        if (!buf)
            rc = err_set(e, ERR_NOMEM, "out of memory");
        *data = buf;
        *len = buf ? n : 0;
    }
    if (x->temp)
        unlink(x->path);
    mem_free(x);
    return rc;
}
