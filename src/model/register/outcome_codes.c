/* outcome_codes.c - the census code lists and the parsers of what staff and files
 * write for outcomes (terms, percentages, categories, reasons, raters); no saving
 * (outcomes.c). Both halves answer to outcomes.h. */
#include "model/register/outcomes.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "db/db.h"
#include "model/register/audit.h"
#include "model/calendar/schoolyear.h"

/* ---- code lists ---------------------------------------------------------- */

static int load_list(struct db *db, struct arena *a, struct db_stmt *st, struct outcome_code **out,
                     size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    int rc;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct outcome_code *c = arena_push(a, out, n, &cap, sizeof *c);
        if (!c) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        c->code = arena_strdup(a, db_col_text(st, 0));
        c->label = db_col_is_null(st, 1) ? NULL : arena_strdup(a, db_col_text(st, 1));
        c->census = db_col_is_null(st, 2) ? NULL : arena_strdup(a, db_col_text(st, 2));
    }
    db_finalize(st);
    (void)db;
    return rc < 0 ? rc : 0;
}

int outcome_codes_load(struct db *db, struct arena *a, struct outcome_codes *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *st;
    int rc = db_prepare(
        db, &st, "SELECT code, label, census FROM exclusion_category ORDER BY position, code", e);
    if (rc || (rc = load_list(db, a, st, &out->categories, &out->n_categories, e)))
        return rc;
    if ((rc = db_prepare(db, &st,
                         "SELECT code, label, NULL FROM exclusion_reason ORDER BY position, code",
                         e)) ||
        (rc = load_list(db, a, st, &out->reasons, &out->n_reasons, e)))
        return rc;
    if ((rc = db_prepare(
             db, &st, "SELECT code, label, NULL FROM bullying_type ORDER BY position, code", e)) ||
        (rc = load_list(db, a, st, &out->bullying, &out->n_bullying, e)))
        return rc;
    return 0;
}

const char *outcome_code_label(const struct outcome_code *list, size_t n, const char *code)
{
    for (size_t i = 0; code && i < n; i++)
        if (!strcmp(list[i].code, code))
            return list[i].label;
    return NULL;
}

/* ---- terms --------------------------------------------------------------- */

static int term_word(const char *w)
{
    static const char *const names[][4] = {
        { "autumn", "aut", "autumnterm", "fall" },
        { "spring", "spr", "springterm", NULL },
        { "summer", "sum", "summerterm", NULL },
    };
    char k[24];
    str_key(k, sizeof k, w);
    for (int t = 0; t < 3; t++)
        for (int j = 0; j < 4 && names[t][j]; j++)
            if (!strcmp(k, names[t][j]))
                return t;
    return -1;
}

/* "2024", "2024-25", "2024/25" as a school year; or for a calendar year given
 * with a term, the school year that term falls in. */
static int year_word(const char *w, int term, int *out)
{
    char buf[16];
    if (str_copy(buf, sizeof buf, w) >= sizeof buf)
        return ERR_INPUT;
    for (char *p = buf; *p; p++)
        if (*p == '/')
            *p = '-';
    int y;
    if (schoolyear_parse_year(buf, &y) != 0)
        return ERR_INPUT;
    /* A bare calendar year with spring or summer is the second half of the
     * school year that began the September before. */
    if (!strchr(buf, '-') && term > 0)
        y--;
    *out = y;
    return 0;
}

int outcome_parse_term(const char *term, const char *year, int *school_year, const char **term_out,
                       char *why, size_t cap)
{
    char buf[64];
    if (!term || str_blank(term)) {
        snprintf(why, cap, "the term is missing (autumn, spring or summer)");
        return ERR_INPUT;
    }
    if (str_copy(buf, sizeof buf, term) >= sizeof buf) {
        snprintf(why, cap, "'%.40s...' is not a term", term);
        return ERR_INPUT;
    }
    /* Split "Autumn 2024" or "2024-25 Autumn" into two words. */
    char *words[3] = { 0 };
    int nw = 0;
    for (char *p = buf; *p && nw < 3;) {
        while (*p == ' ' || *p == '\t')
            *p++ = '\0';
        if (!*p)
            break;
        words[nw++] = p;
        while (*p && *p != ' ' && *p != '\t')
            p++;
    }
    int t = -1, y = -1, ty = -1;
    const char *yword = NULL;
    for (int i = 0; i < nw; i++) {
        int w = term_word(words[i]);
        if (w >= 0 && t < 0)
            t = w;
        else if (!yword && words[i][0] >= '0' && words[i][0] <= '9')
            yword = words[i];
        else if (!strcmp(words[i], "term") || !strcmp(words[i], "Term"))
            continue;
        else
            t = -2;
    }
    if (t < 0) {
        snprintf(why, cap, "'%.40s' is not a term; use autumn, spring or summer", term);
        return ERR_INPUT;
    }
    if (yword && year_word(yword, t, &ty) != 0) {
        snprintf(why, cap, "'%.40s' does not give a year like 2024 or 2024-25", term);
        return ERR_INPUT;
    }
    if (year && !str_blank(year)) {
        char yb[16];
        str_copy(yb, sizeof yb, year);
        str_trim(yb);
        for (char *p = yb; *p; p++)
            if (*p == '/')
                *p = '-';
        if (schoolyear_parse_year(yb, &y) != 0) {
            snprintf(why, cap, "'%.20s' is not a school year; use 2024 or 2024-25", year);
            return ERR_INPUT;
        }
        if (ty >= 0 && ty != y) {
            char a[8], b[8];
            schoolyear_label(ty, a, sizeof a);
            schoolyear_label(y, b, sizeof b);
            snprintf(why, cap, "'%.40s' is in %s, but the school year given is %s", term, a, b);
            return ERR_INPUT;
        }
    } else {
        y = ty;
    }
    if (y < 0) {
        snprintf(why, cap,
                 "say which school year: add a School Year column, or write the term as "
                 "'Autumn 2024'");
        return ERR_INPUT;
    }
    *school_year = y;
    *term_out = term_names[t];
    return 0;
}

/* ---- parsers ------------------------------------------------------------- */

const char *outcome_for_subject(const char *subject)
{
    char k[64];
    str_key(k, sizeof k, subject ? subject : "");
    if (strstr(k, "read"))
        return "reading";
    if (strstr(k, "writ"))
        return "writing";
    if (strstr(k, "math") || strstr(k, "numeracy"))
        return "maths";
    return NULL;
}

void attainment_validate(struct attainment *a, struct problems *pr)
{
    size_t n = a->subject ? strlen(a->subject) : 0;
    if (n == 0)
        problems_add(pr, "subject", "the subject is missing");
    else if (n > 60)
        problems_add(pr, "subject", "the subject is longer than 60 characters");
    n = a->result ? strlen(a->result) : 0;
    if (n == 0)
        problems_add(pr, "result", "the result (a score or level) is missing");
    else if (n > 40)
        problems_add(pr, "result", "the result is longer than 40 characters");
    if (a->target && strlen(a->target) > 40)
        problems_add(pr, "target", "the target is longer than 40 characters");
    a->outcome = outcome_for_subject(a->subject);
}

int outcome_parse_percent(const char *s, double *out, char *why, size_t cap)
{
    char buf[32];
    if (!s || str_copy(buf, sizeof buf, s) >= sizeof buf) {
        snprintf(why, cap, "'%.20s' is not a percentage", s ? s : "");
        return ERR_INPUT;
    }
    str_trim(buf);
    size_t n = strlen(buf);
    if (n && buf[n - 1] == '%')
        buf[--n] = '\0';
    double v;
    if (!n || str_to_double(buf, &v) != 0 || v < 0 || v > 100) {
        snprintf(why, cap, "'%.20s' is not a percentage from 0 to 100", s);
        return ERR_INPUT;
    }
    *out = v;
    return 0;
}

int outcome_parse_category(const struct outcome_codes *c, const char *s, const char **out,
                           char *why, size_t cap)
{
    static const struct {
        const char *word, *code;
    } words[] = {
        { "fixedperiod", "suspension" },
        { "fixedterm", "suspension" },
        { "fixedperiodexclusion", "suspension" },
        { "suspended", "suspension" },
        { "fixed", "suspension" },
        { "permanentexclusion", "permanent" },
        { "permanentlyexcluded", "permanent" },
        { "excluded", "permanent" },
    };
    char k[40];
    str_key(k, sizeof k, s ? s : "");
    const char *code = NULL;
    for (size_t i = 0; *k && !code && i < c->n_categories; i++) {
        char ck[40], cen[16];
        str_key(ck, sizeof ck, c->categories[i].code);
        str_key(cen, sizeof cen, c->categories[i].census ? c->categories[i].census : "");
        if (!strcmp(k, ck) || !strcmp(k, cen))
            code = c->categories[i].code;
    }
    for (size_t i = 0; *k && !code && i < sizeof words / sizeof words[0]; i++)
        if (!strcmp(k, words[i].word))
            code = words[i].code;
    /* The words must name a category the database knows. */
    for (size_t i = 0; code && i < c->n_categories; i++)
        if (!strcmp(c->categories[i].code, code)) {
            *out = c->categories[i].code;
            return 0;
        }
    snprintf(why, cap, "'%.40s' is not a category; use suspension (FIXD) or permanent (PERM)",
             s ? s : "");
    return ERR_INPUT;
}

int outcome_parse_reason(const struct outcome_codes *c, const char *s, char out[3], char *why,
                         size_t cap)
{
    out[0] = '\0';
    if (!s || str_blank(s))
        return 0;
    char k[8];
    str_key(k, sizeof k, s);
    for (size_t i = 0; i < c->n_reasons; i++)
        if (str_ieq(k, c->reasons[i].code)) {
            str_copy(out, 3, c->reasons[i].code);
            return 0;
        }
    snprintf(why, cap, "'%.20s' is not a reason code (see meso outcome codes)", s);
    return ERR_INPUT;
}

int outcome_parse_bullying_type(const struct outcome_codes *c, const char *s, const char **out,
                                char *why, size_t cap)
{
    static const struct {
        const char *word, *code;
    } words[] = {
        { "cyber", "online" },         { "cyberbullying", "online" },  { "racist", "prejudice" },
        { "homophobic", "prejudice" }, { "transphobic", "prejudice" }, { "disablist", "prejudice" },
        { "sexist", "prejudice" },     { "emotional", "social" },      { "relational", "social" },
        { "exclusion", "social" },
    };
    char k[64];
    str_key(k, sizeof k, s ? s : "");
    const char *code = *k ? NULL : "other";
    for (size_t i = 0; !code && i < c->n_bullying; i++) {
        char ck[64], lk[64];
        str_key(ck, sizeof ck, c->bullying[i].code);
        str_key(lk, sizeof lk, c->bullying[i].label ? c->bullying[i].label : "");
        if (!strcmp(k, ck) || !strcmp(k, lk))
            code = c->bullying[i].code;
    }
    for (size_t i = 0; !code && i < sizeof words / sizeof words[0]; i++)
        if (!strcmp(k, words[i].word))
            code = words[i].code;
    for (size_t i = 0; code && i < c->n_bullying; i++)
        if (!strcmp(c->bullying[i].code, code)) {
            *out = c->bullying[i].code;
            return 0;
        }
    snprintf(why, cap, "'%.40s' is not a kind of bullying meso knows (see meso outcome codes)",
             s ? s : "");
    return ERR_INPUT;
}

const char *outcome_rating_label(int rating)
{
    static const char *const labels[] = { "not yet", "a few", "some", "good", "very good" };
    return rating >= 1 && rating <= 5 ? labels[rating - 1] : NULL;
}

int outcome_parse_rater(const char *s, const char **out, char *why, size_t cap)
{
    static const struct {
        const char *word, *rater;
    } words[] = {
        { "teacher", "teacher" },    { "t", "teacher" },           { "staff", "teacher" },
        { "school", "teacher" },     { "parent", "parent" },       { "carer", "parent" },
        { "parentcarer", "parent" }, { "parent/carer", "parent" }, { "p", "parent" },
        { "pupil", "pupil" },        { "child", "pupil" },         { "self", "pupil" },
    };
    char k[32];
    str_key(k, sizeof k, s ? s : "");
    for (size_t i = 0; *k && i < sizeof words / sizeof words[0]; i++)
        if (!strcmp(k, words[i].word)) {
            *out = words[i].rater;
            return 0;
        }
    snprintf(why, cap, "'%.40s' is not a rater; use teacher, parent or pupil", s ? s : "");
    return ERR_INPUT;
}
