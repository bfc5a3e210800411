/* pupil_fields.c - what a pupil's fields may hold: the parsers shared by the
 * importer and the web forms, the labels of the census codes, the validation of
 * a record and the names it is shown by. No SQL (the storage is pupil.c). All
 * of it answers to pupil.h. */
#include "model/register/pupil.h"

#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "core/arena.h"
#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"

/* ---- field parsers ---------------------------------------------------- */

int pupil_parse_sex(const char *s, char out[2], char *why, size_t cap)
{
    char k[16];
    str_key(k, sizeof k, s);
    if (!strcmp(k, "m") || !strcmp(k, "male") || !strcmp(k, "boy"))
        str_copy(out, 2, "M");
    else if (!strcmp(k, "f") || !strcmp(k, "female") || !strcmp(k, "girl"))
        str_copy(out, 2, "F");
    else {
        snprintf(why, cap, "'%.40s' is not a sex recorded in the census; use M or F", s);
        return ERR_INPUT;
    }
    return 0;
}

int pupil_parse_year(const char *s, char out[4], char *why, size_t cap)
{
    char k[24];
    str_key(k, sizeof k, s);
    const char *p = k;
    if (!strcmp(k, "r") || !strcmp(k, "rec") || !strcmp(k, "reception") || !strcmp(k, "yr") ||
        !strcmp(k, "yearr")) {
        str_copy(out, 4, "R");
        return 0;
    }
    if (!strcmp(k, "n1") || !strcmp(k, "nursery1")) {
        str_copy(out, 4, "N1");
        return 0;
    }
    if (!strcmp(k, "n2") || !strcmp(k, "nursery2")) {
        str_copy(out, 4, "N2");
        return 0;
    }
    if (!strcmp(k, "x")) {
        str_copy(out, 4, "X");
        return 0;
    }
    if (str_starts_with(p, "year"))
        p += 4;
    else if (str_starts_with(p, "yr"))
        p += 2;
    else if (p[0] == 'y')
        p += 1;
    long long y;
    if (*p && str_to_int(p, 1, 14, &y) == 0 && strlen(p) <= 2) {
        snprintf(out, 4, "%lld", y);
        return 0;
    }
    snprintf(why, cap, "'%.40s' is not a year group; use R, N1, N2, or a year from 1 to 14", s);
    return ERR_INPUT;
}

int pupil_parse_sen(const char *s, char out[2], char *why, size_t cap)
{
    static const struct {
        const char *key, *code;
    } map[] = {
        { "", "N" },
        { "n", "N" },
        { "none", "N" },
        { "nosen", "N" },
        { "k", "K" },
        { "sensupport", "K" },
        { "support", "K" },
        { "a", "K" },
        { "p", "K" },
        { "schoolaction", "K" },
        { "schoolactionplus", "K" },
        { "e", "E" },
        { "ehcp", "E" },
        { "ehcplan", "E" },
        { "ehc", "E" },
        { "s", "E" },
        { "statement", "E" },
    };
    char k[32];
    str_key(k, sizeof k, s);
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(k, map[i].key)) {
            str_copy(out, 2, map[i].code);
            return 0;
        }
    snprintf(why, cap,
             "'%.40s' is not an SEN provision; use N (none), K (SEN support) or E (EHC plan)", s);
    return ERR_INPUT;
}

static const char *const need_codes[] = {
    "SPLD", "MLD", "SLD", "PMLD", "SEMH", "SLCN", "ASD",
    "HI",   "VI",  "MSI", "PD",   "OTH",  "NSA",  NULL,
};

int pupil_parse_need(const char *s, char out[5], char *why, size_t cap)
{
    char k[16];
    str_key(k, sizeof k, s);
    if (!*k) {
        out[0] = '\0';
        return 0;
    }
    if (!strcmp(k, "besd")) /* the code before SEMH (2014) */
        str_copy(k, sizeof k, "semh");
    for (const char *const *c = need_codes; *c; c++)
        if (str_ieq(*c, k)) {
            str_copy(out, 5, *c);
            return 0;
        }
    snprintf(why, cap,
             "'%.40s' is not a census need code; use one of SPLD, MLD, SLD, PMLD, SEMH, SLCN, ASD, "
             "HI, VI, MSI, PD, OTH, NSA",
             s);
    return ERR_INPUT;
}

int pupil_parse_date(const char *s, char out[11], char *why, size_t cap)
{
    struct date d;
    if (date_parse(s, &d) != 0) {
        snprintf(why, cap, "'%.40s' is not a date; use YYYY-MM-DD or DD/MM/YYYY", s);
        return ERR_INPUT;
    }
    date_iso(d, out);
    return 0;
}

const char *pupil_year_label(const char *y)
{
    static const char *const years[] = { "Year 1",  "Year 2",  "Year 3",  "Year 4", "Year 5",
                                         "Year 6",  "Year 7",  "Year 8",  "Year 9", "Year 10",
                                         "Year 11", "Year 12", "Year 13", "Year 14" };
    long long n;
    if (!y || !*y)
        return N_("Year not known");
    if (!strcmp(y, "R"))
        return N_("Reception");
    if (!strcmp(y, "N1"))
        return N_("Nursery 1");
    if (!strcmp(y, "N2"))
        return N_("Nursery 2");
    if (!strcmp(y, "X"))
        return N_("No year group");
    if (str_to_int(y, 1, 14, &n) == 0)
        return years[n - 1];
    return y;
}

const char *pupil_sen_label(const char *sen)
{
    if (sen && sen[0] == 'K')
        return "SEN support";
    if (sen && sen[0] == 'E')
        return "EHC plan";
    return "No SEN";
}

/* ---- validation --------------------------------------------------------- */

void pupil_validate(const struct pupil *p, unsigned fields, struct problems *pr)
{
    if (fields & PF_LEGAL_NAME) {
        if (str_blank(p->legal_surname))
            problems_add(pr, "legal_surname", "the surname is missing");
        else if (strlen(p->legal_surname) > 100)
            problems_add(pr, "legal_surname", "the surname is longer than 100 characters");
        if (str_blank(p->legal_forename))
            problems_add(pr, "legal_forename", "the forename is missing");
        else if (strlen(p->legal_forename) > 100)
            problems_add(pr, "legal_forename", "the forename is longer than 100 characters");
    }
    if ((fields & PF_DOB) && p->dob[0]) {
        struct date dob, today = date_today();
        if (date_parse(p->dob, &dob) == 0) {
            int age = date_age_years(dob, today);
            if (date_cmp(dob, today) > 0)
                problems_add(pr, "dob", "the date of birth is in the future");
            else if (age > 25)
                problems_add(pr, "dob", "the date of birth gives an age of %d; check the year",
                             age);
        }
    }
    if (fields & PF_SEN) {
        if (p->need2[0] && !p->need1[0])
            problems_add(pr, "need2", "a secondary need is given but no primary need");
        if (p->need1[0] && p->need2[0] && !strcmp(p->need1, p->need2))
            problems_add(pr, "need2", "the secondary need is the same as the primary need");
        if (p->sen[0] == 'N' && (p->need1[0] || p->need2[0]))
            problems_add(pr, "sen",
                         "needs are recorded only with SEN support (K) or an EHC plan (E), "
                         "but the provision is N");
        /* DOMAIN.md §5: NSA goes with K only (to verify against census guidance). */
        if (p->sen[0] == 'E' && (!strcmp(p->need1, "NSA") || !strcmp(p->need2, "NSA")))
            problems_add(pr, p->need1[0] && !strcmp(p->need1, "NSA") ? "need1" : "need2",
                         "NSA (no specialist assessment) is used only with SEN support (K)");
    }
    if ((fields & (PF_ADMISSION | PF_LEAVING)) && p->admission_date[0] && p->leaving_date[0] &&
        strcmp(p->leaving_date, p->admission_date) < 0)
        problems_add(pr, "leaving_date", "the leaving date is before the admission date");
    if ((fields & PF_FORMER_UPN) && p->former_upn && *p->former_upn &&
        str_ieq(p->former_upn, p->upn))
        problems_add(pr, "former_upn", "the former UPN is the same as the UPN");
}

/* ---- names ------------------------------------------------------------- */

const char *pupil_first_name(const struct pupil *p)
{
    return p->preferred_forename && *p->preferred_forename ? p->preferred_forename
                                                           : p->legal_forename;
}

const char *pupil_display_name(struct arena *a, const struct pupil *p)
{
    const char *fore = pupil_first_name(p);
    const char *sur =
        p->preferred_surname && *p->preferred_surname ? p->preferred_surname : p->legal_surname;
    return arena_sprintf(a, "%s %s", fore ? fore : "", sur ? sur : "");
}
