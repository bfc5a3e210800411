/* carername.h - a parent's or carer's name as an MIS writes it, split into
 * title, forename and surname (the contact columns of a pupil export give
 * "Contact 1 Name" whole). */
#ifndef MESO_CARERNAME_H
#define MESO_CARERNAME_H

struct arena;

/* Split a name as an MIS writes it into title, forename and surname:
 * "Mrs Amina Khan", "Khan, Amina (Mrs)", "Dr Jo van der Berg" (particles
 * such as van, de, al stay with the surname). A single word is a surname.
 * Pieces not present are NULL; all are allocated in a. */
void carer_split_name(struct arena *a, const char *name, const char **title, const char **forename,
                      const char **surname);

#endif
