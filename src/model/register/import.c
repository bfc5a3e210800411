#include "model/register/import.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "db/db.h"
#include "io/csv.h"
#include "model/register/audit.h"
#include "model/register/carer.h"
#include "model/register/pupil.h"
#include "model/register/school.h"

/* ---- column specifications --------------------------------------------- */

#define MAX_NAMES 8
#define MAX_COLS  32

struct colspec {
    const char *key; /* internal name, also used by the validators */
    bool required;
    const char *names[MAX_NAMES]; /* accepted header names; the first is canonical */
};

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

static const struct colspec pupil_cols[P_N] = {
    [P_UPN] = { "upn", true, { "UPN", "Unique Pupil Number" } },
    [P_FORMER_UPN] = { "former_upn", false, { "Former UPN", "Previous UPN" } },
    [P_SURNAME] = { "legal_surname",
                    true,
                    { "Surname", "Legal Surname", "Last Name", "Family Name" } },
    [P_FORENAME] = { "legal_forename",
                     true,
                     { "Forename", "Legal Forename", "First Name", "Given Name" } },
    [P_PREF_SURNAME] = { "preferred_surname", false, { "Preferred Surname" } },
    [P_PREF_FORENAME] = { "preferred_forename",
                          false,
                          { "Preferred Forename", "Preferred Name", "Known As" } },
    [P_DOB] = { "dob", true, { "DOB", "Date of Birth", "Birth Date" } },
    [P_SEX] = { "sex", true, { "Sex", "Gender" } },
    [P_YEAR] = { "nc_year",
                 false,
                 { "Year", "NC Year", "Year Group", "National Curriculum Year",
                   "Curriculum Year" } },
    [P_SEN] = { "sen", false, { "SEN", "SEN Provision", "SEN Status" } },
    [P_NEED1] = { "need1", false, { "Primary Need", "SEN Primary Need", "Primary SEN Need" } },
    [P_NEED2] = { "need2",
                  false,
                  { "Secondary Need", "SEN Secondary Need", "Secondary SEN Need" } },
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

static const struct colspec carer_cols[C_N] = {
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
                         { "Relationship", "Relationship to Pupil", "Relation" } },
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

void import_columns_help(enum import_kind kind, FILE *out)
{
    const struct colspec *cs = kind == IMPORT_PUPILS ? pupil_cols : carer_cols;
    size_t n = kind == IMPORT_PUPILS ? P_N : C_N;
    for (size_t i = 0; i < n; i++) {
        fprintf(out, "  %s%s", cs[i].names[0], cs[i].required ? " (required)" : "");
        for (int k = 1; k < MAX_NAMES && cs[i].names[k]; k++)
            fprintf(out, "%s%s", k == 1 ? ": also " : ", ", cs[i].names[k]);
        fputc('\n', out);
    }
}

/* ---- the importer ------------------------------------------------------- */

struct prow {
    long line;
    bool valid;
    struct pupil p;
};

struct crow {
    long line;
    bool valid;
    struct carer c;
    struct carer_link link;
    const char *upn;
    const char *key; /* carer match key */
    bool first;      /* the first row for this carer in the file */
};

struct upn_id {
    const char *upn;
    int64_t id;
};

struct importer {
    const struct import_options *o;
    struct arena *a;
    struct problems pr;
    const struct colspec *spec;
    size_t n_spec;
    int col_of[MAX_COLS];         /* spec index -> column index in the file, or -1 */
    const char *hdr_of[MAX_COLS]; /* spec index -> header text as written in the file */
    size_t n_header;
    bool have_header;
    struct buf unknown; /* unknown column names, comma-separated */
    struct prow *prows;
    size_t n_prows, cap_prows;
    struct crow *crows;
    size_t n_crows, cap_crows;
    struct upn_id *upns; /* carers: pupils of the school, sorted by UPN */
    size_t n_upns;
    long rows;
};

/* The name to report a problem under: the header as written, or the
 * canonical name of the column. */
static const char *colname(const struct importer *im, int idx)
{
    return im->hdr_of[idx] ? im->hdr_of[idx] : im->spec[idx].names[0];
}

static int header_row(struct importer *im, char **fields, size_t n)
{
    for (size_t s = 0; s < im->n_spec; s++) {
        im->col_of[s] = -1;
        im->hdr_of[s] = NULL;
    }
    im->n_header = n;
    for (size_t i = 0; i < n; i++) {
        char k[64];
        str_key(k, sizeof k, fields[i]);
        int found = -1;
        for (size_t s = 0; s < im->n_spec && found < 0; s++)
            for (int j = 0; j < MAX_NAMES && im->spec[s].names[j]; j++) {
                char want[64];
                str_key(want, sizeof want, im->spec[s].names[j]);
                if (!strcmp(k, want)) {
                    found = (int)s;
                    break;
                }
            }
        if (found < 0) {
            if (*k) {
                if (im->unknown.len)
                    buf_adds(&im->unknown, ", ");
                buf_adds(&im->unknown, fields[i]);
            }
            continue;
        }
        if (im->col_of[found] >= 0) {
            problems_add(&im->pr, fields[i], "this column appears twice (columns %d and %zu)",
                         im->col_of[found] + 1, i + 1);
            continue;
        }
        im->col_of[found] = (int)i;
        im->hdr_of[found] = arena_strdup(im->a, fields[i]);
    }
    for (size_t s = 0; s < im->n_spec; s++) {
        if (!im->spec[s].required || im->col_of[s] >= 0)
            continue;
        struct buf alts;
        buf_init(&alts, 1024);
        for (int j = 0; j < MAX_NAMES && im->spec[s].names[j]; j++)
            buf_addf(&alts, "%s%s", j ? ", " : "", im->spec[s].names[j]);
        problems_add(&im->pr, im->spec[s].names[0],
                     "required column is missing (accepted names: %s)", buf_str(&alts));
        buf_release(&alts);
    }
    if (im->spec == pupil_cols && im->col_of[P_SEN] < 0 &&
        (im->col_of[P_NEED1] >= 0 || im->col_of[P_NEED2] >= 0))
        problems_add(&im->pr, colname(im, im->col_of[P_NEED1] >= 0 ? P_NEED1 : P_NEED2),
                     "needs can only be imported together with an SEN provision column");
    im->have_header = true;
    return 0;
}

/* The trimmed value of a column in this row; "" when absent. */
static const char *cell(struct importer *im, char **fields, size_t n, int idx)
{
    int c = im->col_of[idx];
    if (c < 0 || (size_t)c >= n)
        return "";
    return str_trim(fields[c]);
}

static const char *dup_or_null(struct importer *im, const char *s)
{
    return *s ? arena_strdup(im->a, s) : NULL;
}

/* Parse a yes/no cell; blank gives dflt. */
static int yes_no(struct importer *im, const char *v, int idx, int dflt)
{
    if (!*v)
        return dflt;
    int r = str_yes_no(v);
    if (r < 0)
        problems_add(&im->pr, colname(im, idx), "'%.40s' is not yes or no (use Y or N)", v);
    return r < 0 ? dflt : r;
}

/* Rename problems recorded by a validator under internal keys. */
static void relabel(struct importer *im, size_t from)
{
    for (size_t i = from; i < im->pr.n; i++)
        for (size_t s = 0; s < im->n_spec; s++)
            if (im->pr.items[i].field && !strcmp(im->pr.items[i].field, im->spec[s].key)) {
                im->pr.items[i].field = colname(im, (int)s);
                break;
            }
}

static unsigned pupil_fields_present(const struct importer *im)
{
    static const struct {
        int col;
        unsigned field;
    } map[] = {
        { P_FORMER_UPN, PF_FORMER_UPN },
        { P_SURNAME, PF_LEGAL_NAME },
        { P_PREF_SURNAME, PF_PREF_SURNAME },
        { P_PREF_FORENAME, PF_PREF_FORENAME },
        { P_DOB, PF_DOB },
        { P_SEX, PF_SEX },
        { P_YEAR, PF_YEAR },
        { P_SEN, PF_SEN },
        { P_EAL, PF_EAL },
        { P_LANGUAGE, PF_FIRST_LANGUAGE },
        { P_CLA, PF_CLA },
        { P_FSM, PF_FSM },
        { P_ADMISSION, PF_ADMISSION },
        { P_LEAVING, PF_LEAVING },
    };
    unsigned f = 0;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (im->col_of[map[i].col] >= 0)
            f |= map[i].field;
    return f;
}

static void pupil_row(struct importer *im, long line, char **fields, size_t n)
{
    struct prow *r = arena_push(im->a, &im->prows, &im->n_prows, &im->cap_prows, sizeof *r);
    if (!r) {
        im->pr.nomem = 1;
        return;
    }
    size_t before = im->pr.n;
    char why[256];
    struct pupil *p = &r->p;
    r->line = line;
    p->eal = -1;
    str_copy(p->sen, sizeof p->sen, "N");

    const char *v = cell(im, fields, n, P_UPN);
    if (!*v)
        problems_add(&im->pr, colname(im, P_UPN), "the UPN is missing");
    else if (upn_check(v, p->upn, &p->upn_temporary, why, sizeof why) != 0)
        problems_add(&im->pr, colname(im, P_UPN), "'%.20s' is not a valid UPN: %s", v, why);
    p->former_upn = dup_or_null(im, cell(im, fields, n, P_FORMER_UPN));
    if (p->former_upn) {
        char tmp[UPN_LEN + 1];
        bool t;
        if (upn_check(p->former_upn, tmp, &t, why, sizeof why) != 0)
            problems_add(&im->pr, colname(im, P_FORMER_UPN), "'%.20s' is not a valid UPN: %s",
                         p->former_upn, why);
        else
            p->former_upn = arena_strdup(im->a, tmp);
    }
    p->legal_surname = arena_strdup(im->a, cell(im, fields, n, P_SURNAME));
    p->legal_forename = arena_strdup(im->a, cell(im, fields, n, P_FORENAME));
    p->preferred_surname = dup_or_null(im, cell(im, fields, n, P_PREF_SURNAME));
    p->preferred_forename = dup_or_null(im, cell(im, fields, n, P_PREF_FORENAME));
    v = cell(im, fields, n, P_DOB);
    if (!*v)
        problems_add(&im->pr, colname(im, P_DOB), "the date of birth is missing");
    else if (pupil_parse_date(v, p->dob, why, sizeof why) != 0)
        problems_add(&im->pr, colname(im, P_DOB), "%s", why);
    v = cell(im, fields, n, P_SEX);
    if (!*v)
        problems_add(&im->pr, colname(im, P_SEX), "the sex is missing");
    else if (pupil_parse_sex(v, p->sex, why, sizeof why) != 0)
        problems_add(&im->pr, colname(im, P_SEX), "%s", why);
    v = cell(im, fields, n, P_YEAR);
    if (*v && pupil_parse_year(v, p->nc_year, why, sizeof why) != 0)
        problems_add(&im->pr, colname(im, P_YEAR), "%s", why);
    v = cell(im, fields, n, P_SEN);
    if (pupil_parse_sen(v, p->sen, why, sizeof why) != 0)
        problems_add(&im->pr, colname(im, P_SEN), "%s", why);
    if (pupil_parse_need(cell(im, fields, n, P_NEED1), p->need1, why, sizeof why) != 0)
        problems_add(&im->pr, colname(im, P_NEED1), "%s", why);
    if (pupil_parse_need(cell(im, fields, n, P_NEED2), p->need2, why, sizeof why) != 0)
        problems_add(&im->pr, colname(im, P_NEED2), "%s", why);
    p->fsm = yes_no(im, cell(im, fields, n, P_FSM), P_FSM, 0) == 1;
    v = cell(im, fields, n, P_FSM_SINCE);
    if (*v && pupil_parse_date(v, p->fsm_since, why, sizeof why) != 0)
        problems_add(&im->pr, colname(im, P_FSM_SINCE), "%s", why);
    p->eal = yes_no(im, cell(im, fields, n, P_EAL), P_EAL, -1);
    p->first_language = dup_or_null(im, cell(im, fields, n, P_LANGUAGE));
    p->looked_after = yes_no(im, cell(im, fields, n, P_CLA), P_CLA, 0) == 1;
    v = cell(im, fields, n, P_ADMISSION);
    if (*v && pupil_parse_date(v, p->admission_date, why, sizeof why) != 0)
        problems_add(&im->pr, colname(im, P_ADMISSION), "%s", why);
    v = cell(im, fields, n, P_LEAVING);
    if (*v && pupil_parse_date(v, p->leaving_date, why, sizeof why) != 0)
        problems_add(&im->pr, colname(im, P_LEAVING), "%s", why);

    size_t mid = im->pr.n;
    pupil_validate(p, PF_ALL, &im->pr);
    relabel(im, mid);
    r->valid = im->pr.n == before;
}

static int64_t find_upn(const struct importer *im, const char *upn)
{
    size_t lo = 0, hi = im->n_upns;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(im->upns[mid].upn, upn);
        if (c == 0)
            return im->upns[mid].id;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

static void carer_row(struct importer *im, long line, char **fields, size_t n)
{
    struct crow *r = arena_push(im->a, &im->crows, &im->n_crows, &im->cap_crows, sizeof *r);
    if (!r) {
        im->pr.nomem = 1;
        return;
    }
    size_t before = im->pr.n;
    char why[256];
    struct carer *c = &r->c;
    r->line = line;

    const char *v = cell(im, fields, n, C_UPN);
    char upn[UPN_LEN + 1];
    bool temp;
    if (!*v)
        problems_add(&im->pr, colname(im, C_UPN), "the pupil's UPN is missing");
    else if (upn_check(v, upn, &temp, why, sizeof why) != 0)
        problems_add(&im->pr, colname(im, C_UPN), "'%.20s' is not a valid UPN: %s", v, why);
    else if (!(r->link.pupil_id = find_upn(im, upn)))
        problems_add(&im->pr, colname(im, C_UPN),
                     "no pupil with UPN %s at this school; import pupils first", upn);
    r->upn = arena_strdup(im->a, upn);
    c->mis_id = dup_or_null(im, cell(im, fields, n, C_MIS_ID));
    c->title = dup_or_null(im, cell(im, fields, n, C_TITLE));
    c->forename = dup_or_null(im, cell(im, fields, n, C_FORENAME));
    c->surname = arena_strdup(im->a, cell(im, fields, n, C_SURNAME));
    v = cell(im, fields, n, C_RELATIONSHIP);
    const char *rel = NULL;
    if (carer_parse_relationship(v, &rel, why, sizeof why) != 0)
        problems_add(&im->pr, colname(im, C_RELATIONSHIP), "%s", why);
    r->link.relationship = rel ? rel : arena_strdup(im->a, v);
    r->link.parental_responsibility = yes_no(im, cell(im, fields, n, C_PR), C_PR, 0) == 1;
    r->link.lives_with = yes_no(im, cell(im, fields, n, C_LIVES_WITH), C_LIVES_WITH, 0) == 1;
    v = cell(im, fields, n, C_PRIORITY);
    long long prio = 1;
    if (*v && str_to_int(v, 1, 99, &prio) != 0)
        problems_add(&im->pr, colname(im, C_PRIORITY), "'%.20s' is not a priority from 1 to 99", v);
    r->link.contact_priority = (int)prio;
    c->phone_mobile = dup_or_null(im, cell(im, fields, n, C_MOBILE));
    c->phone_home = dup_or_null(im, cell(im, fields, n, C_HOME));
    c->phone_work = dup_or_null(im, cell(im, fields, n, C_WORK));
    c->email = dup_or_null(im, cell(im, fields, n, C_EMAIL));
    c->address_line1 = dup_or_null(im, cell(im, fields, n, C_ADDR1));
    c->address_line2 = dup_or_null(im, cell(im, fields, n, C_ADDR2));
    c->town = dup_or_null(im, cell(im, fields, n, C_TOWN));
    c->postcode = dup_or_null(im, cell(im, fields, n, C_POSTCODE));
    c->preferred_language = dup_or_null(im, cell(im, fields, n, C_LANGUAGE));
    if (carer_parse_contact_method(cell(im, fields, n, C_CONTACT), &c->preferred_contact, why,
                                   sizeof why) != 0)
        problems_add(&im->pr, colname(im, C_CONTACT), "%s", why);
    c->interpreter_needed = yes_no(im, cell(im, fields, n, C_INTERPRETER), C_INTERPRETER, 0) == 1;
    c->access_needs = dup_or_null(im, cell(im, fields, n, C_ACCESS));
    size_t mid = im->pr.n;
    carer_validate(c, &im->pr);
    relabel(im, mid);
    r->key = carer_match_key(im->a, c, r->upn);
    r->valid = im->pr.n == before;
}

static int on_record(void *ctx, long line, char **fields, const size_t *lens, size_t n)
{
    struct importer *im = ctx;
    (void)lens;
    im->pr.line = line;
    if (!im->have_header)
        return header_row(im, fields, n);
    im->rows++;
    if (n > im->n_header) {
        /* Allow trailing empty cells (some exports pad rows). */
        size_t last = n;
        while (last > im->n_header && str_blank(fields[last - 1]))
            last--;
        if (last > im->n_header) {
            problems_add(&im->pr, NULL, "this row has %zu columns but the header has %zu", n,
                         im->n_header);
            return 0;
        }
    }
    if (im->spec == pupil_cols)
        pupil_row(im, line, fields, n);
    else
        carer_row(im, line, fields, n);
    return im->pr.nomem ? ERR_NOMEM : 0;
}

/* ---- checks across rows ------------------------------------------------- */

struct keyed {
    const char *key;
    size_t row;
    long line;
};

static int cmp_keyed(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

static void duplicate_pupils(struct importer *im)
{
    struct keyed *k = arena_array(im->a, im->n_prows + 1, sizeof *k);
    if (!k) {
        im->pr.nomem = 1;
        return;
    }
    size_t n = 0;
    for (size_t i = 0; i < im->n_prows; i++)
        if (im->prows[i].p.upn[0])
            k[n++] = (struct keyed){ im->prows[i].p.upn, i, im->prows[i].line };
    if (n > 1)
        qsort(k, n, sizeof *k, cmp_keyed);
    for (size_t i = 1; i < n; i++) {
        size_t first = i - 1;
        while (i < n && !strcmp(k[i].key, k[first].key)) {
            im->pr.line = k[i].line;
            problems_add(&im->pr, colname(im, P_UPN), "%s also appears on line %ld", k[i].key,
                         k[first].line);
            im->prows[k[i].row].valid = false;
            i++;
        }
    }
}

static bool carer_details_differ(const struct carer *a, const struct carer *b)
{
    const char *x[] = { a->title,
                        a->forename,
                        a->surname,
                        a->phone_mobile,
                        a->phone_home,
                        a->phone_work,
                        a->email,
                        a->address_line1,
                        a->address_line2,
                        a->town,
                        a->postcode,
                        a->preferred_language,
                        a->preferred_contact,
                        a->access_needs };
    const char *y[] = { b->title,
                        b->forename,
                        b->surname,
                        b->phone_mobile,
                        b->phone_home,
                        b->phone_work,
                        b->email,
                        b->address_line1,
                        b->address_line2,
                        b->town,
                        b->postcode,
                        b->preferred_language,
                        b->preferred_contact,
                        b->access_needs };
    for (size_t i = 0; i < sizeof x / sizeof x[0]; i++)
        if (strcmp(x[i] ? x[i] : "", y[i] ? y[i] : ""))
            return true;
    return a->interpreter_needed != b->interpreter_needed;
}

/* The same carer (by match key) must have the same details on every row, and
 * may be linked to a pupil only once. */
static void duplicate_carers(struct importer *im)
{
    struct keyed *k = arena_array(im->a, im->n_crows + 1, sizeof *k);
    if (!k) {
        im->pr.nomem = 1;
        return;
    }
    size_t n = 0;
    for (size_t i = 0; i < im->n_crows; i++)
        if (im->crows[i].key)
            k[n++] = (struct keyed){ im->crows[i].key, i, im->crows[i].line };
    if (n > 1)
        qsort(k, n, sizeof *k, cmp_keyed);
    for (size_t i = 0; i < n; i++)
        im->crows[k[i].row].first = i == 0 || strcmp(k[i].key, k[i - 1].key) != 0;
    for (size_t i = 1; i < n; i++) {
        if (strcmp(k[i].key, k[i - 1].key))
            continue;
        size_t first = i - 1;
        while (first > 0 && !strcmp(k[first - 1].key, k[i].key))
            first--;
        struct crow *a = &im->crows[k[first].row], *b = &im->crows[k[i].row];
        im->pr.line = b->line;
        for (size_t j = first; j < i; j++)
            if (im->crows[k[j].row].link.pupil_id == b->link.pupil_id && b->link.pupil_id) {
                problems_add(&im->pr, colname(im, C_SURNAME),
                             "this carer is already linked to pupil %s on line %ld", b->upn,
                             im->crows[k[j].row].line);
                b->valid = false;
                break;
            }
        if (carer_details_differ(&a->c, &b->c)) {
            problems_add(&im->pr, colname(im, C_SURNAME),
                         "the same carer is on line %ld with different details; make the rows "
                         "agree",
                         a->line);
            b->valid = false;
        }
    }
}

static int load_upns(struct importer *im, struct db *db, int64_t school_id, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st, "SELECT upn, id FROM pupil WHERE school_id = ?1 ORDER BY upn", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct upn_id *u = arena_push(im->a, &im->upns, &im->n_upns, &cap, sizeof *u);
        if (!u) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        u->upn = arena_strdup(im->a, db_col_text(st, 0));
        u->id = db_col_int(st, 1);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* ---- writing ------------------------------------------------------------ */

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static int write_pupils(struct importer *im, struct db *db, int64_t school_id,
                        struct import_summary *sum, struct err *e)
{
    unsigned fields = pupil_fields_present(im);
    const char *source = arena_sprintf(im->a, "import %s", base_name(im->o->file));
    /* One ordered pass over the school's pupils instead of a query per row. */
    struct pupil *existing;
    size_t n_existing;
    int rc = pupil_all_by_upn(db, im->a, school_id, &existing, &n_existing, e);
    if (rc)
        return rc;
    struct audit_entry au = { .actor = im->o->actor, .entity = "pupil", .school_id = school_id };
    struct pupil_batch batch;
    pupil_batch_init(&batch, db, school_id, source);
    au.at = batch.now;
    for (size_t i = 0; i < im->n_prows; i++) {
        struct prow *r = &im->prows[i];
        if (!r->valid)
            continue;
        enum pupil_save_result res;
        const struct pupil *old = pupil_find_sorted(existing, n_existing, r->p.upn);
        rc = pupil_batch_save(&batch, &r->p, old, fields, &res, e);
        if (rc)
            return err_wrap(e, "%s:%ld", im->o->file, r->line);
        if (res == PUPIL_UNCHANGED) {
            sum->unchanged++;
            continue;
        }
        res == PUPIL_ADDED ? sum->added++ : sum->updated++;
        au.action = res == PUPIL_ADDED ? "create" : "update";
        au.entity_id = au.pupil_id = r->p.id;
        au.detail = source;
        if ((rc = audit_log(db, &au, e)))
            return rc;
    }
    return 0;
}

static int write_carers(struct importer *im, struct db *db, int64_t school_id,
                        struct import_summary *sum, struct err *e)
{
    const char *source = arena_sprintf(im->a, "import %s", base_name(im->o->file));
    struct audit_entry au = {
        .actor = im->o->actor, .entity = "carer", .school_id = school_id, .detail = source
    };
    for (size_t i = 0; i < im->n_crows; i++) {
        struct crow *r = &im->crows[i];
        if (!r->valid)
            continue;
        enum carer_save_result res;
        int rc = carer_save(db, school_id, &r->c, r->key, &res, e);
        if (rc)
            return err_wrap(e, "%s:%ld", im->o->file, r->line);
        /* A carer on several rows (siblings) counts once, on their first row. */
        if (r->first) {
            if (res == CARER_ADDED)
                sum->added++;
            else if (res == CARER_UPDATED)
                sum->updated++;
            else
                sum->unchanged++;
        }
        r->link.carer_id = r->c.id;
        enum carer_save_result lres;
        if ((rc = carer_link(db, &r->link, &lres, e)))
            return err_wrap(e, "%s:%ld", im->o->file, r->line);
        if (lres == CARER_ADDED)
            sum->links_added++;
        else if (lres == CARER_UPDATED)
            sum->links_updated++;
        else
            sum->links_unchanged++;
        bool changed = lres != CARER_UNCHANGED;
        if (res != CARER_UNCHANGED || changed) {
            au.action = res == CARER_ADDED ? "create" : "update";
            au.entity_id = r->c.id;
            au.pupil_id = r->link.pupil_id;
            if ((rc = audit_log(db, &au, e)))
                return rc;
        }
    }
    return 0;
}

int import_run(struct db *db, struct arena *a, const struct import_options *o, FILE *msg,
               struct import_summary *sum, struct err *e)
{
    memset(sum, 0, sizeof *sum);
    struct importer im = { .o = o, .a = a };
    problems_init(&im.pr, a);
    buf_init(&im.unknown, 64 * 1024);
    if (o->kind == IMPORT_PUPILS) {
        im.spec = pupil_cols;
        im.n_spec = P_N;
    } else {
        im.spec = carer_cols;
        im.n_spec = C_N;
    }
    /* Which school: decided before reading, so a carer's pupil can be found. */
    struct school school = { 0 };
    bool no_school = false;
    int rc = school_resolve(db, a, o->school_urn, false, &school, NULL, e);
    if (rc == ERR_NOTFOUND && !o->school_urn) {
        no_school = true;
        rc = 0;
    }
    if (rc)
        goto out;
    if (o->kind == IMPORT_CARERS && !no_school && (rc = load_upns(&im, db, school.id, e)))
        goto out;

    rc = csv_read_file(o->file, on_record, &im, e);
    if (rc)
        goto out;
    if (!im.have_header) {
        rc = err_set(e, ERR_INPUT, "%s: the file is empty (it needs a header row)", o->file);
        goto out;
    }
    if (im.unknown.len)
        fprintf(msg, "%s: note: ignoring columns meso does not use: %s\n", o->file,
                buf_str(&im.unknown));
    if (o->kind == IMPORT_PUPILS)
        duplicate_pupils(&im);
    else
        duplicate_carers(&im);

    /* Report every problem, in line order. */
    problems_sort(&im.pr);
    problems_print(&im.pr, o->file, msg);
    sum->rows = im.rows;
    long valid = 0;
    for (size_t i = 0; i < im.n_prows; i++)
        valid += im.prows[i].valid;
    for (size_t i = 0; i < im.n_crows; i++)
        valid += im.crows[i].valid;
    sum->skipped = im.rows - valid;
    bool file_level = false; /* header problems make every row suspect */
    for (size_t i = 0; i < im.pr.n; i++)
        file_level |= im.pr.items[i].line <= 1;
    if (im.pr.n > 0 && (!o->skip_invalid || file_level)) {
        rc = err_set(e, ERR_INPUT, "%s: %zu problem%s found; nothing was imported%s", o->file,
                     im.pr.n, im.pr.n == 1 ? "" : "s",
                     file_level ? "" : " (use --skip-invalid to import the valid rows)");
        goto out;
    }
    if (o->dry_run)
        goto out;

    if ((rc = db_begin(db, e)))
        goto out;
    if (no_school) {
        rc = school_resolve(db, a, NULL, true, &school, &sum->made_placeholder_school, e);
    }
    if (rc == 0)
        rc = o->kind == IMPORT_PUPILS ? write_pupils(&im, db, school.id, sum, e)
                                      : write_carers(&im, db, school.id, sum, e);
    if (rc == 0) {
        struct db_stmt *st;
        rc = db_prepare(db, &st,
                        "INSERT INTO import_run (school_id, kind, file, actor, rows, added,"
                        " updated, unchanged, skipped) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                        e);
        if (rc == 0) {
            db_bind_int(st, 1, school.id);
            db_bind_text(st, 2, o->kind == IMPORT_PUPILS ? "pupils" : "carers");
            db_bind_text(st, 3, base_name(o->file));
            db_bind_text(st, 4, o->actor);
            db_bind_int(st, 5, sum->rows);
            db_bind_int(st, 6, sum->added);
            db_bind_int(st, 7, sum->updated);
            db_bind_int(st, 8, sum->unchanged);
            db_bind_int(st, 9, sum->skipped);
            rc = db_step(st, e);
            db_finalize(st);
            rc = rc < 0 ? rc : 0;
        }
    }
    if (rc) {
        db_rollback(db);
        goto out;
    }
    rc = db_commit(db, e);
out:
    sum->school_urn = school.urn;
    sum->school_name = school.name;
    buf_release(&im.unknown);
    return rc;
}
