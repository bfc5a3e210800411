/* xlsx.h - spreadsheets (.xlsx) through libxlsxwriter: sheets of rows,
 * each cell text, a number or empty.
 *
 * Text is always written as a string cell, never as a formula: a name such
 * as "=HYPERLINK(...)", "+44 7700", "-1" or "@SUM(...)" is stored as the
 * text it is, so nothing runs when the file is opened (there is no call
 * here that writes a formula). Text longer than Excel's 32,767 characters a
 * cell is cut at a character boundary.
 *
 * Lifecycle: xlsx_open (a file) or xlsx_open_temp (for xlsx_finish_bytes),
 * then xlsx_sheet and rows of cells, then xlsx_close or xlsx_finish_bytes,
 * which free everything. Errors are kept until the end and returned there.
 */
#ifndef MESO_XLSX_H
#define MESO_XLSX_H

#include <stddef.h>

#include "core/err.h"

struct xlsx;

/* Start a workbook written to path. ERR_STORAGE when it cannot be made. */
int xlsx_open(struct xlsx **out, const char *path, struct err *e);
/* Start a workbook in a private temporary file, to be read back with
 * xlsx_finish_bytes. */
int xlsx_open_temp(struct xlsx **out, struct err *e);

/* A new sheet named name (made unique and valid: at most 31 characters, no
 * []:*?/\); the next row is its first. */
void xlsx_sheet(struct xlsx *x, const char *name);
/* A header row: bold, frozen at the top, with column widths to fit. */
void xlsx_header(struct xlsx *x, const char *const *labels, size_t n);
/* Cells of the current row, left to right. NULL text is an empty cell. */
void xlsx_text(struct xlsx *x, const char *s);
void xlsx_number(struct xlsx *x, double v);
void xlsx_integer(struct xlsx *x, long long v);
void xlsx_blank(struct xlsx *x);
/* End the current row. */
void xlsx_row_end(struct xlsx *x);

/* Write the file and free x. ERR_STORAGE when writing failed. */
int xlsx_close(struct xlsx *x, struct err *e);
/* Write the temporary file, read it into memory (*data, freed with
 * mem_free), remove it and free x. */
int xlsx_finish_bytes(struct xlsx *x, char **data, size_t *len, struct err *e);

/* The MIME type of an .xlsx file. */
#define XLSX_CONTENT_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#endif
