/* xlsx_report.h - the spreadsheets leads download (and `--xlsx FILE` on the
 * matching commands writes): a report's JSON representation, the same the
 * API and `--json` give, laid out as sheets, so the figures in the
 * spreadsheet are those of the page, the API and the command line.
 *
 * The layout, for any document:
 *   - a first sheet, "Summary", naming the report (title) and giving the
 *     document's plain values, one row each ("Pupils in scope | 87"); values of nested objects
 *     ("methods_used": {"phone": 66}) become rows "Methods used: phone";
 *   - each list of records on a sheet of its own ("per_teacher" becomes a
 *     sheet "Per teacher"): a header row of the records' fields, one row per
 *     record; nested objects' fields become columns ("Methods used: phone");
 *   - a list of records inside those records ("bands" of each score) goes
 *     to a further sheet, each row starting with its parent's plain fields,
 *     so it reads as one long table;
 *   - lists of plain values are joined with ", ".
 * Labels are the keys in words: "with_3_or_more" is "With 3 or more".
 * Numbers are numbers (fractions with two decimals), true/false are Yes/No,
 * null is an empty cell; every text is a text cell (io/xlsx.h: never a
 * formula).
 */
#ifndef MESO_XLSX_REPORT_H
#define MESO_XLSX_REPORT_H

#include <jansson.h>
#include <stdbool.h>

#include "core/err.h"
#include "io/xlsx.h"

/* Lay doc out in x (see above); title names the first sheet. */
void xlsx_report_json(struct xlsx *x, const char *title, json_t *doc);

/* A programme's attendance register from its JSON (view/repr_prog.h): one
 * row per family, one column per session held ("Child and parent", "Child",
 * "Parent" or empty), then their sessions attended. */
void xlsx_report_attendance(struct xlsx *x, json_t *programme);

/* A report document as a workbook (the attendance register first when
 * attendance is set, for a programme), written to path or into memory
 * (*data freed with mem_free). */
int xlsx_report_file(const char *path, const char *title, json_t *doc, bool attendance,
                     struct err *e);
int xlsx_report_bytes(char **data, size_t *len, const char *title, json_t *doc, bool attendance,
                      struct err *e);

#endif
