#include "model/register/carer.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "db/db.h"

const char *const carer_contact_methods[] = {
    "phone", "text", "email", "letter", "app", "in person", NULL,
};

int carer_parse_contact_method(const char *s, const char **out, char *why, size_t cap)
{
    static const struct {
        const char *key, *method;
    } map[] = {
        { "phone", "phone" },
        { "telephone", "phone" },
        { "call", "phone" },
        { "phonecall", "phone" },
        { "text", "text" },
        { "sms", "text" },
        { "textmessage", "text" },
        { "email", "email" },
        { "letter", "letter" },
        { "post", "letter" },
        { "app", "app" },
        { "appmessage", "app" },
        { "inperson", "in person" },
        { "facetoface", "in person" },
        { "schoolgate", "in person" },
        { "meeting", "in person" },
    };
    char k[32];
    str_key(k, sizeof k, s);
    if (!*k) {
        *out = NULL;
        return 0;
    }
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(k, map[i].key)) {
            *out = map[i].method;
            return 0;
        }
    snprintf(why, cap,
             "'%.40s' is not a contact method; use phone, text, email, letter, app or in person",
             s);
    return ERR_INPUT;
}

int carer_parse_relationship(const char *s, const char **out, char *why, size_t cap)
{
    static const struct {
        const char *key, *rel;
    } map[] = {
        { "pam", "mother" },
        { "mum", "mother" },
        { "mam", "mother" },
        { "mom", "mother" },
        { "mother", "mother" },
        { "parent/mother", "mother" },
        { "parentmother", "mother" },
        { "paf", "father" },
        { "dad", "father" },
        { "father", "father" },
        { "parentfather", "father" },
        { "parent/father", "father" },
        { "par", "parent" },
        { "parent", "parent" },
        { "stm", "step-mother" },
        { "stepmother", "step-mother" },
        { "stf", "step-father" },
        { "stepfather", "step-father" },
        { "fom", "foster carer" },
        { "fof", "foster carer" },
        { "foc", "foster carer" },
        { "fostercarer", "foster carer" },
        { "fostermother", "foster carer" },
        { "fosterfather", "foster carer" },
        { "grm", "grandmother" },
        { "grandmother", "grandmother" },
        { "nan", "grandmother" },
        { "gran", "grandmother" },
        { "grandma", "grandmother" },
        { "grf", "grandfather" },
        { "grandfather", "grandfather" },
        { "grandad", "grandfather" },
        { "grandpa", "grandfather" },
        { "grandparent", "grandparent" },
        { "rel", "other relative" },
        { "otherrelative", "other relative" },
        { "car", "carer" },
        { "carer", "carer" },
        { "chm", "childminder" },
        { "childminder", "childminder" },
        { "swr", "social worker" },
        { "socialworker", "social worker" },
        { "oth", "other" },
        { "other", "other" },
    };
    char k[48];
    str_key(k, sizeof k, s);
    if (!*k) {
        snprintf(why, cap, "the relationship to the pupil is missing");
        return ERR_INPUT;
    }
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(k, map[i].key)) {
            *out = map[i].rel;
            return 0;
        }
    size_t n = strlen(s);
    if (n > 40) {
        snprintf(why, cap, "the relationship is longer than 40 characters");
        return ERR_INPUT;
    }
    *out = NULL; /* the caller keeps its own (trimmed) text */
    return 0;
}

const char *carer_pr_label(int pr)
{
    return pr == 1 ? "Yes" : pr == 0 ? "No" : "Not recorded";
}

static bool valid_email(const char *s)
{
    const char *at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@') || strlen(s) > 254)
        return false;
    const char *dot = strrchr(at, '.');
    if (!dot || dot == at + 1 || !dot[1])
        return false;
    for (; *s; s++)
        if (isspace((unsigned char)*s) || *s == '<' || *s == '>' || *s == ',')
            return false;
    return true;
}

static bool valid_phone(const char *s)
{
    int digits = 0;
    for (; *s; s++) {
        if (isdigit((unsigned char)*s))
            digits++;
        else if (!strchr(" +()-.", *s))
            return false;
    }
    return digits >= 7 && digits <= 16;
}

/* UK postcode shape: A9 9AA, A99 9AA, AA9 9AA, AA99 9AA, A9A 9AA, AA9A 9AA. */
static bool valid_postcode(const char *s)
{
    char p[16];
    size_t n = 0;
    for (; *s && n < sizeof p - 1; s++)
        if (*s != ' ')
            p[n++] = (char)toupper((unsigned char)*s);
    p[n] = '\0';
    if (n < 5 || n > 7)
        return false;
    const char *in = p + n - 3; /* inward code: digit letter letter */
    if (!isdigit((unsigned char)in[0]) || !isalpha((unsigned char)in[1]) ||
        !isalpha((unsigned char)in[2]))
        return false;
    if (!isalpha((unsigned char)p[0]))
        return false;
    for (const char *q = p; q < in; q++)
        if (!isalnum((unsigned char)*q))
            return false;
    return isdigit((unsigned char)p[1]) || isdigit((unsigned char)p[2]);
}

void carer_validate(const struct carer *c, struct problems *pr)
{
    if (str_blank(c->surname))
        problems_add(pr, "surname", "the surname is missing");
    else if (strlen(c->surname) > 100)
        problems_add(pr, "surname", "the surname is longer than 100 characters");
    if (c->forename && strlen(c->forename) > 100)
        problems_add(pr, "forename", "the forename is longer than 100 characters");
    if (c->email && *c->email && !valid_email(c->email))
        problems_add(pr, "email", "'%.60s' does not look like an email address", c->email);
    if (c->phone_mobile && *c->phone_mobile && !valid_phone(c->phone_mobile))
        problems_add(pr, "phone_mobile", "'%.40s' does not look like a phone number",
                     c->phone_mobile);
    if (c->phone_home && *c->phone_home && !valid_phone(c->phone_home))
        problems_add(pr, "phone_home", "'%.40s' does not look like a phone number", c->phone_home);
    if (c->phone_work && *c->phone_work && !valid_phone(c->phone_work))
        problems_add(pr, "phone_work", "'%.40s' does not look like a phone number", c->phone_work);
    if (c->postcode && *c->postcode && !valid_postcode(c->postcode))
        problems_add(pr, "postcode", "'%.20s' does not look like a UK postcode", c->postcode);
    if (c->preferred_contact && !strcmp(c->preferred_contact, "email") && !(c->email && *c->email))
        problems_add(pr, "preferred_contact", "email is preferred but no email address is given");
    if (c->preferred_contact && !strcmp(c->preferred_contact, "text") &&
        !(c->phone_mobile && *c->phone_mobile))
        problems_add(pr, "preferred_contact", "text is preferred but no mobile number is given");
}

static char *lower_copy(struct arena *a, const char *s, bool digits_only, bool drop_spaces)
{
    size_t n = strlen(s);
    char *out = arena_alloc(a, n + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (digits_only && !isdigit(ch))
            continue;
        if (drop_spaces && isspace(ch))
            continue;
        out[o++] = (char)tolower(ch);
    }
    out[o] = '\0';
    return out;
}

const char *carer_match_key(struct arena *a, const struct carer *c, const char *fallback)
{
    if (c->mis_id && *c->mis_id)
        return arena_sprintf(a, "id:%s", c->mis_id);
    const char *detail = NULL;
    if (c->email && *c->email)
        detail = lower_copy(a, c->email, false, true);
    else if (c->phone_mobile && *c->phone_mobile)
        detail = lower_copy(a, c->phone_mobile, true, true);
    else if (c->phone_home && *c->phone_home)
        detail = lower_copy(a, c->phone_home, true, true);
    else if (c->postcode && *c->postcode)
        detail = lower_copy(a, c->postcode, false, true);
    const char *fore = lower_copy(a, c->forename ? c->forename : "", false, true);
    const char *sur = lower_copy(a, c->surname ? c->surname : "", false, true);
    if (!fore || !sur)
        return NULL;
    if (detail)
        return arena_sprintf(a, "n:%s|%s|%s", fore, sur, detail);
    return arena_sprintf(a, "n:%s|%s|only:%s", fore, sur, fallback ? fallback : "");
}

#define CARER_COLS                                                                           \
    "id, school_id, mis_id, title, forename, surname, phone_mobile, phone_home, phone_work," \
    " email, address_line1, address_line2, town, postcode, preferred_language,"              \
    " preferred_contact, interpreter_needed, access_needs"

static void read_carer(struct db_stmt *st, int base, struct arena *a, struct carer *c)
{
    c->id = db_col_int(st, base + 0);
    c->school_id = db_col_int(st, base + 1);
    const char **s[] = { &c->mis_id,
                         &c->title,
                         &c->forename,
                         &c->surname,
                         &c->phone_mobile,
                         &c->phone_home,
                         &c->phone_work,
                         &c->email,
                         &c->address_line1,
                         &c->address_line2,
                         &c->town,
                         &c->postcode,
                         &c->preferred_language,
                         &c->preferred_contact };
    for (int i = 0; i < 14; i++)
        *s[i] = arena_strdup(a, db_col_text(st, base + 2 + i));
    c->interpreter_needed = db_col_int(st, base + 16) != 0;
    c->access_needs = arena_strdup(a, db_col_text(st, base + 17));
}

static bool same(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

static bool carer_differs(const struct carer *a, const struct carer *b)
{
    return !same(a->mis_id, b->mis_id) || !same(a->title, b->title) ||
           !same(a->forename, b->forename) || !same(a->surname, b->surname) ||
           !same(a->phone_mobile, b->phone_mobile) || !same(a->phone_home, b->phone_home) ||
           !same(a->phone_work, b->phone_work) || !same(a->email, b->email) ||
           !same(a->address_line1, b->address_line1) || !same(a->address_line2, b->address_line2) ||
           !same(a->town, b->town) || !same(a->postcode, b->postcode) ||
           !same(a->preferred_language, b->preferred_language) ||
           !same(a->preferred_contact, b->preferred_contact) ||
           a->interpreter_needed != b->interpreter_needed ||
           !same(a->access_needs, b->access_needs);
}

static const char *opt(const char *s)
{
    return s && *s ? s : NULL;
}

static void bind_carer(struct db_stmt *st, const struct carer *c)
{
    const char *s[] = { c->mis_id,
                        c->title,
                        c->forename,
                        c->surname,
                        c->phone_mobile,
                        c->phone_home,
                        c->phone_work,
                        c->email,
                        c->address_line1,
                        c->address_line2,
                        c->town,
                        c->postcode,
                        c->preferred_language,
                        c->preferred_contact };
    for (int i = 0; i < 14; i++)
        db_bind_text(st, 3 + i, opt(s[i]));
    db_bind_int(st, 17, c->interpreter_needed);
    db_bind_text(st, 18, opt(c->access_needs));
}

static int update_row(struct db *db, int64_t id, const char *match_key, const struct carer *c,
                      struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "UPDATE carer SET match_key = ?2, mis_id = ?3, title = ?4,"
                        " forename = ?5, surname = ?6, phone_mobile = ?7, phone_home = ?8,"
                        " phone_work = ?9, email = ?10, address_line1 = ?11,"
                        " address_line2 = ?12, town = ?13, postcode = ?14,"
                        " preferred_language = ?15, preferred_contact = ?16,"
                        " interpreter_needed = ?17, access_needs = ?18,"
                        " updated_at = ?19 WHERE id = ?1",
                        e);
    if (rc)
        return rc;
    char now[DATE_TS_LEN];
    date_timestamp(now); /* as pupil.updated_at: written by meso, ISO text */
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, match_key);
    bind_carer(st, c);
    db_bind_text(st, 19, now);
    rc = db_step(st, e);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* Take the fields named in f from in, the rest from old. */
static void merge(struct carer *m, const struct carer *old, const struct carer *in, unsigned f)
{
    *m = *old;
    if (f & CF_MIS_ID)
        m->mis_id = in->mis_id;
    if (f & CF_TITLE)
        m->title = in->title;
    if (f & CF_FORENAME)
        m->forename = in->forename;
    if (f & CF_SURNAME)
        m->surname = in->surname;
    if (f & CF_MOBILE)
        m->phone_mobile = in->phone_mobile;
    if (f & CF_HOME)
        m->phone_home = in->phone_home;
    if (f & CF_WORK)
        m->phone_work = in->phone_work;
    if (f & CF_EMAIL)
        m->email = in->email;
    if (f & CF_ADDRESS) {
        m->address_line1 = in->address_line1;
        m->address_line2 = in->address_line2;
        m->town = in->town;
        m->postcode = in->postcode;
    }
    if (f & CF_LANGUAGE)
        m->preferred_language = in->preferred_language;
    if (f & CF_CONTACT)
        m->preferred_contact = in->preferred_contact;
    if (f & CF_INTERPRETER)
        m->interpreter_needed = in->interpreter_needed;
    if (f & CF_ACCESS)
        m->access_needs = in->access_needs;
}

/* Equal after dropping case, and spaces (digits only: for phones). */
static bool same_detail(struct arena *a, const char *x, const char *y, bool digits)
{
    if (!x || !*x || !y || !*y)
        return false;
    const char *p = lower_copy(a, x, digits, true), *q = lower_copy(a, y, digits, true);
    return p && q && *p && !strcmp(p, q);
}

/* A carer of the school who is the same person as c (see carer.h), into
 * *old; 1 when found, 0 when not, or an error. */
static int find_same_person(struct db *db, struct arena *a, int64_t school_id,
                            const struct carer *c, struct carer *old, struct err *e)
{
    if (!c->surname || !*c->surname || !c->forename || !*c->forename)
        return 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT " CARER_COLS " FROM carer WHERE school_id = ?1"
                        " AND lower(surname) = lower(?2) AND lower(forename) = lower(?3)"
                        " ORDER BY id",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, c->surname);
    db_bind_text(st, 3, c->forename);
    int found = 0;
    while (!found && (rc = db_step(st, e)) == DB_ROW) {
        read_carer(st, 0, a, old);
        found = (!c->mis_id || !old->mis_id || !strcmp(c->mis_id, old->mis_id)) &&
                (same_detail(a, c->email, old->email, false) ||
                 same_detail(a, c->phone_mobile, old->phone_mobile, true) ||
                 same_detail(a, c->phone_home, old->phone_home, true) ||
                 same_detail(a, c->postcode, old->postcode, false));
    }
    db_finalize(st);
    return rc < 0 ? rc : found;
}

int carer_save(struct db *db, int64_t school_id, struct carer *c, const char *match_key,
               enum carer_save_result *result, struct err *e)
{
    return carer_save_fields(db, school_id, c, match_key, CF_ALL, result, e);
}

int carer_save_fields(struct db *db, int64_t school_id, struct carer *c, const char *match_key,
                      unsigned fields, enum carer_save_result *result, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(
        db, &st, "SELECT " CARER_COLS " FROM carer WHERE school_id = ?1 AND match_key = ?2", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, match_key);
    struct arena tmp;
    arena_init(&tmp, 0);
    struct carer old = { 0 };
    rc = db_step(st, e);
    if (rc == DB_ROW)
        read_carer(st, 0, &tmp, &old);
    db_finalize(st);
    if (rc == DB_DONE) {
        int same = find_same_person(db, &tmp, school_id, c, &old, e);
        rc = same < 0 ? same : same ? DB_ROW : DB_DONE;
    }
    c->school_id = school_id;
    if (rc == DB_DONE) {
        rc = db_prepare(db, &st,
                        "INSERT INTO carer (school_id, match_key, mis_id, title, forename, surname,"
                        " phone_mobile, phone_home, phone_work, email, address_line1,"
                        " address_line2, town, postcode, preferred_language, preferred_contact,"
                        " interpreter_needed, access_needs) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
                        " ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18) RETURNING id",
                        e);
        if (rc == 0) {
            db_bind_int(st, 1, school_id);
            db_bind_text(st, 2, match_key);
            bind_carer(st, c);
            rc = db_step_id(st, &c->id, e);
            db_finalize(st);
            *result = CARER_ADDED;
        }
    } else if (rc == DB_ROW) {
        struct carer m;
        merge(&m, &old, c, fields);
        m.id = c->id = old.id;
        *result = CARER_UNCHANGED;
        rc = 0;
        if (carer_differs(&m, &old)) {
            /* The key follows the details kept (see carer_match_key). */
            const char *key = carer_match_key(&tmp, &m, NULL);
            size_t kl = key ? strlen(key) : 0;
            if (!key || (kl >= 6 && !strcmp(key + kl - 6, "|only:")))
                key = match_key;
            rc = update_row(db, old.id, key, &m, e);
            *result = CARER_UPDATED;
        }
    }
    arena_release(&tmp);
    return rc < 0 ? rc : 0;
}

int carer_link(struct db *db, const struct carer_link *l, enum carer_save_result *result,
               struct err *e)
{
    struct db_stmt *st;
    /* A link saved with parental responsibility not recorded keeps the
     * answer already there. */
    bool pr_given = l->parental_responsibility == 0 || l->parental_responsibility == 1;
    int rc = db_prepare(db, &st,
                        "SELECT CASE WHEN relationship IS NOT DISTINCT FROM ?3"
                        " AND (?7 = 0 OR parental_responsibility IS NOT DISTINCT FROM ?4)"
                        " AND lives_with = ?5 AND contact_priority = ?6 THEN 1 ELSE 0 END"
                        " FROM pupil_carer WHERE pupil_id = ?1 AND carer_id = ?2",
                        e);
    if (rc)
        return rc;
    int prio = l->contact_priority > 0 ? l->contact_priority : 1;
    db_bind_int(st, 1, l->pupil_id);
    db_bind_int(st, 2, l->carer_id);
    db_bind_text(st, 3, l->relationship);
    db_bind_int_or_null(st, 4, l->parental_responsibility, !pr_given);
    db_bind_int(st, 5, l->lives_with);
    db_bind_int(st, 6, prio);
    db_bind_int(st, 7, pr_given);
    rc = db_step(st, e);
    bool exists = rc == DB_ROW, same = exists && db_col_int(st, 0) == 1;
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (same) {
        *result = CARER_UNCHANGED;
        return 0;
    }
    if (exists)
        rc = db_prepare(db, &st,
                        "UPDATE pupil_carer SET relationship = ?3,"
                        " parental_responsibility = CASE WHEN ?7 = 1 THEN ?4"
                        "   ELSE parental_responsibility END,"
                        " lives_with = ?5, contact_priority = ?6"
                        " WHERE pupil_id = ?1 AND carer_id = ?2",
                        e);
    else
        rc = db_prepare(db, &st,
                        "INSERT INTO pupil_carer (pupil_id, carer_id, relationship,"
                        " parental_responsibility, lives_with, contact_priority)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, l->pupil_id);
    db_bind_int(st, 2, l->carer_id);
    db_bind_text(st, 3, l->relationship);
    db_bind_int_or_null(st, 4, l->parental_responsibility, !pr_given);
    db_bind_int(st, 5, l->lives_with);
    db_bind_int(st, 6, prio);
    if (exists)
        db_bind_int(st, 7, pr_given);
    rc = db_step(st, e);
    db_finalize(st);
    if (rc < 0)
        return rc;
    *result = exists ? CARER_UPDATED : CARER_ADDED;
    return 0;
}

int carer_unlink(struct db *db, int64_t pupil_id, int64_t carer_id, struct err *e)
{
    struct db_stmt *st;
    int rc =
        db_prepare(db, &st, "DELETE FROM pupil_carer WHERE pupil_id = ?1 AND carer_id = ?2", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, pupil_id);
    db_bind_int(st, 2, carer_id);
    rc = db_step(st, e);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int carer_by_id(struct db *db, struct arena *a, int64_t school_id, int64_t id, struct carer *out,
                struct err *e)
{
    struct db_stmt *st;
    int rc =
        db_prepare(db, &st, "SELECT " CARER_COLS " FROM carer WHERE id = ?1 AND school_id = ?2", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, school_id);
    rc = db_step(st, e);
    if (rc == DB_ROW)
        read_carer(st, 0, a, out);
    db_finalize(st);
    if (rc == DB_DONE)
        return err_set(e, ERR_NOTFOUND, "no such carer");
    return rc < 0 ? rc : 0;
}

int carer_list(struct db *db, struct arena *a, int64_t school_id, int limit, int offset,
               struct carer **out, size_t *n, size_t *total, struct err *e)
{
    *out = NULL;
    *n = 0;
    *total = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT " CARER_COLS ", count(*) OVER () FROM carer WHERE school_id = ?1"
                        " ORDER BY surname, forename, id LIMIT ?2 OFFSET ?3",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_int(st, 2, limit > 0 ? limit : INT64_MAX); /* no LIMIT -1 on PostgreSQL */
    db_bind_int(st, 3, offset > 0 ? offset : 0);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct carer *c = arena_push(a, out, n, &cap, sizeof *c);
        if (!c) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        read_carer(st, 0, a, c);
        *total = (size_t)db_col_int(st, 18);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int carer_update(struct db *db, struct arena *a, const struct carer *c, struct err *e)
{
    const char *key = carer_match_key(a, c, arena_sprintf(a, "carer-%lld", (long long)c->id));
    if (!key)
        return err_set(e, ERR_NOMEM, "out of memory");
    int rc = update_row(db, c->id, key, c, e);
    if (rc == ERR_CONFLICT)
        return err_set(e, ERR_CONFLICT,
                       "another carer at this school has the same name and contact details");
    if (rc < 0)
        return rc;
    return db_changes(db) ? 0 : err_set(e, ERR_NOTFOUND, "no such carer");
}

int carer_list_for_pupil(struct db *db, struct arena *a, int64_t pupil_id, struct pupil_carer **out,
                         size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT l.relationship, l.parental_responsibility, l.lives_with,"
                        " l.contact_priority, c.id, c.school_id, c.mis_id, c.title, c.forename,"
                        " c.surname, c.phone_mobile, c.phone_home, c.phone_work, c.email,"
                        " c.address_line1, c.address_line2, c.town, c.postcode,"
                        " c.preferred_language, c.preferred_contact, c.interpreter_needed,"
                        " c.access_needs"
                        " FROM pupil_carer l JOIN carer c ON c.id = l.carer_id"
                        " WHERE l.pupil_id = ?1 ORDER BY l.contact_priority, c.surname, c.id",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, pupil_id);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct pupil_carer *pc = arena_push(a, out, n, &cap, sizeof *pc);
        if (!pc) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        pc->link.relationship = arena_strdup(a, db_col_text(st, 0));
        pc->link.parental_responsibility =
            db_col_is_null(st, 1) ? CARER_PR_NOT_RECORDED : (int)db_col_int(st, 1);
        pc->link.lives_with = db_col_int(st, 2) != 0;
        pc->link.contact_priority = (int)db_col_int(st, 3);
        read_carer(st, 4, a, &pc->carer);
        pc->link.pupil_id = pupil_id;
        pc->link.carer_id = pc->carer.id;
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

const char *carer_display_name(struct arena *a, const struct carer *c)
{
    return arena_sprintf(a, "%s%s%s%s%s", c->title && *c->title ? c->title : "",
                         c->title && *c->title ? " " : "", c->forename ? c->forename : "",
                         c->forename && *c->forename ? " " : "", c->surname ? c->surname : "");
}

int carer_first_contact(struct db *db, int64_t pupil_id, int64_t *carer_id, struct err *e)
{
    *carer_id = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT carer_id FROM pupil_carer WHERE pupil_id = ?1"
                        " ORDER BY contact_priority, carer_id LIMIT 1",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, pupil_id);
    rc = db_step(st, e);
    if (rc == DB_ROW)
        *carer_id = db_col_int(st, 0);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int carer_of_pupil(struct db *db, int64_t pupil_id, int64_t carer_id, bool *yes, struct err *e)
{
    *yes = false;
    struct db_stmt *st;
    int rc =
        db_prepare(db, &st, "SELECT 1 FROM pupil_carer WHERE pupil_id = ?1 AND carer_id = ?2", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, pupil_id);
    db_bind_int(st, 2, carer_id);
    rc = db_step(st, e);
    db_finalize(st);
    if (rc < 0)
        return rc;
    *yes = rc == DB_ROW;
    return 0;
}
