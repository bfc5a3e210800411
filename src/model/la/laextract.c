#include "model/la/laextract.h"

#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "db/db.h"
#include "model/access/access.h"
#include "model/la/lakey.h"
#include "model/register/audit.h"

struct la_src {
    int64_t id;
    const char *urn, *la_code;
    bool share;
};

/* The LA's schools (id, URN, whether each shares). */
static int la_src_schools(struct db *db, struct arena *a, const char *la_code, struct la_src **out,
                          size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT id, urn, la_code, la_share FROM school WHERE la_code = ?1"
                        " ORDER BY urn",
                        e);
    if (rc)
        return rc;
    db_bind_text(st, 1, la_code);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct la_src *r = arena_push(a, out, n, &cap, sizeof *r);
        if (!r) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        r->id = db_col_int(st, 0);
        r->urn = arena_strdup(a, db_col_text(st, 1));
        r->la_code = arena_strdup(a, db_col_text(st, 2));
        r->share = db_col_int(st, 3) != 0;
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* Each pupil's UPN, by record number: ids[i] and upns[i], sorted by id. */
struct upns {
    int64_t *ids;
    char (*upn)[16];
    size_t n;
};

static int load_upns(struct db *db, struct arena *a, int64_t school_id, struct upns *u,
                     struct err *e)
{
    memset(u, 0, sizeof *u);
    struct db_stmt *st;
    int rc = db_prepare(db, &st, "SELECT id, upn FROM pupil WHERE school_id = ?1 ORDER BY id", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    size_t cap = 0, cap2 = 0, n2 = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        int64_t *id = arena_push(a, &u->ids, &u->n, &cap, sizeof *id);
        char(*up)[16] = arena_push(a, &u->upn, &n2, &cap2, sizeof *up);
        if (!id || !up) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        *id = db_col_int(st, 0);
        snprintf(*up, sizeof *up, "%s", db_col_text(st, 1));
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static const char *upn_of(const struct upns *u, int64_t id)
{
    const int64_t *p = bsearch(&id, u->ids, u->n, sizeof id, cmp_id);
    return p ? u->upn[p - u->ids] : NULL;
}

/* One school's rows into out, pseudonymised. */
static int one_school(struct db *db, struct arena *a, const struct la_src *s, int year,
                      const struct evaldata_outcome *outcome, const struct audit_entry *who,
                      const unsigned char key[LA_KEY_BYTES], struct la_eval_data *out, size_t *cap,
                      struct err *e)
{
    struct arena tmp;
    arena_init(&tmp, 0);
    struct audit_entry w = *who;
    w.school_id = s->id;
    struct evaldata d;
    struct upns u;
    int rc = evaldata_load(db, &tmp, s->id, year, outcome, &w, &d, e);
    if (!rc)
        rc = load_upns(db, &tmp, s->id, &u, e);
    char school[LA_PSEUDONYM_LEN];
    la_pseudonym(key, LA_SCHOOL, s->urn, school);
    for (size_t i = 0; !rc && i < d.n_rows; i++) {
        const struct evaldata_row *r = &d.rows[i];
        const char *upn = upn_of(&u, r->pupil_id);
        struct la_eval_row *o = arena_push(a, &out->rows, &out->n_rows, cap, sizeof *o);
        if (!o) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        char id[64];
        if (upn)
            snprintf(id, sizeof id, "%s", upn);
        else /* cannot happen (upn is NOT NULL); kept apart from any UPN */
            snprintf(id, sizeof id, "%s#%lld", s->urn, (long long)r->pupil_id);
        la_pseudonym(key, LA_PUPIL, id, o->pupil);
        sodium_memzero(id, sizeof id);
        memcpy(o->school, school, sizeof school);
        if (r->teacher_id) {
            snprintf(id, sizeof id, "%s:%lld", s->urn, (long long)r->teacher_id);
            la_pseudonym(key, LA_TEACHER, id, o->teacher);
        }
        o->outcome = r->outcome;
        o->baseline = r->baseline;
        o->fsm = r->fsm;
        memcpy(o->sen, r->sen, sizeof o->sen);
        o->eal = !strcmp(r->eal, "yes") ? "yes" : !strcmp(r->eal, "no") ? "no" : "unknown";
        memcpy(o->year_group, r->year_group, sizeof o->year_group);
        memcpy(o->sex, r->sex, sizeof o->sex);
        for (size_t k = 0; k < EVALDATA_N_INDICATORS; k++)
            o->indicator[k] = r->indicator[k];
    }
    if (!rc) {
        out->n_in_scope += d.n_in_scope;
        out->n_conversations += d.n_conversations;
        out->n_schools++;
    }
    arena_release(&tmp);
    return rc;
}

/* Rows in pseudonym order: the file says nothing about the order of
 * records in any school's register. */
static int cmp_row(const void *a, const void *b)
{
    const struct la_eval_row *x = a, *y = b;
    int c = strcmp(x->school, y->school);
    return c ? c : strcmp(x->pupil, y->pupil);
}

int la_extract_load(struct db *db, struct arena *a, const struct principal *p, int year,
                    const struct evaldata_outcome *outcome, const char *address, bool to_file,
                    struct la_eval_data *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    if (!p || p->kind != PRINCIPAL_LA || !p->la_code)
        return err_set(e, ERR_DENIED, "only a local authority's account sees the LA view");
    if (!outcome)
        return err_set(e, ERR_INPUT, "unknown outcome");
    out->outcome = outcome;
    out->year = year;
    out->la_code = p->la_code;
    struct audit_entry who = { .actor = p->actor, .address = address };
    unsigned char key[LA_KEY_BYTES];
    struct la_src *src = NULL;
    size_t n_src = 0, cap = 0;
    int rc = la_src_schools(db, a, p->la_code, &src, &n_src, e);
    if (!rc && n_src == 0)
        return err_set(e, ERR_NOTFOUND, "no school in the database has local authority code %s",
                       p->la_code);
    if (!rc)
        rc = la_key_get(db, p->la_code, &who, key, e);
    for (size_t i = 0; !rc && i < n_src; i++) {
        if (!access_la_sees_school(p, src[i].la_code, src[i].share)) {
            out->n_not_sharing++;
            continue;
        }
        rc = one_school(db, a, &src[i], year, outcome, &who, key, out, &cap, e);
    }
    sodium_memzero(key, sizeof key);
    if (rc)
        return rc;
    if (out->n_rows > 1)
        qsort(out->rows, out->n_rows, sizeof *out->rows, cmp_row);
    const char *detail = arena_sprintf(
        a,
        "local authority %s: pseudonymised implementation analysis extract %d-%02d "
        "%s: %zu schools sharing, %zu pupils (no names, UPNs or dates of birth)",
        p->la_code, year, (year + 1) % 100, outcome->name, out->n_schools, out->n_rows);
    if (!detail)
        return err_set(e, ERR_NOMEM, "out of memory");
    return audit_as(db, &who, to_file ? "export" : "report", "la_evaluation", 0, 0, 0, detail, e);
}
