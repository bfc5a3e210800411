/* upn.h - Unique Pupil Numbers (DfE).
 *
 * A UPN is 13 characters: a check letter, a 3-digit LA number, a 4-digit
 * establishment number, a 2-digit year and a 3-digit serial. The check letter
 * is found by weighting characters 2..13 by 2..13, summing, taking the sum
 * mod 23, and indexing ABCDEFGHJKLMNPQRTUVWXYZ. A temporary UPN ends in a
 * letter of that alphabet instead of the last digit; the letter counts as its
 * index in the alphabet.
 */
#ifndef MESO_UPN_H
#define MESO_UPN_H

#include <stdbool.h>
#include <stddef.h>

#define UPN_LEN 13

/* Check s (after trimming and upper-casing into out, which must hold
 * UPN_LEN + 1 bytes). Returns 0 when valid, setting *temporary; otherwise
 * ERR_INPUT with a plain reason in why (e.g. "the check letter should be K"). */
int upn_check(const char *s, char out[UPN_LEN + 1], bool *temporary, char *why, size_t why_cap);

/* The check letter for the 12 characters after it (digits, or a final
 * alphabet letter for a temporary UPN); '\0' when they are malformed. */
char upn_check_letter(const char *rest12);

/* Build a valid permanent UPN from its parts. Returns 0, or ERR_INPUT when a
 * part is out of range (la 0-999, estab 0-9999, year 0-99, serial 0-999). */
int upn_make(char out[UPN_LEN + 1], int la, int estab, int year, int serial);

#endif
