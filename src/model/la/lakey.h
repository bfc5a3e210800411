/* lakey.h - a local authority's pseudonyms (docs/evaluation.md, "Across a
 * local authority's schools"): each LA has one secret key, 32 random bytes
 * held in the database (la_key, migration 0015), made the first time it is
 * needed and never shown or exported. A pseudonym is BLAKE2b keyed with it
 * (libsodium crypto_generichash) over a kind and an identifier, written as a
 * letter and hex digits:
 *
 *   pupil        "P" + 16 hex digits   from the UPN (else the school's URN
 *                                      and the pupil's record number)
 *   key teacher  "K" + 12 hex digits   from the school's URN and the staff
 *                                      record number
 *   school       "S" + 8 hex digits    from the URN
 *
 * The same child has the same pseudonym in every extract of one LA (stable),
 * different ones in different LAs, and without the key a UPN cannot be
 * turned into its pseudonym nor a pseudonym back into anything. */
#ifndef MESO_LAKEY_H
#define MESO_LAKEY_H

#include <stddef.h>

#include "core/err.h"

struct audit_entry;
struct db;

#define LA_KEY_BYTES     32
#define LA_PSEUDONYM_LEN 20 /* the longest, "P" + 16 hex, and the NUL */

enum la_pseudonym_kind { LA_PUPIL, LA_TEACHER, LA_SCHOOL };

/* The key of LA la_code (three digits), made and stored on first use (one
 * transaction, audited as who: the key itself is never in the trail).
 * Returns 0, ERR_INPUT for a code that is not three digits, or a storage
 * error. */
int la_key_get(struct db *db, const char *la_code, const struct audit_entry *who,
               unsigned char key[LA_KEY_BYTES], struct err *e);

/* The pseudonym of id (NUL-terminated text) of kind under key, into out
 * (LA_PSEUDONYM_LEN bytes). Pure. */
void la_pseudonym(const unsigned char key[LA_KEY_BYTES], enum la_pseudonym_kind kind,
                  const char *id, char out[LA_PSEUDONYM_LEN]);

#endif
