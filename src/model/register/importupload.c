#include "model/register/importupload.h"

#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/mem.h"
#include "core/str.h"
#include "db/db.h"
#include "io/csv.h"
#include "model/register/audit.h"

/* Never-confirmed uploads older than this are removed. */
#define STALE_SECONDS (24 * 60 * 60)

static int remove_stale(struct db *db, int64_t school_id, struct err *e)
{
    char cutoff[DATE_TS_LEN];
    date_timestamp_at((int64_t)time(NULL) - STALE_SECONDS, cutoff);
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "DELETE FROM import_upload WHERE school_id = ?1 AND imported_at IS NULL"
                        " AND uploaded_at < ?2",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, cutoff);
    rc = db_step(st, e);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int importupload_add(struct db *db, int64_t school_id, int64_t account_id, enum import_kind kind,
                     const char *filename, const char *data, size_t len, int64_t *id, struct err *e)
{
    if (!data || len == 0)
        return err_set(e, ERR_INPUT, "the file is empty");
    if (len > IMPORTUPLOAD_MAX_BYTES)
        return err_set(e, ERR_INPUT, "the file is larger than %u MB; export fewer columns",
                       IMPORTUPLOAD_MAX_BYTES / (1024 * 1024));
    if (memchr(data, '\0', len))
        return err_set(e, ERR_INPUT,
                       "this is not a CSV file (it has NUL bytes); save it from Excel as "
                       "\"CSV UTF-8\"");
    const char *text;
    size_t n;
    bool owned;
    enum csv_encoding enc;
    int rc = csv_text_utf8(data, len, &text, &n, &owned, &enc);
    if (rc == ERR_NOMEM)
        return err_set(e, ERR_NOMEM, "out of memory");
    if (rc)
        return err_set(e, ERR_INPUT, "the file's text is neither UTF-8 nor Windows-1252");
    const char *base = filename ? strrchr(filename, '/') : NULL;
    if (!base && filename)
        base = strrchr(filename, '\\');
    base = base ? base + 1 : filename;
    char name[201];
    str_copy(name, sizeof name, base && *base ? base : "upload.csv");
    char now[DATE_TS_LEN];
    date_timestamp(now);
    if ((rc = db_begin(db, e)))
        goto out;
    rc = remove_stale(db, school_id, e);
    struct db_stmt *st;
    if (rc == 0)
        rc = db_prepare(db, &st,
                        "INSERT INTO import_upload (school_id, account_id, kind, filename, content,"
                        " converted, uploaded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                        " RETURNING id",
                        e);
    if (rc == 0) {
        char *copy = mem_strndup(text, n);
        if (!copy) {
            db_finalize(st);
            rc = err_set(e, ERR_NOMEM, "out of memory");
        } else {
            db_bind_int(st, 1, school_id);
            db_bind_int(st, 2, account_id);
            db_bind_text(st, 3, import_kind_name(kind));
            db_bind_text(st, 4, name);
            db_bind_text(st, 5, copy);
            db_bind_int(st, 6, enc == CSV_WINDOWS_1252);
            db_bind_text(st, 7, now);
            rc = db_step(st, e);
            if (rc == DB_ROW)
                *id = db_col_int(st, 0);
            db_finalize(st);
            mem_free(copy);
            rc = rc < 0 ? rc : 0;
        }
    }
    rc = rc ? (db_rollback(db), rc) : db_commit(db, e);
out:
    if (owned)
        mem_free((void *)(uintptr_t)text);
    return rc;
}

int importupload_get(struct db *db, struct arena *a, int64_t school_id, int64_t id,
                     struct import_upload *out, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT id, school_id, account_id, kind, filename, content, converted,"
                        " uploaded_at, imported_at, summary FROM import_upload"
                        " WHERE id = ?1 AND school_id = ?2",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, school_id);
    rc = db_step(st, e);
    if (rc == DB_ROW) {
        memset(out, 0, sizeof *out);
        out->id = db_col_int(st, 0);
        out->school_id = db_col_int(st, 1);
        out->account_id = db_col_int(st, 2);
        out->kind = strcmp(db_col_text(st, 3), "carers") ? IMPORT_PUPILS : IMPORT_CARERS;
        out->filename = arena_strdup(a, db_col_text(st, 4));
        out->content = arena_strdup(a, db_col_text(st, 5));
        out->len = out->content ? strlen(out->content) : 0;
        out->converted = db_col_int(st, 6) != 0;
        out->uploaded_at = arena_strdup(a, db_col_text(st, 7));
        out->imported_at = arena_strdup(a, db_col_text(st, 8));
        out->summary = arena_strdup(a, db_col_text(st, 9));
    }
    db_finalize(st);
    if (rc == DB_DONE)
        return err_set(e, ERR_NOTFOUND, "no such upload");
    return rc < 0 ? rc : 0;
}

int importupload_done(struct db *db, int64_t id, const char *summary, struct err *e)
{
    char now[DATE_TS_LEN];
    date_timestamp(now);
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "UPDATE import_upload SET content = NULL, imported_at = ?2, summary = ?3"
                        " WHERE id = ?1",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, now);
    db_bind_text(st, 3, summary);
    rc = db_step(st, e);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int importupload_choices(struct db *db, struct arena *a, int64_t school_id, enum import_kind kind,
                         struct csvtable_choice **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT header_key, column_key FROM import_column_map"
                        " WHERE school_id = ?1 AND kind = ?2 ORDER BY header_key",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, import_kind_name(kind));
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct csvtable_choice *c = arena_push(a, out, n, &cap, sizeof *c);
        if (!c || !(c->header_key = arena_strdup(a, db_col_text(st, 0))) ||
            !(c->column = arena_strdup(a, db_col_text(st, 1) ? db_col_text(st, 1) : ""))) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int importupload_choose(struct db *db, int64_t school_id, enum import_kind kind,
                        const char *header_key, const char *column, const char *actor,
                        struct err *e)
{
    if (!header_key || !*header_key || strlen(header_key) > 64)
        return err_set(e, ERR_INPUT, "that column has no header to remember it by");
    size_t n_spec;
    const struct csvtable_col *spec = import_spec(kind, &n_spec);
    if (column && *column && csvtable_find(spec, n_spec, column) < 0)
        return err_set(e, ERR_INPUT, "meso has no column called %s", column);
    struct db_stmt *st;
    int rc;
    if (!column) {
        rc = db_prepare(db, &st,
                        "DELETE FROM import_column_map WHERE school_id = ?1 AND kind = ?2"
                        " AND header_key = ?3",
                        e);
    } else {
        rc = db_prepare(db, &st,
                        "INSERT INTO import_column_map (school_id, kind, header_key, column_key,"
                        " set_by, set_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                        " ON CONFLICT (school_id, kind, header_key) DO UPDATE SET"
                        " column_key = excluded.column_key, set_by = excluded.set_by,"
                        " set_at = excluded.set_at",
                        e);
    }
    if (rc)
        return rc;
    char now[DATE_TS_LEN];
    date_timestamp(now);
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, import_kind_name(kind));
    db_bind_text(st, 3, header_key);
    if (column) {
        db_bind_text(st, 4, column);
        db_bind_text(st, 5, actor ? actor : "unknown");
        db_bind_text(st, 6, now);
    }
    rc = db_step(st, e);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int importupload_choose_all(struct db *db, int64_t school_id, enum import_kind kind,
                            const struct csvtable_choice *c, size_t n, const char *actor,
                            struct err *e)
{
    int rc = db_begin(db, e);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = importupload_choose(db, school_id, kind, c[i].header_key, c[i].column, actor, e);
    return rc ? (db_rollback(db), rc) : db_commit(db, e);
}

int importupload_import(struct db *db, struct arena *a, const struct import_upload *u,
                        const struct import_options *o, const struct audit_entry *who,
                        struct import_summary *s, struct err *e)
{
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    rc = import_run(db, a, o, NULL, s, e);
    if (rc == 0)
        rc = importupload_done(db, u->id, import_summary_words(a, o->kind, s), e);
    if (rc == 0)
        rc = audit_as(db, who, "import", "import_upload", u->id, 0, u->school_id,
                      arena_sprintf(a, "%s imported", u->filename), e);
    return rc ? (db_rollback(db), rc) : db_commit(db, e);
}
