/* str.h - small string helpers that libc lacks. All are pure and thread-safe. */
#ifndef MESO_STR_H
#define MESO_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ASCII case-insensitive equality; NULLs compare equal only to NULL. */
bool str_ieq(const char *a, const char *b);
bool str_starts_with(const char *s, const char *prefix);
/* True for NULL or a string of only ASCII white space. */
bool str_blank(const char *s);

/* Trim ASCII white space at both ends, in place; returns s. */
char *str_trim(char *s);

/* Write a matching key for a column header or option value: ASCII lower case
 * with spaces, underscores, hyphens and full stops removed. "Legal Surname" and
 * "legal_surname" give "legalsurname". Truncates to fit out (cap >= 1). */
void str_key(char *out, size_t cap, const char *in);
/* The index in list (NULL-ended) of the entry with the same str_key as s
 * ("Not requested", "not-requested" and "not_requested" match), or -1 when
 * none does or s is NULL or blank. */
int str_key_index(const char *s, const char *const *list);

/* Parse a whole string as a base-10 integer in [min, max]. Leading and
 * trailing white space is allowed; anything else is not. Returns 0 or
 * ERR_INPUT. */
int str_to_int(const char *s, long long min, long long max, long long *out);

/* Parse a whole string as a finite double. Returns 0 or ERR_INPUT. */
int str_to_double(const char *s, double *out);

/* Yes/no values as found in MIS exports: Y, Yes, T, True, 1 / N, No, F,
 * False, 0 (any case). Returns 1, 0, or -1 when it is neither. */
int str_yes_no(const char *s);

/* True when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates). */
bool str_utf8_valid(const char *s, size_t n);

/* Copy src into dst of size cap, always NUL-terminating; returns strlen(src)
 * so truncation can be detected (like strlcpy). */
size_t str_copy(char *dst, size_t cap, const char *src);

#endif
