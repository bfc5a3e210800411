#include "model/register/import.h"

#include "model/register/importer.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/problems.h"
#include "core/str.h"
#include "db/db.h"
#include "io/csv.h"
#include "model/register/audit.h"
#include "model/register/carer.h"
#include "model/register/carername.h"
#include "model/register/importcols.h"
#include "model/register/misname.h"
#include "model/register/pupil.h"
#include "model/register/regclass.h"
#include "model/register/school.h"

const char *import_kind_name(enum import_kind kind)
{
    return kind == IMPORT_PUPILS ? "pupils" : "carers";
}

const struct csvtable_col *import_spec(enum import_kind kind, size_t *n)
{
    *n = kind == IMPORT_PUPILS ? P_N : C_N;
    return kind == IMPORT_PUPILS ? importcols_pupils : importcols_carers;
}

void import_columns_help(enum import_kind kind, FILE *out)
{
    size_t n;
    const struct csvtable_col *spec = import_spec(kind, &n);
    csvtable_help(spec, n, out);
    fprintf(out, "%s",
            kind == IMPORT_PUPILS
                ? "And the pupil's parents and carers, in repeated contact columns:\n"
                : "Or, instead of the columns above, a pupil export's contact columns:\n");
    fprintf(out,
            "  Contact 1 Name (or Contact 1 Title, Forename and Surname), Contact 1 "
            "Relationship,\n  Contact 1 Parental Responsibility, Contact 1 Priority, Contact 1 "
            "Lives With,\n  Contact 1 Email, Contact 1 Mobile, Contact 1 Telephone, Contact 1 "
            "Work Phone, Contact 1 ID,\n  Contact 1 Address, Contact 1 Postcode, Contact 1 "
            "Language; Contact 2 ... up to Contact 9\n  (Guardian 1 ..., Parent 1 ... and "
            "Carer 1 ... are read the same way)\n");
}

const char *import_summary_words(struct arena *a, enum import_kind kind,
                                 const struct import_summary *s)
{
    const char *carers =
        arena_sprintf(a, "%ld parents and carers added, %ld changed, %ld already up to date",
                      s->carers_added, s->carers_updated, s->carers_unchanged);
    if (kind == IMPORT_CARERS)
        return arena_sprintf(a, "%s.", carers);
    return arena_sprintf(
        a, "%ld pupils added, %ld changed, %ld already up to date%s%s%s.", s->added, s->updated,
        s->unchanged, s->contacts ? "; " : "", s->contacts ? carers : "",
        s->classes_added ? arena_sprintf(a, "; %ld new classes", s->classes_added) : "");
}

void importer_note(struct importer *im, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = arena_vsprintf(im->a, fmt, ap);
    va_end(ap);
    const char **slot = arena_push(im->a, &im->notes, &im->n_notes, &im->cap_notes, sizeof *slot);
    if (!s || !slot) {
        im->pr.nomem = 1;
        return;
    }
    *slot = s;
}

static const char *colname(const struct importer *im, int idx)
{
    return csvtable_name(&im->t, idx);
}

static const char *cell(struct importer *im, char **fields, size_t n, int idx)
{
    return csvtable_cell(&im->t, fields, n, idx);
}

static const char *dup_or_null(struct importer *im, const char *s)
{
    return *s ? arena_strdup(im->ra, s) : NULL;
}

/* Parse a yes/no cell; blank gives dflt. */
static int yes_no(struct importer *im, const char *v, const char *col, int dflt)
{
    if (!*v)
        return dflt;
    int r = str_yes_no(v);
    if (r < 0)
        problems_add(&im->pr, col, "'%.40s' is not yes or no (use Y or N)", v);
    return r < 0 ? dflt : r;
}

/* Rename problems recorded by a validator under internal keys: spec keys
 * become the header, other keys become `other` (a contact's column). */
static void relabel(struct importer *im, size_t from, const char *other)
{
    for (size_t i = from; i < im->pr.n; i++) {
        const char *f = im->pr.items[i].field;
        if (!f)
            continue;
        int s = csvtable_find(im->t.spec, im->t.n_spec, f);
        if (s >= 0 && !other)
            im->pr.items[i].field = colname(im, s);
        else if (other)
            im->pr.items[i].field = other;
    }
}

/* ---- the header --------------------------------------------------------- */

static bool extra_column(void *ctx, const char *key, const char *header, size_t col)
{
    struct importer *im = ctx;
    int num;
    enum contact_field f;
    if (!importcols_contact(key, &num, &f))
        return false;
    struct contact_cols *cc = &im->contacts[num];
    if (cc->col[f] >= 0) {
        problems_add(&im->pr, arena_strdup(im->a, header),
                     "this column appears twice (columns %d and %zu)", cc->col[f] + 1, col + 1);
        return true;
    }
    cc->col[f] = (int)col;
    cc->any = true;
    if (num > im->n_contacts)
        im->n_contacts = num;
    return true;
}

/* "Contact 2 Relationship", as the export would name a missing column. */
static const char *contact_header(struct importer *im, int num, enum contact_field f)
{
    static const char *const words[K_N] = {
        [K_NAME] = "Name", [K_RELATIONSHIP] = "Relationship", [K_SURNAME] = "Surname"
    };
    return arena_sprintf(im->a, "Contact %d %s", num, words[f] ? words[f] : "");
}

/* The header of contact num's column f, as written. */
static const char *contact_col_name(struct importer *im, int num, enum contact_field f)
{
    int c = im->contacts[num].col[f];
    return c >= 0 && (size_t)c < im->t.n_header ? im->t.headers[c] : contact_header(im, num, f);
}

static void check_contact_columns(struct importer *im)
{
    for (int n = 1; n <= im->n_contacts; n++) {
        struct contact_cols *cc = &im->contacts[n];
        if (!cc->any)
            continue;
        if (cc->col[K_NAME] < 0 && cc->col[K_SURNAME] < 0)
            problems_add(&im->pr, contact_header(im, n, K_NAME),
                         "this column is missing: the file has other Contact %d columns, and "
                         "meso needs each contact's name (Contact %d Name, or Contact %d Surname "
                         "with Contact %d Forename)",
                         n, n, n, n);
        if (cc->col[K_RELATIONSHIP] < 0)
            problems_add(&im->pr, contact_header(im, n, K_RELATIONSHIP),
                         "this column is missing: meso needs each contact's relationship to the "
                         "pupil. Add the contacts' relationship to the export (SIMS and Arbor "
                         "call it Relationship), or import carers from a contacts file instead");
    }
}

/* Replace csvtable's "required column is missing" for a carers file by one
 * plain message per missing column, saying which files meso reads. */
static void plain_carer_columns(struct importer *im, size_t from)
{
    for (size_t i = from; i < im->pr.n; i++) {
        struct problem *p = &im->pr.items[i];
        if (!strstr(p->msg, "required column is missing"))
            continue;
        int s = -1;
        for (size_t k = 0; k < C_N; k++)
            if (p->field && !strcmp(p->field, importcols_carers[k].names[0]))
                s = (int)k;
        if (s < 0)
            continue;
        if (im->from_contacts && (s == C_SURNAME || s == C_RELATIONSHIP)) {
            p->msg = NULL; /* the contact columns give them */
            continue;
        }
        const char *names = csvtable_names(im->a, &importcols_carers[s]);
        const char *others = names ? strchr(names, ',') : NULL;
        p->msg = arena_sprintf(
            im->a,
            "this column is missing%s%s%s. meso reads carers from a contacts file with the columns "
            "UPN, Contact Surname and Relationship (one row for each carer and child), or from a "
            "pupil export's contact columns (Contact 1 Name, Contact 1 Relationship, ...), which "
            "`meso import pupils` reads with the pupils",
            others ? " (it may also be called" : "", others ? others + 1 : "", others ? ")" : "");
    }
    /* Drop the cleared ones, keeping the order. */
    size_t o = from;
    for (size_t i = from; i < im->pr.n; i++)
        if (im->pr.items[i].msg)
            im->pr.items[o++] = im->pr.items[i];
    im->pr.n = o;
}

static int header_row(struct importer *im, char **fields, size_t n)
{
    size_t before = im->pr.n;
    csvtable_header(&im->t, im->a, fields, n, &im->pr, extra_column, im);
    if (im->pr.nomem)
        return ERR_NOMEM;
    if (im->o->kind == IMPORT_CARERS) {
        im->from_contacts = im->n_contacts > 0;
        plain_carer_columns(im, before);
        /* Read from the contact columns, a pupil export's other columns
         * (its pupils' names, their language) are not the carers'. */
        for (size_t s = 0; im->from_contacts && s < C_N; s++) {
            int c = im->t.col_of[s];
            if (s == C_UPN || c < 0)
                continue;
            if (im->t.unknown.len)
                buf_adds(&im->t.unknown, ", ");
            buf_adds(&im->t.unknown, im->t.headers[c]);
            im->t.use_of[c].use = CSVTABLE_UNUSED;
            im->t.col_of[s] = -1;
        }
    }
    if (im->n_contacts)
        check_contact_columns(im);
    if (im->o->kind == IMPORT_PUPILS && !csvtable_has(&im->t, P_SEN) &&
        (csvtable_has(&im->t, P_NEED1) || csvtable_has(&im->t, P_NEED2)))
        problems_add(&im->pr, colname(im, csvtable_has(&im->t, P_NEED1) ? P_NEED1 : P_NEED2),
                     "needs can only be imported together with an SEN provision column");
    im->columns_wrong = im->pr.n > before;
    return 0;
}

/* ---- pupils ------------------------------------------------------------- */

unsigned importer_pupil_fields(const struct importer *im)
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
        { P_REG, PF_REG_GROUP },
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
        if (csvtable_has(&im->t, map[i].col))
            f |= map[i].field;
    return f;
}

static void contact_rows(struct importer *im, long line, long prow, const char *upn,
                         int64_t pupil_id, char **fields, size_t n);

static void pupil_row(struct importer *im, long line, char **fields, size_t n)
{
    struct importer_chunk *ch = im->chunk;
    struct prow *r = arena_push(im->ra, &ch->prows, &ch->n_prows, &ch->cap_prows, sizeof *r);
    if (!r) {
        im->pr.nomem = 1;
        return;
    }
    size_t before = im->pr.n;
    char why[320];
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
            p->former_upn = arena_strdup(im->ra, tmp);
    }
    p->legal_surname = arena_strdup(im->ra, cell(im, fields, n, P_SURNAME));
    p->legal_forename = arena_strdup(im->ra, cell(im, fields, n, P_FORENAME));
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
    v = cell(im, fields, n, P_REG);
    if (strlen(v) > 40)
        problems_add(&im->pr, colname(im, P_REG), "the class name is longer than 40 characters");
    else
        p->reg_group = dup_or_null(im, v);
    v = cell(im, fields, n, P_SEN);
    if (misnames_sen(&im->names, v, p->sen, why, sizeof why) != 0)
        problems_add(&im->pr, colname(im, P_SEN), "%s", why);
    if (misnames_need(&im->names, cell(im, fields, n, P_NEED1), p->need1, why, sizeof why) != 0)
        problems_add(&im->pr, colname(im, P_NEED1), "%s", why);
    if (misnames_need(&im->names, cell(im, fields, n, P_NEED2), p->need2, why, sizeof why) != 0)
        problems_add(&im->pr, colname(im, P_NEED2), "%s", why);
    p->fsm = yes_no(im, cell(im, fields, n, P_FSM), colname(im, P_FSM), 0) == 1;
    v = cell(im, fields, n, P_FSM_SINCE);
    if (*v && pupil_parse_date(v, p->fsm_since, why, sizeof why) != 0)
        problems_add(&im->pr, colname(im, P_FSM_SINCE), "%s", why);
    p->eal = yes_no(im, cell(im, fields, n, P_EAL), colname(im, P_EAL), -1);
    p->first_language = dup_or_null(im, cell(im, fields, n, P_LANGUAGE));
    p->looked_after = yes_no(im, cell(im, fields, n, P_CLA), colname(im, P_CLA), 0) == 1;
    v = cell(im, fields, n, P_ADMISSION);
    if (*v && pupil_parse_date(v, p->admission_date, why, sizeof why) != 0)
        problems_add(&im->pr, colname(im, P_ADMISSION), "%s", why);
    v = cell(im, fields, n, P_LEAVING);
    if (*v && pupil_parse_date(v, p->leaving_date, why, sizeof why) != 0)
        problems_add(&im->pr, colname(im, P_LEAVING), "%s", why);

    size_t mid = im->pr.n;
    pupil_validate(p, PF_ALL, &im->pr);
    relabel(im, mid, NULL);
    if (im->n_contacts)
        contact_rows(im, line, (long)(ch->n_prows - 1), p->upn, 0, fields, n);
    r->valid = im->pr.n == before;
}

/* ---- carers ------------------------------------------------------------- */

static int cmp_upn(const void *a, const void *b)
{
    return strcmp(((const struct upn_id *)a)->upn, ((const struct upn_id *)b)->upn);
}

static int64_t find_upn(const struct importer *im, const char *upn)
{
    struct upn_id key = { upn, 0 };
    const struct upn_id *u =
        im->n_upns ? bsearch(&key, im->upns, im->n_upns, sizeof key, cmp_upn) : NULL;
    return u ? u->id : 0;
}

static struct crow *new_crow(struct importer *im, long line, long prow)
{
    struct importer_chunk *ch = im->chunk;
    struct crow *r = arena_push(im->ra, &ch->crows, &ch->n_crows, &ch->cap_crows, sizeof *r);
    if (!r) {
        im->pr.nomem = 1;
        return NULL;
    }
    r->line = line;
    r->prow = prow;
    r->link.parental_responsibility = CARER_PR_NOT_RECORDED;
    r->link.contact_priority = 1;
    return r;
}

/* Parse a parental responsibility cell: blank is not recorded. */
static int pr_cell(struct importer *im, const char *v, const char *col)
{
    return yes_no(im, v, col, CARER_PR_NOT_RECORDED);
}

static void finish_carer(struct importer *im, struct crow *r, size_t before, const char *where)
{
    size_t mid = im->pr.n;
    carer_validate(&r->c, &im->pr);
    relabel(im, mid, where);
    r->where = where;
    r->key = carer_match_key(im->ra, &r->c, r->upn);
    r->valid = im->pr.n == before;
}

/* The contacts of one row of a pupil export (or of a carers import reading
 * the contact columns): each contact with any detail is one carer. */
static void contact_rows(struct importer *im, long line, long prow, const char *upn,
                         int64_t pupil_id, char **fields, size_t n)
{
    char why[256];
    for (int num = 1; num <= im->n_contacts; num++) {
        struct contact_cols *cc = &im->contacts[num];
        if (!cc->any)
            continue;
        const char *v[K_N];
        bool any = false;
        for (int f = 0; f < K_N; f++) {
            v[f] = csvtable_at(fields, n, cc->col[f]);
            any |= *v[f] != '\0';
        }
        if (!any)
            continue;
        struct crow *r = new_crow(im, line, prow);
        if (!r)
            return;
        size_t before = im->pr.n;
        struct carer *c = &r->c;
        const char *where = contact_col_name(im, num, cc->col[K_NAME] >= 0 ? K_NAME : K_SURNAME);
        r->upn = upn ? arena_strdup(im->ra, upn) : NULL;
        r->link.pupil_id = pupil_id;
        carer_split_name(im->ra, v[K_NAME], &c->title, &c->forename, &c->surname);
        r->fields = CF_TITLE | CF_FORENAME | CF_SURNAME;
        if (*v[K_TITLE])
            c->title = arena_strdup(im->ra, v[K_TITLE]);
        if (*v[K_FORENAME])
            c->forename = arena_strdup(im->ra, v[K_FORENAME]);
        if (*v[K_SURNAME])
            c->surname = arena_strdup(im->ra, v[K_SURNAME]);
        if (!c->surname) {
            problems_add(&im->pr, where,
                         "contact %d's name is missing, but the row has other "
                         "details of this contact",
                         num);
            c->surname = "";
        }
        const char *rel = NULL;
        if (cc->col[K_RELATIONSHIP] >= 0) {
            if (carer_parse_relationship(v[K_RELATIONSHIP], &rel, why, sizeof why) != 0)
                problems_add(&im->pr, contact_col_name(im, num, K_RELATIONSHIP), "%s", why);
        }
        r->link.relationship = rel ? rel : arena_strdup(im->ra, v[K_RELATIONSHIP]);
        r->link.parental_responsibility = pr_cell(im, v[K_PR], contact_col_name(im, num, K_PR));
        r->link.lives_with =
            yes_no(im, v[K_LIVES_WITH], contact_col_name(im, num, K_LIVES_WITH), 0) == 1;
        long long prio = num;
        if (*v[K_PRIORITY] && str_to_int(v[K_PRIORITY], 1, 99, &prio) != 0)
            problems_add(&im->pr, contact_col_name(im, num, K_PRIORITY),
                         "'%.20s' is not a priority from 1 to 99", v[K_PRIORITY]);
        r->link.contact_priority = (int)prio;
        static const struct {
            enum contact_field f;
            unsigned cf;
        } details[] = { { K_MOBILE, CF_MOBILE },    { K_HOME, CF_HOME }, { K_WORK, CF_WORK },
                        { K_EMAIL, CF_EMAIL },      { K_ID, CF_MIS_ID }, { K_ADDR1, CF_ADDRESS },
                        { K_LANGUAGE, CF_LANGUAGE } };
        for (size_t i = 0; i < sizeof details / sizeof details[0]; i++)
            if (cc->col[details[i].f] >= 0)
                r->fields |= details[i].cf;
        c->phone_mobile = dup_or_null(im, v[K_MOBILE]);
        c->phone_home = dup_or_null(im, v[K_HOME]);
        c->phone_work = dup_or_null(im, v[K_WORK]);
        c->email = dup_or_null(im, v[K_EMAIL]);
        c->mis_id = dup_or_null(im, v[K_ID]);
        c->address_line1 = dup_or_null(im, v[K_ADDR1]);
        c->address_line2 = dup_or_null(im, v[K_ADDR2]);
        c->town = dup_or_null(im, v[K_TOWN]);
        c->postcode = dup_or_null(im, v[K_POSTCODE]);
        c->preferred_language = dup_or_null(im, v[K_LANGUAGE]);
        /* Details a validator finds wrong are reported under the column. */
        size_t mid = im->pr.n;
        carer_validate(c, &im->pr);
        static const struct {
            const char *key;
            enum contact_field f;
        } where_of[] = { { "surname", K_NAME },     { "forename", K_NAME },
                         { "email", K_EMAIL },      { "phone_mobile", K_MOBILE },
                         { "phone_home", K_HOME },  { "phone_work", K_WORK },
                         { "postcode", K_POSTCODE } };
        for (size_t i = mid; i < im->pr.n; i++)
            for (size_t k = 0; k < sizeof where_of / sizeof where_of[0]; k++)
                if (im->pr.items[i].field && !strcmp(im->pr.items[i].field, where_of[k].key)) {
                    enum contact_field f = where_of[k].f;
                    if (f == K_NAME && cc->col[K_NAME] < 0)
                        f = K_SURNAME;
                    im->pr.items[i].field = contact_col_name(im, num, f);
                    break;
                }
        r->where = where;
        r->key = carer_match_key(im->ra, c, r->upn);
        r->valid = im->pr.n == before;
    }
}

static void carer_row(struct importer *im, long line, char **fields, size_t n)
{
    char why[256];
    const char *v = cell(im, fields, n, C_UPN);
    char upn[UPN_LEN + 1] = "";
    bool temp;
    int64_t pupil_id = 0;
    size_t before = im->pr.n;
    if (!*v)
        problems_add(&im->pr, colname(im, C_UPN), "the pupil's UPN is missing");
    else if (upn_check(v, upn, &temp, why, sizeof why) != 0)
        problems_add(&im->pr, colname(im, C_UPN), "'%.20s' is not a valid UPN: %s", v, why);
    else if (!(pupil_id = find_upn(im, upn)))
        problems_add(&im->pr, colname(im, C_UPN),
                     "no pupil with UPN %s at this school; import pupils first", upn);
    if (im->from_contacts) {
        struct importer_chunk *ch = im->chunk;
        size_t first = ch->n_crows;
        contact_rows(im, line, -1, upn, pupil_id, fields, n);
        if (im->pr.n > before) /* a bad UPN spoils every carer of the row */
            for (size_t i = first; i < ch->n_crows; i++)
                ch->crows[i].valid = false;
        return;
    }
    struct crow *r = new_crow(im, line, -1);
    if (!r)
        return;
    struct carer *c = &r->c;
    r->upn = arena_strdup(im->ra, upn);
    r->link.pupil_id = pupil_id;
    r->fields = CF_ALL;
    c->mis_id = dup_or_null(im, cell(im, fields, n, C_MIS_ID));
    c->title = dup_or_null(im, cell(im, fields, n, C_TITLE));
    c->forename = dup_or_null(im, cell(im, fields, n, C_FORENAME));
    c->surname = arena_strdup(im->ra, cell(im, fields, n, C_SURNAME));
    v = cell(im, fields, n, C_RELATIONSHIP);
    const char *rel = NULL;
    if (carer_parse_relationship(v, &rel, why, sizeof why) != 0)
        problems_add(&im->pr, colname(im, C_RELATIONSHIP), "%s", why);
    r->link.relationship = rel ? rel : arena_strdup(im->ra, v);
    r->link.parental_responsibility = pr_cell(im, cell(im, fields, n, C_PR), colname(im, C_PR));
    r->link.lives_with =
        yes_no(im, cell(im, fields, n, C_LIVES_WITH), colname(im, C_LIVES_WITH), 0) == 1;
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
    c->interpreter_needed =
        yes_no(im, cell(im, fields, n, C_INTERPRETER), colname(im, C_INTERPRETER), 0) == 1;
    c->access_needs = dup_or_null(im, cell(im, fields, n, C_ACCESS));
    finish_carer(im, r, before, NULL);
}

/* ---- checks across rows, as the rows stream past ----------------------- */

/* A UPN given on an earlier line (valid or not): this row is left out. */
static int duplicate_pupil(struct importer *im, struct prow *r)
{
    if (!r->p.upn[0])
        return 0;
    long first = 0;
    int rc = importseen_add(&im->seen_upns, importseen_upn_key(r->p.upn), r->line, 0, &first, NULL);
    if (rc < 0)
        return rc;
    if (rc == 0) {
        problems_add(&im->pr, colname(im, P_UPN), "%s also appears on line %ld", r->p.upn, first);
        r->valid = false;
    }
    return 0;
}

/* A digest of what a carer's rows must agree on. */
static uint64_t carer_details(const struct carer *x)
{
    const char *xs[] = { x->title,
                         x->forename,
                         x->surname,
                         x->phone_mobile,
                         x->phone_home,
                         x->phone_work,
                         x->email,
                         x->address_line1,
                         x->address_line2,
                         x->town,
                         x->postcode,
                         x->preferred_language,
                         x->preferred_contact,
                         x->access_needs,
                         x->interpreter_needed ? "1" : "0" };
    return importseen_hash_all(xs, sizeof xs / sizeof xs[0]);
}

/* The same carer (by match key) must have the same details on every row,
 * and may be linked to a pupil only once. */
static int duplicate_carer(struct importer *im, struct crow *b)
{
    if (!b->key)
        return 0;
    long first_line = 0, link_line = 0;
    uint64_t first_details = 0, d = carer_details(&b->c);
    int rc = importseen_add(&im->seen_carers, importseen_hash(b->key, NULL), b->line, d,
                            &first_line, &first_details);
    if (rc < 0)
        return rc;
    b->first = rc == 1;
    bool linked = false;
    if (b->upn && *b->upn) {
        int lrc = importseen_add(&im->seen_links, importseen_hash(b->key, b->upn), b->line, 0,
                                 &link_line, NULL);
        if (lrc < 0)
            return lrc;
        linked = lrc == 0;
    }
    if (b->first)
        return 0;
    const char *where = b->where ? b->where : colname(im, C_SURNAME);
    if (linked) {
        problems_add(&im->pr, where, "this carer is already linked to pupil %s on line %ld", b->upn,
                     link_line);
        b->valid = false;
    }
    if (first_details != d) {
        problems_add(&im->pr, where,
                     "the same carer is on line %ld with different details; make the rows agree",
                     first_line);
        b->valid = false;
    }
    return 0;
}

/* The checks of one row against the rows before it (its pupil at p0 and
 * its carers from c0 in the chunk). A pupil export's row is valid only with
 * all its carers, and its carers only with their pupil. */
static int row_checks(struct importer *im, size_t p0, size_t c0)
{
    struct importer_chunk *ch = im->chunk;
    int rc = 0;
    for (size_t i = p0; i < ch->n_prows && !rc; i++)
        rc = duplicate_pupil(im, &ch->prows[i]);
    for (size_t i = c0; i < ch->n_crows && !rc; i++)
        rc = duplicate_carer(im, &ch->crows[i]);
    if (rc)
        return rc;
    for (size_t i = c0; i < ch->n_crows; i++)
        if (ch->crows[i].prow >= 0 && !ch->crows[i].valid)
            ch->prows[ch->crows[i].prow].valid = false;
    for (size_t i = c0; i < ch->n_crows; i++)
        if (ch->crows[i].prow >= 0 && !ch->prows[ch->crows[i].prow].valid)
            ch->crows[i].valid = false;
    return 0;
}

int importer_on_record(void *ctx, long line, char **fields, const size_t *lens, size_t n)
{
    struct importer *im = ctx;
    (void)lens;
    im->pr.line = line;
    if (!im->t.have_header)
        return header_row(im, fields, n);
    im->rows++;
    if (!im->examples) {
        im->examples = arena_array(im->a, im->t.n_header + 1, sizeof *im->examples);
        for (size_t i = 0; im->examples && i < im->t.n_header; i++)
            im->examples[i] = arena_strdup(im->a, csvtable_at(fields, n, (int)i));
    }
    if (im->columns_wrong)
        return 0; /* the columns come first: the rows are read once they are right */
    if (!csvtable_row_ok(&im->t, fields, n, &im->pr))
        return 0;
    struct importer_chunk *ch = im->chunk;
    size_t p0 = ch->n_prows, c0 = ch->n_crows;
    /* Past the listing's limit a row's problems go to a list of their own,
     * counted and dropped. */
    bool over = im->pr.n >= IMPORTER_MAX_LISTED;
    struct problems kept = im->pr;
    if (over) {
        problems_init(&im->pr, &im->spill);
        im->pr.line = line;
    }
    if (im->o->kind == IMPORT_PUPILS)
        pupil_row(im, line, fields, n);
    else
        carer_row(im, line, fields, n);
    int rc = im->pr.nomem ? ERR_NOMEM : row_checks(im, p0, c0);
    if (over) {
        im->unlisted += (long)im->pr.n;
        im->unlisted_rows += im->pr.n > 0;
        rc = rc ? rc : im->pr.nomem ? ERR_NOMEM : 0;
        im->pr = kept;
        arena_release(&im->spill);
        arena_init(&im->spill, 0);
    }
    if (rc)
        return rc;
    ch->rows++;
    return ch->n_prows + ch->n_crows >= IMPORTER_CHUNK ? im->flush(im) : 0;
}

int importer_load_upns(struct importer *im, struct db *db, int64_t school_id, struct err *e)
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

/* A file with an SEN column but no column for a need keeps the need the
 * pupil has (while it still fits the provision and the other need). */
void importer_keep_needs(const struct importer *im, struct pupil *p, const struct pupil *old)
{
    if (!csvtable_has(&im->t, P_SEN) || p->sen[0] == 'N')
        return;
    if (!csvtable_has(&im->t, P_NEED1))
        memcpy(p->need1, old->need1, sizeof p->need1);
    if (!csvtable_has(&im->t, P_NEED2) && p->need1[0] && strcmp(old->need2, p->need1) &&
        !(p->sen[0] == 'E' && !strcmp(old->need2, "NSA")))
        memcpy(p->need2, old->need2, sizeof p->need2);
}

const char *importer_base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

const char *importer_pupil_name(struct arena *a, const struct pupil *p)
{
    return arena_sprintf(a, "%s, %s", p->legal_surname ? p->legal_surname : "",
                         p->legal_forename ? p->legal_forename : "");
}

void importer_read_notes(struct importer *im, enum csv_encoding enc)
{
    if (enc == CSV_WINDOWS_1252)
        importer_note(
            im, "the file is not UTF-8; it was read as Windows-1252 (what Excel saves as \"CSV\") "
                "and converted. Check that names with accents look right; saving as \"CSV UTF-8\" "
                "avoids this");
    if (im->t.unknown.len)
        importer_note(im, "ignoring columns meso does not use: %s", buf_str(&im->t.unknown));
    if (im->o->kind == IMPORT_PUPILS && !im->n_contacts && !im->columns_wrong &&
        csvtable_has(&im->t, P_SURNAME))
        importer_note(im,
                      "no carers were read: the file has no contact columns (Contact 1 Name, "
                      "Contact 1 Relationship, Contact 1 Email, Contact 1 Mobile, ...). Add them "
                      "to the export, or import a contacts file with `meso import carers` (UPN, "
                      "Contact Surname, Relationship)");
    if (im->columns_wrong && im->rows)
        importer_note(im, "the rows were not checked: put the columns right first");
}
