/* misname.h - the words an MIS writes for census values ("Social, Emotional
 * and Mental Health", "Education, Health and Care Plan"), read from the
 * mis_name table (migration 0008, where they are kept as data with their
 * source) and matched ignoring case, spaces and punctuation, "&" reading as
 * "and". Codes are always accepted too, through the pupil field parsers.
 */
#ifndef MESO_MISNAME_H
#define MESO_MISNAME_H

#include <stddef.h>

#include "core/err.h"

struct arena;
struct db;

struct misname {
    const char *kind; /* "need" or "sen" */
    const char *key;  /* misname_key() of the name */
    const char *name; /* as written in the table */
    const char *code;
};

struct misnames {
    struct misname *items;
    size_t n;
};

/* Load every name (in a). */
int misnames_load(struct db *db, struct arena *a, struct misnames *out, struct err *e);

/* The matching key of s into out: letters and digits, lower case, with "&"
 * as "and". */
void misname_key(char *out, size_t cap, const char *s);

/* A primary or secondary need as an MIS writes it: a census code (see
 * pupil_parse_need), a description from the table, "Description (CODE)" or
 * "CODE - Description". Blank gives "". ERR_INPUT with a reason in why. */
int misnames_need(const struct misnames *m, const char *s, char out[5], char *why, size_t cap);
/* An SEN provision: a code or word pupil_parse_sen knows, or a description
 * from the table ("SEN Support"). Blank gives N. */
int misnames_sen(const struct misnames *m, const char *s, char out[2], char *why, size_t cap);

#endif
