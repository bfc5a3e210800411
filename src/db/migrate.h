/* migrate.h - numbered schema migrations, embedded in the binary from
 * src/db/migrations/NNNN_name.sql. The database's schema version is the
 * number of migrations applied (db_schema_version: each driver keeps it its
 * own way). A migration is SQL that SQLite and PostgreSQL share; what only
 * one database speaks (SQLite's WITHOUT ROWID tables, triggers that RAISE)
 * goes in that driver's part, NNNN_name.DRIVER.sql (DRIVER as db_dialect()
 * names it: "sqlite"), applied right after the shared file of its number,
 * and only by that driver. Each driver brings its own part. */
#ifndef MESO_MIGRATE_H
#define MESO_MIGRATE_H

#include <stdbool.h>

#include "core/embed.h"
#include "core/err.h"

struct db;

/* The migrations this binary carries (generated at build time). */
extern const struct embed_file migrations_embedded[];

/* The schema version this binary writes. */
int migrate_latest(void);

/* Bring db up to date with the embedded migrations. A database whose version
 * is newer than this binary is refused (ERR_STORAGE). With apply false, an
 * older database is only reported, not changed. All pending migrations run
 * in one transaction: either all apply or none does. */
int migrate_check_or_apply(struct db *db, bool apply, struct err *e);

/* The same, against an explicit list (for tests): files is a table ended by
 * a zeroed entry, named NNNN_*.sql and numbered 1, 2, 3, ... without gaps,
 * each shared file followed by any driver parts NNNN_*.DRIVER.sql. */
int migrate_with(struct db *db, const struct embed_file *files, bool apply, struct err *e);

#endif
