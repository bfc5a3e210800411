/* importupload.h - pupil and carer files uploaded in the browser, kept
 * only until a lead confirms (or abandons) them, and the column choices a
 * school has made for its exports ("this column is the UPN").
 *
 * An upload is stored as UTF-8 text (a Windows-1252 file is converted once,
 * here); nothing of it reaches the register before the lead confirms, and
 * its text is dropped as soon as it is imported. Uploads older than a day
 * that were never confirmed are removed when the school uploads again. An
 * upload belongs to one school; asking for it from another is ERR_NOTFOUND.
 */
#ifndef MESO_IMPORTUPLOAD_H
#define MESO_IMPORTUPLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "model/register/csvtable.h"
#include "model/register/import.h"

struct arena;
struct db;

/* The largest file accepted (also the upload route's body limit, with room
 * for the form around it): a secondary school's export with two contacts a
 * pupil is about 200 bytes a pupil, so 2,000 pupils are about 0.4 MB; a wide
 * custom report a few times that. */
#define IMPORTUPLOAD_MAX_BYTES (8u * 1024 * 1024)

struct import_upload {
    int64_t id;
    int64_t school_id;
    int64_t account_id;
    enum import_kind kind;
    const char *filename;
    const char *content; /* UTF-8; NULL once imported */
    size_t len;
    bool converted; /* the file was Windows-1252 */
    const char *uploaded_at;
    const char *imported_at; /* NULL until confirmed */
    const char *summary;     /* what the import did, once done */
};

/* Keep a file for school_id. data is the file as uploaded (UTF-8 or
 * Windows-1252); the file name is kept without its folders. ERR_INPUT
 * (message in e) when it is empty, too large, or text in neither encoding:
 * then the caller reads it with import_run to say where. */
int importupload_add(struct db *db, int64_t school_id, int64_t account_id, enum import_kind kind,
                     const char *filename, const char *data, size_t len, int64_t *id,
                     struct err *e);

/* One upload of school_id (content in a). */
int importupload_get(struct db *db, struct arena *a, int64_t school_id, int64_t id,
                     struct import_upload *out, struct err *e);

/* Mark an upload imported: drop its text and keep what was done. */
int importupload_done(struct db *db, int64_t id, const char *summary, struct err *e);

/* Import an upload for real (options o, as for its preview), mark it
 * imported with what was done, and write the "import" audit row, in one
 * transaction: all of it or none. ERR_INPUT (nothing written) when its rows
 * no longer pass. */
struct audit_entry;
int importupload_import(struct db *db, struct arena *a, const struct import_upload *u,
                        const struct import_options *o, const struct audit_entry *who,
                        struct import_summary *s, struct err *e);

/* The school's column choices for a kind (in a). */
int importupload_choices(struct db *db, struct arena *a, int64_t school_id, enum import_kind kind,
                         struct csvtable_choice **out, size_t *n, struct err *e);

/* Say which column the header with this matching key (str_key) holds: a
 * spec key of the kind, "" for not used, or NULL to go back to matching by
 * name. ERR_INPUT for a column the kind does not have. */
int importupload_choose(struct db *db, int64_t school_id, enum import_kind kind,
                        const char *header_key, const char *column, const char *actor,
                        struct err *e);
/* Several choices in one transaction (a NULL column: back to by name). */
int importupload_choose_all(struct db *db, int64_t school_id, enum import_kind kind,
                            const struct csvtable_choice *c, size_t n, const char *actor,
                            struct err *e);

#endif
