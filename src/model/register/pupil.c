/* pupil.c - the pupil register's storage: saving a record (its SEN history and
 * free school meals periods with it), finding and listing pupils, the key
 * teacher. The field parsers, validation and names are pupil_fields.c, the roll
 * pupil_roll.c; all answer to pupil.h. */
#include "model/register/pupil.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "db/db.h"
#include "model/register/audit.h"

/* ---- storage ------------------------------------------------------------ */

#define PUPIL_COLS                                                                                \
    "p.id, p.school_id, p.upn, p.upn_temporary, p.former_upn, p.legal_surname, p.legal_forename," \
    " p.preferred_surname, p.preferred_forename, p.dob, p.sex, p.nc_year, p.sen_provision,"       \
    " p.sen_primary_need, p.sen_secondary_need, p.eal, p.first_language, p.looked_after,"         \
    " p.admission_date, p.leaving_date,"                                                          \
    " EXISTS (SELECT 1 FROM fsm_period f WHERE f.pupil_id = p.id AND f.end_date IS NULL),"        \
    " p.key_teacher_id, p.key_teacher_by_class, p.reg_group_id,"                                  \
    " (SELECT g.name FROM reg_group g WHERE g.id = p.reg_group_id)"

static void copy_code(char *out, size_t cap, const char *s)
{
    str_copy(out, cap, s ? s : "");
}

static void read_pupil(struct db_stmt *st, struct arena *a, struct pupil *p)
{
    memset(p, 0, sizeof *p);
    p->id = db_col_int(st, 0);
    p->school_id = db_col_int(st, 1);
    copy_code(p->upn, sizeof p->upn, db_col_text(st, 2));
    p->upn_temporary = db_col_int(st, 3) != 0;
    p->former_upn = arena_strdup(a, db_col_text(st, 4));
    p->legal_surname = arena_strdup(a, db_col_text(st, 5));
    p->legal_forename = arena_strdup(a, db_col_text(st, 6));
    p->preferred_surname = arena_strdup(a, db_col_text(st, 7));
    p->preferred_forename = arena_strdup(a, db_col_text(st, 8));
    copy_code(p->dob, sizeof p->dob, db_col_text(st, 9));
    copy_code(p->sex, sizeof p->sex, db_col_text(st, 10));
    copy_code(p->nc_year, sizeof p->nc_year, db_col_text(st, 11));
    copy_code(p->sen, sizeof p->sen, db_col_text(st, 12));
    copy_code(p->need1, sizeof p->need1, db_col_text(st, 13));
    copy_code(p->need2, sizeof p->need2, db_col_text(st, 14));
    p->eal = db_col_is_null(st, 15) ? -1 : (int)db_col_int(st, 15);
    p->first_language = arena_strdup(a, db_col_text(st, 16));
    p->looked_after = db_col_int(st, 17) != 0;
    copy_code(p->admission_date, sizeof p->admission_date, db_col_text(st, 18));
    copy_code(p->leaving_date, sizeof p->leaving_date, db_col_text(st, 19));
    p->fsm = db_col_int(st, 20) != 0;
    p->key_teacher_id = db_col_int(st, 21);
    p->key_teacher_by_class = db_col_int(st, 22) != 0;
    p->reg_group_id = db_col_int(st, 23);
    p->reg_group = arena_strdup(a, db_col_text(st, 24));
}

/* Every row of a prepared pupil query (PUPIL_COLS) into *out; finalizes st. */
static int read_pupils(struct db_stmt *st, struct arena *a, struct pupil **out, size_t *n,
                       struct err *e)
{
    size_t cap = 0;
    int rc;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct pupil *p = arena_push(a, out, n, &cap, sizeof *p);
        if (!p) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        read_pupil(st, a, p);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* NULL and "" are the same value for optional text. */
static bool same(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

static const char *opt(const char *s)
{
    return s && *s ? s : NULL;
}

/* Bind p and run the INSERT (id: its RETURNING id) or UPDATE (id NULL). */
static int bind_and_write(struct db_stmt *st, const struct pupil *p, const char *now, int64_t *id,
                          struct err *e)
{
    db_bind_text(st, 20, now);
    db_bind_text(st, 2, p->upn);
    db_bind_int(st, 3, p->upn_temporary);
    db_bind_text(st, 4, opt(p->former_upn));
    db_bind_text(st, 5, p->legal_surname);
    db_bind_text(st, 6, p->legal_forename);
    db_bind_text(st, 7, opt(p->preferred_surname));
    db_bind_text(st, 8, opt(p->preferred_forename));
    db_bind_text(st, 9, p->dob);
    db_bind_text(st, 10, p->sex);
    db_bind_text(st, 11, opt(p->nc_year));
    db_bind_text(st, 12, p->sen[0] ? p->sen : "N");
    db_bind_text(st, 13, opt(p->need1));
    db_bind_text(st, 14, opt(p->need2));
    db_bind_int_or_null(st, 15, p->eal, p->eal < 0);
    db_bind_text(st, 16, opt(p->first_language));
    db_bind_int(st, 17, p->looked_after);
    db_bind_text(st, 18, opt(p->admission_date));
    db_bind_text(st, 19, opt(p->leaving_date));
    db_bind_int_or_null(st, 21, p->reg_group_id, p->reg_group_id == 0);
    int64_t ignored;
    int rc = db_step_id(st, id ? id : &ignored, e);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static int append_sen_history(struct db *db, const struct pupil *p, const char *today,
                              const char *source, struct err *e)
{
    struct db_stmt *st;
    int rc =
        db_prepare(db, &st,
                   "INSERT INTO sen_history (pupil_id, provision, primary_need, secondary_need,"
                   " effective_date, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                   e);
    if (rc)
        return rc;
    db_bind_int(st, 1, p->id);
    db_bind_text(st, 2, p->sen[0] ? p->sen : "N");
    db_bind_text(st, 3, opt(p->need1));
    db_bind_text(st, 4, opt(p->need2));
    db_bind_text(st, 5, today);
    db_bind_text(st, 6, source);
    rc = db_step(st, e);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* Open a period (fsm true) or close the open one (fsm false). */
static int set_fsm(struct db *db, const struct pupil *p, const char *today, struct err *e)
{
    struct db_stmt *st;
    int rc;
    if (p->fsm) {
        rc =
            db_prepare(db, &st, "INSERT INTO fsm_period (pupil_id, start_date) VALUES (?1, ?2)", e);
        if (rc)
            return rc;
        db_bind_text(st, 2, p->fsm_since[0] ? p->fsm_since : today);
    } else {
        rc = db_prepare(
            db, &st,
            "UPDATE fsm_period SET end_date = CASE WHEN start_date > ?2 THEN start_date ELSE ?2 END"
            " WHERE pupil_id = ?1 AND end_date IS NULL",
            e);
        if (rc)
            return rc;
        db_bind_text(st, 2, today);
    }
    db_bind_int(st, 1, p->id);
    rc = db_step(st, e);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* Take the fields named in `fields` from in, the rest from old. */
static void merge(struct pupil *m, const struct pupil *old, const struct pupil *in, unsigned f)
{
    *m = *old;
    m->upn_temporary = in->upn_temporary;
    if (f & PF_FORMER_UPN)
        m->former_upn = in->former_upn;
    if (f & PF_LEGAL_NAME) {
        m->legal_surname = in->legal_surname;
        m->legal_forename = in->legal_forename;
    }
    if (f & PF_PREF_SURNAME)
        m->preferred_surname = in->preferred_surname;
    if (f & PF_PREF_FORENAME)
        m->preferred_forename = in->preferred_forename;
    if (f & PF_DOB)
        memcpy(m->dob, in->dob, sizeof m->dob);
    if (f & PF_SEX)
        memcpy(m->sex, in->sex, sizeof m->sex);
    if (f & PF_YEAR)
        memcpy(m->nc_year, in->nc_year, sizeof m->nc_year);
    if (f & PF_SEN) {
        memcpy(m->sen, in->sen[0] ? in->sen : "N", 2);
        memcpy(m->need1, in->need1, sizeof m->need1);
        memcpy(m->need2, in->need2, sizeof m->need2);
    }
    if (f & PF_EAL)
        m->eal = in->eal;
    if (f & PF_FIRST_LANGUAGE)
        m->first_language = in->first_language;
    if (f & PF_CLA)
        m->looked_after = in->looked_after;
    if (f & PF_FSM) {
        m->fsm = in->fsm;
        memcpy(m->fsm_since, in->fsm_since, sizeof m->fsm_since);
    }
    if (f & PF_ADMISSION)
        memcpy(m->admission_date, in->admission_date, sizeof m->admission_date);
    if (f & PF_LEAVING)
        memcpy(m->leaving_date, in->leaving_date, sizeof m->leaving_date);
    if (f & PF_REG_GROUP) {
        m->reg_group_id = in->reg_group_id;
        m->reg_group = in->reg_group;
    }
}

static bool sen_differs(const struct pupil *a, const struct pupil *b)
{
    return strcmp(a->sen, b->sen) != 0 || strcmp(a->need1, b->need1) != 0 ||
           strcmp(a->need2, b->need2) != 0;
}

/* The PF_* fields of the record (not FSM, which is kept as periods) that
 * differ between a and b; PF_FORMER_UPN also covers the temporary flag. */
static unsigned record_differences(const struct pupil *a, const struct pupil *b)
{
    unsigned f = 0;
    if (a->upn_temporary != b->upn_temporary || !same(a->former_upn, b->former_upn))
        f |= PF_FORMER_UPN;
    if (!same(a->legal_surname, b->legal_surname) || !same(a->legal_forename, b->legal_forename))
        f |= PF_LEGAL_NAME;
    if (!same(a->preferred_surname, b->preferred_surname))
        f |= PF_PREF_SURNAME;
    if (!same(a->preferred_forename, b->preferred_forename))
        f |= PF_PREF_FORENAME;
    if (strcmp(a->dob, b->dob))
        f |= PF_DOB;
    if (strcmp(a->sex, b->sex))
        f |= PF_SEX;
    if (strcmp(a->nc_year, b->nc_year))
        f |= PF_YEAR;
    if (sen_differs(a, b))
        f |= PF_SEN;
    if (a->eal != b->eal)
        f |= PF_EAL;
    if (!same(a->first_language, b->first_language))
        f |= PF_FIRST_LANGUAGE;
    if (a->looked_after != b->looked_after)
        f |= PF_CLA;
    if (strcmp(a->admission_date, b->admission_date))
        f |= PF_ADMISSION;
    if (strcmp(a->leaving_date, b->leaving_date))
        f |= PF_LEAVING;
    if (a->reg_group_id != b->reg_group_id)
        f |= PF_REG_GROUP;
    return f;
}

static bool record_differs(const struct pupil *a, const struct pupil *b)
{
    return record_differences(a, b) != 0;
}

unsigned pupil_changes(const struct pupil *old, const struct pupil *in, unsigned fields)
{
    struct pupil m;
    merge(&m, old, in, fields);
    unsigned f = record_differences(&m, old);
    if ((fields & PF_FSM) && m.fsm != old->fsm)
        f |= PF_FSM;
    return f;
}

const char *pupil_fields_words(struct arena *a, unsigned fields)
{
    static const struct {
        unsigned bit;
        const char *word;
    } words[] = {
        { PF_LEGAL_NAME, "name" },
        { PF_PREF_FORENAME, "preferred forename" },
        { PF_PREF_SURNAME, "preferred surname" },
        { PF_FORMER_UPN, "UPN details" },
        { PF_DOB, "date of birth" },
        { PF_SEX, "sex" },
        { PF_YEAR, "year group" },
        { PF_REG_GROUP, "class" },
        { PF_SEN, "SEN" },
        { PF_FSM, "free school meals" },
        { PF_EAL, "EAL" },
        { PF_FIRST_LANGUAGE, "first language" },
        { PF_CLA, "looked after" },
        { PF_ADMISSION, "admission date" },
        { PF_LEAVING, "leaving date" },
    };
    char out[512] = "";
    size_t o = 0;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (fields & words[i].bit) {
            int n = snprintf(out + o, sizeof out - o, "%s%s", o ? ", " : "", words[i].word);
            if (n > 0 && (size_t)n < sizeof out - o)
                o += (size_t)n;
        }
    return arena_strdup(a, out);
}

int pupil_save(struct db *db, int64_t school_id, struct pupil *p, unsigned fields,
               const char *source, enum pupil_save_result *result, struct err *e)
{
    struct arena tmp;
    arena_init(&tmp, 0);
    struct pupil old;
    int rc = pupil_by_upn(db, &tmp, school_id, p->upn, &old, e);
    if (rc == 0 || rc == ERR_NOTFOUND) {
        err_clear(e);
        struct pupil_batch b;
        pupil_batch_init(&b, db, school_id, source);
        rc = pupil_batch_save(&b, p, rc == 0 ? &old : NULL, fields, result, e);
    }
    arena_release(&tmp);
    return rc;
}

void pupil_batch_init(struct pupil_batch *b, struct db *db, int64_t school_id, const char *source)
{
    b->db = db;
    b->school_id = school_id;
    b->source = source;
    date_iso(date_today(), b->today);
    date_timestamp(b->now);
}

int pupil_batch_added(struct pupil_batch *b, const struct pupil *p, unsigned fields, struct err *e)
{
    int rc = 0;
    if ((p->sen[0] && p->sen[0] != 'N') || p->need1[0])
        rc = append_sen_history(b->db, p, b->today, b->source, e);
    if (rc == 0 && (fields & PF_FSM) && p->fsm)
        rc = set_fsm(b->db, p, b->today, e);
    return rc;
}

int pupil_batch_save(struct pupil_batch *b, struct pupil *p, const struct pupil *old,
                     unsigned fields, enum pupil_save_result *result, struct err *e)
{
    struct db *db = b->db;
    int64_t school_id = b->school_id;
    const char *source = b->source, *today = b->today, *now = b->now;
    struct db_stmt *st;
    int rc;
    p->school_id = school_id;
    if (!old) {
        rc = db_prepare(db, &st,
                        "INSERT INTO pupil (school_id, upn, upn_temporary, former_upn,"
                        " legal_surname, legal_forename, preferred_surname, preferred_forename,"
                        " dob, sex, nc_year, sen_provision, sen_primary_need, sen_secondary_need,"
                        " eal, first_language, looked_after, admission_date, leaving_date,"
                        " created_at, updated_at, reg_group_id)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
                        " ?15, ?16, ?17, ?18, ?19, ?20, ?20, ?21) RETURNING id",
                        e);
        if (rc)
            return rc;
        db_bind_int(st, 1, school_id);
        if ((rc = bind_and_write(st, p, now, &p->id, e)) ||
            (rc = pupil_batch_added(b, p, fields, e)))
            return rc;
        *result = PUPIL_ADDED;
        return 0;
    }
    struct pupil m;
    merge(&m, old, p, fields);
    bool changed = false;
    if (record_differs(&m, old)) {
        rc = db_prepare(db, &st,
                        "UPDATE pupil SET upn = ?2, upn_temporary = ?3, former_upn = ?4,"
                        " legal_surname = ?5, legal_forename = ?6, preferred_surname = ?7,"
                        " preferred_forename = ?8, dob = ?9, sex = ?10, nc_year = ?11,"
                        " sen_provision = ?12, sen_primary_need = ?13, sen_secondary_need = ?14,"
                        " eal = ?15, first_language = ?16, looked_after = ?17,"
                        " admission_date = ?18, leaving_date = ?19,"
                        " updated_at = ?20, reg_group_id = ?21 WHERE id = ?1",
                        e);
        if (rc)
            return rc;
        db_bind_int(st, 1, old->id);
        if ((rc = bind_and_write(st, &m, now, NULL, e)))
            return rc;
        changed = true;
        if (sen_differs(&m, old) && (rc = append_sen_history(db, &m, today, source, e)))
            return rc;
    }
    if ((fields & PF_FSM) && m.fsm != old->fsm) {
        if ((rc = set_fsm(db, &m, today, e)))
            return rc;
        changed = true;
    }
    p->id = old->id;
    *result = changed ? PUPIL_UPDATED : PUPIL_UNCHANGED;
    return 0;
}

int pupil_all_by_upn(struct db *db, struct arena *a, int64_t school_id, struct pupil **out,
                     size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(
        db, &st, "SELECT " PUPIL_COLS " FROM pupil p WHERE p.school_id = ?1 ORDER BY p.upn", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    return read_pupils(st, a, out, n, e);
}

const struct pupil *pupil_find_sorted(const struct pupil *sorted, size_t n, const char *upn)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(sorted[mid].upn, upn);
        if (c == 0)
            return &sorted[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

int pupil_by_upn(struct db *db, struct arena *a, int64_t school_id, const char *upn,
                 struct pupil *out, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(
        db, &st, "SELECT " PUPIL_COLS " FROM pupil p WHERE p.school_id = ?1 AND p.upn = upper(?2)",
        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, upn);
    rc = db_step(st, e);
    if (rc == DB_ROW)
        read_pupil(st, a, out);
    db_finalize(st);
    if (rc == DB_DONE)
        return err_set(e, ERR_NOTFOUND, "no pupil with UPN %s", upn);
    return rc < 0 ? rc : 0;
}

int pupil_by_id(struct db *db, struct arena *a, int64_t id, struct pupil *out, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st, "SELECT " PUPIL_COLS " FROM pupil p WHERE p.id = ?1", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    rc = db_step(st, e);
    if (rc == DB_ROW)
        read_pupil(st, a, out);
    db_finalize(st);
    if (rc == DB_DONE)
        return err_set(e, ERR_NOTFOUND, "no such pupil");
    return rc < 0 ? rc : 0;
}

/* Escape LIKE wildcards so a search for "50%" means what it says. */
static char *like_pattern(struct arena *a, const char *s)
{
    size_t n = strlen(s);
    char *out = arena_alloc(a, 2 * n + 3);
    if (!out)
        return NULL;
    size_t o = 0;
    out[o++] = '%';
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%' || s[i] == '_' || s[i] == '\\')
            out[o++] = '\\';
        out[o++] = s[i];
    }
    out[o++] = '%';
    out[o] = '\0';
    return out;
}

/* The conditions of pupil_list, for its count and its page (?1-?8, ?11-?14).
 * Search compares lower() on both sides: LIKE ignores case on SQLite only. */
#define PUPIL_LIST_WHERE                                                          \
    "p.school_id = ?1"                                                            \
    "   AND (CAST(?2 AS TEXT) IS NULL OR p.nc_year = ?2)"                         \
    "   AND (CAST(?3 AS TEXT) IS NULL OR p.sen_provision = ?3)"                   \
    "   AND (?4 < 0 OR ?4 = CASE WHEN EXISTS (SELECT 1 FROM fsm_period f"         \
    "        WHERE f.pupil_id = p.id AND f.end_date IS NULL) THEN 1 ELSE 0 END)"  \
    "   AND (CAST(?5 AS TEXT) IS NULL OR p.upn = upper(?6)"                       \
    "        OR lower(p.legal_surname) LIKE lower(?5) ESCAPE '\\'"                \
    "        OR lower(p.legal_forename) LIKE lower(?5) ESCAPE '\\'"               \
    "        OR lower(p.preferred_forename) LIKE lower(?5) ESCAPE '\\'"           \
    "        OR lower(coalesce(p.preferred_forename, p.legal_forename) || ' ' ||" \
    "           p.legal_surname) LIKE lower(?5) ESCAPE '\\')"                     \
    "   AND (?7 <> 0 OR p.leaving_date IS NULL OR p.leaving_date > ?8)"           \
    "   AND (?11 <> 0 OR (?12 <> 0 AND p.key_teacher_id = ?12)"                   \
    "        OR (?13 <> 0 AND EXISTS (SELECT 1 FROM family_worker w"              \
    "            WHERE w.pupil_id = p.id AND w.staff_id = ?13))"                  \
    "        OR (?14 <> 0 AND EXISTS (SELECT 1 FROM pupil_carer pc"               \
    "            WHERE pc.pupil_id = p.id AND pc.carer_id = ?14)))"

/* Years in school order: nursery, reception, 1-14, then "X". */
#define PUPIL_YEAR_ORDER                                                                  \
    "CASE p.nc_year WHEN 'N1' THEN -2 WHEN 'N2' THEN -1 WHEN 'R' THEN 0 WHEN 'X' THEN 99" \
    " ELSE CAST(p.nc_year AS INTEGER) END"

static void bind_list_filter(struct db_stmt *st, const struct pupil_filter *f, const char *pattern,
                             const char *today)
{
    db_bind_int(st, 1, f->school_id);
    db_bind_text(st, 2, f->nc_year);
    db_bind_text(st, 3, f->sen);
    db_bind_int(st, 4, f->fsm);
    db_bind_text(st, 5, pattern);
    db_bind_text(st, 6, f->search);
    db_bind_int(st, 7, f->include_leavers);
    db_bind_text(st, 8, today);
    db_bind_int(st, 11, f->scope.whole_school);
    db_bind_int(st, 12, f->scope.key_teacher_id);
    db_bind_int(st, 13, f->scope.family_worker_id);
    db_bind_int(st, 14, f->scope.carer_id);
}

static int list_whole_school(struct db *db, struct arena *a, const struct pupil_filter *f,
                             struct pupil **out, size_t *n, size_t *total, const char *today,
                             struct err *e)
{
    struct db_stmt *st;
    int rc;
    if (total) {
        if ((rc = db_prepare(db, &st,
                             "SELECT count(*) FROM pupil p WHERE p.school_id = ?1"
                             " AND (p.leaving_date IS NULL OR p.leaving_date > ?2)",
                             e)))
            return rc;
        db_bind_int(st, 1, f->school_id);
        db_bind_text(st, 2, today);
        rc = db_step(st, e);
        if (rc == DB_ROW)
            *total = (size_t)db_col_int(st, 0);
        db_finalize(st);
        if (rc < 0)
            return rc;
    }
    if ((rc = db_prepare(db, &st,
                         "SELECT " PUPIL_COLS " FROM pupil p WHERE p.school_id = ?1"
                         " AND (p.leaving_date IS NULL OR p.leaving_date > ?2)"
                         " ORDER BY " PUPIL_YEAR_ORDER ", p.legal_surname, p.legal_forename, p.upn"
                         " LIMIT ?3 OFFSET ?4",
                         e)))
        return rc;
    db_bind_int(st, 1, f->school_id);
    db_bind_text(st, 2, today);
    db_bind_int(st, 3, f->limit > 0 ? f->limit : INT64_MAX);
    db_bind_int(st, 4, f->offset > 0 ? f->offset : 0);
    return read_pupils(st, a, out, n, e);
}

int pupil_list(struct db *db, struct arena *a, const struct pupil_filter *f, struct pupil **out,
               size_t *n, size_t *total, struct err *e)
{
    *out = NULL;
    *n = 0;
    if (total)
        *total = 0;
    char today[DATE_ISO_LEN];
    date_iso(date_today(), today);
    const char *pattern = NULL;
    if (f->search && *f->search && !(pattern = like_pattern(a, f->search)))
        return err_set(e, ERR_NOMEM, "out of memory");
    /* Two statements with the same conditions: the count, then the page.
     * Window functions (count(*) OVER (), row_number()) cost SQLite an
     * ephemeral table and a sort of every row per request; this is about
     * ten times cheaper (callgrind: docs/ARCHITECTURE.md, "Threading"). The
     * page's rows are sorted narrow (id and sort key) first; only those
     * shown then pay for every column. */
    struct db_stmt *st;
    int rc = 0;
    /* The list as it first opens (the whole school, no filter) is the page
     * asked for most: its own two statements, with only the conditions that
     * apply, are a third of the general ones' cost. */
    if (f->scope.whole_school && !f->nc_year && !f->sen && f->fsm < 0 && !pattern &&
        !f->include_leavers)
        return list_whole_school(db, a, f, out, n, total, today, e);
    if (total) {
        rc = db_prepare(db, &st, "SELECT count(*) FROM pupil p WHERE " PUPIL_LIST_WHERE, e);
        if (rc)
            return rc;
        bind_list_filter(st, f, pattern, today);
        rc = db_step(st, e);
        if (rc == DB_ROW)
            *total = (size_t)db_col_int(st, 0);
        db_finalize(st);
        if (rc < 0)
            return rc;
    }
    rc = db_prepare(db, &st,
                    "WITH page AS (SELECT p.id, " PUPIL_YEAR_ORDER " AS y, p.legal_surname AS s,"
                    "   p.legal_forename AS f, p.upn AS u"
                    " FROM pupil p WHERE " PUPIL_LIST_WHERE
                    " ORDER BY y, s, f, u LIMIT ?9 OFFSET ?10)"
                    " SELECT " PUPIL_COLS " FROM page JOIN pupil p ON p.id = page.id"
                    " ORDER BY page.y, page.s, page.f, page.u",
                    e);
    if (rc)
        return rc;
    bind_list_filter(st, f, pattern, today);
    db_bind_int(st, 9, f->limit > 0 ? f->limit : INT64_MAX); /* no LIMIT -1 on PostgreSQL */
    db_bind_int(st, 10, f->offset > 0 ? f->offset : 0);
    return read_pupils(st, a, out, n, e);
}

int pupil_sen_history(struct db *db, struct arena *a, int64_t pupil_id, struct sen_change **out,
                      size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT provision, primary_need, secondary_need, effective_date, source,"
                        " recorded_at FROM sen_history WHERE pupil_id = ?1 ORDER BY id",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, pupil_id);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct sen_change *c = arena_push(a, out, n, &cap, sizeof *c);
        if (!c) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        copy_code(c->provision, sizeof c->provision, db_col_text(st, 0));
        copy_code(c->need1, sizeof c->need1, db_col_text(st, 1));
        copy_code(c->need2, sizeof c->need2, db_col_text(st, 2));
        c->effective_date = arena_strdup(a, db_col_text(st, 3));
        c->source = arena_strdup(a, db_col_text(st, 4));
        c->recorded_at = arena_strdup(a, db_col_text(st, 5));
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int pupil_fsm_periods(struct db *db, struct arena *a, int64_t pupil_id, struct fsm_period **out,
                      size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT start_date, end_date FROM fsm_period WHERE pupil_id = ?1"
                        " ORDER BY start_date",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, pupil_id);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct fsm_period *fp = arena_push(a, out, n, &cap, sizeof *fp);
        if (!fp) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        fp->start = arena_strdup(a, db_col_text(st, 0));
        fp->end = arena_strdup(a, db_col_text(st, 1));
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int pupil_set_key_teacher(struct db *db, const struct audit_who *who, int64_t pupil_id,
                          int64_t staff_id, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT p.school_id, p.key_teacher_id,"
                        " (SELECT s.name FROM staff s WHERE s.id = ?2 AND s.school_id = p.school_id"
                        "  AND s.active = 1 AND (s.role IN ('teacher', 'lead')"
                        "   OR EXISTS (SELECT 1 FROM account a JOIN account_role r"
                        "    ON r.account_id = a.id WHERE a.staff_id = s.id"
                        "    AND r.role IN ('teacher', 'lead'))))"
                        " FROM pupil p WHERE p.id = ?1",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, pupil_id);
    db_bind_int(st, 2, staff_id);
    rc = db_step(st, e);
    int64_t school_id = 0, old = 0;
    char name[201] = "";
    bool teacher = false;
    if (rc == DB_ROW) {
        school_id = db_col_int(st, 0);
        old = db_col_int(st, 1);
        teacher = !db_col_is_null(st, 2);
        str_copy(name, sizeof name, teacher ? db_col_text(st, 2) : "");
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (rc == DB_DONE)
        return err_set(e, ERR_NOTFOUND, "no such pupil");
    if (staff_id && !teacher)
        return err_set(e, ERR_INPUT,
                       "a key teacher must be a teacher or lead on the staff of the pupil's "
                       "school");
    if (old == staff_id)
        return 0;
    if ((rc = db_begin(db, e)))
        return rc;
    rc = db_prepare(
        db, &st, "UPDATE pupil SET key_teacher_id = ?2, key_teacher_by_class = 0 WHERE id = ?1", e);
    if (rc == 0) {
        db_bind_int(st, 1, pupil_id);
        db_bind_int_or_null(st, 2, staff_id, staff_id == 0);
        rc = db_step(st, e);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0) {
        char detail[300];
        if (staff_id)
            snprintf(detail, sizeof detail, "key teacher set to %s", name);
        else
            str_copy(detail, sizeof detail, "key teacher cleared");
        struct audit_entry au = { .actor = who && who->actor ? who->actor : "unknown",
                                  .action = "assign",
                                  .entity = "pupil",
                                  .entity_id = pupil_id,
                                  .pupil_id = pupil_id,
                                  .school_id = school_id,
                                  .detail = detail,
                                  .address = who ? who->address : NULL };
        rc = audit_log(db, &au, e);
    }
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}
