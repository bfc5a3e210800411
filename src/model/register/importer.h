/* importer.h - the parts of an import shared by its reading side (import.c:
 * the columns, then each row parsed and checked) and its writing side
 * (importrun.c: the rows written as they come, in one transaction). Private
 * to model/register.
 *
 * Rows travel in chunks (IMPORTER_CHUNK rows each, with an arena for their
 * text): the reader fills one while the writer writes another, and a chunk
 * is reused once written, so memory does not grow with the file.
 */
#ifndef MESO_IMPORTER_H
#define MESO_IMPORTER_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/problems.h"
#include "model/register/carer.h"
#include "model/register/csvtable.h"
#include "model/register/import.h"
#include "model/register/importcols.h"
#include "model/register/importseen.h"
#include "model/register/misname.h"
#include "model/register/pupil.h"

#define IMPORTER_CHUNK 512

/* Problems kept and listed; past this many, rows are still checked and
 * their problems counted (a file of a million bad rows must not hold a
 * million messages), and the listing says how many more there were. */
#define IMPORTER_MAX_LISTED 1000

struct prow {
    long line;
    bool valid;
    struct pupil p;
    enum import_row_what what;
    unsigned changed; /* PF_* */
};

/* One carer of one pupil: a row of a contacts file, or one contact of a
 * pupil export's row. */
struct crow {
    long line;
    bool valid;
    long prow; /* pupil exports: the pupil's row (index in its chunk), else -1 */
    struct carer c;
    struct carer_link link;
    unsigned fields; /* CF_* the file gives */
    const char *upn;
    const char *key;   /* carer match key */
    const char *where; /* the column to report problems with this carer under */
    bool first;        /* the first row for this carer in the file */
    enum import_row_what what;
};

struct importer_chunk {
    struct arena a; /* the rows' text */
    struct prow *prows;
    size_t n_prows, cap_prows;
    struct crow *crows;
    size_t n_crows, cap_crows;
    long rows;   /* data rows of the file in this chunk */
    bool doomed; /* a problem was found before it was handed over: write nothing */
    struct importer_chunk *next;
};

struct upn_id {
    const char *upn;
    int64_t id;
};

/* The columns of one contact of a pupil export (file column or -1). */
struct contact_cols {
    int col[K_N];
    const char *names[K_N]; /* each column's header (or the name it would have) */
    bool any;
};

struct importer {
    const struct import_options *o;
    struct arena *a;  /* the import's: columns, problems, notes */
    const char *name; /* the file, for messages */
    struct problems pr;
    struct arena spill; /* a row's problems past IMPORTER_MAX_LISTED, then dropped */
    long unlisted;      /* problems past the limit */
    long unlisted_rows; /* rows with a problem past the limit */
    struct csvtable t;
    struct misnames names;
    struct contact_cols contacts[IMPORTCOLS_MAX_CONTACTS + 1]; /* 1-based */
    int n_contacts;                                            /* the highest number seen */
    bool from_contacts;                        /* carers import: read the contact columns */
    bool columns_wrong;                        /* problems with the columns: rows are not checked */
    struct importer_chunk *chunk;              /* being filled */
    struct arena *ra;                          /* its arena */
    struct importseen seen_upns;               /* pupils: UPNs so far */
    struct importseen seen_carers, seen_links; /* carers (with details), carer and pupil */
    struct upn_id *upns;                       /* carers: pupils of the school, sorted by UPN */
    size_t n_upns;
    const char **examples; /* the first data row, per column */
    long rows;
    const char **notes;
    size_t n_notes, cap_notes;
    /* Hand a full chunk to the writer and take an empty one (importrun.c);
     * nonzero stops reading (the writer has failed). */
    int (*flush)(struct importer *im);
    void *flush_ctx;
};

/* The CSV reader's callback: the header row, then each data row. */
int importer_on_record(void *ctx, long line, char **fields, const size_t *lens, size_t n);

/* Notes after reading: the encoding, columns not used, no contacts. */
void importer_read_notes(struct importer *im, enum csv_encoding enc);

/* Carers: load the school's pupils' UPNs (a carer's pupil must exist). */
int importer_load_upns(struct importer *im, struct db *db, int64_t school_id, struct err *e);

/* Which fields the file gives (PF_*), and a pupil's name for the preview. */
unsigned importer_pupil_fields(const struct importer *im);
const char *importer_pupil_name(struct arena *a, const struct pupil *p);

/* Keep a need the file has no column for (the SEN column alone). */
void importer_keep_needs(const struct importer *im, struct pupil *p, const struct pupil *old);

const char *importer_base_name(const char *path);

void importer_note(struct importer *im, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
