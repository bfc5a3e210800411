/* Fuzz harness for model/register/import: any bytes, read as a pupil export
 * (with contact columns) and as a carers file, in a preview (written, then
 * rolled back), must give a summary or a clear error, never a crash, a leak
 * or a change to the database (checked by counting its rows). The school is
 * made once per process. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "db/db.h"
#include "model/register/import.h"
#include "model/register/pupil.h"
#include "model/register/school.h"
#include "model/register/upn.h"

int fuzz_one(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct db *db;
static char dir[] = "/tmp/meso-fuzz-XXXXXX";

static void cleanup(void)
{
    char path[96];
    db_close(db);
    static const char *const files[] = { "f.db", "f.db-wal", "f.db-shm" };
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        remove(path);
    }
    remove(dir);
}

static struct db *school_db(void)
{
    if (db)
        return db;
    if (!mkdtemp(dir))
        __builtin_trap();
    atexit(cleanup);
    char path[96];
    snprintf(path, sizeof path, "%s/f.db", dir);
    struct err e;
    err_clear(&e);
    if (db_open(&db, path, DB_OPEN_CREATE, &e) != 0)
        __builtin_trap();
    struct school s = { .urn = "100001", .name = "Fuzz School" };
    if (school_add(db, &s, &e) != 0)
        __builtin_trap();
    for (int i = 1; i <= 3; i++) {
        struct pupil p = { .legal_surname = "Fuzz", .legal_forename = "Sam", .eal = -1 };
        if (upn_make(p.upn, 999, 2001, 20, i) != 0)
            __builtin_trap();
        memcpy(p.dob, "2014-03-04", 11);
        memcpy(p.sex, "F", 2);
        memcpy(p.nc_year, "6", 2);
        memcpy(p.sen, "K", 2);
        enum pupil_save_result res;
        if (pupil_save(db, s.id, &p, PF_ALL, "fuzz", &res, &e) != 0)
            __builtin_trap();
    }
    setenv("MESO_TODAY", "2026-06-15", 1);
    return db;
}

static int64_t rows(struct db *d)
{
    struct db_stmt *st;
    struct err e;
    err_clear(&e);
    if (db_prepare(d, &st,
                   "SELECT (SELECT count(*) FROM pupil) + (SELECT count(*) FROM carer)"
                   " + (SELECT count(*) FROM pupil_carer) + (SELECT count(*) FROM reg_group)"
                   " + (SELECT count(*) FROM audit) + (SELECT count(*) FROM import_run)",
                   &e) != 0)
        __builtin_trap();
    int64_t n = db_step(st, &e) == DB_ROW ? db_col_int(st, 0) : -1;
    db_finalize(st);
    return n;
}

int fuzz_one(const uint8_t *data, size_t size)
{
    struct db *sdb = school_db();
    int64_t before = rows(sdb);
    for (int k = 0; k < 2; k++) {
        struct arena a;
        arena_init(&a, 256u << 20);
        struct import_options o = {
            .kind = k ? IMPORT_CARERS : IMPORT_PUPILS,
            .file = "fuzz.csv",
            .data = (const char *)data,
            .len = size,
            .preview = true,
            .skip_invalid = k == 1,
            .actor = "fuzz",
        };
        struct import_summary s;
        struct err e;
        err_clear(&e);
        int rc = import_run(sdb, &a, &o, NULL, &s, &e);
        if (rc != 0 && rc != ERR_INPUT && rc != ERR_NOMEM && rc != ERR_LIMIT)
            __builtin_trap();
        if (rc != 0 && !e.msg[0])
            __builtin_trap();
        if (s.n_row_list > (size_t)s.rows * 9 + 1 || s.skipped > s.rows)
            __builtin_trap();
        arena_release(&a);
        if (rows(sdb) != before)
            __builtin_trap(); /* a preview writes nothing */
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_one(data, size);
}
