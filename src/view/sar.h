/* sar.h - a subject access request's export (issue 18 part 5; docs/sar.md):
 * everything held about a child gathered into one JSON document, the lead's
 * redactions applied, and laid out as a PDF (view/sardoc.h). The command
 * (`meso sar`) and the pages (pages/register/sarpage.c) both make it here.
 *
 * Paths. Each value of the document has a path: the section's key, then for
 * each level a member's name, or "#ID" for the element of a list whose
 * record has that "id", or the element's position (from 0) in a list of
 * records without ids: "conversations/#12/concerns", "pupil/carers/#7",
 * "attendance/3". A redaction (model/sar/redaction.h) names a path. */
#ifndef MESO_VIEW_SAR_H
#define MESO_VIEW_SAR_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

struct arena;
struct db;
struct audit_entry;
struct school;
struct pupil;
struct sar_redaction;

#define SAR_REDACTED "[redacted]"

struct sar_source {
    struct db *db;
    struct arena *arena;
    const struct school *school;
    const struct pupil *pupil;
    int64_t carer_id;              /* the carer who asked, or 0 */
    const struct audit_entry *who; /* actor and address; its reads are audited */
    struct err *err;
};

/* Everything held about the child, unredacted: "request", "pupil",
 * "conversations", "targets", "contacts", "assessments", "stories",
 * "outcomes", "provision", "attendance", ["carer"], "audit". The reads are
 * audited as the model audits them. *out is the caller's (json_decref). */
int sar_gather(const struct sar_source *s, json_t **out);

/* Apply the standing redactions rs to sar: a whole value (passage NULL)
 * becomes "[redacted]"; a passage becomes "[redacted]" wherever it occurs in
 * the string at its path. Adds "redactions": each one's id, path, what
 * ("all of it" or "a passage of N characters"), reason, by, at and whether
 * it was found (a record changed since may no longer hold the words); never
 * the words. Returns how many were found, or a negative ERR_NOMEM. */
int sar_apply_redactions(json_t *sar, const struct sar_redaction *rs, size_t n);

/* The value at path in sar, or NULL. */
json_t *sar_at(json_t *sar, const char *path);

/* Call fn for every value of the sections a lead reviews (not "request",
 * "audit" or "redactions"), depth first, with its path and its depth (a
 * section is 0). Stops when fn returns nonzero and returns that. */
typedef int (*sar_visit_fn)(const char *path, const char *key, json_t *v, int depth, void *ctx);
int sar_walk(json_t *sar, struct arena *a, sar_visit_fn fn, void *ctx);

/* The whole export as the family gets it: gathered, the standing
 * redactions applied, the PDF laid out into pdf (if not NULL), and the
 * export's own audit row written ("export sar", naming the carer and the
 * number of redactions). *out is the caller's. */
int sar_make(const struct sar_source *s, json_t **out, struct buf *pdf, int *n_redacted);

#endif
