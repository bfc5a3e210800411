/* copy_school.c - the rows that belong to one school (copy_school.h). */
#include "db/copy_school.h"

#include <stdint.h>
#include <string.h>

#include "core/mem.h"
#include "db/db.h"

/* A set of ids (open addressing; 0 is never an id meso gives). */
struct idset {
    int64_t *slots;
    size_t cap, n;
};

static size_t id_hash(int64_t id, size_t cap)
{
    uint64_t x = (uint64_t)id * 0x9E3779B97F4A7C15u;
    return (size_t)(x >> 17) & (cap - 1);
}

static bool idset_has(const struct idset *s, int64_t id)
{
    if (!s->cap)
        return false;
    for (size_t i = id_hash(id, s->cap);; i = (i + 1) & (s->cap - 1)) {
        if (s->slots[i] == id)
            return true;
        if (s->slots[i] == 0)
            return false;
    }
}

static int idset_add(struct idset *s, int64_t id)
{
    if (id == 0 || idset_has(s, id))
        return 0;
    if ((s->n + 1) * 2 > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        int64_t *slots = mem_calloc(cap, sizeof *slots);
        if (!slots)
            return ERR_NOMEM;
        for (size_t k = 0; k < s->cap; k++)
            if (s->slots[k])
                for (size_t i = id_hash(s->slots[k], cap);; i = (i + 1) & (cap - 1))
                    if (!slots[i]) {
                        slots[i] = s->slots[k];
                        break;
                    }
        mem_free(s->slots);
        s->slots = slots;
        s->cap = cap;
    }
    for (size_t i = id_hash(id, s->cap);; i = (i + 1) & (s->cap - 1))
        if (!s->slots[i]) {
            s->slots[i] = id;
            s->n++;
            return 0;
        }
}

/* One reference of a table's rows: column col names a row of table ref. */
struct ref {
    int col, ref;
};

struct plan {
    bool owned;     /* the school's business */
    bool is_school; /* the table "school" */
    bool seeded;
    bool skip;  /* copied empty */
    int id_col; /* -1 when it has no integer id */
    struct ref *refs;
    int n_refs;
    struct idset kept;
};

struct school_filter {
    const struct catalog *c;
    const char *urn;
    struct plan *p;
    int n;
    int urn_col;
    bool found;
};

static int table_index(const struct catalog *c, int before, const char *name)
{
    for (int i = 0; i < before; i++)
        if (strcmp(c->tables[i].name, name) == 0)
            return i;
    return -1;
}

static int add_ref(struct plan *p, int col, int ref)
{
    for (int k = 0; k < p->n_refs; k++)
        if (p->refs[k].col == col)
            return 0;
    struct ref *grown = mem_realloc(p->refs, (size_t)(p->n_refs + 1) * sizeof *grown);
    if (!grown)
        return ERR_NOMEM;
    p->refs = grown;
    grown[p->n_refs++] = (struct ref){ col, ref };
    return 0;
}

/* Plan table i: its references to earlier tables that are the school's. */
static int plan_table(struct school_filter *f, int i, struct err *e)
{
    const struct cat_table *t = &f->c->tables[i];
    struct plan *p = &f->p[i];
    p->id_col = catalog_column(t, "id");
    if (p->id_col >= 0 && t->cols[p->id_col].kind != CAT_INT)
        p->id_col = -1;
    p->is_school = strcmp(t->name, "school") == 0;
    p->skip = strcmp(t->name, "login_attempt") == 0;
    p->owned = p->is_school;
    for (int k = 0; k < t->n_refs; k++) {
        int r = table_index(f->c, i, t->refs[k]);
        int col = catalog_column(t, t->ref_cols[k]);
        if (r < 0 || col < 0 || !f->p[r].owned)
            continue;
        if (f->p[r].id_col < 0)
            return err_set(e, ERR_STORAGE, "table %s refers to %s, which has no integer id",
                           t->name, t->refs[k]);
        if (add_ref(p, col, r))
            return err_set(e, ERR_NOMEM, "out of memory");
        p->owned = true;
    }
    if (p->owned && p->id_col < 0 && !p->is_school && p->n_refs == 0)
        p->skip = true;
    return 0;
}

int school_filter_new(struct school_filter **out, const struct catalog *c, const bool *seeded,
                      const char *urn, struct err *e)
{
    *out = NULL;
    struct school_filter *f = mem_calloc(1, sizeof *f);
    if (!f || !(f->p = mem_calloc((size_t)(c->n_tables ? c->n_tables : 1), sizeof *f->p))) {
        mem_free(f);
        return err_set(e, ERR_NOMEM, "out of memory");
    }
    f->c = c;
    f->urn = urn;
    f->n = c->n_tables;
    int rc = 0;
    for (int i = 0; i < c->n_tables && rc == 0; i++) {
        f->p[i].seeded = seeded[i];
        rc = plan_table(f, i, e);
    }
    int s = table_index(c, c->n_tables, "school");
    f->urn_col = s >= 0 ? catalog_column(&c->tables[s], "urn") : -1;
    if (rc == 0 && (s < 0 || f->urn_col < 0 || f->p[s].id_col < 0))
        rc = err_set(e, ERR_STORAGE, "the database has no table school with an id and a urn");
    if (rc) {
        school_filter_free(f);
        return rc;
    }
    *out = f;
    return 0;
}

void school_filter_free(struct school_filter *f)
{
    if (!f)
        return;
    for (int i = 0; i < f->n; i++) {
        mem_free(f->p[i].refs);
        mem_free(f->p[i].kept.slots);
    }
    mem_free(f->p);
    mem_free(f);
}

int school_filter_keep(struct school_filter *f, int i, struct db_stmt *st, bool *keep)
{
    struct plan *p = &f->p[i];
    *keep = false;
    if (p->skip)
        return 0;
    if (!p->owned) {
        *keep = true;
        return 0;
    }
    if (p->is_school) {
        const char *urn = db_col_text(st, f->urn_col);
        *keep = urn && strcmp(urn, f->urn) == 0;
        f->found = f->found || *keep;
    } else {
        int named = 0;
        for (int k = 0; k < p->n_refs; k++) {
            if (db_col_is_null(st, p->refs[k].col))
                continue;
            if (!idset_has(&f->p[p->refs[k].ref].kept, db_col_int(st, p->refs[k].col)))
                return 0;
            named++;
        }
        *keep = named > 0 || p->seeded;
    }
    if (*keep && p->id_col >= 0 && !db_col_is_null(st, p->id_col))
        return idset_add(&p->kept, db_col_int(st, p->id_col));
    return 0;
}

int school_filter_found(const struct school_filter *f, struct err *e)
{
    if (!f->found)
        return err_set(e, ERR_USAGE, "there is no school with URN %s", f->urn);
    return 0;
}
