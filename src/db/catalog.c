/* catalog.c - a database's tables, columns and foreign keys, from its own
 * catalogue (catalog.h). */
#include "db/catalog.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/mem.h"
#include "db/db.h"

#define MAX_TABLES 512

static enum cat_kind kind_of(const char *type)
{
    char up[64];
    size_t i = 0;
    for (; type && type[i] && i + 1 < sizeof up; i++)
        up[i] = (char)toupper((unsigned char)type[i]);
    up[i] = '\0';
    if (strstr(up, "INT") || strstr(up, "BOOL"))
        return CAT_INT;
    if (strstr(up, "REAL") || strstr(up, "FLOA") || strstr(up, "DOUB") || strstr(up, "NUMERIC"))
        return CAT_REAL;
    return CAT_TEXT;
}

int catalog_quote(char *out, size_t size, const char *name)
{
    size_t k = 0;
    if (size < 3)
        return ERR_USAGE;
    out[k++] = '"';
    for (const char *p = name; *p; p++) {
        if (k + 4 > size)
            return ERR_USAGE;
        if (*p == '"')
            out[k++] = '"';
        out[k++] = *p;
    }
    out[k++] = '"';
    out[k] = '\0';
    return 0;
}

static int add_name(char ***names, int *n, const char *name)
{
    char **grown = mem_realloc(*names, (size_t)(*n + 1) * sizeof **names);
    if (!grown)
        return ERR_NOMEM;
    *names = grown;
    if (!(grown[*n] = mem_strdup(name)))
        return ERR_NOMEM;
    (*n)++;
    return 0;
}

static int add_column(struct cat_table *t, const char *name, const char *type, bool identity)
{
    struct cat_column *grown = mem_realloc(t->cols, (size_t)(t->n_cols + 1) * sizeof *grown);
    if (!grown)
        return ERR_NOMEM;
    t->cols = grown;
    struct cat_column *c = &grown[t->n_cols];
    c->kind = kind_of(type);
    c->identity = identity;
    if (!(c->name = mem_strdup(name)))
        return ERR_NOMEM;
    t->n_cols++;
    return 0;
}

/* The names of the tables (unsorted). */
static int read_tables(struct db *db, bool pg, char ***names, int *n, struct err *e)
{
    struct db_stmt *st;
    int rc = pg ? db_prepare(db, &st,
                             "SELECT c.relname FROM pg_class c"
                             " JOIN pg_namespace n ON n.oid = c.relnamespace"
                             " WHERE c.relkind = 'r' AND n.nspname = current_schema()"
                             " AND c.relname <> 'schema_version' ORDER BY c.relname",
                             e)
                : db_prepare(db, &st,
                             "SELECT name FROM sqlite_schema WHERE type = 'table'"
                             " AND substr(name, 1, 7) <> 'sqlite_' ORDER BY name",
                             e);
    if (rc)
        return rc;
    while ((rc = db_step(st, e)) == DB_ROW)
        if (add_name(names, n, db_col_text(st, 0))) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* A table's columns, in order, and the tables its foreign keys reference. */
static int read_table(struct db *db, bool pg, struct cat_table *t, struct err *e)
{
    struct db_stmt *st;
    char quoted[300];
    if (catalog_quote(quoted, sizeof quoted, t->name))
        return err_set(e, ERR_STORAGE, "a table's name is too long");
    int rc =
        pg ? db_prepare(db, &st,
                        "SELECT a.attname, format_type(a.atttypid, a.atttypmod),"
                        " CASE WHEN a.attidentity <> '' THEN 1 ELSE 0 END"
                        " FROM pg_attribute a WHERE a.attrelid = CAST(?1 AS regclass)"
                        " AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''"
                        " ORDER BY a.attnum",
                        e)
           : db_prepare(db, &st, "SELECT name, type, 0 FROM pragma_table_info(?1) ORDER BY cid", e);
    if (rc)
        return rc;
    db_bind_text(st, 1, pg ? quoted : t->name);
    while ((rc = db_step(st, e)) == DB_ROW)
        if (add_column(t, db_col_text(st, 0), db_col_text(st, 1), db_col_int(st, 2) != 0)) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
    db_finalize(st);
    if (rc < 0)
        return rc;
    rc = pg ? db_prepare(db, &st,
                         "SELECT f.relname, a.attname FROM pg_constraint k"
                         " JOIN pg_class f ON f.oid = k.confrelid"
                         " JOIN pg_attribute a ON a.attrelid = k.conrelid"
                         " AND a.attnum = k.conkey[1]"
                         " WHERE k.contype = 'f' AND k.conrelid = CAST(?1 AS regclass)"
                         " ORDER BY f.relname, a.attname",
                         e)
            : db_prepare(db, &st,
                         "SELECT \"table\", \"from\" FROM pragma_foreign_key_list(?1)"
                         " WHERE seq = 0 ORDER BY \"table\", \"from\"",
                         e);
    if (rc)
        return rc;
    db_bind_text(st, 1, pg ? quoted : t->name);
    while ((rc = db_step(st, e)) == DB_ROW) {
        int n = t->n_refs;
        if (add_name(&t->ref_cols, &n, db_col_text(st, 1)) ||
            add_name(&t->refs, &t->n_refs, db_col_text(st, 0))) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* The audit trail names a school and a pupil in school_id and pupil_id
 * columns without declaring a key (it outlives what it names): such columns
 * count as references, for the order and for db_copy --school. */
static int add_implicit_refs(struct catalog *c)
{
    static const char *const implicit[][2] = { { "school_id", "school" }, { "pupil_id", "pupil" } };
    for (int i = 0; i < c->n_tables; i++) {
        struct cat_table *t = &c->tables[i];
        for (size_t k = 0; k < sizeof implicit / sizeof implicit[0]; k++) {
            if (strcmp(t->name, implicit[k][1]) == 0 || catalog_column(t, implicit[k][0]) < 0 ||
                !catalog_find(c, implicit[k][1]))
                continue;
            bool have = false;
            for (int r = 0; r < t->n_refs; r++)
                have = have || strcmp(t->ref_cols[r], implicit[k][0]) == 0;
            int n = t->n_refs;
            if (!have && (add_name(&t->ref_cols, &n, implicit[k][0]) ||
                          add_name(&t->refs, &t->n_refs, implicit[k][1])))
                return ERR_NOMEM;
        }
    }
    return 0;
}

/* Order tables so that each follows the tables it references (Kahn's
 * algorithm, taking the first ready table by name each round so the order
 * is the same on every backend). */
static int sort_tables(struct catalog *c, struct err *e)
{
    int n = c->n_tables, done = 0;
    struct cat_table *sorted = mem_calloc((size_t)(n ? n : 1), sizeof *sorted);
    bool *placed = mem_calloc((size_t)(n ? n : 1), sizeof *placed);
    if (!sorted || !placed) {
        mem_free(sorted);
        mem_free(placed);
        return err_set(e, ERR_NOMEM, "out of memory");
    }
    while (done < n) {
        int pick = -1;
        for (int i = 0; i < n && pick < 0; i++) {
            if (placed[i])
                continue;
            bool ready = true;
            for (int r = 0; r < c->tables[i].n_refs && ready; r++) {
                const char *ref = c->tables[i].refs[r];
                if (strcmp(ref, c->tables[i].name) == 0)
                    continue;
                for (int j = 0; j < n; j++)
                    if (!placed[j] && strcmp(c->tables[j].name, ref) == 0)
                        ready = false;
            }
            if (ready)
                pick = i;
        }
        if (pick < 0) {
            mem_free(sorted);
            mem_free(placed);
            return err_set(e, ERR_STORAGE, "the tables' foreign keys form a cycle");
        }
        placed[pick] = true;
        sorted[done++] = c->tables[pick];
    }
    mem_free(c->tables);
    c->tables = sorted;
    mem_free(placed);
    return 0;
}

int catalog_read(struct db *db, struct catalog *c, struct err *e)
{
    memset(c, 0, sizeof *c);
    bool pg = strcmp(db_dialect(db), "postgresql") == 0;
    char **names = NULL;
    int n = 0;
    int rc = read_tables(db, pg, &names, &n, e);
    if (rc == 0 && n > MAX_TABLES)
        rc = err_set(e, ERR_STORAGE, "too many tables (%d)", n);
    if (rc == 0 && n > 0 && !(c->tables = mem_calloc((size_t)n, sizeof *c->tables)))
        rc = err_set(e, ERR_NOMEM, "out of memory");
    for (int i = 0; i < n; i++) {
        if (rc == 0) {
            c->tables[i].name = names[i];
            c->n_tables++;
            rc = read_table(db, pg, &c->tables[i], e);
        } else {
            mem_free(names[i]);
        }
    }
    mem_free(names);
    if (rc == 0 && add_implicit_refs(c))
        rc = err_set(e, ERR_NOMEM, "out of memory");
    if (rc == 0)
        rc = sort_tables(c, e);
    if (rc)
        catalog_release(c);
    return rc;
}

void catalog_release(struct catalog *c)
{
    for (int i = 0; i < c->n_tables; i++) {
        struct cat_table *t = &c->tables[i];
        for (int k = 0; k < t->n_cols; k++)
            mem_free(t->cols[k].name);
        for (int k = 0; k < t->n_refs; k++) {
            mem_free(t->refs[k]);
            mem_free(t->ref_cols[k]);
        }
        mem_free(t->cols);
        mem_free(t->refs);
        mem_free(t->ref_cols);
        mem_free(t->name);
    }
    mem_free(c->tables);
    memset(c, 0, sizeof *c);
}

const struct cat_table *catalog_find(const struct catalog *c, const char *name)
{
    for (int i = 0; i < c->n_tables; i++)
        if (strcmp(c->tables[i].name, name) == 0)
            return &c->tables[i];
    return NULL;
}

int catalog_column(const struct cat_table *t, const char *name)
{
    for (int k = 0; k < t->n_cols; k++)
        if (strcmp(t->cols[k].name, name) == 0)
            return k;
    return -1;
}
