/* transfix.h - a school's corrections of meso's translated messages
 * (docs/i18n.md; table translation_fix, migration 0019). A correction
 * replaces the catalogue's translation of one message in one language on
 * the school's pages and letters, and survives upgrades. */
#ifndef MESO_TRANSFIX_H
#define MESO_TRANSFIX_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/i18n.h"
#include "model/register/audit.h"

struct db;

#define TRANSFIX_MAX 4000 /* bytes in one corrected message */

/* The school's corrections in lang, sorted by msgid as tr_get() searches
 * them (strcmp order, whatever the database's collation), in a. */
int transfix_list(struct db *db, struct arena *a, int64_t school_id, const char *lang,
                  struct tr_fix **out, size_t *n, struct err *e);

/* Correct msgid in lang for the school (msgstr), or go back to the
 * catalogue's translation (msgstr NULL or blank), with its audit row, in one
 * transaction. ERR_INPUT, naming the field, when lang is not one meso
 * translates into, msgid is not a message of meso's catalogue, or msgstr is
 * too long, not UTF-8, or has other placeholders than the English ("msgstr:
 * keep the 2 places marked %s ..."). */
int transfix_set(struct db *db, const struct audit_who *who, int64_t school_id, const char *lang,
                 const char *msgid, const char *msgstr, struct err *e);

#endif
