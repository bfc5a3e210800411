/* redaction.h - what a lead holds back from a subject access request before
 * release (issue 18 part 5; docs/sar.md): a passage of a record, or a whole
 * value or record, each with a reason. The export (view/sar.c) replaces each
 * with "[redacted]" and lists what was redacted and by whom.
 *
 * The words of a passage are kept in sar_redaction (the school's working
 * copy, so the export can find them again); the audit trail records only
 * where (the path), how many characters and why, never the words. */
#ifndef MESO_SAR_REDACTION_H
#define MESO_SAR_REDACTION_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

struct arena;
struct db;
struct audit_entry;

#define SAR_PATH_MAX    300
#define SAR_PASSAGE_MAX 2000
#define SAR_REASON_MAX  500
/* The path of a passage held back wherever it occurs in the export (a name
 * that comes up in many records). */
#define SAR_PATH_EVERYWHERE "*"

struct sar_redaction {
    int64_t id;
    const char *path;    /* "conversations/#12/concerns" (view/sar.h) */
    const char *passage; /* the words to hold back; NULL: the whole value */
    const char *reason;
    const char *created_by, *created_at;
    const char *withdrawn_by, *withdrawn_at; /* NULL while it stands */
};

/* Record a redaction of pupil_id's export. path must be 1..SAR_PATH_MAX
 * characters of letters, digits, '_', '#' and '/', or SAR_PATH_EVERYWHERE
 * (then a passage is required); passage NULL or empty for the whole value, else at most
 * SAR_PASSAGE_MAX; reason 1..SAR_REASON_MAX. One transaction with its audit row ("redact", entity
 * "sar_redaction", detail: the path, the length and the reason). Returns 0 with *id set, ERR_INPUT
 * with "path: ...", "passage: ..." or "reason: ..." in e. */
int sar_redaction_add(struct db *db, const struct audit_entry *who, int64_t school_id,
                      int64_t pupil_id, const char *path, const char *passage, const char *reason,
                      int64_t *id, struct err *e);

/* Withdraw redaction id of pupil_id (it stays, marked withdrawn, with its
 * audit row "withdraw"). ERR_NOTFOUND when there is no such standing one. */
int sar_redaction_withdraw(struct db *db, const struct audit_entry *who, int64_t school_id,
                           int64_t pupil_id, int64_t id, struct err *e);

/* pupil_id's redactions, oldest first; withdrawn ones only when
 * with_withdrawn. Strings live in a. */
int sar_redaction_list(struct db *db, struct arena *a, int64_t pupil_id, bool with_withdrawn,
                       struct sar_redaction **out, size_t *n, struct err *e);

/* True when path is well formed (as sar_redaction_add checks). */
bool sar_path_valid(const char *path);

#endif
