/* langpref.h - the languages a parent's pages and letters use (docs/i18n.md):
 * the one they chose in the portal (account.language, migration 0019) and
 * the carer's recorded language. Choosing between them and the browser's is
 * i18n_choose() in core/i18n. */
#ifndef MESO_LANGPREF_H
#define MESO_LANGPREF_H

#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "model/register/audit.h"

struct db;

/* A parent's chosen language code (NULL when none) and their carer record's
 * preferred_language (NULL when none), strings in a. Returns 0 or a storage
 * error (ERR_NOTFOUND when there is no such account). */
int langpref_get(struct db *db, struct arena *a, int64_t account_id, const char **chosen,
                 const char **recorded, struct err *e);

/* Set (code: a language meso speaks, "en" included) or clear (NULL or "") a
 * parent's chosen language, with its audit row, in one transaction.
 * ERR_INPUT ("language: ...") for a code meso has no catalogue for,
 * ERR_NOTFOUND for no such parent account. */
int langpref_set(struct db *db, const struct audit_who *who, int64_t account_id, const char *code,
                 struct err *e);

#endif
