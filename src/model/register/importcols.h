/* importcols.h - the columns meso reads from a pupil export and from a
 * contacts file, with the names common MIS exports give them (SIMS, Arbor,
 * Bromcom, ScholarPack; docs/import.md), and the repeated contact columns of
 * a pupil export ("Contact 1 Name", "Contact 1 Relationship", ...).
 */
#ifndef MESO_IMPORTCOLS_H
#define MESO_IMPORTCOLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "model/register/csvtable.h"

enum pcol {
    P_UPN,
    P_FORMER_UPN,
    P_SURNAME,
    P_FORENAME,
    P_PREF_SURNAME,
    P_PREF_FORENAME,
    P_DOB,
    P_SEX,
    P_YEAR,
    P_REG,
    P_SEN,
    P_NEED1,
    P_NEED2,
    P_FSM,
    P_FSM_SINCE,
    P_EAL,
    P_LANGUAGE,
    P_CLA,
    P_ADMISSION,
    P_LEAVING,
    P_N
};

enum ccol {
    C_UPN,
    C_MIS_ID,
    C_TITLE,
    C_FORENAME,
    C_SURNAME,
    C_RELATIONSHIP,
    C_PR,
    C_PRIORITY,
    C_LIVES_WITH,
    C_MOBILE,
    C_HOME,
    C_WORK,
    C_EMAIL,
    C_ADDR1,
    C_ADDR2,
    C_TOWN,
    C_POSTCODE,
    C_LANGUAGE,
    C_CONTACT,
    C_INTERPRETER,
    C_ACCESS,
    C_N
};

extern const struct csvtable_col importcols_pupils[P_N];
extern const struct csvtable_col importcols_carers[C_N];

/* A contact's details in a pupil export: "Contact 2 Email" is contact 2's
 * email. Contacts are numbered 1 to IMPORTCOLS_MAX_CONTACTS. */
#define IMPORTCOLS_MAX_CONTACTS 9
enum contact_field {
    K_NAME, /* the whole name, split into title, forename and surname */
    K_TITLE,
    K_FORENAME,
    K_SURNAME,
    K_RELATIONSHIP,
    K_PR,
    K_PRIORITY,
    K_LIVES_WITH,
    K_MOBILE,
    K_HOME,
    K_WORK,
    K_EMAIL,
    K_ID,
    K_ADDR1,
    K_ADDR2,
    K_TOWN,
    K_POSTCODE,
    K_LANGUAGE,
    K_N
};

/* Whether a header's matching key (str_key: "contact2emailaddress") names a
 * contact column: its number and field. Prefixes: Contact, Guardian,
 * Parent, Carer. */
bool importcols_contact(const char *key, int *number, enum contact_field *field);
/* "name", "relationship", ... for messages and the preview. */
const char *importcols_contact_field_name(enum contact_field f);

#endif
