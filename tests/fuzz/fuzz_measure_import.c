/* Fuzz harness for model/measure_import: any bytes, read as each kind of
 * measures import (questionnaires, attainment, attendance, exclusions,
 * bullying, relationships), must give a summary or a clear error, never a
 * crash, a leak or a write (the runs are dry runs against a small school
 * made once per process). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "db/db.h"
#include "model/measures/measure_import.h"
#include "model/register/pupil.h"
#include "model/register/school.h"
#include "model/register/upn.h"

int fuzz_one(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The school, made on the first call and removed at exit (test-only state). */
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
        memcpy(p.sen, "N", 2);
        enum pupil_save_result res;
        if (pupil_save(db, s.id, &p, PF_ALL, "fuzz", &res, &e) != 0)
            __builtin_trap();
    }
    setenv("MESO_TODAY", "2026-06-15", 1);
    return db;
}

int fuzz_one(const uint8_t *data, size_t size)
{
    struct db *sdb = school_db();
    FILE *devnull = fopen("/dev/null", "w");
    if (!devnull)
        __builtin_trap();
    for (int k = 0; k < MI_N; k++) {
        struct arena a;
        arena_init(&a, 256u << 20);
        struct measure_import_options o = {
            .kind = (enum measure_import_kind)k,
            .file = "fuzz.csv",
            .dry_run = true,
            .skip_invalid = k % 2 == 0,
            .actor = "fuzz",
        };
        struct measure_import_summary s;
        struct err e;
        err_clear(&e);
        int rc = measure_import_mem(sdb, &a, &o, (const char *)data, size, devnull, &s, &e);
        if (rc != 0 && rc != ERR_INPUT && rc != ERR_NOMEM && rc != ERR_LIMIT)
            __builtin_trap();
        if (rc == 0 && (s.added || s.updated || s.unchanged || s.skipped > s.rows))
            __builtin_trap(); /* a dry run writes nothing */
        if (rc != 0 && !e.msg[0])
            __builtin_trap();
        arena_release(&a);
    }
    fclose(devnull);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_one(data, size);
}
