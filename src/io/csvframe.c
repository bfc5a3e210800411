#include "io/csvframe.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "io/csv.h"

/* Reading the CSV into a frame of the formula's columns. */
struct reader {
    const struct formula *f;
    struct frame *fr;
    const char *path;
    long cols[FORMULA_MAX_VARS]; /* the file's column of each variable */
    size_t n_fields;
    bool header_done;
    struct err *e;
};

static int on_header(struct reader *r, char **fields, size_t n)
{
    r->n_fields = n;
    for (size_t v = 0; v < r->f->n_vars; v++) {
        r->cols[v] = -1;
        for (size_t i = 0; i < n && r->cols[v] < 0; i++)
            if (strcmp(fields[i], r->f->vars[v]) == 0)
                r->cols[v] = (long)i;
        if (r->cols[v] < 0) {
            char names[700] = "";
            size_t used = 0;
            for (size_t i = 0; i < n && used < sizeof names - 100; i++) {
                int k =
                    snprintf(names + used, sizeof names - used, "%s%s", i ? ", " : "", fields[i]);
                used += k > 0 ? (size_t)k : 0;
            }
            return err_set(r->e, ERR_INPUT,
                           "%s: the formula names column %s, which is not in the file (its "
                           "columns are: %s)",
                           r->path, r->f->vars[v], names);
        }
    }
    r->header_done = true;
    return frame_init(r->fr, r->f->vars, r->f->n_vars, r->e);
}

static int on_record(void *ctx, long line, char **fields, const size_t *lens, size_t n)
{
    struct reader *r = ctx;
    (void)lens;
    if (!r->header_done)
        return on_header(r, fields, n);
    if (n != r->n_fields)
        return err_set(r->e, ERR_INPUT, "%s:%ld: %zu fields, but the header has %zu", r->path, line,
                       n, r->n_fields);
    const char *cells[FORMULA_MAX_VARS];
    for (size_t v = 0; v < r->f->n_vars; v++)
        cells[v] = fields[r->cols[v]];
    int rc = frame_add_row(r->fr, cells, line, r->e);
    if (rc == ERR_LIMIT)
        err_wrap(r->e, "%s:%ld", r->path, line);
    return rc;
}

int csvframe_read(const char *path, const struct formula *f, struct frame *fr, struct err *e)
{
    memset(fr, 0, sizeof *fr);
    struct reader r = { .f = f, .fr = fr, .path = path, .e = e };
    int rc = csv_read_file(path, on_record, &r, e);
    if (!rc && !r.header_done)
        rc = err_set(e, ERR_INPUT, "%s: the file is empty", path);
    return rc;
}
