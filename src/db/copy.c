/* copy.c - copy a meso database to another and prove it (copy.h). SQL here
 * is built from the catalogue's own names, each quoted (catalog_quote), and
 * prepared through db_prepare_built (driver.h); values are always bound. */
#include "db/copy.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/mem.h"
#include "db/catalog.h"
#include "db/copy_school.h"
#include "db/db.h"
#include "db/driver.h"
#include "db/migrate.h"

#define SQL_MAX (64 * 1024)

/* A table's row count and order-independent checksum. */
struct tsum {
    long long rows;
    uint64_t lo, hi;
};

static bool is_pg(struct db *db)
{
    return strcmp(db_dialect(db), "postgresql") == 0;
}

static void sum_hex(const struct tsum *s, char out[33])
{
    snprintf(out, 33, "%016" PRIx64 "%016" PRIx64, s->hi, s->lo);
}

static bool sum_eq(const struct tsum *a, const struct tsum *b)
{
    return a->rows == b->rows && a->lo == b->lo && a->hi == b->hi;
}

static int add_ident(struct buf *b, const char *name)
{
    char q[600];
    if (catalog_quote(q, sizeof q, name))
        return ERR_USAGE;
    return buf_adds(b, q);
}

/* SELECT "a", "b" FROM "t" (ORDER BY "id" when it has one, so that rows
 * referring to earlier rows of the same table come after them). */
static int build_select(struct buf *b, const struct cat_table *t)
{
    int rc = buf_adds(b, "SELECT ");
    for (int k = 0; k < t->n_cols && rc == 0; k++) {
        if (k)
            rc = buf_adds(b, ", ");
        if (rc == 0)
            rc = add_ident(b, t->cols[k].name);
    }
    if (rc == 0)
        rc = buf_adds(b, " FROM ");
    if (rc == 0)
        rc = add_ident(b, t->name);
    int id = catalog_column(t, "id");
    if (rc == 0 && id >= 0 && t->cols[id].kind == CAT_INT)
        rc = buf_adds(b, " ORDER BY \"id\"");
    return rc;
}

/* INSERT INTO "t" ("a", "b") VALUES (?1, ?2), (?3, ?4), ... for rows rows. */
static int build_insert(struct buf *b, const struct cat_table *t, int rows)
{
    int rc = buf_adds(b, "INSERT INTO ");
    if (rc == 0)
        rc = add_ident(b, t->name);
    if (rc == 0)
        rc = buf_adds(b, " (");
    for (int k = 0; k < t->n_cols && rc == 0; k++) {
        if (k)
            rc = buf_adds(b, ", ");
        if (rc == 0)
            rc = add_ident(b, t->cols[k].name);
    }
    if (rc == 0)
        rc = buf_adds(b, ") VALUES ");
    for (int r = 0; r < rows && rc == 0; r++) {
        rc = buf_adds(b, r ? ", (" : "(");
        for (int k = 0; k < t->n_cols && rc == 0; k++)
            rc = buf_addf(b, "%s?%d", k ? ", " : "", r * t->n_cols + k + 1);
        if (rc == 0)
            rc = buf_adds(b, ")");
    }
    return rc;
}

static int prepare_built(struct db *db, struct db_stmt **st, struct buf *b, int built,
                         struct err *e)
{
    if (built)
        return err_set(e, ERR_STORAGE, "a statement for the copy is too long");
    return db_prepare_built(db, st, buf_str(b), e);
}

/* Fold the current row of st (columns as t's) into s. A value SQLite holds
 * in an integer column that is not an integer is refused: it would not
 * survive the copy. */
static int hash_row(struct db_stmt *st, const struct cat_table *t, bool check_ints, struct tsum *s,
                    struct err *e)
{
    crypto_generichash_state h;
    crypto_generichash_init(&h, NULL, 0, 16);
    for (int k = 0; k < t->n_cols; k++) {
        char num[40];
        const char *v = NULL;
        unsigned char tag = 'N';
        if (!db_col_is_null(st, k)) {
            switch (t->cols[k].kind) {
            case CAT_INT:
                snprintf(num, sizeof num, "%" PRId64, db_col_int(st, k));
                if (check_ints && strcmp(num, db_col_text(st, k)) != 0)
                    return err_set(e, ERR_STORAGE,
                                   "column %s holds a value that is not an integer: '%.40s'",
                                   t->cols[k].name, db_col_text(st, k));
                v = num, tag = 'I';
                break;
            case CAT_REAL:
                snprintf(num, sizeof num, "%.17g", db_col_double(st, k));
                v = num, tag = 'R';
                break;
            default:
                v = db_col_text(st, k), tag = 'T';
                break;
            }
        }
        uint64_t len = v ? (uint64_t)strlen(v) : 0;
        unsigned char lenb[8];
        for (int i = 0; i < 8; i++)
            lenb[i] = (unsigned char)(len >> (8 * i));
        crypto_generichash_update(&h, &tag, 1);
        crypto_generichash_update(&h, lenb, sizeof lenb);
        if (v)
            crypto_generichash_update(&h, (const unsigned char *)v, len);
    }
    unsigned char out[16];
    crypto_generichash_final(&h, out, sizeof out);
    uint64_t lo = 0, hi = 0;
    for (int i = 0; i < 8; i++) {
        lo |= (uint64_t)out[i] << (8 * i);
        hi |= (uint64_t)out[8 + i] << (8 * i);
    }
    s->lo += lo;
    s->hi += hi + (s->lo < lo); /* carry: a 128-bit sum */
    s->rows++;
    return 0;
}

/* Rows on their way into the target, sent many to a statement: a round
 * trip per row is what a copy into PostgreSQL would otherwise spend its
 * time on. */
#define BATCH_PARAMS 999 /* SQLite's and the PostgreSQL driver's limit */
#define BATCH_ROWS   100

struct val {
    bool null;
    int64_t i;
    double d;
    char *s;
};

struct batch {
    struct db *dst;
    const struct cat_table *t;
    int per, n; /* rows a full batch holds; rows held */
    struct val *v;
    struct db_stmt *full; /* prepared when first needed */
};

static int batch_init(struct batch *b, struct db *dst, const struct cat_table *t)
{
    memset(b, 0, sizeof *b);
    b->dst = dst;
    b->t = t;
    b->per = t->n_cols ? BATCH_PARAMS / t->n_cols : 1;
    if (b->per > BATCH_ROWS)
        b->per = BATCH_ROWS;
    if (b->per < 1)
        b->per = 1;
    b->v = mem_calloc((size_t)b->per * (size_t)(t->n_cols ? t->n_cols : 1), sizeof *b->v);
    return b->v ? 0 : ERR_NOMEM;
}

static void batch_clear(struct batch *b)
{
    for (int k = 0; k < b->n * b->t->n_cols; k++) {
        mem_free(b->v[k].s);
        b->v[k].s = NULL;
    }
    b->n = 0;
}

static int batch_flush(struct batch *b, struct err *e)
{
    if (b->n == 0)
        return 0;
    int rc = 0;
    struct db_stmt *st = b->full, *part = NULL;
    if (b->n < b->per || !st) {
        struct buf sql;
        buf_init(&sql, SQL_MAX * 4);
        rc = prepare_built(b->dst, b->n < b->per ? &part : &b->full, &sql,
                           build_insert(&sql, b->t, b->n), e);
        buf_release(&sql);
        st = b->n < b->per ? part : b->full;
    }
    for (int k = 0; rc == 0 && k < b->n * b->t->n_cols; k++) {
        const struct val *v = &b->v[k];
        enum cat_kind kind = b->t->cols[k % b->t->n_cols].kind;
        if (v->null)
            db_bind_null(st, k + 1);
        else if (kind == CAT_INT)
            db_bind_int(st, k + 1, v->i);
        else if (kind == CAT_REAL)
            db_bind_double(st, k + 1, v->d);
        else
            db_bind_text(st, k + 1, v->s);
    }
    if (rc == 0) {
        rc = db_step(st, e);
        db_reset(st);
    }
    db_finalize(part);
    batch_clear(b);
    return rc;
}

/* Hold the current row of from; send the batch when it is full. */
static int batch_add(struct batch *b, struct db_stmt *from, struct err *e)
{
    struct val *row = &b->v[b->n * b->t->n_cols];
    for (int k = 0; k < b->t->n_cols; k++) {
        struct val *v = &row[k];
        v->null = db_col_is_null(from, k);
        if (v->null)
            continue;
        if (b->t->cols[k].kind == CAT_INT)
            v->i = db_col_int(from, k);
        else if (b->t->cols[k].kind == CAT_REAL)
            v->d = db_col_double(from, k);
        else if (!(v->s = mem_strdup(db_col_text(from, k))))
            return err_set(e, ERR_NOMEM, "out of memory");
    }
    b->n++;
    return b->n == b->per ? batch_flush(b, e) : 0;
}

static void batch_release(struct batch *b)
{
    if (b->v)
        batch_clear(b);
    db_finalize(b->full);
    mem_free(b->v);
}

/* Count and checksum table t of db (columns as t names them); with dst set,
 * also insert every row into dst. With f set, only the rows it keeps of
 * table ti are counted and copied. */
static int pass_table(struct db *db, const struct cat_table *t, struct db *dst,
                      struct school_filter *f, int ti, struct tsum *s, struct err *e)
{
    memset(s, 0, sizeof *s);
    struct buf b;
    buf_init(&b, SQL_MAX);
    struct db_stmt *sel = NULL;
    struct batch ins = { 0 };
    int rc = prepare_built(db, &sel, &b, build_select(&b, t), e);
    if (rc == 0 && dst && batch_init(&ins, dst, t))
        rc = err_set(e, ERR_NOMEM, "out of memory");
    bool check_ints = !is_pg(db);
    while (rc == 0 && (rc = db_step(sel, e)) == DB_ROW) {
        bool keep = true;
        rc =
            f && school_filter_keep(f, ti, sel, &keep) ? err_set(e, ERR_NOMEM, "out of memory") : 0;
        if (rc || !keep)
            continue;
        rc = hash_row(sel, t, check_ints, s, e);
        if (rc == 0 && dst)
            rc = batch_add(&ins, sel, e);
    }
    if (rc == DB_DONE && dst)
        rc = batch_flush(&ins, e);
    if (rc == DB_DONE)
        rc = 0;
    if (rc && e)
        rc = err_wrap(e, "%s table %s", dst ? "copying" : "reading", t->name);
    batch_release(&ins);
    db_finalize(sel);
    buf_release(&b);
    return rc;
}

/* The source is at this binary's schema; the target new or at the same
 * schema. *fresh says the target is new (to be migrated). */
static int check_versions(struct db *src, struct db *dst, bool *fresh, struct err *e)
{
    int latest = migrate_latest(), vs = 0, vd = 0;
    int rc = db_schema_version(src, &vs, e);
    if (rc == 0)
        rc = db_schema_version(dst, &vd, e);
    if (rc)
        return rc;
    if (vs != latest)
        return err_set(e, ERR_USAGE,
                       "%s is at schema %d and this meso writes schema %d: bring it up to date "
                       "first (meso --db %s init)",
                       db_path(src), vs, latest, db_path(src));
    if (vd != 0 && vd != latest)
        return err_set(e, ERR_USAGE, "%s is at schema %d, not %d: copy into a new, empty database",
                       db_path(dst), vd, latest);
    *fresh = vd == 0;
    return 0;
}

/* The target holds nothing but what migrations insert: each table matches
 * a freshly migrated in-memory database by count and checksum. The tables
 * that do hold seed rows are emptied (last first), ready for the source's. */
static int check_empty(struct db *dst, const struct catalog *c, bool *seeded, struct err *e)
{
    struct db *ref = NULL;
    int rc = db_open(&ref, ":memory:", DB_OPEN_CREATE, e);
    if (rc)
        return err_wrap(e, "making a new database to compare the target with");
    struct catalog rc_cat = { 0 };
    rc = catalog_read(ref, &rc_cat, e);
    for (int i = 0; i < c->n_tables && rc == 0; i++) {
        const struct cat_table *t = &c->tables[i];
        const struct cat_table *rt = catalog_find(&rc_cat, t->name);
        struct tsum have, fresh = { 0 };
        rc = pass_table(dst, t, NULL, NULL, 0, &have, e);
        if (rc == 0 && rt)
            rc = pass_table(ref, t, NULL, NULL, 0, &fresh, e);
        seeded[i] = fresh.rows > 0;
        if (rc == 0 && !sum_eq(&have, &fresh))
            rc = err_set(e, ERR_USAGE,
                         "%s is not empty: table %s has %lld row%s%s; copy into a new, empty "
                         "database",
                         db_path(dst), t->name, have.rows, have.rows == 1 ? "" : "s",
                         fresh.rows ? " besides those a new database has" : "");
    }
    catalog_release(&rc_cat);
    db_close(ref);
    for (int i = c->n_tables - 1; i >= 0 && rc == 0; i--) {
        struct buf b;
        buf_init(&b, SQL_MAX);
        struct db_stmt *st = NULL;
        int built = buf_adds(&b, "DELETE FROM ");
        if (built == 0)
            built = add_ident(&b, c->tables[i].name);
        rc = prepare_built(dst, &st, &b, built, e);
        if (rc == 0)
            rc = db_step(st, e);
        db_finalize(st);
        buf_release(&b);
    }
    return rc;
}

/* Every source table is in the target with the same columns. */
static int check_same_tables(const struct catalog *s, const struct catalog *d, struct err *e)
{
    if (s->n_tables != d->n_tables)
        return err_set(e, ERR_STORAGE, "the source has %d tables and the target %d", s->n_tables,
                       d->n_tables);
    for (int i = 0; i < s->n_tables; i++) {
        const struct cat_table *t = &s->tables[i], *u = catalog_find(d, t->name);
        if (!u)
            return err_set(e, ERR_STORAGE, "the target has no table %s", t->name);
        if (u->n_cols != t->n_cols)
            return err_set(e, ERR_STORAGE,
                           "table %s has %d columns in the source, %d in the target", t->name,
                           t->n_cols, u->n_cols);
        for (int k = 0; k < t->n_cols; k++)
            if (catalog_column(u, t->cols[k].name) < 0)
                return err_set(e, ERR_STORAGE, "the target's table %s has no column %s", t->name,
                               t->cols[k].name);
    }
    return 0;
}

/* PostgreSQL: each identity column's sequence continues after the largest
 * id copied. */
static int set_sequences(struct db *dst, const struct catalog *d, struct err *e)
{
    int rc = 0;
    for (int i = 0; i < d->n_tables && rc == 0; i++) {
        const struct cat_table *t = &d->tables[i];
        for (int k = 0; k < t->n_cols && rc == 0; k++) {
            if (!t->cols[k].identity)
                continue;
            char qt[600];
            struct buf b;
            buf_init(&b, SQL_MAX);
            int built = catalog_quote(qt, sizeof qt, t->name);
            if (built == 0)
                built = buf_adds(&b, "SELECT setval(pg_get_serial_sequence(?1, ?2), "
                                     "COALESCE(max(");
            if (built == 0)
                built = add_ident(&b, t->cols[k].name);
            if (built == 0)
                built = buf_adds(&b, "), 0) + 1, false) FROM ");
            if (built == 0)
                built = add_ident(&b, t->name);
            struct db_stmt *st = NULL;
            rc = prepare_built(dst, &st, &b, built, e);
            if (rc == 0) {
                db_bind_text(st, 1, qt);
                db_bind_text(st, 2, t->cols[k].name);
                while ((rc = db_step(st, e)) == DB_ROW)
                    ;
            }
            db_finalize(st);
            buf_release(&b);
        }
    }
    return rc;
}

static int report_add(struct db_copy_report *r, const char *name, const struct tsum *s)
{
    struct db_copy_table *grown = mem_realloc(r->tables, (size_t)(r->n_tables + 1) * sizeof *grown);
    if (!grown)
        return ERR_NOMEM;
    r->tables = grown;
    struct db_copy_table *t = &grown[r->n_tables];
    memset(t, 0, sizeof *t);
    if (!(t->name = mem_strdup(name)))
        return ERR_NOMEM;
    t->src_rows = s->rows;
    sum_hex(s, t->src_sum);
    r->n_tables++;
    r->rows += s->rows;
    return 0;
}

/* Copy every table, then count and checksum each on the target. */
static int copy_tables(struct db *src, struct db *dst, const struct catalog *s,
                       struct school_filter *f, struct db_copy_report *r, struct err *e)
{
    int rc = 0;
    struct tsum *sums = mem_calloc((size_t)(s->n_tables ? s->n_tables : 1), sizeof *sums);
    if (!sums)
        return err_set(e, ERR_NOMEM, "out of memory");
    for (int i = 0; i < s->n_tables && rc == 0; i++) {
        rc = pass_table(src, &s->tables[i], dst, f, i, &sums[i], e);
        if (rc == 0 && report_add(r, s->tables[i].name, &sums[i]))
            rc = err_set(e, ERR_NOMEM, "out of memory");
    }
    for (int i = 0; i < s->n_tables && rc == 0; i++) {
        struct tsum got;
        rc = pass_table(dst, &s->tables[i], NULL, NULL, 0, &got, e);
        struct db_copy_table *t = &r->tables[i];
        t->dst_rows = got.rows;
        sum_hex(&got, t->dst_sum);
        t->match = sum_eq(&got, &sums[i]);
        r->mismatches += !t->match;
    }
    mem_free(sums);
    if (rc == 0 && r->mismatches)
        rc = err_set(e, ERR_STORAGE, "%d table%s differ%s after the copy; nothing was kept",
                     r->mismatches, r->mismatches == 1 ? "" : "s", r->mismatches == 1 ? "s" : "");
    return rc;
}

static int school_exists(struct db *src, const char *urn, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(src, &st, "SELECT count(*) FROM school WHERE urn = ?1", e);
    if (rc)
        return rc;
    db_bind_text(st, 1, urn);
    rc = db_step(st, e);
    long long n = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_finalize(st);
    if (rc < 0)
        return rc;
    return n ? 0 : err_set(e, ERR_USAGE, "%s has no school with URN %s", db_path(src), urn);
}

int db_copy(struct db *src, struct db *dst, const struct db_copy_opts *opts,
            struct db_copy_report *r, struct err *e)
{
    memset(r, 0, sizeof *r);
    bool fresh = false;
    int rc = check_versions(src, dst, &fresh, e);
    if (rc)
        return rc;
    struct catalog s = { 0 }, d = { 0 };
    if ((rc = db_begin(src, e)))
        return rc;
    /* One snapshot of the source for the copy and its checksums. */
    if (is_pg(src))
        rc = db_exec(src, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", e);
    if (rc == 0)
        rc = db_begin(dst, e);
    if (rc) {
        db_rollback(src);
        return rc;
    }
    if (fresh)
        rc = migrate_check_or_apply(dst, true, e);
    if (rc == 0)
        rc = catalog_read(src, &s, e);
    if (rc == 0)
        rc = catalog_read(dst, &d, e);
    if (rc == 0)
        rc = check_same_tables(&s, &d, e);
    bool *seeded = NULL, *seeded_src = NULL;
    struct school_filter *f = NULL;
    if (rc == 0 && (!(seeded = mem_calloc((size_t)d.n_tables + 1, sizeof *seeded)) ||
                    !(seeded_src = mem_calloc((size_t)s.n_tables + 1, sizeof *seeded_src))))
        rc = err_set(e, ERR_NOMEM, "out of memory");
    if (rc == 0)
        rc = check_empty(dst, &d, seeded, e);
    for (int i = 0; rc == 0 && i < s.n_tables; i++)
        for (int j = 0; j < d.n_tables; j++)
            if (strcmp(s.tables[i].name, d.tables[j].name) == 0)
                seeded_src[i] = seeded[j];
    if (rc == 0 && opts && opts->school_urn)
        rc = school_exists(src, opts->school_urn, e);
    if (rc == 0 && opts && opts->school_urn)
        rc = school_filter_new(&f, &s, seeded_src, opts->school_urn, e);
    if (rc == 0)
        rc = copy_tables(src, dst, &s, f, r, e);
    if (rc == 0 && f)
        rc = school_filter_found(f, e);
    school_filter_free(f);
    mem_free(seeded);
    mem_free(seeded_src);
    if (rc == 0 && is_pg(dst))
        rc = set_sequences(dst, &d, e);
    if (rc == 0)
        rc = db_commit(dst, e);
    else
        db_rollback(dst);
    db_rollback(src);
    catalog_release(&s);
    catalog_release(&d);
    return rc;
}

void db_copy_report_release(struct db_copy_report *r)
{
    for (int i = 0; i < r->n_tables; i++)
        mem_free(r->tables[i].name);
    mem_free(r->tables);
    memset(r, 0, sizeof *r);
}
