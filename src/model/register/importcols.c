#include "model/register/importcols.h"

#include <string.h>

#include "core/str.h"

/* Header names: the first is the one meso prints; the others are the names
 * SIMS, Arbor and other MISs give the same column (docs/import.md). */
const struct csvtable_col importcols_pupils[P_N] = {
    [P_UPN] = { "upn", true, { "UPN", "Unique Pupil Number" } },
    [P_FORMER_UPN] = { "former_upn", false, { "Former UPN", "Previous UPN" } },
    [P_SURNAME] = { "legal_surname",
                    true,
                    { "Surname", "Legal Surname", "Last Name", "Legal Last Name", "Family Name" } },
    [P_FORENAME] = { "legal_forename",
                     true,
                     { "Forename", "Legal Forename", "First Name", "Legal First Name",
                       "Given Name" } },
    [P_PREF_SURNAME] = { "preferred_surname",
                         false,
                         { "Preferred Surname", "Preferred Last Name" } },
    [P_PREF_FORENAME] = { "preferred_forename",
                          false,
                          { "Preferred Forename", "Preferred First Name", "Preferred Name",
                            "Known As" } },
    [P_DOB] = { "dob", true, { "DOB", "Date of Birth", "Birth Date" } },
    [P_SEX] = { "sex", true, { "Sex", "Gender" } },
    [P_YEAR] = { "nc_year",
                 false,
                 { "Year", "NC Year", "Year Group", "National Curriculum Year", "Curriculum Year",
                   "Year Taught In" } },
    [P_REG] = { "reg_group",
                false,
                { "Reg Group", "Reg", "Registration Group", "Registration Form", "Reg Form", "Form",
                  "Form Group", "Tutor Group", "Class" } },
    [P_SEN] = { "sen", false, { "SEN", "SEN Provision", "SEN Status", "SEN Stage" } },
    [P_NEED1] = { "need1",
                  false,
                  { "Primary Need", "SEN Primary Need", "Primary SEN Need", "Primary SEN Type" } },
    [P_NEED2] = { "need2",
                  false,
                  { "Secondary Need", "SEN Secondary Need", "Secondary SEN Need",
                    "Secondary SEN Type" } },
    [P_FSM] = { "fsm", false, { "FSM", "FSM Eligible", "Free School Meals" } },
    [P_FSM_SINCE] = { "fsm_since",
                      false,
                      { "FSM Start", "FSM Start Date", "FSM Eligibility Start" } },
    [P_EAL] = { "eal", false, { "EAL", "English as an Additional Language" } },
    [P_LANGUAGE] = { "first_language", false, { "First Language", "Home Language", "Language" } },
    [P_CLA] = { "looked_after", false, { "CLA", "Looked After", "In Care", "LAC" } },
    [P_ADMISSION] = { "admission_date",
                      false,
                      { "Admission Date", "Date of Admission", "Entry Date" } },
    [P_LEAVING] = { "leaving_date", false, { "Leaving Date", "Date of Leaving", "Leave Date" } },
};

const struct csvtable_col importcols_carers[C_N] = {
    [C_UPN] = { "upn", true, { "UPN", "Pupil UPN" } },
    [C_MIS_ID] = { "mis_id", false, { "Contact ID", "Person ID", "Carer ID", "Parent ID" } },
    [C_TITLE] = { "title", false, { "Title", "Contact Title" } },
    [C_FORENAME] = { "forename",
                     false,
                     { "Contact Forename", "Carer Forename", "Parent Forename", "Forename",
                       "First Name" } },
    [C_SURNAME] = { "surname",
                    true,
                    { "Contact Surname", "Carer Surname", "Parent Surname", "Surname",
                      "Last Name" } },
    [C_RELATIONSHIP] = { "relationship",
                         true,
                         { "Relationship", "Relationship to Pupil", "Relationship to Student",
                           "Relation" } },
    [C_PR] = { "parental_responsibility",
               false,
               { "Parental Responsibility", "PR", "Has Parental Responsibility" } },
    [C_PRIORITY] = { "contact_priority",
                     false,
                     { "Priority", "Contact Priority", "Priority Order" } },
    [C_LIVES_WITH] = { "lives_with", false, { "Lives With", "Lives With Pupil", "Resides With" } },
    [C_MOBILE] = { "phone_mobile",
                   false,
                   { "Mobile", "Mobile Phone", "Mobile Number", "Mobile Telephone" } },
    [C_HOME] = { "phone_home", false, { "Home Phone", "Telephone", "Phone", "Home Telephone" } },
    [C_WORK] = { "phone_work", false, { "Work Phone", "Work Telephone" } },
    [C_EMAIL] = { "email", false, { "Email", "Email Address" } },
    [C_ADDR1] = { "address_line1", false, { "Address Line 1", "Address 1", "Address", "Street" } },
    [C_ADDR2] = { "address_line2", false, { "Address Line 2", "Address 2" } },
    [C_TOWN] = { "town", false, { "Town", "City", "Town/City" } },
    [C_POSTCODE] = { "postcode", false, { "Postcode", "Post Code" } },
    [C_LANGUAGE] = { "preferred_language",
                     false,
                     { "Preferred Language", "Language", "Home Language", "First Language" } },
    [C_CONTACT] = { "preferred_contact",
                    false,
                    { "Preferred Contact", "Contact Method", "Preferred Contact Method" } },
    [C_INTERPRETER] = { "interpreter_needed",
                        false,
                        { "Interpreter Needed", "Interpreter", "Needs Interpreter" } },
    [C_ACCESS] = { "access_needs",
                   false,
                   { "Access Needs", "Accessibility Needs", "Communication Needs" } },
};

/* What follows "Contact 1" in a header, as a matching key. */
static const struct {
    const char *key;
    enum contact_field field;
} contact_suffixes[] = {
    { "", K_NAME },
    { "name", K_NAME },
    { "fullname", K_NAME },
    { "title", K_TITLE },
    { "forename", K_FORENAME },
    { "firstname", K_FORENAME },
    { "givenname", K_FORENAME },
    { "surname", K_SURNAME },
    { "lastname", K_SURNAME },
    { "familyname", K_SURNAME },
    { "relationship", K_RELATIONSHIP },
    { "relationshiptopupil", K_RELATIONSHIP },
    { "relationshiptostudent", K_RELATIONSHIP },
    { "relation", K_RELATIONSHIP },
    { "parentalresponsibility", K_PR },
    { "hasparentalresponsibility", K_PR },
    { "parentalresp", K_PR },
    { "pr", K_PR },
    { "priority", K_PRIORITY },
    { "contactpriority", K_PRIORITY },
    { "liveswith", K_LIVES_WITH },
    { "liveswithpupil", K_LIVES_WITH },
    { "liveswithstudent", K_LIVES_WITH },
    { "resideswith", K_LIVES_WITH },
    { "mobile", K_MOBILE },
    { "mobilephone", K_MOBILE },
    { "mobilenumber", K_MOBILE },
    { "mobiletelephone", K_MOBILE },
    { "telephone", K_HOME },
    { "phone", K_HOME },
    { "homephone", K_HOME },
    { "hometelephone", K_HOME },
    { "mainphone", K_HOME },
    { "maintelephone", K_HOME },
    { "workphone", K_WORK },
    { "worktelephone", K_WORK },
    { "email", K_EMAIL },
    { "emailaddress", K_EMAIL },
    { "homeemail", K_EMAIL },
    { "personalemail", K_EMAIL },
    { "personalemailaddress", K_EMAIL },
    { "mainemail", K_EMAIL },
    { "id", K_ID },
    { "contactid", K_ID },
    { "personid", K_ID },
    { "address", K_ADDR1 },
    { "addressline1", K_ADDR1 },
    { "address1", K_ADDR1 },
    { "street", K_ADDR1 },
    { "addressline2", K_ADDR2 },
    { "address2", K_ADDR2 },
    { "town", K_TOWN },
    { "city", K_TOWN },
    { "town/city", K_TOWN },
    { "postcode", K_POSTCODE },
    { "postalcode", K_POSTCODE },
    { "language", K_LANGUAGE },
    { "preferredlanguage", K_LANGUAGE },
};

static const char *const contact_field_names[K_N] = {
    [K_NAME] = "name",
    [K_TITLE] = "title",
    [K_FORENAME] = "forename",
    [K_SURNAME] = "surname",
    [K_RELATIONSHIP] = "relationship",
    [K_PR] = "parental responsibility",
    [K_PRIORITY] = "priority",
    [K_LIVES_WITH] = "lives with",
    [K_MOBILE] = "mobile",
    [K_HOME] = "home phone",
    [K_WORK] = "work phone",
    [K_EMAIL] = "email",
    [K_ID] = "contact id",
    [K_ADDR1] = "address",
    [K_ADDR2] = "address line 2",
    [K_TOWN] = "town",
    [K_POSTCODE] = "postcode",
    [K_LANGUAGE] = "language",
};

const char *importcols_contact_field_name(enum contact_field f)
{
    return f < K_N ? contact_field_names[f] : "";
}

bool importcols_contact(const char *key, int *number, enum contact_field *field)
{
    static const char *const prefixes[] = { "contact", "guardian", "parent", "carer", NULL };
    for (int i = 0; prefixes[i]; i++) {
        if (!str_starts_with(key, prefixes[i]))
            continue;
        const char *p = key + strlen(prefixes[i]);
        if (*p < '1' || *p > '9')
            continue;
        int num = *p++ - '0';
        if (*p >= '0' && *p <= '9')
            continue; /* "Contact 10": more contacts than meso reads */
        for (size_t j = 0; j < sizeof contact_suffixes / sizeof contact_suffixes[0]; j++)
            if (!strcmp(p, contact_suffixes[j].key)) {
                *number = num;
                *field = contact_suffixes[j].field;
                return true;
            }
    }
    return false;
}
