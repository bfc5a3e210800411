/* csv.h - RFC 4180 CSV through libcsv, with the line numbers people need in
 * error messages.
 *
 * Accepts UTF-8 with or without a byte order mark, and Windows-1252 (what
 * Excel writes for "CSV (Comma delimited)"), converted to UTF-8 with glibc's
 * iconv; CRLF or LF line endings, quoted fields holding commas, quotes and
 * newlines; blank lines are skipped. A file that is neither encoding is
 * refused with the line and the column's header where the first byte that
 * cannot be read is.
 * For each record the callback receives the line on which the record starts
 * (1-based) and its fields, each NUL-terminated. Fields are valid only during
 * the callback.
 */
#ifndef MESO_CSV_H
#define MESO_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

/* Limits that keep a malformed or hostile file from exhausting memory. */
#define CSV_MAX_FIELDS      512
#define CSV_MAX_FIELD_BYTES (64 * 1024)

/* Return 0 to continue, or a negative err_code to stop reading (that code is
 * then returned by csv_read_*). */
typedef int (*csv_record_fn)(void *ctx, long line, char **fields, const size_t *lens,
                             size_t n_fields);

/* The encoding a file was read in. */
enum csv_encoding { CSV_UTF8 = 0, CSV_WINDOWS_1252 };

/* Read a file (in pieces: memory does not grow with its size; it is read
 * twice, first to decide its encoding) or a memory buffer. name is used in
 * error messages
 * ("name:LINE: reason"). Returns 0, the callback's code, ERR_INPUT for
 * malformed CSV or text in neither encoding, or ERR_STORAGE when the file
 * cannot be read. The _enc forms also say which encoding the file was in
 * (enc may be NULL). */
int csv_read_file(const char *path, csv_record_fn fn, void *ctx, struct err *e);
int csv_read_mem(const char *name, const char *data, size_t len, csv_record_fn fn, void *ctx,
                 struct err *e);
int csv_read_file_enc(const char *path, csv_record_fn fn, void *ctx, enum csv_encoding *enc,
                      struct err *e);
int csv_read_mem_enc(const char *name, const char *data, size_t len, csv_record_fn fn, void *ctx,
                     enum csv_encoding *enc, struct err *e);

/* The text of data as UTF-8: data itself (less a byte order mark) when it
 * is UTF-8, else a conversion from Windows-1252. On success *out is either
 * inside data or, when *owned is set, memory to free with mem_free(). Returns
 * 0, ERR_INPUT when the text is in neither encoding (nothing allocated: the
 * reader then reports the place), or ERR_NOMEM. */
int csv_text_utf8(const char *data, size_t len, const char **out, size_t *out_len, bool *owned,
                  enum csv_encoding *enc);

#endif
