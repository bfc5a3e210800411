/* laextract.h - a local authority's pseudonymised evaluation extract
 * (docs/evaluation.md, "Across a local authority's schools"): for the
 * schools of the LA whose leads agreed to share (access_la_sees_school),
 * each school's implementation-to-outcome dataset (evaldata.h, the same rows
 * the school's own analysis uses), with every pupil, key teacher and school
 * replaced by its keyed pseudonym (lakey.h). No name, UPN, record number or
 * date of birth leaves this function.
 *
 * Audited: each school's reads as that school's (evaldata_load), and one
 * row for the extract (action "export" when it is written to a file, else
 * "report"), naming the LA, the year, the outcome and how many schools and
 * pupils, never a child. */
#ifndef MESO_LAEXTRACT_H
#define MESO_LAEXTRACT_H

#include <stdbool.h>

#include "core/err.h"
#include "model/la/laeval.h"

struct arena;
struct db;
struct principal;

/* Build the extract for p's LA (p must be an LA principal, else
 * ERR_DENIED) for school year year and outcome. to_file: the extract will
 * leave meso as a file (audited "export"). Returns 0 or an error. */
int la_extract_load(struct db *db, struct arena *a, const struct principal *p, int year,
                    const struct evaldata_outcome *outcome, const char *address, bool to_file,
                    struct la_eval_data *out, struct err *e);

#endif
