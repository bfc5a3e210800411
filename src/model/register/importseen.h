/* importseen.h - what an import has seen so far in its file, so that a UPN
 * or a carer given twice is found while the rows stream past, without
 * keeping the rows: a hash set of 64-bit keys, each with the line it was
 * first seen on (and, for carers, a 64-bit digest of their details).
 *
 * Memory: 12 bytes a slot (20 with details), at most 4 slots in 3 used, so
 * 16 to 32 bytes for each distinct key: the one part of an import that
 * grows with the file (about 24 MB for 1,000,000 pupils; docs/import.md).
 * A UPN in its usual form (a letter, 11 digits, a digit or letter) is packed
 * into its key exactly; anything else (a carer's match key, a malformed
 * UPN) is hashed, where two different strings share a key about once in
 * 10^19 pairs, too seldom to matter for a file of any size.
 */
#ifndef MESO_IMPORTSEEN_H
#define MESO_IMPORTSEEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct importseen {
    uint64_t *keys; /* 0: an empty slot */
    uint32_t *lines;
    uint64_t *details; /* NULL unless made with details */
    size_t n, cap;     /* cap: a power of two, or 0 */
    bool with_details;
};

void importseen_init(struct importseen *s, bool with_details);
void importseen_release(struct importseen *s);

/* Record key, first seen at line (with details, when the set keeps them).
 * Returns 1 when it was new, 0 when it had been seen (then *first_line and
 * *first_details, either may be NULL, give its first sighting), or ERR_NOMEM. */
int importseen_add(struct importseen *s, uint64_t key, long line, uint64_t details,
                   long *first_line, uint64_t *first_details);

/* The key of a UPN (exact for a well-formed one), and a hash of one or two
 * strings (b may be NULL) or of up to n strings (NULLs count as ""). */
uint64_t importseen_upn_key(const char *upn);
uint64_t importseen_hash(const char *a, const char *b);
uint64_t importseen_hash_all(const char *const *s, size_t n);

#endif
