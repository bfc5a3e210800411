/* csv.h - RFC 4180 CSV through libcsv, with the line numbers people need in
 * error messages.
 *
 * Accepts UTF-8 with or without a byte order mark, CRLF or LF line endings,
 * quoted fields holding commas, quotes and newlines; blank lines are skipped.
 * For each record the callback receives the line on which the record starts
 * (1-based) and its fields, each NUL-terminated. Fields are valid only during
 * the callback.
 */
#ifndef MESO_CSV_H
#define MESO_CSV_H

#include <stddef.h>

#include "core/err.h"

/* Limits that keep a malformed or hostile file from exhausting memory. */
#define CSV_MAX_FIELDS      512
#define CSV_MAX_FIELD_BYTES (64 * 1024)

/* Return 0 to continue, or a negative err_code to stop reading (that code is
 * then returned by csv_read_*). */
typedef int (*csv_record_fn)(void *ctx, long line, char **fields, const size_t *lens,
                             size_t n_fields);

/* Read a whole file or memory buffer. name is used in error messages
 * ("name:LINE: reason"). Returns 0, the callback's code, ERR_INPUT for
 * malformed CSV or invalid UTF-8, or ERR_STORAGE when the file cannot be read. */
int csv_read_file(const char *path, csv_record_fn fn, void *ctx, struct err *e);
int csv_read_mem(const char *name, const char *data, size_t len, csv_record_fn fn, void *ctx,
                 struct err *e);

#endif
