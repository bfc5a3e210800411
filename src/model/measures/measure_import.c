#include "model/measures/measure_import.h"

/* Size: one unit. The importer reads each kind of file's rows, checks them
 * across rows and writes them in one transaction, all through the private
 * struct mimporter that holds the rows, the pupils and the problems; a split
 * would have to publish it in a header. */

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "db/db.h"
#include "io/csv.h"
#include "model/measures/assessment.h"
#include "model/register/audit.h"
#include "model/register/csvtable.h"
#include "model/measures/measure.h"
#include "model/register/outcomes.h"
#include "model/register/pupil.h"
#include "model/register/school.h"
#include "model/register/upn.h"

const char *const measure_import_kinds[MI_N] = {
    [MI_ASSESSMENTS] = "assessments", [MI_ATTAINMENT] = "attainment",
    [MI_ATTENDANCE] = "attendance",   [MI_EXCLUSIONS] = "exclusions",
    [MI_BULLYING] = "bullying",       [MI_RELATIONSHIPS] = "relationships",
};

/* ---- columns ------------------------------------------------------------- */

#define UPN_COL(what)                                       \
    {                                                       \
        "upn", true,                                        \
        {                                                   \
            "UPN", "Pupil UPN", "Unique Pupil Number", what \
        }                                                   \
    }

enum { A_UPN, A_MEASURE, A_INFORMANT, A_COMPLETED_BY, A_DATE, A_RESPONSES, A_IMPACT, A_N };
static const struct csvtable_col assessment_cols[A_N] = {
    [A_UPN] = UPN_COL(NULL),
    [A_MEASURE] = { "measure", false, { "Measure", "Instrument", "Questionnaire" } },
    [A_INFORMANT] = { "informant", false, { "Informant", "Respondent", "Rater", "Who Answered" } },
    [A_COMPLETED_BY] = { "completed_by", false, { "Completed By", "Informant Name" } },
    [A_DATE] = { "date", true, { "Date", "Date Completed", "Completed On", "Assessment Date" } },
    [A_RESPONSES] = { "responses", false, { "Responses", "Answers" } },
    [A_IMPACT] = { "impact", false, { "Impact", "Impact Codes" } },
};

enum { T_UPN, T_SUBJECT, T_TERM, T_YEAR, T_RESULT, T_TARGET, T_N };
static const struct csvtable_col attainment_cols[T_N] = {
    [T_UPN] = UPN_COL(NULL),
    [T_SUBJECT] = { "subject", true, { "Subject", "Aspect" } },
    [T_TERM] = { "term", true, { "Term", "Assessment Term", "Collection" } },
    [T_YEAR] = { "school_year", false, { "School Year", "Academic Year" } },
    [T_RESULT] = { "result",
                   true,
                   { "Result", "Score", "Level", "Attainment", "Grade", "Scaled Score" } },
    [T_TARGET] = { "target", false, { "Target", "Target Level", "Target Score" } },
};

enum { D_UPN, D_TERM, D_YEAR, D_PERCENT, D_POSSIBLE, D_ATTENDED, D_N };
static const struct csvtable_col attendance_cols[D_N] = {
    [D_UPN] = UPN_COL(NULL),
    [D_TERM] = { "term", true, { "Term" } },
    [D_YEAR] = { "school_year", false, { "School Year", "Academic Year" } },
    [D_PERCENT] = { "percent",
                    false,
                    { "Attendance", "Attendance %", "Attendance Percentage", "Percentage",
                      "Percent", "Attendance Percent" } },
    [D_POSSIBLE] = { "sessions_possible",
                     false,
                     { "Possible Sessions", "Sessions Possible", "Possible" } },
    [D_ATTENDED] = { "sessions_attended",
                     false,
                     { "Attended Sessions", "Sessions Attended", "Present", "Attended" } },
};

enum { X_UPN, X_CATEGORY, X_DATE, X_SESSIONS, X_REASON1, X_REASON2, X_REASON3, X_N };
static const struct csvtable_col exclusion_cols[X_N] = {
    [X_UPN] = UPN_COL(NULL),
    [X_CATEGORY] = { "category",
                     true,
                     { "Category", "Exclusion Category", "Exclusion Type", "Type" } },
    [X_DATE] = { "start_date", true, { "Start Date", "Exclusion Start Date", "Date" } },
    [X_SESSIONS] = { "sessions",
                     false,
                     { "Sessions", "Number of Sessions", "Half Days", "Length" } },
    [X_REASON1] = { "reason1", true, { "Reason 1", "Reason", "Reason Code", "Exclusion Reason" } },
    [X_REASON2] = { "reason2", false, { "Reason 2" } },
    [X_REASON3] = { "reason3", false, { "Reason 3" } },
};

enum { B_UPN, B_DATE, B_TYPE, B_REF, B_N };
static const struct csvtable_col bullying_cols[B_N] = {
    [B_UPN] = UPN_COL("Affected Pupil UPN"),
    [B_DATE] = { "date", true, { "Date", "Incident Date", "Occurred On" } },
    [B_TYPE] = { "type", false, { "Type", "Bullying Type", "Kind" } },
    [B_REF] = { "reference", false, { "Reference", "Incident ID", "Incident Reference" } },
};

enum { R_UPN, R_DATE, R_RATER, R_RATING, R_N };
static const struct csvtable_col relationship_cols[R_N] = {
    [R_UPN] = UPN_COL(NULL),
    [R_DATE] = { "date", true, { "Date", "Rated On" } },
    [R_RATER] = { "rater", true, { "Rater", "Rated By", "Informant" } },
    [R_RATING] = { "rating", true, { "Rating", "Positive Relationships", "Score" } },
};

static const struct {
    const struct csvtable_col *cols;
    size_t n;
} specs[MI_N] = {
    [MI_ASSESSMENTS] = { assessment_cols, A_N }, [MI_ATTAINMENT] = { attainment_cols, T_N },
    [MI_ATTENDANCE] = { attendance_cols, D_N },  [MI_EXCLUSIONS] = { exclusion_cols, X_N },
    [MI_BULLYING] = { bullying_cols, B_N },      [MI_RELATIONSHIPS] = { relationship_cols, R_N },
};

void measure_import_columns_help(enum measure_import_kind kind, FILE *out)
{
    if (kind < 0 || kind >= MI_N)
        return;
    csvtable_help(specs[kind].cols, specs[kind].n, out);
    if (kind == MI_ASSESSMENTS)
        fprintf(out, "  Item 1, Item 2, ...: one column per item, by the paper form's item "
                     "numbers (also Q1, 1); or all of them in Responses\n"
                     "  Impact 1, Impact 2, ...: the impact supplement's raw codes, one column "
                     "each; or all of them in Impact\n");
}

/* ---- the importer -------------------------------------------------------- */

struct mrow {
    long line;
    bool valid;
    const char *key; /* the natural key, for repeats within the file */
    union {
        struct assessment_input *as;
        struct attainment at;
        struct attendance ad;
        struct exclusion ex;
        struct bullying bu;
        struct relationship_rating rr;
    } u;
};

struct mimporter {
    const struct measure_import_options *o;
    const char *name; /* the file, in messages */
    struct arena *a;
    struct db *db;
    int64_t school_id;
    struct pupil *pupils; /* the school's, sorted by UPN */
    size_t n_pupils;
    struct outcome_codes codes;
    struct problems pr;
    struct csvtable t;
    /* Assessments: item and impact columns by number (1-based), or -1. */
    int item_col[INSTRUMENT_MAX_ITEMS + 1];
    const char *item_hdr[INSTRUMENT_MAX_ITEMS + 1];
    int impact_col[INSTRUMENT_MAX_IMPACT_ITEMS + 1];
    const char *impact_hdr[INSTRUMENT_MAX_IMPACT_ITEMS + 1];
    bool any_items, any_impact;
    struct mrow *rows;
    size_t n_rows, cap_rows;
    long n_read;
    struct date today;
    char today_iso[11];
};

/* "Item 7", "Q7", "7" -> an item; "Impact 3" -> an impact item. */
static bool extra_column(void *ctx, const char *key, const char *header, size_t col)
{
    struct mimporter *im = ctx;
    if (im->o->kind != MI_ASSESSMENTS)
        return false;
    const char *digits = NULL;
    bool impact = false;
    if (str_starts_with(key, "impact"))
        digits = key + 6, impact = true;
    else if (str_starts_with(key, "item"))
        digits = key + 4;
    else if (key[0] == 'q')
        digits = key + 1;
    else
        digits = key;
    long long n;
    if (!*digits ||
        str_to_int(digits, 1, impact ? INSTRUMENT_MAX_IMPACT_ITEMS : INSTRUMENT_MAX_ITEMS, &n) != 0)
        return false;
    int *cols = impact ? im->impact_col : im->item_col;
    const char **hdrs = impact ? im->impact_hdr : im->item_hdr;
    if (cols[n] >= 0) {
        problems_add(&im->pr, arena_strdup(im->a, header),
                     "this column appears twice (columns %d and %zu)", cols[n] + 1, col + 1);
        return true;
    }
    cols[n] = (int)col;
    hdrs[n] = arena_strdup(im->a, header);
    if (impact)
        im->any_impact = true;
    else
        im->any_items = true;
    return true;
}

static void check_assessment_header(struct mimporter *im)
{
    bool list = csvtable_has(&im->t, A_RESPONSES);
    if (list && im->any_items)
        problems_add(&im->pr, csvtable_name(&im->t, A_RESPONSES),
                     "give the responses either in one Responses column or one column per item, "
                     "not both");
    else if (!list && !im->any_items)
        problems_add(&im->pr, "Item 1",
                     "the responses are missing: give one column per item (Item 1, Item 2, ...) "
                     "or a Responses column");
    if (csvtable_has(&im->t, A_IMPACT) && im->any_impact)
        problems_add(&im->pr, csvtable_name(&im->t, A_IMPACT),
                     "give the impact codes either in one Impact column or one column per item, "
                     "not both");
}

static const struct pupil *find_pupil(struct mimporter *im, const char *v, const char *col)
{
    char upn[UPN_LEN + 1], why[160];
    bool temp;
    if (!*v) {
        problems_add(&im->pr, col, "the UPN is missing");
        return NULL;
    }
    if (upn_check(v, upn, &temp, why, sizeof why) != 0) {
        problems_add(&im->pr, col, "'%.20s' is not a valid UPN: %s", v, why);
        return NULL;
    }
    const struct pupil *p = pupil_find_sorted(im->pupils, im->n_pupils, upn);
    if (!p)
        problems_add(&im->pr, col, "no pupil at this school has the UPN %s (import pupils first)",
                     upn);
    return p;
}

/* A date in the past (or today), not before the child was born. */
static bool past_date(struct mimporter *im, const struct pupil *p, const char *v, const char *col,
                      const char *what, char out[11])
{
    char why[160];
    if (!*v) {
        problems_add(&im->pr, col, "the %s is missing", what);
        return false;
    }
    if (pupil_parse_date(v, out, why, sizeof why) != 0) {
        problems_add(&im->pr, col, "%s", why);
        return false;
    }
    if (strcmp(out, im->today_iso) > 0) {
        problems_add(&im->pr, col, "%s is in the future", out);
        return false;
    }
    if (p && strcmp(out, p->dob) < 0) {
        problems_add(&im->pr, col, "%s is before the child's date of birth", out);
        return false;
    }
    return true;
}

static struct mrow *new_row(struct mimporter *im, long line)
{
    struct mrow *r = arena_push(im->a, &im->rows, &im->n_rows, &im->cap_rows, sizeof *r);
    if (!r) {
        im->pr.nomem = 1;
        return NULL;
    }
    r->line = line;
    return r;
}

/* Parse one code cell of an item; false (with a problem) when invalid. */
static bool code_cell(struct mimporter *im, const char *v, int lo, int hi, const char *col,
                      int *out)
{
    long long x;
    if (!*v) {
        *out = SCORE_MISSING;
        return true;
    }
    if (str_to_int(v, lo, hi, &x) != 0) {
        problems_add(&im->pr, col,
                     "'%.20s' is not allowed; use a code from %d to %d, or leave it "
                     "empty when not answered",
                     v, lo, hi);
        return false;
    }
    *out = (int)x;
    return true;
}

static void assessment_row(struct mimporter *im, long line, char **f, size_t n)
{
    struct mrow *r = new_row(im, line);
    if (!r)
        return;
    struct assessment_input *in = arena_alloc(im->a, sizeof *in);
    if (!in) {
        im->pr.nomem = 1;
        return;
    }
    r->u.as = in;
    size_t before = im->pr.n;
    char why[300];
    const struct pupil *p =
        find_pupil(im, csvtable_cell(&im->t, f, n, A_UPN), csvtable_name(&im->t, A_UPN));
    bool dated =
        past_date(im, p, csvtable_cell(&im->t, f, n, A_DATE), csvtable_name(&im->t, A_DATE),
                  "date the form was completed", in->assessed_on);
    const char *informant = NULL;
    const char *v = csvtable_cell(&im->t, f, n, A_INFORMANT);
    bool bad_informant = *v && measure_parse_informant(v, &informant, why, sizeof why) != 0;
    if (bad_informant)
        problems_add(&im->pr, csvtable_name(&im->t, A_INFORMANT), "%s", why);
    v = csvtable_cell(&im->t, f, n, A_COMPLETED_BY);
    if (strlen(v) > ASSESSMENT_NAME_MAX)
        problems_add(&im->pr, csvtable_name(&im->t, A_COMPLETED_BY),
                     "this is longer than %d characters", ASSESSMENT_NAME_MAX);
    in->completed_by = arena_strdup(im->a, v);
    if (!p || !dated || bad_informant) {
        r->valid = false;
        return;
    }
    struct date dob, on;
    date_parse(p->dob, &dob);
    date_parse(in->assessed_on, &on);
    in->age_years = date_age_years(dob, on);
    in->pupil_id = p->id;
    in->school_id = im->school_id;
    const char *measure = csvtable_cell(&im->t, f, n, A_MEASURE);
    const struct instrument *ins = NULL;
    int rc = measure_resolve(im->db, im->a, im->school_id, measure, informant, in->age_years, &ins,
                             why, sizeof why);
    if (rc) {
        bool sdq = !*measure || str_ieq(measure, "sdq");
        int col = sdq && csvtable_has(&im->t, A_INFORMANT) ? A_INFORMANT : A_MEASURE;
        problems_add(&im->pr, csvtable_name(&im->t, col), "%s", why);
        r->valid = false;
        return;
    }
    in->in = ins;
    in->informant = informant ? informant : ins->informant;
    if (!strcmp(in->informant, "any")) {
        problems_add(&im->pr, csvtable_name(&im->t, A_INFORMANT),
                     "say who answered %s (parent, teacher or self)", ins->title);
        r->valid = false;
        return;
    }
    /* The responses, by item number. */
    in->n_responses = ins->n_items;
    bool any = false;
    if (csvtable_has(&im->t, A_RESPONSES)) {
        struct err e;
        err_clear(&e);
        if (instrument_parse_codes(csvtable_cell(&im->t, f, n, A_RESPONSES), ins->code_min,
                                   ins->code_max, in->responses, ins->n_items, "response", &e) != 0)
            problems_add(&im->pr, csvtable_name(&im->t, A_RESPONSES), "%s", e.msg);
    } else {
        for (size_t i = 1; i <= ins->n_items; i++) {
            if (im->item_col[i] < 0) {
                problems_add(&im->pr, arena_sprintf(im->a, "Item %zu", i),
                             "the file has no column for item %zu (%s has %zu items)", i,
                             ins->title, ins->n_items);
                break;
            }
            code_cell(im, csvtable_at(f, n, im->item_col[i]), ins->code_min, ins->code_max,
                      im->item_hdr[i], &in->responses[i - 1]);
        }
        for (size_t i = ins->n_items + 1; i <= INSTRUMENT_MAX_ITEMS; i++)
            if (im->item_col[i] >= 0 && *csvtable_at(f, n, im->item_col[i]))
                problems_add(&im->pr, im->item_hdr[i], "%s has only %zu items; leave this empty",
                             ins->title, ins->n_items);
    }
    for (size_t i = 0; i < ins->n_items; i++)
        any |= in->responses[i] != SCORE_MISSING;
    if (!any && im->pr.n == before)
        problems_add(&im->pr,
                     csvtable_has(&im->t, A_RESPONSES) ? csvtable_name(&im->t, A_RESPONSES)
                                                       : im->item_hdr[1],
                     "no item is answered");
    /* The impact supplement: all empty means it was not collected. */
    const struct instrument_impact *imp = ins->impact;
    if (csvtable_has(&im->t, A_IMPACT)) {
        v = csvtable_cell(&im->t, f, n, A_IMPACT);
        if (*v && !imp) {
            problems_add(&im->pr, csvtable_name(&im->t, A_IMPACT),
                         "%s has no impact supplement; leave this empty", ins->title);
        } else if (*v) {
            struct err e;
            err_clear(&e);
            if (instrument_parse_codes(v, 0, imp->code_max, in->impact, imp->n_items,
                                       "impact response", &e) != 0)
                problems_add(&im->pr, csvtable_name(&im->t, A_IMPACT), "%s", e.msg);
            in->n_impact = imp->n_items;
        }
    } else if (im->any_impact) {
        bool given = false;
        for (size_t i = 1; i <= INSTRUMENT_MAX_IMPACT_ITEMS; i++)
            given |= im->impact_col[i] >= 0 && *csvtable_at(f, n, im->impact_col[i]);
        if (given && !imp) {
            problems_add(&im->pr, "Impact 1", "%s has no impact supplement; leave it empty",
                         ins->title);
        } else if (given) {
            in->n_impact = imp->n_items;
            for (size_t i = 1; i <= imp->n_items; i++) {
                if (im->impact_col[i] < 0) {
                    problems_add(&im->pr, arena_sprintf(im->a, "Impact %zu", i),
                                 "the file has no column for impact item %zu (%s has %zu)", i,
                                 ins->title, imp->n_items);
                    break;
                }
                code_cell(im, csvtable_at(f, n, im->impact_col[i]), 0, imp->code_max,
                          im->impact_hdr[i], &in->impact[i - 1]);
            }
            for (size_t i = imp->n_items + 1; i <= INSTRUMENT_MAX_IMPACT_ITEMS; i++)
                if (im->impact_col[i] >= 0 && *csvtable_at(f, n, im->impact_col[i]))
                    problems_add(&im->pr, im->impact_hdr[i],
                                 "%s has %zu impact items; leave this empty", ins->title,
                                 imp->n_items);
        }
    }
    r->key = arena_sprintf(im->a, "%lld|%s|%s|%s|%s", (long long)in->pupil_id, ins->key,
                           in->informant, in->completed_by, in->assessed_on);
    r->valid = im->pr.n == before;
}

static const char *year_col(struct mimporter *im, int idx)
{
    return csvtable_name(&im->t, idx);
}

static void attainment_row(struct mimporter *im, long line, char **f, size_t n)
{
    struct mrow *r = new_row(im, line);
    if (!r)
        return;
    size_t before = im->pr.n;
    char why[300];
    struct attainment *x = &r->u.at;
    const struct pupil *p =
        find_pupil(im, csvtable_cell(&im->t, f, n, T_UPN), csvtable_name(&im->t, T_UPN));
    if (outcome_parse_term(csvtable_cell(&im->t, f, n, T_TERM), csvtable_cell(&im->t, f, n, T_YEAR),
                           &x->year, &x->term, why, sizeof why) != 0)
        problems_add(&im->pr, year_col(im, T_TERM), "%s", why);
    x->subject = arena_strdup(im->a, csvtable_cell(&im->t, f, n, T_SUBJECT));
    x->result = arena_strdup(im->a, csvtable_cell(&im->t, f, n, T_RESULT));
    const char *t = csvtable_cell(&im->t, f, n, T_TARGET);
    x->target = *t ? arena_strdup(im->a, t) : NULL;
    size_t mid = im->pr.n;
    attainment_validate(x, &im->pr);
    for (size_t i = mid; i < im->pr.n; i++) {
        const char *fld = im->pr.items[i].field;
        im->pr.items[i].field = !strcmp(fld, "subject")  ? csvtable_name(&im->t, T_SUBJECT)
                                : !strcmp(fld, "result") ? csvtable_name(&im->t, T_RESULT)
                                                         : csvtable_name(&im->t, T_TARGET);
    }
    if (p) {
        x->pupil_id = p->id;
        char lower[64];
        str_key(lower, sizeof lower, x->subject ? x->subject : "");
        r->key = arena_sprintf(im->a, "%lld|%d|%s|%s", (long long)p->id, x->year,
                               x->term ? x->term : "", lower);
    }
    r->valid = im->pr.n == before;
}

static void attendance_row(struct mimporter *im, long line, char **f, size_t n)
{
    struct mrow *r = new_row(im, line);
    if (!r)
        return;
    size_t before = im->pr.n;
    char why[300];
    struct attendance *x = &r->u.ad;
    const struct pupil *p =
        find_pupil(im, csvtable_cell(&im->t, f, n, D_UPN), csvtable_name(&im->t, D_UPN));
    if (outcome_parse_term(csvtable_cell(&im->t, f, n, D_TERM), csvtable_cell(&im->t, f, n, D_YEAR),
                           &x->year, &x->term, why, sizeof why) != 0)
        problems_add(&im->pr, year_col(im, D_TERM), "%s", why);
    x->sessions_possible = x->sessions_attended = -1;
    long long v;
    const char *s = csvtable_cell(&im->t, f, n, D_POSSIBLE);
    if (*s && str_to_int(s, 1, 1000, &v) != 0)
        problems_add(&im->pr, csvtable_name(&im->t, D_POSSIBLE),
                     "'%.20s' is not a number of sessions from 1 to 1000", s);
    else if (*s)
        x->sessions_possible = (int)v;
    s = csvtable_cell(&im->t, f, n, D_ATTENDED);
    if (*s && str_to_int(s, 0, 1000, &v) != 0)
        problems_add(&im->pr, csvtable_name(&im->t, D_ATTENDED),
                     "'%.20s' is not a number of sessions from 0 to 1000", s);
    else if (*s)
        x->sessions_attended = (int)v;
    if ((x->sessions_possible < 0) != (x->sessions_attended < 0) && im->pr.n == before)
        problems_add(&im->pr,
                     csvtable_name(&im->t, x->sessions_possible < 0 ? D_POSSIBLE : D_ATTENDED),
                     "give both the possible and the attended sessions, or neither");
    else if (x->sessions_possible >= 0 && x->sessions_attended > x->sessions_possible)
        problems_add(&im->pr, csvtable_name(&im->t, D_ATTENDED),
                     "more sessions attended (%d) than possible (%d)", x->sessions_attended,
                     x->sessions_possible);
    s = csvtable_cell(&im->t, f, n, D_PERCENT);
    bool sessions = x->sessions_possible > 0 && x->sessions_attended >= 0;
    double from_sessions =
        sessions ? round(1000.0 * x->sessions_attended / x->sessions_possible) / 10.0 : 0;
    if (*s) {
        if (outcome_parse_percent(s, &x->percent, why, sizeof why) != 0)
            problems_add(&im->pr, csvtable_name(&im->t, D_PERCENT), "%s", why);
        else if (sessions && fabs(x->percent - from_sessions) > 0.55)
            problems_add(&im->pr, csvtable_name(&im->t, D_PERCENT),
                         "%.1f%% does not match %d of %d sessions (%.1f%%)", x->percent,
                         x->sessions_attended, x->sessions_possible, from_sessions);
    } else if (sessions) {
        x->percent = from_sessions;
    } else if (im->pr.n == before) {
        problems_add(&im->pr, csvtable_name(&im->t, D_PERCENT),
                     "the attendance is missing: give the percentage, or the possible and "
                     "attended sessions");
    }
    if (p) {
        x->pupil_id = p->id;
        r->key =
            arena_sprintf(im->a, "%lld|%d|%s", (long long)p->id, x->year, x->term ? x->term : "");
    }
    r->valid = im->pr.n == before;
}

static void exclusion_row(struct mimporter *im, long line, char **f, size_t n)
{
    struct mrow *r = new_row(im, line);
    if (!r)
        return;
    size_t before = im->pr.n;
    char why[300];
    struct exclusion *x = &r->u.ex;
    const struct pupil *p =
        find_pupil(im, csvtable_cell(&im->t, f, n, X_UPN), csvtable_name(&im->t, X_UPN));
    past_date(im, p, csvtable_cell(&im->t, f, n, X_DATE), csvtable_name(&im->t, X_DATE),
              "start date", x->start_date);
    const char *v = csvtable_cell(&im->t, f, n, X_CATEGORY);
    x->category = NULL;
    if (!*v)
        problems_add(&im->pr, csvtable_name(&im->t, X_CATEGORY), "the category is missing");
    else if (outcome_parse_category(&im->codes, v, &x->category, why, sizeof why) != 0)
        problems_add(&im->pr, csvtable_name(&im->t, X_CATEGORY), "%s", why);
    x->sessions = -1;
    v = csvtable_cell(&im->t, f, n, X_SESSIONS);
    long long s;
    if (*v && str_to_int(v, 1, 999, &s) != 0)
        problems_add(&im->pr, csvtable_name(&im->t, X_SESSIONS),
                     "'%.20s' is not a number of sessions (half days) from 1 to 999", v);
    else if (*v)
        x->sessions = (int)s;
    else if (x->category && !strcmp(x->category, "suspension"))
        problems_add(&im->pr, csvtable_name(&im->t, X_SESSIONS),
                     "a suspension needs its length in sessions (half days)");
    static const int cols[3] = { X_REASON1, X_REASON2, X_REASON3 };
    for (int i = 0; i < 3; i++)
        if (outcome_parse_reason(&im->codes, csvtable_cell(&im->t, f, n, cols[i]), x->reasons[i],
                                 why, sizeof why) != 0)
            problems_add(&im->pr, csvtable_name(&im->t, cols[i]), "%s", why);
    if (!x->reasons[0][0] && im->pr.n == before)
        problems_add(&im->pr, csvtable_name(&im->t, X_REASON1), "the reason code is missing");
    for (int i = 1; i < 3; i++)
        for (int j = 0; j < i; j++)
            if (x->reasons[i][0] && !strcmp(x->reasons[i], x->reasons[j]))
                problems_add(&im->pr, csvtable_name(&im->t, cols[i]), "%s is given twice",
                             x->reasons[i]);
    if (x->reasons[2][0] && !x->reasons[1][0])
        problems_add(&im->pr, csvtable_name(&im->t, X_REASON2),
                     "give the second reason before the third");
    if (p) {
        x->pupil_id = p->id;
        r->key = arena_sprintf(im->a, "%lld|%s|%s", (long long)p->id, x->start_date,
                               x->category ? x->category : "");
    }
    r->valid = im->pr.n == before;
}

static void bullying_row(struct mimporter *im, long line, char **f, size_t n)
{
    struct mrow *r = new_row(im, line);
    if (!r)
        return;
    size_t before = im->pr.n;
    char why[300];
    struct bullying *x = &r->u.bu;
    const struct pupil *p =
        find_pupil(im, csvtable_cell(&im->t, f, n, B_UPN), csvtable_name(&im->t, B_UPN));
    past_date(im, p, csvtable_cell(&im->t, f, n, B_DATE), csvtable_name(&im->t, B_DATE),
              "date of the incident", x->occurred_on);
    if (outcome_parse_bullying_type(&im->codes, csvtable_cell(&im->t, f, n, B_TYPE), &x->type, why,
                                    sizeof why) != 0)
        problems_add(&im->pr, csvtable_name(&im->t, B_TYPE), "%s", why);
    const char *v = csvtable_cell(&im->t, f, n, B_REF);
    if (strlen(v) > 40)
        problems_add(&im->pr, csvtable_name(&im->t, B_REF),
                     "the reference is longer than 40 "
                     "characters");
    x->reference = arena_strdup(im->a, v);
    if (p) {
        x->pupil_id = p->id;
        r->key = arena_sprintf(im->a, "%lld|%s|%s|%s", (long long)p->id, x->occurred_on,
                               x->type ? x->type : "", x->reference);
    }
    r->valid = im->pr.n == before;
}

static void relationship_row(struct mimporter *im, long line, char **f, size_t n)
{
    struct mrow *r = new_row(im, line);
    if (!r)
        return;
    size_t before = im->pr.n;
    char why[300];
    struct relationship_rating *x = &r->u.rr;
    const struct pupil *p =
        find_pupil(im, csvtable_cell(&im->t, f, n, R_UPN), csvtable_name(&im->t, R_UPN));
    past_date(im, p, csvtable_cell(&im->t, f, n, R_DATE), csvtable_name(&im->t, R_DATE),
              "date of the rating", x->rated_on);
    if (outcome_parse_rater(csvtable_cell(&im->t, f, n, R_RATER), &x->rater, why, sizeof why) != 0)
        problems_add(&im->pr, csvtable_name(&im->t, R_RATER), "%s", why);
    const char *v = csvtable_cell(&im->t, f, n, R_RATING);
    long long rating;
    if (!*v)
        problems_add(&im->pr, csvtable_name(&im->t, R_RATING), "the rating is missing");
    else if (str_to_int(v, 1, 5, &rating) != 0)
        problems_add(&im->pr, csvtable_name(&im->t, R_RATING),
                     "'%.20s' is not a rating; use 1 (not yet) to 5 (very good)", v);
    else
        x->rating = (int)rating;
    if (p) {
        x->pupil_id = p->id;
        r->key = arena_sprintf(im->a, "%lld|%s|%s", (long long)p->id, x->rated_on,
                               x->rater ? x->rater : "");
    }
    r->valid = im->pr.n == before;
}

static int on_record(void *ctx, long line, char **fields, const size_t *lens, size_t n)
{
    struct mimporter *im = ctx;
    (void)lens;
    im->pr.line = line;
    if (!im->t.have_header) {
        csvtable_header(&im->t, im->a, fields, n, &im->pr, extra_column, im);
        if (im->o->kind == MI_ASSESSMENTS)
            check_assessment_header(im);
        return im->pr.nomem ? ERR_NOMEM : 0;
    }
    im->n_read++;
    if (!csvtable_row_ok(&im->t, fields, n, &im->pr))
        return 0;
    switch (im->o->kind) {
    case MI_ASSESSMENTS:
        assessment_row(im, line, fields, n);
        break;
    case MI_ATTAINMENT:
        attainment_row(im, line, fields, n);
        break;
    case MI_ATTENDANCE:
        attendance_row(im, line, fields, n);
        break;
    case MI_EXCLUSIONS:
        exclusion_row(im, line, fields, n);
        break;
    case MI_BULLYING:
        bullying_row(im, line, fields, n);
        break;
    case MI_RELATIONSHIPS:
        relationship_row(im, line, fields, n);
        break;
    case MI_N:
        break;
    }
    return im->pr.nomem ? ERR_NOMEM : 0;
}

/* ---- checks across rows --------------------------------------------------- */

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

/* The same natural key twice in one file: the later row is a problem. */
static void repeated_rows(struct mimporter *im)
{
    struct keyed *k = arena_array(im->a, im->n_rows + 1, sizeof *k);
    if (!k) {
        im->pr.nomem = 1;
        return;
    }
    size_t n = 0;
    for (size_t i = 0; i < im->n_rows; i++)
        if (im->rows[i].key && im->rows[i].valid)
            k[n++] = (struct keyed){ im->rows[i].key, i, im->rows[i].line };
    if (n > 1)
        qsort(k, n, sizeof *k, cmp_keyed);
    static const char *const what[MI_N] = {
        [MI_ASSESSMENTS] = "the same pupil, measure, informant and date",
        [MI_ATTAINMENT] = "the same pupil, subject and term",
        [MI_ATTENDANCE] = "the same pupil and term",
        [MI_EXCLUSIONS] = "the same pupil, category and start date",
        [MI_BULLYING] = "the same pupil, date, type and reference",
        [MI_RELATIONSHIPS] = "the same pupil, date and rater",
    };
    for (size_t i = 1; i < n; i++) {
        size_t first = i - 1;
        while (i < n && !strcmp(k[i].key, k[first].key)) {
            im->pr.line = k[i].line;
            problems_add(&im->pr, csvtable_name(&im->t, 0), "line %ld already has %s",
                         k[first].line, what[im->o->kind]);
            im->rows[k[i].row].valid = false;
            i++;
        }
    }
}

/* ---- writing -------------------------------------------------------------- */

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static int write_rows(struct mimporter *im, struct measure_import_summary *sum, struct err *e)
{
    const char *source = arena_sprintf(im->a, "import %s", base_name(im->name));
    struct audit_entry who = { .actor = im->o->actor };
    for (size_t i = 0; i < im->n_rows; i++) {
        struct mrow *r = &im->rows[i];
        if (!r->valid)
            continue;
        int rc;
        int result = 0;
        enum outcome_save_result ores = OUTCOME_UNCHANGED;
        switch (im->o->kind) {
        case MI_ASSESSMENTS: {
            enum assessment_save_result ares;
            int64_t id;
            rc = assessment_save(im->db, &who, r->u.as, source, &ares, &id, e);
            result = ares == ASSESSMENT_ADDED ? 0 : ares == ASSESSMENT_UPDATED ? 1 : 2;
            break;
        }
        case MI_ATTAINMENT:
            rc = attainment_save(im->db, &who, im->school_id, &r->u.at, source, &ores, e);
            break;
        case MI_ATTENDANCE:
            rc = attendance_save(im->db, &who, im->school_id, &r->u.ad, source, &ores, e);
            break;
        case MI_EXCLUSIONS:
            rc = exclusion_save(im->db, &who, im->school_id, &r->u.ex, source, &ores, e);
            break;
        case MI_BULLYING:
            rc = bullying_save(im->db, &who, im->school_id, &r->u.bu, source, &ores, e);
            break;
        case MI_RELATIONSHIPS:
            rc = relationship_save(im->db, &who, im->school_id, &r->u.rr, source, &ores, e);
            break;
        default:
            rc = err_set(e, ERR_USAGE, "unknown import");
        }
        if (rc)
            return err_wrap(e, "%s:%ld", im->name, r->line);
        if (im->o->kind != MI_ASSESSMENTS)
            result = ores == OUTCOME_ADDED ? 0 : ores == OUTCOME_UPDATED ? 1 : 2;
        if (result == 0)
            sum->added++;
        else if (result == 1)
            sum->updated++;
        else
            sum->unchanged++;
    }
    struct db_stmt *st;
    int rc = db_prepare(im->db, &st,
                        "INSERT INTO measure_import_run (school_id, kind, file, actor, rows, added,"
                        " updated, unchanged, skipped, finished_at) VALUES (?1, ?2, ?3, ?4, ?5,"
                        " ?6, ?7, ?8, ?9, ?10)",
                        e);
    if (rc)
        return rc;
    char now[DATE_TS_LEN];
    date_timestamp(now);
    db_bind_int(st, 1, im->school_id);
    db_bind_text(st, 2, measure_import_kinds[im->o->kind]);
    db_bind_text(st, 3, base_name(im->name));
    db_bind_text(st, 4, im->o->actor ? im->o->actor : "unknown");
    db_bind_int(st, 5, sum->rows);
    db_bind_int(st, 6, sum->added);
    db_bind_int(st, 7, sum->updated);
    db_bind_int(st, 8, sum->unchanged);
    db_bind_int(st, 9, sum->skipped);
    db_bind_text(st, 10, now);
    rc = db_step(st, e);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static int run(struct db *db, struct arena *a, const struct measure_import_options *o,
               const char *data, size_t len, FILE *msg, struct measure_import_summary *sum,
               struct err *e)
{
    memset(sum, 0, sizeof *sum);
    if (o->kind < 0 || o->kind >= MI_N)
        return err_set(e, ERR_USAGE, "unknown kind of import");
    struct mimporter *im = arena_alloc(a, sizeof *im);
    if (!im)
        return err_set(e, ERR_NOMEM, "out of memory");
    im->o = o;
    im->name = o->file;
    im->a = a;
    im->db = db;
    for (size_t i = 0; i <= INSTRUMENT_MAX_ITEMS; i++)
        im->item_col[i] = -1;
    for (size_t i = 0; i <= INSTRUMENT_MAX_IMPACT_ITEMS; i++)
        im->impact_col[i] = -1;
    im->today = date_today();
    date_iso(im->today, im->today_iso);
    problems_init(&im->pr, a);
    csvtable_init(&im->t, specs[o->kind].cols, specs[o->kind].n);
    struct school school = { 0 };
    int rc = school_resolve(db, a, o->school_urn, false, &school, NULL, e);
    if (rc == ERR_NOTFOUND && !o->school_urn)
        rc = err_set(e, ERR_INPUT, "%s: there is no school yet; import its pupils first", o->file);
    if (rc)
        goto out;
    im->school_id = school.id;
    sum->school_urn = school.urn;
    sum->school_name = school.name;
    if ((rc = pupil_all_by_upn(db, a, school.id, &im->pupils, &im->n_pupils, e)) ||
        (rc = outcome_codes_load(db, a, &im->codes, e)))
        goto out;
    rc = data ? csv_read_mem(o->file, data, len, on_record, im, e)
              : csv_read_file(o->file, on_record, im, e);
    if (rc)
        goto out;
    if (!im->t.have_header) {
        rc = err_set(e, ERR_INPUT, "%s: the file is empty (it needs a header row)", o->file);
        goto out;
    }
    if (im->t.unknown.len)
        fprintf(msg, "%s: note: ignoring columns meso does not use: %s\n", o->file,
                buf_str(&im->t.unknown));
    repeated_rows(im);
    problems_sort(&im->pr);
    problems_print(&im->pr, o->file, msg);
    sum->rows = im->n_read;
    long valid = 0;
    for (size_t i = 0; i < im->n_rows; i++)
        valid += im->rows[i].valid;
    sum->skipped = im->n_read - valid;
    bool file_level = false;
    for (size_t i = 0; i < im->pr.n; i++)
        file_level |= im->pr.items[i].line <= 1;
    if (im->pr.nomem) {
        rc = err_set(e, ERR_NOMEM, "out of memory");
        goto out;
    }
    if (im->pr.n > 0 && (!o->skip_invalid || file_level)) {
        rc = err_set(e, ERR_INPUT, "%s: %zu problem%s found; nothing was imported%s", o->file,
                     im->pr.n, im->pr.n == 1 ? "" : "s",
                     file_level ? "" : " (use --skip-invalid to import the valid rows)");
        goto out;
    }
    if (o->dry_run)
        goto out;
    if ((rc = db_begin(db, e)))
        goto out;
    rc = write_rows(im, sum, e);
    if (rc) {
        db_rollback(db);
        goto out;
    }
    rc = db_commit(db, e);
out:
    csvtable_release(&im->t);
    return rc;
}

int measure_import_run(struct db *db, struct arena *a, const struct measure_import_options *o,
                       FILE *msg, struct measure_import_summary *sum, struct err *e)
{
    return run(db, a, o, NULL, 0, msg, sum, e);
}

int measure_import_mem(struct db *db, struct arena *a, const struct measure_import_options *o,
                       const char *data, size_t len, FILE *msg, struct measure_import_summary *sum,
                       struct err *e)
{
    return run(db, a, o, data ? data : "", data ? len : 0, msg, sum, e);
}
